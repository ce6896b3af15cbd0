"""What runs on a Dask worker: one chunk of one table, made by an engine rebuilt from the plan.

A task receives the plan and seed (:class:`Job`), what the table reads of the tables made before it
(:class:`TableContext`, scattered once per table to every worker) and a row range. It rebuilds an
:class:`~simulacra.generation.engine.Engine` (under a millisecond once the worker has found the plan's schemas,
which it does once per plan: 6-9 ms for the bank example), installs the context in place of
what the client's engine learned while making the parents, and calls ``make_rows`` for the range:
the same pure function of (spec, seed, table, rows, parents) the single-process engine calls, so the
rows are the same wherever they are made. The chunk's unique values are also cut into the ledger shards'
buckets (``_ledger``); the redraws of the rows the shards flag, the parent columns kept for children and
the counts of children are then handled by the client, in chunk order.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.distributed._ledger import (
    Fix,
    Flags,
    ShardState,
    ask_shards,
    chunk_buckets,
    fixes,
    flagged,
    resolve,
    shard_flags,
    shard_lookup,
    shard_step,
)
from simulacra.errors import GenerationError
from simulacra.generation.engine import Engine
from simulacra.generation.rows import MadeRows, RowsToCounts
from simulacra.spec.plan import Plan

__all__ = [
    "ChunkResult",
    "Counted",
    "Job",
    "Settled",
    "Settlement",
    "TableContext",
    "WrittenRows",
    "chunk_rows",
    "chunk_view",
    "counts_of",
    "make_after_counts",
    "make_chunk",
    "make_part",
    "make_to_counts",
    "settle_chunk",
    "settled_fix",
    "thin_chunk",
    "write_settled",
    "write_settlement",
]

_NO_SPILL = 1 << 60  # a worker holds only its table's context, which it received whole: nothing to spill


@dataclass(frozen=True)
class Job:
    """The run every task belongs to: the plan and what the client's engine was built with. ``key``: a digest of
    them (SHA-256 of their pickle; where they do not pickle, a random one), made where the job is made, on the
    client, and sent with it: the name a worker keeps the plan's schemas under (:func:`_engine`)."""

    plan: Plan
    seed: int
    scale: float
    chunk_size: int
    max_attempts: int
    key: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.key:
            try:
                data = pickle.dumps((self.plan, self.seed, self.scale, self.chunk_size, self.max_attempts), protocol=5)
                key = hashlib.sha256(data).hexdigest()
            except (pickle.PicklingError, TypeError, AttributeError):  # pragma: no cover - a plan holding a function
                key = uuid.uuid4().hex
            object.__setattr__(self, "key", key)


@dataclass
class TableContext:
    """What one table's chunks read of the tables made before it.

    ``columns``: the parent columns this table reads (foreign keys' targets, referenced parent columns,
    parents' own foreign-key indexes and scenarios where a chain of references passes through them), whole;
    keys unique by construction are not here, a worker makes them again from the row index.
    ``offsets``: for a table made per parent row, the cumulative child counts (row -> parent row).
    ``children``: tables made per row of this one, whose counts each chunk reports back.
    """

    n_rows: dict[str, int]
    offsets: dict[str, NDArray[np.int64]] = field(default_factory=dict)
    columns: dict[tuple[str, str], pl.Series] = field(default_factory=dict)
    children: list[str] = field(default_factory=list)

    @property
    def nbytes(self) -> int:
        return sum(int(s.estimated_size()) for s in self.columns.values()) + sum(
            int(o.nbytes) for o in self.offsets.values()
        )


@dataclass
class ChunkResult:
    """A chunk's rows (the engine's ``MadeRows``), the counts of its children, rows it regenerated."""

    made: Any
    counts: dict[str, NDArray[np.int64]]
    regenerated: int
    # the span labels of the chunk's text columns ("table.column" -> row -> spans), written by the client
    spans: dict[str, dict[int, list[dict[str, Any]]]] = field(default_factory=dict)
    text: dict[str, dict[str, Any]] = field(default_factory=dict)  # what the chunk's text columns did
    # per ledger shard, per unique column set: the chunk's values that take part (``_ledger.chunk_buckets``)
    buckets: list[Any] = field(default_factory=list)


