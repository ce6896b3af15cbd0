"""The Sink protocol, the lifecycle every sink shares, and atomic file helpers."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import weakref
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, runtime_checkable

import polars as pl

from simulacra import _fs
from simulacra._perms import ordinary
from simulacra.errors import Location, SinkError

from ._schema import TableSchema, conform_batch, schema_to_dict, validate_tables

__all__ = ["MANIFEST_FILE", "MANIFEST_TABLE", "BaseSink", "Sink"]

MANIFEST_FILE = "manifest.json"
MANIFEST_TABLE = "_simulacra_manifest"
MANIFEST_KEY = "manifest"


@runtime_checkable
class Sink(Protocol):
    """Where a dataset is written: ``open`` → ``write``\\* → ``write_manifest`` → ``close``.

    Nothing is visible at the output before ``close``; ``abort`` leaves nothing behind
    and any previous output untouched.
    """

    def open(self, tables: Sequence[TableSchema]) -> None: ...

    def write(self, table: str, batch: pl.DataFrame) -> None: ...

    def write_manifest(self, manifest: dict[str, Any]) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


class BaseSink:
    """Lifecycle and checks shared by every sink; subclasses implement the ``_`` hooks.

    States: new → open → closed | aborted. A failing write aborts at once (so nothing
    is left even if the caller forgets to) and every later call raises.
    """

    format: str = ""

    def __init__(self, display: str) -> None:
        self.display = display  # the output as it may be shown to a user (no password)
        self._state = "new"
        self._tables: dict[str, TableSchema] = {}
        self._rows: dict[str, int] = {}
        self._manifest: dict[str, Any] = {}
        self._notes: list[str] = []

    # ------------------------------------------------------------------ protocol
    def open(self, tables: Sequence[TableSchema]) -> None:
        if self._state != "new":
            raise SinkError(f"{self.display}: open() called on a sink that is {self._state}")
        tables = list(tables)
        validate_tables(tables, unsupported=self._unsupported)
        self._tables = {t.name: t for t in tables}
        self._rows = {t.name: 0 for t in tables}
        try:
            self._open(tables)
        except BaseException as e:
            self._state = "aborted"
            self._quiet_abort()
            if isinstance(e, SinkError):
                raise
            if isinstance(e, Exception):
                raise self._error(f"cannot be opened: {_describe(e)}") from e
            raise
        self._state = "open"

    def write(self, table: str, batch: pl.DataFrame) -> None:
        self._require_open("write")
        schema = self._tables.get(table)
        if schema is None:
            from simulacra.errors import did_you_mean

            raise SinkError(
                f"{self.display}: not a table given to open(){did_you_mean(table, self._tables)}",
                location=Location(table=table),
            )
        try:
            batch = conform_batch(schema, batch)
            if batch.height == 0:
                return
            self._write(schema, batch)
        except BaseException as e:
            self._fail()
            if isinstance(e, SinkError):
                raise
            if isinstance(e, Exception):
                raise self._error(f"cannot write a batch ({_describe(e)}); nothing was written", table=table) from e
            raise
        self._rows[table] += batch.height

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        self._require_open("write_manifest")
        try:
            json.dumps(manifest, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise SinkError(f"{self.display}: the manifest is not JSON-serializable ({e})") from e
        if "sink" in manifest:
            raise SinkError(f"{self.display}: the manifest key 'sink' is reserved for the sink itself")
        self._manifest = dict(manifest)

    def close(self) -> None:
        self._require_open("close")
        text = json.dumps(self.full_manifest(), indent=2, ensure_ascii=False, allow_nan=False)
        try:
            self._commit(text)
        except BaseException as e:
            self._fail()
            if isinstance(e, SinkError):
                raise
            if isinstance(e, Exception):
                raise self._error(f"cannot be completed ({_describe(e)}); nothing was written") from e
            raise
        self._state = "closed"

    def abort(self) -> None:
        if self._state in ("closed", "aborted"):
            return
        self._state = "aborted"
        self._abort()

    def __enter__(self) -> BaseSink:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None and self._state == "open":
            self.close()
        else:
            self.abort()

    # ------------------------------------------------------------------ helpers
    def full_manifest(self) -> dict[str, Any]:
        """The caller's manifest plus the ``sink`` section: format, tables (schema, rows), notes."""
        tables = {}
        for name, t in self._tables.items():
            tables[name] = {**schema_to_dict(t), "rows": self._rows[name]}
        return {**self._manifest, "sink": {"format": self.format, "tables": tables, "notes": list(self._notes)}}

    def note(self, message: str) -> None:
        self._notes.append(message)

    def _require_open(self, what: str) -> None:
        if self._state != "open":
            why = {"new": "not opened yet", "closed": "already closed", "aborted": "aborted"}[self._state]
            raise SinkError(f"{self.display}: {what}() on a sink that is {why}")

    def _fail(self) -> None:
        self._state = "aborted"
        self._quiet_abort()

    def _quiet_abort(self) -> None:
        with contextlib.suppress(Exception):
            self._abort()

    def _error(self, message: str, *, table: str | None = None, column: str | None = None) -> SinkError:
        return SinkError(f"{self.display}: {message}", location=Location(table=table, column=column))

    # ------------------------------------------------------------------ hooks
    def _unsupported(self, dtype: pl.DataType) -> str | None:
        return None

    def _open(self, tables: list[TableSchema]) -> None:
        raise NotImplementedError

    def _write(self, table: TableSchema, batch: pl.DataFrame) -> None:
        raise NotImplementedError

    def _commit(self, manifest_json: str) -> None:
        raise NotImplementedError

    def _abort(self) -> None:
        raise NotImplementedError


def _describe(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    first = text[0] if text else ""
    return f"{type(e).__name__}: {first}" if first else type(e).__name__


# --------------------------------------------------------------------------- files


def check_parent(path: Path, expected: str) -> Path:
    """The folder ``path`` will be written into; SinkError if it is not a writable folder."""
    parent = path.parent
    if not parent.exists():
        raise SinkError(f"{path}: the folder {parent} does not exist; expected {expected} inside an existing folder")
    if not parent.is_dir():
        raise SinkError(f"{path}: {parent} is not a folder; expected {expected} inside an existing folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise SinkError(f"{path}: the folder {parent} is not writable; expected {expected} in a writable folder")
    return parent


def make_temp_dir(target: Path) -> Path:
    """A hidden temporary folder beside ``target`` (same file system, so rename is atomic).

    It is named for this process (``.<name>.tmp-<pid>-…``); those of dead runs are removed first.
    """
    try:
        _fs.remove_stale(target)
        tmp = _fs.make_temp_dir(target)
        ordinary(tmp, directory=True)  # it becomes the output folder: the umask decides, not mkdtemp's 0700
        return tmp
    except OSError as e:
        raise SinkError(f"{target}: cannot create a temporary folder beside it ({e.strerror or e})") from e


def remove_later(owner: object, path: Path) -> weakref.finalize:
    """Remove ``path`` when ``owner`` is garbage collected or the interpreter exits, unless detached."""
    return weakref.finalize(owner, shutil.rmtree, str(path), True)


fsync_path = _fs.fsync_path  # one home: the ground floor's


atomic_write_text = _fs.atomic_write_text  # one home: the ground floor's


def replace_dir(new: Path, target: Path) -> None:
    """Move folder ``new`` to ``target`` in one atomic step (see ``simulacra._fs``); the old one is deleted after."""
    _fs.replace_dir(new, target)
