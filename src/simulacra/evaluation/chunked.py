"""The metrics that are sums over chunks of the synthetic rows, computed chunk by chunk (``evaluate --engine dask``).

The synthetic table is cut into partitions of ``partition_rows`` rows; a runner (:class:`LocalChunks` here, in
one process; ``simulacra.distributed.DaskChunks`` on a Dask cluster) applies a task to every partition and hands
the results back in partition order. Each task returns small partial sums, never rows; the client adds them up
and applies the one-process formulas to the totals:

- **column shapes**: per continuous column the counts of each distinct value (rounded as KSComplement rounds),
  so the two empirical CDFs are those of one process; per discrete column the counts per category, the
  categories numbered in first-seen order across the partitions (the order one process numbers them in);
- **column pair trends**: joint counts per pair of categories / bins (the bins from the synthetic side's
  minimum and maximum, gathered in a first pass), Cramér's V from them; Pearson's r from sums in two passes
  (per-pair means, then centred co-moments);
- **exact matches**: per partition the number of rows whose hash is among the training rows' hashes;
- **distances to the closest record**: the sampled synthetic rows (the same sample one process draws) in
  blocks of ``partition_rows`` rounded up to a multiple of :data:`DCR_BLOCK`, each block's nearest training
  and holdout distances.

Every count is an integer, so shapes, contingency pairs, exact matches and distances are **bit for bit** those
of one process. Pearson's r is not: a sum over partitions adds in another order than numpy's pairwise sum of
the whole column, so correlation similarities (and the pair-trend and quality means that include them) agree
with one process to about 1e-15 relative, not in every bit. :data:`APPROXIMATE` names them; the report's
``distributed`` section says so. The other metrics run on the client, on the whole table, as without chunks.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.evaluation._frames import ColumnInfo, as_key, continuous, discrete_codes
from simulacra.evaluation._types import MetricResult, failed, mean_present, result
from simulacra.evaluation.fidelity import (
    ASSOCIATION_THRESHOLD,
    CORRELATION_THRESHOLD,
    KS_DECIMALS,
    Quality,
    cramers_v,
    null_code_of,
    pearson_r,
)
from simulacra.evaluation.multitable import KeyCounter, KeyCounts, add_counts, count_keys

__all__ = [
    "APPROXIMATE",
    "CHUNKED",
    "DCR_BLOCK",
    "ChunkPlan",
    "ChunkRunner",
    "LocalChunks",
    "add_first",
    "bin_edges",
    "first_pass",
    "joints",
    "keys_in_partitions",
    "matches_in_partitions",
    "nearest_in_blocks",
    "pair_means",
    "partitions",
    "pearsons",
    "quality",
    "second_pass",
]

CHUNKED = (
    "ks_complement",
    "tv_complement",
    "correlation_similarity",
    "contingency_similarity",
    "exact_match_rate",
    "dcr_share",
    "nndr",
    "referential_integrity",
    "cardinality",
)
APPROXIMATE = ("correlation_similarity",)
# distance tasks take their sampled synthetic queries in multiples of 256 rows, the query block scikit-learn's
# neighbour search uses, so every row meets the same arithmetic as in one process
DCR_BLOCK = 256


class ChunkRunner(Protocol):
    """Applies ``task(chunk, **shared)`` to every chunk, returning the results in chunk order."""

    engine: str
    partition_rows: int

    def map(self, task: Callable[..., Any], chunks: Sequence[Any], shared: Mapping[str, Any]) -> list[Any]: ...


@dataclass
class LocalChunks:
    """The chunked metrics in this process (the reference the Dask runner is tested against)."""

    partition_rows: int = 100_000
    engine: str = "local"

    def map(self, task: Callable[..., Any], chunks: Sequence[Any], shared: Mapping[str, Any]) -> list[Any]:
        return [task(c, **shared) for c in chunks]


def partitions(frame: pl.DataFrame, rows: int) -> list[pl.DataFrame]:
    """``frame`` cut into consecutive slices of ``rows`` rows (the last one shorter)."""
    if rows < 1:
        raise ValueError(f"partition rows must be >= 1, not {rows}")
    return [frame.slice(a, rows) for a in range(0, frame.height, rows)]


# --------------------------------------------------------------------------- tasks (run on workers)


@dataclass(frozen=True)
class ChunkPlan:
    """Which columns the chunked fidelity metrics read: continuous, discrete, the continuous pairs (Pearson) and the
    other pairs (contingency)."""

    cont: tuple[str, ...]
    disc: tuple[str, ...]
    corr: tuple[tuple[str, str], ...]  # continuous pairs (Pearson)
    cont_pairs: tuple[tuple[str, str], ...]  # the other pairs (contingency)


def _local_codes(s: pl.Series) -> tuple[list[Any], NDArray[np.int64]]:
    """A chunk's own category numbering: values in first-seen order, and each row's code."""
    (codes,), vocab = discrete_codes(s)
    return vocab, codes


def first_pass(chunk: pl.DataFrame, *, plan: ChunkPlan) -> dict[str, Any]:
    """One chunk's first-pass partial counts: rows, each continuous column's rounded value counts and range, each
    discrete column's own vocabulary and counts, and the sums of each Pearson pair."""
    out: dict[str, Any] = {"rows": chunk.height, "cont": {}, "disc": {}, "corr": {}}
    xs = {c: continuous(chunk[c]) for c in plan.cont}
    for c, x in xs.items():
        present = x[~np.isnan(x)]
        values, counts = np.unique(np.round(present, KS_DECIMALS), return_counts=True)
        lo, hi = (float(present.min()), float(present.max())) if present.size else (None, None)
        out["cont"][c] = (values, counts.astype(np.int64), lo, hi)
    for c in plan.disc:
        vocab, codes = _local_codes(chunk[c])
        out["disc"][c] = (vocab, np.bincount(codes, minlength=len(vocab)).astype(np.int64))
    for a, b in plan.corr:
        x, y = xs[a], xs[b]
        keep = ~(np.isnan(x) | np.isnan(y))
        out["corr"][(a, b)] = (int(keep.sum()), float(x[keep].sum()), float(y[keep].sum()))
    return out


