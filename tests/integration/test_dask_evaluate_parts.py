"""evaluate --chunked-only: every input read partition by partition where the tasks run (the session's LocalCluster of
two worker processes, and in process), and the chunked metrics equal the one-process report's at several partition
counts — bit for bit for counts (shapes, contingency pairs, exact matches, distances), to 1e-12 for Pearson's r.

The inputs are made here: raw Parquet files (no manifest; small row groups) holding the structures whose handling is
decided over whole columns — identifiers (unique integers and strings named like a key), free text, high-cardinality
strings, categories with nulls and blanks, dates, booleans, numbers with nulls, a constant — and simulacra outputs
(one Parquet file; parquet-parts with a planted part of copied training rows)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from simulacra.cli.main import main
from simulacra.errors import SpecError
from simulacra.evaluation import evaluate
from simulacra.evaluation.chunked import LocalChunks
from simulacra.pipeline import generate

pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from tests.chunked_compare import SPEC, _assert_same, _close, _results  # noqa: E402

from simulacra.distributed import DaskChunks  # noqa: E402


def _frame(rows: int, seed: int, copies: pl.DataFrame | None = None) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    words = np.array(["alpha", "beta", "gamma", "delta", "omega", "sigma"])
    city = rng.choice(np.array(["Paris", "Lyon", "Nice", " ", "Lille"]), rows, p=[0.4, 0.3, 0.15, 0.05, 0.1])
    f = pl.DataFrame(
        {
            "row_id": np.arange(seed * 10_000, seed * 10_000 + rows),
            "ticket_key": [f"T{seed}-{j:06d}" for j in range(rows)],
            "note": [" ".join(rng.choice(words, 4)) for _ in range(rows)],
            "handle": [f"user{v}" for v in rng.integers(0, 10**6, rows)],
            "city": pl.Series(city).replace(" ", None) if seed % 2 else pl.Series(city),
            "grade": rng.choice(np.array(["A", "B", "C"]), rows),
            "age": rng.normal(40, 12, rows).round(0),
            "income": np.where(rng.random(rows) < 0.1, np.nan, rng.lognormal(10, 0.5, rows).round(2)),
            "visits": rng.poisson(3, rows),
            "member": rng.random(rows) < 0.3,
            "joined": pl.date_range(pl.date(2020, 1, 1), pl.date(2030, 1, 1), eager=True).sample(
                rows, with_replacement=True, seed=seed
            ),
            "version": np.full(rows, 2),
        }
    ).with_columns(pl.when(pl.col("visits") == 0).then(None).otherwise(pl.col("age")).alias("age"))
    return f if copies is None else pl.concat([f, copies])


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("raw")
    real = _frame(700, 1)
    paths = {"real": d / "real.parquet", "synthetic": d / "syn.parquet", "holdout": d / "hold.parquet"}
    real.write_parquet(paths["real"], row_group_size=50)
    _frame(800, 2, copies=real[::37]).write_parquet(paths["synthetic"], row_group_size=64)  # 19 copies
    _frame(600, 3).write_parquet(paths["holdout"], row_group_size=100)
    return paths


@pytest.mark.parametrize("rows", [61, 250, 10_000])
def test_raw_parquet_read_on_the_workers(dask_client: Any, raw: dict[str, Path], rows: int) -> None:
    args = {k: str(v) for k, v in raw.items()}
    one = evaluate(**args, seed=5, n_jobs=1, spec=SPEC)
    assert one.summary["exact_match_rate"] and one.summary["exact_match_rate"] > 0  # the planted copies
    kinds = {c["name"]: (c["kind"], c["reason"]) for c in one.columns["data"]}
    assert kinds["row_id"][0] == kinds["ticket_key"][0] == kinds["handle"][0] == "skip"
    assert kinds["note"][0] == "text" and kinds["city"][0] == "categorical" and kinds["joined"][0] == "datetime"
    runner = DaskChunks(dask_client, partition_rows=rows)
    got = evaluate(**args, seed=5, n_jobs=1, spec=SPEC, distribute=runner, chunked_only=True)
    _assert_same(one, got)
    placed = got.sections["distributed"]
    assert placed["read_on_workers"] == {
        "real": -(-700 // rows),
        "synthetic": -(-819 // rows),
        "holdout": -(-600 // rows),
    }
    assert placed["on_client"] == [] and runner.tasks > 0


def test_without_holdout_in_process(raw: dict[str, Path]) -> None:
    """Without a holdout the exact-match baseline is one half of the training rows against the other."""
    args = {"real": str(raw["real"]), "synthetic": str(raw["synthetic"])}
    one = evaluate(**args, seed=1, n_jobs=1, spec=SPEC)
    assert one.results and any(r.details.get("self_match_rate") is not None for r in one.results)
    got = evaluate(**args, seed=1, n_jobs=1, spec=SPEC, distribute=LocalChunks(13), chunked_only=True)
    _assert_same(one, got)


def test_simulacra_outputs_as_parts(dask_client: Any, tmp_path: Path) -> None:
    """Real data as a one-file output, synthetic as parquet-parts with a planted part of training rows: the
    manifests' dtypes restored on the workers as read_dataset restores them."""
    spec = tmp_path / "people.yaml"
    spec.write_text(
        "name: people\nseed: {seed}\ntables:\n  people:\n    rows: {rows}\n    columns:\n"
        "      city: city\n      age: {{generator: normal, mean: 40, std: 12, min: 18, max: 90, round: 0}}\n"
        "      score: {{generator: uniform, low: 0, high: 1, round: 2}}\n"
        "      born: {{generator: date, start: '1950-01-01', end: '2005-12-31'}}\n"
        "      vip: {{generator: boolean, p: 0.2}}\n"
    )
    text = spec.read_text()
    for name, seed, rows, fmt in (
        ("real", 1, 600, "parquet"),
        ("syn", 2, 700, "parquet-parts"),
        ("hold", 3, 600, "parquet"),
    ):
        spec.write_text(text.format(seed=seed, rows=rows))
        generate(spec, tmp_path / name, format=fmt, chunk_size=97, documents=False)
    real = pl.read_parquet(tmp_path / "real" / "people.parquet")
    real[::29].write_parquet(tmp_path / "syn" / "people" / "part-99999.parquet")  # copies, read last
    args = {"real": str(tmp_path / "real"), "synthetic": str(tmp_path / "syn"), "holdout": str(tmp_path / "hold")}
    one = evaluate(**args, seed=2, n_jobs=1, spec=SPEC)
    assert one.summary["exact_match_rate"] and one.summary["exact_match_rate"] > 0
    for rows in (50, 1000):
        got = evaluate(
            **args,
            seed=2,
            n_jobs=1,
            spec=SPEC,
            distribute=DaskChunks(dask_client, partition_rows=rows),
            chunked_only=True,
        )
        _assert_same(one, got)
        # parts never span files: 8 parts of <= 97 rows (+ the planted one) whatever the partition size
        assert got.sections["distributed"]["read_on_workers"]["synthetic"] == (9 if rows >= 97 else 16)


