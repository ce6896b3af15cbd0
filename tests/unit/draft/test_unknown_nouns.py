"""Nouns the catalogue does not know, drafted as a person would read them.

Found drafting "a veterinary clinic: 800 pet owners, 1,200 pets (dogs, cats, rabbits), 5 vets, …":
the kinds listed in parentheses became three more tables (each made per pet owner), and pet
owners and vets became generic tables of `name, category, status, amount` — with the 5 vets made
per pet owner. Now a parenthesised list of kinds is a category column of the noun before it, and
an unknown noun whose head word names people is a table of people (customers of some kind, or
staff who serve them); staff are not made per anyone. Planted with several nouns and lists.
"""

from __future__ import annotations

import pytest

from simulacra.draft import draft
from simulacra.spec import load_spec


@pytest.mark.parametrize(
    ("prompt", "table", "kinds"),
    [
        ("a shelter: 300 animals (dogs, cats and birds), adoptions", "animals", {"dog", "cat", "bird"}),
        ("a garage: 90 vehicles (cars / vans / trucks), 400 repairs", "vehicles", {"car", "van", "truck"}),
        ("a winery: 40 wines (red, white or rosé), 3,000 tastings", "wines", {"red", "white", "rosé"}),
    ],
)
def test_a_parenthesised_list_is_kinds_of_the_noun_before_it(prompt: str, table: str, kinds: set[str]) -> None:
    d = draft(prompt)
    spec = d.spec
    tables = spec["tables"]
    assert not any(singular in tables or singular + "s" in tables for singular in kinds)
    col = next(c for name, c in tables[table]["columns"].items() if name.endswith("_type"))
    assert set(col["values"]) == kinds
    load_spec(spec)


def test_other_parentheses_are_read_as_before() -> None:
    spec = draft("an online shop (German locale): 500 customers, orders with a 2% (fraud) rate").spec
    assert spec["locale"] == "de_DE"
    assert "customers" in spec["tables"] and not any(
        n.endswith("_type") for n in spec["tables"]["customers"]["columns"]
    )


@pytest.mark.parametrize(
    ("prompt", "people", "staff"),
    [
        ("a veterinary clinic: 800 pet owners, 1,200 pets, 5 vets, appointments", "pet_owners", "vets"),
        ("a library: 2,000 patrons, 8 librarians, book loans", "patrons", "librarians"),
        ("a salon: 900 clients, 6 stylists, bookings", None, "stylists"),
    ],
)
def test_unknown_nouns_for_people_are_tables_of_people(prompt: str, people: str | None, staff: str) -> None:
    d = draft(prompt)
    tables = d.spec["tables"]
    for t in (people, staff):
        if t is None:
            continue
        cols = tables[t]["columns"]
        assert {"first_name", "last_name", "email"} <= set(cols), (t, list(cols))
    assert isinstance(tables[staff]["rows"], int)  # staff are a root table, not made per customer
    assert not any("belong to" in a and f"assumed {staff} " in a for a in d.assumptions)
