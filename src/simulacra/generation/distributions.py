"""Distributions sampled by inverse transform from per-row uniforms.

Every sample is a pure function of its uniform, so a row's value never depends on
which chunk the row is in.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import special

from simulacra.spec.model import Distribution

__all__ = ["count_quantiles", "is_discrete", "sample", "support_size"]

_DISCRETE = {"poisson", "negative_binomial", "zipf", "fixed", "categorical"}


def is_discrete(d: Distribution) -> bool:
    if d.distribution == "categorical":
        return all(float(v).is_integer() for v in d.values or [])
    if d.distribution == "fixed":
        return float(d.value or 0).is_integer()
    return d.distribution in _DISCRETE


@lru_cache(maxsize=256)
def _table(kind: str, a: float, b: float, n: int) -> NDArray[np.float64]:
    """Cumulative probabilities of a discrete distribution over 0..K (zipf: 1..n)."""
    # scipy.stats costs seconds to import; only specs with Poisson or negative-binomial counts pay it
    from scipy import stats

    if kind == "poisson":
        hi = int(stats.poisson.ppf(1 - 1e-12, a)) + 2 if a > 0 else 1
        cdf = stats.poisson.cdf(np.arange(hi), a)
    elif kind == "negative_binomial":
        mean, r = a, b
        p = r / (r + mean)
        hi = int(stats.nbinom.ppf(1 - 1e-12, r, p)) + 2
        cdf = stats.nbinom.cdf(np.arange(hi), r, p)
    else:  # zipf over 1..n
        w = np.arange(1, n + 1, dtype=np.float64) ** (-a)
        cdf = np.cumsum(w) / w.sum()
    cdf = np.asarray(cdf, dtype=np.float64)
    cdf[-1] = 1.0
    return cdf


def sample(d: Distribution, u: NDArray[np.float64]) -> NDArray[np.float64]:
    """Values of ``d`` for uniforms ``u`` in (0, 1), bounded by its min/max."""
    k = d.distribution
    if k == "fixed":
        x = np.full(u.shape, float(d.value), dtype=np.float64)  # type: ignore[arg-type]
    elif k == "uniform":
        lo = float(d.low if d.low is not None else 0.0)
        hi = float(d.high if d.high is not None else 1.0)
        x = lo + u * (hi - lo)
    elif k == "normal":
        x = float(d.mean) + float(d.std) * special.ndtri(u)  # type: ignore[arg-type]
    elif k == "lognormal":
        sigma = float(d.sigma)  # type: ignore[arg-type]
        median = float(d.median) if d.median is not None else float(d.mean) / np.exp(sigma**2 / 2)  # type: ignore[arg-type]
        x = median * np.exp(sigma * special.ndtri(u))
    elif k == "exponential":
        scale = float(d.scale if d.scale is not None else d.mean)  # type: ignore[arg-type]
        x = -scale * np.log(u)
    elif k == "poisson":
        lam = float(d.lam if d.lam is not None else d.mean)  # type: ignore[arg-type]
        x = np.searchsorted(_table("poisson", lam, 0.0, 0), u, side="right").astype(np.float64)
    elif k == "negative_binomial":
        assert d.mean is not None and d.dispersion is not None  # required for this kind by the model's validator
        x = np.searchsorted(_table("negative_binomial", float(d.mean), float(d.dispersion), 0), u, side="right").astype(
            np.float64
        )
    elif k == "zipf":
        assert d.s is not None  # required for this kind by the model's validator
        n = int(d.n or 1000)
        x = np.searchsorted(_table("zipf", float(d.s), 0.0, n), u, side="right").astype(np.float64) + 1.0
        x = np.minimum(x, n)
    elif k == "categorical":
        values = np.asarray(d.values, dtype=np.float64)
        w = np.asarray(d.weights if d.weights is not None else [1.0] * len(values), dtype=np.float64)
        cdf = np.cumsum(w) / w.sum()
        cdf[-1] = 1.0
        x = values[np.minimum(np.searchsorted(cdf, u, side="right"), len(values) - 1)]
    else:  # pragma: no cover - the model forbids it
        raise ValueError(f"unknown distribution {k}")
    if d.min is not None or d.max is not None:
        x = np.clip(x, d.min if d.min is not None else -np.inf, d.max if d.max is not None else np.inf)
    return x


def support_size(d: Distribution) -> float:
    """How many distinct values ``d`` can give (inf for continuous)."""
    if d.distribution == "fixed":
        return 1
    if d.distribution == "categorical":
        return len(set(d.values or []))
    if d.distribution == "zipf":
        return float(d.n or 1000)
    if d.distribution in ("poisson", "negative_binomial"):
        lo = d.min if d.min is not None else 0
        return (d.max - lo + 1) if d.max is not None else float("inf")
    return float("inf")


#: 4,096 evenly spaced quantiles: a count distribution's shape and mean read without sampling
_COUNT_GRID = (np.arange(4096, dtype=np.float64) + 0.5) / 4096


def count_quantiles(d: Distribution) -> NDArray[np.float64]:
    """Children per parent at 4,096 evenly spaced quantiles of ``d``, as the engine draws them (rounded down, at
    least 0): their mean is the expected count, their values its shape."""
    return np.maximum(np.floor(sample(d, _COUNT_GRID)), 0)
