"""Fidelity metrics: exact formulas on small cases, honesty on Adult, agreement with SDMetrics."""

from __future__ import annotations

import warnings
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest
from tests.unit.evaluate.helpers import independent_marginals, shuffle_columns

from simulacra.evaluation import fidelity
from simulacra.evaluation._frames import ColumnInfo, infer_columns


def test_ks_complement_exact() -> None:
    a = np.array([1.0, 2.0, 3.0, 4.0])
    assert fidelity.ks_complement(a, a) == 1.0
    assert fidelity.ks_complement(a, a + 10) == 0.0
    assert fidelity.ks_complement(a, np.array([1.0, 2.0, np.nan])) == pytest.approx(0.5)  # D = 1 - 0.5


def test_tv_complement_exact() -> None:
    r = np.array([0, 0, 1, 1])
    s = np.array([0, 0, 0, 1])
    assert fidelity.tv_complement(r, s) == pytest.approx(0.75)
    assert fidelity.tv_complement(r, np.array([2, 2])) == 0.0


def test_real_against_itself_scores_best(train: pl.DataFrame) -> None:
    q = fidelity.quality(train, train)
    assert q.score == q.column_shapes == q.column_pair_trends == 1.0
    cov = fidelity.coverage(train, train, infer_columns(train))
    assert cov and all(r.score == 1.0 for r in cov)
    missing = fidelity.missing_values(train, train, infer_columns(train))
    assert missing and all(r.score == 1.0 for r in missing)


def test_shuffled_columns_keep_shapes_lose_pair_trends(train: pl.DataFrame) -> None:
    q = fidelity.quality(train, shuffle_columns(train))
    assert q.column_shapes == 1.0  # a permutation keeps every marginal exactly
    assert q.column_pair_trends is not None and q.column_pair_trends < 0.8
    fresh_q = fidelity.quality(train, train.sample(fraction=1.0, shuffle=True, seed=1))
    assert fresh_q.column_pair_trends == 1.0


def test_independent_marginals_pass_shapes_fail_pairs_and_detection(train: pl.DataFrame, fresh: pl.DataFrame) -> None:
    indep = independent_marginals(train, 1000)
    infos = infer_columns(train)
    q = fidelity.quality(train, indep, infos)
    assert q.column_shapes is not None and q.column_shapes > 0.9
    assert q.column_pair_trends is not None and q.column_pair_trends < 0.8
    auc_indep, _ = fidelity.detection_auc(train, indep, infos, folds=3)
    auc_fresh, std = fidelity.detection_auc(train, fresh, infos, folds=3)
    assert auc_indep > 0.85
    assert auc_fresh < 0.6 and std < 0.1


def test_pair_thresholds_follow_sdmetrics() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=500)
    real = pl.DataFrame({"x": x, "y": x + rng.normal(scale=0.1, size=500), "z": rng.normal(size=500)})
    pairs = {r.columns: r for r in fidelity.column_pair_trends(real, real, infer_columns(real))}
    assert pairs[("x", "y")].details["counts"] is True
    assert pairs[("x", "z")].details["counts"] is False  # |r| <= 0.5: reported, not counted


def test_constant_column_gives_an_error_not_a_crash() -> None:
    real = pl.DataFrame({"a": [1.0] * 20, "b": np.arange(20.0)})
    pairs = fidelity.column_pair_trends(real, real, infer_columns(real))
    assert pairs[0].error and pairs[0].score is None


def _sdm_metadata(infos: list[ColumnInfo]) -> dict[str, object]:
    kinds = {"numeric": "numerical", "datetime": "datetime", "categorical": "categorical", "boolean": "boolean"}
    return {"tables": {"t": {"columns": {i.name: {"sdtype": kinds[i.kind]} for i in infos if i.kind in kinds}}}}


