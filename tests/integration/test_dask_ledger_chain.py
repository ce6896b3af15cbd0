"""The chain of a table settled on the workers (the ledger whole on every worker, ``DaskExecutor(fuse=True)``): each
chunk's redraws read the ledger after the chunk before's redraws, so the chunks are settled one after the other.
What is ordered across chunks is only the ledger (each replica's steps) and the carry (the fix of the chunk before,
:func:`~simulacra.distributed._task.settled_fix`), which goes from the worker that settled one chunk to the steps of
the next without the client: the chunks are made ahead, apart, and written off the chain, and the client sends a
chunk's steps and settlement with the chunk, not after the chunk before was settled. The bytes are one process's for
ledger shapes planted per seed (an overdraft floor redrawing accounts, several accounts per client in a chunk,
running balances per account beside a unique reference), at 7 and 64 rows per task and the whole table in one, with
a worker killed too; on a real LocalCluster of two worker processes."""

from __future__ import annotations

import hashlib
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import plan_of

from simulacra.generation.engine import Engine
from simulacra.pipeline import generate

distributed = pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from distributed.diagnostics.plugin import SchedulerPlugin  # noqa: E402

from simulacra.distributed import DaskExecutor  # noqa: E402


def spec(seed: int, clients: int, per: int, space: int) -> str:
    """Clients with a unique e-mail number, ``1..per`` accounts each with a unique IBAN drawn from ``space`` values
    per account (repeats in a chunk and across chunks) and a balance above the account's overdraft floor (a row check
    that redraws rows), entries per account with a running balance starting at the account's balance and a unique
    reference from a small space."""
    return f"""\
name: chain
seed: {seed}
tables:
  clients:
    rows: {clients}
    primary_key: id
    columns:
      id: sequence
      email_no: {{generator: integer, low: 1, high: {clients * 3}, unique: true}}
  accounts:
    rows: {{per: clients, count: {{distribution: uniform, low: 1, high: {per}}}}}
    primary_key: account_id
    columns:
      account_id: sequence
      client_id: {{generator: foreign_key, references: clients.id}}
      iban: {{generator: integer, low: 1, high: {clients * per * space}, unique: true}}
      overdraft_limit: {{generator: categorical, values: [0, 250, 1000], weights: [0.5, 0.3, 0.2]}}
      balance: {{generator: normal, mean: 50, std: 600, round: 2}}
  entries:
    rows: {{per: accounts, count: {{distribution: poisson, lam: 3}}}}
    columns:
      account_id: {{generator: foreign_key, references: accounts.account_id}}
      ref: {{generator: integer, low: 1, high: {clients * per * 6}, unique: true}}
      amount: {{generator: normal, mean: 5, std: 40, round: 2}}
      running: {{generator: running_sum, of: amount, start: "accounts.balance", round: 2}}
constraints:
  - {{table: accounts, check: "balance >= -overdraft_limit", name: within_overdraft}}
"""


#: (seed, clients, accounts per client at most, IBAN values per account): the shapes, planted apart per seed
SHAPES = [(3, 60, 3, 2), (17, 45, 5, 1), (29, 80, 2, 3)]


def parts(folder: Path) -> dict[str, str]:
    out = {
        str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*.parquet"))
    }
    assert out
    return out


@pytest.fixture()
def client(dask_client: Any) -> Any:
    return dask_client


def planted(text: str) -> None:
    """The planted structure is there in one process: every ledger redraws rows, the floor redraws accounts."""
    engine = Engine(plan_of(text), chunk_size=10_000)
    engine.frames()
    for t in ("clients", "accounts", "entries"):
        assert engine.stats.redraws[t]["rows"] >= 3, (t, engine.stats.redraws)
    assert engine.stats.regenerated["accounts"]["rows"] >= 3, engine.stats.regenerated


