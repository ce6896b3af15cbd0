"""Fidelity: how closely the synthetic data reproduces the real data's shapes and trends.

Column shapes and column-pair trends follow SDMetrics' QualityReport definitions
exactly (KSComplement / TVComplement; CorrelationSimilarity / ContingencySimilarity
with its real-association thresholds and its binning), so the numbers are
comparable with published SDV figures. Formulas: docs/metrics.md.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.evaluation._frames import (
    ColumnInfo,
    align,
    continuous,
    discrete_codes,
    infer_columns,
    model_matrix,
)
from simulacra.evaluation._types import (
    Goal,
    MetricResult,
    failed,
    mean_present,
    result,
    rng_for,
)

__all__ = [
    "KS_DECIMALS",
    "DetectionRun",
    "Quality",
    "column_pair_trends",
    "column_shapes",
    "contingency_similarity",
    "correlation_similarity",
    "coverage",
    "detection",
    "detection_auc",
    "ks_complement",
    "missing_values",
    "null_code_of",
    "pearson_r",
    "quality",
    "quality_score",
    "tv_complement",
]

CORRELATION_THRESHOLD = 0.5  # SDMetrics QualityReport: pairs with |real Pearson r| <= 0.5 do not count
ASSOCIATION_THRESHOLD = 0.3  # ... and discrete/mixed pairs with real Cramér's V <= 0.3 do not count
KS_DECIMALS = 14  # SDMetrics rounds to sys.float_info.dig - 1 digits before the KS test


# --------------------------------------------------------------------------- single columns


def ks_complement(real: NDArray[np.float64], synthetic: NDArray[np.float64]) -> float:
    """1 - D, D = the largest gap between the two empirical CDFs (NaN ignored)."""
    a = np.sort(np.round(real[~np.isnan(real)], KS_DECIMALS))
    b = np.sort(np.round(synthetic[~np.isnan(synthetic)], KS_DECIMALS))
    if a.size == 0 or b.size == 0:
        return float("nan")
    grid = np.concatenate([a, b])
    d = np.abs(np.searchsorted(a, grid, side="right") / a.size - np.searchsorted(b, grid, side="right") / b.size)
    return float(1.0 - d.max())


def tv_complement(real: NDArray[np.int64], synthetic: NDArray[np.int64], null_code: int | None = None) -> float:
    """1 - total variation distance between the category frequencies (nulls ignored)."""
    if null_code is not None:
        real = real[real != null_code]
        synthetic = synthetic[synthetic != null_code]
    if real.size == 0 or synthetic.size == 0:
        return float("nan")
    k = int(max(real.max(), synthetic.max())) + 1
    p = np.bincount(real, minlength=k) / real.size
    q = np.bincount(synthetic, minlength=k) / synthetic.size
    return float(1.0 - 0.5 * np.abs(p - q).sum())


def null_code_of(vocab: list[str | None]) -> int | None:
    """The code of the null category in ``vocab``, or None where no value is null."""
    return vocab.index(None) if None in vocab else None


def column_shapes(
    real: pl.DataFrame, synthetic: pl.DataFrame, infos: Sequence[ColumnInfo], *, table: str | None = None
) -> list[MetricResult]:
    """One result per continuous (KSComplement) or discrete (TVComplement) column."""
    out = []
    for info in infos:
        cols = (info.name,)
        if info.continuous:
            s = ks_complement(continuous(real[info.name]), continuous(synthetic[info.name]))
            r = result("ks_complement", 1 - s, s, columns=cols, table=table, details={"statistic": "KS D"})
        elif info.discrete:
            (cr, cs), vocab = discrete_codes(real[info.name], synthetic[info.name])
            s = tv_complement(cr, cs, null_code_of(vocab))
            r = result("tv_complement", 1 - s, s, columns=cols, table=table, details={"statistic": "total variation"})
        else:
            continue
        if r.error:
            r = failed(r.metric, "no non-null values on one side", columns=cols, table=table)
        out.append(r)
    return out


# --------------------------------------------------------------------------- column pairs


def _sdm_bins(x: NDArray[np.float64]) -> NDArray[np.int64]:
    """SDMetrics' discretization: 10 equal-width bins over this side's own non-null range (np.digitize)."""
    finite = x[~np.isnan(x)]
    if finite.size == 0:
        return np.zeros(x.size, dtype=np.int64)
    edges = np.histogram_bin_edges(finite)
    return np.digitize(x, bins=edges).astype(np.int64)


def pearson_r(x: NDArray[np.float64], y: NDArray[np.float64]) -> float:
    """Pearson's r of ``x`` and ``y`` over the rows where neither is NaN."""
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = x[keep], y[keep]
    if x.size < 2:
        return float("nan")
    x = x - x.mean()
    y = y - y.mean()
    den = np.sqrt((x * x).sum() * (y * y).sum())
    return float((x * y).sum() / den) if den > 0 else float("nan")


