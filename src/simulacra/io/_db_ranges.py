"""A database table read range by range where tasks run, typed as ``read_database`` types it whole.

SQLite and DuckDB files only (every worker opens the file read-only, as ``read_database`` does). A table is cut by its
``rowid``: the client asks for the rowid at every ``rows``-th position (``table_ranges``) and each task reads the rows
with ``lo <= rowid < hi`` in rowid order — the order a whole-table ``SELECT *`` returns them.

DuckDB types come from the table's schema, so a range is typed as the whole table is. A SQLite column is typed from
its values (``_databases.fetched_series``: integers beside floats are numbers, mixed kinds are text, an empty column takes
its declared type), so over the whole column: ``range_kinds`` returns, per column, one value of each Python type it
holds and its smallest and largest integers; ``fetched_series`` of those samples, put together, gives the whole column's type
(``decide``), and ``read_range`` types every range that way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from simulacra.errors import Location, SourceError

from ._base import MANIFEST_TABLE
from ._databases import duckdb_readonly, fetched_series, first_line, sqlite_readonly

__all__ = ["DbRange", "DbTable", "decide", "range_kinds", "read_range", "table_names", "table_ranges"]


@dataclass(frozen=True)
class DbRange:
    """Rows ``lo <= rowid < hi`` (``hi`` None: to the end) of the table."""

    lo: int
    hi: int | None


@dataclass(frozen=True)
class DbTable:
    """Where a table is and how its ranges are read: its kept columns, their declared types, their dtypes once
    decided over the whole table (None: as the range's values say, before ``decide``)."""

    path: str
    kind: str  # sqlite | duckdb
    table: str
    columns: tuple[str, ...]
    declared: tuple[str, ...]
    dtypes: tuple[pl.DataType, ...] | None = None
    kinds: tuple[tuple[str, ...], ...] | None = None


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _connect(path: Path, kind: str) -> Any:
    return sqlite_readonly(path) if kind == "sqlite" else duckdb_readonly(path)


def _names(con: Any, kind: str) -> list[str]:
    """The database's tables in ``read_database``'s order (by name), without simulacra's manifest table."""
    if kind == "sqlite":
        return [
            r[0]
            for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
            if r[0] != MANIFEST_TABLE and not r[0].startswith("sqlite_")
        ]
    return [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
        if r[0] != MANIFEST_TABLE
    ]


@contextlib.contextmanager
def _open(path: Path, kind: str) -> Iterator[Any]:
    """A connection to the database, closed after use; a driver's error while reading is a SourceError naming
    the file (a SourceError raised inside passes as it is)."""
    con = None
    try:
        con = _connect(path, kind)
        yield con
    except SourceError:
        raise
    except Exception as e:  # noqa: BLE001 - sqlite3.Error, duckdb.Error
        raise SourceError(
            f"cannot be read as a {kind} database ({first_line(e)})", location=Location(file=str(path))
        ) from None
    finally:
        if con is not None:
            con.close()


def table_names(path: Path, kind: str) -> list[str]:
    """The database's tables, in the order ``read_database`` reads them."""
    with _open(path, kind) as con:
        return _names(con, kind)


def table_ranges(path: Path, kind: str, rows: int, table: str | None = None) -> tuple[DbTable, list[DbRange], int]:
    """``table`` (None: the database's one table), its ranges of ``rows`` rows, and its row count."""
    with _open(path, kind) as con:
        names = _names(con, kind)
        if table is not None:
            if table not in names:
                raise SourceError(
                    f"holds no table '{table}' (it has {', '.join(names) or 'none'})",
                    location=Location(file=str(path), table=table),
                )
            names = [table]
        if len(names) != 1:
            raise SourceError(
                f"holds {len(names)} tables ({', '.join(names) or 'none'}); --chunked-only reads a database of one "
                "table (evaluate without it reads several)",
                location=Location(file=str(path)),
            )
        t = names[0]
        if kind == "sqlite":
            info = con.execute(f"PRAGMA table_info({_q(t)})").fetchall()
            columns, declared = [i[1] for i in info], [i[2] or "" for i in info]
            try:
                con.execute(f"SELECT rowid FROM {_q(t)} LIMIT 1").fetchall()
            except Exception:  # noqa: BLE001 - a WITHOUT ROWID table
                raise SourceError(
                    f"table '{t}' has no rowid (WITHOUT ROWID); --chunked-only cuts a table by its rowid",
                    location=Location(file=str(path), table=t),
                ) from None
        else:
            cols = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = ? ORDER BY ordinal_position",
                [t],
            ).fetchall()
            unsupported = [
                c
                for c, d in cols
                if (up := str(d).upper()) in ("BLOB", "BYTEA", "BIT", "JSON")
                or up.endswith("[]")
                or up.startswith(("STRUCT", "MAP", "UNION", "LIST"))
            ]
            columns = [c for c, _ in cols if c not in unsupported]  # left out, as read_database leaves them out
            declared = [str(d) for c, d in cols if c not in unsupported]
        n = int(con.execute(f"SELECT count(*) FROM {_q(t)}").fetchone()[0])
        cuts = [
            int(con.execute(f"SELECT rowid FROM {_q(t)} ORDER BY rowid LIMIT 1 OFFSET ?", [k]).fetchone()[0])
            for k in range(0, n, rows)
        ]
    ranges = [DbRange(lo, hi) for lo, hi in zip(cuts, [*cuts[1:], None], strict=True)] or [DbRange(0, None)]
    return DbTable(str(path), kind, t, tuple(columns), tuple(declared)), ranges, n


