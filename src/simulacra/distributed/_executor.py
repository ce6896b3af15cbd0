"""The client side: an engine whose chunks are Dask tasks, consumed in chunk order.

:class:`DaskExecutor` attaches to an :class:`~simulacra.generation.engine.Engine` as its ``row_maker``.
For each table it scatters the table's :class:`~simulacra.distributed._task.TableContext` to the
workers once, submits one task per chunk (at most ``window`` ahead of the one being consumed, so the
client holds a bounded number of finished chunks), and hands the rows back in chunk order. Everything
that must see the rows in order stays on the client, exactly as in one process: the redraws of repeated
unique values, the parent columns kept for children, the children's counts, the sink. A table's uniqueness
ledgers are sharded by hash on the workers (``_ledger``: each shard a chain of pure tasks, one per chunk),
so the client redraws, in row order, only the rows the shards flag (``shards=0``: whole ledgers on the
client, as in one process).

A table with aggregates over its children is made on the workers too: a chunk's first child row is the sum of the
children's counts of every earlier chunk, which the client draws for every row first where they are functions of the
row alone, and else sums between two tasks per chunk (its rows up to the counts, then the rest: :class:`_Heads`).
Tables that read state built while their own rows are made are made on the client, in one process: self-references
within a group (a first pass over the whole table), nested aggregates, aggregates via a second link.
:attr:`DaskExecutor.placement` records where each table was made, :attr:`DaskExecutor.why_client` why.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.distributed._ledger import (
    Fix,
    Flags,
    Lookups,
    Redrawn,
    ask_shards,
    cut_buckets,
    fixes,
    pick_bucket,
    resolve,
    shard_flags,
    shard_lookup,
    shard_step,
    shardable,
)
from simulacra.distributed._task import (
    ChunkResult,
    Job,
    Settlement,
    TableContext,
    WrittenRows,
    chunk_rows,
    chunk_view,
    counts_of,
    make_after_counts,
    make_chunk,
    make_part,
    make_to_counts,
    settle_chunk,
    settle_link,
    settled_fix,
    thin_chunk,
    write_settled,
    write_settlement,
)
from simulacra.errors import GenerationError, Location, SimulacraError
from simulacra.generation.engine import Engine
from simulacra.generation.rows import MadeRows
from simulacra.generation.uniqueness import UniquenessLedger
from simulacra.spec import model as m

__all__ = ["DaskExecutor"]


class DaskExecutor:
    """Makes an engine's chunks on a Dask cluster through ``client`` (a ``distributed.Client``).

    ``window``: chunks submitted ahead of the one the client is consuming (default: twice the workers).
    ``shards``: ledger shards of a table with unique values not unique by construction (default: one per
    worker); ``shards=0`` keeps the whole ledgers on the client, as one process keeps them.
    ``fuse``: where the workers write the parts, a table of at most ``fuse_rows`` rows keeps its uniqueness ledger
    whole (one shard, ``shards`` unset or 1) with a replica on every worker, and each chunk's redraws are decided and
    its part written on the worker that made it, in one task (:func:`settle_chunk`), not on the client. Each worker
    then holds the whole ledger (the values of the table's unique columns), not a share; False, or a larger table:
    the shards, the client decides.
    """

    def __init__(
        self,
        client: Any,
        *,
        window: int | None = None,
        shards: int | None = None,
        fuse: bool = True,
        fuse_rows: int = 10_000_000,
    ) -> None:
        self.client = client
        self.window = window
        self.shards = shards
        self.fuse = fuse
        self.fuse_rows = fuse_rows
        self.sharded: dict[str, int] = {}  # table -> ledger shards its uniqueness was checked in
        self._shard_runs: dict[str, _ShardRun] = {}
        self.engine: Engine | None = None
        self.placement: dict[str, str] = {}  # table -> "dask" | "client"
        self.why_client: dict[str, str] = {}  # table made on the client -> why (``client_reason``)
        # table with aggregates made on the workers -> how its chunks learn their first child rows: "ahead" (the client
        # drew every row's counts first) or "split" (each chunk in two tasks, the counts summed in between)
        self.aggregated: dict[str, str] = {}
        self.tasks = 0  # tasks submitted (every one, the small ones on a chunk or a shard too)
        self.context_bytes: dict[str, int] = {}  # table -> bytes of parent columns sent to the workers
        self.written_by: dict[str, str] = {}  # table -> "workers" | "client" (who wrote its part files)
        # table -> rows the client received whole (chunks it writes or changes), and rows it fetched for redraws
        # from chunks that stayed on their workers (a settled table: only the rows its redraws visit)
        self.whole_rows: dict[str, int] = {}
        self.fetched_rows: dict[str, int] = {}
        # table -> how its chunks' redraws were decided: {"arrays": chunks, "walk": chunks} (``_ledger.resolve``)
        self.decided: dict[str, dict[str, int]] = {}
        self._job: Any = None
        self._part_writer: Callable[[str], Callable[[int, Any], int]] | None = None

    def write_parts(self, part_writer: Callable[[str], Callable[[int, Any], int]]) -> None:
        """Have the workers write each chunk as a part file themselves (``part_writer(table)``: the sink's
        picklable writer into its staging folder, on a file system the workers share with the client), for every
        table whose rows the client does not change afterwards; the client then receives only what later
        tables read. ``pipeline.generate`` calls this for a ``parquet-parts`` output."""
        self._part_writer = part_writer

    def workers_write(self, t: str) -> bool:
        """Whether ``t``'s chunks are written by the workers as they make them: parts asked for, made on the
        workers, and no uniqueness ledger (whose redraws change rows after they are made: see :meth:`settled_write`)."""
        e = self.engine
        assert e is not None
        return self._part_writer is not None and not self.runs_on_client(t) and not e.uniqueness.columns(t)

    def settled_write(self, t: str, shards: int) -> bool:
        """Whether ``t``'s chunks, checked in ``shards`` ledger shards, are written by the workers once the client has
        settled each chunk's redraws (:func:`write_settled`: the worker holding the chunk puts the redrawn rows in
        place and writes the part). Not when the client changes a chunk's other rows after the redraws, as one
        process does: ranks made again over a redrawn group, sequence columns, aggregates via a second link."""
        e = self.engine
        assert e is not None
        tp = e.plan.tables[t]
        return (
            self._part_writer is not None
            and shards > 0
            and not tp.sequence_columns
            and t not in e._second
            and not any(isinstance(s, m.RankColumn) for s in tp.spec.columns.values())
        )

    def __call__(self, engine: Engine) -> None:
        """Attach to ``engine`` (``simulacra.pipeline.generate(..., distribute=executor)`` calls this)."""
        self.close()  # a job scattered for an earlier engine
        self.engine = engine
        engine.row_maker = self.rows
        if not isinstance(engine.uniqueness, _ShardedUniqueness):
            engine.uniqueness = _ShardedUniqueness(engine, self)

    # ------------------------------------------------------------ planning

    def runs_on_client(self, t: str) -> bool:
        return self.client_reason(t) is not None

    def client_reason(self, t: str) -> str | None:
        """Why ``t`` is made on the client, in one process (None: on the workers). A table with aggregates over its
        children goes to the workers when the children's counts per row of ``t`` are functions of the row alone
        (``_aggregated_children``): the client draws them for every row first, so each chunk's first child row is
        known before any chunk is made."""
        e = self.engine
        assert e is not None
        tp = e.plan.tables[t]
        for c, spec in tp.spec.columns.items():
            if (
                isinstance(spec, m.ForeignKeyColumn)
                and c in tp.links
                and tp.links[c].self_ref
                and (spec.within is not None or spec.senior is not None)
            ):
                return f"'{c}' is a self-reference within a group or by seniority (a first pass over the whole table)"
        if not any(isinstance(s, m.AggregateColumn) for s in tp.spec.columns.values()):
            return None
        if t in e._second:
            return "an aggregate via a second foreign key (filled from a first run, on the client)"
        children = set(self._per_row_children(t))
        for c, spec in tp.spec.columns.items():
            if isinstance(spec, m.AggregateColumn) and spec.of.partition(".")[0] not in children:
                return f"the aggregate '{c}' is over '{spec.of}', not a table made per row of '{t}'"
        for child in self._aggregated_children(t):
            if any(isinstance(s, m.AggregateColumn) for s in e.plan.tables[child].spec.columns.values()):
                # (its rows made for the aggregates read where their own children start: counts of a table not made)
                return f"'{child}', which '{t}' aggregates, has aggregates over its own children"
        return None

    def counts_known(self, t: str) -> bool:
        """Whether the counts of ``t``'s children per row are functions of the row alone, drawn before ``t`` is made
        (:meth:`_counts_ahead`); else (``rows.by``, ``rows.equals``, ``rows.months``: the months of the row's period,
        a process: they read the row's own values, which are not there ahead) each chunk is made in two tasks, up to
        the counts and the rest, the client summing the counts in between."""
        e = self.engine
        assert e is not None
        for child in self._per_row_children(t):
            rs = e.plan.tables[child].spec.rows
            assert isinstance(rs, m.RowsPerParent)
            if rs.by is not None or rs.equals is not None or rs.process is not None or rs.months is not None:
                return False
        return True

    def _per_row_children(self, t: str) -> list[str]:
        """The tables made per row of ``t`` (their ``rows.per`` link is to ``t``)."""
        e = self.engine
        assert e is not None
        out = []
        for child in e.plan.tables[t].children:
            lk = e.plan.tables[child].primary_link
            if lk is not None and lk.table == t and child not in out:
                out.append(child)
        return out

    def _aggregated_children(self, t: str) -> list[str]:
        e = self.engine
        assert e is not None
        got = {
            s.of.partition(".")[0] for s in e.plan.tables[t].spec.columns.values() if isinstance(s, m.AggregateColumn)
        }
        return sorted(got)

    def _counts_ahead(self, t: str, bounds: list[tuple[int, int]]) -> dict[str, NDArray[np.int64]]:
        """The children's counts of every row of ``t`` recorded in the client's engine before any chunk is made (as
        ``make_rows`` records them, chunk by chunk in row order: functions of the row alone here, see
        :meth:`client_reason`), and the running totals of those ``t`` aggregates over (the offsets the workers'
        chunks read for their first child row, as one process reads them from the counts made so far)."""
        e = self.engine
        assert e is not None
        wanted = self._aggregated_children(t)
        got: dict[str, list[NDArray[np.int64]]] = {c: [] for c in wanted}
        empty = pl.DataFrame()
        for a, b in bounds:
            counts = e.planner.record(t, np.arange(a, b, dtype=np.int64), empty)
            for c in wanted:
                got[c].append(np.asarray(counts[c], dtype=np.int64))
        return {
            c: np.cumsum(np.concatenate(v) if v else np.zeros(0, dtype=np.int64), dtype=np.int64)
            for c, v in got.items()
        }

    def _ancestors(self, t: str) -> set[str]:
        assert self.engine is not None
        plan = self.engine.plan
        out: set[str] = set()
        todo = [t]
        while todo:
            for lk in plan.tables[todo.pop()].links.values():
                if lk.table != t and lk.table not in out:
                    out.add(lk.table)
                    todo.append(lk.table)
        return out

    def context(self, t: str, ahead: dict[str, NDArray[np.int64]] | None = None) -> TableContext:
        """What ``t``'s chunks read of the tables made before it (see :class:`TableContext`); ``ahead``: the
        offsets of the children ``t`` aggregates over (:meth:`_counts_ahead`; empty ones where they are learned chunk
        by chunk), whose rows made for the aggregates read the tables made before ``t`` too."""
        e = self.engine
        assert e is not None
        ctx = TableContext(n_rows=dict(e.n_rows))
        if t in e.offsets:
            off = e.offsets[t]  # (whole, for the workers: a spilled one is read from its file)
            ctx.offsets[t] = off if isinstance(off, np.ndarray) else off.read(0, len(off))
        parents = self._ancestors(t)
        for child, off in (ahead or {}).items():
            if len(off):
                ctx.offsets[child] = off
            parents |= self._ancestors(child) - {t, child}  # (``t`` itself: the chunk's rows, an overlay)
        for (p, col), spilled in e.store.cols.items():
            if p in parents:
                ctx.columns[(p, col)] = spilled.gather(np.arange(e.n_rows[p], dtype=np.int64))
        for child in e.plan.tables[t].children:
            lk = e.plan.tables[child].primary_link
            if lk is not None and lk.table == t:
                ctx.children.append(child)
        return ctx

    # ------------------------------------------------------------ making rows

    def rows(self, t: str, bounds: list[tuple[int, int]]) -> Iterator[Any]:
        e = self.engine
        assert e is not None
        why = self.client_reason(t)
        if why is not None:
            self.placement[t], self.why_client[t] = "client", why
            if self._part_writer is not None:
                self.written_by[t] = "client"
            for a, b in bounds:
                yield e.make_rows(t, np.arange(a, b, dtype=np.int64))
            return
        self.placement[t] = "dask"
        if not bounds:
            return
        if self._job is None:
            job = Job(e.plan, e.seed, e.scale, e.chunk_size, e.max_attempts)
            [self._job] = self.client.scatter([job], broadcast=True, hash=False)
        aggregated = self._aggregated_children(t)
        split = bool(aggregated) and not self.counts_known(t)
        if aggregated:
            self.aggregated[t] = "split" if split else "ahead"
        if split:  # (the children's ancestors still go with the context: the offsets come per chunk)
            ahead: dict[str, NDArray[np.int64]] | None = {c: np.zeros(0, dtype=np.int64) for c in aggregated}
        else:
            ahead = self._counts_ahead(t, bounds) if aggregated else None
        ctx = self.context(t, ahead)
        self.context_bytes[t] = ctx.nbytes
        task: Any = make_chunk
        extra: tuple[Any, ...] = ()
        if self.workers_write(t):
            assert self._part_writer is not None
            keep = sorted(e._needs[t])
            task, self.written_by[t] = make_part, "workers"
            writer = self._part_writer(t)
            extra = (writer, list(e.schema(t)), keep)
        elif self._part_writer is not None:
            self.written_by[t] = "client"
        # on every worker: a worker that dies and comes back fetches it from another one
        shared = {"ctx": self.client.scatter([ctx], broadcast=True, hash=False)[0]}
        workers = sorted(self.client.scheduler_info().get("workers", {}))
        window = self.window or max(2, 2 * len(workers) or 2)
        uniques = e.uniqueness.columns(t)
        shards = 0
        if uniques and task is make_chunk and shardable(e, uniques, t):
            shards = max(1, len(workers)) if self.shards is None else self.shards

        starts = {a: i for i, (a, _) in enumerate(bounds)}
        heads: _Heads | None = None

        def remake(a: int, b: int) -> Any:  # a chunk made again to rebuild the ledger shards (a worker was lost)
            self.tasks += 1
            if heads is not None:  # (a chunk sent before: where its children start is known)
                first = heads.first[starts[a]]
                counted = heads.head(a, b)
                fut = self.client.submit(
                    make_after_counts, self._job, shared["ctx"], counted, t, a, b, first, shards=shards, pure=False
                )
                counted.release()
                return fut
            return self.client.submit(make_chunk, self._job, shared["ctx"], t, a, b, shards=shards, pure=False)

        def rescatter() -> None:
            # a worker died holding the only copy of the job or the context (scattered, so Dask cannot make them
            # again: "lost scattered data"): send them again before anything that reads them is made again
            [self._job] = self.client.scatter(
                [Job(e.plan, e.seed, e.scale, e.chunk_size, e.max_attempts)], broadcast=True, hash=False
            )
            shared["ctx"] = self.client.scatter([ctx], broadcast=True, hash=False)[0]

        def remake_fresh(a: int, b: int) -> Any:
            rescatter()
            return remake(a, b)

        # the sink's writer, the columns and a chunk made again, when the workers write settled chunks
        settle: tuple[Any, list[str], Callable[[int, int], Any]] | None = None
        if self.settled_write(t, shards):
            assert self._part_writer is not None
            self.written_by[t] = "workers"
            settle = (self._part_writer(t), list(e.schema(t)), remake_fresh)
        # the ledger whole on every worker (one shard, a replica each): a chunk's redraws decided where it was made
        fused = (
            settle is not None
            and self.fuse
            and (self.shards is None or self.shards == 1)
            and e.n_rows[t] <= self.fuse_rows
        )
        reps: list[_ShardRun] = []
        if fused:
            shards = 1
            reps = [_ShardRun(self, t, uniques, 1, [w], remake) for w in workers or [""]]
            if not workers:
                reps[0].workers = []
        run = reps[0] if reps else _ShardRun(self, t, uniques, shards, workers, remake) if shards else None
        # a fused table's chunks go to the replicas' workers in runs of ``stretch`` (:func:`_stretch`), not in turn
        stretch = _stretch(window, len(reps))

        def home(index: int) -> _ShardRun:
            """The replica whose worker makes and settles chunk ``index`` (unless Dask moves the chunk: ``placed``)."""
            return reps[(index // stretch) % len(reps)]

        for r in reps:
            r.rescatter = rescatter
        if run is not None:
            run.rescatter = rescatter
            self.sharded[t] = shards
            self._shard_runs[t] = run
        pending: deque[tuple[int, int, int, Any]] = deque()
        # a chunk its worker writes once settled stays there: the client receives what it keeps of it (the columns
        # later tables read, the counts), never its rows; the redraws fetch the rows the shards flag
        keep = sorted(e._needs[t])
        settled: list[_Settled] = []
        todo = iter(enumerate(bounds))

        if split:

            def head(a: int, b: int) -> Any:  # ahead of the chunks made whole (a higher priority)
                self.tasks += 1
                # on the worker its rest goes to (``send``): the chunk made up to the counts stays where it is read,
                # not copied to another worker (a copy costs both of them CPU)
                kw = home(starts[a])._where(0) if fused else {}
                return self.client.submit(
                    make_to_counts, self._job, shared["ctx"], t, a, b, pure=False, priority=1, **kw
                )

            heads = _Heads(self, t, bounds, aggregated, head, rescatter, window)

        def send(index: int, a: int, b: int) -> Any:
            key = f"simulacra-{t}-{a}-{b}-{uuid.uuid4().hex[:12]}"
            args = (index, *extra) if extra else ()
            self.tasks += 1
            kw: dict[str, Any] = {"shards": shards} if shards else {}
            if fused:  # on the worker of the replica that settles it (:func:`submit_settle`)
                kw.update(home(index)._where(0))
            if heads is not None:  # made up to the counts, and the chunk's first child rows summed: the rest
                counted, first = heads.ready(index)
                fut = self.client.submit(
                    make_after_counts,
                    self._job,
                    shared["ctx"],
                    counted,
                    t,
                    a,
                    b,
                    first,
                    *args,
                    key=key,
                    pure=False,
                    **kw,
                )
                counted.release()  # (the task holds it; sent again, the chunk is made again from its start)
            else:
                fut = self.client.submit(task, self._job, shared["ctx"], t, a, b, *args, key=key, pure=False, **kw)
            if run is not None and not fused:
                run.pick(a, fut)
            return fut

        def submit() -> None:
            for index, (a, b) in todo:
                pending.append((index, a, b, send(index, a, b)))
                if fused:  # its steps and settlement now, in chunk order: they wait for the fix before, not the client
                    settling[a] = submit_settle(index, a, b, pending[-1][3])
                return

        def result(index: int, a: int, b: int, fut: Any, thin: bool) -> tuple[Any, ChunkResult]:
            """The chunk's result (``thin``: what the client keeps of it, :func:`thin_chunk`) and its future: a chunk
            whose inputs were lost with a worker is sent again (pure: the same rows)."""
            for attempt in range(3):
                got = self.client.submit(thin_chunk, fut, keep, pure=False) if thin else fut
                self.tasks += thin
                try:
                    res: ChunkResult = got.result()
                    return fut, res
                except SimulacraError:
                    raise  # the task's own error (a constraint that cannot be met...), as one process raises it
                except Exception as err:  # noqa: BLE001 - the cluster's: workers that kept dying, a lost scheduler
                    if attempt == 2 or not _lost_input(err):
                        raise _cluster_error(t, a, b, err) from err
                    # a worker died holding the only copy of what the task reads (scattered just before,
                    # not yet replicated): send it again and rerun the chunk (pure: the same rows)
                    fut.release()
                    rescatter()
                    fut = send(index, a, b)
                    if run is not None and run.stepped(a):
                        run.drop_pick(a)  # (its shards already stepped on the chunk as first sent: the same values)
                finally:
                    if thin:
                        got.release()
            raise AssertionError("unreachable")

        def view(index: int, a: int, b: int, fut: Any) -> tuple[Any, ChunkResult, NDArray[np.int64], MadeRows | None]:
            """A settled chunk, checked by the shards: in one round trip (:func:`chunk_view`) what the client keeps of
            it, the shards' flags and its flagged rows. When something it reads was lost with a worker, the three
            are had apart as before (the chunk sent again, the shards' chains rebuilt)."""
            assert run is not None
            v = views.futs.pop(a, None)
            if v is None:
                v = submit_view(a, b, fut)
            try:
                res, flags, at, rows = views.got.pop(a) if a in views.got else v.result()
                run.flags = flags
                return fut, res, at, rows
            except SimulacraError:
                raise
            except Exception as err:  # noqa: BLE001 - the cluster's
                if not _lost_input(err):
                    raise _cluster_error(t, a, b, err) from err
            finally:
                v.release()
            fut, res = result(index, a, b, fut, thin=True)
            run.flags = run.gather_flags(a, b)
            return fut, res, np.zeros(0, dtype=np.int64), None

        views = _Views()
        # chunk start -> its settlement (on the chain of chunks) and its write (off it), submitted as the chunk is sent
        settling: dict[int, tuple[Any, Any]] = {}
        # the carry into the next chunk's steps: the fix of the chunk whose settlement was submitted last (a future of
        # ``settled_fix``, which goes from that worker to the steps' workers without the client), None before the first
        carry: list[Any] = [None]
        # chunk start -> the keys of the futures its fix is read from (its value learned with its write)
        carry_key: dict[int, list[str]] = {}
        # the replica that settled the chunk last and its link (``settle_link``), whose result that replica's state is
        link: list[tuple[_ShardRun, Any] | None] = [None]

        def placed(index: int, fut: Any) -> _ShardRun:
            """The replica on the worker holding the chunk: the one it was sent to, unless Dask moved the task (work
            stealing moves a task whose placement is a preference); then settling it there would fetch its rows."""
            if len(reps) > 1 and fut.done():  # (a chunk still being made is where it was sent, as far as is known)
                held = _holders(self.client, fut)
                for r in reps:
                    if r.workers and r.workers[0] in held:
                        return r
            return home(index)

        def submit_settle(index: int, a: int, b: int, fut: Any, step: bool = True) -> tuple[Any, Any]:
            """The chunk's settlement on the worker holding it, with that worker's replica (``step``: after every
            replica's step on it, with the fix of the chunk before; else on its ``home`` replica as it is, made again
            through this chunk), then its fix (the other replicas' carry) and its write. With ``step`` the settling
            replica's step and the settlement are one task (:func:`settle_link`), which reads the link before
            directly where that was settled on this worker (its state and its fix in one result), so the chain is
            one task a chunk: between two tasks the worker waits for the scheduler and starts a chunk made ahead,
            which the chain then waits for. The other replicas step on a cut of the chunk, off the chain. The chain's
            tasks go first where a worker has several ready (``_CHAIN``)."""
            assert settle is not None
            rep = placed(index, fut) if step else home(index)
            writer, columns, _ = settle
            where = rep._where(0)
            if step:
                # the link before on this worker: its result is this replica's state and holds the fix
                before = link[0] if link[0] is not None and link[0][0] is rep else None
                own = before[1] if before is not None else carry[0]
                cut = None
                for r in reps:
                    if r is rep:
                        continue
                    if cut is None:
                        self.tasks += 1
                        cut = self.client.submit(cut_buckets, fut, pure=False, priority=_CHAIN)
                    r.picks[a] = [cut]
                    r.fix = [carry[0]]
                    r.advance(a, b, check=False, priority=_CHAIN)
                if cut is not None:
                    cut.release()  # (the steps hold it until they ran)
                self.tasks += 1
                s = rep.link(
                    a,
                    b,
                    own,
                    lambda prev: self.client.submit(
                        settle_link,
                        self._job,
                        shared["ctx"],
                        fut,
                        prev,
                        own,
                        t,
                        a,
                        b,
                        pure=False,
                        priority=_CHAIN,
                        **where,
                    ),
                )
                link[0] = (rep, s)
            else:
                self.tasks += 1
                s = self.client.submit(
                    settle_chunk,
                    self._job,
                    shared["ctx"],
                    fut,
                    rep.states[0],
                    t,
                    a,
                    b,
                    pure=False,
                    priority=_CHAIN,
                    **where,
                )
                link[0] = None  # (its result holds no state: the next link reads the replica's and the carry)
            if carry[0] is not None:
                carry[0].release()  # (the steps that read it hold it)
            carry[0] = None
            keys = [s.key]
            if len(reps) > 1 or link[0] is None:  # (one replica settling in a row: the links carry the fix themselves)
                self.tasks += 1
                carry[0] = self.client.submit(settled_fix, s, 0, pure=False, priority=_CHAIN, **where)
                keys.append(carry[0].key)
            carry_key[a] = keys
            self.tasks += 1
            w = self.client.submit(write_settlement, s, keep, index, writer, columns, pure=False, **where)
            if link[0] is None:
                s.release()  # (kept on its worker until its fix and its write have read it)
            return s, w

        def settled_chunk(index: int, a: int, b: int, fut: Any) -> tuple[Any, Settlement]:
            """The chunk's settlement; when what it reads was lost with the worker, the chain is made again from this
            chunk on: every replica's ledger made again from the chunks through this one (the fixes before it are all
            known here), this chunk made again (pure: the same rows, the same decisions) and settled, and the
            settlements sent ahead sent again after it."""
            assert run is not None
            s = settling.pop(a, None)
            if s is None:
                s = submit_settle(index, a, b, fut)
            w = s[1]
            for attempt in range(_REBUILDS):
                try:
                    got: Settlement = w.result()
                    w.release()
                    fixed = None if got.fix is None else got.fix[0]
                    for key in carry_key.pop(a, []):
                        for r in reps:  # (a rebuild reads the value, the carry's future may be lost by then)
                            r.known(key, fixed)
                    return fut, got
                except SimulacraError:
                    w.release()
                    raise  # the task's own error (no unique value left...), as one process raises it
                except Exception as err:  # noqa: BLE001 - the cluster's
                    w.release()
                    if attempt == _REBUILDS - 1 or not _lost_input(err):
                        raise _cluster_error(t, a, b, err) from err
                    time.sleep(min(2.0**attempt, 8.0))
                    rescatter()
                    for _, w2 in settling.values():
                        w2.release()
                    settling.clear()
                    if carry[0] is not None:
                        carry[0].release()
                    carry[0] = link[0] = None
                    for r in reps:  # (each one's history holds this chunk's step: the state after it)
                        r.rebuild(upto=a)
                    fut.release()
                    fut = remake(a, b)
                    w = submit_settle(index, a, b, fut, step=False)[1]
                    for ni, na, nb, nfut in pending:
                        settling[na] = submit_settle(ni, na, nb, nfut)
            raise AssertionError("unreachable")

        def submit_view(a: int, b: int, fut: Any) -> Any:
            assert run is not None
            run.advance(a, b)
            self.tasks += 1
            return self.client.submit(chunk_view, fut, keep, a, *run.flag_futures(), pure=False)

        def view_ahead() -> int | None:
            """The next chunk's view submitted now (its shards' steps read the fix just made): its result comes back
            with the write of the chunk before, in one round trip (``_Settled.written``). Its start, or None."""
            if not pending:
                return None
            _, a, b, fut = pending[0]
            if a not in views.futs:
                views.futs[a] = submit_view(a, b, fut)
            return a

        try:
            for _ in range(window):
                submit()
            while pending:
                index, a, b, fut = pending.popleft()
                rows: tuple[NDArray[np.int64], MadeRows] | None = None
                if fused:
                    assert run is not None
                    fut, done = settled_chunk(index, a, b, fut)
                    self._redraws(t, done)
                    submit()
                    self._record(t, a, b, done.res)
                    run.start, run.stop = a, b
                    fut.release()
                    yield done.res.made  # (WrittenRows: the engine's enforce returns its frame, settled)
                    continue
                if settle is not None and run is not None:
                    fut, res, at, got = view(index, a, b, fut)
                    rows = (at, got) if got is not None else None
                else:
                    fut, res = result(index, a, b, fut, thin=settle is not None)
                made = res.made
                if settle is None and not extra:
                    self.whole_rows[t] = self.whole_rows.get(t, 0) + (b - a)
                if settle is not None:  # the worker keeps the chunk until it has written it (_Settled.written)
                    made = _Settled(self, t, (index, a, b), fut, res.made, settle)
                    made.prefetched = rows
                    made.ahead, made.views = view_ahead, views
                    settled[:] = [x for x in settled if x.fut is not None]  # (the written ones: their rows let go)
                    settled.append(made)
                submit()
                self._record(t, a, b, res)
                if run is not None:
                    res.buckets = []
                    if settle is None:
                        run.step(a, b)  # the shards check the chunk's values; the engine's enforce then resolves
                    run.start, run.stop = a, b
                if settle is None:  # (after the steps: with one worker they read the chunk itself)
                    fut.release()
                yield made
        finally:
            if heads is not None:
                heads.release()
            for s in settled:
                s.release()
            for _, _, _, fut in pending:
                fut.cancel()
            for _, f in settling.values():
                f.release()
            if carry[0] is not None:
                carry[0].release()
            views.release()
            shared["ctx"].release()
            for r in reps[1:]:
                r.close()
            if run is not None:
                run.close()
                self._shard_runs.pop(t, None)

    def _redraws(self, t: str, done: Settlement) -> None:
        """What ``_ledger.resolve`` would have left in the client's engine for a chunk settled on its worker."""
        e = self.engine
        assert e is not None
        ways = self.decided.setdefault(t, {})
        for k, v in done.ways.items():
            ways[k] = ways.get(k, 0) + v
        if done.redraws:
            st = e.stats.redraws.setdefault(t, {"passes": 0, "rows": 0, "candidates": 0, "levels": 0})
            for k, v in done.redraws.items():
                st[k] = max(st.get(k, 0), v) if k == "levels" else st.get(k, 0) + v

    def _record(self, t: str, a: int, b: int, res: ChunkResult) -> None:
        """What ``make_rows`` would have left in the client's engine: children's counts, regenerated rows."""
        e = self.engine
        assert e is not None
        for child, counts in res.counts.items():
            if e.count_done.get(child, 0) == a and b > a:
                e.counts.setdefault(child, []).append(counts)
                e.count_done[child] = b
        if res.spans:
            e.text.add_spans(res.spans)
        if res.text:
            e.text.add_provenance(res.text)
        if res.regenerated:
            reg = e.stats.regenerated.setdefault(t, {})
            reg["rows"] = reg.get("rows", 0) + res.regenerated

    def close(self) -> None:
        if self._job is not None:
            self._job.release()
            self._job = None


class _Heads:
    """The chunks of a table whose children's counts read its own rows (``rows.by``...) made up to those counts on the
    workers (:func:`make_to_counts`, each kept on its worker), submitted ``ahead`` of the chunks being made whole, and
    their counts (small: :func:`counts_of`) fetched in chunk order: the sum over the chunks before one is where its
    children start, which the rest of it (:func:`make_after_counts`) reads. The only thing the client waits on in
    order is the counts, not the rows."""

    def __init__(
        self,
        ex: DaskExecutor,
        t: str,
        bounds: list[tuple[int, int]],
        children: list[str],
        head: Callable[[int, int], Any],
        rescatter: Callable[[], None],
        ahead: int,
    ) -> None:
        self.ex, self.t, self.bounds, self.head, self.rescatter, self.ahead = ex, t, bounds, head, rescatter, ahead
        self.futs: dict[int, Any] = {}  # chunk index -> its head (made up to the counts)
        self.counts: dict[int, Any] = {}  # chunk index -> its counts (a small task on the head)
        self.first: list[dict[str, int]] = [dict.fromkeys(children, 0)]  # per chunk: its first row of each child
        self.sent: set[int] = set()

    def _submit(self, i: int) -> None:
        for f in (self.futs.pop(i, None), self.counts.pop(i, None)):
            if f is not None:
                f.release()
        a, b = self.bounds[i]
        self.futs[i] = fut = self.head(a, b)
        self.ex.tasks += 1
        self.counts[i] = self.ex.client.submit(counts_of, fut, pure=False, priority=1)

    def ready(self, i: int) -> tuple[Any, dict[str, int]]:
        """Chunk ``i``'s head (made again where it was sent before: a worker was lost) and its first child rows,
        once the counts of every chunk before it are in."""
        for j in range(i, min(len(self.bounds), i + self.ahead + 1)):
            if j not in self.futs:
                self._submit(j)
        if i in self.sent:
            self._submit(i)
        while len(self.first) <= i:
            j = len(self.first) - 1
            got = self._counts(j)
            self.first.append({c: n + int(got[c].sum()) for c, n in self.first[j].items()})
            self.counts.pop(j).release()
        self.sent.add(i)
        return self.futs.pop(i), self.first[i]

    def _counts(self, j: int) -> dict[str, NDArray[np.int64]]:
        """Chunk ``j``'s counts; made again when what they read was lost with a worker (pure: the same counts)."""
        a, b = self.bounds[j]
        for attempt in range(_REBUILDS):
            if j not in self.counts:
                self._submit(j)
            try:
                got: dict[str, NDArray[np.int64]] = self.counts[j].result()
                return got
            except SimulacraError:
                raise  # the task's own error (a constraint that cannot be met...), as one process raises it
            except Exception as err:  # noqa: BLE001 - the cluster's
                if attempt == _REBUILDS - 1 or not _lost_input(err):
                    raise _cluster_error(self.t, a, b, err) from err
                time.sleep(min(2.0**attempt, 8.0))
                self.rescatter()
                self._submit(j)
        raise AssertionError("unreachable")

    def release(self) -> None:
        for f in [*self.futs.values(), *self.counts.values()]:
            f.release()
        self.futs.clear()
        self.counts.clear()


class _ShardRun:
    """A table's ledger shards while its chunks are consumed: the chain of :func:`shard_step` futures (one per
    shard, pinned to a worker while it lives), the flags of the chunk being consumed, the fix for the next step.
    With one worker (``local``) every task runs on it: a step reads its shard's buckets off the chunk's result and
    the chunk's view reads the shards' states, with no task in between to carry them."""

    def __init__(
        self,
        ex: DaskExecutor,
        t: str,
        uniques: list[tuple[str, ...]],
        shards: int,
        workers: list[str],
        remake: Callable[[int, int], Any],
    ) -> None:
        self.ex, self.t, self.uniques, self.k = ex, t, uniques, shards
        self.workers = workers
        self.local = len(workers) <= 1
        self.remake = remake
        self.rescatter: Callable[[], None] = lambda: None  # set by the executor: the job and context sent again
        # every step so far: chunk, the fix it applied (a value, or a carry's future until :meth:`known`)
        self.history: list[tuple[int, int, list[Any]]] = []
        self.rebuilt = 0
        self.picks: dict[int, list[Any]] = {}  # chunk start -> per shard: its bucket (a future), or the chunk
        self.states: list[Any] = [None] * shards
        self.fix: list[Any] | None = None  # per shard: the fix for the next step, a value or a carry's future
        self._known: dict[str, Fix | None] = {}  # a carry's key -> its value (:meth:`known`)
        self._read_at: dict[str, int] = {}  # a carry's key -> the step in the history that read it
        self.flags: list[Flags] = []
        self._flag_futs: list[Any] = []
        self._stepped: set[int] = set()
        self.start = -1
        self.stop = -1

    def _where(self, k: int) -> dict[str, Any]:
        return {"workers": [self.workers[k % len(self.workers)]], "allow_other_workers": True} if self.workers else {}

    def pick(self, a: int, fut: Any) -> None:
        """The shards' buckets of the chunk starting at ``a`` (``fut``), for their steps: one small task on the chunk's
        worker (:func:`cut_buckets`: every shard's, each step takes its own); with one worker, the chunk itself."""
        self.drop_pick(a)
        if self.local:
            self.picks[a] = [fut] * self.k
        else:
            self.ex.tasks += 1
            self.picks[a] = [self.ex.client.submit(cut_buckets, fut, pure=False)] * self.k

    def drop_pick(self, a: int) -> None:
        picks = self.picks.pop(a, [])
        if picks and not self.local:  # (with one worker: the chunk's own future, the executor's)
            picks[0].release()

    def stepped(self, a: int) -> bool:
        """Whether the shards stepped on the chunk starting at ``a``."""
        return a in self._stepped

    def _gather(self, submit: Callable[[], list[Any]], a: int, b: int) -> list[Any]:
        """``submit()``'s futures gathered; when a worker was lost with a shard the scheduler cannot make again
        (the links before it are released), the chains are rebuilt from the chunks (pure: the same states)."""
        for attempt in range(_REBUILDS):
            try:
                return list(self.ex.client.gather(submit()))
            except SimulacraError:
                raise
            except Exception as err:  # noqa: BLE001 - the cluster's
                if attempt == _REBUILDS - 1 or not _lost_input(err):
                    raise _cluster_error(self.t, a, b, err) from err
                # (the scheduler may not have seen the worker go yet: a rebuild at once can land on it again)
                time.sleep(min(2.0**attempt, 8.0))
                self.rescatter()
                self.rebuild()
        raise AssertionError("unreachable")

    def _chain(
        self, states: list[Any], picks: list[Any], fix: list[Any], check: bool = True, priority: int = 0
    ) -> list[Any]:
        self.ex.tasks += self.k
        kw = {"priority": priority} if priority else {}
        return [
            self.ex.client.submit(shard_step, states[k], picks[k], fix[k], k, check, pure=False, **kw, **self._where(k))
            for k in range(self.k)
        ]

    def known(self, key: str | None, fix: Fix | None) -> None:
        """The value of the fix whose future has ``key`` (a carry, :func:`settled_fix`): a rebuild reads it in place of
        the future in the history, which may have been lost with its worker."""
        if key is not None:
            self._known[key] = fix
            i = self._read_at.pop(key, None)
            if i is not None and i < len(self.history):  # the step that read it: the value in place of the future
                a, b, fixes = self.history[i]  # (a link's result is the whole settled chunk: not held for a rebuild)
                self.history[i] = (a, b, [fix if getattr(f, "key", None) == key else f for f in fixes])

    def rebuild(self, upto: int | None = None) -> None:
        """The shards' chains made again from the first chunk of the table through the current one (``upto``: through
        the chunk starting there; the steps after it are forgotten, to be sent again)."""
        self.rebuilt += 1
        if upto is not None:
            self.history = [h for h in self.history if h[0] <= upto]
            self._stepped = {a for a in self._stepped if a <= upto}
        old, states = self.states, [None] * self.k
        for i, (a, b, fix) in enumerate(self.history):
            fix = [f if f is None or isinstance(f, Fix) else self._known.get(f.key, f) for f in fix]
            self.history[i] = (a, b, fix)
            fut = self.remake(a, b)
            self.ex.tasks += self.k
            picks = [self.ex.client.submit(pick_bucket, fut, k, pure=False) for k in range(self.k)]
            nxt = self._chain(states, picks, fix)
            for f in [fut, *picks, *(s for s in states if s is not None)]:
                f.release()
            states = nxt
        for s in old:
            if s is not None:
                s.release()
        self.states = states
        self._release_flags()

    def advance(self, a: int, b: int, check: bool = True, priority: int = 0) -> None:
        """The shards' steps on the chunk starting at ``a`` submitted, with the fix of the chunk before (``check``:
        with the flags; a replica whose flags no one reads for this chunk keeps the values only). The fix may be a
        future (a carry: :meth:`known` puts its value in the history once the client has it)."""
        picks = self.picks.pop(a)
        fix: list[Any] = list(self.fix) if self.fix else [None] * self.k
        self._remember((a, b, fix))
        old, self.states = self.states, self._chain(self.states, picks, fix, check, priority)
        for f in [*(picks[:1] if not self.local else []), *(s for s in old if s is not None)]:
            f.release()
        self._release_flags()
        self._stepped.add(a)
        self.fix = None

    def _remember(self, step: tuple[int, int, list[Any]]) -> None:
        for f in step[2]:
            if f is not None and not isinstance(f, Fix):
                self._read_at[f.key] = len(self.history)
        self.history.append(step)

    def link(self, a: int, b: int, fix: Any, submit: Callable[[Any], Any]) -> Any:
        """This one-shard replica's step on the chunk starting at ``a`` taken inside the chain's link
        (``submit(state before)``: a :func:`settle_link` future, whose result holds the state after): recorded as a
        step, with the fix it applied (a future until :meth:`known`), so a rebuild makes the same state again."""
        self._remember((a, b, [fix]))
        old, self.states = self.states, [submit(self.states[0])]
        for f in [*self.picks.pop(a, [])[: 1 if not self.local else 0], *(s for s in old if s is not None)]:
            f.release()
        self._release_flags()
        self._stepped.add(a)
        self.fix = None
        return self.states[0]

    def flag_futures(self) -> list[Any]:
        """What the chunk's view reads for the shards' flags: a small task per shard on its worker (the flags
        travel, not the state); with one worker, the states themselves."""
        if self.local:
            return list(self.states)
        self.ex.tasks += self.k
        self._flag_futs = [self.ex.client.submit(shard_flags, s, pure=False) for s in self.states]
        return list(self._flag_futs)

    def _release_flags(self) -> None:
        for f in self._flag_futs:
            f.release()
        self._flag_futs = []

    def gather_flags(self, a: int, b: int) -> list[Flags]:
        """The shards' flags for the chunk they stepped on last, gathered (rebuilding lost chains)."""

        def submit() -> list[Any]:
            self.ex.tasks += self.k
            return [self.ex.client.submit(shard_flags, s, pure=False) for s in self.states]

        return self._gather(submit, a, b)

    def step(self, a: int, b: int) -> None:
        self.advance(a, b)
        self.flags = self.gather_flags(a, b)
        self.start, self.stop = a, b

    def holders(self, queries: list[tuple[int, Any, list[tuple[Any, ...]]]]) -> list[list[list[int]]]:
        """Per query (column set, values, keys), per key: the rows the shards say hold it."""

        def answer(per: list[Lookups]) -> list[Any]:
            self.ex.tasks += self.k
            return self._gather(
                lambda: [
                    self.ex.client.submit(shard_lookup, self.states[k], per[k], pure=False) for k in range(self.k)
                ],
                self.start,
                self.stop,
            )

        return ask_shards(queries, self.k, answer)

    def resolve(self, rows: NDArray[np.int64], made: MadeRows) -> Any:
        if isinstance(made, WrittenRows):  # settled on its worker (``settle_chunk``): its redraws are in place
            return made.frame
        e = self.ex.engine
        assert e is not None
        fetch = made.fetch if isinstance(made, _Settled) else None  # (else the client holds the chunk whole)
        ways = self.ex.decided.setdefault(self.t, {})
        frame, _, redrawn = resolve(e, self.t, rows, made, self.uniques, self.flags, self.holders, fetch, ways)
        if redrawn is not None:
            self.fix = fixes(e, self.t, int(rows[0]), redrawn, self.uniques, self.k)
        if isinstance(made, _Settled):  # the chunk's verdicts are settled: its worker writes it
            made.settle(redrawn)
        return frame

    def close(self) -> None:
        for a in list(self.picks):
            self.drop_pick(a)
        for s in self.states:
            if s is not None:
                s.release()
        self._release_flags()
        self.states = [None] * self.k


class _Settled:
    """A chunk of a table with a uniqueness ledger whose part its worker writes once the client has settled the
    chunk's redraws: what the client keeps of the rows (``frame``: the columns later tables read; ``fk_idx``,
    ``scen``; unpacked as ``MadeRows`` by the engine's enforce), the chunk's future (the rows stay on its worker: a
    lost worker makes them again, pure; :meth:`fetch` brings the rows the redraws visit), and after :meth:`settle`
    the write task. :attr:`written` is what the engine hands the sink for the part
    (``(index, rows)``), once the part is in the sink's staging folder under its final name."""

    def __init__(
        self,
        ex: DaskExecutor,
        t: str,
        chunk: tuple[int, int, int],
        fut: Any,
        made: MadeRows,
        part: tuple[Any, list[str], Callable[[int, int], Any]],
    ) -> None:
        self.ex, self.t, self.fut, self.made = ex, t, fut, made
        self.index, self.a, self.b = chunk
        self.writer, self.columns, self.remake = part
        self.write: Any = None
        self.patch: tuple[NDArray[np.int64], pl.DataFrame] | None = None
        # the flagged positions and their rows, had with the chunk (``chunk_view``): the redraws' first fetch
        self.prefetched: tuple[NDArray[np.int64], MadeRows] | None = None
        # submits the next chunk's view once this one is settled (its result then comes back with this write)
        self.ahead: Callable[[], int | None] | None = None
        self.views: _Views | None = None
        self.next_view: int | None = None

    @property
    def frame(self) -> pl.DataFrame:
        return self.made.frame

    @property
    def fk_idx(self) -> dict[str, NDArray[np.int64]]:
        return self.made.fk_idx

    @property
    def scen(self) -> NDArray[np.int64]:
        return self.made.scen

    @property
    def primary_idx(self) -> NDArray[np.int64] | None:
        return self.made.primary_idx

    def __iter__(self) -> Iterator[Any]:
        return iter(self.made)

    def fetch(self, positions: NDArray[np.int64]) -> MadeRows:
        """The chunk's whole rows at ``positions``, from the worker holding it."""
        sent: list[Any] = []
        self.ex.fetched_rows[self.t] = self.ex.fetched_rows.get(self.t, 0) + len(positions)
        pre, self.prefetched = self.prefetched, None
        if pre is not None and np.array_equal(pre[0], positions):
            return pre[1]

        def submit() -> Any:
            self.ex.tasks += 1
            sent.append(self.ex.client.submit(chunk_rows, self.fut, positions, pure=False))
            return sent[-1]

        try:
            got: MadeRows = self._on_worker(submit)
        finally:
            for f in sent:
                f.release()
        return got

    def settle(self, redrawn: Redrawn | None) -> None:
        """The redraws decided: the worker holding the chunk puts the redrawn rows (their final values) in place
        and writes the part (only the redrawn rows travel back to it)."""
        if redrawn is None:
            self.patch = (np.zeros(0, dtype=np.int64), pl.DataFrame())
        else:
            self.patch = (redrawn.positions, redrawn.patch())  # (the columns a redraw changed: less to send)
        self.prefetched = None
        self._submit()
        if self.ahead is not None:
            self.next_view = self.ahead()

    def _submit(self) -> Any:
        assert self.patch is not None
        self.ex.tasks += 1
        self.write = self.ex.client.submit(
            write_settled, self.fut, *self.patch, self.index, self.writer, self.columns, pure=False
        )
        return self.write

    def _on_worker(self, submit: Callable[[], Any]) -> Any:
        """The result of ``submit()``'s task on the chunk; when the chunk was lost with its worker, the chunk is made
        again (pure) and the task sent again, once the scheduler has had time to see the worker go (else the remake
        lands on it again)."""
        for attempt in range(_REBUILDS):
            try:
                return submit().result()
            except SimulacraError:
                raise
            except Exception as err:  # noqa: BLE001 - the cluster's (a worker that kept dying)
                if attempt == _REBUILDS - 1 or not _lost_input(err):
                    raise _cluster_error(self.t, self.a, self.b, err) from err
                time.sleep(min(2.0**attempt, 8.0))
                self.release()
                self.fut = self.remake(self.a, self.b)
        raise AssertionError("unreachable")

    @property
    def written(self) -> tuple[int, int]:
        if self.write is None:  # enforce always settles a chunk of a sharded table; never left unwritten
            raise GenerationError(
                f"part {self.index} was not settled by the ledger shards", location=Location(table=self.t)
            )
        got: Any = None
        nxt, self.next_view = self.next_view, None
        if nxt is not None and self.write is not None and self.views is not None and nxt in self.views.futs:
            # one round trip: this part's write and the next chunk's view (kept for the executor until it reads it;
            # a failed one, None here, is dealt with where each is read, as when each is had alone)
            both = self.ex.client.gather({"write": self.write, "view": self.views.futs[nxt]}, errors="skip")
            got = both["write"]
            if both["view"] is not None:
                self.views.got[nxt] = both["view"]
        if got is None:
            got = self._on_worker(lambda: self.write if self.write is not None else self._submit())
        self.release()
        return self.index, int(got)

    def release(self) -> None:
        for f in (self.write, self.fut):
            if f is not None:
                f.release()
        self.write = self.fut = None


class _Views:
    """A settled table's chunk views (``chunk_view``) submitted ahead, by chunk start, and those already received."""

    def __init__(self) -> None:
        self.futs: dict[int, Any] = {}
        self.got: dict[int, Any] = {}

    def release(self) -> None:
        for f in self.futs.values():
            f.release()
        self.futs.clear()
        self.got.clear()


class _ShardedUniqueness(UniquenessLedger):
    """The engine's uniqueness, with a table whose chunks are checked in ledger shards resolved by :func:`resolve`
    (and every other table, made on the client, by the one-process ``enforce`` with its own ledgers)."""

    def __init__(self, engine: Engine, ex: DaskExecutor) -> None:
        super().__init__(engine)
        self.ex = ex

    def enforce(
        self, t: str, rows: NDArray[np.int64], made: MadeRows, uniques: list[tuple[str, ...]], ledgers: list[Any]
    ) -> Any:
        run = self.ex._shard_runs.get(t)
        if run is None or not len(rows) or run.start != int(rows[0]):
            return super().enforce(t, rows, made, uniques, ledgers)
        return run.resolve(rows, made)


#: the Dask priority of a settled table's chain (each chunk's steps, settlement and fix): above the chunks made ahead
#: (``_Heads`` sends its first tasks at 1), so a worker with several tasks ready runs the one every later chunk waits on
_CHAIN = 2


def _stretch(window: int, replicas: int) -> int:
    """How many chunks in a row of a fused table go to one replica's worker: the window shared out among the replicas.

    The chain of settlements goes from chunk to chunk; a link that stays on its worker runs there at once (its inputs
    are local, and ``_CHAIN`` puts it before the chunks made ahead), but a link that crosses to another worker waits
    for the fix's transfer, and meanwhile that worker, one thread, starts a chunk made ahead, which a settlement cannot
    interrupt: with the chunks dealt in turn, every link waited for a whole make (``blocked`` in
    ``benchmarks/dask_idle.py``). In runs of ``window // replicas`` the chain crosses once a run, and the window still
    holds the next run's chunks, made on the other worker while this one settles its own."""
    return max(1, window // max(1, replicas))


#: tries of a ledger shard's chain after a worker was lost: on a loaded machine the scheduler can take tens of
#: seconds to see a killed worker go, and a rebuild before that lands on it again (backoff 1, 2, 4, then 8 s)
_REBUILDS = 9


def _holders(client: Any, fut: Any) -> tuple[str, ...]:
    """The workers holding a future's result; none when the scheduler has cancelled it (a worker died holding what
    it reads): ``who_has`` raises on a cancelled future, and the task that reads it meets the loss where it is
    awaited, as a lost input (made again there), not here."""
    if fut.cancelled():
        return ()
    try:
        return tuple(client.who_has([fut]).get(fut.key) or ())
    except Exception as err:  # noqa: BLE001 - cancelled between the check and the call
        if _lost_input(err):
            return ()
        raise


def _lost_input(err: BaseException) -> bool:
    """A task cancelled by the scheduler because what it reads was lost with a worker ("already forgotten", "lost
    dependencies", or with no reason given when a worker is killed while the task's inputs move); a group of such
    (``FuturesCancelledError``, from the client's calls on several futures) counts too."""
    return type(err).__name__ in ("FutureCancelledError", "FuturesCancelledError", "CancelledError") and any(
        w in str(err) for w in ("forgotten", "lost dependencies", "reason: unknown")
    )


def _cluster_error(t: str, a: int, b: int, e: BaseException) -> GenerationError:
    text = str(e).strip()
    first = text.splitlines()[0] if text else "no message"
    return GenerationError(
        f"rows {a}..{b - 1} could not be made on the Dask cluster ({type(e).__name__}: {first})",
        location=Location(table=t),
    )
