"""evaluate --engine dask on the session's LocalCluster of two worker processes: the chunked metrics give the
one-process report at several partition counts — bit for bit for counts (shapes, contingency pairs, exact
matches, distances to closest records), to 1e-12 for Pearson's r — and the report says what ran where."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from simulacra.cli.main import main
from simulacra.evaluation import Report, evaluate
from simulacra.evaluation.chunked import LocalChunks

distributed = pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from simulacra.distributed import DaskChunks  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data" / "evaluate"
SPEC = {"n_attacks": 60, "detection_folds": 2}
# what Pearson's r feeds: the pair results, the association figure, and the means over pairs
PEARSON = ("column_pair_trends", "quality")


@pytest.fixture(scope="module")
def frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    adult = pl.read_csv(DATA / "adult_train.csv")
    real = adult[:500]
    # 700 fresh rows, 23 copies of training rows (exact matches), nulls in a category (a number with nulls the
    # real side lacks would make privacy.MixedEncoder's widths differ: DCR fails there in one process as well)
    syn = pl.concat([adult[1000:1700], adult[:23]]).with_columns(
        pl.when(pl.int_range(pl.len()) % 13 == 0).then(None).otherwise(pl.col("workclass")).alias("workclass"),
    )
    return real, syn, pl.read_csv(DATA / "adult_holdout.csv")[:500]


@pytest.fixture(scope="module")
def one_process(frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]) -> Report:
    real, syn, hold = frames
    return evaluate(real, syn, holdout=hold, seed=3, n_jobs=1, spec=SPEC)


def _split(report: dict[str, Any]) -> tuple[str, list[dict[str, Any]], dict[str, Any]]:
    """(everything that must be byte-equal as JSON, the correlation results, the Pearson-fed numbers)."""
    d = json.loads(json.dumps(report))
    for k in ("timings",):
        d.pop(k)
    d["inputs"].pop("threads", None)
    d["sections"].pop("distributed", None)
    corr = [m for m in d["metrics"] if m["metric"] == "correlation_similarity"]
    d["metrics"] = [m for m in d["metrics"] if m["metric"] != "correlation_similarity"]
    fed = {k: (d["summary"].pop(k), d["scores"].pop(k)) for k in PEARSON}
    fed["association"] = [t["association"].pop("synthetic") for t in d["figures"].values()]
    fed["verdict"] = d.pop("verdict")
    return json.dumps(d, sort_keys=True), corr, fed


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _assert_same(one: Report, other: Report) -> None:
    exact_a, corr_a, fed_a = _split(one.to_dict())
    exact_b, corr_b, fed_b = _split(other.to_dict())
    assert exact_a == exact_b  # shapes, contingency pairs, exact matches, DCR/NNDR and every client metric
    assert corr_a and _close(corr_a, corr_b)
    assert _close(
        {k: v for k, v in fed_a.items() if k != "verdict"}, {k: v for k, v in fed_b.items() if k != "verdict"}
    )


@pytest.mark.parametrize("rows", [97, 100_000])  # 8 partitions (DCR: 3 blocks of 256) and 1
def test_dask_report_equals_one_process(
    dask_client: Any, frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame], one_process: Report, rows: int
) -> None:
    real, syn, hold = frames
    runner = DaskChunks(dask_client, partition_rows=rows)
    got = evaluate(real, syn, holdout=hold, seed=3, n_jobs=1, spec=SPEC, distribute=runner)
    _assert_same(one_process, got)
    assert got.summary["exact_match_rate"] == one_process.summary["exact_match_rate"] > 0  # the 23 copies
    placed = got.sections["distributed"]
    assert placed["engine"] == "dask" and placed["partitions"] == {"data": -(-syn.height // rows)}
    assert {"ks_complement", "tv_complement", "contingency_similarity", "exact_match_rate", "dcr_share"} <= set(
        placed["exact"]
    )
    assert "detection_auc" in placed["on_client"] and "correlation_similarity" in placed["approximate"]
    assert runner.tasks > 0


def test_in_process_chunks_give_the_same_numbers(
    frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame], one_process: Report
) -> None:
    real, syn, hold = frames  # 104 partitions of 7 rows, many with a category missing: much adding-up
    got = evaluate(real, syn, holdout=hold, seed=3, n_jobs=1, spec=SPEC, distribute=LocalChunks(7))
    _assert_same(one_process, got)


def test_cli_evaluate_on_the_scheduler(
    dask_client: Any, frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame], one_process: Report, tmp_path: Path
) -> None:
    real, syn, hold = frames
    for name, f in (("real", real), ("syn", syn), ("hold", hold)):
        f.write_parquet(tmp_path / f"{name}.parquet")
    args = ["evaluate", "--real", str(tmp_path / "real.parquet"), "--synthetic", str(tmp_path / "syn.parquet")]
    args += ["--holdout", str(tmp_path / "hold.parquet"), "--seed", "3", "--jobs", "1", "-q"]
    (tmp_path / "spec.yaml").write_text("n_attacks: 60\ndetection_folds: 2\n")
    args += ["--spec", str(tmp_path / "spec.yaml")]
    address = dask_client.scheduler.address
    dask_run = [*args, "-o", str(tmp_path / "d"), "--engine", "dask", "--scheduler", address]
    assert main([*dask_run, "--partition-rows", "300"]) == 0
    got = json.loads((tmp_path / "d" / "report.json").read_text())
    exact, corr, fed = _split(got)
    want = _split(one_process.to_dict())
    assert exact == want[0] and _close(corr, want[1])
    assert got["sections"]["distributed"]["partitions"] == {"data": 3}
    # Dask-only options need the dask engine, and nothing is written
    assert main([*args, "-o", str(tmp_path / "x"), "--partition-rows", "300"]) != 0
    assert not (tmp_path / "x").exists()
