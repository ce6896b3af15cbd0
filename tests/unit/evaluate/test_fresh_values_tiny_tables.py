"""A tiny table's identifying values made fresh (issue 13, found on a school database's 6 schools: their names,
URNs, cities and postcodes), planted in tables of 4 to 15 rows: each real value is held by one row, so the
sample's fresh values are left out of the comparison with a note, not an input mismatch that stops ``evaluate``
(before, base dc89f28: the 20-value floor for identifying columns made every one a mismatch). A category that
repeats in the real rows (a school's phase, 2 values) replaced by placeholders stays a mismatch.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.evaluation import evaluate
from simulacra.evaluation._align import MismatchError

FAST = {"detection_folds": 2}


def _schools(n: int, seed: int, *, tag: str) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    ids = rng.permutation(900_000)[:n] + 100_000
    return pl.DataFrame(
        {
            "urn": [f"URN{int(i)}" for i in ids],
            "name": [f"{tag} School {int(i) % 997}" for i in ids],
            "postcode": [f"{tag[:2].upper()}{k + 1} {int(i) % 9}AB" for k, i in enumerate(ids)],
            "phase": rng.choice(["primary", "secondary"], n),
            "pupils": rng.integers(100, 1500, n),
        }
    )


@pytest.mark.parametrize(("n", "seed"), [(4, 1), (6, 2), (9, 3), (15, 4)])
def test_a_tiny_tables_fresh_identifying_values_are_a_note(n: int, seed: int) -> None:
    real, syn = _schools(n, seed, tag="real"), _schools(n, seed + 40, tag="fresh")
    report = evaluate(real, syn, n_jobs=1, spec=FAST)
    notes = [w for w in report.warnings if w.startswith("not compared")]
    assert {c for c in ("urn", "name", "postcode") if any(f"'{c}'" in w for w in notes)} == {"urn", "name", "postcode"}
    assert not any(w.startswith("not aligned") for w in report.warnings)
    assert "input mismatch" not in report.verdict()["text"]


@pytest.mark.parametrize("n", [6, 12])
def test_placeholders_for_a_repeated_category_stay_a_mismatch(n: int) -> None:
    real = _schools(n, 5, tag="real")
    syn = _schools(n, 45, tag="fresh").with_columns(pl.format("phase {}", pl.int_range(1, n + 1)).alias("phase"))
    with pytest.raises(MismatchError, match="phase"):
        evaluate(real, syn, n_jobs=1, spec=FAST)
