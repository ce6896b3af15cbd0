"""A schedule within a parent (a drafted ``once: [a, b]`` with ``per: [parent, round]``): a team once per season
and matchday across its home and away keys, each pairing once per season where ``unique: [parent, a, b]`` says so.

Keys are drawn row by row and rounds are learned row by row, so neither knows the other: local swaps kept a
sparse pairing but not a double round robin (which takes 94% of a league's ordered pairs; learn-league2). The
schedule is built per parent instead, from the parent's entities (the values its rows drew for either key):

1. the rounds: the parent's rows, in the order of the row's other scheduled values (a date) and then its
   learned round, fill the round values in order, each round at most ``entities // 2`` rows (the learned count
   of each value where it fits; missing integer or date values within the learned range first, then after it,
   when more rounds are needed) — so rounds follow dates;
2. the pairs: where the parent's rows are exactly a single or a double round robin of its entities in full
   rounds, the circle method's rounds (the second half mirrored), entities and rows in an order drawn from the
   seed; otherwise a greedy assignment, round by round, of the entities free in the round, preferring the
   row's drawn keys and then the entities furthest below their drawn number of references;
3. a min-conflicts walk of swaps of whole pairs within a round (and, for a sparse schedule, of one entity for
   one free in the round) removes what the other groups repeat (a team once per date; ``unique: [a, date]``),
   and last a row still repeating an entity on a date is moved to the nearest free date of the parent's range.

The same input and seed give the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Group", "build_schedule"]


@dataclass
class Group:
    """A set of rows an entity stands in once: rows with equal ``(parent if by_parent, values)``; ``sides``:
    which keys count (0 the first, 1 the second); ``shiftable``: the values are integers (days) a row may move
    to as the last resort."""

    values: NDArray[np.int64]
    sides: tuple[int, ...]
    by_parent: bool
    shiftable: bool = False


def _circle(m: int) -> list[list[tuple[int, int]]]:
    """A single round robin of ``m`` entities by the circle method: ``m - 1`` rounds (``m`` with a bye when odd),
    each of its pairs; home and away alternate."""
    even = m + (m % 2)
    teams = list(range(even))
    out: list[list[tuple[int, int]]] = []
    for d in range(even - 1):
        day = []
        for i in range(even // 2):
            x, y = teams[i], teams[even - 1 - i]
            if x >= m or y >= m:
                continue  # the bye
            day.append((x, y) if (d + i) % 2 else (y, x))
        out.append(day)
        teams = [teams[0], teams[-1], *teams[1:-1]]
    return out


def _round_values(
    vals: NDArray[np.int64], order: NDArray[np.int64], cap: int, integer: bool, rng: np.random.Generator
) -> NDArray[np.int64]:
    """New round values for a parent's rows: each value at most ``cap`` rows, rows in ``order`` filling the
    values in order, each value its learned count where it fits."""
    n = len(vals)
    present, counts = np.unique(vals, return_counts=True)
    needed = -(-n // cap)
    values = present.tolist()
    learned = dict(zip(present.tolist(), counts.tolist(), strict=True))
    if len(values) < needed and integer:
        lo, hi = int(present.min()), int(present.max())
        gaps = [v for v in range(lo, hi + 1) if v not in learned]
        values = sorted(values + gaps[: needed - len(values)])
        v = hi
        while len(values) < needed:
            v += 1
            values.append(v)
    size = {v: min(learned.get(v, 0), cap) for v in values}
    left = n - sum(size.values())
    while left > 0:
        room = [v for v in values if size[v] < cap]
        if not room:
            break  # not enough values (a code column): the rest go to the last round, repaired as conflicts
        for v in rng.permutation(len(room)).tolist():
            if left == 0:
                break
            size[room[v]] += 1
            left -= 1
    if left > 0:
        size[values[-1]] += left
    out = np.empty(n, dtype=np.int64)
    k = 0
    for v in values:
        out[order[k : k + size[v]]] = v
        k += size[v]
    return out


def build_schedule(
    parent: NDArray[np.int64],
    a: NDArray[np.int64],
    b: NDArray[np.int64],
    rounds: Group | None,
    others: Sequence[Group],
    rng: np.random.Generator,
    *,
    n_entities: int,
    pairs_once: bool,
    round_integer: bool = True,
    order_by: NDArray[np.int64] | None = None,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64] | None, list[NDArray[np.int64]]]:
    """``(a, b, round values, other groups' values)`` with each parent's rows a schedule: an entity once per
    round in either key, once in each of ``others``' groups on its sides, each ordered pair once per parent
    where ``pairs_once``; ``a != b``. Rows with a null key or parent (< 0) are left as they are. ``n_entities``:
    rows of the keys' table (values are row indices), for a parent whose entities cannot hold its rows.
    ``order_by``: the order rows take the rounds in (a date's days), ties by the learned round."""
    a, b = a.copy(), b.copy()
    rvals = rounds.values.copy() if rounds is not None else np.zeros(len(a), dtype=np.int64)
    copies: dict[int, NDArray[np.int64]] = {}  # groups reading one column share its values: a move moves all
    kinds = [
        Group(rvals, (0, 1), True),
        *[Group(copies.setdefault(id(g.values), g.values.copy()), g.sides, g.by_parent, g.shiftable) for g in others],
    ]
    ents = [a, b]
    valid = (parent >= 0) & (a >= 0) & (b >= 0)
    counts: dict[tuple[int, int, int, int], int] = {}

    def keys(i: int) -> list[tuple[int, int, int, int]]:
        out = [
            (k, int(parent[i]) if g.by_parent else -1, int(g.values[i]), int(ents[s][i]))
            for k, g in enumerate(kinds)
            for s in g.sides
        ]
        if pairs_once:
            out.append((-1, int(parent[i]), int(a[i]), int(b[i])))
        return out

    def add(i: int, sign: int) -> None:
        for key in keys(i):
            counts[key] = counts.get(key, 0) + sign

    by_parent: dict[int, list[int]] = {}
    for i in np.flatnonzero(valid).tolist():
        by_parent.setdefault(int(parent[i]), []).append(i)
    for i in np.flatnonzero(valid).tolist():
        add(i, 1)
    for p in sorted(by_parent):
        rows = by_parent[p]
        for i in rows:
            add(i, -1)
        _schedule_parent(rows, a, b, kinds, rng, n_entities, pairs_once, round_integer, order_by, rounds is not None)
        for i in rows:
            add(i, 1)
        _repair(rows, a, b, kinds, rng, add, keys, counts)
    return a, b, (kinds[0].values if rounds is not None else None), [g.values for g in kinds[1:]]


def _schedule_parent(
    rows: list[int],
    a: NDArray[np.int64],
    b: NDArray[np.int64],
    kinds: list[Group],
    rng: np.random.Generator,
    n_entities: int,
    pairs_once: bool,
    round_integer: bool,
    order_by: NDArray[np.int64] | None,
    has_rounds: bool,
) -> None:
    idx = np.asarray(rows, dtype=np.int64)
    n = len(idx)
    drawn = np.concatenate([a[idx], b[idx]])
    ents = np.unique(drawn).tolist()

    def short() -> bool:  # a round holds entities // 2 rows; the pairs once per parent need m (m - 1) >= n
        m = len(ents)
        return m < 2 or (pairs_once and m * (m - 1) < n) or (not has_rounds and m < 2 * n)

    if short():  # more entities, drawn from the keys' table in an order from the seed
        held = set(ents)
        extra = [e for e in rng.permutation(n_entities).tolist() if e not in held]
        while extra and short():
            ents.append(extra.pop(0))
    m = len(ents)
    cap = max(1, m // 2)
    rv = kinds[0].values
    if has_rounds:
        key = rv[idx] if order_by is None else order_by[idx]
        tie = rv[idx]
        order = np.lexsort((rng.random(n), tie, key))
        rv[idx] = _round_values(rv[idx], order, cap, round_integer, rng)
    values = sorted(set(rv[idx].tolist()))
    in_round = {v: [int(i) for i in idx[rng.permutation(n)] if rv[i] == v] for v in values}
    sizes = [len(in_round[v]) for v in values]
    single = m * (m - 1) // 2
    full = m >= 2 and all(s == cap for s in sizes)
    circle = _circle(m)
    if full and ((n == single and len(values) == len(circle)) or (n == 2 * single and len(values) == 2 * len(circle))):
        order_e = [ents[k] for k in rng.permutation(m).tolist()]
        days = circle + [[(y, x) for x, y in day] for day in circle] if n == 2 * single else circle
        for v, day in zip(values, days, strict=True):
            for i, (x, y) in zip(in_round[v], day, strict=True):
                a[i], b[i] = order_e[x], order_e[y]
        return
    # a sparse schedule: greedy, round by round
    want = {e: 0 for e in ents}
    for e in drawn.tolist():
        want[e] += 1
    used_pairs: set[tuple[int, int]] = set()
    for v in values:
        free = set(ents)
        for i in in_round[v]:
            mine = [int(a[i]), int(b[i])]
            pick: list[int] = []
            for side in (0, 1):
                cands = sorted(e for e in free if e not in pick)
                if side == 1 and pairs_once:
                    ok = [e for e in cands if (pick[0], e) not in used_pairs]
                    cands = ok or cands
                if not cands:
                    cands = [e for e in ents if e not in pick]
                if mine[side] in cands:
                    e = mine[side]
                else:
                    top = max(want[c] for c in cands)
                    best = [c for c in cands if want[c] == top]
                    e = best[int(rng.integers(len(best)))]
                pick.append(e)
                free.discard(e)
                want[e] -= 1
            a[i], b[i] = pick
            used_pairs.add((pick[0], pick[1]))


def _repair(
    rows: list[int],
    a: NDArray[np.int64],
    b: NDArray[np.int64],
    kinds: list[Group],
    rng: np.random.Generator,
    add: Callable[[int, int], None],
    keys: Callable[[int], list[tuple[int, int, int, int]]],
    counts: dict[tuple[int, int, int, int], int],
) -> None:
    """Min-conflicts: a row still repeating an entity swaps its pair with another row of its round (or, where
    that does not help, takes an entity free in its round), the move that leaves the fewest repeats; last, a
    shiftable group's value moves to the nearest free one."""
    rv = kinds[0].values
    by_round: dict[int, list[int]] = {}
    for i in rows:
        by_round.setdefault(int(rv[i]), []).append(i)
    ents_all = sorted(set(a[rows].tolist()) | set(b[rows].tolist()))

    def bad(i: int) -> bool:
        return any(counts.get(key, 0) > 1 for key in keys(i)) or a[i] == b[i]

    def delta(touched: Sequence[int], move: Callable[[], None], undo: Callable[[], None]) -> float:
        """The change in repeats a move makes (over every key the touched rows hold before or after it)."""
        before = {key for i in touched for key in keys(i)}
        for i in touched:
            add(i, -1)
        move()
        for i in touched:
            add(i, 1)
        union = before | {key for i in touched for key in keys(i)}
        after = sum(max(0, counts.get(key, 0) - 1) for key in union)
        for i in touched:
            add(i, -1)
        undo()
        for i in touched:
            add(i, 1)
        return after - sum(max(0, counts.get(key, 0) - 1) for key in union)

    queue = [i for i in rows if bad(i)]
    budget = 60 * len(queue) + 200
    while queue and budget > 0:
        budget -= 1
        i = queue.pop(int(rng.integers(len(queue))))
        if not bad(i):
            continue
        mates = by_round[int(rv[i])]
        best, best_cost = None, None
        for j in mates:
            if j == i:
                continue

            def flip(i: int = i, j: int = j) -> None:
                a[i], a[j], b[i], b[j] = a[j], a[i], b[j], b[i]

            c = delta([i, j], flip, flip) + float(rng.random()) * 0.5
            if best_cost is None or c < best_cost:
                best, best_cost = ("swap", j, 0), c
        held = {int(x) for j in mates for x in (a[j], b[j])}
        for side in (0, 1):
            col = (a, b)[side]
            old = int(col[i])
            for e in ents_all:
                if e in held:
                    continue

                def take(col: NDArray[np.int64] = col, e: int = e, i: int = i) -> None:
                    col[i] = e

                def back(col: NDArray[np.int64] = col, old: int = old, i: int = i) -> None:
                    col[i] = old

                c = delta([i], take, back) + float(rng.random()) * 0.5 + 0.25  # a swap first: counts kept
                if best_cost is None or c < best_cost:
                    best, best_cost = ("take", e, side), c
        if best is None or best_cost is None or best_cost >= 0.6:
            continue
        kind, x, side = best
        if kind == "swap":
            j = int(x)
            add(i, -1)
            add(j, -1)
            a[i], a[j], b[i], b[j] = a[j], a[i], b[j], b[i]
            add(i, 1)
            add(j, 1)
            queue.extend(r for r in (i, j) if bad(r))
        else:
            add(i, -1)
            (a, b)[side][i] = int(x)
            add(i, 1)
            if bad(i):
                queue.append(i)
    # last: a shiftable group's value (a date) moved to the nearest free one within the parent's range
    for i in rows:
        if not bad(i):
            continue
        for g in kinds[1:]:
            if not g.shiftable:
                continue
            lo, hi = int(g.values[rows].min()), int(g.values[rows].max())
            v0 = int(g.values[i])
            for step in range(1, hi - lo + 1):
                moved = False
                for v in (v0 - step, v0 + step):
                    if not lo <= v <= hi:
                        continue
                    add(i, -1)
                    g.values[i] = v
                    add(i, 1)
                    if not bad(i):
                        moved = True
                        break
                    add(i, -1)
                    g.values[i] = v0
                    add(i, 1)
                if moved:
                    break
