"""Rows made one per parent row and step of a time ("readings every 7 minutes") fall on that step (issue 20, draft63).

"20 stations with readings every 7 minutes": each station gets one reading per 7 minutes of the request's span,
``steps`` of them, the number of instants ``start + k * 7 minutes`` before the span's end (every grid instant of the
span, counted exactly whether or not the step divides a day or the span). The readings' first date-time, drawn
anywhere in the span before, is their grid instant: the k-th reading of each station at ``start + k * step``
(``step_no``, from the table's sequence key, or a ``row_no`` added where its key is no sequence). A datetime's
``resolution`` must divide a day, so a step of 7 minutes, 90 minutes or 35 seconds cannot be one; the grid here is
an expression, exact for any whole number of seconds. Calendar steps (months, quarters, years) are no fixed number
of seconds and keep their count alone.

Where the parent has a start of its own (a server created mid-span, a meter installed: the date the rows were
drawn ``after``, or the parent's own start column) the k-th row is at that start rounded up to the grid + k steps
(``step_no`` a running sum from the parent's first step) and each parent gets only the steps left before the
span ends (``rows.equals``), so no row predates its parent (draft64).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

__all__ = ["STEP_SECONDS", "first_own_date", "grid_steps", "on_the_step", "step_words"]

#: seconds in each unit a step may be said in with a fixed length
STEP_SECONDS = {
    "second": 1,
    "minute": 60,
    "quarter-hour": 900,
    "half-hour": 1800,
    "hour": 3600,
    "day": 86_400,
    "week": 604_800,
}


def grid_steps(span: tuple[dt.date, dt.date], seconds: int) -> int:
    """How many instants ``span[0] + k * seconds`` (k = 0, 1, ...) fall before the end of the span's last day."""
    total = ((span[1] - span[0]).days + 1) * 86_400
    return max(1, math.ceil(total / seconds))


def step_words(seconds: int) -> str:
    """A step in words, in the largest unit that divides it: 3600 -> '1 hour', 5400 -> '90 minutes'."""
    for unit, size in sorted(STEP_SECONDS.items(), key=lambda kv: -kv[1]):
        if seconds % size == 0 and unit not in ("quarter-hour", "half-hour"):
            n = seconds // size
            return f"{n} {unit}" + ("s" if n != 1 else "")
    return f"{seconds} seconds"


def first_own_date(cols: dict[str, Any]) -> str | None:
    """The table's first date or date-time column that no step makes and that is not after another column of
    its own row (an ``after`` naming only other tables' columns): the one a period or a step may place."""
    return next(
        (
            name
            for name, col in cols.items()
            if isinstance(col, dict)
            and col.get("generator") in ("date", "datetime")
            and "step" not in col
            and all("." in a for a in ([col["after"]] if isinstance(col.get("after"), str) else col.get("after", [])))
        ),
        None,
    )


def _parent_start(
    old: dict[str, Any], parent_table: str, parent_cols: dict[str, Any], fallback: str | None
) -> tuple[str, str] | None:
    """The parent's date or date-time the rows come after: the one the row's date is drawn ``after``
    (``servers.created_at``), else the parent's own start date (``fallback``: a meter's ``installed_on``).
    Returns (column, generator) or None."""
    after = old.get("after")
    named = [a for a in ([after] if isinstance(after, str) else after or []) if isinstance(a, str)]
    for a in named:
        via, _, col = a.partition(".")
        if via == parent_table and "." not in col:
            found = parent_cols.get(col)
            if isinstance(found, dict) and found.get("generator") in ("date", "datetime"):
                return col, str(found["generator"])
    found = parent_cols.get(fallback or "")
    if isinstance(found, dict) and found.get("generator") in ("date", "datetime"):
        return str(fallback), str(found["generator"])
    return None


def _first_step(prefix: str, col: str, kind: str, seconds: int, span: tuple[dt.date, dt.date]) -> str:
    """SQL: the grid step at or after a parent's start (0 where the parent is older than the span or its start
    is null), over a child row (``prefix`` the parent table and a dot) or the parent's own row (no prefix)."""
    ref = f"{prefix}{col}"
    days = f"(CAST(CAST({ref} AS DATE) AS INT) - CAST(DATE '{span[0].isoformat()}' AS INT)) * 86400"
    if kind == "datetime":
        days += "".join(
            f" + CAST(EXTRACT({u} FROM {ref}) AS INT) * {n}" for u, n in (("hour", 3600), ("minute", 60), ("second", 1))
        )
    return f"COALESCE(GREATEST(0, CAST(CEIL(({days}) / {seconds}) AS INT)), 0)"


