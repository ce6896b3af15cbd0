"""Multi-table: foreign keys that resolve, children per parent, trends across the join."""

from __future__ import annotations

import numpy as np
import polars as pl

from simulacra.evaluation import multitable
from simulacra.evaluation._frames import infer_columns


def tables(seed: int, orphans: int = 0, flat: bool = False) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n = 200
    tier = rng.choice(["gold", "basic"], n, p=[0.3, 0.7])
    customers = pl.DataFrame({"id": np.arange(n), "tier": tier, "age": rng.integers(18, 80, n)})
    counts = rng.poisson(2, n) if flat else np.where(tier == "gold", rng.poisson(5, n), rng.poisson(1, n))
    cid = np.repeat(np.arange(n), counts)
    gold = np.isin(cid, np.nonzero(tier == "gold")[0])
    amount = np.where(gold, rng.normal(200, 20, cid.size), rng.normal(50, 10, cid.size))
    if flat:
        amount = rng.normal(100, 60, cid.size)
    cid = cid.copy()
    cid[:orphans] = 10_000 + np.arange(orphans)
    orders = pl.DataFrame({"id": np.arange(cid.size), "customer_id": cid, "amount": amount})
    return {"customers": customers, "orders": orders}


def test_infer_relations() -> None:
    (link,) = multitable.infer_relations(tables(0))
    assert (link.parent, link.parent_key, link.child, link.child_key) == ("customers", "id", "orders", "customer_id")


def test_integrity_cardinality_and_trends() -> None:
    real, good, bad = tables(0), tables(1), tables(2, orphans=30, flat=True)
    link = multitable.Link("customers", "id", "orders", "customer_id")
    assert multitable.referential_integrity(good, link).score == 1.0
    ri = multitable.referential_integrity(bad, link)
    assert ri.details["orphans"] == 30 and ri.score is not None and ri.score < 1
    assert (multitable.cardinality(real, good, link).score or 0) > (multitable.cardinality(real, bad, link).score or 0)
    infos = {t: infer_columns(f) for t, f in real.items()}
    good_t = [r for r in multitable.intertable_trends(real, good, link, infos) if r.details.get("counts")]
    bad_t = {r.columns: r for r in multitable.intertable_trends(real, bad, link, infos)}
    pair = ("amount", "customers.tier")
    assert any(r.columns == pair for r in good_t)
    assert (next(r for r in good_t if r.columns == pair).score or 0) > (bad_t[pair].score or 0) + 0.2
