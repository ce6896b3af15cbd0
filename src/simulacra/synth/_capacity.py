"""Children capped by a number of their parent (a flight's bookings never more than its ``seats``; issue 13,
airline probe ``benchmarks/heldout_airline.py``: learned, bookings per flight exceeded the aircraft's seats in
13-20% of flights, the source never did).

Learned when, in the source, every parent's child count is at most one of the parent's number columns (whole,
non-negative, no nulls) and that column binds: at least ``MIN_TIGHT`` of the parents hold ``TIGHT`` of their
number or more (a key or a price that no count nears is not a capacity). The tightest such column (least room
left over all parents) wins. Sampled, each parent's drawn count is cut to its sampled number and the rows cut
are given to parents with room left, so the table keeps its size where it can.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream

__all__ = ["MIN_PARENTS", "capped_counts", "learn_capacity"]

MIN_PARENTS = 20
MIN_TIGHT = 0.05
TIGHT = 0.8


def _whole(values: pl.Series) -> NDArray[np.float64] | None:
    """The column as non-negative whole numbers, or None when it is not one."""
    if not values.dtype.is_numeric() or values.null_count():
        return None
    v = values.cast(pl.Float64).to_numpy()
    if not np.all(np.isfinite(v)) or np.any(v < 0) or not np.all(v == np.round(v)):
        return None
    return v


def learn_capacity(counts: NDArray[np.int64], parent: pl.DataFrame, skip: set[str]) -> str | None:
    """The parent's column (of ``parent``, rows aligned with ``counts``) that caps every parent's child count,
    or None; ``skip``: columns never taken (the parent's keys, aggregates over these children)."""
    if len(counts) < MIN_PARENTS or parent.height != len(counts) or counts.sum() == 0:
        return None
    best: tuple[float, str] | None = None
    for c in parent.columns:
        if c in skip:
            continue
        v = _whole(parent.get_column(c))
        if v is None or np.any(counts > v) or np.all(counts == v):  # the count itself is no cap
            continue
        if np.mean(counts >= TIGHT * v) < MIN_TIGHT:
            continue
        slack = float(np.sum(v - counts))
        if best is None or slack < best[0]:
            best = (slack, c)
    return best[1] if best else None


def capped_counts(counts: NDArray[np.int64], cap: pl.Series, stream: Stream) -> NDArray[np.int64]:
    """``counts`` cut to ``cap`` (a null cap leaves its parent's count as drawn); the rows cut go to parents with
    room, in proportion to their room, the last few one each in an order drawn from ``stream``."""
    limit = cap.cast(pl.Float64).fill_null(np.inf).to_numpy()
    limit = np.where(np.isfinite(limit), np.floor(np.maximum(limit, 0)), np.iinfo(np.int64).max).astype(np.int64)
    out = np.minimum(counts, limit)
    excess = int(counts.sum() - out.sum())
    room = limit - out
    total = float(np.sum(room.astype(np.float64)))
    if excess <= 0 or total <= 0:
        return out
    if total <= excess:  # no more room than rows cut: every parent full
        return out + room
    add = np.minimum(np.floor(room * (excess / total)).astype(np.int64), room)
    out = out + add
    left = excess - int(add.sum())
    if left > 0:
        open_ = np.flatnonzero(out < limit)
        order = np.argsort(stream.uniform(open_.astype(np.int64)), kind="stable")
        out[open_[order[:left]]] += 1
    return out
