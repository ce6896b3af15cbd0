"""The de-identifier end to end on texts: nothing found survives, nothing else changes, the model ships safely."""

from __future__ import annotations

import pickle
from pathlib import Path

import polars as pl
import pytest

import simulacra
from simulacra.text import Deidentifier, analyze, deidentify, deidentify_frame, deidentify_many
from simulacra.text.ner import MODEL_PATH, load_model, split_chunks

DATA = Path(__file__).resolve().parents[2] / "data" / "text"
NOTE = (DATA / "note.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def engine() -> Deidentifier:
    return Deidentifier(seed=11)


def _gaps_kept(original: str, result: simulacra.text.DeidResult) -> bool:
    pos_in = pos_out = 0
    for s, (a, b) in zip(result.spans, result.output_spans, strict=True):
        if original[pos_in : s.start] != result.text[pos_out:a]:
            return False
        pos_in, pos_out = s.end, b
    return original[pos_in:] == result.text[pos_out:]


def test_the_note_finds_every_kind(engine: Deidentifier) -> None:
    labels = {s.label for s in engine.analyze(NOTE)}
    assert {
        "PERSON",
        "EMAIL",
        "PHONE",
        "DATE",
        "CREDIT_CARD",
        "US_SSN",
        "URL",
        "AGE",
        "MEDICAL_RECORD",
        "STREET_ADDRESS",
        "POSTCODE",
    } <= labels


def test_no_detected_entity_survives_and_everything_else_is_kept(engine: Deidentifier) -> None:
    result = engine.deidentify(NOTE, key="note")
    assert result.spans
    for s in result.spans:
        original = NOTE[s.start : s.end]
        if len(original) >= 4:
            assert original not in result.text, (s.label, original)
    assert _gaps_kept(NOTE, result)


def test_same_seed_same_output_other_seed_other_output() -> None:
    a = deidentify(NOTE, seed=3)
    assert a == deidentify(NOTE, seed=3)
    assert a != deidentify(NOTE, seed=4)


def test_consistency_inside_a_document(engine: Deidentifier) -> None:
    text = "Karen Olsen called. Later Karen wrote from karen.olsen@example.com; Ms. Olsen was upset."
    out = engine.deidentify(text).text
    first, last = engine.deidentify("Karen Olsen called.").text.split()[:2]
    assert out.count(first) >= 2 and last in out and f"{first.lower()}.{last.lower()}@" in out


def test_policy_operators_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    pol = {"default": "redact", "entities": {"EMAIL": {"operator": "mask", "keep_last": 3}, "DATE": "keep"}}
    out = deidentify("please mail bob@example.com on 2024-03-02, Bob Stone said.", policy=pol)
    assert out == "please mail ***@*******.com on 2024-03-02, [PERSON] said."


def test_api_over_iterables_and_frames() -> None:
    outs = deidentify_many(["Call 415-555-0132.", "Mail bob@example.com."], seed=1)
    assert "415-555-0132" not in outs[0] and "bob@example.com" not in outs[1]
    df = pl.DataFrame({"id": [1, 2, 3], "note": ["Card 4111 1111 1111 1111", None, "IP 10.1.2.3"]})
    out = deidentify_frame(df, ["note"], seed=1)
    assert out["id"].to_list() == [1, 2, 3] and out["note"][1] is None
    assert "4111 1111 1111 1111" not in out["note"][0] and "10.1.2.3" not in out["note"][2]
    assert df["note"][0] == "Card 4111 1111 1111 1111"  # input untouched
    assert simulacra.deidentify is deidentify and [s.label for s in analyze("Call 415-555-0132.")] == ["PHONE"]


def test_one_enormous_line_is_processed_in_chunks(engine: Deidentifier) -> None:
    line = "Contact Karen Olsen at karen.olsen@example.com or 503-555-0187 today. " * 2000  # ~140 kB, no newline
    result = engine.deidentify(line)
    assert "karen.olsen@example.com" not in result.text and "503-555-0187" not in result.text
    assert _gaps_kept(line, result)
    assert all(b - a <= 4000 for a, b in split_chunks(line, 4000))
    assert "".join(line[a:b] for a, b in split_chunks(line, 4000)) == line


def test_empty_and_entity_free_texts(engine: Deidentifier) -> None:
    assert engine.deidentify("").text == ""
    plain = "the weather is mild and nothing happened.\n"
    assert engine.deidentify(plain).text == plain


def test_shipped_model_is_small_and_loads_without_pickle(monkeypatch: pytest.MonkeyPatch) -> None:
    size = sum(f.stat().st_size for f in MODEL_PATH.rglob("*") if f.is_file())
    assert size < 8_000_000

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model must load without pickle")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    load_model.cache_clear()
    try:
        nlp = load_model()
        assert nlp.pipe_names == ["ner"] and set(nlp.get_pipe("ner").labels) == {"PERSON", "ORGANIZATION", "LOCATION"}
    finally:
        load_model.cache_clear()
