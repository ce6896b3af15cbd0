"""Persons in comma lists that the tagger typed as firms or places (deid-email16, issue 14).

A list whose other items are persons is evidence: an item shaped like a person's name in it is one too
(``structure.retype_joined`` / ``_listed_name``). The tagger's mistake is planted in the spans, with names
drawn by seed from the name lists, in the list shapes of the read parts; guards: lists of firms and of places,
and items beside one person only, stay as they were. End to end, the read parts' shapes through
:class:`Deidentifier`.
"""

from __future__ import annotations

import random

import pytest

from simulacra.text.engine import Deidentifier
from simulacra.text.ner_cleanup import countries as _countries
from simulacra.text.ner_cleanup import given_and_family as _given_and_family
from simulacra.text.ner_cleanup import towns as _towns
from simulacra.text.spans import Span
from simulacra.text.structure import _not_a_name_word, _place, retype_joined


def _pool(words: frozenset[str]) -> list[str]:
    """Capitalised ASCII names of 3-9 letters that are no place, country or firm word."""
    return sorted(
        w.capitalize()
        for w in words
        if w.isascii()
        and w.isalpha()
        and 3 <= len(w) <= 9
        and not _place(w)
        and w not in _countries()
        and not _not_a_name_word(w)
    )


GIVEN = _pool(_given_and_family()[0])
FAMILY = _pool(_given_and_family()[1])


def _person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _item(rng: random.Random, kind: str) -> str:
    """The item the tagger mistyped: a full name, a given name alone, or an initial and a surname."""
    if kind == "full":
        return _person(rng)
    if kind == "given":
        return rng.choice(GIVEN)
    return f"{rng.choice('ABCDGHJKMRSTW')}.{rng.choice(['', ' '])}{rng.choice(FAMILY)}"


#: list shapes of the read parts ({l}: the list)
SHAPES = (
    "Subject: SB w/{l} - Re: budget\n\nSee you there.",
    "Subject: EES Reorg Mtg. w/{l},\n\nRoom booked.",
    "Meeting w/ {l}\n\nThe room is EB-32C2.",
    "Attendees: {l}\n\nPlease be on time.",
)


def _listed(items: list[str], shape: str) -> tuple[str, list[tuple[int, int]]]:
    joined = ", ".join(items)
    text = shape.format(l=joined)
    at, where = text.index(joined), []
    for it in items:
        a = text.index(it, at)
        where.append((a, a + len(it)))
        at = a + len(it)
    return text, where


def _retyped(items: list[str], shape: str, planted: dict[int, str]) -> list[str]:
    """The labels ``retype_joined`` gives the list's items; items in ``planted`` carry that label, the
    others are persons."""
    text, where = _listed(items, shape)
    spans = [Span(a, b, planted.get(i, "PERSON"), 0.9, "ner") for i, (a, b) in enumerate(where)]
    out = {(s.start, s.end): s.label for s in retype_joined(text, spans)}
    return [out[w] for w in where]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kind", ["full", "given", "initial"])
@pytest.mark.parametrize("label", ["ORGANIZATION", "LOCATION"])
def test_name_in_a_list_of_persons_is_a_person(seed: int, shape: str, kind: str, label: str) -> None:
    """At the start (two persons after it), in the middle (one each side) and at the end (two before)."""
    rng = random.Random(seed)
    for pos in (0, 2, 4):
        items = [_person(rng) for _ in range(5)]
        items[pos] = _item(rng, kind)
        got = _retyped(items, shape, {pos: label})
        assert got == ["PERSON"] * 5, (items, pos, got)


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_two_mistyped_names_in_a_row(seed: int) -> None:
    """Each has two persons on one side once the other is retyped."""
    rng = random.Random(seed)
    items = [_person(rng), _person(rng), _item(rng, "full"), _item(rng, "given"), _person(rng)]
    got = _retyped(items, SHAPES[0], {2: "ORGANIZATION", 3: "LOCATION"})
    assert got == ["PERSON"] * 5, (items, got)


FIRMS = ("Dynegy", "Reliant Energy", "El Paso Corp", "Duke Energy Inc", "Williams Co", "Calpine", "Aquila")


def _towns_pool() -> list[str]:
    return sorted(w.capitalize() for w in _towns() if w.isascii() and w.isalpha() and 4 <= len(w) <= 9)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("shape", SHAPES)
