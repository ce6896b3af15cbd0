"""A place a travel schedule leaves or reaches at a clock time is no person (deid96, issue 14; read on the dev
parts' false persons: "Lv Austin 8:15 PM", "Ar Austin 8:30 AM", "Subject: Arrive London Gatwick at 9:55AM").

Planted in generated e-mail (``corpus.synthetic_documents``' threads) as the body's first paragraph: two towns
of the value engine's pool that are also a known name or a given name ("Helena", "Lafayette", "Shields"), as the
legs of an itinerary in four shapes (abbreviated lines, a flight's one line, prose, a day's plan). Asserted: no
person span over either town, each town the engine without the rule typed a person still rewritten (a span
covers it), the message's other persons unchanged. Then people beside clock times stay persons, and the rule's own cases.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pytest
from tests.unit.text.email_name_helpers import family_names, given_names
from tests.unit.text.email_note_planting import ENGINE, assert_no_person_over, at, person_at, plant

from simulacra.text.name_words import any_given_name, known_name
from simulacra.text.spans import Span
from simulacra.values._pools import locale_pools

_SHAPES = [
    "Mon 10/22\nLv {a} 8:15 AM\nAr {b} 9:30 AM\nMeetings at the plant until 4:00 PM.",
    "Flight itinerary:\nDep {a} 7:05 AM  Arr {b} 9:40 AM",
    "Plan is to arrive {a} at 9:55AM, then depart {b} at 2:10pm.",
    "Tuesday: Leave {a} 6:30 PM, arrive {b} 8:45 PM (car to the hotel).",
]


@lru_cache(maxsize=1)
def _town_pool() -> tuple[str, ...]:
    """Pool towns of one word that a name list also knows: the tagger's temptation."""
    towns = {str(c) for c in locale_pools("en_US").places.city.values}
    return tuple(sorted(t for t in towns if t.isascii() and t.isalpha() and (known_name(t) or any_given_name(t))))


def _towns(seed: int) -> tuple[str, str]:
    pool = _town_pool()
    i, j = np.random.default_rng(seed).choice(len(pool), 2, replace=False)
    return pool[int(i)], pool[int(j)]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(len(_SHAPES)))
def test_a_schedules_place_is_no_person(seed: int, shape: int, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = _towns(960 + 11 * seed + shape)
    note = _SHAPES[shape].format(a=a, b=b)
    text, start = plant(seed, note)
    found = ENGINE.analyze(text)
    places = []
    for town in (a, b):
        m = re.search(rf"(?<![\w]){town}(?![\w])", note)
        assert m is not None
        places.append((start + m.start(), start + m.end()))
        assert_no_person_over(seed, note, text, *places[-1])
    monkeypatch.setattr("simulacra.text.engine.schedule_places", lambda t, spans: list(spans), raising=False)
    without = [s for s in ENGINE.analyze(text) if s.label == "PERSON"]  # the engine without the rule
    for lo, hi in places:
        if any(s.start <= lo and hi <= s.end for s in without):  # a person without the rule: still rewritten
            assert any(s.start <= lo and hi <= s.end for s in found), (text[lo:hi], note)


@pytest.mark.parametrize("seed", range(3))
def test_people_beside_clock_times_stay_persons(seed: int) -> None:
    given, family = given_names(2, 965 + seed), family_names(2, 965 + seed)
    note = f"Please call {given[0]} {family[0]} at 8:15 AM about the deal."
    assert person_at(seed, note, given[0]), note
    note = f"I asked {given[1]} {family[1]} to leave at 6:30 PM with the files."
    assert person_at(seed, note, given[1]), note


def _rule(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    from simulacra.text.schedule_places import schedule_places  # here, not at import: the base lacks it

    return [(text[s.start : s.end], s.label) for s in schedule_places(text, spans)]


@pytest.mark.parametrize("seed", range(3))
def test_the_rules_own_cases(seed: int) -> None:
    a, b = _towns(970 + seed)
    given, family = given_names(1, 975 + seed)[0], family_names(1, 975 + seed)[0]
    # the leave word inside the span, before it, in any case; a two-word place; a time after "at", "@", a dash
    text = f"Lv {a} 8:15 PM"
    assert _rule(text, [at(text, f"Lv {a}")]) == [(a, "LOCATION")]
    text = f"Subject: Arrive {a} {b} at 9:55AM"
    assert _rule(text, [at(text, f"{a} {b}")]) == [(f"{a} {b}", "LOCATION")]
    text = f"then departing {b} @ 2:10 p.m. for home"
    assert _rule(text, [at(text, b)]) == [(b, "LOCATION")]
    text = f"ARR {a} - 7 am"
    assert _rule(text, [at(text, a)]) == [(a, "LOCATION")]
    # no clock time right after, a time across the line end, no leave word (or one glued to another word),
    # a small word in the span, another label: left alone
    text = f"Lv {given} a note, then lunch at 8:15"
    assert _rule(text, [at(text, given)]) == [(given, "PERSON")]
    text = f"Arrive {a}\n8:30 AM"
    assert _rule(text, [at(text, a)]) == [(a, "PERSON")]
    text = f"call {given} {family} at 8:15 AM"
    assert _rule(text, [at(text, f"{given} {family}")]) == [(f"{given} {family}", "PERSON")]
    text = f"Clear {given} 8:15 AM and Re-leave {family} 9:00 AM"
    assert _rule(text, [at(text, given), at(text, family)]) == [(given, "PERSON"), (family, "PERSON")]
    text = f"Dep with {given} 7:00 AM"
    assert _rule(text, [at(text, f"with {given}")]) == [(f"with {given}", "PERSON")]
    text = f"Lv {a} 8:15 PM"
    assert _rule(text, [at(text, a, "LOCATION")]) == [(a, "LOCATION")]
