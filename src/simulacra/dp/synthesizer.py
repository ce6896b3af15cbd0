"""``DPSynthesizer``: one table learned under (ε, δ)-differential privacy, MST style.

Fit, in order, each step charged to the :class:`~simulacra.dp.accountant.Accountant`:

1. **domains** — numeric and date columns are cut into the declared bins; categories are
   declared or released by a Gaussian thresholded histogram (a value enters the domain
   only if its noisy count clears ``1 + σ·Φ⁻¹(1−δ_c)``, so a value few rows hold almost
   never does; the chance one row's value gets through is the pure ``δ_c`` recorded).
   Every column has a null code; undeclared values fall in an ``other`` code.
2. **one-way marginals** — every column's histogram with Gaussian noise (L2 sensitivity 1);
   a numeric column with fine bins (declared ``resolution``, or one per value for an
   integer/date column spanning at most ``DEFAULT_FINE_SPAN`` values) is measured on its
   bins and on its fine bins, ``FINE_SHARE`` of its one-way ρ to the latter.
3. **selection** — a spanning tree over the columns, one edge per round by the exponential
   mechanism, each candidate pair scored by the L1 distance between its true two-way
   histogram and the product of the noisy one-ways (sensitivity 1), less AIM's expected
   measurement error ``sqrt(2/π)·σ₂·cells`` (data-independent), Kruskal-style.
4. **two-way marginals** — each tree edge's histogram with Gaussian noise.
5. **three-way rounds** — up to ``THREE_WAY_ROUNDS``: each picks a column, its tree parent and
   a neighbour of that parent (exponential mechanism, AIM-style score), measures their
   three-way histogram with Gaussian noise, and models the column on both (see ``_triangles``).

Post-processing (free): every noisy histogram is projected onto the non-negative counts
of its noisy total (norm-sub), one-way estimates combine the direct measurement with
the sums of its fine bins and the edge measurements by inverse variance, each edge table is made consistent with
both ends' one-ways (iterative proportional fitting), and the tree becomes a directed
graphical model sampled exactly (ancestral sampling). A drawn bin picks one of its fine
bins by their estimates; values are drawn uniformly within the (fine) bin, inside the
declared bounds; integers stay integers.

The row count is released too (the noisy total); the model folder holds only declared
values, DP-released categories and noisy counts, with the budget spent per component.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import statistics
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import stable_hash
from simulacra._version import __version__
from simulacra.dp.accountant import Accountant, rho_for
from simulacra.dp.domain import ColumnDomain, parse_domain
from simulacra.dp.mechanisms import exponential_mechanism, gaussian_mechanism, gaussian_sigma
from simulacra.errors import Location, ModelError, NotFittedError, SpecError

__all__ = ["DPSynthesizer", "check_budget", "norm_sub"]

#: shares of the zCDP budget (fixed a priori, as in MST, not tuned on any data set)
DOMAIN_SHARE = 0.1  # of the whole, only when some categories are released
ONE_WAY_SHARE = 0.2
SELECT_SHARE = 0.1
TWO_WAY_SHARE = 0.7
#: of the two-way share, what goes to AIM-style three-way rounds (tables of three or more columns)
THREE_WAY_SHARE = 0.15
THREE_WAY_ROUNDS = 4
#: of each three-way round, the share that picks its marginal
THREE_SELECT_SHARE = 0.1
#: share of δ given to thresholded category releases (the rest goes to the zCDP conversion)
THRESHOLD_DELTA_SHARE = 0.5
#: an integer or date column whose declared bounds span at most this many values, with no
#: declared ``resolution``, has its one-way histogram measured per value (resolution 1)
DEFAULT_FINE_SPAN = 256
#: selection scores subtract each pair's expected measurement error (AIM's penalty on large tables)
NOISE_AWARE = True
#: share of such a column's one-way budget spent on its fine bins (the rest on its bins)
FINE_SHARE = 0.5
_EPOCH = dt.date(1970, 1, 1).toordinal()


def check_budget(epsilon: float, delta: float, n_rows: int, *, table: str = "table") -> None:
    """Refuse a budget that gives no real guarantee: ε ≤ 0 or not finite, δ outside (0, 1/n)."""
    where = Location(table=table)
    if not (isinstance(epsilon, (int, float)) and math.isfinite(epsilon) and epsilon > 0):
        raise SpecError(f"the DP epsilon must be a positive finite number, got {epsilon!r}", location=where)
    if not (isinstance(delta, (int, float)) and 0 < delta < 1):
        raise SpecError(f"the DP delta must be in (0, 1), got {delta!r}", location=where)
    if n_rows > 0 and delta >= 1.0 / n_rows:
        raise SpecError(
            f"the DP delta {delta:g} must be below 1/n = 1/{n_rows:,} (a larger one allows releasing a whole row); "
            f"use at most {0.1 / n_rows:.1g}",
            location=where,
        )


def norm_sub(y: NDArray[np.float64], total: float) -> NDArray[np.float64]:
    """The non-negative vector of sum ``total`` nearest (in L2) to ``y``: subtract θ, clip at 0."""
    total = max(total, 0.0)
    if y.size == 0:
        return y.copy()
    if total == 0:
        return np.zeros_like(y)
    s = np.sort(y.ravel())[::-1]
    css = np.cumsum(s) - total
    k = np.arange(1, s.size + 1)
    rho = np.nonzero(s - css / k > 0)[0][-1]
    theta = css[rho] / (rho + 1)
    return np.maximum(y - theta, 0.0)


class DPSynthesizer:
    """Learn one table under (ε, δ)-DP; sample rows from the noisy tree model."""

    def __init__(
        self,
        *,
        epsilon: float,
        delta: float = 1e-6,
        domain: str | Path | Mapping[str, Any] | None = None,
        seed: int = 0,
        name: str = "table",
    ) -> None:
        self.epsilon = epsilon
        self.delta = delta
        self.name = name
        self.domain = parse_domain(domain, table=name)
        self.seed = int(seed)
        self._saved_spend: dict[str, Any] = {}  # a loaded model's spend, as saved

    # ------------------------------------------------------------------ fit
    def fit(self, data: Any) -> DPSynthesizer:
        from simulacra._frames import frame_kind, to_polars

        if frame_kind(data) is None:
            raise TypeError(f"fit expects a data frame (polars, pandas or Arrow), got {type(data).__name__}")
        frame = to_polars(data)
        check_budget(self.epsilon, self.delta, frame.height, table=self.name)
        delta_thr = self.delta * THRESHOLD_DELTA_SHARE if self.releases(frame) else 0.0
        return self.fit_budget(frame, rho_for(self.epsilon, self.delta - delta_thr), delta_thr)

    def releases(self, frame: pl.DataFrame) -> bool:
        """Whether fitting ``frame`` releases some category domain (spends pure δ on a thresholded histogram)."""
        for c, dtype in frame.schema.items():
            dec = self.domain.get(c)
            text = dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum)
            if text and (dec is None or dec.kind == "released"):
                return True
        return False

    def fit_budget(self, frame: pl.DataFrame, rho: float, delta_thr: float, *, contribution: int = 1) -> DPSynthesizer:
        """Fit ``frame`` spending exactly ``rho`` zCDP and ``delta_thr`` pure δ (on category releases).

        ``contribution`` bounds the rows one individual adds to the table (a child table's
        rows under one root row, clipped): every sensitivity is scaled by it, so the spend
        recorded is per individual, not per row. The caller checks (ε, δ) and the budget.
        """
        m = int(contribution)
        if m < 1:
            raise ValueError("contribution must be a positive integer")
        unknown = sorted(set(self.domain) - set(frame.columns))
        if unknown:
            raise SpecError(
                f"the DP domain declares column(s) {unknown} the data does not have",
                location=Location(table=self.name, column=unknown[0]),
            )
        rng = np.random.default_rng([self.seed, stable_hash("dp-fit"), stable_hash(self.name)])
        plan = {c: self._column_plan(c, frame.schema[c]) for c in frame.columns}
        self.skipped_ = [c for c, p in plan.items() if p is None]
        cols = [c for c in frame.columns if plan[c] is not None]
        if not cols:
            raise SpecError("no column left to learn under DP (all skipped)", location=Location(table=self.name))
        released = [c for c in cols if plan[c] == "released"]
        if not released:
            delta_thr = 0.0
        acct = Accountant(rho=rho, delta_extra=delta_thr)
        rho_rest = rho * (1 - DOMAIN_SHARE) if released else rho
        # 1. domains
        self.columns_ = cols
        self.dtypes_ = {c: str(frame.schema[c]) for c in cols}
        self.domains_: dict[str, ColumnDomain] = {}
        for c in cols:
            p = plan[c]
            if p == "released":
                self.domains_[c] = self._release_categories(
                    frame.get_column(c), rho * DOMAIN_SHARE / len(released), delta_thr / len(released), rng, acct, m
                )
            else:
                assert isinstance(p, ColumnDomain)
                self.domains_[c] = p
        codes = np.stack([self._encode(c, frame.get_column(c)) for c in cols], axis=1)
        sizes = [self._n_codes(c) for c in cols]
        d = len(cols)
        # 2. one-way marginals
        rho1 = rho_rest * (ONE_WAY_SHARE if d > 1 else 1.0) / d
        one, var1, fine_y = [], [], {}
        for j, c in enumerate(cols):
            fmap = self._fine_map(c)
            share = 1.0 if fmap is None else 1.0 - FINE_SHARE
            spent = acct.spend("one-way marginals", "gaussian", rho1 * share, detail=c)
            counts = np.bincount(codes[:, j], minlength=sizes[j]).astype(np.float64)
            y, v = gaussian_mechanism(counts, spent, rng, m), np.full(sizes[j], gaussian_sigma(spent, m) ** 2)
            if fmap is not None:
                # the fine bins, measured too; a bin's count is also the sum of its fine bins' (variance summed),
                # the two combined by inverse variance per bin
                spent = acct.spend("one-way marginals", "gaussian", rho1 * FINE_SHARE, detail=f"{c} (fine bins)")
                fine = self._encode(c, frame.get_column(c), fine=True)
                yf = gaussian_mechanism(np.bincount(fine, minlength=len(fmap)).astype(np.float64), spent, rng, m)
                fine_y[j] = yf
                vf = gaussian_sigma(spent, m) ** 2 * np.bincount(fmap, minlength=sizes[j]).astype(np.float64)
                y = (y / v + np.bincount(fmap, weights=yf, minlength=sizes[j]) / vf) / (1.0 / v + 1.0 / vf)
                v = 1.0 / (1.0 / v + 1.0 / vf)
            one.append(y)
            var1.append(v)
        total = float(np.average([y.sum() for y in one], weights=[1.0 / v.sum() for v in var1]))
        est = [norm_sub(y, total) for y in one]
        self.fine_: dict[int, NDArray[np.float64]] = {j: norm_sub(y, total) for j, y in fine_y.items()}
        # 3. selection and 4. two-way marginals
        edges: list[tuple[int, int]] = []
        two: dict[tuple[int, int], NDArray[np.float64]] = {}
        sigma2 = 0.0
        if d > 1:
            rho_sel = rho_rest * SELECT_SHARE / (d - 1)
            three = THREE_WAY_ROUNDS if d > 2 else 0
            rho2 = rho_rest * (TWO_WAY_SHARE - (THREE_WAY_SHARE if three else 0.0)) / (d - 1)
            sigma2 = gaussian_sigma(rho2, m)
            edges = self._select(codes, sizes, est, total, rho_sel, rng, acct, m, noise=sigma2)
            for i, j in edges:
                counts = np.zeros((sizes[i], sizes[j]))
                np.add.at(counts, (codes[:, i], codes[:, j]), 1.0)
                two[(i, j)] = gaussian_mechanism(
                    counts, acct.spend("two-way marginals", "gaussian", rho2, detail=f"{cols[i]} x {cols[j]}"), rng, m
                )
        self._estimate(one, var1, two, sigma2, sizes, total)
        self.parents2_ = [-1] * d
        if d > 2 and THREE_WAY_ROUNDS:
            self._triangles(codes, sizes, total, rho_rest * THREE_WAY_SHARE, rng, acct, m)
        self.accountant_ = acct
        self.n_rows_ = max(0, int(round(total)))
        return self

    def _column_plan(self, c: str, dtype: pl.DataType) -> ColumnDomain | str | None:
        where = Location(table=self.name, column=c)
        dec = self.domain.get(c)
        if dec is not None and dec.kind == "skip":
            return None
        if dtype == pl.Boolean:
            return ColumnDomain("categorical", categories=(False, True))
        temporal = dtype == pl.Date or isinstance(dtype, pl.Datetime)
        if dtype.is_numeric() or temporal:
            if dec is None or dec.kind == "released":
                what = "dates" if temporal else "numbers"
                raise SpecError(
                    f"under DP a column of {what} needs declared bounds (their range is data): declare "
                    f"{{bounds: [low, high], bins: k}} or categories for it, or skip it, in the domain declaration "
                    "(fit --dp-domain FILE; docs/privacy.md)",
                    location=where,
                )
            if dec.kind == "numeric" and dec.resolution is None and (dtype.is_integer() or dtype == pl.Date):
                span = dec.edges[-1] - dec.edges[0]
                if len(dec.edges) - 1 < span <= DEFAULT_FINE_SPAN:  # finer than the bins, and not too many
                    return dataclasses.replace(dec, resolution=1.0)
            return dec
        if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
            if dec is None or dec.kind == "released":
                return "released"
            if dec.kind != "categorical":
                raise SpecError("a text column needs declared categories (or 'released'), not bounds", location=where)
            return dec
        raise SpecError(f"cannot learn a column of type {dtype} under DP; skip it", location=where)

    def _release_categories(
        self, s: pl.Series, rho: float, delta: float, rng: np.random.Generator, acct: Accountant, m: int = 1
    ) -> ColumnDomain:
        """Categories whose noisy count clears the threshold (a Gaussian stability histogram).

        With ``m`` rows per individual a count moves by at most ``m`` (L2 sensitivity ``m``),
        and one individual can bring up to ``m`` new values, each let through with
        probability at most ``delta/m``: the threshold is ``m + σ·Φ⁻¹(1 − δ/m)``.
        """
        # sorted by value: value_counts' order varies run to run, and each value must meet the same noise draw
        counts = s.drop_nulls().cast(pl.String).value_counts(sort=False, name="n").sort(s.name)
        values = counts.get_column(s.name).to_list()
        n = counts.get_column("n").to_numpy().astype(np.float64)
        sigma = gaussian_sigma(rho, m)
        threshold = m + sigma * statistics.NormalDist().inv_cdf(1.0 - delta / m)
        acct.spend("category domains", "gaussian thresholded histogram", rho, delta=delta, detail=s.name)
        noisy = gaussian_mechanism(n, rho, rng, m) if len(n) else n
        keep = sorted(str(v) for v, y in zip(values, noisy, strict=True) if y >= threshold)
        return ColumnDomain("categorical", categories=tuple(keep))

    # ------------------------------------------------------------------ codes
    def _n_codes(self, c: str) -> int:
        dom = self.domains_[c]
        if dom.kind == "categorical":
            return len(dom.categories) + 2  # + other + null
        return len(dom.edges)  # bins + null

    def _fine_map(self, c: str) -> NDArray[np.int64] | None:
        """Each fine code's bin code (the null code last), or None when the column has no finer one-way."""
        dom = self.domains_[c]
        if dom.kind == "categorical" or dom.resolution is None:
            return None
        fe, inner = np.asarray(dom.fine_edges), np.asarray(dom.edges[1:-1])
        if len(fe) == len(dom.edges):
            return None
        nb = len(dom.edges) - 1
        return np.r_[np.searchsorted(inner, fe[:-1], side="right"), nb].astype(np.int64)

    def _encode(self, c: str, s: pl.Series, *, fine: bool = False) -> NDArray[np.int64]:
        dom = self.domains_[c]
        null = s.is_null().to_numpy()
        if dom.kind == "categorical":
            k = len(dom.categories)
            lookup = {str(v): i for i, v in enumerate(dom.categories)}
            text = s.cast(pl.String).to_list()
            out = np.array([lookup.get(v, k) if v is not None else k + 1 for v in text], dtype=np.int64)
            return out
        x = _as_days(s)
        edges = dom.fine_edges if fine else dom.edges
        nb = len(edges) - 1
        inner = np.asarray(edges[1:-1])
        out = np.searchsorted(inner, np.nan_to_num(x), side="right").astype(np.int64)  # clipped into the end bins
        out[null] = nb
        return np.minimum(out, nb)

    # ------------------------------------------------------------------ selection
    def _select(
        self,
        codes: NDArray[np.int64],
        sizes: list[int],
        est: list[NDArray[np.float64]],
        total: float,
        rho: float,
        rng: np.random.Generator,
        acct: Accountant,
        m: int = 1,
        *,
        noise: float = 0.0,
    ) -> list[tuple[int, int]]:
        """A spanning tree, one edge per round by the exponential mechanism. A pair scores the L1 distance
        between its histogram and the independent product of its one-ways, less (AIM-style, when
        ``NOISE_AWARE``) the L1 error its own noisy measurement is expected to carry,
        ``sqrt(2/π)·noise·cells``: a large table whose dependence would drown in noise loses to a small
        informative one. The penalty does not depend on the data, so the sensitivity stays ``m``."""
        d = len(sizes)
        pairs = [(i, j) for i in range(d) for j in range(i + 1, d)]
        scores = {}
        for i, j in pairs:
            counts = np.zeros((sizes[i], sizes[j]))
            np.add.at(counts, (codes[:, i], codes[:, j]), 1.0)
            pi = est[i] / max(est[i].sum(), 1e-12)
            pj = est[j] / max(est[j].sum(), 1e-12)
            penalty = math.sqrt(2.0 / math.pi) * noise * sizes[i] * sizes[j] if NOISE_AWARE else 0.0
            scores[(i, j)] = float(np.abs(counts - total * np.outer(pi, pj)).sum()) - penalty
        parent = list(range(d))

        def find(a: int) -> int:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        edges = []
        for _ in range(d - 1):
            cand = [p for p in pairs if find(p[0]) != find(p[1])]
            k = exponential_mechanism(
                [scores[p] for p in cand],
                acct.spend("selection", "exponential", rho, detail="one tree edge"),
                rng,
                m,  # the score, an L1 distance, moves by at most the rows one individual adds
            )
            i, j = cand[k]
            parent[find(i)] = find(j)
            edges.append((i, j))
        return edges

    # ------------------------------------------------------------------ estimation
    def _estimate(
        self,
        one: list[NDArray[np.float64]],
        var1: list[NDArray[np.float64]],
        two: Mapping[tuple[int, int], NDArray[np.float64]],
        sigma2: float,
        sizes: list[int],
        total: float,
    ) -> None:
        d = len(sizes)
        # one-way: the direct measurement and each edge's margin, by inverse variance
        num = [y / np.maximum(v, 1e-300) for y, v in zip(one, var1, strict=True)]
        den = [np.where(v > 0, 1.0 / np.maximum(v, 1e-300), 0.0) for v in var1]
        for (i, j), y in two.items():
            num[i] = num[i] + y.sum(axis=1) / (sigma2**2 * sizes[j])
            den[i] += 1.0 / (sigma2**2 * sizes[j])
            num[j] = num[j] + y.sum(axis=0) / (sigma2**2 * sizes[i])
            den[j] += 1.0 / (sigma2**2 * sizes[i])
        marg = [norm_sub(num[k] / den[k], total) for k in range(d)]
        # the tree, directed away from column 0; each edge as P(child | parent)
        adj: dict[int, list[int]] = {k: [] for k in range(d)}
        for i, j in two:
            adj[i].append(j)
            adj[j].append(i)
        order, parent_of, seen = [0], {0: -1}, {0}
        for k in order:
            for nb in sorted(adj[k]):
                if nb not in seen:
                    seen.add(nb)
                    parent_of[nb] = k
                    order.append(nb)
        for k in range(d):  # a forest (never with d-1 edges; kept for safety): extra roots
            if k not in seen:
                seen.add(k)
                parent_of[k] = -1
                order.append(k)
        self.order_ = order
        self.parents_ = [parent_of[k] for k in range(d)]
        # a histogram whose noisy total is nothing (tiny data, tiny ε) carries no information: uniform
        self.marginals_ = [m / m.sum() if m.sum() > 0 else np.full(len(m), 1.0 / len(m)) for m in marg]
        self.conditionals_: dict[int, NDArray[np.float64]] = {}
        for k in order:
            p = parent_of[k]
            if p < 0:
                continue
            y = two[(p, k)] if (p, k) in two else two[(k, p)].T
            joint = norm_sub(y, total).reshape(y.shape) + 1e-9
            for _ in range(20):  # IPF: rows to the parent's one-way, columns to the child's
                joint *= (marg[p] / np.maximum(joint.sum(axis=1), 1e-12))[:, None]
                joint *= (marg[k] / np.maximum(joint.sum(axis=0), 1e-12))[None, :]
            rows = joint.sum(axis=1, keepdims=True)
            cond = np.where(rows > 1e-9, joint / np.maximum(rows, 1e-12), self.marginals_[k][None, :])
            self.conditionals_[k] = cond / cond.sum(axis=1, keepdims=True)

    def _triangles(
        self,
        codes: NDArray[np.int64],
        sizes: list[int],
        total: float,
        rho: float,
        rng: np.random.Generator,
        acct: Accountant,
        m: int,
    ) -> None:
        """AIM-style rounds on top of the tree. Candidates: a column ``k`` (tree parent ``p``) with a second
        parent ``q``, a tree neighbour of ``p`` drawn before ``k`` (``p``'s parent, or a sibling before it),
        so the tree already holds the ``(q, p)`` joint (any column before ``k`` did worse on the dev set:
        more candidates, a noisier pick). Each round picks one by the exponential mechanism,
        scored by the L1 distance between the true ``(q, p, k)`` histogram and the tree's estimate of it
        less the noisy measurement's expected L1 error ``sqrt(2/π)·σ₃·cells`` (neither is data:
        sensitivity ``m``); measures it with Gaussian noise; and models ``k`` given ``q`` and ``p``, the
        table made consistent with the tree's ``(q, p)`` and ``(p, k)`` joints by IPF. A tree of three or
        more columns always has a candidate (any path of three); the rounds are as many as columns
        that have one, up to ``THREE_WAY_ROUNDS``, the share split evenly over them."""
        d = len(sizes)
        tree = dict(self.conditionals_)  # the tree's P(child | parent), before any upgrade
        rank = {k: i for i, k in enumerate(self.order_)}

        def joint(q: int, p: int) -> NDArray[np.float64]:
            """The tree's (q, p) histogram, q and p neighbours."""
            if self.parents_[p] == q:
                return total * self.marginals_[q][:, None] * tree[p]
            return total * (self.marginals_[p][:, None] * tree[q]).T  # q a child of p

        def seconds(k: int) -> list[int]:
            p = self.parents_[k]
            if p < 0:
                return []
            near = [self.parents_[p]] if self.parents_[p] >= 0 else []
            near += [c for c in range(d) if self.parents_[c] == p and c != k]
            return [q for q in near if rank[q] < rank[k]]

        todo = [k for k in range(d) if seconds(k)]
        rounds = min(THREE_WAY_ROUNDS, len(todo))
        if not rounds:
            return
        rho_sel = rho * THREE_SELECT_SHARE / rounds
        rho3 = rho * (1.0 - THREE_SELECT_SHARE) / rounds
        sigma3 = gaussian_sigma(rho3, m)
        trues: dict[tuple[int, int], NDArray[np.float64]] = {}  # the true histograms, counted once
        for _ in range(rounds):
            cand: list[tuple[int, int]] = []
            scores: list[float] = []
            for k in todo:
                p = self.parents_[k]
                for q in seconds(k):
                    if (k, q) not in trues:
                        shape = (sizes[q], sizes[p], sizes[k])
                        flat = np.ravel_multi_index((codes[:, q], codes[:, p], codes[:, k]), shape)
                        trues[(k, q)] = np.bincount(flat, minlength=math.prod(shape)).astype(np.float64).reshape(shape)
                    true = trues[(k, q)]
                    est = joint(q, p)[:, :, None] * tree[k][None, :, :]
                    penalty = math.sqrt(2.0 / math.pi) * sigma3 * true.size
                    cand.append((k, q))
                    scores.append(float(np.abs(true - est).sum()) - penalty)
            spent = acct.spend("selection", "exponential", rho_sel, detail="one three-way marginal")
            k, q = cand[exponential_mechanism(scores, spent, rng, m)]
            todo.remove(k)
            p = self.parents_[k]
            cols = self.columns_
            noisy = gaussian_mechanism(
                trues[(k, q)],
                acct.spend("three-way marginals", "gaussian", rho3, detail=f"{cols[q]} x {cols[p]} x {cols[k]}"),
                rng,
                m,
            )
            fitted = norm_sub(noisy, total).reshape(noisy.shape) + 1e-9
            qp, pk = joint(q, p), (self.marginals_[p][:, None] * tree[k]) * total
            for _ in range(20):  # IPF to the tree's (q, p) and (p, k) joints
                fitted *= (qp / np.maximum(fitted.sum(axis=2), 1e-12))[:, :, None]
                fitted *= (pk / np.maximum(fitted.sum(axis=0), 1e-12))[None, :, :]
            rows = fitted.sum(axis=2, keepdims=True)
            cond = np.where(rows > 1e-9, fitted / np.maximum(rows, 1e-12), tree[k][None, :, :])
            self.conditionals_[k] = cond / cond.sum(axis=2, keepdims=True)
            self.parents2_[k] = q

    # ------------------------------------------------------------------ sample
    def _fitted(self) -> None:
        if getattr(self, "marginals_", None) is None:
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet: call fit(data) first")

    def sample(self, n_rows: int | None = None, *, seed: int | None = None) -> pl.DataFrame:
        """``n_rows`` new rows (default: the DP-released row count) drawn from the tree model."""
        self._fitted()
        n = self.n_rows_ if n_rows is None else int(n_rows)
        if n < 0:
            raise ValueError("n_rows must be >= 0")
        rng = np.random.default_rng([self.seed if seed is None else int(seed), stable_hash("dp-sample")])
        d = len(self.columns_)
        codes = np.zeros((n, d), dtype=np.int64)
        for k in self.order_:
            p = self.parents_[k]
            u = rng.random(n)
            if p < 0:
                cdf = np.cumsum(self.marginals_[k])
                codes[:, k] = np.minimum(np.searchsorted(cdf, u * cdf[-1], side="right"), len(cdf) - 1)
            elif self.parents2_[k] >= 0:
                cdf = np.cumsum(self.conditionals_[k], axis=2)[codes[:, self.parents2_[k]], codes[:, p]]
                codes[:, k] = np.minimum((cdf < (u * cdf[:, -1])[:, None]).sum(axis=1), cdf.shape[1] - 1)
            else:
                cdf = np.cumsum(self.conditionals_[k], axis=1)[codes[:, p]]
                codes[:, k] = np.minimum((cdf < (u * cdf[:, -1])[:, None]).sum(axis=1), cdf.shape[1] - 1)
        return pl.DataFrame([self._decode(k, codes[:, k], rng) for k in range(d)])

    def _decode(self, k: int, codes: NDArray[np.int64], rng: np.random.Generator) -> pl.Series:
        c = self.columns_[k]
        dom = self.domains_[c]
        dtype = _dtype(self.dtypes_[c])
        if dom.kind == "categorical":
            kc = len(dom.categories)
            other = codes == kc
            if other.any():  # an undeclared value: one of the domain's, by its estimated share
                w = self.marginals_[k][:kc]
                codes = codes.copy()
                if kc and w.sum() > 0:
                    codes[other] = rng.choice(kc, size=int(other.sum()), p=w / w.sum())
                else:
                    codes[other] = kc + 1
            values = list(dom.categories)
            out = [values[i] if i < kc else None for i in codes.tolist()]
            if dtype == pl.Boolean:
                return pl.Series(c, out, dtype=pl.Boolean)
            return pl.Series(c, [None if v is None else str(v) for v in out], dtype=pl.String).cast(dtype, strict=False)
        edges = np.asarray(dom.edges)
        nb = len(edges) - 1
        b = np.minimum(codes, nb - 1)
        fmap = self._fine_map(c)
        if fmap is not None:  # the fine bin within each drawn bin, by the fine one-way's shares
            edges, b = self._refine(k, fmap, b, rng)
        x = edges[b] + rng.random(len(codes)) * (edges[b + 1] - edges[b])
        lo, hi = edges[0], edges[-1]
        if dtype.is_integer() or dtype == pl.Date:
            x = np.clip(np.floor(x), math.ceil(lo), math.floor(hi))
        x = np.clip(x, lo, hi)
        s = pl.Series(c, np.where(codes >= nb, np.nan, x)).fill_nan(None)
        if dtype == pl.Date:
            return s.cast(pl.Int32).cast(pl.Date)
        if isinstance(dtype, pl.Datetime):
            return (s * 86_400_000_000).cast(pl.Int64).cast(pl.Datetime("us")).cast(dtype)
        return s.cast(dtype, strict=False)

    def _refine(
        self, k: int, fmap: NDArray[np.int64], b: NDArray[np.int64], rng: np.random.Generator
    ) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        """The fine edges, and a fine bin for each drawn bin ``b``: one of its fine bins by their estimated shares
        (by width where the estimate holds nothing)."""
        fe = np.asarray(self.domains_[self.columns_[k]].fine_edges)
        w = self.fine_[k][:-1]
        out = np.zeros(len(b), dtype=np.int64)
        for bin_ in np.unique(b).tolist():
            rows = np.nonzero(b == bin_)[0]
            cand = np.nonzero(fmap[:-1] == bin_)[0]
            p = w[cand]
            if not p.sum() > 0:
                p = fe[cand + 1] - fe[cand]
            out[rows] = cand[rng.choice(len(cand), size=len(rows), p=p / p.sum())]
        return fe, out

    # ------------------------------------------------------------------ the spend
    def spent(self) -> dict[str, Any]:
        """The budget: target and spent (ε, δ), ρ, and per component its ρ, δ and share of ε."""
        self._fitted()
        acct = getattr(self, "accountant_", None)
        if acct is None:  # a loaded model: the spend it was saved with
            return dict(self._saved_spend)
        return acct.summary(
            self.epsilon, self.delta, "(epsilon, delta)-differential privacy, add/remove one row; accounted in zCDP"
        )

    def manifest(self) -> dict[str, Any]:
        self._fitted()
        return {
            "synthesizer": "dp",
            "simulacra_version": __version__,
            "seed": self.seed,
            "name": self.name,
            "params": {"epsilon": self.epsilon, "delta": self.delta},
            "n_rows": self.n_rows_,
            "n_rows_note": "the DP-released (noisy) row count",
            "columns": self.columns_,
            "skipped": self.skipped_,
            "dtypes": self.dtypes_,
            "domains": {c: self.domains_[c].to_json() for c in self.columns_},
            "declared": {c: dom.to_json() for c, dom in self.domain.items()},
            "order": self.order_,
            "parents": self.parents_,
            "parents2": self.parents2_,
            "privacy": {"differential_privacy": self.spent()},
        }

    def arrays(self) -> dict[str, NDArray[np.generic]]:
        self._fitted()
        out: dict[str, NDArray[np.generic]] = {f"marginal/{k}": m for k, m in enumerate(self.marginals_)}
        out.update({f"conditional/{k}": v for k, v in self.conditionals_.items()})
        out.update({f"fine/{k}": v for k, v in self.fine_.items()})
        return out

    def save(self, path: str | Path, *, overwrite: bool = False) -> Path:
        from simulacra.synth._store import write_model

        return write_model(path, self.manifest(), self.arrays(), overwrite=overwrite)

    @classmethod
    def load(cls, path: str | Path) -> DPSynthesizer:
        from simulacra.synth._store import read_model

        manifest, arrays = read_model(path)
        return cls.from_saved(manifest, arrays, path)

    @classmethod
    def from_saved(cls, manifest: Mapping[str, Any], arrays: Mapping[str, Any], path: str | Path) -> DPSynthesizer:
        if manifest.get("synthesizer") != "dp":
            raise ModelError(f"{path} holds a {manifest.get('synthesizer')!r} model, not a DP one")
        try:
            p = manifest["params"]
            obj = cls(epsilon=p["epsilon"], delta=p["delta"], seed=manifest["seed"], name=manifest["name"])
            obj.domain = {c: ColumnDomain.from_json(v) for c, v in manifest["declared"].items()}
            obj.columns_ = list(manifest["columns"])
            obj.skipped_ = list(manifest["skipped"])
            obj.dtypes_ = dict(manifest["dtypes"])
            obj.domains_ = {c: ColumnDomain.from_json(v) for c, v in manifest["domains"].items()}
            obj.order_ = [int(k) for k in manifest["order"]]
            obj.parents_ = [int(k) for k in manifest["parents"]]
            obj.parents2_ = [int(k) for k in manifest.get("parents2", [-1] * len(obj.parents_))]
            obj.n_rows_ = int(manifest["n_rows"])
            d = len(obj.columns_)
            obj.marginals_ = [np.asarray(arrays[f"marginal/{k}"], dtype=np.float64) for k in range(d)]
            obj.conditionals_ = {
                k: np.asarray(arrays[f"conditional/{k}"], dtype=np.float64) for k in range(d) if obj.parents_[k] >= 0
            }
            for k in range(d):
                if len(obj.marginals_[k]) != obj._n_codes(obj.columns_[k]):
                    raise ModelError(f"marginal {k} does not fit column {obj.columns_[k]!r}")
            obj.fine_ = {}
            for k in range(d):
                fmap = obj._fine_map(obj.columns_[k])
                if fmap is not None:
                    obj.fine_[k] = np.asarray(arrays[f"fine/{k}"], dtype=np.float64)
                    if obj.fine_[k].shape != fmap.shape:
                        raise ModelError(f"the fine one-way {k} does not fit column {obj.columns_[k]!r}")
            obj._saved_spend = dict(manifest["privacy"]["differential_privacy"])
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ModelError(f"the saved DP model cannot be used ({type(exc).__name__}: {exc})") from None
        return obj


