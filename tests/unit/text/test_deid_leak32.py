"""Issue 14, leak32: three classes of real person tokens left verbatim in de-identified e-mail.

* a found name's English word at a mention only a name fills: its possessive ("Deanna and Will" ... "Will's
  pictures") or a sign-off glued to a dash that opens the line ("-Joe Step" ... "-Step");
* the display name that copies its own address's local part ("dana_holt <dana_holt@acme.example>"): the
  address was rewritten, the copy beside it stayed;
* the surname the message's address spells after a found given name at a sentence's end ("call me or
  Smith Day." beside smith.day@enron.com): the point after it was taken for a domain's.

Each is planted in generated mail (pool names, several seeds and shapes) beside negatives.
"""

from __future__ import annotations

import re

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, planted, run_rules, verbatim

from simulacra.text.engine import Deidentifier
from simulacra.text.structure import _dictionary, _known_name

ENGINE = Deidentifier(None, ner=None)
SEEDS = (0, 1, 2, 3)

# names that are English words no name list knows: the spread of a found name's words leaves them alone
_WORD_NAMES = [
    w for w in "Will Step Chance Hope Stone Day Light Spring".split() if _dictionary(w) and not _known_name(w)
]


def test_word_names_available() -> None:
    assert len(_WORD_NAMES) >= 4, _WORD_NAMES


def _words(seed: int) -> list[str]:
    return (_WORD_NAMES[seed % len(_WORD_NAMES) :] + _WORD_NAMES)[:2]


# --- a found name's English word at a possessive or a dash-glued sign-off -------------------------------------


