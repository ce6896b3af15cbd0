"""SQLite plumbing of an episode: fresh in-memory copies, rows as dicts, and the changes an episode made."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

__all__ = ["Changes", "copy_of", "open_pristine", "row_by_key"]

HANDOFFS = "_handoffs"  # the built-in hand-off log (transfer_to_human writes one row)


def open_pristine(path: Path) -> sqlite3.Connection:
    """The built database, read into memory once (episodes copy it from there)."""
    disk = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    mem = sqlite3.connect(":memory:", check_same_thread=False)
    disk.backup(mem)
    disk.close()
    return mem


def copy_of(pristine: sqlite3.Connection) -> sqlite3.Connection:
    """A fresh in-memory copy: an episode's own database."""
    conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    pristine.backup(conn)
    conn.row_factory = sqlite3.Row
    return conn


def row_by_key(conn: sqlite3.Connection, table: str, key: str, value: Any) -> dict[str, Any] | None:
    cur = conn.execute(f'SELECT * FROM "{table}" WHERE "{key}" = ?', (value,))
    row = cur.fetchone()
    return None if row is None else dict(zip([d[0] for d in cur.description], tuple(row)))


class Changes:
    """The rows an episode touched, with their values before the first change: the episode's diff."""

    def __init__(self) -> None:
        self._before: dict[tuple[str, Any], dict[str, Any] | None] = {}
        self._keys: dict[tuple[str, Any], str] = {}

    def touch(self, conn: sqlite3.Connection, table: str, key: str, value: Any, *, new: bool = False) -> None:
        if (table, value) not in self._before:
            self._before[(table, value)] = None if new else row_by_key(conn, table, key, value)
            self._keys[(table, value)] = key

    def diff(self, conn: sqlite3.Connection) -> list[dict[str, Any]]:
        """Every touched row whose values differ now: ``{table, key, before, after}``, sorted."""
        out = []
        for (table, value), before in self._before.items():
            after = row_by_key(conn, table, self._keys[(table, value)], value)
            if after != before:
                out.append({"table": table, "key": value, "before": before, "after": after})
        return sorted(out, key=lambda c: (c["table"], str(c["key"])))
