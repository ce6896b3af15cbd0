"""A lookup table the model copies whole on purpose is no exact-match privacy alarm (library probe, issue 13).

``simulacra evaluate`` on a library network's sample reported an exact-match rate of 1.0 (score 0): every
row of the 4-row ``tiers`` table, which ``fit`` copies as reference data and says so, equals a real row;
every other table was at most 0.09. The sample's manifest now records the copied tables and evaluate leaves
their exact-match rate out (not computed, with the reason). Planted over lookup sizes, names and seeds,
through fit, sample and evaluate on folders.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.evaluation import evaluate
from simulacra.learning import fit, sample


@pytest.mark.parametrize(("lookup", "n_codes", "seed"), [("tiers", 4, 0), ("statuses", 6, 1), ("kinds", 3, 2)])
def test_a_copied_lookup_table_is_left_out_of_exact_matches(
    lookup: str, n_codes: int, seed: int, tmp_path: Path
) -> None:
    rng = np.random.default_rng(seed)
    key = f"{lookup[:-1]}_id"
    src = tmp_path / "src"
    src.mkdir()
    pl.DataFrame(
        {
            key: np.arange(1, n_codes + 1),
            "label": [f"L{i}" for i in range(n_codes)],
            "days": 7 * np.arange(1, n_codes + 1),
        }
    ).write_csv(src / f"{lookup}.csv")
    n = 400
    pl.DataFrame(
        {
            "member_id": np.arange(1, n + 1),
            key: rng.integers(1, n_codes + 1, n),
            "age": rng.integers(18, 90, n),
            "spend": rng.gamma(2.0, 30.0, n).round(2),
        }
    ).write_csv(src / "members.csv")
    fitted = fit(src, seed=0)
    sample(fitted.model, tmp_path / "out", seed=seed + 1, format="csv")
    rep = evaluate(src, tmp_path / "out", n_jobs=1, spec={"detection_folds": 2})
    exact = {r.table: r for r in rep.results if r.metric == "exact_match_rate"}
    assert exact[lookup].raw is None and "copies whole as reference data" in (exact[lookup].error or "")
    assert exact["members"].raw is not None and rep.summary["exact_match_rate"] < 0.5
