"""A venue's spaces are places; what happens there and the tickets sold for it hang off them (issue 20, draft31).

draft29's held-out T5 "a theatre: 3 stages, 400 performances over 2024, 30,000 ticket sales ..." drafted the
stages as events (a start, a duration, a status) and the ticket sales as orders of a stage. Now a venue's stages,
screens, halls, courts, pitches, rooms (not made by a catalogue kind) are a small table of places - a name and
the seats, or a court's surface, not growing with --scale - the performances, screenings or bookings are held at
one of them, and a ticket sold is for one performance, with the count asked in all, sold before it starts, by a
person of the request where it has one. Several venues and phrasings; each validates and generates.
"""

from __future__ import annotations

import polars as pl
import pytest

import simulacra
from simulacra.draft import draft

# (request, space, act, sold table or None, {table: rows asked in all}, seats or a surface)
VENUES = [
    (
        "a theatre: 3 stages, 400 performances over 2024, 30,000 ticket sales and audience reviews of performances",
        "stages",
        "performances",
        "ticket_sales",
        {"stages": 3, "performances": 400, "ticket_sales": 30000},
        "seats",
    ),
    (
        "a multiplex with 10 screens, 5,000 screenings and 200,000 tickets sold in 2023",
        "screens",
        "screenings",
        "tickets",
        {"screens": 10, "screenings": 5000, "tickets": 200000},
        "seats",
    ),
    (
        "an opera house with 2 stages, 250 performances in 2025 and 4,000 customers buying 60,000 tickets",
        "stages",
        "performances",
        "tickets",
        {"stages": 2, "performances": 250, "tickets": 60000},
        "seats",
    ),
    (
        "a squash club: 6 courts, 400 members and court bookings over 2024",
        "courts",
        "court_bookings",
        None,
        {"courts": 6, "members": 400},
        "surface",
    ),
    (
        "a festival with 4 stages, 120 performances and 50,000 ticket buyers",
        "stages",
        "performances",
        "tickets",
        {"stages": 4, "performances": 120},
        "seats",
    ),
]


def _keys(table: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {
        n: str(c["references"]).split(".")[0]
        for n, c in table["columns"].items()
        if isinstance(c, dict) and c.get("generator") == "foreign_key"
    }


@pytest.mark.parametrize(("request_", "space", "act", "sold", "asked", "kind"), VENUES)
def test_a_space_is_a_place_the_acts_are_held_at(
    request_: str, space: str, act: str, sold: str | None, asked: dict[str, int], kind: str
) -> None:
    spec = draft(request_).spec  # raises if the draft does not validate
    tables = spec["tables"]
    place = tables[space]
    assert place.get("static") is True
    assert {"name", kind} <= set(place["columns"]) and "starts_at" not in place["columns"]
    assert not {"serial", "model", "status", "founded_on"} & set(place["columns"])
    assert space in _keys(tables[act]).values() or tables[act]["rows"].get("per") == space  # type: ignore[union-attr]
    assert "starts_at" in tables[act]["columns"]
    people = [t for t, tb in tables.items() if "first_name" in tb["columns"]]
    for p in people:  # a member or a customer is not of one stage
        assert space not in _keys(tables[p]).values()
    if sold is not None:
        assert sold in tables and "ticket" not in tables and "sales" not in tables
        rows = tables[sold]["rows"]
        assert isinstance(rows, dict) and rows["per"] == act
        assert {"price", "sold_at"} <= set(tables[sold]["columns"])
        assert space not in _keys(tables[sold]).values()
        if people:
            assert set(people) & set(_keys(tables[sold]).values())
    if "booking" in act:
        assert "members" in _keys(tables[act]).values()


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("request_", "space", "act", "sold", "asked", "kind"), VENUES)
def test_generated_tickets_are_sold_for_one_act_before_it(
    request_: str, space: str, act: str, sold: str | None, asked: dict[str, int], kind: str, seed: int
) -> None:
    spec = draft(request_).spec
    tables = spec["tables"]
    scale = 0.05
    f = simulacra.generate(spec, seed=seed, scale=scale).frames
    assert f[space].height == asked[space]  # a venue's stages do not shrink with the scale
    akey = tables[act]["primary_key"]
    assert f[act][next(k for k, t in _keys(tables[act]).items() if t == space)].null_count() == 0
    if sold is None:
        assert f[act].height > 10 * asked[space] * scale  # a court is booked many times over a year
        return
    if sold in asked:
        assert abs(f[sold].height - asked[sold] * scale) <= 1
    both = f[sold].join(f[act].select(akey, "starts_at"), on=akey)
    assert both.height == f[sold].height > 0
    assert (both["sold_at"] <= both["starts_at"]).all()
    assert (both.group_by(akey).len()["len"] > 1).any()  # many tickets to one performance
    assert f[sold]["price"].min() > 0  # type: ignore[operator]
    assert isinstance(f[sold], pl.DataFrame)


@pytest.mark.parametrize(
    "request_",
    [
        "a hotel with 120 rooms, 8,000 guests and 20,000 room bookings over 2024",  # a catalogue's rooms
        "a recording studio business with 40 artists and 300 albums",  # no space an act is held at
    ],
)
def test_other_rooms_and_studios_keep_their_shape(request_: str) -> None:
    d = draft(request_)
    assert not any("a venue:" in n for n in d.assumptions)
    for table in d.spec["tables"].values():
        assert table.get("static") is not True or "seats" not in table["columns"]
