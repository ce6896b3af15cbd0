"""Reading a dataset table by table in chunks of rows, so a check can hold one chunk at a time.

``ChunkedDataset(source)`` lists the tables any reader of ``read_dataset`` accepts (database file,
folder, single file, URL) and yields each as polars frames of at most ``rows`` rows, in the
table's stored order, with the dtypes its manifest records restored as ``read_dataset`` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa

from simulacra.errors import SourceError

from ._base import MANIFEST_TABLE
from ._databases import duckdb_readonly as _duckdb_ro
from ._databases import sqlite_readonly as _sqlite_ro
from ._files import FOLDER_FORMATS
from ._reader import first_line, sqlite_dtype, target_manifest
from ._reader import source_target as _source_target
from ._schema import restore_dtypes
from ._sql import quote
from ._target import FILE_FORMATS

__all__ = ["ChunkedDataset"]


class ChunkedDataset:
    """A dataset read in chunks: ``tables`` in their stored order, ``chunks(name, rows)`` each table's rows."""

    def __init__(self, source: str | Path, *, format: str | None = None) -> None:  # noqa: A002
        self.format = format
        self.target = _source_target(source, format)
        self.display = self.target.display
        try:
            manifest = target_manifest(self.target)
        except SourceError:
            raise
        except Exception:  # noqa: BLE001 - a source without a readable manifest is still a source
            manifest = None
        self.sink = (manifest or {}).get("sink") or {}
        self.recorded: dict[str, Any] = self.sink.get("tables") or {}
        self.files: dict[str, tuple[Path, str]] = {}
        self._separators: dict[str, str | None] = {}  # per table: the separator its CSV was written with
        self.tables = self._tables()

    def _tables(self) -> list[str]:
        t = self.target
        if t.kind == "file":
            assert t.path is not None
            self.files[t.path.stem] = (t.path, t.format or "csv")
            return [t.path.stem]
        if t.kind == "folder":
            assert t.path is not None
            fmt = t.format or (self.sink.get("format") if self.sink.get("format") in FOLDER_FORMATS else None)
            for f in sorted(t.path.iterdir()):
                kind = FILE_FORMATS.get(f.suffix.lower())
                if f.is_file() and kind and (fmt is None or kind == fmt) and not f.name.startswith("."):
                    self.files.setdefault(f.stem, (f, kind))
            order = [n for n in self.recorded if n in self.files]
            available = order + [n for n in self.files if n not in order]
            if not available:
                raise SourceError(f"{t.display}: the folder holds no .parquet, .csv or .jsonl files")
            return available
        if t.kind == "sqlite":
            assert t.path is not None
            con = _sqlite_ro(t.path)
            try:
                q = "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
                return [r[0] for r in con.execute(q) if r[0] != MANIFEST_TABLE]
            finally:
                con.close()
        if t.kind == "duckdb":
            assert t.path is not None
            dcon = _duckdb_ro(t.path)
            try:
                q = (
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                    " ORDER BY table_name"
                )
                return [r[0] for r in dcon.execute(q).fetchall() if r[0] != MANIFEST_TABLE]
            finally:
                dcon.close()
        engine = self._engine()
        try:
            with engine.connect() as conn:
                return [n for n in sa.inspect(conn).get_table_names() if n != MANIFEST_TABLE]
        except sa.exc.OperationalError as e:
            raise SourceError(f"{t.display}: cannot connect ({type(e.orig).__name__}: {first_line(e.orig)})") from None
        finally:
            engine.dispose()

    def _engine(self) -> sa.Engine:
        assert self.target.url is not None
        try:
            return sa.create_engine(self.target.url, poolclass=sa.pool.NullPool)
        except Exception as e:  # noqa: BLE001 - e.g. a missing driver
            raise SourceError(f"{self.display}: cannot be opened ({type(e).__name__}: {first_line(e)})") from None

    def chunks(self, name: str, rows: int) -> Iterator[pl.DataFrame]:
        """The table's rows, at most ``rows`` at a time (dtypes recorded in the manifest restored)."""
        if rows < 1:
            raise ValueError("chunk size must be at least 1 row")
        entry = self.recorded.get(name) or {}
        if not entry and self.target.kind == "file" and len(self.recorded) == 1:
            entry = next(iter(self.recorded.values()))
        cols = entry.get("columns")
        self._separators[name] = entry.get("separator")
        try:
            for frame in self._raw(name, rows, cols):
                yield restore_dtypes(frame, cols, table=name) if isinstance(cols, dict) else frame
        except SourceError:
            raise
        except Exception as e:  # noqa: BLE001
            raise SourceError(
                f"{self.display}: table '{name}' cannot be read ({type(e).__name__}: {first_line(e)})"
            ) from None

    def _raw(self, name: str, rows: int, cols: Any) -> Iterator[pl.DataFrame]:
        kind = self.target.kind
        if kind in ("file", "folder"):
            path, fmt = self.files[name]
            yield from _file_chunks(path, fmt, rows, isinstance(cols, dict) and bool(cols), self._separators.get(name))
        elif kind == "sqlite":
            yield from self._sqlite_chunks(name, rows)
        elif kind == "duckdb":
            assert self.target.path is not None
            con = _duckdb_ro(self.target.path)
            try:
                reader = con.sql(f"SELECT * FROM {quote(name, 'duckdb')}").to_arrow_reader(rows)
                for batch in reader:
                    yield pl.DataFrame(pl.from_arrow(batch))
            finally:
                con.close()
        else:
            engine = self._engine()
            try:
                with engine.connect() as conn:
                    q = f"SELECT * FROM {conn.dialect.identifier_preparer.quote(name)}"
                    yield from pl.read_database(q, connection=conn, iter_batches=True, batch_size=rows)
            finally:
                engine.dispose()

    def _sqlite_chunks(self, name: str, rows: int) -> Iterator[pl.DataFrame]:
        assert self.target.path is not None
        con = _sqlite_ro(self.target.path)
        try:
            q = quote(name, "sqlite")
            info = con.execute(f"PRAGMA table_info({q})").fetchall()
            cur = con.execute(f"SELECT * FROM {q}")
            while True:
                batch = cur.fetchmany(rows)
                if not batch:
                    break
                series = []
                for (_, col, declared, *_rest), values in zip(info, zip(*batch, strict=True), strict=True):
                    try:
                        series.append(pl.Series(col, values, dtype=sqlite_dtype(declared), strict=True))
                    except (TypeError, ValueError, pl.exceptions.PolarsError):
                        # SQLite is dynamically typed: a column holding mixed types comes back as text
                        series.append(pl.Series(col, [None if v is None else str(v) for v in values], dtype=pl.String))
                yield pl.DataFrame(series)
        finally:
            con.close()


def _file_chunks(
    path: Path, fmt: str, rows: int, recorded: bool, separator: str | None = None
) -> Iterator[pl.DataFrame]:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        with pq.ParquetFile(path) as f:
            for batch in f.iter_batches(batch_size=rows):
                yield pl.DataFrame(pl.from_arrow(batch))
        return
    if fmt == "csv":
        # our own output (``recorded``): text, restored to the recorded dtypes by the caller
        lazy = (
            pl.scan_csv(path, infer_schema=False, separator=separator or ",")
            if recorded
            else pl.scan_csv(path, try_parse_dates=True)
        )
    elif not path.stat().st_size:
        return
    else:
        lazy = pl.scan_ndjson(path)
    for frame in lazy.collect_batches(chunk_size=rows, maintain_order=True):
        for lo in range(0, frame.height, rows):  # (a batch can be larger than asked)
            yield frame.slice(lo, rows)
