"""deid --engine dask on a real LocalCluster of two worker processes: byte-identical to one process at
several partition counts (per-document scopes and --corpus-consistent, long documents cut into blocks
included), the same after a worker is killed mid-run, and the target is not written when a partition fails
on the workers."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest

from simulacra.cli.main import main
from simulacra.errors import SimulacraError
from simulacra.text import Span, operators
from simulacra.text.operators import NoParams, OperatorContext, register_operator
from simulacra.text.runner import deidentify_path

distributed = pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from simulacra.distributed import DaskDeid  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data" / "text"
PEOPLE = ["Laura Chen", "Marcus Webb", "Priya Natarajan", "John Smith", "Ana Souza", "Karen Olsen"]
CITIES = ["Denver", "Portland", "Austin", "Boston"]


@pytest.fixture()
def client(dask_client: Any) -> Any:
    return dask_client  # one LocalCluster for the session (tests/integration/conftest.py)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder: the shipped note, e-mail and tickets, 48 tickets that share people, and one long letter."""
    root = tmp_path_factory.mktemp("corpus")
    for name in ("note.txt", "email.eml", "tickets.jsonl"):
        shutil.copy(DATA / name, root / name)
    rows = []
    for i in range(48):
        a, b = PEOPLE[i % len(PEOPLE)], PEOPLE[(3 * i + 1) % len(PEOPLE)]
        first, last = a.split()
        rows.append(
            {
                "id": i,
                "text": f"Ticket {i}: {a} ({first.lower()}.{last.lower()}@example.com) in {CITIES[i % 4]} "
                f"asked {b} to call 415-555-{1000 + i:04d} about order {88000 + i} on 2024-03-{1 + i % 28:02d}.",
            }
        )
    (root / "sub").mkdir()
    (root / "sub" / "tickets.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    letter = "\n".join(
        f"Dear {PEOPLE[i % 6]}, {PEOPLE[(i + 2) % 6]} from {CITIES[i % 4]} wrote on 2023-0{1 + i % 9}-1{i % 10}."
        for i in range(40)
    )
    (root / "letter.txt").write_text(letter + "\n")
    return root


def checksums(folder: Path) -> dict[str, str]:
    return {
        f.relative_to(folder).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*"))
        if f.is_file()
    }


# small batches and blocks: many batches to partition, and the letter cut into blocks analysed apart
KW: dict[str, Any] = {"seed": 7, "batch_chars": 900, "block_chars": 700}


@pytest.mark.parametrize("corpus_consistent", [False, True], ids=["per-document", "corpus-consistent"])
def test_dask_equals_one_process(client: Any, corpus: Path, tmp_path: Path, corpus_consistent: bool) -> None:
    one = tmp_path / "one"
    deidentify_path(corpus, one, corpus_consistent=corpus_consistent, labels=tmp_path / "one.labels.jsonl", **KW)
    expected = checksums(one)
    assert len(expected) == 5
    labels = (tmp_path / "one.labels.jsonl").read_bytes()
    assert b'"PERSON"' in labels
    for partitions in (1, 2, 3):
        out = tmp_path / f"dask-{partitions}"
        dask = DaskDeid(client, partitions=partitions)
        got = tmp_path / f"dask-{partitions}.labels.jsonl"
        deidentify_path(corpus, out, corpus_consistent=corpus_consistent, distribute=dask, labels=got, **KW)
        assert dask.tasks == partitions
        assert checksums(out) == expected, partitions
        assert got.read_bytes() == labels, partitions  # the span labels too, in both modes
    text = (one / "sub" / "tickets.jsonl").read_text() + (one / "letter.txt").read_text()
    assert not any(p in text for p in PEOPLE)  # de-identified, not copied
    if corpus_consistent:  # one fake per person across every file and partition
        lines = [json.loads(x)["text"] for x in (one / "sub" / "tickets.jsonl").read_text().splitlines()]
        fakes = {lines[i].split(": ")[1].split(" (")[0] for i in range(0, 48, len(PEOPLE))}
        assert len(fakes) == 1


def _shout(value: str, span: Span, params: NoParams, ctx: OperatorContext) -> str:
    return "X" * len(value)


def test_a_failed_partition_writes_nothing(
    client: Any, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An operator registered on the client only: the workers cannot load the policy, the run fails whole."""
    monkeypatch.setattr(operators, "_KINDS", dict(operators._KINDS))
    register_operator("shout", _shout)
    policy = {"entities": {"PERSON": {"operator": "shout"}}}
    out = tmp_path / "out"
    with pytest.raises(SimulacraError, match="could not be de-identified on the Dask cluster"):
        deidentify_path(corpus, out, policy=policy, distribute=DaskDeid(client, partitions=2), **KW)
    assert not out.exists() or not any(out.rglob("*"))


def test_cli_engine_dask(corpus: Path, tmp_path: Path) -> None:
    """The CLI starts its own local cluster and gives the bytes of one process."""
    assert main(["deid", str(corpus), "-o", str(tmp_path / "one"), "--seed", "3", "-q", "--corpus-consistent"]) == 0
    code = main([
        "deid", str(corpus), "-o", str(tmp_path / "dask"), "--seed", "3", "-q", "--corpus-consistent",
        "--engine", "dask", "--workers", "2", "--partitions", "2",
    ])  # fmt: skip
    assert code == 0
    assert checksums(tmp_path / "dask") == checksums(tmp_path / "one")
    assert main(["deid", str(corpus), "-o", str(tmp_path / "x"), "--partitions", "2"]) != 0  # needs --engine dask
    assert main(["deid", str(corpus), "-o", str(tmp_path / "y"), "--engine", "spark"]) != 0
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def test_survives_a_killed_worker(client: Any, corpus: Path, tmp_path: Path) -> None:
    """One worker is SIGKILLed once the first batch is back: Dask reruns what it held elsewhere, same bytes.
    (Last in this file: the cluster is left with a restarted worker.)"""
    deidentify_path(corpus, tmp_path / "one", corpus_consistent=True, **KW)
    pids = set(client.run(os.getpid).values())
    assert len(pids) == 2
    killed: list[int] = []

    def progress(done: int, total: int) -> None:
        if done > 0 and not killed:
            victim = min(pids)
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    dask = DaskDeid(client, partitions=3)
    deidentify_path(corpus, tmp_path / "dask", corpus_consistent=True, distribute=dask, progress=progress, **KW)
    assert killed
    assert checksums(tmp_path / "dask") == checksums(tmp_path / "one")
