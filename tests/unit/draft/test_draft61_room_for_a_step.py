"""A date-time drawn after another on a step ends by a day: the date it follows leaves a step before the end
(issue 20, draft61).

The fuzz finding: 'a ferry operator: tenants who signed safety inspections, ..., hourly for a week': a tenant
created at 23:45:26 on the span's last day, an inspection after it on 15-minute steps by that day: no step left,
one row in 188 failed validation. These use other nouns and steps (15 minutes, 1 minute), and planted specs."""

from __future__ import annotations

from typing import Any

import pytest

import simulacra
from simulacra.draft import draft

STEPPED = [
    ("a repair shop: 5,000 members booked repairs, for a week", "members", "created_at", "2024-12-31T23:45:00"),
    (
        "a courier company: 20,000 parking permits, deliveries per parking permit, for a week",
        "parking_permits",
        "issued_at",
        "2024-12-31T23:59:00",
    ),
]


@pytest.mark.parametrize(("request_text", "table", "column", "end"), STEPPED)
def test_the_date_followed_ends_at_the_last_step(request_text: str, table: str, column: str, end: str) -> None:
    d = draft(request_text)
    assert d.spec["tables"][table]["columns"][column]["end"] == end
    assert any(a.startswith(f"{table}: {column} ends before {end.replace('T', ' ')[:16]}") for a in d.assumptions)


@pytest.mark.parametrize(("request_text", "table", "column", "end"), STEPPED)
@pytest.mark.parametrize("seed", [2, 3])
def test_every_row_has_a_step_after_its_parent(request_text: str, table: str, column: str, end: str, seed: int) -> None:
    d = draft(request_text)
    frames = simulacra.generate(d.spec, seed=seed).frames
    simulacra.validate(d.spec, frames)  # on the base, 2 to 19 rows per seed had no step left


def planted(step: int | None, parent: dict[str, Any], end: str = "2024-06-30") -> dict[str, Any]:
    child: dict[str, Any] = {"generator": "datetime", "after": "owner_id.joined_at", "end": end}
    if step is not None:
        child["resolution"] = step
    return {
        "tables": {
            "owners": {"rows": 10, "columns": {"owner_id": {"generator": "sequence"}, "joined_at": parent}},
            "visits": {
                "rows": {"per": "owners", "count": {"distribution": "fixed", "value": 2}},
                "columns": {
                    "owner_id": {"generator": "foreign_key", "references": "owners.owner_id"},
                    "at": child,
                },
            },
        }
    }


@pytest.mark.parametrize(
    ("step", "last"), [(900, "2024-06-30T23:45:00"), (3600, "2024-06-30T23:00:00"), (60, "2024-06-30T23:59:00")]
)
def test_planted_steps(step: int, last: str) -> None:
    spec = planted(step, {"generator": "datetime", "start": "2024-06-01", "end": "2024-06-30"})
    from simulacra.draft._date_ends import room_for_a_step

    notes: list[str] = []
    room_for_a_step(spec, notes)
    assert spec["tables"]["owners"]["columns"]["joined_at"]["end"] == last
    assert len(notes) == 1 and "owners: joined_at ends before" in notes[0]


@pytest.mark.parametrize(
    ("step", "parent", "end"),
    [
        (None, {"generator": "datetime", "start": "2024-06-01", "end": "2024-06-30"}, "2024-06-30"),  # no step
        (900, {"generator": "datetime", "start": "2024-06-01", "end": "2024-06-30", "resolution": 1800}, "2024-06-30"),
        (900, {"generator": "date", "start": "2024-06-01", "end": "2024-06-30"}, "2024-06-30"),  # a day: a step
        (900, {"generator": "datetime", "start": "2024-06-01", "end": "2024-06-20"}, "2024-06-30"),  # ends earlier
        (7, {"generator": "datetime", "start": "2024-06-01", "end": "2024-06-30"}, "2024-06-30"),  # not a day's step
    ],
)
def test_planted_controls_are_left(step: int | None, parent: dict[str, Any], end: str) -> None:
    spec = planted(step, dict(parent), end)
    from simulacra.draft._date_ends import room_for_a_step

    notes: list[str] = []
    room_for_a_step(spec, notes)
    assert spec["tables"]["owners"]["columns"]["joined_at"] == parent
    assert notes == []
