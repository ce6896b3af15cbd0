"""`simulacra inspect`: summary, spec draft on disk, errors with exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulacra.cli.main import main
from simulacra.spec import load_spec

DATA = Path(__file__).resolve().parents[1] / "data"


def test_inspect_berka_writes_a_spec_that_generates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "berka.yaml"
    assert main(["inspect", str(DATA / "berka_sample"), "-o", str(spec)]) == 0
    out = capsys.readouterr().out
    for word in ("district", "A1", "trans_id", "foreign keys", "inferred", "district.A1", "pii:national_id", "wrote"):
        assert word in out, word
    assert set(load_spec(spec).tables) == {"account", "card", "client", "disp", "district", "loan", "order", "trans"}
    db = tmp_path / "out.db"
    assert main(["generate", str(spec), "-o", str(db), "-q"]) == 0 and db.exists()


def test_inspect_tables_and_sample_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "s.yaml"
    assert (
        main(
            [
                "inspect",
                str(DATA / "berka_sample"),
                "--tables",
                "district,account",
                "--sample-rows",
                "50",
                "-o",
                str(spec),
                "-q",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == ""
    assert list(load_spec(spec).tables) == ["district", "account"]


def test_inspect_errors_exit_with_the_source_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n3\n")
    assert main(["inspect", str(bad)]) == 6
    err = capsys.readouterr().err
    assert "bad.csv:3" in err and "expected 2 fields" in err
    assert main(["inspect", str(bad), "--on-bad-rows", "skip", "-q"]) == 0
    assert main(["inspect", str(tmp_path / "missing")]) == 6
    assert main(["inspect", str(DATA / "berka_sample"), "--tables", "acount"]) == 6
    assert "did you mean 'account'" in capsys.readouterr().err


def test_inspect_never_overwrites_a_draft_without_replace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A draft is reviewed and edited by hand: rerunning inspect used to overwrite it silently."""
    spec = tmp_path / "s.yaml"
    spec.write_text("# my reviewed draft\n")
    assert main(["inspect", str(DATA / "berka_sample"), "--tables", "district", "-o", str(spec), "-q"]) != 0
    assert "--replace" in capsys.readouterr().err
    assert spec.read_text() == "# my reviewed draft\n"  # untouched
    assert (
        main(["inspect", str(DATA / "berka_sample"), "--tables", "district", "-o", str(spec), "-q", "--replace"]) == 0
    )
    assert list(load_spec(spec).tables) == ["district"]
