"""Notes planted in generated e-mail for the rule tests of deid92 (soft line ends, wrapped places): a seed's
message of ``corpus.synthetic_documents``' threads, a note as its body's first paragraph, the persons the engine
finds, and the check that a planted stretch holds none while the message's other persons stay as they were."""

from __future__ import annotations

from functools import lru_cache

from tests.unit.text.email_name_helpers import insert_note

from simulacra.text.corpus import synthetic_documents
from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span

ENGINE = Deidentifier(None, ner="fast", seed=7)


@lru_cache(maxsize=8)
def message(seed: int) -> str:
    """The seed's generated e-mail thread."""
    return next(iter(synthetic_documents(1, seed=seed, kinds=("email_thread",)))).text


def persons(text: str) -> list[Span]:
    """The person spans the engine finds in ``text``."""
    return [s for s in ENGINE.analyze(text) if s.label == "PERSON"]


@lru_cache(maxsize=8)
def base_persons(seed: int) -> tuple[str, ...]:
    """The persons of the seed's message as generated, sorted."""
    base = message(seed)
    return tuple(sorted(base[s.start : s.end] for s in persons(base)))


def plant(seed: int, note: str) -> tuple[str, int]:
    """The seed's message with ``note`` as its body's first paragraph, and where the note starts."""
    text = insert_note(message(seed), note)
    return text, text.index(note)


def assert_no_person_over(seed: int, note: str, text: str, lo: int, hi: int) -> None:
    """No person span of ``text`` (the seed's message with ``note`` planted) overlaps ``[lo, hi)``, and the persons
    outside the note are the message's own."""
    start = text.index(note)
    found = persons(text)
    assert not [text[s.start : s.end] for s in found if s.start < hi and lo < s.end], note
    others = sorted(text[s.start : s.end] for s in found if not start <= s.start < start + len(note))
    assert tuple(others) == base_persons(seed), note


def person_at(seed: int, note: str, word: str) -> bool:
    """Whether a person span of the seed's message with ``note`` planted covers the first ``word`` of the note."""
    text, start = plant(seed, note)
    at = start + note.index(word)
    return any(s.start <= at < s.end for s in persons(text))


def at(text: str, value: str, label: str = "PERSON") -> Span:
    """A span over the first ``value`` of ``text``, as the tagger would give it."""
    a = text.index(value)
    return Span(a, a + len(value), label, source="ner")
