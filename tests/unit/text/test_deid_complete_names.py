"""Issue 14, the leak classes of ``structure.complete_names``: a person found in part, names beside it.

Each class is tested on text written here (never corpus text) with names drawn from the
surrogate pools (seeded), first on the rule alone (given spans in, spans out, so the
model's guesses do not hide a broken rule), then through the whole engine: the real
words must be gone from the output.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span
from simulacra.text.structure import _common, _dictionary, _first_name, _given, _names, _place, complete_names
from simulacra.text.surrogates import pools as _pools


def _people(n: int, seed: int) -> list[tuple[str, str]]:
    """(given, family) pairs: a known given name that is no English word, a family name that is no given name."""
    p = _pools("en_US")
    rng = np.random.default_rng(seed)
    firsts = [
        f
        for f in p.first_female + p.first_male
        if f.isalpha()
        and f.isascii()
        and len(f) > 3
        and _first_name(f)
        and not _dictionary(f)
        and not _place(f.lower())
    ]
    lasts = [x for x in p.last if x.isalpha() and x.isascii() and len(x) > 4 and not _given(x) and not _common(x)]
    return [(firsts[rng.integers(len(firsts))], lasts[rng.integers(len(lasts))]) for _ in range(n)]


PEOPLE = _people(6, seed=1414)


def _span(text: str, value: str, label: str = "PERSON", nth: int = 0) -> Span:
    a = [m.start() for m in re.finditer(re.escape(value), text)][nth]
    return Span(a, a + len(value), label, 0.6, "ner")


def _persons(text: str, spans: list[Span]) -> list[str]:
    return [text[s.start : s.end] for s in complete_names(text, spans) if s.label == "PERSON"]


@pytest.fixture(scope="module")
def engine() -> Deidentifier:
    return Deidentifier(None)


def _left(out: str, *words: str) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", out)]


@pytest.mark.parametrize(("first", "last"), PEOPLE)
def test_a_given_name_before_a_surname_span_joins_it(first: str, last: str) -> None:
    text = f"Please ask {first} {last} to call the desk."
    assert _persons(text, [_span(text, last)]) == [f"{first} {last}"]
    text = f"\t{first} Q {last} 11/21/2000 02:34 PM"  # a middle initial without its dot
    assert _persons(text, [_span(text, f"Q {last}")]) == [f"{first} Q {last}"]
    text = f"Please ask Houston {last} to call."  # a place is no given name
    assert _persons(text, [_span(text, last)]) == [last]


@pytest.mark.parametrize(("first", "last"), PEOPLE)
def test_a_lone_given_name_takes_the_surname_after_it(first: str, last: str) -> None:
    text = f"Send the draft to {first} {last} before noon."
    assert _persons(text, [_span(text, first)]) == [f"{first} {last}"]
    text = f"per {first} Buy, who runs the book"  # a frequent word ends the sentence's name: a surname
    assert _persons(text, [_span(text, first)]) == [f"{first} Buy"]
    text = f"Can {first} Will you be in?"  # a frequent word going on as prose is not
    assert _persons(text, [_span(text, first)]) == [first]
    text = f"Ask {first} Tuesday about it"  # nor a weekday
    assert _persons(text, [_span(text, first)]) == [first]
    text = f"{first.upper()} DEFEATS {last.upper()} IN FINAL"  # capitals: only a known family name
    assert _persons(text, [_span(text, first.upper())]) == [first.upper()]
    text = f"I spoke to {first} {last} III about it."
    assert _persons(text, [_span(text, f"{first} {last}")]) == [f"{first} {last} III"]


def test_a_given_name_never_takes_the_next_persons_given_name() -> None:
    (a, _), (b, last) = PEOPLE[:2]
    text = f"Attendees: {a} {b} {last}"
    assert _persons(text, [_span(text, a)])[0] == a


@pytest.mark.parametrize(("first", "last"), PEOPLE[:3])
def test_given_names_listed_beside_a_person_are_people(first: str, last: str) -> None:
    (b, _), (c, c_last) = PEOPLE[3], PEOPLE[4]
    text = f"{first}, {b} and {c} should be your contacts."
    assert _persons(text, [_span(text, first)]) == [first, b, c]
    text = f"Traveling: {first} {last}/{c} {c_last}/NA"
    assert _persons(text, [_span(text, f"{first} {last}")]) == [f"{first} {last}", f"{c} {c_last}"]
    text = f"{first}, Will you send it?"  # a frequent word going on as prose is no listed name
    assert _persons(text, [_span(text, first)]) == [first]
    text = f"Met {first} in Austin, Texas and Paris"
    assert _persons(text, [_span(text, first)]) == [first]


@pytest.mark.parametrize(("first", "last"), PEOPLE[:3])
def test_names_found_by_position_alone(first: str, last: str) -> None:
    (b, b_last) = PEOPLE[5]
    text = f'To: "{first} " <mx91@example.com>, \n{b} {b_last} <bb@example.org>, PeopleFinder <pf@example.com>'
    assert _persons(text, []) == [first, f"{b} {b_last}"]
    text = f"To: '{first} {last}'; '{b} {b_last}'; 'I.E.'\nSubject: study"
    assert _persons(text, []) == [f"{first} {last}", f"{b} {b_last}"]
    text = f"I'll wait to hear from you.....{first}\nsee budget.xls\n"
    assert _persons(text, []) == [first]
    text = f"Did you sign off on {first}'s choice of firm?"
    assert _persons(text, []) == [first]
    nick = first[:3].lower()
    text = f"talk to him then.\n{nick} {b}.{b_last}@example.com on 11/29/2000 04:37:02 PM"
    assert nick in _persons(text, [])
    text = f"Looking forward to it.\n\n{first} ----- Original Message -----\nFrom: x"
    assert _persons(text, []) == [first]
    text = f"{first}-please order two more flat panels\nHydro-electric plants are exempt\n"
    assert _persons(text, []) == [first]


@pytest.mark.parametrize(("first", "last"), PEOPLE[:3])
def test_a_word_the_address_spells_out_joins_the_name(first: str, last: str) -> None:
    nick = first[:3]  # a short form no list knows: its address says it is part of the name
    text = f"\t\t cc: {nick} {last} <{nick.lower()}.{last.lower()}@example.com>"
    assert _persons(text, [_span(text, last)]) == [f"{nick} {last}"]
    text = f"\t\t cc: Team {last} <{last.lower()}@example.com>"
    assert _persons(text, [_span(text, last)]) == [last]


def test_a_word_another_rule_typed_alone_is_taken_over() -> None:
    first, last = PEOPLE[0]
    text = f"Meet {first} {last} at noon"
    spans = [_span(text, first, "ORGANIZATION"), _span(text, last)]
    out = complete_names(text, spans)
    assert [(text[s.start : s.end], s.label) for s in out] == [(f"{first} {last}", "PERSON")]


@pytest.mark.parametrize(("first", "last"), PEOPLE[:3])
def test_the_engine_lets_none_of_these_through(first: str, last: str, engine: Deidentifier) -> None:
    (b, _), (c, c_last) = PEOPLE[3], PEOPLE[4]
    text = (
        f"From: {c} {c_last} <{c.lower()}.{c_last.lower()}@example.com>\n"
        f"To: '{first} {last}'; Ops Desk\n"
        "Subject: cards\n\n"
        f"{first}-please order two more flat panels.\n"
        f"{b} and {first} should check {c}'s list.\n\n"
        f"{c} ----- Original Message -----\n"
    )
    out = engine.deidentify(text).text
    assert _left(out, first, last, b, c, c_last) == []
    # the same person keeps one fake across the document
    fake_first = out.split("\n")[4].split("-please")[0]
    assert out.count(fake_first) >= 3


def test_names_known_to_the_pools_are_known_here() -> None:
    # the premise of the tests above: the pools' names are what the rules know as names
    assert all(_first_name(f) for f, _ in PEOPLE)
    assert all(x.lower() not in _names()[0] for _, x in PEOPLE)
