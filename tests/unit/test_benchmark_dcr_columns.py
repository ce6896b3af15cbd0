"""benchmarks/dcr_columns.py: the DCR share apart for near copies and the rest, and the column subsets (issue 13)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import dcr_columns  # noqa: E402
import synth_single  # noqa: E402


def _rows(n: int, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    return pl.DataFrame(
        {
            "x": rng.random(n),
            "y": rng.random(n),
            "k": rng.choice([f"k{i}" for i in range(40)], n).tolist(),
            "j": rng.choice([f"j{i}" for i in range(40)], n).tolist(),
        }
    )


@pytest.mark.parametrize("seed", [1, 7])
def test_near_copies_apart_from_the_rest(seed: int) -> None:
    train, holdout = _rows(1000, seed), _rows(1000, seed + 1)
    # a third of the synthetic rows are training rows with one number moved a little (near copies: nearer
    # their training row than any held-out row), the rest fresh rows of the same generator
    copied = train.head(350).with_columns(pl.col("y") + 0.001)
    synth = pl.concat([copied, _rows(650, seed + 2)])
    wins = synth_single.dcr_wins(train, holdout, synth, 0, 2)
    near, near_share, rest_share, near_part, rest_part = dcr_columns.near_copy_split(wins, train)
    assert near == pytest.approx(0.35, abs=0.03)
    assert near_share > 0.95
    assert rest_share == pytest.approx(0.5, abs=0.05)
    share = synth_single.dcr_share(train, holdout, synth, 0, 2)
    assert near_part + rest_part == pytest.approx(share - 0.5, abs=1e-12)
    assert near_part > 0.15 > abs(rest_part)


def test_subsets_leave_one_number_out_and_keep_each_alone() -> None:
    parts = dcr_columns.subsets(["a", "n1", "b", "n2"], ["n1", "n2"])
    assert parts["all"] == ["a", "n1", "b", "n2"]
    assert parts["numbers"] == ["n1", "n2"] and parts["categories"] == ["a", "b"]
    assert parts["numbers less n1"] == ["n2"] and parts["only n2"] == ["n2"]
    assert "categories" not in dcr_columns.subsets(["n1"], ["n1"])
