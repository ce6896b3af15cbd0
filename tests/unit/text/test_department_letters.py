"""A department's letters before a unit word are no place: "dr. helen brooks from our QA team" became "from our
FRANKFORT team" (QA is Qatar's code, and the tagger typed it a place). Planted: department letters no place list
knows, with the unit words after them, in sentences of their own; places written as letters stay places."""

from __future__ import annotations

import itertools

import pytest

from simulacra.text.engine import Deidentifier

_LETTERS = ["QA", "BI", "UX", "CS", "QE", "SRE", "HR", "IT"]
_UNITS = ["team", "department", "lead", "engineers", "review", "group"]
_FRAMES = [
    "Please loop in our {a} {u} before Friday.",
    "Ann Moss from the {a} {u} asked too.",
    "ok, the {a} {u} signed off",
]


@pytest.mark.parametrize(("letters", "unit"), list(itertools.product(_LETTERS, _UNITS))[::3])
def test_department_letters_before_a_unit_word_are_kept(letters: str, unit: str) -> None:
    d = Deidentifier(seed=3)
    for frame in _FRAMES:
        text = frame.format(a=letters, u=unit)
        spans = d.analyze(text)
        assert not any(text[s.start : s.end] == letters for s in spans), (text, spans)
        assert f"{letters} {unit}" in d.deidentify(text).text


@pytest.mark.parametrize("place", ["NY", "TX", "LA", "UK", "DC"])
def test_places_written_as_letters_before_a_unit_word_stay_places(place: str) -> None:
    d = Deidentifier(seed=3)
    text = f"Ann Moss from our {place} team in Houston asked too."
    out = d.deidentify(text).text
    # whatever the tagger makes of the letters, this rule does not keep a place it knows
    from simulacra.text.ner_cleanup import _unit_acronym
    from simulacra.text.ner_cleanup import lexicons as _lexicons

    assert not _unit_acronym(text, text.index(place), text.index(place) + len(place), place.lower(), _lexicons()[2])
    assert "Ann Moss" not in out
