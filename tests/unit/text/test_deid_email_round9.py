"""Issue 14, round nine: a person span that is a known place or a firm by its own words, with no person
evidence around it, is retyped (still rewritten, as a place or a firm).

Each class is planted in text written here: places drawn (seeded) from ``not_person.place_names`` —
the ones that are also given names (Alberta, Paris, Austin) and many-word ones (El Paso, British
Columbia) — firms built from the surrogate pools' surnames with a company's word. Tagger spans go in as
the tagger's (``source="ner"``), so the shipped model does not decide the outcome. The negative cases
bound the rule: a greeting, a signature, a title, a verb of saying, a kin word, the same word in a longer
name, "Co-chairs" and "Company Secretary" after a person.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from tests.unit.text.email_name_helpers import family_names as _family
from tests.unit.text.email_name_helpers import given_names as _given
from tests.unit.text.email_name_helpers import planted as _span

from simulacra.text.not_person import place_names
from simulacra.text.spans import Span
from simulacra.text.structure import _given as _is_given
from simulacra.text.structure import complete_names, refine


def _found(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    """What refine, then name completion, make of the planted spans (the engine's order)."""
    return [(text[s.start : s.end], s.label) for s in complete_names(text, sorted(refine(text, spans)))]


def _places(n: int, seed: int, *, given: bool) -> list[str]:
    """Known places of one word that are (or are not) also given names, capitalised, drawn by ``seed``."""
    pool = sorted(p.capitalize() for p in place_names() if re.fullmatch(r"[a-z]{4,}", p) and _is_given(p) == given)
    rng = np.random.default_rng(seed)
    return [pool[int(i)] for i in rng.permutation(len(pool))[:n]]


def _many_word_places(n: int, seed: int) -> list[str]:
    pool = sorted(
        " ".join(w.capitalize() for w in p.split()) for p in place_names() if re.fullmatch(r"[a-z]{2,} [a-z]{4,}", p)
    )
    rng = np.random.default_rng(seed)
    return [pool[int(i)] for i in rng.permutation(len(pool))[:n]]


# --- a known place typed a person, nothing of a person around it ---------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_a_place_that_is_a_given_name_is_a_place_without_person_evidence(seed: int) -> None:
    p = _places(1, seed, given=True)[0]
    for text in (
        f"We flew to {p} on Friday and back on Sunday.\n",
        f"Transmission linking Boston with {p} is full this week.\n",
        f"I plan to leave {p} at noon tomorrow.\n",
    ):
        assert _found(text, [_span(text, p, "PERSON")]) == [(p, "LOCATION")], text


@pytest.mark.parametrize("seed", range(4))
def test_a_many_word_place_and_a_place_of_no_given_name_are_places(seed: int) -> None:
    for p in (*_many_word_places(2, seed), *_places(2, seed, given=False)):
        text = f"Call Don at {p} about the gas day.\nThe offices of {p} will close early.\n"
        got = _found(text, [_span(text, p, "PERSON", 1)])
        # a place, or a firm when its words are all dictionary words ("Middle East", "Fort Worth"): no person
        assert [v for v, _ in got] == [p] and got[0][1] in ("LOCATION", "ORGANIZATION"), text


@pytest.mark.parametrize("seed", range(4))
def test_a_given_name_that_is_no_place_keeps_the_person(seed: int) -> None:
    g = _given(1, seed)[0]
    text = f"We flew to {g} on Friday and back on Sunday.\n"
    assert _found(text, [_span(text, g, "PERSON")]) == [(g, "PERSON")]


@pytest.mark.parametrize("seed", range(4))
def test_a_place_name_with_person_evidence_keeps_the_person(seed: int) -> None:
    p = _places(1, seed + 10, given=True)[0]
    f = _family(1, seed)[0]
    for text in (
        f"Hi {p},\nThe deal is done.\n",
        f"The deal is done.\n\nThanks,\n{p}\n",
        f"Please ask Mr. {p} for the file.\n",
        f"Yesterday {p} said the deal is done.\n",
        f"I would like to add my daughter {p} to the account.\n",
        f"The deal is done.\n-{p}\n",
    ):
        assert _found(text, [_span(text, p, "PERSON")]) == [(p, "PERSON")], text
    text = f"From: {p} {f}\n\nThe deal is done, and {p} will sign it.\n"
    got = _found(text, [_span(text, f"{p} {f}", "PERSON"), _span(text, p, "PERSON", 1)])
    assert got == [(f"{p} {f}", "PERSON"), (p, "PERSON")]


# --- a firm by its company word, and its name's words alone elsewhere ----------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_a_name_before_a_company_word_is_a_firm_and_so_are_its_words_alone(seed: int) -> None:
    a, b = _family(2, seed)
    text = (
        f"-By Ann Smith, {a} {b} Newswires; 202-555-0100\n"
        f"Prices rose, according to documents obtained by {b} Newswires.\n"
        f"{b} reported the raid on Tuesday.\n"
    )
    spans = [_span(text, a, "PERSON"), _span(text, f"{b} Newswires", "PERSON"), _span(text, b, "PERSON", 2)]
    spans.append(_span(text, f"{b} Newswires", "PERSON", 1))
    got = _found(text, spans)
    assert (a, "ORGANIZATION") in got and (b, "ORGANIZATION") in got, got
    assert [lab for v, lab in got if v == f"{b} Newswires"] == ["ORGANIZATION", "ORGANIZATION"], got
    for suffix in ("Inc.", "Corp.", "L.L.P.", "Industries", "& Co."):
        text = f"The contract with {a} {suffix} was signed today.\n"
        assert _found(text, [_span(text, a, "PERSON")]) == [(a, "ORGANIZATION")], text


@pytest.mark.parametrize("seed", range(4))
def test_a_person_before_a_role_or_with_a_title_keeps_the_person(seed: int) -> None:
    g = _given(1, seed)[0]
    a, b = _family(2, seed + 5)
    for text in (
        f"Championship presented by Acme ({g} {a}, Co-chairs and hosts)\n",
        f"Regards,\n{g} {a}, Company Secretary\n",
    ):
        assert _found(text, [_span(text, f"{g} {a}", "PERSON")]) == [(f"{g} {a}", "PERSON")], text
    text = f"The contract with {b} Inc. was signed.\nPlease ask Mr. {b} for the file.\n"
    got = _found(text, [_span(text, b, "PERSON"), _span(text, b, "PERSON", 1)])
    assert got == [(b, "ORGANIZATION"), (b, "PERSON")]


# --- an Outlook header in another language ---------------------------------------------------------------

_FOREIGN_HEADERS = (
    ("-----Ursprüngliche Nachricht-----", "Von", "Gesendet", "Mittwoch", "An", "Betreff"),
    ("-----Message d'origine-----", "De", "Envoyé", "Mercredi", "À", "Objet"),
    ("-----Mensaje original-----", "De", "Enviado", "Miércoles", "Para", "Asunto"),
    ("-----Oorspronkelijk bericht-----", "Van", "Verzonden", "Woensdag", "Aan", "Onderwerp"),
)


@pytest.mark.parametrize(("sep", "frm", "sent", "day", "to", "subj"), _FOREIGN_HEADERS)
@pytest.mark.parametrize("seed", range(2))
def test_a_foreign_outlook_headers_words_are_no_persons(
    sep: str, frm: str, sent: str, day: str, to: str, subj: str, seed: int
) -> None:
    g = _given(2, seed)
    f = _family(2, seed)
    sep_word = sep.strip("-").split()[-1]
    text = (
        f"Thanks, {g[0]}\n\n{sep}\n{frm}: {g[1]} {f[1]} [mailto:x@example.com]\n"
        f"{sent}: {day}, 25. April 2001 17:17\n{to}: {g[0]} {f[0]}\n{subj}: Re: the deal\n\nLooks fine.\n"
    )
    spans = [_span(text, w, "PERSON") for w in (sep_word, frm, day, to, subj)]
    spans += [_span(text, f"{g[1]} {f[1]}", "PERSON"), _span(text, f"{g[0]} {f[0]}", "PERSON")]
    got = _found(text, spans)
    assert (f"{g[1]} {f[1]}", "PERSON") in got and (f"{g[0]} {f[0]}", "PERSON") in got, got
    left = {v for v, _ in got}
    assert not left & {sep_word, frm, day, to, subj}, got


def test_a_name_between_dashes_or_after_a_foreign_field_stays() -> None:
    g, f = _given(1, 3)[0], _family(1, 3)[0]
    text = f"----- {g} {f} -----\nVon: {g} {f}\nThe deal is done.\n"
    got = _found(text, [_span(text, f"{g} {f}", "PERSON"), _span(text, f"{g} {f}", "PERSON", 1)])
    assert got == [(f"{g} {f}", "PERSON"), (f"{g} {f}", "PERSON")]
