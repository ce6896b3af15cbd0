"""Real names left in e-mail output: a given name typed as a place, a surname heading a list, an initial's row
(deid-email18, issue 14).

Three leak classes of the read parts, each planted with words drawn by seed:

* a given name that is also a town's ("Tim", "Austin", "Charlotte") typed as a place, before a surname no list
  knows, in the same case: ``complete_names`` makes it a person and takes the surname ("TIM HEIZENRADER @ECT");
* a surname alone after "w/" or "with", then a comma, "&" or "and" and a person: ``retype_joined`` adds it
  ("w/Whalley, GPiper", "Talking with Skilling, Cindy Olson");
* an initial and a surname no list knows in a line of three or more, two of them known surnames:
  ``structural_spans`` takes it ("T. Lindvall T. Lowell M. Philippov R. Williams").

Guards: a dictionary word, a place or a given name after the place's name ("Austin Energy", "Austin Texas"); a
frequent word, a place or a span another rule typed heading the list ("with Legal, Cindy Olson"); no person
after the head; a row with one known surname, or a dictionary word after the initial.
"""

from __future__ import annotations

import random

import pytest

from simulacra.text.engine import Deidentifier
from simulacra.text.ner_cleanup import given_and_family as _given_and_family
from simulacra.text.spans import Span
from simulacra.text.structure import (
    _common,
    _dictionary,
    _first_name,
    _given,
    _not_a_name_word,
    _place,
    complete_names,
    propagate,
    retype_joined,
    structural_spans,
)

SEEDS = [1, 2, 3, 4, 5]
_SYLLABLES = "ka zen ra der vo lin stro mek ta hov ri zu pel dor ny gash tre wol kin fra bex".split()


def _surname(rng: random.Random) -> str:
    """A surname no list knows: syllables drawn by seed until no dictionary, name or place list has the word."""
    family = _given_and_family()[1]
    while True:
        w = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if not _dictionary(w) and not _place(w) and not _given(w) and w not in family and not _common(w):
            return w.title()


#: given names that are also places' names (a town's, a county's): the tagger types them places
_PLACE_GIVEN = [
    w
    for w in ("Tim", "Austin", "Charlotte", "Florence", "Devon", "Chad", "Brad", "Augusta", "Barbara", "Darwin")
    if _place(w.lower()) and _first_name(w) and not _not_a_name_word(w) and not _common(w.lower())
]


def _planted(text: str, word: str, label: str) -> list[Span]:
    a = text.index(word)
    return [Span(a, a + len(word), label, 0.9, "ner")]


# --- a given name typed as a place before a surname ------------------------------------------------------

GIVEN_SHAPES = (
    "\n\n{G} {S} @ECT\n03/05/2001 11:06 AM\nTo: Phillip K Allen/HOU/ECT@ECT\n",
    "---- Forwarded by {G} {S} on 03/05/2001 ----\n",
    "Please ask {G} {S} about the hydro forecast.\n",
    "Regards,\n{G} {S}\nDirector, Gas Trading\n",
)


def test_the_pool_of_given_names_that_are_places() -> None:
    assert len(_PLACE_GIVEN) >= 6


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", GIVEN_SHAPES)
@pytest.mark.parametrize("label", ["LOCATION", "ORGANIZATION"])
def test_given_name_typed_as_place_takes_its_surname(seed: int, shape: str, label: str) -> None:
    rng = random.Random(seed)
    given, surname = rng.choice(_PLACE_GIVEN), _surname(rng)
    caps = "@ECT" in shape or seed % 2 == 0
    if caps:
        given, surname = given.upper(), surname.upper()
    text = shape.format(G=given, S=surname)
    out = complete_names(text, _planted(text, given, label))
    assert [(text[s.start : s.end], s.label) for s in out] == [(f"{given} {surname}", "PERSON")]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("after", ["Energy", "Pipeline", "DEPARTMENT", "Texas", "Houston", "Michael", "Pump"])
def test_place_before_a_word_a_list_knows_stays_a_place(seed: int, after: str) -> None:
    rng = random.Random(seed)
    given = rng.choice(_PLACE_GIVEN)
    given = given.upper() if after.isupper() else given
    text = f"The office in {given} {after} called twice.\n"
    out = complete_names(text, _planted(text, given, "LOCATION"))
    assert (text[out[0].start : out[0].end], out[0].label) == (given, "LOCATION")  # "Michael" alone may be a person


