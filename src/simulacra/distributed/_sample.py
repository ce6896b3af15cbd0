"""``simulacra sample MODEL --engine dask``: a one-table learned model's row chunks as Dask tasks.

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

from simulacra.errors import GenerationError, SimulacraError

__all__ = ["sample_chunks"]


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
