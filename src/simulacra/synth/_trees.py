"""A classification tree over codes, kept as plain arrays.

scikit-learn grows the tree (CART, as synthpop does per column); we keep only its
split arrays and each leaf's code distribution, so a model saves as numbers (no
pickle) and samples with vectorised numpy: walk every row down the tree, then draw
a code from its leaf's distribution.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np
from numpy.typing import NDArray

__all__ = ["CodeTree", "grow_tree"]

# codes as int32, or as float32 where a caller fills one matrix column by column (codes are exact in float32)
Codes = NDArray[np.int32] | NDArray[np.float32]


class _CompiledTree(Protocol):
    """What we use of scikit-learn's compiled ``sklearn.tree._tree.Tree``."""

    def apply(self, X: NDArray[np.float32], /) -> NDArray[np.intp]: ...


@dataclass
class CodeTree:
    left: NDArray[np.int32]
    right: NDArray[np.int32]
    feature: NDArray[np.int32]
    threshold: NDArray[np.float64]
    leaf_rank: NDArray[np.int32]  # node -> leaf ordinal (-1 for inner nodes)
    leaf_offset: NDArray[np.int64]  # leaf ordinal -> first position in codes/cum (length n_leaves + 1)
    codes: NDArray[np.int32]  # per leaf, the codes it can emit (those with mass)
    cum: NDArray[np.float64]  # leaf ordinal + cumulative probability: increasing across all leaves
    _sk: _CompiledTree | Literal[False] | None = field(default=None, repr=False, compare=False)
    _guide: NDArray[np.int64] | None = field(default=None, repr=False, compare=False)

    def leaves(self, X: Codes) -> NDArray[np.int64]:
        """Leaf ordinal of every row of ``X`` (rows x features)."""
        n = X.shape[0]
        if len(self.left) == 1:
            return np.zeros(n, dtype=np.int64)
        fast = self._compiled()
        if fast is not None:
            X32 = X.astype(np.float32, copy=False)  # X itself when already float32
            return self.leaf_rank[fast.apply(X32)].astype(np.int64)
        return self.walk(X)

    def _compiled(self) -> _CompiledTree | None:
        """scikit-learn's compiled tree rebuilt from our arrays (not unpickled): the same splits, walked in C.

        Codes are small integers, exact in float32, so it finds the same leaves as :meth:`walk`;
        if this scikit-learn lays trees out differently, we fall back to the numpy walk.
        """
        if self._sk is None:
            try:
                from sklearn.tree._tree import NODE_DTYPE, Tree

                k = len(self.left)
                nodes = np.zeros(k, dtype=NODE_DTYPE)
                nodes["left_child"], nodes["right_child"] = self.left, self.right
                nodes["feature"] = np.where(self.left == -1, -2, self.feature)
                nodes["threshold"] = np.where(self.left == -1, -2.0, self.threshold)
                width = int(self.feature.max()) + 1
                tree = Tree(width, np.array([1], dtype=np.intp), 1)
                tree.__setstate__(
                    {"max_depth": 64, "node_count": k, "nodes": nodes, "values": np.zeros((k, 1, 1), dtype=np.float64)}
                )
                self._sk = tree
            except Exception:  # a layout this scikit-learn does not accept
                self._sk = False
        return self._sk or None

    def walk(self, X: Codes) -> NDArray[np.int64]:
        """Leaf ordinals by walking the arrays with numpy (the reference implementation)."""
        n = X.shape[0]
        Xi = np.ascontiguousarray(X, dtype=np.int32)
        out = np.empty(n, dtype=np.int64)
        for start in range(0, n, _BLOCK):  # blocks that stay in cache
            out[start : start + _BLOCK] = self._leaves(Xi[start : start + _BLOCK])
        return out

    def _leaves(self, X: NDArray[np.int32]) -> NDArray[np.int64]:
        n, width = X.shape
        node = np.zeros(n, dtype=np.int32)
        active = np.arange(n, dtype=np.int32)
        flat = X.ravel()
        while len(active):
            cur = node[active]
            go_left = flat[active * width + self.feature[cur]] <= self.threshold[cur]
            nxt = np.where(go_left, self.left[cur], self.right[cur])
            node[active] = nxt
            active = active[self.left[nxt] != -1]
        return self.leaf_rank[node].astype(np.int64)

    def sample(self, X: Codes, u: NDArray[np.float64], avoid: NDArray[np.int32] | None = None) -> NDArray[np.int32]:
        """One code per row, drawn from the distribution of the row's leaf (inverse CDF); where ``avoid`` is a
        code (>= 0), from that distribution without it (unless the leaf holds nothing else)."""
        leaf = self.leaves(X)
        if avoid is not None and (avoid >= 0).any():
            u = self._skipping(leaf, u, avoid)
        needle = leaf + u
        # a guide table (Chen & Asau) jumps near the answer; a few vectorised steps finish the search
        guide = self._guide_table()
        pos = guide[leaf * _GUIDE + (u * _GUIDE).astype(np.int64)]
        step = np.flatnonzero(self.cum[pos] <= needle)
        while len(step):
            pos[step] += 1
            step = step[self.cum[pos[step]] <= needle[step]]
        return self.codes[pos]

    def mass(self, X: Codes, code: NDArray[np.int32]) -> NDArray[np.float64]:
        """The probability each row's leaf gives its ``code`` (0 where the leaf never emits it, or ``code`` < 0)."""
        leaf = self.leaves(X)
        return self._segment(leaf, code)[1]

    def _segment(
        self, leaf: NDArray[np.int64], code: NDArray[np.int32]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Where each row's ``code`` starts in its leaf's CDF (0 when absent) and the mass it holds there."""
        width = int(max(self.codes.max(initial=0), code.max(initial=0))) + 1
        owner = np.repeat(np.arange(len(self.leaf_offset) - 1, dtype=np.int64), np.diff(self.leaf_offset))
        keys = owner * width + self.codes  # leaf-major, so sorted where each leaf's codes are (not assumed)
        order = np.argsort(keys, kind="stable")
        want = leaf * width + np.maximum(code, 0)
        at = np.clip(np.searchsorted(keys[order], want), 0, len(keys) - 1)
        pos = order[at]
        found = (keys[pos] == want) & (code >= 0)
        lower = np.where(pos > self.leaf_offset[leaf], self.cum[np.maximum(pos - 1, 0)], leaf)
        return np.where(found, lower - leaf, 0.0), np.where(found, self.cum[pos] - lower, 0.0)

    def _skipping(
        self, leaf: NDArray[np.int64], u: NDArray[np.float64], avoid: NDArray[np.int32]
    ) -> NDArray[np.float64]:
        """``u`` moved past the segment of each row's leaf CDF that emits its ``avoid`` code: the same inverse-CDF
        draw from the leaf's distribution with that code taken out (exact, one uniform, no retries)."""
        start, w = self._segment(leaf, avoid)
        w = np.where(w < 1.0 - 1e-9, w, 0.0)  # a leaf that emits only the avoided code: drawn as it is
        v = u * (1.0 - w)
        return np.minimum(np.where(v < start, v, v + w), np.nextafter(1.0, 0.0))

    def _guide_table(self) -> NDArray[np.int64]:
        if self._guide is None:
            n_leaves = len(self.leaf_offset) - 1
            marks = (np.arange(n_leaves)[:, None] + np.arange(_GUIDE)[None, :] / _GUIDE).ravel()
            self._guide = np.searchsorted(self.cum, marks, side="right").astype(np.int64)
        return self._guide

    def arrays(self, prefix: str) -> dict[str, NDArray[np.generic]]:
        return {f"{prefix}.{k}": getattr(self, k) for k in _FIELDS}

    @classmethod
    def from_arrays(cls, arrays: dict[str, NDArray[np.generic]], prefix: str) -> CodeTree:
        return cls(**{k: arrays[f"{prefix}.{k}"] for k in _FIELDS})  # type: ignore[arg-type]


_BLOCK = 16_384
_GUIDE = 16  # guide-table slots per leaf

_FIELDS = ("left", "right", "feature", "threshold", "leaf_rank", "leaf_offset", "codes", "cum")


def grow_tree(
    X: NDArray[np.int32],
    y: NDArray[np.int32],
    *,
    min_samples_leaf: int,
    seed: int,
    max_depth: int | None = None,
    weight: NDArray[np.float64] | None = None,
    honest: bool = False,
    prior: float = 0.0,
    kernel: float = 0.0,
    ordinal: tuple[int, int] | None = None,
    prune: float = 0.0,
) -> CodeTree:
    """Fit CART to predict codes ``y`` from feature codes ``X``; keep it as arrays.

    ``honest``: the splits are chosen on a seeded half of the rows and every node's code
    distribution is counted on the other half (an "honest" tree, Athey & Imbens), each
    node's own splitting-half distribution added as a prior of ``_HONEST_PRIOR`` rows. A split that only
    fits noise in one half carries no signal in the other, so its leaves draw what
    the population around them holds rather than replaying the few training rows that
    chose it: on Adult (dev split) the share of synthetic rows closer to a training row
    than to a held-out one falls from 0.52 to 0.51. Tables under ``_HONEST_MIN_ROWS``
    rows keep plain trees: there, counting each leaf on half the rows loses more of the
    rare values' tails (ages over 70 in 0.6% of rows instead of 0.8%) than it protects.

    ``kernel`` with ``ordinal`` (the codes ``lo <= code < hi`` that are a number's ordered quantile bins):
    every leaf's mass on those bins is spread along them by a Gaussian kernel as wide as ``kernel`` times
    Silverman's width over 1.06 for the leaf's rows (see :func:`_smooth_leaves`).

    ``prior`` (honest or not): every node's code distribution is shrunk towards its parent's as shrunk, the
    parent worth ``prior`` rows (Dirichlet pseudo-counts along the path, :func:`_shrink_to_parents`), after
    the honest counting. A 10-row leaf's codes are otherwise the codes its few rows (or their held-out half)
    hold: a number's leaf replays its rows' bins, a rare combination of categories is replayed as the
    training rows hold it. The caller picks the strength per column kind (``TreeModel``: ``numeric_prior``
    for numbers' trees, ``category_prior`` for categories').

    ``prune`` > 0 (tables of ``_HONEST_MIN_ROWS`` rows or more; ``honest`` is then not used): the tree is grown
    on a seeded half of the rows with leaves of half ``min_samples_leaf``, and a split is kept only where it
    predicts the other half's codes better than its node does (held-out log-likelihood, each node's
    distribution shrunk towards its parent's by ``prune`` rows: the larger, the more splits kept; :func:`_prune`);
    the leaves left are counted on all the rows. A fixed leaf size coarsens every branch alike; pruning keeps the splits that
    generalise at full resolution and merges the ones that only tell the training rows apart.
    """
    if X.shape[1] == 0 or len(np.unique(y)) == 1 or len(y) < 2 * min_samples_leaf:
        return _single_leaf(y, weight)
    from sklearn.tree import DecisionTreeClassifier

    clf = DecisionTreeClassifier(min_samples_leaf=min_samples_leaf, max_depth=max_depth, random_state=seed)
    held = None
    pruning = prune > 0 and len(y) >= _HONEST_MIN_ROWS
    if pruning:
        clf.set_params(min_samples_leaf=max(1, min_samples_leaf // 2))
    if (honest or pruning) and len(y) >= _HONEST_MIN_ROWS:
        held = np.random.default_rng(seed).random(len(y)) < 0.5
        clf.fit(X[~held], y[~held], sample_weight=None if weight is None else weight[~held])
    else:
        clf.fit(X, y, sample_weight=weight)
    t = clf.tree_
    left = t.children_left.astype(np.int32)
    right = t.children_right.astype(np.int32)
    value = t.value[:, 0, :]
    value = value / np.maximum(value.sum(axis=1, keepdims=True), 1e-300)
    classes = clf.classes_.astype(np.int32)
    n_rows = t.weighted_n_node_samples.astype(np.float64)
    feature_, threshold = t.feature, t.threshold.astype(np.float64)
    if pruning and held is not None:
        left, right, feature_, threshold, value, n_rows = _prune(
            clf, X[held], y[held], classes, left, right, feature_, threshold, value, n_rows, prune
        )
    elif held is not None:
        value = _honest_values(clf, X[held], y[held], classes, value)
    if prior > 0:
        value = _shrink_to_parents(left, right, n_rows, value, prior)
    is_leaf = left == -1
    if kernel > 0 and ordinal is not None:
        leaf_rows = n_rows.astype(np.intp) if pruning and held is not None else t.n_node_samples
        value, classes = _smooth_leaves(value, classes, is_leaf, leaf_rows, kernel, ordinal)
    leaf_nodes = np.flatnonzero(is_leaf)
    leaf_rank = np.full(len(left), -1, dtype=np.int32)
    leaf_rank[leaf_nodes] = np.arange(len(leaf_nodes), dtype=np.int32)
    codes, cum, offsets = [], [], [0]
    for r, node in enumerate(leaf_nodes):
        p = value[node]
        nz = np.flatnonzero(p > _MIN_MASS)
        q = p[nz] / p[nz].sum()
        c = np.cumsum(q)
        c[-1] = 1.0
        codes.append(classes[nz])
        cum.append(r + c)
        offsets.append(offsets[-1] + len(nz))
    feature = np.where(is_leaf, 0, feature_).astype(np.int32)
    return CodeTree(
        left=left,
        right=right,
        feature=feature,
        threshold=threshold,
        leaf_rank=leaf_rank,
        leaf_offset=np.asarray(offsets, dtype=np.int64),
        codes=np.concatenate(codes).astype(np.int32),
        cum=np.concatenate(cum),
    )


def _honest_values(
    clf: object, X: NDArray[np.int32], y: NDArray[np.int32], classes: NDArray[np.int32], value: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Leaf distributions counted on rows the splits never saw, plus the leaf's own splitting-half
    distribution worth ``_HONEST_PRIOR`` rows (a leaf few held-out rows reach stays stable; a code
    neither half of the leaf held is never emitted)."""
    leaf = clf.apply(X)  # type: ignore[attr-defined]
    seen = np.isin(y, classes)
    counts = np.zeros_like(value)
    np.add.at(counts, (leaf[seen], np.searchsorted(classes, y[seen])), 1.0)
    mixed = counts + _HONEST_PRIOR * value
    return mixed / mixed.sum(axis=1, keepdims=True)


def _prune(
    clf: object,
    X: NDArray[np.int32],
    y: NDArray[np.int32],
    classes: NDArray[np.int32],
    left: NDArray[np.int32],
    right: NDArray[np.int32],
    feature: NDArray[np.intp],
    threshold: NDArray[np.float64],
    value: NDArray[np.float64],
    n: NDArray[np.float64],
    prior: float,
) -> tuple[
    NDArray[np.int32],
    NDArray[np.int32],
    NDArray[np.intp],
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
]:
    """The tree grown on one half, pruned bottom-up on the held-out half ``X``, ``y``, with every node's
    distribution counted on both halves; the arrays compacted to the nodes left.

    A node is made a leaf when its own distribution (the splitting half's, shrunk towards its parent's by
    ``prior`` rows so that no held-out code has probability 0) gives the held-out rows that reach it
    at least the log-likelihood its pruned subtree gives them (reduced-error pruning, with likelihood as the
    error). A leaf's bins then come from as many rows as the data can tell apart, not from a fixed count."""
    seen = np.isin(y, classes)
    path = clf.decision_path(X[seen])  # type: ignore[attr-defined]
    onehot = np.zeros((int(seen.sum()), len(classes)))
    onehot[np.arange(len(onehot)), np.searchsorted(classes, y[seen])] = 1.0
    held_counts = np.asarray(path.T @ onehot)  # node x class: held-out rows reaching each node
    p = _shrink_to_parents(left, right, n, value, prior)
    own = (held_counts * np.log(np.maximum(p, 1e-300))).sum(axis=1)
    order = [0]  # nodes, parents before children
    for node in order:
        if left[node] != -1:
            order.extend((int(left[node]), int(right[node])))
    sub = own.copy()
    cut = np.zeros(len(left), dtype=bool)
    for node in reversed(order):
        if left[node] == -1:
            continue
        kids = sub[left[node]] + sub[right[node]]
        if own[node] >= kids:
            cut[node] = True
        else:
            sub[node] = kids
    keep: list[int] = []
    stack = [0]
    while stack:  # the nodes still reachable, in a parent-first order
        node = stack.pop()
        keep.append(node)
        if left[node] != -1 and not cut[node]:
            stack.extend((int(right[node]), int(left[node])))
    idx = np.asarray(keep, dtype=np.int64)
    new = np.full(len(left), -1, dtype=np.int64)
    new[idx] = np.arange(len(idx))
    inner = (left[idx] != -1) & ~cut[idx]
    new_left = np.where(inner, new[left[idx]], -1).astype(np.int32)
    new_right = np.where(inner, new[right[idx]], -1).astype(np.int32)
    counts = value * n[:, None] + held_counts
    total = counts.sum(axis=1)
    return (
        new_left,
        new_right,
        np.where(inner, feature[idx], -2),
        np.where(inner, threshold[idx], -2.0),
        counts[idx] / np.maximum(total[idx, None], 1e-300),
        total[idx],
    )


def _shrink_to_parents(
    left: NDArray[np.int32], right: NDArray[np.int32], n: NDArray[np.float64], value: NDArray[np.float64], prior: float
) -> NDArray[np.float64]:
    """Each node's distribution as ``(n_node * own + prior * parent's) / (n_node + prior)``, from the root
    down, so a leaf's is shrunk towards its parent's, that one towards the grandparent's, and so on.

    A numeric column's leaf of 20 rows spread over 40-160 quantile bins is those 20 rows' bins: the
    synthetic rows then follow the training sample's own density fluctuations (farther from fresh
    rows, not nearer to the training ones: the DCR share's excess, benchmarks/RESULTS.md). Mixing
    in the parent's distribution in proportion to the leaf's size keeps a big leaf's shape and
    smooths a small one's towards what the wider neighbourhood holds (an m-estimate along the path)."""
    out = value.copy()
    parent = np.full(len(left), -1, dtype=np.int64)
    inner = np.flatnonzero(left != -1)
    parent[left[inner]] = inner
    parent[right[inner]] = inner
    level = np.flatnonzero(parent == 0)  # the root's children, then theirs: a parent is done before its children
    while len(level):
        w = n[level][:, None]
        out[level] = (w * value[level] + prior * out[parent[level]]) / (w + prior)
        kids = level[left[level] != -1]
        level = np.concatenate([left[kids], right[kids]]).astype(np.int64)
    return out


def _smooth_leaves(
    value: NDArray[np.float64],
    classes: NDArray[np.int32],
    is_leaf: NDArray[np.bool_],
    n: NDArray[np.intp],
    kernel: float,
    ordinal: tuple[int, int],
) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
    """Each leaf's mass on the ordered bins ``ordinal`` spread along them by a Gaussian kernel of
    ``kernel * s * rows ** -0.2`` bins, ``s`` the spread (standard deviation, in bins) of the leaf's own
    mass there: a kernel density estimate through the leaf's rows (``kernel`` = 1.06: Silverman's rule),
    truncated at the range's ends with each source bin's mass kept whole.

    A leaf of 10 rows puts its mass on those training rows' own bins, so the synthetic rows follow that
    sample's fluctuations (the DCR share's excess). The width follows the leaf's own spread, so a leaf the
    splits made narrow (bedrooms given rooms) stays narrow, and shrinks with its rows, so a big leaf keeps
    its shape. Spikes, nulls and the rare code lie outside ``ordinal`` and keep their mass."""
    lo, hi = ordinal
    bins = np.arange(lo, hi, dtype=np.int32)
    if len(bins) < 2:
        return value, classes
    # every bin becomes a class the leaves can emit (a smoothed leaf reaches bins no training row of it held)
    full = np.union1d(classes, bins).astype(np.int32)
    out = np.zeros((value.shape[0], len(full)))
    out[:, np.searchsorted(full, classes)] = value
    at = np.searchsorted(full, bins)
    pos = bins.astype(np.float64)
    grid = (pos[:, None] - pos[None, :]) ** 2
    for node in np.flatnonzero(is_leaf):
        mass = out[node, at]
        total = mass.sum()
        if total <= 0:
            continue
        mean = float(mass @ pos) / total
        spread = float(np.sqrt(max(float(mass @ (pos - mean) ** 2) / total, 0.0)))
        sigma = kernel * spread * max(int(n[node]), 1) ** -0.2
        if sigma < 0.25:  # narrower than a bin: the kernel would keep each bin's own mass
            continue
        k = np.exp(-grid / (2 * sigma * sigma))
        k /= k.sum(axis=1, keepdims=True)
        out[node, at] = mass @ k
    return out, full


_HONEST_PRIOR = 3.0  # rows' worth of a node's splitting-half distribution added to its held-out counts
_HONEST_MIN_ROWS = 10_000
_MIN_MASS = 1e-6  # smoothed mass below this is dropped (keeps the per-leaf arrays small)


def _single_leaf(y: NDArray[np.int32], weight: NDArray[np.float64] | None) -> CodeTree:
    codes, inverse = np.unique(y, return_inverse=True)
    counts = np.bincount(inverse, weights=weight).astype(np.float64)
    c = np.cumsum(counts / counts.sum())
    c[-1] = 1.0
    return CodeTree(
        left=np.array([-1], np.int32),
        right=np.array([-1], np.int32),
        feature=np.zeros(1, np.int32),
        threshold=np.zeros(1),
        leaf_rank=np.zeros(1, np.int32),
        leaf_offset=np.array([0, len(codes)], np.int64),
        codes=codes.astype(np.int32),
        cum=c,
    )
