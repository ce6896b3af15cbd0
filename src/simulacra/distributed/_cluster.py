"""Where the tasks run: a LocalCluster of worker processes, or an existing scheduler by address."""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterator
from typing import Any

from simulacra.errors import SimulacraError

__all__ = ["QUIET", "connect", "require_dask"]

#: Dask's periodic housekeeping in a LocalCluster, slowed where Dask's defaults cost CPU without changing any result.
#: Every server (the scheduler, each nanny, each worker) checks its event loop every 20 ms to warn of a blocked loop,
#: each nanny polls its worker's memory every 100 ms and each server samples CPU and memory every 500 ms. The scheduler
#: and the nannies run in the client's process, so together they cost it 22-42 ms of CPU per second of wall with
#: nothing to do (1 and 2 workers), paid beside the client's serial work per chunk; at these intervals 6-11 ms
#: (branch dask13, ``benchmarks/RESULTS.md``). What they change: a blocked loop is seen within 1 s rather than 20 ms
#: (Dask warns only past ``distributed.admin.tick.limit``, 3 s); a worker over its memory limit is restarted, or
#: spills and pauses, within 0.5 s rather than 0.1 s (a chunk takes seconds); the dashboard's CPU and memory plots
#: have a point every 2 s. Each worker's statistical profiler is off: it samples the running task's stack every 10 ms
#: and keeps a tree of the samples per second (two: per worker and per task prefix) for the last
#: ``distributed.admin.low-level-log-length`` (1,000) seconds, ≈0.12–0.13 MiB per second of work, so a worker's memory grew
#: with the run's wall until 1,000 s (≈64 MiB of the 424 MiB at 487 s, the 10⁸-row person run; branch dask-mem51); only the
#: dashboard's Profile page, on a port nobody is told of, shows it. A value set in the user's Dask configuration (not
#: Dask's default) is kept.
QUIET = {
    "distributed.admin.tick.interval": ("20ms", "1s"),
    "distributed.worker.memory.monitor-interval": ("100ms", "500ms"),
    "distributed.admin.system-monitor.interval": ("500ms", "2s"),
    "distributed.worker.profile.enabled": (True, False),
}


def require_dask() -> None:
    """A clear error when the ``dask`` extra is not installed."""
    missing = [name for name in ("dask", "distributed") if importlib.util.find_spec(name) is None]
    if missing:
        raise SimulacraError(
            f"--engine dask needs {' and '.join(missing)}: install them with pip install 'simulacra[dask]'"
        )


@contextlib.contextmanager
def connect(*, workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: to ``scheduler`` (``tcp://host:port``) when given, else to a LocalCluster of
    ``workers`` processes (one thread each, bound to 127.0.0.1), closed on exit."""
    require_dask()
    if workers is not None and scheduler is not None:
        raise SimulacraError("give either a number of local workers or a scheduler address, not both")
    if workers is not None and workers < 1:
        raise SimulacraError(f"workers must be >= 1, not {workers}")
    from distributed import Client, LocalCluster

    if scheduler is not None:
        if "://" not in scheduler:
            raise SimulacraError(f"{scheduler}: not a scheduler address; expected tcp://HOST:PORT")
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as e:
            raise SimulacraError(f"{scheduler}: cannot reach the Dask scheduler ({e})") from None
        try:
            yield client
        finally:
            client.close()
        return
    import dask

    # read when each server is made; each nanny also keeps its own copy (``config``), which it passes on to every
    # worker process it starts, the one started again after a worker was killed too
    quiet = {key: slow for key, (default, slow) in QUIET.items() if dask.config.get(key, None) in (default, None)}
    with contextlib.ExitStack() as stack:
        with dask.config.set(quiet):
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers or 1,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",  # (its HTTP server, loopback only, any free port)
                    config=dask.config.merge(dask.config.config),  # (a deep copy: the set above is undone on exit)
                )
            )
            client = stack.enter_context(Client(cluster))
        yield client
