"""Evaluate synthetic data against real data: fidelity, utility, privacy, slices.

``evaluate(real, synthetic, holdout=..., target=...)`` returns a :class:`Report`;
``Report.write(folder)`` writes ``report.html`` and ``report.json``. The building
blocks are callable one by one with polars frames, e.g.
``fidelity.quality_score(real, synthetic)``, ``fidelity.detection_auc(...)``,
``utility.tstr_auc(...)``, ``privacy.dcr_share(...)``, ``privacy.exact_match_rate(...)``.
Every formula: docs/metrics.md.
"""

import sys as _sys
from types import ModuleType as _ModuleType

from simulacra.evaluate import (
    collapse,
    fidelity,
    multitable,
    privacy,
    slices,
    text,
    utility,
)
from simulacra.evaluate._api import evaluate
from simulacra.evaluate._frames import ColumnInfo, infer_columns
from simulacra.evaluate._types import EvaluationFailedError, Goal, MetricResult
from simulacra.evaluate.report import Report
from simulacra.evaluate.spec import EvaluationSpec, load_evaluation_spec

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


class _CallableModule(_ModuleType):
    """``simulacra.evaluate`` is this package and, called, the ``evaluate`` function.

    The root package exports the function lazily, but once this package is imported Python binds
    the package to that name, so ``simulacra.evaluate(...)`` must keep working on the package.
    Known debt (docs/architecture.md, "Remaining"): the way out without this swap is to move the
    package to ``simulacra.evaluation`` and keep this name as a deprecated alias for a release.
    """

    def __call__(self, *args: object, **kwargs: object) -> Report:
        return evaluate(*args, **kwargs)  # type: ignore[arg-type]


_sys.modules[__name__].__class__ = _CallableModule
