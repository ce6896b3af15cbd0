"""Sharded uniqueness ledgers on a real LocalCluster of two worker processes: a table whose unique values are
not unique by construction is checked in ledger shards on the workers, and its bytes are one process's at
several partition and shard counts, with a worker killed mid-table too; with a ``parquet-parts`` output the
workers write those tables' parts once the client has settled each chunk's redraws."""

from __future__ import annotations

import hashlib
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import plan_of

from simulacra.generation.engine import Engine
from simulacra.pipeline import generate

distributed = pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from simulacra.distributed import DaskExecutor  # noqa: E402


def spec(seed: int, rows: int) -> str:
    """Unique columns whose repeats need redraws, of every kind the ledger treats apart: a small value space (repeats
    inside a chunk and across chunks, candidates that take a later row's value), nulls, a composite unique set
    with a row check on one of its columns, a shared value a scenario exempts, and a child table made per parent
    (its unique code beside a rank)."""
    return f"""\
name: ledgers
seed: {seed}
tables:
  people:
    rows: {rows}
    primary_key: id
    columns:
      id: sequence
      first: first_name
      code: {{generator: pattern, pattern: "?##", unique: true, null_rate: 0.05}}
      a: {{generator: integer, low: 1, high: {rows // 2}}}
      b: {{generator: categorical, values: {{x: 0.5, y: 0.3, z: 0.2}}}}
  accounts:
    rows: {rows // 2}
    columns:
      iban: {{generator: integer, low: 1, high: {rows * 2}, unique: true}}
  visits:
    rows: {{per: people, count: {{distribution: uniform, low: 0, high: 3}}}}
    columns:
      person: {{generator: foreign_key, references: people.id}}
      ticket: {{generator: integer, low: 1, high: {rows * 4}, unique: true}}
      n: {{generator: rank, start: 1}}
constraints:
  - {{table: people, unique: [a, b]}}
  - {{table: people, column: a, min: 3}}
scenarios:
  - {{name: ghost, table: accounts, count: 30, labels: {{ghost: 1}}, shared: [iban]}}
"""


def checksums(folder: Path) -> dict[str, str]:
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.iterdir())
        if f.name != "manifest.json"
    }


@pytest.fixture()
def client(dask_client: Any) -> Any:
    return dask_client


@pytest.mark.parametrize(("seed", "runs"), [(3, [(1000, None), (211, 3), (97, 1)]), (11, [(150, 2)])])
def test_sharded_ledgers_give_the_bytes_of_one_process(
    client: Any, tmp_path: Path, seed: int, runs: list[tuple[int, int | None]]
) -> None:
    """At 1 to 9 tasks per table and 1 to 3 shards (``None``: one per worker)."""
    text = spec(seed, 800)
    engine = Engine(plan_of(text), chunk_size=10_000)
    engine.frames()
    for t in ("people", "accounts", "visits"):  # the planted repeats are there: one process redraws rows of both tables
        assert engine.stats.redraws[t]["rows"] > 10, (t, engine.stats.redraws)
    src = tmp_path / "s.yaml"
    src.write_text(text)
    generate(src, tmp_path / "one", format="csv", chunk_size=10_000, documents=False)
    want = checksums(tmp_path / "one")
    for rows_per_task, shards in runs:
        ex = DaskExecutor(client, shards=shards)
        out = tmp_path / f"dask-{rows_per_task}-{shards}"
        generate(src, out, format="csv", chunk_size=rows_per_task, documents=False, distribute=ex)
        assert ex.sharded == dict.fromkeys(("accounts", "people", "visits"), shards or 2), ex.sharded
        assert checksums(out) == want, (rows_per_task, shards)


def test_whole_ledgers_on_the_client_still_give_the_same_bytes(client: Any, tmp_path: Path) -> None:
    src = tmp_path / "s.yaml"
    src.write_text(spec(5, 600))
    generate(src, tmp_path / "one", format="csv", chunk_size=10_000, documents=False)
    ex = DaskExecutor(client, shards=0)
    generate(src, tmp_path / "dask", format="csv", chunk_size=100, documents=False, distribute=ex)
    assert ex.sharded == {}
    assert checksums(tmp_path / "dask") == checksums(tmp_path / "one")


def kill_one_worker(client: Any) -> tuple[Callable[[str, int, int], None], list[int]]:
    """A progress callback that SIGKILLs one of the two workers once 300 people rows are done, and the pids it
    killed (the test asserts one was)."""
    pids = set(client.run(os.getpid).values())
    assert len(pids) == 2
    killed: list[int] = []

    def progress(table: str, done: int, total: int) -> None:
        if table == "people" and done >= 300 and not killed:
            victim = min(pids)
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    return progress, killed


def test_a_worker_killed_while_the_shards_check_a_table(client: Any, tmp_path: Path) -> None:
    """The shards are chains of pure tasks: Dask makes again what the killed worker held, the bytes do not change."""
    src = tmp_path / "s.yaml"
    src.write_text(spec(7, 800))
    generate(src, tmp_path / "one", format="parquet", chunk_size=10_000, documents=False)
    progress, killed = kill_one_worker(client)

    ex = DaskExecutor(client)
    generate(
        src, tmp_path / "dask", format="parquet", chunk_size=100, documents=False, distribute=ex, progress=progress
    )
    assert killed and ex.sharded["people"] == 2
    assert checksums(tmp_path / "dask") == checksums(tmp_path / "one")


