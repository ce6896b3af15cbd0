"""The --engine options of generate, sample and deid are checked one way (cli/_args.check_engine)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulacra.cli.main import main


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["generate", "example:shop", "--engine", "spark"], "unknown engine 'spark'"),
        (["generate", "example:shop", "--workers", "2"], "--workers needs --engine dask"),
        (
            ["generate", "example:shop", "--scheduler", "tcp://127.0.0.1:1", "--partition-rows", "9"],
            "need --engine dask",
        ),
        (["sample", "model", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
        (["sample", "model", "--engine", "dask", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "not both"),
        (["deid", "in.txt", "--partitions", "2"], "--partitions needs --engine dask"),
    ],
)
def test_engine_options_are_refused_before_any_work(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main([*argv, "-o", str(out)]) != 0
    err = re.sub(r"[│╭╮╰╯─]", " ", capsys.readouterr().err)  # rich draws a box and wraps inside it
    assert message in " ".join(err.split())
    assert not out.exists()


def test_deid_keeps_local_worker_processes(tmp_path: Path) -> None:
    """--workers is not Dask-only for deid (local worker processes): a local run with it goes through."""
    src = tmp_path / "note.txt"
    src.write_text("Laura Chen called Marcus Webb from Denver on 2024-03-01.\n")
    out = tmp_path / "out"
    assert main(["deid", str(src), "-o", str(out), "--workers", "2", "-q"]) == 0
    written = (out / "note.txt").read_text() if out.is_dir() else out.read_text()
    assert "Laura Chen" not in written and written.strip()