def _as_days(s: pl.Series) -> NDArray[np.float64]:
    """Numbers as float64; dates and datetimes as days since 1970-01-01; null as nan."""
    if s.dtype == pl.Date:
        return s.cast(pl.Int64).cast(pl.Float64).fill_null(float("nan")).to_numpy()
    if isinstance(s.dtype, pl.Datetime):
        us = s.cast(pl.Datetime("us")).cast(pl.Int64).cast(pl.Float64)
        return (us / 86_400_000_000).fill_null(float("nan")).to_numpy()
    return s.cast(pl.Float64).fill_null(float("nan")).to_numpy()


_DTYPES: dict[str, pl.DataType] = {
    str(t): t
    for t in (
        pl.Int8(),
        pl.Int16(),
        pl.Int32(),
        pl.Int64(),
        pl.UInt8(),
        pl.UInt16(),
        pl.UInt32(),
        pl.UInt64(),
        pl.Float32(),
        pl.Float64(),
        pl.Boolean(),
        pl.Date(),
        pl.String(),
    )
}


def _dtype(name: str) -> pl.DataType:
    """The polars dtype a column was fitted with, from its name (text for anything unknown)."""
    if name.startswith("Datetime"):
        return pl.Datetime("ns" if "'ns'" in name else "ms" if "'ms'" in name else "us")
    return _DTYPES.get(name, pl.String())
