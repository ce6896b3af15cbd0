"""evaluate --chunked-only on inputs of several tables: a folder of CSV files, a folder of Parquet files, a SQLite and a
DuckDB database. Every table is read by partitions where the tasks run (the session's LocalCluster of two processes,
and in process), the relations are found and measured from sums over partitions (referential integrity, children per
parent), and every chunked result equals one process's ``evaluate`` of the same inputs.

The generated tables plant each relation structure as a class: a parent keyed by ``id`` referenced as
``customer_id`` (the naming rule), a text key referenced by a column of the same name (``sku``), a child of a child
(items of orders), and on the synthetic side the defects the relation metrics exist to see: orphan keys (parents
dropped), null keys, parents without children. A column named like a key that is not unique in its table (``city_id``
in ``customers``) must not be taken for a parent key.

Kept small to stay quick (30 customers, 90 orders, 180 items a side; few privacy attacks in the one-process report,
whose attacks the chunked path does not run): every table still spans several partitions, in process and on the
workers, and the session's one cluster serves every form."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from simulacra.errors import SimulacraError
from simulacra.evaluation import Report, evaluate
from simulacra.evaluation.chunked import LocalChunks

pytest.importorskip("distributed")  # the dask extra is in dev: CI has it
duckdb = pytest.importorskip("duckdb")

from tests.chunked_compare import SPEC, assert_same_tables  # noqa: E402

QUICK = {**SPEC, "n_attacks": 10}  # the fewest attacks a spec allows: their results are not compared

from simulacra.distributed import DaskChunks  # noqa: E402

CITIES = ["Paris", "Lyon", "Nice", "Lille"]
STATUS = ["paid", "open", "void"]


def _tables(seed: int, customers: int, defects: bool) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    base = seed * 100_000
    cust = pl.DataFrame(
        {
            "id": np.arange(base, base + customers),
            "city": rng.choice(CITIES, customers),
            "city_id": rng.integers(0, 4, customers),  # named like a key, not unique: no relation to it
            "age": np.where(rng.random(customers) < 0.1, np.nan, rng.normal(40, 12, customers).round(1)),
        }
    ).with_columns(pl.col("age").fill_nan(None))
    products = pl.DataFrame(
        {"sku": [f"P-{seed}-{j:03d}" for j in range(30)], "price": rng.gamma(2.0, 10.0, 30).round(2)}
    )
    n_orders = customers * 3
    owner = rng.integers(0, customers, n_orders)
    if defects:  # the first 5 customers order nothing (parents without children)
        owner = np.where(owner < 5, owner + 5, owner)
    orders = pl.DataFrame(
        {
            "order_id": np.arange(base, base + n_orders),
            "customer_id": cust["id"].to_numpy()[owner],
            "status": rng.choice(STATUS, n_orders),
            "amount": rng.gamma(2.0, 30.0, n_orders).round(2),
        }
    )
    n_items = n_orders * 2
    items = pl.DataFrame(
        {
            "order_id": orders["order_id"].to_numpy()[rng.integers(0, n_orders, n_items)],
            "sku": products["sku"].to_numpy()[rng.integers(0, 30, n_items)],
            "qty": rng.integers(1, 5, n_items),
        }
    )
    if defects:
        # every 7th customer and 5th product dropped (their orders and items point nowhere), every 11th order's
        # customer null
        cust = cust.filter(pl.int_range(pl.len()) % 7 != 3)
        products = products.filter(pl.int_range(pl.len()) % 5 != 2)
        orders = orders.with_columns(
            pl.when(pl.int_range(pl.len()) % 11 == 0).then(None).otherwise(pl.col("customer_id")).alias("customer_id")
        )
    return {"customers": cust, "items": items, "orders": orders, "products": products}


def _write(frames: dict[str, pl.DataFrame], where: Path, form: str) -> Path:
    if form in ("csv", "parquet"):
        where.mkdir()
        for t, f in frames.items():
            (f.write_csv if form == "csv" else f.write_parquet)(where / f"{t}.{form}")
        return where
    path = where.with_suffix(f".{form}")
    con: Any = sqlite3.connect(path) if form == "sqlite" else duckdb.connect(str(path))
    for t, f in frames.items():
        types = {
            c: "TEXT" if dt == pl.String else "DOUBLE" if dt.is_float() else "BIGINT" for c, dt in f.schema.items()
        }
        con.execute(f'CREATE TABLE "{t}" ({", ".join(f"{c} {types[c]}" for c in f.columns)})')
        con.executemany(f'INSERT INTO "{t}" VALUES ({", ".join("?" * f.width)})', f.rows())
    if form == "sqlite":
        con.commit()
    con.close()
    return path


@pytest.fixture(scope="module", params=["csv", "parquet", "sqlite", "duckdb"])
def inputs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Report]:
    d = tmp_path_factory.mktemp(request.param)
    real = _tables(1, 30, defects=False)
    syn = _tables(2, 35, defects=True)
    syn["orders"] = pl.concat([syn["orders"], real["orders"].head(9)])  # copies of training rows (orphans too)
    hold = _tables(3, 20, defects=False)
    del hold["products"]  # a table the holdout lacks: evaluated without one, as one process does
    args = {k: str(_write(v, d / k, request.param)) for k, v in (("real", real), ("synthetic", syn), ("holdout", hold))}
    one = evaluate(**args, seed=5, n_jobs=1, spec=QUICK)
    return args, one


def test_the_planted_relations_are_found_and_seen(inputs: tuple[dict[str, str], Report]) -> None:
    _, one = inputs
    assert sorted(one.sections["relations"]) == [
        "items.order_id -> orders.order_id",
        "items.sku -> products.sku",
        "orders.customer_id -> customers.id",
    ]
    integrity = {m.details["relation"]: m for m in one.results if m.metric == "referential_integrity"}
    assert 0.7 < integrity["orders.customer_id -> customers.id"].raw < 0.95  # orphans planted
    assert 0.7 < integrity["items.sku -> products.sku"].raw < 0.9  # a text key's orphans


def test_several_tables_read_on_the_workers(dask_client: Any, inputs: tuple[dict[str, str], Report]) -> None:
    args, one = inputs
    # 23 rows per partition: customers and products 2 partitions per side, orders 4+, items 8+ (in process: 17 rows
    # per partition, below)
    got = evaluate(
        **args, seed=5, n_jobs=1, spec=QUICK, distribute=DaskChunks(dask_client, partition_rows=23), chunked_only=True
    )
    assert_same_tables(one, got)
    placed = got.sections["distributed"]
    assert placed["read_on_workers"]["real"] >= 12 and "intertable_trends" in placed["not_computed"]


def test_several_tables_in_process(inputs: tuple[dict[str, str], Report]) -> None:
    args, one = inputs
    got = evaluate(**args, seed=5, n_jobs=1, spec=QUICK, distribute=LocalChunks(17), chunked_only=True)
    assert_same_tables(one, got)


def test_a_missing_table_or_an_unreadable_file_is_named(tmp_path: Path) -> None:
    real = _write(_tables(1, 20, defects=False), tmp_path / "real", "csv")
    frames = _tables(2, 20, defects=False)
    del frames["orders"]
    syn = _write(frames, tmp_path / "syn", "csv")
    with pytest.raises(SimulacraError, match="table 'orders' is missing") as e:
        evaluate(str(real), str(syn), chunked_only=True, distribute=LocalChunks(10))
    assert "table 'orders'" in str(e.value)
    (tmp_path / "syn" / "orders.jsonl").write_text('{"order_id": 1}\n')
    with pytest.raises(SimulacraError, match=r"orders\.jsonl.*not \.jsonl"):
        evaluate(str(real), str(syn), chunked_only=True, distribute=LocalChunks(10))