@pytest.mark.parametrize("seed", SEEDS)
def test_place_before_a_surname_in_another_case_stays_a_place(seed: int) -> None:
    rng = random.Random(seed)
    given, surname = rng.choice(_PLACE_GIVEN), _surname(rng)
    text = f"Flights to {given} {surname.upper()} resumed.\n"
    out = complete_names(text, _planted(text, given, "LOCATION"))
    assert [s.label for s in out] == ["LOCATION"]


@pytest.mark.parametrize("seed", SEEDS)
def test_place_before_a_surname_another_span_holds_stays_a_place(seed: int) -> None:
    rng = random.Random(seed)
    given, surname = rng.choice(_PLACE_GIVEN), _surname(rng)
    text = f"Office: {given} {surname} Holdings\n"
    a = text.index(surname)
    spans = [*_planted(text, given, "LOCATION"), Span(a, a + len(surname) + 9, "ORGANIZATION", 0.9, "ner")]
    out = complete_names(text, spans)
    assert [s.label for s in out] == ["LOCATION", "ORGANIZATION"]


# --- a surname heading a list of persons after "w/" or "with" ---------------------------------------------

HEAD_SHAPES = (
    "Subject: EB-5008 - Budget & Strategy - w/{S}, {P}, MPickering\n",
    "Subject: Canceled 10/16/01- to NYC w/{S} &{P} - EB-50th flr\n",
    "Subject: Mtg:  Boardroom w/ {S} & {P}\n",
    "Talking with {S}, {P} and Mark Frevert about the budget.\n",
    "Lunch with {S} and {P} on Friday.\n",
)
PERSONS = ("Cindy Olson", "Whalley", "Vince Kaminski", "GPiper", "D. Port", "Greg")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", HEAD_SHAPES)
def test_surname_heading_a_list_of_persons_is_a_person(seed: int, shape: str) -> None:
    rng = random.Random(seed)
    surname, person = _surname(rng), rng.choice(PERSONS)
    text = shape.format(S=surname, P=person)
    out = retype_joined(text, _planted(text, person, "PERSON"))
    assert [(text[s.start : s.end], s.label) for s in out] == [(surname, "PERSON"), (person, "PERSON")]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("head", ["Legal", "Finance", "Houston", "Canada", "Thanks", "Tom", "Friday"])
def test_frequent_word_place_or_given_name_heading_a_list_stays(seed: int, head: str) -> None:
    person = random.Random(seed).choice(PERSONS)
    text = f"Meeting with {head}, {person} and the desk.\n"
    out = retype_joined(text, _planted(text, person, "PERSON"))
    assert [text[s.start : s.end] for s in out] == [person]


@pytest.mark.parametrize("seed", SEEDS)
def test_surname_heading_no_person_or_typed_already_stays(seed: int) -> None:
    rng = random.Random(seed)
    surname, person = _surname(rng), rng.choice(PERSONS)
    text = f"Mtg w/{surname}, the desk and {person}\n"  # the item after the head is no person
    assert [text[s.start : s.end] for s in retype_joined(text, _planted(text, person, "PERSON"))] == [person]
    text = f"Mtg w/{surname}, {person}\n"  # another rule typed the head a firm
    a = text.index(surname)
    spans = [Span(a, a + len(surname), "ORGANIZATION", 0.9, "ner"), *_planted(text, person, "PERSON")]
    assert [(s.label) for s in retype_joined(text, spans)] == ["ORGANIZATION", "PERSON"]


# --- an initial and an unknown surname in a row of known ones ---------------------------------------------


def _known_surnames(rng: random.Random, k: int) -> list[str]:
    family = sorted(
        w
        for w in _given_and_family()[1]
        if w.isascii() and w.isalpha() and len(w) > 3 and not _common(w) and not _given(w)
    )
    return [w.title() for w in rng.sample(family, k)]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("sep", [" ", "  ", ", ", "\t"])
