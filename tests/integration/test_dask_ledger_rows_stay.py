"""A table with a uniqueness ledger written as ``parquet-parts`` on a real LocalCluster (worker processes): each
chunk stays on the worker that made it. The client receives what later tables read of it and fetches whole rows
only where the ledger's shards flag a repeat (and the rows a redraw takes the value of); the worker puts the
settled redraws in place and writes the part. The bytes are one process's (``--engine local``) for 1 and 2 workers
and two chunk sizes.

The unique ``code`` is drawn from a small space (1,800 integers for 600 rows), so it repeats inside a chunk,
across chunks, and a candidate can take a later row's first value; per seed, so the class is tested, not one file.
``visits`` reads the people's ids (a column the client keeps) and holds a rank (made again after a redraw, so the
client receives and writes those chunks whole)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulacra.pipeline import generate

distributed = pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from simulacra.distributed import DaskExecutor  # noqa: E402
from simulacra.distributed._cluster import connect  # noqa: E402

ROWS = 600


def spec(seed: int) -> str:
    return f"""\
name: stay
seed: {seed}
tables:
  people:
    rows: {ROWS}
    primary_key: id
    columns:
      id: sequence
      first: first_name
      code: {{generator: integer, low: 1, high: {ROWS * 3}, unique: true, null_rate: 0.05}}
      tag: {{generator: categorical, values: {{x: 0.5, y: 0.5}}}}
  visits:
    rows: {{per: people, count: {{distribution: uniform, low: 0, high: 2}}}}
    columns:
      person: {{generator: foreign_key, references: people.id}}
      ticket: {{generator: integer, low: 1, high: {ROWS * 3}, unique: true}}
      n: {{generator: rank, start: 1}}
"""


def parts(folder: Path) -> dict[str, str]:
    return {
        str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*.parquet"))
    }


@pytest.fixture(scope="module", params=[1, 2], ids=["1-worker", "2-workers"])
def client(request: pytest.FixtureRequest) -> Iterator[Any]:
    with connect(workers=request.param) as c:  # the cluster `--engine dask --workers N` starts
        yield c


@pytest.mark.parametrize(("seed", "chunk"), [(5, 97), (8, 250)])
def test_ledger_chunks_stay_on_their_workers(client: Any, tmp_path: Path, seed: int, chunk: int) -> None:
    src = tmp_path / "s.yaml"
    src.write_text(spec(seed))
    generate(src, tmp_path / "one", format="parquet-parts", chunk_size=chunk, documents=False)
    want = parts(tmp_path / "one")
    assert len([k for k in want if k.startswith("people/")]) == -(-ROWS // chunk)
    ex = DaskExecutor(client, fuse=False)  # the shards, the client decides (fetching the rows it visits)
    generate(src, tmp_path / "dask", format="parquet-parts", chunk_size=chunk, documents=False, distribute=ex)
    assert parts(tmp_path / "dask") == want
    assert ex.written_by == {"people": "workers", "visits": "client"}
    assert ex.engine is not None
    redrawn = ex.engine.stats.redraws["people"]["rows"]
    assert redrawn >= 5  # the planted repeats were redrawn
    # people's rows never travelled whole to the client: only the rows its redraws visited (each redrawn row, and
    # the rows flagged beside it), a small share; visits' chunks (ranks made again on the client) did
    assert "people" not in ex.whole_rows
    assert redrawn <= ex.fetched_rows["people"] <= ROWS // 3
    assert ex.whole_rows["visits"] > 0
