"""Each mechanism's noise against its formula; the accountant's totals against hand computation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from simulacra.dp.accountant import Accountant, classic_epsilon, epsilon_for, rho_for
from simulacra.dp.mechanisms import (
    exponential_epsilon,
    exponential_mechanism,
    gaussian_mechanism,
    gaussian_sigma,
    laplace_mechanism,
    laplace_scale,
)

DRAWS = 200_000


def _variance_ci(x: np.ndarray, alpha: float = 1e-4) -> tuple[float, float]:
    """Chi-square interval for the variance of a zero-mean sample."""
    n = len(x)
    s2 = float(np.mean(x**2))
    return n * s2 / stats.chi2.ppf(1 - alpha / 2, n), n * s2 / stats.chi2.ppf(alpha / 2, n)


@pytest.mark.parametrize(("rho", "sens"), [(0.5, 1.0), (0.01, 1.0), (0.1, 3.0)])
def test_gaussian_noise_has_the_variance_of_its_formula(rho: float, sens: float) -> None:
    sigma = gaussian_sigma(rho, sens)
    assert sigma == pytest.approx(sens / math.sqrt(2 * rho))
    noise = gaussian_mechanism(np.zeros(DRAWS), rho, np.random.default_rng(1), sensitivity=sens)
    lo, hi = _variance_ci(noise)
    assert lo <= sigma**2 <= hi
    assert abs(noise.mean()) < 5 * sigma / math.sqrt(DRAWS)


@pytest.mark.parametrize(("eps", "sens"), [(1.0, 1.0), (0.1, 2.0)])
def test_laplace_noise_has_the_variance_of_its_formula(eps: float, sens: float) -> None:
    b = laplace_scale(eps, sens)
    assert b == pytest.approx(sens / eps)
    noise = laplace_mechanism(np.zeros(DRAWS), eps, np.random.default_rng(2), sensitivity=sens)
    # Var = 2b²; the sample variance of a Laplace is ~normal with sd sqrt((24-4)b⁴/n)
    se = math.sqrt(20 * b**4 / DRAWS)
    assert abs(float(np.mean(noise**2)) - 2 * b**2) < 4 * se


def test_exponential_mechanism_draws_in_proportion_to_exp_of_its_score() -> None:
    rho = 0.125  # ε = sqrt(8ρ) = 1
    assert exponential_epsilon(rho) == pytest.approx(1.0)
    scores = np.array([0.0, 1.0, 2.0, 4.0])
    rng = np.random.default_rng(3)
    picks = np.bincount([exponential_mechanism(scores, rho, rng) for _ in range(10_000)], minlength=4)
    p = np.exp(scores / 2)  # exp(ε·q / (2Δ)) with ε = 1, Δ = 1
    p /= p.sum()
    chi2 = stats.chisquare(picks, p * picks.sum())
    assert chi2.pvalue > 1e-4


def test_mechanisms_refuse_a_bad_budget() -> None:
    with pytest.raises(ValueError, match="rho"):
        gaussian_sigma(0.0)
    with pytest.raises(ValueError, match="epsilon"):
        laplace_scale(-1.0)


def test_accountant_totals_match_hand_computation() -> None:
    acct = Accountant(rho=1.0, delta_extra=1e-7)
    acct.spend("a", "gaussian", 0.1)
    acct.spend("a", "gaussian", 0.2)
    acct.spend("b", "exponential", exponential_epsilon(0.3) ** 2 / 8)  # ε²/8 back to ρ = 0.3
    acct.spend("c", "threshold", 0.05, delta=1e-7)
    assert acct.rho_spent == pytest.approx(0.65)
    assert acct.delta_spent == pytest.approx(1e-7)
    # by hand (Bun & Steinke): ε = ρ + 2·sqrt(ρ·log(1/δ')) with δ' = 1e-6 - 1e-7; the tight one is no larger
    hand = 0.65 + 2 * math.sqrt(0.65 * math.log(1 / 9e-7))
    assert classic_epsilon(0.65, 9e-7) == pytest.approx(hand)
    assert acct.epsilon(1e-6) <= hand
    assert acct.epsilon(1e-6) == pytest.approx(epsilon_for(0.65, 9e-7))
    parts = acct.by_component(1e-6)
    assert parts["a"]["rho"] == pytest.approx(0.3)
    assert parts["b"]["rho"] == pytest.approx(0.3)
    assert sum(p["epsilon_share"] for p in parts.values()) == pytest.approx(acct.epsilon(1e-6))
    with pytest.raises(ValueError, match="budget"):
        acct.spend("d", "gaussian", 0.36)


def test_zcdp_conversion_against_a_brute_force_minimum() -> None:
    for rho, delta in [(0.01, 1e-6), (0.5, 1e-5), (2.0, 1e-9)]:
        alphas = np.linspace(1.0001, 200, 100_000)
        brute = np.min(
            alphas * rho + (math.log(1 / delta) + (alphas - 1) * np.log1p(-1 / alphas) - np.log(alphas)) / (alphas - 1)
        )
        assert epsilon_for(rho, delta) == pytest.approx(brute, rel=1e-4)
        assert epsilon_for(rho, delta) < classic_epsilon(rho, delta)
    r = rho_for(1.0, 1e-6)
    assert epsilon_for(r, 1e-6) == pytest.approx(1.0, rel=1e-6)
