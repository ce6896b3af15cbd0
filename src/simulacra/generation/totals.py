"""A total spread over parents (``rows: {per, count, total}``): children per parent row adding up to the total.

Each parent's count is a pure function of (seed, table, parent row, total, parent rows), so any chunking, worker
count or engine makes the same counts. The parents' rows are halved again and again, a tree over 0..P: a node
with S children splits them between its halves by a draw keyed by the node (its depth and first row), so a row
finds its count by walking from the root to its leaf (log2 P draws) without reading any other parent's count.
The counts follow the count distribution tilted to the mean the total asks (exponential tilting: what i.i.d.
counts look like given their sum): a large half's share is normal around its even share with the variance
i.i.d. tilted counts given their sum S give it (``sd**2 * left * right / n``), rounded at random; a half of at
most ``_EXACT_N`` parents splits by the exact law of those counts given S (their shape, not only their
variance). Each share is held where both halves can still be filled within min..max: the total is exact,
every count within the reach, and the counts spread over it, not only the two integers next to total / parents.

With ``by``/``counts`` (a count distribution per value of a parent column) the parents fall into groups, one per
value (the rest: ``count``); ``value_totals`` first shares the total between the groups (each group's share what
i.i.d. counts of its distribution, all tilted alike, give in expectation, held within the group's reach: a value
counted ``fixed: 0`` gets none), then each group's share is spread over its own parents as above, a parent
addressed by its place among the parents of its value.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.generation import distributions
from simulacra.spec import model as m

__all__ = ["count_reach", "spread_shape", "spread_total", "value_totals"]

#: the ends of the open interval (0, 1) the count's uniforms come from: what a count can be at the ends of its
#: sampler (uniform 0..4 rounded down reaches 3, not 4)
_U_MIN, _U_MAX = 0.5 / 2.0**53, float(np.nextafter(1.0, 0.0))


def count_reach(d: m.Distribution) -> tuple[int, int]:
    """The least and largest children per parent that ``d`` can give (rounded down, at least 0): what its
    sampler returns at the smallest and largest uniform, its min/max included."""
    ends = np.maximum(np.floor(distributions.sample(d, np.array([_U_MIN, _U_MAX]))), 0)
    return int(ends[0]), int(ends[1])


def spread_shape(d: m.Distribution, lo: int, hi: int, mean: float) -> tuple[float, NDArray[np.float64] | None]:
    """``d``'s counts (within lo..hi) tilted to ``mean`` (p(k) e^(theta k), theta such that the mean is
    ``mean``): their standard deviation, and their probabilities over lo..hi (a trace on every count between, so
    any total within the reach can be made; None past ``_EXACT_WIDTH`` counts). (0, None) where the mean sits at
    an end of the counts: nothing to spread."""
    k = np.clip(distributions.count_quantiles(d), lo, hi)
    x, n = np.unique(k, return_counts=True)
    if len(x) < 2 or mean <= x[0] or mean >= x[-1]:
        return 0.0, None
    logp = np.log(n / n.sum())
    z = (x - x[0]) / (x[-1] - x[0])  # 0..1: theta stays in a range exp can take

    def tilted(theta: float) -> NDArray[np.float64]:
        w = logp + theta * z
        p = np.exp(w - w.max())
        return p / p.sum()

    a, b = -700.0, 700.0
    for _ in range(100):  # the tilted mean grows with theta
        mid = (a + b) / 2
        if float((tilted(mid) * x).sum()) < mean:
            a = mid
        else:
            b = mid
    p = tilted((a + b) / 2)
    mu = float((p * x).sum())
    sd = math.sqrt(float((p * (x - mu) ** 2).sum()))
    if hi - lo + 1 > _EXACT_WIDTH:
        return sd, None
    pmf = np.full(hi - lo + 1, _TRACE)
    pmf[(x - lo).astype(np.int64)] += p
    return sd, pmf / pmf.sum()


#: halves of at most this many parents split by the exact law of i.i.d. tilted counts given their sum (the
#: counts' shape, a categorical's gaps kept); larger ones by its normal approximation
_EXACT_N = 8
#: the widest reach (largest - least + 1) split exactly; nodes at a time (bounded memory)
_EXACT_WIDTH, _BLOCK = 64, 4096
#: probability given to a count the distribution never draws: only where nothing else makes the total
_TRACE = 1e-9


def spread_total(
    stream: Stream,
    rows: NDArray[np.int64],
    parents: int,
    total: int,
    lo: int,
    hi: int,
    sd: float,
    pmf: NDArray[np.float64] | None = None,
) -> NDArray[np.int64]:
    """Children of parent rows ``rows`` (of ``parents``), ``total`` in all over the parents, each in lo..hi
    (``parents * lo <= total <= parents * hi``, checked by the caller), spread with standard deviation about
    ``sd`` (and the shape ``pmf`` over lo..hi where given); a pure function of its arguments (the module's note)."""
    r = np.asarray(rows, dtype=np.int64)
    a = np.zeros(len(r), dtype=np.int64)
    b = np.full(len(r), parents, dtype=np.int64)
    s = np.full(len(r), float(total))
    conv = [np.ones(1)]
    if pmf is not None:
        for _ in range(_EXACT_N):
            conv.append(np.convolve(conv[-1], pmf))
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
        if pmf is not None and (small := active & (b - a <= _EXACT_N)).any():
            share[small] = _exact_split(conv, lo, a[small], b[small] - a[small], s[small], u[small])
        go_left = r < mid
        s = np.where(active, np.where(go_left, share, s - share), s)
        a = np.where(active & ~go_left, mid, a)
        b = np.where(active & go_left, mid, b)
        depth += 1
    return s.astype(np.int64)


def _exact_split(
    conv: list[NDArray[np.float64]],
    lo: int,
    start: NDArray[np.int64],
    n: NDArray[np.int64],
    s: NDArray[np.float64],
    u: NDArray[np.float64],
) -> NDArray[np.float64]:
    """The left half's children of nodes (first row ``start``, ``n`` parents, ``s`` children) drawn by ``u`` from
    P(left = j) ~ pmf^*left(j) pmf^*right(s - j) (``conv[m]``: the m-fold convolution over m*lo..m*hi), once per
    node (the rows of a node share its draw)."""
    nodes, first, back = np.unique(start, return_index=True, return_inverse=True)
    out = np.empty(len(nodes))
    nn, ss, uu = n[first], s[first].astype(np.int64), u[first]
    for size in np.unique(nn):
        idx = np.flatnonzero(nn == size)
        nl = int(size) // 2
        cl, cr = conv[nl], conv[int(size) - nl]
        j = np.arange(len(cl))
        for c in range(0, len(idx), _BLOCK):
            at = idx[c : c + _BLOCK]
            i = (ss[at] - int(size) * lo)[:, None] - j[None, :]  # the right half's index of each left share
            ok = (i >= 0) & (i < len(cr))
            w = cl[None, :] * np.where(ok, cr[np.clip(i, 0, len(cr) - 1)], 0.0)
            cdf = np.cumsum(w, axis=1)
            pick = (cdf < (uu[at] * cdf[:, -1])[:, None]).sum(axis=1)
            out[at] = nl * lo + np.minimum(pick, len(cl) - 1)
    return out[back]


def value_totals(total: int, sizes: list[int], dists: list[m.Distribution], reach: list[tuple[int, int]]) -> list[int]:
    """``total`` shared between groups of ``sizes`` parents, a group's counts drawn from its distribution in
    ``dists`` within its ``reach`` (least, largest): each share what the group's counts tilted by one common
    theta (i.i.d. counts given their sum) add up to, rounded by the largest remainders, within the group's
    ``size * least .. size * largest`` (``sum of those`` must hold ``total``: checked by the caller). A pure
    function of its arguments."""
    low = [n * lo for n, (lo, _) in zip(sizes, reach)]
    high = [n * hi for n, (_, hi) in zip(sizes, reach)]
    if total <= sum(low):
        return low
    if total >= sum(high):
        return high
    base = min(lo for lo, _ in reach)
    width = float(max(max(hi for _, hi in reach) - base, 1))
    shapes = []
    for n, d, (lo, hi) in zip(sizes, dists, reach):
        x, c = np.unique(np.clip(distributions.count_quantiles(d), lo, hi), return_counts=True)
        shapes.append((float(n), x, np.log(c / c.sum()), (x - base) / width))  # z in 0..1: exp stays finite

    def shares(theta: float) -> NDArray[np.float64]:
        out = np.zeros(len(shapes))
        for i, (n, x, logp, z) in enumerate(shapes):
            w = logp + theta * z
            p = np.exp(w - w.max())
            out[i] = n * float((p * x).sum() / p.sum())
        return out

    a, b = -700.0, 700.0
    for _ in range(100):  # the groups' tilted sum grows with theta
        mid = (a + b) / 2
        if float(shares(mid).sum()) < total:
            a = mid
        else:
            b = mid
    want = np.clip(shares((a + b) / 2), low, high)
    got = np.clip(np.floor(want), low, high).astype(np.int64)
    # the rest by the largest remainders (ties: the first group); then, where the tilted counts could not reach
    # the total (a count's ends beyond its quantiles), whatever room the groups have left, in that order
    order = sorted(range(len(shapes)), key=lambda i: (-(want[i] - got[i]), i))
    left = total - int(got.sum())
    for i in order:
        if left > 0 and got[i] < high[i]:
            got[i] += 1
            left -= 1
    for i in order:
        step = min(left, high[i] - int(got[i])) if left > 0 else max(left, low[i] - int(got[i]))
        got[i] += step
        left -= step
    return [int(g) for g in got]
