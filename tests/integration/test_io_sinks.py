"""Sinks and sources with real components: SQLite, DuckDB and PostgreSQL databases, real files."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from simulacra.errors import SinkError, SourceError
from simulacra.io import (
    ColumnSchema,
    ForeignKeySchema,
    Sink,
    TableSchema,
    open_sink,
    read_dataset,
    read_manifest,
)

C = ColumnSchema

TABLES = (
    TableSchema(
        "customers",
        (
            C("id", pl.Int64(), nullable=False),
            C("name", pl.String(), nullable=False),
            C("email", pl.String()),
            C("signup", pl.Date()),
            C("vip", pl.Boolean()),
            C("score", pl.Float64()),
            C("created", pl.Datetime("us")),
            C("seen", pl.Datetime("us", "Europe/Paris")),
            C("balance", pl.Decimal(10, 2)),
            C("opens", pl.Time()),
            C("visits", pl.Int32()),
        ),
        primary_key=("id",),
        unique=(("email",),),
    ),
    TableSchema(
        "employees",
        (C("id", pl.Int64()), C("manager_id", pl.Int64()), C("name", pl.String())),
        primary_key=("id",),
        foreign_keys=(ForeignKeySchema(("manager_id",), "employees", ("id",)),),
    ),
    TableSchema(
        "orders",
        (C("id", pl.Int64()), C("customer_id", pl.Int64(), nullable=False), C("amount", pl.Float64())),
        primary_key=("id",),
        foreign_keys=(ForeignKeySchema(("customer_id",), "customers", ("id",)),),
    ),
    TableSchema(
        "enrollments",
        (C("student", pl.Int32()), C("course", pl.String()), C("term", pl.String())),
        unique=(("student", "course"),),
    ),
)

CUSTOMERS = pl.DataFrame(
    {
        "id": [1, 2, 3, 4],
        "name": ["Zoë Åström", "李雷", 'O\'Brien, "Pat"', ""],
        "email": ["zoe@example.com", None, "pat@example.org", "x@example.net"],
        "signup": [dt.date(2020, 2, 29), dt.date(1999, 12, 31), None, dt.date(2024, 1, 1)],
        "vip": [True, False, None, True],
        "score": [0.1 + 0.2, -1.5e300, None, 3.0],
        "created": [dt.datetime(2024, 1, 2, 3, 4, 5, 123456), dt.datetime(2024, 1, 2), None, dt.datetime(1970, 1, 1)],
        "seen": [
            dt.datetime(2024, 7, 1, 12, 0, 0, 500000),
            None,
            dt.datetime(2024, 1, 1, 0, 0),
            dt.datetime(2024, 3, 31, 1, 59),
        ],
        "balance": [Decimal("12.50"), Decimal("-0.01"), None, Decimal("99999999.99")],
        "opens": [dt.time(8, 30), dt.time(23, 59, 59, 999999), None, dt.time(0, 0)],
        "visits": [1, None, 3, 2**31 - 1],
    },
    schema={c.name: c.dtype for c in TABLES[0].columns},
).with_columns(pl.col("seen").dt.replace_time_zone("Europe/Paris"))
EMPLOYEES = pl.DataFrame(
    {"id": [1, 2, 3, 4], "manager_id": [None, 1, 1, 2], "name": ["boss", "a\nmultiline", "b", "c"]},
    schema={"id": pl.Int64, "manager_id": pl.Int64, "name": pl.String},
)
ORDERS = pl.DataFrame({"id": [10, 11, 12], "customer_id": [1, 1, 4], "amount": [9.99, 0.0, None]})
ENROLLMENTS = pl.DataFrame(
    {"student": [1, 1, 2], "course": ["math", "art", "math"], "term": ["t1", None, "t2"]},
    schema={"student": pl.Int32, "course": pl.String, "term": pl.String},
)
DATA = {"customers": CUSTOMERS, "employees": EMPLOYEES, "orders": ORDERS, "enrollments": ENROLLMENTS}


def write_all(
    sink: Sink, data: dict[str, pl.DataFrame] = DATA, *, close: bool = True, manifest: dict | None = None
) -> None:
    sink.open(TABLES)
    for name, frame in data.items():
        for chunk in frame.iter_slices(2):  # several batches per table
            sink.write(name, chunk)
    sink.write_manifest(manifest or {"seed": 42, "spec": "shop.yaml"})
    if close:
        sink.close()


def assert_dataset_equal(got: dict[str, pl.DataFrame], want: dict[str, pl.DataFrame] = DATA) -> None:
    assert sorted(got) == sorted(want)
    for name, frame in want.items():
        assert_frame_equal(got[name], frame, check_exact=True)


def leftovers(folder: Path) -> list[str]:
    return sorted(p for p in os.listdir(folder) if p.startswith("."))


FILE_OUTPUTS = [
    ("out.db", None),
    ("out.sqlite3", None),
    ("out.duckdb", None),
    ("out", None),  # parquet by default
    ("out_csv", "csv"),
    ("out_jsonl", "jsonl"),
]


@pytest.mark.parametrize(("name", "fmt"), FILE_OUTPUTS)
def test_round_trip_files(tmp_path: Path, name: str, fmt: str | None) -> None:
    out = tmp_path / name
    write_all(open_sink(str(out), format=fmt))
    assert_dataset_equal(read_dataset(str(out)))
    manifest = read_manifest(str(out))
    assert manifest is not None and manifest["seed"] == 42
    assert manifest["sink"]["tables"]["customers"]["rows"] == 4
    assert manifest["sink"]["tables"]["orders"]["foreign_keys"][0]["ref_table"] == "customers"
    assert leftovers(tmp_path) == []
    part = read_dataset(str(out), tables=["orders"])
    assert list(part) == ["orders"]


@pytest.mark.parametrize("scheme", ["sqlite", "duckdb"])
def test_round_trip_file_urls(tmp_path: Path, scheme: str) -> None:
    url = f"{scheme}:///{tmp_path}/data.bin"
    write_all(open_sink(url))
    assert_dataset_equal(read_dataset(url))
    assert read_manifest(url)["sink"]["format"] == scheme  # type: ignore[index]


def test_sqlite_database_enforces_keys(tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    write_all(open_sink(str(out)))
    con = sqlite3.connect(out, isolation_level=None)  # autocommit: deferred keys checked per statement
    con.execute("PRAGMA foreign_keys=ON")
    ddl = con.execute("SELECT sql FROM sqlite_master WHERE name='orders'").fetchone()[0]
    assert "DEFERRABLE INITIALLY DEFERRED" in ddl
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO orders (id, customer_id) VALUES (99, 12345)")  # autocommit: checked at once
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO enrollments VALUES (1, 'math', 't9')")  # composite unique
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO customers (id, name) VALUES (1, 'dup')")  # primary key
    con.close()
    (tmp_path / "out.db.manifest.json").read_text()  # sibling manifest too


@pytest.mark.parametrize("name", ["out.db", "out.duckdb"])
def test_orphan_rows_are_refused_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    sink = open_sink(str(out))
    bad = {**DATA, "orders": ORDERS.with_columns(pl.lit(777, dtype=pl.Int64).alias("customer_id"))}
    with pytest.raises(SinkError) as err:
        write_all(sink, bad)
    assert "orders" in str(err.value)
    sink.abort()
    assert not out.exists() and leftovers(tmp_path) == [] and os.listdir(tmp_path) == []


def test_duckdb_skips_self_reference_with_a_note(tmp_path: Path) -> None:
    out = tmp_path / "out.duckdb"
    write_all(open_sink(str(out)))
    notes = read_manifest(str(out))["sink"]["notes"]  # type: ignore[index]
    assert any("employees(manager_id)" in n for n in notes)


@pytest.mark.parametrize(("name", "fmt"), FILE_OUTPUTS)
def test_abort_leaves_nothing(tmp_path: Path, name: str, fmt: str | None) -> None:
    out = tmp_path / name
    sink = open_sink(str(out), format=fmt)
    write_all(sink, close=False)
    sink.abort()
    sink.abort()  # idempotent
    assert os.listdir(tmp_path) == []
    with pytest.raises(SinkError):
        sink.write("orders", ORDERS)


@pytest.mark.parametrize(("name", "fmt"), FILE_OUTPUTS)
def test_previous_output_is_replaced_only_on_close(tmp_path: Path, name: str, fmt: str | None) -> None:
    out = tmp_path / name
    write_all(open_sink(str(out), format=fmt))
    smaller = {k: v.head(1) for k, v in DATA.items()}

    sink = open_sink(str(out), format=fmt)
    write_all(sink, smaller, close=False)
    assert_dataset_equal(read_dataset(str(out)))  # still the old output
    sink.abort()
    assert_dataset_equal(read_dataset(str(out)))  # abort keeps it

    sink = open_sink(str(out), format=fmt)
    write_all(sink, smaller, close=False)
    assert_dataset_equal(read_dataset(str(out)))
    sink.close()
    assert_dataset_equal(read_dataset(str(out)), smaller)
    assert read_manifest(str(out))["sink"]["tables"]["customers"]["rows"] == 1  # type: ignore[index]
    assert leftovers(tmp_path) == []


def test_context_manager_aborts_on_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(RuntimeError), open_sink(str(out)) as sink:
        sink.open(TABLES)
        sink.write("customers", CUSTOMERS)
        raise RuntimeError("engine failed")
    assert os.listdir(tmp_path) == []


def test_unwritable_outputs(tmp_path: Path) -> None:
    with pytest.raises(SinkError, match="does not exist"):
        open_sink(str(tmp_path / "missing" / "out.db"))
    (tmp_path / "afile").write_text("x")
    with pytest.raises(SinkError, match="not a folder"):
        open_sink(str(tmp_path / "afile" / "out.duckdb"))
    with pytest.raises(SinkError, match="expected a folder"):
        open_sink(str(tmp_path / "afile"), format="csv")
    (tmp_path / "adir.db").mkdir()
    with pytest.raises(SinkError, match="is a folder"):
        open_sink(str(tmp_path / "adir.db"))
    user = tmp_path / "user_folder"
    user.mkdir()
    (user / "notes.txt").write_text("mine")
    with pytest.raises(SinkError, match="not a previous"):
        open_sink(str(user))
    with pytest.raises(SinkError, match="expected"):
        open_sink(str(tmp_path / "out.xlsx"))
    with pytest.raises(SinkError, match="format"):
        open_sink(str(tmp_path / "out"), format="xml")
    one_file = open_sink(str(tmp_path / "out.csv"))  # one table, one file (issue 12); several tables: refused
    two = [TableSchema(n, (ColumnSchema("x", pl.Int64()),)) for n in ("a", "b")]
    with pytest.raises(SinkError, match="single .csv file holds one table; this dataset has 2 \\(a, b\\)"):
        one_file.open(two)
    assert (
        not (tmp_path / "out.csv").exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    )
    (tmp_path / "taken.parquet").write_text("someone's")
    with pytest.raises(SinkError, match="exists; pass if_exists='replace'"):
        open_sink(str(tmp_path / "taken.parquet"))
    assert (tmp_path / "taken.parquet").read_text() == "someone's"
    with pytest.raises(SinkError, match="if_exists"):
        open_sink(str(tmp_path / "x.db"), if_exists="append")
    assert (user / "notes.txt").read_text() == "mine"


def test_foreign_database_file_needs_replace(tmp_path: Path) -> None:
    out = tmp_path / "theirs.db"
    con = sqlite3.connect(out)
    con.execute("CREATE TABLE precious (x)")
    con.commit()
    con.close()
    with pytest.raises(SinkError, match="if_exists='replace'"):
        open_sink(str(out))
    write_all(open_sink(str(out), if_exists="replace"))
    assert_dataset_equal(read_dataset(str(out)))


def test_batches_are_checked(tmp_path: Path) -> None:
    sink = open_sink(str(tmp_path / "out.db"))
    sink.open(TABLES)
    with pytest.raises(SinkError, match="table 'orders', column 'amount': missing"):
        sink.write("orders", ORDERS.drop("amount"))
    assert os.listdir(tmp_path) == []  # a refused batch aborts the sink
    sink = open_sink(str(tmp_path / "out.db"))
    sink.open(TABLES)
    with pytest.raises(SinkError, match="column 'customer_id': may not hold nulls"):
        sink.write("orders", ORDERS.with_columns(pl.lit(None, dtype=pl.Int64).alias("customer_id")))
    sink = open_sink(str(tmp_path / "out.db"))
    sink.open(TABLES)
    with pytest.raises(SinkError, match="did you mean 'orders'"):
        sink.write("order", ORDERS)
    sink.abort()
    assert os.listdir(tmp_path) == []


def test_read_single_files_and_errors(tmp_path: Path) -> None:
    ORDERS.write_csv(tmp_path / "orders.csv")
    ORDERS.write_parquet(tmp_path / "more.parquet")
    assert_frame_equal(read_dataset(str(tmp_path / "orders.csv"))["orders"], ORDERS)
    assert_frame_equal(read_dataset(str(tmp_path / "more.parquet"))["more"], ORDERS)
    assert read_manifest(str(tmp_path / "orders.csv")) is None
    with pytest.raises(SourceError, match="does not exist"):
        read_dataset(str(tmp_path / "nope.db"))
    write_all(open_sink(str(tmp_path / "out.db")))
    with pytest.raises(SourceError, match="did you mean 'orders'"):
        read_dataset(str(tmp_path / "out.db"), tables=["order"])


# --------------------------------------------------------------------------- PostgreSQL


def pg_tables(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as con:
        return {r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


@pytest.mark.postgres
@pytest.mark.parametrize("scheme", ["postgresql", "postgresql+psycopg"])
def test_postgres_round_trip(postgres_db: str, scheme: str) -> None:
    url = postgres_db.replace("postgresql", scheme, 1)
    write_all(open_sink(url))
    assert_dataset_equal(read_dataset(url))
    assert read_manifest(url)["seed"] == 42  # type: ignore[index]
    assert pg_tables(postgres_db) == {*DATA, "_simulacra_manifest"}


@pytest.mark.postgres
def test_postgres_enforces_keys_and_defers_them(postgres_db: str) -> None:
    import psycopg

    write_all(open_sink(postgres_db))
    with psycopg.connect(postgres_db) as con:
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            with con.transaction():
                con.execute("INSERT INTO orders (id, customer_id) VALUES (99, 12345)")
        with con.transaction():  # deferred: a child before its parent in one transaction is fine
            con.execute("INSERT INTO employees VALUES (6, 5, 'x')")
            con.execute("INSERT INTO employees VALUES (5, 1, 'y')")
        with pytest.raises(psycopg.errors.UniqueViolation), con.transaction():
            con.execute("INSERT INTO enrollments VALUES (1, 'math', 't9')")


@pytest.mark.postgres
def test_postgres_abort_and_orphans_leave_nothing(postgres_db: str) -> None:
    sink = open_sink(postgres_db)
    write_all(sink, close=False)
    sink.abort()
    assert pg_tables(postgres_db) == set()

    bad = {**DATA, "orders": ORDERS.with_columns(pl.lit(777, dtype=pl.Int64).alias("customer_id"))}
    with pytest.raises(SinkError, match="table 'orders'"):
        write_all(open_sink(postgres_db), bad)
    assert pg_tables(postgres_db) == set()


@pytest.mark.postgres
def test_postgres_existing_tables(postgres_db: str) -> None:
    import psycopg

    with psycopg.connect(postgres_db) as con:
        con.execute("CREATE TABLE orders (x int)")
        con.execute("INSERT INTO orders VALUES (1)")
    with pytest.raises(SinkError, match="table 'orders': .*already exists"):
        write_all(open_sink(postgres_db))
    assert pg_tables(postgres_db) == {"orders"}  # untouched

    sink = open_sink(postgres_db, if_exists="replace")
    write_all(sink, close=False)
    sink.abort()  # the drop is rolled back too
    with psycopg.connect(postgres_db) as con:
        assert con.execute("SELECT x FROM orders").fetchall() == [(1,)]

    write_all(open_sink(postgres_db, if_exists="replace"))
    assert_dataset_equal(read_dataset(postgres_db))
    with pytest.raises(SinkError, match="already holds a simulacra output"):
        open_sink(postgres_db).open([TableSchema("other", (C("a", pl.Int64()),))])
    write_all(open_sink(postgres_db, if_exists="replace"), {k: v.head(1) for k, v in DATA.items()})
    assert read_manifest(postgres_db)["sink"]["tables"]["orders"]["rows"] == 1  # type: ignore[index]


@pytest.mark.postgres
def test_postgres_errors_hide_the_password(postgres_url: str) -> None:
    port = postgres_url.split(":")[-1].split("/")[0]
    sink = open_sink(f"postgresql://postgres:s3cr3t-pw@127.0.0.1:{port}/no_such_db")
    with pytest.raises(SinkError) as err:
        sink.open(TABLES)
    assert "s3cr3t-pw" not in str(err.value) and "***" in str(err.value)
