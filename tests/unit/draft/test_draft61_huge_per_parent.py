"""A count said per parent row that multiplies into a huge table at scale 1 (issue 20, draft61).

The fuzz findings were "10k visits per buyer" (1,000 drafted buyers: 10,000,000 visits) and "2,500 seed packets
per lab sample" ('lab sample' names no table: put per an assumed parent, 131 million rows); these requests use
other nouns. The draft keeps the count per parent and drafts fewer of a parent nobody counted, or reads a count
said per a table the draft does not have as the table's total; counts the request asked for stay as asked."""

from __future__ import annotations

from typing import Any

import pytest

from simulacra.draft import draft

#: the rows at scale 1 over which a table made per a parent is re-read (``_per_totals.HUGE_ROWS``)
HUGE_ROWS = 1_000_000


def expected_rows(spec: dict[str, Any], table: str) -> float:
    rows = spec["tables"][table]["rows"]
    if isinstance(rows, int):
        return float(rows)
    count = rows["count"]
    return expected_rows(spec, rows["per"]) * float(count.get("value", count.get("lam", count.get("mean", 3))))


FEWER_PARENTS = [
    ("a cinema: 10k tickets per customer", "tickets", "customers", 10_000),
    ("a pharmacy: 5,000 prescriptions per patient", "prescriptions", "patients", 5_000),
    ("a hostel: 5,000 towels per guest", "towels", "guests", 5_000),
]


@pytest.mark.parametrize(("request_text", "table", "parent", "per"), FEWER_PARENTS)
def test_a_parent_nobody_counted_is_drafted_fewer(request_text: str, table: str, parent: str, per: int) -> None:
    d = draft(request_text)
    rows = d.spec["tables"][table]["rows"]
    assert rows["per"] == parent
    assert rows["count"]["lam"] == per  # the count said per parent row is kept
    assert expected_rows(d.spec, table) <= HUGE_ROWS
    assert d.spec["tables"][parent]["rows"] >= 1
    said = [a for a in d.assumptions if a.startswith(f"no count asked for {parent}:")]
    assert len(said) == 1 and "rows, not" in said[0] and f"say how many {parent}" in said[0]
    assert said[0].split(":")[1].strip() in d.text.replace("\n#   - ", " ")  # in the spec's comments too


@pytest.mark.parametrize(
    ("request_text", "table", "count"),
    [
        ("a garden centre: watering logs per hour, 4,000 plant labels per lab sample", "plant_labels", 4_000),
        ("a bank: parking permits per hour, 2,500 seed packets per lab sample", "seed_packets", 2_500),
    ],
)
def test_a_count_said_per_no_table_of_the_draft_is_a_total(request_text: str, table: str, count: int) -> None:
    d = draft(request_text)
    assert d.spec["tables"][table]["rows"] == count
    assert any(
        a.startswith(f"{table}: {count:,} said per 'lab'") and f"read as {count:,} in all" in a for a in d.assumptions
    )


def test_the_limit_is_the_drafts() -> None:
    from simulacra.draft._per_totals import HUGE_ROWS as drafted

    assert drafted == HUGE_ROWS


def test_counts_the_request_asked_stay_as_asked() -> None:
    d = draft("a radio station: 300 listeners, 50,000 plays per listener")  # 15 million rows, both counts asked
    assert d.spec["tables"]["listeners"]["rows"] == 300
    assert d.spec["tables"]["plays"]["rows"]["count"]["lam"] == 50_000
    assert not any("rows, not" in a or " in all, each" in a for a in d.assumptions)


def test_a_table_under_the_limit_is_left_as_drafted() -> None:
    d = draft("a pharmacy: 400 prescriptions per patient")  # the catalogue's 1,000 patients: 400,000 rows
    assert d.spec["tables"]["patients"]["rows"] == 1_000
    assert expected_rows(d.spec, "prescriptions") == 400_000
    assert not any("rows, not" in a for a in d.assumptions)


@pytest.mark.parametrize(("scale", "customers"), [(0.5, 50), (0.05, 5)])
def test_the_fewer_parents_scale_as_a_population(scale: float, customers: int) -> None:
    d = draft("a cinema: 10k tickets per customer", scale=scale)
    assert d.spec["tables"]["customers"]["rows"] == customers  # 100 drafted at scale 1, times the scale
    assert d.spec["tables"]["tickets"]["rows"]["count"]["lam"] == 10_000