@pytest.mark.parametrize(("seed", "clients", "per", "space"), SHAPES)
def test_settled_chains_give_one_process_bytes(
    client: Any, tmp_path: Path, seed: int, clients: int, per: int, space: int
) -> None:
    text = spec(seed, clients, per, space)
    planted(text)
    src = tmp_path / "s.yaml"
    src.write_text(text)
    for chunk in (7, 64, 10_000):
        generate(src, tmp_path / f"one{chunk}", format="parquet-parts", chunk_size=chunk, documents=False)
        ex = DaskExecutor(client)
        out = tmp_path / f"dask{chunk}"
        generate(src, out, format="parquet-parts", chunk_size=chunk, documents=False, distribute=ex)
        assert ex.sharded == dict.fromkeys(("clients", "accounts", "entries"), 1), ex.sharded  # (fused: settled there)
        assert ex.written_by == dict.fromkeys(("clients", "accounts", "entries"), "workers"), ex.written_by
        assert parts(out) == parts(tmp_path / f"one{chunk}"), (seed, chunk)


@pytest.mark.parametrize("seed", [5, 23])
def test_a_worker_killed_mid_chain(client: Any, tmp_path: Path, seed: int) -> None:
    """A worker SIGKILLed while the accounts' chain runs: the settlements sent ahead are sent again after the chain is
    made again through the chunk that lost its inputs, with the fixes the client learned; one process's bytes."""
    src = tmp_path / "s.yaml"
    src.write_text(spec(seed, 90, 3, 2))
    generate(src, tmp_path / "one", format="parquet-parts", chunk_size=20, documents=False)
    pids = set(client.run(os.getpid).values())
    killed: list[int] = []

    def progress(table: str, done: int, total: int) -> None:
        if table == "accounts" and done >= total // 3 and not killed:
            victim = min(pids)
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    ex = DaskExecutor(client)
    out = tmp_path / "dask"
    generate(src, out, format="parquet-parts", chunk_size=20, documents=False, distribute=ex, progress=progress)
    assert killed and ex.sharded["accounts"] == 1
    assert parts(out) == parts(tmp_path / "one")


class GraphLog(SchedulerPlugin):
    """On the scheduler: each task's dependencies, when it was first known and when its result was in."""

    name = "ledger-chain-graph"

    def __init__(self) -> None:
        self.deps: dict[str, list[str]] = {}
        self.seen: dict[str, float] = {}
        self.done: dict[str, float] = {}
        self.scheduler: Any = None

    async def start(self, scheduler: Any) -> None:
        self.scheduler = scheduler

    def transition(self, key: Any, start: str, finish: str, *args: Any, **kwargs: Any) -> None:
        now = time.monotonic()
        k = str(key)
        self.seen.setdefault(k, now)
        ts = self.scheduler.tasks.get(key) if self.scheduler is not None else None
        if ts is not None and k not in self.deps:
            self.deps[k] = [str(d.key) for d in ts.dependencies]
        if finish == "memory":
            self.done.setdefault(k, now)


def _graph(dask_scheduler: Any) -> tuple[dict[str, list[str]], dict[str, float], dict[str, float]]:
    p = dask_scheduler.plugins["ledger-chain-graph"]
    return p.deps, p.seen, p.done


def fn(key: str) -> str:
    return "make" if key.startswith("simulacra-") else key.split("-")[0]


