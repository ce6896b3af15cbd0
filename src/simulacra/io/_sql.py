"""Database sinks: SQLite and DuckDB files (temp file + rename) and PostgreSQL (one transaction).

DDL is built with SQLAlchemy (identifiers quoted by the dialect's preparer); values
only ever travel as parameters, Arrow buffers or COPY data.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import os
import queue
import shutil
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as sa_postgresql
from sqlalchemy.dialects import sqlite as sa_sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.schema import AddConstraint, CreateTable
from sqlalchemy.types import UserDefinedType

from simulacra.errors import Location, SinkError

from ._base import (
    MANIFEST_KEY,
    MANIFEST_TABLE,
    BaseSink,
    atomic_write_text,
    check_parent,
    fsync_path,
    make_temp_dir,
    remove_later,
)
from ._schema import TableSchema

__all__ = [
    "DuckDBSink",
    "PostgresSink",
    "SQLiteSink",
    "check_db_file_target",
    "manifest_sidecar",
    "write_pg_part",
]


class _Raw(UserDefinedType):
    """A column type rendered exactly as given (we choose the SQL type per dialect)."""

    cache_ok = True

    def __init__(self, spec: str) -> None:
        self.spec = spec

    def get_col_spec(self, **kw: Any) -> str:
        return self.spec


def sql_type(dtype: pl.DataType, dialect: str) -> str | None:
    """The SQL type for a polars dtype in 'sqlite' | 'duckdb' | 'postgresql'; None if unsupported."""
    sqlite = dialect == "sqlite"
    if dtype in (pl.Int8, pl.Int16, pl.UInt8):
        return "INTEGER" if sqlite else "SMALLINT"
    if dtype in (pl.Int32, pl.UInt16):
        return "INTEGER"
    if dtype in (pl.Int64, pl.UInt32):
        return "INTEGER" if sqlite else "BIGINT"
    if dtype == pl.UInt64:
        return {"sqlite": "INTEGER", "duckdb": "UBIGINT", "postgresql": "NUMERIC(20,0)"}[dialect]
    if dtype == pl.Float32:
        return "REAL"
    if dtype == pl.Float64:
        return {"sqlite": "REAL", "duckdb": "DOUBLE", "postgresql": "DOUBLE PRECISION"}[dialect]
    if dtype == pl.Boolean:
        return "INTEGER" if sqlite else "BOOLEAN"
    if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
        return "TEXT"
    if dtype == pl.Date:
        return "TEXT" if sqlite else "DATE"
    if isinstance(dtype, pl.Datetime):
        if sqlite:
            return "TEXT"
        return "TIMESTAMPTZ" if dtype.time_zone else "TIMESTAMP"
    if dtype == pl.Time:
        return "TEXT" if sqlite else "TIME"
    if isinstance(dtype, pl.Decimal):
        if sqlite:
            return "TEXT"
        if dialect == "duckdb" and dtype.precision > 38:
            return None
        return f"NUMERIC({dtype.precision},{dtype.scale})"
    if dtype == pl.Binary:
        return "BYTEA" if dialect == "postgresql" else "BLOB"
    return None


def build_tables(
    tables: list[TableSchema], dialect: str, *, skip_fk: Any = None
) -> tuple[sa.MetaData, dict[str, sa.Table], dict[str, list[sa.ForeignKeyConstraint]]]:
    """SQLAlchemy tables with PK, UNIQUE and FK constraints (FKs deferrable where supported)."""
    md = sa.MetaData()
    out: dict[str, sa.Table] = {}
    fks: dict[str, list[sa.ForeignKeyConstraint]] = {}
    deferrable = dialect != "duckdb"
    for t in tables:
        cols = [
            sa.Column(
                c.name,
                _Raw(sql_type(c.dtype, dialect) or "TEXT"),
                nullable=t.is_nullable(c.name),
                autoincrement=False,
                quote=True if dialect == "duckdb" else None,
            )
            for c in t.columns
        ]
        args: list[Any] = list(cols)
        if t.primary_key:
            args.append(sa.PrimaryKeyConstraint(*t.primary_key))
        for u in t.unique:
            args.append(sa.UniqueConstraint(*u))
        table_fks = []
        for fk in t.foreign_keys:
            if skip_fk is not None and skip_fk(t, fk):
                continue
            c = sa.ForeignKeyConstraint(
                list(fk.columns),
                [f"{fk.ref_table}.{rc}" for rc in fk.ref_columns],
                deferrable=True if deferrable else None,
                initially="DEFERRED" if deferrable else None,
                use_alter=False,
            )
            args.append(c)
            table_fks.append(c)
        out[t.name] = sa.Table(t.name, md, *args, quote=True if dialect == "duckdb" else None)
        fks[t.name] = table_fks
    return md, out, fks


def _dialect(name: str) -> Dialect:
    if name == "sqlite":
        return sa_sqlite.dialect()
    return sa_postgresql.dialect()  # DuckDB speaks PostgreSQL's quoting and DDL


def ddl(stmt: Any, dialect: str) -> str:
    return str(stmt.compile(dialect=_dialect(dialect))).strip()


def quote(name: str, dialect: str) -> str:
    if dialect == "duckdb":  # DuckDB reserves words PostgreSQL does not (AT, ...): always quote
        return '"' + name.replace('"', '""') + '"'
    return _dialect(dialect).identifier_preparer.quote(name)


def _unsupported_for(dialect: str) -> Callable[[pl.DataType], str | None]:
    def check(dtype: pl.DataType) -> str | None:
        if sql_type(dtype, dialect) is None:
            return f"{dtype} columns cannot be written to {dialect}"
        return None

    return check


def manifest_sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


SIDECAR_HASH = "database_manifest_sha256"


def sidecar_text(manifest_json: str) -> str:
    """The sidecar: a copy of the database's manifest plus the SHA-256 of the manifest stored inside it.

    The manifest table inside the database is the truth; the hash lets a reader tell a sidecar
    left from an earlier run (a kill between the two renames) from the current one.
    """
    data = json.loads(manifest_json)
    data[SIDECAR_HASH] = hashlib.sha256(manifest_json.encode("utf-8")).hexdigest()
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)


def _is_previous_output(path: Path, kind: str) -> bool:
    if manifest_sidecar(path).is_file():
        return True
    try:
        if kind == "sqlite":
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                row = con.execute(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (MANIFEST_TABLE,)
                ).fetchone()
            finally:
                con.close()
            return row is not None
        import duckdb

        dcon = duckdb.connect(str(path), read_only=True)
        try:
            row = dcon.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_name = ?", [MANIFEST_TABLE]
            ).fetchone()
        finally:
            dcon.close()
        return row is not None
    except Exception:  # noqa: BLE001 - not readable as that kind of database: not ours
        return False


def check_db_file_target(path: Path, kind: str, if_exists: str) -> None:
    expected = f"a {'SQLite' if kind == 'sqlite' else 'DuckDB'} database file"
    check_parent(path, expected)
    if path.is_dir():
        raise SinkError(f"{path}: is a folder; expected {expected}")
    if path.exists() and if_exists != "replace" and not _is_previous_output(path, kind):
        raise SinkError(
            f"{path}: exists and is not a previous simulacra output; pass if_exists='replace' to overwrite it"
        )


class _FileDBSink(BaseSink):
    """A database file built in a temp folder beside the target, moved into place on close."""

    kind = ""
    _con: Any  # the open connection (set by each subclass)

    def __init__(self, path: Path, *, if_exists: str = "fail") -> None:
        super().__init__(str(path))
        self.path = path
        self.if_exists = if_exists
        check_db_file_target(path, self.kind, if_exists)
        self._tmpdir: Path | None = None
        self._cleanup: Any = None

    @property
    def _tmpfile(self) -> Path:
        assert self._tmpdir is not None
        return self._tmpdir / f"data.{self.kind}"

    def _unsupported(self, dtype: pl.DataType) -> str | None:
        return _unsupported_for(self.kind)(dtype)

    def _start(self) -> None:
        check_db_file_target(self.path, self.kind, self.if_exists)
        self._tmpdir = make_temp_dir(self.path)
        self._cleanup = remove_later(self, self._tmpdir)

    def _abort(self) -> None:
        if self._con is not None:
            with contextlib.suppress(Exception):
                self._con.close()
            self._con = None
        self._remove_tmp()

    def _move_into_place(self, manifest_json: str) -> None:
        fsync_path(self._tmpfile)
        check_db_file_target(self.path, self.kind, self.if_exists)
        suffixes = ("-journal", "-wal", "-shm") if self.kind == "sqlite" else (".wal",)
        for suffix in suffixes:  # a stale journal of the old file must not be applied to the new one
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path.with_name(self.path.name + suffix))
        os.replace(self._tmpfile, self.path)
        fsync_path(self.path.parent, directory=True)
        atomic_write_text(manifest_sidecar(self.path), sidecar_text(manifest_json))
        self._remove_tmp()

    def _remove_tmp(self) -> None:
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
        if self._cleanup is not None:
            self._cleanup.detach()


# --------------------------------------------------------------------------- SQLite


def _sqlite_ready(batch: pl.DataFrame) -> pl.DataFrame:
    """Values sqlite3 stores as documented: dates and times as ISO-8601 TEXT, decimals as TEXT."""
    exprs = []
    for name, dtype in batch.schema.items():
        col = pl.col(name)
        if dtype == pl.Date:
            exprs.append(col.dt.to_string("%Y-%m-%d"))
        elif isinstance(dtype, pl.Datetime):
            if dtype.time_zone:
                exprs.append(col.dt.convert_time_zone("UTC").dt.to_string("%Y-%m-%dT%H:%M:%S%.f+00:00"))
            else:
                exprs.append(col.dt.to_string("%Y-%m-%dT%H:%M:%S%.f"))
        elif dtype == pl.Time:
            exprs.append(col.dt.to_string("%H:%M:%S%.f"))
        elif isinstance(dtype, (pl.Decimal, pl.Categorical, pl.Enum)):
            exprs.append(col.cast(pl.String))
    return batch.with_columns(exprs) if exprs else batch


class SQLiteSink(_FileDBSink):
    """SQLite file: constraints enforced by the database (FKs deferred, checked at commit)."""

    format = "sqlite"
    kind = "sqlite"

    def __init__(self, path: Path, *, if_exists: str = "fail") -> None:
        super().__init__(path, if_exists=if_exists)
        self._con: sqlite3.Connection | None = None
        self._insert: dict[str, str] = {}

    def _open(self, tables: list[TableSchema]) -> None:
        self._start()
        con = sqlite3.connect(self._tmpfile, isolation_level=None)
        self._con = con
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("PRAGMA journal_mode=MEMORY")  # a crash leaves only the temp file, never the target
        con.execute("PRAGMA synchronous=OFF")  # we fsync the finished file ourselves before the rename
        con.execute("BEGIN")
        _, sa_tables, _ = build_tables(tables, "sqlite")
        for t in tables:
            con.execute(ddl(CreateTable(sa_tables[t.name]), "sqlite"))
            cols = ", ".join(quote(c.name, "sqlite") for c in t.columns)
            marks = ", ".join("?" for _ in t.columns)
            self._insert[t.name] = f"INSERT INTO {quote(t.name, 'sqlite')} ({cols}) VALUES ({marks})"
        con.execute(f"CREATE TABLE {quote(MANIFEST_TABLE, 'sqlite')} (key TEXT PRIMARY KEY, value TEXT)")

    def _write(self, table: TableSchema, batch: pl.DataFrame) -> None:
        assert self._con is not None
        try:
            self._con.executemany(self._insert[table.name], _sqlite_ready(batch).rows())
        except sqlite3.IntegrityError as e:
            raise self._error(f"the database refused a row: {e}; nothing was written", table=table.name) from e

    def _commit(self, manifest_json: str) -> None:
        con = self._con
        assert con is not None
        con.execute(
            f"INSERT INTO {quote(MANIFEST_TABLE, 'sqlite')} (key, value) VALUES (?, ?)", (MANIFEST_KEY, manifest_json)
        )
        try:
            con.execute("COMMIT")
        except sqlite3.IntegrityError as e:
            rows = con.execute("PRAGMA foreign_key_check").fetchmany(1)
            if rows:
                table, rowid, parent, _ = rows[0]
                n = sum(1 for _ in con.execute("PRAGMA foreign_key_check"))
                raise SinkError(
                    f"{self.display}: {n} row(s) reference a missing row of table '{parent}'"
                    f" (first at rowid {rowid}); nothing was written",
                    location=Location(table=table),
                ) from e
            raise
        con.close()
        self._con = None
        self._move_into_place(manifest_json)


# --------------------------------------------------------------------------- DuckDB


class DuckDBSink(_FileDBSink):
    """DuckDB file, loaded from Arrow. DuckDB has no deferrable FKs and checks a
    self-referencing FK against rows already in the table before the batch, so
    self-referencing FKs are skipped (noted in the manifest).

    Loading from parts (``parts``: generating on Dask): the workers write their chunks as Parquet parts into
    the sink's temp folder (:meth:`part_writer`, the ``parquet-parts`` writer) and the client loads each part,
    in chunk order, into the same open transaction (:meth:`adopt`), then deletes it: the rows travel to the
    client's disk, not through the client's memory, and the file is still built beside the target and moved
    into place on commit, or removed, parts and all, on abort."""

    format = "duckdb"
    kind = "duckdb"
    parts = True  # takes Parquet parts written elsewhere (pipeline.generate asks the Dask executor for them)

    def __init__(self, path: Path, *, if_exists: str = "fail") -> None:
        super().__init__(path, if_exists=if_exists)
        self._con: Any = None
        self._insert: dict[str, str] = {}
        self._load_part: dict[str, str] = {}
        self._next_part: dict[str, int] = {}

    def _part_folder(self, table: str) -> Path:
        assert self._tmpdir is not None
        return self._tmpdir / "parts" / table

    def part_writer(self, table: str) -> Callable[[int, pl.DataFrame], int]:
        """A picklable ``(index, batch) -> rows`` writing ``table``'s part ``index`` as Parquet into this sink's
        temp folder (beside the target: a Dask worker on the same file system), loaded by :meth:`adopt`."""
        import functools

        from ._files import write_part

        self._require_open("part_writer")
        schema = self._tables.get(table)
        if schema is None:
            raise self._error("not a table given to open()", table=table)
        folder = self._part_folder(table)
        folder.mkdir(parents=True, exist_ok=True)
        return functools.partial(write_part, folder, schema)

    def adopt(self, table: str, index: int, rows: int) -> None:
        """Load part ``index`` of ``table`` (written by :meth:`part_writer` elsewhere) into the open transaction,
        in order, and delete it."""
        import duckdb

        self._require_open("adopt")
        if table not in self._tables:
            raise self._error("not a table given to open()", table=table)
        if index != self._next_part.get(table, 0):
            self._fail()
            raise self._error(f"part {index} came out of order; nothing was written", table=table)
        path = self._part_folder(table) / f"part-{index:05d}.parquet"
        if rows:
            if not path.is_file():
                self._fail()
                raise self._error(f"part {index} was not written; nothing was written", table=table)
            try:
                loaded = self._con.execute(self._load_part[table], [str(path)]).fetchone()
            except duckdb.Error as e:
                self._fail()
                raise self._error(
                    f"the database refused part {index}: {_first_line(e)}; nothing was written", table=table
                ) from None
            if loaded is None or loaded[0] != rows:
                self._fail()
                raise self._error(
                    f"part {index} holds {loaded[0] if loaded else 0} rows, not the {rows} written;"
                    " nothing was written",
                    table=table,
                )
            path.unlink()
        self._next_part[table] = index + 1
        self._rows[table] += rows

    def _skip_fk(self, table: TableSchema, fk: Any) -> bool:
        if fk.ref_table == table.name:
            self.note(
                f"duckdb: foreign key {table.name}({', '.join(fk.columns)}) -> {fk.ref_table}"
                f"({', '.join(fk.ref_columns)}) not declared: DuckDB checks self-references row by row"
                " before the batch is inserted and has no deferrable constraints"
            )
            return True
        return False

    def _open(self, tables: list[TableSchema]) -> None:
        import duckdb

        self._start()
        self._con = con = duckdb.connect(str(self._tmpfile))
        con.execute("BEGIN TRANSACTION")
        _, sa_tables, _ = build_tables(tables, "duckdb", skip_fk=self._skip_fk)
        for t in tables:
            con.execute(ddl(CreateTable(sa_tables[t.name]), "duckdb"))
            cols = ", ".join(quote(c.name, "duckdb") for c in t.columns)
            self._insert[t.name] = (
                f"INSERT INTO {quote(t.name, 'duckdb')} ({cols}) SELECT {cols} FROM __simulacra_batch"
            )
            self._load_part[t.name] = (
                f"INSERT INTO {quote(t.name, 'duckdb')} ({cols}) SELECT {cols} FROM read_parquet(?)"
            )
        con.execute(f"CREATE TABLE {quote(MANIFEST_TABLE, 'duckdb')} (key VARCHAR PRIMARY KEY, value VARCHAR)")

    def _write(self, table: TableSchema, batch: pl.DataFrame) -> None:
        import duckdb

        casts = [pl.col(n).cast(pl.String) for n, d in batch.schema.items() if isinstance(d, (pl.Categorical, pl.Enum))]
        if casts:
            batch = batch.with_columns(casts)
        con = self._con
        con.register("__simulacra_batch", batch.to_arrow())
        try:
            con.execute(self._insert[table.name])
        except duckdb.ConstraintException as e:
            raise self._error(
                f"the database refused a row: {_first_line(e)}; nothing was written", table=table.name
            ) from e
        finally:
            con.unregister("__simulacra_batch")

    def _commit(self, manifest_json: str) -> None:
        con = self._con
        con.execute(f"INSERT INTO {quote(MANIFEST_TABLE, 'duckdb')} VALUES (?, ?)", [MANIFEST_KEY, manifest_json])
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        con.close()
        self._con = None
        self._move_into_place(manifest_json)


def _first_line(e: BaseException | None) -> str:
    lines = str(e).strip().splitlines()
    return lines[0] if lines else type(e).__name__


# --------------------------------------------------------------------------- PostgreSQL


def _pg_csv_ready(batch: pl.DataFrame) -> pl.DataFrame:
    exprs = []
    for name, dtype in batch.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.Datetime) and dtype.time_zone:
            exprs.append(col.dt.convert_time_zone("UTC").dt.to_string("%Y-%m-%dT%H:%M:%S%.f+00:00"))
        elif dtype == pl.Time:
            exprs.append(col.dt.to_string("%H:%M:%S%.f"))
        elif dtype == pl.Binary:
            exprs.append(pl.lit("\\x") + col.bin.encode("hex"))
        elif isinstance(dtype, (pl.Categorical, pl.Enum)):
            exprs.append(col.cast(pl.String))
    return batch.with_columns(exprs) if exprs else batch


class _CopyWriter:
    """Streams CSV chunks into COPY from a thread, so the next chunk is made while this one loads.

    The queue holds at most ``depth`` chunks (memory stays bounded by the chunk size).
    One COPY stays open per table across its chunks. The connection is used only by
    this thread between ``start`` and ``finish``; the sink touches it again only after
    ``finish`` has joined the thread.
    """

    _DONE = object()

    def __init__(self, raw: Any, copy_sql: dict[str, str], *, depth: int = 2) -> None:
        self.raw = raw
        self.copy_sql = copy_sql
        self.q: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.failed_table: str | None = None
        self.thread = threading.Thread(target=self._run, name="simulacra-pg-copy", daemon=True)
        self.thread.start()

    def put(self, table: str, data: bytes) -> None:
        while self.error is None:
            try:
                self.q.put((table, data), timeout=0.1)
                return
            except queue.Full:
                continue

    def finish(self) -> None:
        """Wait until everything queued is loaded (or the thread failed)."""
        while self.thread.is_alive():
            try:
                self.q.put(self._DONE, timeout=0.1)
                break
            except queue.Full:
                continue
        self.thread.join()

    def _run(self) -> None:
        current: str | None = None
        stack = contextlib.ExitStack()  # the open cursor and COPY of the current table
        copy: Any = None
        try:
            while True:
                item = self.q.get()
                if item is self._DONE:
                    break
                table, data = item
                if table != current:
                    stack.close()
                    current = table
                    cur = stack.enter_context(self.raw.cursor())
                    copy = stack.enter_context(cur.copy(self.copy_sql[table]))
                copy.write(data)
            stack.close()
        except BaseException as e:  # handed to the sink's thread, which raises it with the table's name
            self.failed_table = current
            self.error = e
            with contextlib.suppress(BaseException):
                stack.__exit__(type(e), e, e.__traceback__)
            with contextlib.suppress(queue.Empty):
                while True:  # unblock a producer waiting on a full queue
                    self.q.get_nowait()


class PostgresSink(BaseSink):
    """PostgreSQL: DDL, COPY data and manifest in one transaction; rollback on abort.

    Loading is shaped for speed: tables are created without keys, rows stream in as
    CSV through one COPY per table from a writer thread (the next chunk is generated
    while the server parses this one), then primary keys and unique constraints are
    built once over the loaded data, then foreign keys (DEFERRABLE INITIALLY
    DEFERRED): one index build and one validating join per key instead of work per row.
    All of it is one transaction.

    Replacing existing tables never blocks their readers during the load: the new
    tables are created and loaded in a private staging schema of the same transaction
    (nothing of it is visible to others, and nothing is left if the run dies); only at
    the end are the old tables dropped and the new ones moved into place (``ALTER TABLE
    … SET SCHEMA``), so the exclusive locks are held for the final moments before commit.

    Loading from parts (``parts``: generating on Dask, ``copy_mode='csv'``): each worker encodes its chunks as
    the client would have (the ``COPY`` data, CSV) and stores the bytes in UNLOGGED tables of their own on the
    server (one per chunk, committed by the worker) in a parts schema this run creates (:meth:`part_writer`);
    the client feeds each part, in chunk order, to the target table's ``COPY … FROM STDIN`` inside its one
    transaction (:meth:`adopt`): the part's bytes read on a second connection and written as they are, a few
    large values per chunk (no encoding on the client), the same ``COPY`` of the same bytes one process runs,
    so the same rows in the same order (``INSERT … SELECT`` from typed parts fills gaps left in earlier pages
    and changes the order), then drops the part. What is left of the parts schema is dropped after the
    commit, and after an abort (with the transaction rolled back, the target is as it was).
    """

    format = "postgresql"

    @property
    def parts(self) -> bool:
        """Whether the sink takes parts written elsewhere (``pipeline.generate`` asks the Dask executor for them)."""
        return self.copy_mode == "csv"

    def __init__(self, url: sa.URL, *, if_exists: str = "fail", copy_mode: str = "csv") -> None:
        super().__init__(url.render_as_string(hide_password=True))
        self.url = url
        self.if_exists = if_exists
        self.copy_mode = copy_mode
        self._engine: sa.Engine | None = None
        self._conn: sa.Connection | None = None
        self._trans: Any = None
        self._fks: list[tuple[str, sa.ForeignKeyConstraint]] = []
        self._keys: list[tuple[str, str, str]] = []  # (table, what, DDL) built after the load
        self._copy_sql: dict[str, str] = {}
        self._writer: _CopyWriter | None = None
        self._stage: str | None = None  # staging schema when replacing existing tables
        self._home: str | None = None  # the schema the tables end up in
        self._replaced: list[str] = []
        self._parts_schema: str | None = None  # where the workers' parts wait (committed, outside the transaction)
        self._part_tables: set[str] = set()  # tables whose parts the workers write
        self._next_part: dict[str, int] = {}
        self._reader: sa.Connection | None = None  # reads (and drops) the parts, outside the transaction

    def _unsupported(self, dtype: pl.DataType) -> str | None:
        return _unsupported_for("postgresql")(dtype)

    def _autocommit(self, sql: list[str]) -> None:
        """Statements on a connection of their own, each committed at once (what the workers must see)."""
        assert self._engine is not None
        with self._engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            for stmt in sql:
                conn.exec_driver_sql(stmt)

    def part_writer(self, table: str) -> Callable[[int, pl.DataFrame], int]:
        """A picklable ``(index, batch) -> rows`` that ``COPY``s ``table``'s chunk ``index`` into an UNLOGGED table
        of its own in this run's parts schema (committed on the worker's own connection), loaded by :meth:`adopt`."""
        import functools

        self._require_open("part_writer")
        schema = self._tables.get(table)
        if schema is None:
            raise self._error("not a table given to open()", table=table)
        q = lambda n: quote(n, "postgresql")  # noqa: E731
        if self._parts_schema is None:
            name = f"_simulacra_parts_{os.getpid()}_{os.urandom(4).hex()}"
            try:
                self._autocommit([f"CREATE SCHEMA {q(name)}"])
            except sa.exc.DBAPIError as e:
                raise self._error(f"cannot create the schema for the workers' parts ({_first_line(e.orig)})") from None
            self._parts_schema = name
        self._part_tables.add(table)
        return functools.partial(write_pg_part, self.url, self._parts_schema, self._part_prefix(table), schema)

    def adopt(self, table: str, index: int, rows: int) -> None:
        """Move part ``index`` of ``table`` (written by :meth:`part_writer` on a worker) into the target table, in
        order, inside the open transaction."""
        self._require_open("adopt")
        if table not in self._part_tables:
            raise self._error("not a table given to part_writer()", table=table)
        if index != self._next_part.get(table, 0):
            self._fail()
            raise self._error(f"part {index} came out of order; nothing was written", table=table)
        if rows:
            try:
                self._finish_load()  # the client's own COPY of an earlier table, on the same connection
                loaded = self._relay(table, index)
            except SinkError:
                self._fail()
                raise
            except Exception as e:  # psycopg's errors carry the server's message; values are not echoed by us
                self._fail()
                missing = "does not exist" in _first_line(e)
                why = "was not written" if missing else f"was refused: {_first_line(e)}"
                raise self._error(f"part {index} {why}; nothing was written", table=table) from None
            if loaded != rows:
                self._fail()
                raise self._error(
                    f"part {index} holds {loaded} rows, not the {rows} written; nothing was written", table=table
                )
        self._next_part[table] = index + 1
        self._rows[table] += rows

    def _relay(self, table: str, index: int) -> int:
        """Part ``index`` of ``table`` copied into the target table in the transaction, then dropped; the rows."""
        assert self._conn is not None and self._engine is not None and self._parts_schema is not None
        q = lambda n: quote(n, "postgresql")  # noqa: E731
        if self._reader is None:
            self._reader = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        src, dst = self._reader.connection.driver_connection, self._conn.connection.driver_connection
        assert src is not None and dst is not None
        part = f"{q(self._parts_schema)}.{q(f'{self._part_prefix(table)}{index:05d}')}"
        with src.cursor(binary=True) as rc, dst.cursor() as wc:
            rc.execute(f"SELECT data FROM {part} ORDER BY seq")
            with wc.copy(self._copy_sql[table]) as into:  # the COPY one process runs, fed the bytes it would send
                for (data,) in rc:
                    into.write(data)
            loaded = int(wc.rowcount)
        self._reader.exec_driver_sql(f"DROP TABLE {part}")
        return loaded

    def _part_prefix(self, table: str) -> str:
        return f"p{list(self._tables).index(table)}_"  # (a table's name may not fit in a part's)

    def _drop_parts(self) -> None:
        """Drop the workers' parts and their schema (a few hundred tables per transaction: each holds a lock)."""
        stage, self._parts_schema = self._parts_schema, None
        if stage is None or self._engine is None:
            return
        q = lambda n: quote(n, "postgresql")  # noqa: E731
        with self._engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            names = [
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT tablename FROM pg_tables WHERE schemaname = %(s)s ORDER BY tablename", {"s": stage}
                )
            ]
            for a in range(0, len(names), 200):
                conn.exec_driver_sql(
                    "DROP TABLE IF EXISTS " + ", ".join(f"{q(stage)}.{q(n)}" for n in names[a : a + 200])
                )
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {q(stage)} CASCADE")  # (a part a late task wrote)

    def _open(self, tables: list[TableSchema]) -> None:
        from sqlalchemy.pool import NullPool

        try:
            self._engine = sa.create_engine(self.url, poolclass=NullPool)
            self._conn = conn = self._engine.connect()
        except sa.exc.SQLAlchemyError as e:
            orig = getattr(e, "orig", None) or e
            raise self._error(f"cannot connect ({type(orig).__name__}: {_first_line(orig)})") from None
        self._trans = conn.begin()
        insp = sa.inspect(conn)
        existing = set(insp.get_table_names())
        clash = [t.name for t in tables if t.name in existing]
        has_manifest = MANIFEST_TABLE in existing
        if self.if_exists != "replace":
            if clash:
                raise SinkError(
                    f"{self.display}: the table already exists; pass if_exists='replace' to drop and rewrite it",
                    location=Location(table=clash[0]),
                )
            if has_manifest:
                raise SinkError(
                    f"{self.display}: the database already holds a simulacra output ({MANIFEST_TABLE});"
                    " pass if_exists='replace' or write to another database"
                )
        q = lambda n: quote(n, "postgresql")  # noqa: E731
        self._replaced = [t.name for t in tables if t.name in existing]
        if self._replaced:  # load beside the old tables, in a schema only this transaction sees
            self._home = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
            self._stage = f"_simulacra_stage_{os.getpid()}_{os.urandom(4).hex()}"
            conn.exec_driver_sql(f"CREATE SCHEMA {q(self._stage)}")
            conn.exec_driver_sql(f"SET LOCAL search_path TO {q(self._stage)}")
        # keys are built after the load (in the staging schema when replacing); key columns stay NOT NULL
        bare = [
            dataclasses.replace(
                t,
                primary_key=(),
                unique=(),
                columns=tuple(
                    dataclasses.replace(c, nullable=c.nullable and c.name not in t.primary_key) for c in t.columns
                ),
            )
            for t in tables
        ]
        _, sa_tables, fks = build_tables(bare, "postgresql")
        for t in tables:
            cols_of = lambda names: ", ".join(q(n) for n in names)  # noqa: E731
            if t.primary_key:
                self._keys.append(
                    (
                        t.name,
                        f"primary key ({', '.join(t.primary_key)})",
                        f"ALTER TABLE {q(t.name)} ADD PRIMARY KEY ({cols_of(t.primary_key)})",
                    )
                )
            for u in t.unique:
                self._keys.append(
                    (t.name, f"unique ({', '.join(u)})", f"ALTER TABLE {q(t.name)} ADD UNIQUE ({cols_of(u)})")
                )
        for t in tables:
            conn.execute(CreateTable(sa_tables[t.name], include_foreign_key_constraints=[]))
            self._fks += [(t.name, c) for c in fks[t.name]]
            cols = ", ".join(q(c.name) for c in t.columns)
            opts = " (FORMAT csv)" if self.copy_mode == "csv" else ""
            self._copy_sql[t.name] = f"COPY {q(t.name)} ({cols}) FROM STDIN{opts}"
        if self._stage is None:
            conn.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {q(MANIFEST_TABLE)} (key TEXT PRIMARY KEY, value TEXT)")

    def _swap_in(self, conn: sa.Connection) -> None:
        """The short final step of a replacement: drop the old tables, move the new ones into their schema."""
        if self._stage is None or self._home is None:
            return
        q = lambda n: quote(n, "postgresql")  # noqa: E731
        conn.exec_driver_sql(f"SET LOCAL search_path TO {q(self._home)}")
        for name in reversed(self._replaced):
            try:
                with conn.begin_nested():
                    conn.exec_driver_sql(f"DROP TABLE {q(self._home)}.{q(name)}")
            except sa.exc.DBAPIError as e:
                raise SinkError(
                    f"{self.display}: cannot drop the existing table ({_first_line(e.orig)})",
                    location=Location(table=name),
                ) from None
        for name in self._tables:
            conn.exec_driver_sql(f"ALTER TABLE {q(self._stage)}.{q(name)} SET SCHEMA {q(self._home)}")
        conn.exec_driver_sql(f"DROP SCHEMA {q(self._stage)}")
        conn.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {q(MANIFEST_TABLE)} (key TEXT PRIMARY KEY, value TEXT)")

    def _write(self, table: TableSchema, batch: pl.DataFrame) -> None:
        assert self._conn is not None
        if self.copy_mode != "csv":
            self._write_rows(table, batch)
            return
        if self._writer is None:
            self._writer = _CopyWriter(self._conn.connection.driver_connection, self._copy_sql)
        self._raise_writer_error()
        buf = io.BytesIO()
        _pg_csv_ready(batch).write_csv(buf, include_header=False)
        self._writer.put(table.name, buf.getvalue())
        self._raise_writer_error()

    def _write_rows(self, table: TableSchema, batch: pl.DataFrame) -> None:
        """Row by row through psycopg's COPY adapter (``copy_mode='rows'``): the slow reference path."""
        assert self._conn is not None
        raw = self._conn.connection.driver_connection
        assert raw is not None
        try:
            with raw.cursor() as cur, cur.copy(self._copy_sql[table.name]) as copy:
                ready = batch.with_columns(
                    pl.col(n).cast(pl.String)
                    for n, d in batch.schema.items()
                    if isinstance(d, (pl.Categorical, pl.Enum))
                )
                for row in ready.iter_rows():
                    copy.write_row(row)
        except Exception as e:  # psycopg errors carry the server's message; values are not echoed by us
            raise self._error(
                f"the database refused the data: {_first_line(e)}; nothing was written", table=table.name
            ) from None

    def _raise_writer_error(self) -> None:
        w = self._writer
        if w is not None and w.error is not None:
            e, name = w.error, w.failed_table
            self._writer = None
            raise self._error(
                f"the database refused the data: {_first_line(e)}; nothing was written", table=name
            ) from None

    def _finish_load(self) -> None:
        if self._writer is not None:
            self._writer.finish()
            self._raise_writer_error()
            self._writer = None

    def _commit(self, manifest_json: str) -> None:
        conn = self._conn
        assert conn is not None
        self._finish_load()
        for table, what, stmt in self._keys:
            try:
                with conn.begin_nested():
                    conn.exec_driver_sql(stmt)
            except sa.exc.DBAPIError as e:
                raise SinkError(
                    f"{self.display}: {what} does not hold: {_first_line(e.orig)}; nothing was written",
                    location=Location(table=table),
                ) from None
        for table, c in self._fks:
            try:
                with conn.begin_nested():
                    conn.execute(AddConstraint(c))
            except sa.exc.DBAPIError as e:
                raise SinkError(
                    f"{self.display}: foreign key ({', '.join(c.column_keys)}) does not hold:"
                    f" {_first_line(e.orig)}; nothing was written",
                    location=Location(table=table),
                ) from None
        self._swap_in(conn)
        mt = quote(MANIFEST_TABLE, "postgresql")
        conn.execute(sa.text(f"DELETE FROM {mt} WHERE key = :k"), {"k": MANIFEST_KEY})
        conn.execute(sa.text(f"INSERT INTO {mt} (key, value) VALUES (:k, :v)"), {"k": MANIFEST_KEY, "v": manifest_json})
        self._trans.commit()
        with contextlib.suppress(Exception):  # committed: a part left here would be garbage, not data
            self._drop_parts()
        self._dispose()

    def _dispose(self) -> None:
        if self._reader is not None:
            with contextlib.suppress(Exception):
                self._reader.close()
            self._reader = None
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def _abort(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(BaseException):
                self._writer.finish()
            self._writer = None
        if self._trans is not None and self._conn is not None:
            with contextlib.suppress(Exception):
                self._trans.rollback()
        if self._conn is not None:  # the transaction's locks on the parts go with its connection
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None
        with contextlib.suppress(Exception):
            self._drop_parts()
        self._dispose()


def write_pg_part(url: sa.URL, stage: str, prefix: str, table: TableSchema, index: int, batch: pl.DataFrame) -> int:
    """On a Dask worker: ``batch`` (conformed to ``table``) encoded as ``PostgresSink`` encodes what it ``COPY``s,
    stored in the UNLOGGED table ``stage.<prefix><index>`` (pieces of whole rows, ``seq, data bytea``), created (or
    re-created: a rerun of the chunk) and committed in one transaction of its own, so a part is whole or absent;
    the rows written."""
    from sqlalchemy.pool import NullPool

    from ._schema import conform_batch

    batch = conform_batch(table, batch)
    if batch.height == 0:
        return 0
    q = lambda n: quote(n, "postgresql")  # noqa: E731
    part = f"{q(stage)}.{q(f'{prefix}{index:05d}')}"
    ready = _pg_csv_ready(batch)
    # pieces of about 64 MB of CSV, whole rows each: far below a bytea value's 1 GB
    step = max(1, (64 << 20) * batch.height // max(1, int(ready.estimated_size())))
    pieces = []
    for a in range(0, batch.height, step):
        buf = io.BytesIO()
        ready.slice(a, step).write_csv(buf, include_header=False)
        pieces.append(buf.getvalue())
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        try:
            conn = engine.connect()
        except sa.exc.OperationalError as e:
            raise SinkError(
                f"{url.render_as_string(hide_password=True)}: a Dask worker cannot reach the database"
                f" ({_first_line(e.orig)}); on Dask the workers COPY their chunks to the server themselves",
                location=Location(table=table.name),
            ) from None
        with conn, conn.begin():
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {part}")
            conn.exec_driver_sql(f"CREATE UNLOGGED TABLE {part} (seq integer NOT NULL, data bytea NOT NULL)")
            # kept out of line uncompressed: compressing on the worker's backend and expanding on the client's
            # reader would be the server's CPU spent twice on bytes read once
            conn.exec_driver_sql(f"ALTER TABLE {part} ALTER COLUMN data SET STORAGE EXTERNAL")
            raw = conn.connection.driver_connection
            assert raw is not None
            with raw.cursor() as cur:
                cur.executemany(f"INSERT INTO {part} (seq, data) VALUES (%s, %b)", list(enumerate(pieces)))
    finally:
        engine.dispose()
    return batch.height
