"""``generate`` lays a group's periods inside an ancestor's bound written the way real schemas bound a nullable end
(issue 13): ``period_end IS NULL OR period_end <= subscription_id.ended``, the guard after the bound, in
parentheses, inside a conjunction with the start's bound. SQL's CHECK passes a null, so the guard means the bare
bound; on main an ``OR`` bounded nothing, the laying moved ends past the ancestor's end and ``generate`` refused the
world (a row broke the check).

Planted per the parent (the subscription) and per the grandparent (the customer, through two links), weekly and
monthly: every non-null end on/before (strict: before) the ancestor's end computed here from its own columns,
every start on/after the ancestor's start, ``validate`` passes, the end's nulls (10% drawn) still there."""

from __future__ import annotations

import polars as pl
import pytest
from tests.unit.generation.period_worlds import GRAIN, beside_ancestor, bounded_world

from simulacra.pipeline import generate

# the check (END / START: the ancestor's end and start refs), whether the bound is strict
FORMS: dict[str, tuple[str, bool]] = {
    "guard_first": ("period_end IS NULL OR period_end <= END", False),
    "guard_last": ("END >= period_end OR period_end IS NULL", False),
    "parenthesised_strict": ("(period_end is null or period_end < END)", True),
    "in_conjunction": ("period_start >= START AND (period_end IS NULL OR period_end <= END)", False),
}

CASES = [
    ("guard_first", "parent", "month", 3),
    ("guard_first", "grandparent", "week", 4),
    ("guard_last", "parent", "week", 5),
    ("guard_last", "grandparent", "month", 6),
    ("parenthesised_strict", "parent", "week", 7),
    ("parenthesised_strict", "grandparent", "month", 8),
    ("in_conjunction", "parent", "month", 9),
    ("in_conjunction", "grandparent", "week", 10),
]


@pytest.mark.parametrize(("form", "per", "grain", "seed"), CASES)
def test_every_bill_inside_a_null_guarded_bound(form: str, per: str, grain: str, seed: int) -> None:
    check, strict = FORMS[form]
    spec = bounded_world(per, grain, seed, check=check, customers=16)
    frames = generate(spec).frames
    j = beside_ancestor(spec, frames, per)  # laid, and every rule (the guarded check among them) holds
    assert 20 <= j.height <= 500
    ended = j.filter(pl.col("period_end").is_not_null() & pl.col("to").is_not_null())
    past = ended.filter((pl.col("period_end") >= pl.col("to")) if strict else (pl.col("period_end") > pl.col("to")))
    assert past.height == 0, past.head()
    assert j.filter(pl.col("period_start") > pl.col("to")).height == 0
    assert j.filter(pl.col("period_start") < pl.col("from")).height == 0
    assert 0 < j["period_end"].null_count() < j.height  # the guard's nulls are drawn, not bounded away
    # the bound was live: some bill ends within two periods' length of its ancestor's end
    near = ended.filter(pl.col("to") - pl.col("period_end") < pl.duration(days=2 * GRAIN[grain][1]))
    assert near.height > 0
