"""A review said to be of an act (issue 20, draft29): 'guest reviews of shows', 'fan reviews of concerts' are
made per the act reviewed, not per their author (two per guest on average, each with a show drawn at random):
an act many attend has reviews of its own (none of a cancelled one), each by one of the authors; the author's
own act ('pupil reviews of lessons') is reviewed at most once, the author through it (draft28's rule).

The settings are from no benchmark request set (``benchmarks/draft_requests.py``) nor a held-out request."""

from __future__ import annotations

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import key_to, refs

import simulacra
from simulacra.draft import draft

#: (request, the act reviewed, the author)
_ATTENDED = [
    ("a comedy club: 150 shows over 2024, 9,000 guests and guest reviews of shows", "shows", "guests"),
    ("a wine bar: 40 tastings over 2023, 2,500 customers and customer reviews of tastings", "tastings", "customers"),
    ("a concert promoter: 300 concerts over 2024, 40,000 fans and fan reviews of concerts", "concerts", "fans"),
    (
        "a boat tour operator: 12 boats, 900 cruises over 2024, 20,000 passengers and reviews of cruises",
        "cruises",
        "passengers",
    ),
]
_OWN = [
    (
        "a driving school: 20 instructors, 900 pupils, lessons over 2024 and pupil reviews of lessons",
        "lessons",
        "pupils",
    ),
    (
        "a spa: 3,000 clients, 12 therapists, treatments over 2024 and client reviews of treatments",
        "treatments",
        "clients",
    ),
]


@pytest.mark.parametrize(("request_", "act", "author"), _ATTENDED)
@pytest.mark.parametrize("seed", [4, 9])
def test_reviews_of_an_act_many_attend(request_: str, act: str, author: str, seed: int) -> None:
    spec = draft(request_).spec
    table = spec["tables"]["reviews"]
    assert table["rows"]["per"] == act and {act, author} <= refs(table)
    frames = simulacra.generate(spec, seed=seed, scale=0.2).frames
    rows = frames["reviews"].join(frames[act], left_on=key_to(spec, "reviews", act), right_on=f"{act[:-1]}_id")
    assert rows.height > 0 and rows.filter(pl.col("status") == "cancelled").height == 0
    assert rows[key_to(spec, "reviews", act)].n_unique() < rows.height  # several reviews of one act


@pytest.mark.parametrize(("request_", "act", "author"), _OWN)
def test_a_review_of_the_authors_own_act_is_one_per_act(request_: str, act: str, author: str) -> None:
    spec = draft(request_).spec
    table = spec["tables"]["reviews"]
    assert table["rows"]["per"] == act and act in refs(table) and author not in refs(table)
    per = simulacra.generate(spec, seed=3, scale=0.1).frames["reviews"][key_to(spec, "reviews", act)]
    assert per.n_unique() == per.len()


def test_a_review_of_a_product_stays_of_the_product() -> None:
    spec = draft("an online shop with 2,000 products, 10,000 customers, orders and reviews of products").spec
    table = spec["tables"]["reviews"]
    assert table["rows"]["per"] == "products" and "orders" not in refs(table)


@pytest.mark.parametrize(
    ("request_", "act", "rows"),
    [
        (
            "a driving school: 20 instructors, 900 pupils, lessons over 2024 and 700 pupil reviews of lessons",
            "lessons",
            700,
        ),
        ("a comedy club: 150 shows over 2024, 9,000 guests and 2,000 guest reviews of shows", "shows", 2000),
    ],
)
def test_a_count_of_reviews_asked_is_kept(request_: str, act: str, rows: int) -> None:
    table = draft(request_).spec["tables"]["reviews"]
    assert table["rows"] == rows and act in refs(table)
