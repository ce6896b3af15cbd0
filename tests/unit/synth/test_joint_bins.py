"""Places within numeric bins drawn jointly (issue 13, California): a planted tight relation between
numbers (bedrooms ≈ 0.2 × rooms, households ≈ rooms / 5.5) survives inside the bins, the marginals
stay the same, and without the copula it does not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.synth import TabularSynthesizer


@pytest.fixture(scope="module")
def blocks() -> pl.DataFrame:
    rng = np.random.default_rng(11)
    n = 6000
    rooms = rng.lognormal(7.5, 0.7, n).round()
    return pl.DataFrame(
        {
            "rooms": rooms,
            "bedrooms": (rooms * 0.2 * rng.normal(1, 0.02, n)).round(),
            "households": (rooms / 5.5 * rng.normal(1, 0.02, n)).round(),
            "age": rng.integers(1, 52, n).astype(np.float64),
        }
    )


def _tight(frame: pl.DataFrame) -> float:
    r = frame["bedrooms"] / frame["rooms"]
    return float(((r - 0.2).abs() < 0.01).mean() or 0.0)


def test_a_tight_relation_survives_within_bins(blocks: pl.DataFrame, tmp_path: Path) -> None:
    real = _tight(blocks)
    joint = TabularSynthesizer(seed=0).fit(blocks)
    assert set(joint.table_.bin_columns) >= {"rooms", "bedrooms", "households"}
    out = joint.sample(6000, seed=1)
    assert _tight(out) >= 0.9 * real
    # marginals: each column's quantiles as before (the place within a bin stays uniform)
    for c in ("rooms", "bedrooms", "age"):
        q = np.linspace(0.05, 0.95, 19)
        a, b = np.quantile(blocks[c].to_numpy(), q), np.quantile(out[c].to_numpy(), q)
        assert np.all(np.abs(a - b) <= 0.05 * (blocks[c].max() - blocks[c].min()))  # type: ignore[operator]
    # saved and loaded, the same rows
    again = TabularSynthesizer.load(joint.save(tmp_path / "m"))
    assert again.sample(500, seed=2).equals(joint.sample(500, seed=2))


def test_without_joint_bins_the_relation_breaks(blocks: pl.DataFrame) -> None:
    loose = TabularSynthesizer(seed=0, joint_bins=False).fit(blocks)
    assert loose.table_.bin_columns == []
    assert _tight(loose.sample(6000, seed=1)) < 0.8 * _tight(blocks)  # 0.73 of 0.99 (0.93 with the copula)


def test_unrelated_numbers_get_no_copula() -> None:
    rng = np.random.default_rng(3)
    frame = pl.DataFrame({"a": rng.normal(0, 1, 3000), "b": rng.exponential(1, 3000), "c": rng.uniform(0, 1, 3000)})
    assert TabularSynthesizer(seed=0).fit(frame).table_.bin_columns == []
