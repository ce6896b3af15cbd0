"""The PostgreSQL load path against a real server: streamed COPY, keys built after the load."""

from __future__ import annotations

import polars as pl
import pytest

from simulacra.errors import SinkError
from simulacra.io import ColumnSchema, ForeignKeySchema, TableSchema, open_sink, read_dataset

C = ColumnSchema
PARENT = TableSchema(
    "parent", (C("id", pl.Int64(), nullable=False), C("code", pl.String())), primary_key=("id",), unique=(("code",),)
)
CHILD = TableSchema(
    "child",
    (C("id", pl.Int64()), C("parent_id", pl.Int64(), nullable=False), C("note", pl.String())),
    primary_key=("id",),
    foreign_keys=(ForeignKeySchema(("parent_id",), "parent", ("id",)),),
)


def _tables(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as con:
        return {r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


def _write(url: str, parent: pl.DataFrame, child: pl.DataFrame, chunk: int) -> None:
    sink = open_sink(url)
    sink.open([PARENT, CHILD])
    for name, frame in (("parent", parent), ("child", child)):
        for a in range(0, frame.height, chunk):
            sink.write(name, frame.slice(a, chunk))
    sink.write_manifest({"seed": 1})
    sink.close()


def _data(n: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    parent = pl.DataFrame({"id": list(range(n)), "code": [f"P{i:06d}" for i in range(n)]})
    child = pl.DataFrame(
        {
            "id": list(range(3 * n)),
            "parent_id": [i % n for i in range(3 * n)],
            "note": [None if i % 7 == 0 else f'say "hi", {i}\nline' for i in range(3 * n)],
        }
    )
    return parent, child


@pytest.mark.postgres
def test_many_chunks_stream_into_one_copy_and_keys_exist(postgres_db: str) -> None:
    import psycopg

    parent, child = _data(2_000)
    _write(postgres_db, parent, child, chunk=137)  # many chunks, none aligned with anything
    back = read_dataset(postgres_db)
    assert back["parent"].sort("id").equals(parent)
    assert back["child"].sort("id").equals(child)
    with psycopg.connect(postgres_db) as con:
        kinds = {
            (r[0], r[1])
            for r in con.execute(
                "SELECT conrelid::regclass::text, contype FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
            )
        }
        assert {("parent", "p"), ("parent", "u"), ("child", "p"), ("child", "f")} <= kinds
        nullable = dict(
            con.execute(
                "SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = 'parent'"
            ).fetchall()
        )
        assert nullable["id"] == "NO"


@pytest.mark.postgres
@pytest.mark.parametrize(("column", "what"), [("id", "primary key"), ("code", "unique")])
def test_duplicate_keys_refused_after_the_load_and_nothing_written(postgres_db: str, column: str, what: str) -> None:
    parent, child = _data(300)
    bad = parent.with_columns(
        pl.when(pl.col("id") == 299).then(pl.col(column).first()).otherwise(pl.col(column)).alias(column)
    )
    with pytest.raises(SinkError, match=rf"table 'parent'.*{what} \({column}\) does not hold"):
        _write(postgres_db, bad, child.filter(pl.col("parent_id") < 299), chunk=50)
    assert _tables(postgres_db) == set()


@pytest.mark.postgres
def test_refused_row_in_a_later_chunk_aborts_everything(postgres_db: str) -> None:
    parent, child = _data(300)
    sink = open_sink(postgres_db)
    sink.open([PARENT, CHILD])
    sink.write("parent", parent)
    with pytest.raises(SinkError, match="table 'child'.*refused the data"):
        for a in range(0, 900, 100):  # text the server refuses (a NUL byte), in the last chunk
            part = child.slice(a, 100)
            if a == 800:
                part = part.with_columns(pl.lit("a\x00b").alias("note"))
            sink.write("child", part)
        sink.write_manifest({"seed": 1})
        sink.close()
    sink.abort()
    assert _tables(postgres_db) == set()


def test_duckdb_takes_reserved_words_as_names(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # DuckDB reserves words PostgreSQL does not (AT): every name is quoted
    from simulacra.io import read_dataset

    table = TableSchema(
        "at",
        (C("at", pl.Int64(), nullable=False), C("order", pl.String()), C("select", pl.String())),
        primary_key=("at",),
        unique=(("order",),),
    )
    data = pl.DataFrame({"at": [1, 2], "order": ["a", "b"], "select": [None, "x"]})
    sink = open_sink(str(tmp_path / "r.duckdb"))
    sink.open([table])
    sink.write("at", data)
    sink.write_manifest({"seed": 1})
    sink.close()
    assert read_dataset(str(tmp_path / "r.duckdb"))["at"].sort("at").equals(data)
