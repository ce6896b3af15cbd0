"""The served database: SQLite, built from the generated frames, reset from a pristine copy.

Identifiers come only from the API model (names already checked against
``[A-Za-z_][A-Za-z0-9_]*``) and are quoted; every value goes through a parameter.
The generated state is kept in a private in-memory database; ``reset()`` copies it
back over the live one with SQLite's backup API (one step, atomic for readers).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl

from simulacra.serve.model import ApiModel, ApiTable
from simulacra.serve.values import to_store

__all__ = ["FOLD", "PENDING", "Store", "fold", "fts5_trigram", "q", "text_columns"]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_AFFINITY = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


_QUOTED: dict[str, str] = {}  # q's answers (names of the model: a few hundred)


def q(name: str) -> str:
    """A quoted SQL identifier; only names that passed the model's check reach here."""
    quoted = _QUOTED.get(name)
    if quoted is None:
        if not _IDENT.fullmatch(name):
            raise ValueError(f"not an identifier: {name!r}")
        quoted = f'"{name}"'
        if len(_QUOTED) < 100_000:
            _QUOTED[name] = quoted
    return quoted


FOLD = "simulacra_fold"  # the SQL name of :func:`fold` on the store's connection
_CHANGED = "simulacra_changed"  # the SQL function the triggers of Store._watch call
ROW_MARKS = 100_000  # rows per table whose last change Store.row_stamp remembers (past it: forgotten at once)


def fold(value: Any) -> Any:
    """Text with its letters' case folded (Unicode ``casefold``): how ``?q=`` compares non-ASCII text."""
    return value.casefold() if isinstance(value, str) else None


def text_columns(table: ApiTable) -> list[str]:
    """The columns ``?q=`` searches: those holding text (not dates, not date-times)."""
    return [c.name for c in table.columns.values() if c.kind == "string"]


def fts5_trigram() -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34 and later, when built with FTS5)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize = 'trigram case_sensitive 1')")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


PENDING = "simulacra_search_pending"  # rows written since their search index was last brought up to date

# the shadow tables FTS5 makes beside an index (a model table of one of these names keeps its table unindexed)
_SHADOWS = ("", "_data", "_idx", "_content", "_docsize", "_config")


def _search_indexes(model: ApiModel) -> dict[str, tuple[str, str, list[str]]]:
    """Per table with text columns: its search index's name, the name its rowid goes by (one no column
    shadows) and the indexed columns."""
    out: dict[str, tuple[str, str, list[str]]] = {}
    names = set(model.tables)
    if PENDING in names:
        return out
    for table in model.tables.values():
        columns = text_columns(table)
        rowid = next((r for r in ("rowid", "_rowid_", "oid") if r not in table.columns), None)
        index = f"simulacra_search_{table.name}"
        if columns and rowid is not None and not any(index + s in names for s in _SHADOWS):
            out[table.name] = (index, rowid, columns)
    return out


def _ddl(table: ApiTable, with_key: bool) -> str:
    cols = [f"{q(c.name)} {_AFFINITY.get(c.kind, 'TEXT')}" for c in table.columns.values()]
    if with_key and table.primary_key is not None:
        cols.append(f"PRIMARY KEY ({q(table.primary_key)})")
    return f"CREATE TABLE {q(table.name)} ({', '.join(cols)})"


