"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
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
