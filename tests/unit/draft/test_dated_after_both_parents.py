"""A row with two keys to one dated table (a bout where a fencer fights another fencer, a trade between two
traders) is dated after the LATER of the two parents' dates, not after the first one only: the row's date comes
``after`` both parents' dates, through each key (the generator draws after the latest), with no helper column.
A row with one dated parent keeps its plain ``after``. A row with keys to two or three DIFFERENT dated tables
(a trip of a driver in a cab, a lesson of an instructor with a skier on a slope) is dated after each of them the
same way, also where its date was drawn over the span (the span's start a floor, its opening hours kept).

The settings and nouns here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

import simulacra
from simulacra.draft import draft

#: (request, the table whose rows have two parents)
_TWO_PARENTS = [
    ("a fencing club: 90 fencers and 700 bouts where a fencer fights another fencer", "bouts"),
    ("a swap shop: 500 traders and 3,000 trades where a trader swaps with another trader", "trades"),
    ("a chess club: 120 players and 900 games where a player plays another player", "games"),
    ("a pen pal club: 800 members and 6,000 letters where a member writes to another member", "letters"),
    ("a darts society: 70 throwers and 500 duels where a thrower challenges another thrower", "duels"),
]

_DATED = (pl.Date, pl.Datetime)


def _keys(spec: dict[str, Any], table: str) -> list[tuple[str, str, str]]:
    """(key, parent table, parent key) of each foreign key of the table."""
    out = []
    for name, col in spec["tables"][table]["columns"].items():
        if isinstance(col, dict) and col.get("generator") == "foreign_key":
            parent, _, pk = str(col["references"]).partition(".")
            out.append((name, parent, pk))
    return out


def _starts(spec: dict[str, Any], frames: dict[str, pl.DataFrame], parent: str) -> list[str]:
    """A parent's dates drawn on their own (not after another), births left out: when its row began."""
    cols = spec["tables"][parent]["columns"]
    return [
        c
        for c in frames[parent].columns
        if frames[parent][c].dtype in _DATED and "after" not in cols.get(c, {}) and "birth" not in c
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("request_", "table"), _TWO_PARENTS)
def test_a_row_with_two_dated_parents_is_dated_after_both(request_: str, table: str, seed: int) -> None:
    d = draft(request_)
    frames = simulacra.generate(d.spec, seed=seed).frames
    keys = _keys(d.spec, table)
    assert len(keys) >= 2, keys
    view = frames[table]
    floors = []
    for i, (key, parent, pk) in enumerate(keys):
        for c in _starts(d.spec, frames, parent):
            name = f"_floor{i}_{c}"
            view = view.join(
                frames[parent].select(pl.col(pk), pl.col(c).cast(pl.Datetime("us")).alias(name)),
                left_on=key,
                right_on=pk,
                how="left",
            )
            floors.append(name)
    assert {k[1] for k in keys if _starts(d.spec, frames, k[1])} == {k[1] for k in keys}, "every parent is dated"
    stamps = [c for c in frames[table].columns if frames[table][c].dtype in _DATED]
    assert stamps
    late = pl.max_horizontal(floors)
    for c in stamps:
        early = view.filter(pl.col(c).cast(pl.Datetime("us")) < late)
        assert early.height == 0, (table, c, early.head(3))
    # and the rows still spread after it: not all on the later parent's date
    assert view.select((pl.col(stamps[-1]).cast(pl.Datetime("us")) > late).mean()).item() > 0.9


@pytest.mark.parametrize(("request_", "table"), _TWO_PARENTS)
def test_the_date_comes_after_both_keys_parents_with_no_helper_column(request_: str, table: str) -> None:
    spec = draft(request_).spec
    cols = spec["tables"][table]["columns"]
    assert not any(isinstance(c, dict) and c.get("generator") == "expression" for c in cols.values()), cols
    assert not any(n.startswith("earliest_") for n in cols), cols
    keys = [k for k, parent, _ in _keys(spec, table)]
    dated = [n for n, c in cols.items() if isinstance(c, dict) and isinstance(c.get("after"), list)]
    assert len(dated) == 1, cols
    after = cols[dated[0]]["after"]
    assert [a.split(".")[0] for a in after] == keys and len(set(a.split(".")[1] for a in after)) == 1
    assert str(cols[dated[0]].get("end")) == "2024-12-31"
    assert "<>" in str(spec.get("constraints"))  # still two different rows


@pytest.mark.parametrize(
    ("request_", "table", "parent"),
    [
        ("a kite shop: 700 customers and 2,000 orders", "orders", "customers"),
        ("a rowing club: 150 rowers and about 12 outings per rower", "outings", "rowers"),
    ],
)
def test_a_row_with_one_dated_parent_keeps_its_plain_after(request_: str, table: str, parent: str) -> None:
    spec = draft(request_).spec
    cols = spec["tables"][table]["columns"]
    assert not any(isinstance(c, dict) and c.get("generator") == "expression" for c in cols.values()), cols
    assert any(isinstance(c, dict) and str(c.get("after", "")).startswith(f"{parent}.") for c in cols.values())


def test_the_rows_dated_after_both_are_the_same_bytes_for_the_same_seed() -> None:
    spec = draft(_TWO_PARENTS[0][0]).spec
    one = simulacra.generate(spec, seed=7).frames["bouts"].write_csv()
    two = simulacra.generate(spec, seed=7).frames["bouts"].write_csv()
    assert one == two and one != simulacra.generate(spec, seed=8).frames["bouts"].write_csv()