def parts(folder: Path) -> dict[str, str]:
    """SHA-256 of every part file by table/part; no staging file left behind."""
    out = {
        f"{d.name}/{f.name}": hashlib.sha256(f.read_bytes()).hexdigest()
        for d in sorted(folder.iterdir())
        if d.is_dir()
        for f in sorted(d.iterdir())
    }
    assert out and not any(k.split("/")[1].startswith(".") for k in out)
    return out


@pytest.mark.parametrize(("rows_per_task", "shards", "fuse"), [(97, None, True), (333, 1, True), (97, None, False)])
def test_workers_write_the_parts_of_tables_with_a_ledger(
    client: Any, tmp_path: Path, rows_per_task: int, shards: int | None, fuse: bool
) -> None:
    """The redraws settled on the chunk's worker (the ledger whole on each worker: ``fuse``) or on the client (the
    chunk's worker then puts them in place), and the part written by the chunk's worker: one process's bytes. Visits
    (a rank over each person's visits, made again after a redraw) stay written by the client, over the shards."""
    src = tmp_path / "s.yaml"
    src.write_text(spec(3, 800))
    generate(src, tmp_path / "one", format="parquet-parts", chunk_size=rows_per_task, documents=False)
    want = parts(tmp_path / "one")
    assert len([k for k in want if k.startswith("people/")]) == -(-800 // rows_per_task)
    ex = DaskExecutor(client, shards=shards, fuse=fuse)
    generate(src, tmp_path / "dask", format="parquet-parts", chunk_size=rows_per_task, documents=False, distribute=ex)
    whole = 1 if fuse else shards or 2  # (the tables the workers write)
    assert ex.sharded == {"accounts": whole, "people": whole, "visits": shards or 2}
    assert ex.written_by == {"people": "workers", "accounts": "workers", "visits": "client"}
    assert parts(tmp_path / "dask") == want


def test_a_worker_killed_while_it_writes_settled_parts(client: Any, tmp_path: Path) -> None:
    """A worker killed mid-table: the chunks it held are made again (pure) and their parts written again under
    their final names; the output is one process's and no staging file is left."""
    src = tmp_path / "s.yaml"
    src.write_text(spec(7, 800))
    generate(src, tmp_path / "one", format="parquet-parts", chunk_size=100, documents=False)
    progress, killed = kill_one_worker(client)

    ex = DaskExecutor(client)
    generate(
        src,
        tmp_path / "dask",
        format="parquet-parts",
        chunk_size=100,
        documents=False,
        distribute=ex,
        progress=progress,
    )
    assert killed and ex.written_by["people"] == "workers" and ex.sharded["people"] == 1  # (settled on the workers)
    assert parts(tmp_path / "dask") == parts(tmp_path / "one")


def test_duckdb_loads_the_settled_parts_the_workers_wrote(client: Any, tmp_path: Path) -> None:
    """A database sink takes the same settled parts (DuckDB loads them in chunk order): one process's rows."""
    from simulacra.io import read_dataset

    src = tmp_path / "s.yaml"
    src.write_text(spec(5, 600))
    generate(src, tmp_path / "one.duckdb", chunk_size=10_000, documents=False)
    ex = DaskExecutor(client)
    generate(src, tmp_path / "dask.duckdb", chunk_size=149, documents=False, distribute=ex)
    assert ex.written_by == {"people": "workers", "accounts": "workers", "visits": "client"}
    want, got = read_dataset(tmp_path / "one.duckdb"), read_dataset(tmp_path / "dask.duckdb")
    assert sorted(got) == sorted(want) == ["accounts", "people", "visits"]
    for t in want:  # in the order loaded, not only as sets
        assert got[t].equals(want[t]), t


def test_a_chunk_cancelled_with_its_worker_is_placed_not_raised(client: Any) -> None:
    """A chunk's future the scheduler cancelled (its worker died holding what it reads) gets no holder: the replica
    that settles it is the default one and the loss is met where the settlement is awaited, as a lost input (made
    again there). ``who_has`` on such a future raises a ``FuturesCancelledError``, which counts as a lost input too.
    (CI once lost a whole run to this: the next chunk's settlement was submitted ahead as a worker died.)"""
    from simulacra.distributed._executor import _holders, _lost_input

    fut = client.submit(sum, [1, 2], pure=False)
    assert fut.result() == 3
    assert _holders(client, fut)  # a finished future: the worker holding it

    gone = client.submit(sum, [3, 4], pure=False)
    gone.result()
    client.cancel([gone], reason="already forgotten")
    assert gone.cancelled()
    assert _holders(client, gone) == ()
    with pytest.raises(Exception) as err:
        client.who_has([gone])
    assert _lost_input(err.value), type(err.value).__name__
