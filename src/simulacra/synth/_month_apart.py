"""One event per parent and calendar month (a meter read once a month, a monthly statement per account).

Found on the energy-utility probe of ``benchmarks/heldout_utility.py`` (issue 13): a meter's twelve readings
fall one in each month of 2024, read on a day from the 20th to the 28th; the reading date is learned as gaps
between siblings (23..39 days), and cumulated gaps put two readings of a meter in one month and none in
another, so the month's code (``period``, ``read_date``'s ``%Y-%m``) disagreed with the reading's rank
(``month_no``, ranked by the date) in 73% of sampled rows.

Learned at fit (:func:`months_apart`): a sequence's whole-day date never shares a calendar month with its
parent's sibling before it, over at least ``MIN_PAIRS`` sibling pairs, where at least ``MIN_EXPECTED`` pairs would
have shared one had the gaps fallen anywhere in their months (a pair ``g`` days apart shares one with chance
``max(0, 1 - g / 30.44)``): a rule of the data, not a chance of wide gaps.

At sample (:func:`spread_months`): each parent's dates, in order, move on to the month after the one before
where they share one (keeping the day of the month, within the month's length), back from the last month
seen where that runs past it; the order holds and no two share a month. A parent with more dates than months
in the range is left as drawn.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from simulacra.synth._following import run_max

__all__ = ["MIN_EXPECTED", "MIN_PAIRS", "months_apart", "spread_months"]

MIN_PAIRS = 30
MIN_EXPECTED = 3.0
_MONTH_DAYS = 30.44


def _months(days: NDArray[np.float64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each day (since 1970-01-01) as its month index (year * 12 + month - 1) and day of the month (1..31)."""
    d = np.floor(days).astype(np.int64).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    first = month.astype("datetime64[D]")
    return month.astype(np.int64), (d - first).astype(np.int64) + 1


def months_apart(days: NDArray[np.float64], group: NDArray[np.int64]) -> bool:
    """Whether no two consecutive siblings (rows sorted by parent, then date; ``days`` whole days) share a
    calendar month, with the evidence above — or, where every date is the 1st of its month (a month written as
    text, ``2023-04``: a month per row by its form, whose gaps of a month leave chance no pair to share one),
    without it."""
    ok = ~np.isnan(days)
    if int(ok.sum()) < MIN_PAIRS + 1:
        return False
    x, g = days[ok], group[ok]
    order = np.lexsort((x, g))
    x, g = x[order], g[order]
    pair = g[1:] == g[:-1]
    if int(pair.sum()) < MIN_PAIRS:
        return False
    month, day = _months(x)
    if bool(np.any(month[1:][pair] == month[:-1][pair])):
        return False
    if bool((day == 1).all()):
        return True
    gap = (x[1:] - x[:-1])[pair]
    return float(np.clip(1.0 - gap / _MONTH_DAYS, 0.0, 1.0).sum()) >= MIN_EXPECTED


def spread_months(days: NDArray[np.float64], group: NDArray[np.int64], lo: float, hi: float) -> NDArray[np.float64]:
    """``days`` (whole days; ``group``: each row's parent, rows of a parent in their order) moved so that no two
    of a parent share a month, inside ``[lo, hi]`` (see the module docstring)."""
    out = days.copy()
    ok = np.flatnonzero(~np.isnan(days))
    if len(ok) < 2:
        return out
    order = ok[np.lexsort((ok, group[ok]))]
    g = group[order]
    first = np.r_[True, g[1:] != g[:-1]]
    gid = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    place = np.arange(len(order)) - starts[gid]
    size = np.diff(np.r_[starts, len(order)])[gid]
    month, day = _months(days[order])
    lo_m, hi_m = _months(np.array([lo, hi]))[0]
    # at least a month after the month before (the same trick as whole steps: a running max less the place)
    # (month indexes, year * 12 + month, lie far below 2**53: exact in float64, so run_max's maximum is the int's)
    want = run_max((month - place).astype(np.float64), gid).astype(np.int64) + place
    want = np.minimum(want, hi_m - (size - 1 - place))  # back from the last month where they run past it
    fits = size <= hi_m - lo_m + 1
    move = fits & (want != month)
    if not move.any():
        return out
    target = want[move].astype("datetime64[M]")
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    new = target.astype("datetime64[D]").astype(np.int64) + np.minimum(day[move], length) - 1
    out[order[move]] = np.clip(new, lo, hi).astype(np.float64)
    return out
