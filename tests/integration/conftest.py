"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

#: how long a test waits for the cluster's two workers (a killed one is restarted by its nanny): on a loaded
#: machine a worker process takes far longer than its usual seconds to start
WORKER_WAIT_S = 300


@pytest.fixture(scope="session")
def _dask_session_client() -> Iterator[Any]:
    """A real Dask LocalCluster of two worker processes (one thread each) on 127.0.0.1, one per session:
    starting one costs seconds, and the tests that kill a worker leave the nanny to restart it."""
    distributed = pytest.importorskip("distributed")  # the dask extra is in dev: CI has it
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.fixture()
def dask_client(_dask_session_client: Any) -> Any:
    """The session's client once both workers are up (a worker a previous test killed may still be restarting)."""
    _dask_session_client.wait_for_workers(2, timeout=WORKER_WAIT_S)
    return _dask_session_client