def _values(table: DbTable, rng: DbRange) -> tuple[list[tuple[Any, ...]], Any]:
    sel = ", ".join(_q(c) for c in table.columns) or "1 AS _none"
    where = "rowid >= ?" + ("" if rng.hi is None else " AND rowid < ?")
    args = [rng.lo] if rng.hi is None else [rng.lo, rng.hi]
    con = _connect(Path(table.path), table.kind)
    try:
        q = f"SELECT {sel} FROM {_q(table.table)} WHERE {where} ORDER BY rowid"
        if table.kind == "duckdb":
            return [], con.sql(q, params=args).to_arrow_table()
        return con.execute(q, args).fetchall(), None
    finally:
        con.close()


def range_kinds(rng: DbRange, *, table: DbTable) -> dict[str, Any]:
    """A range's rows; for SQLite, per column one value of each Python type it holds and its extreme integers."""
    rows, arrow = _values(table, rng)
    if arrow is not None:
        return {"rows": arrow.num_rows, "samples": []}
    samples = []
    for j in range(len(table.columns)):
        seen: dict[type, Any] = {}
        ints = []
        for r in rows:
            v = r[j]
            if v is None:
                continue
            seen.setdefault(type(v), v)
            if type(v) is int:
                ints.append(v)
        samples.append(list(seen.values()) + ([min(ints), max(ints)] if ints else []))
    return {"rows": len(rows), "samples": samples}


def decide(table: DbTable, got: Sequence[dict[str, Any]]) -> DbTable:
    """Each column's dtype over the whole table, from the ranges' samples (SQLite; DuckDB's schema says)."""
    if table.kind == "duckdb":
        return table
    dtypes, kinds = [], []
    for j, (name, decl) in enumerate(zip(table.columns, table.declared, strict=True)):
        sample = [v for g in got for v in g["samples"][j]]
        s, why = fetched_series(name, sample, decl)
        if s is None:
            raise SourceError(
                f"table '{table.table}', column '{name}': unsupported type {why}; --chunked-only cannot leave it out "
                "(evaluate without it does)",
                location=Location(file=table.path, table=table.table, column=name),
            )
        dtypes.append(s.dtype)
        kinds.append(tuple(sorted({type(v).__name__ for v in sample})))
    return DbTable(table.path, table.kind, table.table, table.columns, table.declared, tuple(dtypes), tuple(kinds))


def read_range(table: DbTable, rng: DbRange) -> pl.DataFrame:
    """The range's rows, typed as the whole table is."""
    rows, arrow = _values(table, rng)
    if arrow is not None:
        frame = pl.from_arrow(arrow)
        assert isinstance(frame, pl.DataFrame)
        return frame.with_columns(
            [pl.col(c).cast(pl.Float64) for c, d in frame.schema.items() if isinstance(d, pl.Decimal)]
        )
    assert table.dtypes is not None and table.kinds is not None
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in table.columns]
    out = []
    for name, decl, dtype, kinds, values in zip(
        table.columns, table.declared, table.dtypes, table.kinds, columns, strict=True
    ):
        vals = list(values)
        if dtype == pl.String and kinds not in ((), ("str",)):
            # mixed kinds are text over the whole column, as str() of each value (read_database's fallback)
            out.append(pl.Series(name, [None if v is None else str(v) for v in vals], dtype=pl.String))
            continue
        if dtype == pl.Float64 and any(v is not None and type(v) is not float for v in vals):
            vals = [None if v is None else float(v) for v in vals]
        s, _ = fetched_series(name, vals, decl) if vals else (pl.Series(name, [], dtype=dtype), None)
        assert s is not None
        out.append(s if s.dtype == dtype else s.cast(dtype))
    return pl.DataFrame(out) if out else pl.DataFrame()
