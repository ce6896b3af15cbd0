"""Reading datasets back: ``read_dataset``, ``read_manifest``, ``check_sidecar``.

One table of what can be read (``READ_SUFFIXES``: the database files and the table files, by
suffix) serves ``read_dataset`` here and ``sources.read_source``; the database connections and
the table selection are those of ``_databases`` (the one database reader).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa

from simulacra._limits import check_memory
from simulacra.errors import SourceError

from ._base import MANIFEST_FILE, MANIFEST_KEY, MANIFEST_TABLE
from ._databases import duckdb_readonly, select_tables, sqlite_readonly
from ._files import FOLDER_FORMATS, PARTS_FORMAT
from ._schema import restore_dtypes
from ._sql import SIDECAR_HASH, manifest_sidecar, quote
from ._target import DB_SUFFIXES, EXPECTED, READ_FILE_FORMATS, Target, is_url, url_target

__all__ = [
    "READ_SUFFIXES",
    "check_sidecar",
    "first_line",
    "read_dataset",
    "read_manifest",
    "source_target",
    "sqlite_dtype",
    "target_manifest",
]

#: every suffix ``read_dataset`` reads as a file: database files, then one-table files
READ_SUFFIXES = (*DB_SUFFIXES, *READ_FILE_FORMATS)
_FILES = "a " + "/".join(READ_FILE_FORMATS) + " file"


def source_target(source: str | Path, fmt: str | None = None) -> Target:
    """Where SOURCE is read from: a database file or URL, a folder, or one table file (by suffix or ``fmt``)."""
    text = str(source)
    if is_url(text):
        try:
            return url_target(text)
        except ValueError as e:
            raise SourceError(str(e)) from None
    path = Path(text).expanduser()
    if not path.exists():
        raise SourceError(f"{path}: does not exist; expected {EXPECTED}, or {_FILES}")
    if path.is_dir():
        return Target("folder", path=path, format=fmt)
    if fmt in ("sqlite", "duckdb"):
        return Target(fmt, path=path)
    suffix = path.suffix.lower()
    if fmt in FOLDER_FORMATS:
        return Target("file", path=path, format=fmt)
    if suffix in DB_SUFFIXES:
        return Target(DB_SUFFIXES[suffix], path=path)
    if suffix in READ_FILE_FORMATS:
        return Target("file", path=path, format=READ_FILE_FORMATS[suffix])
    raise SourceError(f"{path}: unknown file extension '{suffix}'; expected {EXPECTED}, or {_FILES}")


def read_manifest(source: str | Path) -> dict[str, Any] | None:
    """The manifest of a simulacra output, or None when the source has none."""
    target = source_target(source, None)
    try:
        return target_manifest(target)
    except SourceError:
        raise
    except Exception as e:  # noqa: BLE001
        raise SourceError(f"{target.display}: cannot read the manifest ({type(e).__name__}: {first_line(e)})") from None


def first_line(e: BaseException | None) -> str:
    """The first line of an error's message (empty where there is none), to quote in another error."""
    lines = str(e).strip().splitlines()
    return lines[0] if lines else ""


