"""A bound on a nullable column guarded by ``<col> IS NULL OR`` is that bound on the column's non-null rows
(issue 13): ``ended IS NULL OR ended <= x.y``, either order, in parentheses, inside a top-level ``AND``, read by
``spec.bounds`` as ``ended <= x.y`` is. SQL's CHECK passes where the expression is null, so the bare bound already
lets a null ``ended`` through and the guard means the same bound. Only that shape: a guard on another column, an
``IS NOT NULL`` guard, a third disjunct or ``COALESCE`` bound nothing (a conjunction behind the guard is each of
its terms guarded: tests/unit/spec/test_written_guards.py).
"""

from __future__ import annotations

import pytest

from simulacra.spec.bounds import Bound, Order, checked_bounds, column_bounds, column_orders, only_orders


def _refs(names: list[str]) -> bool:
    """Only dotted refs to an ancestor's columns (as generation's laid periods accept)."""
    return all("." in n for n in names)


# the guarded check, the bare check it means, the column bounded: the same bounds from both
SAME: list[tuple[str, str, str]] = [
    ("ended IS NULL OR ended <= x.y", "ended <= x.y", "ended"),
    ("ended is null or ended < x.y", "ended < x.y", "ended"),
    ("x.y >= ended OR ended IS NULL", "x.y >= ended", "ended"),
    ("(ended IS NULL OR ended <= x.y)", "ended <= x.y", "ended"),
    ("(ended IS NULL) OR (ended <= x.y - INTERVAL '1 week')", "ended <= x.y - INTERVAL '1 week'", "ended"),
    ("((x.y > ended) or (ended is null))", "x.y > ended", "ended"),
    ("started >= x.a AND (ended IS NULL OR ended <= x.b)", "started >= x.a AND ended <= x.b", "ended"),
    ("(ended IS NULL OR ended <= x.b) AND ended >= x.a", "ended <= x.b AND ended >= x.a", "ended"),
    ("period_end IS NULL OR period_end BETWEEN s.a AND s.b", "period_end BETWEEN s.a AND s.b", "period_end"),
    ('"End Day" IS NULL OR "End Day" <= s.b', '"End Day" <= s.b', "End Day"),
    ("Ended IS NULL OR Ended >= s.started + 1", "Ended >= s.started + 1", "Ended"),
]


@pytest.mark.parametrize(("guarded", "bare", "column"), SAME)
def test_a_null_guarded_bound_is_the_bare_bound(guarded: str, bare: str, column: str) -> None:
    want = column_bounds(bare, column, _refs)
    assert want  # the bare form bounds the column (else the comparison says nothing)
    assert column_bounds(guarded, column, _refs) == want
    assert checked_bounds(guarded, ["started", column], _refs) == checked_bounds(bare, ["started", column], _refs)


def test_the_bounds_read_from_a_guard() -> None:
    got = column_bounds("s.ended > period_end OR period_end IS NULL", "period_end", _refs)
    assert got == [Bound("s.ended", True, True)]
    got = column_bounds("period_start >= s.a AND (period_end IS NULL OR period_end <= s.b)", "period_end", _refs)
    assert got == [Bound("s.b", True, False)]
    # a conjunction behind the guard is each of its terms guarded (learn86: PostgreSQL writes a guarded BETWEEN so)
    got = column_bounds("ended IS NULL OR (ended <= x.y AND started >= x.z)", "ended", _refs)
    assert got == [Bound("x.y", True, False)]


# no bound on ``ended``: the rows need not keep the comparison, or the guard is not the bounded column's own
NONE: list[str] = [
    "started IS NULL OR ended <= x.y",  # the guard on another column: a row with no start is unbounded
    "ended IS NOT NULL OR ended <= x.y",
    "NOT ended IS NULL OR ended <= x.y",
    "ended IS NULL OR ended <= x.y OR ended >= x.z",  # a third disjunct
    "ended IS NULL OR (ended <= x.y OR started >= x.z)",
    "ended IS NULL OR ended <> x.y",
    "ended IS NULL OR ended = x.y",
    "ended IS NULL OR NOT ended > x.y",
    "ended IS NULL OR ended NOT BETWEEN x.a AND x.b",
    "ended IS NULL OR ended + 1 <= x.y",
    "ended IS NULL OR ended <= started",  # not a dotted ref: not accepted by the caller
    "COALESCE(ended, x.y) <= x.y",
    "ended IS NULL OR ended IS NULL",
    "ended IS NULL",
    "ended <= x.y OR started <= x.z",
    "NOT (ended IS NULL OR ended <= x.y)",
]


@pytest.mark.parametrize("check", NONE)
def test_what_a_guard_does_not_make_a_bound(check: str) -> None:
    assert column_bounds(check, "ended", _refs) == []
    assert checked_bounds(check, ["started", "ended"], _refs) == []


COLS = ["booked", "started", "ended"]

# the guarded check, the orders it holds (as its bare form does), whether it holds nothing else
ORDERS: list[tuple[str, list[Order], bool]] = [
    ("ended IS NULL OR started <= ended", [Order("started", "ended", False)], True),
    ("ended IS NULL OR ended > started", [Order("started", "ended", True)], True),
    ("(ended IS NULL OR started <= ended)", [Order("started", "ended", False)], True),
    ("ended >= started OR ended IS NULL", [Order("started", "ended", False)], True),
    ("started IS NULL OR started <= ended", [Order("started", "ended", False)], True),
    (
        "booked <= started AND (ended IS NULL OR started < ended)",
        [Order("booked", "started", False), Order("started", "ended", True)],
        True,
    ),
    (
        "ended IS NULL OR ended BETWEEN booked AND started",
        [Order("booked", "ended", False), Order("ended", "started", False)],
        True,
    ),
    ("(ended IS NULL OR started <= ended) AND ended > DATE '2020-01-01'", [Order("started", "ended", False)], False),
    # no order: the guard on a column the comparison does not hold, or not a guard
    ("booked IS NULL OR started <= ended", [], False),
    ("ended IS NOT NULL OR started <= ended", [], False),
    ("ended IS NULL OR started <= ended OR booked <= started", [], False),
    # each term of a conjunction behind the guard guarded: the guard covers the order of ``ended`` (learn86)
    ("ended IS NULL OR (booked <= started AND started <= ended)", [Order("started", "ended", False)], False),
    ("ended IS NULL OR started <= ended - 1", [], False),
    ("COALESCE(ended, started) >= started", [], False),
]


@pytest.mark.parametrize(("check", "orders", "only"), ORDERS)
def test_the_orders_a_guarded_check_holds(check: str, orders: list[Order], only: bool) -> None:
    assert column_orders(check, COLS) == orders
    assert only_orders(check, COLS) is only


def test_an_unguarded_or_still_bounds_nothing() -> None:
    assert column_orders("started <= ended OR booked <= started", COLS) == []
    assert not only_orders("started <= ended OR booked <= started", COLS)
    assert column_bounds("ended <= x.y OR ended IS NULL OR ended IS NULL", "ended", _refs) == []
