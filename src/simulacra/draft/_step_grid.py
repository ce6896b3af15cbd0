"""Rows made one per parent row and step of a time ("readings every 7 minutes") fall on that step (issue 20, draft63).

"20 stations with readings every 7 minutes": each station gets one reading per 7 minutes of the request's span,
``steps`` of them, the number of instants ``start + k * 7 minutes`` before the span's end (every grid instant of the
span, counted exactly whether or not the step divides a day or the span). The readings' first date-time, drawn
anywhere in the span before, is their grid instant: the k-th reading of each station at ``start + k * step``
(``step_no``, from the table's sequence key, or a ``row_no`` added where its key is no sequence). A datetime's
``resolution`` must divide a day, so a step of 7 minutes, 90 minutes or 35 seconds cannot be one; the grid here is
an expression, exact for any whole number of seconds. Calendar steps (months, quarters, years) are no fixed number
of seconds and keep their count alone.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

__all__ = ["STEP_SECONDS", "first_own_date", "grid_steps", "on_the_step"]

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


def _words(seconds: int) -> str:
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


def on_the_step(
    cols: dict[str, Any], table: str, key: str, parent: str, each: int, seconds: int, span: tuple[dt.date, dt.date]
) -> str | None:
    """Put the table's first date or date-time (one not after another column of its row) on the grid of
    ``seconds`` from the span's first midnight: the k-th row of each parent row (``each`` of them, made together)
    at the k-th step. Returns the note, or None where the table has no such column or no sequence to count by."""
    date_col = first_own_date(cols)
    if date_col is None or "step_no" in cols or each < 1 or seconds < 1:
        return None
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
    old = cols[date_col]
    if old.get("generator") == "date" and seconds % 86_400 == 0:
        expr, dtype = f"DATE '{span[0].isoformat()}' + step_no * {seconds // 86_400}", "date"
    else:
        expr, dtype = f"TIMESTAMP '{span[0].isoformat()} 00:00:00' + INTERVAL '{seconds} seconds' * step_no", "datetime"
    new = {"generator": "expression", "expr": expr, "dtype": dtype}
    if old.get("description"):
        new["description"] = old["description"]
    items = list(cols.items())
    at = next(i for i, (name, _) in enumerate(items) if name == date_col)
    cols.clear()
    cols.update(dict(items[:at] + list(added.items()) + [(date_col, new)] + items[at + 1 :]))
    return (
        f"{table}: the k-th {table.replace('_', ' ')} row of each {parent.replace('_', ' ')} at the k-th step of "
        f"{_words(seconds)} from {span[0].isoformat()} 00:00 ({date_col} = start + step_no x {seconds} s; "
        f"{each:,} steps before the span ends)"
    )
