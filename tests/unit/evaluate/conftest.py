"""Fixtures for the evaluate tests (data: tests/data/evaluate, a sample of UCI Adult, CC BY 4.0)."""

from __future__ import annotations

import polars as pl
import pytest
from tests.unit.evaluate.helpers import load


@pytest.fixture(scope="session")
def adult() -> pl.DataFrame:
    return load("adult_train.csv")


@pytest.fixture(scope="session")
def adult_holdout() -> pl.DataFrame:
    return load("adult_holdout.csv")


@pytest.fixture(scope="session")
def train(adult: pl.DataFrame) -> pl.DataFrame:
    return adult[:1000]


@pytest.fixture(scope="session")
def fresh(adult: pl.DataFrame) -> pl.DataFrame:
    """Real rows the 'synthesizer' never saw: what a perfect generator would produce."""
    return adult[1000:]


@pytest.fixture(autouse=True, scope="session")
def _one_thread() -> object:
    """One OpenMP/BLAS thread: on a shared 2-core machine, spinning thread pools cost 10x."""
    import sklearn.ensemble
    import sklearn.neighbors  # noqa: F401
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield None
