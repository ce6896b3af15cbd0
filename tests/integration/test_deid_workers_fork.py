"""Workers forked from the parent with its engine: a folder of several files (one long enough to be cut
into blocks) gives the same bytes for 1, 2 and 3 workers, the workers run the parent's engine as built
(nothing imported or loaded again), and with another thread running they are spawned instead."""

from __future__ import annotations

import json
import os
import random
import threading
from pathlib import Path

import pytest

from simulacra.text import runner
from simulacra.text.runner import deidentify_path

_GIVEN = ["Laura", "Vince", "Sara", "Mark", "Jeff", "Kay", "Louise", "Tana", "Rick", "Monique"]
_FAMILY = ["Chen", "Kaminski", "Shackleton", "Taylor", "Dasovich", "Mann", "Kitchen", "Jones", "Buy", "Sanchez"]


def _line(rng: random.Random, i: int) -> str:
    g, f = rng.choice(_GIVEN), rng.choice(_FAMILY)
    forms = [
        f"Please call {g} {f} at 713-853-{rng.randrange(10000):04d} before Friday about deal {i}.",
        f"From: {g} {f} <{g.lower()}.{f.lower()}@enron.com>\nSent: 0{1 + i % 9}/1{i % 10}/2001",
        f"{f} said the Houston office will send the contract to {g} on {1 + i % 28} May 2001.",
        f"Thanks, {g}\n\n{g} {f}\nEnron North America Corp.\n1400 Smith Street, Houston, TX 77002",
        f"The meter reading for account {100000 + i} was {rng.randrange(99999)} units.",
    ]
    return rng.choice(forms)


def _folder(root: Path) -> Path:
    """Four small JSONL files and one long text (cut into blocks at ``block_chars=3000``)."""
    rng = random.Random(14)
    src = root / "in"
    src.mkdir()
    for k in range(4):
        rows = [{"id": i, "text": " ".join(_line(rng, i) for _ in range(1 + i % 4))} for i in range(25)]
        (src / f"part{k}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (src / "long.txt").write_text("\n".join(_line(rng, i) for i in range(260)) + "\n", encoding="utf-8")
    return src


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_one_two_three_workers_same_bytes_and_workers_run_the_parents_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "_worth_spawning", lambda seconds, startup, workers: workers > 1)
    src = _folder(tmp_path)
    log = tmp_path / "ran.log"
    run_batch = runner._run_batch

    def spy(batch: runner.Batch, engine: object = None) -> runner.BatchResult:
        # in a worker (engine None) this writes which process ran it and the engine it used; a forked
        # worker finds this spy in place of ``_run_batch`` (it inherits the module), a spawned one does not
        used = engine if engine is not None else runner._WORKER
        with log.open("a") as fh:
            fh.write(f"{os.getpid()} {id(used)}\n")
        return run_batch(batch, engine)  # type: ignore[arg-type]

    spy.__module__, spy.__qualname__ = run_batch.__module__, run_batch.__qualname__
    monkeypatch.setattr(runner, "_run_batch", spy)
    outs = {}
    engines: dict[int, int] = {}
    for n in (1, 2, 3):
        log.write_text("")
        dst = tmp_path / f"out{n}"
        deidentify_path(src, dst, seed=9, workers=n, batch_chars=1500, block_chars=3000)
        outs[n] = _bytes(dst)
        ran = [tuple(map(int, x.split())) for x in log.read_text().splitlines()]
        here = {e for pid, e in ran if pid == os.getpid()}
        others = {(pid, e) for pid, e in ran if pid != os.getpid()}
        assert len(here) == 1
        if n == 1:
            assert not others
        else:
            # n - 1 other processes ran batches, each with this process's engine (same object, inherited)
            assert {pid for pid, _ in others} and len({pid for pid, _ in others}) <= n - 1
            assert {e for _, e in others} == here, "a worker built its own engine instead of the parent's"
        engines[n] = len(ran)
    assert outs[1] == outs[2] == outs[3]
    assert set(outs[1]) == {"long.txt", "part0.jsonl", "part1.jsonl", "part2.jsonl", "part3.jsonl"}
    text = b"".join(outs[1].values()).decode()
    assert "Kaminski" not in text and "Shackleton" not in text and "713-853-" not in text


def test_spawned_when_another_thread_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A thread holding a lock at a fork would leave it held in the child: with one running, the workers
    are spawned (each loads its own engine) and the output is the same."""
    monkeypatch.setattr(runner, "_worth_spawning", lambda seconds, startup, workers: workers > 1)
    src = _folder(tmp_path)
    pol = {"ner": False}  # a spawned worker's start-up without the model: quicker, same question
    deidentify_path(src, tmp_path / "one", seed=9, policy=pol, batch_chars=1500, block_chars=3000)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert not runner._can_fork()
        deidentify_path(src, tmp_path / "two", seed=9, policy=pol, batch_chars=1500, block_chars=3000, workers=2)
    finally:
        stop.set()
        other.join()
    assert runner._can_fork() == (os.name == "posix" and os.uname().sysname == "Linux")
    assert _bytes(tmp_path / "one") == _bytes(tmp_path / "two")
