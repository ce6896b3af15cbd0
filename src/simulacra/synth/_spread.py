"""Numbers made unique without redrawing their rows: each later repeat takes the nearest value no row holds.

A sequence child is drawn position by position (each row given its predecessor), so its rows cannot be redrawn
whole for uniqueness the way other tables' rows are: a repeated number moves instead. The same move serves a
number unique within its parent (a shirt number within a team, a seat within a flight): the repeats move among
the values their parent does not hold yet, inside the column's range while it has room.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray

__all__ = ["spread_unique", "spread_unique_in"]


def spread_unique(values: pl.Series, bounds: tuple[float, float] | None = None) -> pl.Series:
    """A learned number unique in the source (a cheque number in an event table) made unique: each later
    repeat, in row order, takes the nearest value no row holds, the repeats kept in their drawn order (integers
    stay integers; nulls stay). ``bounds``: a range the values stay inside while it has free values enough
    (else the repeats step above it). Deterministic: the rows are not redrawn, so their order holds."""
    dup = (~values.is_first_distinct() & values.is_not_null()).to_numpy()
    if not dup.any():
        return values
    x = values.cast(pl.Float64).to_numpy().copy()
    integral = values.dtype.is_integer() or bool(np.all(np.mod(x[~np.isnan(x)], 1.0) == 0))
    step = 1.0 if integral else float(np.nanmax(np.abs(x)) or 1.0) * 1e-9
    idx = np.flatnonzero(dup)
    order = idx[np.argsort(x[idx], kind="stable")]
    used = np.unique(x[~dup & ~np.isnan(x)])
    lo, hi = float(np.nanmin(x)), float(np.nanmax(x))
    if bounds is not None:
        lo, hi = min(lo, bounds[0]), max(hi, bounds[1])
    span = int(round((hi - lo) / step)) + 1
    if span <= 50 * len(x) + 1000:  # the free values of the range, and as many above it as there are repeats
        grid = lo + step * np.arange(span + len(idx), dtype=np.float64)
        free = grid[~np.isin(np.round((grid - lo) / step), np.round((used - lo) / step))]
        inside = free[: int(np.searchsorted(free, hi + step / 2))]
        if bounds is not None and len(inside) >= len(idx):
            free = inside
        at = np.searchsorted(free, x[order]).astype(np.int64)
        k = np.arange(len(order), dtype=np.int64)
        at = np.maximum.accumulate(at - k) + k  # distinct, increasing with the drawn values
        at = np.minimum(at, len(free) - len(order) + k)
        new = free[at]
    else:  # a wide range: repeats are few; each steps out to the nearest free value
        taken = set(used.tolist())
        new = np.empty(len(order), dtype=np.float64)
        for i, v in enumerate(x[order].tolist()):
            d = 1
            while True:
                for c in (v + d * step, v - d * step):
                    if c not in taken:
                        break
                else:
                    d += 1
                    continue
                break
            taken.add(c)
            new[i] = c
    x[order] = new
    return pl.Series(values.name, x).cast(values.dtype, strict=False)


def spread_unique_in(values: pl.Series, groups: NDArray[np.int64]) -> pl.Series:
    """``values`` unique within each group (a parent's rows): a group's later repeats take the nearest values
    the group does not hold, inside the range the whole column spans while the group has room there."""
    frame = pl.DataFrame({"g": groups, "v": values})
    dup = frame.select(~pl.struct("g", "v").is_first_distinct() & pl.col("v").is_not_null()).to_series().to_numpy()
    if not dup.any():
        return values
    nonnull = values.drop_nulls()
    bounds = (float(nonnull.min()), float(nonnull.max()))  # type: ignore[arg-type]
    order = np.argsort(groups, kind="stable")
    starts = np.flatnonzero(np.r_[True, groups[order][1:] != groups[order][:-1]])
    ends = np.r_[starts[1:], len(order)]
    out = values.to_list()
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        rows = order[a:b]  # the group's rows, in row order
        if not dup[rows].any():
            continue
        fixed = spread_unique(values.gather(rows), bounds)
        for r, v in zip(rows.tolist(), fixed.to_list(), strict=True):
            out[r] = v
    return pl.Series(values.name, out, dtype=values.dtype)
