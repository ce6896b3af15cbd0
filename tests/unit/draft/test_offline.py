"""`draft` offline: every drafted spec validates, generates, and has the counts and rates asked."""

from __future__ import annotations

import math
import re
from pathlib import Path

import polars as pl
import pytest
import yaml

import simulacra
from simulacra.draft import draft, load_catalogue
from simulacra.errors import SpecError
from simulacra.spec import load_plan

# (request, {table: exact rows}, {table: (label column, rate)}, locale)
PROMPTS = [
    (
        (
            "a dental clinic: 2,000 patients, 12 dentists, appointments with a 5% no-show rate, invoices and insurance "
            "claims; German locale"
        ),
        {"patients": 2000, "dentists": 12},
        {"appointments": ("no_show", 0.05)},
        "de_DE",
    ),
    (
        (
            "an online shop in the UK with 2k customers, 300 products, 5 orders per customer, order items, a 1.5% fraud "
            "rate and 3% returns in 2023"
        ),
        {"customers": 2000, "products": 300},
        {"orders": ("is_fraud", 0.015)},
        "en_GB",
    ),
    (
        "a retail bank: 1,500 customers, accounts, 20,000 transactions with 2% fraud, cards and 10 branches",
        {"customers": 1500, "transactions": 20000, "branches": 10},
        {"transactions": ("is_fraud", 0.02)},
        "en_US",
    ),
    (
        (
            "an insurance company with 800 policyholders, 1,200 policies, 15 agents and 4,000 claims, 10% of claims "
            "rejected; French locale"
        ),
        {"policyholders": 800, "policies": 1200, "agents": 15, "claims": 4000},
        {"claims": ("is_rejected", 0.10)},
        "fr_FR",
    ),
    (
        "a company HR system: 9 departments, 600 employees with an attrition rate of 12%, payslips and leave requests",
        {"departments": 9, "employees": 600},
        {"employees": ("has_left", 0.12)},
        "en_US",
    ),
    (
        (
            "a customer support helpdesk: 700 customers, 25 support agents, 3,000 tickets with a 6% SLA breach rate and "
            "messages"
        ),
        {"customers": 700, "support_agents": 25, "tickets": 3000},
        {"tickets": ("sla_breached", 0.06)},
        "en_US",
    ),
    (
        "a logistics company: 4 warehouses, 30 drivers, 20 vans and 5,000 shipments, 8% late deliveries",
        {"warehouses": 4, "drivers": 30, "vans": 20, "shipments": 5000},
        {"shipments": ("is_late", 0.08)},
        "en_US",
    ),
    (
        "a telecom operator with 3,000 subscribers, lines, call records and a 2% churn rate; British English",
        {"subscribers": 3000},
        {"subscribers": ("churned", 0.02)},
        "en_GB",
    ),
    (
        (
            "a university: twelve teachers, 900 students, 40 courses and enrollments with 8% withdrawals, between 2021 "
            "and 2023"
        ),
        {"teachers": 12, "students": 900, "courses": 40},
        {"enrollments": ("withdrew", 0.08)},
        "en_US",
    ),
    (
        "SaaS product analytics: 150 organizations, 3,000 users, sessions and 30,000 events with a 3% error rate",
        {"organizations": 150, "users": 3000, "events": 30000},
        {"events": ("is_error", 0.03)},
        "en_US",
    ),
    # unknown nouns, odd counts, unsupported locale, generic rates
    (
        "a greenhouse startup: 40 greenhouses, 1,234 sensors and readings per sensor over the last 18 months",
        {"greenhouses": 40, "sensors": 1234},
        {},
        "en_US",
    ),
    (
        "a bakery with 7 ovens, 999 loaves and a 4% burnt rate",
        {"ovens": 7, "loaves": 999},
        {"loaves": ("is_burnt", 0.04)},
        "en_US",
    ),
    (
        "3 warehouses, 1 carrier and 777 parcels with 2.5% lost parcels, French locale",
        {"warehouses": 3, "carriers": 1, "parcels": 777},
        {"parcels": ("is_lost", 0.025)},
        "fr_FR",
    ),
    (
        "a mobile network with 10k subscribers, one in 50 lines hit by sim swap; Spanish locale",
        {"subscribers": 10000},
        {"lines": ("sim_swap", 0.02)},
        "en_US",
    ),
]


