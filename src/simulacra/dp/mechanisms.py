"""The noise-adding mechanisms, each with the formula for its scale.

All are stated for zero-concentrated DP (zCDP, Bun & Steinke 2016), the currency the
:class:`~simulacra.dp.accountant.Accountant` adds up:

* Gaussian: a query of L2 sensitivity ``Δ`` answered with ``N(0, σ²)`` noise per cell is
  ``ρ = Δ² / (2σ²)``-zCDP, so ``σ = Δ / sqrt(2ρ)``.
* Laplace: a query of L1 sensitivity ``Δ`` answered with ``Laplace(b)`` noise is ``ε = Δ/b``-DP,
  so ``b = Δ/ε``; ε-DP implies ``ε²/2``-zCDP.
* Exponential mechanism: choosing candidate ``r`` with probability ``∝ exp(ε·q(r) / (2Δ))``
  for a score ``q`` of sensitivity ``Δ`` is ε-DP and ``ε²/8``-zCDP (Cesar & Rogers 2021),
  so ``ε = sqrt(8ρ)``.

Every function takes a numpy ``Generator``: the same seed gives the same noise.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "exponential_epsilon",
    "exponential_mechanism",
    "gaussian_mechanism",
    "gaussian_sigma",
    "laplace_mechanism",
    "laplace_scale",
]


def _positive(name: str, value: float) -> None:
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")


def gaussian_sigma(rho: float, sensitivity: float = 1.0) -> float:
    """σ of the Gaussian mechanism that is ``rho``-zCDP for a query of L2 ``sensitivity``."""
    _positive("rho", rho)
    _positive("sensitivity", sensitivity)
    return sensitivity / math.sqrt(2.0 * rho)


def gaussian_mechanism(
    values: ArrayLike, rho: float, rng: np.random.Generator, sensitivity: float = 1.0
) -> NDArray[np.float64]:
    """``values`` plus Gaussian noise: ``rho``-zCDP for a query of L2 ``sensitivity``."""
    x = np.asarray(values, dtype=np.float64)
    return x + rng.normal(0.0, gaussian_sigma(rho, sensitivity), size=x.shape)


def laplace_scale(epsilon: float, sensitivity: float = 1.0) -> float:
    """Scale ``b`` of the Laplace mechanism that is ``epsilon``-DP for a query of L1 ``sensitivity``."""
    _positive("epsilon", epsilon)
    _positive("sensitivity", sensitivity)
    return sensitivity / epsilon


def laplace_mechanism(
    values: ArrayLike, epsilon: float, rng: np.random.Generator, sensitivity: float = 1.0
) -> NDArray[np.float64]:
    """``values`` plus Laplace noise: ``epsilon``-DP (so ``epsilon²/2``-zCDP) for L1 ``sensitivity``."""
    x = np.asarray(values, dtype=np.float64)
    return x + rng.laplace(0.0, laplace_scale(epsilon, sensitivity), size=x.shape)


def exponential_epsilon(rho: float) -> float:
    """The ε of an exponential mechanism that spends ``rho`` zCDP (``ρ = ε²/8``)."""
    _positive("rho", rho)
    return math.sqrt(8.0 * rho)


def exponential_mechanism(scores: ArrayLike, rho: float, rng: np.random.Generator, sensitivity: float = 1.0) -> int:
    """Index of one candidate drawn with probability ``∝ exp(ε·score / (2·sensitivity))``, ``ε = sqrt(8ρ)``."""
    q = np.asarray(scores, dtype=np.float64)
    if q.ndim != 1 or not len(q):
        raise ValueError("the exponential mechanism needs a non-empty 1-D array of scores")
    _positive("sensitivity", sensitivity)
    logits = exponential_epsilon(rho) * (q - q.max()) / (2.0 * sensitivity)
    p = np.exp(logits)
    p /= p.sum()
    return int(rng.choice(len(q), p=p))
