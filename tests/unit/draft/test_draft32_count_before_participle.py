"""A count said before a noun and its participle stays with that noun (issue 20, draft32).

"90,000 tickets sold and customer reviews" gave the 90,000 to the reviews: the parse read "sold and customer
reviews" as two kinds of reviews ("home and car policies"), blanked the words out, and the count then reached
over the tickets to the next noun. A participle right after a plural noun ("tickets sold", "orders placed",
"tasks set", "trips driven") ends that noun's phrase: the count is the noun's, whatever follows. Several
domains and phrasings; each drafted spec validates and generates, and the counted table has the count asked
(scaled). Joined kinds before one noun ("home and car policies") are still one table.
"""

from __future__ import annotations

from typing import Any

import pytest

import simulacra
from simulacra.draft import draft

# (request, the counted table, its count, the noun after 'and' that must not take the count)
COUNTED = [
    ("a cinema: 6 screens, 2,500 screenings over 2024, 90,000 tickets sold and customer reviews", "tickets", 90_000),
    ("an online shop: 2,000 customers, 8,000 orders placed and product reviews", "orders", 8_000),
    ("a school: 400 pupils, 9,000 homework tasks set and teacher comments", "homework_tasks", 9_000),
    ("a taxi firm: 50 drivers, 30,000 trips driven and passenger ratings", "trips", 30_000),
    ("a cinema with 6 screens, 90,000 tickets sold and reviews", "tickets", 90_000),
]


def _asked(rows: Any) -> int | None:
    """The count a table's rows say: a whole table's, or a total made per a parent ('rows.total')."""
    if isinstance(rows, int):
        return rows
    return rows.get("total") if isinstance(rows, dict) else None


@pytest.mark.parametrize(("request_", "table", "count"), COUNTED)
def test_the_count_stays_with_the_noun_before_the_participle(request_: str, table: str, count: int) -> None:
    tables = draft(request_).spec["tables"]  # raises if the draft does not validate
    assert _asked(tables[table]["rows"]) == count, tables[table]["rows"]
    others = [t for t in tables if t != table and _asked(tables[t]["rows"]) == count]
    assert others == [], f"the count also went to {others}"


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("request_", "table", "count"), [COUNTED[1], COUNTED[3]])
def test_the_counted_table_is_generated_at_its_count(request_: str, table: str, count: int, seed: int) -> None:
    spec = draft(request_).spec
    rows = simulacra.generate(spec, seed=seed, scale=0.05).rows
    assert rows[table] == round(count * 0.05)


@pytest.mark.parametrize(
    ("request_", "table", "count"),
    [
        ("an insurer: 3,000 home and car policies", "policies", 3_000),  # two kinds of one noun, one table
        ("a shop: 500 customers who placed 2,000 orders", "orders", 2_000),  # a count after the participle
    ],
)
def test_joined_kinds_and_later_counts_are_unchanged(request_: str, table: str, count: int) -> None:
    tables = draft(request_).spec["tables"]
    assert _asked(tables[table]["rows"]) == count
    assert not any(t.startswith(("home", "placed")) for t in tables)
