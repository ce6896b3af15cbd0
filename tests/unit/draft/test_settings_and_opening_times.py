"""What a person of the trade would believe: a kind's columns follow the request's setting (a claim at a
clinic is a health claim, at a dentist's for fillings and prosthetics, at a motor or home insurer for theft
and accidents); a claim or a refund is a share of its parent's amount; things held at set times
(appointments, repairs, consultations, deliveries) fall on the days and hours a business is open, and
``weekday_weights`` hold for dates that come after another.

The settings and nouns here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

import simulacra
from simulacra.draft import draft

_PROPERTY_OR_MOTOR = {"theft", "water_damage", "accident"}


def _values(table: dict[str, Any], column: str) -> set[str]:
    return {str(v) for v in table["columns"][column]["values"]}


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        ("a dental surgery: 900 patients, 4 dentists, appointments, invoices and claims", {"prosthetics", "filling"}),
        ("a pet clinic: 2,000 pets, invoices and insurance claims", {"vaccination", "surgery"}),
        ("an eye care centre: 3,000 patients, invoices and insurance claims", {"glasses", "contact_lenses"}),
        ("a chiropractic practice: 800 patients, appointments, invoices and insurance claims", {"manual_therapy"}),
        ("a GP practice: 5,000 patients, appointments, invoices and insurance claims", {"consultation"}),
    ],
)
def test_a_claim_in_a_care_setting_is_a_health_claim_of_that_care(request_: str, expected: set[str]) -> None:
    d = draft(request_)
    claims = d.spec["tables"]["claims"]
    kinds = _values(claims, "kind")
    assert not kinds & _PROPERTY_OR_MOTOR, kinds
    assert expected <= kinds, kinds
    assert "health claim (healthcare)" in claims["description"]


@pytest.mark.parametrize(
    "request_",
    [
        "a home and car insurer: 8,000 policyholders, policies and claims",
        "an insurance company for vans: 2,000 policyholders and claims; 4% of claims fraudulent",
    ],
)
def test_a_claim_at_an_insurer_stays_a_property_or_motor_claim(request_: str) -> None:
    kinds = _values(draft(request_).spec["tables"]["claims"], "kind")
    assert {"theft", "accident"} <= kinds, kinds


@pytest.mark.parametrize(
    ("request_", "reasons"),
    [
        ("an orthodontist: 1,200 patients and 9,000 appointments", {"filling", "cleaning"}),
        ("a small-animal vet: 2,500 pets and 7,000 appointments", {"vaccination", "injury"}),
    ],
)
def test_appointments_are_for_the_reasons_of_their_setting(request_: str, reasons: set[str]) -> None:
    d = draft(request_)
    assert reasons <= _values(d.spec["tables"]["appointments"], "reason")


@pytest.mark.parametrize(
    "request_",
    [
        "a physiotherapy centre: 600 patients, appointments and invoices",
        "a dermatology clinic: 2,000 patients and invoices",
    ],
)
def test_care_invoices_are_mostly_exempt_from_vat(request_: str) -> None:
    rates = draft(request_).spec["tables"]["invoices"]["columns"]["tax_rate"]["values"]
    assert rates[0.0] >= 0.5, rates


def test_a_practice_of_another_trade_keeps_its_vat() -> None:
    rates = draft("a law practice: 40 lawyers, 600 clients and invoices; German locale").spec["tables"]["invoices"][
        "columns"
    ]
    assert rates["tax_rate"]["values"].get(0.0, 0) == 0, rates["tax_rate"]


@pytest.mark.parametrize("seed", [1, 6])
def test_care_invoices_are_issued_in_office_hours_on_working_days(seed: int) -> None:
    d = draft("a physiotherapy centre: 600 patients, appointments and invoices")
    issued = simulacra.generate(d.spec, seed=seed, scale=0.3).frames["invoices"]["issued_at"]
    assert issued.len() > 100
    assert issued.dt.weekday().le(5).all()
    assert issued.dt.hour().is_between(8, 18).all()


@pytest.mark.parametrize(
    ("request_", "child", "amount", "parent", "whole"),
    [
        (
            "a dental surgery: 900 patients, 4 dentists, appointments, invoices and claims",
            "claims",
            "amount_claimed",
            "invoices",
            "amount",
        ),
        ("a pet clinic: 2,000 pets, invoices and insurance claims", "claims", "amount_claimed", "invoices", "amount"),
        ("a gadget shop: 5,000 orders, payments and refunds", "refunds", "amount", "payments", "amount"),
        ("a bicycle webshop: 3,000 customers, 8,000 orders and refunds", "refunds", "amount", "orders", "amount"),
    ],
)
@pytest.mark.parametrize("seed", [3, 11])
def test_a_claim_or_refund_never_exceeds_its_parents_amount(
    request_: str, child: str, amount: str, parent: str, whole: str, seed: int
) -> None:
    d = draft(request_)
    assert d.spec["tables"][child]["rows"]["per"] == parent
    frames = simulacra.generate(d.spec, seed=seed, scale=0.3).frames
    key = d.spec["tables"][parent]["primary_key"]
    joined = frames[child].join(frames[parent].select(key, pl.col(whole).alias("_whole")), on=key)
    assert joined.height == frames[child].height > 20
    labelled = [c for c in joined.columns if c.startswith("is_")]
    plain = joined.filter(pl.all_horizontal([pl.col(c) == 0 for c in labelled])) if labelled else joined
    assert (plain[amount] <= plain["_whole"] + 1e-9).all()
    assert (plain[amount] > 0).all()
    assert (plain[amount] < plain["_whole"] - 1e-9).any()  # a share, not always the whole


@pytest.mark.parametrize(
    ("request_", "table", "sunday_allowed"),
    [
        ("a garage: 4,000 cars and 9,000 repairs", "repairs", False),
        ("a notary office: 6 notaries, 2,000 clients and 5,000 consultations", "consultations", False),
        ("a furniture store: 9,000 orders and home deliveries", "deliveries", False),
        ("a dental surgery: 900 patients, 4 dentists, appointments, invoices and claims", "appointments", False),
        ("a beauty parlour: 3,000 clients and 20,000 massages", "massages", False),
    ],
)
@pytest.mark.parametrize("seed", [2, 9])
def test_things_held_at_set_times_fall_on_opening_days_and_hours(
    request_: str, table: str, sunday_allowed: bool, seed: int
) -> None:
    d = draft(request_)
    assert any("on the days and hours a business is open" in n for n in d.assumptions) or table == "appointments"
    frame = simulacra.generate(d.spec, seed=seed, scale=0.2).frames[table]
    stamps = [frame[c] for c in frame.columns if frame[c].dtype == pl.Datetime]
    assert stamps
    when = stamps[0].drop_nulls()
    assert when.len() > 50
    # the span's end bounds these dates too: one whose parent's date leaves no open hour before the span ends
    # (a client who signed up at 20:00 on its last day) stays on that last evening, and is no opening time
    closing = dt.datetime(2024, 12, 31, 19)
    assert when.ge(closing).mean() < 0.002  # type: ignore[operator]
    when = when.filter(when < closing)
    assert sunday_allowed or when.dt.weekday().eq(7).sum() == 0
    assert when.dt.hour().is_between(7, 19).all()
    assert when.dt.weekday().le(5).mean() > 0.8  # type: ignore[operator]


@pytest.mark.parametrize(
    "request_",
    ["a 24/7 emergency vet: 3,000 pets and 9,000 visits", "a round the clock garage: 2,000 cars and 6,000 repairs"],
)
def test_a_setting_open_round_the_clock_keeps_every_day_and_hour(request_: str) -> None:
    d = draft(request_)
    for table in d.spec["tables"].values():
        for col in table["columns"].values():
            assert not (isinstance(col, dict) and ("weekday_weights" in col or "hour_weights" in col)), col


@pytest.mark.parametrize(
    "weights",
    [[1, 1, 1, 1, 1, 0.3, 0], [0, 0, 0, 0, 0, 1, 1], [1, 0, 1, 0, 1, 0, 0], [0, 0, 2, 0, 0, 0, 1]],
)
@pytest.mark.parametrize("seed", [1, 4])
def test_weekday_weights_hold_for_dates_that_come_after_another(weights: list[float], seed: int) -> None:
    spec = {
        "name": "weekdays",
        "tables": {
            "a": {
                "primary_key": "a_id",
                "rows": 400,
                "columns": {
                    "a_id": {"generator": "sequence"},
                    "at": {"generator": "datetime", "start": "2024-01-01", "end": "2024-12-31"},
                },
            },
            "b": {
                "primary_key": "b_id",
                "rows": {"per": "a", "count": {"distribution": "fixed", "value": 10}},
                "columns": {
                    "b_id": {"generator": "sequence"},
                    "a_id": {"generator": "foreign_key", "references": "a.a_id"},
                    "at": {
                        "generator": "datetime",
                        "after": "a.at",
                        "offset": {"distribution": "exponential", "scale": 20, "unit": "days"},
                        "weekday_weights": weights,
                    },
                },
            },
        },
    }
    first = simulacra.generate(spec, seed=seed).frames
    again = simulacra.generate(spec, seed=seed).frames
    assert first["b"].equals(again["b"])
    b = first["b"].join(first["a"].rename({"at": "a_at"}), on="a_id")
    assert (b["at"] >= b["a_at"]).all()
    day = b["at"].dt.weekday() - 1  # Monday = 0
    shares = [float((day == d).mean()) for d in range(7)]  # type: ignore[arg-type]
    total = sum(weights)
    for d, w in enumerate(weights):
        if w == 0:
            assert shares[d] == 0, (d, shares)
        else:
            assert abs(shares[d] - w / total) < 0.05, (d, shares)


@pytest.mark.parametrize("seed", [1, 5])
def test_weekday_weights_after_another_never_pass_the_end(seed: int) -> None:
    spec = {
        "name": "weekdays_end",
        "tables": {
            "a": {
                "primary_key": "a_id",
                "rows": 300,
                "columns": {
                    "a_id": {"generator": "sequence"},
                    "at": {"generator": "datetime", "start": "2024-06-01", "end": "2024-06-30"},
                },
            },
            "b": {
                "primary_key": "b_id",
                "rows": {"per": "a", "count": {"distribution": "fixed", "value": 5}},
                "columns": {
                    "b_id": {"generator": "sequence"},
                    "a_id": {"generator": "foreign_key", "references": "a.a_id"},
                    "at": {
                        "generator": "datetime",
                        "after": "a.at",
                        "end": "2024-06-30",
                        "offset": {"distribution": "exponential", "scale": 3, "unit": "days"},
                        "weekday_weights": [1, 1, 1, 1, 1, 0, 0],
                    },
                },
            },
        },
    }
    b = simulacra.generate(spec, seed=seed).frames["b"]["at"]
    assert b.max() < dt.datetime(2024, 7, 1)  # type: ignore[operator]  # a date end holds its whole day
    assert b.eq(dt.datetime(2024, 6, 30, 23, 59, 59)).sum() <= 1  # no pile-up on the end's last instant
    weekend = b.filter(b.dt.weekday() >= 6)
    assert weekend.len() < b.len() / 5
    assert (weekend >= dt.datetime(2024, 6, 24)).all()  # only those a move would take past the end stay


@pytest.mark.parametrize(
    ("request_", "rates"),
    [
        ("a bike shop: 3,000 customers, orders and invoices; French locale", {0.2, 0.055}),
        ("a bike shop: 3,000 customers, orders and invoices; British locale", {0.2, 0.05}),
        ("a bike shop: 3,000 customers, orders and invoices", {0.07, 0.0}),
        ("a bike shop: 3,000 customers, orders and invoices; German locale", {0.19, 0.07}),
        ("a hearing aid clinic: 900 patients, appointments and invoices; UK locale", {0.0, 0.2}),
        ("a hearing aid clinic: 900 patients, appointments and invoices; French locale", {0.0, 0.2}),
    ],
)
def test_invoices_charge_the_locales_tax_rates(request_: str, rates: set[float]) -> None:
    d = draft(request_)
    assert set(d.spec["tables"]["invoices"]["columns"]["tax_rate"]["values"]) == rates
    simulacra.generate(d.spec, seed=2, scale=0.05)


@pytest.mark.parametrize(
    ("locale", "cover"),
    [("US", {"medicare", "medicaid"}), ("UK", {"nhs"}), ("German", {"public", "private"})],
)
def test_patients_health_cover_is_the_locales(locale: str, cover: set[str]) -> None:
    d = draft(f"a hearing aid clinic: 900 patients and appointments; {locale} locale")
    assert cover <= set(d.spec["tables"]["patients"]["columns"]["insurance"]["values"])
