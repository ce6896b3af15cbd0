"""The NER gate: which sentences the model reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from simulacra.text.corpus import synthetic_documents
from simulacra.text.ner_gate import name_regions


def regions(text: str) -> list[str]:
    return [text[a:b] for a, b in name_regions(text)]


def test_plain_sentences_are_skipped_and_named_ones_read() -> None:
    text = "The printer jams again. I restarted it twice.\nThen Alice Moreau called from Lyon. It works now."
    assert regions(text) == ["Then Alice Moreau called from Lyon."]


def test_neighbouring_name_sentences_are_read_together() -> None:
    text = "Bob Hale wrote. Kim Ode replied.\nNothing else happened."
    assert regions(text) == ["Bob Hale wrote. Kim Ode replied."]


def test_lowercase_chat_with_a_known_name_or_place_is_read() -> None:
    assert regions("hey priya are u coming tonight") == ["hey priya are u coming tonight"]
    assert regions("just landed in amman , heading out") == ["just landed in amman , heading out"]
    assert regions("ok see you at noon") == []


def test_no_labelled_entity_of_the_synthetic_corpus_is_skipped() -> None:
    for doc in synthetic_documents(400, seed=3):
        covered = name_regions(doc.text)
        for s in doc.spans:
            assert any(a <= s.start and s.end <= b for a, b in covered), (doc.text[s.start : s.end], doc.kind)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB. \n!?Ij")), max_size=60))
def test_regions_are_ordered_disjoint_and_inside(text: str) -> None:
    out = name_regions(text)
    assert all(0 <= a < b <= len(text) for a, b in out)
    assert all(p[1] <= q[0] for p, q in zip(out, out[1:]))
