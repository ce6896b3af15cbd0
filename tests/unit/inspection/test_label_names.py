"""A bare `name` column is a person's name only in a table of people.

The HR example's three regions (`North`, `Central`, `South`) were drafted as `last_name` (two of
three are surnames, and the column is called `name`), so fit made up surnames for regions and,
taking the table for personal data, would not copy it as the lookup table it is. Planted: label
tables whose names happen to be surnames or given names, beside tables of people.
"""

from __future__ import annotations

import polars as pl
import pytest

from simulacra.inspection import profile_column

_LABELS = {
    "regions": ["North", "South", "West", "Young", "Hill", "King"],
    "departments": ["Sales", "Grant", "Marshall", "Law", "Bishop", "Price"],
    "products": ["Jasmine", "Ruby", "Iris", "Violet", "Hazel", "Olive", "Rose"],
}
_PEOPLE = {
    "customers": ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis"],
    "employees": ["Anna", "James", "Maria", "Robert", "Linda", "Michael", "Susan", "David"],
}


@pytest.mark.parametrize(("table", "values"), list(_LABELS.items()))
def test_a_label_tables_name_is_not_a_persons(table: str, values: list[str]) -> None:
    p = profile_column(table, pl.Series("name", values * 3))
    assert p.kind != "pii", p.evidence


@pytest.mark.parametrize(("table", "values"), list(_PEOPLE.items()))
def test_a_people_tables_name_is_a_persons(table: str, values: list[str]) -> None:
    p = profile_column(table, pl.Series("name", values * 3))
    assert p.kind == "pii" and p.pii_kind in ("first_name", "last_name"), p.evidence


def test_first_and_last_name_columns_need_no_people_table() -> None:
    assert profile_column("rows", pl.Series("last_name", _PEOPLE["customers"] * 3)).pii_kind == "last_name"
    assert profile_column("rows", pl.Series("first_name", _PEOPLE["employees"] * 3)).pii_kind == "first_name"
