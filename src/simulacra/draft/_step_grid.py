"""Rows made one per parent row and step of a time ("readings every 7 minutes") fall on that step (issue 20, draft63).

"20 stations with readings every 7 minutes": each station gets one reading per 7 minutes of the request's span,
``steps`` of them, the number of instants ``start + k * 7 minutes`` before the span's end (every grid instant of the
span, counted exactly whether or not the step divides a day or the span). The readings' first date-time, drawn
anywhere in the span before, is their grid instant: the k-th reading of each station at ``start + k * step``
(``step_no``, from the table's sequence key, or a ``row_no`` added where its key is no sequence). A datetime's
``resolution`` must divide a day, so a step of 7 minutes, 90 minutes or 35 seconds cannot be one; the grid here is
an expression, exact for any whole number of seconds.

A calendar step (a week from a Monday, a named weekday, a month, a quarter, a year: ``CALENDAR_STEPS``) is no fixed
number of seconds: its grid is the real calendar's boundaries, the first at or after the span's start (the 1st of a
month, of January/April/July/October, of January; a Monday or the weekday named), months of unequal length, leap
days and year ends counted as the calendar has them (``calendar_points``), by the same path (issue 20, draft69).

Where the parent has a start of its own (a server created mid-span, a meter installed: the date the rows were
drawn ``after``, or the parent's own start column) the k-th row is at that start rounded up to the grid + k steps
(``step_no`` a running sum from the parent's first step) and each parent gets only the steps left before the
span ends (``rows.equals``), so no row predates its parent (draft64).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CALENDAR_STEPS",
    "STEP_SECONDS",
    "calendar_points",
    "first_own_date",
    "grid_steps",
    "on_the_calendar",
    "on_the_step",
    "step_words",
]

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


@dataclass(frozen=True)
class CalendarStep:
    """A step on the calendar's own boundaries: ``months`` whole months from their ``day`` (a month 1, from the
    1st; "on the 15th of each month" 1 from the 15th; a quarter 3, from 1 January, April, July or October; a year
    12, from 1 January), or ``days`` from a ``weekday`` (Monday 0: a week is 7 days from a Monday, "every Friday"
    7 from a Friday), or each day Monday to Friday (``weekdays``)."""

    months: int = 0
    day: int = 1
    days: int = 0
    weekday: int = 0
    weekdays: bool = False


#: the calendar units a step may be said in, each read onto the calendar's own boundaries (data: one row a unit;
#: "month-15": the 15th of each month, up to the 28th, a day every month has)
CALENDAR_STEPS: dict[str, CalendarStep] = {
    "week": CalendarStep(days=7),
    "month": CalendarStep(months=1),
    "quarter": CalendarStep(months=3),
    "year": CalendarStep(months=12),
    "weekday": CalendarStep(days=1, weekdays=True),
    **{calendar.day_name[i].lower(): CalendarStep(days=7, weekday=i) for i in range(7)},
    **{f"month-{d}": CalendarStep(months=1, day=d) for d in range(2, 29)},
}


def _first_month(step: CalendarStep, day: dt.date) -> int:
    """The month (year x 12 + month - 1) of the first boundary of ``step`` on or after ``day``."""
    index = day.year * 12 + day.month - 1 + (day.day > step.day)
    return -(-index // step.months) * step.months


def _first_day(step: CalendarStep, day: dt.date) -> dt.date:
    """The first day on or after ``day`` that is ``step``'s weekday (a weekday, Monday to Friday, for weekdays)."""
    if step.weekdays:
        return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() > 4 else 0)
    return day + dt.timedelta(days=(step.weekday - day.weekday()) % 7)