def make_chunk(job: Job, ctx: TableContext, table: str, start: int, stop: int, shards: int = 0) -> ChunkResult:
    """Rows ``start``..``stop`` of ``table`` (runs on a worker; pure: a retry returns the same). With ``shards``,
    the values of the table's unique column sets are also cut into that many ledger shards' buckets."""
    engine = _engine(job, ctx)
    try:
        for child in ctx.children:
            engine.count_done[child] = start  # so make_rows records this chunk's child counts
        made = engine.make_rows(table, np.arange(start, stop, dtype=np.int64))
        counts = {
            child: (np.concatenate(engine.counts[child]) if engine.counts.get(child) else np.zeros(0, dtype=np.int64))
            for child in ctx.children
        }
        regenerated = int(engine.stats.regenerated.get(table, {}).get("rows", 0))
        text = engine.text
        buckets: list[Any] = []
        if shards:
            buckets = chunk_buckets(engine, table, made, engine.uniqueness.columns(table), start, shards)
        return ChunkResult(made, counts, regenerated, text.take_spans(table), text.take_provenance(table), buckets)
    finally:
        engine.close()


@dataclass
class Counted:
    """A chunk made up to its children's counts on a worker (:func:`make_to_counts`), kept there until the rest of it
    is made (:func:`make_after_counts`): ``got`` (``RowMaker.rows_to_counts``), the counts of the children the
    client records (``ctx.children``), and what the chunk's engine recorded of its rows."""

    got: RowsToCounts
    counts: dict[str, NDArray[np.int64]]
    regenerated: int
    spans: dict[str, dict[int, list[dict[str, Any]]]]
    text: dict[str, dict[str, Any]]


def make_to_counts(job: Job, ctx: TableContext, table: str, start: int, stop: int) -> Counted:
    """Rows ``start``..``stop`` of ``table`` made up to their children's counts (runs on a worker; pure): for a table
    with aggregates over children whose counts read the rows' own values (``rows.by``, ``rows.equals``,
    ``rows.months``, a process), where a chunk's first child row is the sum of the counts of the chunks before it."""
    engine = _engine(job, ctx)
    try:
        for child in ctx.children:
            engine.count_done[child] = start
        got = engine.maker.rows_to_counts(table, np.arange(start, stop, dtype=np.int64))
        counts = {
            child: (np.concatenate(engine.counts[child]) if engine.counts.get(child) else np.zeros(0, dtype=np.int64))
            for child in ctx.children
        }
        regenerated = int(engine.stats.regenerated.get(table, {}).get("rows", 0))
        return Counted(got, counts, regenerated, engine.text.take_spans(table), engine.text.take_provenance(table))
    finally:
        engine.close()


def counts_of(counted: Counted) -> dict[str, NDArray[np.int64]]:
    """On the worker holding a chunk made up to its children's counts: those counts (small), for the client."""
    return counted.got.child_counts


class _Window:
    """A child's running totals of counts for one chunk's parent rows only (``start - 1`` .. ``stop - 1``; the first
    child row of the chunk, ``first``, and the counts): what the chunk's aggregates read of the child's offsets
    (``offset_at``, ``group_starts``), as one process reads them from the counts made so far."""

    def __init__(self, start: int, first: int, counts: NDArray[np.int64]) -> None:
        self.start = start
        self.totals = np.concatenate([[first], first + np.cumsum(counts, dtype=np.int64)]).astype(np.int64)

    def take(self, idx: Any) -> NDArray[np.int64]:
        i = np.asarray(idx, dtype=np.int64) - (self.start - 1)
        if len(i) and (int(i.min()) < 0 or int(i.max()) >= len(self.totals)):
            raise GenerationError(f"offsets read outside the chunk's parent rows (from {self.start})")
        return np.asarray(self.totals[i], dtype=np.int64)


