"""A person's span without what is no part of the name, and a glued-capitals programme no person
(deid-email20, issue 14).

Classes of false person spans on e-mail, each planted with names drawn by seed from a pool written here:

* a name wrapped over a quoted-printable line end (``Anne =20`` / ``Lee/HOU/ECT``): cut at the escape into
  two persons, never one span across it; a plain line end keeps the name whole;
* a possessive (``per Osman's request``) or a list item's closing quote (``'Kathy Ridley';``) after the name;
* post-nominal letters after a comma (``Ann Lee, CPA``, ``Rob Roe, Jr.``); not a ``Last, First`` pair;
* a job title and what follows it after a full name on a signature line (``Ann Lee President, Acme``);
* a one-word mailbox or programme a person span of the message writes in glued capitals of dictionary words
  (``ClickAtHome@ACME``, ``the ClickAtHome Team``): retyped, still rewritten; ``JoAnnSmith`` stays a person.
"""

from __future__ import annotations

import random

import pytest

from simulacra.text.engine import Deidentifier
from simulacra.text.person_edges import glued_thing_words, narrow_people, narrow_person
from simulacra.text.spans import Span
from simulacra.text.structure import detection_view

SEEDS = [1, 2, 3, 4, 5]
GIVEN = ["Anne", "Robert", "Maria", "Kyle", "Harold", "Debra", "Allan", "Norma", "Felix", "Irene"]
FAMILY = ["Mendoza", "Whitfield", "Okafor", "Brennan", "Lindqvist", "Castellano", "Pruitt", "Haverford"]


@pytest.fixture(scope="module")
def engine() -> Deidentifier:
    return Deidentifier(None, ner="fast")


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(GIVEN), rng.choice(FAMILY)


def _people(engine: Deidentifier, text: str) -> list[str]:
    return [text[s.start : s.end] for s in engine.analyze(text) if s.label == "PERSON"]


def _span(text: str, value: str, source: str = "structure") -> Span:
    a = text.index(value)
    return Span(a, a + len(value), "PERSON", 0.9, source)


# --- a quoted-printable line end inside a name ------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("escape", ["=20", "=", " =20", "=09"])
def test_a_name_wrapped_at_an_escaped_line_end_is_two_persons(engine: Deidentifier, seed: int, escape: str) -> None:
    rng = random.Random(seed)
    (g1, f1), (g2, f2), (g3, f3) = _person(rng), _person(rng), _person(rng)
    pad = " " if escape.startswith("=") and escape != "=" else ""
    text = (
        f"From: {g1} {f1}\n"
        f"To: {g1} {f1}/HOU/ECT@ECT, Tom Brady/LON/ECT@ECT, {g2}{pad}{escape}\n"
        f"{f2}/HOU/ECT@ECT, {g3} {f3}/LON/ECT@ECT\n"
        "Subject: budget=20\n\nPlease see the attached=20\nfile.\n"
    )
    people = _people(engine, text)
    assert not [p for p in people if "\n" in p], people
    assert g2 in people and f2 in people, people


def test_the_split_reads_the_escape_in_the_raw_text_not_the_view() -> None:
    raw = "To: Tom Brady/HOU/ECT@ECT, Norma =20\nPruitt/HOU/ECT@ECT\nok=20 =20\n"
    view = detection_view(raw)
    assert "=" not in view[: view.index("Pruitt")]
    s = _span(raw, "Norma =20\nPruitt")
    assert [view[p.start : p.end] for p in narrow_person(view, s, raw)] == ["Norma", "Pruitt"]
    assert narrow_person(view, s) == [s]  # without the raw text the blanked escape is a plain line end


@pytest.mark.parametrize("seed", SEEDS)
def test_a_name_wrapped_at_a_plain_line_end_stays_whole(seed: int) -> None:
    rng = random.Random(seed)
    g, f = _person(rng)
    for text in (f"He met {g}\n{f} today.", f"To: 'Dave Roe'; '{g}\n{f}'", f"cc: {g}  \n{f}"):
        s = _span(text, f"{g}\n{f}" if f"{g}\n" in text else f"{g}  \n{f}")
        assert narrow_person(text, s) == [s]


def test_a_trailing_escape_is_cut() -> None:
    text = "To: Jeff Roe/HOU/ECT@ECT, Timothy =\n"
    s = _span(text, "Timothy =")
    assert [text[p.start : p.end] for p in narrow_person(text, s)] == ["Timothy"]


