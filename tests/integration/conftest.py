"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

#: how long a test waits for the cluster's two workers (a killed one is restarted by its nanny): on a loaded
#: machine a worker process takes far longer than its usual seconds to start
WORKER_WAIT_S = 300


class _Cluster:
    """One real Dask LocalCluster of two worker processes (one thread each) on 127.0.0.1 for the session: starting
    one costs seconds, and the tests that kill a worker leave the nanny to restart it.

    A nanny may give up restarting its worker (on a loaded machine the new process can miss the nanny's start-up
    deadline); the cluster then stays one worker short for good, and every later test would wait out its timeout
    and error. So a cluster that does not get its two workers back in time is closed and started afresh."""

    def __init__(self, distributed: Any) -> None:
        self._distributed = distributed
        self._cluster: Any = None
        self.client: Any = None

    def _start(self) -> None:
        self._cluster = self._distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
        )
        self.client = self._distributed.Client(self._cluster)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self._cluster.close()
        self.client = self._cluster = None

    def ready(self) -> Any:
        """The client once both workers are up, on a fresh cluster where the old one lost a worker for good."""
        if self.client is None:
            self._start()
        try:
            self.client.wait_for_workers(2, timeout=WORKER_WAIT_S)
        except TimeoutError:
            self.close()
            self._start()
            self.client.wait_for_workers(2, timeout=WORKER_WAIT_S)
        return self.client


@pytest.fixture(scope="session")
def _dask_cluster() -> Iterator[_Cluster]:
    distributed = pytest.importorskip("distributed")  # the dask extra is in dev: CI has it
    cluster = _Cluster(distributed)
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture()
def dask_client(_dask_cluster: _Cluster) -> Any:
    """The session's client once both workers are up (a worker a previous test killed may still be restarting)."""
    return _dask_cluster.ready()
