"""A lone given name after a message's "from" is its sender, not a place (deid64, issue 14; read on the dev parts'
misses: ``E-mail from Sharron 9/12/01.``, ``e-mail from Tina 10/16/01`` typed LOCATION).

The fast tagger reads "from" as a place's preposition and types the lone given name after it LOCATION or
ORGANIZATION ("Got an e-mail from Katherine", "a note from Jennifer": 25 of 40 generated given names in five
shapes on main).
A message, a call or word comes from someone, so a known given name there (no place, no frequent word) is a person.

Planted in generated e-mail (``corpus.synthetic_documents``' threads) as the body's first paragraph, in six shapes
and six seeds, given names drawn from the surrogate pool's known ones. Each asserts the planted name is one person
span, the message's other persons unchanged, and the name not left verbatim. Negatives: a known place or a firm
after the same "from", and a town after a "from" with no message before it, are no persons.
"""

from __future__ import annotations

import re

import pytest
from tests.unit.text.email_name_helpers import given_names, insert_note, verbatim

from simulacra.text.corpus import synthetic_documents
from simulacra.text.engine import Deidentifier
from simulacra.text.person_context import person_by_context
from simulacra.text.spans import Span

_ENGINE = Deidentifier(None, ner="fast", seed=7)
_SHAPES = (
    "Got an e-mail from {g} on 10/16/01 about the Gas Daily deals.",
    "E-mail from {g} 9/12/01.",
    "There is a voicemail from {g} about the transport contract.",
    "I have a note from {g} on the budget, see below.",
    "Per the message from {g} yesterday, the meeting moved to 3:00.",
    "We heard from {g} this morning: the deal is done.",
)


def _message(seed: int) -> str:
    return next(iter(synthetic_documents(1, seed=seed, kinds=("email_thread",)))).text


def _persons(text: str, skip: tuple[int, int] | None = None) -> list[str]:
    """The person spans' values, less any over ``skip``."""
    spans = [s for s in _ENGINE.deidentify(text).spans if s.label == "PERSON"]
    if skip is not None:
        spans = [s for s in spans if not (s.start < skip[1] and skip[0] < s.end)]
    return sorted(text[s.start : s.end] for s in spans)


def _given(seed: int, shape: int, base: str) -> str:
    """A known given name that the generated message does not hold already."""
    return next(g for g in given_names(12, 640 + 7 * seed + shape) if not re.search(rf"\b{g}\b", base))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("shape", range(len(_SHAPES)))
def test_a_lone_given_name_after_a_messages_from_is_a_person(seed: int, shape: int) -> None:
    base = _message(seed)
    g = _given(seed, shape, base)
    note = _SHAPES[shape].format(g=g)
    text = insert_note(base, note)
    at = text.index(note) + note.index(g)
    r = _ENGINE.deidentify(text)
    over = [(text[s.start : s.end], s.label) for s in r.spans if s.start < at + len(g) and at < s.end]
    assert over == [(g, "PERSON")], (note, over)
    assert _persons(text, (at, at + len(g))) == _persons(base), note  # no person lost or added elsewhere
    assert not verbatim(g, r.text), (g, r.text)


@pytest.mark.parametrize("place", ["Austin", "Dallas", "Houston", "Virginia"])
@pytest.mark.parametrize("lead", ["I got a call from", "We had word from", "Note from"])
def test_a_place_or_firm_after_a_messages_from_is_no_person(lead: str, place: str) -> None:
    for name in (place, "Enron"):
        text = f"Subject: update\n\n{lead} {name} about the deal this morning.\n\nThanks,\nJoe\n"
        at = text.index(f" {name} ") + 1
        r = _ENGINE.deidentify(text)
        over = [(text[s.start : s.end], s.label) for s in r.spans if s.start < at + len(name) and at < s.end]
        assert all(label != "PERSON" for _, label in over), (text, over)


@pytest.mark.parametrize("seed", range(3))
def test_the_rules_own_tests(seed: int) -> None:
    g = given_names(1, seed + 64)[0]

    def retyped(text: str, value: str, label: str) -> str | None:
        i = text.index(value)
        out = person_by_context(text, Span(i, i + len(value), label, 0.6, "ner"))
        return None if out is None else "+".join(f"{text[s.start : s.end]}:{s.label}" for s in out)

    for label in ("LOCATION", "ORGANIZATION"):
        assert retyped(f"Got an e-mail from {g} today", g, label) == f"{g}:PERSON"
        assert retyped(f"E-MAIL FROM {g} 9/12/01", g, label) == f"{g}:PERSON"
        assert retyped(f"two voice mails from {g}", g, label) == f"{g}:PERSON"
        assert retyped(f"we heard from {g}", g, label) == f"{g}:PERSON"
        assert retyped("an e-mail from Austin", "Austin", label) is None  # a known place
        assert retyped(f"e-mail from the {g}", g, label) is None  # not right after "from"
    assert retyped(f"She moved here from {g} last year", g, "LOCATION") is None  # no message before "from"
