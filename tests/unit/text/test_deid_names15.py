"""Lone given names in prose that only the widened list knows (deid-names15, issue 14).

Names are drawn by seed from :func:`more_given_names` less the lists the base knew, so each is a name the base
had no list for; guards: the widened list holds no English word, and a league table's teams stay teams.
"""

from __future__ import annotations

import random

import pytest

from simulacra.text._lexicon import english_words, more_given_names
from simulacra.text.engine import Deidentifier
from simulacra.text.ner_cleanup import given_and_family as _given_and_family
from simulacra.text.ner_cleanup import more_given as _more_given
from simulacra.text.ner_cleanup import towns as _towns


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier(seed=1)


def _new_names(seed: int, k: int) -> list[str]:
    """``k`` names of the widened list no base list held (no town, no family name), capitalised."""
    pool = sorted(w for w in _more_given() if w not in _towns())
    return [w.capitalize() for w in random.Random(seed).sample(pool, k)]


SHAPES = (
    "Hi {n},\n\nCan you send me the revised schedule by Friday?\n\nThanks",
    "I will ask {n} to schedule some time for us to get together next week.",
    "{n} said the contract was signed yesterday and the desk is happy with it.",
)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("shape", SHAPES)
def test_lone_new_given_name_in_prose_is_a_person(deid: Deidentifier, seed: int, shape: str) -> None:
    """A guard: a name no list knows and no dictionary holds was found before the widening too; it still is."""
    names = _new_names(seed, 6)
    found = 0
    for n in names:
        text = shape.format(n=n)
        a = text.index(n)
        spans = deid.analyze(text)
        found += any(s.label == "PERSON" and s.start == a and s.end == a + len(n) for s in spans)
    assert found >= 5, (shape, names, found)


TALKED_TO = (
    "I talked to {n} this morning about the gas deal.",
    "We spoke to {n} yesterday and she agreed to the terms.",
    "Have you been talking to {n} this week?",
)


@pytest.mark.parametrize("seed", [11, 12, 13, 14])
@pytest.mark.parametrize("shape", TALKED_TO)
def test_given_name_after_talked_to_is_a_person(deid: Deidentifier, seed: int, shape: str) -> None:
    """The tagger reads "talked to X this morning" as a trip (a place): the base found 7 of 150 such names."""
    names = _new_names(seed, 6)
    found = 0
    for n in names:
        text = shape.format(n=n)
        a = text.index(n)
        found += any(s.label == "PERSON" and s.start == a and s.end == a + len(n) for s in deid.analyze(text))
    assert found >= 5, (shape, names, found)


@pytest.mark.parametrize("word", ["Houston", "Dallas", "Enron", "London", "Calgary"])
def test_place_or_firm_after_talked_to_stays(deid: Deidentifier, word: str) -> None:
    text = f"I talked to {word} this morning about the gas deal."
    people = [text[s.start : s.end] for s in deid.analyze(text) if s.label == "PERSON"]
    assert people == [], people


def _town_names() -> list[str]:
    """The given names only the widened list knows that are also a town's name ("Patti", "Arden", "Bette")."""
    return sorted(w.capitalize() for w in _more_given() if w in _towns())


@pytest.mark.parametrize(
    ("shape", "at_least"),
    [
        ("I will ask {n} to schedule some time for us to get together next week.", 0.4),
        ("{n} said the contract was signed yesterday and the desk is happy with it.", 0.15),
        ("Please forward this to {n} when you get a chance.", 0.15),
    ],
)
def test_given_name_that_is_also_a_town_in_prose_is_a_person(deid: Deidentifier, shape: str, at_least: float) -> None:
    """The base typed every one of these a place (0 found in each shape); the tagger's person is kept now
    where the word is a given name, and a lone given name in prose is one even when a town is called so."""
    names = _town_names()
    assert len(names) >= 30
    found = []
    for n in names:
        text = shape.format(n=n)
        a = text.index(n)
        if any(s.label == "PERSON" and s.start == a and s.end == a + len(n) for s in deid.analyze(text)):
            found.append(n)
    assert len(found) >= at_least * len(names), (shape, len(found), len(names))


def test_known_examples(deid: Deidentifier) -> None:
    for n in ("patti", "geoff", "sharron", "lexi"):
        assert n in _more_given()
    # "Patti" is a Sicilian town as well: a person the tagger finds in prose stays one
    text = "Patti was always the first one in the office.\nI will ask Patti to schedule some time for us."
    people = [text[s.start : s.end] for s in deid.analyze(text) if s.label == "PERSON"]
    assert people == ["Patti", "Patti"], people


def test_widened_list_holds_no_english_word_nor_family_name() -> None:
    words = frozenset(english_words())
    family = _given_and_family()[1]
    more = set(more_given_names())
    assert len(more) > 3000
    assert not more & words
    added = _more_given()
    assert added and not added & family and not added & words and not added & _given_and_family()[0]
    for w in ("will", "hope", "chase", "grant", "mark", "rose", "dow", "ena", "nan"):
        assert w not in added


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_league_table_teams_named_like_people_stay_teams(deid: Deidentifier, seed: int) -> None:
    rng = random.Random(seed)
    teams = ["Chester", "Clyde", "Albion", "Carlisle", *_new_names(seed, 4)]
    rng.shuffle(teams)
    rows = [f"{t} {' '.join(str(rng.randint(0, 9)) for _ in range(7))}" for t in teams]
    results = [f"{a} {rng.randint(0, 5)} {b} {rng.randint(0, 5)}" for a, b in zip(teams[::2], teams[1::2], strict=True)]
    text = "SOCCER - RESULTS\n" + "\n".join(results) + "\n\nSOCCER - LEAGUE TABLE\n" + "\n".join(rows) + "\n"
    people = [text[s.start : s.end] for s in deid.analyze(text) if s.label == "PERSON"]
    assert people == [], people


@pytest.mark.parametrize("word", ["Will", "Hope", "Chase"])
def test_common_words_stay_words(deid: Deidentifier, word: str) -> None:
    text = f"I will ask for {word.lower()} to be added.\n{word} the meeting go ahead, please?"
    people = [text[s.start : s.end] for s in deid.analyze(text) if s.label == "PERSON"]
    assert word not in people