def correlation_similarity(
    real_x: NDArray[np.float64], real_y: NDArray[np.float64], syn_x: NDArray[np.float64], syn_y: NDArray[np.float64]
) -> tuple[float, float, float]:
    """(1 - |r_real - r_syn| / 2, r_real, r_syn) with Pearson r over rows where both are present."""
    rr, rs = pearson_r(real_x, real_y), pearson_r(syn_x, syn_y)
    return 1 - abs(rr - rs) / 2, rr, rs


def _joint(a: NDArray[np.int64], b: NDArray[np.int64], kb: int, size: int) -> NDArray[np.float64]:
    return np.bincount(a * kb + b, minlength=size).astype(np.float64)


def cramers_v(table: NDArray[np.float64]) -> float:
    """Cramér's V of a contingency table (no continuity correction), as scipy's ``association``."""
    t = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if min(t.shape) < 2:
        return float("nan")
    n = t.sum()
    expected = np.outer(t.sum(axis=1), t.sum(axis=0)) / n
    chi2 = float(((t - expected) ** 2 / expected).sum())
    return float(np.sqrt(chi2 / (n * (min(t.shape) - 1))))


def contingency_similarity(
    real_a: NDArray[np.int64], real_b: NDArray[np.int64], syn_a: NDArray[np.int64], syn_b: NDArray[np.int64]
) -> tuple[float, float, float]:
    """(1 - TV distance between the joint frequency tables, Cramér's V real, Cramér's V synthetic)."""
    ka = int(max(real_a.max(initial=0), syn_a.max(initial=0))) + 1
    kb = int(max(real_b.max(initial=0), syn_b.max(initial=0))) + 1
    jr = _joint(real_a, real_b, kb, ka * kb)
    js = _joint(syn_a, syn_b, kb, ka * kb)
    if jr.sum() == 0 or js.sum() == 0:
        return float("nan"), float("nan"), float("nan")
    score = 1 - 0.5 * np.abs(jr / jr.sum() - js / js.sum()).sum()
    return float(score), cramers_v(jr.reshape(ka, kb)), cramers_v(js.reshape(ka, kb))


@dataclass
class _Prepared:
    cont: dict[str, tuple[NDArray[np.float64], NDArray[np.float64]]]
    disc: dict[str, tuple[NDArray[np.int64], NDArray[np.int64]]]
    binned: dict[str, tuple[NDArray[np.int64], NDArray[np.int64]]]
    constant: dict[str, bool]


def _prepare(real: pl.DataFrame, synthetic: pl.DataFrame, infos: Sequence[ColumnInfo]) -> _Prepared:
    p = _Prepared({}, {}, {}, {})
    for info in infos:
        if info.continuous:
            xr, xs = continuous(real[info.name]), continuous(synthetic[info.name])
            p.cont[info.name] = (xr, xs)
            p.binned[info.name] = (_sdm_bins(xr), _sdm_bins(xs))
            p.constant[info.name] = bool(
                np.unique(xr[~np.isnan(xr)]).size == 1 or np.unique(xs[~np.isnan(xs)]).size == 1
            )
        elif info.discrete:
            (cr, cs), _ = discrete_codes(real[info.name], synthetic[info.name])
            p.disc[info.name] = (cr, cs)
    return p


