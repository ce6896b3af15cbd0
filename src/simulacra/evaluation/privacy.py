"""Privacy: does the synthetic data give away the real records it was made from?

Every attack is also run against a *control*: real records from the same source
that the synthesizer never saw (the holdout). What a synthetic dataset reveals
about records in general is utility; only the excess over the control is risk.
Nearest neighbours always go through scikit-learn's index (brute force in BLAS
over a Gower-like encoding, see ``MixedEncoder``), never a Python loop over pairs.
Formulas: docs/metrics.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.evaluation._frames import (
    ColumnInfo,
    MixedEncoder,
    align,
    continuous,
    infer_columns,
)
from simulacra.evaluation._types import Goal, MetricResult, failed, result, rng_for

__all__ = [
    "MIN_HALF",
    "DcrRun",
    "Risk",
    "dcr",
    "dcr_of_samples",
    "dcr_results",
    "dcr_samples",
    "dcr_share",
    "exact_match",
    "exact_match_rate",
    "exact_match_result",
    "inference_risk",
    "linkability_risk",
    "membership_inference",
    "nearest",
    "singling_out_risk",
    "value_copies",
    "value_copy_rates",
    "wilson",
]

_Z95 = 1.959963984540054

# (train, holdout, queries) -> distances to the 2 nearest training rows and to the nearest holdout row
Search = Callable[
    [NDArray[np.float32], NDArray[np.float32], NDArray[np.float32]], tuple[NDArray[np.float64], NDArray[np.float64]]
]
# (synthetic, columns, training row hashes) -> synthetic rows whose hash is a training row's
CountMatches = Callable[[pl.DataFrame, Sequence[str], NDArray[np.uint64]], int]


# --------------------------------------------------------------------------- helpers


def nearest(
    reference: NDArray[np.float32], queries: NDArray[np.float32], k: int = 1
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Distances and indices of the k nearest reference rows for each query row (Euclidean)."""
    from sklearn.neighbors import NearestNeighbors

    k = min(k, len(reference))
    nn = NearestNeighbors(n_neighbors=k, algorithm="brute" if reference.shape[1] > 15 else "auto")
    nn.fit(reference)
    d, i = nn.kneighbors(queries, return_distance=True)
    return d.astype(np.float64), i.astype(np.int64)


def _sample(n: int, size: int, rng: np.random.Generator) -> NDArray[np.int64]:
    return np.sort(rng.choice(n, size, replace=False)) if size < n else np.arange(n)


def _row_hashes(frame: pl.DataFrame, names: Sequence[str]) -> NDArray[np.uint64]:
    return frame.select(names).hash_rows(seed=0).to_numpy()


