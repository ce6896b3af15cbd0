"""Sharded uniqueness ledgers: a table's unique values checked on the workers, split by hash.

One process keeps, per unique column set, a ledger of the values of the chunks already made and redraws, in
row order, every row whose value an earlier row holds (``generation.uniqueness``). Its answers are those of one
sequential pass over the table's rows: a row keeps its value unless the value is *held* (a final value of an
earlier row), else it takes its first candidate (redraw levels, each a pure function of the row) that passes
the row checks and is not held.

Here the ledger is cut into ``K`` shards by the value's 64-bit hash (``_spill.hash_rows``); shard ``k`` of a
table is a chain of pure Dask tasks (:func:`shard_step`), one per chunk, each holding the final values of the
chunks before and the chunk's own values, as sorted hash runs with the values beside them (every hash hit is
checked by Python equality, as the one-process ledger checks it). A chunk task cuts its values into the shards'
buckets (:func:`chunk_buckets`); each shard step finds, for its share, the rows whose value the ledger holds and
the rows of the chunk that share a value (:class:`Flags`), in parallel. The client then walks only those rows
(and the rows a redraw takes the value of) in row order (:func:`resolve`), asking the shards which rows hold a
candidate's value: the redraw decisions of one process, so the same bytes, at a cost on the client in
proportion to the repeats rather than to the rows. In the usual case (one column set, no candidate any value
holds, no two accepted candidates alike) the walk's answers are had over arrays, a batch of candidates per level for
all the flagged rows; the row-by-row walk decides the rest. The redrawn rows' final values are sent to the next step
(:class:`Fix`). A task is pure, so Dask reruns a lost one (and the chain before it) with the same result.

The walk reads whole rows only at the positions it visits (:class:`Near`: fetched by position, so a chunk kept on
the worker that made it sends the client only its flagged rows, about 5%, and the rows a redraw takes the value of).
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._spill import hash_rows
from simulacra.generation.columns import apply_ranks
from simulacra.generation.rows import MadeRows, scatter_rows
from simulacra.generation.uniqueness import candidates, no_unique_left, running_sum_repeat
from simulacra.spec import model as m

if TYPE_CHECKING:
    from collections.abc import Callable

    from simulacra.generation.engine import Engine

__all__ = [
    "Bucket",
    "Cut",
    "Fix",
    "Flags",
    "Lookups",
    "Near",
    "ShardState",
    "ask_shards",
    "chunk_buckets",
    "cut_buckets",
    "flagged",
    "resolve",
    "shard_lookup",
    "shard_step",
]


@dataclass(frozen=True)
class Bucket:
    """One shard's share of some rows' values of one unique column set: global rows, hashes, the values."""

    rows: NDArray[np.int64]
    h: NDArray[np.uint64]
    values: pl.DataFrame

    @staticmethod
    def of(rows: NDArray[np.int64], values: pl.DataFrame, shards: int) -> list[Bucket]:
        h = hash_rows(values) if values.height else np.zeros(0, dtype=np.uint64)
        k_of = h % np.uint64(shards)
        out = []
        for k in range(shards):
            sel = np.flatnonzero(k_of == np.uint64(k))
            out.append(Bucket(rows[sel], h[sel], values[sel]))
        return out


def shardable(engine: Engine, uniques: list[tuple[str, ...]], t: str) -> bool:
    """Column sets whose equality a hash decides as Python's does: not floats (``0.0 == -0.0``, NaN)."""
    schema = engine._schemas[t]
    return all(not schema[c].is_float() for cols in uniques for c in cols)