def column_pair_trends(
    real: pl.DataFrame,
    synthetic: pl.DataFrame,
    infos: Sequence[ColumnInfo],
    *,
    table: str | None = None,
    correlation_threshold: float = CORRELATION_THRESHOLD,
    association_threshold: float = ASSOCIATION_THRESHOLD,
) -> list[MetricResult]:
    """One result per pair of continuous/discrete columns (SDMetrics ColumnPairTrends).

    ``details['counts']`` says whether the pair meets the real-association threshold
    and so counts towards the property score; ``details['real']`` and ``['synthetic']``
    hold the Pearson r (continuous pairs) or Cramér's V (others) of each side.
    """
    usable = [i for i in infos if i.continuous or i.discrete]
    p = _prepare(real, synthetic, usable)
    out = []
    for a, b in itertools.combinations(usable, 2):
        cols = (a.name, b.name)
        if a.continuous and b.continuous:
            if p.constant[a.name] or p.constant[b.name]:
                out.append(
                    failed(
                        "correlation_similarity",
                        "a column is constant; correlation is undefined",
                        columns=cols,
                        table=table,
                    )
                )
                continue
            (ra, sa), (rb, sb) = p.cont[a.name], p.cont[b.name]
            score, rr, rs = correlation_similarity(ra, rb, sa, sb)
            counts = bool(np.isfinite(rr) and abs(rr) > correlation_threshold)
            out.append(
                result(
                    "correlation_similarity",
                    1 - score,
                    score,
                    columns=cols,
                    table=table,
                    details={"real": rr, "synthetic": rs, "counts": counts, "measure": "pearson"},
                )
            )
        else:
            ca = p.disc[a.name] if a.discrete else p.binned[a.name]
            cb = p.disc[b.name] if b.discrete else p.binned[b.name]
            score, vr, vs = contingency_similarity(ca[0], cb[0], ca[1], cb[1])
            counts = bool(np.isfinite(vr) and vr > association_threshold)
            out.append(
                result(
                    "contingency_similarity",
                    1 - score,
                    score,
                    columns=cols,
                    table=table,
                    details={"real": vr, "synthetic": vs, "counts": counts, "measure": "cramers_v"},
                )
            )
    return out


@dataclass(frozen=True)
class Quality:
    """SDMetrics-style quality: mean of the column-shapes and column-pair-trends property scores."""

    score: float | None
    column_shapes: float | None
    column_pair_trends: float | None
    shapes: tuple[MetricResult, ...]
    pairs: tuple[MetricResult, ...]


def quality(
    real: pl.DataFrame, synthetic: pl.DataFrame, infos: Sequence[ColumnInfo] | None = None, *, table: str | None = None
) -> Quality:
    """Column shapes, column pair trends and their mean, as SDMetrics' QualityReport computes them."""
    infos = list(infos) if infos is not None else infer_columns(real)
    synthetic = align(real, synthetic, infos)
    shapes = column_shapes(real, synthetic, infos, table=table)
    pairs = column_pair_trends(real, synthetic, infos, table=table)
    cs = mean_present([r.score for r in shapes])
    cp = mean_present([r.score for r in pairs if r.details.get("counts")])
    return Quality(mean_present([cs, cp]), cs, cp, tuple(shapes), tuple(pairs))


def quality_score(real: pl.DataFrame, synthetic: pl.DataFrame, infos: Sequence[ColumnInfo] | None = None) -> float:
    """The overall quality score in [0, 1] (NaN when no column can be compared)."""
    q = quality(real, synthetic, infos)
    return float("nan") if q.score is None else q.score


# --------------------------------------------------------------------------- coverage and missing values


