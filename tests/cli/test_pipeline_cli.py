"""`simulacra pipeline run`: a folder with data, manifest, report and card; bad input exits 2 with file:line, nothing written."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from simulacra.cli.main import main


def test_pipeline_run_writes_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pl.DataFrame(
        {"text": ["a long enough text here", "a long enough text here", "another one entirely"]}
    ).write_parquet(tmp_path / "s.parquet")
    (tmp_path / "p.yaml").write_text(
        "name: t\nsources:\n  s: {path: s.parquet, licence: MIT}\nsteps:\n  - dedupe: {text: text, threshold: 0.8}\n"
    )
    rc = main(["pipeline", "run", str(tmp_path / "p.yaml"), "-o", str(tmp_path / "out")])
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert {p.name for p in (tmp_path / "out").iterdir()} == {
        "data.parquet",
        "manifest.json",
        "report.json",
        "card.md",
        "card.json",
    }
    assert pl.read_parquet(tmp_path / "out" / "data.parquet").height == 2
    assert "exact_duplicate: 1" in out.out
    assert main(["pipeline", "run", str(tmp_path / "p.yaml"), "-o", str(tmp_path / "out")]) == 5  # exists
    assert "--replace" in capsys.readouterr().err
    assert main(["pipeline", "run", str(tmp_path / "p.yaml"), "-o", str(tmp_path / "out"), "--replace"]) == 0


def test_pipeline_run_bad_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.yaml").write_text("sources:\n  s: {path: s.parquet}\nsteps:\n  - nope: {}\n")
    rc = main(["pipeline", "run", str(tmp_path / "p.yaml"), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert rc == 2
    assert "p.yaml:4: unknown step 'nope'" in err and "p.yaml:2: source 's': s.parquet not found" in err
    assert not (tmp_path / "out").exists()


def test_export_cli_errors_are_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["export", str(tmp_path / "none.db"), "--task", "extract", "-o", str(tmp_path / "out")])
    assert rc == 2 and "did you mean 'extraction'" in capsys.readouterr().err
    rc = main(["export", str(tmp_path), "--task", "entities", "-o", str(tmp_path / "out")])
    assert rc == 6 and "no documents found" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