def present(
    engine: Engine, t: str, cols: tuple[str, ...], frame: pl.DataFrame, scen: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """Rows whose value takes part in the ledger: no null, not a shared value a scenario exempts (as one process)."""
    ok = ~frame.select(pl.any_horizontal(pl.col(list(cols)).is_null())).to_series().to_numpy()
    exempt = engine.features.exempt_shared(t, cols, [()] * frame.height, scen)
    return np.asarray(ok & np.fromiter((k == () for k in exempt), dtype=bool, count=frame.height), dtype=bool)


def chunk_buckets(
    engine: Engine, t: str, made: MadeRows, uniques: list[tuple[str, ...]], start: int, shards: int
) -> list[list[Bucket]]:
    """On the worker: per shard, per column set, the chunk's values that take part (its rows' first values)."""
    out: list[list[Bucket]] = [[] for _ in range(shards)]
    for cols in uniques:
        pm = present(engine, t, cols, made.frame, made.scen)
        rows = np.flatnonzero(pm).astype(np.int64) + start
        for k, b in enumerate(Bucket.of(rows, made.frame.select(list(cols)).filter(pl.Series(pm)), shards)):
            out[k].append(b)
    return out


def _tuples(values: pl.DataFrame, idx: NDArray[np.int64] | None = None) -> list[tuple[Any, ...]]:
    f = values if idx is None else values[idx]
    return list(zip(*(f.get_column(c).to_list() for c in f.columns), strict=True))


@dataclass(frozen=True)
class Fix:
    """The redrawn rows of the chunk before, per column set: the rows whose first value is dropped, and their
    final values that take part (in this shard)."""

    drop: list[NDArray[np.int64]]
    add: list[Bucket]


@dataclass(frozen=True)
class Flags:
    """Per column set: the chunk's rows whose value the ledger holds (final values of earlier chunks), and the
    groups of the chunk's rows holding one value (rows in order, two or more)."""

    held: list[NDArray[np.int64]]
    groups: list[list[NDArray[np.int64]]]


@dataclass(frozen=True)
class ShardState:
    """A shard of a table's ledger after a chunk: per column set, sorted hash runs (the last one the chunk's own
    first values, not yet fixed) and the chunk's :class:`Flags`. Never changed once made (tasks are pure)."""

    runs: list[list[Bucket]]
    flags: Flags
    rows: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _sorted(b: Bucket) -> Bucket:
    order = np.argsort(b.h, kind="stable")
    return Bucket(b.rows[order], b.h[order], b.values[order])


def _merge(x: Bucket, y: Bucket) -> Bucket:
    return _sorted(
        Bucket(np.concatenate([x.rows, y.rows]), np.concatenate([x.h, y.h]), pl.concat([x.values, y.values]))
    )


def _holders(runs: list[Bucket], h: NDArray[np.uint64], keys: list[tuple[Any, ...]] | pl.DataFrame) -> list[list[int]]:
    """Per query: the rows of ``runs`` whose value equals the key (hash narrows, Python equality decides).
    ``keys``: the queries as tuples, or as a frame whose rows are made tuples only where a hash hits."""
    hits = _hits(runs, h, keys)
    return [hits.get(q, []) for q in range(len(h))]


def _hits(
    runs: list[Bucket], h: NDArray[np.uint64], keys: list[tuple[Any, ...]] | pl.DataFrame
) -> dict[int, list[int]]:
    """:func:`_holders` for the queries some row holds only (query -> rows): no empty list per query."""
    out: dict[int, list[int]] = {}
    got: dict[int, tuple[Any, ...]] = {}
    for run in runs:
        if not len(run.h) or not len(h):
            continue
        lo = run.h.searchsorted(h, side="left")
        hi = run.h.searchsorted(h, side="right")
        hit = np.flatnonzero(hi > lo)
        if not len(hit):
            continue
        cnt = hi[hit] - lo[hit]
        ends = np.cumsum(cnt)
        q_all = np.repeat(hit, cnt)
        e_all = np.repeat(lo[hit] - (ends - cnt), cnt) + np.arange(int(ends[-1]))
        if isinstance(keys, pl.DataFrame):
            need = np.array(sorted(set(hit.tolist()) - set(got)), dtype=np.int64)
            if len(need):
                got.update(zip(need.tolist(), _tuples(keys, need), strict=True))
        for q, e, value in zip(
            q_all.tolist(), e_all.tolist(), _tuples(run.values, e_all.astype(np.int64)), strict=True
        ):
            if value == (got[q] if isinstance(keys, pl.DataFrame) else keys[q]):
                out.setdefault(q, []).append(int(run.rows[e]))
    return out


def shard_step(
    prev: ShardState | Any, bucket: list[Bucket] | Any, fix: Fix | None, shard: int = 0, check: bool = True
) -> ShardState:
    """The next link of a shard's chain: the chunk before fixed (its redrawn rows' values), then the chunk's
    values checked against the ledger and among themselves, then kept (as the last run, to be fixed next).
    ``bucket``: the shard's buckets of the chunk (:func:`pick_bucket`), or every shard's (:class:`Cut`), or the chunk
    task's result itself, whose ``shard`` buckets are taken here (no task in between where all run on one worker).
    ``prev``: the shard's state before, or a chain link's result that holds it (``_task.Settled.state``).
    ``check=False``: the values kept without the check (no flags: a replica of the ledger whose flags no one reads
    for this chunk, ``_executor``); the runs are the same."""
    if not isinstance(bucket, list):
        bucket = pick_bucket(bucket, shard)
    if prev is not None and not isinstance(prev, ShardState):
        prev = prev.state  # a chain link's result (``_task.settle_link``: its step and settlement in one task)
    n_sets = len(bucket)
    runs: list[list[Bucket]] = [list(r) for r in prev.runs] if prev is not None else [[] for _ in range(n_sets)]
    held: list[NDArray[np.int64]] = []
    groups: list[list[NDArray[np.int64]]] = []
    for u in range(n_sets):
        rs = runs[u]
        if fix is not None and rs:
            last = rs[-1]
            if len(fix.drop[u]):
                keep = ~np.isin(last.rows, fix.drop[u])
                last = Bucket(last.rows[keep], last.h[keep], last.values.filter(pl.Series(keep)))
            rs[-1] = last
            if len(fix.add[u].rows):
                rs.append(_sorted(fix.add[u]))
        while len(rs) >= 2 and len(rs[-2].h) < 2 * len(rs[-1].h):  # geometric sizes: O(log n) runs
            rs[-2:] = [_merge(rs[-2], rs[-1])]
        b = bucket[u]
        sb = _sorted(b)
        rs.append(sb)
        if not check:
            held.append(np.zeros(0, dtype=np.int64))
            groups.append([])
            continue
        found = _hits(rs[:-1], b.h, b.values)
        held.append(b.rows[np.array(sorted(found), dtype=np.int64)])
        same = np.flatnonzero(sb.h[1:] == sb.h[:-1])
        gs: list[NDArray[np.int64]] = []
        if len(same):  # runs of one hash [first, last): their values made tuples in one gather, grouped by equality
            brk = np.flatnonzero(np.diff(same) != 1)
            first = same[np.concatenate([[0], brk + 1])]
            last = same[np.concatenate([brk, [len(same) - 1]])] + 2
            idx = np.concatenate([np.arange(i, j, dtype=np.int64) for i, j in zip(first, last, strict=True)])
            values, rows_at, at = _tuples(sb.values, idx), sb.rows[idx].tolist(), 0
            for i, j in zip(first.tolist(), last.tolist(), strict=True):
                by: dict[tuple[Any, ...], list[int]] = {}
                for r, k in zip(rows_at[at : at + j - i], values[at : at + j - i], strict=True):
                    by.setdefault(k, []).append(r)
                at += j - i
                gs.extend(np.array(sorted(v), dtype=np.int64) for v in by.values() if len(v) > 1)
        groups.append(gs)
    return ShardState(runs, Flags(held, groups), rows=sum(len(b.rows) for b in bucket))


def shard_flags(state: ShardState | Flags) -> Flags:
    return state.flags if isinstance(state, ShardState) else state


def pick_bucket(res: Any, k: int) -> list[Bucket]:
    """Shard ``k``'s buckets of a chunk task's result (a small task on the chunk's worker)."""
    return list(res.buckets[k])


@dataclass(frozen=True)
class Cut:
    """A chunk's buckets for every shard, without its rows: one small task on the chunk's worker (:func:`cut_buckets`)
    that every shard's step reads (taking its own share), where a task per shard was."""

    buckets: list[list[Bucket]]


def cut_buckets(res: Any) -> Cut:
    return Cut(list(res.buckets))


@dataclass(frozen=True)
class Lookups:
    """One shard's queries (column set, hashes, keys), as one object. Dask walks a task's arguments for futures,
    into every list and tuple: a list of ~8,000 key tuples (a 100,000-row chunk of the person table) cost the client
    ~17 ms of CPU per lookup, on the client's serial path; an object of its own it passes as it is."""

    queries: list[tuple[int, NDArray[np.uint64], list[tuple[Any, ...]]]]


def shard_lookup(state: ShardState, lookups: Lookups) -> list[list[list[int]]]:
    """Per query (column set, hashes, keys): per key, the rows holding it (earlier chunks' final values, and the
    current chunk's first values)."""
    return [_holders(state.runs[u], h, keys) for u, h, keys in lookups.queries]


def ask_shards(
    queries: list[tuple[int, pl.DataFrame, list[tuple[Any, ...]]]],
    shards: int,
    answer: Callable[[list[Lookups]], list[list[list[list[int]]]]],
) -> list[list[list[int]]]:
    """Per query (column set, values, keys), per key: the rows holding it, each key asked of the shard its hash
    names. ``answer(lookups)``: per shard, :func:`shard_lookup` of that shard's state and ``lookups[k]``."""
    per: list[list[tuple[int, NDArray[np.uint64], list[tuple[Any, ...]]]]] = [[] for _ in range(shards)]
    where: list[list[NDArray[np.int64]]] = []
    for u, view, keys in queries:
        h = hash_rows(view) if view.height else np.zeros(0, dtype=np.uint64)
        k_of = h % np.uint64(shards)
        sel = [np.flatnonzero(k_of == np.uint64(k)) for k in range(shards)]
        where.append(sel)
        for k in range(shards):
            per[k].append((u, h[sel[k]], [keys[i] for i in sel[k].tolist()]))
    got = answer([Lookups(q) for q in per])
    out: list[list[list[int]]] = []
    for qi, (_, _, keys) in enumerate(queries):
        res: list[list[int]] = [[] for _ in keys]
        for k in range(shards):
            for i, hs in zip(where[qi][k].tolist(), got[k][qi], strict=True):
                res[i] = hs
        out.append(res)
    return out


def flagged(flags: list[Flags], a: int) -> NDArray[np.int64]:
    """The chunk positions (sorted) of the rows the shards flagged in the chunk starting at ``a``: their value held by
    an earlier chunk, or the second and later of a group of the chunk's rows holding one value (in any set)."""
    return np.unique(
        np.concatenate(
            [
                np.zeros(0, dtype=np.int64),
                *(h - a for f in flags for h in f.held),
                *(g[1:] - a for f in flags for gs in f.groups for g in gs),
            ]
        )
    )


class Near:
    """The whole rows of a chunk at the positions the walk visits, fetched as it needs them (``fetch(positions)``:
    the chunk's ``MadeRows`` at those positions, in that order), kept in the order fetched."""

    def __init__(self, fetch: Callable[[NDArray[np.int64]], MadeRows]) -> None:
        self.fetch = fetch
        self.pos = np.zeros(0, dtype=np.int64)  # the chunk position of each fetched row, in the order of ``rows``
        self._sorted = self.pos  # the positions sorted, and where each is in ``rows``
        self._order = np.zeros(0, dtype=np.int64)
        self.rows: MadeRows | None = None

    def need(self, positions: Any) -> None:
        """Fetch the rows at ``positions`` (any order, repeats) not fetched yet, in one task."""
        want = np.unique(np.asarray(list(positions) if isinstance(positions, set) else positions, dtype=np.int64))
        new = want[~self.has(want)]
        if not len(new):
            return
        got = self.fetch(new)
        self.pos = np.concatenate([self.pos, new])
        self._order = np.argsort(self.pos, kind="stable")
        self._sorted = self.pos[self._order]
        old = self.rows
        if old is None:
            self.rows = got
        else:
            prim = None if old.primary_idx is None else np.concatenate([old.primary_idx, got.primary_idx])
            self.rows = MadeRows(
                pl.concat([old.frame, got.frame]),
                {k: np.concatenate([v, got.fk_idx[k]]) for k, v in old.fk_idx.items()},
                np.concatenate([old.scen, got.scen]),
                prim,
            )

    def has(self, positions: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Which of ``positions`` are fetched."""
        if not len(self._sorted):
            return np.zeros(len(positions), dtype=bool)
        i = np.minimum(np.searchsorted(self._sorted, positions), len(self._sorted) - 1)
        return np.asarray(self._sorted[i] == positions, dtype=bool)

    def positions(self) -> NDArray[np.int64]:
        """The chunk position of each fetched row, in the order of ``rows``."""
        return self.pos

    def index(self, positions: NDArray[np.int64]) -> NDArray[np.int64]:
        """Where the rows at ``positions`` (fetched) are in ``rows``."""
        return self._order[np.searchsorted(self._sorted, positions)]


def local_rows(made: MadeRows) -> Callable[[NDArray[np.int64]], MadeRows]:
    """``Near``'s fetch from a chunk the client holds whole."""

    def fetch(pos: NDArray[np.int64]) -> MadeRows:
        prim = None if made.primary_idx is None else made.primary_idx[pos]
        return MadeRows(made.frame[pos], {k: v[pos] for k, v in made.fk_idx.items()}, made.scen[pos], prim)

    return fetch


@dataclass(frozen=True)
class Redrawn:
    """A chunk's redrawn rows: their positions (sorted), final values (every column) and scenarios; ``changed``: the
    columns a redraw makes again (the unique columns and those that read them: the rows' other values are the
    chunk's own), or None where others changed too (ranks made again over the chunk)."""

    positions: NDArray[np.int64]
    frame: pl.DataFrame
    scen: NDArray[np.int64]
    changed: tuple[str, ...] | None = None

    def patch(self) -> pl.DataFrame:
        """What the worker holding the chunk needs to put the redraws in place (``_task.write_settled``): the final
        values of the columns a redraw changed only (a 100,000-row chunk of the person table: 1 of 11 columns)."""
        return self.frame if self.changed is None else self.frame.select(list(self.changed))


def resolve(
    engine: Engine,
    t: str,
    rows: NDArray[np.int64],
    made: MadeRows,
    uniques: list[tuple[str, ...]],
    flags: list[Flags],
    holders_of: Callable[[list[tuple[int, pl.DataFrame, list[tuple[Any, ...]]]]], list[list[list[int]]]],
    fetch: Callable[[NDArray[np.int64]], MadeRows] | None = None,
    ways: dict[str, int] | None = None,
) -> tuple[pl.DataFrame, dict[int, tuple[int, int]], Redrawn | None]:
    """One process's redraws for a chunk (``UniquenessLedger.enforce``), walking only the rows a shard flagged and
    the rows a redraw takes the value of. ``holders_of``: per query (column set, values as the frame's types, the
    values as tuples), the global rows holding each value. ``fetch``: the chunk's whole rows by position (default:
    from ``made``, held whole; else ``made`` may hold only some columns, which the redraws are put into). ``ways``:
    counts the chunks decided over arrays (``"arrays"``) and by the walk (``"walk"``). Returns the frame, the
    redrawn positions and the redrawn rows."""
    frame, fk_idx, scen, primary = made
    a, n = int(rows[0]), len(rows)
    active = flagged(flags, a)
    if not len(active):
        return frame, {}, None
    e = engine
    tp = e.plan.tables[t]
    redraw = tp.derived_from({c for cols in uniques for c in cols}) - tp.after_aggregates
    feeds_sums = bool(redraw & e.maker.running_closure(t))
    redraw -= {c for c, s in tp.spec.columns.items() if isinstance(s, (m.AggregateColumn, m.RunningSumColumn))}
    checks = [
        rc
        for rc in e._rowchecks[t]
        if not (
            set(rc.names())
            & (tp.after_aggregates | {c for c, s in tp.spec.columns.items() if isinstance(s, m.AggregateColumn)})
        )
    ]
    near = Near(fetch or local_rows(made))
    near.need(active)
    orig: list[list[tuple[Any, ...] | None]] = [[] for _ in uniques]  # per set, per fetched row: its first value

    def orig_key(u: int, p: int) -> tuple[Any, ...] | None:
        """Row ``p``'s first value of set ``u`` as one process sees it (None: null or exempt, not in the ledger);
        made for every row fetched since the last call at once."""
        i, ks = int(near.index(np.array([p], dtype=np.int64))[0]), orig[u]
        if i >= len(ks):
            got = near_rows()
            f = got.frame[len(ks) :]
            new = list(zip(*(f.get_column(c).to_list() for c in uniques[u]), strict=True))
            new = e.features.exempt_shared(t, uniques[u], new, got.scen[len(ks) :])
            ks.extend(None if None in k else k for k in new)
        return ks[i]

    levels = range(e.max_attempts + 1, 2 * e.max_attempts + 50)
    redrawn: dict[int, tuple[int, int]] = {}  # position -> (batch, index) of its accepted candidate
    cands: list[dict[int, tuple[int, int]]] = [{} for _ in levels]
    # a batch: positions, candidate rows, their fk indexes, ok (row checks), per set the keys and the holders
    batches: list[
        tuple[
            NDArray[np.int64],
            pl.DataFrame,
            dict[str, NDArray[np.int64]],
            NDArray[np.bool_],
            list[list[Any]],
            list[list[list[int]]],
        ]
    ] = []
    stats = e.stats.redraws.setdefault(t, {"passes": 0, "rows": 0, "candidates": 0, "levels": 0})
    claims: list[Counter[tuple[Any, ...]]] = [Counter() for _ in uniques]  # per set: candidates made per value

    def near_rows() -> MadeRows:
        assert near.rows is not None
        return near.rows

    def batch(lvl: int, pos: NDArray[np.int64]) -> int:
        """Candidates at ``lvl`` for the rows at ``pos`` (sorted, fetched), their keys and holders: one pass."""
        loc, got = near.index(pos), near_rows()
        sub, sub_fk, ok = candidates(
            e.maker,
            t,
            loc,
            near.positions() + a,
            levels[lvl],
            got.scen,
            got.primary_idx,
            got.frame,
            got.fk_idx,
            redraw,
            checks,
        )
        keys: list[list[Any]] = []
        queries: list[tuple[int, pl.DataFrame, list[tuple[Any, ...]]]] = []
        for u, cols in enumerate(uniques):
            nks = list(zip(*(sub.get_column(c).to_list() for c in cols), strict=True))
            pm = np.fromiter((None not in nk for nk in nks), dtype=bool, count=len(nks))
            keys.append([nk if ok_ else None for nk, ok_ in zip(nks, pm, strict=True)])
            view = sub.select([sub.get_column(c).cast(got.frame.schema[c], strict=False) for c in cols])
            queries.append((u, view.filter(pl.Series(pm)), [nk for nk, ok_ in zip(nks, pm, strict=True) if ok_]))
        found = holders_of(queries)
        hold: list[list[list[int]]] = []
        for u in range(len(uniques)):
            it = iter(found[u])
            hold.append([next(it) if keys[u][j] is not None else [] for j in range(len(pos))])
        for u in range(len(uniques)):  # candidates holding each value (one process's ``claims``)
            claims[u].update(k for k in keys[u] if k is not None)
        b = len(batches)
        batches.append((pos, sub, sub_fk, ok, keys, hold))
        for j, q in enumerate(pos.tolist()):
            cands[lvl][q] = (b, j)
        stats["passes"] += 1
        stats["candidates"] += len(pos)
        return b

    def flagged_sets() -> tuple[list[set[int]], list[dict[int, list[int]]]]:
        """Per set: the rows whose value an earlier chunk holds, and each grouped row's group (its rows)."""
        before: list[set[int]] = [set() for _ in uniques]
        group_of: list[dict[int, list[int]]] = [{} for _ in uniques]
        for f in flags:
            for u in range(len(uniques)):
                before[u].update((f.held[u] - a).tolist())
                for g in f.groups[u]:
                    gl = (g - a).tolist()
                    for p in gl:
                        group_of[u][p] = gl
        return before, group_of

    def needing() -> NDArray[np.int64]:
        """The flagged rows that need a redraw when no candidate takes a first value: with one set, all of them;
        with more, in row order, a row held by an earlier chunk in some set, or by an earlier row of its group
        that is not redrawn (an earlier row of a group can be redrawn for another set)."""
        if len(uniques) == 1:
            return active
        before, group_of = flagged_sets()
        out: list[int] = []
        done: set[int] = set()
        for p in active.tolist():
            if any(
                p in before[u] or any(q < p and q not in done for q in group_of[u].get(p, ()))
                for u in range(len(uniques))
            ):
                done.add(p)
                out.append(p)
        return np.array(out, dtype=np.int64)

    def apart() -> bool:
        """The usual case, decided over arrays: no candidate any row or earlier value holds (the shards answer no
        holder for any, in any set) and no two rows' accepted candidates alike (in any set). Then no candidate
        takes a first value, the rows that need a redraw are known before any is made (:func:`needing`; with one
        set, every flagged row), and each takes its first candidate that passes the row checks: the walk's answers
        without the walk. False (nothing decided) when any of it fails: the walk decides."""
        todo = needing()
        took: dict[int, tuple[int, int]] = {}
        seen: list[set[Any]] = [set() for _ in uniques]
        n_keys, top = [0] * len(uniques), 0
        for lvl in range(len(levels)):
            if not len(todo):
                break
            bi = batch(lvl, todo)
            _, _, _, ok, keys, hold = batches[bi]
            if any(any(h) for h in hold):
                return False
            acc = np.flatnonzero(ok).tolist()
            for u in range(len(uniques)):
                ks = [k for k in (keys[u][j] for j in acc) if k is not None]
                n_keys[u] += len(ks)
                seen[u].update(ks)
                if len(seen[u]) < n_keys[u]:
                    return False
            if acc:
                top = lvl
            took.update(zip(todo[acc].tolist(), ((bi, j) for j in acc), strict=True))
            todo = todo[~ok]
        if len(todo):
            return False  # a row with no candidate left: the walk finds the first (and raises)
        redrawn.update(took)
        stats["rows"] += len(took)
        stats["levels"] = max(stats["levels"], top + 1)
        return True

    def walk() -> None:
        """Row by row in row order over the visited rows (a heap: a redraw can add a later row), as one process;
        the candidates ``apart`` made are reused (a pure function of the row and the level)."""
        cand_taken: list[set[tuple[Any, ...]]] = [set() for _ in uniques]  # candidates accepted so far
        before, group_of = flagged_sets()
        heap = active.tolist()
        pending = set(heap)

        def held_by_chunk(holders: list[int], p: int) -> bool:
            """A row before ``p`` (earlier chunk's final value, or this chunk's first value not redrawn) holds it."""
            return any(r < a or (r - a < p and (r - a) not in redrawn) for r in holders)

        def likely_refused(lvl: int, q: int) -> bool:
            bi, j = cands[lvl][q]
            _, _, _, ok, keys, hold = batches[bi]
            return not ok[j] or any(
                keys[u][j] is not None and (hold[u][j] or claims[u][keys[u][j]] > 1) for u in range(len(uniques))
            )

        def make_level(lvl: int, p: int) -> None:
            if lvl == 0:
                later = [q for q in pending if q > p and q not in cands[0]]
            else:
                later = [
                    q
                    for q in pending
                    if q > p and q in cands[lvl - 1] and q not in cands[lvl] and likely_refused(lvl - 1, q)
                ]
            batch(lvl, np.array(sorted({p, *later}), dtype=np.int64))  # (fetched: every one was on the heap)

        while heap:
            p = heapq.heappop(heap)
            pending.discard(p)
            needs = False
            for u in range(len(uniques)):
                k = orig_key(u, p)
                if k is None:
                    continue
                if (
                    p in before[u]
                    or any(q < p and q not in redrawn for q in group_of[u].get(p, ()))
                    or k in cand_taken[u]
                ):
                    needs = True
                    break
            if not needs:
                continue
            if feeds_sums:  # a redrawn value would change its group's running sums
                raise running_sum_repeat(t, uniques[0][0], int(rows[p]))
            for lvl in range(len(levels)):
                if p not in cands[lvl]:
                    make_level(lvl, p)
                bi, j = cands[lvl][p]
                _, _, _, ok, keys, hold = batches[bi]
                if not ok[j]:
                    continue
                if any(
                    keys[u][j] is not None and (keys[u][j] in cand_taken[u] or held_by_chunk(hold[u][j], p))
                    for u in range(len(uniques))
                ):
                    continue
                redrawn[p] = (bi, j)
                taken = []
                for u in range(len(uniques)):
                    nk = keys[u][j]
                    if nk is None:
                        continue
                    cand_taken[u].add(nk)
                    for r in hold[u][j]:  # later rows of the chunk whose first value this candidate takes
                        q = r - a
                        if p < q < n and q not in pending:
                            pending.add(q)
                            heapq.heappush(heap, q)
                            taken.append(q)
                if taken:
                    near.need(taken)
                stats["rows"] += 1
                stats["levels"] = max(stats["levels"], lvl + 1)
                break
            else:
                raise no_unique_left(t, uniques[0], e.max_attempts + 50, int(rows[p]))

    way = "arrays" if not feeds_sums and apart() else "walk"
    if way == "walk":
        walk()
    if ways is not None:
        ways[way] = ways.get(way, 0) + 1
    if not redrawn:
        return frame, redrawn, None
    chosen: dict[int, list[int]] = {}
    for bi, j in redrawn.values():
        chosen.setdefault(bi, []).append(j)
    got = near_rows()
    whole = got.frame
    for bi in sorted(chosen):  # the redrawn rows' final values, as the chunk's own types
        pos, sub, sub_fk, _, _, _ = batches[bi]
        take = np.array(sorted(chosen[bi]), dtype=np.int64)
        whole = scatter_rows(whole, near.index(pos[take]), sub[take].select(whole.columns))
        for name, v in sub_fk.items():
            if name in fk_idx:  # (a chunk held in part keeps only the indexes the client needs)
                fk_idx[name][pos[take]] = v[take]
    at = np.array(sorted(redrawn), dtype=np.int64)
    final = whole[near.index(at)]
    frame = scatter_rows(frame, at, final.select([c for c in frame.columns if c in final.columns]))
    cols_spec = tp.spec.columns
    # (the candidates make only the ``redraw`` columns again, reading the others from the rows: ``rows_pass(only=)``)
    changed: tuple[str, ...] | None = tuple(c for c in final.columns if c in redraw)
    if primary is not None and any(isinstance(s, m.RankColumn) for s in cols_spec.values()):
        frame = apply_ranks(frame, cols_spec, primary)  # redrawn rows: ranks made again
        final, changed = frame[at], None
    return frame, redrawn, Redrawn(at, final, got.scen[near.index(at)], changed)


def fixes(engine: Engine, t: str, a: int, redrawn: Redrawn, uniques: list[tuple[str, ...]], shards: int) -> list[Fix]:
    """Per shard, what the next step changes in the ledger for the redrawn rows of the chunk starting at ``a``."""
    drop = redrawn.positions + a
    sub = redrawn.frame
    adds: list[list[Bucket]] = [[] for _ in range(shards)]
    for cols in uniques:
        pm = present(engine, t, cols, sub, redrawn.scen)
        for k, b in enumerate(Bucket.of(drop[pm], sub.select(list(cols)).filter(pl.Series(pm)), shards)):
            adds[k].append(b)
    return [Fix([drop] * len(uniques), adds[k]) for k in range(shards)]
