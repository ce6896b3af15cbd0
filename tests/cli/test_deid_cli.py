"""`simulacra deid` and `simulacra deid-eval`, run in-process through the entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from simulacra.cli.main import main

DATA = Path(__file__).resolve().parents[1] / "data" / "text"


def test_deid_file_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "note.txt"
    assert main(["deid", str(DATA / "note.txt"), "-o", str(out), "--seed", "4"]) == 0
    printed = capsys.readouterr().out
    assert "1 file(s), 1 document(s)" in printed and "PERSON" in printed and "MB/s" in printed
    text = out.read_text()
    assert "karen.olsen@example.com" not in text
    # summaries and errors never carry original values
    assert "Olsen" not in printed


def test_deid_with_policy_workers_and_mapping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("entities:\n  EMAIL: redact\n  CREDIT_CARD: {operator: mask, keep_last: 4}\n")
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        shutil.copy(DATA / "tickets.jsonl", src / f"t{i}.jsonl")
    monkeypatch.setenv("SIMULACRA_MAPPING_KEY", "a long enough passphrase")
    code = main(
        [
            "deid",
            str(src),
            "-o",
            str(tmp_path / "out"),
            "--policy",
            str(policy),
            "--workers",
            "2",
            "--mapping",
            str(tmp_path / "map.bin"),
            "--corpus-consistent",
            "-q",
        ]
    )
    assert code == 0
    first = [json.loads(x) for x in (tmp_path / "out" / "t0.jsonl").read_text().splitlines()]
    assert "[EMAIL]" in first[0]["text"] and "**** **** **** 5559" in first[1]["text"]
    again = [json.loads(x) for x in (tmp_path / "out" / "t2.jsonl").read_text().splitlines()]
    assert first == again  # one fake per real entity across the corpus
    assert (tmp_path / "map.bin").read_bytes().startswith(b"SIMULACRA-MAPPING 1")


def test_deid_errors_have_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"\x00\x01binary")
    assert main(["deid", str(blob), "-o", str(tmp_path / "o.txt")]) == 6
    assert "binary file" in capsys.readouterr().err
    bad = tmp_path / "p.yaml"
    bad.write_text("entities:\n  EMAIL: scramble\n")
    assert main(["deid", str(DATA / "note.txt"), "-o", str(tmp_path / "o.txt"), "--policy", str(bad)]) == 2
    assert "p.yaml:2" in capsys.readouterr().err


def test_deid_eval_table_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
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
            "--json",
            str(out),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "PERSON" in printed and "untyped" in printed
    report = json.loads(out.read_text())
    assert set(report) >= {"per_type", "overall", "untyped", "matching"}
    assert report["per_type"]["PERSON"]["support"] == 4
    for block in (report["overall"], report["untyped"]):
        assert {"precision", "recall", "f1", "f2", "support"} <= set(block)
        assert all(0.0 <= block[k] <= 1.0 for k in ("precision", "recall", "f1", "f2"))
    assert main(["deid-eval", str(DATA / "gold.jsonl"), "--format", "spans", "--map", "PER", "-q"]) == 2


def test_deid_eval_email_formats_report_the_leak_rate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "tagged"
    folder.mkdir()
    shutil.copy(DATA / "mini_tagged.txt", folder / "a.txt")
    out = tmp_path / "scores.json"
    assert main(["deid-eval", str(folder), "--format", "tagged", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "1 documents" in printed and "leak:" in printed and "gold entity tokens" in printed
    leak = json.loads(out.read_text())["leak"]
    assert leak["tokens"] == 7 and 0.0 <= leak["rate"] <= 1.0 and leak["rate_outside_fakes"] <= leak["rate"]
    assert main(["deid-eval", str(DATA / "mini.cerec.conll"), "--format", "cerec", "--map", "P=PERSON", "-q"]) == 0
    assert main(["deid-eval", str(DATA / "mini.cerec.conll"), "--format", "minkov2", "-q"]) != 0


def test_deid_eval_address_blocks_is_a_second_view_of_presidio_gold(tmp_path: Path) -> None:
    """`--address-blocks` scores Presidio's set with an address's pieces merged; the set's own view is unchanged."""
    text = "Ann Lee\n\n4521 Hersnapvej 18\n Apt. 656\n Aalborg\n Denmark 35018"
    pieces = [("Ann Lee", "PERSON"), ("4521", "STREET_ADDRESS"), ("Hersnapvej 18", "STREET_ADDRESS")]
    pieces += [("Apt. 656", "STREET_ADDRESS"), ("Aalborg", "GPE"), ("Denmark", "GPE"), ("35018", "STREET_ADDRESS")]
    spans = [
        {"entity_type": lab, "start_position": text.index(v), "end_position": text.index(v) + len(v)}
        for v, lab in pieces
    ]
    corpus = tmp_path / "presidio.json"
    corpus.write_text(json.dumps([{"full_text": text, "spans": spans}]))
    own, blocks = tmp_path / "own.json", tmp_path / "blocks.json"
    assert main(["deid-eval", str(corpus), "--format", "presidio", "--json", str(own), "-q"]) == 0
    assert (
        main(["deid-eval", str(corpus), "--format", "presidio", "--address-blocks", "--json", str(blocks), "-q"]) == 0
    )
    own_r, blocks_r = json.loads(own.read_text()), json.loads(blocks.read_text())
    assert (
        own_r["per_type"]["STREET_ADDRESS"]["support"] == 4 and blocks_r["per_type"]["STREET_ADDRESS"]["support"] == 1
    )
    assert "LOCATION" not in blocks_r["per_type"] or blocks_r["per_type"]["LOCATION"]["support"] == 0
    assert "gold_convention" in blocks_r and "gold_convention" not in own_r
    assert main(["deid-eval", str(DATA / "mini.conll"), "--format", "conll", "--address-blocks", "-q"]) != 0
