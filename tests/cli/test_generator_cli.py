"""`spec validate` refuses what `generate` would; a unique column a scenario repeats exits 3 with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulacra.cli.main import main

BASE = """\
tables:
  depts:
    rows: 3
    primary_key: id
    columns:
      id: sequence
  people:
    rows: 20
    primary_key: id
    columns:
      id: sequence
      hired: {generator: date, start: 2024-01-01, end: 2024-12-31}
      x: COLUMN
"""


@pytest.mark.parametrize(
    ("column", "line", "message"),
    [
        (
            "{generator: case, cases: [{when: 'id > 3', then: {generator: foreign_key, references: depts.id}}], else: 0}",
            13,
            "case branch cannot be a foreign_key",
        ),
        ("{generator: expression, expr: 'hired * 2'}", 13, "cannot be evaluated"),
        ("{generator: pattern, pattern: '#', unique: true}", 13, "at most 10 distinct values"),
    ],
)
def test_spec_validate_refuses_what_generate_would(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, line: int, message: str
) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(BASE.replace("COLUMN", column))
    assert main(["spec", "validate", str(spec)]) == 2
    err = capsys.readouterr().err
    assert f"{spec}:{line}:" in err and message in err and "internal error" not in err
    assert main(["generate", str(spec), "-o", str(tmp_path / "out"), "--format", "csv", "-q"]) == 2
    assert not (tmp_path / "out").exists()


def test_duplicates_a_scenario_forces_are_an_error_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        BASE.replace("COLUMN", "{generator: pattern, pattern: 'IBAN{seq:06d}', unique: true}")
        + """\
scenarios:
  - {name: ghost, table: people, rate: 0.3, labels: {ghost: 1}, columns: {x: {generator: constant, value: SHARED}}}
"""
    )
    assert main(["spec", "validate", str(spec)]) == 0
    for out in (tmp_path / "out", tmp_path / "out.db"):
        assert (
            main(["generate", str(spec), "-o", str(out), "--format", "parquet" if out.suffix == "" else "sqlite", "-q"])
            == 3
        )
        assert "unique" in capsys.readouterr().err
        assert not out.exists()
