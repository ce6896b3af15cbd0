"""``synth._periods`` (whole steps in order) and ``synth._month_apart`` (a month apart) take their running maxima
by ``synth._following.run_max`` (house, issue 13), with the same results as polars' ``cum_max().over``: planted
parents of 1..12 dates, shuffled rows, ties, NaN dates, steps of a day and of hours, several seeds; and months
near the ends of datetime64's range, where the month index, exact in float64, must come back whole."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from numpy.typing import NDArray

import simulacra.synth._month_apart as month_apart
import simulacra.synth._periods as periods


def _polars_max(x: NDArray[np.float64], group: NDArray[np.int64]) -> NDArray[np.float64]:
    v = pl.DataFrame({"g": group, "v": x}).select(pl.col("v").cum_max().over("g")).to_series().to_numpy()
    return np.asarray(v, dtype=np.float64)


def _plant(seed: int, n_parents: int, span: int) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    rng = np.random.default_rng(seed)
    group = np.repeat(np.arange(n_parents), rng.integers(1, 13, n_parents))
    rng.shuffle(group)  # a parent's rows apart from each other
    days = (19000 + rng.integers(0, span, len(group))).astype(np.float64)
    days[rng.random(len(group)) < 0.05] = np.nan
    return days, group.astype(np.int64)


@pytest.mark.parametrize(("seed", "n_parents", "span"), [(0, 50, 400), (1, 300, 60), (7, 120, 3000)])
def test_months_spread_as_by_polars(monkeypatch: pytest.MonkeyPatch, seed: int, n_parents: int, span: int) -> None:
    days, group = _plant(seed, n_parents, span)
    lo, hi = float(np.nanmin(days)), float(np.nanmax(days))
    got = month_apart.spread_months(days, group, lo, hi)
    monkeypatch.setattr(month_apart, "run_max", _polars_max)
    want = month_apart.spread_months(days, group, lo, hi)
    assert got.tobytes() == want.tobytes()
    assert not np.array_equal(got, days, equal_nan=True)  # some dates moved: the running maximum mattered


@pytest.mark.parametrize("seed", [2, 3])
@pytest.mark.parametrize(("step", "days"), [(1, True), (3, False), (2, False)])
def test_steps_in_order_as_by_polars(monkeypatch: pytest.MonkeyPatch, seed: int, step: int, days: bool) -> None:
    x, group = _plant(seed, 200, 90)
    x = x + np.random.default_rng(seed).random(len(x)) * (0.0 if days else 2.0)
    lo, hi = np.full_like(x, 19010.0), np.full_like(x, 19080.0)
    apart = np.random.default_rng(seed + 1).random(len(x)) < 0.1
    got = periods._steps_in_order(x, step, lo, hi, group, apart, days=days)
    monkeypatch.setattr(periods, "run_max", _polars_max)
    want = periods._steps_in_order(x, step, lo, hi, group, apart, days=days)
    assert got.tobytes() == want.tobytes()


def test_far_months_come_back_whole() -> None:
    """Months of dates some hundred thousand years out (month index ~3.5e6, far below 2**53): moved exactly."""
    far = float(np.datetime64("100000-01-01", "D").astype(np.int64))
    days = far + np.array([0.0, 3.0, 10.0, 40.0, 41.0, 0.0, 5.0])
    group = np.array([0, 0, 0, 0, 0, 1, 1], dtype=np.int64)
    got = month_apart.spread_months(days, group, far, far + 400)
    months = got.astype(np.int64).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    assert np.diff(months[:5]).tolist() == [1, 1, 1, 1]
    assert months[6] - months[5] == 1
    assert got[0] == far and got[5] == far  # the first of each parent stays
