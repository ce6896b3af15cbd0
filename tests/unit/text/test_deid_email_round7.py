"""Issue 14, round seven: person spans in ordinary mail, by the message's own evidence.

Each class is planted in text written here (never corpus text): given and family names from the
surrogate pools, filtered to ones the rules can know (a known given name, no frequent word, no place).
Tagger spans go in as the tagger's (``source="ner"``) so the tests do not depend on the shipped model;
the negative cases bound each rule (a surname's particle, a name with no evidence of two people, a
person after "shouted at", a firm after an article, a surname that is a dictionary word).
"""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names as _family
from tests.unit.text.email_name_helpers import given_names as _given
from tests.unit.text.email_name_helpers import planted as _span

from simulacra.text.spans import Span
from simulacra.text.structure import complete_names, refine


def _found(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    """What refine, then name completion, make of the planted spans (the engine's order)."""
    return [(text[s.start : s.end], s.label) for s in complete_names(text, sorted(refine(text, spans)))]


# --- a lone given name the tagger typed a firm -------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_a_lone_given_name_typed_a_firm_is_a_person(seed: int) -> None:
    g = _given(2, seed)
    text = f"Thanks for the update.\n{g[0]} stepped up to fill the gap while I was out.\n"
    assert _found(text, [_span(text, g[0], "ORGANIZATION")]) == [(g[0], "PERSON")]
    text = f"I will be consulting the desk and {g[1]} for any changes.\n"
    assert _found(text, [_span(text, g[1], "ORGANIZATION")]) == [(g[1], "PERSON")]


@pytest.mark.parametrize("before", ["the", "at", "in"])
def test_a_given_name_after_an_article_or_a_place_word_keeps_the_firm(before: str) -> None:
    g = _given(1, 7)[0]
    text = f"We met {before} {g} last week about the contract.\n"
    assert _found(text, [_span(text, g, "ORGANIZATION")]) == [(g, "ORGANIZATION")]


def test_a_frequent_word_typed_a_firm_keeps_its_type() -> None:
    text = "Please ask Will to send it.\nShell signed the deal.\n"
    assert _found(text, [_span(text, "Shell", "ORGANIZATION")]) == [("Shell", "ORGANIZATION")]


# --- a word after "in", "into", "at" is a place, across the message -----------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_a_word_after_in_is_a_place_everywhere_in_the_message(seed: int) -> None:
    g = _given(1, seed)[0]
    text = f"We will be in {g} from Sunday to Tuesday.\n\nSee you soon. Flights to {g} are cheap in May.\n"
    got = _found(text, [_span(text, g, "PERSON"), _span(text, g, "PERSON", 1)])
    assert got == [(g, "LOCATION"), (g, "LOCATION")]


@pytest.mark.parametrize("seed", range(3))
def test_a_person_after_shouted_at_or_in_an_office_stays(seed: int) -> None:
    g = _given(2, seed)
    text = f"{g[1]} shouted at {g[0]}: what are you doing here?\n"
    assert (g[0], "PERSON") in _found(text, [_span(text, g[1], "PERSON"), _span(text, g[0], "PERSON")])
    text = f"The files are in {g[0]}'s office.\n"
    assert _found(text, [_span(text, g[0], "PERSON")]) == [(g[0], "PERSON")]


# --- two people run together on one line -------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_a_given_name_before_a_full_name_seen_alone_is_two_people(seed: int) -> None:
    g, f = _given(2, seed), _family(1, seed)
    full = f"{g[1]} {f[0]}"
    text = f"From: {full} <{g[1].lower()}@example.com>\nTo: team\n\nThanks,\n{g[0]} {full} called about the form.\n"
    spans = [_span(text, full, "PERSON", source="structure"), _span(text, f"{g[0]} {full}", "PERSON")]
    got = _found(text, spans)
    assert got == [(full, "PERSON"), (g[0], "PERSON"), (full, "PERSON")], got


@pytest.mark.parametrize("seed", range(3))
def test_a_repeated_given_name_is_a_sign_off_then_the_signature(seed: int) -> None:
    g, f = _given(1, seed), _family(1, seed)
    text = f"Let me know.\n\n{g[0]} {g[0]} {f[0]} Senior Legal Specialist\n"
    for planted in (f"{g[0]} {g[0]} {f[0]}", f"{g[0]} {g[0]}"):
        got = _found(text, [_span(text, planted, "PERSON")])
        assert got == [(g[0], "PERSON"), (f"{g[0]} {f[0]}", "PERSON")], (planted, got)


@pytest.mark.parametrize("seed", range(3))
def test_two_given_name_surname_pairs_typed_a_person_are_two(seed: int) -> None:
    g, f = _given(2, seed), _family(2, seed)
    text = f"Attendees:\n{g[0]} {f[0]} {g[1]} {f[1]} (joining from London)\n"
    got = _found(text, [_span(text, f"{g[0]} {f[0]} {g[1]} {f[1]}", "PERSON")])
    assert got == [(f"{g[0]} {f[0]}", "PERSON"), (f"{g[1]} {f[1]}", "PERSON")], got


def test_a_double_given_name_with_no_evidence_and_a_particle_stay_one_person() -> None:
    g, f = _given(2, 11), _family(1, 11)
    text = f"In Detroit, {g[0]} {g[1]} {f[0]} pitched a shutout.\n"
    assert _found(text, [_span(text, f"{g[0]} {g[1]} {f[0]}", "PERSON")]) == [(f"{g[0]} {g[1]} {f[0]}", "PERSON")]
    text = f"In Detroit, {g[0]} Van {f[0]} pitched a shutout. Van {f[0]} struck out nine.\n"
    got = _found(text, [_span(text, f"{g[0]} Van {f[0]}", "PERSON")])
    assert got[0] == (f"{g[0]} Van {f[0]}", "PERSON"), got


# --- what follows a name on its line --------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(3))
def test_a_product_glued_after_a_name_is_cut(seed: int) -> None:
    g, f = _given(1, seed), _family(2, seed)
    brand = f"{f[1]}Online"
    text = f"Regards,\n{g[0]} {f[0]} {brand}\n"
    assert _found(text, [_span(text, f"{g[0]} {f[0]} {brand}", "PERSON")]) == [(f"{g[0]} {f[0]}", "PERSON")]


@pytest.mark.parametrize("verb", ["Attached", "Enclosed", "Testing", "Following"])
def test_an_opening_verb_after_a_greeting_name_is_cut(verb: str) -> None:
    g = _given(1, 3)[0]
    text = f"{g} {verb} is the draft of the chart.\n"
    assert _found(text, [_span(text, f"{g} {verb}", "PERSON")]) == [(g, "PERSON")]


def test_a_surname_that_is_a_word_stays_before_a_verb() -> None:
    text = "Louise Kitchen has requested a presentation.\n"
    assert _found(text, [_span(text, "Louise Kitchen", "PERSON")]) == [("Louise Kitchen", "PERSON")]
