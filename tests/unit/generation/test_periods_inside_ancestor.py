"""``generate`` lays a group's periods inside its ancestor's span (issue 13): a bill period never ends after its
subscription (or its customer) has ended, where a ``check`` ties the end below the ancestor's column
(``period_end <= subscription_id.ended``, strict or not, either side). Laying moved periods later and past that
end, so ``generate`` refused such worlds (the laid row broke the check) or, with the check left out, wrote bills past
their subscription. Planted per the parent and per the grandparent, weekly and monthly, ancestors ended and open,
10 to 3,000 rows, several seeds: every end is on/before (before: strict) the ancestor's end, every start on/after
its start, ``validate`` passes, chunk sizes 7 and 1,000,000 write the same bytes; a group bounded by each row's own
subscription is laid inside each, never a row past the bound."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from tests.unit.generation.period_worlds import (
    GRAIN,
    LIFE,
    Spec,
    assert_laid_and_valid,
    bill_world,
    read_bill_world,
    same_bytes_at_chunk_sizes,
)

from simulacra.errors import GenerationError
from simulacra.pipeline import generate


def _world(
    per: str,
    seed: int,
    *,
    grain: str = "month",
    customers: int = 30,
    open_rate: float = 0.3,
    strict: bool = False,
    flipped: bool = False,
    bills: tuple[int, int] = (1, 8),
    life: tuple[int, int] | None = None,
    bound: str = "",
) -> Spec:
    """customers -> subscriptions (started, ended: null for an open one) -> bills, whose periods are laid per
    ``per`` (``parent``: the subscription; ``grandparent``: the customer, through an expression) and held below
    the ancestor's end by a check (``strict``: ``<``; ``flipped``: written ``<ref> >= period_end``). The ancestor
    (``bound``) is the group's own: the subscription per the parent, the customer (its ``left``, copied onto the
    subscription) per the grandparent; ``subscription`` per the grandparent bounds each bill by its own
    subscription inside a customer's group."""
    bound = bound or ("subscription" if per == "parent" else "customer")
    ref = "subscription_id.ended" if bound == "subscription" else "subscription_id.customer_left"
    # a bill starts after its bounding ancestor's start: its subscription's, or its customer's (copied)
    since = "subscription_id.started" if bound == "subscription" else "subscription_id.customer_joined"
    op = "<" if strict else "<="
    check = f"{ref} {'>' if strict else '>='} period_end" if flipped else f"period_end {op} {ref}"
    return bill_world(
        per,
        seed,
        check=check,
        since=since,
        grain=grain,
        customers=customers,
        open_rate=open_rate,
        life=life or LIFE[grain],
        bills=bills,
        copy_customer=True,
    )


def _inside(spec: Spec, frames: dict[str, pl.DataFrame], *, strict: bool = False) -> pl.DataFrame:
    """The bills joined to their subscription (its start, and the ancestor's end as ``ended``), after asserting
    each inside that span."""
    by_customer = "customer_left" in spec["constraints"][0]["check"]
    bills = frames["bills"]
    assert_laid_and_valid(spec, frames)
    end = pl.col("customer_left" if by_customer else "ended").alias("ended")
    start = pl.col("customer_joined" if by_customer else "started").alias("started")
    j = bills.join(frames["subscriptions"].select("subscription_id", start, end), on="subscription_id")
    past = j.filter((pl.col("period_end") >= pl.col("ended")) if strict else (pl.col("period_end") > pl.col("ended")))
    assert past.height == 0, past.head()
    # an open period or not, none begins after its ancestor ended, nor before it started
    assert j.filter(pl.col("period_start") > pl.col("ended")).height == 0
    assert j.filter(pl.col("period_start") < pl.col("started")).height == 0
    return j


@pytest.mark.parametrize(
    ("per", "grain", "seed", "customers", "open_rate"),
    [
        ("parent", "month", 1, 30, 0.3),
        ("parent", "week", 2, 200, 0.0),
        ("parent", "month", 3, 3, 0.0),
        ("grandparent", "month", 4, 40, 0.3),
        ("grandparent", "week", 5, 250, 0.1),
        ("grandparent", "month", 6, 4, 0.0),
        ("parent", "month", 7, 400, 0.5),
        ("grandparent", "month", 8, 300, 1.0),  # every ancestor open: nothing bounds the ends
    ],
)
def test_every_end_inside_the_ancestor(per: str, grain: str, seed: int, customers: int, open_rate: float) -> None:
    spec = _world(per, seed, grain=grain, customers=customers, open_rate=open_rate)
    frames = generate(spec).frames
    j = _inside(spec, frames)
    assert 10 <= j.height <= 3000
    if open_rate < 1.0:
        # the bound was live: some group ends within a period's length of its ancestor's end
        near = j.filter(
            pl.col("ended").is_not_null()
            & (pl.col("ended") - pl.col("period_end") < pl.duration(days=2 * GRAIN[grain][1]))
        )
        assert near.height > 0


@pytest.mark.parametrize(("strict", "flipped", "seed"), [(True, False, 11), (False, True, 12), (True, True, 13)])
def test_strict_and_either_side(strict: bool, flipped: bool, seed: int) -> None:
    spec = _world("grandparent", seed, customers=60, strict=strict, flipped=flipped, open_rate=0.0)
    _inside(spec, generate(spec).frames, strict=strict)


@pytest.mark.parametrize("seed", [41, 42, 43, 44])
def test_each_bill_inside_its_own_subscription_per_customer(seed: int) -> None:
    """Per the grandparent, each bill bounded by its own subscription: a customer's group is laid inside the
    latest of its subscriptions' starts and the earliest of their ends, or refused, located, where that window
    cannot hold it (subscriptions that do not overlap) — never a row outside its subscription."""
    spec = _world("grandparent", seed, customers=12, bound="subscription", open_rate=0.5)
    try:
        frames = generate(spec).frames
    except GenerationError as e:
        assert "subscription_id.ended" in str(e) and "per customer_id" in str(e)
        assert e.location is not None and e.location.table == "bills" and e.location.column == "period_start"
        return
    _inside(spec, frames)


@pytest.mark.parametrize(("per", "seed"), [("parent", 21), ("grandparent", 22)])
def test_the_same_bytes_at_any_chunk_size(per: str, seed: int, tmp_path: Path) -> None:
    spec = _world(per, seed, grain="week", customers=250)
    frames = read_bill_world(same_bytes_at_chunk_sizes(spec, tmp_path, (7, 1_000_000), tables=3))
    assert 1000 < frames["bills"].height <= 3000
    _inside(spec, frames)


def test_a_group_bounded_by_each_rows_own_subscription_is_laid_inside_each() -> None:
    """A customer's bills each bounded by their own subscription, the subscriptions apart in time (one ended before
    another's first bill): the run cannot fit the earliest of its rows' ends, but each subscription's bills fit
    inside it (gen86: laid against each row's own bounds; refused before), so laid and valid, every bill inside its
    own subscription, no period pressed to nothing."""
    spec = _world("grandparent", 31, customers=40, bills=(4, 8), open_rate=0.0, bound="subscription")
    frames = generate(spec).frames
    assert_laid_and_valid(spec, frames)
    j = frames["bills"].join(
        frames["subscriptions"].select("subscription_id", "started", "ended"), on="subscription_id"
    )
    assert j.filter((pl.col("period_end") > pl.col("ended")) | (pl.col("period_start") < pl.col("started"))).height == 0
    assert j.filter(pl.col("period_end") <= pl.col("period_start")).height == 0