def second_pass(
    chunk: pl.DataFrame,
    *,
    plan: ChunkPlan,
    vocab: Mapping[str, Sequence[Any]],
    edges: Mapping[str, NDArray[np.float64] | None],
    means: Mapping[tuple[str, str], tuple[float, float]],
) -> dict[str, Any]:
    """One chunk's second-pass partial counts, read with the first pass's totals: category codes in the shared
    ``vocab``, histogram counts on the shared ``edges``, the centred moments of each Pearson pair about ``means`` and
    the joint counts of the contingency pairs."""
    codes: dict[str, NDArray[np.int64]] = {}
    for c in plan.disc:
        lookup = pl.DataFrame({"v": pl.Series(list(vocab[c]), dtype=pl.String), "code": np.arange(len(vocab[c]))})
        f = pl.DataFrame({"v": as_key(chunk[c])}).join(
            lookup, on="v", how="left", nulls_equal=True, maintain_order="left"
        )
        codes[c] = f["code"].to_numpy().astype(np.int64)
    xs = {c: continuous(chunk[c]) for c in plan.cont}
    for c in plan.cont:
        e = edges[c]
        codes[c] = np.zeros(chunk.height, dtype=np.int64) if e is None else np.digitize(xs[c], bins=e).astype(np.int64)
    out: dict[str, Any] = {"joint": {}, "moments": {}}
    for a, b in plan.cont_pairs:
        pair = np.stack([codes[a], codes[b]], axis=1)
        uniq, counts = np.unique(pair, axis=0, return_counts=True) if len(pair) else (pair, np.zeros(0, np.int64))
        out["joint"][(a, b)] = (uniq.astype(np.int64), counts.astype(np.int64))
    for (a, b), (mx, my) in means.items():
        x, y = xs[a], xs[b]
        keep = ~(np.isnan(x) | np.isnan(y))
        dx, dy = x[keep] - mx, y[keep] - my
        out["moments"][(a, b)] = (float((dx * dy).sum()), float((dx * dx).sum()), float((dy * dy).sum()))
    return out


def _match_task(chunk: pl.DataFrame, *, names: Sequence[str], train_hashes: NDArray[np.uint64]) -> int:
    return int(np.isin(chunk.select(names).hash_rows(seed=0).to_numpy(), train_hashes).sum())