class Store:
    """The live database of a served dataset, and its pristine copy."""

    def __init__(
        self, model: ApiModel, frames: Mapping[str, pl.DataFrame], path: str | Path | None = None, *, fresh: bool = True
    ) -> None:
        """``path``: a database file to serve from (shared by worker processes); ``fresh=False`` serves the
        file as it is (another process filled it) instead of copying the generated state into it."""
        self.model = model
        self.lock = threading.RLock()
        # ?q= searches through an FTS5 trigram index of each table's text columns, case-folded (see
        # query.search_clause); without FTS5, a scan
        self.search: dict[str, tuple[str, str, list[str]]] = _search_indexes(model) if fts5_trigram() else {}
        self._pristine = sqlite3.connect(":memory:", check_same_thread=False)
        self._pristine.create_function(FOLD, 1, fold, deterministic=True)
        self._load(self._pristine, frames)
        self._wire = {
            t.name: (list(t.columns), [c.name for c in t.columns.values() if c.kind == "boolean"])
            for t in model.tables.values()
        }
        self._select = {
            t.name: f"SELECT {', '.join(q(c) for c in t.columns)} FROM {q(t.name)}" for t in model.tables.values()
        }
        self.path = str(path) if path is not None else ":memory:"
        self.in_group_write = False  # a write of a group runs (in its own savepoint: see serve.commits)
        self.resets = 0  # see :meth:`version`
        # rows inserted, changed or deleted per table through this connection, counted by temporary triggers
        # (so every write counts: cascades and aggregates' updates too); see :meth:`stamp`
        self.changed: dict[str, int] = dict.fromkeys(model.tables, 0)
        # per table with a key: each row's key -> the table's count of changes just after that row's last one;
        # a row not there last changed at most at the floor (see :meth:`row_stamp`)
        self.row_changed: dict[str, dict[Any, int]] = {t: {} for t in model.tables}
        self._row_floor: dict[str, int] = dict.fromkeys(model.tables, 0)
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        self.conn.create_function(FOLD, 1, fold, deterministic=True)
        self.conn.create_function(_CHANGED, -1, self._changed)
        if fresh:
            self.reset()
        else:  # another process made the file: search only through the indexes it holds
            held = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            self.search = {t: v for t, v in self.search.items() if v[0] in held and PENDING in held}
        self._watch()
        if path is not None:
            self.conn.execute("PRAGMA journal_mode = WAL")  # readers in other processes do not wait for a writer
            # WAL without an fsync per commit: a write is still all or nothing (a crash can lose the last
            # writes, never tear one); reads from the file through a memory map and a 64 MiB page cache
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA mmap_size = 268435456")
            self.conn.execute("PRAGMA cache_size = -65536")

    def _load(self, conn: sqlite3.Connection, frames: Mapping[str, pl.DataFrame]) -> None:
        for table in self.model.tables.values():
            frame = frames[table.name].select(list(table.columns))
            kinds = [c.kind for c in table.columns.values()]
            rows = [tuple(to_store(v, k) for v, k in zip(row, kinds)) for row in frame.iter_rows()]
            marks = ", ".join("?" * len(kinds))
            for with_key in (True, False):
                try:
                    conn.execute("BEGIN")
                    conn.execute(_ddl(table, with_key))
                    conn.executemany(f"INSERT INTO {q(table.name)} VALUES ({marks})", rows)
                    conn.execute("COMMIT")
                    break
                except sqlite3.IntegrityError:  # a duplicate key in the data: served without the key constraint
                    conn.execute("ROLLBACK")
            indexed = {  # what filters and nested routes look up: foreign keys, unique and categorical columns
                c.name for c in table.columns.values() if c.foreign_key or c.unique or c.enum is not None
            } - {table.primary_key}
            # the key after the column: a filtered list or a nested route is read in key order (the default
            # sort) straight from the index, LIMIT stopping early, instead of sorting every match; an
            # INTEGER primary key is SQLite's rowid, which every index already ends with
            rowid = table.primary_key is not None and table.columns[table.primary_key].kind == "integer"
            for col in sorted(indexed):
                tail = [] if rowid else [c for c in table.key_columns if c != col]
                cols = ", ".join(q(c) for c in [col, *tail])
                conn.execute(f"CREATE INDEX {q('ix_' + table.name + '_' + col)} ON {q(table.name)} ({cols})")
            if table.name in self.search:
                index, rid, texts = self.search[table.name]
                conn.execute(
                    f"CREATE VIRTUAL TABLE {q(index)} USING fts5({', '.join(q(c) for c in texts)}, "
                    "tokenize = 'trigram case_sensitive 1')"
                )
                conn.execute(
                    f"INSERT INTO {q(index)} (rowid, {', '.join(q(c) for c in texts)}) "
                    f"SELECT {rid}, {', '.join(f'{FOLD}({q(c)})' for c in texts)} FROM {q(table.name)}"
                )
                conn.commit()
        if self.search:
            conn.execute(f"CREATE TABLE {q(PENDING)} (t TEXT, rid INTEGER)")
        conn.commit()

    def reset(self) -> None:
        """Restore the generated state."""
        with self.lock:
            self.resets += 1
            self._pristine.backup(self.conn)
            self.conn.execute("PRAGMA foreign_keys = OFF")
            self._watch()
            for name, rows in self.row_changed.items():  # the reset's new version forgets every kept answer
                rows.clear()
                self._row_floor[name] = self.changed[name]

    def _watch(self) -> None:
        """Temporary triggers (this connection's own) that count each table's row changes in :attr:`changed`
        and, for a table with a key, note each changed row's key (:meth:`row_stamp`), and note the rows whose
        text its search index must take again (see :meth:`sync_search`)."""
        for name in self.model.tables:
            table = self.model.tables[name]
            key = q(table.primary_key) if table.primary_key is not None else None
            keys = {  # the changed row's key (a changed key: both); none for a table without a key
                "INSERT": f", new.{key}" if key else "",
                "UPDATE": f", old.{key}, new.{key}" if key else "",
                "DELETE": f", old.{key}" if key else "",
            }
            for op in ("INSERT", "UPDATE", "DELETE"):
                trigger = q(f"simulacra_{op.lower()}_{name}")
                self.conn.execute(
                    f"CREATE TEMP TRIGGER IF NOT EXISTS {trigger} AFTER {op} ON main.{q(name)} "
                    f"BEGIN SELECT {_CHANGED}('{name}'{keys[op]}); END"
                )
            if name not in self.search:
                continue
            rowid = self.search[name][1]
            # a write notes the rows it touched (a few µs); sync_search() brings the index up to date before a
            # search reads it, so the index's own cost (FTS5 writes a segment per transaction) is paid once
            # for every write since, not per write
            note = f"INSERT INTO {q(PENDING)} (t, rid) VALUES"
            pk = table.primary_key
            texts = self.search[name][2]
            # an update matters only when it sets a text column (or an integer key: the rowid)
            watched = [*texts, *([pk] if pk is not None and table.columns[pk].kind == "integer" else [])]
            for op, when, body in (
                ("insert", "INSERT", f"{note} ('{name}', new.{rowid});"),
                ("delete", "DELETE", f"{note} ('{name}', old.{rowid});"),
                (
                    "update",
                    f"UPDATE OF {', '.join(q(c) for c in watched)}",
                    f"{note} ('{name}', old.{rowid}), ('{name}', new.{rowid});",
                ),
            ):
                self.conn.execute(
                    f"CREATE TEMP TRIGGER IF NOT EXISTS {q(f'simulacra_search_{op}_{name}')} AFTER {when} "
                    f"ON main.{q(name)} BEGIN {body} END"
                )

    def sync_search(self, table: str) -> None:
        """Bring ``table``'s search index up to date with the rows written since it last was (by any
        connection of the server: the notes are in the database), in one transaction."""
        index, rowid, texts = self.search[table]
        with self.lock:
            if self.conn.execute(f"SELECT 1 FROM {q(PENDING)} WHERE t = ? LIMIT 1", [table]).fetchone() is None:
                return
            with self.transaction() as conn:
                rows = f"SELECT rid FROM {q(PENDING)} WHERE t = ?"
                conn.execute(f"DELETE FROM {q(index)} WHERE rowid IN ({rows})", [table])
                conn.execute(
                    f"INSERT INTO {q(index)} (rowid, {', '.join(q(c) for c in texts)}) "
                    f"SELECT {rowid}, {', '.join(f'{FOLD}({q(c)})' for c in texts)} FROM {q(table)} "
                    f"WHERE {rowid} IN ({rows})",
                    [table],
                )
                conn.execute(f"DELETE FROM {q(PENDING)} WHERE t = ?", [table])

    def _changed(self, table: str, *keys: Any) -> None:
        n = self.changed[table] + 1
        self.changed[table] = n
        if keys:
            rows = self.row_changed[table]
            if len(rows) >= ROW_MARKS:  # bounded: every row counts as changed now, the marks are dropped
                rows.clear()
                self._row_floor[table] = n
            for key in keys:
                rows[key] = n

    def version(self) -> tuple[int, int]:
        """Changes whenever any table may have changed otherwise than :meth:`stamp` sees: after a reset, and
        (a served file) after each commit of another connection (SQLite's ``data_version``: another worker's)."""
        if self.path == ":memory:":  # no other connection can write it
            return self.resets, 0
        with self.lock:
            return self.resets, self.conn.execute("PRAGMA data_version").fetchone()[0]

    def stamp(self, tables: Sequence[str]) -> tuple[int, ...]:
        """Counts of the row changes of ``tables`` made through this connection: equal stamps (and an equal
        :meth:`version`), the same rows."""
        changed = self.changed
        return tuple(changed[t] for t in tables)

    def row_stamp(self, table: str, key: Any) -> int:
        """The count of ``table``'s changes (:attr:`changed`) just after the last change, through this
        connection, of its row of key ``key`` (inserted, changed, deleted, its key changed to or from it), or
        a count no smaller: a read of that row alone made when the count was ``c`` is current while this is
        at most ``c`` (and :meth:`version` is the same). Keys as stored (an integer key's as ``int``)."""
        return self.row_changed[table].get(key, self._row_floor[table])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write: everything in it is committed together or not at all. Inside a transaction already
        open (a group of writes sharing one ``COMMIT``: :mod:`simulacra.serve.commits`), a savepoint: a
        failure rolls back this write alone, and what it wrote is committed with the group."""
        with self.lock:
            if self.conn.in_transaction and self.in_group_write:  # the group's savepoint is this write's own
                yield self.conn
                return
            if self.conn.in_transaction:
                self.conn.execute("SAVEPOINT simulacra_nested")
                try:
                    yield self.conn
                except BaseException:
                    self.conn.execute("ROLLBACK TO simulacra_nested")
                    self.conn.execute("RELEASE simulacra_nested")
                    raise
                self.conn.execute("RELEASE simulacra_nested")
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    # ------------------------------------------------------------------ reads

    def rows(self, table: str, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        """Rows of ``table`` as the wire has them (``sql`` selects its columns in order, as :meth:`select`)."""
        names, booleans = self._wire[table]
        with self.lock:
            fetched = self.conn.execute(sql, params).fetchall()
        out = [dict(zip(names, row, strict=True)) for row in fetched]
        for name in booleans:  # the only kind stored otherwise than the wire has it (0/1)
            for r in out:
                if r[name] is not None:
                    r[name] = r[name] == 1
        return out

    def select(self, table: str) -> str:
        """``SELECT`` of every column of ``table``, in order (made once)."""
        return self._select[table]

    def scalar(self, sql: str, params: Sequence[Any]) -> Any:
        with self.lock:
            row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def first(self, sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        """The first row of ``sql`` as stored (a tuple), or None."""
        with self.lock:
            row = self.conn.execute(sql, params).fetchone()
        return None if row is None else tuple(row)

    def get(self, table: str, column: str, value: Any) -> dict[str, Any] | None:
        found = self.rows(table, f"{self.select(table)} WHERE {q(column)} = ? LIMIT 1", [value])
        return found[0] if found else None

    def exists(self, table: str, column: str, value: Any) -> bool:
        return self.scalar(f"SELECT 1 FROM {q(table)} WHERE {q(column)} = ? LIMIT 1", [value]) is not None

    def count(self, table: str) -> int:
        return int(self.scalar(f"SELECT COUNT(*) FROM {q(table)}", []))
