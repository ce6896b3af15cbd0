"""Issue 14, e-mail leak classes of round three: names found in part where the rest is plain to see.

Each class is planted in text written here (never corpus text), with names drawn from the
surrogate pools (seeded) or, for a given name no list knows, a word built here; first on the
rule alone (spans in, spans out), then through the whole engine, where the real words must be
gone from the output.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span
from simulacra.text.structure import (
    _common,
    _dictionary,
    _first_name,
    _given,
    _known_name,
    _last_line_signoffs,
    _place,
    _prose_given_names,
    complete_names,
    propagate,
    structural_spans,
)
from simulacra.text.surrogates import pools as _pools


def _people(n: int, seed: int) -> list[tuple[str, str]]:
    """(given, family): a known given name that is no English word, a family name that is no given name."""
    p = _pools("en_US")
    rng = np.random.default_rng(seed)
    firsts = sorted(
        f
        for f in {*p.first_female, *p.first_male}
        if f.isalpha()
        and f.isascii()
        and len(f) > 3
        and _first_name(f)
        and not _dictionary(f)
        and not _place(f.lower())
    )
    lasts = sorted(
        x for x in set(p.last) if x.isalpha() and x.isascii() and len(x) > 4 and not _given(x) and not _common(x)
    )
    return [(firsts[rng.integers(len(firsts))], lasts[rng.integers(len(lasts))]) for _ in range(n)]


def _unknown_given(n: int, seed: int) -> list[str]:
    """Given names no list knows (a colleague's rare name): built from syllables, checked unknown."""
    rng = np.random.default_rng(seed)
    syll = ["ba", "lo", "ri", "ne", "ta", "mi", "so", "ve", "du", "ka", "ren", "lis", "mar", "tho"]
    out: list[str] = []
    while len(out) < n:
        w = "".join(syll[i] for i in rng.integers(len(syll), size=3)).capitalize()
        if not _known_name(w) and not _dictionary(w) and w not in out:
            out.append(w)
    return out


PEOPLE = _people(6, seed=1503)
RARE = _unknown_given(4, seed=1503)


def _span(text: str, value: str, label: str = "PERSON", nth: int = 0, score: float = 0.6) -> Span:
    a = [m.start() for m in re.finditer(re.escape(value), text)][nth]
    return Span(a, a + len(value), label, score, "ner")


def _left(out: str, *words: str) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", out)]


@pytest.fixture(scope="module")
def engine() -> Deidentifier:
    return Deidentifier(None)


# --- a full name found once stands whole elsewhere, found there only in part ---------------------


@pytest.mark.parametrize(("rare", "person"), list(zip(RARE, PEOPLE, strict=False)))
def test_a_full_name_found_once_is_found_whole_where_only_part_was(rare: str, person: tuple[str, str]) -> None:
    last = person[1]
    text = f"To: {rare} {last}\nSubject: chairs\n\nRegards,\n\n\n{rare} {last} For Acme Ltd\n"
    spans = [_span(text, f"{rare} {last}"), _span(text, last, nth=1)]
    new, _ = propagate(text, spans)
    assert [(text[s.start : s.end], s.label) for s in new] == [(f"{rare} {last}", "PERSON")]
    assert new[0].start == text.rindex(rare)
    # another capitalisation of an inner capital, and after an LDAP "cn=" (no address around it)
    text = f"cc: {rare} Mac{last.lower()}\nI have asked\n{rare} Mac{last} twice. cn={rare} Mac{last}, o=Acme"
    new, _ = propagate(text, [_span(text, f"{rare} Mac{last.lower()}"), _span(text, f"Mac{last}")])
    assert [text[s.start : s.end] for s in new] == [f"{rare} Mac{last}", f"{rare} Mac{last}"]


def test_what_the_model_took_for_a_name_once_is_not_spread() -> None:
    for value in ("Risk Trac", "US Residual", "Client Relations"):
        text = f"Subject: {value} Integration\n\nWe move the data to {value} today."
        new, _ = propagate(text, [_span(text, value)])
        assert [text[s.start : s.end] for s in new if " " in text[s.start : s.end]] == []  # its words alone may


# --- the rest of a name beside the part the model found ------------------------------------------


def _persons(text: str, spans: list[Span]) -> list[str]:
    return [text[s.start : s.end] for s in complete_names(text, spans) if s.label == "PERSON"]


@pytest.mark.parametrize(("first", "last"), PEOPLE[:4])
def test_a_surname_in_capitals_or_lowercase_joins_the_given_name(first: str, last: str) -> None:
    rare = RARE[0].upper()  # a surname in capitals that no list knows and no dictionary has
    text = f"SENT {first.upper()} {rare} AN EMAIL 8/14"
    assert _persons(text, [_span(text, first.upper())]) == [f"{first.upper()} {rare}"]
    text = f"SENT {first.upper()} REPORTS TODAY"  # an English word in capitals is no surname
    assert _persons(text, [_span(text, first.upper())]) == [first.upper()]
    low = RARE[1].lower()
    text = f"To: Ann Lee, {first} {low}, Bo Tran"
    assert f"{first} {low}" in _persons(text, [_span(text, first)])
    text = f"Subject: Re: {first.lower()} {low}\n"
    assert _persons(text, [_span(text, first.lower())]) == [f"{first.lower()} {low}"]
    text = f"Subject: {first} appt\n"  # an abbreviation, and a word of the sentence, are no surnames
    assert _persons(text, [_span(text, first)]) == [first]
    text = f"I told {first} today, {first} thinks so."  # the second one by its verb, neither with "today"
    assert _persons(text, [_span(text, first)]) == [first, first]


@pytest.mark.parametrize("rare", RARE)
def test_a_given_name_no_list_knows_joins_the_surname_after_it(rare: str) -> None:
    last = PEOPLE[2][1]
    text = f"dated July 10, 2000. {rare} {last} of the FX unit explains it."
    assert _persons(text, [_span(text, last)]) == [f"{rare} {last}"]
    for word in ("Grandma", "Reverend", "Houston", "Subject"):  # kin, titles, places, frequent words
        text = f"See {word} {last} today."
        assert _persons(text, [_span(text, last)]) == [last]
    text = f"Sway {rare}'s view"  # before a word no list knows, a dictionary word is not taken
    assert _persons(text, [_span(text, rare)]) == [rare]


@pytest.mark.parametrize(("first", "last"), PEOPLE[:3])
def test_a_given_name_after_a_slash_beside_a_person_joins_the_surname(first: str, last: str) -> None:
    b, b_last = PEOPLE[4]
    text = f"meeting with {b} {b_last}/{first} {last} (Acme)"
    spans = [_span(text, f"{b} {b_last}"), _span(text, last)]
    assert _persons(text, spans) == [f"{b} {b_last}", f"{first} {last}"]
    text = f"see Models/{first} {last} today"  # a path before the slash: no person there
    assert _persons(text, [_span(text, last)]) == [last]


# --- names glued to an item's number; particles before a surname -----------------------------------


@pytest.mark.parametrize(("first", "last"), PEOPLE[:4])
def test_a_name_glued_to_an_items_number_by_a_dash(first: str, last: str) -> None:
    b = PEOPLE[5][0]
    text = f"Items:\nItem 3-{first} and {b} to review the tab\nItem 4-{first} {last}'s query is right\n"
    found = [text[s.start : s.end] for s in structural_spans(text) if s.label == "PERSON"]
    assert first in found and f"{first} {last}" in found
    text = "Item 3-Review the tab\nItem 4-Tuesday is fine\n1-Click here\n"  # words, days: no names
    assert [s for s in structural_spans(text) if s.label == "PERSON"] == []


@pytest.mark.parametrize(("first", "last"), PEOPLE[:4])
def test_particles_and_the_surname_join_a_lone_given_name(first: str, last: str) -> None:
    for particle in ("de la", "van", "von", "van der"):
        text = f"{first} A. {particle} {last}\nTo: the desk"
        assert _persons(text, [_span(text, first), _span(text, last, "LOCATION")]) == [f"{first} A. {particle} {last}"]
        text = f"Thanks, {first} {particle} {last}."
        assert _persons(text, [_span(text, first)]) == [f"{first} {particle} {last}"]
    text = f"{first} de la Table"  # a dictionary word is no surname
    assert _persons(text, [_span(text, first)]) == [first]


# --- a nickname that signs a message alone on its last line ----------------------------------------


@pytest.mark.parametrize(("nick", "person"), list(zip(RARE, PEOPLE, strict=False)))
def test_a_nickname_alone_on_a_messages_last_line_is_a_name(nick: str, person: tuple[str, str]) -> None:
    first = person[0]
    low = nick.lower()[:4]
    bodies = [
        (f"Treebeards catering (order placed 9/24/01) - {low} ", low),
        (f"Rescheduled again 8/14/01.\n\n{low} \n", low),
        (f"Let me know what you think.\n\n{low} ------=_Part_788_2386.10721--\n", low),
        (f"Late May is good.{first.lower()} ", first.lower()),
        (f"Thanks.\n{low}\n\n\n\nx.y@example.com on 11/17/2000 09:13:30 AM\n\nTo: z@example.com", low),
        (f"See you there.\n\n{first}\n-----Original Message-----\nFrom: x", first),
    ]
    for body, name in bodies:
        text = f"Subject: catering\n\n{body}"
        assert [text[a:b] for a, b in _last_line_signoffs(text)] == [name], body
    for body in (
        "See you.\n\nThanks\n",
        "Fine by me.\n\nlol\n",
        " - budget.xls\n",
        "Done.\n\nok\n",
        "To: x\n\nCc: ann",
    ):
        assert _last_line_signoffs(f"Subject: x\n\n{body}") == [], body


def test_the_engine_rewrites_the_initials_that_sign(engine: Deidentifier) -> None:
    low = next((f[0] + x[0]).lower() for f, x in PEOPLE if not _dictionary((f[0] + x[0]).lower()))
    text = f"From: a@example.com\nTo: b@example.com\nSubject: rooms\n\nCatering (order placed 9/24/01) - {low} "
    assert _left(engine.deidentify(text).text, low) == []


# --- a known given name alone in prose, by its grammar -----------------------------------------------


@pytest.mark.parametrize(("first", "last"), PEOPLE[:4])
def test_a_given_name_alone_in_prose_by_its_grammar(first: str, last: str) -> None:
    for body in (
        f"Our e-mails crossed.  {first}, please follow his procedures.",
        f"Please give {first} or me a call.",
        f"Either you and {first} can go.",
        f"Conference Room remains EB3663.  {first} has  reserved these times.",
    ):
        text = f"Subject: costs\n\n{body}\n"
        assert [text[a:b] for a, b in _prose_given_names(text)] == [first], body
    for body in (
        "Crossed.  Houston, please call.",  # a place
        "Please give May or me a call.",  # a month
        "Crossed.  Will, please call.",  # a frequent word
        "The Art has moved.",  # a dictionary word as a verb's subject
    ):
        assert _prose_given_names(f"Subject: x\n\n{body}\n") == [], body


@pytest.mark.parametrize("word", ["Bloom", "Meadow", "Fern"])  # English words no name list has
def test_a_surname_that_is_a_word_spreads_after_a_title(word: str) -> None:
    first = PEOPLE[3][0]
    text = f"join Dr. {first} {word}, Professor.  Ask Dr. {word} about it, or Ms. {word}.  The {word} is fine."
    new, _ = propagate(text, [_span(text, f"{first} {word}")])
    assert [text[s.start : s.end] for s in new if text[s.start : s.end] == word] == [word, word]
    assert all(s.start < text.index(f"The {word}") for s in new)
