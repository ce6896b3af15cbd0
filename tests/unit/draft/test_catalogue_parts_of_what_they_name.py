"""A catalogue kind said with 'of' is of the table named after it by the kind's own class (issue 20, draft22):
"each order with between 1 and 12 order lines of beers" keys the lines to beers as well as orders, though
WordNet's first 'line' is a group: the catalogue's order item is what the request names. A part kind said
without 'of' keeps its one parent.

The settings here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import refs

import simulacra
from simulacra.draft import draft


@pytest.mark.parametrize(
    ("request_", "product"),
    [
        ("a winery: 60 wines, 3,000 orders, each order with 1 to 6 order lines of wines", "wines"),
        ("a tea shop: 80 teas and 2,000 orders with between 1 and 5 order lines of teas each", "teas"),
        ("a cheese shop: 50 cheeses, 1,000 orders; each order has 2 to 4 order lines of cheeses", "cheeses"),
    ],
)
@pytest.mark.parametrize("seed", [1, 2])
def test_order_lines_of_products_refer_to_them(request_: str, product: str, seed: int) -> None:
    spec = draft(request_).spec
    lines = spec["tables"]["order_lines"]
    assert lines["rows"]["per"] == "orders" and refs(lines) == {"orders", product}
    frames = simulacra.generate(spec, seed=seed).frames
    key = next(c for c, col in lines["columns"].items() if col.get("references", "").startswith(product + "."))
    assert frames["order_lines"][key].is_in(frames[product][key]).all()


def test_lines_said_without_of_keep_one_parent() -> None:
    spec = draft("a winery: 60 wines, 3,000 orders, each order with 1 to 6 order lines").spec
    assert refs(spec["tables"]["order_lines"]) == {"orders"}
