"""benchmarks/synth_single_dcr.py's ``twins`` probe: how many training rows a row equals on all but one column."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import synth_single_dcr  # noqa: E402


@pytest.mark.parametrize(("groups", "seed"), [(5, 1), (40, 7), (200, 3)])
def test_twin_counts_are_the_training_rows_sharing_the_other_columns(groups: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 25, groups)  # planted: group g holds sizes[g] training rows, alike but for the weight
    g = np.repeat(np.arange(groups), sizes)
    train = pl.DataFrame({"a": [f"a{x % 7}" for x in g], "b": g // 7, "weight": rng.random(len(g))})
    # rows to look up: one of every group with a fresh weight, and rows of groups no training row holds
    rows = pl.DataFrame(
        {
            "a": [f"a{x % 7}" for x in range(groups + 3)],
            "b": np.arange(groups + 3) // 7 + np.r_[np.zeros(groups, int), [10_000] * 3],
            "weight": rng.random(groups + 3),
        }
    )
    got = synth_single_dcr._twin_counts(train, rows, ["a", "b"])
    assert got.tolist() == [*sizes.tolist(), 0, 0, 0]
    # every column: the weight is never shared, so no row has a twin
    assert not synth_single_dcr._twin_counts(train, rows, ["a", "b", "weight"]).any()


def test_twin_counts_match_nulls() -> None:
    train = pl.DataFrame({"a": ["x", None, None], "w": [1.0, 2.0, 3.0]})
    rows = pl.DataFrame({"a": [None, "x", "y"], "w": [9.0, 9.0, 9.0]})
    assert synth_single_dcr._twin_counts(train, rows, ["a"]).tolist() == [2, 1, 0]
