"""The HR example through the command line; a misuse of a new spec feature exits 2 with file:line, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulacra.cli.main import main
from simulacra.examples import example_path


def test_hr_example_generates_and_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hr.db"
    assert main(["spec", "validate", "example:hr"]) == 0
    assert main(["generate", "example:hr", "-o", str(out)]) == 0
    assert main(["validate", "example:hr", str(out)]) == 0
    cap = capsys.readouterr()
    text = cap.out + cap.err
    assert "scenario 'ghost' has exactly 5 rows" in text and "process moves only along declared transitions" in text


def test_a_never_ending_process_is_refused_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = example_path("hr").read_text().replace("closed: {}", "closed: {next: {reopened: 1}}")
    bad = tmp_path / "hr.yaml"
    bad.write_text(text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.strip() == "states:")
    out = tmp_path / "hr.db"
    assert main(["spec", "validate", str(bad)]) == 2
    assert main(["generate", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:{line}:" in err and "never ends" in err
    assert not out.exists()
