"""One child per month of its parent's period (issue 13): a subscription's bills, one for each month from its
start month to its end month (to the data's last month while it is open); a lease's rent invoices, an
employee's payslips, a meter's monthly readings. Drafted as ``rows.months`` (``simulacra._parent_months`` samples
it): learned as a count per parent, a mobile operator's sampled subscriptions had as many bills as their months
in only 35% of parents.

Read from the data: a child date column of month grain (every value the 1st of its month: a month written as
text, ``2023-04``, reads as its 1st), never null and held once per parent; a parent date column ``start`` and,
where one fits, a date column ``end`` (null: open, to the month of the child column's last value); the child
count equals the parent's months in at least ``SHARE`` of at least ``MIN_PARENTS`` parents, with at least
``MIN_VALUES`` distinct counts (one count for all says nothing of the period), and at least ``SHARE`` of the
children's months fall inside their parent's period.
"""

from __future__ import annotations

import datetime as dt
from itertools import permutations

import numpy as np
import polars as pl
from numpy.typing import NDArray

__all__ = ["MonthsFound", "find_parent_months"]

SHARE = 0.95  # parents whose child count is their months (and children inside their parent's period)
MIN_PARENTS = 30
MIN_VALUES = 3

MonthsFound = tuple[str, str, str | None, str, str]  # (column, start, end, until, why)


def _month(s: pl.Series) -> NDArray[np.float64]:
    """Month index (year * 12 + month - 1) of each date-time; NaN where null."""
    idx = (s.dt.year().cast(pl.Int64) * 12 + s.dt.month().cast(pl.Int64) - 1).cast(pl.Float64)
    return idx.fill_null(float("nan")).to_numpy()


def _month_grain(s: pl.Series) -> bool:
    """Every value present, the 1st of its month at midnight."""
    if s.null_count() or s.len() == 0:
        return False
    return bool(((s.dt.day() == 1) & (s.dt.hour() == 0) & (s.dt.minute() == 0) & (s.dt.second() == 0)).all())


def find_parent_months(
    child_key: pl.Series,
    child_dates: dict[str, pl.Series],
    parent_key: pl.Series,
    parent_dates: dict[str, pl.Series],
) -> MonthsFound | None:
    """The rule above for a child (``child_key``: each row's parent key; ``child_dates``: its date columns as
    date-times) and its parent (``parent_key``, ``parent_dates`` likewise), or None."""
    n = parent_key.len()
    if n < MIN_PARENTS or not parent_dates:
        return None
    key = child_key.cast(parent_key.dtype, strict=False)
    prow = (
        pl.DataFrame({"k": key})
        .join(
            pl.DataFrame({"k": parent_key, "r": np.arange(n, dtype=np.int64)}).unique("k", keep="first"),
            on="k",
            how="left",
            maintain_order="left",
        )
        .get_column("r")
        .fill_null(-1)
        .to_numpy()
    )
    has = prow >= 0
    counts = np.bincount(prow[has], minlength=n)
    if len(np.unique(counts)) < MIN_VALUES:
        return None
    starts = {p: _month(v) for p, v in parent_dates.items()}
    for c, v in child_dates.items():
        if not _month_grain(v) or pl.DataFrame({"k": key, "m": v}).is_duplicated().any():
            continue
        cm = _month(v)
        last = float(np.nanmax(cm))
        best: tuple[float, str, str | None] | None = None
        pairs: list[tuple[str, str | None]] = [*permutations(starts, 2), *((p, None) for p in starts)]
        for s, e in pairs:
            first = starts[s]
            end = np.full(n, last) if e is None else np.where(np.isnan(starts[e]), last, starts[e])
            ok = ~np.isnan(first)
            if ok.sum() < MIN_PARENTS:
                continue
            want = np.maximum(end - first + 1, 0)
            share = float((want[ok] == counts[ok]).mean())
            if best is None or share > best[0]:
                best = (share, s, e)
        if best is None or best[0] < SHARE:
            continue
        share, s, e = best
        first = starts[s][prow[has]]
        end = np.full(len(first), last) if e is None else starts[e][prow[has]]
        end = np.where(np.isnan(end), last, end)
        inside = float(((cm[has] >= first) & (cm[has] <= end)).mean())
        if inside < SHARE:
            continue
        y, mo = divmod(int(last), 12)
        until = dt.date(y, mo + 1, 1).isoformat()
        period = f"{s} to {e}, an open one to {until[:7]}" if e else f"{s} to {until[:7]}"
        why = (
            f"one row per month of its parent's period ({period}): the count is the parent's months in "
            f"{share:.1%} of {n:,} parents, each month once; kept exactly"
        )
        return c, s, e, until, why
    return None
