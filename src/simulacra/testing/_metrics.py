"""``check_metric``: the Metric contract, run against any metric class (shipped or third-party)."""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from simulacra.evaluation import Goal, MetricResult
from simulacra.evaluation.metrics import Metric

__all__ = ["check_metric", "sample_frames"]

_FAMILIES = ("fidelity", "utility", "privacy", "relations", "text")


def sample_frames(n: int = 300, seed: int = 0) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(real, holdout, unrelated): numbers, a category and a boolean with some nulls; the third has other
    marginals and no relation between its columns (what a poor synthesizer would make)."""
    rng = np.random.default_rng(seed)

    def real_like(m: int) -> pl.DataFrame:
        age = rng.normal(40, 12, m).round()
        income = age * 900 + rng.normal(0, 4000, m)
        job = np.where(age > 45, "manager", np.where(age > 30, "clerk", "student"))
        return pl.DataFrame({"age": age, "income": income, "job": job, "member": rng.random(m) < 0.3}).with_columns(
            pl.when(pl.int_range(pl.len()) % 17 == 0).then(None).otherwise(pl.col("income")).alias("income")
        )

    real, holdout = real_like(n), real_like(n)
    unrelated = pl.DataFrame(
        {
            "age": rng.uniform(0, 100, n).round(),
            "income": rng.uniform(-1e5, 1e5, n),
            "job": rng.choice(["student", "pilot"], n),
            "member": rng.random(n) < 0.9,
        }
    )
    return real, holdout, unrelated


def check_metric(metric: Metric | type[Metric], *, seed: int = 0) -> None:
    """Raise AssertionError unless ``metric`` keeps the Metric contract.

    Checked: the declarations (a snake_case name, a label, a goal, bounds low < high, a default threshold
    in [0, 1] or None, a family, an explanation); ``compute`` never raises, returns MetricResults named
    for the metric whose scores lie in [0, 1] and are never NaN (or that carry an error and no score),
    and gives the same results for the same seed; for fidelity metrics, real data scored against
    itself scores at least as well as against unrelated data.
    """
    m = metric() if isinstance(metric, type) else metric
    cls = type(m)
    assert m.name and m.name.isidentifier() and m.name == m.name.lower(), f"{cls.__name__}: name {m.name!r}"
    assert m.label.strip(), f"{m.name}: no label"
    assert isinstance(m.goal, Goal), f"{m.name}: goal {m.goal!r} is not a Goal"
    low, high = m.bounds
    assert low < high, f"{m.name}: bounds {m.bounds} are empty"
    assert m.threshold is None or 0.0 <= m.threshold <= 1.0, f"{m.name}: threshold {m.threshold} not in [0, 1]"
    assert m.family in _FAMILIES, f"{m.name}: family {m.family!r} not one of {_FAMILIES}"
    assert len(m.explanation.split()) >= 5, f"{m.name}: the explanation is missing or too short"

    real, holdout, unrelated = sample_frames(seed=seed)
    runs = {}
    for label, synthetic in (("itself", real), ("unrelated", unrelated), ("empty", real.clear())):
        try:
            out = m.compute(real, synthetic, holdout=holdout, seed=seed)
        except Exception as e:  # noqa: BLE001 - that is what is checked
            raise AssertionError(
                f"{m.name}: compute() raised on {label} data ({type(e).__name__}: {e}); a metric "
                "that cannot run returns a result with error set"
            ) from e
        assert isinstance(out, list) and out, f"{m.name}: compute() returned {out!r}, expected a non-empty list"
        for r in out:
            _check_result(m, r, low, high)
        runs[label] = out
    again = m.compute(real, unrelated, holdout=holdout, seed=seed)
    assert [r.to_dict() for r in again] == [r.to_dict() for r in runs["unrelated"]], (
        f"{m.name}: the same inputs and seed gave different results"
    )
    if m.family == "fidelity":
        best = [r.score for r in runs["itself"] if r.score is not None]
        other = [r.score for r in runs["unrelated"] if r.score is not None]
        if best and other:
            assert min(best) >= max(other) - 1e-9, (
                f"{m.name}: real data scores {min(best):.3f} against itself but {max(other):.3f} against unrelated data"
            )


def _check_result(m: Metric, r: MetricResult, low: float, high: float) -> None:
    assert isinstance(r, MetricResult), f"{m.name}: {r!r} is not a MetricResult"
    assert r.metric == m.name, f"{m.name}: a result is named {r.metric!r}"
    if r.error is not None:
        assert r.score is None or 0.0 <= r.score <= 1.0, f"{m.name}: an error result with score {r.score}"
        return
    assert r.score is not None, f"{m.name}: a result with neither score nor error"
    assert not math.isnan(r.score) and 0.0 <= r.score <= 1.0, f"{m.name}: score {r.score} not in [0, 1]"
    if r.raw is not None:
        assert not math.isnan(r.raw), f"{m.name}: raw value NaN"
        assert low - 1e-9 <= r.raw <= high + 1e-9, f"{m.name}: raw {r.raw} outside its bounds {m.bounds}"
    assert r.goal == m.goal, f"{m.name}: a result's goal {r.goal} differs from the declared {m.goal}"
