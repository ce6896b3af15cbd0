"""Issue 14, round six: person spans from an e-mail's structure and a sentence's structure.

Each class is planted in text written here (never corpus text): given and family names from the
surrogate pools, filtered to ones the rules can know (a known given name, no frequent word, no place).
Tagger spans go in as the tagger's (``source="ner"``) so the tests do not depend on the shipped model;
the negative cases bound each rule (a firm's "&", a place after "from", a frequent word, an office
of a firm).
"""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names as _family
from tests.unit.text.email_name_helpers import given_names as _given
from tests.unit.text.email_name_helpers import planted as _span

from simulacra.text.spans import Span
from simulacra.text.structure import refine, structural_spans


def _found(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in refine(text, spans)]


# --- a flattened Outlook header: "From: Last, First On Behalf Of Last, First Sent: ..." ---------------


@pytest.mark.parametrize("seed", range(3))
def test_on_behalf_of_parts_two_names_in_a_flattened_header(seed: int) -> None:
    g, f = _given(4, seed), _family(4, seed)
    text = (
        f"From: \t{f[0]}, {g[0]} On Behalf Of {f[1]}, {g[1]} Sent:\tMonday, June 04, 2001 10:56 AM "
        f"To:\t{f[2]}, {g[2]}; {f[3]}, {g[3]} Subject:\tbudget\n\nPlease see the attached.\n"
    )
    got = {(text[s.start : s.end], s.label) for s in structural_spans(text)}
    for last, first in zip(f, g, strict=True):
        assert (f"{last}, {first}", "PERSON") in got, (last, first, got)
    assert not any("Behalf" in v for v, _ in got), got


@pytest.mark.parametrize("seed", range(3))
def test_surname_with_suffix_pairs_with_the_given_name(seed: int) -> None:
    g, f = _given(2, seed), _family(2, seed)
    text = f"From: \t{f[0]} Jr., {g[0]} Sent:\tTuesday, January 29, 2002 08:00\nTo:\t{f[1]} III, {g[1]}\n\nHi\n"
    got = {text[s.start : s.end] for s in structural_spans(text)}
    assert f"{f[0]} Jr., {g[0]}" in got and f"{f[1]} III, {g[1]}" in got, got


@pytest.mark.parametrize("seed", range(3))
def test_a_header_field_run_into_a_name_is_cut(seed: int) -> None:
    for first in _given(5, seed):
        text = f"From: \tMeyn, {first} Sent:\tMonday, June 04, 2001 10:56 AM"
        assert (first, "PERSON") in _found(text, [_span(text, f"{first} Sent", "PERSON")]), first
        text = f"From: \tMeyn, {first} Cc: \tothers"
        assert (first, "PERSON") in _found(text, [_span(text, f"{first} Cc", "PERSON")]), first


def test_a_field_word_that_ends_a_name_without_a_colon_stays() -> None:
    text = "We met Jim Sent yesterday."  # no colon after it: a word of the name, not a header field
    assert _found(text, [_span(text, "Jim Sent", "PERSON")]) == [("Jim Sent", "PERSON")]


# --- "X and I", "X's office", "A & B": people by the sentence around them ---------------------------


@pytest.mark.parametrize("seed", range(3))
def test_name_and_i_is_a_person(seed: int) -> None:
    for first, last in zip(_given(4, seed), _family(4, seed), strict=True):
        for name in (first, last):
            text = f"The time is a suggestion - {name} and I are flexible for the rest of today."
            # the tagger's span swallowed "and I" and typed it a firm
            assert _found(text, [_span(text, f"{name} and I", "ORGANIZATION")]) == [(name, "PERSON")], name
            text = f"Regulatory Affairs ({name} and I) will stop sending paper."
            assert _found(text, [_span(text, name, "LOCATION")]) == [(name, "PERSON")], name


@pytest.mark.parametrize("seed", range(3))
def test_a_given_name_that_owns_an_office_is_a_person(seed: int) -> None:
    for first, last in zip(_given(4, seed), _family(4, seed), strict=True):
        for owner in (first, f"{first} {last}"):
            text = f"Please meet in {owner}'s office at 3 to discuss the sign off."
            assert _found(text, [_span(text, f"{owner}'s", "LOCATION")]) == [(owner, "PERSON")], owner
            text = f"Per {owner}'s e-mail, the meeting moved."
            assert _found(text, [_span(text, owner, "ORGANIZATION")]) == [(owner, "PERSON")], owner


