"""Evaluation refuses to compare what does not line up (issue 12): every class of mismatch is planted
in data made like UCI Adult's published files and must come back as a located error, or as a warning
with allow_mismatch, and nothing that cannot be computed honestly may pass."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.errors import DataValidationError
from simulacra.evaluation import evaluate
from simulacra.evaluation._align import MismatchError, align_inputs
from simulacra.evaluation.utility import utility

FAST = {"privacy": False, "detection_folds": 2}


def adult_like(n: int, seed: int, *, label_suffix: str = "") -> pl.DataFrame:
    """A small table shaped like UCI Adult (numbers, categories, a <=50K/>50K target that depends on them)."""
    rng = np.random.default_rng(seed)
    age = rng.integers(18, 80, n)
    hours = rng.integers(10, 70, n)
    work = rng.choice(["Private", "Self-emp", "State-gov"], n, p=[0.7, 0.2, 0.1])
    sex = rng.choice(["Male", "Female"], n)
    rich = (age / 80 + hours / 70 + rng.normal(0, 0.3, n)) > 1.1
    y = np.where(rich, ">50K", "<=50K")
    return pl.DataFrame(
        {"age": age, "workclass": work, "sex": sex, "hours-per-week": hours, "Y": [v + label_suffix for v in y]}
    )


def write_uci(frame: pl.DataFrame, path: Path) -> Path:
    """Written as UCI publishes it: ', ' between fields, in the header too (so names keep a leading blank)."""
    lines = [", ".join(frame.columns)] + [", ".join(str(v) for v in row) for row in frame.iter_rows()]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def sides() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    return adult_like(300, 1), adult_like(300, 2), adult_like(200, 3)


def test_the_uci_files_are_read_like_fit_reads_them(
    tmp_path: Path, sides: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]
) -> None:
    real, syn, hold = sides
    data = write_uci(real, tmp_path / "adult.data")  # '.data': fit reads it, so evaluate must
    syn.write_parquet(tmp_path / "synthetic.parquet")
    rep = evaluate(
        str(data),
        str(tmp_path / "synthetic.parquet"),
        holdout=write_uci(hold, tmp_path / "test.csv"),
        target=" Y",
        n_jobs=1,
        spec=FAST,
    )
    assert [c["name"] for c in rep.columns["data"]] == real.columns  # trimmed names, every column compared
    assert rep.summary["tstr_auc"] is not None and rep.warnings == []


def test_leading_blanks_in_names_are_aligned_not_silently_compared(
    sides: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame],
) -> None:
    real, syn, _ = sides
    spaced = real.rename({c: f" {c}" for c in real.columns[1:]})  # as pl.read_csv keeps UCI's header
    rep = evaluate(spaced, syn, target=" Y", n_jobs=1, spec=FAST)
    assert rep.inputs["tables"]["data"]["columns"] == 5 and rep.warnings == []


def test_every_mismatch_is_a_located_error(
    tmp_path: Path, sides: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]
) -> None:
    real, syn, hold = sides
    bad_syn = (
        syn.drop("sex")
        .with_columns(pl.col("age").cast(pl.String) + " years")  # a type that differs
        .with_columns(pl.lit(" Private").alias("workclass"), pl.lit(1).alias("extra"))
    )
    syn_path = tmp_path / "syn.parquet"
    bad_syn.write_parquet(syn_path)
    with pytest.raises(MismatchError) as err:
        evaluate(real, str(syn_path), holdout=hold, target="Y", n_jobs=1, spec=FAST)
    e = err.value
    assert isinstance(e, DataValidationError) and e.exit_code == 4
    where = {(p.location.file, p.location.column) for p in e.problems}
    assert where == {(str(syn_path), c) for c in ("sex", "extra", "age", "workclass")}
    text = str(e)
    assert "' Private'" in text and "'Private'" in text  # the unseen values and the real ones, side by side
    assert "--allow-mismatch" in text


def test_target_classes_that_differ_name_both_sets(sides: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]) -> None:
    real, syn, _ = sides
    dotted = adult_like(200, 3, label_suffix=".")  # UCI's adult.test: '<=50K.'
    with pytest.raises(MismatchError) as err:
        evaluate(real, syn, holdout=dotted, target="Y", n_jobs=1, spec=FAST)
    (p,) = err.value.problems
    assert p.location.file == "holdout" and p.location.column == "Y"
    assert "{'<=50K', '>50K'}" in p.message and "{'<=50K.', '>50K.'}" in p.message


def test_allow_mismatch_warns_and_never_passes_what_it_cannot_compute(
    sides: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame],
) -> None:
    real, syn, _ = sides
    dotted = adult_like(200, 3, label_suffix=".")
    rep = evaluate(
        real,
        syn.drop("sex"),
        holdout=dotted,
        target="Y",
        n_jobs=1,
        allow_mismatch=True,
        spec={"n_attacks": 50, "detection_folds": 2},
        thresholds={"quality": 0.1},
    )
    assert len(rep.warnings) == 2 and any("'sex'" in w for w in rep.warnings)
    assert "sex" not in [c["name"] for c in rep.columns["data"]]
    for m in ("tstr_auc", "trtr_auc", "membership_inference", "inference_risk", "dcr_share"):
        assert rep.summary[m] is None and rep.passed()[m] is None, m
    assert any(r.metric == "tstr_auc" and r.error and r.error.startswith("not computed") for r in rep.results)
    v = rep.verdict()
    assert v["state"] == "fail" and "2 input mismatch(es)" in v["text"] and "not computed" in v["text"]
    d = rep.to_dict()
    assert d["warnings"] == rep.warnings
    html = rep.to_html()
    assert "do not line up" in html and v["text"] in html


def test_header_agrees_with_the_cards(sides: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]) -> None:
    real, _, _ = sides
    shuffled = real.with_columns(pl.col("Y").shuffle(seed=1), pl.col("age").shuffle(seed=2))
    rep = evaluate(real, shuffled, target="Y", n_jobs=1, spec=FAST, thresholds={"coverage": 0.1})
    assert rep.ok  # the only gate passes ...
    below = [k for k, v in rep.passed().items() if v is False]
    assert below  # ... but some cards are red, so the header must not say only 'all gates pass'
    v = rep.verdict()
    assert v["state"] != "pass" and f"{len(below)} score(s) below threshold" in v["text"]
    assert v["text"] in rep.to_html()


def test_utility_refuses_labels_the_models_never_saw(sides: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]) -> None:
    from simulacra.evaluation import infer_columns

    real, syn, _ = sides
    dotted = adult_like(200, 3, label_suffix=".")
    res, run = utility(real, syn, dotted, "Y", infer_columns(real), seed=0)
    assert run is None and res[0].score is None and "never have" in (res[0].error or "")


def test_rare_holdout_categories_are_not_a_mismatch(sides: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]) -> None:
    real, syn, hold = sides
    hold = hold.with_columns(
        pl.when(pl.int_range(pl.len()) < 20)
        .then(pl.lit("Never-worked"))
        .otherwise(pl.col("workclass"))
        .alias("workclass")
    )  # 10% of rows: a value a sample missed
    al = align_inputs(real, syn, hold, target="Y", table="t", files={}, categorical=["workclass", "sex", "Y"])
    assert al.problems == []
    respelled = hold.with_columns(
        pl.when(pl.int_range(pl.len()) < 20).then(pl.lit("private")).otherwise(pl.col("workclass")).alias("workclass")
    )  # 10%: a spelling of 'Private'
    al = align_inputs(real, syn, respelled, target="Y", table="t", files={}, categorical=["workclass", "sex", "Y"])
    assert [p.location.column for p in al.problems] == ["workclass"] and "'private'" in al.problems[0].message


def test_text_dates_and_numbers_are_typed_like_the_other_side() -> None:
    real = pl.DataFrame({"d": ["2024-01-02", "2024-02-03"], "x": ["1", "2"]})
    syn = pl.DataFrame({"d": pl.Series([None, None]).cast(pl.Date).fill_null(pl.date(2024, 1, 5)), "x": [1, 3]})
    al = align_inputs(real, syn, None, target=None, table="t", files={})
    assert al.problems == [] and al.real.schema["d"] == pl.Date and al.real.schema["x"] == pl.Int64


def test_dates_kept_as_numbers_are_typed_like_the_other_side() -> None:
    """Berka's files keep dates as yymmdd integers; the synthetic side has real dates."""
    real = pl.DataFrame({"date": [930101, 931231, 970615], "n": [1, 2, 3]})
    syn = pl.DataFrame({"date": [dt.date(1994, 5, 1)] * 3, "n": [3, 2, 1]})
    al = align_inputs(real, syn, None, target=None, table="trans", files={})
    assert al.problems == [] and al.real["date"].to_list()[0].isoformat() == "1993-01-01"
    ages = pl.DataFrame({"date": [17, 230, 5], "n": [1, 2, 3]})  # numbers that are not dates stay a mismatch
    bad = align_inputs(ages, syn, None, target=None, table="t", files={})
    assert [p.location.column for p in bad.problems] == ["date"]
