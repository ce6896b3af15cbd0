"""A year or date phrase is the request's period, never a count; a verb no list holds is a record verb by its class
(issue 20, draft51).

(a) "2,000 volunteers ...; over 2023 volunteers sent 30,000 letters": the year after 'over' or 'across', before a noun
the request counts by another number, is the period (a noun has one count), and the acts' dates fall in it; a span
of years after a period word ("across 2021-2023 clubs") leaves the word no part of a table's name; a quarter with
its year ("throughout Q3 2024", "in the first quarter of 2023") is that quarter. A noun counted once after 'over'
stays its count ("a shop with over 2000 customers").

(b) acts counted with a verb no list holds ("depots dispatched 50,000 parcels to customers") are keyed to the
subject and the second object as a listed verb's are; a verb whose act's noun is an act in WordNet ("treat":
treatment) done to people, animals or documents makes a record of those acts keyed to both; a place visited
makes none.

The settings are from no benchmark request set (``benchmarks/draft_periods_and_acts.py`` is draft51's held-out)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

import simulacra
from simulacra.draft import draft


def _keys(table: dict[str, Any]) -> set[str]:
    return {
        str(c["references"]).split(".")[0]
        for c in table["columns"].values()
        if isinstance(c, dict) and c.get("generator") == "foreign_key"
    }


def _dates_within(spec: dict[str, Any], table: str, first: dt.date, last: dt.date) -> None:
    frame = simulacra.generate(spec, seed=5, scale=0.02).frames[table]
    cols = [
        c
        for c, v in spec["tables"][table]["columns"].items()
        if isinstance(v, dict) and v.get("generator") in ("date", "datetime")
    ]
    assert cols, f"{table} has no date"
    for c in cols:
        values = pd.to_datetime(frame[c].to_pandas() if hasattr(frame[c], "to_pandas") else frame[c]).dropna()
        assert not values.empty
        assert values.min().date() >= first and values.max().date() <= last, (c, values.min(), values.max())


#: (request, the noun after the year, its count said elsewhere, the year, the record and its date's table)
_YEAR_BEFORE_A_COUNTED_NOUN = [
    ("a charity: 2,000 volunteers and 9,000 donors; over 2023 volunteers sent 30,000 letters to donors",
     "volunteers", 2000, 2023, "letters"),
    ("a ferry line: 12 ferries and 40,000 passengers; across 2022 passengers booked 90,000 crossings",
     "passengers", 40000, 2022, "crossings"),
    ("a gym chain: 1,500 members and 30 gyms; over 2021 members made 60,000 visits to gyms",
     "members", 1500, 2021, "visits"),
]  # fmt: skip


@pytest.mark.parametrize(("request_", "noun", "count", "year", "record"), _YEAR_BEFORE_A_COUNTED_NOUN)
def test_a_year_before_a_counted_noun_is_the_period(
    request_: str, noun: str, count: int, year: int, record: str
) -> None:
    d = draft(request_)
    tables = d.spec["tables"]
    assert tables[noun]["rows"] == count
    assert not any(t.get("rows") == year for t in tables.values())
    assert any(a.startswith(f"time span {year}-01-01 to {year}-12-31") for a in d.assumptions), d.assumptions
    _dates_within(d.spec, record, dt.date(year, 1, 1), dt.date(year, 12, 31))


@pytest.mark.parametrize(
    ("request_", "count"),
    [("a shop with over 2000 customers and orders", 2000), ("a market: over 2021 traders and 90 stalls", 2021)],
)
def test_a_noun_counted_once_after_over_keeps_its_count(request_: str, count: int) -> None:
    d = draft(request_)
    assert any(t.get("rows") == count for t in d.spec["tables"].values())
    assert any(a.startswith("no time span asked") for a in d.assumptions)


@pytest.mark.parametrize(
    ("request_", "word", "first", "last"),
    [
        ("a youth league: 24 clubs and 500 players; across 2021-2023 clubs hosted 900 matches", "across", 2021, 2023),
        ("a choir network: 15 choirs and 300 singers; over 2019 to 2020 choirs gave 80 concerts", "over", 2019, 2020),
        ("a rowing league: 20 crews and 60 regattas; during 2022–2024 crews entered regattas", "during", 2022, 2024),
    ],
)
def test_a_span_of_years_takes_its_period_word(request_: str, word: str, first: int, last: int) -> None:
    d = draft(request_)
    assert not any(word in name.split("_") for name in d.spec["tables"]), sorted(d.spec["tables"])
    assert any(a.startswith(f"time span {first}-01-01 to {last}-12-31") for a in d.assumptions), d.assumptions


@pytest.mark.parametrize(
    ("request_", "first", "last"),
    [
        ("a clinic: 40 doctors and 2,000 patients; throughout Q3 2024 patients booked 5,000 appointments",
         dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
        ("a cinema chain: 8 cinemas and 20,000 tickets sold in the first quarter of 2023",
         dt.date(2023, 1, 1), dt.date(2023, 3, 31)),
        ("a web shop: 3,000 customers and 12,000 orders during Q4 2022",
         dt.date(2022, 10, 1), dt.date(2022, 12, 31)),
    ],
)  # fmt: skip
def test_a_quarter_and_its_year_is_the_period(request_: str, first: dt.date, last: dt.date) -> None:
    d = draft(request_)
    assert any(a.startswith(f"time span {first} to {last}") for a in d.assumptions), d.assumptions
    assert not any(t.get("rows") in (first.year, 3, 4) for t in d.spec["tables"].values())


#: (request, the acts' table, the subject's table, the second object's table)
_COUNTED_ACTS = [
    ("a parcel hub: 30 depots and 5,000 shops; depots dispatched 40,000 parcels to shops", "parcels", "depots", "shops"),
    ("a farm co-op: 25 farms and 300 grocers; farms shipped 9,000 crates to grocers", "crates", "farms", "grocers"),
    ("a theatre circuit: 12 companies and 40 theatres; companies staged 600 plays at theatres", "plays", "companies",
     "theatres"),
]  # fmt: skip


@pytest.mark.parametrize(("request_", "acts", "subject", "second"), _COUNTED_ACTS)
def test_acts_counted_with_an_unlisted_verb_are_keyed_to_both(
    request_: str, acts: str, subject: str, second: str
) -> None:
    d = draft(request_)
    assert {subject, second} <= _keys(d.spec["tables"][acts]), _keys(d.spec["tables"][acts])
    simulacra.validate(d.spec, simulacra.generate(d.spec, seed=2, scale=0.02).frames)


#: (request, the record of the acts, the subject's table, the object's table)
_ACTS_DONE_TO = [
    ("a hospital: 150 nurses and 9,000 patients; nurses treat patients", "treatments", "nurses", "patients"),
    ("a stud farm: 6 vets and 400 horses; vets examined horses", "examinations", "vets", "horses"),
    ("a health board: 70 nurses and 8,000 children; nurses vaccinate children", "vaccinations", "nurses", "children"),
    ("a press: 12 editors and 500 manuscripts; editors corrected manuscripts", "corrections", "editors", "manuscripts"),
]


@pytest.mark.parametrize(("request_", "record", "subject", "obj"), _ACTS_DONE_TO)
def test_a_verb_of_an_act_done_to_a_table_makes_a_record(request_: str, record: str, subject: str, obj: str) -> None:
    d = draft(request_)
    tables = d.spec["tables"]
    assert record in tables, sorted(tables)
    assert {subject, obj} <= _keys(tables[record])
    spec = d.spec
    frames = simulacra.generate(spec, seed=2, scale=0.02).frames
    simulacra.validate(spec, frames)


@pytest.mark.parametrize(
    ("request_", "tables_after"),
    [
        ("a retail group: 5,000 shoppers and 60 stores; shoppers visit stores", {"shoppers", "stores"}),
        ("a dog club: 50 walkers and 300 dogs; walkers walk dogs", {"walkers", "dogs"}),
        ("a museum: 40 guides and 2,000 visitors; guides greet visitors", {"guides", "visitors"}),
    ],
)
def test_a_place_visited_or_a_gerund_makes_no_record(request_: str, tables_after: set[str]) -> None:
    assert set(draft(request_).spec["tables"]) == tables_after
