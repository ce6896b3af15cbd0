"""A null guard in the forms a real database writes it, and a guard on the other side of the bound (issue 13).

PostgreSQL's ``pg_get_constraintdef`` writes ``ended_at IS NULL OR ended_at >= started_at`` back as ``((ended_at IS
NULL) OR (ended_at >= started_at))``, a ``BETWEEN`` as two comparisons (``((e IS NULL) OR ((e >= a) AND (e <=
b)))``), and its pretty form drops the parentheses an ``AND`` inside an ``OR`` needs none of (``e IS NULL OR e >= a
AND e <= b``); SQLite keeps the text as written (``e ISNULL``, ``(e) IS NULL``, any case). ``spec.bounds`` reads
each as the bound(s) on the guarded rows:

- the guard written ``X IS NULL``, ``X ISNULL``, ``(X) IS NULL``, any case, either side of the ``OR``, either side
  in parentheses; ``X`` the bounded column, or the other side of the bound (``started_at IS NULL OR ended_at >=
  started_at``; ``s.ended IS NULL OR period_end <= s.ended``; ``s.ended - INTERVAL '1 week'``: arithmetic of it, null
  where it is): where the bound's side is null the bound is null too, and a null bound holds nothing;
- a conjunction behind the guard (``g OR (a AND b)`` is ``(g OR a) AND (g OR b)``) is each of its terms guarded.

The readings are checked against SQLite itself: on every row of a grid with nulls, the written check passes exactly
where each bound read from it passes or is null (the guarded rows keep them all). The dialect reads ``ISNULL`` and
``NOTNULL`` as PostgreSQL and SQLite do, and one token reader serves both (``refs.SQL_TOKEN``, doubled quotes in a
quoted name kept as one name).
"""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3

import polars as pl
import pytest

from simulacra.spec.bounds import Bound, Order, column_bounds, column_orders, only_orders
from simulacra.spec.refs import SQL_TOKEN, expression_for


def _refs(names: list[str]) -> bool:
    """Only dotted refs to an ancestor's columns (as generation's laid periods and the learner's parent bounds)."""
    return all("." in n for n in names)


def _q(name: str) -> str:
    return name if name.isidentifier() else '"' + name.replace('"', '""') + '"'


# (low, high) column pairs of one table, plain and quoted (a space, a doubled quote, mixed case)
PAIRS = [("started_at", "ended_at"), ("opened", "closed"), ("Hired On", "Left On"), ('Ship "A" Day', "Arrived")]


def _written(low: str, high: str) -> list[tuple[str, list[Order]]]:
    """Each form a database writes the guarded order ``low <= high`` in (``high`` nullable), with the orders it
    holds."""
    lo, hi = _q(low), _q(high)
    le, lt = [Order(low, high, False)], [Order(low, high, True)]
    return [
        (f"(({hi} IS NULL) OR ({hi} >= {lo}))", le),  # pg_get_constraintdef
        (f"(({hi} >= {lo}) OR ({hi} IS NULL))", le),
        (f"{hi} ISNULL OR {hi} >= {lo}", le),  # SQLite / PostgreSQL as typed
        (f"{hi} isnull or {lo} < {hi}", lt),
        (f"({hi}) IS NULL OR {hi} >= {lo}", le),
        (f"(({hi})) Is Null OR ({lo} <= {hi})", le),
        (f"{lo} <= {hi} OR ({hi}) ISNULL", le),
        # the other side guarded: where the low side is null the order bounds nothing
        (f"(({lo} IS NULL) OR ({hi} >= {lo}))", le),
        (f"{lo} ISNULL OR {hi} > {lo}", lt),
        (f"({lo}) IS NULL OR {lo} <= {hi}", le),
        (f"{hi} > {lo} OR {lo} IS NULL", lt),
    ]


WRITTEN = [(check, low, high, orders) for low, high in PAIRS for check, orders in _written(low, high)]


@pytest.mark.parametrize(("check", "low", "high", "orders"), WRITTEN)
def test_a_written_guard_holds_its_order(check: str, low: str, high: str, orders: list[Order]) -> None:
    columns = ["booked", low, high]
    assert (column_orders(check, columns), only_orders(check, columns)) == (orders, True)


# a guarded BETWEEN as PostgreSQL writes it back (two comparisons under the guard), default and pretty
GUARDED_AND: list[tuple[str, list[Order], bool]] = [
    (
        "((ended_at IS NULL) OR ((ended_at >= started_at) AND (ended_at <= renewal_at)))",
        [Order("started_at", "ended_at", False), Order("ended_at", "renewal_at", False)],
        True,
    ),
    (
        "ended_at IS NULL OR ended_at >= started_at AND ended_at <= renewal_at",
        [Order("started_at", "ended_at", False), Order("ended_at", "renewal_at", False)],
        True,
    ),
    (
        "ended_at ISNULL OR ended_at BETWEEN started_at AND renewal_at",
        [Order("started_at", "ended_at", False), Order("ended_at", "renewal_at", False)],
        True,
    ),
    (
        '(("Left On" IS NULL) OR (("Left On" > "Hired On") AND ("Left On" < renewal_at)))',
        [Order("Hired On", "Left On", True), Order("Left On", "renewal_at", True)],
        True,
    ),
    (  # an expression beside the order: the order read, the check not only orders
        "((ended_at IS NULL) OR ((ended_at >= started_at) AND (ended_at <= (started_at + 30))))",
        [Order("started_at", "ended_at", False)],
        False,
    ),
    (  # a term of the conjunction the guard does not cover (renewal_at is not null where ended_at is)
        "ended_at IS NULL OR (started_at <= renewal_at AND started_at <= ended_at)",
        [Order("started_at", "ended_at", False)],
        False,
    ),
]


