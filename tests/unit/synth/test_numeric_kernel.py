"""Numbers' leaf distributions smoothed along their bins by a kernel as wide as the leaf's own spread
(issue 13, the DCR share).

A numeric column's leaf of a few rows over many quantile bins puts its mass on those training rows'
own bins, so synthetic rows sit closer to the training rows than fresh rows of the same population do.
Planted here: five smooth numeric columns (two linear links, noise) learned with leaves of 2 rows over
80 bins, scored against fresh rows of the same generator. ``numeric_kernel`` spreads each leaf's mass
along the bins by a Gaussian kernel (a kernel density estimate through the leaf's rows).
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
from simulacra.synth._trees import _smooth_leaves


def _fit(train: pl.DataFrame, kernel: float) -> TabularSynthesizer:
    return TabularSynthesizer(seed=0, select=False, numeric_leaf=2, n_bins=80, numeric_kernel=kernel).fit(train)


@pytest.mark.parametrize("seeds", [(1, 2), (11, 12)])
def test_small_leaves_stop_replaying_training_rows(seeds: tuple[int, int]) -> None:
    train, fresh = _plant(seeds[0]), _plant(seeds[1])
    plain = _fit(train, 0).sample(N, seed=1)
    smooth = _fit(train, 1.0).sample(N, seed=1)
    # leaves of 2 rows replay the training rows' bins: most synthetic rows sit nearer a training row
    assert _share(train, fresh, plain) > 0.70
    assert _share(train, fresh, smooth) < _share(train, fresh, plain) - 0.10
    # ... while the links the trees learned stay
    real_r = np.corrcoef(train["a"], train["y"])[0, 1]
    assert abs(np.corrcoef(smooth["a"], smooth["y"])[0, 1] - real_r) < 0.05
    assert abs(smooth["y"].mean() - train["y"].mean()) < 0.05


def test_kernel_follows_the_leaf_and_keeps_mass_off_the_bins() -> None:
    # codes: 0 a spike, 1..20 the ordered bins, 21 null; three leaves (node 0 is inner)
    classes = np.array([0, 3, 4, 10, 21], np.int32)
    value = np.array(
        [
            [0.2, 0.2, 0.2, 0.2, 0.2],  # inner node: untouched
            [0.5, 0.0, 0.0, 0.0, 0.5],  # a leaf with no mass on the bins: untouched
            [0.1, 0.4, 0.0, 0.4, 0.1],  # 2 rows' leaf spread over bins 3 and 10
            [0.0, 0.5, 0.5, 0.0, 0.0],  # a narrow leaf of 1,000 rows: a kernel under a bin, kept
        ]
    )
    is_leaf = np.array([False, True, True, True])
    n = np.array([1003, 2, 2, 1000])
    out, full = _smooth_leaves(value, classes, is_leaf, n, 1.0, (1, 21))
    np.testing.assert_array_equal(full, np.r_[0, np.arange(1, 21), 21])
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    col = {int(c): i for i, c in enumerate(full)}
    np.testing.assert_allclose(out[0, [col[c] for c in classes]], value[0])
    np.testing.assert_allclose(out[1, [col[0], col[21]]], [0.5, 0.5])
    np.testing.assert_allclose(out[2, [col[0], col[21]]], [0.1, 0.1])  # spike and null keep their mass
    between = out[2, [col[c] for c in range(5, 10)]]
    assert (between > 0.01).all()  # the bins between the leaf's two rows now get drawn
    assert out[2, col[3]] < 0.4 and out[2, col[20]] < out[2, col[11]]  # ... most of it near the rows
    np.testing.assert_allclose(out[3, [col[3], col[4]]], [0.5, 0.5])


def test_same_seed_same_bytes_and_save_load(tmp_path: Path) -> None:
    train = _plant(3, 2000)
    model = TabularSynthesizer(seed=4, numeric_kernel=0.5).fit(train)
    again = TabularSynthesizer(seed=4, numeric_kernel=0.5).fit(train)
    assert model.sample(700, seed=2).equals(again.sample(700, seed=2))
    loaded = TabularSynthesizer.load(model.save(tmp_path / "m"))
    assert loaded.params.numeric_kernel == 0.5
    assert loaded.sample(700, seed=2).equals(model.sample(700, seed=2))
    assert not model.sample(700, seed=2).equals(TabularSynthesizer(seed=4).fit(train).sample(700, seed=2))


@pytest.mark.parametrize("bad", [-1, float("nan"), True, "5"])
def test_numeric_kernel_must_be_a_number(bad: object) -> None:
    with pytest.raises(ValueError, match="numeric_kernel"):
        TabularSynthesizer(numeric_kernel=bad)  # type: ignore[arg-type]