def wilson(k: float, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Success rate and its half-width: the Wilson score interval (as Anonymeter reports it)."""
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + confidence / 2)) if confidence != 0.95 else _Z95
    if n <= 0:
        return float("nan"), float("nan")
    rate = (k + z * z / 2) / (n + z * z)
    err = z / (n + z * z) * np.sqrt(max(k * (n - k) / n, 0.0) + z * z / 4)
    return float(rate), float(err)


@dataclass(frozen=True)
class Risk:
    """An attack's success on training records against the same attack on control records."""

    value: float
    ci: tuple[float, float]
    main_rate: float
    control_rate: float
    baseline_rate: float | None
    n_attacks: int

    @classmethod
    def from_counts(cls, main: float, control: float, n: int, baseline: float | None = None) -> Risk:
        m, me = wilson(main, n)
        c, ce = wilson(control, n)
        b = wilson(baseline, n)[0] if baseline is not None else None
        if c >= 1:
            return cls(0.0, (0.0, 0.0), m, c, b, n)
        value = (m - c) / (1 - c)
        # error propagation for (m - c) / (1 - c), as Anonymeter does
        err = np.sqrt((me / (1 - c)) ** 2 + (ce * (m - 1) / (1 - c) ** 2) ** 2)
        return cls(float(value), (float(value - err), float(value + err)), m, c, b, n)

    def result(
        self,
        metric: str,
        *,
        columns: tuple[str, ...] = (),
        table: str | None = None,
        extra: dict[str, object] | None = None,
    ) -> MetricResult:
        return result(
            metric,
            self.value,
            1 - min(max(self.value, 0.0), 1.0),
            columns=columns,
            table=table,
            goal=Goal.MINIMIZE,
            details={
                "ci_low": self.ci[0],
                "ci_high": self.ci[1],
                "main_rate": self.main_rate,
                "control_rate": self.control_rate,
                "baseline_rate": self.baseline_rate,
                "n_attacks": self.n_attacks,
                **(extra or {}),
            },
        )


def _usable(infos: Sequence[ColumnInfo]) -> list[ColumnInfo]:
    return [i for i in infos if i.continuous or i.discrete]


# --------------------------------------------------------------------------- exact matches


MIN_HALF = 50  # rows per half before training rows matching each other are a baseline


def exact_match(
    train: pl.DataFrame,
    synthetic: pl.DataFrame,
    infos: Sequence[ColumnInfo],
    holdout: pl.DataFrame | None = None,
    *,
    table: str | None = None,
    count_matches: CountMatches | None = None,
) -> MetricResult:
    """Share of synthetic rows that equal a training row, against the same share for holdout rows — or, without
    a holdout, for one half of the training rows against the other (``count_matches``: how the synthetic rows
    are counted, e.g. partition by partition on a cluster)."""
    names = [i.name for i in infos if i.kind != "skip"]
    if not names:
        return failed("exact_match_rate", "no columns to compare", table=table)
    train_h = _row_hashes(train, names)
    if count_matches is not None and len(synthetic):
        rate = count_matches(synthetic, names, train_h) / len(synthetic)
    else:
        rate = float(np.isin(_row_hashes(synthetic, names), train_h).mean()) if len(synthetic) else 0.0
    details: dict[str, object] = {"columns": len(names)}
    base: float | None = None
    if holdout is not None and len(holdout):
        base = float(np.isin(_row_hashes(holdout, names), train_h).mean())
        details["holdout_rate"] = base
    elif len(train) >= 2 * MIN_HALF:
        # no holdout: the rate at which real rows repeat each other (one half of the training rows found in the
        # other) is what equal rows mean here — in a table of few columns and few values (a line number, a
        # product, a dose) every plausible row is a training row, and matching one discloses nothing
        half = rng_for(0, "exact_match_halves").permutation(len(train)) < len(train) // 2
        base = float(np.isin(train_h[~half], train_h[half]).mean())
        details["self_match_rate"] = base
        details["baseline"] = "half of the training rows against the other half (no holdout given)"
    return exact_match_result(rate, base, details, table=table)


def exact_match_result(
    rate: float, base: float | None, details: dict[str, object], *, table: str | None = None
) -> MetricResult:
    """``exact_match``'s result from the synthetic rows' match rate and the baseline rate (holdout rows, or one
    half of the training rows in the other; None without either)."""
    if base is not None:
        excess = (rate - base) / (1 - base) if base < 1 else 0.0
        score = 1 - min(max(excess, 0.0), 1.0)
    else:
        score = 1 - rate
    return result("exact_match_rate", rate, score, table=table, goal=Goal.MINIMIZE, details=details)


def exact_match_rate(train: pl.DataFrame, synthetic: pl.DataFrame) -> float:
    """Share of synthetic rows identical (in every shared column) to some training row."""
    infos = infer_columns(train)
    return float(exact_match(train, align(train, synthetic, infos), infos).raw or 0.0)


# --------------------------------------------------------------------------- values copied


def value_copy_rates(
    train: pl.DataFrame, synthetic: pl.DataFrame, holdout: pl.DataFrame, columns: Sequence[str]
) -> dict[str, tuple[float, float]]:
    """Per column, (the share of synthetic values equal to a training value of that column, the same share for
    the holdout's values): nulls left out, nan where a side has no value. A model that re-uses training values
    beyond what fresh real rows do (a number or date drawn back onto the values it learned from) shows a
    synthetic share above the holdout's."""
    out: dict[str, tuple[float, float]] = {}
    for c in columns:
        seen = train.get_column(c).drop_nulls().unique().implode()

        def share(frame: pl.DataFrame, c: str = c, seen: pl.Series = seen) -> float:
            v = frame.get_column(c).drop_nulls()
            return int(v.is_in(seen).sum()) / len(v) if len(v) else float("nan")

        out[c] = (share(synthetic), share(holdout))
    return out


def value_copies(
    train: pl.DataFrame,
    synthetic: pl.DataFrame,
    holdout: pl.DataFrame,
    infos: Sequence[ColumnInfo],
    *,
    table: str | None = None,
) -> list[MetricResult]:
    """``value_copy_rates`` of the numbers and dates as results: the headline ``value_copy_rate`` (the worst
    column's), then one ``value_copy_column`` per column (raw: the synthetic share; scored by its excess over
    the holdout's share, as ``exact_match`` scores rows)."""
    names = [i.name for i in infos if i.continuous]
    if not names:
        return [failed("value_copy_rate", "no number or date columns to compare", table=table)]
    parts = []
    for c, (rate, base) in value_copy_rates(train, synthetic, holdout, names).items():
        if np.isnan(rate) or np.isnan(base):
            why = "no synthetic values" if np.isnan(rate) else "no holdout values"
            parts.append(failed("value_copy_column", why, columns=(c,), table=table))
            continue
        excess = (rate - base) / (1 - base) if base < 1 else 0.0
        details = {"holdout_rate": base}
        parts.append(
            result(
                "value_copy_column",
                rate,
                1 - min(max(excess, 0.0), 1.0),
                columns=(c,),
                table=table,
                goal=Goal.MINIMIZE,
                details=details,
            )
        )
    ok = [r for r in parts if r.ok]
    if not ok:
        return [failed("value_copy_rate", parts[0].error or "no column could be compared", table=table), *parts]
    worst = min(ok, key=lambda r: r.score if r.score is not None else 1.0)
    headline = result(
        "value_copy_rate",
        worst.raw,
        worst.score,
        table=table,
        goal=Goal.MINIMIZE,
        details={"column": worst.columns[0], "holdout_rate": worst.details["holdout_rate"], "columns": len(ok)},
    )
    return [headline, *parts]


# --------------------------------------------------------------------------- distances


@dataclass(frozen=True)
class DcrRun:
    share: float
    nndr_synthetic: float
    nndr_holdout: float
    dcr_train: NDArray[np.float64]
    dcr_holdout: NDArray[np.float64]
    rows: int


def _nndr(d: NDArray[np.float64]) -> NDArray[np.float64]:
    d1, d2 = d[:, 0], d[:, 1]
    return np.where(d2 > 0, d1 / np.where(d2 > 0, d2, 1.0), 1.0)


def dcr_run(
    train: pl.DataFrame,
    synthetic: pl.DataFrame,
    holdout: pl.DataFrame,
    infos: Sequence[ColumnInfo],
    *,
    seed: int = 0,
    max_rows: int = 10_000,
    search: Search | None = None,
) -> DcrRun:
    """Distances from synthetic rows to the closest training and holdout rows (equal-size real sides).

    ``search(train, holdout, queries)`` finds each query's 2 nearest training and nearest holdout distances
    (default: here, in one go; ``chunked.nearest_in_blocks``: in blocks of queries, on a cluster)."""
    usable = _usable(infos)
    if not usable:
        raise ValueError("no columns to measure distances on")
    i_tr, i_ho, i_sy = dcr_samples(len(train), len(holdout), len(synthetic), seed=seed, max_rows=max_rows)
    tr, ho, sy = train[i_tr], holdout[i_ho], synthetic[i_sy]
    return dcr_of_samples(tr, ho, sy, MixedEncoder(train, usable), search=search)


def dcr_samples(
    n_train: int, n_holdout: int, n_synthetic: int, *, seed: int = 0, max_rows: int = 10_000
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """The rows ``dcr_run`` samples (sorted positions in the training, holdout and synthetic tables)."""
    rng = rng_for(seed, "dcr")
    m = min(n_train, n_holdout, max_rows)
    if m < 2:
        raise ValueError("need at least 2 training and 2 holdout rows")
    return _sample(n_train, m, rng), _sample(n_holdout, m, rng), _sample(n_synthetic, min(n_synthetic, max_rows), rng)


def dcr_of_samples(
    tr: pl.DataFrame, ho: pl.DataFrame, sy: pl.DataFrame, enc: MixedEncoder, *, search: Search | None = None
) -> DcrRun:
    """``dcr_run`` once its rows are sampled and its encoder fitted on the training table."""
    xt, xh, xs = enc.transform(tr), enc.transform(ho), enc.transform(sy)
    if search is None:
        d_tr, _ = nearest(xt, xs, k=2)
        d_ho, _ = nearest(xh, xs, k=1)
    else:
        d_tr, d_ho = search(xt, xh, xs)
    a, b = d_tr[:, 0], d_ho[:, 0]
    eps = 1e-9
    share = float(np.mean(a < b - eps) + 0.5 * np.mean(np.abs(a - b) <= eps))
    # the baseline ratio: holdout rows (never seen) against the same training sample
    if search is None:
        d_hh, _ = nearest(xt, xh, k=2)
    else:  # the holdout rows as queries against the training sample, where the other searches ran
        d_hh = search(xt, xt[:1], xh)[0]
    return DcrRun(share, float(np.mean(_nndr(d_tr))), float(np.mean(_nndr(d_hh))), a, b, len(sy))


def dcr(
    train: pl.DataFrame,
    synthetic: pl.DataFrame,
    holdout: pl.DataFrame,
    infos: Sequence[ColumnInfo],
    *,
    seed: int = 0,
    table: str | None = None,
    search: Search | None = None,
) -> list[MetricResult]:
    """DCR share (0.5 ideal) and NNDR (against the holdout's own NNDR)."""
    try:
        run = dcr_run(train, synthetic, holdout, infos, seed=seed, search=search)
    except Exception as e:  # noqa: BLE001 - metric protocol
        return dcr_results(e, table=table)
    return dcr_results(run, table=table)


def dcr_results(run: DcrRun | Exception, *, table: str | None = None) -> list[MetricResult]:
    """``dcr``'s two results from a run (or the error that stopped it)."""
    if isinstance(run, Exception):
        msg = f"{type(run).__name__}: {run}"
        return [failed("dcr_share", msg, table=table), failed("nndr", msg, table=table)]
    q = np.quantile
    share_r = result(
        "dcr_share",
        run.share,
        min(2 * (1 - run.share), 1.0),
        table=table,
        goal=Goal.MINIMIZE,
        details={
            "rows": run.rows,
            "median_dcr_train": float(np.median(run.dcr_train)),
            "median_dcr_holdout": float(np.median(run.dcr_holdout)),
            "dcr_train_p05": float(q(run.dcr_train, 0.05)),
            "zero_distance_share": float(np.mean(run.dcr_train <= 1e-9)),
            "ideal": 0.5,
        },
    )
    ratio = run.nndr_synthetic / run.nndr_holdout if run.nndr_holdout > 0 else 1.0
    nndr_r = result(
        "nndr",
        run.nndr_synthetic,
        min(ratio, 1.0),
        table=table,
        details={"holdout_nndr": run.nndr_holdout, "ratio": ratio},
    )
    return [share_r, nndr_r]


def dcr_share(train: pl.DataFrame, synthetic: pl.DataFrame, holdout: pl.DataFrame, *, seed: int = 0) -> float:
    """Share of synthetic rows closer to a training row than to a holdout row (0.5 ideal; ties count half)."""
    infos = infer_columns(train)
    return dcr_run(train, align(train, synthetic, infos), align(train, holdout, infos), infos, seed=seed).share


# --------------------------------------------------------------------------- membership inference


def membership_inference(
    train: pl.DataFrame,
    synthetic: pl.DataFrame,
    holdout: pl.DataFrame,
    infos: Sequence[ColumnInfo],
    *,
    seed: int = 0,
    max_rows: int = 5_000,
    table: str | None = None,
) -> MetricResult:
    """A distance attack: members are guessed by being close to a synthetic row; advantage = 2·AUC − 1."""
    from sklearn.metrics import roc_auc_score

    usable = _usable(infos)
    rng = rng_for(seed, "membership")
    m = min(len(train), len(holdout), max_rows)
    if m < 2 or not usable or len(synthetic) < 1:
        return failed("membership_inference", "needs training, holdout and synthetic rows", table=table)
    tr, ho = train[_sample(len(train), m, rng)], holdout[_sample(len(holdout), m, rng)]
    sy = synthetic[_sample(len(synthetic), min(len(synthetic), 4 * max_rows), rng)]
    enc = MixedEncoder(train, usable)
    xs = enc.transform(sy)
    d_in, _ = nearest(xs, enc.transform(tr), 1)
    d_out, _ = nearest(xs, enc.transform(ho), 1)
    y = np.r_[np.ones(m), np.zeros(m)]
    auc = float(roc_auc_score(y, -np.r_[d_in[:, 0], d_out[:, 0]]))
    adv = max(0.0, 2 * auc - 1)
    return result(
        "membership_inference",
        adv,
        1 - adv,
        table=table,
        goal=Goal.MINIMIZE,
        details={"auc": auc, "members": m, "non_members": m, "attack": "distance to closest synthetic row"},
    )


# --------------------------------------------------------------------------- Anonymeter-style attacks


def _dedup(frame: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    return frame.select(names).unique(maintain_order=True)


def _univariate_queries(
    syn: pl.DataFrame, infos: Sequence[ColumnInfo], rng: np.random.Generator, n: int
) -> list[tuple[str, str, object]]:
    """Queries that single out one synthetic record: a rare value, the minimum, the maximum, the only null."""
    qs: list[tuple[str, str, object]] = []
    for info in infos:
        s = syn[info.name]
        if s.null_count() == 1:
            qs.append((info.name, "null", None))
        if info.continuous:
            x = continuous(s)
            x = x[~np.isnan(x)]
            if x.size:
                qs += [(info.name, "<=", float(x.min())), (info.name, ">=", float(x.max()))]
        vc = s.drop_nulls().cast(pl.String).value_counts()
        rare = sorted(vc.filter(pl.col("count") == 1)[vc.columns[0]].to_list())
        qs += [(info.name, "==", v) for v in rare]
    order = rng.permutation(len(qs))
    return [qs[i] for i in order[:n]]


class _Counter:
    """Counts of rows matching a univariate query, in O(log n) per query."""

    def __init__(self, frame: pl.DataFrame, infos: Sequence[ColumnInfo]) -> None:
        self.n_null = {i.name: frame[i.name].null_count() for i in infos}
        self.sorted = {}
        for i in infos:
            if i.continuous:
                x = continuous(frame[i.name])
                self.sorted[i.name] = np.sort(x[~np.isnan(x)])
        self.counts = {}
        for i in infos:
            vc = frame[i.name].drop_nulls().cast(pl.String).value_counts()
            self.counts[i.name] = dict(zip(vc[vc.columns[0]].to_list(), vc["count"].to_list(), strict=True))

    def count(self, col: str, op: str, value: object) -> int:
        if op == "null":
            return self.n_null[col]
        if op == "==":
            return int(self.counts[col].get(value, 0))
        x = self.sorted[col]
        v = cast(float, value)  # the sorted arrays hold numeric columns only
        if op == "<=":
            return int(np.searchsorted(x, v, side="right"))
        return int(x.size - np.searchsorted(x, v, side="left"))


def singling_out_risk(
    train: pl.DataFrame,
    synthetic: pl.DataFrame,
    control: pl.DataFrame,
    infos: Sequence[ColumnInfo],
    *,
    n_attacks: int = 2000,
    seed: int = 0,
    table: str | None = None,
) -> MetricResult:
    """Univariate singling out: predicates that isolate one synthetic record, tried on training and control records."""
    usable = _usable(infos)
    names = [i.name for i in usable]
    if not names:
        return failed("singling_out_risk", "no columns", table=table)
    rng = rng_for(seed, "singling_out")
    ori, ctl, syn = _dedup(train, names), _dedup(control, names), _dedup(synthetic, names)
    size = min(len(ori), len(ctl))
    if size < 10:
        return failed("singling_out_risk", "too few training or control rows", table=table)
    # equal sizes: a predicate is as likely to single out in either set by chance (no size correction needed)
    ori, ctl = ori[_sample(len(ori), size, rng)], ctl[_sample(len(ctl), size, rng)]
    queries = _univariate_queries(syn, usable, rng, n_attacks)
    if not queries:
        return failed("singling_out_risk", "the synthetic data yields no singling-out predicates", table=table)
    co, cc = _Counter(ori, usable), _Counter(ctl, usable)
    main = sum(co.count(*q) == 1 for q in queries)
    ctrl = sum(cc.count(*q) == 1 for q in queries)
    # baseline: predicates built from random synthetic values instead of rare ones
    values = {
        i.name: continuous(syn[i.name]) if i.continuous else syn[i.name].cast(pl.String).to_list() for i in usable
    }
    base = 0
    for _ in range(len(queries)):
        info = usable[int(rng.integers(len(usable)))]
        row = int(rng.integers(len(syn)))
        if info.continuous:
            v = float(values[info.name][row])
            q = (info.name, "null", None) if np.isnan(v) else (info.name, "<=" if rng.random() < 0.5 else ">=", v)
        else:
            sv = values[info.name][row]
            q = (info.name, "null", None) if sv is None else (info.name, "==", sv)
        base += co.count(*q) == 1
    risk = Risk.from_counts(main, ctrl, len(queries), base)
    return risk.result("singling_out_risk", table=table, extra={"mode": "univariate", "rows_per_side": size})


def _attack_sets(
    train: pl.DataFrame, control: pl.DataFrame, n_attacks: int, rng: np.random.Generator
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    n = min(n_attacks, len(train), len(control))
    return train[_sample(len(train), n, rng)], control[_sample(len(control), n, rng)], n


def linkability_risk(
    train: pl.DataFrame,
    synthetic: pl.DataFrame,
    control: pl.DataFrame,
    infos: Sequence[ColumnInfo],
    *,
    n_attacks: int = 2000,
    seed: int = 0,
    aux_columns: tuple[Sequence[str], Sequence[str]] | None = None,
    table: str | None = None,
) -> MetricResult:
    """Link two halves of a record through the nearest synthetic neighbour of each half."""
    usable = _usable(infos)
    if aux_columns is None:
        a_names = [i.name for i in usable[0::2]]
        b_names = [i.name for i in usable[1::2]]
    else:
        a_names, b_names = list(aux_columns[0]), list(aux_columns[1])
    if not a_names or not b_names:
        return failed("linkability_risk", "needs at least two columns", table=table)
    rng = rng_for(seed, "linkability")
    tr, ct, n = _attack_sets(train, control, n_attacks, rng)
    if n < 10:
        return failed("linkability_risk", "too few training or control rows", table=table)
    halves = []  # per half of the columns: its encoder and the encoded synthetic rows (the same for both sides)
    for names in (a_names, b_names):
        enc = MixedEncoder(train, [i for i in usable if i.name in names])
        halves.append((enc, enc.transform(synthetic)))
    hits = {}
    for side, targets in (("main", tr), ("control", ct)):
        idx = [nearest(xs, enc.transform(targets), 1)[1][:, 0] for enc, xs in halves]
        hits[side] = int(np.sum(idx[0] == idx[1]))
    base = int(np.sum(rng.integers(len(synthetic), size=n) == rng.integers(len(synthetic), size=n)))
    risk = Risk.from_counts(hits["main"], hits["control"], n, base)
    return risk.result("linkability_risk", table=table, extra={"columns_a": a_names, "columns_b": b_names})


def inference_risk(
    train: pl.DataFrame,
    synthetic: pl.DataFrame,
    control: pl.DataFrame,
    infos: Sequence[ColumnInfo],
    secret: str,
    *,
    n_attacks: int = 2000,
    seed: int = 0,
    tolerance: float = 0.05,
    table: str | None = None,
) -> MetricResult:
    """Guess ``secret`` from the nearest synthetic neighbour on every other column."""
    usable = _usable(infos)
    sinfo = next((i for i in usable if i.name == secret), None)
    aux = [i for i in usable if i.name != secret]
    if sinfo is None or not aux:
        return failed(
            "inference_risk", f"secret column '{secret}' is not a usable column", columns=(secret,), table=table
        )
    rng = rng_for(seed, "inference", secret)
    tr, ct, n = _attack_sets(train, control, n_attacks, rng)
    if n < 10:
        return failed("inference_risk", "too few training or control rows", columns=(secret,), table=table)
    enc = MixedEncoder(train, aux)
    xs = enc.transform(synthetic)

    def correct(guess: pl.Series, truth: pl.Series) -> NDArray[np.bool_]:
        if sinfo.continuous:
            g, t = continuous(guess), continuous(truth)
            both_nan = np.isnan(g) & np.isnan(t)
            return both_nan | (np.abs(g - t) <= tolerance * np.abs(t))
        gs, ts = guess.cast(pl.String), truth.cast(pl.String)
        return np.array([a == b for a, b in zip(gs.to_list(), ts.to_list(), strict=True)], dtype=np.bool_)

    rates = {}
    for side, targets in (("main", tr), ("control", ct)):
        _, nn = nearest(xs, enc.transform(targets), 1)
        rates[side] = int(correct(synthetic[secret][nn[:, 0]], targets[secret]).sum())
    base = int(correct(synthetic[secret][rng.integers(len(synthetic), size=n)], tr[secret]).sum())
    risk = Risk.from_counts(rates["main"], rates["control"], n, base)
    return risk.result(
        "inference_risk", columns=(secret,), table=table, extra={"secret": secret, "aux_columns": len(aux)}
    )
