"""Numbers' trees grow finer leaves than categories' (issue 13, California housing).

A numeric column's code is a quantile bin and its value is drawn within the bin, so a
small leaf replays no training value; categories keep the larger leaves that protect
rare values. Planted here: a value whose sign follows the parity of two grid columns
(a 15 x 15 checkerboard, ~36 rows per cell) — a joint that leaves of 50 rows blur
(94.9% of sampled rows kept the parity before) and leaves of 20 keep.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.synth import TabularSynthesizer
from simulacra.synth.tabular import numeric_leaf_for

N = 8000


@pytest.fixture(scope="module")
def checkerboard() -> pl.DataFrame:
    rng = np.random.default_rng(7)
    a, b = rng.integers(0, 15, N), rng.integers(0, 15, N)
    y = np.where((a + b) % 2 == 1, rng.normal(10, 1, N), rng.normal(-10, 1, N))
    return pl.DataFrame({"y": y, "a": a.astype(float), "b": b.astype(float), "noise": rng.normal(0, 1, N)})


def _parity_kept(f: pl.DataFrame) -> float:
    odd = (f["a"].to_numpy() + f["b"].to_numpy()) % 2 == 1
    return float(((f["y"].to_numpy() > 0) == odd).mean())


def test_a_fine_joint_of_numbers_is_kept(checkerboard: pl.DataFrame) -> None:
    assert _parity_kept(checkerboard) == 1.0
    model = TabularSynthesizer(seed=0).fit(checkerboard)
    assert model.params.min_samples_leaf == 50
    assert model.params.numeric_leaf == numeric_leaf_for(50) < 50
    assert _parity_kept(model.sample(N, seed=1)) >= 0.98


def test_numeric_leaf_is_a_lever(checkerboard: pl.DataFrame) -> None:
    coarse = TabularSynthesizer(seed=0, numeric_leaf=50).fit(checkerboard).sample(N, seed=1)
    fine = TabularSynthesizer(seed=0, numeric_leaf=10).fit(checkerboard).sample(N, seed=1)
    assert _parity_kept(coarse) < 0.97 < _parity_kept(fine)


def test_numeric_leaf_survives_save_and_load(checkerboard: pl.DataFrame, tmp_path: Path) -> None:
    model = TabularSynthesizer(seed=0, numeric_leaf=12).fit(checkerboard.head(2000))
    path = model.save(tmp_path / "m")
    loaded = TabularSynthesizer.load(path)
    assert loaded.params.numeric_leaf == 12
    assert loaded.sample(500, seed=3).equals(model.sample(500, seed=3))


def test_numeric_leaf_must_be_positive() -> None:
    with pytest.raises(ValueError, match="numeric_leaf"):
        TabularSynthesizer(numeric_leaf=0)


def test_default_numeric_leaf_is_bounded() -> None:
    assert numeric_leaf_for(5) == 5  # never above the table's own leaf (small tables)
    assert numeric_leaf_for(50) == 20
    assert numeric_leaf_for(1) == 1
