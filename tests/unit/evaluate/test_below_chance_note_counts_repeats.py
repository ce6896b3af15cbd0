"""A detection AUC below chance says how many synthetic rows repeat a real one, not only that copies do it.

Found by the energy-utility probe (``benchmarks/heldout_utility.py``, issue 13): on ``meters`` the note read
"... which is what copies of real rows do; see the exact-match and DCR rows" while the exact-match rate was
0.000 and DCR was not computed: it sent the reader to a row that was not there. The note now counts the
compared synthetic rows that repeat a real row; near-copies (no exact repeat) are named as a cause too.
Planted with exact copies and with near-copies (a tiny shift of every number), over seeds.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.evaluation import fidelity
from simulacra.evaluation._frames import infer_columns


def _real(seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    n = 600
    return pl.DataFrame(
        {
            "amount": rng.lognormal(4, 0.5, n).round(2),
            "reading": rng.integers(0, 60_000, n),
            "kind": rng.choice(["a", "b", "c", "d"], n),
        }
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_exact_copies_are_counted(seed: int) -> None:
    real = _real(seed)
    res, _ = fidelity.detection(real, real.sample(fraction=1.0, shuffle=True, seed=seed), infer_columns(real), folds=3)
    assert res.details["below_chance"]
    assert res.details["repeated_rows"] == 600
    assert "600 of the 600 synthetic rows compared repeat a real row" in res.details["note"]
    assert "DCR rows" not in res.details["note"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_near_copies_repeat_no_row_and_say_so(seed: int) -> None:
    real = _real(seed)
    near = real.with_columns(pl.col("amount") + 0.001, pl.col("reading") + 1).sample(
        fraction=1.0, shuffle=True, seed=seed
    )
    res, _ = fidelity.detection(real, near, infer_columns(real), folds=3)
    assert res.details["below_chance"]
    assert res.details["repeated_rows"] == 0
    assert "0 of the 600 synthetic rows compared repeat a real row" in res.details["note"]
    assert "near-copies" in res.details["note"]


def test_fresh_rows_are_not_below_chance() -> None:
    real, other = _real(0), _real(9)
    res, _ = fidelity.detection(real, other, infer_columns(real), folds=3)
    assert not res.details["below_chance"] and "note" not in res.details
    assert res.details["repeated_rows"] == 0
