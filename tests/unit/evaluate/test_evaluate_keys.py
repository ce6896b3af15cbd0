"""Multi-table evaluate: key columns are structure, not data; a bad relation fails before any work (issue 13, defect 5)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.errors import SpecError
from simulacra.evaluation import _api, evaluate


def _db(seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    customers = pl.DataFrame({"id": np.arange(300), "tier": rng.choice(["gold", "basic"], 300)})
    cid = rng.integers(0, 300, 900)
    orders = pl.DataFrame(
        {
            "order_id": np.arange(900) + 1000 * seed,
            "customer_id": cid,
            "status": rng.choice(["open", "paid", "sent"], 900),
            "amount": rng.normal(50, 10, 900).round(2),
        }
    )
    return {"customers": customers, "orders": orders}


def test_foreign_key_columns_are_not_scored_as_data() -> None:
    report = evaluate(_db(0), _db(1), holdout=_db(2), seed=0)
    cols = {c["name"]: c for c in report.columns["orders"]}
    assert cols["customer_id"]["kind"] == "skip"
    em = next(r for r in report.results if r.metric == "exact_match_rate" and r.table == "orders")
    assert em.details["columns"] == 2  # status and amount; not the key


def test_a_relation_to_a_missing_table_fails_before_any_table_is_scored(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a: object, **k: object) -> None:
        raise AssertionError("a table was scored before the relations were checked")

    monkeypatch.setattr(_api, "_table_eval", boom)
    spec = {"relations": [{"parent": "shops.id", "child": "orders.shop_id"}]}
    with pytest.raises(SpecError, match="shop_id|shops"):
        evaluate(_db(0), _db(1), spec=spec)
