"""An act of using a thing a business lends or hires out (issue 20, draft28):

- a ride, a trip, a rental, a hire or a charter is of the thing used and of the person using it: a key to each,
  though the request lists them side by side ('300 scooters and 20,000 rides', where two siblings of a list
  are otherwise neither of the other); the place the thing belongs to is reached through the thing;
- an act of renting (rentals, hires, charters) is the act, not the money paid (WordNet's first sense of
  'rental'), nor a new recruit ('hires'): it starts and ends some days later, not a duration in minutes.

The settings are from no benchmark request set (``benchmarks/draft_requests.py``), nor draft28's held-out
requests."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import key_to, refs

import simulacra
from simulacra.draft import draft

#: (request, the act, the thing used, who uses it or None, the place holding the thing or None)
_USES = [
    (
        "a scooter sharing scheme with 25 docks, 800 scooters and 20,000 rides in 2024",
        "rides",
        "scooters",
        None,
        "docks",
    ),
    ("a kayak centre with 60 kayaks, 2,000 visitors and 7,000 trips", "trips", "kayaks", "visitors", None),
    (
        "an equipment rental shop with 400 machines, 1,500 customers and 6,000 rentals",
        "rentals",
        "machines",
        "customers",
        None,
    ),
    (
        "a yacht charter company: 40 yachts, 1,200 clients and 2,000 charters over 2024",
        "charters",
        "yachts",
        "clients",
        None,
    ),
    (
        "a costume shop with 3,000 costumes, 5,000 customers and 12,000 hires in 2024",
        "hires",
        "costumes",
        "customers",
        None,
    ),
]


@pytest.mark.parametrize(("request_", "act", "thing", "user", "place"), _USES)
def test_the_act_is_of_the_thing_used_and_its_user(
    request_: str, act: str, thing: str, user: str | None, place: str | None
) -> None:
    spec = draft(request_).spec
    table = spec["tables"][act]
    assert thing in refs(table)
    if user is not None:
        assert user in refs(table)
    if place is not None:  # the dock a scooter belongs to: through the scooter
        assert place not in refs(table) and place in refs(spec["tables"][thing])


#: (request, the act of renting, the thing rented)
_RENTALS = [
    ("an equipment rental shop with 400 machines, 1,500 customers and 6,000 rentals", "rentals", "machines"),
    ("a yacht charter company: 40 yachts, 1,200 clients and 2,000 charters over 2024", "charters", "yachts"),
    ("a costume shop with 3,000 costumes, 5,000 customers and 12,000 hires in 2024", "hires", "costumes"),
]


@pytest.mark.parametrize(("request_", "act", "thing"), _RENTALS)
@pytest.mark.parametrize("seed", [1, 4])
def test_a_rental_starts_and_ends(request_: str, act: str, thing: str, seed: int) -> None:
    spec = draft(request_).spec
    cols = spec["tables"][act]["columns"]
    assert {"starts_at", "ends_at", "status"} <= set(cols)
    assert not {"amount", "paid_at", "first_name", "duration_min"} & set(cols)  # not money, not people
    frames = simulacra.generate(spec, seed=seed, scale=0.05).frames
    f = frames[act]
    assert f.height > 0 and (f["ends_at"] > f["starts_at"]).all()
    days = (f["ends_at"] - f["starts_at"]).dt.total_days()
    assert days.max() <= 15 and days.n_unique() > 3  # some days later, spread
    seen = f[key_to(spec, act, thing)]
    assert seen.is_in(frames[thing][key_to(spec, act, thing)].implode()).all()


@pytest.mark.parametrize(
    ("request_", "a", "b"),
    [
        ("a concert hall with 400 concerts and 900 recitals", "recitals", "concerts"),
        ("a museum with 30 rooms, 2,000 paintings and 500 sculptures", "sculptures", "paintings"),
    ],
)
def test_siblings_that_are_no_use_stay_siblings(request_: str, a: str, b: str) -> None:
    """Nouns listed side by side that name no act of using keep the rule they had: no key to each other
    beyond what base drafts gave (a sculpture is not of a painting)."""
    spec = draft(request_).spec
    assert "ends_at" not in spec["tables"][a]["columns"]
    if a == "sculptures":
        assert b not in refs(spec["tables"][a])
