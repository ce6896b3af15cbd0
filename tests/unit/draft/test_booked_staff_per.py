"""A booking made per its member of staff keeps that key as drafted (issue 20; found by tests/property with seed 90210).

``booked_staff`` reads a booking's staff key through the booked act (``match``), but the key a table's rows are made
``per`` is filled by construction and takes no ``match``: the draft "a hr: 2 payrolls; each payroll has 1
candidates; candidate attendance records" made enrollments per employee with a key to a payslip that has an
employee, and the loader refused the offline draft. A second key to the same staff table (the ``via`` names the
other) is still read through the act.
"""

from __future__ import annotations

from typing import Any

import pytest

import simulacra
from simulacra.draft import draft
from simulacra.draft._key_agreement import booked_staff


def _spec(rows: dict[str, Any], second_key: bool) -> dict[str, Any]:
    cols: dict[str, Any] = {
        "booking_id": {"generator": "sequence"},
        "therapist_id": {"generator": "foreign_key", "references": "therapists.therapist_id"},
        "treatment_id": {"generator": "foreign_key", "references": "treatments.treatment_id"},
    }
    if second_key:
        cols["covering_therapist_id"] = {"generator": "foreign_key", "references": "therapists.therapist_id"}
    return {
        "tables": {
            "therapists": {
                "primary_key": "therapist_id",
                "rows": 5,
                "columns": {"therapist_id": {"generator": "sequence"}},
            },
            "treatments": {
                "primary_key": "treatment_id",
                "rows": 20,
                "columns": {
                    "treatment_id": {"generator": "sequence"},
                    "therapist_id": {"generator": "foreign_key", "references": "therapists.therapist_id"},
                },
            },
            "bookings": {"primary_key": "booking_id", "rows": rows, "columns": cols},
        }
    }


@pytest.mark.parametrize("count", [1, 3])
def test_the_key_rows_are_made_per_takes_no_match(count: int) -> None:
    spec = _spec({"per": "therapists", "count": {"distribution": "uniform", "low": 1, "high": count}}, second_key=False)
    notes: list[str] = []
    booked_staff(spec, notes)
    assert "match" not in spec["tables"]["bookings"]["columns"]["therapist_id"]
    assert notes == []
    simulacra.generate(spec, seed=1)  # validates and generates


def test_a_booking_not_made_per_its_staff_is_still_read_through_the_act() -> None:
    spec = _spec(60, second_key=False)
    booked_staff(spec, [])
    assert spec["tables"]["bookings"]["columns"]["therapist_id"]["match"] == {
        "therapist_id": "treatment_id.therapist_id"
    }


def test_the_key_via_names_is_kept_and_the_other_staff_key_is_read_through_the_act() -> None:
    spec = _spec(
        {
            "per": "therapists",
            "via": "covering_therapist_id",
            "count": {"distribution": "uniform", "low": 1, "high": 2},
        },
        second_key=True,
    )
    booked_staff(spec, [])
    cols = spec["tables"]["bookings"]["columns"]
    assert "match" not in cols["covering_therapist_id"]
    assert cols["therapist_id"]["match"] == {"therapist_id": "treatment_id.therapist_id"}
    data = simulacra.generate(spec, seed=2).frames
    b, t = data["bookings"], data["treatments"]
    by_treatment = dict(zip(t["treatment_id"].to_list(), t["therapist_id"].to_list(), strict=True))
    assert all(
        by_treatment[tr] == th for tr, th in zip(b["treatment_id"].to_list(), b["therapist_id"].to_list(), strict=True)
    )


@pytest.mark.parametrize(
    "request_",
    [
        "a hr: 2 payrolls; each payroll has 1 candidates; candidate attendance records",
        "a hr: 5 payrolls; each payroll has 3 candidates; candidate attendance records",
    ],
)
def test_the_found_request_drafts_a_spec_that_generates(request_: str) -> None:
    d = draft(request_)
    simulacra.generate(d.spec, seed=1, scale=1.0)
