"""Empirical privacy audit: neighbouring datasets that differ in one planted outlier row.

The attack fits a model on D (with the outlier) or D' (without), samples, and says "in" when
any sampled value lies beyond the normal range. Over many seeded runs its true- and false-
positive rates bound the ε any (ε, δ)-DP algorithm could have: TPR ≤ e^ε·FPR + δ and
1−FPR ≤ e^ε·(1−TPR) + δ. With Clopper–Pearson intervals the lower confidence bound on ε must
stay below the promised ε under DP; without DP the same attack must exceed it.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl
from scipy import stats

from simulacra.dp import DPSynthesizer

EPSILON, DELTA = 1.0, 1e-4
DOMAIN = {"x": {"bounds": [0, 100], "edges": [0, 2, 4, 6, 8, 10, 100]}, "g": {"categories": ["a", "b"]}}
ALPHA = 0.05  # each rate's two-sided interval; the ε bound then holds with >= 90 % confidence


def _neighbours() -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(0)
    without = pl.DataFrame({"x": rng.integers(0, 10, 200), "g": rng.choice(["a", "b"], 200)})
    return pl.concat([without, pl.DataFrame({"x": [95], "g": ["a"]})]), without


def _says_in(sample: pl.DataFrame) -> bool:
    return bool((sample.get_column("x").drop_nulls() > 10).any())


def _cp(k: int, n: int) -> tuple[float, float]:
    lo = stats.beta.ppf(ALPHA / 2, k, n - k + 1) if k > 0 else 0.0
    hi = stats.beta.ppf(1 - ALPHA / 2, k + 1, n - k) if k < n else 1.0
    return float(lo), float(hi)


def _epsilon_lower_bound(tp: int, fp: int, runs: int) -> float:
    tpr_lo, tpr_hi = _cp(tp, runs)
    fpr_lo, fpr_hi = _cp(fp, runs)

    def ratio(a: float, b: float) -> float:
        return math.log(max(a - DELTA, 1e-12) / max(b, 1e-12))

    return max(ratio(tpr_lo, fpr_hi), ratio(1 - fpr_hi, 1 - tpr_lo), 0.0)


def _attack(fit_sample, runs: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with_row, without = _neighbours()
    tp = sum(_says_in(fit_sample(with_row, seed)) for seed in range(runs))
    fp = sum(_says_in(fit_sample(without, seed)) for seed in range(runs))
    return tp, fp


def test_dp_model_resists_the_outlier_attack_within_its_epsilon() -> None:
    runs = 150

    def dp(frame: pl.DataFrame, seed: int) -> pl.DataFrame:
        return DPSynthesizer(epsilon=EPSILON, delta=DELTA, domain=DOMAIN, seed=seed).fit(frame).sample(201)

    tp, fp = _attack(dp, runs)
    assert _epsilon_lower_bound(tp, fp, runs) <= EPSILON, (tp, fp)


def test_without_dp_the_same_attack_beats_that_epsilon() -> None:
    from simulacra.synth import TabularSynthesizer

    runs = 40

    def plain(frame: pl.DataFrame, seed: int) -> pl.DataFrame:
        return TabularSynthesizer(seed=seed).fit(frame).sample(201)

    tp, fp = _attack(plain, runs)
    assert _epsilon_lower_bound(tp, fp, runs) > EPSILON, (tp, fp)
