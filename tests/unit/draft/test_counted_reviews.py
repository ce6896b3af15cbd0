"""A review or rating count the request states is kept when the reviews are of an event (issue 20).

``_rated_events`` makes a review with nothing named that it is of a review of an event its author takes part
in (an order, a stay), 60% of the events reviewed. It also dropped a count the request stated: "a shop:
customers, 1 reviews, product events" drafted 15,170 reviews (found by tests/property/test_draft_properties.py,
which draws such requests at random). Planted in several settings, counts and phrasings: the table has the rows
asked, each of an event (the key to it), and without a count the 60% rule still holds.
"""

from __future__ import annotations

import pytest

import simulacra
from simulacra.draft import draft

COUNTED = [
    ("a shop: customers, 1 reviews, product events", "reviews", 1, "events"),
    ("a shop: customers, 7 reviews, orders", "reviews", 7, "orders"),
    ("a shop: 200 customers, 500 orders and 120 reviews", "reviews", 120, "orders"),
    ("a hotel: 300 guests, 900 stays and 150 reviews", "reviews", 150, "stays"),
    ("a restaurant: 400 customers, 1,200 orders, 75 ratings", "ratings", 75, "orders"),
]


@pytest.mark.parametrize(("request_", "table", "n", "event"), COUNTED)
def test_the_count_asked_is_kept_and_each_row_rates_an_event(request_: str, table: str, n: int, event: str) -> None:
    d = draft(request_)
    spec = d.spec["tables"][table]
    assert spec["rows"] == n
    keys = [
        c["references"] for c in spec["columns"].values() if isinstance(c, dict) and c.get("generator") == "foreign_key"
    ]
    assert keys == [f"{event}.{d.spec['tables'][event]['primary_key']}"]
    assert simulacra.generate(d.spec, seed=1, scale=1.0).rows[table] == n
    assert any(f"{table} are of {event}" in a and "as asked" in a for a in d.assumptions)


@pytest.mark.parametrize(
    ("request_", "table", "event"),
    [
        ("a shop: 200 customers, 500 orders and reviews", "reviews", "orders"),
        ("a hotel: 300 guests, 900 stays and reviews", "reviews", "stays"),
    ],
)
def test_without_a_count_most_events_go_unreviewed(request_: str, table: str, event: str) -> None:
    d = draft(request_)
    rows = d.spec["tables"][table]["rows"]
    assert rows["per"] == event and rows["zero_rate"] == pytest.approx(0.4)
