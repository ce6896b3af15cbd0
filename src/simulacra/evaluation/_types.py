"""The values metrics hand back: one ``MetricResult`` per measured thing.

Every score lies in [0, 1] with 1 best; the raw value (in the metric's own units)
stays beside it. A metric that cannot run returns a result with ``error`` set and
no score: it never raises and never returns NaN, so one broken metric never
takes the whole report down.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from simulacra._random import derive_seed, rng_for  # the one source of randomness; re-exported here
from simulacra.errors import EvaluationFailedError, SimulacraError

__all__ = [
    "EvaluationFailedError",
    "Goal",
    "MetricResult",
    "derive_seed",
    "failed",
    "guarded",
    "json_clean",
    "mean_present",
    "result",
    "rng_for",
]


class Goal(StrEnum):
    MAXIMIZE = "maximize"
    MINIMIZE = "minimize"


def json_clean(x: Any) -> Any:
    """JSON-safe copy: numpy scalars to Python, NaN/inf to None, tuples to lists."""
    if isinstance(x, Mapping):
        return {str(k): json_clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [json_clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return [json_clean(v) for v in x.tolist()]
    if isinstance(x, np.bool_ | bool):
        return bool(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating | float):
        f = float(x)
        return f if math.isfinite(f) else None
    return x


@dataclass(frozen=True)
class MetricResult:
    """One measurement: which metric, on what, its raw value and its [0, 1] score."""

    metric: str
    raw: float | None
    score: float | None
    columns: tuple[str, ...] = ()
    table: str | None = None
    goal: Goal = Goal.MAXIMIZE
    details: Mapping[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.score is not None

    def to_dict(self) -> dict[str, Any]:
        return json_clean(
            {
                "metric": self.metric,
                "table": self.table,
                "columns": list(self.columns),
                "raw": self.raw,
                "score": self.score,
                "goal": str(self.goal),
                "details": dict(self.details),
                "error": self.error,
            }
        )


def _finite(x: float | None) -> float | None:
    if x is None:
        return None
    f = float(x)
    return f if math.isfinite(f) else None


def result(
    metric: str,
    raw: float | None,
    score: float | None,
    *,
    columns: tuple[str, ...] = (),
    table: str | None = None,
    goal: Goal = Goal.MAXIMIZE,
    details: Mapping[str, Any] | None = None,
) -> MetricResult:
    """A result with the score clipped into [0, 1]; a NaN score becomes an error, never a number."""
    s = _finite(score)
    err = None
    if score is not None and s is None:
        err = "the score is undefined for these inputs (NaN)"
    if s is not None:
        s = min(1.0, max(0.0, s))
    return MetricResult(metric, _finite(raw), s, tuple(columns), table, goal, dict(details or {}), err)


def failed(
    metric: str,
    error: str,
    *,
    columns: tuple[str, ...] = (),
    table: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> MetricResult:
    """A result for a metric that could not run, saying why."""
    return MetricResult(metric, None, None, tuple(columns), table, Goal.MAXIMIZE, dict(details or {}), error)


def guarded(metric: str, fn: Callable[[], list[MetricResult]], *, table: str | None = None) -> list[MetricResult]:
    """Run ``fn``; an unexpected exception becomes one failed result instead of a crash."""
    try:
        return fn()
    except SimulacraError:
        raise
    except Exception as e:  # noqa: BLE001 - the metric protocol: errors go into the result
        first = (str(e).strip().splitlines() or [""])[0][:300]
        return [failed(metric, f"{type(e).__name__}: {first}", table=table)]


def mean_present(xs: Sequence[float | None]) -> float | None:
    """The mean of the values that are not None; None when there are none."""
    v = [x for x in xs if x is not None]
    return float(np.mean(v)) if v else None