def test_what_needs_whole_columns_is_refused(raw: dict[str, Path], tmp_path: Path) -> None:
    base = {"synthetic": str(raw["synthetic"]), "chunked_only": True, "spec": SPEC}
    # a raw text column whose every value reads as a number: one process types it over the whole column
    real = pl.read_parquet(raw["real"]).with_columns(pl.col("visits").cast(pl.String))
    real.write_parquet(tmp_path / "texty.parquet", row_group_size=50)
    with pytest.raises(SpecError, match="visits"):
        evaluate(str(tmp_path / "texty.parquet"), **base)
    # categories the real data never has (another spelling)
    syn = pl.read_parquet(raw["synthetic"]).with_columns(pl.col("grade").str.to_lowercase())
    syn.write_parquet(tmp_path / "lower.parquet")
    with pytest.raises(SpecError, match="grade"):
        evaluate(str(raw["real"]), str(tmp_path / "lower.parquet"), chunked_only=True, spec=SPEC)
    # neither Parquet nor delimited text; a frame in memory; a target
    pl.read_parquet(raw["real"]).write_ndjson(tmp_path / "real.jsonl")
    with pytest.raises(SpecError, match="Parquet"):
        evaluate(str(tmp_path / "real.jsonl"), **base)
    with pytest.raises(SpecError, match="paths"):
        evaluate(pl.read_parquet(raw["real"]), **base)
    with pytest.raises(SpecError, match="target"):
        evaluate(str(raw["real"]), **base, target="grade")


def test_cli_chunked_only_on_the_scheduler(dask_client: Any, raw: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text("n_attacks: 40\ndetection_folds: 2\n")
    args = ["evaluate", "--real", str(raw["real"]), "--synthetic", str(raw["synthetic"]), "--holdout"]
    args += [str(raw["holdout"]), "--seed", "5", "--jobs", "1", "-q", "--spec", str(tmp_path / "spec.yaml")]
    address = dask_client.scheduler.address
    run = [*args, "--engine", "dask", "--scheduler", address, "--partition-rows", "150", "--chunked-only"]
    assert main([*run, "-o", str(tmp_path / "d")]) == 0
    assert main([*args, "--chunked-only", "-o", str(tmp_path / "l")]) == 0  # in process, one partition per file
    one = evaluate(**{k: str(v) for k, v in raw.items()}, seed=5, n_jobs=1, spec=SPEC)
    want = {k: v for k, v in _results(one).items()}
    for out, parts in (("d", 6), ("l", 1)):
        got = json.loads((tmp_path / out / "report.json").read_text())
        assert (tmp_path / out / "report.html").is_file()
        have = {(m["metric"], tuple(m.get("columns") or ())): m for m in got["metrics"]}
        assert have.keys() == want.keys()
        assert all(_close(have[k], want[k]) for k in want)
        assert got["sections"]["distributed"]["read_on_workers"]["synthetic"] == parts
