"""Metric classes: declared once, registered by name, the report's tables derived from them unchanged;
every registered metric keeps the Metric contract (simulacra.testing.check_metric)."""

from __future__ import annotations

import polars as pl
import pytest

from simulacra.errors import SpecError
from simulacra.evaluation import Goal
from simulacra.evaluation.html import EXPLAIN
from simulacra.evaluation.metrics import Metric, get_metric, metrics, register_metric
from simulacra.evaluation.report import DEFAULT_THRESHOLDS, LABELS, parse_threshold
from simulacra.testing import check_metric

# the tables as they were written by hand before the metric classes: the report must not change
OLD_THRESHOLDS = [
    ("quality", 0.8),
    ("column_shapes", 0.85),
    ("column_pair_trends", 0.8),
    ("detection_auc", 0.5),
    ("coverage", 0.9),
    ("missing_values", 0.9),
    ("tstr_auc", 0.9),
    ("tstr_r2", 0.9),
    ("tstr_auc_linear", 0.9),
    ("tstr_r2_linear", 0.9),
    ("text_diversity", 0.8),
    ("feature_importance_agreement", 0.7),
    ("dcr_share", 0.8),
    ("nndr", 0.8),
    ("exact_match_rate", 0.95),
    ("value_copy_rate", 0.9),  # added with the metric (learn-dcr9), not by a refactor
    ("membership_inference", 0.9),
    ("singling_out_risk", 0.9),
    ("linkability_risk", 0.9),
    ("inference_risk", 0.9),
    ("referential_integrity", 0.999),
    ("cardinality", 0.8),
    ("intertable_trends", 0.8),
    ("text_length", 0.8),
    ("text_vocabulary", 0.7),
    ("text_near_duplicates", 0.9),
    ("text_memorization", 0.9),
]
OLD_LABELS = {
    "quality": "Quality (shapes + pair trends)",
    "column_shapes": "Column shapes",
    "column_pair_trends": "Column pair trends",
    "detection_auc": "Detection ROC AUC",
    "coverage": "Coverage",
    "missing_values": "Missing-value patterns",
    "tstr_auc": "TSTR ROC AUC",
    "trtr_auc": "TRTR ROC AUC",
    "tstr_r2": "TSTR R²",
    "trtr_r2": "TRTR R²",
    "tstr_auc_linear": "TSTR ROC AUC (linear)",
    "trtr_auc_linear": "TRTR ROC AUC (linear)",
    "tstr_r2_linear": "TSTR R² (linear)",
    "trtr_r2_linear": "TRTR R² (linear)",
    "text_diversity": "Text diversity",
    "feature_importance_agreement": "Feature-importance agreement",
    "dcr_share": "DCR share (closer to training)",
    "nndr": "NNDR",
    "exact_match_rate": "Exact-match rate",
    "value_copy_rate": "Value copy rate (numbers, dates)",
    "membership_inference": "Membership-inference advantage",
    "singling_out_risk": "Singling-out risk",
    "linkability_risk": "Linkability risk",
    "inference_risk": "Inference risk",
    "referential_integrity": "Referential integrity",
    "cardinality": "Child counts",
    "intertable_trends": "Parent–child trends",
    "text_length": "Text lengths",
    "text_vocabulary": "Text vocabulary",
    "text_near_duplicates": "Near-duplicate texts",
    "text_memorization": "Memorized phrases",
}
OLD_EXPLAINED = {
    "exact_match_rate",
    "value_copy_rate",
    "dcr_share",
    "nndr",
    "membership_inference",
    "singling_out_risk",
    "linkability_risk",
    "inference_risk",
}


def test_the_report_tables_are_derived_unchanged() -> None:
    assert list(DEFAULT_THRESHOLDS.items()) == OLD_THRESHOLDS  # order too: report.json lists them so
    assert LABELS == OLD_LABELS
    assert set(EXPLAIN) == OLD_EXPLAINED
    assert EXPLAIN["dcr_share"].startswith("For each synthetic row we find the closest training row")


def test_goals_match_what_the_computations_report() -> None:
    minimize = {n for n, m in metrics().items() if m.goal is Goal.MINIMIZE}
    assert minimize == {
        "detection_auc",
        "dcr_share",
        "exact_match_rate",
        "value_copy_rate",
        "membership_inference",
        "singling_out_risk",
        "linkability_risk",
        "inference_risk",
        "text_near_duplicates",
        "text_memorization",
    }


def test_a_new_metric_is_one_class_and_its_registration() -> None:
    @register_metric
    class RowCountRatio(Metric):
        name = "row_count_ratio"
        label = "Row-count ratio"
        threshold = 0.9
        explanation = "The smaller row count over the larger: 1 when both sides have as many rows."

        def compute(self, real: pl.DataFrame, synthetic: pl.DataFrame, **_: object) -> list:  # type: ignore[override]
            if max(real.height, synthetic.height) == 0:
                return [self.failed("both sides are empty")]
            r = min(real.height, synthetic.height) / max(real.height, synthetic.height)
            return [self.result(r, r)]

    from simulacra.evaluation import metrics as registry

    try:
        check_metric(RowCountRatio)
        assert parse_threshold("row_count_ratio=0.5") == ("row_count_ratio", 0.5)  # --fail-under knows it
        assert isinstance(get_metric("row_count_ratio"), RowCountRatio)
        with pytest.raises(ValueError, match="already registered"):
            register_metric(type("Other", (Metric,), {"name": "row_count_ratio"}))
    finally:
        registry._REGISTRY.pop("row_count_ratio")


def test_a_metric_that_breaks_the_contract_is_caught() -> None:
    class Broken(Metric):
        name = "broken"
        label = "Broken"
        explanation = "Returns a score above one, which no metric may."

        def compute(self, real: pl.DataFrame, synthetic: pl.DataFrame, **_: object) -> list:  # type: ignore[override]
            from simulacra.evaluation import MetricResult

            return [MetricResult("broken", 2.0, 2.0)]

    with pytest.raises(AssertionError, match=r"score 2.0 not in \[0, 1\]"):
        check_metric(Broken)


def test_unknown_metric_names_say_did_you_mean() -> None:
    with pytest.raises(SpecError, match="did you mean 'quality'"):
        get_metric("qualty")


@pytest.mark.parametrize("name", list(metrics()))
def test_every_registered_metric_keeps_the_contract(name: str) -> None:
    check_metric(metrics()[name])


def test_compute_prepares_the_frames_once_for_every_measure() -> None:
    """``measure`` sees the other frames aligned to the real columns and types, and never runs without a
    holdout it declares it needs."""
    seen: list[tuple[list[str], dict[str, pl.DataType], int | None]] = []

    class Probe(Metric):
        name = "probe_frames"
        label = "Probe"
        needs = "holdout"
        explanation = "Records what compute hands to measure, for this test."

        def measure(self, real, synthetic, holdout, infos, seed):  # type: ignore[no-untyped-def]
            seen.append((synthetic.columns, dict(synthetic.schema), None if holdout is None else holdout.height))
            return [self.result(1.0, 1.0)]

    real = pl.DataFrame({"age": [30, 41, 52], "job": ["a", "b", "a"]})
    synthetic = pl.DataFrame({"job": ["b", "a"], "extra": [1, 2], "age": ["33", "44"]})
    [missing] = Probe().compute(real, synthetic)
    assert missing.error is not None and "holdout" in missing.error and not seen
    [ok] = Probe().compute(real, synthetic, holdout=real.head(2))
    assert ok.score == 1.0
    cols, schema, held = seen[0]
    assert cols == ["age", "job"] and schema["age"] == pl.Int64 and held == 2