def _possessive_shapes(g: str, w: str) -> list[tuple[str, str, str]]:
    """(text, the found mention, its source) with a possessive mention of ``w`` elsewhere."""
    return [
        (f"To: {g} {w}; Ann Lee\n\nHere are {w}'s six month pictures!\n", f"{g} {w}", "structure"),
        (f"Thanks for the talk with {g} {w}, but he is out.\nI think {w}’s draft is the latest.\n", f"{g} {w}", "ner"),
        (f"Cc: {g} {w}\n\nThe numbers are in {w}'s spreadsheet.\n", f"{g} {w}", "structure"),
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_possessive_of_a_found_names_word_is_the_person(seed: int) -> None:
    g = given_names(1, seed)[0]
    for w in _words(seed):
        for text, value, source in _possessive_shapes(g, w):
            spans = [planted(text, value, "PERSON", nth=text.count(value) - 1, source=source)]
            kept, out = run_rules(ENGINE, text, spans)
            assert not verbatim(w, out), (text, kept, out)


@pytest.mark.parametrize("seed", SEEDS)
def test_signoff_glued_to_a_line_opening_dash_is_the_person(seed: int) -> None:
    g, g2 = given_names(2, seed)
    s2 = family_names(1, seed)[0]
    for w in _words(seed):
        for text in (
            f"Thanks for the talk with {g} {w}, but he is out of town today.\n\n-{w}\n",
            f'I called {g} {w}, no answer.\n\n-{w} "{g2} {s2} " <x{seed}@bracepatt.com> on 11/28/2000\n',
            f"Thanks for the talk with {g} {w}.\n\n> see below\n> --{w}\n",
        ):
            kept, out = run_rules(ENGINE, text, [planted(text, f"{g} {w}", "PERSON")])
            assert not verbatim(w, out), (text, kept, out)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_word_elsewhere_stays_a_word(seed: int) -> None:
    """Negatives: the English word at a sentence's start, in a bullet after a spaced dash, glued to a dash inside a
    line, or the possessive of a word no found name holds."""
    g = given_names(1, seed)[0]
    for w in _words(seed):
        text = f"Cc: {g} {w}\n\n{w} 1 is done.\n- {w} 2 follows\nsee item 3-{w}\nThe Board's vote is in.\n"
        kept, out = run_rules(ENGINE, text, [planted(text, f"{g} {w}", "PERSON", source="structure")])
        assert f"\n\n{w} 1 is done.\n- {w} 2 follows\nsee item 3-{w}\nThe Board's vote" in out, (text, kept, out)


# --- a display name that copies its own address's local part ----------------------------------------------------


def _handles(seed: int) -> list[str]:
    g, s = given_names(1, seed)[0].lower(), family_names(1, seed)[0].lower()
    return [f"{g}_{s}", f"{g}.{s}", f"{g[0]}{s}", f"{s}{seed}"]


@pytest.mark.parametrize("seed", SEEDS)
def test_display_name_copying_the_local_part_is_rewritten_with_it(seed: int) -> None:
    g2, s2 = given_names(2, seed)[1], family_names(2, seed)[1]
    for h in _handles(seed):
        for text in (
            f'To: {g2} {s2} <{g2.lower()}@acme.com>, {h} <{h}@acme.example>, "x" <y@z.com>\nSubject: hi\n\nHello\n',
            f'Cc: "{h}" \n<{h}@gov.ab.ca>\nSubject: hi\n\nHello {h}, see below.\n',
            f"> To: {h.upper() if seed % 2 else h} <{h}@mail.net>; {g2} <{g2.lower()}@acme.com>\n",
        ):
            out = ENGINE.deidentify(text).text
            assert not re.search(r"(?<![\w.])" + re.escape(h) + r"(?![\w])", out, re.IGNORECASE), (text, out)
            # the copy takes the address's new local part
            m = re.search(r"(?<![\w.])([\w.]+)\"?[ \t]*\n?[ \t]*<\1@", out, re.IGNORECASE)
            assert m is not None and m.group(1).lower() != h.lower(), (text, out)


@pytest.mark.parametrize("seed", SEEDS)
def test_display_name_that_is_no_copy_is_left(seed: int) -> None:
    """Negatives: a surname ending a full display name, a role's mailbox, a name that differs from its address,
    an English-word handle's other uses in the body."""
    g, s = given_names(1, seed)[0], family_names(1, seed)[0]
    text = (
        f"To: {g} {s} <{s.lower()}@x.com>, Administrator <administrator@x.com>, Sales <info@x.com>, "
        f"power <power@x.com>\nSubject: hi\n\nThe power is out.\n"
    )
    found = ENGINE.analyze(text)
    kept = [(text[x.start : x.end], x.label) for x in found]
    out = ENGINE.deidentify(text).text
    assert ("Administrator", "USERNAME") not in kept and ("Sales", "USERNAME") not in kept, kept
    assert (s, "USERNAME") not in kept, kept
    assert "Administrator <" in out and "Sales <" in out and "The power is out." in out, out


# --- the address's surname after a found given name at a sentence's end ---------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_address_surname_ending_a_sentence_is_taken(seed: int) -> None:
    g = given_names(1, seed)[0]
    for w in [*_words(seed), family_names(1, seed)[0]]:
        addr = f"{g.lower()}.{w.lower()}@enron.com"
        for end in (".", ". Thanks.", "!", "?"):
            text = f"Cc: a.b@enron.com, {addr}\n\nMark,\n\nIf you have any questions, call me or {g} {w}{end}\n"
            # the given name is the message's own rules' (the address spells it), as in mail the tagger missed
            kept, out = run_rules(ENGINE, text, [planted(text, "a.b@enron.com", "EMAIL"), planted(text, addr, "EMAIL")])
            assert (f"{g} {w}", "PERSON") in kept, (text, kept)
            assert not verbatim(w, out), (text, out)


@pytest.mark.parametrize("seed", SEEDS)
def test_word_running_into_a_domain_is_left(seed: int) -> None:
    """Negative: the word runs on into a domain ("See Jackie Day.com"), though the address spells the pair."""
    g = given_names(1, seed)[0]
    for w in _words(seed):
        text = f"Cc: {g.lower()}.{w.lower()}@enron.com\n\nSee {g} {w}.com for it.\n"
        kept, _ = run_rules(ENGINE, text, [planted(text, f"{g.lower()}.{w.lower()}@enron.com", "EMAIL")])
        assert (f"{g} {w}", "PERSON") not in kept, (text, kept)
