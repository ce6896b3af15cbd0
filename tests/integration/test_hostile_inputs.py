"""Huge and damaged input files: sniffed from their first bytes, refused before being read whole when
they cannot fit, and never an internal error (issue 22, items 2 and 10)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import polars as pl
import pytest

import simulacra._limits as limits
from simulacra.cli.main import main
from simulacra.errors import SourceError, SpecError
from simulacra.evaluation import evaluate
from simulacra.io import read_dataset
from simulacra.sources import read_source

ROOT = Path(__file__).resolve().parents[2]
GB = 1024**3


def sparse(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of ``size`` bytes that takes no disk space (and takes long to read whole)."""
    with path.open("wb") as f:
        f.write(head)
        f.truncate(size)
    return path


def test_format_sniffed_from_the_first_bytes_only(tmp_path: Path) -> None:
    big = sparse(tmp_path / "huge.bin", 2 * GB)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(SourceError, match="unknown file extension"):
            read_source(big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 2.0
    assert peak < 20 * 1024**2  # 2 GB file, a few MB at most


def test_sqlite_without_its_suffix_is_still_sniffed(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "data.bin"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (a INTEGER)")
    con.execute("INSERT INTO t VALUES (1), (2)")
    con.commit()
    con.close()
    assert read_source(path).frames["t"].height == 2


@pytest.fixture
def little_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine with 1,000 bytes available: every read that needs more is refused before it starts."""
    monkeypatch.setattr(limits, "available_memory", lambda: 1000)


def _csv(tmp_path: Path, name: str = "t.csv", rows: int = 200) -> Path:
    path = tmp_path / name
    pl.DataFrame({"id": range(rows), "x": [f"v{i % 7}" for i in range(rows)]}).write_csv(path)
    return path


def test_reads_that_cannot_fit_are_refused_with_the_size_and_a_way_out(tmp_path: Path, little_memory: None) -> None:
    path = _csv(tmp_path)
    for read in (read_source, read_dataset):
        with pytest.raises(SourceError) as e:
            read(path)
        msg = str(e.value)
        assert str(path) in msg and "needs about" in msg and "1,000 B is available" in msg and "sample" in msg
    with pytest.raises(SourceError, match=r"\(1 files\)|t.csv"):
        read_source(tmp_path)


def test_cli_verbs_refuse_inputs_that_cannot_fit_with_exit_6(tmp_path: Path, little_memory: None) -> None:
    path = _csv(tmp_path)
    text = tmp_path / "notes.txt"
    text.write_text("Call John Smith at 555-0100.\n" * 50, encoding="utf-8")
    assert main(["inspect", str(path), "-o", str(tmp_path / "spec.yaml")]) == 6
    assert main(["fit", str(path), "-o", str(tmp_path / "model")]) == 6
    assert main(["evaluate", "--real", str(path), "--synthetic", str(path), "-o", str(tmp_path / "rep")]) == 6
    assert main(["deid", str(text), "-o", str(tmp_path / "out.txt")]) == 6
    assert not (tmp_path / "model").exists() and not (tmp_path / "rep").exists() and not (tmp_path / "out.txt").exists()


def test_huge_sparse_csv_is_refused_under_an_address_space_limit(tmp_path: Path) -> None:
    """The real thing in a child process: a 4 GB file, 1.5 GB of address space, refused in seconds."""
    big = sparse(tmp_path / "big.csv", 4 * GB, b"a,b\n1,2\n")
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024**2, 1536 * 1024**2))\n"
        "from simulacra.cli.main import main\n"
        f"sys.exit(main(['inspect', {str(big)!r}, '-o', {str(tmp_path / 'spec.yaml')!r}]))\n"
    )
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 6, proc.stderr[-2000:]
    assert "needs about" in proc.stderr and "big.csv" in proc.stderr
    assert time.perf_counter() - start < 60


def test_binary_file_given_to_deid_is_refused_from_its_first_bytes(tmp_path: Path) -> None:
    big = sparse(tmp_path / "huge.txt", 2 * GB)  # NUL bytes from the start
    tracemalloc.start()
    try:
        assert main(["deid", str(big), "-o", str(tmp_path / "out.txt")]) == 6
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024**2


DAMAGED = {
    "random.docx": os.urandom(3000),
    "zip-header.docx": b"PK\x03\x04" + b"\0" * 100,
    "empty.docx": b"",
    "random.pdf": os.urandom(3000),
    "truncated.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n",
    "empty.pdf": b"",
}


@pytest.mark.parametrize("name", list(DAMAGED))
def test_damaged_documents_given_to_deid_exit_6_naming_the_file(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(DAMAGED[name])
    assert main(["deid", str(path), "-o", str(tmp_path / "out")]) == 6
    err = capsys.readouterr().err
    assert name in err and "internal error" not in err
    assert not (tmp_path / "out").exists()


def test_empty_real_table_is_a_located_error_not_a_pass(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("a,b\n", encoding="utf-8")
    synthetic = _csv(tmp_path, "syn.csv")
    with pytest.raises(SpecError) as e:
        evaluate(str(real), str(synthetic))
    assert "real.csv: table 'real'" in str(e.value) and "no rows" in str(e.value)
    with pytest.raises(SpecError, match="table 'orders'"):
        evaluate({"orders": pl.DataFrame({"a": []}, schema={"a": pl.Int64})}, {"orders": pl.DataFrame({"a": [1]})})
    assert main(["evaluate", "--real", str(real), "--synthetic", str(synthetic), "-o", str(tmp_path / "rep")]) == 2
    assert not (tmp_path / "rep").exists()