@pytest.mark.parametrize("case", ["holdout", "independent", "shuffled"])
def test_agrees_with_sdmetrics(case: str, train: pl.DataFrame, adult_holdout: pl.DataFrame) -> None:
    # a date column too, so the datetime path is compared
    def with_date(f: pl.DataFrame, shift: int) -> pl.DataFrame:
        days = (f["age"] * 97 + f["hours-per-week"] * 3 + shift) % 3000
        return f.with_columns(pl.Series("since", [date(2015, 1, 1) + timedelta(days=int(d)) for d in days]))

    real = with_date(train, 0)
    synth = {
        "holdout": with_date(adult_holdout, 5),
        "independent": independent_marginals(real, 800, seed=2),
        "shuffled": shuffle_columns(real, seed=3),
    }[case]
    infos = infer_columns(real)
    q = fidelity.quality(real, synth, infos)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning, module=r"sdmetrics(\.|$)")
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"(sdmetrics|pandas|plotly)(\.|$)")
        warnings.filterwarnings("ignore", category=UserWarning, module=r"sdmetrics(\.|$)")
        from sdmetrics.column_pairs import ContingencySimilarity, CorrelationSimilarity
        from sdmetrics.reports import QualityReport
        from sdmetrics.single_column import KSComplement, TVComplement

        rp, sp = real.to_pandas(), synth.to_pandas()
        report = QualityReport()
        report.generate({"t": rp}, {"t": sp}, _sdm_metadata(infos), verbose=False)
        props = report.get_properties().set_index("Property")["Score"]
        assert q.score == pytest.approx(report.get_score(), abs=0.01)
        assert q.column_shapes == pytest.approx(props["Column Shapes"], abs=0.01)
        assert q.column_pair_trends == pytest.approx(props["Column Pair Trends"], abs=0.01)
        shapes = {r.columns[0]: r.score for r in q.shapes}
        assert shapes["age"] == pytest.approx(KSComplement.compute(rp["age"], sp["age"]), abs=0.01)
        assert shapes["since"] == pytest.approx(KSComplement.compute(rp["since"], sp["since"]), abs=0.01)
        assert shapes["race"] == pytest.approx(TVComplement.compute(rp["race"], sp["race"]), abs=0.01)
        pairs = {r.columns: r.score for r in q.pairs}
        corr = CorrelationSimilarity.compute(rp[["age", "hours-per-week"]], sp[["age", "hours-per-week"]])
        assert pairs[("age", "hours-per-week")] == pytest.approx(corr, abs=0.01)
        cont = ContingencySimilarity.compute(rp[["workclass", "sex"]], sp[["workclass", "sex"]])
        assert pairs[("workclass", "sex")] == pytest.approx(cont, abs=0.01)
        details = report.get_details("Column Pair Trends", table_name="t")
        compared = 0
        for a, b, s in zip(details["Column 1"], details["Column 2"], details["Score"], strict=True):
            if not np.isnan(s):
                assert pairs[(a, b)] == pytest.approx(s, abs=0.01), (a, b)
                compared += 1
        assert compared >= 10


def test_copies_of_the_real_rows_do_not_pass_detection(train: pl.DataFrame, fresh: pl.DataFrame) -> None:
    # a detector that is wrong in every fold is a detector: copies used to score AUC ~0.05 -> 1.0 (a pass)
    infos = infer_columns(train)
    copies, _ = fidelity.detection(train, train.sample(fraction=1.0, shuffle=True, seed=3), infos, folds=3)
    half = pl.concat([train.head(train.height // 2), fresh.head(train.height - train.height // 2)])
    some, _ = fidelity.detection(train, half, infos, folds=3)
    honest, _ = fidelity.detection(train, fresh, infos, folds=3)
    assert copies.raw is not None and copies.raw < 0.3 and copies.score is not None and copies.score < 0.5
    assert copies.details["below_chance"] and "copies" in copies.details["note"]
    assert some.details["below_chance"] and some.score is not None and some.score < honest.score  # type: ignore[operator]
    assert not honest.details["below_chance"] and honest.score is not None and honest.score > 0.8
