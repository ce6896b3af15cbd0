"""Metrics as classes: each declares its name, label, goal, bounds, default threshold and explanation once.

The report's tables (``report.DEFAULT_THRESHOLDS``, ``report.LABELS``, ``html.EXPLAIN``) are derived from
these declarations, so a metric's name is written in one place. ``compute(real, synthetic)`` runs a
metric on its own (single table); the full report (targets, holdouts, several tables, slices) is
``simulacra.evaluate(...)``. A new metric is a subclass with ``@register_metric`` and a test that runs
``simulacra.testing.check_metric`` on it (docs/extending.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import polars as pl

from simulacra.evaluation._frames import ColumnInfo, align, infer_columns
from simulacra.evaluation._types import Goal, MetricResult, failed, mean_present, result

__all__ = ["PRIVACY_HEADLINE", "Metric", "get_metric", "metrics", "register_metric"]

#: the privacy headline rows, in report order (the summary and the HTML report both list them so)
PRIVACY_HEADLINE = (
    "exact_match_rate",
    "value_copy_rate",
    "dcr_share",
    "nndr",
    "membership_inference",
    "singling_out_risk",
    "linkability_risk",
    "inference_risk",
)


class Metric:
    """One headline measurement of synthetic data against real data.

    Class attributes declare it; ``compute`` measures it. Scores lie in [0, 1] with 1 best (``goal`` says
    whether the *raw* value is better high or low; ``bounds`` are the raw value's range). A metric that
    cannot run returns a result with ``error`` set: never NaN, never an exception.
    """

    #: snake_case key, as in ``report.json`` and ``--fail-under NAME=V``
    name: ClassVar[str] = ""
    #: what the report shows
    label: ClassVar[str] = ""
    #: whether a higher or a lower *raw* value is better
    goal: ClassVar[Goal] = Goal.MAXIMIZE
    #: the raw value's range
    bounds: ClassVar[tuple[float, float]] = (0.0, 1.0)
    #: the score below which the report marks it failed when no threshold is given (None: not gated)
    threshold: ClassVar[float | None] = None
    #: fidelity | utility | privacy | relations | text
    family: ClassVar[str] = "fidelity"
    #: plain words for the report
    explanation: ClassVar[str] = ""
    #: an input the metric cannot run without, beyond real and synthetic rows: "holdout" | "target" | ""
    needs: ClassVar[str] = ""
    #: the per-column (or per-pair) results the headline is summarised from, whose errors explain a missing value
    parts: ClassVar[tuple[str, ...]] = ()
    #: why the headline has no value when none of its parts failed (e.g. nothing qualified to be scored)
    empty: ClassVar[str] = "no table gave a value"

    def compute(
        self,
        real: pl.DataFrame,
        synthetic: pl.DataFrame,
        *,
        holdout: pl.DataFrame | None = None,
        infos: Sequence[ColumnInfo] | None = None,
        seed: int = 0,
    ) -> list[MetricResult]:
        """The metric on one real and one synthetic table (``holdout``: real rows the synthesizer never saw).

        Prepares the frames once for every metric (the columns, a declared holdout's presence, the other
        frames aligned to the real one's columns and types) and hands them to ``measure``; a metric that
        wants the frames as given overrides ``compute`` itself."""
        if self.needs == "holdout" and (holdout is None or holdout.height == 0):
            return [self.failed("needs a holdout (real rows the synthesizer never saw)")]
        cols = list(infos) if infos is not None else infer_columns(real)
        hold = align(real, holdout, cols) if holdout is not None else None
        return self.measure(real, align(real, synthetic, cols), hold, cols, seed)

    def measure(
        self,
        real: pl.DataFrame,
        synthetic: pl.DataFrame,
        holdout: pl.DataFrame | None,
        infos: list[ColumnInfo],
        seed: int,
    ) -> list[MetricResult]:
        """The measurement itself, on frames ``compute`` aligned to ``real``'s columns (``infos``)."""
        return [
            self.failed("computed only by simulacra.evaluate() (it needs a target, several tables or text columns)")
        ]

    # helpers for subclasses
    def result(self, raw: float | None, score: float | None, **kwargs: Any) -> MetricResult:
        return result(self.name, raw, score, goal=self.goal, **kwargs)

    def failed(self, error: str, **kwargs: Any) -> MetricResult:
        return failed(self.name, error, **kwargs)

    def __repr__(self) -> str:
        return f"<metric {self.name}: {self.label}>"


_REGISTRY: dict[str, type[Metric]] = {}


def register_metric(cls: type[Metric]) -> type[Metric]:
    """Class decorator: make ``cls`` known by its ``name`` (the report, ``--fail-under``, ``get_metric``)."""
    if not cls.name or not cls.name.isidentifier() or cls.name != cls.name.lower():
        raise ValueError(f"{cls.__name__}: a metric's name is a snake_case identifier, got {cls.name!r}")
    other = _REGISTRY.get(cls.name)
    if other is not None and other is not cls:
        raise ValueError(f"a metric named '{cls.name}' is already registered ({other.__module__}.{other.__qualname__})")
    _REGISTRY[cls.name] = cls
    return cls


def metrics() -> dict[str, type[Metric]]:
    """Every registered metric class, by name, in registration order (a copy)."""
    return dict(_REGISTRY)


def get_metric(name: str) -> Metric:
    from simulacra.errors import SpecError, did_you_mean

    cls = _REGISTRY.get(name)
    if cls is None:
        raise SpecError(f"unknown metric '{name}'{did_you_mean(name, _REGISTRY)}")
    return cls()


def _headline(metric: Metric, parts: Sequence[MetricResult], *, raw_from_score: bool = False) -> list[MetricResult]:
    ok = [r for r in parts if r.ok]
    if not ok:
        why = next((r.error for r in parts if r.error), None) or "no column could be compared"
        return [metric.failed(why)]
    score = mean_present([r.score for r in ok])
    raw = score if raw_from_score else mean_present([r.raw for r in ok])
    return [metric.result(raw, score, details={"parts": len(ok)})]


# --------------------------------------------------------------------------- fidelity


@register_metric
class Quality(Metric):
    name = "quality"
    label = "Quality (shapes + pair trends)"
    threshold = 0.8
    explanation = "The mean of column shapes and column pair trends, as SDMetrics' QualityReport computes them."

    def measure(
        self,
        real: pl.DataFrame,
        synthetic: pl.DataFrame,
        holdout: pl.DataFrame | None,
        infos: list[ColumnInfo],
        seed: int,
    ) -> list[MetricResult]:
        from simulacra.evaluation.fidelity import quality

        q = quality(real, synthetic, infos)
        value = getattr(q, "score" if self.name == "quality" else self.name)
        if value is None:
            return [self.failed("no column or pair could be compared")]
        return [self.result(value, value)]


@register_metric
class ColumnShapes(Quality):
    name = "column_shapes"
    label = "Column shapes"
    threshold = 0.85
    explanation = (
        "How closely each column's distribution matches: KS complement (numbers) or TV complement (categories)."
    )
    parts = ("ks_complement", "tv_complement")
    empty = "no column could be compared"


@register_metric
class ColumnPairTrends(Quality):
    name = "column_pair_trends"
    label = "Column pair trends"
    threshold = 0.8
    explanation = "How closely the strong correlations and associations between pairs of columns are kept."
    parts = ("correlation_similarity", "contingency_similarity")
    # SDMetrics scores a pair only when the real columns are strongly related (fidelity.CORRELATION_THRESHOLD,
    # ASSOCIATION_THRESHOLD): with none, the property has no value rather than a perfect one
    empty = (
        "no pair of real columns is strongly related (|Pearson r| > 0.5, or Cramér's V > 0.3), "
        "and only such pairs are scored"
    )


@register_metric
class DetectionAUC(Metric):
    name = "detection_auc"
    label = "Detection ROC AUC"
    goal = Goal.MINIMIZE
    threshold = 0.5
    explanation = "How well a gradient-boosted classifier tells real rows from synthetic ones; 0.5 = it cannot."

    def measure(
        self,
        real: pl.DataFrame,
        synthetic: pl.DataFrame,
        holdout: pl.DataFrame | None,
        infos: list[ColumnInfo],
        seed: int,
    ) -> list[MetricResult]:
        from simulacra.evaluation.fidelity import detection

        res, _run = detection(real, synthetic, infos, seed=seed)
        return [res]


@register_metric
class Coverage(Metric):
    name = "coverage"
    label = "Coverage"
    threshold = 0.9
    explanation = (
        "The share of the real categories the synthetic data uses, and of the real range of each number it spans."
    )
    parts = ("category_coverage", "range_coverage")
    empty = "no category or number column to cover"

    def measure(
        self,
        real: pl.DataFrame,
        synthetic: pl.DataFrame,
        holdout: pl.DataFrame | None,
        infos: list[ColumnInfo],
        seed: int,
    ) -> list[MetricResult]:
        from simulacra.evaluation.fidelity import coverage

        return _headline(self, coverage(real, synthetic, infos))


@register_metric
class MissingValues(Metric):
    name = "missing_values"
    label = "Missing-value patterns"
    threshold = 0.9
    explanation = "How closely the patterns of missing values across a row match the real data's."
    parts = ("missing_pattern_similarity",)

    def measure(
        self,
        real: pl.DataFrame,
        synthetic: pl.DataFrame,
        holdout: pl.DataFrame | None,
        infos: list[ColumnInfo],
        seed: int,
    ) -> list[MetricResult]:
        from simulacra.evaluation.fidelity import missing_values

        parts = [r for r in missing_values(real, synthetic, infos) if r.metric == "missing_pattern_similarity"]
        return _headline(self, parts, raw_from_score=True)


# --------------------------------------------------------------------------- utility (need a target)


def _declared(
    family: str, name: str, label: str, threshold: float | None, explanation: str, **attrs: Any
) -> type[Metric]:
    """A registered metric class whose whole definition is its declaration (it computes nothing of its own:
    the evaluation's summary fills its row)."""
    body = {"name": name, "label": label, "threshold": threshold, "family": family, "explanation": explanation}
    cls = type(_class_name(name), (Metric,), {**body, **attrs, "__module__": __name__})
    return register_metric(cls)


def _utility(
    name: str, label: str, threshold: float | None, explanation: str, bounds: tuple[float, float] = (0.0, 1.0)
) -> type[Metric]:
    return _declared("utility", name, label, threshold, explanation, bounds=bounds, needs="target")


def _class_name(name: str) -> str:
    return "".join(part.upper() if part in ("auc", "tstr", "trtr", "r2") else part.title() for part in name.split("_"))


_TSTR = "A model trained on the synthetic data and tested on real holdout rows, relative to one trained on real data"
_TRTR = "A model trained on real data and tested on real holdout rows: the yardstick for the TSTR score"
_R2 = (float("-inf"), 1.0)
TstrAUC = _utility("tstr_auc", "TSTR ROC AUC", 0.9, _TSTR + " (ROC AUC, gradient boosting).")
TrtrAUC = _utility("trtr_auc", "TRTR ROC AUC", None, _TRTR + " (ROC AUC, gradient boosting).")
TstrR2 = _utility("tstr_r2", "TSTR R²", 0.9, _TSTR + " (R², gradient boosting).", _R2)
TrtrR2 = _utility("trtr_r2", "TRTR R²", None, _TRTR + " (R², gradient boosting).", _R2)
TstrAUCLinear = _utility("tstr_auc_linear", "TSTR ROC AUC (linear)", 0.9, _TSTR + " (ROC AUC, a linear model).")
TrtrAUCLinear = _utility("trtr_auc_linear", "TRTR ROC AUC (linear)", None, _TRTR + " (ROC AUC, a linear model).")
TstrR2Linear = _utility("tstr_r2_linear", "TSTR R² (linear)", 0.9, _TSTR + " (R², a linear model).", _R2)
TrtrR2Linear = _utility("trtr_r2_linear", "TRTR R² (linear)", None, _TRTR + " (R², a linear model).", _R2)


@register_metric
class TextDiversity(Metric):
    name = "text_diversity"
    label = "Text diversity"
    threshold = 0.8
    bounds = (0.0, float("inf"))  # synthetic distinct-n-gram share over the real one
    family = "text"
    explanation = (
        "Distinct n-grams in the synthetic texts relative to the real ones (collapse into few phrasings scores low)."
    )


FeatureImportanceAgreement = _utility(
    "feature_importance_agreement",
    "Feature-importance agreement",
    0.7,
    "Spearman agreement between the feature importances of models trained on real and on synthetic data.",
    (-1.0, 1.0),
)


# --------------------------------------------------------------------------- privacy


@register_metric
class DCRShare(Metric):
    name = "dcr_share"
    label = "DCR share (closer to training)"
    goal = Goal.MINIMIZE
    threshold = 0.8
    family = "privacy"
    needs = "holdout"
    explanation = (
        "For each synthetic row we find the closest training row and the closest holdout row. If the synthetic "
        "data were copied or memorised, its rows would sit closer to the training rows; 50% is what an honest "
        "generator gives."
    )

    def measure(
        self,
        real: pl.DataFrame,
        synthetic: pl.DataFrame,
        holdout: pl.DataFrame | None,
        infos: list[ColumnInfo],
        seed: int,
    ) -> list[MetricResult]:
        from simulacra.evaluation.privacy import dcr

        assert holdout is not None  # compute() answers a missing holdout for metrics that need one
        out = dcr(real, synthetic, holdout, infos, seed=seed)
        return [r for r in out if r.metric == self.name]


@register_metric
class NNDR(Metric):
    name = "nndr"
    label = "NNDR"
    threshold = 0.8
    family = "privacy"
    needs = "holdout"
    explanation = (
        "Nearest-neighbour distance ratio: how much closer a synthetic row is to its closest training row than to "
        "the second closest. Values near 0 mean a synthetic row points at one particular person; compared with "
        "real holdout rows."
    )


@register_metric
class ExactMatchRate(Metric):
    name = "exact_match_rate"
    label = "Exact-match rate"
    goal = Goal.MINIMIZE
    threshold = 0.95
    family = "privacy"
    explanation = (
        "How many synthetic rows are exact copies of a training row. Compared with how often a real holdout row "
        "happens to equal a training row, so common, legitimately repeated rows are not held against the data."
    )

    def measure(
        self,
        real: pl.DataFrame,
        synthetic: pl.DataFrame,
        holdout: pl.DataFrame | None,
        infos: list[ColumnInfo],
        seed: int,
    ) -> list[MetricResult]:
        from simulacra.evaluation.privacy import exact_match

        return [exact_match(real, synthetic, infos, holdout)]


@register_metric
class ValueCopyRate(Metric):
    """Numbers and dates handed back from the training rows (issue 13, learn-dcr9): the worst column's share of
    synthetic values equal to a training value, scored by its excess over a holdout's share."""

    name = "value_copy_rate"
    label = "Value copy rate (numbers, dates)"
    goal = Goal.MINIMIZE
    threshold = 0.9
    family = "privacy"
    needs = "holdout"
    explanation = (
        "Per number or date column, how many synthetic values equal a value of the training rows, against how "
        "many holdout values do: a synthesizer that hands its training values back (amounts, dates of birth) "
        "shows more. The headline is the worst column, scored by its excess over the holdout's rate."
    )
    parts = ("value_copy_column",)
    empty = "no number or date column to compare"

    def measure(
        self,
        real: pl.DataFrame,
        synthetic: pl.DataFrame,
        holdout: pl.DataFrame | None,
        infos: list[ColumnInfo],
        seed: int,
    ) -> list[MetricResult]:
        if synthetic.height == 0:
            return [self.failed("no synthetic rows")]
        from simulacra.evaluation.privacy import value_copies

        assert holdout is not None  # compute() answers a missing holdout for metrics that need one
        return [r for r in value_copies(real, synthetic, holdout, infos) if r.metric == self.name]


def _privacy(name: str, label: str, threshold: float, explanation: str, goal: Goal = Goal.MINIMIZE) -> type[Metric]:
    return _declared("privacy", name, label, threshold, explanation, goal=goal, needs="holdout")


MembershipInference = _privacy(
    "membership_inference",
    "Membership-inference advantage",
    0.9,
    "An attacker holding a person's record guesses that the person was in the training data when a synthetic row lies "
    "very close to it. The advantage is how much better than a coin flip that works (0 = no better).",
)
SinglingOutRisk = _privacy(
    "singling_out_risk",
    "Singling-out risk",
    0.9,
    'Can the synthetic data be used to write a rule ("the only person with value X") that picks out exactly one real '
    "person? Success on training records minus success on unseen records, as Anonymeter measures it.",
)
LinkabilityRisk = _privacy(
    "linkability_risk",
    "Linkability risk",
    0.9,
    "An attacker who knows two halves of a person's record (say, from two different sources) tries to join them "
    "through the synthetic data. Risk is success beyond what unseen records allow.",
)
InferenceRisk = _privacy(
    "inference_risk",
    "Inference risk",
    0.9,
    "An attacker who knows everything about a person except one secret attribute guesses it from the most similar "
    "synthetic row. Only the excess over guessing for people who were never in the training data counts.",
)


# --------------------------------------------------------------------------- relations (several tables)


def _relations(name: str, label: str, threshold: float, explanation: str) -> type[Metric]:
    return _declared("relations", name, label, threshold, explanation)


ReferentialIntegrity = _relations(
    "referential_integrity",
    "Referential integrity",
    0.999,
    "The share of synthetic child rows whose foreign key finds its parent (the worst relation counts).",
)
Cardinality = _relations(
    "cardinality",
    "Child counts",
    0.8,
    "How closely the distribution of the number of children per parent row matches the real data's.",
)
IntertableTrends = _relations(
    "intertable_trends",
    "Parent–child trends",
    0.8,
    "How closely the associations between a parent's columns and its children's columns are kept.",
)


# --------------------------------------------------------------------------- text


def _text(name: str, label: str, threshold: float, explanation: str, goal: Goal = Goal.MAXIMIZE) -> type[Metric]:
    return _declared("text", name, label, threshold, explanation, goal=goal)


TextLength = _text(
    "text_length",
    "Text lengths",
    0.8,
    "How closely the distribution of text lengths (in words) matches the real texts'.",
)
TextVocabulary = _text(
    "text_vocabulary",
    "Text vocabulary",
    0.7,
    "How much of the real texts' vocabulary the synthetic texts use, and how alike the word frequencies are.",
)
TextNearDuplicates = _text(
    "text_near_duplicates",
    "Near-duplicate texts",
    0.9,
    "The share of synthetic texts that are near copies of a training text, beyond the holdout's rate.",
    Goal.MINIMIZE,
)
TextMemorization = _text(
    "text_memorization",
    "Memorized phrases",
    0.9,
    "The share of synthetic texts that repeat a long phrase of a training text, beyond the holdout's rate.",
    Goal.MINIMIZE,
)
