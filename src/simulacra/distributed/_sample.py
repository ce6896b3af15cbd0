"""``simulacra sample MODEL --engine dask``: a learned model's row chunks as Dask tasks.

A multi-table model (:class:`DaskDraw`): the client walks the tables in dependency order as one process does
(child counts, uniqueness, date windows, keys and rule columns need whole tables); only the learned draw of each
table — the model's own sampling, the heavy part — runs as tasks, one per ``chunk_rows`` rows, each task given
its rows' ids and, for a child table, just its rows' slice of the parent context (the parent rows' codes).
Every learned row is a pure function of (seed, row id, context row), so the rows are those of one process.

A one-table model (:func:`sample_chunks`):

Each task (``simulacra.synth.dataset.sample_chunk_ipc``) loads the model from its folder (a path, not the
model, travels to the worker), samples rows ``a..b-1`` (every row a pure function of seed and row id: the
same rows as one process) and returns them as Arrow IPC bytes; the client reads the results back in chunk
order, at most ``window`` tasks ahead. This package sits below synth, so the task is passed in.
"""

from __future__ import annotations

import io
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import polars as pl

from simulacra.distributed._chunks import cluster_failure
from simulacra.errors import GenerationError, SimulacraError

__all__ = ["DaskDraw", "sample_chunks"]


class DaskDraw:
    """A ``DatasetSynthesizer.sample(draw=...)`` that draws each table's learned rows as Dask tasks on ``client``.

    ``task(table, rows, context)`` returns the rows as Arrow IPC bytes and their codes (a picklable function of
    the model folder, such as ``functools.partial(simulacra.synth.dataset.draw_chunk, folder, seed)``).
    ``tasks``: how many tasks each table took.
    """

    def __init__(self, client: Any, task: Callable[..., tuple[bytes, Any]], *, chunk_rows: int = 100_000) -> None:
        if chunk_rows < 1:
            raise SimulacraError(f"chunk rows must be >= 1, not {chunk_rows}")
        self.client, self.task, self.chunk_rows = client, task, chunk_rows
        self.tasks: dict[str, int] = {}

    def __call__(self, table: str, rows: Any, context: Any) -> tuple[pl.DataFrame, Any]:
        import numpy as np

        run = uuid.uuid4().hex[:12]
        bounds = [(a, min(len(rows), a + self.chunk_rows)) for a in range(0, len(rows), self.chunk_rows)]
        futures = []
        try:
            for a, b in bounds:
                ctx = None if context is None else self.client.scatter(context[a:b], hash=False)
                key = f"simulacra-draw-{table}-{a}-{b}-{run}"
                futures.append(self.client.submit(self.task, table, rows[a:b], ctx, key=key, pure=False))
            self.tasks[table] = len(futures)
            got = self.client.gather(futures)
        except SimulacraError:
            raise
        except Exception as err:  # noqa: BLE001 - a task's own error crosses whole; the cluster's are named
            if not cluster_failure(err):
                raise
            first = (str(err).strip().splitlines() or ["no message"])[0]
            raise GenerationError(
                f"table '{table}' could not be sampled on the Dask cluster ({type(err).__name__}: {first})"
            ) from err
        finally:
            for f in futures:
                f.release()
        if not got:
            frame, codes = self.task(table, rows, context)  # no rows: the table's empty frame, made here
            return pl.read_ipc(io.BytesIO(frame)), codes
        return pl.concat([pl.read_ipc(io.BytesIO(data)) for data, _ in got]), np.concatenate([c for _, c in got])


def sample_chunks(
    client: Any, task: Callable[[int, int], bytes], bounds: Sequence[tuple[int, int]], *, window: int | None = None
) -> Iterator[pl.DataFrame]:
    """``task(a, b)`` (rows ``a..b-1`` as Arrow IPC bytes; a picklable function of a model folder, such as
    ``functools.partial(simulacra.synth.dataset.sample_chunk_ipc, folder, seed)``) for each of ``bounds`` on
    ``client``'s workers, read back and yielded in chunk order."""
    ahead = window or max(2, 2 * len(client.scheduler_info().get("workers", {})))
    pending: deque[tuple[int, int, Any]] = deque()
    todo = iter(bounds)
    run = uuid.uuid4().hex[:12]

    def submit() -> None:
        for a, b in todo:
            key = f"simulacra-sample-{a}-{b}-{run}"
            pending.append((a, b, client.submit(task, a, b, key=key, pure=False)))
            return

    try:
        for _ in range(ahead):
            submit()
        while pending:
            a, b, fut = pending.popleft()
            try:
                data: bytes = fut.result()
            except SimulacraError:
                raise  # the task's own error (rows that keep copying a training row...), as one process raises it
            except Exception as err:  # noqa: BLE001 - the cluster's: workers that kept dying, a lost scheduler
                first = (str(err).strip().splitlines() or ["no message"])[0]
                raise GenerationError(
                    f"rows {a}..{b - 1} could not be sampled on the Dask cluster ({type(err).__name__}: {first})",
                ) from err
            fut.release()
            submit()
            yield pl.read_ipc(io.BytesIO(data))
    finally:
        for _, _, fut in pending:
            fut.cancel()
