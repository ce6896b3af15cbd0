"""A ``distinct`` foreign key's parents dealt to the rows so no two children of one ``rows.per`` parent share one
(one rating per user and film; one completion per enrolment and lesson), by construction.

The parents were drawn as the key is drawn (each parent's learned number of references, the source's shape of
children per parent; with ``match``, among the candidates the ``per`` parent's values name). This keeps that
multiset of parents, block by block (the rows sharing one set of candidates), and changes only which row takes
which: the rows are laid out round by round — each ``per`` parent's first row (in an order drawn from the seed),
then each one's second, ... — and the parents, most referenced first, fill those places in turn. A parent's
``c`` references then fall on ``c`` consecutive places, which lie in ``c`` different groups unless its run crosses
into a round that repeats a group already passed (``c`` above the round's groups, or a round that shrank): few
rows, each then swapped with a row of the block whose parent its group lacks and whose group lacks its parent
(the block's multiset still kept), else given a candidate its group lacks (``spare``), else null — as the engine
leaves a group's rows past its candidates null.

Before, repeats were drawn again by the parents' shares (``_distinct_within``, up to 30 rounds) or, for a key with
``match``, by a ``unique: [per key, key]`` constraint's redraws: the shares drifted with each redraw, and a group
with more rows than free candidates kept its repeat.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream

_SCAN = 5000  # rows of the block tried as a swap for one repeat (a group past its block's parents finds none)


def deal_apart(
    assigned: NDArray[np.int64],
    group: NDArray[np.int64],
    block: NDArray[np.int64],
    s: Stream,
    rows: NDArray[np.int64],
    spare: Mapping[int, Sequence[int]] | None = None,
) -> NDArray[np.int64]:
    """``assigned`` (parent rows, -1 null) re-dealt so no ``group`` (the rows' ``per`` parents) holds a parent
    twice; ``block``: each row's set of candidates (rows of one block trade parents); ``rows``: the rows' ids,
    which address the draws (the orders drawn from the seed); ``spare``: per block, candidates in order of
    preference for a row no swap frees (none: such a row is null). The rows given are the whole table (a block's
    deal reads all its rows)."""
    out = np.asarray(assigned, dtype=np.int64).copy()
    ok = np.flatnonzero(out >= 0)
    if len(ok) < 2:
        return out
    g, b, p = np.asarray(group, np.int64)[ok], np.asarray(block, np.int64)[ok], out[ok]
    # each row's round: its place among its group's rows, in an order drawn from the seed
    by_group = np.lexsort((s.child("row").bits(rows[ok]), g))
    sg = g[by_group]
    rnd = np.empty(len(ok), np.int64)
    rnd[by_group] = np.arange(len(ok)) - np.searchsorted(sg, sg, side="left")
    places = np.lexsort((g, s.child("group").bits(g), rnd, b))
    # the block's parents, most referenced first (ties in an order drawn from the seed), each run together
    refs = pl.DataFrame({"b": b, "p": p}).select(pl.len().over("b", "p")).to_series().to_numpy().astype(np.int64)
    items = np.lexsort((p, s.child("parent").bits(p), -refs, b))
    dealt = np.empty(len(ok), np.int64)
    dealt[places] = p[items]
    out[ok] = dealt
    return _free_repeats(out, np.asarray(group, np.int64), np.asarray(block, np.int64), ok, s, rows, spare or {})


def _free_repeats(
    out: NDArray[np.int64],
    group: NDArray[np.int64],
    block: NDArray[np.int64],
    ok: NDArray[np.intp],
    s: Stream,
    rows: NDArray[np.int64],
    spare: Mapping[int, Sequence[int]],
) -> NDArray[np.int64]:
    """The few rows the deal left repeating a parent of their group: each swapped with a row of its block (in an
    order drawn from the seed) that makes neither group repeat, else given its block's first spare candidate its
    group lacks, else null."""
    f = pl.DataFrame({"g": group[ok], "p": out[ok]})
    dup = ok[~f.select(pl.struct("g", "p").is_first_distinct()).to_series().to_numpy()]
    if not len(dup):
        return out
    held: dict[int, dict[int, int]] = {}  # each group's parents and how many of its rows hold each
    for gi, pi in zip(group[ok].tolist(), out[ok].tolist(), strict=True):
        mine = held.setdefault(gi, {})
        mine[pi] = mine.get(pi, 0) + 1

    def move(gi: int, old: int, new: int) -> None:
        mine = held[gi]
        mine[old] -= 1
        if not mine[old]:
            del mine[old]
        mine[new] = mine.get(new, 0) + 1

    order = ok[np.argsort(s.child("swap").bits(rows[ok]), kind="stable")]
    in_block: dict[int, list[int]] = {}
    for i in dup.tolist():
        gi, pi, bi = int(group[i]), int(out[i]), int(block[i])
        if held[gi].get(pi, 0) < 2:
            continue  # an earlier swap already freed it
        if bi not in in_block:
            in_block[bi] = order[block[order] == bi].tolist()
        swapped = False
        for k in in_block[bi][:_SCAN]:
            gk, pk = int(group[k]), int(out[k])
            if pk < 0 or gk == gi or pk in held[gi] or pi in held[gk]:
                continue
            move(gk, pk, pi)
            move(gi, pi, pk)
            out[i], out[k] = pk, pi
            swapped = True
            break
        if swapped:
            continue
        free = next((c for c in spare.get(bi, ()) if c not in held[gi]), None)
        if free is None:
            held[gi][pi] -= 1
            out[i] = -1
        else:
            move(gi, pi, free)
            out[i] = free
    return out