def test_firms_and_places_beside_persons_stay(seed: int, shape: str) -> None:
    """A firm (no known name, or a firm's word), a town and a country in a list of persons keep their type."""
    rng = random.Random(seed)
    towns = _towns_pool()
    for odd, label in (
        (rng.choice(FIRMS), "ORGANIZATION"),
        (f"{rng.choice(FAMILY)} Inc", "ORGANIZATION"),
        (f"{rng.choice(FAMILY)} Energy Services", "ORGANIZATION"),
        (rng.choice(towns), "LOCATION"),
        ("Germany", "LOCATION"),
    ):
        items = [_person(rng), _person(rng), odd, _person(rng)]
        got = _retyped(items, shape, {2: label})
        assert got[2] == label, (items, got)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lists_of_firms_and_of_places_stay(seed: int) -> None:
    """No persons (or one) in the list: names shaped like persons' stay firms and places."""
    rng = random.Random(seed)
    towns = _towns_pool()
    items = [rng.choice(GIVEN) + " " + rng.choice(FAMILY) for _ in range(4)]
    assert _retyped(items, SHAPES[3], dict.fromkeys(range(4), "ORGANIZATION")) == ["ORGANIZATION"] * 4
    places = rng.sample(towns, 4)
    assert _retyped(places, SHAPES[2], dict.fromkeys(range(4), "LOCATION")) == ["LOCATION"] * 4
    # one person beside it is no list of persons ("Cheryl Kim, Dow Jones")
    items = [_person(rng), rng.choice(GIVEN) + " " + rng.choice(FAMILY), rng.choice(FIRMS)]
    got = _retyped(items, SHAPES[1], {1: "ORGANIZATION", 2: "ORGANIZATION"})
    assert got == ["PERSON", "ORGANIZATION", "ORGANIZATION"], (items, got)


def test_item_on_another_line_or_before_a_number_stays() -> None:
    text = "Attendees: Ken Lay, Greg Whalley,\nWade Stubblefield 12"
    a = text.index("Ken Lay")
    b = text.index("Greg Whalley")
    c = text.index("Wade")
    spans = [
        Span(a, a + 7, "PERSON"),
        Span(b, b + 12, "PERSON"),
        Span(c, c + len("Wade Stubblefield"), "ORGANIZATION"),
    ]
    assert [s.label for s in retype_joined(text, spans)] == ["PERSON", "PERSON", "ORGANIZATION"]


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier(seed=1)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Subject: SB w/Rick Causey, Beth Apollo, Wes Colwell, Wade Stubblefield - Re:", "Wade Stubblefield"),
        (
            "Meeting w/ David Jones, Frank Vickers, Scott Hendrickson, Chris Germany, Robin Barbe, Ed McMichael",
            "Chris Germany",
        ),
        ("Subject: DPR Mtg. w/R. Causey, W. Colwell, D.Port, G. Hodges, B.Apollo", "D.Port"),
    ],
)
def test_read_part_shapes_end_to_end(deid: Deidentifier, text: str, name: str) -> None:
    """The tagger types these a firm; the base kept them so."""
    a = text.index(name)
    spans = deid.analyze(text)
    assert any(s.label == "PERSON" and (s.start, s.end) == (a, a + len(name)) for s in spans), spans


@pytest.mark.parametrize(
    "text",
    [
        "We have offices in Houston, Dallas, Austin and Calgary.",
        "Bidders: Dynegy, Reliant Energy, Duke Energy Inc and El Paso Corp",
        "Subject: Ken Lay, Jeff Skilling, London, Houston",
    ],
)
def test_firm_and_place_lists_end_to_end(deid: Deidentifier, text: str) -> None:
    people = {text[s.start : s.end] for s in deid.analyze(text) if s.label == "PERSON"}
    assert not people & {"Houston", "Dallas", "Austin", "Calgary", "London", "Dynegy"}, people
    assert not any("Energy" in p or "Corp" in p for p in people), people


def test_same_bytes(deid: Deidentifier) -> None:
    text = "Subject: SB w/Rick Causey, Beth Apollo, Wes Colwell, Wade Stubblefield - Re:\n\nSee you."
    first = deid.deidentify(text)
    assert "Stubblefield" not in first.text
    assert first.text == Deidentifier(seed=1).deidentify(text).text