def test_a_firm_or_place_that_owns_an_office_keeps_its_type() -> None:
    for firm in ("Enron", "Houston", "Dynegy"):
        text = f"Meet in {firm}'s office downtown."
        got = _found(text, [_span(text, f"{firm}'s", "ORGANIZATION")])
        assert got == [(f"{firm}'s", "ORGANIZATION")], firm


@pytest.mark.parametrize("seed", range(3))
def test_two_given_names_joined_are_two_people(seed: int) -> None:
    g, f = _given(4, seed), _family(4, seed)
    for left, right in ((g[0], g[1]), (f"{g[2]} {f[2]}", f"{g[3]} {f[3]}")):
        for link in (" and ", " & "):
            text = f"Our leads ({left}{link}{right}) will attend."
            got = _found(text, [_span(text, f"{left}{link}{right}", "ORGANIZATION")])
            assert got == [(left, "PERSON"), (right, "PERSON")], (left, right)


def test_a_firm_joined_by_and_keeps_its_type() -> None:
    g, f = _given(1, 0), _family(2, 0)
    for firm in (f"{f[0]} & {f[1]}", f"{f[0]} & {g[0]}", "Procter & Gamble"):
        text = f"He worked for {firm} before."
        assert _found(text, [_span(text, firm, "ORGANIZATION")]) == [(firm, "ORGANIZATION")], firm


@pytest.mark.parametrize("seed", range(3))
def test_a_given_name_after_per_or_with_is_a_person(seed: int) -> None:
    for first in _given(5, seed):
        for lead in ("per ", "w/", "with "):
            text = f"New meeting will be set {lead}{first} on Monday."
            assert _found(text, [_span(text, first, "ORGANIZATION")]) == [(first, "PERSON")], (lead, first)


def test_a_given_name_after_from_keeps_its_type() -> None:
    for first in _given(5, 7):
        text = f"I am originally from {first}, and I am 64."
        assert _found(text, [_span(text, first, "LOCATION")]) == [(first, "LOCATION")], first


# --- sign-off spellings, titled initials, a middle initial found apart, a name typed a place ---------


@pytest.mark.parametrize("word", ["Thanx", "Thnx", "Thks"])
def test_a_sign_off_spelling_is_no_name_and_the_name_under_it_is(word: str) -> None:
    for first in _given(4, 3):
        text = f"Please call me when you can.\n\n{word},\n{first} \n"
        got = _found(text, [_span(text, word, "PERSON"), *structural_spans(text)])
        assert (first, "PERSON") in got and not any(word in v for v, _ in got), (word, first, got)


@pytest.mark.parametrize("seed", range(3))
def test_a_title_with_initials_and_a_surname_is_one_person(seed: int) -> None:
    f = _family(4, seed)
    text = f"Mr. R. B. {f[0]} Mr. C. A. {f[1]} Ms. S. D. {f[2]} Dr. J. {f[3]}\n"
    got = {text[s.start : s.end] for s in structural_spans(text)}
    assert {f"R. B. {f[0]}", f"C. A. {f[1]}", f"S. D. {f[2]}", f"J. {f[3]}"} <= got, got


def test_initials_without_a_title_are_left_to_the_model() -> None:
    text = "See section A. B. Results and the U.S. Treasury\n"
    assert not any(s.label == "PERSON" for s in structural_spans(text))


@pytest.mark.parametrize("seed", range(3))
def test_a_given_name_joins_an_initial_and_surname_found_apart(seed: int) -> None:
    from simulacra.text.structure import complete_names

    for first, last in zip(_given(4, seed), _family(4, seed), strict=True):
        text = f"Subject: In person interview - {first} A. {last} - Req.# 109342\n"
        a = text.index(first)
        b = text.index(f"A. {last}")
        spans = [
            Span(a, a + len(first), "PERSON", 0.6, "ner"),
            Span(b, b + len(f"A. {last}"), "PERSON", 0.9, "structure"),
        ]
        got = [(text[s.start : s.end], s.label) for s in complete_names(text, spans)]
        assert got == [(f"{first} A. {last}", "PERSON")], got


