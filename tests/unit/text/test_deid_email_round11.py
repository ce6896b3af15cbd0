"""Issue 14, round eleven: classes of person errors on e-mail, planted in text written here.

Spans are planted as the tagger's and run through the engine's path after the tagger (refine, name
completion, the spread of found names), then rewritten; names come from the surrogate pools and the
lexicon's short forms, places from ``not_person.place_names()``, drawn by seed.

Persons found (recall):

* a greeting's name alone on its line ("Matt," after a blank line) that is a short form and also an English
  word ("Pat", "Chuck", "Herb"): the lone-word rules retyped it an organisation;
* a lone name after "per" or "ask" that nothing else marks ("per Sharron's phone call"): left verbatim.

False persons (precision), each retyped, never dropped, so still rewritten:

* a lone word right before a US state's code ("Arpin, WI site", "Hugoton (KS) station") is a town;
* a lone word listed among known places ("Indianapolis, Raleigh or Providence") is a place;
* a word written capital, small letter, capital ("VaR", "VaR Mapping") is no name;
* a dictionary word opening a sentence with its object after it ("Hope this works") is a verb;
* a word after an ordinal ("38th Floor", though Floor is a given name) is what the number counts;
* a greeting to a role ("Dear OTC Participant", "Dear Amazon Music Customer") is no person.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from tests.unit.text.email_name_helpers import family_names as _family
from tests.unit.text.email_name_helpers import given_names as _given_names
from tests.unit.text.email_name_helpers import planted as _span
from tests.unit.text.email_name_helpers import run_rules, verbatim

from simulacra.text._lexicon import DIMINUTIVES
from simulacra.text.engine import Deidentifier
from simulacra.text.not_person import known_place, place_names
from simulacra.text.structure import _dictionary, _given, _known_name, _not_a_name_word, _place
from simulacra.text.surrogates import pools as _pools


@pytest.fixture(scope="module")
def engine() -> Deidentifier:
    return Deidentifier(None, ner=None)  # the e-mail structure rules on, no model: the planted spans decide


def _word_names(n: int, seed: int) -> list[str]:
    """Short forms of given names that are also English words ("Matt", "Pat", "Chuck", "Herb"), drawn by
    ``seed``: the name lists leave them out because they are words."""
    pool = sorted(
        d.capitalize()
        for d in DIMINUTIVES
        if len(d) >= 3 and _dictionary(d) and not _given(d) and not known_place(d) and not _not_a_name_word(d)
    )
    rng = np.random.default_rng(seed)
    return [pool[int(i)] for i in rng.permutation(len(pool))[:n]]


def _places(n: int, seed: int) -> list[str]:
    """Known places of one or two words that are no given name ("Omaha", "Kansas City"), drawn by ``seed``."""
    pool = sorted(
        p.title()
        for p in place_names()
        if re.fullmatch(r"[a-z]{4,}(?: [a-z]{4,})?", p) and not any(_known_name(w) for w in p.split())
    )
    rng = np.random.default_rng(seed + 50)
    return [pool[int(i)] for i in rng.permutation(len(pool))[:n]]


def _coined(seed: int) -> str:
    """A made-up town's name: no known name, no English word, no place."""
    rng = np.random.default_rng(seed + 900)
    while True:
        w = "".join(str(rng.choice(list(part))) for part in ("bdgklmprstv", "aeiou", "rnlst", "aeio", "nrtvx"))
        w = w.capitalize()
        if not _known_name(w) and not _dictionary(w) and not _place(w.lower()):
            return w


@pytest.mark.parametrize("seed", range(8))
def test_a_greeting_name_that_is_also_a_word_stays_a_person(engine: Deidentifier, seed: int) -> None:
    name = _word_names(1, seed)[0]
    text = f"From: ops@example.com\n\n{name},\n\nCan you send the update on the file?\n\nThanks\n"
    found, out = run_rules(engine, text, [_span(text, name, "PERSON")])
    assert (name, "PERSON") in found, found
    assert not verbatim(name, out), out
    found, _ = run_rules(engine, text, [_span(text, name, "ORGANIZATION")])
    assert (name, "PERSON") in found, found  # the tagger's organisation, in a greeting's place


@pytest.mark.parametrize("word", ["Thanks", "Regards", "Monday", "Gentlemen"])
def test_a_sign_off_or_calendar_word_alone_is_no_greeting_name(engine: Deidentifier, word: str) -> None:
    text = f"Notes below.\n\n{word},\n\nThe file is late.\n"
    found, _ = run_rules(engine, text, [_span(text, word, "ORGANIZATION")])
    assert (word, "PERSON") not in found, found


@pytest.mark.parametrize("seed", range(6))
def test_a_word_before_a_state_code_is_a_town(engine: Deidentifier, seed: int) -> None:
    town = _family(1, seed + 30)[0] if seed % 2 else _coined(seed)
    state = ("TX", "WI", "KS", "CO", "NM", "OH")[seed]
    for text in (
        f"Please see the attached term sheet for NMC ({town}, {state} site) and comment.\n",
        f"Gas flows from the hub to the {town} ({state}) station.\n",
    ):
        found, out = run_rules(engine, text, [_span(text, town, "PERSON")])
        assert (town, "LOCATION") in found, (text, found)
        assert not verbatim(town, out), out


