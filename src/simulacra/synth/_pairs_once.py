"""A pair of keys once per context parent (``unique: [parent, a, b]``: one match per season and pairing).

Keys are not learned columns, so the learned redraws of a uniqueness never see this one. The rows' parent rows
for ``a`` and ``b`` are drawn as any key is; a row repeating an earlier row's (parent, a, b) then swaps its ``b``
with another row of its parent, chosen so that neither row then repeats a pair, names one row twice where the
keys are kept apart, or repeats a value of another uniqueness holding ``a`` or ``b`` (a team once per day).
Swapping keeps every parent's number of references; where no swap is found, ``b`` is redrawn among the values
its parent's rows hold, then among all, and last the pair ``(a, b)`` together, each in an order drawn from the
seed — so the rows are the same for the same draw.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["pairs_once"]


def pairs_once(
    parent: NDArray[np.int64],
    a: NDArray[np.int64],
    b: NDArray[np.int64],
    rng: np.random.Generator,
    *,
    apart: bool = False,
    n_a: int | None = None,
    n_b: int | None = None,
    held_a: list[NDArray[np.int64]] | None = None,
    held_b: list[NDArray[np.int64]] | None = None,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """``(a, b)`` with rows moved so that no two rows of one parent share ``(a, b)`` (rows with a null, < 0, are
    left as they are). ``apart``: ``a`` and ``b`` name one table and must differ. ``n_a``/``n_b``: the
    parents' row counts (values are row indices ``0..n - 1``) for the redraws. ``held_a``/``held_b``: group ids of
    other uniquenesses ``[a, *others]``/``[b, *others]`` whose values must not repeat within a group."""
    a, b = a.copy(), b.copy()
    valid = (parent >= 0) & (a >= 0) & (b >= 0)
    idx = np.flatnonzero(valid)
    if len(idx) < 2:
        return a, b
    held_a, held_b = held_a or [], held_b or []
    pairs: dict[tuple[int, int, int], int] = {}
    dup: list[int] = []
    for i in idx.tolist():
        k = (int(parent[i]), int(a[i]), int(b[i]))
        if k in pairs:
            dup.append(i)
        pairs[k] = pairs.get(k, 0) + 1
    if not dup:
        return a, b
    # the values each other uniqueness holds per group: (group, value) -> rows; side 0 is a, side 1 is b
    vals = [a, b]
    held = [held_a, held_b]
    seen = [[_counts(g, a, valid) for g in held_a], [_counts(g, b, valid) for g in held_b]]
    by_parent: dict[int, list[int]] = {}
    for i in idx.tolist():
        by_parent.setdefault(int(parent[i]), []).append(i)

    def free(side: int, i: int, v: int) -> bool:  # row i may take v on this side
        return all(
            s.get((int(g[i]), v), 0) == 0 or int(vals[side][i]) == v
            for g, s in zip(held[side], seen[side], strict=True)
        )

    def put(side: int, i: int, v: int) -> None:
        p = int(parent[i])
        pairs[(p, int(a[i]), int(b[i]))] -= 1
        for g, s in zip(held[side], seen[side], strict=True):
            s[(int(g[i]), int(vals[side][i]))] -= 1
            s[(int(g[i]), v)] = s.get((int(g[i]), v), 0) + 1
        vals[side][i] = v
        pairs[(p, int(a[i]), int(b[i]))] = pairs.get((p, int(a[i]), int(b[i])), 0) + 1

    def pair(side: int, mine: int, theirs: int) -> tuple[int, int]:  # (a, b) of a row holding these
        return (mine, theirs) if side == 0 else (theirs, mine)

    def taken(p: int, x: int, y: int) -> bool:
        return pairs.get((p, x, y), 0) > 0

    def movable(side: int, i: int, j: int) -> bool:  # rows i and j may swap their values on this side
        mi, ti, mj, tj = int(vals[side][i]), int(vals[1 - side][i]), int(vals[side][j]), int(vals[1 - side][j])
        if j == i or mj == mi or (apart and (mj == ti or mi == tj)):
            return False
        # each value must be new to the other row's groups (its own value leaves them)
        return all(
            int(g[i]) == int(g[j]) or (s.get((int(g[i]), mj), 0) == 0 and s.get((int(g[j]), mi), 0) == 0)
            for g, s in zip(held[side], seen[side], strict=True)
        )

    def exchange(side: int, i: int, j: int) -> None:
        mi, mj = int(vals[side][i]), int(vals[side][j])
        put(side, i, mj)
        put(side, j, mi)

    def swap(side: int, i: int, rows: list[int]) -> bool:
        """Swap row i's value on this side with a later row's of its parent (then earlier ones), repeating
        no pair."""
        p, k = int(parent[i]), rows.index(i)
        mi, ti = int(vals[side][i]), int(vals[1 - side][i])
        for j in rows[k + 1 :] + rows[:k]:
            mj, tj = int(vals[side][j]), int(vals[1 - side][j])
            if taken(p, *pair(side, mj, ti)) or taken(p, *pair(side, mi, tj)) or not movable(side, i, j):
                continue
            exchange(side, i, j)
            return True
        return False

    def step(i: int, rows: list[int]) -> bool:
        """A step of the walk (min-conflicts): the swap, on either side, with a row of the same group (a day)
        that leaves the fewest repeated pairs on the two rows, ties broken at random; the rows still repeating
        are queued again."""
        p, best, cost = int(parent[i]), None, np.inf
        for side in (0, 1):
            pool = [rows[x] for x in rng.choice(len(rows), min(len(rows), 32), replace=False).tolist()]
            if held[side]:  # the row's own group (a day) whole: other groups take the value less often
                g = held[side][0]
                pool += [j for j in rows if g[j] == g[i]][:64]
            mi, ti = int(vals[side][i]), int(vals[1 - side][i])
            for j in pool:
                if not movable(side, i, j):
                    continue
                mj, tj = int(vals[side][j]), int(vals[1 - side][j])
                ni, nj = pair(side, mj, ti), pair(side, mi, tj)
                repeats_left = pairs.get((p, *ni), 0) - (ni == pair(side, mj, tj)) + pairs.get((p, *nj), 0)
                repeats_left -= nj == pair(side, mi, ti)
                c = repeats_left + float(rng.random())  # ties at random
                if c < cost:
                    best, cost = (side, j), c
        if best is None:
            return False
        exchange(best[0], i, best[1])
        queue.extend(x for x in (i, best[1]) if repeats(x))
        return True

    def redraw(side: int, i: int, pool: NDArray[np.int64]) -> bool:
        p, t = int(parent[i]), int(vals[1 - side][i])
        for v in pool.tolist():
            if not taken(p, *pair(side, v, t)) and not (apart and v == t) and free(side, i, v):
                put(side, i, v)
                return True
        return False

    def repeats(i: int) -> bool:
        return pairs[(int(parent[i]), int(a[i]), int(b[i]))] > 1

    # swaps keep every parent's number of references: first a swap that repeats nothing, else a step of a walk
    # that may break another row (queued: a local search, bounded), and last the redraws
    queue, left, budget = list(dup), [], 50 * len(dup) + 2_000
    while queue and budget > 0:
        i = queue.pop()
        budget -= 1
        if not repeats(i):
            continue
        rows = by_parent[int(parent[i])]
        if swap(1, i, rows) or swap(0, i, rows):
            continue
        if not step(i, rows):
            left.append(i)
    for i in sorted(set(left + queue)):
        if not repeats(i):
            continue
        p, rows = int(parent[i]), by_parent[int(parent[i])]
        # a redraw: first among the values the parent's rows hold, then among all the parent table's rows
        if any(redraw(side, i, rng.permutation(np.unique(vals[side][rows]))) for side in (1, 0)):
            continue
        if any(n is not None and redraw(side, i, rng.permutation(n)) for side, n in ((1, n_b), (0, n_a))):
            continue
        if n_a and n_b:  # last: the pair together
            for x in rng.permutation(n_a).tolist():
                if free(0, i, x) and any(
                    not taken(p, x, v) and not (apart and v == x) and free(1, i, v) for v in range(n_b)
                ):
                    put(0, i, x)
                    redraw(1, i, rng.permutation(n_b))
                    break
    return a, b


def _counts(
    group: NDArray[np.int64], values: NDArray[np.int64], valid: NDArray[np.bool_]
) -> dict[tuple[int, int], int]:
    out: dict[tuple[int, int], int] = {}
    for g, v, ok in zip(group.tolist(), values.tolist(), valid.tolist(), strict=True):
        if ok:
            out[(g, v)] = out.get((g, v), 0) + 1
    return out
