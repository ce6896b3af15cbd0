"""`simulacra deid --ner fast` and `simulacra deid-eval --ner fast`, through the entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulacra.cli.main import main

DATA = Path(__file__).resolve().parents[1] / "data" / "text"


def test_deid_with_the_fast_tagger_is_deterministic(tmp_path: Path) -> None:
    outs = []
    for i in range(2):
        out = tmp_path / f"note{i}.txt"
        assert main(["deid", str(DATA / "note.txt"), "-o", str(out), "--seed", "4", "--ner", "fast", "-q"]) == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    text = outs[0].decode()
    assert "Okafor" not in text and "Olsen" not in text and "karen.olsen@example.com" not in text


def test_deid_eval_with_the_fast_tagger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "scores.json"
    code = main(
        [
            "deid-eval",
            str(DATA / "mini.conll"),
            "--format",
            "conll",
            "--map",
            "PER=PERSON",
            "--map",
            "LOC=LOCATION",
            "--map",
            "ORG=ORGANIZATION",
            "--ner",
            "fast",
            "--json",
            str(out),
            "-q",
        ]
    )
    assert code == 0
    report = json.loads(out.read_text())
    assert report["per_type"]["PERSON"]["support"] > 0 and report["per_type"]["PERSON"]["recall"] > 0.5


def test_unknown_tagger_is_a_spec_error_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "note.txt"
    assert main(["deid", str(DATA / "note.txt"), "-o", str(out), "--ner", "quick"]) == 2
    assert "unknown ner tagger 'quick'" in capsys.readouterr().err
    assert not out.exists()
