"""A thing's title-case name the tagger cut short is no person (deid61, issue 14; read on the dev parts'
subject lines: ``Bazor Ridge Gas Plant``, ``Guggenheim Event``, ``Dabhol LNG Monthly Progress Report``).

The tagger types the opening words of a place's, a plant's or an event's name a person, and the run of capitalised
words goes on after its span to a head noun (``Yard``, ``Plant``, ``Study``, ``Event``). Planted here in generated
e-mail (``corpus.synthetic_documents``' threads, their own people labelled) on the subject line and on a notice
line of the body, with made-up place words, several head nouns, positions and seeds: the thing's words are in no
person span, the message's persons are those it has without the thing, and every labelled person of the generated
message that was rewritten without the thing is rewritten with it.

Negatives: a person's name before a head noun (``Ken Lay Meeting``: a given name opens it; ``Meeting with Mr.
Hoffman``), and the rule's own test of the given name and of a run that ends in no head noun.
"""

from __future__ import annotations

import re

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, verbatim

from simulacra.text.corpus import synthetic_documents
from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span

_ENGINE = Deidentifier(None, ner="fast", seed=7)

# made-up words of a place's or a works' name (no name list, no dictionary knows them), then the head's run
_PLACES = ["Bazor", "Dabhol", "Trigen", "Kelvado", "Murtagh", "Oxbrine"]
_RUNS = ["Ridge Gas Plant", "LNG Monthly Progress Report", "Event", "Navy Yard", "Case Study", "Field Project"]


def _message(seed: int) -> tuple[str, list[tuple[int, int]]]:
    doc = next(iter(synthetic_documents(1, seed=seed, kinds=("email_thread",))))
    return doc.text, [(s.start, s.end) for s in doc.spans if s.label == "PERSON"]


def _plant(seed: int, shape: int, plain: bool = False) -> tuple[str, str, list[str]]:
    """A generated thread with a thing's name on its subject line (shape 0, 1) or a notice line (shape 2, 3); the
    text, the thing's name, and the generated people's words. ``plain``: the same message with a plain word
    (``budget``) where the thing's name stands."""
    text, people = _message(seed)
    thing = "budget" if plain else f"{_PLACES[(seed + shape) % len(_PLACES)]} {_RUNS[(2 * seed + shape) % len(_RUNS)]}"
    names = sorted({w for a, b in people for w in re.findall(r"\w{2,}", text[a:b])})
    subject = re.search(r"(?m)^Subject: .*$", text)
    assert subject is not None
    if shape == 0:
        line = f"Subject: {thing}"
    elif shape == 1:
        line = f"Subject: Re: {thing} - approval needed"
    else:
        line = subject.group()
    text = text[: subject.start()] + line + text[subject.end() :]
    if shape >= 2:
        body = text.index("\n\n") + 2
        note = f"Update on the {thing} below.\n\n" if shape == 2 else f"{thing}\n\n"
        text = text[:body] + note + text[body:]
    return text, thing, names


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("shape", range(4))
def test_a_things_name_cut_short_is_no_person(seed: int, shape: int) -> None:
    text, thing, names = _plant(seed, shape)
    r = _ENGINE.deidentify(text)
    at = text.index(thing)
    persons = [
        text[s.start : s.end] for s in r.spans if s.label == "PERSON" and s.start < at + len(thing) and at < s.end
    ]
    assert not persons, (thing, persons)  # no false person from the thing's words
    # and none anywhere else: the message's persons are those of the same message without the thing
    base, _, _ = _plant(seed, shape, plain=True)
    before = sorted(base[s.start : s.end] for s in _ENGINE.deidentify(base).spans if s.label == "PERSON")
    after = sorted(text[s.start : s.end] for s in r.spans if s.label == "PERSON")
    assert after == before, (thing, after, before)


@pytest.mark.parametrize("seed", range(6))
def test_the_generated_people_are_still_rewritten(seed: int) -> None:
    text, _, names = _plant(seed, seed % 4)
    base, _, _ = _plant(seed, seed % 4, plain=True)
    r0, r = _ENGINE.deidentify(base), _ENGINE.deidentify(text)
    # the planted thing changes no person's fate: what the unplanted message rewrote is rewritten here too
    for w in names:
        if not verbatim(w, r0.text):
            assert not verbatim(w, r.text), (w, r.text)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("noun", ["Meeting", "Report", "Event"])
def test_a_given_name_before_a_head_noun_stays_a_person(seed: int, noun: str) -> None:
    g, f = given_names(2, seed + 61), family_names(2, seed + 61)
    text = f"Subject: {g[0]} {f[0]} {noun}\n\nPlease see the note from {g[0]} {f[0]} below.\n\nThanks,\n{g[1]}\n"
    r = _ENGINE.deidentify(text)
    assert not verbatim(f[0], r.text) and not verbatim(g[0], r.text), r.text
    first = [s for s in r.spans if s.start == text.index(g[0])]
    assert first and first[0].label == "PERSON", [(text[s.start : s.end], s.label) for s in r.spans]


@pytest.mark.parametrize("seed", range(3))
def test_the_rule_asks_a_head_noun_and_no_given_name(seed: int) -> None:
    from simulacra.text.business_nouns import (
        _cut_from_thing,
    )  # the rule's own test (here, not at import: main lacks it)

    g, f = given_names(1, seed + 7), family_names(1, seed + 7)
    cases = {
        "Subject: Kelvado Ridge Gas Plant": ("Kelvado Ridge", True),
        "Subject: Kelvado Ridge gas plant": ("Kelvado Ridge", False),  # the run stops at a lowercase word
        "Subject: Kelvado Ridge Gas Prices": ("Kelvado Ridge", False),  # no head noun ends it
        f"Subject: {g[0]} {f[0]} Project": (f"{g[0]} {f[0]}", False),  # a given name opens it
        f"Subject: {f[0]} Event": (f"{f[0]} Event", True),  # the tagger took the head in
    }
    for text, (value, cut) in cases.items():
        a = text.index(value)
        s = Span(a, a + len(value), "PERSON", 0.6, "ner")
        assert _cut_from_thing(text, s, value.split()) is cut, text
