"""Issue 14, e-mail person precision of round four: words the tagger alone took for a person.

Each class is planted in text written here (never corpus text): family names from the surrogate
pools that are frequent English words ("West", "Price"), acronyms and vowelless abbreviations
built here from letters (checked unknown to every name list), English words from the shipped
lexicon. The spans go through ``refine`` as the tagger's (spans in, spans out); the
negative cases bound each rule: a title, a given name or a line in capitals keeps the person.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from simulacra.text._lexicon import lexicon
from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span
from simulacra.text.structure import (
    _common,
    _dictionary,
    _first_name,
    _given,
    _known_name,
    _place,
    complete_names,
    refine,
)
from simulacra.text.surrogates import pools as _pools

HEAD = "From: ops@acme.example\nTo: desk@acme.example\nSubject: notes\n\n"


def _span(text: str, value: str, label: str = "PERSON", nth: int = 0, source: str = "ner") -> Span:
    a = [m.start() for m in re.finditer(re.escape(value), text)][nth]
    return Span(a, a + len(value), label, 0.6, source)


def _kinds(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in refine(text, spans)]


def _word_surnames(n: int, seed: int) -> list[str]:
    """Family names of the pool that are frequent English words and no given name ("West", "Price")."""
    p = _pools("en_US")
    pool = sorted(x for x in set(p.last) if x.isalpha() and x.isascii() and _common(x) and not _first_name(x))
    rng = np.random.default_rng(seed)
    return [pool[i] for i in rng.choice(len(pool), size=n, replace=False)]


def _given_names(n: int, seed: int) -> list[str]:
    p = _pools("en_US")
    pool = sorted(
        f for f in {*p.first_female, *p.first_male} if f.isalpha() and f.isascii() and len(f) > 3 and _given(f)
    )
    rng = np.random.default_rng(seed)
    return [pool[i] for i in rng.choice(len(pool), size=n, replace=False)]


def _lexicon_words(n: int, seed: int) -> list[str]:
    """Capitalised English words of the shipped lexicon that no name list knows and no place is."""
    pool = sorted(
        w.capitalize()
        for w in lexicon().words
        if w.isalpha() and w.islower() and len(w) > 3 and not _known_name(w) and not _place(w)
    )
    rng = np.random.default_rng(seed)
    return [pool[i] for i in rng.choice(len(pool), size=n, replace=False)]


def _built(n: int, seed: int, letters: str, size: int, *, vowelless: bool) -> list[str]:
    rng = np.random.default_rng(seed)
    out: list[str] = []
    while len(out) < n:
        w = "".join(letters[i] for i in rng.integers(len(letters), size=size))
        w = w.capitalize() if vowelless else w.upper()
        if not _known_name(w) and not _first_name(w) and w not in out:
            out.append(w)
    return out


SURNAME_WORDS = _word_surnames(6, seed=1504)
GIVEN = _given_names(4, seed=1504)
WORDS = _lexicon_words(6, seed=1504)
ACRONYMS = _built(4, 1504, "BCDFGHKLMNPRSTVWXZAEIOU", 3, vowelless=False)
ABBREVIATIONS = _built(4, 1504, "bcdfghklmnprstvwxz", 3, vowelless=True)


# --- a frequent English word alone ----------------------------------------------------------------


@pytest.mark.parametrize("word", SURNAME_WORDS)
def test_a_frequent_word_alone_is_rewritten_as_no_person(word: str) -> None:
    text = f"{HEAD}The {word} desk moved the contract; see {word} before noon.\n"
    assert _kinds(text, [_span(text, word)]) == [(word, "ORGANIZATION")]
    # a title introduces a surname: a person
    text = f"{HEAD}I spoke to Mr. {word} before noon.\n"
    assert _kinds(text, [_span(text, word)]) == [(word, "PERSON")]
    # joined to a given name the span is no lone word: a person
    given = GIVEN[len(word) % len(GIVEN)]
    text = f"{HEAD}I spoke to {given} {word} before noon.\n"
    assert _kinds(text, [_span(text, f"{given} {word}")]) == [(f"{given} {word}", "PERSON")]


@pytest.mark.parametrize("word", SURNAME_WORDS)
def test_a_frequent_word_alone_among_people_stays_a_person(word: str) -> None:
    given, other = GIVEN[0], GIVEN[1]
    # listed with a person, before or after
    for text in (f"{HEAD}{other} and {word} built it.\n", f"{HEAD}Thanks to {word}, {other} and the desk.\n"):
        assert _kinds(text, [_span(text, other), _span(text, word)]) == [(other, "PERSON"), (word, "PERSON")]
    # the surname of a longer name found in the same document
    text = f"{HEAD}Ask {given} {word} first. Then {word} signs.\n"
    spans = [_span(text, f"{given} {word}"), _span(text, word, nth=1)]
    assert _kinds(text, spans) == [(f"{given} {word}", "PERSON"), (word, "PERSON")]
    # introduced as a name
    text = f"{HEAD}Her maiden name is {word}\n"
    assert _kinds(text, [_span(text, word)]) == [(word, "PERSON")]


@pytest.mark.parametrize("given", GIVEN)
def test_a_given_name_alone_stays_a_person(given: str) -> None:
    text = f"{HEAD}{given} will call the desk before noon.\n"
    assert _kinds(text, [_span(text, given)]) == [(given, "PERSON")]


# --- acronyms and abbreviations -------------------------------------------------------------------


@pytest.mark.parametrize("acronym", ACRONYMS)
def test_an_acronym_alone_is_rewritten_as_no_person(acronym: str) -> None:
    text = f"{HEAD}The {acronym} filing is due; they want the data.\n"  # once: no repeated unknown word
    assert _kinds(text, [_span(text, acronym)]) == [(acronym, "ORGANIZATION")]
    # on a line in capitals the case says nothing of the word
    text = f"{HEAD}MEETING WITH {acronym} AT NOON\n"
    assert _kinds(text, [_span(text, acronym)]) == [(acronym, "PERSON")]


@pytest.mark.parametrize("abbr", ABBREVIATIONS)
def test_a_vowelless_abbreviation_is_no_name(abbr: str) -> None:
    text = f"{HEAD}Budget {abbr} at 3pm in the large room.\n"
    assert _kinds(text, [_span(text, abbr)]) == []
    # initials signing in lowercase are left to the rules on sign-offs
    low = abbr.lower()
    text = f"{HEAD}Budget at 3pm.\n\n{low}\n"
    assert _kinds(text, [_span(text, low)]) == [(low, "PERSON")]


# --- a run of English words and places that names a thing ------------------------------------------


@pytest.mark.parametrize(("word", "surname"), list(zip(WORDS, SURNAME_WORDS, strict=True)))
def test_english_words_with_a_surname_among_them_name_a_thing(word: str, surname: str) -> None:
    text = f"{HEAD}The {word} {surname} figures came in late.\n"
    assert _kinds(text, [_span(text, f"{word} {surname}")]) == [(f"{word} {surname}", "ORGANIZATION")]
    # a place first: a utility, a firm, a team
    text = f"{HEAD}We sold it to Idaho {surname} last week.\n"
    assert _kinds(text, [_span(text, f"Idaho {surname}")]) == [(f"Idaho {surname}", "ORGANIZATION")]
    # a given name first: a person
    given = GIVEN[len(word) % len(GIVEN)]
    text = f"{HEAD}We sold it to {given} {surname} last week.\n"
    assert _kinds(text, [_span(text, f"{given} {surname}")]) == [(f"{given} {surname}", "PERSON")]


# --- the recall tail: nicknames inside a name, a person's folder in a path ------------------------


def _people(n: int, seed: int) -> list[tuple[str, str]]:
    """(given, family): a known given name that is no English word, a family name that is no given name."""
    p = _pools("en_US")
    rng = np.random.default_rng(seed)
    firsts = sorted(
        f
        for f in {*p.first_female, *p.first_male}
        if f.isalpha() and f.isascii() and len(f) > 3 and _first_name(f) and not _common(f) and not _place(f.lower())
    )
    lasts = sorted(
        x for x in set(p.last) if x.isalpha() and x.isascii() and len(x) > 4 and not _given(x) and not _common(x)
    )
    return [(firsts[rng.integers(len(firsts))], lasts[rng.integers(len(lasts))]) for _ in range(n)]


PEOPLE = _people(4, seed=1504)


@pytest.fixture(scope="module")
def engine() -> Deidentifier:
    return Deidentifier(None)


def _persons(text: str, spans: list[Span]) -> list[str]:
    return [text[s.start : s.end] for s in complete_names(text, spans) if s.label == "PERSON"]


@pytest.mark.parametrize(("first", "last"), PEOPLE)
def test_a_nickname_between_given_name_and_surname_is_inside_the_name(first: str, last: str) -> None:
    nick = GIVEN[0]
    for quoted in (f'"{nick}"', f"({nick})", f"“{nick}”"):
        text = f"{HEAD}Assistant: {first} {quoted} {last} @ 31560\n"
        assert _persons(text, [_span(text, first)]) == [f"{first} {quoted} {last}"]
        # the nickname typed as something else by the model is taken over
        spans = [_span(text, first), _span(text, nick, label="ORGANIZATION")]
        assert _persons(text, spans) == [f"{first} {quoted} {last}"]
    # a word in brackets before a lowercase word is no surname
    text = f"{HEAD}Ask {first} (Legal) today.\n"
    assert _persons(text, [_span(text, first)]) == [first]


@pytest.mark.parametrize(("first", "last"), PEOPLE)
def test_a_nickname_after_surname_and_given_name_in_a_list(first: str, last: str) -> None:
    nick = GIVEN[1]
    text = f'To: Adams, John; {last}, {first} "{nick}"; Client Service Reps\n'
    spans = [_span(text, f"{last}, {first}")]
    assert _persons(text, spans)[0].startswith(f'{last}, {first} "{nick}')


@pytest.mark.parametrize(("first", "last"), PEOPLE)
def test_a_persons_folder_in_a_path_is_a_name(first: str, last: str, engine: Deidentifier) -> None:
    text = f"Location\nElectric/ERCOT/{first} {last}/Models/Traderrpt.xls\n"
    assert [text[s.start : s.end] for s in engine.analyze(text) if s.label == "PERSON"] == [f"{first} {last}"]
    out = engine.deidentify(text).text
    assert first not in out and last not in out and "/Models/Traderrpt.xls" in out
    # English words as a folder are no name
    text = "Location\nElectric/ERCOT/Fixed Price/Models/Traderrpt.xls\n"
    assert [s for s in engine.analyze(text) if s.label == "PERSON"] == []


def _unknown_given(n: int, seed: int) -> list[str]:
    """Given names no list knows (a colleague's rare name): built from syllables, checked unknown."""
    rng = np.random.default_rng(seed)
    syll = ["ba", "lo", "ri", "ne", "ta", "mi", "so", "ve", "du", "ka", "ren", "lis", "mar", "tho"]
    out: list[str] = []
    while len(out) < n:
        w = "".join(syll[i] for i in rng.integers(len(syll), size=3)).capitalize()
        if not _known_name(w) and not _dictionary(w) and not _place(w.lower()) and w not in out:
            out.append(w)
    return out


RARE = _unknown_given(4, seed=1504)


@pytest.mark.parametrize(("person", "rare"), list(zip(PEOPLE, RARE, strict=True)))
def test_a_surname_wrapped_after_an_initial_or_a_rare_given_name(person: tuple[str, str], rare: str) -> None:
    first, last = person
    # past a middle initial, in an Exchange list
    text = f"To: Ann Lee/HOU/ECT@ECT, {first} R \n{last}/HOU/ECT@ECT, Bo Ito/HOU/ECT@ECT\n"
    spans = [_span(text, f"{first} R", source="structure")]
    assert f"{first} R \n{last}" in _persons(text, spans)
    # a given name no list knows, found by the model, the surname on the next line
    text = f"{HEAD}For tickets please contact {rare} \n{last} in the PR department.\n"
    assert _persons(text, [_span(text, rare)]) == [f"{rare} \n{last}"]
    # ... but not an English word there
    text = f"{HEAD}For tickets please contact {rare} \nToday in the PR department.\n"
    assert _persons(text, [_span(text, rare)]) == [rare]


# --- title-case words of a Subject line ------------------------------------------------------------


@pytest.mark.parametrize(("word", "surname"), list(zip(WORDS, SURNAME_WORDS, strict=True)))
def test_title_case_subject_words_name_a_thing(word: str, surname: str) -> None:
    # a frequent word first ("Mark", "Summer" are given names too), an English word after it
    for first in ("Mark", "Summer", surname):
        text = f"From: ops@acme.example\nSubject: Updated: {first} {word} Discussion\n\nSee you there.\n"
        assert _kinds(text, [_span(text, f"{first} {word}")]) == [(f"{first} {word}", "ORGANIZATION")]
    # the same words in the body are left to the other rules; a given name first keeps the person
    given, last = PEOPLE[0]
    text = f"From: ops@acme.example\nSubject: Meeting with {given} {last}\n\nSee you there.\n"
    assert _kinds(text, [_span(text, f"{given} {last}")]) == [(f"{given} {last}", "PERSON")]


# --- a group of people addressed or listed -----------------------------------------------------------


GROUP_WORDS = ("members", "participants", "customers", "professors", "associates", "owners", "employees")


@pytest.mark.parametrize(("word", "group"), list(zip(WORDS, GROUP_WORDS[:6], strict=True)))
def test_a_group_of_people_is_no_person(word: str, group: str) -> None:
    for lead in (f"{word} {group.capitalize()}", f"{ACRONYMS[0]} {group.capitalize()}"):
        text = f"{HEAD}Dear {lead},\n\nPlease note the changes below.\n"
        assert _kinds(text, [_span(text, lead, source="structure")]) == [(lead, "ORGANIZATION")]
    # a given name first: a person whose surname ends like a plural
    given = GIVEN[len(word) % len(GIVEN)]
    text = f"{HEAD}Dear {given} {group.capitalize()},\n\nPlease note the changes below.\n"
    value = f"{given} {group.capitalize()}"
    assert _kinds(text, [_span(text, value, source="structure")]) == [(value, "PERSON")]