def _share(frame: pl.DataFrame, label: str) -> float:
    return float((frame[label] == 1).sum()) / frame.height


@pytest.mark.parametrize(("prompt", "rows", "rates", "locale"), PROMPTS, ids=[p[0][:40] for p in PROMPTS])
def test_every_draft_validates_generates_and_has_the_counts_and_rates_asked(prompt, rows, rates, locale) -> None:
    d = draft(prompt, seed=3)
    plan = load_plan("draft.yaml", text=d.text)  # the YAML written is what validates
    assert plan.spec.locale == locale
    result = simulacra.generate(plan, seed=3)
    simulacra.validate(plan, result.frames)  # FKs, ranges, scenario shares within 4 binomial SDs
    for table, n in rows.items():
        assert result.rows[table] == n, (table, result.rows)
    for table, (label, rate) in rates.items():
        frame = result.frames[table]
        n = frame.height
        assert n > 200, (table, n)
        tol = 4 * math.sqrt(rate * (1 - rate) / n) + 1 / n
        assert abs(_share(frame, label) - rate) <= tol, (table, label, _share(frame, label), rate)
    for table in plan.spec.tables:
        assert result.rows[table] > 0, table
    assert d.assumptions and all(isinstance(a, str) and a for a in d.assumptions)


def test_the_catalogue_covers_ten_domains_with_forty_kinds_each_generating() -> None:
    cat = load_catalogue()
    domains = {k.domain for k in cat.kinds.values()}
    assert {
        "commerce",
        "banking",
        "insurance",
        "healthcare",
        "hr",
        "support",
        "logistics",
        "telecom",
        "education",
        "saas",
    } <= domains
    assert len(cat.kinds) >= 40
    for k in cat.kinds.values():
        assert len(k.columns) >= 4, k.name
    # one request per domain naming all its kinds: every kind's columns, relations and dates generate
    by: dict[str, list[str]] = {}
    for k in cat.kinds.values():
        by.setdefault(k.domain, []).append(k.words[1] if len(k.words) > 1 else k.words[0])
    for domain, words in by.items():
        d = draft(f"a {cat.domains[domain][0]}: " + ", ".join(words))
        # the tables are named by the request's words; each says which kind of the catalogue it is
        kinds = {t.get("description", "").split(" (")[0].replace(" ", "_") for t in d.spec["tables"].values()}
        assert {n for n in cat.kinds if cat.kinds[n].domain == domain} <= kinds, domain
        result = simulacra.generate(d.spec, seed=1, scale=0.05)
        simulacra.validate(d.spec, result.frames)


def test_every_catalogue_scenario_is_reachable_by_its_words_and_gets_its_rate() -> None:
    cat = load_catalogue()
    n = 3000
    for k in cat.kinds.values():
        for i, s in enumerate(k.scenarios.values()):
            d = draft(f"a {cat.domains[k.domain][0]} with {n:,} {k.words[1]} and a 7% {s.words[0]} rate")
            sc = [x for x in d.spec["scenarios"] if x["table"] == k.table]
            assert [x["name"] for x in sc] == [s.name], (k.name, s.name, d.spec["scenarios"])
            assert sc[0]["rate"] == 0.07
            if i:  # generating the first scenario of each kind is enough to check the shares (keeps this test fast)
                continue
            result = simulacra.generate(d.spec, seed=5)
            label, value = next(iter(sc[0]["labels"].items()))
            frame = result.frames[k.table]
            share = float((frame[label] == value).sum()) / n
            assert abs(share - 0.07) < 4 * math.sqrt(0.07 * 0.93 / n) + 1 / n, (k.name, s.name, share)
            for col, gen in (sc[0].get("columns") or {}).items():  # the override is what the scenario's rows hold
                if gen.get("generator") == "constant":
                    assert (frame.filter(pl.col(label) == value)[col] == gen["value"]).all(), (k.name, col)