def _loads(text: str, where: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise SourceError(f"{where}: the manifest is not valid JSON (line {e.lineno})") from None
    if not isinstance(data, dict):
        raise SourceError(f"{where}: the manifest is not a JSON object")
    return data


def target_manifest(target: Target) -> dict[str, Any] | None:
    """The manifest written with the dataset at ``target`` (a folder's, a one-table file's sidecar, a database's
    table), or None where it has none."""
    if target.kind == "folder":
        assert target.path is not None
        f = target.path / MANIFEST_FILE
        return _loads(f.read_text(encoding="utf-8"), str(f)) if f.is_file() else None
    if target.kind == "file":  # a one-table output keeps its manifest beside it
        assert target.path is not None
        side = manifest_sidecar(target.path)
        return _loads(side.read_text(encoding="utf-8"), str(side)) if side.is_file() else None
    if target.kind in ("sqlite", "duckdb"):
        assert target.path is not None
        text = _db_manifest_text(target)
        if text is None:
            side = manifest_sidecar(target.path)
            return _loads(side.read_text(encoding="utf-8"), str(side)) if side.is_file() else None
        return _loads(text, str(target.path))
    assert target.url is not None
    engine = sa.create_engine(target.url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            if MANIFEST_TABLE not in sa.inspect(conn).get_table_names():
                return None
            q = quote(MANIFEST_TABLE, "postgresql")
            row = conn.execute(sa.text(f"SELECT value FROM {q} WHERE key = :k"), {"k": MANIFEST_KEY}).fetchone()
    finally:
        engine.dispose()
    return _loads(row[0], target.display) if row else None


def check_sidecar(source: str | Path) -> str | None:
    """A problem with a database file's ``*.manifest.json`` sidecar, or None when it matches the database.

    The manifest table inside the database is the truth; the sidecar carries the SHA-256 of that
    manifest, so one left by an earlier run (or edited) is reported instead of trusted.
    """
    text = str(source)
    if is_url(text):
        try:
            target = url_target(text)
        except ValueError:
            return None
    else:
        path = Path(text).expanduser()
        suffix = path.suffix.lower()
        if suffix not in DB_SUFFIXES:
            return None
        target = Target(DB_SUFFIXES[suffix], path=path)
    if target.kind not in ("sqlite", "duckdb") or target.path is None or not target.path.is_file():
        return None
    side = manifest_sidecar(target.path)
    if not side.is_file():
        return None
    try:
        inside = _db_manifest_text(target)
        data = json.loads(side.read_text(encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        return f"{side}: cannot be checked against the database ({type(e).__name__}: {first_line(e)})"
    if inside is None:
        return f"{side}: the database holds no manifest, so this sidecar does not describe it"
    want = hashlib.sha256(inside.encode("utf-8")).hexdigest()
    got = data.get(SIDECAR_HASH) if isinstance(data, dict) else None
    if got != want:
        return (
            f"{side}: does not match the manifest inside {target.path} (left by an earlier or interrupted run);"
            " the database's manifest is the truth — regenerate the output or delete the sidecar"
        )
    return None


def _db_manifest_text(target: Target) -> str | None:
    assert target.path is not None
    if target.kind == "sqlite":
        con = sqlite_readonly(target.path)
        try:
            if not con.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (MANIFEST_TABLE,)
            ).fetchone():
                return None
            row = con.execute(
                f"SELECT value FROM {quote(MANIFEST_TABLE, 'sqlite')} WHERE key=?", (MANIFEST_KEY,)
            ).fetchone()
        finally:
            con.close()
        return row[0] if row else None
    con = duckdb_readonly(target.path)
    try:
        if not con.execute("SELECT 1 FROM information_schema.tables WHERE table_name=?", [MANIFEST_TABLE]).fetchone():
            return None
        row = con.execute(f"SELECT value FROM {quote(MANIFEST_TABLE, 'duckdb')} WHERE key=?", [MANIFEST_KEY]).fetchone()
    finally:
        con.close()
    return row[0] if row else None


def read_dataset(
    source: str | Path,
    *,
    tables: Sequence[str] | None = None,
    format: str | None = None,  # noqa: A002
) -> dict[str, pl.DataFrame]:
    """Read a dataset (database file, folder, single file or URL) into polars frames.

    Internal manifest tables are skipped. When the source is a simulacra output, the
    dtypes recorded in its manifest are restored (dates stored as TEXT in SQLite or
    CSV come back as dates, and so on); other sources keep the types as read.
    """
    target = source_target(source, format)
    try:
        manifest = target_manifest(target)
    except SourceError:
        raise
    except Exception:  # noqa: BLE001 - a source without a readable manifest is still a source
        manifest = None
    recorded = ((manifest or {}).get("sink") or {}).get("tables") or {}
    try:
        frames = _read(target, tables, manifest)
    except SourceError:
        raise
    except Exception as e:  # noqa: BLE001
        raise SourceError(f"{target.display}: cannot be read ({type(e).__name__}: {first_line(e)})") from None
    out = {}
    for name, frame in frames.items():
        cols = (recorded.get(name) or {}).get("columns")
        if cols is None and target.kind == "file" and len(recorded) == 1:  # a one-table file, named as the user chose
            cols = next(iter(recorded.values())).get("columns")
        out[name] = restore_dtypes(frame, cols, table=name) if isinstance(cols, dict) else frame
    return out


def _read(target: Target, wanted: Sequence[str] | None, manifest: dict[str, Any] | None) -> dict[str, pl.DataFrame]:
    if target.path is not None:  # refuse before reading what cannot fit in memory, with the size and a way out
        check_memory(sorted(target.path.iterdir()) if target.path.is_dir() else [target.path])
    if target.kind == "file":
        assert target.path is not None
        names = select_tables([target.path.stem], wanted, target.display)
        recorded = ((manifest or {}).get("sink") or {}).get("tables") or {}
        one = next(iter(recorded.values())) if len(recorded) == 1 else {}
        cols = one.get("columns")
        return {names[0]: _read_file(target.path, target.format or "csv", cols, one.get("separator"))} if names else {}
    if target.kind == "folder":
        return _read_folder(target, wanted, manifest)
    if target.kind == "sqlite":
        return _read_sqlite(target, wanted)
    if target.kind == "duckdb":
        return _read_duckdb(target, wanted)
    return _read_sqlalchemy(target, wanted)


def _read_file(path: Path, fmt: str, columns: dict[str, str] | None, separator: str | None = None) -> pl.DataFrame:
    if fmt == "parquet":
        return pl.read_parquet(path)
    if fmt == "tsv":
        return pl.read_csv(path, separator="\t", try_parse_dates=True)
    if fmt == "csv":
        if columns:  # our own output: read text (in the separator it recorded), then restore the dtypes exactly
            return pl.read_csv(path, infer_schema=False, separator=separator or ",")
        return pl.read_csv(path, try_parse_dates=True)
    return pl.read_ndjson(path) if path.stat().st_size else pl.DataFrame()


def _read_folder(
    target: Target, wanted: Sequence[str] | None, manifest: dict[str, Any] | None
) -> dict[str, pl.DataFrame]:
    assert target.path is not None
    sink = (manifest or {}).get("sink") or {}
    if PARTS_FORMAT in (target.format, sink.get("format")):
        return _read_parts(target.path, sink, wanted, target.display)
    fmt = target.format or (sink.get("format") if sink.get("format") in FOLDER_FORMATS else None)
    files: dict[str, tuple[Path, str]] = {}
    for f in sorted(target.path.iterdir()):
        kind = READ_FILE_FORMATS.get(f.suffix.lower())
        if f.is_file() and kind and (fmt is None or kind == fmt) and not f.name.startswith("."):
            files.setdefault(f.stem, (f, kind))
    order = [t for t in (sink.get("tables") or {}) if t in files]
    available = order + [t for t in files if t not in order]
    if not available and wanted is None:
        raise SourceError(f"{target.display}: the folder holds no .parquet, .csv or .jsonl files")
    recorded = sink.get("tables") or {}
    return {
        name: _read_file(
            files[name][0],
            files[name][1],
            (recorded.get(name) or {}).get("columns"),
            (recorded.get(name) or {}).get("separator"),
        )
        for name in select_tables(available, wanted, target.display)
    }


def _read_parts(
    folder: Path, sink: dict[str, Any], wanted: Sequence[str] | None, display: str
) -> dict[str, pl.DataFrame]:
    """A ``parquet-parts`` output: each table's part files in order (an empty table: its recorded columns)."""
    dirs = {d.name: d for d in sorted(folder.iterdir()) if d.is_dir() and not d.name.startswith(".")}
    recorded = sink.get("tables") or {}
    order = [t for t in recorded if t in dirs] + [t for t in dirs if t not in recorded]
    if not order and wanted is None:
        raise SourceError(f"{display}: the folder holds no table folders of .parquet parts")
    out = {}
    for name in select_tables(order, wanted, display):
        parts = sorted(p for p in dirs[name].glob("part-*.parquet") if not p.name.startswith("."))
        if parts:
            out[name] = pl.concat([pl.read_parquet(p) for p in parts], how="vertical")
        else:  # no rows, no part: the recorded columns (their dtypes are restored by read_dataset)
            cols = (recorded.get(name) or {}).get("columns") or {}
            out[name] = pl.DataFrame(schema={c: pl.String for c in cols})
    return out


_SQLITE_AFFINITY = (
    ("INT", pl.Int64),
    ("CHAR", pl.String),
    ("CLOB", pl.String),
    ("TEXT", pl.String),
    ("BLOB", pl.Binary),
    ("REAL", pl.Float64),
    ("FLOA", pl.Float64),
    ("DOUB", pl.Float64),
)


def sqlite_dtype(declared: str) -> pl.DataType | type[pl.DataType] | None:
    """The polars dtype of a SQLite declared column type by its affinity, or None where nothing is declared."""
    up = (declared or "").upper()
    if not up:
        return None
    for key, dtype in _SQLITE_AFFINITY:
        if key in up:
            return dtype
    return pl.Float64  # NUMERIC affinity


def _read_sqlite(target: Target, wanted: Sequence[str] | None) -> dict[str, pl.DataFrame]:
    assert target.path is not None
    con = sqlite_readonly(target.path)
    try:
        available = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
            )
            if r[0] != MANIFEST_TABLE
        ]
        out = {}
        for name in select_tables(available, wanted, target.display):
            q = quote(name, "sqlite")
            info = con.execute(f"PRAGMA table_info({q})").fetchall()
            cur = con.execute(f"SELECT * FROM {q}")
            rows = cur.fetchall()
            columns = list(zip(*rows, strict=True)) if rows else [() for _ in info]
            series = []
            for (_, col, declared, *_rest), values in zip(info, columns, strict=True):
                dtype = sqlite_dtype(declared)
                try:
                    series.append(pl.Series(col, values, dtype=dtype, strict=True))
                except (TypeError, ValueError, pl.exceptions.PolarsError):
                    # SQLite is dynamically typed: a column holding mixed types comes back as text
                    series.append(pl.Series(col, [None if v is None else str(v) for v in values], dtype=pl.String))
            out[name] = pl.DataFrame(series)
        return out
    finally:
        con.close()


def _read_duckdb(target: Target, wanted: Sequence[str] | None) -> dict[str, pl.DataFrame]:
    assert target.path is not None
    con = duckdb_readonly(target.path)
    try:
        available = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                " ORDER BY table_name"
            ).fetchall()
            if r[0] != MANIFEST_TABLE
        ]
        return {
            name: pl.from_arrow(con.sql(f"SELECT * FROM {quote(name, 'duckdb')}").to_arrow_table())  # type: ignore[misc]
            for name in select_tables(available, wanted, target.display)
        }
    finally:
        con.close()


def _read_sqlalchemy(target: Target, wanted: Sequence[str] | None) -> dict[str, pl.DataFrame]:
    assert target.url is not None
    try:
        engine = sa.create_engine(target.url, poolclass=sa.pool.NullPool)
    except Exception as e:  # noqa: BLE001 - e.g. a missing driver
        raise SourceError(f"{target.display}: cannot be opened ({type(e).__name__}: {first_line(e)})") from None
    try:
        with engine.connect() as conn:
            available = [t for t in sa.inspect(conn).get_table_names() if t != MANIFEST_TABLE]
            prep = conn.dialect.identifier_preparer
            out = {}
            for name in select_tables(available, wanted, target.display):
                out[name] = pl.read_database(
                    f"SELECT * FROM {prep.quote(name)}", connection=conn, infer_schema_length=None
                )
            return out
    except sa.exc.OperationalError as e:
        raise SourceError(f"{target.display}: cannot connect ({type(e.orig).__name__}: {first_line(e.orig)})") from None
    finally:
        engine.dispose()
