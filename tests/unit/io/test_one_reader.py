"""One reader: ``io.read_dataset`` and ``sources.read_source`` accept the same formats and databases.

Every suffix in ``io.READ_SUFFIXES`` is written as a real file here and read by both; the only
files ``read_source`` reads beyond them are the text formats whose delimiter it sniffs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from simulacra.errors import SourceError
from simulacra.io import DATABASE_SUFFIXES, READ_SUFFIXES, read_database, read_dataset
from simulacra.sources import read_source
from simulacra.sources._read import FILE_SUFFIXES, SNIFFED_SUFFIXES

FRAME = pl.DataFrame({"id": [1, 2, 3], "name": ["a", "b", "c"], "amount": [1.5, 2.0, 3.25]})


def _sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE shop (id INTEGER PRIMARY KEY, name TEXT, amount REAL);"
        "CREATE TABLE sale (no INTEGER PRIMARY KEY, shop INTEGER REFERENCES shop(id));"
        "INSERT INTO shop VALUES (1,'a',1.5),(2,'b',2.0),(3,'c',3.25); INSERT INTO sale VALUES (10, 1), (11, 3);"
    )
    con.commit()
    con.close()


def _duckdb(path: Path) -> None:
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE shop (id INTEGER PRIMARY KEY, name VARCHAR, amount DOUBLE)")
    con.execute("CREATE TABLE sale (no INTEGER PRIMARY KEY, shop INTEGER REFERENCES shop(id))")
    con.execute("INSERT INTO shop VALUES (1,'a',1.5),(2,'b',2.0),(3,'c',3.25)")
    con.execute("INSERT INTO sale VALUES (10, 1), (11, 3)")
    con.close()


WRITERS: dict[str, Callable[[Path], None]] = {
    ".parquet": FRAME.write_parquet,
    ".csv": FRAME.write_csv,
    ".tsv": lambda p: FRAME.write_csv(p, separator="\t"),
    ".jsonl": FRAME.write_ndjson,
    ".ndjson": FRAME.write_ndjson,
}


def _write(path: Path) -> None:
    kind = DATABASE_SUFFIXES.get(path.suffix)
    if kind == "sqlite":
        _sqlite(path)
    elif kind == "duckdb":
        _duckdb(path)
    else:
        WRITERS[path.suffix](path)


def test_the_format_table_is_one_and_covers_both_readers() -> None:
    assert ".ddb" in DATABASE_SUFFIXES and ".ddb" in READ_SUFFIXES  # once accepted by only one of the two
    assert set(READ_SUFFIXES) - set(DATABASE_SUFFIXES) <= FILE_SUFFIXES
    # beyond what read_dataset reads, read_source reads only the text whose delimiter it sniffs
    assert FILE_SUFFIXES - set(READ_SUFFIXES) == SNIFFED_SUFFIXES
    assert set(WRITERS) | set(DATABASE_SUFFIXES) == set(READ_SUFFIXES)  # this test writes every one


@pytest.mark.parametrize("suffix", READ_SUFFIXES)
def test_both_readers_read_every_suffix_alike(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"shop{suffix}"
    _write(path)
    dataset = read_dataset(path)
    source = read_source(path)
    # read_dataset keeps a database's creation order (outputs are written parents first); read_source sorts
    assert sorted(dataset) == sorted(source.frames)
    for name, frame in dataset.items():
        raw = source.frames[name]
        assert frame.height == raw.height and frame.columns == raw.columns, (suffix, name)
    shop = dataset["shop"]
    assert shop["name"].to_list() == ["a", "b", "c"]
    assert shop["amount"].to_list() == [1.5, 2.0, 3.25]
    if suffix in DATABASE_SUFFIXES:
        assert source.kind == DATABASE_SUFFIXES[suffix]
        assert source.primary_keys == {"sale": ["no"], "shop": ["id"]}
        assert [(f.table, f.column, f.ref_table, f.ref_column) for f in source.foreign_keys] == [
            ("sale", "shop", "shop", "id")
        ]


@pytest.mark.parametrize("suffix", [".duckdb", ".ddb", ".sqlite"])
def test_database_urls_read_alike(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"shop{suffix}"
    _write(path)
    url = f"{DATABASE_SUFFIXES[suffix]}:///{path}"
    db = read_database(url, tables=["shop"])
    assert db.kind == DATABASE_SUFFIXES[suffix] and list(db.frames) == ["shop"]
    assert read_dataset(url, tables=["shop"])["shop"]["id"].to_list() == db.frames["shop"]["id"].to_list()
    assert read_source(url, tables=["shop"]).frames["shop"].equals(db.frames["shop"])


def test_unknown_tables_are_named_the_same_way_by_both(tmp_path: Path) -> None:
    path = tmp_path / "shop.ddb"
    _duckdb(path)
    for read in (lambda: read_dataset(path, tables=["shp"]), lambda: read_source(path, tables=["shp"])):
        with pytest.raises(SourceError, match="no table 'shp'.*did you mean 'shop'"):
            read()


def test_read_database_refuses_what_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "shop.csv"
    FRAME.write_csv(path)
    with pytest.raises(SourceError, match=r"shop\.csv: not a database file"):
        read_database(path)
