"""A category unique within its parent in a sequence child (one lab result per admission and test).

A sequence child is drawn position by position, each row given its predecessor, so its rows are not redrawn
whole by the table's usual uniqueness loop (their order and their predecessors' codes would move). A repeat is
instead made a category its parent does not hold yet — and the row's other learned columns go with it: the value
of a lab test, its unit, a price looked up from the code are drawn *given the new category*, else each test's
numbers would be another test's (issue 13, learn-labs).

The row is redrawn whole from its own context (its parent, its place, the codes of the sibling drawn before it)
until the category drawn is one the parent lacks: the row is then drawn from the model given "not a category the
parent holds", which keeps every column's distribution per category. A row that keeps drawing held categories
(the model gives the free ones little weight) takes a free category by the learned shares, and the columns the
model draws after that category are drawn given it. Every draw is addressed by the row's parent and its place
among the parent's rows, so the rows are the same whatever run of parents they are drawn in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.synth._table import LearnedTable

__all__ = ["context_as_drawn", "free_in_parent", "free_parent_on_day"]

_REDRAWS = 40  # whole-row redraws of a repeat before it takes a free category by the shares
_ATTEMPT = 1 << 44  # row ids of the redraws: (parent << 20) + place stays below this


def free_in_parent(
    table: LearnedTable,
    frame: pl.DataFrame,
    codes: NDArray[np.int32],
    name: str,
    pidx: NDArray[np.int64],
    stream: Stream,
    *,
    context: NDArray[np.int32] | None,
    kept: Sequence[str] = (),
    fixed: Sequence[str] = (),
    accept: Callable[[pl.DataFrame], NDArray[np.bool_]] | None = None,
) -> tuple[pl.DataFrame, NDArray[np.int32], NDArray[np.bool_]]:
    """``frame`` with each later repeat of ``name`` within its parent (row order; a second null repeats too,
    as the check counts it) redrawn as a row whose ``name`` its parent does not hold yet.

    ``context``: each row's context as drawn (parent, place, predecessor's codes), or None when the model's
    context cannot be rebuilt (then only the free category and the columns drawn after it are drawn);
    ``kept``: columns kept as they are (the sequence's date, already placed); ``fixed``: columns whose codes stay
    (a state machine's states); ``accept``: the rows the draw keeps (row constraints). Returns the frame, its
    codes and the keep mask (False: a row whose parent holds every category, left out)."""
    values = frame.get_column(name)
    keep = np.ones(frame.height, dtype=bool)
    dup = pl.DataFrame({"p": pidx, "v": values}).select(~pl.struct("p", "v").is_first_distinct()).to_series().to_numpy()
    if not dup.any():
        return frame, codes, keep
    j = table.columns.index(name)
    enc = table.encoders[name]
    cats = list(enc.categories)
    place = pl.DataFrame({"p": pidx}).select(pl.int_range(pl.len()).over("p")).to_series().to_numpy()
    key = (pidx.astype(np.int64) << 20) + place.astype(np.int64)  # the row's address: its parent and place
    held: dict[int, set[Any]] = {}
    for p in np.unique(pidx[dup]).tolist():
        held[int(p)] = set(values.filter(pl.Series(pidx == p) & ~pl.Series(dup)).to_list())
    pending: list[int] = []
    for i in np.flatnonzero(dup).tolist():
        if all(c in held[int(pidx[i])] for c in cats):
            keep[i] = False  # a parent holding every category: the row cannot be made unique
        else:
            pending.append(i)
    stay = {c: codes[:, table.columns.index(c)] for c in fixed if c in table.columns and c != name}
    swap = [c for c in frame.columns if c in table.columns and c not in kept]
    ctx_ok = context is not None and context.shape[1] == table.n_context
    redraw = stream.child("redraw")
    for attempt in range(1, _REDRAWS + 1 if ctx_ok else 1):
        if not pending:
            break
        idx = np.asarray(pending, dtype=np.int64)
        sub, sub_codes, _ = table.sample(
            key[idx] + attempt * _ATTEMPT,
            redraw,
            context=context[idx] if context is not None else None,
            fixed={c: v[idx] for c, v in stay.items()} or None,
            accept=accept,
        )
        got = sub.get_column(name).to_list()
        took = [k for k, i in enumerate(pending) if _take(held[int(pidx[i])], got[k])]
        if took:
            frame, codes = _put(frame, codes, idx[took], sub[took], sub_codes[took], swap, table, kept)
        done = set(idx[took].tolist())
        pending = [i for i in pending if i not in done]
    if not pending:
        return frame, codes, keep
    # the rest take a free category by the learned shares, from the row's own uniform; the columns the model
    # draws after it are drawn given it
    weights = table.marginals[j][: len(cats)] if table.marginals else None
    w = np.ones(len(cats)) if weights is None or not np.sum(weights) else np.asarray(weights, dtype=np.float64) + 1e-12
    u = stream.uniform(key[np.asarray(pending, dtype=np.int64)])
    picks: list[tuple[int, int]] = []
    for k, i in enumerate(pending):
        taken = held[int(pidx[i])]
        free = [c for c in range(len(cats)) if cats[c] not in taken]
        if not free:  # the parent's other repeats took the last free categories
            keep[i] = False
            continue
        cw = np.cumsum(w[free])
        picks.append((i, free[min(int(np.searchsorted(cw, u[k] * cw[-1], side="right")), len(free) - 1)]))
        taken.add(cats[picks[-1][1]])
    if not picks:
        return frame, codes, keep
    pending = [i for i, _ in picks]
    idx = np.asarray(pending, dtype=np.int64)
    chosen = np.asarray([c for _, c in picks], dtype=np.int32)
    if context is None or not ctx_ok:  # the model's context cannot be rebuilt: the category alone
        out = values.to_list()
        for k, i in enumerate(pending):
            out[i] = cats[chosen[k]]
            if codes.ndim == 2 and codes.shape[1] > j:
                codes[i, j] = chosen[k]
        return frame.with_columns(pl.Series(name, out, dtype=values.dtype)), codes, keep
    sub, sub_codes, _ = table.sample(
        key[idx] + (_REDRAWS + 1) * _ATTEMPT,
        redraw,
        context=context[idx],
        fixed={name: chosen, **{c: v[idx] for c, v in stay.items()}},
        accept=accept,
    )
    frame, codes = _put(frame, codes, idx, sub, sub_codes, swap, table, kept)
    return frame, codes, keep


def free_parent_on_day(
    parents: NDArray[np.int64],
    days: pl.Series,
    redraw: Callable[[NDArray[np.int64], int], NDArray[np.int64]],
) -> NDArray[np.int64]:
    """A second parent drawn again where it already holds a row on that day (one route per driver and
    date): each later row of a repeated ``(parent, day)`` pair, in row order, takes ``redraw(rows, attempt)``
    — the same draw as the key's own (among the parents it must match, by their learned references), from
    other uniforms — until its pair is free. The day is kept: it was drawn with the row's other columns
    (its dispatch, its stops). A null day or parent never repeats (NULLS DISTINCT, as the checks count it):
    trips with no recorded day keep the driver they drew. Repeats left after the redraws (every candidate
    holds the day) stay, for the table's check to name."""
    out = parents.copy()
    dated = days.is_not_null().to_numpy()
    for attempt in range(1, _REDRAWS + 1):
        f = pl.DataFrame({"p": out, "d": days})
        first = f.select(pl.struct("p", "d").is_first_distinct()).to_series().to_numpy()
        dup = np.flatnonzero(~first & (out >= 0) & dated)
        if not len(dup):
            break
        out[dup] = redraw(dup.astype(np.int64), attempt)
    return out


def _take(taken: set[Any], value: Any) -> bool:
    """Whether a parent holding ``taken`` can take ``value``; it then holds it."""
    if value in taken:
        return False
    taken.add(value)
    return True


def _put(
    frame: pl.DataFrame,
    codes: NDArray[np.int32],
    idx: NDArray[np.int64],
    sub: pl.DataFrame,
    sub_codes: NDArray[np.int32],
    swap: Sequence[str],
    table: LearnedTable,
    kept: Sequence[str],
) -> tuple[pl.DataFrame, NDArray[np.int32]]:
    """Rows ``idx`` replaced by the redrawn ones, but for the ``kept`` columns (values and codes)."""
    frame = frame.with_columns([frame.get_column(c).scatter(idx, sub.get_column(c)) for c in swap])
    cols = np.asarray([j for j, c in enumerate(table.columns) if c not in kept and j < codes.shape[1]], dtype=np.int64)
    codes[np.ix_(idx, cols)] = sub_codes[:, cols]
    return frame, codes


def context_as_drawn(
    base: NDArray[np.int32] | None, codes: NDArray[np.int32], position: NDArray[np.int64], n_context: int
) -> NDArray[np.int32] | None:
    """A sequence row's context as it was drawn: ``base`` (parent and place) and its predecessor's codes;
    None when that is not the model's width."""
    if base is None:
        return None
    lag = np.full_like(codes, -1)
    if len(codes) > 1:
        lag[1:] = codes[:-1]
    lag[position == 0] = -1
    full = np.concatenate([base, lag], axis=1).astype(np.int32)
    return np.ascontiguousarray(full) if full.shape[1] == n_context else None
