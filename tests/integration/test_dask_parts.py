"""generate --format parquet-parts: a folder per table, a Parquet part per chunk (--chunk-size in one process,
--partition-rows on Dask). On Dask the workers write their parts themselves into the sink's staging folder,
and the parts are the bytes one process writes, at several partition counts; tables with a uniqueness ledger are
written by the workers once the client has settled their redraws; tables the client makes (aggregates) are written
by the client; nothing is half-written."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from simulacra.cli.main import main
from simulacra.errors import ConstraintError
from simulacra.examples import example_path
from simulacra.io import read_dataset
from simulacra.pipeline import generate

pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from simulacra.distributed import DaskExecutor  # noqa: E402

SPEC = """\
name: parts
seed: 11
tables:
  people:
    rows: 900
    primary_key: id
    columns:
      id: sequence
      name: full_name
      email: email
      city: city
      age: {generator: normal, mean: 40, std: 12, min: 18, max: 90, round: 0}
      score: {generator: uniform, low: 0, high: 1, round: 4}
  visits:
    rows: {per: people, count: {distribution: poisson, lam: 2}}
    primary_key: id
    columns:
      id: {generator: pattern, pattern: "V-{seq:06d}"}
      person_id: {generator: foreign_key, references: people.id}
      age: {generator: expression, expr: "people.age"}
      minutes: {generator: uniform, low: 1, high: 90, round: 1}
  badges:
    rows: 120
    primary_key: code
    columns:
      code: {generator: pattern, pattern: "??##", unique: true}
      person_id: {generator: foreign_key, references: people.id}
"""


@pytest.fixture()
def spec_file(tmp_path: Path) -> Path:
    p = tmp_path / "parts.yaml"
    p.write_text(SPEC)
    return p


def parts(folder: Path) -> dict[str, str]:
    """SHA-256 of every part file, by table/part (the manifest holds times, so it is left out)."""
    out = {
        f"{d.name}/{f.name}": hashlib.sha256(f.read_bytes()).hexdigest()
        for d in sorted(folder.iterdir())
        if d.is_dir()
        for f in sorted(d.iterdir())
    }
    assert not any(k.split("/")[1].startswith(".") for k in out)  # no temp file left behind
    return out


@pytest.mark.parametrize("rows", [100, 333])
def test_workers_write_the_parts_one_process_writes(
    dask_client: Any, spec_file: Path, tmp_path: Path, rows: int
) -> None:
    generate(spec_file, tmp_path / "one", format="parquet-parts", chunk_size=rows, documents=False)
    want = parts(tmp_path / "one")
    assert len([k for k in want if k.startswith("people/")]) == -(-900 // rows)  # a part per chunk
    ex = DaskExecutor(dask_client)
    generate(spec_file, tmp_path / "dask", format="parquet-parts", chunk_size=rows, documents=False, distribute=ex)
    assert parts(tmp_path / "dask") == want
    # every table written on the workers: badges' codes once the ledger shards and the client settled the redraws
    assert ex.written_by == {"people": "workers", "visits": "workers", "badges": "workers"}
    one, dask = read_dataset(tmp_path / "one"), read_dataset(tmp_path / "dask")
    assert sorted(one) == ["badges", "people", "visits"] and one["people"].height == 900
    for t in one:
        assert one[t].equals(dask[t]), t
    # the same rows as the one-file-per-table output
    generate(spec_file, tmp_path / "flat", format="parquet", chunk_size=rows, documents=False)
    flat = read_dataset(tmp_path / "flat")
    for t in one:
        assert flat[t].equals(one[t]), t


def test_bank_example_parts_and_cli(dask_client: Any, tmp_path: Path) -> None:
    """Aggregates made on the client (accounts), running sums, scenarios: parts identical through the CLI."""
    spec = str(example_path("bank"))
    base = ["generate", spec, "--scale", "0.05", "--format", "parquet-parts", "-q", "--no-documents"]
    assert main([*base, "-o", str(tmp_path / "one"), "--chunk-size", "500"]) == 0
    address = dask_client.scheduler.address
    dask_args = [*base, "-o", str(tmp_path / "dask"), "--engine", "dask", "--scheduler", address]
    assert main([*dask_args, "--partition-rows", "500"]) == 0
    assert parts(tmp_path / "dask") == parts(tmp_path / "one")


def test_a_failing_task_leaves_no_output(dask_client: Any, tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    bad = SPEC + "constraints:\n  - {table: visits, column: minutes, min: 500}\n"
    spec.write_text(bad)
    with pytest.raises(ConstraintError):
        generate(
            spec,
            tmp_path / "out",
            format="parquet-parts",
            chunk_size=100,
            documents=False,
            distribute=DaskExecutor(dask_client),
        )
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]  # no staging folder left


def test_empty_table_reads_back(tmp_path: Path) -> None:
    spec = tmp_path / "e.yaml"
    spec.write_text(SPEC.replace("rows: 120", "rows: 0"))
    generate(spec, tmp_path / "o", format="parquet-parts", chunk_size=100, documents=False)
    got = read_dataset(tmp_path / "o")
    assert got["badges"].height == 0 and "code" in got["badges"].columns
    assert got["people"].schema == pl.read_parquet(tmp_path / "o" / "people" / "part-00000.parquet").schema
