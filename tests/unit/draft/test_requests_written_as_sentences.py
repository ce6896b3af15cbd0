"""Requests written as sentences, with verbs between the counted nouns: each counted noun is a table, a verb's
object refers to its subject, 'each X has 1-3 Y' is per X, 'N Y a week' is a rate over the time span."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import refs as _refs

import simulacra
from simulacra.draft import draft


@pytest.mark.parametrize(
    ("request_", "subject", "obj", "counts"),
    [
        ("a newspaper: 150 journalists write 20,000 articles in 2023", "journalists", "articles", (150, 20000)),
        ("a charity: 12,000 donors give 30,000 donations", "donors", "donations", (12000, 30000)),
        ("a studio: 40 illustrators draw 9,000 sketches", "illustrators", "sketches", (40, 9000)),
        ("a lab: 25 chemists run 6,000 assays", "chemists", "assays", (25, 6000)),
    ],
)
def test_each_counted_noun_of_a_sentence_is_a_table_and_the_object_refers_to_the_subject(
    request_: str, subject: str, obj: str, counts: tuple[int, int]
) -> None:
    d = draft(request_)
    rows = simulacra.generate(d.spec, seed=1).rows
    assert (rows[subject], rows[obj]) == counts
    assert subject in _refs(d.spec["tables"][obj])


@pytest.mark.parametrize(("child", "lo", "hi"), [("accounts", 1, 3), ("gadgets", 2, 5)])
def test_each_x_has_a_range_of_y_is_per_x(child: str, lo: int, hi: int) -> None:
    d = draft(f"a firm: 400 customers; each customer has {lo}-{hi} {child}")
    frame = simulacra.generate(d.spec, seed=1).frames[child]
    per = frame.group_by("customer_id").len()["len"]
    assert per.min() >= lo and per.max() <= hi
    assert frame.height > 400 * lo


@pytest.mark.parametrize(("unit", "span", "periods"), [("week", "4 weeks", 4), ("day", "10 days", 10)])
def test_a_count_a_unit_is_a_rate_over_the_time_span(unit: str, span: str, periods: int) -> None:
    d = draft(f"a depot: 30 vans delivering 2,000 parcels a {unit} for {span}")
    assert simulacra.generate(d.spec, seed=1).rows["parcels"] == 2000 * periods


@pytest.mark.parametrize(
    ("parent", "n", "child", "key"), [("groups", 20, "children", "child_id"), ("teams", 11, "players", "player_id")]
)
def test_n_x_of_m_y_each_is_exactly_m_per_x(parent: str, n: int, child: str, key: str) -> None:
    d = draft(f"a league: 8 {parent} of {n} {child} each")
    assert d.spec["tables"][child]["primary_key"] == key
    assert simulacra.generate(d.spec, seed=1).rows[child] == 8 * n
