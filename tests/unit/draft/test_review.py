"""`draft --review`: plausibility checks on generated data and bounded repairs, each reported."""

from __future__ import annotations

from pathlib import Path

import polars as pl

import simulacra
from simulacra.draft import draft
from simulacra.draft.review import review_spec

SPEC = {
    "name": "r",
    "tables": {
        "students": {
            "rows": 400,
            "primary_key": "sid",
            "columns": {
                "sid": {"generator": "sequence"},
                "score": {"generator": "normal", "mean": 80, "std": 30, "min": 0, "max": 100, "round": 0},
                "income": {"generator": "lognormal", "median": 30000, "sigma": 1.5, "max": 100000},
                "age": {"generator": "integer", "low": 18, "high": 30},
            },
        },
        "rooms": {"rows": 20, "primary_key": "rid", "columns": {"rid": {"generator": "sequence"}}},
    },
    "scenarios": [
        {
            "name": "rare",
            "table": "students",
            "rate": 0.0001,
            "labels": {"is_rare": 1},
            "columns": {"age": {"generator": "constant", "value": 18}},
        },
        {"name": "label_only", "table": "students", "rate": 0.1, "labels": {"flagged": 1}},
    ],
}


def test_review_repairs_within_bounds_and_reports_each_change() -> None:
    r = review_spec(SPEC, seed=1)
    spec = r.spec
    # the empty scenario gets exactly one row; its asked rate is reported, not silently dropped
    rare = next(s for s in spec["scenarios"] if s["name"] == "rare")
    assert rare.get("count") == 1 and "rate" not in rare
    assert any("scenario 'rare' got no row" in c for c in r.changes)
    # clipped distributions get a narrower spread around the same centre
    score = spec["tables"]["students"]["columns"]["score"]
    assert score["mean"] == 80 and score["std"] < 30
    assert abs(score["std"] - 20 / 2.326) < 0.01
    income = spec["tables"]["students"]["columns"]["income"]
    assert income["median"] == 30000 and income["sigma"] < 1.5
    assert any("column 'score'" in c and "std 30 ->" in c for c in r.changes)
    assert any("column 'income'" in c and "sigma 1.5 ->" in c for c in r.changes)
    # after the repair, few draws are clipped and the scenario has its row
    frame = r.frames["students"]
    assert (frame["score"] >= 100).mean() < 0.02
    assert int((frame["is_rare"] == 1).sum()) == 1
    # what cannot be repaired is reported
    assert any("scenario 'label_only' changes no column" in f for f in r.findings)
    assert any("table 'rooms' is linked to no other table" in f for f in r.findings)
    assert any("table 'students' is linked to no other table" in f for f in r.findings)
    # the input is not modified; a repaired spec still validates and its data passes
    assert SPEC["tables"]["students"]["columns"]["score"]["std"] == 30
    simulacra.validate(spec, simulacra.generate(spec, seed=2).frames)


def test_a_sound_draft_needs_no_change() -> None:
    d = draft("a shop: 300 customers, orders with a 2% fraud rate and payments")
    r = review_spec(d.spec, seed=1)
    assert r.changes == [] and r.findings == []


def test_cli_review_writes_the_repaired_spec_and_lists_the_changes(tmp_path: Path, capsys) -> None:
    from simulacra.cli.main import main

    out = tmp_path / "s.yaml"
    # the catalogue's typical rate, assumed (no rate asked), is repaired; a rate asked is kept (draft62)
    assert main(["draft", "a bank with 10 loans and defaults", "-o", str(out), "--review"]) == 0
    text = out.read_text()
    printed = capsys.readouterr().out
    assert "scenario 'default' got no row" in printed and "review changed: scenario 'default'" in text
    spec = simulacra.load_spec(out)
    assert spec.scenarios[0].count == 1
    frames = simulacra.generate(out, seed=0).frames
    assert int((frames["loans"]["defaulted"] == 1).sum()) == 1
    assert isinstance(frames["loans"], pl.DataFrame)


def test_a_large_draft_is_reviewed_on_a_sample_and_says_so(monkeypatch) -> None:
    from simulacra.draft import review

    monkeypatch.setattr(review, "MAX_REVIEW_ROWS", 2_000)
    spec = {
        "name": "big",
        "tables": {
            "events": {
                "rows": 20_000,
                "primary_key": "id",
                "columns": {"id": {"generator": "sequence"}, "v": {"generator": "integer", "low": 1, "high": 9}},
            }
        },
        "scenarios": [
            {
                "name": "odd",
                "table": "events",
                "rate": 0.0002,
                "labels": {"odd": 1},
                "columns": {"v": {"generator": "constant", "value": 9}},
            }
        ],
    }
    r = review.review_spec(spec, seed=1)
    assert r.frames["events"].height == 2_000
    assert any("reviewed on a sample: --scale 0.1 of about 20,000 rows" in f for f in r.findings)
    # 0.0002 x 20,000 = 4 rows expected at full size: no repair even if the sample has none
    assert r.changes == [] and r.spec["scenarios"][0]["rate"] == 0.0002
