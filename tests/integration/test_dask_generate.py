"""generate --engine dask on a real LocalCluster of two worker processes: the output is byte-identical
to one process at several partition counts, survives a worker killed mid-run, and is never half-written."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simulacra.cli.main import main
from simulacra.errors import ConstraintError
from simulacra.examples import example_path
from simulacra.io import read_dataset
from simulacra.pipeline import generate

distributed = pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from simulacra.distributed import DaskExecutor  # noqa: E402

SPEC = """\
name: mini
seed: 5
tables:
  customers:
    rows: 300
    primary_key: id
    columns:
      id: sequence
      name: full_name
      email: {generator: email, unique: true}
      code: {generator: pattern, pattern: "??##", unique: true}
      tier: {generator: categorical, values: {gold: 0.1, silver: 0.3, bronze: 0.6}}
  orders:
    rows: {per: customers, count: {distribution: poisson, lam: 3}}
    primary_key: id
    columns:
      id: {generator: pattern, pattern: "ORD-{seq:06d}"}
      customer_id: {generator: foreign_key, references: customers.id}
      tier: {generator: expression, expr: "customers.tier"}
      amount: {generator: uniform, low: 1, high: 100, round: 2}
constraints:
  - {table: orders, column: amount, min: 5}
"""


@pytest.fixture()
def client(dask_client: Any) -> Any:
    return dask_client  # one LocalCluster for the session (tests/integration/conftest.py)


@pytest.fixture()
def spec_file(tmp_path: Path) -> Path:
    p = tmp_path / "mini.yaml"
    p.write_text(SPEC)
    return p


def checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every data file (the manifest holds times, so it is compared apart)."""
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.iterdir())
        if f.name != "manifest.json"
    }


def _one_process(spec: Path | str, out: Path, fmt: str, **kw: Any) -> dict[str, str]:
    generate(spec, out, format=fmt, chunk_size=10_000, documents=False, **kw)
    return checksums(out)


@pytest.mark.parametrize(("fmt", "partitions"), [("parquet", (37, 128)), ("jsonl", (50,)), ("csv", (90,))])
def test_dask_output_is_byte_identical_to_one_process(
    client: Any, spec_file: Path, tmp_path: Path, fmt: str, partitions: tuple[int, ...]
) -> None:
    want = _one_process(spec_file, tmp_path / "one", fmt)
    assert len(want) == 2
    for rows in partitions:
        ex = DaskExecutor(client)
        result = generate(
            spec_file, tmp_path / f"dask{rows}", format=fmt, chunk_size=rows, documents=False, distribute=ex
        )
        assert checksums(tmp_path / f"dask{rows}") == want, rows
        assert ex.placement == {"customers": "dask", "orders": "dask"}
        assert ex.tasks >= 300 // rows  # really split: one task per chunk
        assert ex.context_bytes["orders"] > 0  # orders read customers.tier (and not the key: made again)
        assert result.manifest["rows"]["customers"] == 300


def test_database_target_loads_the_same_rows(client: Any, spec_file: Path, tmp_path: Path) -> None:
    """A DuckDB target is written by the same sink as in one process (one transaction): same rows."""
    generate(spec_file, tmp_path / "one.duckdb", chunk_size=10_000, documents=False)
    generate(spec_file, tmp_path / "dask.duckdb", chunk_size=64, documents=False, distribute=DaskExecutor(client))
    one, dask = read_dataset(tmp_path / "one.duckdb"), read_dataset(tmp_path / "dask.duckdb")
    assert sorted(one) == sorted(dask) == ["customers", "orders"]
    for t in one:
        assert one[t].equals(dask[t]), t


def test_bank_example_identical_and_survives_a_killed_worker(client: Any, tmp_path: Path) -> None:
    """Aggregates (accounts.n_cards, made on the workers), running sums, exact scenarios, uniqueness; one worker is
    SIGKILLed while transactions are being made: Dask reruns its tasks elsewhere and the bytes do not change."""
    spec = example_path("bank")
    want = _one_process(spec, tmp_path / "one", "parquet", scale=0.05)
    pids = set(client.run(os.getpid).values())
    assert len(pids) == 2
    killed: list[int] = []

    def progress(table: str, done: int, total: int) -> None:
        if table == "transactions" and not killed:
            victim = min(pids)
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    ex = DaskExecutor(client)
    generate(
        spec,
        tmp_path / "dask",
        format="parquet",
        scale=0.05,
        chunk_size=100,
        documents=False,
        distribute=ex,
        progress=progress,
    )
    assert killed
    assert checksums(tmp_path / "dask") == want
    assert ex.placement["accounts"] == "dask" and ex.placement["transactions"] == "dask"
    assert ex.aggregated == {"accounts": "split"}  # (cards per account read its type: counted chunk by chunk)


def test_a_failing_task_leaves_no_half_written_target(client: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SPEC.replace("{table: orders, column: amount, min: 5}", "{table: orders, column: amount, min: 500}"))
    out = tmp_path / "out"
    with pytest.raises(ConstraintError) as err:  # raised on a worker, arrives whole
        generate(bad, out, format="parquet", chunk_size=64, documents=False, distribute=DaskExecutor(client))
    assert "amount" in str(err.value) and err.value.exit_code == 3
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]  # no staging folder left behind
    # a previous output is left as it was
    generate(_write(tmp_path / "ok.yaml"), out, format="parquet", documents=False)
    before = checksums(out)
    with pytest.raises(ConstraintError):
        generate(bad, out, format="parquet", chunk_size=64, documents=False, distribute=DaskExecutor(client))
    assert checksums(out) == before


def _write(p: Path) -> Path:
    p.write_text(SPEC)
    return p


def test_cli_engine_dask_on_a_scheduler_address(client: Any, spec_file: Path, tmp_path: Path) -> None:
    want = _one_process(spec_file, tmp_path / "one", "parquet")
    out = tmp_path / "cli"
    code = main(
        [
            "generate",
            str(spec_file),
            "-o",
            str(out),
            "--format",
            "parquet",
            "--engine",
            "dask",
            "--scheduler",
            client.scheduler.address,
            "--partition-rows",
            "70",
            "-q",
        ]
    )
    assert code == 0
    assert checksums(out) == want


def test_cli_refuses_dask_options_without_the_dask_engine(spec_file: Path, tmp_path: Path) -> None:
    assert main(["generate", str(spec_file), "-o", str(tmp_path / "x"), "--workers", "2", "-q"]) != 0
    assert main(["generate", str(spec_file), "-o", str(tmp_path / "y"), "--engine", "spark", "-q"]) != 0
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_without_the_dask_engine_dask_is_never_imported() -> None:
    code = (
        "import sys, simulacra; simulacra.generate; import simulacra.pipeline, simulacra.cli.generate, "
        "simulacra.distributed, simulacra.evaluation.partitioned, simulacra.cli.evaluate; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')); "
        "assert not bad, bad"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr


def test_connect_refuses_unclear_requests() -> None:
    from simulacra.distributed import connect
    from simulacra.errors import SimulacraError

    with pytest.raises(SimulacraError, match="not both"), connect(workers=2, scheduler="tcp://127.0.0.1:1"):
        pass
    with pytest.raises(SimulacraError, match="expected tcp://HOST:PORT"), connect(scheduler="127.0.0.1:8786"):
        pass
