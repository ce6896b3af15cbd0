"""Resolving an OUTPUT or a source string: file path, folder or database URL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

__all__ = ["DB_SUFFIXES", "FILE_FORMATS", "READ_FILE_FORMATS", "Target", "mask", "output_path"]

#: database files by suffix: the one table that writing (sinks) and reading (read_dataset, read_source) use
DB_SUFFIXES = {".db": "sqlite", ".sqlite": "sqlite", ".sqlite3": "sqlite", ".duckdb": "duckdb", ".ddb": "duckdb"}
#: one-table files a sink writes, by suffix
FILE_FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: one-table files that are read, by suffix (what is written, and tab-separated text)
READ_FILE_FORMATS = {**FILE_FORMATS, ".tsv": "tsv"}
EXPECTED = (
    "a .db/.sqlite/.sqlite3 file (SQLite), a .duckdb/.ddb file (DuckDB), a folder (format parquet, csv or jsonl),"
    " or a URL sqlite:///path, duckdb:///path, postgresql://user@host/db"
)


@dataclass(frozen=True)
class Target:
    kind: str  # sqlite | duckdb | postgresql | folder | file | sqlalchemy | a registered sink's name
    path: Path | None = None
    url: sa.URL | None = None
    format: str | None = None  # folder/file format
    text: str | None = None  # the OUTPUT as given, for a registered sink's own URL scheme (memory://name)

    @property
    def display(self) -> str:
        if self.url is not None:
            return mask(self.url)
        if self.path is None and self.text is not None:
            return mask(self.text)
        return str(self.path)


def mask(url: sa.URL | str) -> str:
    """The URL with its password hidden."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - unparseable: show only the scheme
        return str(url).split("://", 1)[0] + "://***"


def is_url(text: str) -> bool:
    head, sep, _ = text.partition("://")
    return bool(sep) and len(head) > 1 and all(ch.isalnum() or ch in "+-." for ch in head)


def parse_url(text: str) -> sa.URL:
    try:
        return sa.make_url(text)
    except Exception as e:  # noqa: BLE001
        raise ValueError(f"{mask(text)}: not a valid URL ({type(e).__name__}); expected {EXPECTED}") from None


def url_target(text: str) -> Target:
    url = parse_url(text)
    backend = url.get_backend_name()
    if backend in ("sqlite", "duckdb"):
        if not url.database or url.database == ":memory:":
            raise ValueError(f"{mask(url)}: names no database file; expected {backend}:///path/to/file")
        return Target(backend, path=Path(url.database))
    if backend in ("postgresql", "postgres"):
        return Target("postgresql", url=url.set(drivername="postgresql+psycopg"))
    return Target("sqlalchemy", url=url)


def output_path(output: str | Path | Any, fmt: str | None = None) -> Path | None:
    """The file or folder an OUTPUT string writes (None for a server database)."""
    from ._api import sink_target  # (imports this module)
    from ._base import BaseSink

    if isinstance(output, BaseSink):
        return None  # a sink object: it writes where it writes
    target = sink_target(output, fmt)
    return target.path if target.kind != "postgresql" else None
