"""A SQLite file written with a parent table after the rows that reference it (a learned order held until its
items are counted, issue 13): SQLite looks up each parent row's pending children, a scan of the child table
per row without an index on its key. The sink indexes the child's key for the write only: the file's schema
has no extra index, the keys are still checked at the commit, and the time stays linear."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import polars as pl
import pytest

from simulacra.errors import SinkError
from simulacra.io import open_sink
from simulacra.io._schema import ColumnSchema, ForeignKeySchema, TableSchema

PARENT = TableSchema("orders", (ColumnSchema("order_id", pl.Int64(), False),), primary_key=("order_id",))
CHILD = TableSchema(
    "items",
    (ColumnSchema("item_id", pl.Int64(), False), ColumnSchema("order_id", pl.Int64())),
    primary_key=("item_id",),
    foreign_keys=(ForeignKeySchema(("order_id",), "orders", ("order_id",)),),
)


def _write(path: Path, n: int, *, missing: int = 0) -> float:
    sink = open_sink(path)
    sink.open([PARENT, CHILD])
    t0 = time.process_time()
    sink.write("items", pl.DataFrame({"item_id": range(2 * n), "order_id": [i // 2 for i in range(2 * n)]}))
    sink.write("orders", pl.DataFrame({"order_id": range(missing, n)}))
    sink.write_manifest({})
    sink.close()
    return time.process_time() - t0


def test_a_parent_after_its_children_is_written_checked_and_leaves_no_index(tmp_path: Path) -> None:
    _write(tmp_path / "a.db", 2000)
    con = sqlite3.connect(tmp_path / "a.db")
    names = [r[0] for r in con.execute("select name from sqlite_master where type = 'index'")]
    assert not [n for n in names if "simulacra_fk" in n]
    assert con.execute("select count(*) from items").fetchone() == (4000,)
    with pytest.raises(SinkError, match="reference a missing row"):
        _write(tmp_path / "b.db", 2000, missing=1)


def test_a_parent_after_its_children_is_linear(tmp_path: Path) -> None:
    small = _write(tmp_path / "s.db", 5000)
    big = _write(tmp_path / "l.db", 40000)  # 8x the rows: 64x the time when each parent row scans the children
    assert big < 20 * max(small, 0.01)