def make_after_counts(
    job: Job,
    ctx: TableContext,
    counted: Counted,
    table: str,
    start: int,
    stop: int,
    first: dict[str, int],
    index: int | None = None,
    write: Callable[[int, pl.DataFrame], int] | None = None,
    columns: list[str] | None = None,
    keep: list[str] | None = None,
    shards: int = 0,
) -> ChunkResult:
    """The rest of a chunk made up to its children's counts (``counted``): its aggregates, with ``first``, the chunk's
    first row of each child it aggregates (the client's sum of the counts of the chunks before it), then what is made
    after them (runs on a worker; pure). With ``write``: written as part ``index``, as :func:`make_part` writes; with
    ``shards``: its unique values cut into the ledger shards' buckets, as :func:`make_chunk` cuts them."""
    engine = _engine(job, ctx)
    try:
        got = counted.got
        for child, row in first.items():
            # (a window of the offsets, not the whole: the aggregates read only this chunk's parent rows)
            engine.offsets[child] = cast(Any, _Window(start, row, got.child_counts[child]))
        made = engine.maker.rows_after_counts(got)
        spans, text = dict(counted.spans), dict(counted.text)
        for k, v in engine.text.take_spans(table).items():  # (text columns made again after the aggregates)
            spans[k] = {**spans.get(k, {}), **v}
        text.update(engine.text.take_provenance(table))
        buckets: list[Any] = []
        if shards:
            buckets = chunk_buckets(engine, table, made, engine.uniqueness.columns(table), start, shards)
        res = ChunkResult(made, counted.counts, counted.regenerated, spans, text, buckets)
    finally:
        engine.close()
    if write is None:
        return res
    assert index is not None and columns is not None and keep is not None
    return _write_part(res, index, write, columns, keep)


# per worker process: the tables' schemas of the jobs its tasks were sent, by the job's key, the latest last. Most of
# an engine's construction is finding them (a pure function of the plan), and every task of a run reads the same
# job. Not by the job object: Dask drops a worker's copy of the scattered job when no task there waits on it (its
# memory manager's ReduceReplicas) and the worker fetches it again for its next task, a new object. Everything else an
# engine holds is built afresh for each task: its counts, offsets, parent columns, ledgers, statistics, text state.
_SCHEMAS: dict[str, dict[str, dict[str, Any]]] = {}
_SCHEMAS_KEPT = 4
_SCHEMAS_LOCK = threading.Lock()
SCHEMA_STATS = {"found": 0, "reused": 0}  # (read by the tests through ``client.run``)


def _engine(job: Job, ctx: TableContext) -> Engine:
    """An engine built from the plan (its schemas found once per worker process and job) with what the table reads
    of the tables made before it installed."""
    with _SCHEMAS_LOCK:
        schemas = _SCHEMAS.get(job.key)
    engine = Engine(
        job.plan,
        seed=job.seed,
        scale=job.scale,
        chunk_size=job.chunk_size,
        max_attempts=job.max_attempts,
        memory_budget=_NO_SPILL,
        schemas=schemas,
    )
    found = {t: engine.schema(t) for t in job.plan.tables} if schemas is None else None
    with _SCHEMAS_LOCK:  # (a worker may run tasks on several threads)
        if found is None:
            SCHEMA_STATS["reused"] += 1
        else:
            SCHEMA_STATS["found"] += 1
            _SCHEMAS.pop(job.key, None)
            _SCHEMAS[job.key] = found
            while len(_SCHEMAS) > _SCHEMAS_KEPT:
                del _SCHEMAS[next(iter(_SCHEMAS))]
    engine.n_rows.update(ctx.n_rows)
    engine.offsets.update(ctx.offsets)
    for (parent, col), values in ctx.columns.items():
        engine.store.append(parent, col, values)
    for parent in {p for p, _ in ctx.columns}:
        engine.store.finish(parent)
    return engine


@dataclass
class WrittenRows:
    """A chunk a worker wrote as a part file itself: ``written`` is (part index, rows); ``frame`` keeps only the
    columns the client still needs (those later tables read), ``fk_idx`` only the indexes it keeps."""

    frame: pl.DataFrame
    fk_idx: dict[str, NDArray[np.int64]]
    scen: NDArray[np.int64]
    primary_idx: NDArray[np.int64] | None
    written: tuple[int, int]


def make_part(
    job: Job,
    ctx: TableContext,
    table: str,
    start: int,
    stop: int,
    index: int,
    write: Callable[[int, pl.DataFrame], int],
    columns: list[str],
    keep: list[str],
) -> ChunkResult:
    """``make_chunk``, then its ``columns`` written by ``write`` (the sink's part writer: part ``index`` into its
    staging folder, the bytes the sink would write) and only the columns ``keep`` sent back."""
    return _write_part(make_chunk(job, ctx, table, start, stop), index, write, columns, keep)


