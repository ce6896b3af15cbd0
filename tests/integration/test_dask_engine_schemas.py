"""generate --engine dask on a real LocalCluster of two worker processes: each worker process finds a run's plan's
schemas once (``_task.SCHEMA_STATS``, read through ``client.run``), every other task of the run reuses them, and the
parts' bytes are those of one process — for several specs (parents and a ledger; the bank example, whose accounts
are split around their aggregates and settled on the workers), seeds and chunk sizes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulacra.examples import example_path
from simulacra.pipeline import generate

distributed = pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from simulacra.distributed import DaskExecutor  # noqa: E402
from simulacra.distributed._cluster import connect  # noqa: E402


def spec(seed: int) -> str:
    return f"""\
name: schemas{seed}
seed: {seed}
tables:
  customers:
    rows: {150 + 25 * seed}
    primary_key: id
    columns:
      id: sequence
      name: {{generator: pattern, pattern: "N-####"}}
      code: {{generator: pattern, pattern: "??##", unique: true}}
      tier: {{generator: categorical, values: {{gold: 0.2, basic: 0.8}}}}
  orders:
    rows: {{per: customers, count: {{distribution: poisson, lam: 2}}}}
    primary_key: id
    columns:
      id: sequence
      customer_id: {{generator: foreign_key, references: customers.id}}
      tier: {{generator: expression, expr: "customers.tier"}}
      amount: {{generator: uniform, low: 1, high: 100, round: 2}}
"""


def parts(folder: Path) -> dict[str, str]:
    return {
        str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*.parquet"))
    }


def stats() -> dict[str, int]:
    from simulacra.distributed import _task

    return dict(_task.SCHEMA_STATS)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with connect(workers=2) as c:
        yield c


RUNS = [("s1", 1, 60), ("s2", 2, 45), ("s3", 3, 100), ("bank", 0, 250)]


@pytest.mark.parametrize(("name", "seed", "chunk"), RUNS, ids=[f"{n}-chunk{c}" for n, _, c in RUNS])
def test_each_worker_finds_a_runs_schemas_once_and_the_bytes_are_one_process(
    client: Any, tmp_path: Path, name: str, seed: int, chunk: int
) -> None:
    src: Any = example_path("bank")
    if name != "bank":
        src = tmp_path / f"{name}.yaml"
        src.write_text(spec(seed))
    kw: dict[str, Any] = {"format": "parquet-parts", "documents": False, "chunk_size": chunk}
    if name == "bank":
        kw["scale"] = 0.1
    generate(src, tmp_path / "one", **kw)
    before = client.run(stats)
    ex = DaskExecutor(client)
    generate(src, tmp_path / "dask", distribute=ex, **kw)
    after = client.run(stats)
    assert parts(tmp_path / "dask") == parts(tmp_path / "one")
    found = {w: after[w]["found"] - before[w]["found"] for w in after}
    reused = {w: after[w]["reused"] - before[w]["reused"] for w in after}
    assert all(n <= 1 for n in found.values()), found  # at most once per worker process (a worker may get no task)
    assert sum(found.values()) >= 1
    assert sum(reused.values()) >= 2, reused  # several tasks per run: all but each worker's first reuse them
    assert "dask" in set(ex.placement.values())