@pytest.mark.parametrize("seed", range(4))
def test_a_name_before_a_degree_or_a_word_like_a_state_code_stays_a_person(engine: Deidentifier, seed: int) -> None:
    fam = _family(1, seed + 60)[0]
    for after in ("MD", "PA", "OK", "OR"):
        text = f"I sent the draft to {fam}, {after} and the rest of the team.\n"
        found, _ = run_rules(engine, text, [_span(text, fam, "PERSON")])
        assert (fam, "PERSON") in found, (text, found)
    given = _given_names(1, seed + 60)[0]
    text = f"Hi {fam}, TX is fine.\n"  # a greeting's name: person evidence wins over the code
    found, _ = run_rules(engine, text, [_span(text, fam, "PERSON")])
    assert (fam, "PERSON") in found, (text, found)
    text = f"{given} {fam}, TX\n"  # a full name before a state: the rule is for a lone word
    found, _ = run_rules(engine, text, [_span(text, f"{given} {fam}", "PERSON")])
    assert (f"{given} {fam}", "PERSON") in found, (text, found)


@pytest.mark.parametrize("seed", range(6))
def test_a_word_listed_among_known_places_is_a_place(engine: Deidentifier, seed: int) -> None:
    p1, p2 = _places(2, seed)
    fam = _family(1, seed + 70)[0]
    text = f"Cheap fares this week: Denver to {p1}, {fam} or {p2}, $143 roundtrip.\n"  # a place on both sides
    found, out = run_rules(engine, text, [_span(text, fam, "PERSON")])
    assert (fam, "LOCATION") in found, (text, found)
    assert not verbatim(fam, out), out
    town = _coined(seed + 10)
    text = f"Now, for the really cheap fares: Denver to {p1} or {town}, $99 each way.\n"  # one side, no name
    found, out = run_rules(engine, text, [_span(text, town, "PERSON")])
    assert (town, "LOCATION") in found, (text, found)
    assert not verbatim(town, out), out


@pytest.mark.parametrize("seed", range(4))
def test_a_name_beside_one_place_or_joined_by_and_stays_a_person(engine: Deidentifier, seed: int) -> None:
    (p1,) = _places(1, seed + 20)
    fam = _family(1, seed + 80)[0]
    text = f"The report compares {p1}, {fam} wrote, with last year.\n"  # one place, and a known surname
    found, _ = run_rules(engine, text, [_span(text, fam, "PERSON")])
    assert (fam, "PERSON") in found, (text, found)
    town = _coined(seed + 40)
    text = f"The fight between {p1} and {town} goes on.\n"  # "and" joins a person to a place as often
    found, _ = run_rules(engine, text, [_span(text, town, "PERSON")])
    assert (town, "PERSON") in found, (text, found)


@pytest.mark.parametrize("seed", range(6))
def test_a_lone_name_after_per_or_ask_is_a_person_and_is_rewritten(engine: Deidentifier, seed: int) -> None:
    fam = _family(1, seed + 90)[0]  # no English word, no place: nothing else marks it a name
    for text in (
        f"Content-Transfer-Encoding: 7bit\n\nper {fam}'s phone call this morning 10/24/01.\n",
        f"Subject: Compensation Mtg. (per {fam} x37094)\n\nBoardroom.\n",
        f"New meeting will be set per {fam}.  12/19/01\n",
        f"I will ask {fam} to schedule some time for us.\n",
    ):
        found, out = run_rules(engine, text, [])
        assert (fam, "PERSON") in found, (text, found)
        assert not verbatim(fam, out), out


@pytest.mark.parametrize("seed", range(3))
def test_a_unit_after_a_price_and_per_is_no_person(engine: Deidentifier, seed: int) -> None:
    unit = _coined(seed + 70)
    text = f"Min. Acceptable Bid: $0.03 per {unit} of daily reservation.\n"
    found, _ = run_rules(engine, text, [])
    assert (unit, "PERSON") not in found, found
    text = f"The rate is 12 cents per {unit} this month.\n"
    found, _ = run_rules(engine, text, [])
    assert (unit, "PERSON") not in found, found


def _word_given_names(n: int, seed: int) -> list[str]:
    """Given names of the pools that are also English words ("Hope", "Grant", "Mark"), drawn by ``seed``."""
    p = _pools("en_US")
    pool = sorted(
        v
        for v in {*p.first_male, *p.first_female}
        if re.fullmatch(r"[A-Z][a-z]{2,}", v) and _dictionary(v) and not known_place(v) and not _not_a_name_word(v)
    )
    rng = np.random.default_rng(seed + 300)
    return [pool[int(i)] for i in rng.permutation(len(pool))[:n]]


def _cap_small_cap(seed: int) -> str:
    rng = np.random.default_rng(seed + 500)
    return str(rng.choice(list("BCDFGKMPRTV"))) + str(rng.choice(list("aeiou"))) + str(rng.choice(list("BDKLMRTX")))


