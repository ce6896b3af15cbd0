"""Where the tasks run: a LocalCluster of worker processes, or an existing scheduler by address."""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterator
from typing import Any

from simulacra.errors import SimulacraError

__all__ = ["connect", "require_dask"]


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
    with (
        LocalCluster(
            n_workers=workers or 1,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # (its HTTP server, loopback only, any free port)
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
