"""Four ways people phrase a request that the draft misread before (issue 20, draft24):

- a rate said as "N per M <rows>" ("3 per 100 reviews fail", "2 per 1,000 jobs") or as "one <row> in N" ("one
  line in 20 is back-ordered", "two parcels in a hundred"): a scenario of that table at N/M, kept as asked
  ("one in twelve" is 1/12, not 0.083333); before, "3 per 100 reviews" was 100 reviews and "one line in 20" one
  line and a table of 20 rows named by the verb after it;
- months said with their year ("between January and June 2025", "from November 2024 to February 2025",
  "Mar-May 2024", "in March 2025"): the time span, from the first day of the first month to the last of the
  second; before, the default span;
- one row of a table counted on its own, said of each row of another ("each review scoring one call", "each
  move is made by one crane", "every entry being one dog at one show", "lines naming a variety"): a key to that
  table, not one row made per row; and a subject's verb before a counted compound ("analysts write 4,000 call
  reviews") relates them;
- the words of the setting before a ':' ("a core facility for scientific instruments: 9 instruments") name no
  table: the counted noun does.

The settings here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

import simulacra
from simulacra.draft import draft

from .draft_helpers import refs


def _named(tables: dict, name: str) -> str:
    """The table named ``name``, or by a compound ending in it ('print_jobs' of 'jobs')."""
    return next((t for t in tables if t == name or t.endswith(f"_{name}")), name)


def _scenario(spec: dict, table: str) -> dict:
    found = [s for s in spec.get("scenarios", []) if s["table"] == table]
    assert len(found) == 1, spec.get("scenarios")
    return found[0]


#: (request, the rate's table, the rate, {table: rows the request states})
_PER_M = [
    ("a dog-walking club: 300 dogs and 2,000 walks; 3 per 100 walks are cut short", "walks", 0.03, {"walks": 2000}),
    ("a print shop: 5,000 print jobs, 2 per 1,000 jobs jam", "jobs", 0.002, {"jobs": 5000}),
    ("a taxi rank: 800 rides and 40 cabs; five per hundred rides are disputed", "rides", 0.05, {"rides": 800}),
    ("a kiln studio: 60 potters fire 3,000 pots; 7 per 100 pots crack", "pots", 0.07, {"pots": 3000}),
]

_NOUN_IN_M = [
    (
        "a warehouse: 900 orders, each order with 1 to 5 lines; one line in 25 is short-picked",
        "lines",
        0.04,
        {"orders": 900},
    ),
    ("a courier: 4,000 parcels and 30 vans; two parcels in a hundred go missing", "parcels", 0.02, {"parcels": 4000}),
    ("a boat hire: 700 bookings by 500 sailors; 1 booking in every 50 is refunded", "bookings", 0.02, {}),
    ("a quiz app: 9,000 answers of 300 players; one answer in twelve is a guess", "answers", 1 / 12, {}),
]


@pytest.mark.parametrize(("request_", "table", "rate", "rows"), _PER_M + _NOUN_IN_M)
def test_a_rate_said_per_m_or_one_row_in_n_is_the_tables_scenario(
    request_: str, table: str, rate: float, rows: dict[str, int]
) -> None:
    spec = draft(request_).spec
    tables = spec["tables"]
    assert abs(_scenario(spec, _named(tables, table))["rate"] - rate) < 1e-9, spec.get("scenarios")
    for name, n in rows.items():
        assert tables[_named(tables, name)]["rows"] == n, (name, tables[_named(tables, name)]["rows"])
    # the rate's numbers are no count of rows, and the words after it name no table
    for name, t in tables.items():
        assert t["rows"] not in (1, 20, 25, 50, 100, 1000), (name, t["rows"])
    assert not any(w in tables for w in ("short_picked", "missing", "refunded", "guess", "crack", "jam"))


@pytest.mark.parametrize(
    ("request_", "table", "count"),
    [
        ("a shop: 300 customers with 5 orders per customer", "orders", None),  # a count per parent, no rate
        ("an airline: 300 flights per day for a week", "flights", 2100),
        ("a chain: 2 managers in 10 stores", "stores", 10),  # M counts a table: no 'one in N'
        ("a clinic: 3 dentists in 2024, 1 visit in 12 months", None, None),  # a time, not a share
    ],
)
def test_counts_per_a_parent_or_a_time_are_no_rate(request_: str, table: str | None, count: int | None) -> None:
    spec = draft(request_).spec
    assert not spec.get("scenarios"), spec.get("scenarios")
    if table is not None and count is not None:
        assert spec["tables"][table]["rows"] == count


@pytest.mark.parametrize(
    ("request_", "first", "last"),
    [
        ("a call centre: 30 agents and 9,000 calls between January and June 2025", "2025-01-01", "2025-06-30"),
        ("a nursery: 400 orders from March to September 2025", "2025-03-01", "2025-09-30"),
        ("a ski hire: 2,000 rentals from November 2024 to February 2025", "2024-11-01", "2025-02-28"),
        ("a ski hire: 2,000 rentals between November and February 2024", "2023-11-01", "2024-02-29"),
        ("a garden centre: 1,500 sales, Mar-May 2024", "2024-03-01", "2024-05-31"),
        ("an airport lounge: 5,000 visits in March 2025", "2025-03-01", "2025-03-31"),
    ],
)
def test_months_with_their_year_are_the_time_span(request_: str, first: str, last: str) -> None:
    d = draft(request_)
    assert any(a.startswith(f"time span {first} to {last}") for a in d.assumptions), d.assumptions
    result = simulacra.generate(d.spec, seed=3)
    lo = dt.datetime.fromisoformat(first)
    hi = dt.datetime.fromisoformat(last) + dt.timedelta(days=1)
    for name, frame in result.frames.items():
        for col in frame.columns:
            if frame[col].dtype in (pl.Date, pl.Datetime) and not name.endswith(("agents",)):
                stamps = frame[col].cast(pl.Datetime)
                assert stamps.min() >= lo and stamps.max() < hi, (name, col, stamps.min(), stamps.max())


@pytest.mark.parametrize(
    ("request_", "note"),
    [
        ("a market: 300 stalls; sales in March and September 2025", "no time span asked"),  # two months, no range
        ("a gym: 400 members in 2024", "time span 2024-01-01 to 2024-12-31"),
        ("a gym: 400 members since March 2024", "time span 2024-03-01 to"),
        ("a gym: 400 members between 2021 and 2023", "time span 2021-01-01 to 2023-12-31"),
    ],
)
def test_years_and_two_months_without_a_range_read_as_before(request_: str, note: str) -> None:
    assert any(a.startswith(note) for a in draft(request_).assumptions), draft(request_).assumptions


#: (request, the row's table, the counted table it refers to, that table's own count)
_ONE_ROW = [
    ("a helpdesk: 8,000 tickets and 600 audits, each audit scoring one ticket", "audits", "tickets", 8000),
    (
        "a quarry: 12 trucks, 90 blasts and 5,000 loads; each load is hauled by one truck from one blast",
        "loads",
        "trucks",
        12,
    ),
    (
        "a quarry: 12 trucks, 90 blasts and 5,000 loads; each load is hauled by one truck from one blast",
        "loads",
        "blasts",
        90,
    ),
    (
        "a horse show: 40 classes, 700 horses and 2,500 rides, every ride being one horse in one class",
        "rides",
        "classes",
        40,
    ),
    (
        "a horse show: 40 classes, 700 horses and 2,500 rides, every ride being one horse in one class",
        "rides",
        "horses",
        700,
    ),
    (
        "a seed merchant: 300 cultivars; 4,000 orders, each order with 1 to 6 lines naming a cultivar",
        "lines",
        "cultivars",
        300,
    ),
]


@pytest.mark.parametrize(("request_", "table", "other", "count"), _ONE_ROW)
def test_one_row_of_a_counted_table_is_a_key(request_: str, table: str, other: str, count: int) -> None:
    tables = draft(request_).spec["tables"]
    assert other in refs(tables[table]), (table, refs(tables[table]))
    assert tables[other]["rows"] == count, tables[other]["rows"]  # its own count, not one per row of the table
    assert table not in refs(tables[other])


@pytest.mark.parametrize(
    ("request_", "child", "parent"),
    [
        ("a blood service: 5,000 donations; each donation gets exactly one screening", "screenings", "donations"),
        ("a shop: 500 orders, each order with 2 to 4 items", "items", "orders"),
    ],
)
def test_one_row_of_a_table_counted_nowhere_is_still_made_per_the_row(request_: str, child: str, parent: str) -> None:
    tables = draft(request_).spec["tables"]
    name = next(t for t in tables if t == child or t.endswith(f"_{child}"))
    assert isinstance(tables[name]["rows"], dict) and tables[name]["rows"]["per"] == parent, tables[name]["rows"]


@pytest.mark.parametrize(
    ("request_", "table", "doer"),
    [
        ("a call centre: 6 analysts write 4,000 call reviews of 50,000 calls", "reviews", "analysts"),
        ("a garage: 9 mechanics do 3,000 car repairs on 2,000 cars", "repairs", "mechanics"),
        ("a firm: 12 auditors file 800 expense audits of 5,000 expenses", "audits", "auditors"),
    ],
)
def test_a_subjects_verb_before_a_counted_compound_relates_them(request_: str, table: str, doer: str) -> None:
    tables = draft(request_).spec["tables"]
    name = next(t for t in tables if t == table or t.endswith(f"_{table}"))
    assert doer in refs(tables[name]), (name, refs(tables[name]))


@pytest.mark.parametrize(
    ("request_", "table", "rows", "not_named"),
    [
        (
            "a core facility for scientific instruments: 9 instruments and 300 bookings",
            "instruments",
            9,
            "scientific_instruments",
        ),
        ("a shop for vintage guitars: 400 guitars and 90 sales", "guitars", 400, "vintage_guitars"),
        ("a service for electric scooters: 250 scooters and 7,000 rides", "scooters", 250, "electric_scooters"),
    ],
)
def test_the_settings_words_name_no_table(request_: str, table: str, rows: int, not_named: str) -> None:
    tables = draft(request_).spec["tables"]
    assert tables.get(table, {}).get("rows") == rows, list(tables)
    assert not_named not in tables


def test_a_noun_said_in_full_after_a_preposition_in_the_body_still_names_its_table() -> None:
    tables = draft("a canal: 120 narrowboat owners under mooring permits, each owner holding one or two permits").spec[
        "tables"
    ]
    assert "mooring_permits" in tables, list(tables)


@pytest.mark.parametrize(
    ("request_", "subject", "obj"),
    [
        ("a kennel club runs 30 dog shows in 2024: 2,000 exhibitors enter 3,400 dogs", "exhibitors", "dogs"),
        ("a cat fancy holds 12 cat shows: 900 breeders show 1,500 cats", "breeders", "cats"),
        ("a county fair has 20 pig contests: 300 farmers raise 800 pigs", "farmers", "pigs"),
    ],
)
def test_a_verb_relates_people_only_guessed_to_belong_to_an_event(request_: str, subject: str, obj: str) -> None:
    """People guessed to belong to an event named before them (no word said so) give way to their verb: the
    counted object refers to them, and they do not belong to the event."""
    tables = draft(request_).spec["tables"]
    assert subject in refs(tables[obj]), (obj, refs(tables[obj]))
    assert obj not in refs(tables[subject]) and not refs(tables[subject]), refs(tables[subject])


def test_people_of_an_event_stay_its_people_when_no_verb_says_otherwise() -> None:
    tables = draft("a wedding planner: 80 venues, 500 weddings, 60,000 guests with RSVPs").spec["tables"]
    assert "weddings" in refs(tables["guests"]), refs(tables["guests"])
