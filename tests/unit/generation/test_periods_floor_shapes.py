"""More shapes for gen86's fix (issue 13): worlds written after the fix was committed and run once on main and once on
the branch, nothing tuned on them (dev: written by the fix's author knowing the classes) — the three classes of
test_periods_start_floors.py and test_periods_own_ancestor.py in shapes, shifts and seeds those files do not use: a
start floor past the drawn starts (17 days weekly, 70 monthly), a run shrunk under its ancestor's end and raised to
an end floor (10 days), each bill bounded by its own laid subscription (weekly datetime, monthly date)."""

from __future__ import annotations

import polars as pl
import pytest
from tests.unit.generation import test_periods_own_ancestor as own
from tests.unit.generation.period_worlds import (
    LIFE,
    ancestor_refs,
    assert_laid_and_valid,
    beside_ancestor,
    bill_world,
    bills_drawn_as,
)

from simulacra.pipeline import generate

SHIFT = {"week": 17, "month": 70}


@pytest.mark.parametrize(
    ("per", "kind", "grain", "seed"),
    [
        ("parent", "datetime", "week", 11),
        ("grandparent", "date", "week", 12),
        ("parent", "date", "month", 13),
        ("grandparent", "datetime", "month", 14),
    ],
)
def test_a_start_floor_past_the_draw(per: str, kind: str, grain: str, seed: int) -> None:
    start_ref, end_ref = ancestor_refs(per)
    check = f"{start_ref} + INTERVAL '{SHIFT[grain]} days' <= period_start and period_end <= {end_ref}"
    spec = bill_world(
        per, seed, check=check, since=start_ref, grain=grain, customers=9, open_rate=0.3, life=LIFE[grain]
    )
    bills_drawn_as(spec, kind)
    j = beside_ancestor(spec, generate(spec).frames, per)
    dtype = j.schema["period_start"]
    floor = pl.col("from").cast(dtype) + pl.duration(days=SHIFT[grain])
    assert j.height > 0 and j.filter(pl.col("period_start") < floor).height == 0
    assert j.filter(pl.col("period_end") < pl.col("period_start")).height == 0


@pytest.mark.parametrize(("per", "seed"), [("parent", 21), ("grandparent", 22), ("grandparent", 23)])
def test_a_shrunk_run_raised_keeps_its_periods_long(per: str, seed: int) -> None:
    start_ref, end_ref = ancestor_refs(per)
    check = f"period_end > {start_ref} + 10 and {end_ref} >= period_end"
    spec = bill_world(
        per,
        seed,
        check=check,
        since=start_ref,
        grain="week",
        customers=20,
        open_rate=0.0,
        life=LIFE["week"],
        bills=(5, 8),
    )
    spec["tables"]["bills"]["columns"]["period_end"]["null_rate"] = 0.0
    j = beside_ancestor(spec, generate(spec).frames, per)
    assert j.filter(pl.col("period_end") <= pl.col("period_start")).height == 0


@pytest.mark.parametrize(("kind", "grain", "seed"), [("datetime", "week", 31), ("date", "month", 32)])
def test_each_bill_inside_its_own_laid_subscription(kind: str, grain: str, seed: int) -> None:
    spec = own._world("start_floor_and_ceiling", kind, grain, seed, customers=10)
    frames = generate(spec).frames
    assert_laid_and_valid(spec, frames)
    dtype = frames["bills"].schema["period_start"]
    j = frames["bills"].join(
        frames["subscriptions"].select(
            "subscription_id", pl.col("started").cast(dtype).alias("from"), pl.col("ended").cast(dtype).alias("to")
        ),
        on="subscription_id",
    )
    assert j.filter(pl.col("to").is_not_null() & (pl.col("period_end") > pl.col("to"))).height == 0
    assert j.filter(pl.col("period_start") < pl.col("from") + pl.duration(days=3)).height == 0
