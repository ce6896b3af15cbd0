"""Orders brought by the couriers the request names (issue 20, draft28): where couriers or drivers are a table
and no table of deliveries or shipments carries them, each order refers to one courier, not a courier table
nothing refers to; where shipments carry the drivers, orders take no key of their own to them.

The settings are from no benchmark request set (``benchmarks/draft_requests.py``), nor draft28's held-out
requests."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import key_to, refs

import simulacra
from simulacra.draft import draft

_BROUGHT = [
    ("a grocery delivery service with 40 drivers, 5,000 customers and 20,000 orders in 2024", "drivers"),
    ("a pizza chain: 20 stores, 150 delivery drivers, 9,000 customers and orders", "drivers"),
    ("a florist with 12 couriers, 2,000 customers and 6,000 orders over 2024", "couriers"),
]


@pytest.mark.parametrize(("request_", "couriers"), _BROUGHT)
@pytest.mark.parametrize("seed", [2, 6])
def test_each_order_is_brought_by_a_courier(request_: str, couriers: str, seed: int) -> None:
    spec = draft(request_).spec
    assert couriers in refs(spec["tables"]["orders"]) and "customers" in refs(spec["tables"]["orders"])
    frames = simulacra.generate(spec, seed=seed, scale=0.3).frames
    seen = frames["orders"][key_to(spec, "orders", couriers)]
    assert seen.null_count() == 0 and seen.n_unique() > 1
    assert seen.is_in(frames[couriers][key_to(spec, "orders", couriers)].implode()).all()


def test_shipments_carry_the_drivers_not_the_orders() -> None:
    spec = draft("an online store with 3 warehouses, 25 drivers, 8,000 customers, orders and shipments").spec
    assert "drivers" not in refs(spec["tables"]["orders"])
    assert {"drivers", "orders"} <= refs(spec["tables"]["shipments"])
