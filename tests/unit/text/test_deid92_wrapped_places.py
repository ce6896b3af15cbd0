"""A two-word place the mail's line wrap splits is no person at the next line's start (deid92, issue 14; read on
the dev parts' false persons: "asked by an attorney in San\\nFrancisco to assist him", "the price spikes
experienced in San=20\\nDiego this summer").

Planted in generated e-mail (``corpus.synthetic_documents``' threads) as the body's first paragraph: a town of
the value engine's pool of two words, opened by a place's word ("East Rutherford", "San Lorenzo", "Port Angeles")
or closed by a place's noun after a word that is no given name ("Cedar Hills"; "Wesley Hills" may name a
person), its second word a known name, wrapped between its words in three
shapes (plain, after a quoted-printable escaped space, before a comma). Asserted: no person span over either word,
the message's other persons unchanged. Then people wrapped so stay persons, and the rule's own cases.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
from tests.unit.text.email_name_helpers import family_names, given_names
from tests.unit.text.email_note_planting import assert_no_person_over, at, person_at, plant

from simulacra.text.name_words import any_given_name, known_name
from simulacra.text.spans import Span
from simulacra.values._pools import locale_pools

_SHAPES = [
    "I was asked by an attorney in {a}\n{b} to assist him with some contract work.",
    "The price spikes experienced in {a}=20\n{b} this summer hit the=20\nwholesale market.",
    "We met the buyers in {a}\n{b}, where the new plant is, on Tuesday.",
]
_OPEN = ("San", "Santa", "Los", "East", "West", "North", "South", "Port", "Fort", "Saint", "Lake", "New", "Mount")
_NOUNS = ("Hills", "Park", "Heights", "Beach", "Springs", "Falls", "City", "Valley", "Village", "Ridge", "Point")


@lru_cache(maxsize=1)
def _town_pool() -> tuple[str, ...]:
    """Pool towns of two words, a place's opening word or noun (after no given name), the second a known name."""
    out = []
    for c in sorted({str(c) for c in locale_pools("en_US").places.city.values}):
        w = c.split()
        if len(w) == 2 and all(x.isascii() and x.isalpha() for x in w) and known_name(w[1]):
            if w[0] in _OPEN or (w[1] in _NOUNS and not any_given_name(w[0])):
                out.append(c)
    return tuple(out)


def _town(seed: int) -> str:
    pool = _town_pool()
    return pool[int(np.random.default_rng(seed).integers(len(pool)))]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(len(_SHAPES)))
def test_a_wrapped_two_word_place_is_no_person(seed: int, shape: int) -> None:
    town = _town(990 + 7 * seed + shape)
    a, b = town.split()
    note = _SHAPES[shape].format(a=a, b=b)
    text, start = plant(seed, note)
    lo = start + note.index(a + ("=20\n" if "=20\n" in note else "\n"))
    assert_no_person_over(seed, note, text, lo, text.index(b, lo) + len(b))


@pytest.mark.parametrize("seed", range(3))
def test_people_wrapped_so_stay_persons(seed: int) -> None:
    given, family = given_names(2, 995 + seed), family_names(1, 995 + seed)[0]
    note = f"I spoke with {given[0]}\n{family} this morning; {given[1]} {family} and I will call you."
    assert person_at(seed, note, family), note


def _rule(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    from simulacra.text.wrapped_places import wrapped_places  # here, not at import: the base lacks it

    return [(text[s.start : s.end], s.label) for s in wrapped_places(text, spans)]


@pytest.mark.parametrize("seed", range(3))
def test_the_rules_own_cases(seed: int) -> None:
    given, family = given_names(1, 997 + seed)[0], family_names(1, 997 + seed)[0]
    # an opening word, "St." with its point, a place's noun after a word typed a place, a span across the line end
    text = f"a lawyer in San\n{given} to help"
    assert _rule(text, [at(text, given)]) == [(given, "LOCATION")]
    text = f"the plant in St.\n{family}, near the river"
    assert _rule(text, [at(text, family)]) == [(family, "LOCATION")]
    text = f"homes in {family}\nHills are dear"
    assert _rule(text, [at(text, family, "LOCATION"), at(text, "Hills")])[1] == ("Hills", "LOCATION")
    text = f"a week in Santa\n{given} with friends"
    assert _rule(text, [at(text, f"Santa\n{given}")]) == [(f"Santa\n{given}", "LOCATION")]
    # a person before the line end, a capitalised word after (a full name), a sentence's end, a person's evidence,
    # a word that is no place's before it: a person
    text = f"with {family}\n{given} about it"
    assert _rule(text, [at(text, family), at(text, given)])[1] == (given, "PERSON")
    text = f"a lawyer in San\n{given} {family} will help"
    assert _rule(text, [at(text, given)]) == [(given, "PERSON")]
    text = f"He lives in Boston.\n{given} is here"
    assert _rule(text, [at(text, "Boston", "LOCATION"), at(text, given)])[1] == (given, "PERSON")
    text = f"the view from East\n{given} said it was fine"
    assert _rule(text, [at(text, given)]) == [(given, "PERSON")]
    text = f"the Fund\n{given} runs it"
    assert _rule(text, [at(text, given)]) == [(given, "PERSON")]
