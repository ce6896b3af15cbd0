"""The clock a column of date-times is written on: its step, and the hours and weekdays its values hold.

One home for both users of it: ``synth`` (a learned model keeps the step of the source's values) and
``inspection`` (a drafted ``datetime`` generator says the step, the hours and the weekdays it saw, so that
``generate`` from a reviewed draft does not put a clinic's appointments at 03:17:42.518 on a Sunday).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["DATETIME_STEPS", "US_PER_DAY", "datetime_step", "hour_shares", "weekday_shares"]

US_PER_DAY = 86_400_000_000
#: the steps a date-time column may be written on (microseconds), coarsest first: a day (midnight), an hour,
#: 30, 15 and 5 minutes, a minute, a second, a millisecond (finer: every microsecond, nothing to round)
DATETIME_STEPS = (US_PER_DAY, 3_600_000_000, 1_800_000_000, 900_000_000, 300_000_000, 60_000_000, 1_000_000, 1_000)

#: below this many values, or over fewer days, the hours and weekdays seen are not drafted: chance, not a clock
_MIN_VALUES = 50
_MIN_DAYS = 14
#: a profile is drafted only when uniform hours (or weekdays) are this unlikely to have given it (chi-square)
_P_MAX = 1e-6
#: ... and it is this far from even (total variation): thousands of values make a slight tilt significant, and a
#: drafted profile redraws the hour of a date made ``after`` another (office hours: 0.58; no weekend: 0.29)
_TV_MIN = 0.1


def datetime_step(x: NDArray[np.float64]) -> int | None:
    """The coarsest of :data:`DATETIME_STEPS` every finite value of ``x`` (microseconds since the epoch) is a
    multiple of — from midnight, as every step divides a day; None when none is (microseconds) or no value."""
    v = x[np.isfinite(x)]
    if not len(v):
        return None
    us = v.astype(np.int64)
    for step in DATETIME_STEPS:
        if not np.any(us % step):
            return step
    return None


def _profile(counts: NDArray[np.int64], span_days: float) -> list[float] | None:
    from scipy.stats import chisquare

    n = int(counts.sum())
    if n < _MIN_VALUES or span_days < _MIN_DAYS:
        return None
    shares = counts / n
    if chisquare(counts).pvalue > _P_MAX or 0.5 * float(np.abs(shares - 1.0 / len(counts)).sum()) < _TV_MIN:
        return None
    # shares to four places, as a reviewer reads them; an hour no value holds stays 0
    return [round(float(c), 4) for c in shares]


def hour_shares(us: NDArray[np.int64]) -> list[float] | None:
    """The share of values in each hour of the day (midnight first) when the values are not spread evenly over
    the day (office hours, a night shift, an evening peak) over two weeks or more; None otherwise."""
    if not len(us) or int(us.min()) % US_PER_DAY == 0 and not np.any(us % US_PER_DAY):
        return None  # dates at midnight: no hours to speak of
    hours = np.mod(us, US_PER_DAY) // 3_600_000_000
    return _profile(np.bincount(hours, minlength=24), float(np.ptp(us)) / US_PER_DAY)


def weekday_shares(us: NDArray[np.int64]) -> list[float] | None:
    """The share of values on each weekday (Monday first) when the weekdays are not even (no weekend, a
    market day) over two weeks or more; None otherwise."""
    if not len(us):
        return None
    days = np.floor_divide(us, US_PER_DAY)
    weekday = np.mod(days + 3, 7)  # 1970-01-01 was a Thursday; Monday = 0
    return _profile(np.bincount(weekday, minlength=7), float(np.ptp(days)))