def _dcr_task(
    block: NDArray[np.float32], *, train: NDArray[np.float32], holdout: NDArray[np.float32]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    from simulacra.evaluation.privacy import nearest

    d_tr, _ = nearest(train, block, k=2)
    d_ho, _ = nearest(holdout, block, k=1)
    return d_tr, d_ho


# --------------------------------------------------------------------------- the client's side


@dataclass
class _Totals:
    rows: int = 0
    cont: dict[str, tuple[NDArray[np.float64], NDArray[np.int64], float | None, float | None]] = field(
        default_factory=dict
    )
    disc: dict[str, tuple[list[Any], NDArray[np.int64]]] = field(default_factory=dict)


def add_first(parts: Sequence[dict[str, Any]], plan: ChunkPlan) -> _Totals:
    """The totals of the chunks' first passes (``parts``): rows, merged value counts and ranges, merged vocabularies
    and pair sums."""
    t = _Totals(rows=sum(p["rows"] for p in parts))
    for c in plan.cont:
        got = [p["cont"][c] for p in parts]
        vals = np.concatenate([g[0] for g in got]) if got else np.zeros(0)
        cnts = np.concatenate([g[1] for g in got]) if got else np.zeros(0, np.int64)
        uniq, inv = np.unique(vals, return_inverse=True)
        merged = np.zeros(len(uniq), np.int64)
        np.add.at(merged, inv.ravel(), cnts)
        los = [g[2] for g in got if g[2] is not None]
        his = [g[3] for g in got if g[3] is not None]
        t.cont[c] = (uniq, merged, min(los) if los else None, max(his) if his else None)
    for c in plan.disc:
        order: dict[Any, int] = {}
        counts: list[int] = []
        for p in parts:  # first seen in partition order = first seen in the whole column
            vocab, cnt = p["disc"][c]
            for v, n in zip(vocab, cnt.tolist(), strict=True):
                j = order.setdefault(v, len(order))
                if j == len(counts):
                    counts.append(0)
                counts[j] += n
        t.disc[c] = (list(order), np.asarray(counts, dtype=np.int64))
    return t


def _ks(
    real_values: NDArray[np.float64],
    real_counts: NDArray[np.int64],
    values: NDArray[np.float64],
    counts: NDArray[np.int64],
) -> float:
    """``fidelity.ks_complement`` with each side as its distinct (rounded) values and their counts: the two
    empirical CDFs are the same integer counts over the same sizes, so the same floats."""
    na, nb = int(real_counts.sum()), int(counts.sum())
    if na == 0 or nb == 0:
        return float("nan")
    grid = np.concatenate([real_values, values])
    cum_a = np.concatenate([[0], np.cumsum(real_counts)])
    cum_b = np.concatenate([[0], np.cumsum(counts)])
    fa = cum_a[np.searchsorted(real_values, grid, side="right")]
    fb = cum_b[np.searchsorted(values, grid, side="right")]
    d = np.abs(fa / na - fb / nb)
    return float(1.0 - d.max())


def _tv(real_counts: NDArray[np.int64], syn_counts: NDArray[np.int64], null: int | None) -> float:
    """``fidelity.tv_complement`` with each side as counts per code."""
    real_counts, syn_counts = real_counts.copy(), syn_counts.copy()
    if null is not None:
        for c in (real_counts, syn_counts):
            if null < len(c):
                c[null] = 0
    n_real, n_syn = int(real_counts.sum()), int(syn_counts.sum())
    if n_real == 0 or n_syn == 0:
        return float("nan")
    k = int(max(np.flatnonzero(real_counts).max(), np.flatnonzero(syn_counts).max())) + 1
    p = np.zeros(k, dtype=np.int64)
    p[: min(k, len(real_counts))] = real_counts[:k]
    return float(1.0 - 0.5 * np.abs(p / n_real - syn_counts[:k] / n_syn).sum())


def bin_edges(lo: float | None, hi: float | None) -> NDArray[np.float64] | None:
    """``np.histogram_bin_edges`` of a column from its minimum and maximum (all it reads of the column)."""
    return None if lo is None or hi is None else np.histogram_bin_edges(np.array([lo, hi], dtype=np.float64))


def _pearson(n: int, sxy: float, sxx: float, syy: float) -> float:
    if n < 2:
        return float("nan")
    den = math.sqrt(sxx * syy)
    return sxy / den if den > 0 else float("nan")


def pair_means(
    first: Sequence[dict[str, Any]], plan: ChunkPlan
) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], tuple[float, float]]]:
    """Per continuous pair: rows where both are present, and the two means (from the first pass's sums)."""
    corr_n: dict[tuple[str, str], int] = {}
    means: dict[tuple[str, str], tuple[float, float]] = {}
    for a, b in plan.corr:
        parts = [p["corr"][(a, b)] for p in first]
        n = sum(p[0] for p in parts)
        corr_n[(a, b)] = n
        if n:
            means[(a, b)] = (math.fsum(p[1] for p in parts) / n, math.fsum(p[2] for p in parts) / n)
    return corr_n, means


