"""The Report, the metric protocol and column typing."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulacra.errors import SimulacraError, SpecError
from simulacra.evaluation import evaluate, fidelity, load_evaluation_spec
from simulacra.evaluation._frames import infer_columns
from simulacra.evaluation._types import EvaluationFailedError, failed, guarded, result
from simulacra.evaluation.report import parse_threshold


def test_column_typing() -> None:
    n = 100
    frame = pl.DataFrame(
        {
            "customer_id": np.arange(n),
            "email": [f"u{i}@x.org" for i in range(n)],
            "note": [f"the customer said item {i} was late again" for i in range(n)],
            "city": ["a", "b"] * 50,
            "amount": np.linspace(0, 1, n),
            "ok": [True, False] * 50,
            "at": [datetime(2024, 1, 1) + timedelta(hours=i) for i in range(n)],
        }
    )
    kinds = {i.name: i.kind for i in infer_columns(frame)}
    assert kinds == {
        "customer_id": "skip",
        "email": "skip",
        "note": "text",
        "city": "categorical",
        "amount": "numeric",
        "ok": "boolean",
        "at": "datetime",
    }
    assert {i.name: i.kind for i in infer_columns(frame, {"city": "pii"})}["city"] == "skip"


def test_result_never_holds_nan() -> None:
    r = result("m", float("nan"), float("nan"))
    assert r.error and r.score is None and r.raw is None
    assert result("m", 2.0, 1.7).score == 1.0
    assert failed("m", "why").to_dict()["error"] == "why"


def test_guarded_turns_a_crash_into_a_result() -> None:
    def boom() -> list:
        raise ZeroDivisionError("division by zero")

    (r,) = guarded("x", boom)
    assert r.error == "ZeroDivisionError: division by zero" and r.score is None


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(5, 60), st.integers(5, 60))
def test_scores_lie_in_unit_interval_and_self_is_best(seed: int, n_real: int, n_syn: int) -> None:
    rng = np.random.default_rng(seed)
    real = pl.DataFrame(
        {"x": rng.normal(size=n_real), "c": rng.choice(["a", "b", "c"], n_real), "y": rng.integers(0, 5, n_real)}
    )
    syn = pl.DataFrame(
        {"x": rng.normal(1, 2, n_syn), "c": rng.choice(["a", "d"], n_syn), "y": rng.integers(0, 9, n_syn)}
    )
    infos = infer_columns(real)
    q = fidelity.quality(real, syn, infos)
    self_q = fidelity.quality(real, real, infos)
    for r in [*q.shapes, *q.pairs, *fidelity.coverage(real, syn, infos), *fidelity.missing_values(real, syn, infos)]:
        assert r.score is None or 0 <= r.score <= 1
    assert self_q.score == 1.0 and (q.score is None or q.score <= 1.0)


def test_parse_threshold() -> None:
    assert parse_threshold("quality=0.8") == ("quality", 0.8)
    with pytest.raises(SpecError, match="did you mean 'quality'"):
        parse_threshold("qualty=0.8")
    with pytest.raises(SpecError, match=r"\[0, 1\]"):
        parse_threshold("quality=3")
    with pytest.raises(SpecError, match="METRIC=VALUE"):
        parse_threshold("quality")


def test_spec_errors_name_the_file(tmp_path: Path) -> None:
    f = tmp_path / "eval.yaml"
    f.write_text("target: Y\nslices: [sex]\nbogus: 1\n")
    with pytest.raises(SpecError, match=r"eval.yaml: bogus: Extra inputs"):
        load_evaluation_spec(f)
    f.write_text("columns: {a: wrong}\n")
    with pytest.raises(SpecError, match="unknown kind"):
        load_evaluation_spec(f)
    assert load_evaluation_spec({"target": "Y"}).target == "Y"


@pytest.fixture(scope="module")
def small_report(train: pl.DataFrame, fresh: pl.DataFrame, adult_holdout: pl.DataFrame):  # type: ignore[no-untyped-def]
    return evaluate(
        train[:400],
        fresh[:400],
        holdout=adult_holdout[:400],
        target="Y",
        slices=["sex"],
        thresholds={"quality": 0.5},
        spec={"n_attacks": 200, "detection_folds": 3},
        seed=3,
    )


def test_report_json_is_flat_and_finite(small_report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = json.loads(small_report.to_json())
    for key in (
        "quality",
        "column_shapes",
        "column_pair_trends",
        "detection_auc",
        "tstr_auc",
        "trtr_auc",
        "dcr_share",
        "exact_match_rate",
        "nndr",
        "singling_out_risk",
        "linkability_risk",
        "inference_risk",
    ):
        assert isinstance(d["summary"][key], float), key
        assert 0 <= d["scores"][key] <= 1, key
    assert all(not isinstance(v, dict | list) for v in d["summary"].values())
    assert d["ok"] is True and d["gates"] == {"quality": 0.5}
    assert d["slices"] and d["slices"][0]["column"] == "sex"
    text = small_report.to_json()
    assert "NaN" not in text and "Infinity" not in text
    out = small_report.write(tmp_path / "r")
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json"]  # no temp files left
    assert json.loads((out / "report.json").read_text())["summary"] == d["summary"]


def test_same_seed_same_report(small_report, train, fresh, adult_holdout) -> None:  # type: ignore[no-untyped-def]
    again = evaluate(
        train[:400],
        fresh[:400],
        holdout=adult_holdout[:400],
        target="Y",
        slices=["sex"],
        thresholds={"quality": 0.5},
        spec={"n_attacks": 200, "detection_folds": 3},
        seed=3,
    )
    assert again.summary == small_report.summary
    assert again.slices == small_report.slices


def test_failures_and_gates(small_report) -> None:  # type: ignore[no-untyped-def]
    # a copy with other gates: the module-scoped report stays as the other tests expect it
    gated = dataclasses.replace(small_report, gates={"quality": 0.999, "trtr_r2": 0.5})
    fails = gated.failures()
    assert any(f.startswith("quality: score") for f in fails) and any(f.startswith("trtr_r2: no score") for f in fails)
    assert not gated.ok and small_report.ok
    assert issubclass(EvaluationFailedError, SimulacraError) and EvaluationFailedError.exit_code == 9


def test_bad_arguments_raise_clear_errors(train: pl.DataFrame) -> None:
    with pytest.raises(SpecError, match="target 'YY' is not a column.*did you mean 'Y'"):
        evaluate(train[:50], train[50:100], target="YY")
    with pytest.raises(SpecError, match="slice column"):
        evaluate(train[:50], train[50:100], slices=["nope"])
    with pytest.raises(SpecError, match="synthetic"):
        evaluate(train[:50], None)


def test_a_metric_that_cannot_run_does_not_sink_the_report() -> None:
    real = pl.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "c": ["a", "b", "a", "b"]})
    syn = pl.DataFrame({"x": [None, None], "c": ["a", "a"]}, schema={"x": pl.Float64, "c": pl.String})
    rep = evaluate(real, syn, holdout=real)
    errors = {r.metric for r in rep.results if r.error}
    assert "detection_auc" in errors and "ks_complement" in errors
    assert rep.summary["quality"] is not None and not math.isnan(rep.summary["quality"])
    assert "<html" in rep.to_html()
