"""``simulacra evaluate --engine dask``: the chunked metrics' tasks on a Dask cluster.

``evaluation.chunked`` cuts the synthetic rows into partitions and says what to compute on each (partial
sums, never rows back); :class:`DaskChunks` runs those tasks on the cluster: the shared inputs (the plan, the
training rows' hashes, the encoded training and holdout rows) are scattered once to every worker, the
partitions are scattered and mapped, and the results come back in partition order. With ``--chunked-only``
(``evaluation.partitioned``) a chunk is a small description of rows in a Parquet file, which the task reads. This package sits below
evaluation, so it knows the tasks only as callables.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from simulacra.errors import SimulacraError

__all__ = ["DaskChunks", "cluster_failure"]


def cluster_failure(err: BaseException) -> bool:
    """Whether ``err`` is the cluster's (workers that kept dying, a lost scheduler, a cancelled run) rather
    than the task's own exception, which Dask re-raises with its own type."""
    import asyncio
    import concurrent.futures

    from distributed import KilledWorker

    return isinstance(
        err, KilledWorker | OSError | TimeoutError | asyncio.CancelledError | concurrent.futures.CancelledError
    )


class DaskChunks:
    """A chunk runner (``evaluation.chunked.ChunkRunner``) on ``client``'s workers.

    ``partition_rows``: synthetic rows per task; it never changes a number the report marks exact.
    """

    engine = "dask"

    def __init__(self, client: Any, *, partition_rows: int = 100_000) -> None:
        if partition_rows < 1:
            raise SimulacraError(f"partition rows must be >= 1, not {partition_rows}")
        self.client = client
        self.partition_rows = partition_rows
        self.tasks = 0

    def map(self, task: Callable[..., Any], chunks: Sequence[Any], shared: Mapping[str, Any]) -> list[Any]:
        """``task(chunk, **shared)`` for every chunk on the cluster, the results in chunk order."""
        if not chunks:
            return []
        run = uuid.uuid4().hex[:12]
        name = getattr(task, "__name__", "task").strip("_")
        futures: list[Any] = []
        try:
            # each value as one object (scattering a dict itself would scatter its items, and an empty one fails)
            shared_f = {k: self.client.scatter([v], broadcast=True, hash=False)[0] for k, v in shared.items()}
            chunk_f = self.client.scatter(list(chunks), hash=False)
            futures = [
                self.client.submit(task, c, **shared_f, key=f"simulacra-evaluate-{name}-{j}-{run}", pure=False)
                for j, c in enumerate(chunk_f)
            ]
            self.tasks += len(futures)
            return list(self.client.gather(futures))
        except Exception as err:
            if not cluster_failure(err):
                raise  # the task's own error (a metric that cannot run here), as one process raises it
            first = (str(err).strip().splitlines() or ["no message"])[0]
            raise SimulacraError(
                f"evaluate: the {name.replace('_', ' ')} tasks failed on the Dask cluster ({type(err).__name__}: {first})"
            ) from err
        finally:
            for f in futures:
                f.release()