def on_the_step(
    cols: dict[str, Any],
    table: str,
    key: str,
    parent: str,
    each: int,
    seconds: int,
    span: tuple[dt.date, dt.date],
    parent_table: str | None = None,
    parent_cols: dict[str, Any] | None = None,
    parent_start: str | None = None,
    rows: dict[str, Any] | None = None,
) -> str | None:
    """Put the table's first date or date-time (one not after another column of its row) on the grid of
    ``seconds`` from the span's first midnight: the k-th row of each parent row (``each`` of them, made together)
    at the k-th step. Returns the note, or None where the table has no such column or no sequence to count by."""
    date_col = first_own_date(cols)
    if date_col is None or "step_no" in cols or each < 1 or seconds < 1:
        return None
    old = cols[date_col]
    start = None
    if parent_table is not None and parent_cols is not None and rows is not None:
        start = _parent_start(old, parent_table, parent_cols, parent_start)
    if start is not None and parent_table is not None and rows is not None:
        return _from_the_parent(cols, table, date_col, parent, parent_table, start, each, seconds, span, rows)
    added: dict[str, Any] = {}
    seq_col = cols.get(key, {})
    if isinstance(seq_col, dict) and seq_col.get("generator") == "sequence" and seq_col.get("step", 1) == 1:
        seq, first_no = key, int(seq_col.get("start", 1))
    elif "row_no" not in cols:
        seq, first_no = "row_no", 1
        added["row_no"] = {"generator": "sequence"}
    else:
        return None
    added["step_no"] = {"generator": "expression", "expr": f"({seq} - {first_no}) % {each}", "dtype": "int"}
    expr, dtype = _grid_expr(old, seconds, span)
    _put(cols, date_col, added, expr, dtype)
    return (
        f"{table}: the k-th {table.replace('_', ' ')} row of each {parent.replace('_', ' ')} at the k-th step of "
        f"{step_words(seconds)} from {span[0].isoformat()} 00:00 ({date_col} = start + step_no x {seconds} s; "
        f"{each:,} steps before the span ends)"
    )


def _grid_expr(old: dict[str, Any], seconds: int, span: tuple[dt.date, dt.date]) -> tuple[str, str]:
    if old.get("generator") == "date" and seconds % 86_400 == 0:
        return f"DATE '{span[0].isoformat()}' + step_no * {seconds // 86_400}", "date"
    return f"TIMESTAMP '{span[0].isoformat()} 00:00:00' + INTERVAL '{seconds} seconds' * step_no", "datetime"


def _put(cols: dict[str, Any], date_col: str, added: dict[str, Any], expr: str, dtype: str) -> None:
    """Replace the date column by the grid's expression, the helper columns just before it."""
    old = cols[date_col]
    new = {"generator": "expression", "expr": expr, "dtype": dtype}
    if old.get("description"):
        new["description"] = old["description"]
    items = list(cols.items())
    at = next(i for i, (name, _) in enumerate(items) if name == date_col)
    cols.clear()
    cols.update(dict(items[:at] + list(added.items()) + [(date_col, new)] + items[at + 1 :]))


def _from_the_parent(
    cols: dict[str, Any],
    table: str,
    date_col: str,
    parent: str,
    parent_table: str,
    start: tuple[str, str],
    each: int,
    seconds: int,
    span: tuple[dt.date, dt.date],
    rows: dict[str, Any],
) -> str:
    """A parent with its own start (a server created, a meter installed): its k-th row at the first step at or
    after that start + k steps, and only the steps left before the span ends (``rows.equals``: the count of each
    parent is its remaining steps; one older than the span gets all ``each``, one starting after it none)."""
    col, kind = start
    first = _first_step(parent_table + ".", col, kind, seconds, span)
    own = _first_step("", col, kind, seconds, span)
    rows["equals"] = f"GREATEST(0, {each} - {own})"
    added = {"step_no": {"generator": "running_sum", "of": "1", "start": f"{first} - 1", "round": 0}}
    expr, dtype = _grid_expr(cols[date_col], seconds, span)
    _put(cols, date_col, added, expr, dtype)
    return (
        f"{table}: the k-th {table.replace('_', ' ')} row of each {parent.replace('_', ' ')} at the k-th step of "
        f"{step_words(seconds)} from its {col} (rounded up to the grid from {span[0].isoformat()} 00:00; {date_col} = "
        f"start + step_no x {seconds} s); each {parent.replace('_', ' ')} gets the steps left before the span ends "
        f"(at most {each:,}: rows.equals)"
    )