# --- a possessive, a closing quote ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mark", ["'s", "’s"])
def test_a_possessive_is_no_part_of_the_name(seed: int, mark: str) -> None:
    rng = random.Random(seed)
    g, f = _person(rng)
    for name in (f, f"{g} {f}"):
        text = f"This meeting is per {name}{mark} x39392 request."
        s = _span(text, f"{name}{mark}")
        assert [text[p.start : p.end] for p in narrow_person(text, s)] == [name]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_closing_quote_is_no_part_of_the_name(seed: int) -> None:
    rng = random.Random(seed)
    g, f = _person(rng)
    text = f"To: 'Dave Roe'; '{g} {f}'; '{g}\n{f}'"
    one, two = _span(text, f"{g} {f}'"), _span(text, f"{g}\n{f}'")
    assert [text[p.start : p.end] for p in narrow_people(text, [one, two])] == [f"{g} {f}", f"{g}\n{f}"]


def test_an_apostrophe_inside_a_name_stays() -> None:
    for name in ("Tim O'Rourke", "D'Angelo Russo", "Shaquille O’Neal"):
        text = f"Ask {name} today"
        s = _span(text, name)
        assert narrow_person(text, s) == [s]


# --- post-nominal letters, a job title -------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("letters", ["Esq.", "Esq", "CPA", "CPS", "Jr.", "PhD", "Ph.D.", "M.D.", "MBA"])
def test_post_nominal_letters_after_a_comma_are_cut(seed: int, letters: str) -> None:
    rng = random.Random(seed)
    g, f = _person(rng)
    name = f"{g} {rng.choice('ABCDEFGH')}. {f}" if seed % 2 else f"{g} {f}"
    text = f"Regards,\n{name}, {letters}\nSenior Counsel"
    s = _span(text, f"{name}, {letters}")
    assert [text[p.start : p.end] for p in narrow_person(text, s)] == [name]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_last_first_pair_is_not_cut(seed: int) -> None:
    rng = random.Random(seed)
    g, f = _person(rng)
    for value in (f"{f}, {g}", f"{f}, Jr.", f"{f}, {g} R.", "Mendoza, MD"):
        text = f"To: {value}; Roe, Tom"
        s = _span(text, value)
        assert narrow_person(text, s) == [s], value


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("role", ["President", "Vice President", "Director", "Managing Director", "CFO"])
def test_a_job_title_after_a_full_name_is_cut(seed: int, role: str) -> None:
    rng = random.Random(seed)
    g, f = _person(rng)
    text = f"{g} {f} {role}, Creekside Builders, LLC"
    s = Span(0, len(f"{g} {f} {role}, Creekside Bui"), "PERSON", 0.9, "structure")
    assert [text[p.start : p.end] for p in narrow_person(text, s)] == [f"{g} {f}"]


def test_a_role_word_needs_a_full_name_before_it_and_a_known_name_is_kept() -> None:
    for value in ("Chief Director", "Ann President", "Mary Ann Lee", "Juan Carlos De La Rosa"):
        text = f"Hello {value} here"
        s = _span(text, value)
        assert narrow_person(text, s) == [s], value


# --- glued capitals -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["ClickAtHome", "WorkFromHome", "PayAtOnce", "BuyItNow"])
def test_a_glued_programme_mailbox_is_no_person(engine: Deidentifier, word: str) -> None:
    text = (
        f"Sent by: {word}@ACME\nTo: {word}@ACME\nSubject: your order\n\n"
        f"The {word} Team has received an invoice for your {word} computer.\n"
        f"Please reply to {word.lower()}@acme.com.\n\n{word} Team!\n"
    )
    assert word.lower() in glued_thing_words(text, [_span(text, word)])
    people = _people(engine, text)
    assert not [p for p in people if p.lower() == word.lower()], people
    out = engine.deidentify(text).text
    assert f"{word}@ACME" not in out  # still rewritten (as an organisation)


@pytest.mark.parametrize("word", ["JoAnnSmith", "MaryAnnLee", "McDonald", "DeAnnRoe", "LaToyaJones"])
def test_glued_names_are_not_things(word: str) -> None:
    text = f"From: {word}@ACME\nSee {word} today."
    assert glued_thing_words(text, [_span(text, word)]) == frozenset()
