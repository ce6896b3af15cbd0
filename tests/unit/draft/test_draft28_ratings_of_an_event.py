"""A rating or review of an event (issue 20, draft28): where the request names nothing a rating is of (no
product, no course) but an act its author takes part in (orders, stays, rides), each rating rates one such
act: made per the act, at most one each, a share of the acts rated, the author reached through the act, not
two ratings per customer on average with no link to what was rated.

The settings are from no benchmark request set (``benchmarks/draft_requests.py``), nor draft28's held-out
requests."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import key_to, refs

import simulacra
from simulacra.draft import draft

#: (request, the ratings, the act rated, its author)
_RATED = [
    ("a coffee shop chain: 30 shops, 12,000 customers, orders and reviews", "reviews", "orders", "customers"),
    ("a hotel with 200 rooms, 6,000 guests, stays and reviews", "reviews", "stays", "guests"),
    ("a taxi app with 900 drivers, 30,000 riders, rides and ratings", "ratings", "rides", "riders"),
]


@pytest.mark.parametrize(("request_", "ratings", "act", "author"), _RATED)
@pytest.mark.parametrize("seed", [3, 8])
def test_a_rating_rates_one_act(request_: str, ratings: str, act: str, author: str, seed: int) -> None:
    spec = draft(request_).spec
    table = spec["tables"][ratings]
    assert table["rows"]["per"] == act
    assert act in refs(table) and author not in refs(table)  # the author through the act
    assert author in refs(spec["tables"][act])
    frames = simulacra.generate(spec, seed=seed, scale=0.02).frames
    per = frames[ratings][key_to(spec, ratings, act)]
    assert per.n_unique() == per.len()  # at most one rating per act
    share = per.len() / frames[act].height
    assert 0.4 < share < 0.8  # a share of the acts rated, not all, not two per author


def test_a_rating_of_a_product_stays_of_the_product() -> None:
    spec = draft("an online shop with 2,000 products, 10,000 customers, orders and product reviews").spec
    table = spec["tables"]["reviews"]
    assert table["rows"]["per"] == "products" and "orders" not in refs(table)
