"""The value copy rate in the full report (issue 13): with a holdout, a sample that hands training values back
scores low and one of fresh values passes, and the per-column parts say which column; without a holdout the
headline is not computed and says why. Before: the metric existed only on its own (learn-dcr9), so
``simulacra evaluate`` never showed it.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from simulacra.evaluation import evaluate

FAST = {"detection_folds": 2}


def _orders(seed: int, n: int = 500) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    return pl.DataFrame(
        {
            "amount": np.round(rng.gamma(2.0, 40.0, n), 2),
            "items": rng.integers(1, 9, n),
            "segment": rng.choice(["home", "office", "retail"], n),
        }
    )


def test_the_report_scores_values_handed_back_against_fresh_ones() -> None:
    real, holdout = _orders(1), _orders(2)
    copied = evaluate(real, real.sample(500, seed=3, shuffle=True), holdout=holdout, n_jobs=1, spec=FAST)
    fresh = evaluate(real, _orders(4), holdout=holdout, n_jobs=1, spec=FAST)
    assert copied.scores["value_copy_rate"] < 0.2 < 0.9 < fresh.scores["value_copy_rate"]
    assert copied.passed()["value_copy_rate"] is False and fresh.passed()["value_copy_rate"] is True
    cols = {r.columns[0] for r in copied.results if r.metric == "value_copy_column"}
    assert cols == {"amount", "items"}  # numbers and dates only


def test_without_a_holdout_the_value_copy_rate_says_why_it_is_missing() -> None:
    real = _orders(1)
    rep = evaluate(real, _orders(4), n_jobs=1, spec=FAST)
    assert rep.scores.get("value_copy_rate") is None
    assert "holdout" in rep.not_computed()["value_copy_rate"]