def pearsons(
    corr_n: Mapping[tuple[str, str], int], means: Mapping[tuple[str, str], Any], second: Sequence[dict[str, Any]]
) -> dict[tuple[str, str], float]:
    """Pearson's r of each continuous pair from its pair count and the chunks' second-pass moments (NaN with fewer
    than two rows or no spread)."""
    out = {}
    for pair, n in corr_n.items():
        mom = [p["moments"][pair] for p in second] if pair in means else []
        out[pair] = _pearson(
            n, math.fsum(m[0] for m in mom), math.fsum(m[1] for m in mom), math.fsum(m[2] for m in mom)
        )
    return out


def joints(
    second: Sequence[dict[str, Any]], plan: ChunkPlan
) -> dict[tuple[str, str], tuple[NDArray[np.int64], NDArray[np.int64]]]:
    """Each contingency pair's joint (codes, counts) gathered from the chunks' second passes."""
    out = {}
    for pair in plan.cont_pairs:
        joint = [p["joint"][pair] for p in second]
        out[pair] = (
            np.concatenate([j[0] for j in joint]) if joint else np.zeros((0, 2), np.int64),
            np.concatenate([j[1] for j in joint]) if joint else np.zeros(0, np.int64),
        )
    return out


@dataclass
class RealStats:
    """What the chunked metrics read of the real table: per continuous column its distinct rounded values, their
    counts, minimum and maximum; per discrete column its categories in first-seen order and their counts; per
    continuous pair Pearson's r; per other pair the joint counts of codes (categories numbered in first-seen
    order, numbers binned by ``np.histogram_bin_edges`` of the real column). From a whole frame
    (:meth:`of_frame`, exact Pearson) or added up over partitions (``evaluation.partitioned``)."""

    totals: _Totals
    pearson: dict[tuple[str, str], float]
    joint: dict[tuple[str, str], tuple[NDArray[np.int64], NDArray[np.int64]]]

    @classmethod
    def of_frame(cls, real: pl.DataFrame, plan: ChunkPlan) -> RealStats:
        first = first_pass(real, plan=plan)
        tot = add_first([first], plan)
        xs = {c: continuous(real[c]) for c in plan.cont}
        pearson = {(a, b): pearson_r(xs[a], xs[b]) for a, b in plan.corr}
        vocab = {c: tot.disc[c][0] for c in plan.disc}
        edges = {c: bin_edges(tot.cont[c][2], tot.cont[c][3]) for c in plan.cont}
        second = second_pass(real, plan=plan, vocab=vocab, edges=edges, means={})
        return cls(tot, pearson, joints([second], plan))


def make_plan(infos: Sequence[ColumnInfo]) -> tuple[list[ColumnInfo], list[tuple[ColumnInfo, ColumnInfo]], ChunkPlan]:
    """The columns the chunked quality reads, its pairs, and the tasks' plan."""
    usable = [i for i in infos if i.continuous or i.discrete]
    pairs = list(itertools.combinations(usable, 2))
    plan = ChunkPlan(
        tuple(i.name for i in usable if i.continuous),
        tuple(i.name for i in usable if i.discrete),
        tuple((a.name, b.name) for a, b in pairs if a.continuous and b.continuous),
        tuple((a.name, b.name) for a, b in pairs if not (a.continuous and b.continuous)),
    )
    return usable, pairs, plan


