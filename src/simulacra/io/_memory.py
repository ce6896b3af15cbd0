"""An in-memory sink: the whole lifecycle of a real one (schemas checked, batches conformed, the
manifest assembled, nothing visible before ``close``, nothing left after ``abort``), no files.

For tests and for embedding: ``sink = MemorySink(); simulacra.generate(spec, sink); sink.frames``.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ._base import BaseSink
from ._schema import TableSchema

__all__ = ["MemorySink"]


class MemorySink(BaseSink):
    """Keeps each table as one polars frame; ``frames`` and ``manifest`` are set on ``close`` only."""

    format = "memory"

    def __init__(self, name: str = "memory") -> None:
        super().__init__(f"memory://{name}")
        self.name = name
        self.frames: dict[str, pl.DataFrame] = {}
        self.manifest: dict[str, Any] | None = None
        self._parts: dict[str, list[pl.DataFrame]] = {}
        self._schemas: dict[str, pl.Schema] = {}

    def _open(self, tables: list[TableSchema]) -> None:
        self._parts = {t.name: [] for t in tables}
        self._schemas = {t.name: pl.Schema({c.name: c.dtype for c in t.columns}) for t in tables}

    def _write(self, table: TableSchema, batch: pl.DataFrame) -> None:
        self._parts[table.name].append(batch)

    def _commit(self, manifest_json: str) -> None:
        self.frames = {
            name: pl.concat(parts) if parts else pl.DataFrame(schema=self._schemas[name])
            for name, parts in self._parts.items()
        }
        self.manifest = json.loads(manifest_json)
        self._parts = {}

    def _abort(self) -> None:
        self._parts = {}
        self.frames = {}
        self.manifest = None
