"""deid-eval: corpus readers and the span scores (with a stand-in predictor, so the maths is checked exactly)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulacra.errors import SourceError
from simulacra.text.evaluate import evaluate_spans, read_conll, read_spans_jsonl
from simulacra.text.spans import Span

DATA = Path(__file__).resolve().parents[2] / "data" / "text"


def test_conll_reader_detokenises_with_offsets() -> None:
    docs = read_conll(DATA / "mini.conll")
    assert len(docs) == 2
    first = docs[0]
    assert first.text == "Maria Lindgren visited Oslo .\nLindgren works for Nordvik Shipping ."
    assert [(first.text[s.start : s.end], s.label) for s in first.spans] == [
        ("Maria Lindgren", "PER"),
        ("Oslo", "LOC"),
        ("Lindgren", "PER"),
        ("Nordvik Shipping", "ORG"),
    ]
    # IOB1: a sentence may open with I-PER
    assert ("Anna Berg", "PER") in [(docs[1].text[s.start : s.end], s.label) for s in docs[1].spans]


def test_wnut_reader_one_document_per_message() -> None:
    docs = read_conll(DATA / "mini.wnut")
    assert [d.text for d in docs] == ["omg jess at the beach", "heading to new haven", "love my new zenbook"]
    assert [(d.text[s.start : s.end], s.label) for d in docs for s in d.spans] == [
        ("jess", "person"),
        ("new haven", "location"),
        ("zenbook", "product"),
    ]


def test_spans_jsonl_reader_and_errors(tmp_path: Path) -> None:
    docs = read_spans_jsonl(DATA / "gold.jsonl")
    assert [len(d.spans) for d in docs] == [3, 1]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "abc", "spans": [{"start": 0, "end": 9, "label": "X"}]}\n')
    with pytest.raises(SourceError, match=r"bad.jsonl:1: span 0..9 is past the end"):
        read_spans_jsonl(bad)
    bad.write_text("{not json\n")
    with pytest.raises(SourceError, match=r"bad.jsonl:1"):
        read_spans_jsonl(bad)


def test_scores_typed_exact_and_untyped_overlap() -> None:
    docs = read_spans_jsonl(DATA / "gold.jsonl")
    # doc 0: "Alice Moreau" exact PERSON (tp); "Bob" overlaps "Bob Kim" (typed miss, untyped hit);
    # "Lisbon" predicted as ORGANIZATION, a label outside the map, so the prediction is dropped;
    # an extra PERSON on "met" (fp everywhere).
    preds = [
        [Span(0, 12, "PERSON"), Span(17, 20, "PERSON"), Span(28, 34, "ORGANIZATION"), Span(13, 16, "PERSON")],
        [Span(9, 26, "EMAIL"), Span(27, 32, "DATE")],
    ]
    report = evaluate_spans(docs, lambda texts: preds, label_map={"PER": "PERSON", "LOC": "LOCATION"})
    per = report["per_type"]
    assert per["PERSON"]["precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert per["PERSON"]["recall"] == 0.5 and per["PERSON"]["support"] == 2
    assert per["LOCATION"]["recall"] == 0.0
    # EMAIL is not in the map: the gold span is ignored and so are EMAIL/DATE predictions
    assert "EMAIL" not in per and report["overall"]["support"] == 3
    assert report["overall"]["precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert report["overall"]["recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert report["untyped"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["untyped"]["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["untyped"]["f2"] == pytest.approx(2 / 3, abs=1e-4)
    assert "exact" in report["matching"]["typed"] and "overlap" in report["matching"]["untyped"]
    json.dumps(report)  # serialisable as is


def test_tagged_reader_removes_the_annotation_spaces() -> None:
    from simulacra.text.evaluate import read_tagged

    (doc,) = read_tagged(DATA / "mini_tagged.txt")
    got = [doc.text[s.start : s.end] for s in doc.spans]
    assert got == ["Tom Reyes", "Tom", "Lexi", "Priya Raman", "Anna"]
    assert {s.label for s in doc.spans} == {"PERSON"}
    assert (
        "To: Tom Reyes/HOU/ECT@ECT" in doc.text and "Hi Tom, lunch w/Lexi at noon? Call Priya Raman's desk." in doc.text
    )
    assert "<true_name>" not in doc.text


def test_tagged_reader_locates_an_unclosed_tag(tmp_path: Path) -> None:
    from simulacra.text.evaluate import read_tagged

    bad = tmp_path / "bad.txt"
    bad.write_text("line one\nHi <true_name> Tom\n")
    with pytest.raises(SourceError, match=r"bad.txt:2: <true_name> is never closed"):
        read_tagged(bad)


def test_cerec_reader_names_only_and_nested_marks() -> None:
    from simulacra.text.evaluate import read_cerec

    (doc,) = read_cerec(DATA / "mini.cerec.conll")
    got = [(doc.text[s.start : s.end], s.label) for s in doc.spans]
    # the pronoun "you" and the common noun "the report" are mentions, not names: left out
    assert got == [
        ("anna.berg@example.com", "P"),
        ("Reyes, Tom", "P"),
        ("Tom", "P"),
        ("Nordvik Shipping", "O"),
        ("Oslo", "L"),
        ("Oslo", "P"),
        ("Anna", "P"),
    ]
    assert doc.text.splitlines()[:2] == ["From: anna.berg@example.com", "X-To: Reyes, Tom"]


def test_leak_rate_counts_gold_tokens_left_verbatim() -> None:
    from simulacra.text.evaluate import leak_rate

    text = "Tom Reyes met Anna. J. K. wrote."
    gold = [[(0, 9, "PERSON"), (14, 18, "PERSON"), (20, 25, "PERSON")]]  # "J. K." has no 2-letter token
    out = ["Ben Lowe met Anna. J. K. wrote. Tommy Reyesson"]  # Anna leaks; Tom/Reyes only inside longer words
    r = leak_rate([text], gold, out, [[(0, 8)]])
    assert r == {
        "tokens": 3,
        "leaked": 1,
        "rate": round(1 / 3, 4),
        "leaked_outside_fakes": 1,
        "rate_outside_fakes": round(1 / 3, 4),
    }
    # a fake that shares a word with a real name is a coincidence, not a leak
    r = leak_rate(["Anna came."], [[(0, 4, "PERSON")]], ["Anna Lowe came."], [[(0, 9)]])
    assert r["rate"] == 1.0 and r["rate_outside_fakes"] == 0.0


def test_evaluate_reports_leak_only_with_rewritten_text() -> None:
    docs = read_spans_jsonl(DATA / "gold.jsonl")
    report = evaluate_spans(docs, lambda texts: [[] for _ in texts], label_map={"PER": "PERSON"})
    assert "not_computed" in report["leak"]


@pytest.mark.parametrize(
    ("mention", "named"),
    [
        ("Team", False),
        ("The project leads", False),
        ("a Marketer", False),
        ("Account Director", False),
        ("3 Analysts", False),
        ("all you Rice fans", False),
        ("Sr. Administrative Assistant", False),
        ("Anna", True),
        ("Chuck", True),
        ("Ed", True),
        ("TK", True),
        ("Reyes, Tom", True),
        ("Kowalczyk", True),
        ("anna.berg@example.com", True),
        ("Tom's", True),
    ],
)
def test_cerec_named_mentions_exclude_capitalised_noun_phrases(mention: str, named: bool) -> None:
    # CEREC marks noun phrases too; capitalised at a line start or with a determiner they are no names
    from simulacra.text.evaluate import _named

    text = f"Hello\n{mention} will call.\n"
    a = text.index(mention)
    assert _named(text, a, a + len(mention)) is named