def test_relations_are_inferred_between_the_entities_named() -> None:
    d = draft(
        "a dental clinic: 2,000 patients, 12 dentists, appointments with a 5% no-show rate, invoices and "
        "insurance claims; German locale"
    )
    t = d.spec["tables"]
    assert t["appointments"]["rows"]["per"] == "patients"
    assert t["appointments"]["columns"]["dentist_id"] == {
        "generator": "foreign_key",
        "references": "dentists.dentist_id",
    }
    assert t["invoices"]["rows"] == {  # one per appointment that took place: none for a cancelled or no-show one
        "per": "appointments",
        "count": {"distribution": "fixed", "value": 1},
        "by": "status",
        "counts": {
            "cancelled": {"distribution": "fixed", "value": 0},
            "no_show": {"distribution": "fixed", "value": 0},
        },
    }
    assert t["claims"]["rows"]["per"] == "invoices"
    assert "assumed each appointment has one invoice" in d.assumptions
    # dates follow their parent's
    assert t["invoices"]["columns"]["issued_at"]["after"] == "appointments.scheduled_at"
    # after the patient's registration and the dentist's licence, the later of the two (through each key)
    assert t["appointments"]["columns"]["scheduled_at"]["after"] == [
        "patient_id.registered_at",
        "dentist_id.licensed_since",
    ]
    result = simulacra.generate(d.spec, seed=1)
    inv = result.frames["invoices"].join(result.frames["appointments"], on="appointment_id")
    assert (inv["issued_at"] >= inv["scheduled_at"]).all()
    # the scenario changes what it says: no-show appointments have that status
    appts = result.frames["appointments"]
    assert (appts.filter(pl.col("no_show") == 1)["status"] == "no_show").all()
    assert not (appts.filter(pl.col("no_show") != 1)["status"] == "no_show").any()


@pytest.mark.parametrize(
    ("prompt", "root", "middle", "leaf", "singular_middle"),
    [
        ("a bee farm: 40 hives, 1,234 frames and inspections per frame", "hives", "frames", "inspections", "frame"),
        # sensors and readings are catalogue kinds (manufacturing); their usual parents (machines) are not
        # asked, so they belong to the table the request names before them
        (
            "a greenhouse startup: 40 greenhouses, 1,234 sensors and readings per sensor",
            "greenhouses",
            "sensors",
            "readings",
            "sensor",
        ),
    ],
)
def test_unknown_nouns_become_tables_related_to_what_came_before(
    prompt: str, root: str, middle: str, leaf: str, singular_middle: str
) -> None:
    d = draft(prompt)
    t = d.spec["tables"]
    assert set(t) == {root, middle, leaf}
    assert t[leaf]["rows"]["per"] == middle
    fk = f"{root[:-1]}_id"
    assert t[middle]["columns"][fk]["references"] == f"{root}.{fk}"
    assert t[middle]["rows"] == 1234
    assert any(f"'{root}' is not in the catalogue" in a for a in d.assumptions)
    assert any(f"assumed {middle} belong to {root}" in a for a in d.assumptions)


def test_time_span_and_locale_are_read_and_explained() -> None:
    d = draft("a shop: 500 customers and orders in 2022; German locale")
    result = simulacra.generate(d.spec, seed=2)
    signup = result.frames["customers"]["signup_at"]
    assert signup.min().year == 2022 and signup.max().year == 2022
    assert any("2022-01-01 to 2022-12-31" in a for a in d.assumptions)
    assert d.spec["locale"] == "de_DE"
    assert d.spec["tables"]["orders"]["columns"]["amount"]["currency"] == "EUR"
    d = draft("a shop with 100 customers over the last 6 months")
    assert d.spec["tables"]["customers"]["columns"]["signup_at"]["start"] == "2024-07-01"
    d = draft("a shop with 100 customers and 3 years of data")
    assert d.spec["tables"]["customers"]["columns"]["signup_at"]["start"] == "2022-01-01"
    d = draft("a shop with 100 customers; Japanese locale")
    assert d.spec["locale"] == "en_US" and any("'japanese' asked" in a for a in d.assumptions)