def _write_part(
    res: ChunkResult, index: int, write: Callable[[int, pl.DataFrame], int], columns: list[str], keep: list[str]
) -> ChunkResult:
    made = res.made
    rows = write(index, made.frame.select(columns))
    idx = {k: v for k, v in made.fk_idx.items() if f"__idx__{k}" in keep}
    written = WrittenRows(
        made.frame.select([c for c in keep if c in made.frame.columns]), idx, made.scen, None, (index, rows)
    )
    return ChunkResult(written, res.counts, res.regenerated, res.spans, res.text)


def write_settled(
    res: ChunkResult,
    positions: NDArray[np.int64],
    rows: pl.DataFrame,
    index: int,
    write: Callable[[int, pl.DataFrame], int],
    columns: list[str],
) -> int:
    """On the worker that made a chunk of a table with a uniqueness ledger, once the client has settled the ledger's
    verdicts for it: the redrawn rows (``rows``, their final values of the columns a redraw changed, at chunk
    ``positions``; ``_ledger.Redrawn.patch``) put in place as the
    client's ``_ledger.resolve`` puts them, and the chunk written as part ``index`` by the sink's writer (a staging
    name renamed on success). Pure: a rerun after a lost worker writes the same bytes."""
    from simulacra.generation.rows import scatter_rows

    frame = res.made.frame
    if len(positions):
        frame = scatter_rows(frame, positions, rows)
    return write(index, frame.select(columns))


def thin_chunk(res: ChunkResult, keep: list[str]) -> ChunkResult:
    """On the worker holding a chunk of a table with a ledger that it will write once settled: what the client needs of
    it without the rows themselves (the counts, the columns and indexes later tables read: ``keep``, every row's
    scenario). The client fetches whole rows only where the ledger's shards flag them (``chunk_rows``)."""
    made = res.made
    frame = made.frame.select([c for c in keep if c in made.frame.columns])
    idx = {k: v for k, v in made.fk_idx.items() if f"__idx__{k}" in keep}
    return ChunkResult(MadeRows(frame, idx, made.scen, None), res.counts, res.regenerated, res.spans, res.text)


def chunk_rows(res: ChunkResult, positions: NDArray[np.int64]) -> MadeRows:
    """On the worker holding a chunk: its whole rows at ``positions`` (chunk positions), in that order."""
    made = res.made
    prim = None if made.primary_idx is None else made.primary_idx[positions]
    return MadeRows(
        made.frame[positions], {k: v[positions] for k, v in made.fk_idx.items()}, made.scen[positions], prim
    )


def chunk_view(
    res: ChunkResult, keep: list[str], start: int, *flags: Flags | ShardState
) -> tuple[ChunkResult, list[Flags], NDArray[np.int64], MadeRows]:
    """On the worker holding a chunk (rows from ``start``) of a table checked in ledger shards, once the shards have
    checked it: in one result, what the client needs of the chunk (:func:`thin_chunk`), the shards' flags (one per
    shard, small: they come from the shards' workers; or the shards' states themselves, where every task runs on one
    worker), and the flagged positions (``_ledger.flagged``) with the
    chunk's whole rows there (:func:`chunk_rows`), which the client's redraws read first. One round trip where
    there were three (the thin chunk, the flags, the flagged rows)."""
    got = [shard_flags(f) for f in flags]
    at = flagged(got, start)
    return thin_chunk(res, keep), got, at, chunk_rows(res, at)


@dataclass
class Settlement:
    """What the client receives of a chunk settled on its worker (:func:`write_settlement`): what it keeps of the chunk
    (``res``: a thin chunk, its ``made`` the redraws' final values of the columns later tables read, as
    :class:`WrittenRows` with the part written), the fix of the ledger's next step (None: no row redrawn), and the
    redraw statistics and ways the client's engine records (``_ledger.resolve``)."""

    res: ChunkResult
    fix: list[Fix] | None
    redraws: dict[str, int]
    ways: dict[str, int]


@dataclass
class Settled:
    """A chunk whose redraws :func:`settle_chunk` decided, kept on its worker: the chunk with the redraws in place
    (``made``), the fix of the ledger's next step, what the client's engine records. Two tasks read it there: the
    fix alone (:func:`settled_fix`, small: the only thing the next chunk's steps wait for) and the part's write with
    what the client keeps (:func:`write_settlement`, off the chain of chunks)."""

    res: ChunkResult
    made: MadeRows
    fix: list[Fix] | None
    redraws: dict[str, int]
    ways: dict[str, int]
    # the ledger shard after its step on this chunk, when that step was taken in the same task (:func:`settle_link`):
    # the next link on this worker reads it here, in place of a step's own result
    state: ShardState | None = None


