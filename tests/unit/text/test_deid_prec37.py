"""Mail-plumbing debris in a person's span, and words that name nobody (deid-prec37, issue 14; read on the dev
parts random_odd, random_even_a, minkov_read6 and cerec_a):

* a recipient list of Notes addresses wrapped by quoted-printable, where a given name ends the line with the soft
  break's "=" ("..., Timothy =" / "=20" / "Donley/HOU/EES@EES"): the person is the given name, without the "=" and
  the line end (the rewrite used to eat both, and the span matched no name);
* a Notes address whose office ends in a two-word domain ("Jeff Donahue/Enron Communications@Enron
  Communications"): the person is the name before the "/", the office and its domain no part of it;
* a drawn-out interjection ("Ahhhhhhh!", "Soooooo, tell", "SOOoo sorry!") the tagger typed a person: no name
  writes a letter four times in a row.

Negatives: the neighbours in the list stay persons (the wrapped surname, an address with a one-word office), a
name with a generation's numeral ("Williams III") or three letters in a row stays a person, a given name beside
an interjection stays a person. The list's spans are the structure rules' (the whole engine runs); the
interjections are planted as the tagger's (``run_rules``), so the model does not decide the outcome.
"""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, planted, run_rules, verbatim

from simulacra.text.engine import Deidentifier

_ENGINE = Deidentifier(None, ner="fast", seed=7)

_DOMAINS = ["Acme Energy", "Enron Communications", "Northwind Power", "Kestrel Gas"]
_OFFICES = ["HOU/ECT@ECT", "HOU/EES@EES", "Corp/Enron@ENRON", "NA/Enron@Enron"]


def _persons(text: str, r: object) -> list[str]:
    return [text[s.start : s.end] for s in r.spans if s.label == "PERSON"]  # type: ignore[attr-defined]


def _notes_list(seed: int, shape: int) -> tuple[str, list[str], list[str]]:
    g, f = given_names(5, seed + 20), family_names(5, seed + 20)
    office = _OFFICES[(seed + shape) % len(_OFFICES)]
    domain = _DOMAINS[(seed + shape) % len(_DOMAINS)]
    wrap = ["=\n=20\n", "=\n", " =\n=20\n"][shape % 3]
    first = f"{g[1]} {f[1]}/{domain}@{domain}" if shape < 3 else f"{g[1]} {f[1]}/Contractor/{domain}@{domain}"
    text = (
        f"From: {g[0]} {f[0]}\n=09=09 To: {first}, {g[2]} {wrap}{f[2]}/{office}, {g[3]} {f[3]}/{office}\n"
        f"Subject: volumes\n\nPlease send the volumes by Friday.=20\n\nThanks,\n{g[0]}\n"
    )
    return text, g, f


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(4))
def test_a_given_name_before_a_soft_break_is_the_person_without_the_break(seed: int, shape: int) -> None:
    text, g, f = _notes_list(seed, shape)
    r = _ENGINE.deidentify(text)
    found = _persons(text, r)
    assert g[2] in found, found  # the given name alone, not "Timothy =" with the line end
    assert not any(v.rstrip().endswith("=") for v in found), found
    assert not verbatim(g[2], r.text), r.text
    assert "=\n" in r.text.split("To:")[1].split("Subject:")[0], r.text  # the soft break is kept
    assert f[2] in found and f"{g[3]} {f[3]}" in found, found  # the wrapped surname, the next address


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(4))
def test_a_notes_domain_of_two_words_is_no_part_of_the_name(seed: int, shape: int) -> None:
    text, g, f = _notes_list(seed, shape)
    r = _ENGINE.deidentify(text)
    found = _persons(text, r)
    assert f"{g[1]} {f[1]}" in found, found
    assert not any("/" in v or "@" in v for v in found), found
    assert not verbatim(g[1], r.text) and not verbatim(f[1], r.text), r.text


@pytest.mark.parametrize("seed", range(3))
def test_a_one_word_office_is_cut_as_before(seed: int) -> None:
    g, f = given_names(2, seed + 40), family_names(2, seed + 40)
    text = f"=09=09 To: {g[0]} {f[0]}/HOU/ECT@ECT, {g[1]} {f[1]}/Acme@Acme\nSubject: x=20\n\nok\n"
    found = _persons(text, _ENGINE.deidentify(text))
    assert f"{g[0]} {f[0]}" in found and f"{g[1]} {f[1]}" in found, found


_DRAWN = ["Ahhhhhhhhh", "Soooooooo", "SOOoo", "Ughhhhh", "Yaaaaay", "Nooooo"]
_SHAPES = [
    "Hi {g},\n\n{w}! Ok-Ok. I will call you tonight.\n\n{h}\n",
    "> {w}, tell {g} I said hi.\n\n{h}\n",
    "{w} sorry! The file is attached, {g}.\n\n{h}\n",
]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("shape", range(len(_SHAPES)))
def test_a_drawn_out_interjection_is_no_person(seed: int, shape: int) -> None:
    g, h = given_names(2, seed + 60)
    w = _DRAWN[(seed * len(_SHAPES) + shape) % len(_DRAWN)]
    text = _SHAPES[shape].format(w=w, g=g, h=h)
    spans = sorted([planted(text, w, "PERSON"), planted(text, g, "PERSON")])
    found, out = run_rules(_ENGINE, text, spans)
    assert all(v != w for v, _ in found), found
    assert (g, "PERSON") in found, found  # the name beside it stays a person
    assert not verbatim(g, out) and verbatim(w, out), out


@pytest.mark.parametrize("value", ["Williams III", "Vangie McGillloway", "Leopold III", "Kilmer III"])
def test_three_letters_in_a_row_stay_a_person(value: str) -> None:
    text = f"I have already briefed {value} on this topic.\n\nThanks,\nAnn\n"
    found, out = run_rules(_ENGINE, text, [planted(text, value, "PERSON")])
    assert (value, "PERSON") in found, found
    assert not verbatim(value.split()[0], out), out
