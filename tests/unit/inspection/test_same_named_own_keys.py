"""Tables that each number their own rows under one name are not keys into each other (issue 13, learn90).

Several tables each hold their own dense key ``1..N`` under the same name (``item_id``, ``line_no``, ``seq``):
one table's ``1..40`` lies inside another's ``1..90``, and the names are equal, yet neither refers to the other.
Planted in SQLite files and CSV folders over several key names, table names, sizes and seeds, beside true keys
(``customer_id`` -> customers, ``order`` -> orders.id, a 1:1 extension table ``customer_profiles``) that must
still be found.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.inspection import inspect
from simulacra.inspection._keys import infer_foreign_keys

OWN_KEYS = ["id", "item_id", "line_no", "row_id", "seq"]
CHILD_NAMES = ["invoice_lines", "shipments", "returns", "refund_entries", "order_notes", "deliveries", "credit_memos"]


def _database(seed: int, key: str) -> tuple[dict[str, pl.DataFrame], set[tuple[str, str, str]]]:
    """(tables, true keys as (table, column, 'parent.key')): customers, orders, a profile per customer, and
    3..5 child tables each numbering its rows ``1..N`` under ``key`` (first or second column), each holding
    an order and/or a customer."""
    rng = np.random.default_rng(seed)
    n_cust = int(rng.integers(40, 90))
    n_orders = int(rng.integers(120, 260))
    customers = pl.DataFrame(
        {"customer_id": np.arange(1, n_cust + 1), "segment": rng.choice(["retail", "trade", "staff"], n_cust)}
    )
    orders = pl.DataFrame(
        {
            "id": np.arange(1, n_orders + 1),
            "customer_id": rng.integers(1, n_cust + 1, n_orders),
            "total": np.round(rng.gamma(2.0, 40.0, n_orders), 2),
        }
    )
    profiles = pl.DataFrame(
        {"customer_id": np.arange(1, n_cust + 1), "score": rng.integers(300, 850, n_cust)}
    )  # a 1:1 extension: its own key names the customers table
    tables = {"customers": customers, "orders": orders, "customer_profiles": profiles}
    true = {
        ("orders", "customer_id", "customers.customer_id"),
        ("customer_profiles", "customer_id", "customers.customer_id"),
    }
    names = rng.choice(CHILD_NAMES, size=int(rng.integers(3, 6)), replace=False)
    for i, name in enumerate(names):
        n = int(rng.integers(30, 300))
        cols: dict[str, object] = {"note_len": rng.integers(0, 20, n)}
        if i % 2 == 0 or i == 1:
            cols["order"] = rng.integers(1, n_orders + 1, n)
            true.add((str(name), "order", "orders.id"))
        if i % 2 == 1:
            cols["customer_id"] = rng.integers(1, n_cust + 1, n)
            true.add((str(name), "customer_id", "customers.customer_id"))
        own = np.arange(1, n + 1)
        frame = pl.DataFrame(cols).with_columns(pl.Series(key, own))
        first = rng.random() < 0.6 or key == "id"  # second, it is a unique column but no primary key
        layout = [key, *cols] if first else [next(iter(cols)), key, *list(cols)[1:]]
        tables[str(name)] = frame.select(layout)
    return tables, true


def _write_sqlite(path: Path, tables: dict[str, pl.DataFrame]) -> None:
    with sqlite3.connect(path) as con:
        for name, f in tables.items():
            cols = ", ".join(f'"{c}" {"INTEGER" if f[c].dtype.is_integer() else "TEXT"}' for c in f.columns)
            con.execute(f'CREATE TABLE "{name}" ({cols})')
            con.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" * f.width)})', f.rows())


def _write_csvs(folder: Path, tables: dict[str, pl.DataFrame]) -> None:
    folder.mkdir()
    for name, f in tables.items():
        f.write_csv(folder / f"{name}.csv")


CASES = [(seed, key, fmt) for seed, key in enumerate(OWN_KEYS) for fmt in ("sqlite", "csv")] + [
    (11, "item_id", "sqlite"),
    (12, "line_no", "csv"),
    (13, "seq", "sqlite"),
]


@pytest.mark.parametrize(("seed", "key", "fmt"), CASES)
def test_own_keys_of_one_name_are_no_keys_and_true_keys_stay(tmp_path: Path, seed: int, key: str, fmt: str) -> None:
    tables, true = _database(seed, key)
    if fmt == "sqlite":
        src = tmp_path / "shop.sqlite"
        _write_sqlite(src, tables)
    else:
        src = tmp_path / "shop"
        _write_csvs(src, tables)
    ins = inspect(src, state_rules=False, aggregates=False)
    got = {(k.table, k.column, k.references) for k in ins.keys}
    false = sorted(g for g in got - true)
    assert not false, f"false keys: {false}"
    assert got == true


def test_the_smaller_table_is_no_child_of_the_larger_whichever_the_order() -> None:
    """The direct case: ``a.item_id`` 1..40 sits inside ``b.item_id`` 1..90 (and the reverse table order)."""
    for names in (("returns", "shipments"), ("shipments", "returns")):
        frames = {
            names[0]: pl.DataFrame({"item_id": np.arange(1, 41), "qty": np.arange(40) % 7}),
            names[1]: pl.DataFrame({"item_id": np.arange(1, 91), "qty": np.arange(90) % 5}),
        }
        fks, _ = infer_foreign_keys(frames, {n: ["item_id"] for n in names}, [])
        assert fks == []


def test_a_same_named_own_key_with_specific_values_is_still_a_key() -> None:
    """Sparse ids held by another table's sparse ids of the same name are no accident: the archive's rows are
    rows of the catalogue (the values, not the name, are the evidence)."""
    rng = np.random.default_rng(5)
    ids = np.sort(rng.choice(np.arange(10_000, 90_000), size=600, replace=False))
    frames = {
        "catalogue": pl.DataFrame({"sku_id": ids}),
        "archive": pl.DataFrame({"sku_id": np.sort(rng.choice(ids, 200, replace=False))}),
    }
    fks, _ = infer_foreign_keys(frames, {"catalogue": ["sku_id"], "archive": ["sku_id"]}, [])
    assert [(f.table, f.column, f.references) for f in fks] == [("archive", "sku_id", "catalogue.sku_id")]
