"""Joint models over code matrices: the sequential-tree default and the copula baseline.

Both see a table as an integer matrix (rows x columns of codes) plus an optional
context matrix (the parent row's codes, a row's position among its siblings...)
and draw new code matrices. Randomness comes from row-addressable streams, so a row's
codes depend only on (seed, column, row) — never on the chunk it is drawn in.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.synth._trees import CodeTree, grow_tree

__all__ = ["CopulaModel", "TreeModel", "pick"]

#: candidates drawn per row for a draw given some codes (``TreeModel.sample_given``), and their row-id offset
_CANDIDATES = 64
_CANDIDATE = 1 << 53


@dataclass
class TreeModel:
    """P(x_1) P(x_2 | x_1, ctx) ... : one CART per column, donors drawn from its leaves (synthpop's CART)."""

    min_samples_leaf: int = 10
    #: leaf size of the trees of numeric columns (codes are bins, drawn within anyway); 0 = ``min_samples_leaf``
    numeric_leaf: int = 0
    honest: bool = True
    #: numeric columns' trees: rows' worth of a node's parent distribution mixed into its own (0: none)
    numeric_prior: float = 0.0
    #: categories' trees: rows' worth of a node's parent distribution mixed into its own (0: none)
    category_prior: float = 0.0
    #: numeric columns' trees: splits kept only where they predict held-out rows (``grow_tree``'s ``prune``)
    prune: float = 0.0
    trees: list[CodeTree] = field(default_factory=list)
    n_context: int = 0

    def fit(
        self,
        codes: NDArray[np.int32],
        context: NDArray[np.int32] | None,
        *,
        seed: int,
        progress: object | None = None,
        categorical: Sequence[bool] | None = None,
        ordinal: Sequence[tuple[int, int] | None] | None = None,
        kernel: Sequence[float] | None = None,
    ) -> TreeModel:
        """``categorical`` marks the columns whose trees are honest (when ``honest``): categories are where
        leaves replay training rows; numbers are drawn within bins anyway, and halving their data costs more.
        ``ordinal``: per column, the codes that are its ordered quantile bins; ``kernel``: per column, how far
        each leaf's mass is spread along them (``grow_tree``; 0: not at all)."""
        ctx = context if context is not None else np.zeros((len(codes), 0), np.int32)
        self.n_context = ctx.shape[1]
        X = np.ascontiguousarray(np.concatenate([ctx, codes], axis=1).astype(np.int32))
        self.trees = []
        for j in range(codes.shape[1]):
            features = X[:, : self.n_context + j]
            numeric = categorical is not None and not categorical[j]
            self.trees.append(
                grow_tree(
                    features,
                    codes[:, j],
                    min_samples_leaf=self.numeric_leaf if numeric and self.numeric_leaf else self.min_samples_leaf,
                    seed=seed + j,
                    honest=self.honest and (categorical is None or bool(categorical[j])),
                    # one strength per column kind (numbers' trees are never honest here: see ``honest``)
                    prior=self.numeric_prior if numeric else self.category_prior,
                    kernel=kernel[j] if kernel is not None and numeric else 0.0,
                    ordinal=ordinal[j] if ordinal is not None else None,
                    prune=self.prune if numeric else 0.0,
                )
            )
            if progress is not None:
                progress()  # type: ignore[operator]
        return self

    def sample(
        self,
        rows: NDArray[np.int64],
        context: NDArray[np.int32] | None,
        streams: Sequence[Stream],
        fixed: Mapping[int, NDArray[np.int32]] | None = None,
    ) -> NDArray[np.int32]:
        """Codes for ``rows``; ``fixed`` gives codes for some columns (conditions), used as drawn values."""
        n = len(rows)
        m = len(self.trees)
        # column-major float32: each tree reads a prefix of columns without a copy (codes are exact in float32)
        X = np.zeros((n, self.n_context + m), dtype=np.float32, order="F")
        if self.n_context:
            X[:, : self.n_context] = context
        for j, tree in enumerate(self.trees):
            if fixed and j in fixed:
                v = fixed[j]
                if (v < 0).any():  # -1: this row's code is drawn, the others fixed (a copy's redraw)
                    avoid = np.where(v < -1, -v - 2, -1).astype(np.int32)  # -k-2: drawn, but never code k
                    drawn = tree.sample(X[:, : self.n_context + j], streams[j].uniform(rows), avoid)
                    v = np.where(v >= 0, v, drawn)
                X[:, self.n_context + j] = v
                continue
            X[:, self.n_context + j] = tree.sample(X[:, : self.n_context + j], streams[j].uniform(rows))
        return X[:, self.n_context :].astype(np.int32)

    def sample_given(
        self,
        rows: NDArray[np.int64],
        context: NDArray[np.int32] | None,
        streams: Sequence[Stream],
        fixed: Mapping[int, NDArray[np.int32]],
        given: Collection[int],
    ) -> tuple[NDArray[np.int64], NDArray[np.int32], NDArray[np.float64]]:
        """Candidate rows for drawing ``rows`` *given* the codes ``fixed`` holds for the columns ``given``
        (``fixed``'s other columns are used as drawn values, as in :meth:`sample`), so that the columns before a
        given one follow it, not only those after it: likelihood weighting. ``_CANDIDATES`` rows are drawn per
        row with the given codes set as drawn, each weighted by the probability its trees' leaves give those
        codes (``-k-2``, "never code k": one less the probability of k); the caller keeps one per row in
        proportion to its weight (``pick``). Returns the candidates' row ids, codes and weights, candidate-major
        (candidate ``c`` of row ``i`` at ``c * len(rows) + i``; candidate 0 has the row's own id)."""
        k = _CANDIDATES
        many = np.concatenate([rows + c * _CANDIDATE for c in range(k)])
        ctx = None if context is None else np.concatenate([context] * k)
        codes = self.sample(many, ctx, streams, {j: np.concatenate([v] * k) for j, v in fixed.items()})
        weight = np.ones(len(many))
        X = np.zeros((len(many), self.n_context + len(self.trees)), dtype=np.float32, order="F")
        if self.n_context and ctx is not None:
            X[:, : self.n_context] = ctx
        X[:, self.n_context :] = codes
        for j in sorted(given):
            v = np.concatenate([fixed[j]] * k)
            at = v != -1
            if not at.any():
                continue
            p = self.trees[j].mass(
                X[at, : self.n_context + j], np.where(v[at] >= 0, v[at], -v[at] - 2).astype(np.int32)
            )
            weight[at] *= np.where(v[at] >= 0, p, 1.0 - p)
        return many, codes, weight

    def arrays(self) -> dict[str, NDArray[np.generic]]:
        out: dict[str, NDArray[np.generic]] = {}
        for j, t in enumerate(self.trees):
            out.update(t.arrays(f"tree{j}"))
        return out

    @classmethod
    def from_arrays(
        cls, arrays: Mapping[str, NDArray[np.generic]], n_columns: int, *, n_context: int, min_samples_leaf: int
    ) -> TreeModel:
        model = cls(min_samples_leaf=min_samples_leaf, n_context=n_context)
        model.trees = [CodeTree.from_arrays(dict(arrays), f"tree{j}") for j in range(n_columns)]
        return model


@dataclass
class CopulaModel:
    """Gaussian copula over codes: each column's code distribution, tied by normal-score correlations."""

    cumulative: list[NDArray[np.float64]] = field(default_factory=list)
    correlation: NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 0)))

    def fit(self, codes: NDArray[np.int32], n_codes: Sequence[int], *, stream: Stream) -> CopulaModel:
        from scipy.special import ndtri

        n, m = codes.shape
        if m == 0:
            return self
        rows = np.arange(n)
        z = np.zeros((n, m))
        self.cumulative = []
        for j in range(m):
            p = np.bincount(codes[:, j], minlength=n_codes[j]).astype(np.float64) / n
            cum = np.cumsum(p)
            cum[-1] = 1.0
            self.cumulative.append(cum)
            lo = np.concatenate([[0.0], cum[:-1]])[codes[:, j]]
            u = lo + stream.child(j).uniform(rows) * p[codes[:, j]]
            z[:, j] = ndtri(np.clip(u, 1e-12, 1 - 1e-12))
        corr = np.corrcoef(z, rowvar=False) if m > 1 else np.ones((1, 1))
        self.correlation = np.nan_to_num(np.atleast_2d(corr), nan=0.0)
        np.fill_diagonal(self.correlation, 1.0)
        return self

    def sample(self, rows: NDArray[np.int64], streams: Sequence[Stream]) -> NDArray[np.int32]:
        from scipy.special import ndtr

        m = len(self.cumulative)
        if m == 0:
            return np.zeros((len(rows), 0), dtype=np.int32)
        w, v = np.linalg.eigh(self.correlation)
        root = v * np.sqrt(np.clip(w, 0, None))
        z = np.stack([s.normal(rows) for s in streams[:m]], axis=1) @ root.T
        u = ndtr(z)
        out = np.empty((len(rows), m), dtype=np.int32)
        for j, cum in enumerate(self.cumulative):
            out[:, j] = np.minimum(np.searchsorted(cum, u[:, j], side="right"), len(cum) - 1)
        return out

    def arrays(self) -> dict[str, NDArray[np.generic]]:
        out: dict[str, NDArray[np.generic]] = {"copula.correlation": self.correlation}
        for j, c in enumerate(self.cumulative):
            out[f"copula.cum{j}"] = c
        return out

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, NDArray[np.generic]], n_columns: int) -> CopulaModel:
        return cls(
            cumulative=[np.asarray(arrays[f"copula.cum{j}"]) for j in range(n_columns)],
            correlation=np.asarray(arrays["copula.correlation"]),
        )


def pick(weight: NDArray[np.float64], n: int, u: NDArray[np.float64]) -> NDArray[np.int64]:
    """Per row of ``n``, the candidate (``sample_given``'s layout) kept: in proportion to the weights, by the
    uniforms ``u``; a row whose candidates all weigh 0 keeps its first."""
    w = weight.reshape(-1, n).T  # rows x candidates
    k = w.shape[1]
    total = w.sum(axis=1)
    chosen = np.minimum((np.cumsum(w, axis=1) <= (u * total)[:, None]).sum(axis=1), k - 1)
    return np.where(total > 0, chosen, 0) * n + np.arange(n)
