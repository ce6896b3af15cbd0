"""Learned sampling in row chunks: the same bytes whatever the chunk size, memory bounded by the chunk,
and the same bytes again when the chunks are Dask tasks on a real LocalCluster."""

from __future__ import annotations

import hashlib
import tracemalloc
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import simulacra
from simulacra.errors import SimulacraError

ADULT = Path(__file__).parents[1] / "data" / "sources" / "adult_sample.csv"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("chunks") / "model"
    simulacra.fit(str(ADULT), output=out, seed=3)
    return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_same_bytes_whatever_the_chunk_size(model_dir: Path, tmp_path: Path, fmt: str) -> None:
    digests = set()
    for chunk in (100_000, 997, 250):
        out = tmp_path / f"s{chunk}.{fmt}"
        result = simulacra.sample(str(model_dir), out, n_rows=2_600, seed=5, chunk_rows=chunk)
        assert result.manifest["chunks"]["count"] == -(-2_600 // chunk)
        assert result.rows == {next(iter(result.rows)): 2_600}
        digests.add(_digest(out))
    assert len(digests) == 1
    # the rows in memory (whole, one draw) are the rows written in chunks
    whole = simulacra.sample(str(model_dir), n_rows=2_600, seed=5, null_markers=False).frames
    assert whole is not None and next(iter(whole.values())).height == 2_600
    if fmt == "parquet":
        written = pl.read_parquet(tmp_path / f"s250.{fmt}")
        assert written.columns == next(iter(whole.values())).columns


def test_peak_memory_does_not_grow_with_rows(model_dir: Path, tmp_path: Path) -> None:
    def peak(n: int) -> int:
        tracemalloc.start()
        try:
            simulacra.sample(str(model_dir), tmp_path / f"m{n}.csv", n_rows=n, seed=1, chunk_rows=1_000)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(2_000), peak(20_000)
    # ten times the rows, same chunk: the numpy peak stays that of one chunk (whole sampling grows ~10x)
    assert large < 1.5 * small, (small, large)


def test_what_cannot_be_chunked_samples_whole_and_says_why(model_dir: Path, tmp_path: Path) -> None:
    result = simulacra.sample(str(model_dir), tmp_path / "o.csv", n_rows=50, where=_condition(), chunk_rows=7)
    assert "conditioned" in result.manifest["chunks"]["whole"]
    assert result.rows[next(iter(result.rows))] == 50


def test_dask_same_bytes_as_one_process(model_dir: Path, tmp_path: Path, dask_client: Any) -> None:
    local = tmp_path / "local.parquet"
    simulacra.sample(str(model_dir), local, n_rows=3_000, seed=9, chunk_rows=3_000)
    for chunk in (3_000, 1_000, 420):  # 1, 3 and 8 partitions
        out = tmp_path / f"dask{chunk}.parquet"
        result = simulacra.sample(str(model_dir), out, n_rows=3_000, seed=9, chunk_rows=chunk, client=dask_client)
        assert result.manifest["chunks"]["engine"] == "dask"
        assert _digest(out) == _digest(local), chunk


def test_dask_draws_what_cannot_be_chunked_here_and_says_so(model_dir: Path, tmp_path: Path, dask_client: Any) -> None:
    local, on_dask = tmp_path / "l.csv", tmp_path / "d.csv"
    simulacra.sample(str(model_dir), local, n_rows=40, where=_condition(), seed=2)
    result = simulacra.sample(str(model_dir), on_dask, n_rows=40, where=_condition(), seed=2, client=dask_client)
    tables = result.manifest["chunks"]["tables"]
    assert list(tables.values())[0].startswith("here: conditioned") and result.manifest["chunks"]["count"] == 0
    assert _digest(local) == _digest(on_dask)
    with pytest.raises(SimulacraError, match="needs a model folder"):
        simulacra.sample(str(model_dir), n_rows=10, client=dask_client)


def _condition() -> str:
    df = pl.read_csv(ADULT, n_rows=1)
    col = next(c for c, d in df.schema.items() if d == pl.String)
    return f"{col} = '{df.get_column(col)[0].strip()}'"


def test_cli_chunk_rows_and_engine_dask(
    model_dir: Path, tmp_path: Path, dask_client: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from simulacra.cli.main import main

    one = tmp_path / "one.csv"
    assert main(["sample", str(model_dir), "-o", str(one), "--n-rows", "1200", "--seed", "2"]) == 0
    chunked = tmp_path / "chunked.csv"
    args = ["sample", str(model_dir), "-o", str(chunked), "--n-rows", "1200", "--seed", "2", "--chunk-rows", "300"]
    assert main(args) == 0
    assert "4 chunk(s) of 300 rows on local" in capsys.readouterr().out
    on_dask = tmp_path / "dask.csv"
    address = dask_client.scheduler.address
    args = ["sample", str(model_dir), "-o", str(on_dask), "--n-rows", "1200", "--seed", "2", "--chunk-rows", "500"]
    assert main([*args, "--engine", "dask", "--scheduler", address]) == 0
    assert "3 chunk(s) of 500 rows on dask" in capsys.readouterr().out
    assert _digest(one) == _digest(chunked) == _digest(on_dask)
    assert main([*args, "--workers", "2"]) != 0  # --workers without --engine dask


def test_copy_redraws_are_the_same_whatever_the_chunk_size(tmp_path: Path) -> None:
    import numpy as np

    from simulacra._random import root_stream
    from simulacra.synth.dataset import DatasetSynthesizer

    rng = np.random.default_rng(0)  # 4 x 4 x 4 combinations over 150 rows: most seen fewer than 5 times
    frame = pl.DataFrame({c: rng.choice(["p", "q", "r", "s"], 150) for c in ("a", "b", "c")})
    simulacra.fit({"t": frame}, output=tmp_path / "m", seed=0)
    synth = DatasetSynthesizer.load(tmp_path / "m")
    tm = synth.tables_["t"]
    _, _, stats = tm.learned.sample(np.arange(2_000), root_stream(4), accept=synth._accept("t"))
    assert stats["copies_redrawn"] > 0  # the redraw path is exercised
    digests = set()
    for chunk in (2_000, 701, 64):
        out = tmp_path / f"c{chunk}.parquet"
        simulacra.sample(str(tmp_path / "m"), out, n_rows=2_000, seed=4, chunk_rows=chunk)
        digests.add(_digest(out))
    assert len(digests) == 1