def test_initial_and_unknown_surname_in_a_row_of_known_ones(seed: int, sep: str) -> None:
    rng = random.Random(seed)
    names = [f"{rng.choice('ABDGJKMRST')}. {w}" for w in _known_surnames(rng, 3)]
    unknown = f"{rng.choice('ABDGJKMRST')}. {_surname(rng)}"
    names.insert(rng.randint(0, 3), unknown)
    text = "Attendees:\n" + sep.join(names) + "\n"
    found = {text[s.start : s.end] for s in structural_spans(text) if s.label == "PERSON"}
    assert unknown in found
    assert set(names) <= found


@pytest.mark.parametrize("seed", SEEDS)
def test_initial_rows_guards(seed: int) -> None:
    rng = random.Random(seed)
    known = _known_surnames(rng, 2)
    unknown = f"M. {_surname(rng)}"
    text = f"T. {known[0]} {unknown}\n"  # one known surname only: not a row
    assert unknown not in {text[s.start : s.end] for s in structural_spans(text)}
    word = rng.choice(["Tables", "Street", "Report", "Budget", "Dallas"])
    text = f"T. {known[0]} R. {known[1]} Q. {word}\n"  # a dictionary word or a place after the initial
    assert f"Q. {word}" not in {text[s.start : s.end] for s in structural_spans(text)}


# --- end to end: the read parts' lines --------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine() -> Deidentifier:
    return Deidentifier(seed=3)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Forwarded by Chris Gaskill\n\n\nTIM HEIZENRADER @ECT\n03/05/2001 11:06 AM\n\nTim\n", "HEIZENRADER"),
        ("Subject: EB-5008 - ENW Budget & Strategy - w/Whalley, GPiper, MPickering\n\nSee you.\n", "Whalley"),
        ("Talking with Skilling, Cindy Olson, Vince Kaminski, Mike McConnell and Mark Frevert\n", "Skilling"),
        ("Distribution:\nT. Lindvall T. Lowell M. Philippov R. Williams S. Yaman\n", "Philippov"),
        ("Subject: Mtg:  Boardroom w/ Lay & Skilling\n\nMtg:  Boardroom w/ Lay & Skilling\n", "Skilling"),
        ("By Michael Sivy\nIt may seem hard to believe.\n\nSIVY ON STOCKS from money.com\n", "SIVY"),
    ],
)
def test_read_part_lines_leak_no_name(engine: Deidentifier, text: str, name: str) -> None:
    out = engine.deidentify(text).text
    assert name not in out
    assert out == engine.deidentify(text).text  # the same bytes twice


# --- two surnames joined by "&" after "w/"; a frequent word heading a person after "w/" and "&" -----------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", ["Subject: Mtg:  Boardroom w/ {A} & {B}\n", "Mtg w/{A} &{B} - EB-50th flr\n"])
@pytest.mark.parametrize("frequent_head", [False, True])
def test_two_surnames_after_w_slash_are_persons(seed: int, shape: str, frequent_head: bool) -> None:
    rng = random.Random(seed)
    head = rng.choice(["Lay", "Rice", "Bush", "Hunter"]) if frequent_head else _surname(rng)
    tail = _surname(rng)
    text = shape.format(A=head, B=tail)
    assert [(text[s.start : s.end], s.label) for s in retype_joined(text, [])] == [
        (head, "PERSON"),
        (tail, "PERSON"),
    ]
    a = text.index(tail)
    found = [Span(a, a + len(tail), "PERSON", 0.9, "ner")]  # the tagger found the second: "w/Lay &Whalley"
    assert [text[s.start : s.end] for s in retype_joined(text, found)] == [head, tail]


@pytest.mark.parametrize("pair", ["Sales & Marketing", "Legal & Finance", "Houston & Skilling", "Tom & Jerry"])
def test_department_or_place_pairs_after_w_slash_stay(pair: str) -> None:
    text = f"Subject: Mtg w/ {pair} on Monday\n"
    assert retype_joined(text, []) == []
    text = f"Meeting with {pair} on Monday\n"  # "with": no pair without a person found
    assert retype_joined(text, []) == []


# --- the surname of a full name found, in another case in the same message --------------------------------

