"""What a person of the trade checks on the rows of a draft: dates stay inside the time span the request gives
(tables whose dates come after another's too), "exactly N x per y" is N for every y also for a noun outside
the catalogue, an invoice, a bill or a payment exists only for a parent row that took place (none for a
cancelled or no-show one), and a row that names one table twice ("a user likes another user") holds two
different rows of it.

The settings and nouns here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

import simulacra
from simulacra.draft import draft
from simulacra.errors import DataValidationError


def _key_to(table: dict[str, Any], parent: str) -> list[str]:
    return [
        name
        for name, col in table["columns"].items()
        if isinstance(col, dict)
        and col.get("generator") == "foreign_key"
        and str(col["references"]).split(".")[0] == parent
    ]


# --------------------------------------------------------------------------- dates inside the request's span

_SPANS = [
    ("a nail salon: 1,500 clients and 9,000 appointments in 2023, with invoices", "2023-01-01", "2023-12-31"),
    ("a bookbinder: 200 customers, 1,200 orders and invoices in 2022", "2022-01-01", "2022-12-31"),
    ("a canoe club: 60 canoes, 400 paddlers and 2,500 outings since June 2024", "2024-06-01", "2024-12-31"),
    ("a cattery: 300 cat owners, 420 cats and 1,500 boardings in 2023", "2023-01-01", "2023-12-31"),
    ("a dairy farm: 200 cows and exactly 2 vet checks per cow in 2023", "2023-01-01", "2023-12-31"),
    ("a locksmith: 900 customers and 2,400 orders over the last 5 months", "2024-08-01", "2024-12-31"),
]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("request_", "first", "last"), _SPANS)
def test_dates_that_come_after_another_stay_inside_the_span_asked(
    request_: str, first: str, last: str, seed: int
) -> None:
    d = draft(request_)
    frames = simulacra.generate(d.spec, seed=seed).frames
    lo, hi = dt.datetime.fromisoformat(first), dt.datetime.fromisoformat(last) + dt.timedelta(days=1)
    checked = 0
    for table, ts in d.spec["tables"].items():
        for name, col in ts["columns"].items():
            if not isinstance(col, dict) or col.get("generator") not in ("date", "datetime"):
                continue
            if "after" not in col and str(col.get("start")) != first:
                continue  # a birth date, a licence: the catalogue's own range, before the span
            values = frames[table][name].drop_nulls().cast(pl.Datetime)
            assert values.min() >= lo and values.max() < hi, (table, name, values.min(), values.max())
            checked += "after" in col
    assert checked >= 1  # the request has a date that comes after another


@pytest.mark.parametrize("seed", [3, 4])
def test_a_date_after_another_with_opening_hours_does_not_pile_on_the_spans_last_instant(seed: int) -> None:
    d = draft("a nail salon: 1,500 clients and 9,000 appointments in 2023")
    at = simulacra.generate(d.spec, seed=seed).frames["appointments"]["starts_at"]
    assert at.max() < dt.datetime(2024, 1, 1)
    assert (at == dt.datetime(2023, 12, 31, 23, 59, 59)).sum() == 0  # not set to the end's last second
    assert (at >= dt.datetime(2023, 12, 31, 19)).mean() < 0.005  # only a client who signed up that evening
    sundays = at.filter(at.dt.weekday() == 7)
    # a Sunday only where the client signed up on the span's last weekend: no open day is left before its end
    assert (sundays.dt.date() == dt.date(2023, 12, 31)).all() and len(sundays) < 0.01 * len(at)
    assert at.dt.hour().is_between(7, 18).mean() > 0.99


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("a bakery: 300 customers and 4,000 orders since March 2024", dt.date(2024, 3, 1), dt.date(2024, 12, 31)),
        ("a kennel: 200 dogs and 900 stays since september", dt.date(2024, 9, 1), dt.date(2024, 12, 31)),
        ("a florist: 500 customers and 3,000 orders from Oct 2023", dt.date(2023, 10, 1), dt.date(2024, 12, 31)),
        ("a gallery: 90 artists and 700 sales since the start of May 2022", dt.date(2022, 5, 1), dt.date(2024, 12, 31)),
    ],
)
def test_since_a_month_is_a_span_from_its_first_day(text: str, first: dt.date, last: dt.date) -> None:
    d = draft(text)
    assert any(f"time span {first} to {last}" in a for a in d.assumptions), d.assumptions


def test_a_word_that_begins_like_a_month_is_no_span() -> None:
    d = draft("a printer: 40 marketing agencies and 900 jobs from marketing agencies")
    assert any("no time span asked" in a for a in d.assumptions), d.assumptions


@pytest.mark.parametrize("seed", [5, 6])
def test_start_with_after_is_a_floor_and_validate_holds_it(seed: int) -> None:
    spec = {
        "name": "floor",
        "tables": {
            "animals": {
                "rows": 400,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "born_on": {"generator": "date", "start": "2015-01-01", "end": "2024-06-30"},
                },
            },
            "checks": {
                "rows": 1200,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "animal_id": {"generator": "foreign_key", "references": "animals.id"},
                    "at": {
                        "generator": "datetime",
                        "after": "animals.born_on",
                        "start": "2024-01-01",
                        "end": "2024-12-31",
                        "offset": {"distribution": "uniform", "low": 0, "high": 366, "unit": "days"},
                    },
                },
            },
        },
    }
    out = simulacra.generate(spec, seed=seed)
    checks = out.frames["checks"].join(out.frames["animals"], left_on="animal_id", right_on="id")
    at = checks["at"]
    assert at.min() >= dt.datetime(2024, 1, 1) and at.max() < dt.datetime(2025, 1, 1)
    assert (at >= checks["born_on"].cast(pl.Datetime)).all()
    assert at.dt.month().n_unique() == 12  # spread over the year, not piled on its first days
    simulacra.validate(spec, out.frames)  # raises on a failed check
    assert simulacra.generate(spec, seed=seed).frames["checks"].equals(out.frames["checks"])
    early = out.frames["checks"].with_columns(pl.col("at").dt.offset_by("-1y"))
    with pytest.raises(DataValidationError, match="at"):
        simulacra.validate(spec, {**out.frames, "checks": early})


# --------------------------------------------------------------------------- exactly N per parent row


@pytest.mark.parametrize(
    ("text", "child", "parent", "n"),
    [
        ("a goat farm: 120 goats and exactly 3 hoof trims per goat", "hoof_trims", "goats", 3),
        ("an orchard: 80 trees and exactly 2 prunings per tree", "prunings", "trees", 2),
        ("a glassworks: 30 furnaces and exactly 5 relinings per furnace", "relinings", "furnaces", 5),
    ],
)
def test_exactly_n_per_parent_of_a_noun_outside_the_catalogue_is_n_for_every_parent(
    text: str, child: str, parent: str, n: int
) -> None:
    d = draft(text)
    assert d.spec["tables"][child]["rows"] == {"per": parent, "count": {"distribution": "fixed", "value": n}}
    frames = simulacra.generate(d.spec, seed=1).frames
    per = frames[child].group_by(_key_to(d.spec["tables"][child], parent)[0]).len()["len"]
    assert len(per) == frames[parent].height and (per == n).all()


def test_n_per_parent_without_exactly_is_a_mean_with_a_spread() -> None:
    d = draft("an orchard: 80 trees and 6 prunings per tree")
    assert d.spec["tables"]["prunings"]["rows"]["count"] == {"distribution": "poisson", "lam": 6}
    frames = simulacra.generate(d.spec, seed=1).frames
    per = frames["prunings"].group_by("tree_id").len()["len"]
    assert per.n_unique() > 1 and abs(frames["prunings"].height / 80 - 6) < 1


# --------------------------------------------------------------------------- children only of what took place

_STATUSES = [
    (
        "a nail bar: 6 technicians, 1,200 clients, appointments and invoices; 8% of appointments cancelled",
        "invoices",
        "appointments",
        {"cancelled"},
    ),
    (
        "a sports physio: 900 patients, appointments and invoices; 6% of appointments no-shows",
        "invoices",
        "appointments",
        {"no_show", "cancelled"},
    ),
    (
        "a sandwich shop: 2,000 customers, orders and shipments; 5% of orders cancelled",
        "shipments",
        "orders",
        {"cancelled"},
    ),
    (
        "a tool hire shop: 700 customers, 3,000 bookings and invoices; 9% of bookings cancelled",
        "invoices",
        "bookings",
        {"cancelled"},
    ),
    (
        "a chimney sweep: 600 households, 2,000 sweeps with a bill for each sweep; 7% of sweeps cancelled",
        "bills|invoices",
        "sweeps",
        {"cancelled"},
    ),
]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("text", "child", "parent", "gone"), _STATUSES)
def test_an_invoice_or_a_shipment_exists_only_for_a_parent_that_took_place(
    text: str, child: str, parent: str, gone: set[str], seed: int
) -> None:
    d = draft(text)
    tables = d.spec["tables"]
    child = next(c for c in child.split("|") if c in tables)
    frames = simulacra.generate(d.spec, seed=seed).frames
    key = _key_to(tables[child], parent)[0]
    rows = frames[parent]
    did_not = pl.lit(False)
    if "status" in rows.columns:
        did_not = did_not | pl.col("status").is_in(sorted(gone))
    for label in ("is_cancelled", "no_show"):
        if label in rows.columns:
            did_not = did_not | (pl.col(label) == 1)
    not_held = rows.filter(did_not)[tables[parent]["primary_key"]]
    assert len(not_held) > 0  # the parent has rows that did not take place
    assert not frames[child][key].is_in(not_held.implode()).any()
    assert frames[child][key].n_unique() >= 0.9 * (rows.height - len(not_held))  # the others keep theirs
    assert any(a.startswith(f"{child}: none for ") for a in d.assumptions)


def test_what_a_cancelled_parent_still_has_is_kept() -> None:
    d = draft("a sandwich shop: 2,000 customers, orders and order items; 5% of orders cancelled")
    items = next(t for name, t in d.spec["tables"].items() if name.endswith("items"))
    assert "by" not in items["rows"]  # a cancelled order still lists what was ordered
    frames = simulacra.generate(d.spec, seed=1).frames
    cancelled = frames["orders"].filter(pl.col("status") == "cancelled")["order_id"]
    item_table = next(name for name in frames if name.endswith("items"))
    assert frames[item_table]["order_id"].is_in(cancelled.implode()).any()


# --------------------------------------------------------------------------- one table named twice in a row

_TWICE = [
    (
        "a squash ladder: 90 members and 1,400 challenges where a member challenges another member",
        "challenges",
        "members",
    ),
    ("a pen-pal club: 500 writers and 6,000 letters in which a writer writes to another writer", "letters", "writers"),
    ("a barter network: 40 traders and 800 swaps where one trader swaps goods with another trader", "swaps", "traders"),
    (
        "a referral scheme: 3,000 customers and 900 referrals where a customer refers another customer",
        "referrals",
        "customers",
    ),
]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("text", "table", "parent"), _TWICE)
def test_a_row_that_names_one_table_twice_holds_two_different_rows(
    text: str, table: str, parent: str, seed: int
) -> None:
    d = draft(text)
    keys = _key_to(d.spec["tables"][table], parent)
    assert len(keys) == 2, d.spec["tables"][table]["columns"]
    frames = simulacra.generate(d.spec, seed=seed).frames
    rows = frames[table]
    assert not (rows[keys[0]] == rows[keys[1]]).any()
    assert rows[keys[1]].n_unique() > 0.5 * min(frames[parent].height, rows.height)  # drawn, not one row
    assert simulacra.generate(d.spec, seed=seed).frames[table].equals(rows)


def test_a_compound_noun_said_once_in_a_clause_is_one_key() -> None:
    d = draft(
        "a gliding club: 8 instructors, 120 trainee pilots and 900 flights where an instructor teaches a trainee pilot"
    )
    tables = d.spec["tables"]
    events = next(t for t in tables.values() if _key_to(t, "trainee_pilots"))
    assert len(_key_to(events, "trainee_pilots")) == 1


# --------------------------------------------------------------------------- lessons: held at a time, one at a time

_LESSONS = [
    ("a riding school: 8 coaches, 300 riders and 4,000 lessons; 5% of lessons cancelled", "coaches"),
    ("a music school: 20 teachers, 500 pupils and 9,000 lessons between teachers and pupils", "teachers"),
    ("a swim school: 6 coaches, 400 swimmers and 3,000 lessons", "coaches"),
]


@pytest.mark.parametrize(("text", "staff"), _LESSONS)
def test_lessons_are_held_at_a_time_on_opening_days_and_refer_to_who_gives_them(text: str, staff: str) -> None:
    d = draft(text)
    lessons = d.spec["tables"]["lessons"]
    assert {"starts_at", "duration_min", "status"} <= set(lessons["columns"])
    assert "title" not in lessons["columns"] and "credits" not in lessons["columns"]  # not a course of study
    assert _key_to(lessons, staff)
    at = simulacra.generate(d.spec, seed=1, scale=0.3).frames["lessons"]["starts_at"]
    at = at.filter(at < dt.datetime(2024, 12, 31, 19))
    assert at.len() > 100 and at.dt.weekday().eq(7).sum() == 0 and at.dt.hour().is_between(7, 18).all()


def test_courses_of_study_stay_courses() -> None:
    d = draft("a university: 3,000 students and 40 courses")
    assert {"title", "credits"} <= set(d.spec["tables"]["courses"]["columns"])


_SLOTS = [
    (
        "a gliding club: 8 instructors, 120 trainee pilots, 12 gliders and 3,000 lessons where an instructor "
        "teaches a trainee pilot in a glider",
        ["instructors", "trainee_pilots", "gliders"],
    ),
    (
        "a helicopter school: 5 instructors, 90 student pilots, 4 helicopters and 1,500 lessons where an "
        "instructor teaches a student pilot in a helicopter",
        ["instructors", "student_pilots", "helicopters"],
    ),
]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("text", "busy"), _SLOTS)
def test_an_instructor_a_pupil_and_an_aircraft_are_in_one_lesson_at_a_time(
    text: str, busy: list[str], seed: int
) -> None:
    d = draft(text)
    lessons = d.spec["tables"]["lessons"]
    frame = simulacra.generate(d.spec, seed=seed).frames["lessons"]
    for parent in busy:
        key = _key_to(lessons, parent)[0]
        assert not frame.select(pl.struct(key, "starts_at").is_duplicated().any()).item(), parent
    assert simulacra.generate(d.spec, seed=seed).frames["lessons"].equals(frame)


# --------------------------------------------------------------------------- a singular word names its table


@pytest.mark.parametrize(
    ("text", "table"),
    [
        ("a window fitter: 700 homes and 1,500 fittings, with a bill for every fitting", "bills"),
        ("a car wash: 4,000 washes and a receipt for each wash", "receipts"),
    ],
)
def test_a_singular_word_of_a_kind_names_its_table_by_its_plural(text: str, table: str) -> None:
    assert table in draft(text).spec["tables"]


# --------------------------------------------------------------------------- many rows after few parents' dates


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(
    ("text", "table"),
    [
        ("a notary office: 6 notaries, 2,000 clients and 5,000 consultations", "consultations"),
        ("a surveying firm: 5 surveyors and 4,000 surveys", "surveys"),
        ("a piano workshop: 4 technicians and 2,500 repairs", "repairs"),
        ("a tattoo parlour: 3 artists and 1,800 tattoo sessions", "tattoo_sessions"),
    ],
)
def test_many_rows_after_few_parents_dates_spread_over_the_span(text: str, table: str, seed: int) -> None:
    d = draft(text)
    col = next(c for c, v in d.spec["tables"][table]["columns"].items() if isinstance(v, dict) and v.get("after"))
    at = simulacra.generate(d.spec, seed=seed).frames[table][col]
    months = at.dt.strftime("%Y-%m").n_unique()
    assert months >= 14, months  # before: the weeks after each of the few parents' dates (5 to 13 months)
    assert at.max() < dt.datetime(2025, 1, 1)