def test_same_request_and_seed_give_identical_bytes_and_the_yaml_round_trips() -> None:
    p = "a telecom operator with 3,000 subscribers, lines and a 2% churn rate"
    a, b = draft(p, seed=4), draft(p, seed=4)
    assert a.text == b.text
    assert yaml.safe_load(a.text) == a.spec
    assert a.text.startswith("# Drafted by `simulacra draft` (method: offline catalogue) from:")
    for note in a.assumptions:
        assert " ".join(note.split()) in a.text


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("", "the request is empty"),
        ("   ", "the request is empty"),
        ("customers with a 150% churn rate", "a rate is more than 0% and at most 100%"),
        ("a shop with 2.5 customers", "a count of rows is a whole number"),
        ("x" * 5000, "keep it under 4,000"),
    ],
)
def test_bad_requests_fail_with_a_clear_error(prompt: str, expected: str) -> None:
    with pytest.raises(SpecError, match=re.escape(expected)):
        draft(prompt)


def test_a_scenario_word_adds_its_table_only_with_a_rate() -> None:
    d = draft("a shop: 200 customers and orders; deliveries are sometimes late")
    assert "deliveries" in d.spec["tables"]  # 'deliveries' is the catalogue's shipments, named as asked
    d = draft("a shop: 200 customers and orders, some of them late")
    assert "shipments" not in d.spec["tables"] and "scenarios" not in d.spec
    d = draft("a shop: 200 customers and orders with 6% late deliveries")
    assert [(s["table"], s["name"], s["rate"]) for s in d.spec["scenarios"]] == [("shipments", "late_delivery", 0.06)]
    assert any("added the table 'shipments'" in a for a in d.assumptions)


def test_more_ways_of_saying_counts_relations_and_rates() -> None:
    d = draft("10,000 rows of sales")
    assert d.spec["tables"]["sales"]["rows"] == 10_000  # the catalogue's orders, named as asked
    assert d.spec["tables"]["sales"]["primary_key"] == "sale_id"
    d = draft("a hospital: 3 doctors, patients per doctor")
    assert d.spec["tables"]["patients"]["rows"]["per"] == "doctors"
    d = draft("invoices, payments and refunds with a 3% refund rate")
    refunds = d.spec["tables"]["refunds"]["rows"]
    assert refunds["per"] == "payments" and refunds["zero_rate"] == 0.97 and "scenarios" not in d.spec
    assert any("share of payments that have one of refunds" in a for a in d.assumptions)
    assert not any("have one refund (the others none)" in a for a in d.assumptions)
    result = simulacra.generate(d.spec, seed=1)
    share = result.rows["refunds"] / result.rows["payments"]
    assert abs(share - 0.03) < 4 * math.sqrt(0.03 * 0.97 / result.rows["payments"]), share
    d = draft("a telco: 300 subscribers, lines and calls; 1 in 1000 calls are wangiri fraud")
    assert set(d.spec["tables"]) == {"subscribers", "lines", "calls"}
    assert [s["name"] for s in d.spec["scenarios"]] == ["wangiri_fraud"]


def test_nothing_recognised_still_gives_a_valid_draft_that_says_so() -> None:
    d = draft("something nice please")
    assert d.spec["tables"]
    assert any("no entity recognised" in a for a in d.assumptions)
    simulacra.validate(d.spec, simulacra.generate(d.spec, seed=1, scale=0.1).frames)


def test_cli_writes_the_draft_shows_the_plan_explains_and_generates(tmp_path: Path) -> None:
    from simulacra.cli.main import main

    out = tmp_path / "clinic.yaml"
    db = tmp_path / "clinic.db"
    prompt = (
        "a dental clinic: 200 patients, 3 dentists, appointments with a 5% no-show rate, invoices and "
        "insurance claims; German locale"
    )
    assert main(["draft", prompt, "-o", str(out), "--explain", "--generate", str(db)]) == 0
    assert out.is_file() and db.is_file()
    assert load_plan(out).spec.locale == "de_DE"
    assert main(["draft", prompt, "-o", str(out)]) == 5  # exists: refused without --replace
    assert main(["validate", str(out), str(db)]) == 0
