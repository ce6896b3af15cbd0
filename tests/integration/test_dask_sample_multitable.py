"""sample --engine dask for a multi-table model (the Berka sample: a lookup table, two sequences, four tables
drawn as tasks): the same bytes as one process at several chunk sizes, table by table in dependency order,
each child's task given only its rows' slice of the parent context; the manifest says where each table was drawn."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

import simulacra
from simulacra.cli.main import main

pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

BERKA = Path(__file__).resolve().parents[1] / "data" / "berka_sample"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("berka") / "model"
    simulacra.fit(str(BERKA), output=out, seed=0)
    return out


def _digests(folder: Path) -> dict[str, str]:
    """Every table's file (not the run manifest, which records the engine and timings)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


@pytest.fixture(scope="module")
def one_process(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("one") / "out"
    result = simulacra.sample(str(model_dir), out, scale=2.0, seed=4, format="parquet")
    assert len(result.rows) == 8 and result.rows["trans"] > 5_000
    return _digests(out)


@pytest.mark.parametrize("chunk", [100_000, 37])  # one task per table; up to 12 per table
def test_same_bytes_as_one_process(
    model_dir: Path, one_process: dict[str, str], dask_client: Any, tmp_path: Path, chunk: int
) -> None:
    out = tmp_path / "dask"
    result = simulacra.sample(
        str(model_dir), out, scale=2.0, seed=4, format="parquet", chunk_rows=chunk, client=dask_client
    )
    assert _digests(out) == one_process and len(one_process) == 8
    placed = result.manifest["chunks"]
    assert placed["engine"] == "dask" and placed["rows"] == chunk
    tables = placed["tables"]
    assert tables["district"] == "here: a lookup table, copied whole"
    assert tables["trans"].startswith("here: a sequence")
    # an account's date is its first transaction's (fit drafts it `aggregate: min of trans.date`, as in the
    # real Berka): drawn after its transactions, its rows are tasks like any table without a sequence
    assert tables["account"].endswith("task(s)")
    drawn = {t: int(v.split()[0]) for t, v in tables.items() if not v.startswith("here")}
    assert set(drawn) == {"account", "client", "disp", "card", "loan", "order"}
    want = {t: -(-result.rows[t] // chunk) for t in drawn}
    # a table's draw is sized before rows a parent cannot hold are left out: at most one task more
    assert all(want[t] <= drawn[t] <= want[t] + 1 for t in drawn), (drawn, want)
    assert placed["count"] == sum(drawn.values())


def test_cli_multitable_on_the_scheduler(
    model_dir: Path, one_process: dict[str, str], dask_client: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli"
    args = ["sample", str(model_dir), "-o", str(out), "--format", "parquet", "--scale", "2", "--seed", "4"]
    assert main([*args, "--chunk-rows", "100", "--engine", "dask", "--scheduler", dask_client.scheduler.address]) == 0
    assert "chunk(s) of 100 rows on dask" in capsys.readouterr().out
    assert _digests(out) == one_process