def coverage(
    real: pl.DataFrame, synthetic: pl.DataFrame, infos: Sequence[ColumnInfo], *, table: str | None = None
) -> list[MetricResult]:
    """CategoryCoverage (share of real categories seen) and RangeCoverage (share of the real range spanned)."""
    out = []
    for info in infos:
        if info.discrete:
            r = real[info.name].drop_nulls().cast(pl.String).unique()
            s = set(synthetic[info.name].drop_nulls().cast(pl.String).unique().to_list())
            if len(r) == 0:
                continue
            missing = [v for v in r.to_list() if v not in s]
            share = 1 - len(missing) / len(r)
            out.append(
                result(
                    "category_coverage",
                    share,
                    share,
                    columns=(info.name,),
                    table=table,
                    details={"missing": sorted(missing)[:10], "n_missing": len(missing)},
                )
            )
        elif info.continuous:
            xr, xs = continuous(real[info.name]), continuous(synthetic[info.name])
            xr, xs = xr[~np.isnan(xr)], xs[~np.isnan(xs)]
            if xr.size == 0 or xs.size == 0:
                continue
            lo, hi = float(xr.min()), float(xr.max())
            if hi == lo:
                share = 1.0 if (xs.min() <= lo <= xs.max()) else 0.0
            else:
                share = 1 - (max(0.0, float(xs.min()) - lo) + max(0.0, hi - float(xs.max()))) / (hi - lo)
            out.append(result("range_coverage", share, share, columns=(info.name,), table=table))
    return out


def missing_values(
    real: pl.DataFrame, synthetic: pl.DataFrame, infos: Sequence[ColumnInfo], *, table: str | None = None
) -> list[MetricResult]:
    """Per column 1 - |null share real - null share synthetic|; and 1 - TV between row-wise null patterns."""
    names = [i.name for i in infos if i.kind != "skip"]
    out = []
    for n in names:
        a, b = real[n].null_count() / max(len(real), 1), synthetic[n].null_count() / max(len(synthetic), 1)
        out.append(
            result(
                "missing_value_similarity",
                abs(a - b),
                1 - abs(a - b),
                columns=(n,),
                table=table,
                details={"real": a, "synthetic": b},
            )
        )
    if names and len(real) and len(synthetic):
        pr = (
            real.select([pl.col(n).is_null().cast(pl.String) for n in names])
            .select(pl.concat_str(pl.all(), separator=""))
            .to_series()
        )
        ps = (
            synthetic.select([pl.col(n).is_null().cast(pl.String) for n in names])
            .select(pl.concat_str(pl.all(), separator=""))
            .to_series()
        )
        (cr, cs), _ = discrete_codes(pr, ps)
        s = tv_complement(cr, cs)
        out.append(
            result(
                "missing_pattern_similarity",
                1 - s,
                s,
                table=table,
                details={"patterns_real": int(np.unique(cr).size), "patterns_synthetic": int(np.unique(cs).size)},
            )
        )
    return out


# --------------------------------------------------------------------------- detection


@dataclass(frozen=True)
class DetectionRun:
    """A classifier two-sample test: out-of-fold P(synthetic) for each row used."""

    real_rows: NDArray[np.int64]
    synthetic_rows: NDArray[np.int64]
    proba: NDArray[np.float64]
    labels: NDArray[np.int64]
    fold_aucs: tuple[float, ...]
    copies: int = 0  # synthetic rows compared that repeat a real row compared, over the columns compared

    @property
    def auc(self) -> float:
        return float(np.mean(self.fold_aucs))

    @property
    def std(self) -> float:
        return float(np.std(self.fold_aucs))


