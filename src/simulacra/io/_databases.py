"""Databases, read: SQLite and DuckDB files (opened read-only), and any SQLAlchemy URL.

The one place simulacra opens a database to read it. ``read_database`` returns every table as
a polars frame typed from its values, with the primary and foreign keys, the NOT NULL columns, the UNIQUE
constraints and unique indexes (partial ones apart), the CHECK constraints and the checks of PostgreSQL DOMAINs the
database declares (SQLAlchemy reflection; DuckDB's ``duckdb_constraints()`` and ``duckdb_indexes()``);
``sources.read_source`` builds on it.
Columns of a type polars cannot hold as a plain value (BLOBs, arrays, JSON documents,
geometry...) are left out of the frames, with a note naming them: the database is still read.
``read_dataset`` (our own outputs) shares the connections and the table selection below.
"""

from __future__ import annotations

import datetime as dt
import decimal
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import polars as pl
import sqlalchemy as sa

from simulacra._limits import check_memory
from simulacra.errors import Location, SourceError, did_you_mean

from ._base import MANIFEST_TABLE
from ._db_checks import domain_check, plain_check

__all__ = [
    "DatabaseTables",
    "Declared",
    "DeclaredForeignKey",
    "duckdb_readonly",
    "fetched_series",
    "first_line",
    "read_database",
    "select_tables",
    "sqlite_readonly",
]

#: tables simulacra itself writes into outputs; never part of a dataset
INTERNAL_TABLES = frozenset({MANIFEST_TABLE})

Tick = Callable[[str], None]


class DeclaredForeignKey(NamedTuple):
    """A single-column foreign key the database declares: ``table.column -> ref_table.ref_column``."""

    table: str
    column: str
    ref_table: str
    ref_column: str


@dataclass
class DatabaseTables:
    """What ``read_database`` read: where (password masked), the kind of database (sqlite, duckdb,
    postgresql, sqlalchemy), frames by table, declared keys, and notes on what was left out.

    ``unique``: per table, the column sets a UNIQUE constraint or a unique index declares (the primary key
    not repeated); ``checks``: per table, each CHECK as (its name, None where the database keeps none; its
    text in plain SQL, see ``plain_check``; a PostgreSQL DOMAIN's checks are read as checks on each column of
    that type); ``not_null``: per table, the columns declared NOT NULL (directly or through a domain), the
    primary key's left out; ``partial_unique``: per table, each partial unique index as (its name, its columns,
    its WHERE as the database gives it)."""

    location: str
    kind: str
    frames: dict[str, pl.DataFrame]
    primary_keys: dict[str, list[str]]
    foreign_keys: list[DeclaredForeignKey]
    notes: list[str] = field(default_factory=list)
    unique: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    checks: dict[str, list[tuple[str | None, str]]] = field(default_factory=dict)
    not_null: dict[str, list[str]] = field(default_factory=dict)
    partial_unique: dict[str, list[tuple[str, tuple[str, ...], str]]] = field(default_factory=dict)


class Declared(NamedTuple):
    """The uniques, checks and NOT NULL columns a reader collects, per table (see ``DatabaseTables``)."""

    unique: dict[str, list[tuple[str, ...]]]
    checks: dict[str, list[tuple[str | None, str]]]
    not_null: dict[str, list[str]]
    partial_unique: dict[str, list[tuple[str, tuple[str, ...], str]]]

    def add_not_null(self, table: str, column: str, pk: Sequence[str]) -> None:
        if column not in pk and column not in self.not_null.setdefault(table, []):
            self.not_null[table].append(column)

    def add_unique(self, table: str, columns: Sequence[str], pk: Sequence[str]) -> None:
        cols = tuple(columns)
        if cols and set(cols) != set(pk) and cols not in self.unique.setdefault(table, []):
            self.unique[table].append(cols)

    def add_check(self, table: str, name: str | None, text: str) -> None:
        plain = plain_check(text)
        if plain and all(plain != c for _, c in self.checks.get(table, [])):
            self.checks.setdefault(table, []).append((name or None, plain))


