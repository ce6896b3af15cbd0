"""``generate`` lays a customer's bills as one run, each bill bounded by its OWN subscription (``period_end <=
subscription_id.ended``, a start floor ``period_start >= subscription_id.started + ...``, a ``BETWEEN``), where the
customer's subscriptions are themselves laid one after another (issue 13): a laying exists (each subscription's
bills inside it, the subscriptions apart in time), but the run was held by the EARLIEST of its rows' ends, so a
later subscription's bills could not start after their own subscription began and the world was refused. Now such a
run is laid against each row's own bounds (a row's latest end the earliest of its own and the later rows' ones).

Planted per the grandparent (the customer), weekly and monthly, date and datetime, three seeds: every bill inside
its own subscription's bound, computed here from the subscription's columns; ``validate`` passes; chunk sizes 7 and
1,000,000 write the same bytes; a world whose bounds cross (a bill's own floor after a later bill's ceiling) is
still refused, located."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from tests.unit.generation.period_worlds import (
    LIFE,
    Spec,
    assert_laid_and_valid,
    bill_world,
    bills_drawn_as,
    same_bytes_at_chunk_sizes,
)

from simulacra.errors import GenerationError
from simulacra.pipeline import generate

# each form: the check on the bill's own subscription, the start floor's shift past its start (None: none), whether
# the end is held at/before its end
FORMS: dict[str, tuple[str, int | None]] = {
    "end_ceiling": ("period_end <= subscription_id.ended", None),
    "start_floor_and_ceiling": (
        "period_start >= subscription_id.started + INTERVAL '3 days' and period_end <= subscription_id.ended",
        3,
    ),
    "between": ("period_end BETWEEN subscription_id.started AND subscription_id.ended", 0),
}
CASES = [
    (form, kind, grain, seed)
    for form in FORMS
    for kind, grain in (("date", "week"), ("datetime", "month"))
    for seed in (1, 2, 3)
]


def _world(form: str, kind: str, grain: str, seed: int, *, customers: int = 12) -> Spec:
    spec = bill_world(
        "grandparent",
        seed,
        check=FORMS[form][0],
        since="subscription_id.started",
        grain=grain,
        customers=customers,
        open_rate=0.2,
        life=LIFE[grain],
        more=({"table": "subscriptions", "periods": ["started", "ended"], "per": ["customer_id"]},),
    )
    # every bill closed: an open bill is its run's last, so one of an earlier subscription (held to start before
    # that subscription ends) would have to follow a later subscription's bills, which no laying can do
    return bills_drawn_as(spec, kind, end_null_rate=0.0)


@pytest.mark.parametrize(("form", "kind", "grain", "seed"), CASES)
def test_each_bill_inside_its_own_subscription(form: str, kind: str, grain: str, seed: int) -> None:
    spec = _world(form, kind, grain, seed + 10 * CASES.index((form, kind, grain, seed)))
    frames = generate(spec).frames
    assert_laid_and_valid(spec, frames)
    bills = frames["bills"]
    dtype = bills.schema["period_start"]
    j = bills.join(
        frames["subscriptions"].select(
            "subscription_id", pl.col("started").cast(dtype).alias("from"), pl.col("ended").cast(dtype).alias("to")
        ),
        on="subscription_id",
    )
    assert j.height == bills.height and 10 <= j.height <= 300
    assert j.filter(pl.col("to").is_not_null() & (pl.col("period_end") > pl.col("to"))).height == 0
    shift = FORMS[form][1]
    if shift is not None:
        assert j.filter(pl.col("period_start") < pl.col("from") + pl.duration(days=shift)).height == 0
    # a customer held more than one subscription with bills: the run crossed from one to the next
    subs_per_customer = j.group_by("customer_id").agg(pl.col("subscription_id").n_unique().alias("n"))
    assert subs_per_customer.filter(pl.col("n") > 1).height > 0


def test_the_same_bytes_at_any_chunk_size(tmp_path: Path) -> None:
    spec = _world("start_floor_and_ceiling", "date", "week", 91, customers=30)
    same_bytes_at_chunk_sizes(spec, tmp_path, (7, 1_000_000), tables=3)


def test_crossed_own_bounds_are_refused_located() -> None:
    """Each bill starts 40 days into its own subscription (weekly: past most subscriptions' ends, 25 to 70 days):
    no laying holds it, so a located error naming the check."""
    spec = _world("end_ceiling", "date", "week", 5)
    spec["tables"]["subscriptions"]["columns"]["ended"]["null_rate"] = 0.0
    check = "period_start >= subscription_id.started + 40 and period_end <= subscription_id.ended"
    spec["constraints"][0]["check"] = check
    with pytest.raises(GenerationError) as got:
        generate(spec)
    assert check in str(got.value)
    loc = got.value.location
    assert loc is not None and loc.table == "bills" and loc.column in ("period_start", "period_end"), loc
