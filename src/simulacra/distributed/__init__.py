"""Generation on a Dask cluster, with the same output as one process (``simulacra generate --engine dask``).

Chunks of a table are Dask tasks (``_task``: rebuilt engine, one row range); the client keeps what must
see rows in order — the redraws of repeated unique values, parent columns for children, child counts, the
sink — and consumes the tasks' rows in chunk order (``_executor``); a table's uniqueness ledgers are cut by
hash into shards that check each chunk's values on the workers (``_ledger``), so the client walks only the
rows they flag. ``_cluster`` connects to a LocalCluster or a
scheduler address. ``_deid`` runs ``simulacra deid``'s batches as a ``dask.bag``; ``_sample`` samples a one-table
learned model's row chunks as tasks, or a multi-table model's learned draws table by table (``simulacra sample
--engine dask``); ``_chunks`` runs ``simulacra evaluate``'s
chunked metrics (partial sums over partitions of the synthetic rows; with ``--chunked-only`` over partitions of
every input, each task reading its own from Parquet). Importing this package
imports no Dask; ``connect`` does.
"""

from __future__ import annotations

from simulacra.distributed._chunks import DaskChunks
from simulacra.distributed._cluster import connect, require_dask
from simulacra.distributed._deid import DaskDeid
from simulacra.distributed._executor import DaskExecutor
from simulacra.distributed._sample import DaskDraw, sample_chunks

__all__ = ["DaskChunks", "DaskDeid", "DaskDraw", "DaskExecutor", "connect", "require_dask", "sample_chunks"]