@pytest.mark.parametrize("seed", range(6))
def test_a_word_written_capital_small_capital_is_no_person(engine: Deidentifier, seed: int) -> None:
    w = _cap_small_cap(seed)
    text = f"Subject: {w} Mapping Discussion\n\nThe {w} number is reported daily.\nExplain the daily {w} moves.\n"
    spans = [_span(text, f"{w} Mapping", "PERSON"), _span(text, w, "PERSON", 1)]
    found, out = run_rules(engine, text, spans)
    assert not any(label == "PERSON" for _, label in found), found
    assert not verbatim(w, out), out  # still rewritten, as an organisation


@pytest.mark.parametrize("seed", range(4))
def test_a_full_name_beside_a_capital_small_capital_word_stays_a_person(engine: Deidentifier, seed: int) -> None:
    given, fam = _given_names(1, seed + 400)[0], _family(1, seed + 400)[0]
    text = f"Our speaker is {given} {fam} PhD.\nLater {fam} will take questions.\n"
    found, out = run_rules(engine, text, [_span(text, f"{given} {fam} PhD", "PERSON")])
    assert any(label == "PERSON" and fam in v for v, label in found), found
    assert not verbatim(fam, out) and not verbatim(given, out), out


@pytest.mark.parametrize("seed", range(6))
def test_a_verb_opening_a_sentence_with_its_object_is_no_person(engine: Deidentifier, seed: int) -> None:
    w = _word_given_names(1, seed)[0]
    for after in ("this works for you.", "you are well.", "your calendars for Friday."):
        text = f"The room is booked.\n\n{w} {after}\nSee you then.\n"
        found, out = run_rules(engine, text, [_span(text, w, "PERSON")])
        assert (w, "PERSON") not in found, (text, found)


@pytest.mark.parametrize("seed", range(6))
def test_a_word_name_before_its_verb_stays_a_person(engine: Deidentifier, seed: int) -> None:
    w = _word_given_names(1, seed)[0]
    text = f"The room is booked.\n\n{w} is out today, so {w} will call you.\n"
    found, out = run_rules(engine, text, [_span(text, w, "PERSON")])
    assert (w, "PERSON") in found, (text, found)
    text = f"The room is booked. {w} said this works for you.\n"  # not the sentence's first word
    found, out = run_rules(engine, text, [_span(text, w, "PERSON")])
    assert (w, "PERSON") in found, (text, found)


@pytest.mark.parametrize("seed", range(6))
def test_what_an_ordinal_counts_is_no_person(engine: Deidentifier, seed: int) -> None:
    rng = np.random.default_rng(seed + 600)
    n = int(rng.integers(1, 60))
    ordinal = f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
    word = "Floor" if seed == 0 else _word_given_names(1, seed + 800)[0]  # a word that is also a given name
    text = f"Subject: Dinner - Regency Room {ordinal} {word}\n\nSee you at 1400 Main, {ordinal} {word}, Legal.\n"
    found, out = run_rules(engine, text, [_span(text, word, "PERSON"), _span(text, word, "PERSON", 1)])
    assert (word, "PERSON") not in found, found
    assert not verbatim(word, out), out  # still rewritten, as an organisation


@pytest.mark.parametrize("seed", range(4))
def test_a_name_after_an_ordinal_stays_a_person(engine: Deidentifier, seed: int) -> None:
    given = _given_names(1, seed + 700)[0]
    text = f"On the 3rd {given} called about the bid.\n"  # a given name that is no word
    found, _ = run_rules(engine, text, [_span(text, given, "PERSON")])
    assert (given, "PERSON") in found, found
    text = f"Room 2nd Floor {given}\n"  # a word, then a given name: maybe a person's
    found, out = run_rules(engine, text, [_span(text, f"Floor {given}", "PERSON")])
    assert not verbatim(given, out), (found, out)


@pytest.mark.parametrize("seed", range(6))
def test_a_greeting_to_a_role_is_no_person(engine: Deidentifier, seed: int) -> None:
    brand = _coined(seed + 200)  # a made-up firm's or product's name: no acronym, no known name
    role = ("Participant", "Customer", "Member", "Client", "User", "Partner")[seed]
    text = f"Dear {brand} {role},\n\nYour account has been updated.\n"
    found, out = run_rules(engine, text, [_span(text, f"{brand} {role}", "PERSON")])
    assert (f"{brand} {role}", "PERSON") not in found, found
    assert not verbatim(brand, out), out  # still rewritten, as an organisation


@pytest.mark.parametrize("seed", range(4))
def test_a_greeting_to_a_full_name_stays_a_person(engine: Deidentifier, seed: int) -> None:
    given, fam = _given_names(1, seed + 250)[0], _family(1, seed + 250)[0]
    text = f"Dear {given} {fam},\n\nYour account has been updated.\n"
    found, _ = run_rules(engine, text, [_span(text, f"{given} {fam}", "PERSON")])
    assert (f"{given} {fam}", "PERSON") in found, found
