"""Requests whose words say what a row is of or for, and what is played between whom: a setting that
ends where a counted list starts mid-clause ('a florist chain of 7 kiosks selling ...'); an act, a
document or money of (or for) a table refers to it, and is made per it when its parent is that table's
parent ('inspections of vans', the vans of drivers); a thing of people belongs to them ('bicycles of
riders'); 'of'/'for' phrases do not hide the placing or relating word after them ('orders of flowers in
kiosks', 'tickets for concerts bought by fans'); a word that relates two tables overrides a guess
('gifts from volunteers to drives': the drives were only guessed to be the volunteers'); the occasion
said after the doer is a table too ('points won by athletes at meets'); what is held between two sides
is an event, between the sides, not between their members.

The nouns here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import refs as _refs

import simulacra
from simulacra.draft import draft


def _rows(table: dict) -> object:
    return table["rows"]


@pytest.mark.parametrize(
    ("request_", "table", "rows"),
    [
        ("a florist chain of 7 kiosks selling 60 bouquets; 30,000 sales of bouquets in kiosks", "kiosks", 7),
        ("a network of 14 gyms with 9,000 members; 200,000 check-ins at gyms", "gyms", 14),
    ],
)
def test_a_count_after_the_setting_in_its_clause_is_a_table(request_: str, table: str, rows: int) -> None:
    tables = draft(request_).spec["tables"]
    assert table in tables, sorted(tables)
    assert tables[table]["rows"] == rows


def test_a_size_said_of_the_setting_is_not_a_table() -> None:
    tables = draft("a ticketing system for a 300-seat cinema with 40,000 tickets in 2024").spec["tables"]
    assert not any("seat" in t for t in tables), sorted(tables)


@pytest.mark.parametrize(
    ("request_", "child", "of", "owner"),
    [
        ("a fleet: 900 drivers with 1,200 vans, 3,000 inspections of vans in 2024", "inspections", "vans", "drivers"),
        (
            "a stable: 40 owners with 120 horses, 2,000 shoeings of horses by 6 farriers",
            "shoeings",
            "horses",
            "owners",
        ),
    ],
)
def test_an_act_of_a_table_refers_to_it_not_to_its_owner(request_: str, child: str, of: str, owner: str) -> None:
    tables = draft(request_).spec["tables"]
    assert of in _refs(tables[child]), _refs(tables[child])
    assert owner not in _refs(tables[child]), "reached through the table it is of"
    assert _refs(tables[of]) == {owner}


@pytest.mark.parametrize(
    ("request_", "thing", "people"),
    [
        ("a cycling club: 5,000 bicycles of 3,000 riders, 20,000 rides", "bicycles", "riders"),
        ("a marina: 400 yachts of 350 sailors, 900 moorings", "yachts", "sailors"),
    ],
)
def test_a_thing_of_people_belongs_to_them(request_: str, thing: str, people: str) -> None:
    tables = draft(request_).spec["tables"]
    assert _refs(tables[thing]) == {people}, _refs(tables[thing])


def test_of_and_for_phrases_do_not_hide_the_place_or_the_doer_after_them() -> None:
    tables = draft(
        "a flower seller: 12 kiosks, 80 bouquets, 40,000 orders of bouquets in kiosks; 50 concerts, "
        "60,000 tickets for concerts bought by 8,000 fans"
    ).spec["tables"]
    assert {"kiosks", "bouquets"} <= _refs(tables["orders"]), _refs(tables["orders"])
    assert {"concerts", "fans"} <= _refs(tables["tickets"]), _refs(tables["tickets"])


def test_a_relating_word_overrides_a_guessed_participant() -> None:
    d = draft("a food bank: 900 volunteers, 20 drives, 14,000 gifts from volunteers to drives")
    tables = d.spec["tables"]
    assert {"volunteers", "drives"} <= _refs(tables["gifts"]), _refs(tables["gifts"])
    assert "volunteers" not in _refs(tables["drives"]), "the gifts are the volunteers', not the drives"
    assert simulacra.generate(d.spec, seed=1).rows["gifts"] == 14_000


def test_the_occasion_said_after_the_doer_is_a_table_too() -> None:
    tables = draft(
        "an athletics league: 600 athletes in 40 clubs, 30 meets, 9,000 points won by athletes at meets"
    ).spec["tables"]
    assert {"athletes", "meets"} <= _refs(tables["points"]), _refs(tables["points"])


def test_what_is_held_between_two_sides_is_an_event_of_the_sides() -> None:
    tables = draft("a chess league: 16 clubs, 300 players in clubs, 240 fixtures between clubs").spec["tables"]
    fixtures = tables["fixtures"]
    assert "players" not in _refs(fixtures), "a fixture between clubs is not one player's"
    assert any(c.get("generator") in ("datetime", "date") for c in fixtures["columns"].values()), sorted(fixtures)
