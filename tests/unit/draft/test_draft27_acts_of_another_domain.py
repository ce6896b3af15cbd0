"""A noun the catalogue has as an act of another domain (issue 20, draft27):

- a hotel's 'reservations' are the travel kind booking by their word; the catalogue's hotel act is the stay
  ('room bookings'), so they are read as stays: a reservation refers to the guest and to the room (or hotel)
  and has a check-in, nights and a status, not WordNet's first sense of 'reservation' (a place with a street
  and a capacity). Payments named beside them follow the reservations (one per reservation), not the guests;
- where the request's domain has no such kind, or does not name what the act is done at (a restaurant's
  reservations are no hotel stays), the noun is still an act (an event: a start, a duration, a status), never
  WordNet's place.

The settings are from no benchmark request set (``benchmarks/draft_requests.py``), nor draft27's probe."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import key_to, refs

import simulacra
from simulacra.draft import draft

_PLACE_COLUMNS = {"street", "capacity", "opened_on"}

#: (request, the reservations' table, the people who reserve, what is reserved)
_STAYS = [
    ("a boutique hotel with 40 rooms, 600 guests, reservations and payments", "reservations", "guests", "rooms"),
    (
        "a resort: 120 rooms, 900 guests and 2,000 reservations; 5% of reservations are cancelled",
        "reservations",
        "guests",
        "rooms",
    ),
    (
        "a hostel chain with 6 hostels, 500 guests, reservations in 2024 and payments",
        "reservations",
        "guests",
        "hostels",
    ),
    ("a guest house with 12 rooms, 300 guests and reservations over 2023", "reservations", "guests", "rooms"),
]


@pytest.mark.parametrize(("request_", "table", "people", "reserved"), _STAYS)
@pytest.mark.parametrize("seed", [1, 7])
def test_a_hotels_reservations_are_its_stays(request_: str, table: str, people: str, reserved: str, seed: int) -> None:
    spec = draft(request_).spec
    cols = spec["tables"][table]["columns"]
    assert not _PLACE_COLUMNS & set(cols)  # not WordNet's place
    assert {"check_in", "nights", "status"} <= set(cols)
    assert {people, reserved} <= refs(spec["tables"][table])
    if "payments" in spec["tables"]:  # the payment of a reservation, not one per guest
        assert spec["tables"]["payments"]["rows"]["per"] == table
        assert refs(spec["tables"]["payments"]) == {table}
    frames = simulacra.generate(spec, seed=seed, scale=0.5).frames
    rows = frames[table]
    assert rows.height > 0
    for parent in (people, reserved):
        key = key_to(spec, table, parent)
        own = frames[parent][cols[key]["references"].split(".")[1]]
        assert rows[key].is_in(own.implode()).all() and rows[key].n_unique() > 1


#: (request, the table of the act)
_ACTS = [
    ("a restaurant group: 15 restaurants, 900 diners and 4,000 reservations", "reservations"),
    ("a coworking space: 80 desks, 500 members and 6,000 reservations", "reservations"),
    ("a campsite with 200 pitches, 300 campers and reservations", "reservations"),
]


@pytest.mark.parametrize(("request_", "table"), _ACTS)
def test_an_act_of_another_domain_is_an_event_not_a_place(request_: str, table: str) -> None:
    d = draft(request_)
    cols = d.spec["tables"][table]["columns"]
    assert not _PLACE_COLUMNS & set(cols)
    assert "check_in" not in cols  # a restaurant's or a desk's reservation is no hotel stay
    assert {"starts_at", "status"} <= set(cols)
    assert simulacra.generate(d.spec, seed=3, scale=0.1).frames[table].height > 0


@pytest.mark.parametrize(
    "request_",
    [
        # the catalogue's own travel bookings are unchanged where the request is about travel
        "an airline: 40 aircraft, 300 flights, passengers and bookings",
        "a travel agency with 2,000 customers, flights and reservations",
    ],
)
def test_travel_bookings_stay_bookings(request_: str) -> None:
    tables = draft(request_).spec["tables"]
    name = "bookings" if "bookings" in tables else "reservations"
    assert "record_locator" in tables[name]["columns"]
