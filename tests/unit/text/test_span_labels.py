"""`deid --labels`: the span of every replacement in the de-identified text, with its entity type, as spans JSONL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulacra.augment._corpus import read_corpus
from simulacra.cli.main import main
from simulacra.errors import SinkError
from simulacra.text.runner import deidentify_path
from simulacra.text.span_labels import write_span_labels

NOTE = "Patient John Smith (john.smith@example.com) called Mary Jones on 2021-03-04 about the invoice.\n"


def test_labels_cover_the_surrogates_in_whole_and_blocked_documents(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(NOTE)
    (src / "long.txt").write_text(NOTE * 40)  # longer than block_chars: analysed in blocks, rewritten whole
    rows = [{"text": "Call Mary Jones at 555-0100.", "n": 1}, {"text": "Nothing here.", "n": 2}]
    (src / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    labels = tmp_path / "labels.jsonl"
    deidentify_path(src, tmp_path / "out", seed=3, labels=labels, block_chars=1_000)
    docs = [json.loads(line) for line in labels.read_text().splitlines()]
    assert len(docs) == 4
    written = {p.name: p.read_text() for p in (tmp_path / "out").iterdir()}
    by_text = {d["text"] for d in docs}
    assert written["a.txt"] in by_text and written["long.txt"] in by_text
    out_rows = [json.loads(x)["text"] for x in written["c.jsonl"].splitlines()]
    assert set(out_rows) <= by_text
    persons = 0
    for d in docs:
        last = 0
        for s in d["spans"]:
            assert last <= s["start"] < s["end"] <= len(d["text"])
            last = s["end"]
            piece = d["text"][s["start"] : s["end"]]
            assert piece.strip() == piece and piece  # exactly the replacement
            assert piece not in ("John Smith", "Mary Jones", "john.smith@example.com", "2021-03-04")
            persons += s["label"] == "PERSON"
    long_doc = next(d for d in docs if len(d["text"]) > 2_000)
    assert sum(s["label"] == "PERSON" for s in long_doc["spans"]) == 80 and persons >= 83
    # the file is a corpus augment reads, spans exact
    corpus = read_corpus(labels)
    assert len(corpus) == 4 and sum(len(c.spans) for c in corpus) == sum(len(d["spans"]) for d in docs)


def test_labels_cli_and_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "n.txt").write_text(NOTE)
    labels = tmp_path / "l.jsonl"
    assert main(["deid", str(tmp_path / "n.txt"), "-o", str(tmp_path / "o.txt"), "--labels", str(labels), "-q"]) == 0
    first = labels.read_bytes()
    assert json.loads(first)["spans"][0]["label"] == "PERSON"
    # an existing labels file is refused before any work, and nothing else is written
    rc = main(["deid", str(tmp_path / "n.txt"), "-o", str(tmp_path / "o2.txt"), "--labels", str(labels), "-q"])
    assert rc != 0 and "exists" in capsys.readouterr().err and not (tmp_path / "o2.txt").exists()
    # same input and seed: the same bytes
    assert (
        main(
            ["deid", str(tmp_path / "n.txt"), "-o", str(tmp_path / "o.txt"), "--labels", str(labels), "-q", "--replace"]
        )
        == 0
    )
    assert labels.read_bytes() == first
    with pytest.raises(ValueError, match="outside"):
        write_span_labels(tmp_path / "x.jsonl", [("d", "abc", [(1, 9, "PERSON")])])
    assert not (tmp_path / "x.jsonl").exists()
    with pytest.raises(SinkError):
        write_span_labels(labels, [])