def detection_run(
    real: pl.DataFrame,
    synthetic: pl.DataFrame,
    infos: Sequence[ColumnInfo],
    *,
    seed: int = 0,
    folds: int = 5,
    max_rows: int = 20_000,
) -> DetectionRun:
    """Fit a gradient-boosted classifier to tell real from synthetic rows, ``folds``-fold, balanced."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    usable = [i for i in infos if i.continuous or i.discrete]
    if not usable:
        raise ValueError("no comparable columns")
    n = min(len(real), len(synthetic), max_rows)
    if n < 2 * folds:
        raise ValueError(f"too few rows for a {folds}-fold test ({n} per side)")
    rng = rng_for(seed, "detection", "subsample")
    ri = np.sort(rng.choice(len(real), n, replace=False))
    si = np.sort(rng.choice(len(synthetic), n, replace=False))
    (xr, xs), is_cat = model_matrix([real[ri], synthetic[si]], usable)
    x = np.vstack([xr, xs])
    y = np.r_[np.zeros(n, dtype=np.int64), np.ones(n, dtype=np.int64)]
    proba = np.zeros(2 * n)
    aucs = []
    skf = StratifiedKFold(
        n_splits=folds, shuffle=True, random_state=rng_for(seed, "detection", "folds").integers(2**31)
    )
    for train, test in skf.split(x, y):
        clf = HistGradientBoostingClassifier(
            max_iter=100, categorical_features=is_cat if is_cat.any() else None, early_stopping=False, random_state=0
        )
        clf.fit(x[train], y[train])
        proba[test] = clf.predict_proba(x[test])[:, 1]
        aucs.append(float(roc_auc_score(y[test], proba[test])))
    return DetectionRun(ri, si, proba, y, tuple(aucs), _repeats(xr, xs))


def _repeats(xr: NDArray[np.float64], xs: NDArray[np.float64]) -> int:
    """Rows of ``xs`` equal to some row of ``xr`` (missing values equal to missing values)."""
    fill = np.float64(-1.2345e300)
    seen = {row.tobytes() for row in np.where(np.isnan(xr), fill, xr).astype(np.float64)}
    return sum(row.tobytes() in seen for row in np.where(np.isnan(xs), fill, xs).astype(np.float64))


def detection_score(auc: float) -> float:
    """1 - 2 * |AUC - 0.5|: 1 when the classifier cannot tell, 0 when it always can.

    Below 0.5 counts too (unlike SDMetrics' normalisation, which takes any AUC under 0.5 as a
    perfect 1): a classifier that is wrong in every fold tells the sides apart as well as its
    flipped self. It happens when synthetic rows are copies of real ones — each held-out real
    row has its twin, labelled synthetic, in the training folds — so exact copies of the
    training rows score AUC ~0.05 and must not read as a perfect pass.
    """
    return 1 - 2 * abs(auc - 0.5)


#: mean AUC this far under 0.5 (and two standard deviations of the folds) is read as near-copies
BELOW_CHANCE = 0.05
_BELOW_NOTE = (
    "AUC {auc:.3f} is below chance beyond the folds' spread: the classifier is consistently wrong, "
    "which is what copies of real rows do (a held-out real row's twin is labelled synthetic); "
    "{copies:,} of the {n:,} synthetic rows compared repeat a real row over the columns compared{near}"
)
_NEAR = " (near-copies do it too; see the exact-match and DCR rows where computed)"


def detection(
    real: pl.DataFrame,
    synthetic: pl.DataFrame,
    infos: Sequence[ColumnInfo],
    *,
    seed: int = 0,
    folds: int = 5,
    table: str | None = None,
) -> tuple[MetricResult, DetectionRun | None]:
    """The detection metric (raw = mean ROC AUC over folds) and the run behind it (for slices)."""
    try:
        run = detection_run(real, synthetic, infos, seed=seed, folds=folds)
    except Exception as e:  # noqa: BLE001 - metric protocol
        return failed("detection_auc", f"{type(e).__name__}: {e}", table=table), None
    below = run.auc < 0.5 - max(BELOW_CHANCE, 2 * run.std)
    return result(
        "detection_auc",
        run.auc,
        detection_score(run.auc),
        table=table,
        goal=Goal.MINIMIZE,
        details={
            **(
                {
                    "note": _BELOW_NOTE.format(
                        auc=run.auc,
                        copies=run.copies,
                        n=int(run.synthetic_rows.size),
                        near=_NEAR if not run.copies else "",
                    )
                }
                if below
                else {}
            ),
            "repeated_rows": run.copies,
            "below_chance": below,
            "auc_std": run.std,
            "fold_aucs": list(run.fold_aucs),
            "folds": folds,
            "rows_per_side": int(run.real_rows.size),
            "model": "HistGradientBoostingClassifier",
        },
    ), run


def detection_auc(
    real: pl.DataFrame,
    synthetic: pl.DataFrame,
    infos: Sequence[ColumnInfo] | None = None,
    *,
    seed: int = 0,
    folds: int = 5,
) -> tuple[float, float]:
    """(mean, std) ROC AUC of a gradient-boosted real-vs-synthetic classifier; 0.5 = indistinguishable."""
    infos = list(infos) if infos is not None else infer_columns(real)
    run = detection_run(real, align(real, synthetic, infos), infos, seed=seed, folds=folds)
    return run.auc, run.std