@pytest.mark.parametrize(("check", "orders", "only"), GUARDED_AND)
def test_a_guarded_conjunction_holds_each_term(check: str, orders: list[Order], only: bool) -> None:
    columns = ["started_at", "Hired On", "ended_at", "Left On", "renewal_at"]
    assert (column_orders(check, columns), only_orders(check, columns)) == (orders, only)


# bounds by a parent's columns (generation's laid periods, the learner's parent bounds): the written check, the
# bounded column, the bounds read
PARENT: list[tuple[str, str, list[Bound]]] = [
    ("((period_end IS NULL) OR (period_end <= s.ended))", "period_end", [Bound("s.ended", True, False)]),
    ("((s.ended IS NULL) OR (period_end <= s.ended))", "period_end", [Bound("s.ended", True, False)]),
    ("s.ended ISNULL OR s.ended > period_end", "period_end", [Bound("s.ended", True, True)]),
    (
        "(s.ended) is null or period_end < s.ended - INTERVAL '1 week'",
        "period_end",
        [Bound("s.ended - INTERVAL '1 week'", True, True)],
    ),  # fmt: skip
    ("period_end >= c.opened OR c.opened IS NULL", "period_end", [Bound("c.opened", False, False)]),
    ("((c.opened IS NULL) OR ((c.opened + 1) <= due))", "due", [Bound("(c.opened + 1)", False, False)]),
    (
        '(("End Day" IS NULL) OR (("End Day" >= s.a) AND ("End Day" <= s.b)))',
        "End Day",
        [Bound("s.a", False, False), Bound("s.b", True, False)],
    ),
    (
        "period_end ISNULL OR period_end BETWEEN s.a AND s.b",
        "period_end",
        [Bound("s.a", False, False), Bound("s.b", True, False)],
    ),  # fmt: skip
    ("s.b IS NULL OR period_end >= s.a AND period_end <= s.b", "period_end", [Bound("s.b", True, False)]),
]


@pytest.mark.parametrize(("check", "column", "bounds"), PARENT)
def test_a_written_guard_bounds_by_a_parent(check: str, column: str, bounds: list[Bound]) -> None:
    assert column_bounds(check, column, _refs) == bounds


# no bound: the guard on a column the bound does not read, a guard that is no null test, a bound side that is not
# null where the guard's column is, a third disjunct
NONE: list[tuple[str, str]] = [
    ("s.other IS NULL OR period_end <= s.ended", "period_end"),
    ("s.ended IS NOT NULL OR period_end <= s.ended", "period_end"),
    ("s.ended NOTNULL OR period_end <= s.ended", "period_end"),
    ("NOT s.ended IS NULL OR period_end <= s.ended", "period_end"),
    ("s.ended IS NULL OR period_end <= COALESCE(s.ended, s.other)", "period_end"),
    ("s.ended IS NULL OR period_end <= s.ended OR period_end >= s.a", "period_end"),
    ("period_end IS NULL OR (period_end <= s.ended OR period_end >= s.a)", "period_end"),
    ("s.e IS NULL OR period_end <= s.ended", "period_end"),  # a prefix of the bound's ref is another ref
    ("s IS NULL OR period_end <= s.ended", "period_end"),
]


@pytest.mark.parametrize(("check", "column"), NONE)
def test_what_a_written_guard_does_not_bound(check: str, column: str) -> None:
    assert column_bounds(check, column, _refs) == []


ORDER_NONE = [
    "booked IS NULL OR started <= ended",
    "started NOTNULL OR started <= ended",
    "(started IS NOT NULL) OR (started <= ended)",
    "ended IS NULL OR started <= ended OR booked <= started",
    "ended ISNULL OR (started <= ended OR booked <= started)",
    "COALESCE(started, booked) IS NULL OR started <= ended",
]


@pytest.mark.parametrize("check", ORDER_NONE)
def test_what_a_written_guard_does_not_order(check: str) -> None:
    assert column_orders(check, ["booked", "started", "ended"]) == []


# each reading checked against SQLite: the rows the written check passes pass every bound read (a null outcome
# passing, as SQL's CHECK does), and where the reading is whole, the rows it fails fail one of them
_GRID = [None, 1, 2, 3]


