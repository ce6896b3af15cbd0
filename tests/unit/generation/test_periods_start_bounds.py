"""``generate`` lays a group's periods with their START inside every bound a check puts on it from an ancestor's
columns (issue 13): above (``period_start < subscription_id.ended``, strict ``<``, written either side, an
interval, a ``BETWEEN``'s high end) and below (``period_start >= subscription_id.started + INTERVAL '7 days'``).
On main a start was capped only by the ancestor's end bound: a handover pushed starts past such a bound and
``generate`` refused the world (the row broke the check).

The worlds are test_periods_bound_forms.py's (customers -> subscriptions -> bills, ``period_worlds.bounded_world``),
the check swapped; planted per
the parent (the subscription) and per the grandparent (the customer's ``left``, two links), two seeds: every start
is inside the bound computed here from the ancestor's own columns, ``validate`` passes."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from tests.unit.generation.period_worlds import beside_ancestor, bounded_world

from simulacra.pipeline import generate

# each form: the check (START / END: the ancestor's refs), the start's highest day as (END's shift, strict) or
# None, its lowest as START's shift or None
FORMS: dict[str, tuple[str, tuple[int, bool] | None, int | None]] = {
    "strict": ("period_start < END", (0, True), None),
    "reversed_interval": ("END - INTERVAL '1 week' >= period_start", (-7, False), None),
    "between": ("period_start BETWEEN START + INTERVAL '7 days' AND END - 14", (-14, False), 7),
    "conjunction": ("period_start >= START + INTERVAL '7 days' and period_start < END - 3", (-3, True), 7),
}
CASES = [(form, per) for form in FORMS for per in ("parent", "grandparent")]


def _spec(form: str, per: str, seed: int) -> dict[str, Any]:
    return bounded_world(per, "week", seed, check=FORMS[form][0], customers=12)


@pytest.mark.parametrize(("form", "per"), CASES)
@pytest.mark.parametrize("seed", [3, 4])
def test_every_start_inside_the_ancestor_bound(form: str, per: str, seed: int) -> None:
    spec = _spec(form, per, seed + 10 * CASES.index((form, per)))
    frames = generate(spec).frames
    assert 20 <= frames["bills"].height <= 300
    j = beside_ancestor(spec, frames, per)
    _, high, low = FORMS[form]
    assert high is not None
    top = pl.col("to") + pl.duration(days=high[0])
    past = j.filter((pl.col("period_start") >= top) if high[1] else (pl.col("period_start") > top))
    assert past.height == 0, past.head()
    # the bound was live: some start lies within two weeks of it
    assert j.filter(pl.col("to").is_not_null() & (top - pl.col("period_start") < pl.duration(days=14))).height > 0
    if low is not None:
        assert j.filter(pl.col("period_start") < pl.col("from") + pl.duration(days=low)).height == 0
