"""One-table outputs to a single file: ``sample -o synthetic.parquet`` (or ``.csv``, ``.jsonl``).

The table is written to a temporary folder beside the target and moved into place
with ``os.replace`` on close; the manifest goes beside it as ``<file>.manifest.json``
(the same sidecar a database file without a manifest table gets), so reading the
file back restores its dtypes. An existing file is replaced only with
``if_exists='replace'`` (CLI: ``--replace``), whoever wrote it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from simulacra._perms import ordinary
from simulacra.errors import SinkError

from ._base import BaseSink, atomic_write_text, check_parent, fsync_path, make_temp_dir, remove_later
from ._files import FOLDER_FORMATS, FolderSink
from ._schema import TableSchema
from ._sql import manifest_sidecar

__all__ = ["FileSink", "check_file_target"]


def check_file_target(path: Path, fmt: str, if_exists: str) -> None:
    """SinkError unless ``path`` can become a single-file output."""
    expected = f"a .{'jsonl' if fmt == 'jsonl' else fmt} file"
    check_parent(path, expected)
    if path.is_dir():
        raise SinkError(f"{path}: is a folder; expected {expected}")
    if (path.exists() or path.is_symlink()) and if_exists != "replace":
        raise SinkError(f"{path}: exists; pass if_exists='replace' to replace it")


class FileSink(FolderSink):
    """Writes the one table of a dataset to one Parquet, CSV or JSONL file."""

    def __init__(self, path: Path, fmt: str, *, if_exists: str = "fail", row_group_rows: int = 131_072) -> None:
        if fmt not in FOLDER_FORMATS:
            raise SinkError(f"{path}: unknown file format '{fmt}'; expected one of {', '.join(FOLDER_FORMATS)}")
        check_file_target(path, fmt, if_exists)
        BaseSink.__init__(self, str(path))
        self.format = fmt
        self.path = path
        self.if_exists = if_exists
        self.row_group_rows = row_group_rows
        self._tmp: Path | None = None
        self._cleanup = None
        self._handles = {}
        self._parquet = {}
        self._pending = {}
        self._pending_rows = {}
        self._arrow_schema = {}
        self._last = None  # FolderSink's write path reads it (the table written last)

    def _open(self, tables: list[TableSchema]) -> None:
        if len(tables) != 1:
            names = ", ".join(t.name for t in tables)
            raise SinkError(
                f"{self.path}: a single {self.path.suffix or self.format} file holds one table; this dataset "
                f"has {len(tables)} ({names}): write to a folder (--format {self.format}) or a database"
            )
        check_file_target(self.path, self.format, self.if_exists)
        (t,) = tables
        self._tmp = make_temp_dir(self.path)
        self._cleanup = remove_later(self, self._tmp)
        self._open_table(t)

    def _file(self, table: str) -> Path:
        assert self._tmp is not None
        return self._tmp / f"table{FOLDER_FORMATS[self.format]}"

    def _commit(self, manifest_json: str) -> None:
        assert self._tmp is not None and self._cleanup is not None
        for name in list(self._parquet):
            self._flush(name)
        self._close_files()
        (name,) = self._tables
        fsync_path(self._file(name))
        check_file_target(self.path, self.format, self.if_exists)  # the target may have appeared since open
        ordinary(self._file(name), directory=False)  # an ordinary output file: the umask decides
        os.replace(self._file(name), self.path)
        atomic_write_text(manifest_sidecar(self.path), manifest_json)
        fsync_path(self.path.parent, directory=True)
        shutil.rmtree(self._tmp, ignore_errors=True)
        self._cleanup.detach()
