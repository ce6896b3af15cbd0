"""'30 classes of 25 pupils': a count right after a plural noun's 'of' counts per row of that noun (issue 20).

"a football league: 20 teams of 25 players" drafted 25 players in all, "a school: 30 classes of 25 pupils" 25
pupils and no link to the classes, "12 departments of 40 employees" 40 employees: the 'of' between two counted
nouns was read as two counts. A class of 25 pupils holds 25 of them: the child is made per the owner, exactly that
many each (about so many after 'about'; a range spread over it), in settings with catalogue kinds and unknown nouns.
After a singular the count is the table's ('a network of 300 stores') or a statistic ('a median basket of 3 items'),
and after a noun that is no group or container it says whose the rows are ('800 saddles of 600 riders').
"""

from __future__ import annotations

import pytest

import simulacra
from simulacra.draft import draft

PER = [
    ("a football league: 20 teams of 25 players, matches and goals", "players", "teams", 20 * 25),
    ("a school: 30 classes of 25 pupils", "pupils", "classes", 30 * 25),
    ("a company: 12 departments of 40 employees", "employees", "departments", 12 * 40),
    ("a winery: 400 pallets of 60 cases", "cases", "pallets", 400 * 60),
    ("a hospital: 8 wards of 30 beds and 2,000 patients", "beds", "wards", 8 * 30),
    ("a bakery: 200 trays of 24 rolls", "rolls", "trays", 200 * 24),
]


@pytest.mark.parametrize(("request_", "child", "owner", "total"), PER)
def test_the_count_after_of_is_per_row_of_the_plural(request_: str, child: str, owner: str, total: int) -> None:
    d = draft(request_)
    rows = d.spec["tables"][child]["rows"]
    assert isinstance(rows, dict) and rows["per"] == owner
    assert rows["count"] == {"distribution": "fixed", "value": total / d.spec["tables"][owner]["rows"]}
    assert simulacra.generate(d.spec, seed=1).rows[child] == total


def test_about_and_a_range_are_spread() -> None:
    about = draft("a farm: 12 herds of about 40 cows").spec["tables"]["cows"]["rows"]
    assert about["per"] == "herds" and about["count"]["distribution"] == "poisson"
    spread = draft("a school: 30 classes of 20-30 pupils").spec["tables"]["pupils"]["rows"]
    assert spread["per"] == "classes" and spread["count"]["values"] == list(range(20, 31))


@pytest.mark.parametrize(
    ("request_", "table", "n"),
    [
        ("a retailer: a network of 300 stores and 5,000 staff", "stores", 300),
        ("a shop: 2,000 customers, a median basket of 3 items", "customers", 2000),
        ("a saddlery: 4 saddlers, 800 saddles of 600 riders", "riders", 600),
        ("a cycling club: 5,000 bicycles of 3,000 riders, 20,000 rides", "riders", 3000),
    ],
)
def test_after_a_singular_the_count_is_the_tables(request_: str, table: str, n: int) -> None:
    assert draft(request_).spec["tables"][table]["rows"] == n