def settle_link(
    job: Job,
    ctx: TableContext,
    res: ChunkResult,
    prev: ShardState | Settled | None,
    carry: Fix | Settled | None,
    table: str,
    start: int,
    stop: int,
) -> Settled:
    """One link of a settled table's chain in one task, on the worker holding the chunk and the settling replica: the
    replica's step on the chunk (``prev``: its ledger before, a step's result or the link before's; ``carry``: the fix
    of the chunk before, a value or, settled on this worker, that link itself) and the chunk's settlement
    (:func:`settle_chunk`). The same two functions as two tasks, so the same bytes; but between two tasks the worker
    is idle until the scheduler hands it the next, and there it starts a chunk made ahead, which the chain then waits
    for. The result holds the replica's state after the step: the next link on this worker reads it directly."""
    fix = settled_fix(carry) if isinstance(carry, Settled) else carry
    state = shard_step(prev, res, fix, 0, True)
    settled = settle_chunk(job, ctx, res, state, table, start, stop)
    settled.state = state
    return settled


def settle_chunk(
    job: Job, ctx: TableContext, res: ChunkResult, state: ShardState, table: str, start: int, stop: int
) -> Settled:
    """On the one worker that holds both a chunk and its table's one ledger shard (``state``: the shard after its step
    on this chunk): the chunk's redraws decided (``_ledger.resolve``, every lookup answered by ``state`` here, the
    rows read whole here). The decisions are the client's (the same function, the same ledger), so the same bytes.
    Pure: the chunk's result is copied before the redraws are put in place. The part is written by another task
    (:func:`write_settlement`), so the next chunk's settlement, which waits for this one's fix, does not wait for it."""
    engine = _engine(job, ctx)
    try:
        made = res.made
        own = MadeRows(made.frame, {k: v.copy() for k, v in made.fk_idx.items()}, made.scen, made.primary_idx)
        uniques = engine.uniqueness.columns(table)
        ways: dict[str, int] = {}

        def holders_of(queries: list[Any]) -> list[list[list[int]]]:
            return ask_shards(queries, 1, lambda per: [shard_lookup(state, per[0])])

        rows = np.arange(start, stop, dtype=np.int64)
        frame, _, redrawn = resolve(engine, table, rows, own, uniques, [state.flags], holders_of, None, ways)
        fix = None if redrawn is None else fixes(engine, table, start, redrawn, uniques, 1)
        final = MadeRows(frame, own.fk_idx, own.scen, own.primary_idx)
        kept = ChunkResult(None, res.counts, res.regenerated, res.spans, res.text)  # (the rows: ``final`` alone)
        return Settled(kept, final, fix, dict(engine.stats.redraws.get(table, {})), ways)
    finally:
        engine.close()


def settled_fix(settled: Settled, shard: int = 0) -> Fix | None:
    """On the worker that settled a chunk: shard ``shard``'s fix for the ledger's next step (what the chunk's redraws
    change in it), the carry from one chunk to the next; small, so it goes to the next step's worker alone."""
    return None if settled.fix is None else settled.fix[shard]


def write_settlement(
    settled: Settled, keep: list[str], index: int, write: Callable[[int, pl.DataFrame], int], columns: list[str]
) -> Settlement:
    """On the worker that settled a chunk: the chunk written as part ``index`` by the sink's writer and what the client
    keeps of it (the columns and indexes later tables read, every row's scenario) sent back, with the fix and the
    redraw statistics. Pure: a rerun writes the same part."""
    made = settled.made
    written = (index, write(index, made.frame.select(columns)))
    idx = {k: v for k, v in made.fk_idx.items() if f"__idx__{k}" in keep}
    thin = WrittenRows(made.frame.select([c for c in keep if c in made.frame.columns]), idx, made.scen, None, written)
    res = settled.res
    out = ChunkResult(thin, res.counts, res.regenerated, res.spans, res.text)
    return Settlement(out, settled.fix, settled.redraws, settled.ways)