GIVEN = ("Mike", "Michael", "Sally", "Vince", "Kevin", "Louise", "Jeff", "Susan")
SPREAD_SHAPES = (
    "From: {G} {S}\nTo: desk\n\n{s} please find a room for us\n",
    "By {G} {S}\nIt may seem hard to believe today.\n\n{U} ON STOCKS from money.com\n",
    "Thanks to {G} {S} for the numbers; {s} and {U} agree.\n",
)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SPREAD_SHAPES)
def test_surname_of_a_full_name_spreads_in_any_case(seed: int, shape: str) -> None:
    rng = random.Random(seed)
    given, surname = rng.choice(GIVEN), _surname(rng)
    text = shape.format(G=given, S=surname, s=surname.lower(), U=surname.upper())
    a = text.index(f"{given} {surname}")
    new, _ = propagate(text, [Span(a, a + len(given) + 1 + len(surname), "PERSON", 0.9, "ner")])
    found = {text[s.start : s.end] for s in new if s.label == "PERSON"}
    expected = {w for w in (surname.lower(), surname.upper()) if w in text.replace(surname, "")}
    assert expected and expected <= found


@pytest.mark.parametrize("seed", SEEDS)
def test_surname_spread_guards(seed: int) -> None:
    rng = random.Random(seed)
    surname = _surname(rng)
    # the first word no given name ("Trigen Prudency"): the lowercase word is no person
    text = f"Subject: Trigen {surname}\n\nthere was a plant {surname.lower()} in case\n"
    a = text.index("Trigen")
    new, _ = propagate(text, [Span(a, a + 7 + len(surname), "PERSON", 0.9, "ner")])
    assert surname.lower() not in {text[s.start : s.end] for s in new}
    # a surname a dictionary has ("Mike Baker"): lowercase "baker" is the word
    text = "From: Mike Baker\n\nthe baker said no\n"
    new, _ = propagate(text, [Span(6, 16, "PERSON", 0.9, "ner")])
    assert "baker" not in {text[s.start : s.end] for s in new}
    # inside an address: another rule's
    given = rng.choice(GIVEN)
    text = f"From: {given} {surname}\nTo: {surname.lower()}@example.com\n"
    new, _ = propagate(text, [Span(6, 7 + len(given) + len(surname), "PERSON", 0.9, "ner")])
    assert new == []


# --- a known given name and a known family name the tagger passed over --------------------------------------

PAIR_SHAPES = (
    "Brown said DT's {G} {F} (ankle) and the others also are out.\n",
    "The name in the account is not correct, please change it to {G} {F}\n",
    "On the plus side, we met {G} {F} yesterday at the plant.\n",
)


def _family(rng: random.Random) -> str:
    family = sorted(
        w
        for w in _given_and_family()[1]
        if w.isascii() and w.isalpha() and len(w) > 3 and not _common(w) and not _dictionary(w) and not _given(w)
    )
    return rng.choice(family).title()


def _structural(text: str) -> set[str]:
    return {text[s.start : s.end] for s in structural_spans(text) if s.label == "PERSON"}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", PAIR_SHAPES)
def test_given_and_family_name_in_prose_is_a_person(seed: int, shape: str) -> None:
    rng = random.Random(seed)
    given, family = rng.choice(GIVEN), _family(rng)
    text = shape.format(G=given, F=family)
    assert f"{given} {family}" in _structural(text)


@pytest.mark.parametrize("seed", SEEDS)
def test_given_and_family_pair_guards(seed: int) -> None:
    rng = random.Random(seed)
    given, family, third = rng.choice(GIVEN), _family(rng), _family(rng)
    text = f"Fed Cup veteran {given} {family} {third} has a sore shoulder.\n"  # three words: the tagger's
    assert f"{given} {family}" not in _structural(text)
    text = f"Executive Assistant to Avi {given} {family} today.\n"  # a capitalised word before it
    assert f"{given} {family}" not in _structural(text)
    text = f"the making of a film than I have over ' {given} {family} ' , but\n"  # a work's title in quotes
    assert f"{given} {family}" not in _structural(text)
    text = f"Please send comments to {given} Day as soon as possible.\n"  # a frequent word as the surname
    assert f"{given} Day" not in _structural(text)