MapFn = Callable[[Callable[..., Any], Mapping[str, Any]], list[Any]]


def quality(
    real: pl.DataFrame,
    synthetic: pl.DataFrame,
    infos: Sequence[ColumnInfo],
    runner: ChunkRunner,
    *,
    table: str | None = None,
) -> Quality:
    """``fidelity.quality`` over ``synthetic`` (already aligned to ``real``) in partitions run by ``runner``."""
    usable, _, plan = make_plan(infos)
    chunks = partitions(synthetic.select([c.name for c in usable]), runner.partition_rows)
    return quality_of(
        RealStats.of_frame(real, plan), lambda task, shared: runner.map(task, chunks, shared), infos, table=table
    )


def quality_of(real: RealStats, syn_map: MapFn, infos: Sequence[ColumnInfo], *, table: str | None = None) -> Quality:
    """The chunked quality from the real side's statistics and ``syn_map(task, shared)``, which applies a task to
    every partition of the synthetic rows (in memory, or read where the task runs) and returns the results in
    partition order."""
    usable, pairs, plan = make_plan(infos)
    cont, disc = plan.cont, plan.disc
    first = syn_map(first_pass, {"plan": plan})
    tot = add_first(first, plan)
    rt = real.totals
    # the category numbering: the real side's first-seen order, extended by the synthetic side's
    vocab: dict[str, list[Any]] = {}
    real_counts: dict[str, NDArray[np.int64]] = {}
    syn_counts: dict[str, NDArray[np.int64]] = {}
    for c in disc:
        rv, rc = rt.disc[c]
        seen = dict.fromkeys(rv)
        for v in tot.disc[c][0]:
            seen.setdefault(v)
        vocab[c] = list(seen)
        pos = {v: j for j, v in enumerate(vocab[c])}
        counts = np.zeros(len(vocab[c]), dtype=np.int64)
        local_vocab, local_counts = tot.disc[c]
        counts[[pos[v] for v in local_vocab]] = local_counts
        real_counts[c], syn_counts[c] = rc, counts
    edges = {c: bin_edges(tot.cont[c][2], tot.cont[c][3]) for c in cont}
    corr_n, means = pair_means(first, plan)
    second = syn_map(second_pass, {"plan": plan, "vocab": vocab, "edges": edges, "means": means})
    syn_pearson = pearsons(corr_n, means, second)
    syn_joint = joints(second, plan)

    shapes: list[MetricResult] = []
    for info in usable:
        cols = (info.name,)
        if info.continuous:
            rvals, rcnts, _, _ = rt.cont[info.name]
            values, counts, _, _ = tot.cont[info.name]
            s = _ks(rvals, rcnts, values, counts)
            r = result("ks_complement", 1 - s, s, columns=cols, table=table, details={"statistic": "KS D"})
        else:
            s = _tv(real_counts[info.name], syn_counts[info.name], null_code_of(vocab[info.name]))
            r = result("tv_complement", 1 - s, s, columns=cols, table=table, details={"statistic": "total variation"})
        if r.error:
            r = failed(r.metric, "no non-null values on one side", columns=cols, table=table)
        shapes.append(r)

    def constant(t: _Totals, c: str) -> bool:
        return t.cont[c][2] is not None and t.cont[c][2] == t.cont[c][3]

    out: list[MetricResult] = []
    for a_info, b_info in pairs:
        a, b = a_info.name, b_info.name
        pair_cols = (a, b)
        if a_info.continuous and b_info.continuous:
            if constant(rt, a) or constant(tot, a) or constant(rt, b) or constant(tot, b):
                out.append(
                    failed(
                        "correlation_similarity",
                        "a column is constant; correlation is undefined",
                        columns=pair_cols,
                        table=table,
                    )
                )
                continue
            rr, rs = real.pearson[(a, b)], syn_pearson[(a, b)]
            score = 1 - abs(rr - rs) / 2
            counts_flag = bool(np.isfinite(rr) and abs(rr) > CORRELATION_THRESHOLD)
            out.append(
                result(
                    "correlation_similarity",
                    1 - score,
                    score,
                    columns=pair_cols,
                    table=table,
                    details={"real": rr, "synthetic": rs, "counts": counts_flag, "measure": "pearson"},
                )
            )
            continue
        pairs_real, cnt_real = real.joint[(a, b)]
        pairs_syn, cnt_syn = syn_joint[(a, b)]
        ka = int(max(pairs_real[:, 0].max(initial=0), pairs_syn[:, 0].max(initial=0))) + 1
        kb = int(max(pairs_real[:, 1].max(initial=0), pairs_syn[:, 1].max(initial=0))) + 1
        jr_int = np.zeros(ka * kb, dtype=np.int64)
        np.add.at(jr_int, pairs_real[:, 0] * kb + pairs_real[:, 1], cnt_real)
        js_int = np.zeros(ka * kb, dtype=np.int64)
        np.add.at(js_int, pairs_syn[:, 0] * kb + pairs_syn[:, 1], cnt_syn)
        jr, js = jr_int.astype(np.float64), js_int.astype(np.float64)
        if jr.sum() == 0 or js.sum() == 0:
            score, vr, vs = float("nan"), float("nan"), float("nan")
        else:
            score = float(1 - 0.5 * np.abs(jr / jr.sum() - js / js.sum()).sum())
            vr, vs = cramers_v(jr.reshape(ka, kb)), cramers_v(js.reshape(ka, kb))
        counts_flag = bool(np.isfinite(vr) and vr > ASSOCIATION_THRESHOLD)
        out.append(
            result(
                "contingency_similarity",
                1 - score,
                score,
                columns=pair_cols,
                table=table,
                details={"real": vr, "synthetic": vs, "counts": counts_flag, "measure": "cramers_v"},
            )
        )
    cs = mean_present([r.score for r in shapes])
    cp = mean_present([r.score for r in out if r.details.get("counts")])
    return Quality(mean_present([cs, cp]), cs, cp, tuple(shapes), tuple(out))


