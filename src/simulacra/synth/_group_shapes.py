"""A matched key's children per candidate, group by group, as the source spread them (issue 13).

A key with ``match`` points among a group's rows only (a ledger entry's booking is one of its passenger's
bookings): a group has ``m`` candidates and ``n`` rows to give them. With a handful of candidates the source's
histogram of references per parent, read at a group's quantiles (:mod:`synth._ref_shape`), is one fixed answer
per ``(m, n)``: a passenger with 3 bookings and 2 entries always got ``0, 0, 2`` or always ``0, 1, 1``, where the
source drew either (its entries a booking earning once 0.397, the sample 0.270). So the source's own groups are
kept as shapes — the sorted references of each group's candidates, with how many groups had it — and a sampled
group whose ``(m, n)`` some source group had takes one of those shapes, drawn by their frequency: the sample holds
the source's shares of candidates with 0, 1, 2, ... children for each group size, whatever the shape (mostly
once, mostly twice, a heavy tail). Larger groups (where exact sizes seldom repeat and the quantiles already hold
the shape) and sizes the source never had keep the quantile slots.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import polars as pl
from numpy.typing import NDArray

#: groups of at most this many candidates are kept as shapes (a larger one seldom repeats its exact size)
MAX_CANDIDATES = 16
#: candidates per owner the count model tells apart (more read as this many)
MAX_CODE = 31


def candidates_per_owner(
    owners: pl.DataFrame, key: str, candidates: pl.DataFrame, column: str
) -> NDArray[np.int32] | None:
    """Per ``owners`` row, how many ``candidates`` rows hold its ``key`` in ``column`` (a passenger's
    bookings), capped at ``MAX_CODE``: a code the child's count model reads, so an owner's rows follow its
    candidates (a customer with 3 invoices makes about 3 payments), not only the owner's own columns. None
    when a column is missing."""
    if key not in owners.columns or column not in candidates.columns:
        return None
    keys = owners.get_column(key)
    held = candidates.get_column(column).cast(keys.dtype, strict=False).drop_nulls()
    per = pl.DataFrame({"__k": held}).group_by("__k").len()
    n = (
        pl.DataFrame({"__k": keys})
        .join(per, on="__k", how="left", maintain_order="left")
        .get_column("len")
        .fill_null(0)
        .to_numpy()
    )
    return np.minimum(n, MAX_CODE).astype(np.int32)


def group_shapes(refs: NDArray[np.int64], groups: NDArray[np.int64], ok: NDArray[np.bool_]) -> list[list[int]]:
    """The source's groups as ``[groups holding it, count, count, ...]`` (counts ascending), one entry per
    distinct shape, in a fixed order: ``refs`` each parent row's references, ``groups`` its match group (0:
    none), ``ok`` whether it is a candidate (meets the key's ``where``). Groups with no reference are left out
    (a sampled group with no row has nothing to deal)."""
    keep = ok & (groups > 0)
    g, r = groups[keep], np.asarray(refs, np.int64)[keep]
    order = np.lexsort((r, g))
    g, r = g[order], r[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]]) if len(g) else np.zeros(0, np.int64)
    ends = np.r_[starts[1:], len(g)]
    seen: Counter[tuple[int, ...]] = Counter()
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        if e - s <= MAX_CANDIDATES and r[s:e].sum() > 0:
            seen[tuple(int(v) for v in r[s:e])] += 1
    return [[k, *shape] for shape, k in sorted(seen.items(), key=lambda it: (len(it[0]), sum(it[0]), it[0]))]


def deal_shapes(
    count: NDArray[np.int64],
    shapes: list[list[int]],
    pg: NDArray[np.int64],
    ok: NDArray[np.bool_],
    order: NDArray[np.int64],
    want: NDArray[np.int64],
    u: NDArray[np.float64],
) -> NDArray[np.int64]:
    """``count`` (children per parent row, from the quantile slots) with each group whose candidates and rows
    (``ok`` parents in group ``pg``, ``want`` rows) some source shape matches given one of those shapes, drawn
    by ``u`` (one uniform per group) in proportion to how many source groups held it; its counts, ascending,
    go to the group's candidates in ``order`` (lowest learned references first), its other parents none."""
    if not shapes:
        return count
    by_size: dict[tuple[int, int], list[list[int]]] = {}
    for entry in shapes:
        by_size.setdefault((len(entry) - 1, sum(entry[1:])), []).append(entry)
    out = count.copy()
    members = order[ok[order]]  # candidates grouped, each group's in dealing order
    gm = pg[members]
    starts = np.flatnonzero(np.r_[True, gm[1:] != gm[:-1]]) if len(gm) else np.zeros(0, np.int64)
    ends = np.r_[starts[1:], len(gm)]
    dealt: list[int] = []
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        g = int(gm[s])
        found = by_size.get((e - s, int(want[g]))) if g > 0 else None
        if not found:
            continue
        weights = np.cumsum([entry[0] for entry in found], dtype=np.float64)
        pick = found[min(int(np.searchsorted(weights, u[g] * weights[-1], side="right")), len(found) - 1)]
        out[members[s:e]] = pick[1:]
        dealt.append(g)
    out[np.isin(pg, dealt) & ~ok] = 0
    return out
