"""Talks or lectures with no key to the request's one space table are held in it (issue 20, draft32).

draft31 read a venue's stages, screens, halls and rooms as places only where an act already had a key to the
space: "a tech conference: 5 rooms, 120 talks" kept its rooms as sites with an address and opening date and its
talks as documents with a price, no key between them. Where the request has one space table and talks,
lectures, presentations, workshops or performances that no catalogue kind made and that have no key to it, each
gets a key to the space and the venue pass rewrites both. A hotel's rooms (booked or reserved) are left as the
catalogue makes them, talks or not.
"""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import keys_to

import simulacra
from simulacra.draft import draft

# (request, the space table, its count, the act table)
HELD = [
    (
        "a tech conference: 5 rooms, 120 talks over three days, 1,500 attendees and session feedback",
        "rooms",
        5,
        "talks",
    ),
    ("a medical congress: 8 halls, 90 lectures and 2,000 delegates", "halls", 8, "lectures"),
    ("a poetry festival: 3 stages, 70 recitals in June 2025 and 900 visitors", "stages", 3, "recitals"),
]


@pytest.mark.parametrize(("request_", "space", "count", "act"), HELD)
def test_the_acts_are_held_in_the_spaces(request_: str, space: str, count: int, act: str) -> None:
    d = draft(request_)  # raises if the draft does not validate
    tables = d.spec["tables"]
    assert tables[space]["static"] is True and tables[space]["rows"] == count
    assert "seats" in tables[space]["columns"] and "city" not in tables[space]["columns"]
    assert keys_to(tables[act], space)
    assert {"starts_at", "duration_min"} <= set(tables[act]["columns"])
    assert not any("issued_at" in n or "opened_on" in n for n in d.assumptions)  # no note of a column taken out


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("request_", "space", "count", "act"), HELD[:2])
def test_every_act_is_at_one_of_the_spaces(request_: str, space: str, count: int, act: str, seed: int) -> None:
    spec = draft(request_).spec
    tables = spec["tables"]
    f = simulacra.generate(spec, seed=seed, scale=0.1).frames
    assert f[space].height == count  # a venue's spaces do not grow or shrink with the scale
    key = keys_to(tables[act], space)[0]
    assert f[act].height > 0
    assert set(f[act][key].to_list()) <= set(f[space][tables[space]["primary_key"]].to_list())


@pytest.mark.parametrize(
    "request_",
    [
        "a hotel: 80 rooms, 2,000 guests, 5,000 reservations and 40 talks",
        "a hotel with 120 rooms, 3,000 guests and 9,000 bookings",
    ],
)
def test_a_hotels_rooms_are_left_as_they_are(request_: str) -> None:
    tables = draft(request_).spec["tables"]
    assert "seats" not in tables["rooms"]["columns"] and not tables["rooms"].get("static")
    assert not keys_to(tables.get("talks", {"columns": {}}), "rooms")


def test_an_act_the_request_related_to_others_keeps_its_dates() -> None:
    # sessions related to an engineer and a band are dated after both: the pass does not move them into a room
    tables = draft(
        "a recording studio: 6 engineers, 10 rooms, 300 bands and 2,000 sessions where an engineer records a band "
        "in a room"
    ).spec["tables"]
    assert not tables["rooms"].get("static")
    assert tables["sessions"]["columns"]["starts_at"].get("after")
