"""An ``aggregate``'s ``round`` rounds half away from zero, as docs/spec.md says of it ("decimals to round to (half
away from zero)") and as the dialect's ``ROUND`` does; int rounded half to even (review62).

Planted: children's values with one decimal more than ``round`` keeps (sum: last digit 0 or 5, either sign) or with
exactly ``round`` decimals in pairs (mean of two: an odd sum of last digits ends on 5), so many parents' aggregates
are exact ``.5`` ties, positive and negative, for ``round`` 0-3 and several seeds and sizes. The oracle is exact
decimal arithmetic quantized ``ROUND_HALF_UP`` (half away from zero), never the code under test.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import polars as pl
import pytest

from simulacra.generation.rows import aggregate_column
from simulacra.spec import model as m


@pytest.mark.parametrize("function", ["sum", "mean"])
@pytest.mark.parametrize("decimals", [0, 1, 2, 3])
@pytest.mark.parametrize(("seed", "parents"), [(5, 40), (17, 120), (41, 300)])
def test_aggregate_rounds_ties_half_away_from_zero(function: str, decimals: int, seed: int, parents: int) -> None:
    rng = np.random.default_rng(seed)
    per = 3 if function == "sum" else 2
    step = Decimal(5) / Decimal(10) ** (decimals + 1) if function == "sum" else Decimal(1).scaleb(-decimals)
    values = [int(k) * step for k in rng.integers(-60, 61, parents * per)]
    parent_rel = np.repeat(np.arange(parents, dtype=np.int64), per)
    kids = pl.DataFrame({"amount": [float(v) for v in values]})
    spec = m.AggregateColumn(generator="aggregate", function=function, of="items.amount", round=decimals)
    got = aggregate_column(spec, kids, parent_rel, parents).to_list()
    unit = Decimal(1).scaleb(-decimals)
    exact = [
        sum(values[p * per : (p + 1) * per], Decimal(0)) / (1 if function == "sum" else per) for p in range(parents)
    ]
    want = [float(v.quantize(unit, rounding=ROUND_HALF_UP)) for v in exact]
    ties = [p for p, v in enumerate(exact) if (v / unit) % 1 != 0]
    assert sum(exact[p] > 0 for p in ties) >= 3 and sum(exact[p] < 0 for p in ties) >= 3
    assert sum(float(exact[p].quantize(unit)) != want[p] for p in ties) >= 2  # half to even differs on these
    wrong = [(p, str(exact[p]), got[p], want[p]) for p in range(parents) if got[p] != want[p]]
    assert wrong == [], f"{len(wrong)} of {parents} (ties: {len(ties)}), first: {wrong[:5]}"
