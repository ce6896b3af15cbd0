"""Workers: the same output in the same order whatever their number, and no spawning for small jobs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulacra.text import runner
from simulacra.text.runner import deidentify_path


def _corpus(tmp_path: Path, n: int = 60) -> Path:
    rows = [
        {
            "id": i,
            "text": f"Ticket {i}: Laura Chen (laura.chen@example.com, +44 20 7946 0{i:03d}) called on "
            f"0{1 + i % 9}/1{i % 10}/2021 about order {1000 + i}.",
        }
        for i in range(n)
    ]
    src = tmp_path / "many.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return src


def test_parallel_path_gives_the_same_output_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "_worth_spawning", lambda seconds, startup, workers: workers > 1)
    src = _corpus(tmp_path)
    pol = {"ner": False}
    deidentify_path(src, tmp_path / "one.jsonl", seed=5, batch_chars=400, policy=pol)
    seen: list[tuple[int, int]] = []
    summary = deidentify_path(
        src,
        tmp_path / "three.jsonl",
        seed=5,
        batch_chars=400,
        policy=pol,
        workers=3,
        progress=lambda done, total: seen.append((done, total)),
    )
    one = (tmp_path / "one.jsonl").read_text()
    assert (tmp_path / "three.jsonl").read_text() == one
    assert [json.loads(x)["id"] for x in one.splitlines()] == list(range(60))
    assert summary.documents == 60 and seen[-1] == (summary.characters, summary.characters)  # bytes (ASCII here)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_small_jobs_stay_in_this_process(tmp_path: Path) -> None:
    assert not runner._worth_spawning(2.0, 1.5, 2)  # less work than two worker starts
    assert runner._worth_spawning(10.0, 1.5, 2)
    assert not runner._worth_spawning(1000.0, 1.5, 1)
    # a small corpus with workers=2: measured, found short, done here, same output
    src = _corpus(tmp_path, 30)
    deidentify_path(src, tmp_path / "one.jsonl", seed=2, policy={"ner": False}, batch_chars=300)
    deidentify_path(src, tmp_path / "two.jsonl", seed=2, policy={"ner": False}, batch_chars=300, workers=2)
    assert (tmp_path / "one.jsonl").read_text() == (tmp_path / "two.jsonl").read_text()


def test_long_document_in_blocks_linear_and_consistent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A document longer than block_chars is cut into blocks that workers share; a name found in one
    block is replaced in every block, with the same fake; the output does not depend on the workers."""
    monkeypatch.setattr(runner, "_worth_spawning", lambda seconds, startup, workers: workers > 1)
    lines = [f"Line {i}: the meter reading was {1000 + i} units." for i in range(400)]
    lines[10] = "From: Vince Kaminski <vince.kaminski@enron.com>"
    lines[390] = "Ask Kaminski about SSN 536-22-8417 again; the form says 536228417."
    src = tmp_path / "long.txt"
    src.write_text("\n".join(lines) + "\n")
    pol = {"ner": False}
    seen: list[tuple[int, int]] = []
    deidentify_path(
        src,
        tmp_path / "one.txt",
        seed=3,
        policy=pol,
        block_chars=2000,
        batch_chars=2000,
        progress=lambda d, t: seen.append((d, t)),
    )
    deidentify_path(src, tmp_path / "three.txt", seed=3, policy=pol, block_chars=2000, batch_chars=2000, workers=3)
    out = (tmp_path / "one.txt").read_text()
    assert (tmp_path / "three.txt").read_text() == out
    assert "Kaminski" not in out and "536-22-8417" not in out and "536228417" not in out
    fake_last = out.splitlines()[10].split("<")[0].split()[-1]
    assert out.splitlines()[390].startswith(f"Ask {fake_last} about SSN ")  # the same fake, 380 lines later
    assert len(seen) > 3 and seen[-1] == (len(src.read_bytes()), len(src.read_bytes()))  # progress in bytes
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert out.splitlines()[200] == lines[200]  # nothing else touched
