"""``check_recognizer``: the Recognizer contract, run against any recognizer (shipped or third-party)."""

from __future__ import annotations

from collections.abc import Sequence

from simulacra.text.engine import Deidentifier
from simulacra.text.policy import ENTITY_TYPES
from simulacra.text.recognizers import Recognizer
from simulacra.text.spans import Span

__all__ = ["check_recognizer"]

_TEXTS = (
    "",
    " ",
    "Plain words with nothing to find, and punctuation: (a) [b] {c}.",
    "Ünïcödé, emoji 🙂 and CJK 漢字 before the end.\nA second line\twith a tab.",
)


def check_recognizer(recognizer: Recognizer, examples: Sequence[tuple[str, str, str]] = ()) -> None:
    """Raise AssertionError unless ``recognizer`` keeps the Recognizer contract.

    Checked: a non-empty ``name``; ``labels`` a non-empty frozenset of UPPER_SNAKE entity types;
    ``find(text)`` returns a list of ``Span`` inside the text, labelled with one of its labels, scored
    in [0, 1], the same list each time, on empty, blank, unicode and multi-line text; and each
    ``(text, entity, label)`` in ``examples`` is found exactly (``text[start:end] == entity``) with that
    label. Then, plugged into a ``Deidentifier`` with ``extra_recognizers=``: its labels are entity types
    a policy may name, the examples are found there too, and the name-finding model is still on.
    """
    name = getattr(recognizer, "name", "")
    assert isinstance(name, str) and name, f"{recognizer!r}: no name"
    labels = recognizer.labels
    assert isinstance(labels, frozenset) and labels, f"{name}: labels must be a non-empty frozenset, got {labels!r}"
    for label in labels:
        assert label.replace("_", "").isalnum() and label == label.upper(), (
            f"{name}: label {label!r} is not UPPER_SNAKE"
        )

    def found(text: str) -> list[Span]:
        spans = recognizer.find(text)
        assert isinstance(spans, list), f"{name}: find returned {type(spans).__name__}, not a list"
        for s in spans:
            assert isinstance(s, Span), f"{name}: find returned {s!r}, not a Span"
            assert 0 <= s.start < s.end <= len(text), f"{name}: span {s} outside a text of {len(text)} characters"
            assert s.label in labels, f"{name}: span label {s.label!r} not among its labels {sorted(labels)}"
            assert 0.0 <= s.score <= 1.0, f"{name}: score {s.score} not in [0, 1]"
        assert recognizer.find(text) == spans, f"{name}: find is not deterministic"
        return spans

    for text in (*_TEXTS, *(t for t, _, _ in examples)):
        found(text)
    assert found("") == [], f"{name}: found entities in the empty text"
    for text, entity, label in examples:
        hits = {(text[s.start : s.end], s.label) for s in found(text)}
        assert (entity, label) in hits, f"{name}: did not find {entity!r} as {label} in {text!r}; found {sorted(hits)}"

    engine = Deidentifier(extra_recognizers=[recognizer])
    assert labels <= set(engine.entity_types), f"{name}: its labels are not entity types of the de-identifier"
    assert set(labels - set(ENTITY_TYPES)) <= engine.labels, f"{name}: its new labels are not looked for"
    assert engine.ner is not None, f"{name}: adding the recognizer switched the name-finding model off"
    for text, entity, label in examples:
        spans = engine.analyze(text)
        assert any(text[s.start : s.end] == entity and s.label == label for s in spans), (
            f"{name}: the de-identifier did not find {entity!r} as {label} in {text!r} with the recognizer added"
        )
