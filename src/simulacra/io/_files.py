"""Folder sinks: one Parquet, CSV or JSONL file per table plus ``manifest.json``; or (``parquet-parts``) a folder
per table of Parquet part files, one per chunk the engine writes (``part-00000.parquet``...), so that the parts
can be written where the chunks are made (``generate --engine dask``: each worker writes its own) and still be
the bytes one process writes."""

from __future__ import annotations

import functools
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from simulacra.errors import SinkError

from ._base import (
    MANIFEST_FILE,
    BaseSink,
    atomic_write_text,
    check_parent,
    fsync_path,
    make_temp_dir,
    remove_later,
    replace_dir,
)
from ._schema import TableSchema, conform_batch

__all__ = ["FOLDER_FORMATS", "PARTS_FORMAT", "FolderSink", "check_folder_target", "write_part"]

PARTS_FORMAT = "parquet-parts"  # a folder per table, a Parquet file per chunk

FOLDER_FORMATS = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl"}

_NESTED = (pl.List, pl.Array, pl.Struct)
# pending row groups are allocated with malloc: Arrow's default allocator (mimalloc) keeps what a
# written row group freed, so a long run's peak memory grew with every table
_POOL = pa.system_memory_pool()


def check_folder_target(path: Path, fmt: str) -> None:
    """SinkError unless ``path`` can become a folder output: absent, empty, or a previous output."""
    expected = f"a folder for {fmt} files"
    check_parent(path, expected)
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise SinkError(f"{path}: exists and is not a folder; expected {expected}")
    if path.is_dir():
        entries = os.listdir(path)
        if entries and MANIFEST_FILE not in entries:
            raise SinkError(
                f"{path}: the folder is not empty and holds no {MANIFEST_FILE}, so it is not a previous"
                " simulacra output; refusing to replace it (expected a new or empty folder, or a previous output)"
            )


def _arrow_schema(t: TableSchema) -> pa.Schema:
    empty = pl.DataFrame(schema={c.name: c.dtype for c in t.columns}).to_arrow()
    return pa.schema([f.with_nullable(t.is_nullable(f.name)) for f in empty.schema])


def write_part(folder: Path, table: TableSchema, index: int, batch: pl.DataFrame) -> int:
    """``batch`` as ``folder/part-<index>.parquet`` (conformed to ``table``, written to a hidden temp file and
    renamed, so a part is whole or absent); the rows written. The same bytes wherever it runs: on the client
    (``FolderSink``) or on a Dask worker writing into the sink's staging folder."""
    batch = conform_batch(table, batch)
    if batch.height == 0:
        return 0
    schema = _arrow_schema(table)
    arrow = batch.to_arrow()
    data = pa.Table.from_arrays(
        [pc.cast(arrow.column(i), f.type, memory_pool=_POOL) for i, f in enumerate(schema)], schema=schema
    )
    final = folder / f"part-{index:05d}.parquet"
    tmp = folder / f".{final.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        pq.write_table(data, tmp, compression="zstd", row_group_size=max(data.num_rows, 1), memory_pool=_POOL)
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return batch.height


