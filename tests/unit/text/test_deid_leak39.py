"""Header debris that hid a person's name (deid-leak39, issue 14; read on the dev part minkov_read6): a lone given
name written before an office's room code in a meeting's subject (``... with Mike EB3328 (JB)``). The given name is
the person met, the code (``EB3328``, ``EB 3321``, ``ECN 4102``, ``EB3143C``) is the room and is kept as written.

Negatives: a code with no name before it (``Where: EB3143C``), an ordinary word before it (``Room EB3321``,
``Meeting EB 3270``, ``Street EB 3817``), a given name that is also a common word with no word tying a person to
the meeting before it, stay as they are.
"""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, verbatim

from simulacra.text import structure
from simulacra.text.engine import Deidentifier

_ENGINE = Deidentifier(None, ner="fast", seed=7)

_CODES = ["EB3328", "EB 3321", "ECN 4102", "EB3143C"]


def _persons(text: str, r: object) -> list[str]:
    return [text[s.start : s.end] for s in r.spans if s.label == "PERSON"]  # type: ignore[attr-defined]


def _meeting(seed: int, shape: int, given: str) -> tuple[str, str]:
    g, f = given_names(3, seed + 70), family_names(3, seed + 70)
    code = _CODES[(seed + shape) % len(_CODES)]
    subject = [
        f"Interview: {g[0]} {f[0]} VP candidate for Freight Markets with {given} {code} (JB)",
        f"Interview: {g[0]} {f[0]} VP candidate for Freight Markets with\n  {given} {code} (JB)",
        f"Mtg w/ {given} {code} - Budget Review",
        f"Lunch with {g[1]} {f[1]} and {given}\n   {code}",
    ][shape]
    text = (
        f"Message-ID: <{seed}{shape}.1072132234547.JavaMail.evans@thyme>\n"
        f"Date: Tue, 4 Sep 2001 13:45:24 -0700 (PDT)\n"
        f"From: {g[2].lower()}.{f[2].lower()}@enron.com\nSubject: {subject}\nMime-Version: 1.0\n\n"
        f"Please put this on the calendar.\n{g[2]}\n"
    )
    return text, code


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(4))
def test_a_given_name_before_an_office_code_is_the_person_met(seed: int, shape: int) -> None:
    given = ["Mike", "Rob", "Kay", "Sally", "Meghan", "Toni"][(seed + 2 * shape) % 6]
    text, code = _meeting(seed, shape, given)
    r = _ENGINE.deidentify(text)
    assert given in _persons(text, r), _persons(text, r)  # the name alone, not the code's letters with it
    assert not verbatim(given, r.text), r.text
    # the room's number is kept as written (its letters the tagger may still type a firm: not this rule's)
    assert code.split()[-1][-4:] in r.text.split("Subject:")[1], r.text
    assert all(code not in p and code.split()[0] not in p.split() for p in _persons(text, r))


@pytest.mark.parametrize("seed", range(3))
def test_the_rule_gives_the_name_only(seed: int) -> None:
    text, _ = _meeting(seed, 0, "Mike")
    found = [text[s.start : s.end] for s in structure.structural_spans(text) if s.source == "structure.office_code"]
    assert found == ["Mike"]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(
    "subject",
    [
        "Where: {code}",
        "Origination Staff Meeting {code}",
        "Approval Meeting - Room {code}",
        "Invoices to 1400 Smith Street {code}",
        "Risk Management {code} update",
        "{code}:  Global Compensation",
    ],
)
def test_a_code_with_no_given_name_before_it_gives_no_person(seed: int, subject: str) -> None:
    code = _CODES[seed % len(_CODES)]
    text = f"Date: Tue, 4 Sep 2001 13:45:24 -0700 (PDT)\nSubject: {subject.format(code=code)}\n\nSee you there.\n"
    assert not [s for s in structure.structural_spans(text) if s.source == "structure.office_code"]
    r = _ENGINE.deidentify(text)
    assert not [p for p in _persons(text, r) if code.split()[0] in p], _persons(text, r)


@pytest.mark.parametrize("word", ["Will", "May", "Mark"])
def test_a_common_word_that_is_a_given_name_needs_a_meeting_word(word: str) -> None:
    text = f"Subject: Budget {word} EB3321 notes\n\nSee you there.\n"
    assert not [s for s in structure.structural_spans(text) if s.source == "structure.office_code"]
    text = f"Subject: Budget review with {word} EB3321\n\nSee you there.\n"
    found = [text[s.start : s.end] for s in structure.structural_spans(text) if s.source == "structure.office_code"]
    assert found == [word]
