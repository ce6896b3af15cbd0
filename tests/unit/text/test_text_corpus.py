"""The synthetic training corpus: seeded, labels known by construction, every document family present."""

from __future__ import annotations

from simulacra.text.corpus import DOCUMENT_KINDS, synthetic_documents


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    a = list(synthetic_documents(60, seed=5))
    assert a == list(synthetic_documents(60, seed=5))
    assert a != list(synthetic_documents(60, seed=6))


def test_spans_point_at_trimmed_entity_text() -> None:
    docs = list(synthetic_documents(400, seed=1))
    assert {d.kind for d in docs} == set(DOCUMENT_KINDS)
    labels = set()
    for d in docs:
        for s in d.spans:
            value = d.text[s.start : s.end]
            assert value and value == value.strip()
            labels.add(s.label)
        assert all(a.end <= b.start for a, b in zip(d.spans, d.spans[1:]))
    assert labels == {"PERSON", "ORGANIZATION", "LOCATION"}


def test_negative_evidence_is_unlabelled() -> None:
    docs = list(synthetic_documents(300, seed=2))
    labelled = {d.text[s.start : s.end] for d in docs for s in d.spans}
    for word in ("Monday", "Friday", "January", "President", "Patient"):
        assert word not in labelled
    assert any(d.text.isupper() is False and any(line.isupper() for line in d.text.splitlines()) for d in docs)
