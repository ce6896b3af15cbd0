"""training/train_fast_ner.py: seeded, byte-reproducible, and its output loads as a tagger."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np

from simulacra.text.fast_ner import TAGS, FastNerRecognizer, load_fast_model

SCRIPT = Path(__file__).resolve().parents[3] / "training" / "train_fast_ner.py"


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("train_fast_ner", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_two_runs_write_identical_bytes_that_load(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    train = _script()
    args = ["--docs", "30", "--dev-docs", "10", "--epochs", "2", "--bits", "12"]
    for name in ("a", "b"):
        assert train.main([*args, "--out", str(tmp_path / name)]) == 0
    for f in ("weights.npz", "manifest.json"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["dim"] == 4096 and manifest["training"]["docs"] == 30
    model = load_fast_model(tmp_path / "a")
    assert model.weights.shape == (4096, len(TAGS)) and np.any(model.weights)
    assert isinstance(FastNerRecognizer(tmp_path / "a").find("Anna Berg met Tom Wu in Oslo."), list)


def test_bio_labels_follow_the_spans_and_count_what_does_not_align() -> None:
    from simulacra.text.fast_ner import tokenize
    from simulacra.text.spans import Span

    train = _script()
    text = "Dr. Anna Berg-Lund met O'Neil in New York."
    toks, starts, ends = tokenize(text)
    at = text.index
    spans = [
        Span(at("Anna"), at(" met"), "PERSON"),
        Span(at("O'Neil"), at(" in"), "PERSON"),
        Span(at("New"), len(text) - 1, "LOCATION"),
        Span(at("nna"), at(" Berg"), "PERSON"),
    ]
    tags, missed = train.bio(spans, starts.tolist(), ends.tolist())
    named = {tok: TAGS[t] for tok, t in zip(toks, tags, strict=True)}
    assert named["Anna"] == "B-PERSON" and named["Berg-Lund"] == "I-PERSON" and named["O'Neil"] == "B-PERSON"
    assert named["New"] == "B-LOCATION" and named["York"] == "I-LOCATION" and named["met"] == "O"
    assert missed == 1  # "nna " starts inside a token: left out, counted
