"""A total spread over parents (``rows: {per, count, total}``): children per parent row adding up to the total.

Each parent's count is a pure function of (seed, table, parent row, total, parent rows), so any chunking, worker
count or engine makes the same counts. The parents' rows are halved again and again, a tree over 0..P: a node
with S children splits them between its halves by a draw keyed by the node (its depth and first row), so a row
finds its count by walking from the root to its leaf (log2 P draws) without reading any other parent's count.
The left half's share is normal around its even share with the variance that P i.i.d. counts conditioned on
their sum S give it (``sd**2 * left * right / n``), rounded at random, and held where both halves can still be
filled within min..max: the total is exact, every count within the reach, and the counts spread with the
variance of the count distribution tilted to the mean the total asks (exponential tilting: what i.i.d. counts
look like given their sum), not only the two integers next to total / parents.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.generation import distributions
from simulacra.spec import model as m

__all__ = ["count_reach", "spread_sd", "spread_total"]

#: the ends of the open interval (0, 1) the count's uniforms come from: what a count can be at the ends of its
#: sampler (uniform 0..4 rounded down reaches 3, not 4)
_U_MIN, _U_MAX = 0.5 / 2.0**53, float(np.nextafter(1.0, 0.0))
#: quantiles that stand for the count distribution's shape (as ``Engine._expected_rows`` reads its mean)
_GRID = (np.arange(4096, dtype=np.float64) + 0.5) / 4096


def count_reach(d: m.Distribution) -> tuple[int, int]:
    """The least and largest children per parent that ``d`` can give (rounded down, at least 0): what its
    sampler returns at the smallest and largest uniform, its min/max included."""
    ends = np.maximum(np.floor(distributions.sample(d, np.array([_U_MIN, _U_MAX]))), 0)
    return int(ends[0]), int(ends[1])


def spread_sd(d: m.Distribution, lo: int, hi: int, mean: float) -> float:
    """Standard deviation of ``d``'s counts (within lo..hi) tilted to ``mean``: p(k) e^(theta k), theta such
    that the mean is ``mean``. 0 where the mean sits at an end of the counts (nothing to spread)."""
    k = np.clip(np.maximum(np.floor(distributions.sample(d, _GRID)), 0), lo, hi)
    x, n = np.unique(k, return_counts=True)
    if len(x) < 2 or mean <= x[0] or mean >= x[-1]:
        return 0.0
    logp = np.log(n / n.sum())
    z = (x - x[0]) / (x[-1] - x[0])  # 0..1: theta stays in a range exp can take

    def tilted(theta: float) -> tuple[float, float]:
        w = logp + theta * z
        p = np.exp(w - w.max())
        p /= p.sum()
        mu = float((p * x).sum())
        return mu, float((p * (x - mu) ** 2).sum())

    a, b = -700.0, 700.0
    for _ in range(100):  # the tilted mean grows with theta
        mid = (a + b) / 2
        if tilted(mid)[0] < mean:
            a = mid
        else:
            b = mid
    return math.sqrt(tilted((a + b) / 2)[1])


def spread_total(
    stream: Stream, rows: NDArray[np.int64], parents: int, total: int, lo: int, hi: int, sd: float
) -> NDArray[np.int64]:
    """Children of parent rows ``rows`` (of ``parents``), ``total`` in all over the parents, each in lo..hi
    (``parents * lo <= total <= parents * hi``, checked by the caller), spread with standard deviation about
    ``sd``; a pure function of its arguments (see the module's note)."""
    r = np.asarray(rows, dtype=np.int64)
    a = np.zeros(len(r), dtype=np.int64)
    b = np.full(len(r), parents, dtype=np.int64)
    s = np.full(len(r), float(total))
    depth = 0
    while len(r) and (active := b - a > 1).any():
        level = stream.child("split", depth)
        mid = (a + b) // 2
        n, left = (b - a).astype(np.float64), (mid - a).astype(np.float64)
        right = n - left
        z = level.child("z").normal(a)  # keyed by the node (depth, first row): the same for all its rows
        u = level.child("u").uniform(a)
        share = np.floor(s * left / n + sd * np.sqrt(left * right / n) * z + u)
        share = np.clip(share, np.maximum(left * lo, s - right * hi), np.minimum(left * hi, s - right * lo))
        go_left = r < mid
        s = np.where(active, np.where(go_left, share, s - share), s)
        a = np.where(active & ~go_left, mid, a)
        b = np.where(active & go_left, mid, b)
        depth += 1
    return s.astype(np.int64)
