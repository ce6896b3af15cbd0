"""Recursive generation: a collapsing chain shows shrinking variance, lost tails and rare categories."""

from __future__ import annotations

import numpy as np
import polars as pl

from simulacra.evaluation import collapse
from simulacra.evaluation._frames import infer_columns


def test_collapse_view_tracks_the_loss(train: pl.DataFrame, adult_holdout: pl.DataFrame) -> None:
    rng = np.random.default_rng(0)
    gens, prev = [], train
    for _ in range(3):
        # each generation: resample the last one (rare values vanish) and pull numbers toward the mean
        g = prev[rng.integers(0, len(prev), len(prev))]
        g = g.with_columns(
            [
                (pl.col(c).mean() + (pl.col(c) - pl.col(c).mean()) * 0.9).round().cast(pl.Int64)
                for c in ("age", "hours-per-week", "fnlwgt", "education-num", "capital-gain", "capital-loss")
            ]
        )
        gens.append(g)
        prev = g
    rows = collapse.collapse_view(train, gens, infer_columns(train), holdout=adult_holdout, target="Y")
    assert [r["generation"] for r in rows] == [1, 2, 3]
    var = [r["variance_ratio"] for r in rows]
    assert var[0] > var[1] > var[2]
    assert rows[-1]["rare_category_coverage"] < rows[0]["rare_category_coverage"] <= 1
    assert rows[-1]["tail_coverage"] < rows[0]["tail_coverage"]
    assert rows[-1]["detection_auc"] >= rows[0]["detection_auc"] > 0.6
    assert rows[0]["quality"] > rows[1]["quality"] > rows[2]["quality"]
    assert all(r["tstr_auc"] is not None for r in rows)
