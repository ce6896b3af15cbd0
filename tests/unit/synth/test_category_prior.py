"""Categories' leaf distributions shrunk towards their parents' (issue 13, the DCR share).

A category's leaf of a few rows over many levels draws exactly the levels those training rows hold,
so a synthetic row takes a training row's level next to that row's numbers, nearer to it than a fresh
row of the same population is. Planted here (``dcr_helpers.category_table``): two numbers and three
categories of up to 30 levels, learned with leaves of 5 rows, scored against fresh rows of the same
generator. ``category_prior`` mixes each node's parent distribution, worth that many rows, into its
own, from the root down.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.dcr_helpers import N, category_table, share

from simulacra.synth import TabularSynthesizer
from simulacra.synth._trees import grow_tree


def _fit(train: pl.DataFrame, prior: float) -> TabularSynthesizer:
    return TabularSynthesizer(seed=0, select=False, min_samples_leaf=5, category_prior=prior).fit(train)


def _level(s: pl.Series) -> np.ndarray:
    return s.str.slice(1).cast(pl.Int64).to_numpy()


@pytest.mark.parametrize("seeds", [(1, 2), (11, 12)])
def test_small_category_leaves_stop_replaying_training_rows(seeds: tuple[int, int]) -> None:
    train, fresh = category_table(seeds[0]), category_table(seeds[1])
    plain = _fit(train, 0).sample(N, seed=1)
    shrunk = _fit(train, 40).sample(N, seed=1)
    # leaves of 5 rows replay their rows' levels: most synthetic rows sit nearer a training row (0.70)
    assert share(train, fresh, plain) > 0.65
    assert share(train, fresh, shrunk) < share(train, fresh, plain) - 0.06  # measured 0.70 -> 0.60-0.61
    # ... while the link a -> c the trees learned stays, and so do the categories' frequencies
    real_r = np.corrcoef(train["a"], _level(train["c"]))[0, 1]
    assert abs(np.corrcoef(shrunk["a"], _level(shrunk["c"]))[0, 1] - real_r) < 0.03
    real_e = train["e"].value_counts(normalize=True).sort("e")["proportion"].to_numpy()
    synth_e = shrunk["e"].value_counts(normalize=True).sort("e")["proportion"].to_numpy()
    assert np.abs(real_e - synth_e).max() < 0.03


def test_the_prior_reaches_categories_trees_only() -> None:
    rng = np.random.default_rng(5)
    X = rng.integers(0, 4, (400, 2)).astype(np.int32)
    y = (X[:, 0] * 3 + rng.integers(0, 3, 400)).astype(np.int32)  # 12 codes, 3 per value of the first feature
    plain = grow_tree(X, y, min_samples_leaf=5, seed=0)
    shrunk = grow_tree(X, y, min_samples_leaf=5, seed=0, prior=20.0)
    np.testing.assert_array_equal(plain.left, shrunk.left)  # the same splits ...
    assert len(shrunk.codes) > len(plain.codes)  # ... and leaves that now draw codes their rows never held
    # the model passes it to categories' trees, not to numbers' (whose bins have numeric_prior)
    frame = category_table(3, 2000)
    model = TabularSynthesizer(seed=0, select=False, min_samples_leaf=5, category_prior=20).fit(frame)
    base = TabularSynthesizer(seed=0, select=False, min_samples_leaf=5).fit(frame)
    trees, base_trees = model.table_.trees.trees, base.table_.trees.trees  # type: ignore[union-attr]
    order = model.table_.columns
    for column, tree, old in zip(order, trees, base_trees, strict=True):
        same = np.array_equal(tree.codes, old.codes) and np.array_equal(tree.cum, old.cum)
        assert same == (frame[column].dtype != pl.String), column


def test_same_seed_same_bytes_and_save_load(tmp_path: Path) -> None:
    train = category_table(3, 2000)
    model = TabularSynthesizer(seed=4, category_prior=12.5).fit(train)
    again = TabularSynthesizer(seed=4, category_prior=12.5).fit(train)
    assert model.sample(700, seed=2).equals(again.sample(700, seed=2))
    loaded = TabularSynthesizer.load(model.save(tmp_path / "m"))
    assert loaded.params.category_prior == 12.5
    assert loaded.sample(700, seed=2).equals(model.sample(700, seed=2))
    assert not model.sample(700, seed=2).equals(TabularSynthesizer(seed=4).fit(train).sample(700, seed=2))


@pytest.mark.parametrize("bad", [-1, float("nan"), True, "5"])
def test_category_prior_must_be_rows(bad: object) -> None:
    with pytest.raises(ValueError, match="category_prior"):
        TabularSynthesizer(category_prior=bad)  # type: ignore[arg-type]
