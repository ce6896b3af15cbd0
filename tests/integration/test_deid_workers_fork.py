"""De-id workers forked from the parent with its engine, or spawned where forking is unsafe.

Whether a process may fork depends on what else runs in it (``runner._can_fork``: no other thread), so
each test here holds whatever the test process holds: the fork itself is checked in a fresh interpreter
running the CLI, as a user runs it; the byte-identity test passes with either start; the spawn fallback
is checked with a thread this test starts."""

from __future__ import annotations

import json
import os
import pty
import random
import select
import subprocess
import sys
import threading
import time
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


def _folder(root: Path, rows: int = 25, lines: int = 260) -> Path:
    """Four JSONL files of ``rows`` rows and one long text of ``lines`` lines (cut into blocks when it is
    longer than the run's ``block_chars``)."""
    rng = random.Random(14)
    src = root / "in"
    src.mkdir()
    for k in range(4):
        docs = [{"id": i, "text": " ".join(_line(rng, i) for _ in range(1 + i % 4))} for i in range(rows)]
        (src / f"part{k}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in docs), encoding="utf-8")
    (src / "long.txt").write_text("\n".join(_line(rng, i) for i in range(lines)) + "\n", encoding="utf-8")
    return src


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _no_names_left(out: dict[str, bytes]) -> None:
    assert set(out) == {"long.txt", "part0.jsonl", "part1.jsonl", "part2.jsonl", "part3.jsonl"}
    text = b"".join(out.values()).decode()
    assert "Kaminski" not in text and "Shackleton" not in text and "713-853-" not in text


# The CLI as ``python -m simulacra.cli.main`` runs it (runpy, as __main__), in a fresh interpreter, with two
# changes made first: workers are started for any job (the product decides from its measured speed, which a
# test must not depend on), and every batch run writes "pid parent-pid id(engine)" to $DEID_RAN_LOG. The
# spy replaces ``runner.run_batch`` in this interpreter: a forked worker inherits it, and the engine it runs
# is the parent's very object (same id); a spawned worker imports the module afresh, without the spy, and
# writes nothing.
_CLI_WITH_SPY = """
import os, runpy, sys
from simulacra.text import runner
runner._worth_spawning = lambda seconds, startup, workers: workers > 1
_run = runner.run_batch
def _spy(batch, engine=None):
    used = engine if engine is not None else runner._WORKER
    with open(os.environ["DEID_RAN_LOG"], "a") as fh:
        fh.write(f"{os.getpid()} {os.getppid()} {id(used)}\\n")
    return _run(batch, engine)
_spy.__module__, _spy.__qualname__ = _run.__module__, _run.__qualname__
runner.run_batch = _spy
runpy.run_module("simulacra.cli.main", run_name="__main__", alter_sys=True)
"""


def _run_cli_on_a_terminal(args: list[str], env: dict[str, str], timeout: float = 300.0) -> tuple[int, int, str]:
    """(pid, exit status, what it wrote to stderr): stderr is a terminal, so the CLI draws its progress bar
    (which must not start a thread of its own, or the workers could not be forked)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", _CLI_WITH_SPY, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    err = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: every holder of the terminal (the CLI, its workers) has closed it
                    break
                if not chunk:
                    break
                err += chunk
            elif proc.poll() is not None and not select.select([master], [], [], 0.2)[0]:
                break
        rc = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return proc.pid, rc, err.decode("utf-8", "replace")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only (spawned elsewhere)")
def test_cli_forks_its_workers_with_its_engine(tmp_path: Path) -> None:
    """``simulacra deid --workers 2`` on a folder, progress bar drawn: the worker is forked from the CLI's
    process and runs its engine (nothing built again), and the output is the one-worker output."""
    # about 100 KB: three of the CLI's batches (50,000 characters), the last done by the CLI before it
    # starts the worker, the two others shared
    src = _folder(tmp_path, rows=80, lines=600)
    log = tmp_path / "ran.log"
    src_path = os.pathsep.join(p for p in [str(Path(runner.__file__).parents[2]), os.environ.get("PYTHONPATH")] if p)
    env = {**os.environ, "DEID_RAN_LOG": str(log), "PYTHONPATH": src_path, "COLUMNS": "100", "TERM": "xterm"}
    dst = tmp_path / "out2"
    pid, rc, err = _run_cli_on_a_terminal(["deid", str(src), "-o", str(dst), "--seed", "9", "--workers", "2"], env)
    assert rc == 0, err
    assert "de-identify" in err  # the bar was drawn (stderr was a terminal)
    ran = [tuple(map(int, x.split())) for x in log.read_text().splitlines()]
    parent = {e for p, _, e in ran if p == pid}
    workers = {(p, pp, e) for p, pp, e in ran if p != pid}
    assert len(parent) == 1, ran  # the CLI ran batches itself, with one engine
    # batches ran in other processes (a spawned worker would have written nothing), children of the CLI,
    # each with the CLI's engine object as it was at the fork
    assert workers, "no batch ran in a forked worker: the workers were spawned (or never started)"
    assert len({p for p, _, _ in workers}) == 1
    assert {pp for _, pp, _ in workers} == {pid}
    assert {e for _, _, e in workers} == parent, "a worker built its own engine instead of the CLI's"

    # the CLI's defaults (seed 9, batches of 50,000 characters, blocks of 100,000, the fast tagger), here,
    # in this process and one worker: the same bytes
    deidentify_path(src, tmp_path / "out1", seed=9)
    assert _bytes(dst) == _bytes(tmp_path / "out1")
    _no_names_left(_bytes(dst))


def _count_starts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which start each worker pool used ("fork" or "spawn"), in order."""
    starts: list[str] = []
    fork, spawn = runner._fork, runner._spawn

    def counted_fork() -> object:
        starts.append("fork")
        return fork()

    def counted_spawn() -> object:
        starts.append("spawn")
        return spawn()

    monkeypatch.setattr(runner, "_fork", counted_fork)
    monkeypatch.setattr(runner, "_spawn", counted_spawn)
    return starts


def test_one_two_three_workers_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder with a long file cut into blocks: the same bytes for 1, 2 and 3 workers, however they are
    started (forked where this test process may fork, spawned where another test left a thread running)."""
    monkeypatch.setattr(runner, "_worth_spawning", lambda seconds, startup, workers: workers > 1)
    starts = _count_starts(monkeypatch)
    src = _folder(tmp_path)
    outs = {}
    for n in (1, 2, 3):
        dst = tmp_path / f"out{n}"
        deidentify_path(src, dst, seed=9, workers=n, batch_chars=1500, block_chars=3000)
        outs[n] = _bytes(dst)
        assert len(starts) == n - 1 and set(starts) <= {"fork", "spawn"}  # a pool ran for 2 and 3 workers
    assert outs[1] == outs[2] == outs[3]
    _no_names_left(outs[1])


def test_spawned_when_another_thread_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A caller with threads of its own (a threaded server calling the API): a thread holding a lock at a
    fork would leave it held in the child, so the workers are spawned (each builds its own engine), never
    forked, and the output is the same."""
    monkeypatch.setattr(runner, "_worth_spawning", lambda seconds, startup, workers: workers > 1)
    starts = _count_starts(monkeypatch)
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
    assert starts == ["spawn"]
    assert _bytes(tmp_path / "one") == _bytes(tmp_path / "two")
