"""read_source over folders, files, SQLite and DuckDB; fingerprints; coerce."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import polars as pl
import pytest

from simulacra.errors import DataValidationError, SourceError
from simulacra.sources import ForeignKey, coerce, read_source
from simulacra.sources._coerce import coerce_report

DATA = Path(__file__).resolve().parents[2] / "data"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_sqlite(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, photo BLOB);
        CREATE TABLE orders (order_no INTEGER PRIMARY KEY, customer INTEGER REFERENCES customers(id), amount REAL);
    """)
    con.executemany("INSERT INTO customers VALUES (?, ?, ?)", [(i, f"c{i}", b"\x00\x01") for i in range(1, 11)])
    con.executemany("INSERT INTO orders VALUES (?, ?, ?)", [(100 + i, 1 + i % 10, i * 1.5) for i in range(30)])
    con.commit()
    con.close()
    return path


def test_folder_reads_every_table_file() -> None:
    src = read_source(DATA / "berka_sample")
    assert src.kind == "folder"
    assert sorted(src.frames) == ["account", "card", "client", "disp", "district", "loan", "order", "trans"]
    assert src.primary_keys == {} and src.foreign_keys == []  # files declare nothing
    assert src.rows()["trans"] == 2790
    assert src.files["account"].endswith("account.asc")


def test_tables_selects_and_unknown_tables_are_named() -> None:
    src = read_source(DATA / "berka_sample", tables=["loan", "account"])
    assert list(src.frames) == ["loan", "account"]
    with pytest.raises(SourceError, match="no table 'acount'.*did you mean 'account'"):
        read_source(DATA / "berka_sample", tables=["acount"])


def test_missing_and_unknown_sources(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        read_source(tmp_path / "nope")
    (tmp_path / "x.xlsx").write_bytes(b"PK")
    with pytest.raises(SourceError, match="unknown file extension '.xlsx'"):
        read_source(tmp_path / "x.xlsx")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError, match="holds no"):
        read_source(tmp_path / "empty")


def test_parquet_and_jsonl_files(tmp_path: Path) -> None:
    df = pl.DataFrame({"id": [1, 2, 3], "when": [dt.date(2020, 1, d) for d in (1, 2, 3)]})
    df.write_parquet(tmp_path / "a.parquet")
    df.with_columns(pl.col("when").cast(pl.String)).write_ndjson(tmp_path / "b.jsonl")
    src = read_source(tmp_path)
    assert src.frames["a"].equals(df)
    assert src.frames["b"]["id"].to_list() == [1, 2, 3]


def test_fingerprint_is_stable_and_tracks_content(tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_text("a,b\n1,x\n2,y\n")
    f1 = read_source(p).fingerprint
    assert f1 == read_source(p).fingerprint and len(f1) == 64
    p.write_text("a,b\n1,x\n2,z\n")
    assert read_source(p).fingerprint != f1


def test_sqlite_declared_keys_read_only_and_unsupported_types(tmp_path: Path) -> None:
    db = make_sqlite(tmp_path / "shop.db")
    before = digest(db)
    for ref in (db, f"sqlite:///{db}"):
        src = read_source(ref)
        assert src.kind == "sqlite"
        assert src.primary_keys == {"customers": ["id"], "orders": ["order_no"]}
        assert src.foreign_keys == [
            ForeignKey(
                "orders",
                "customer",
                "customers",
                "id",
                declared=True,
                evidence="declared in the database",
                confidence=1.0,
            )
        ]
        assert "photo" not in src.frames["customers"].columns
        assert any("photo" in n and "unsupported type" in n for n in src.notes)
        assert src.frames["orders"]["amount"].dtype == pl.Float64
    assert digest(db) == before
    assert not (tmp_path / "shop.db-journal").exists() and not (tmp_path / "shop.db-wal").exists()


def test_sqlite_garbage_file_is_a_source_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(SourceError, match="cannot be read as a SQLite database"):
        read_source(bad)


def test_duckdb_declared_keys_and_read_only(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR, tags VARCHAR[], balance DECIMAL(10,2))")
    con.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), day DATE)")
    con.execute("INSERT INTO customers SELECT i, 'c' || i, ['a'], i * 1.25 FROM range(1, 6) t(i)")
    con.execute("INSERT INTO orders SELECT i, 1 + i % 5, DATE '2024-01-01' + i::INTEGER FROM range(10) t(i)")
    con.close()
    before = digest(path)
    for ref in (path, f"duckdb:///{path}"):
        src = read_source(ref)
        assert src.kind == "duckdb"
        assert src.primary_keys == {"customers": ["id"], "orders": ["id"]}
        assert [(fk.table, fk.column, fk.ref_table, fk.ref_column) for fk in src.foreign_keys] == [
            ("orders", "customer_id", "customers", "id")
        ]
        assert "tags" not in src.frames["customers"].columns and any("tags" in n for n in src.notes)
        assert src.frames["customers"]["balance"].dtype == pl.Float64
        assert src.frames["orders"]["day"].dtype == pl.Date
    assert digest(path) == before


def test_unreachable_database_url_names_it_without_password() -> None:
    with pytest.raises(SourceError) as e:
        read_source("postgresql://user:secret@127.0.0.1:1/nothing")
    assert "secret" not in str(e.value) and "***" in str(e.value)


def test_coerce_parses_dates_booleans_and_numbers() -> None:
    from simulacra.inspection import ColumnProfile

    frames = {
        "t": pl.DataFrame(
            {"d": [930101, 991231, 450204], "b": ["Y", "N", None], "x": [" 1.5", "2", None], "s": [" a ", "b", "c"]}
        )
    }
    profs = {
        ("t", "d"): ColumnProfile("t", "d", "date", None, "Int64", 0.0, 3, "%y%m%d", ""),
        ("t", "b"): ColumnProfile("t", "b", "boolean", None, "String", 0.33, 2, None, ""),
        ("t", "x"): ColumnProfile("t", "x", "numeric", None, "String", 0.33, 2, None, ""),
        ("t", "s"): ColumnProfile("t", "s", "categorical", None, "String", 0.0, 3, None, ""),
    }
    out = coerce(frames, profs)["t"]
    assert out["d"].to_list() == [dt.date(1993, 1, 1), dt.date(1999, 12, 31), dt.date(1945, 2, 4)]
    assert out["b"].to_list() == [True, False, None]
    assert out["x"].to_list() == [1.5, 2.0, None]
    assert out["s"].to_list() == ["a", "b", "c"]


def test_coerce_reports_values_that_do_not_parse() -> None:
    from simulacra.inspection import ColumnProfile

    frames = {"t": pl.DataFrame({"d": ["2024-01-01", "2024-02-30", "soon", None]})}
    profs = [ColumnProfile("t", "d", "date", None, "String", 0.25, 3, "%Y-%m-%d", "")]
    with pytest.raises(DataValidationError) as e:
        coerce(frames, profs)
    msg = str(e.value)
    assert "table 't', column 'd'" in msg and "'2024-02-30'" in msg and "2 row(s)" in msg and "row 1" in msg
    out, failed = coerce_report(frames, profs, errors="null")
    assert out["t"]["d"].to_list() == [dt.date(2024, 1, 1), None, None, None] and failed == {("t", "d"): 2}
