"""A date-time that is another date-time plus a number of minutes (hours, days, seconds) and a fixed gap
(issue 13, found on the regional airline of ``benchmarks/heldout_airline.py``).

A flight arrives its route's block time after it departs (``sched_arr`` = ``sched_dep`` + ``routes.block_min``
minutes); a passenger boards ``board_min`` minutes into the boarding, which opens 40 minutes before the
flight's departure (``boarded_at`` = ``flights.sched_dep`` + ``board_min`` minutes - 40 minutes). Learned as
an offset after the other date-time, drawn apart from the number, 10% of sampled arrivals were their
departure plus the block time and no boarding time was its departure's less 40 minutes plus its minutes.

Kept when, in every row holding all three (at least ``MIN_ROWS``), the target less the base is the number
times the unit plus one constant (to the millisecond), and the number has two values or more (one value is
a fixed gap, which ``after`` learns). The base and the number are the row's own columns before the target
or its parents' (keys are SQL references, ``flights.sched_dep``); the first pair in the given order and the
first unit (minutes, hours, days, seconds) that hold win. Drafted as
``base + number * INTERVAL '1 minute' - INTERVAL '40 minutes'`` (a fractional number of whole seconds as
``ROUND(number * 60) * INTERVAL '1 second'``).
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["MIN_ROWS", "find_time_offset"]

MIN_ROWS = 30
_UNITS = ((60.0, "minute"), (3600.0, "hour"), (86400.0, "day"), (1.0, "second"))
_TOLERANCE = 1e-3  # seconds: a millisecond, below a date-time's written precision


def _seconds(s: pl.Series) -> np.ndarray:
    """Seconds since the epoch (nan for nulls)."""
    us = s.cast(pl.Datetime("us")).dt.epoch("us").cast(pl.Float64)
    return us.fill_null(float("nan")).to_numpy() / 1e6


def _gap(seconds: float) -> str:
    """A constant gap as an interval literal in its largest whole unit (``INTERVAL '40 minutes'``)."""
    n = abs(round(seconds))
    for size, unit in ((86400, "days"), (3600, "hours"), (60, "minutes")):
        if n % size == 0:
            return f"INTERVAL '{n // size} {unit}'"
    return f"INTERVAL '{n} seconds'"


def find_time_offset(
    target: pl.Series, bases: dict[str, pl.Series], numbers: dict[str, pl.Series]
) -> tuple[str, str] | None:
    """``(SQL expression, evidence)`` when ``target`` is one of ``bases`` plus one of ``numbers`` in a unit plus
    one constant on every row holding the three (all aligned with the rows)."""
    t = _seconds(target)
    for b, base in bases.items():
        d = t - _seconds(base)
        for n, number in numbers.items():
            x = number.cast(pl.Float64, strict=False).fill_null(float("nan")).to_numpy()
            held = np.isfinite(d) & np.isfinite(x)
            rows = int(held.sum())
            if rows < MIN_ROWS or len(np.unique(x[held])) < 2:
                continue
            for size, unit in _UNITS:
                rest = d[held] - x[held] * size
                const = float(np.round(np.median(rest)))
                if not bool(np.all(np.abs(rest - const) <= _TOLERANCE)):
                    continue
                expr = f"{b} + {n} * INTERVAL '1 {unit}'"
                secs = x[held] * size
                if not bool(np.all(x[held] == np.round(x[held]))) and bool(
                    np.all(np.abs(secs - np.round(secs)) < 1e-6)
                ):
                    # fractional minutes (board_min 16.9) to whole seconds: the product with an interval is cut
                    # to the microsecond below (21:36:53.999999), the rounded seconds are exact
                    expr = f"{b} + ROUND({n} * {size:g}) * INTERVAL '1 second'"
                if const:
                    expr += f" {'+' if const > 0 else '-'} {_gap(const)}"
                why = (
                    f"{b} plus {n} {unit}s"
                    + (f" {'plus' if const > 0 else 'less'} {_gap(const)[10:-1]}" if const else "")
                    + f" in all {rows:,} rows holding the three: a time reckoned from another, not drawn after it"
                )
                return expr, why
    return None
