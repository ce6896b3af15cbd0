"""Children capped by a number of their parent (a flight's bookings never more than its ``seats``; issue 13,
airline probe ``benchmarks/heldout_airline.py``: learned, bookings per flight exceeded the aircraft's seats in
13-20% of flights, the source never did).

Learned when, in the source, every parent's child count is at most one of the parent's number columns (whole,
non-negative, no nulls) and that column binds: at least ``MIN_TIGHT`` of the parents hold ``TIGHT`` of their
number or more (a key or a price that no count nears is not a capacity). The tightest such column (least room
left over all parents) wins; a number of the parent's own parent, read through the parent's key
(``aircraft_id.seats``), counts too, the parent's own column first on a tie. Sampled, each parent's drawn
count is cut to its sampled number and the rows cut are given to parents with room left, so the table keeps
its size where it can.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream

__all__ = ["MIN_PARENTS", "capacity_candidates", "capacity_of", "capped_counts", "learn_capacity"]

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


def learn_capacity(counts: NDArray[np.int64], candidates: dict[str, pl.Series]) -> str | None:
    """The name of the candidate (name -> the parent's value, aligned with ``counts``: the parent's own columns,
    and ``fk.column`` for one of its parent's through its key ``fk``) that caps every parent's child count,
    or None."""
    if len(counts) < MIN_PARENTS or counts.sum() == 0:
        return None
    best: tuple[float, str] | None = None
    for c, values in candidates.items():
        if values.len() != len(counts):
            continue
        v = _whole(values)
        if v is None or np.any(counts > v) or np.all(counts == v):  # the count itself is no cap
            continue
        if np.mean(counts >= TIGHT * v) < MIN_TIGHT:
            continue
        slack = float(np.sum(v - counts))
        if best is None or slack < best[0]:
            best = (slack, c)
    return best[1] if best else None


def _through(frame: pl.DataFrame, fk: str, up: pl.DataFrame, key: str, column: str) -> pl.Series:
    """``up``'s ``column`` on each row of ``frame`` through ``frame.fk = up.key`` (null where none), in order."""
    return (
        frame.select(pl.col(fk).alias("_k"))
        .join(
            up.select(pl.col(key).alias("_k"), pl.col(column).alias("_v")).unique("_k", keep="first"),
            on="_k",
            how="left",
            maintain_order="left",
        )
        .get_column("_v")
        .alias(f"{fk}.{column}")
    )


def capacity_candidates(
    parent: pl.DataFrame, skip: set[str], ups: dict[str, tuple[pl.DataFrame, str, set[str]]]
) -> dict[str, pl.Series]:
    """The parent's columns not in ``skip`` (its keys, aggregates), and through each key of ``ups`` (key column ->
    (its table, the referenced column, that table's columns to skip)) that table's columns as ``key.column``."""
    out = {c: parent.get_column(c) for c in parent.columns if c not in skip}
    for fk, (up, key, up_skip) in ups.items():
        if fk not in parent.columns or key not in up.columns:
            continue
        for c in up.columns:
            if c != key and c not in up_skip and up.schema[c].is_numeric():
                out[f"{fk}.{c}"] = _through(parent, fk, up, key, c)
    return out


def capacity_of(cap: str, parent: pl.DataFrame, up: pl.DataFrame | None, key: str | None) -> pl.Series | None:
    """The sampled parents' cap: their column ``cap``, or ``fk.column`` read through ``fk`` in ``up`` (its column
    ``key``); None when a column it needs is not there."""
    if "." not in cap:
        return parent.get_column(cap) if cap in parent.columns else None
    fk, column = cap.split(".", 1)
    if up is None or key is None or fk not in parent.columns or key not in up.columns or column not in up.columns:
        return None
    return _through(parent, fk, up, key, column)


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
