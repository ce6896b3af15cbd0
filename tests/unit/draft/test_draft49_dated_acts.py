"""Acts counted with their verb are dated; a hire, rent or borrow from the setting is a record (issue 20, draft49).

(1) "traders sold 25,000 burgers at squares": the burgers counted with the verb are the record of the act (keyed
to the subject and the second object since draft47), and a record of an act has its date: a noun whose columns have
none (a food: a name, a category, a price) gets the time of the act, named by the verb (``sold_at``), within the
request's time span where one is said, else the default span, said in the notes. A noun that has a date keeps it and
gets no second one. (2) "tourists rent scooters from the outlet" in "a scooter rental outlet: ...": the setting's
name says 'rental' as a word of a compound, which is no table of rentals the request names, so the record is made,
keyed to the hirer and the thing; the setting said again after 'from the' is no table of its own.

On main the acts had no date column, the rentals and hires of a setting named for them were not drafted, and
"from the warehouse" drafted a table of warehouses. None of these requests is a held-out request of
``benchmarks/draft_dated_acts.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.unit.draft.draft_helpers import refs

import simulacra
from simulacra.draft import draft

_DATES = frozenset({"date", "datetime"})


def _date_columns(table: dict[str, Any]) -> list[str]:
    return [c for c, v in table["columns"].items() if isinstance(v, dict) and v.get("generator") in _DATES]


#: (request, the acts' table, the tables it refers to (at least), the verb's date column, the year said or None)
COUNTED: list[tuple[str, str, set[str], str, int | None]] = [
    (
        "a street market: 70 traders and 12 squares; traders sold 25,000 burgers at squares in 2022",
        "burgers",
        {"traders", "squares"},
        "sold_at",
        2022,
    ),
    (
        "a pastry firm: 30 cooks and 150 hotels; cooks sell 9,000 muffins to hotels in 2023",
        "muffins",
        {"cooks", "hotels"},
        "sold_at",
        2023,
    ),
    (
        "a canteen group: 50 kitchens and 400 offices; kitchens delivered 70,000 sandwiches to offices",
        "sandwiches",
        {"kitchens", "offices"},
        "delivered_at",
        None,
    ),
    (
        "a juice maker: 25 farms and 90 shops; farms sold 12,000 salads to shops during 2021",
        "salads",
        {"farms", "shops"},
        "sold_at",
        2021,
    ),
]


@pytest.mark.parametrize(("request_", "acts", "keyed", "column", "year"), COUNTED)
def test_acts_counted_with_the_verb_are_dated(
    request_: str, acts: str, keyed: set[str], column: str, year: int | None
) -> None:
    d = draft(request_)
    table = d.spec["tables"][acts]
    assert keyed <= refs(table), refs(table)
    assert _date_columns(table) == [column], table["columns"]
    said = [n for n in d.assumptions if n.startswith(f"{acts}.{column}:")]
    assert said and "time span" in said[0], d.assumptions
    if year is not None:
        assert f"{year}-01-01 to {year}-12-31" in said[0]


@pytest.mark.parametrize(("request_", "acts", "keyed", "column", "year"), COUNTED)
@pytest.mark.parametrize("seed", [1, 7])
def test_the_acts_dates_lie_in_the_period_said(
    request_: str, acts: str, keyed: set[str], column: str, year: int | None, seed: int
) -> None:
    spec = draft(request_).spec
    frames = simulacra.generate(spec, seed=seed, scale=0.05).frames
    simulacra.validate(spec, frames)
    when = frames[acts][column].to_list()
    assert when and all(w is not None for w in when)
    if year is not None:
        assert {w.year for w in when} == {year}, (min(when), max(when))
    again = simulacra.generate(spec, seed=seed, scale=0.05).frames
    assert frames[acts].equals(again[acts])


def test_an_act_with_a_date_of_its_own_gets_no_second_one() -> None:
    # "letters" have a date as drafted: the verb adds none beside it
    table = draft(
        "a post office: 90 postmen and 4,000 households; postmen delivered 60,000 letters to households"
    ).spec["tables"]["letters"]
    assert len(_date_columns(table)) == 1 and "delivered_at" not in table["columns"], table["columns"]


#: (request, the record, the tables it refers to (exactly), [tables that must not exist], {table: rows said})
FROM_SETTING: list[tuple[str, str, set[str], list[str], dict[str, int]]] = [
    (
        "a scooter rental outlet: 200 scooters and 5,000 tourists; tourists rent scooters from the outlet",
        "rentals",
        {"tourists", "scooters"},
        ["outlets", "outlet", "scooter_rental_outlets"],
        {"scooters": 200, "tourists": 5000},
    ),
    (
        "a kayak hire centre: 60 kayaks and 900 paddlers; paddlers hire kayaks from the centre",
        "hires",
        {"paddlers", "kayaks"},
        ["centres", "centre", "kayak_hire_centres"],
        {"kayaks": 60, "paddlers": 900},
    ),
    (
        "a camera hire store: 120 cameras and 1,500 photographers; photographers hired cameras from the store in 2024",
        "hires",
        {"photographers", "cameras"},
        ["stores", "store", "camera_hire_stores"],
        {"cameras": 120, "photographers": 1500},
    ),
    (
        "a costume warehouse: 700 costumes and 300 actors; actors borrowed costumes from the warehouse",
        "loans",
        {"actors", "costumes"},
        ["warehouses", "warehouse"],
        {"costumes": 700, "actors": 300},
    ),
]


@pytest.mark.parametrize(("request_", "record", "keyed", "absent", "counts"), FROM_SETTING)
def test_a_hire_from_the_setting_is_a_record(
    request_: str, record: str, keyed: set[str], absent: list[str], counts: dict[str, int]
) -> None:
    tables = draft(request_).spec["tables"]
    assert record in tables, sorted(tables)
    assert refs(tables[record]) == keyed, refs(tables[record])
    assert _date_columns(tables[record]), tables[record]["columns"]
    assert not set(absent) & set(tables), sorted(tables)
    assert {t: tables[t].get("rows") for t in counts} == counts


@pytest.mark.parametrize(("request_", "record", "keyed", "absent", "counts"), FROM_SETTING)
@pytest.mark.parametrize("seed", [2, 11])
def test_the_hires_rows_refer_to_each(
    request_: str, record: str, keyed: set[str], absent: list[str], counts: dict[str, int], seed: int
) -> None:
    spec = draft(request_).spec
    frames = simulacra.generate(spec, seed=seed, scale=0.05).frames
    simulacra.validate(spec, frames)
    rows = frames[record]
    assert len(rows) > 0
    for parent in keyed:
        key, target = next(
            (c, v["references"].split(".")[1])
            for c, v in spec["tables"][record]["columns"].items()
            if isinstance(v, dict) and v.get("references", "").split(".")[0] == parent
        )
        ids = set(frames[parent][target].to_list())
        said = rows[key].to_list()
        assert set(said) <= ids
        assert len(set(said)) > 1  # spread over the parent's rows, not all of one
    again = simulacra.generate(spec, seed=seed, scale=0.05).frames
    assert rows.equals(again[record])


def test_a_plural_of_the_record_in_the_setting_still_names_it() -> None:
    # 'rentals' said as a table of the request is the record: the rule reads the setting's singular word only
    tables = draft("a bike hire firm: 100 bikes, 800 riders and 3,000 rentals; riders rent bikes from the firm").spec[
        "tables"
    ]
    assert "rentals" in tables and tables["rentals"].get("rows") == 3000, sorted(tables)