@pytest.mark.parametrize("seed", range(3))
def test_given_name_and_surname_typed_a_place_or_firm_is_a_person(seed: int) -> None:
    for first, last in zip(_given(5, seed), _family(5, seed), strict=True):
        for label in ("LOCATION", "ORGANIZATION"):
            text = f"Subject: Canceled - ECS-4102 - {first} {last}/Neil Davis (H/R)"
            assert _found(text, [_span(text, f"{first} {last}", label)]) == [(f"{first} {last}", "PERSON")]


def test_a_place_named_like_a_person_keeps_its_type() -> None:
    for first, last in zip(_given(4, 5), _family(4, 5), strict=True):
        for text, value in (
            (f"The fifth test at {first} {last} starts on Friday.", f"{first} {last}"),  # a place's preposition
            (f"A record crowd at the {first} Park ground.", f"{first} Park"),  # a place's word
            (f"The United States beat El {last} 3-1 on Friday.", f"El {last}"),  # a place's article
        ):
            assert _found(text, [_span(text, value, "LOCATION")]) == [(value, "LOCATION")], value


@pytest.mark.parametrize("seed", range(3))
def test_senior_before_a_role_stays_the_roles_after_completion(seed: int) -> None:
    from simulacra.text.structure import complete_names

    for first, last in zip(_given(3, seed), _family(3, seed), strict=True):
        text = f"Thanks for coming.\n\n{first} {last} Sr. Administrative Assistant\n"
        a = text.index(first)
        got = [
            text[s.start : s.end]
            for s in complete_names(text, refine(text, [Span(a, a + len(f"{first} {last} Sr."), "PERSON", 0.6, "ner")]))
        ]
        assert got == [f"{first} {last}"], got
        text = f"We met {first} {last} Jr. yesterday.\n"  # a suffix before no role word stays the name's
        a = text.index(first)
        got = [
            text[s.start : s.end]
            for s in complete_names(text, [Span(a, a + len(f"{first} {last}"), "PERSON", 0.6, "ner")])
        ]
        assert got == [f"{first} {last} Jr."], got


@pytest.mark.parametrize("seed", range(3))
def test_a_row_of_given_and_surnames_typed_a_firm_is_people(seed: int) -> None:
    g, f = _given(3, seed), _family(3, seed)
    names = [f"{a} {b}" for a, b in zip(g, f, strict=True)]
    text = "Attendees:\n" + " ".join(names) + "\n"
    got = _found(text, [_span(text, " ".join(names), "ORGANIZATION")])
    assert got == [(n, "PERSON") for n in names], got


@pytest.mark.parametrize("seed", range(3))
def test_a_name_missed_between_two_people_on_a_row_is_a_person(seed: int) -> None:
    from simulacra.text.structure import complete_names

    g, f = _given(3, seed), _family(3, seed)
    names = [f"{a} {b}" for a, b in zip(g, f, strict=True)]
    text = "Attendees\n" + " ".join(names) + "\n"
    spans = [_span(text, names[0], "PERSON"), _span(text, names[2], "PERSON")]
    got = [(text[s.start : s.end], s.label) for s in complete_names(text, spans)]
    assert got == [(n, "PERSON") for n in names], got
    text = f"{names[0]} Board Room {names[2]}\n"  # two English words between them: no person
    spans = [_span(text, names[0], "PERSON"), _span(text, names[2], "PERSON")]
    assert [text[s.start : s.end] for s in complete_names(text, spans)] == [names[0], names[2]]


@pytest.mark.parametrize("seed", range(3))
def test_a_name_before_and_wife_or_guest_is_a_person(seed: int) -> None:
    g, f = _given(3, seed), _family(3, seed)
    text = f"RSVP list:\n\n{f[0]} & wife\n{g[1]} {f[1]} and guest\nMr {f[2]} and family\nThe Company and family\n"
    got = {(text[s.start : s.end], s.label) for s in structural_spans(text)}
    assert {(f[0], "PERSON"), (f"{g[1]} {f[1]}", "PERSON"), (f[2], "PERSON")} <= got, got
    assert not any(v in ("The Company", "Company", "The", "Mr") for v, _ in got), got
