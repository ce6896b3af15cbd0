"""`simulacra pipeline run`: a folder with data, manifest, report and card; bad input exits 2 with file:line, nothing written."""

from __future__ import annotations

import json
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


def test_pipeline_lineage_lists_every_generation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pl.DataFrame({"text": [f"text number {i}" for i in range(20)], "scenario": ["a", "b"] * 10}).write_parquet(
        tmp_path / "s.parquet"
    )
    (tmp_path / "g1.yaml").write_text(
        "name: g1\nsources:\n  s: {path: s.parquet, licence: MIT}\nsteps:\n  - cap: {column: scenario, max: 100}\n"
    )
    (tmp_path / "g2.yaml").write_text(
        "name: g2\nsources:\n  s: {path: g1/data.parquet, licence: MIT}\nsteps:\n"
        "  - balance: {column: scenario, distribution: {a: 0.8, b: 0.2}}\n"
    )
    for g in ("g1", "g2"):
        assert main(["pipeline", "run", str(tmp_path / f"{g}.yaml"), "-o", str(tmp_path / g), "-q"]) == 0
    capsys.readouterr()
    assert main(["pipeline", "lineage", str(tmp_path / "g2"), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["dataset"] for r in rows] == ["g1", "g2"]
    assert rows[0]["scenario_top_share"] == 0.5 and rows[1]["scenario_top_share"] >= 0.8
    assert main(["pipeline", "lineage", str(tmp_path / "nope")]) != 0
    assert "manifest.json" in capsys.readouterr().err
