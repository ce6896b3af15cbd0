"""Evaluate synthetic data against real data: fidelity, utility, privacy, slices.

This package is ``simulacra.evaluation``; ``simulacra.evaluate`` is the function (the old package
path ``simulacra.evaluate.<module>``, a deprecated alias for one release, is removed: importing it raises
an ImportError that points here).

``evaluate(real, synthetic, holdout=..., target=...)`` returns a :class:`Report`;
``Report.write(folder)`` writes ``report.html`` and ``report.json``. The building
blocks are callable one by one with polars frames, e.g.
``fidelity.quality_score(real, synthetic)``, ``fidelity.detection_auc(...)``,
``utility.tstr_auc(...)``, ``privacy.dcr_share(...)``, ``privacy.exact_match_rate(...)``.
Every formula: docs/metrics.md. ``evaluation.chunked`` computes the metrics that are sums over chunks of the
synthetic rows partition by partition (``evaluate(..., distribute=...)``; on Dask: docs/scale.md).
"""

from simulacra.evaluation import (
    collapse,
    fidelity,
    multitable,
    privacy,
    slices,
    text,
    utility,
)
from simulacra.evaluation._api import evaluate
from simulacra.evaluation._frames import ColumnInfo, infer_columns
from simulacra.evaluation._types import EvaluationFailedError, Goal, MetricResult
from simulacra.evaluation.report import Report
from simulacra.evaluation.spec import EvaluationSpec, load_evaluation_spec

__all__ = [
    "ColumnInfo",
    "EvaluationFailedError",
    "EvaluationSpec",
    "Goal",
    "MetricResult",
    "Report",
    "collapse",
    "evaluate",
    "fidelity",
    "infer_columns",
    "load_evaluation_spec",
    "multitable",
    "privacy",
    "slices",
    "text",
    "utility",
]
