"""``run_max``: a running maximum restarted per run, in numpy beside ``run_sums`` (house, issue 13), the value of
polars' ``cum_max().over(group)`` bit for bit — what ``generation.periods`` laid with before, twice.

Planted: random groups (in run order, and scattered), values with NaN, infinities, signed zeros and ties, three
seeds; equal to polars' value, the sign of each zero included."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.synth._following import run_max

SPECIAL = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 2.5])


def _polars(x: np.ndarray, group: np.ndarray) -> np.ndarray:
    return pl.DataFrame({"g": group, "v": x}).select(pl.col("v").cum_max().over("g")).to_series().to_numpy()


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return np.array_equal(a, b, equal_nan=True) and np.array_equal(np.signbit(a), np.signbit(b))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("sorted_runs", [True, False])
def test_run_max_is_polars_cum_max_over_the_group(seed: int, sorted_runs: bool) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(40):
        n = int(rng.integers(1, 500))
        special = rng.random(n) < 0.4
        x = np.where(special, SPECIAL[rng.integers(0, len(SPECIAL), n)], np.round(rng.normal(0, 5, n), 1))
        group = rng.integers(0, int(rng.integers(1, 40)), n).astype(np.int64)
        if sorted_runs:
            group = np.sort(group)
        got = run_max(x, group)
        assert got.dtype == np.float64 and len(got) == n
        assert _same(got, _polars(x, group))


def test_run_max_restarts_each_run_and_passes_over_nan() -> None:
    x = np.array([3.0, 1.0, 5.0, 2.0, np.nan, -1.0, np.nan, 0.0, -0.0, 7.0])
    group = np.array([0, 0, 0, 1, 1, 1, 1, 2, 2, 0])
    got = run_max(x, group)
    assert _same(got, np.array([3.0, 3.0, 5.0, 2.0, 2.0, 2.0, 2.0, 0.0, -0.0, 7.0]))
    assert _same(
        run_max(np.array([np.nan, np.nan, -np.inf]), np.zeros(3, np.int64)), np.array([np.nan, np.nan, -np.inf])
    )
    assert len(run_max(np.array([], dtype=np.float64), np.array([], dtype=np.int64))) == 0