class FolderSink(BaseSink):
    """Writes ``<table>.<ext>`` files into a temp folder beside the target; renames it into place on close.

    ``parts=True`` (format ``parquet-parts``): a folder ``<table>/`` of ``part-NNNNN.parquet`` files instead, one
    per ``write`` (one per engine chunk) or written elsewhere and adopted (:meth:`part_writer`, :meth:`adopt`)."""

    parts = False  # (a class default: FileSink, a one-file FolderSink, never writes parts)

    def __init__(self, path: Path, fmt: str, *, row_group_rows: int = 131_072, parts: bool = False) -> None:
        self.parts = parts or fmt == PARTS_FORMAT
        fmt = "parquet" if fmt == PARTS_FORMAT else fmt
        if fmt not in FOLDER_FORMATS:
            raise SinkError(f"{path}: unknown folder format '{fmt}'; expected one of {', '.join(FOLDER_FORMATS)}")
        super().__init__(str(path))
        self.format = fmt
        self.path = path
        self.row_group_rows = row_group_rows
        check_folder_target(path, fmt)
        self._tmp: Path | None = None
        self._cleanup: Any = None
        self._handles: dict[str, IO[bytes]] = {}
        self._parquet: dict[str, pq.ParquetWriter] = {}
        self._pending: dict[str, list[pa.Table]] = {}
        self._pending_rows: dict[str, int] = {}
        self._arrow_schema: dict[str, pa.Schema] = {}
        self._last: str | None = None  # the table written last: its rest is flushed when another table starts
        self._next_part: dict[str, int] = {}
        if self.parts:
            self.format = PARTS_FORMAT

    def _unsupported(self, dtype: pl.DataType) -> str | None:
        if self.format == "csv" and (isinstance(dtype, _NESTED) or dtype == pl.Binary):
            return f"{dtype} columns cannot be written to CSV; use parquet, jsonl or a database"
        if self.format == "jsonl" and dtype == pl.Binary:
            return "binary columns cannot be written to JSONL; use parquet or a database"
        return None

    def _file(self, table: str) -> Path:
        assert self._tmp is not None
        return self._tmp / (table if self.parts else f"{table}{FOLDER_FORMATS[self.format]}")

    def part_writer(self, table: str) -> Callable[[int, pl.DataFrame], int]:
        """A picklable ``(index, batch) -> rows`` writing ``table``'s part ``index`` into the staging folder (for
        a Dask worker on the same file system); the client then adopts it (:meth:`adopt`), in order."""
        self._require_open("part_writer")
        if not self.parts:
            raise SinkError(f"{self.display}: only a {PARTS_FORMAT} output takes parts written elsewhere")
        return functools.partial(write_part, self._file(table), self._tables[table])

    def adopt(self, table: str, index: int, rows: int) -> None:
        """Count part ``index`` of ``table``, written by :meth:`part_writer` elsewhere, as written."""
        self._require_open("adopt")
        if index != self._next_part[table]:
            raise SinkError(f"{self.display}: part {index} of table '{table}' came out of order")
        if rows and not (self._file(table) / f"part-{index:05d}.parquet").is_file():
            raise SinkError(f"{self.display}: part {index} of table '{table}' was not written")
        self._next_part[table] += 1
        self._rows[table] += rows

    def _open(self, tables: list[TableSchema]) -> None:
        check_folder_target(self.path, self.format)
        for t in tables:
            if "/" in t.name or "\\" in t.name or t.name in (".", ".."):
                raise self._error("a table name cannot be used as a file name", table=t.name)
        self._tmp = make_temp_dir(self.path)
        self._cleanup = remove_later(self, self._tmp)
        for t in tables:
            self._open_table(t)

    def _open_table(self, t: TableSchema) -> None:
        """Start ``t``'s file in the temp folder: a Parquet writer, or an open handle (CSV with its header)."""
        if self.parts:
            self._file(t.name).mkdir()
            self._next_part[t.name] = 0
        elif self.format == "parquet":
            empty = pl.DataFrame(schema={c.name: c.dtype for c in t.columns}).to_arrow()
            schema = pa.schema([f.with_nullable(t.is_nullable(f.name)) for f in empty.schema])
            self._arrow_schema[t.name] = schema
            self._parquet[t.name] = pq.ParquetWriter(self._file(t.name), schema, compression="zstd", memory_pool=_POOL)
            self._pending[t.name] = []
            self._pending_rows[t.name] = 0
        else:
            f = open(self._file(t.name), "wb")  # noqa: SIM115 - kept open across writes
            self._handles[t.name] = f
            if self.format == "csv":
                header = pl.DataFrame(schema={c.name: pl.String for c in t.columns})
                f.write(header.write_csv(separator=t.separator or ",").encode())

    def _write(self, table: TableSchema, batch: pl.DataFrame) -> None:
        name = table.name
        if self.parts:
            write_part(self._file(name), table, self._next_part[name], batch)
            self._next_part[name] += 1
        elif self.format == "parquet":
            if self._last is not None and self._last != name:
                # tables come whole, one after another: the previous one's last (short) row group is written
                # now rather than held until close, so at most one table's pending rows are in memory
                self._flush(self._last)
            self._last = name
            arrow = batch.to_arrow()
            schema = self._arrow_schema[name]
            self._pending[name].append(
                pa.Table.from_arrays(
                    [pc.cast(arrow.column(i), f.type, memory_pool=_POOL) for i, f in enumerate(schema)], schema=schema
                )
            )
            self._pending_rows[name] += batch.height
            if self._pending_rows[name] >= self.row_group_rows:
                self._flush(name, whole_groups=True)
        elif self.format == "csv":
            batch.write_csv(self._handles[name], include_header=False, separator=table.separator or ",")
        else:
            batch.write_ndjson(self._handles[name])

    def _flush(self, name: str, *, whole_groups: bool = False) -> None:
        """Write pending rows as row groups of exactly ``row_group_rows`` (the last one: the rest), so the file's
        layout depends on the rows alone, never on how they were chunked. ``whole_groups`` keeps the rest pending."""
        if not self._pending[name]:
            return
        table = pa.concat_tables(self._pending[name], memory_pool=_POOL).combine_chunks(memory_pool=_POOL)
        size = self.row_group_rows
        cut = (table.num_rows // size) * size if whole_groups else table.num_rows
        for start in range(0, cut, size):
            self._parquet[name].write_table(table.slice(start, min(size, cut - start)), row_group_size=size)
        rest = table.slice(cut)
        self._pending[name] = [rest] if rest.num_rows else []
        self._pending_rows[name] = rest.num_rows
        del table
        if not whole_groups or cut:
            pa.default_memory_pool().release_unused()  # (the writer's own buffers)

    def _close_files(self) -> None:
        for w in self._parquet.values():
            w.close()
        for f in self._handles.values():
            f.close()
        self._parquet.clear()
        self._handles.clear()

    def _commit(self, manifest_json: str) -> None:
        assert self._tmp is not None
        for name in list(self._parquet):
            self._flush(name)
        self._close_files()
        for name in self._tables:
            if self.parts:  # a task killed while writing leaves its hidden temp file: not part of the output
                for f in self._file(name).iterdir():
                    if f.name.startswith("."):
                        f.unlink()
                    else:
                        fsync_path(f)
            else:
                fsync_path(self._file(name))
        atomic_write_text(self._tmp / MANIFEST_FILE, manifest_json)
        check_folder_target(self.path, self.format)  # the target may have changed since open
        replace_dir(self._tmp, self.path)
        self._cleanup.detach()

    def _abort(self) -> None:
        try:
            self._close_files()
        finally:
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)
                if self._cleanup is not None:
                    self._cleanup.detach()
