"""``simulacra deid --engine dask``: the runner's batches as a ``dask.bag``, one partition per task.

The client cuts the corpus into the batches one process cuts (``text.runner``: by characters, never by
the number of workers), and hands them to :meth:`DaskDeid.map_batches`. Each partition builds one
``Deidentifier`` (the model loaded once per partition) and runs its batches; the client reads the
partitions back in order. With per-document scopes a worker rewrites its documents (fakes hashed from
the seed and the document's key); with ``--corpus-consistent`` it only finds the spans and the client
rewrites every document in corpus order through the one corpus scope — the same scope, in the same order,
as one process, so the bytes are the same (see docs/scale.md for why the rewrite is not on the workers).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from simulacra.errors import SimulacraError

__all__ = ["DaskDeid"]


class DaskDeid:
    """Runs ``deidentify_path``'s batches on a Dask cluster through ``client`` (a ``distributed.Client``).

    ``partitions``: how many bag partitions (tasks) the batches are cut into (default: twice the workers,
    never more than the batches). It never changes the output.
    """

    def __init__(self, client: Any, *, partitions: int | None = None) -> None:
        if partitions is not None and partitions < 1:
            raise SimulacraError(f"partitions must be >= 1, not {partitions}")
        self.client = client
        self.partitions = partitions
        self.tasks = 0

    def map_batches(
        self,
        batches: Sequence[Any],
        mode: str,
        *,
        policy_json: str,
        seed: int,
        record: bool,
        model: str | None,
        ner: str,
    ) -> Iterator[Any]:
        """One result per batch, in order (``mode``: ``rewrite`` or ``analyze``, see ``text.runner``)."""
        if mode not in ("rewrite", "analyze"):
            raise ValueError(f"unknown mode {mode!r}")
        if not batches:
            return
        import dask.bag as db

        workers = len(self.client.scheduler_info().get("workers", {})) or 1
        n = min(len(batches), self.partitions or 2 * workers)
        bag = db.from_sequence(list(batches), npartitions=n).map_partitions(
            _partition, mode, policy_json, seed, record, model, ner
        )
        parts = bag.to_delayed()
        self.tasks += len(parts)
        futures = self.client.compute(parts)  # the bag's keys are a hash of its batches and arguments
        try:
            for fut in futures:
                try:
                    results = fut.result()
                except SimulacraError:
                    raise  # a worker's own error, as one process raises it
                except Exception as err:  # noqa: BLE001 - the cluster's: workers that kept dying, a lost scheduler
                    text = str(err).strip()
                    first = text.splitlines()[0] if text else "no message"
                    raise SimulacraError(
                        f"a partition of the corpus could not be de-identified on the Dask cluster "
                        f"({type(err).__name__}: {first})"
                    ) from err
                fut.release()
                yield from results
        finally:
            for fut in futures:
                fut.cancel()


def _partition(
    batches: Sequence[Any], mode: str, policy_json: str, seed: int, record: bool, model: str | None, ner: str
) -> list[Any]:
    """On a worker: one engine for the partition, then each batch as one process runs it."""
    from threadpoolctl import threadpool_limits

    from simulacra.text.engine import Deidentifier
    from simulacra.text.policy import Policy
    from simulacra.text.runner import analyze_batch, run_batch

    with threadpool_limits(limits=1):  # one thread per worker, as the runner's own worker processes
        engine = Deidentifier(Policy.model_validate_json(policy_json), seed=seed, record=record, model=model, ner=ner)
        if mode == "analyze":
            return [analyze_batch(b, engine) for b in batches]
        return [run_batch(b, engine) for b in batches]
