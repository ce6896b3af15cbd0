"""``simulacra evaluate``: files in, report.html + report.json out, exit 9 when a gate fails."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.cli.main import main

DATA = Path(__file__).resolve().parents[1] / "data" / "evaluate"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("adult")
    adult = pl.read_csv(DATA / "adult_train.csv")
    out = {"real": d / "real.csv", "synthetic": d / "synthetic.parquet", "holdout": d / "holdout.csv"}
    adult[:500].write_csv(out["real"])
    adult[1000:1500].write_parquet(out["synthetic"])
    pl.read_csv(DATA / "adult_holdout.csv")[:500].write_csv(out["holdout"])
    return out


def run(*args: str) -> int:
    return main(list(args))


def test_writes_the_report_and_prints_the_summary(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report"
    code = run(
        "evaluate",
        "--real",
        str(files["real"]),
        "--synthetic",
        str(files["synthetic"]),
        "--holdout",
        str(files["holdout"]),
        "--target",
        "Y",
        "--slice",
        "sex,race",
        "-o",
        str(out),
        "--jobs",
        "1",
        "--fail-under",
        "quality=0.5",
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "Quality" in printed and "report.html" in printed
    data = json.loads((out / "report.json").read_text())
    assert {"quality", "detection_auc", "tstr_auc", "trtr_auc", "dcr_share", "inference_risk"} <= set(data["summary"])
    assert {s["column"] for s in data["slices"]} == {"sex", "race"}
    assert (out / "report.html").read_text().startswith("<!DOCTYPE html>")


def test_fail_under_exits_9(files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        "evaluate",
        "--real",
        str(files["real"]),
        "--synthetic",
        str(files["real"]),
        "-o",
        str(tmp_path / "r"),
        "--jobs",
        "1",
        "--fail-under",
        "exact_match_rate=0.9",
        "--json",
        "-q",
    )
    assert code == 9
    captured = capsys.readouterr()
    assert json.loads(captured.out)["ok"] is False
    assert "exact_match_rate: score 0.000 < 0.9" in captured.err
    assert (tmp_path / "r" / "report.html").exists()  # the report is written before the gate fails


def test_spec_thresholds_gate_too(files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "eval.yaml"
    spec.write_text("target: Y\nthresholds: {tstr_auc: 0.99}\nprivacy: false\ndetection_folds: 3\n")
    code = run(
        "evaluate",
        "--real",
        str(files["real"]),
        "--synthetic",
        str(files["synthetic"]),
        "--holdout",
        str(files["holdout"]),
        "--spec",
        str(spec),
        "-o",
        str(tmp_path / "r"),
        "--jobs",
        "1",
        "-q",
    )
    assert code == 9
    assert "tstr_auc" in capsys.readouterr().err


def test_usage_errors(files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            "evaluate",
            "--real",
            str(files["real"]),
            "--synthetic",
            str(files["synthetic"]),
            "-o",
            str(tmp_path / "r"),
            "--fail-under",
            "qualty=0.8",
        )
        == 2
    )
    assert "did you mean 'quality'" in capsys.readouterr().err
    assert (
        run(
            "evaluate",
            "--real",
            str(tmp_path / "missing.csv"),
            "--synthetic",
            str(files["synthetic"]),
            "-o",
            str(tmp_path / "r"),
        )
        == 6
    )
    assert "does not exist" in capsys.readouterr().err
    assert run("evaluate", "--help") == 0


def test_multi_table_folders_and_generations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def dataset(seed: int, folder: Path, scale: float = 1.0) -> Path:
        rng = np.random.default_rng(seed)
        n = 150
        tier = rng.choice(["gold", "basic"], n, p=[0.3, 0.7])
        cid = np.repeat(np.arange(n), np.where(tier == "gold", rng.poisson(4, n), rng.poisson(1, n)))
        folder.mkdir()
        pl.DataFrame({"id": np.arange(n), "tier": tier, "age": rng.integers(18, 80, n)}).write_csv(
            folder / "customers.csv"
        )
        pl.DataFrame(
            {"id": np.arange(cid.size), "customer_id": cid, "amount": rng.normal(100, 30 * scale, cid.size)}
        ).write_csv(folder / "orders.csv")
        return folder

    real, syn = dataset(0, tmp_path / "real"), dataset(1, tmp_path / "syn")
    out = tmp_path / "report"
    assert run("evaluate", "--real", str(real), "--synthetic", str(syn), "-o", str(out), "--jobs", "1", "-q") == 0
    data = json.loads((out / "report.json").read_text())
    assert data["summary"]["referential_integrity"] == 1.0
    assert data["inputs"]["multi_table"] is True and data["sections"]["relations"] == [
        "orders.customer_id -> customers.id"
    ]
    assert data["summary"]["cardinality"] is not None

    gens = [dataset(10 + g, tmp_path / f"g{g}", scale=0.6**g) for g in range(1, 4)]
    real_orders = real / "orders.csv"
    out2 = tmp_path / "collapse"
    assert (
        run(
            "evaluate",
            "--real",
            str(real_orders),
            "--generations",
            ",".join(str(g / "orders.csv") for g in gens),
            "-o",
            str(out2),
            "--jobs",
            "1",
            "-q",
        )
        == 0
    )
    rows = json.loads((out2 / "report.json").read_text())["sections"]["collapse"]
    assert [r["generation"] for r in rows] == [1, 2, 3]
    assert rows[0]["variance_ratio"] > rows[1]["variance_ratio"] > rows[2]["variance_ratio"]
    assert "Generations" in (out2 / "report.html").read_text()


def test_a_sample_written_in_its_sources_form_lines_up_with_the_source(tmp_path: Path) -> None:
    """inspect -> fit -> sample --format csv -> evaluate against the raw source: a new user's first loop.

    The sample is written back in the source's form (yymmdd text dates, '?' for missing numbers,
    blanks for missing categories); evaluate types every input by the real data's inspection,
    so nothing is reported as a mismatch that is only a spelling of the same thing."""
    berka = Path(__file__).resolve().parents[1] / "data" / "berka_sample"
    model, syn, rep = tmp_path / "model", tmp_path / "syn", tmp_path / "report"
    assert run("fit", str(berka), "-o", str(model), "-q") == 0
    assert run("sample", str(model), "-o", str(syn), "--format", "csv", "--seed", "1", "-q") == 0
    assert run("evaluate", "--real", str(berka), "--synthetic", str(syn), "-o", str(rep), "-q") in (0, 9)
    report = json.loads((rep / "report.json").read_text())
    assert not report.get("warnings"), report.get("warnings")
    assert any(r.get("score") is not None for r in report["metrics"])


def test_missing_value_markers_of_a_sample_count_as_missing(tmp_path: Path) -> None:
    # the source writes '?' for a missing category (UCI style); the sample writes '?' back; evaluate reads
    # both with fit's reader, so the missing shares compare as missing, not as a category '?'
    rng = np.random.default_rng(5)
    n = 600
    job = rng.choice(["clerk", "nurse", "driver", "?"], size=n, p=[0.3, 0.3, 0.2, 0.2])
    real = pl.DataFrame({"age": rng.integers(18, 80, n), "job": job, "hours": rng.integers(10, 60, n)})
    src, model, syn, rep = tmp_path / "people.csv", tmp_path / "m", tmp_path / "syn.csv", tmp_path / "r"
    real.write_csv(src)
    assert run("fit", str(src), "-o", str(model), "-q") == 0
    assert run("sample", str(model), "-o", str(syn), "--seed", "3", "-q") == 0
    assert "?" in syn.read_text()  # written in the source's form
    assert run("evaluate", "--real", str(src), "--synthetic", str(syn), "-o", str(rep), "-q") in (0, 9)
    report = json.loads((rep / "report.json").read_text())
    pattern = [m for m in report["metrics"] if m["metric"] == "missing_pattern_similarity"]
    assert pattern and pattern[0]["score"] > 0.95, pattern
    assert not report.get("warnings")


def test_copies_of_the_real_rows_are_called_out(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the real rows again as the synthetic set: detection AUC far below chance, which is what copies do
    copies = tmp_path / "copies.csv"
    pl.read_csv(files["real"]).sample(fraction=1.0, shuffle=True, seed=2).write_csv(copies)
    code = run("evaluate", "--real", str(files["real"]), "--synthetic", str(copies), "-o", str(tmp_path / "r"))
    printed = capsys.readouterr().out
    assert code == 0
    assert "note: Detection ROC AUC" in printed and "copies" in printed
    det = json.loads((tmp_path / "r" / "report.json").read_text())
    assert det["summary"]["detection_auc"] < 0.3
