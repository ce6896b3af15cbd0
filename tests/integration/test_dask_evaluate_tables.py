"""evaluate --engine dask on several tables (the shop example) on the session's LocalCluster of two worker
processes: every table's chunked metrics and the relation metrics that are sums over the child's rows (referential
integrity, children per parent) run on the workers, and the report is one process's at several partition sizes,
for frames in memory, a folder of CSV files and a SQLite database. The synthetic side has planted relation defects:
orphan foreign keys (parents dropped), null foreign keys, parents with no children."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from tests.integration.test_dask_evaluate import _close, _split

from simulacra.cli.main import main
from simulacra.evaluation import Report, evaluate
from simulacra.evaluation.chunked import LocalChunks
from simulacra.examples import example_path
from simulacra.generation.engine import Engine
from simulacra.spec import load_plan

pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from simulacra.distributed import DaskChunks  # noqa: E402

SPEC = {"privacy": False, "detection_folds": 2}  # (the privacy metrics' chunks: test_dask_evaluate)
RELATIONS = ("referential_integrity", "cardinality")


def _shop(seed: int) -> dict[str, pl.DataFrame]:
    return Engine(load_plan(str(example_path("shop"))), seed=seed, scale=0.02).frames()


@pytest.fixture(scope="module")
def tables() -> tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame]]:
    real, syn = _shop(1), _shop(2)
    # planted: every 7th customer dropped (their orders and addresses now point nowhere), every 11th order's
    # customer null, and the orders of the first 5 customers gone (parents with no children)
    syn["customers"] = syn["customers"].filter(pl.int_range(pl.len()) % 7 != 3)
    first = syn["customers"]["customer_id"].head(5).implode()
    syn["orders"] = (
        syn["orders"]
        .filter(~pl.col("customer_id").is_in(first))
        .with_columns(
            pl.when(pl.int_range(pl.len()) % 11 == 0).then(None).otherwise(pl.col("customer_id")).alias("customer_id")
        )
    )
    return real, syn


@pytest.fixture(scope="module")
def one_process(tables: tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame]]) -> Report:
    real, syn = tables
    return evaluate(real, syn, seed=3, n_jobs=1, spec=SPEC, allow_mismatch=True)


def _relations(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in report["metrics"] if m["metric"] in RELATIONS]


def test_planted_relation_defects_are_seen(one_process: Report) -> None:
    rel = _relations(one_process.to_dict())
    integrity = {m["details"]["relation"]: m for m in rel if m["metric"] == "referential_integrity"}
    orders = integrity["orders.customer_id -> customers.customer_id"]
    assert 0.7 < orders["raw"] < 0.95 and orders["details"]["orphans"] > 0


@pytest.mark.parametrize("rows", [37, 100_000])  # many partitions per table (orders: 6+), and one
def test_dask_report_on_several_tables_equals_one_process(
    dask_client: Any,
    tables: tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame]],
    one_process: Report,
    rows: int,
) -> None:
    real, syn = tables
    runner = DaskChunks(dask_client, partition_rows=rows)
    got = evaluate(real, syn, seed=3, n_jobs=1, spec=SPEC, allow_mismatch=True, distribute=runner)
    want, mine = one_process.to_dict(), got.to_dict()
    assert _relations(want) and json.dumps(_relations(mine)) == json.dumps(_relations(want))
    exact_a, corr_a, fed_a = _split(want)
    exact_b, corr_b, fed_b = _split(mine)
    assert exact_a == exact_b and _close(corr_a, corr_b)
    fed_a.pop("verdict"), fed_b.pop("verdict")
    assert _close(fed_a, fed_b)
    placed = got.sections["distributed"]
    assert set(RELATIONS) <= set(placed["on_workers"]) and set(RELATIONS) <= set(placed["exact"])
    assert placed["partitions"]["orders"] == -(-syn["orders"].height // rows) > (1 if rows < 100 else 0)


def test_in_process_partitions_of_the_keys(
    tables: tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame]], one_process: Report
) -> None:
    real, syn = tables  # partitions of 5 rows: many hold a key value another partition also holds
    got = evaluate(real, syn, seed=3, n_jobs=1, spec=SPEC, allow_mismatch=True, distribute=LocalChunks(5))
    assert json.dumps(_relations(got.to_dict())) == json.dumps(_relations(one_process.to_dict()))


def test_cli_on_a_csv_folder_and_a_sqlite_database(
    dask_client: Any, tables: tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame]], tmp_path: Path
) -> None:
    """Files the chunked-only path cannot read are read on the client; the sums over chunks still run on the
    workers and the report is the one-process report of the same files."""
    # the customers and the two tables that reference them (the planted orphans): a quick run per input form
    real, syn = ({t: f[t] for t in ("customers", "orders", "addresses")} for f in tables)
    (tmp_path / "spec.yaml").write_text("privacy: false\ndetection_folds: 2\n")
    for side, frames in (("real", real), ("syn", syn)):
        (tmp_path / side).mkdir()
        with sqlite3.connect(tmp_path / f"{side}.db") as con:
            for t, f in frames.items():
                f.write_csv(tmp_path / side / f"{t}.csv")
                con.execute(f'CREATE TABLE "{t}" ({", ".join(f"{c!r}" for c in f.columns)})')
                rows = [
                    tuple(v if v is None or isinstance(v, int | float | str) else str(v) for v in r)
                    for r in f.iter_rows()
                ]
                con.executemany(f'INSERT INTO "{t}" VALUES ({", ".join("?" * f.width)})', rows)
    address = dask_client.scheduler.address
    for real_in, syn_in in ((tmp_path / "real", tmp_path / "syn"), (tmp_path / "real.db", tmp_path / "syn.db")):
        args = ["evaluate", "--real", str(real_in), "--synthetic", str(syn_in), "--seed", "3", "--jobs", "1", "-q"]
        args += ["--spec", str(tmp_path / "spec.yaml"), "--allow-mismatch"]
        name = real_in.name.replace(".", "_")
        assert main([*args, "-o", str(tmp_path / f"one_{name}")]) == 0
        dask_run = ["--engine", "dask", "--scheduler", address, "--partition-rows", "41"]
        assert main([*args, "-o", str(tmp_path / f"dask_{name}"), *dask_run]) == 0
        want = json.loads((tmp_path / f"one_{name}" / "report.json").read_text())
        got = json.loads((tmp_path / f"dask_{name}" / "report.json").read_text())
        assert _relations(want) and _relations(got) == _relations(want), name
        assert _split(got)[0] == _split(want)[0], name
        assert set(RELATIONS) <= set(got["sections"]["distributed"]["on_workers"])
        # --chunked-only reads several tables too (test_dask_evaluate_multitable), but the shop's postcodes are text
        # whose every value reads as a number, typed by one process over the whole column: refused, naming it
        only = [a for a in args if a != "--allow-mismatch"]
        assert main([*only, "-o", str(tmp_path / f"co_{name}"), "--chunked-only", *dask_run]) != 0
        assert not (tmp_path / f"co_{name}").exists()