def _disagree(check: str, reads: list[str], columns: list[str], whole: bool) -> list[tuple[object, ...]]:
    """The rows of a grid (each column null or 1..3, the parents ``s``/``c`` joined) the check passes and a bound
    read fails (``whole``: or the other way round), by SQLite."""
    con = sqlite3.connect(":memory:")
    own = [c for c in columns if "." not in c]
    parents = sorted({c.split(".")[0] for c in columns if "." in c})
    con.execute(f"CREATE TABLE t ({', '.join(_q(c) for c in own)})")
    con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(own))})", itertools.product(_GRID, repeat=len(own)))
    for p in parents:
        cols = sorted({c.split(".")[1] for c in columns if c.startswith(p + ".")})
        con.execute(f"CREATE TABLE {p} ({', '.join(cols)})")
        con.executemany(f"INSERT INTO {p} VALUES ({', '.join('?' * len(cols))})", itertools.product(_GRID, repeat=len(cols)))  # fmt: skip
    read = " AND ".join(f"COALESCE({r}, 1)" for r in reads)
    differ = f"COALESCE({check}, 1) <> ({read})" if whole else f"COALESCE({check}, 1) AND NOT ({read})"
    return con.execute(f"SELECT * FROM {', '.join(['t', *parents])} WHERE {differ}").fetchall()


def _sql(column: str, b: Bound) -> str:
    return f"{_q(column)} {'<' if b.below else '>'}{'' if b.strict else '='} {b.expr}"


@pytest.mark.parametrize(("check", "column", "bounds"), [p for p in PARENT if "INTERVAL" not in p[0]])
def test_sqlite_agrees_with_the_parent_bounds_read(check: str, column: str, bounds: list[Bound]) -> None:
    columns = [c for c in ("s.ended", "s.a", "s.b", "c.opened") if c in check]
    reads = [_sql(column, b) for b in column_bounds(check, column, _refs)]
    whole = not check.startswith("s.b IS NULL")  # that guard covers one term of the conjunction only
    assert reads and _disagree(check, reads, [column, *columns], whole) == []


@pytest.mark.parametrize(("check", "low", "high", "orders"), WRITTEN)
def test_sqlite_agrees_with_the_orders_read(check: str, low: str, high: str, orders: list[Order]) -> None:
    reads = [f"{_q(o.low)} {'<' if o.strict else '<='} {_q(o.high)}" for o in column_orders(check, [low, high])]
    assert reads and _disagree(check, reads, [low, high], True) == []


# the dialect: ISNULL and NOTNULL as PostgreSQL and SQLite read them (a row check's own evaluation)
NULL_TESTS = [
    "ended ISNULL OR ended >= started",
    "ended isnull",
    "ended NOTNULL",
    "started notnull AND ended ISNULL",
    "(ended) ISNULL OR started <= ended",
    '"Left On" NOTNULL OR ended ISNULL',
]


@pytest.mark.parametrize("check", NULL_TESTS)
def test_the_dialect_reads_isnull_and_notnull_as_sqlite(check: str) -> None:
    d = [None, dt.date(2024, 1, 1), dt.date(2024, 2, 1)]
    rows = list(itertools.product(d, d, d))
    frame = pl.DataFrame(rows, schema={"started": pl.Date, "ended": pl.Date, "Left On": pl.Date}, orient="row")
    got = frame.select(expression_for(check, frame.schema).alias("v")).to_series().to_list()
    con = sqlite3.connect(":memory:")
    con.execute('CREATE TABLE t (started, ended, "Left On")')
    con.executemany("INSERT INTO t VALUES (?, ?, ?)", [tuple(None if v is None else v.isoformat() for v in r) for r in rows])  # fmt: skip
    want = [None if v is None else bool(v) for (v,) in con.execute(f"SELECT {check} FROM t ORDER BY rowid")]
    assert got == want


def test_a_column_named_like_the_keyword_is_still_a_column() -> None:
    frame = pl.DataFrame({"isnull": [1, None], "x": [1, 2]})
    assert frame.select(expression_for('"isnull" IS NULL', frame.schema)).to_series().to_list() == [False, True]
    got = frame.select(expression_for("x > 0 AND 'a ISNULL' = 'a ' || 'ISNULL'", frame.schema)).to_series()
    assert got.to_list() == [True, True]  # a literal is left as written


# one token reader: a quoted name holding doubled quotes is one name (a date plus days on such a column adds days)
def test_sql_token_keeps_doubled_quotes_in_a_name() -> None:
    toks = [t for t in SQL_TOKEN.findall('"Ship ""A"" Day" + 3 <= "b"') if not t.isspace()]
    assert toks == ['"Ship ""A"" Day"', "+", "3", "<", "=", '"b"']


@pytest.mark.parametrize("name", ['Ship "A" Day', 'a""b', '"lead"'])
def test_days_added_to_a_date_named_with_quotes(name: str) -> None:
    frame = pl.DataFrame({name: [dt.date(2024, 1, 30), None]})
    got = frame.select(expression_for(f"{_q(name)} + 3", frame.schema)).to_series().to_list()
    assert got == [dt.date(2024, 2, 2), None]
