"""Group commit: the writes that reach the server together share one transaction and one ``COMMIT``.

A write's handler hands its work (a function that writes through the :class:`~simulacra.serve.writes.Writer`)
to :meth:`GroupCommit.run` and waits. The first write of a group schedules a flush on the event loop: at
the end of the loop's current turn (every request whose bytes arrived in the same read of the sockets has
had its turn by then), or ``window_s`` later when a window is set. The flush opens one ``BEGIN IMMEDIATE``,
runs each write in arrival order inside its own ``SAVEPOINT`` (a write that fails, whatever it wrote
before failing, is rolled back to its savepoint and answered with its own error; the others go on), commits
once, and only then answers every write of the group. The flush is one synchronous call: no read, on this
connection or on another thread, sees a group half done, and SQLite's write lock (``--workers``) is never
held across an ``await``. Keys are made in arrival order, so the same requests arriving in the same order
make the same keys.

Grouping is for a served file (``--db``, ``--workers``), where a ``COMMIT`` appends to the WAL: in groups of
4 to 16 it took 7-45% less CPU per write than a transaction each. In memory (the default store) a
``COMMIT`` costs about what the grouping's savepoint and future cost (no consistent gain), and a grouped
write waits for the rest of its turn, so there each write runs at once in its own transaction.
Measured in benchmarks/RESULTS.md (issue 16, branch serve4).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from simulacra.serve.store import Store

__all__ = ["GroupCommit"]

T = TypeVar("T")

_SAVEPOINT = "simulacra_write"


class GroupCommit:
    """Runs the server's writes in groups that share one ``COMMIT`` (see the module's docstring)."""

    def __init__(
        self, store: Store, *, grouped: bool | None = None, window_s: float = 0.0, max_writes: int = 256
    ) -> None:
        """``grouped``: group the writes (default: when the store is a file; in memory a ``COMMIT`` costs less
        than the grouping, and each write runs at once in its own transaction, as a group of one);
        ``window_s``: how long the first write of a group waits for others (0: until the end of the event
        loop's current turn); ``max_writes``: a group this large is flushed at once."""
        self.store = store
        self.grouped = store.path != ":memory:" if grouped is None else grouped
        self.window_s = window_s
        self.max_writes = max_writes
        self._queue: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []
        self._handle: asyncio.Handle | asyncio.TimerHandle | None = None
        self.groups = 0  # COMMITs made for writes (see snapshot)
        self.writes = 0
        self.largest = 0

    async def run(self, write: Callable[[], T]) -> T:
        """Run ``write`` in the next group; its value once the group is committed (or its own exception).
        ``write`` writes inside :meth:`Store.transaction` (as the writer's methods do): alone, its own
        transaction; in a group, the savepoint the group gives it."""
        if not self.grouped:  # at once, in the transaction the write opens itself
            self.groups += 1
            self.writes += 1
            self.largest = max(self.largest, 1)
            return write()
        loop = asyncio.get_running_loop()
        done: asyncio.Future[T] = loop.create_future()
        self._queue.append((write, done))
        if len(self._queue) >= self.max_writes:
            self.flush()
        elif self._handle is None:
            self._handle = (
                loop.call_later(self.window_s, self.flush) if self.window_s > 0 else loop.call_soon(self.flush)
            )
        return await done

    def flush(self) -> None:
        """Run the writes waiting, in arrival order, in one transaction; then answer each."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        jobs, self._queue = self._queue, []
        if not jobs:
            return
        conn = self.store.conn
        with self.store.lock:
            try:
                outcomes = self._run([write for write, _ in jobs])
            except BaseException as exc:  # nothing a write raises (KeyboardInterrupt...): nothing half-written stays
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                for _, done in jobs:
                    if not done.done():
                        done.set_exception(exc)
                raise
        for (_, done), (ok, value) in zip(jobs, outcomes, strict=True):
            if done.done():  # its client went away (the task was cancelled)
                continue
            if ok:
                done.set_result(value)
            else:
                done.set_exception(value)

    def _run(self, writes: list[Callable[[], Any]]) -> list[tuple[bool, Any]]:
        """Each write's outcome: (True, its value) or (False, the exception it is answered with)."""
        conn = self.store.conn
        if len(writes) == 1:  # a group of one: the transaction the write opens itself (no savepoint)
            self.groups += 1
            self.writes += 1
            self.largest = max(self.largest, 1)
            try:
                return [(True, writes[0]())]
            except Exception as exc:  # noqa: BLE001 (its refusal or crash, answered to it)
                return [(False, exc)]
        try:
            conn.execute("BEGIN IMMEDIATE")
        except Exception as exc:  # noqa: BLE001 (the database refused: every write of the group is told)
            return [(False, exc)] * len(writes)
        outcomes: list[tuple[bool, Any]] = []
        store = self.store
        for write in writes:
            conn.execute(f"SAVEPOINT {_SAVEPOINT}")
            store.in_group_write = True  # Store.transaction() inside it: this savepoint, not another
            try:
                value = write()
            except Exception as exc:  # noqa: BLE001 (this write's own refusal or crash, answered to it alone)
                conn.execute(f"ROLLBACK TO {_SAVEPOINT}")
                conn.execute(f"RELEASE {_SAVEPOINT}")
                outcomes.append((False, exc))
            else:
                conn.execute(f"RELEASE {_SAVEPOINT}")
                outcomes.append((True, value))
            finally:
                store.in_group_write = False
        try:
            conn.execute("COMMIT")
        except Exception as exc:  # noqa: BLE001 (nothing of the group was written: each write is told)
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            return [(False, exc)] * len(writes)
        self.groups += 1
        self.writes += len(writes)
        self.largest = max(self.largest, len(writes))
        return outcomes

    def snapshot(self) -> dict[str, int]:
        """Writes committed, the COMMITs they took, and the largest group (for ``/_stats``)."""
        return {"writes": self.writes, "groups": self.groups, "largest": self.largest}