def matches_in_partitions(runner: ChunkRunner) -> Callable[[pl.DataFrame, Sequence[str], NDArray[np.uint64]], int]:
    """A ``privacy.exact_match`` counter: rows of the synthetic table that hash like a training row, counted
    partition by partition."""

    def count(synthetic: pl.DataFrame, names: Sequence[str], train_hashes: NDArray[np.uint64]) -> int:
        chunks = partitions(synthetic.select(list(names)), runner.partition_rows)
        return sum(runner.map(_match_task, chunks, {"names": list(names), "train_hashes": train_hashes}))

    return count


def keys_in_partitions(runner: ChunkRunner) -> KeyCounter:
    """A ``multitable`` key counter (referential integrity, children per parent): the child's foreign key counted
    partition by partition against the parent's keys (sent to every task), the counts per key added up here.
    Integers, so the one-process results bit for bit."""

    def count(child_keys: pl.Series, parent_keys: pl.Series) -> KeyCounts:
        chunks = [child_keys.slice(a, runner.partition_rows) for a in range(0, len(child_keys), runner.partition_rows)]
        got = runner.map(count_keys, chunks, {"parent_keys": parent_keys})
        if not got:
            return count_keys(child_keys, parent_keys)  # no rows: the empty counts, typed as one process types them
        return add_counts(got)

    return count


def nearest_in_blocks(
    runner: ChunkRunner,
) -> Callable[
    [NDArray[np.float32], NDArray[np.float32], NDArray[np.float32]], tuple[NDArray[np.float64], NDArray[np.float64]]
]:
    """A ``privacy.dcr`` neighbour search that sends the synthetic queries to ``runner`` in blocks of its
    ``partition_rows`` rounded up to a multiple of :data:`DCR_BLOCK`."""
    size = -(-runner.partition_rows // DCR_BLOCK) * DCR_BLOCK

    def search(
        train: NDArray[np.float32], holdout: NDArray[np.float32], queries: NDArray[np.float32]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        blocks = [queries[a : a + size] for a in range(0, len(queries), size)]
        got = runner.map(_dcr_task, blocks, {"train": train, "holdout": holdout})
        if not got:
            return np.zeros((0, 2)), np.zeros((0, 1))
        return np.concatenate([g[0] for g in got]), np.concatenate([g[1] for g in got])

    return search
