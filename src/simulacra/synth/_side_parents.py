"""A child's other parents as context: which of their columns a child table's model sees.

A child table is drawn per one *context* parent (results per race); its other foreign keys (the result's
driver) used to be filled after its columns were drawn, from each parent's learned share of references, so
nothing tied a result's position to its driver's skill (motorsport: real corr 0.697, sampled -0.010). Here,
at fit time, each other parent's own columns are scored against the child's learned columns through the
real references, and the few that carry signal join the child's context: at sample time the references are
drawn first and the child's row is drawn given the codes of the parent row it got.

The rule: a parent column's score is its largest dependence on one child column, the normalised mutual
information of their codes (each coarsened to at most ``_GROUPS`` groups of adjacent codes) less its
expected value under independence (Miller-Madow: ``(kx - 1)(ky - 1) / 2N`` nats, over the same norm). The
columns scoring at least ``SIDE_MIN`` are kept, best first, at most ``SIDE_MAX`` over all the other parents,
so a child's trees grow by a few features only.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

__all__ = ["SIDE_MAX", "SIDE_MIN", "choose_side_columns", "side_codes"]

SIDE_MIN = 0.05  # corrected normalised mutual information a parent column needs to join the context
SIDE_MAX = 3  # parent columns given to one child table's model, over all its other parents
_GROUPS = 10  # codes coarsened to this many groups of adjacent codes before measuring


def _coarse(codes: NDArray[np.int64]) -> NDArray[np.int64]:
    """Codes as at most ``_GROUPS`` groups of adjacent codes of about equal counts (a number's quantile bins
    stay ordered; a category's codes are grouped by their place in its code list)."""
    values, inverse, counts = np.unique(codes, return_inverse=True, return_counts=True)
    if len(values) <= _GROUPS:
        return inverse.astype(np.int64)
    share = np.cumsum(counts) / counts.sum()
    group = np.minimum((share * _GROUPS - 1e-12).astype(np.int64), _GROUPS - 1)
    return group[inverse]


def _entropy(x: NDArray[np.int64]) -> float:
    p = np.bincount(x) / len(x)
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


def _score(x: NDArray[np.int64], y: NDArray[np.int64]) -> float:
    """Normalised mutual information of two coarsened code vectors, less its expected value by chance."""
    hx, hy = _entropy(x), _entropy(y)
    if hx <= 0 or hy <= 0:
        return 0.0
    kx, ky = int(x.max()) + 1, int(y.max()) + 1
    mi = hx + hy - _entropy(x * ky + y)
    chance = (len(np.unique(x)) - 1) * (len(np.unique(y)) - 1) / (2.0 * len(x))
    return (mi - chance) / np.sqrt(hx * hy) if kx > 1 and ky > 1 else 0.0


def choose_side_columns(
    child: NDArray[np.int32], parents: Mapping[str, tuple[NDArray[np.int32], NDArray[np.int64]]]
) -> dict[str, list[int]]:
    """Per foreign key, the parent's own code columns the child's model sees (the rule: module docstring).

    ``child``: the child's learned codes per real row; ``parents``: per foreign key, the parent's own codes per
    parent row and each child row's parent row (-1: none, left out of the measure). Keys whose parent carries no
    signal are absent; the same inputs give the same choice."""
    scored: list[tuple[float, str, int]] = []
    ys = [_coarse(child[:, j].astype(np.int64)) for j in range(child.shape[1])]
    for fk, (pcodes, rows) in parents.items():
        has = rows >= 0
        if has.sum() < 2 or not ys:
            continue
        for j in range(pcodes.shape[1]):
            x = _coarse(pcodes[rows[has], j].astype(np.int64))
            best = max(_score(x, y[has]) for y in ys)
            if best >= SIDE_MIN:
                scored.append((best, fk, j))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    out: dict[str, list[int]] = {}
    for _, fk, j in scored[:SIDE_MAX]:
        out.setdefault(fk, []).append(j)
    return {fk: sorted(out[fk]) for fk in sorted(out)}  # one order at fit and at sample


def side_codes(
    side: Mapping[str, list[int]], pcodes: Mapping[str, NDArray[np.int32]], rows: Mapping[str, NDArray[np.int64]]
) -> NDArray[np.int32]:
    """The child rows' side context: per foreign key in ``side``'s order, the chosen codes of the parent row each
    child row references (``rows``; -1, a null reference, gives -1 codes). ``pcodes``: per foreign key, its
    parent's codes per parent row."""
    n = len(next(iter(rows.values()))) if rows else 0
    parts = []
    for fk, cols in side.items():
        r = rows[fk]
        got = pcodes[fk][np.maximum(r, 0)][:, cols]
        parts.append(np.where((r >= 0)[:, None], got, -1))
    return np.ascontiguousarray(np.concatenate(parts, axis=1).astype(np.int32)) if parts else np.zeros((n, 0), np.int32)