def calendar_points(unit: str, span: tuple[dt.date, dt.date]) -> list[dt.date]:
    """The boundaries of a calendar ``unit`` (a key of ``CALENDAR_STEPS``) from the first on or after the span's
    first day to its last day: the 1st of each month of the span, each Monday of it, ..."""
    step, out = CALENDAR_STEPS[unit], []
    if step.months:
        month = _first_month(step, span[0])
        while (day := dt.date(month // 12, month % 12 + 1, step.day)) <= span[1]:
            out.append(day)
            month += step.months
        return out
    day = _first_day(step, span[0])
    while day <= span[1]:
        if not step.weekdays or day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=step.days)
    return out


@dataclass(frozen=True)
class _Grid:
    """The instants rows are put on: every ``seconds`` from ``origin``'s midnight (a fixed step; a week's or a
    weekday's days); every ``months`` from the ``day`` of the month ``month`` (year x 12 + month - 1); or, with
    ``weekdays``, each Monday to Friday from ``origin`` (a weekday)."""

    words: str
    origin: dt.date
    seconds: int = 0
    months: int = 0
    month: int = 0
    day: int = 1
    weekdays: bool = False

    def point(self, old: dict[str, Any]) -> tuple[str, str]:
        """SQL: the grid's ``step_no``-th instant, a date where the column is a date and the step whole days."""
        date = old.get("generator") == "date"
        if self.months:
            months = f"({self.month} + step_no * {self.months})"
            text = (
                f"CONCAT(CAST(CAST(floor({months} / 12) AS INT) AS VARCHAR), '-', "
                f"LPAD(CAST({months} % 12 + 1 AS VARCHAR), 2, '0'), '-{self.day:02d}')"
            )
            if date:
                return f"CAST({text} AS DATE)", "date"
            return f"CAST(CONCAT({text}, ' 00:00:00') AS TIMESTAMP)", "datetime"
        if self.weekdays:  # the n-th weekday from the Monday of the origin's week: n // 5 weeks and n % 5 days
            monday = self.origin - dt.timedelta(days=self.origin.weekday())
            n = f"({self.origin.weekday()} + step_no)"
            days = f"CAST(floor({n} / 5) AS INT) * 7 + {n} % 5"
            if date:
                return f"DATE '{monday.isoformat()}' + ({days})", "date"
            return f"TIMESTAMP '{monday.isoformat()} 00:00:00' + INTERVAL '86400 seconds' * ({days})", "datetime"
        if date and self.seconds % 86_400 == 0:
            return f"DATE '{self.origin.isoformat()}' + step_no * {self.seconds // 86_400}", "date"
        return (
            f"TIMESTAMP '{self.origin.isoformat()} 00:00:00' + INTERVAL '{self.seconds} seconds' * step_no",
            "datetime",
        )

    def first(self, ref: str, kind: str) -> str:
        """SQL: the grid step at or after the date ``ref`` (0 where it is before the grid or null)."""
        clock = (
            "".join(
                f" + CAST(EXTRACT({u} FROM {ref}) AS INT) * {n}"
                for u, n in (("hour", 3600), ("minute", 60), ("second", 1))
            )
            if kind == "datetime"
            else ""
        )
        if self.months:  # the month of ref, one more where ref is past the boundary's day of its month
            late = f"CAST(EXTRACT(day FROM {ref}) AS INT) * 86400 - {self.day * 86_400}{clock}"
            month = f"CAST(EXTRACT(year FROM {ref}) AS INT) * 12 + CAST(EXTRACT(month FROM {ref}) AS INT) - 1"
            since = f"{month} + CASE WHEN {late} > 0 THEN 1 ELSE 0 END - {self.month}"
            return f"COALESCE(GREATEST(0, CAST(CEIL(({since}) / {self.months}) AS INT)), 0)"
        if self.weekdays:  # whole days from the origin's Monday (one more past midnight): 5 a week, at most 5 a week's
            monday = self.origin - dt.timedelta(days=self.origin.weekday())
            late = f"CASE WHEN 0{clock} > 0 THEN 1 ELSE 0 END"
            d = f"GREATEST(0, CAST(CAST({ref} AS DATE) AS INT) - CAST(DATE '{monday.isoformat()}' AS INT) + {late})"
            since = f"CAST(floor({d} / 7) AS INT) * 5 + LEAST({d} % 7, 5) - {self.origin.weekday()}"
            return f"COALESCE(GREATEST(0, {since}), 0)"
        days = f"(CAST(CAST({ref} AS DATE) AS INT) - CAST(DATE '{self.origin.isoformat()}' AS INT)) * 86400{clock}"
        return f"COALESCE(GREATEST(0, CAST(CEIL(({days}) / {self.seconds}) AS INT)), 0)"

    def formula(self, date_col: str) -> str:
        if self.months:
            return f"{date_col} = day {self.day} of the month {self.months} x step_no months after {self.origin}"
        if self.weekdays:
            return f"{date_col} = the step_no-th weekday, Monday to Friday, from {self.origin}"
        return f"{date_col} = start + step_no x {self.seconds} s"


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
    if seconds < 1:
        return None
    grid = _Grid(step_words(seconds), span[0], seconds=seconds)
    return _on_the_grid(grid, cols, table, key, parent, each, parent_table, parent_cols, parent_start, rows)


#: a calendar unit in the notes' words ("month-15": the month, from its 15th)
_UNIT_WORDS = {
    "week": "a week (Mondays)",
    "weekday": "a weekday (Monday to Friday)",
    **{f"month-{d}": f"a month (day {d})" for d in range(2, 29)},
}


def on_the_calendar(
    cols: dict[str, Any],
    table: str,
    key: str,
    parent: str,
    each: int,
    unit: str,
    span: tuple[dt.date, dt.date],
    parent_table: str | None = None,
    parent_cols: dict[str, Any] | None = None,
    parent_start: str | None = None,
    rows: dict[str, Any] | None = None,
) -> str | None:
    """As :func:`on_the_step`, on the boundaries of a calendar ``unit`` (``CALENDAR_STEPS``) from the first on or
    after the span's start: "monthly invoices" on the 1st of each month, "weekly timesheets" on Mondays, "yearly
    renewals" on 1 January (the k-th row of each parent at the k-th boundary; ``each`` of them, the span's)."""
    step = CALENDAR_STEPS.get(unit)
    points = calendar_points(unit, span) if step is not None else []
    if step is None or not points:
        return None
    words = _UNIT_WORDS.get(unit, unit)
    if step.months:
        grid = _Grid(words, points[0], months=step.months, month=_first_month(step, span[0]), day=step.day)
    else:
        grid = _Grid(words, points[0], seconds=step.days * 86_400, weekdays=step.weekdays)
    return _on_the_grid(grid, cols, table, key, parent, each, parent_table, parent_cols, parent_start, rows)


def _on_the_grid(
    grid: _Grid,
    cols: dict[str, Any],
    table: str,
    key: str,
    parent: str,
    each: int,
    parent_table: str | None,
    parent_cols: dict[str, Any] | None,
    parent_start: str | None,
    rows: dict[str, Any] | None,
) -> str | None:
    date_col = first_own_date(cols)
    if date_col is None or "step_no" in cols or each < 1:
        return None
    old = cols[date_col]
    start = None
    if parent_table is not None and parent_cols is not None and rows is not None:
        start = _parent_start(old, parent_table, parent_cols, parent_start)
    if start is not None and parent_table is not None and rows is not None:
        return _from_the_parent(grid, cols, table, date_col, parent, parent_table, start, each, rows)
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
    expr, dtype = grid.point(old)
    _put(cols, date_col, added, expr, dtype)
    return (
        f"{table}: the k-th {table.replace('_', ' ')} row of each {parent.replace('_', ' ')} at the k-th step of "
        f"{grid.words} from {grid.origin.isoformat()} 00:00 ({grid.formula(date_col)}; "
        f"{each:,} steps before the span ends)"
    )


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
    grid: _Grid,
    cols: dict[str, Any],
    table: str,
    date_col: str,
    parent: str,
    parent_table: str,
    start: tuple[str, str],
    each: int,
    rows: dict[str, Any],
) -> str:
    """A parent with its own start (a server created, a meter installed): its k-th row at the first step at or
    after that start + k steps, and only the steps left before the span ends (``rows.equals``: the count of each
    parent is its remaining steps; one older than the span gets all ``each``, one starting after it none)."""
    col, kind = start
    first = grid.first(f"{parent_table}.{col}", kind)
    own = grid.first(col, kind)
    rows["equals"] = f"GREATEST(0, {each} - {own})"
    added = {"step_no": {"generator": "running_sum", "of": "1", "start": f"{first} - 1", "round": 0}}
    expr, dtype = grid.point(cols[date_col])
    _put(cols, date_col, added, expr, dtype)
    return (
        f"{table}: the k-th {table.replace('_', ' ')} row of each {parent.replace('_', ' ')} at the k-th step of "
        f"{grid.words} from its {col} (rounded up to the grid from {grid.origin.isoformat()} 00:00; "
        f"{grid.formula(date_col)}); each {parent.replace('_', ' ')} gets the steps left before the span ends "
        f"(at most {each:,}: rows.equals)"
    )
