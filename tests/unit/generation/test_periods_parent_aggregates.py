"""A parent's aggregate over children laid per an ancestor above it (issue 19): a subscription's last bill end, its
bills' count or their total amount, the bills laid one after another per customer (the grandparent) or per region
(three links up). A chunk of the parent makes its children for the aggregate; its chunks ended every chunk-size rows,
cut a customer's group, and laid those bills in pieces, so the aggregate was not the written bills' and moved with
the chunk size (and on Dask, whose partitions are chunks). Planted in the per-grandparent and per-region worlds of
``test_periods_per_ancestor.py`` and the bounded one of ``test_periods_inside_ancestor.py``, max/min/sum/count, two
seeds: every aggregate equals its bills' own, ``validate`` passes, chunk sizes 7 and 1,000,000 give the same rows."""

from __future__ import annotations

import polars as pl
import pytest
from tests.helpers import frames_of
from tests.unit.generation import test_periods_inside_ancestor as inside
from tests.unit.generation import test_periods_per_ancestor as per_ancestor

from simulacra.constraints import check_dataset
from simulacra.spec import load_plan

#: aggregate column -> (function, what of the bills, how polars computes it over a subscription's bills)
AGGREGATES = {
    "last_end": ("max", "bills.period_end", pl.col("period_end").max()),
    "first_start": ("min", "bills.period_start", pl.col("period_start").min()),
    "n_bills": ("count", "bills", pl.len()),
}
WORLDS = {
    "customer": lambda seed: per_ancestor._world("customer", seed, regions=8),
    "region": lambda seed: per_ancestor._world("region", seed, regions=8),
    "bounded": lambda seed: inside._world("grandparent", seed, customers=25),
}


@pytest.mark.parametrize("world", list(WORLDS))
@pytest.mark.parametrize("seed", [1, 2])
def test_a_parent_s_aggregate_is_its_laid_children_s_at_any_chunk_size(world: str, seed: int) -> None:
    spec = WORLDS[world](seed)
    cols = spec["tables"]["subscriptions"]["columns"]
    for name, (fn, of, _) in AGGREGATES.items():
        cols[name] = {"generator": "aggregate", "function": fn, "of": of}
    if "amount" in spec["tables"]["bills"]["columns"]:
        cols["billed"] = {"generator": "aggregate", "function": "sum", "of": "bills.amount"}
    got = {size: frames_of(spec, chunk_size=size) for size in (7, 1_000_000)}
    frames = got[1_000_000]
    for t, df in frames.items():
        assert got[7][t].equals(df), t
    assert [f for f in check_dataset(load_plan(spec), frames, declared=True) if f.failed] == []
    bills, subs = frames["bills"], frames["subscriptions"]
    assert bills.height >= subs.height > 5
    own = bills.group_by("subscription_id").agg(*(e.alias(f"want_{n}") for n, (_, _, e) in AGGREGATES.items()))
    j = subs.join(own, on="subscription_id", how="left")
    for name in AGGREGATES:
        want = pl.col(f"want_{name}")
        if name == "n_bills":
            want = want.fill_null(0)
        assert j.filter(pl.col(name).ne_missing(want.cast(j.schema[name]))).height == 0, name