@pytest.mark.parametrize(("seed", "chunk"), [(7, 40), (31, 25)])
def test_only_the_ledger_and_its_carry_are_ordered_across_chunks(
    client: Any, tmp_path: Path, seed: int, chunk: int
) -> None:
    """The task graph of a table settled on the workers: a chunk's make reads nothing of another chunk; the edges
    from one chunk's tasks to another's are the ledger's steps (state to state) and the carry (the fix of the chunk
    before, a task, into every replica's next step); nothing reads a chunk's write; and the client sent most chunks'
    settlements before the chunk before was settled (it is not on the chain)."""
    src = tmp_path / "s.yaml"
    src.write_text(
        f"""\
name: chain1
seed: {seed}
tables:
  accounts:
    rows: 400
    columns:
      iban: {{generator: integer, low: 1, high: 900, unique: true}}
      balance: {{generator: normal, mean: 50, std: 600, round: 2}}
"""
    )
    generate(src, tmp_path / "one", format="parquet-parts", chunk_size=chunk, documents=False)
    client.register_plugin(GraphLog())
    try:
        ex = DaskExecutor(client)
        generate(src, tmp_path / "dask", format="parquet-parts", chunk_size=chunk, documents=False, distribute=ex)
        deps, seen, done = client.run_on_scheduler(_graph)
    finally:
        client.unregister_scheduler_plugin("ledger-chain-graph")
    assert parts(tmp_path / "dask") == parts(tmp_path / "one")
    assert ex.sharded == {"accounts": 1}
    n, workers = -(-400 // chunk), len(client.scheduler_info()["workers"])

    chunk_of: dict[str, int] = {}  # task -> its chunk's start
    for k in sorted(deps, key=lambda k: seen[k]):  # (a task is known after what it reads)
        if fn(k) == "make":
            chunk_of[k] = int(k.split("-")[2])
        elif fn(k) == "settle_link":  # (its own chunk: the chunk it settles, not the link before it reads)
            chunk_of[k] = next(chunk_of[d] for d in deps[k] if fn(d) == "make")
        elif fn(k) in ("cut_buckets", "settle_chunk", "settled_fix", "write_settlement", "write_settled"):
            chunk_of[k] = next(
                chunk_of[d] for d in deps[k] if d in chunk_of and fn(d) in ("make", "settle_chunk", "settle_link")
            )
        elif fn(k) == "shard_step":  # (its own chunk: the chunk or the cut of it it reads)
            chunk_of[k] = next(chunk_of[d] for d in deps[k] if fn(d) in ("make", "cut_buckets"))
    makes = [k for k in deps if fn(k) == "make"]
    assert len(makes) == n
    for k in makes:
        assert all(chunk_of.get(d) in (None, chunk_of[k]) for d in deps[k]), (k, deps[k])
    across = {(fn(d), fn(k)) for k in chunk_of for d in deps[k] if d in chunk_of and chunk_of[d] != chunk_of[k]}
    # a replica's state goes from step to step (a link's result holds its settling replica's), the fix from a link
    # to the next steps: read off the link itself on its worker, through ``settled_fix`` to the other replica
    chain = {"shard_step", "settle_link"}
    assert ("settle_link", "settle_link") in across, across
    assert across <= {(x, y) for x in (*chain, "settled_fix") for y in chain}, across
    carried = [k for k in deps if fn(k) in chain and any(fn(d) in ("settled_fix", "settle_link") for d in deps[k])]
    assert len(carried) == (n - 1) * workers, (len(carried), n, workers)
    assert not any(fn(d).startswith("write_") for k in deps for d in deps[k])
    settles = sorted((k for k in deps if fn(k) == "settle_link"), key=lambda k: chunk_of[k])
    assert len(settles) == n
    ahead = sum(seen[nxt] < done[cur] for cur, nxt in zip(settles, settles[1:], strict=False))
    assert ahead >= (n - 1) // 2, (ahead, n)


@pytest.mark.parametrize(("seed", "clients", "per", "space"), SHAPES)
@pytest.mark.parametrize("window", [6, 8])
def test_chunks_in_runs_give_one_process_bytes(
    client: Any, tmp_path: Path, seed: int, clients: int, per: int, space: int, window: int
) -> None:
    """The chunks dealt to the workers in runs of 3 and 4 (windows 6 and 8 over two workers, 7 rows a chunk;
    the default, runs of 2, above): where a chunk is made and settled changes nothing of the bytes."""
    src = tmp_path / "s.yaml"
    src.write_text(spec(seed, clients, per, space))
    generate(src, tmp_path / "one", format="parquet-parts", chunk_size=7, documents=False)
    ex = DaskExecutor(client, window=window)
    generate(src, tmp_path / "dask", format="parquet-parts", chunk_size=7, documents=False, distribute=ex)
    assert ex.sharded == dict.fromkeys(("clients", "accounts", "entries"), 1), ex.sharded
    assert parts(tmp_path / "dask") == parts(tmp_path / "one"), (seed, window)


class PlacementLog(SchedulerPlugin):
    """On the scheduler: each task's Dask priority, the workers it was asked to run on and the one that ran it."""

    name = "ledger-chain-placement"

    def __init__(self) -> None:
        self.priority: dict[str, tuple[Any, ...]] = {}
        self.asked: dict[str, list[str]] = {}
        self.ran: dict[str, str] = {}
        self.deps: dict[str, list[str]] = {}
        self.scheduler: Any = None

    async def start(self, scheduler: Any) -> None:
        self.scheduler = scheduler

    def transition(self, key: Any, start: str, finish: str, *args: Any, **kwargs: Any) -> None:
        ts = self.scheduler.tasks.get(key) if self.scheduler is not None else None
        if ts is None:
            return
        k = str(key)
        if ts.priority is not None and k not in self.priority:
            self.priority[k] = tuple(ts.priority)
            self.asked[k] = sorted(ts.worker_restrictions or ())
            self.deps[k] = [str(d.key) for d in ts.dependencies]
        if start == "processing" and finish == "memory" and ts.who_has:
            self.ran.setdefault(k, sorted(ws.address for ws in ts.who_has)[0])


def _placement(dask_scheduler: Any) -> tuple[Any, ...]:
    p = dask_scheduler.plugins["ledger-chain-placement"]
    return p.priority, p.asked, p.ran, p.deps


def _placed_run(client: Any, src: Path, tmp_path: Path, chunk: int, window: int | None) -> Any:
    """Generate ``src`` on the cluster with the scheduler logging placement (:class:`PlacementLog`), assert one
    process's bytes, and return the log (:func:`_placement`: priority, asked, ran, deps per task)."""
    client.register_plugin(PlacementLog())
    try:
        ex = DaskExecutor(client, window=window)
        generate(src, tmp_path / "dask", format="parquet-parts", chunk_size=chunk, documents=False, distribute=ex)
        logged = client.run_on_scheduler(_placement)
    finally:
        client.unregister_scheduler_plugin("ledger-chain-placement")
    generate(src, tmp_path / "one", format="parquet-parts", chunk_size=chunk, documents=False)
    assert parts(tmp_path / "dask") == parts(tmp_path / "one")
    return logged


@pytest.mark.parametrize(("seed", "chunk", "window"), [(7, 25, None), (31, 20, 8)])
def test_the_chain_stays_on_a_worker_for_a_run_of_chunks(
    client: Any, tmp_path: Path, seed: int, chunk: int, window: int | None
) -> None:
    """A worker cannot stop a chunk it is making to settle the next one: the chain's tasks go first among the tasks
    ready there (Dask priority 2, the heads 1, the makes and writes 0), and the chunks are dealt to the two workers in
    runs of the window's share (2 and 4 chunks here), so the chain crosses to the other worker once a run, not at
    every chunk: each chunk's make asks for its run's worker, and each settlement runs where its chunk was made."""
    src = tmp_path / "s.yaml"
    src.write_text(
        f"""\
name: chain2
seed: {seed}
tables:
  accounts:
    rows: 400
    columns:
      iban: {{generator: integer, low: 1, high: 900, unique: true}}
      balance: {{generator: normal, mean: 50, std: 600, round: 2}}
"""
    )
    priority, asked, ran, deps = _placed_run(client, src, tmp_path, chunk, window)
    workers = sorted(client.scheduler_info()["workers"])
    assert len(workers) == 2
    n, stretch = -(-400 // chunk), (window or 2 * len(workers)) // len(workers)
    makes = sorted((k for k in priority if fn(k) == "make"), key=lambda k: int(k.split("-")[2]))
    assert len(makes) == n
    for i, k in enumerate(makes):
        assert asked[k] == [workers[(i // stretch) % 2]], (i, k, asked[k], stretch)
        assert priority[k][0] == 0
    by_fn: dict[str, set[Any]] = {}
    for k, p in priority.items():
        by_fn.setdefault(fn(k), set()).add(p[0])
    for f in ("shard_step", "settle_link", "settled_fix", "cut_buckets"):
        assert by_fn[f] == {-2}, (f, by_fn[f])
    assert by_fn["write_settlement"] == {0}
    # each settlement asked for where its chunk was asked, so the chain crosses between workers once a run (plus once
    # each way for a task Dask moved off the worker it asked for: work stealing, under load)
    start = {k: int(k.split("-")[2]) for k in makes}
    settled = {start[next(d for d in deps[k] if d in start)]: k for k in priority if fn(k) == "settle_link"}
    assert len(settled) == n
    assert all(asked[settled[start[m]]] == asked[m] for m in makes)
    on = [ran[settled[a]] for a in sorted(settled)]
    moved = sum(ran[k] != asked[k][0] for k in [*makes, *settled.values()])
    crossings = sum(x != y for x, y in zip(on, on[1:], strict=False))
    assert crossings <= -(-n // stretch) - 1 + 2 * moved, (crossings, n, stretch, moved)


@pytest.mark.parametrize(("seed", "rows", "chunk", "window"), [(11, 400, 25, None), (43, 330, 15, 6), (59, 500, 20, 8)])
def test_one_task_per_link_of_the_chain(
    client: Any, tmp_path: Path, seed: int, rows: int, chunk: int, window: int | None
) -> None:
    """Between two tasks a worker waits for the scheduler, and a chunk made ahead starts there, which the chain then
    waits for: so each link of the chain is one task (``settle_link``: the settling replica's step on the chunk and
    the chunk's settlement), which reads the link before itself where that ran on its worker (its state and fix in
    one result), else the fix of the link before (``settled_fix``, once a run of chunks). No settlement alone and no
    step of the settling replica on the chain; the other replica steps on a cut of the chunk, off it. Bytes: one
    process's."""
    src = tmp_path / "s.yaml"
    src.write_text(
        f"""\
name: chain3
seed: {seed}
tables:
  accounts:
    rows: {rows}
    columns:
      iban: {{generator: integer, low: 1, high: {2 * rows + 100}, unique: true}}
      balance: {{generator: normal, mean: 50, std: 600, round: 2}}
"""
    )
    priority, asked, ran, deps = _placed_run(client, src, tmp_path, chunk, window)
    n, stretch = -(-rows // chunk), (window or 4) // 2
    start = {k: int(k.split("-")[2]) for k in priority if fn(k) == "make"}
    assert len(start) == n
    links = {start[next(d for d in deps[k] if d in start)]: k for k in priority if fn(k) == "settle_link"}
    assert len(links) == n and sum(fn(k) == "settle_chunk" for k in priority) == 0
    assert sum(fn(k) == "shard_step" for k in priority) == n  # (the other replica's, one a chunk: none on the chain)
    order = [links[a] for a in sorted(links)]
    assert not any(fn(d) in ("shard_step", "settle_link", "settled_fix") for d in deps[order[0]])
    direct = 0
    for before, k in zip(order, order[1:], strict=False):
        if before in deps[k]:  # (the link before on this worker: nothing between the two links)
            direct += 1
            assert ran[before] == ran[k] or asked[before] == asked[k], (before, k)
        else:  # (the link before on the other worker: its fix, a small task, comes across)
            fixes = [d for d in deps[k] if fn(d) == "settled_fix"]
            assert fixes and all(deps[f] == [before] for f in fixes), (k, deps[k])
    moved = sum(ran[k] != asked[k][0] for k in [*start, *links.values()])
    assert direct >= n - 1 - (-(-n // stretch) - 1) - 2 * moved, (direct, n, stretch, moved)