def first_line(e: BaseException | None) -> str:
    """The first line of an error's message (the type's name where the message is empty), to quote in another error."""
    lines = str(e).strip().splitlines()
    return lines[0] if lines else type(e).__name__


def sqlite_readonly(path: Path) -> sqlite3.Connection:
    """A SQLite connection opened with ``mode=ro``: nothing can be written through it."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        con.execute("SELECT 1 FROM sqlite_master LIMIT 1")
        return con
    except sqlite3.DatabaseError as e:
        raise SourceError(f"{path}: cannot be read as a SQLite database ({first_line(e)})") from None


def duckdb_readonly(path: Path) -> Any:
    """A DuckDB connection opened with ``read_only=True``."""
    import duckdb

    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as e:
        raise SourceError(f"{path}: cannot be read as a DuckDB database ({first_line(e)})") from None


def select_tables(available: list[str], wanted: Sequence[str] | None, where: str) -> list[str]:
    """``wanted`` (in that order, once each), or every available table; an unknown name is an error naming it."""
    if wanted is None:
        return available
    missing = [t for t in wanted if t not in available]
    if missing:
        name = missing[0]
        raise SourceError(
            f"{where}: no table '{name}'{did_you_mean(name, available)}; it has {', '.join(available) or 'no tables'}",
            location=Location(table=name),
        )
    return list(dict.fromkeys(wanted))


def read_database(
    source: str | Path,
    *,
    kind: str | None = None,
    tables: Sequence[str] | None = None,
    on_table: Tick | None = None,
) -> DatabaseTables:
    """Read a database as it is, without modifying it.

    SOURCE is a SQLite or DuckDB file (by suffix, ``DATABASE_SUFFIXES``, or ``kind='sqlite'|'duckdb'``;
    opened read-only) or a database URL (``sqlite:///…``, ``duckdb:///…``, ``postgresql://…``, any
    installed SQLAlchemy dialect; read in read-only transactions where the dialect allows; ``?schema=``
    picks a schema). ``tables`` keeps only those (in that order); ``on_table`` is called with each
    table's name before it is read (progress). Frames are typed from their values; the keys are the
    ones the database declares.
    """
    from ._target import DB_SUFFIXES, is_url, mask, url_target

    tick: Tick = on_table or (lambda table: None)
    notes: list[str] = []
    text = str(source)
    url: sa.URL | None = None
    path: Path | None = None
    if is_url(text):
        try:
            target = url_target(text)
        except ValueError as e:
            raise SourceError(str(e)) from None
        kind, path, url, display = target.kind, target.path, target.url, target.display
        if path is not None:
            display = mask(text)
    else:
        path = Path(text).expanduser()
        kind = kind or DB_SUFFIXES.get(path.suffix.lower())
        display = str(path)
        if kind not in ("sqlite", "duckdb"):
            raise SourceError(f"{path}: not a database file; expected a {'/'.join(DB_SUFFIXES)} file or a database URL")
    declared = Declared({}, {}, {}, {})
    if path is not None:
        check_memory([path])  # refuse before reading what cannot fit, with the size and a way out
        reader = read_sqlite if kind == "sqlite" else read_duckdb
        frames, pks, fks = reader(path, tables, tick, notes, declared)
    else:
        assert url is not None
        frames, pks, fks = read_sqlalchemy(url, display, tables, tick, notes, declared)
    unique = {t: u for t, u in declared.unique.items() if u and t in frames}
    checks = {t: c for t, c in declared.checks.items() if c and t in frames}
    not_null = {t: [c for c in cs if c in frames[t].columns] for t, cs in declared.not_null.items() if t in frames}
    not_null = {t: cs for t, cs in not_null.items() if cs}
    partial = {t: p for t, p in declared.partial_unique.items() if p and t in frames}
    return DatabaseTables(display, str(kind), frames, pks, fks, notes, unique, checks, not_null, partial)


_PLAIN = (bool, int, float, str, dt.date, dt.datetime, dt.time, dt.timedelta, decimal.Decimal, uuid.UUID)


def fetched_series(name: str, values: list[Any], declared: str) -> tuple[pl.Series | None, str | None]:
    """A polars Series for one column of fetched values, or (None, why) for unsupported types."""
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return pl.Series(name, values, dtype=_empty_dtype(declared)), None
    if any(k in (bytes, bytearray, memoryview) for k in kinds):
        return None, f"binary ({declared or 'BLOB'})"
    if any(not issubclass(k, _PLAIN) for k in kinds):
        odd = sorted(k.__name__ for k in kinds if not issubclass(k, _PLAIN))
        return None, f"{declared or 'value'} holding {', '.join(odd)}"
    if any(issubclass(k, uuid.UUID) for k in kinds):
        values = [None if v is None else str(v) for v in values]
    elif any(issubclass(k, decimal.Decimal) for k in kinds) or kinds == {int, float}:
        # decimals, and a dynamically typed (SQLite) column holding integers beside floats, are numbers:
        # read from its values, not from the type of the first one (which would make the column text)
        values = [None if v is None else float(v) for v in values]
    try:
        return pl.Series(name, values, strict=True), None
    except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):
        # dynamically typed (SQLite) columns holding mixed types come back as text
        return pl.Series(name, [None if v is None else str(v) for v in values], dtype=pl.String), None


def _frame(
    table: str, names: list[str], declared: list[str], rows: list[tuple[Any, ...]], notes: list[str]
) -> pl.DataFrame:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    out = []
    for name, decl, values in zip(names, declared, columns, strict=True):
        if not rows:
            out.append(pl.Series(name, [], dtype=_empty_dtype(decl)))
            continue
        s, why = fetched_series(name, list(values), decl)
        if s is None:
            notes.append(f"table '{table}', column '{name}': left out, unsupported type {why}")
            continue
        out.append(s)
    return pl.DataFrame(out) if out else pl.DataFrame()


def _empty_dtype(declared: str) -> pl.DataType:
    up = (declared or "").upper()
    if "INT" in up:
        return pl.Int64()
    if any(k in up for k in ("REAL", "FLOA", "DOUB", "NUMERIC", "DECIMAL")):
        return pl.Float64()
    if "TIMESTAMP" in up or "DATETIME" in up:
        return pl.Datetime()
    if "DATE" in up:
        return pl.Date()
    if "BOOL" in up:
        return pl.Boolean()
    return pl.String()


# --------------------------------------------------------------------------- reflection


def _reflect(
    insp: Any, table: str, schema: str | None, notes: list[str], declared: Declared | None = None
) -> tuple[list[str], list[DeclaredForeignKey]]:
    pk = insp.get_pk_constraint(table, schema=schema) or {}
    keys = list(pk.get("constrained_columns") or [])
    fks = []
    for fk in insp.get_foreign_keys(table, schema=schema) or []:
        cols, refs = list(fk.get("constrained_columns") or []), list(fk.get("referred_columns") or [])
        ref_table = fk.get("referred_table")
        if not ref_table or not cols:
            continue
        if len(cols) != 1:
            notes.append(
                f"table '{table}': composite foreign key ({', '.join(cols)}) -> {ref_table} not represented "
                "(single-column keys only)"
            )
            continue
        if not refs:  # SQLite allows REFERENCES parent with the parent's primary key implied
            ref_pk = (insp.get_pk_constraint(ref_table, schema=fk.get("referred_schema") or schema) or {}).get(
                "constrained_columns"
            ) or []
            refs = list(ref_pk[:1])
        if refs:
            fks.append(DeclaredForeignKey(table, cols[0], ref_table, refs[0]))
    if declared is not None:
        _reflect_declared(insp, table, schema, keys, notes, declared)
    return keys, fks


def _reflect_declared(
    insp: Any, table: str, schema: str | None, pk: list[str], notes: list[str], declared: Declared
) -> None:
    """NOT NULL columns, UNIQUE constraints, unique indexes (whole ones on plain columns), CHECK constraints and
    the checks of the PostgreSQL DOMAINs its columns are of, for one table."""
    try:
        columns = insp.get_columns(table, schema=schema) or []
    except NotImplementedError:
        columns = []
        notes.append(f"table '{table}': its NOT NULL columns are not read (the dialect does not give them)")
    for col in columns:
        if col.get("nullable") is False and col.get("name"):
            declared.add_not_null(table, col["name"], pk)
    nullable = {c["name"] for c in columns if c.get("name") and c.get("nullable") is not False} - set(pk)

    def unique(cols: list[str], what: str, options: dict[str, Any]) -> None:
        declared.add_unique(table, cols, pk)
        free = [c for c in cols if c in nullable]
        if options.get("postgresql_nulls_not_distinct") and free:
            notes.append(
                f"table '{table}': {what} ({', '.join(cols)}) is NULLS NOT DISTINCT, kept as a plain unique: the "
                f"spec's unique lets rows with a null in {', '.join(free)} repeat (NULLS DISTINCT), so a sample may "
                "hold two rows the database would refuse"
            )

    try:
        for u in insp.get_unique_constraints(table, schema=schema) or []:
            cols = [c for c in u.get("column_names") or [] if c]
            unique(cols, f"UNIQUE '{u.get('name')}'", u.get("dialect_options") or {})
    except NotImplementedError:
        notes.append(f"table '{table}': its UNIQUE constraints are not read (the dialect does not give them)")
    try:
        for ix in insp.get_indexes(table, schema=schema) or []:
            if not ix.get("unique") or ix.get("duplicates_constraint"):
                continue
            cols, options = list(ix.get("column_names") or []), ix.get("dialect_options") or {}
            where = next((v for k, v in options.items() if k.endswith("_where") and v is not None), None)
            if cols and all(c is not None for c in cols) and where is not None:
                declared.partial_unique.setdefault(table, []).append((str(ix.get("name")), tuple(cols), str(where)))
                continue
            if not cols or any(c is None for c in cols):
                notes.append(
                    f"table '{table}': unique index '{ix.get('name')}' on an expression left out (uniqueness over "
                    "plain columns only)"
                )
                continue
            unique(cols, f"unique index '{ix.get('name')}'", options)
    except NotImplementedError:
        notes.append(f"table '{table}': its unique indexes are not read (the dialect does not give them)")
    try:
        for ck in insp.get_check_constraints(table, schema=schema) or []:
            text = str(ck.get("sqltext") or "").strip()
            if text:
                declared.add_check(table, ck.get("name"), text)
    except NotImplementedError:
        notes.append(f"table '{table}': its CHECK constraints are not read (the dialect does not give them)")
    _domain_checks(insp, table, columns, declared)


def _domain_checks(insp: Any, table: str, columns: list[dict[str, Any]], declared: Declared) -> None:
    """The CHECKs of the PostgreSQL DOMAINs the table's columns are of, each as a check on the column (``VALUE``
    named as it); a domain's NOT NULL comes with the column's own (the dialect folds it into ``nullable``)."""
    typed = [(c["name"], c["type"]) for c in columns if type(c.get("type")).__name__ == "DOMAIN" and c.get("name")]
    if not typed or not hasattr(insp, "get_domains"):
        return
    domains: dict[tuple[str | None, str], dict[str, Any]] = {}
    for d in insp.get_domains(schema="*") or []:
        domains[(d.get("schema"), d["name"])] = d
        if d.get("visible"):
            domains[(None, d["name"])] = d
    for column, kind in typed:
        found = domains.get((getattr(kind, "schema", None), kind.name))
        for con in (found or {}).get("constraints") or []:
            text = str(con.get("check") or "").strip()
            if text:
                declared.add_check(table, f"{con.get('name')} (domain {kind.name})", domain_check(text, column))


# --------------------------------------------------------------------------- SQLite


def _sqlite_connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise SourceError(f"{path}: no such SQLite file")
    return sqlite_readonly(path)


def read_sqlite(
    path: Path, wanted: Sequence[str] | None, tick: Tick, notes: list[str], declared: Declared | None = None
) -> tuple[dict[str, pl.DataFrame], dict[str, list[str]], list[DeclaredForeignKey]]:
    """Tables of a SQLite file opened read-only (``mode=ro``): nothing can be written to it."""
    engine = sa.create_engine("sqlite://", creator=lambda: _sqlite_connect(path), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            insp = sa.inspect(conn)
            available = [t for t in insp.get_table_names() if t not in INTERNAL_TABLES and not t.startswith("sqlite_")]
            names = select_tables(available, wanted, str(path))
            raw = conn.connection.driver_connection
            assert raw is not None
            frames, pks, fks = {}, {}, []
            for t in names:
                tick(t)
                q = '"' + t.replace('"', '""') + '"'
                info = raw.execute(f"PRAGMA table_info({q})").fetchall()
                rows = raw.execute(f"SELECT * FROM {q}").fetchall()
                frames[t] = _frame(t, [i[1] for i in info], [i[2] or "" for i in info], rows, notes)
                pks[t], table_fks = _reflect(insp, t, None, notes, declared)
                fks += table_fks
            return frames, {t: k for t, k in pks.items() if k}, fks
    except SourceError:
        raise
    except (sa.exc.SQLAlchemyError, sqlite3.Error) as e:
        raise SourceError(f"{path}: cannot be read as a SQLite database ({first_line(e)})") from None
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- DuckDB


def read_duckdb(
    path: Path, wanted: Sequence[str] | None, tick: Tick, notes: list[str], declared: Declared | None = None
) -> tuple[dict[str, pl.DataFrame], dict[str, list[str]], list[DeclaredForeignKey]]:
    """Tables of a DuckDB file opened with ``read_only=True`` (the duckdb API; no SQLAlchemy dialect needed)."""
    import duckdb

    if not path.is_file():
        raise SourceError(f"{path}: no such DuckDB file")
    con = duckdb_readonly(path)
    try:
        available = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "AND table_type = 'BASE TABLE' ORDER BY table_name"
            ).fetchall()
            if r[0] not in INTERNAL_TABLES
        ]
        names = select_tables(available, wanted, str(path))
        frames = {}
        for t in names:
            tick(t)
            q = '"' + t.replace('"', '""') + '"'
            cols = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = ? ORDER BY ordinal_position",
                [t],
            ).fetchall()
            keep, dropped = [], []
            for c, dtype in cols:
                up = str(dtype).upper()
                if (
                    up in ("BLOB", "BYTEA", "BIT")
                    or up.endswith("[]")
                    or up.startswith(("STRUCT", "MAP", "UNION", "LIST"))
                    or up == "JSON"
                ):
                    dropped.append((c, dtype))
                else:
                    keep.append(c)
            for c, dtype in dropped:
                notes.append(f"table '{t}', column '{c}': left out, unsupported type {dtype}")
            sel = ", ".join('"' + c.replace('"', '""') + '"' for c in keep) or "1 AS _none"
            arrow = con.sql(f"SELECT {sel} FROM {q}").to_arrow_table()
            frame = pl.from_arrow(arrow)
            assert isinstance(frame, pl.DataFrame)
            frames[t] = frame if keep else pl.DataFrame()
            frames[t] = frames[t].with_columns(
                [pl.col(c).cast(pl.Float64) for c, d in frames[t].schema.items() if isinstance(d, pl.Decimal)]
            )
        pks: dict[str, list[str]] = {}
        fks: list[DeclaredForeignKey] = []
        uniques, checks, not_null = [], [], []
        for table, ctype, columns, ref_table, ref_columns, name, expression in con.execute(
            "SELECT table_name, constraint_type, constraint_column_names, referenced_table, referenced_column_names, "
            "constraint_name, expression FROM duckdb_constraints() WHERE schema_name = current_schema() AND "
            "constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY', 'UNIQUE', 'CHECK', 'NOT NULL') "
            "ORDER BY table_name, constraint_index"
        ).fetchall():
            if table not in frames:
                continue
            if ctype == "UNIQUE":
                uniques.append((table, list(columns)))
            elif ctype == "CHECK":
                checks.append((table, name, str(expression or "")))
            elif ctype == "NOT NULL":
                not_null += [(table, c) for c in columns]
            elif ctype == "PRIMARY KEY":
                pks[table] = list(columns)
            elif len(columns) == 1 and ref_columns:
                fks.append(DeclaredForeignKey(table, columns[0], ref_table, ref_columns[0]))
            else:
                notes.append(
                    f"table '{table}': composite foreign key ({', '.join(columns)}) -> {ref_table} not represented"
                )
        if declared is not None:
            _duckdb_declared(con, frames, pks, uniques, checks, notes, declared)
            for table, column in not_null:
                declared.add_not_null(table, column, pks.get(table, []))
        return frames, pks, fks
    except SourceError:
        raise
    except duckdb.Error as e:
        raise SourceError(f"{path}: cannot be read as a DuckDB database ({first_line(e)})") from None
    finally:
        con.close()


def _duckdb_declared(
    con: Any,
    frames: dict[str, pl.DataFrame],
    pks: dict[str, list[str]],
    uniques: list[tuple[str, list[str]]],
    checks: list[tuple[str, str | None, str]],
    notes: list[str],
    declared: Declared,
) -> None:
    """DuckDB's UNIQUE constraints and CHECKs (``duckdb_constraints()``; it keeps no name written, it makes one
    of the table and columns) and its unique indexes (``duckdb_indexes()``, over plain columns only)."""
    for table, columns in uniques:
        declared.add_unique(table, columns, pks.get(table, []))
    for table, name, text in checks:
        if text:
            declared.add_check(table, name, text)
    for table, name, expressions in con.execute(
        "SELECT table_name, index_name, expressions FROM duckdb_indexes() WHERE schema_name = current_schema() "
        "AND is_unique ORDER BY table_name, index_name"
    ).fetchall():
        if table not in frames:
            continue
        items = [e.strip() for e in str(expressions or "").strip("[]").split(",")]
        cols = [e[1:-1].replace('""', '"') if e.startswith('"') and e.endswith('"') else e for e in items]
        if not cols or any(c not in frames[table].columns for c in cols):
            notes.append(f"table '{table}': unique index '{name}' on {expressions} left out (plain columns only)")
            continue
        declared.add_unique(table, cols, pks.get(table, []))


# --------------------------------------------------------------------------- any SQLAlchemy URL


def read_sqlalchemy(
    url: sa.URL,
    display: str,
    wanted: Sequence[str] | None,
    tick: Tick,
    notes: list[str],
    declared: Declared | None = None,
) -> tuple[dict[str, pl.DataFrame], dict[str, list[str]], list[DeclaredForeignKey]]:
    """Tables of a database behind a SQLAlchemy URL, read in read-only transactions where the dialect allows.

    ``?schema=NAME`` in the URL picks a schema (it is taken out before connecting).
    """
    raw_schema = url.query.get("schema")
    schema = raw_schema if isinstance(raw_schema, str) else None
    url = url.difference_update_query(["schema"])
    try:
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    except Exception as e:  # noqa: BLE001 - e.g. a dialect or driver that is not installed
        raise SourceError(f"{display}: cannot be opened ({type(e).__name__}: {first_line(e)})") from None
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                conn = conn.execution_options(postgresql_readonly=True)
            insp = sa.inspect(conn)
            available = [t for t in insp.get_table_names(schema=schema) if t not in INTERNAL_TABLES]
            names = select_tables(available, wanted, display)
            prep = conn.dialect.identifier_preparer
            frames, pks, fks = {}, {}, []
            for t in names:
                tick(t)
                cols = insp.get_columns(t, schema=schema)
                qualified = (prep.quote_schema(schema) + "." if schema else "") + prep.quote(t)
                result = conn.execute(sa.text(f"SELECT * FROM {qualified}"))
                rows = [tuple(r) for r in result.fetchall()]
                frames[t] = _frame(t, list(result.keys()), [str(c["type"]) for c in cols], rows, notes)
                pks[t], table_fks = _reflect(insp, t, schema, notes, declared)
                fks += table_fks
            return frames, {t: k for t, k in pks.items() if k}, fks
    except SourceError:
        raise
    except sa.exc.OperationalError as e:
        raise SourceError(f"{display}: cannot connect ({type(e.orig).__name__}: {first_line(e.orig)})") from None
    except sa.exc.SQLAlchemyError as e:
        raise SourceError(f"{display}: cannot be read ({type(e).__name__}: {first_line(e)})") from None
    finally:
        engine.dispose()