#: (request, the table whose rows have two or three dated parents in different tables, how many)
_EACH_TABLE = [
    ("a climbing gym: 15 coaches, 900 climbers and 5,000 sessions where a coach trains a climber", "sessions", 2),
    ("a taxi firm: 80 drivers, 60 cabs and 15,000 trips where a driver drives a cab", "trips", 2),
    (
        "a ski school: 20 instructors, 60 slopes, 800 skiers and 4,000 lessons where an instructor teaches a skier "
        "on a slope",
        "lessons",
        3,
    ),
    (
        "a recording studio: 6 engineers, 10 rooms, 300 bands and 2,000 sessions where an engineer records a band "
        "in a room",
        "sessions",
        2,
    ),
]


def _late_and_stamps(spec: dict[str, Any], frames: dict[str, pl.DataFrame], table: str) -> tuple[pl.DataFrame, Any]:
    """The table's rows with each dated parent's start beside them, and the latest of them."""
    view = frames[table]
    floors = []
    for i, (key, parent, pk) in enumerate(_keys(spec, table)):
        for c in _starts(spec, frames, parent):
            name = f"_floor{i}_{c}"
            view = view.join(
                frames[parent].select(pl.col(pk), pl.col(c).cast(pl.Datetime("us")).alias(name)),
                left_on=key,
                right_on=pk,
                how="left",
            )
            floors.append(name)
    return view, pl.max_horizontal(floors)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("request_", "table", "n"), _EACH_TABLE)
def test_a_row_with_parents_in_different_tables_is_dated_after_each(
    request_: str, table: str, n: int, seed: int
) -> None:
    d = draft(request_)
    frames = simulacra.generate(d.spec, seed=seed).frames
    assert len({p for _, p, _ in _keys(d.spec, table) if _starts(d.spec, frames, p)}) == n
    view, late = _late_and_stamps(d.spec, frames, table)
    stamps = [c for c in frames[table].columns if frames[table][c].dtype in _DATED]
    assert stamps
    for c in stamps:
        early = view.filter(pl.col(c).cast(pl.Datetime("us")) < late)
        assert early.height == 0, (table, c, early.head(3))
    assert view.select((pl.col(stamps[-1]).cast(pl.Datetime("us")) > late).mean()).item() > 0.9
    assert set(frames[table].columns) == set(d.spec["tables"][table]["columns"])
    assert not any(c.startswith("earliest_") for c in frames[table].columns)


@pytest.mark.parametrize(("request_", "table", "n"), _EACH_TABLE)
def test_the_date_lists_each_dated_parent_through_its_key(request_: str, table: str, n: int) -> None:
    spec = draft(request_).spec
    cols = spec["tables"][table]["columns"]
    listed = [c for c in cols.values() if isinstance(c, dict) and isinstance(c.get("after"), list)]
    assert len(listed) == 1 and len(listed[0]["after"]) == n, cols
    keys = {k for k, _, _ in _keys(spec, table)}
    assert {a.split(".")[0] for a in listed[0]["after"]} <= keys
    assert not any(isinstance(c, dict) and c.get("generator") == "expression" for c in cols.values())
    assert str(listed[0]["end"]) == "2024-12-31"


def test_a_date_drawn_over_the_span_keeps_it_and_spreads_over_it() -> None:
    """The taxi firm's trips were drawn over the span: after the driver's hiring and the cab's start now, from
    the span's start on, still spread over both years (not bunched after the parents' dates)."""
    spec = draft(_EACH_TABLE[1][0]).spec
    col = spec["tables"]["trips"]["columns"]["starts_at"]
    assert str(col["start"]) == "2023-01-01" and str(col["end"]) == "2024-12-31"
    at = simulacra.generate(spec, seed=4).frames["trips"]["starts_at"]
    assert at.min() >= dt.datetime(2023, 1, 1) and at.max() <= dt.datetime(2024, 12, 31, 23, 59, 59)  # type: ignore[operator]
    per_quarter = at.dt.year() * 10 + at.dt.quarter()
    assert per_quarter.n_unique() == 8 and per_quarter.value_counts()["count"].min() > 0.05 * len(at)


def test_opening_hours_and_slots_are_kept_after_each_parent() -> None:
    spec = draft(_EACH_TABLE[2][0]).spec
    col = spec["tables"]["lessons"]["columns"]["starts_at"]
    at = simulacra.generate(spec, seed=5).frames["lessons"]["starts_at"]
    open_hours = [h for h, w in enumerate(col["hour_weights"]) if w > 0]
    assert at.dt.hour().is_in(open_hours).all()
    closed = [d + 1 for d, w in enumerate(col["weekday_weights"]) if w == 0]
    assert not at.dt.weekday().is_in(closed).any()
    assert (at.dt.minute() % 15 == 0).all()


def test_dated_after_each_table_is_the_same_bytes_for_the_same_seed() -> None:
    spec = draft(_EACH_TABLE[2][0]).spec
    one = simulacra.generate(spec, seed=7).frames["lessons"].write_csv()
    assert one == simulacra.generate(spec, seed=7).frames["lessons"].write_csv()
    assert one != simulacra.generate(spec, seed=8).frames["lessons"].write_csv()
