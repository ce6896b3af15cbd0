"""Numbers' leaf distributions shrunk towards their parents' (issue 13, the DCR share).

A numeric column's leaf of a few rows spread over many quantile bins is those rows' own bins,
so the synthetic rows follow the training sample's density fluctuations and sit closer to the
training rows than fresh rows do. Planted here: five smooth numeric columns (two linear links,
noise) learned with leaves of 2 rows over 80 bins, scored against fresh rows of the same
generator. ``numeric_prior`` mixes in each node's parent distribution, worth that many rows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.dcr_helpers import N
from tests.unit.synth.dcr_helpers import numeric_table as _plant
from tests.unit.synth.dcr_helpers import share as _share

from simulacra.synth import TabularSynthesizer
from simulacra.synth._trees import _shrink_to_parents


def _fit(train: pl.DataFrame, prior: float) -> TabularSynthesizer:
    return TabularSynthesizer(seed=0, select=False, numeric_leaf=2, n_bins=80, numeric_prior=prior).fit(train)


@pytest.mark.parametrize("seeds", [(1, 2), (11, 12)])
def test_tiny_leaves_stop_replaying_training_rows(seeds: tuple[int, int]) -> None:
    train, fresh = _plant(seeds[0]), _plant(seeds[1])
    plain = _fit(train, 0).sample(N, seed=1)
    shrunk = _fit(train, 20).sample(N, seed=1)
    # leaves of 2 rows replay the training rows' bins: most synthetic rows sit nearer a training row
    assert _share(train, fresh, plain) > 0.70
    assert _share(train, fresh, shrunk) < _share(train, fresh, plain) - 0.10
    # ... while the links the trees learned stay
    real_r = np.corrcoef(train["a"], train["y"])[0, 1]
    assert abs(np.corrcoef(shrunk["a"], shrunk["y"])[0, 1] - real_r) < 0.05
    assert abs(shrunk["y"].mean() - train["y"].mean()) < 0.05


def test_shrinking_goes_down_the_path() -> None:
    # root 0 -> (1, 2); node 2 -> (3, 4); node 1, 3 and 4 are leaves
    left = np.array([1, -1, 3, -1, -1], np.int32)
    right = np.array([2, -1, 4, -1, -1], np.int32)
    n = np.array([10.0, 4.0, 6.0, 1.0, 5.0])
    value = np.array([[0.5, 0.5], [1.0, 0.0], [1 / 6, 5 / 6], [1.0, 0.0], [0.0, 1.0]])
    out = _shrink_to_parents(left, right, n, value, 2.0)
    np.testing.assert_allclose(out[0], value[0])
    np.testing.assert_allclose(out[1], (4 * value[1] + 2 * value[0]) / 6)
    np.testing.assert_allclose(out[2], (6 * value[2] + 2 * value[0]) / 8)
    np.testing.assert_allclose(out[3], (1 * value[3] + 2 * out[2]) / 3)  # towards the parent as shrunk
    np.testing.assert_allclose(out[4], (5 * value[4] + 2 * out[2]) / 7)
    np.testing.assert_allclose(out.sum(axis=1), 1.0)


def test_same_seed_same_bytes_and_save_load(tmp_path: Path) -> None:
    train = _plant(3, 2000)
    model = TabularSynthesizer(seed=4, numeric_prior=7.5).fit(train)
    again = TabularSynthesizer(seed=4, numeric_prior=7.5).fit(train)
    assert model.sample(700, seed=2).equals(again.sample(700, seed=2))
    loaded = TabularSynthesizer.load(model.save(tmp_path / "m"))
    assert loaded.params.numeric_prior == 7.5
    assert loaded.sample(700, seed=2).equals(model.sample(700, seed=2))
    assert not model.sample(700, seed=2).equals(TabularSynthesizer(seed=4).fit(train).sample(700, seed=2))


@pytest.mark.parametrize("bad", [-1, float("nan"), True, "5"])
def test_numeric_prior_must_be_rows(bad: object) -> None:
    with pytest.raises(ValueError, match="numeric_prior"):
        TabularSynthesizer(numeric_prior=bad)  # type: ignore[arg-type]
