"""Properties of text de-identification: spans in bounds and disjoint, rewriting keeps structure."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from simulacra.text import Deidentifier
from simulacra.text.policy import ENTITY_TYPES
from simulacra.text.recognizers import default_recognizers
from simulacra.text.spans import Span, resolve

# structured values: found by the pattern recognizers alone, deterministically
VALUES = {
    "EMAIL": st.sampled_from(["alice.smith@corp.com", "j.doe@example.org", "bob77@mail.example.net"]),
    "PHONE": st.sampled_from(["+1 (415) 555-0132", "+44 20 7946 0958", "(212) 555-0147"]),
    "CREDIT_CARD": st.sampled_from(["4111 1111 1111 1111", "5500 0055 5555 5559", "378282246310005"]),
    "IBAN": st.sampled_from(["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000"]),
    "US_SSN": st.sampled_from(["123-45-6788", "219-09-9998"]),
    "DATE": st.sampled_from(["2023-04-05", "5 April 2023", "April 5, 2023"]),
    "IP_ADDRESS": st.sampled_from(["192.168.1.20", "8.8.4.4"]),
}
FILLER = st.text(alphabet="abcdefghij klmnop,;\n", min_size=1, max_size=30).map(lambda s: f" {s.strip(',;')} ")

PATTERNS_ONLY = Deidentifier(seed=0, recognizers=default_recognizers(), ner=None)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[str]]:
    labels = draw(st.lists(st.sampled_from(sorted(VALUES)), min_size=0, max_size=6))
    parts = [draw(FILLER)]
    for lab in labels:
        parts += [draw(VALUES[lab]), draw(FILLER)]
    return "".join(parts), labels


@settings(max_examples=60, deadline=None)
@given(documents(), st.integers(0, 2**31))
# found by a random run: a card's last group and a lowercase word read as a street, the next word as its town
@example(("  4111 1111 1111 1111 a, a ", ["CREDIT_CARD"]), 0)
# and two short lines over a date's line read as a name, its firm and a street ("5 April" a house number and a word)
@example((" a\na\n 5 April 2023  ", ["DATE"]), 0)
def test_spans_in_bounds_disjoint_and_structure_kept(doc: tuple[str, list[str]], seed: int) -> None:
    text, labels = doc
    spans = PATTERNS_ONLY.analyze(text)
    assert [s.label for s in spans] == labels
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    engine = Deidentifier(seed=seed, recognizers=default_recognizers(), ner=None)
    out = engine.deidentify(text)
    # idempotent in structure: the output has the same kinds of entity, in the same order, the same gaps
    again = engine.analyze(out.text)
    assert [s.label for s in again] == labels
    gaps_in = [
        text[a.end : b.start] for a, b in zip([Span(0, 1, "x"), *spans], [*spans, Span(len(text), len(text) + 1, "x")])
    ]
    gaps_out = [
        out.text[a.end : b.start]
        for a, b in zip([Span(0, 1, "x"), *again], [*again, Span(len(out.text), len(out.text) + 1, "x")])
    ]
    assert (
        gaps_in[1:] == gaps_out[1:]
        and text[: spans[0].start if spans else len(text)] == out.text[: again[0].start if again else len(out.text)]
    )
    for s in spans:
        assert text[s.start : s.end] not in out.text


@st.composite
def random_spans(draw: st.DrawFn) -> list[Span]:
    n = draw(st.integers(0, 30))
    out = []
    for _ in range(n):
        a = draw(st.integers(0, 200))
        b = draw(st.integers(a + 1, a + 40))
        out.append(Span(a, b, draw(st.sampled_from(ENTITY_TYPES)), draw(st.floats(0, 1))))
    return out


@settings(max_examples=200, deadline=None)
@given(random_spans())
def test_resolve_returns_a_disjoint_sorted_subset(spans: list[Span]) -> None:
    kept = resolve(spans)
    assert all(a.end <= b.start for a, b in zip(kept, kept[1:]))
    assert set(kept) <= set(spans)
    # nothing dropped without cause: every dropped span overlaps a kept one
    for s in set(spans) - set(kept):
        assert any(s.overlaps(k) for k in kept)
    assert resolve(kept) == kept
