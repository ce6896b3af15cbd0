"""A booking keyed to the thing it books (issue 20, draft39).

"8,000 treatment bookings" with 2,500 treatments, "20,000 desk reservations" with 150 desks: a booking,
reservation, appointment or registration said of a thing of the request refers to that thing, and to the request's
people who are not staff (who books it), beside any staff the draft gave it. The settings are from no benchmark
request set (``benchmarks/draft_requests.py``) nor a held-out request of ``benchmarks/draft_booking_act.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

import simulacra
from simulacra.draft import draft

#: (request, booking table, the thing booked, who books)
_BOOKED = [
    (
        "a piano school: 10 tutors, 800 piano lessons in 2025 each taught by a tutor, 400 pupils and 3,000 lesson "
        "bookings",
        "bookings",
        "lessons",
        "pupils",
    ),
    (
        "a museum: 40 guided tours in 2025, 3,000 visitors and 8,000 tour registrations",
        "tour_registrations",
        "tours",
        "visitors",
    ),
    (
        "a boat hire: 30 boats, 900 sailors and 4,000 boat reservations over 2025",
        "boat_reservations",
        "boats",
        "sailors",
    ),
    (
        "a car repair shop: 15 mechanics, 30 repair services, 2,000 owners and 6,000 service appointments",
        "service_appointments",
        "repair_services",
        "owners",
    ),
]


def _fk(table: dict[str, Any], target: str) -> str | None:
    for name, col in table["columns"].items():
        if isinstance(col, dict) and col.get("generator") == "foreign_key":
            if str(col.get("references", "")).split(".")[0] == target:
                return str(name)
    return None


class TestTheBookingKeysTheBookedThing:
    @pytest.mark.parametrize(("request_", "booking", "thing", "person"), _BOOKED)
    def test_spec_keys_thing_and_person(self, request_: str, booking: str, thing: str, person: str) -> None:
        tables = draft(request_).spec["tables"]
        assert booking in tables, sorted(tables)
        assert _fk(tables[booking], thing) is not None, tables[booking]["columns"]
        assert _fk(tables[booking], person) is not None, tables[booking]["columns"]

    @pytest.mark.parametrize(("request_", "booking", "thing", "person"), _BOOKED[:3])
    @pytest.mark.parametrize("seed", [1, 7])
    def test_rows_validate_and_key_rows(self, request_: str, booking: str, thing: str, person: str, seed: int) -> None:
        spec = draft(request_).spec
        frames = simulacra.generate(spec, seed=seed, scale=0.1).frames
        simulacra.validate(spec, frames)
        tables = spec["tables"]
        for target in (thing, person):
            col = _fk(tables[booking], target)
            assert col is not None
            pk = str(tables[target]["primary_key"])
            got = set(frames[booking][col].drop_nulls().to_list())
            assert got and got <= set(frames[target][pk].to_list())

    def test_note_says_why(self) -> None:
        notes = draft(_BOOKED[0][0]).assumptions
        assert any("bookings refer to pupils" in n for n in notes), notes


class TestTheRequestsOwnKeysKept:
    def test_staff_kept_and_no_thing_twice(self) -> None:
        tables = draft(
            "a day clinic: 12 physiotherapists, 2,000 sessions over 2025 each given by a physiotherapist, "
            "3,000 patients and 7,000 session bookings"
        ).spec["tables"]
        b = next(t for t in tables if t.endswith("bookings"))
        refs = [
            str(c["references"]).split(".")[0]
            for c in tables[b]["columns"].values()
            if isinstance(c, dict) and c.get("generator") == "foreign_key"
        ]
        assert len(refs) == len(set(refs)), refs
        assert "sessions" in refs and "patients" in refs, refs
