"""Model settings chosen per table at fit time, from the training rows alone.

Which column order and how many quantile bins suit a table depends on the table: the
dependence order among numbers with finer bins takes California housing's detection AUC
from 0.67 to 0.59 (its coast is latitude x longitude x income), yet on Bank Marketing it
raises the share of synthetic rows closer to a training row than to a held-out one
(benchmarks/RESULTS.md, issue 13). So ``fit`` tries a few candidate settings on a seeded
internal split of the rows it was given — fit on 80%, sample, score against the other
20% — and keeps the candidate a real-vs-synthetic classifier tells apart least, among
those that come no closer to their own training rows than the first (default) candidate
does. That closer-to-training share is the mean over several synthetic draws: from one draw it
moved by about ±0.01, as much as the margin, and decided California's choice by noise
(benchmarks/RESULTS.md). Only rows passed to ``fit`` are used: no benchmark holdout is seen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import derive_seed, root_stream
from simulacra.synth._cells import find_cell_pairs
from simulacra.synth._encoding import Kind, to_float

__all__ = ["Choice", "candidates", "choose_settings"]

_MIN_ROWS = 5_000  # fewer rows: a 20% split scores too noisily to choose on; the default is kept
_MAX_FIT_ROWS = 20_000  # the internal fit's rows at most (keeps fit CPU small on big tables)
_MAX_SCORE_ROWS = 5_000  # rows per side of the classifier and of the distance check
_AUC_GAIN = 0.01  # a candidate must lower the classifier's AUC by this much to replace the default
_DCR_SLACK = 0.01  # ... and may raise the closer-to-training share by at most this much (about one standard
# error of the difference of two shares measured on a few thousand rows: a clear rise, not noise)


@dataclass(frozen=True)
class Choice:
    """One candidate's scores on the internal split (kept in the manifest)."""

    settings: Mapping[str, Any]
    detection_auc: float
    dcr_share: float

    def to_json(self) -> dict[str, Any]:
        return {"settings": dict(self.settings), "detection_auc": self.detection_auc, "dcr_share": self.dcr_share}


def candidates(params: Any, clustered: bool = False) -> list[dict[str, Any]]:
    """The settings tried, applied over ``params``: first ``params`` as given (the default), then the
    dependence order among numbers with twice the bins (California dev: detection 0.674 -> 0.589), and,
    where two numeric columns' joint is clustered (``clustered``: a place's longitude x latitude), the
    greedy dependence order with twice the bins and the pair drawn through 2-D cells (synth/_cells.py;
    California dev: detection 0.602 -> 0.564, TSTR/TRTR 0.956 -> 0.961)."""
    tried = [{}, {"order": "numbers", "n_bins": 2 * params.n_bins}]
    if clustered and not params.cells:
        tried.append({"order": "dependence", "n_bins": 2 * params.n_bins, "cells": True})
    return tried


def choose_settings(
    frame: pl.DataFrame,
    kinds: Mapping[str, Kind],
    params: Any,
    *,
    seed: int,
    name: str,
    first: Sequence[str] = (),
    dcr_draws: int = 4,
) -> tuple[Any, list[Choice]]:
    """The parameters to fit with (``params`` with one candidate's settings applied) and every candidate's scores.

    ``dcr_draws``: synthetic draws (of as many rows as the internal held-out side) that each
    candidate's closer-to-training share is averaged over; one draw moves it by about ±0.01 on
    ~3,000 rows a side, as much as the margin it is judged by. The classifier scores the first
    draw. Tables under ``_MIN_ROWS`` rows, or with fewer than two numeric columns (nothing for the
    candidates to change), keep ``params`` and report no scores."""
    if not isinstance(dcr_draws, int) or isinstance(dcr_draws, bool) or dcr_draws < 1:
        raise ValueError(f"dcr_draws must be an integer >= 1, got {dcr_draws!r}")
    from simulacra.synth._table import LearnedTable

    numeric = [c for c, k in kinds.items() if k in ("numeric", "date", "datetime")]
    if frame.height < _MIN_ROWS or len(numeric) < 2:
        return params, []
    rng = np.random.default_rng(derive_seed(seed, name, "select"))
    perm = rng.permutation(frame.height)
    n_hold = frame.height // 5
    fit_idx = perm[n_hold : n_hold + _MAX_FIT_ROWS]
    fit_rows = frame[np.sort(fit_idx)]
    free = [c for c in numeric if c not in first]
    tried = candidates(params, clustered=bool(find_cell_pairs(fit_rows, kinds, free, seed=seed)))
    k = min(n_hold, len(fit_idx), _MAX_SCORE_ROWS)
    real = frame[perm[:k]]  # random rows of each side (a file's order may be geographic or by time)
    train_ref = frame[fit_idx[:k]]
    scores: list[Choice] = []
    stream = root_stream(seed).child(name, "select")
    for cand in tried:
        p = replace(params, **cand)
        table = LearnedTable(name=name, params=p).fit(fit_rows, kinds, seed=seed, first=first)
        cols = [c for c in frame.columns if kinds.get(c)]
        auc, shares = 0.0, []
        for r in range(dcr_draws):  # draw r: rows r*k .. (r+1)*k, so draw 0 is the single draw of before
            synth, _, _ = table.sample(np.arange(r * k, (r + 1) * k, dtype=np.int64), stream)
            cols = [c for c in cols if c in synth.columns]
            if r == 0:
                auc = _detection_auc(real.select(cols), synth.select(cols), kinds, seed)
            shares.append(_dcr_share(train_ref.select(cols), real.select(cols), synth.select(cols), kinds))
        scores.append(Choice(dict(cand), auc, float(np.mean(shares))))
    base = scores[0]
    best = 0
    for i, s in enumerate(scores[1:], start=1):
        if s.dcr_share <= base.dcr_share + _DCR_SLACK and s.detection_auc <= scores[best].detection_auc - (
            _AUC_GAIN if best == 0 else 0.0
        ):
            best = i
    return replace(params, **tried[best]), scores


def _features(
    frames: Sequence[pl.DataFrame], kinds: Mapping[str, Kind]
) -> tuple[list[NDArray[np.float64]], list[bool]]:
    """Numbers as floats; categories as shared ordinal codes (null: NaN), for a gradient-boosted classifier."""
    cols = frames[0].columns
    out = [np.zeros((f.height, len(cols))) for f in frames]
    is_cat = []
    for j, c in enumerate(cols):
        kind = kinds[c]
        if kind in ("categorical", "boolean"):
            values = pl.concat([f.get_column(c).cast(pl.String) for f in frames]).drop_nulls()
            top = values.value_counts(sort=True).get_column(c).head(250)  # the classifier's category limit
            for f, m in zip(frames, out):
                m[:, j] = (
                    f.get_column(c)
                    .cast(pl.String)
                    .replace_strict(top, pl.Series(range(len(top))), default=None, return_dtype=pl.Float64)
                    .fill_null(np.nan)
                    .to_numpy()
                )
            is_cat.append(True)
        else:
            for f, m in zip(frames, out):
                m[:, j] = to_float(f.get_column(c), kind)
            is_cat.append(False)
    return out, is_cat


def _detection_auc(real: pl.DataFrame, synth: pl.DataFrame, kinds: Mapping[str, Kind], seed: int) -> float:
    """3-fold ROC AUC of a gradient-boosted classifier telling held-out real rows from synthetic ones."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    (xr, xs), is_cat = _features([real, synth], kinds)
    X = np.vstack([xr, xs])
    y = np.r_[np.zeros(len(xr)), np.ones(len(xs))]
    from threadpoolctl import threadpool_limits

    clf = HistGradientBoostingClassifier(categorical_features=is_cat, max_iter=50, random_state=seed % (2**31))
    cv = StratifiedKFold(3, shuffle=True, random_state=seed % (2**31))
    with threadpool_limits(limits=1, user_api="openmp"):  # small samples: no spinning thread pools in fit
        return float(cross_val_score(clf, X, y, cv=cv, scoring="roc_auc").mean())


def _dcr_share(train: pl.DataFrame, held: pl.DataFrame, synth: pl.DataFrame, kinds: Mapping[str, Kind]) -> float:
    """Share of synthetic rows closer to a training row than to a held-out one (ties count half): numbers
    scaled to [0, 1] by the training range (null one step below it), categories one-hot."""
    from sklearn.neighbors import NearestNeighbors

    frames = [train, held, synth]
    blocks: list[list[NDArray[np.float32]]] = [[], [], []]
    for c in train.columns:
        kind = kinds[c]
        if kind in ("categorical", "boolean"):
            cats = train.get_column(c).cast(pl.String).fill_null("\0null").unique().sort()
            for i, f in enumerate(frames):
                v = f.get_column(c).cast(pl.String).fill_null("\0null")
                idx = v.replace_strict(cats, pl.Series(range(len(cats))), default=-1, return_dtype=pl.Int64)
                onehot = np.zeros((f.height, len(cats)), np.float32)
                hit = idx.to_numpy() >= 0
                onehot[np.flatnonzero(hit), idx.to_numpy()[hit]] = 1.0
                blocks[i].append(onehot)
        else:
            x0 = to_float(train.get_column(c), kind)
            ok = ~np.isnan(x0)
            lo, hi = (float(x0[ok].min()), float(x0[ok].max())) if ok.any() else (0.0, 1.0)
            span = hi - lo if hi > lo else 1.0
            for i, f in enumerate(frames):
                x = to_float(f.get_column(c), kind)
                x = np.where(np.isnan(x), lo - span, x)
                blocks[i].append(((x - lo) / span).astype(np.float32)[:, None])
    e_tr, e_ho, e_sy = (np.hstack(b) for b in blocks)
    d_tr = NearestNeighbors(n_neighbors=1).fit(e_tr).kneighbors(e_sy)[0][:, 0]
    d_ho = NearestNeighbors(n_neighbors=1).fit(e_ho).kneighbors(e_sy)[0][:, 0]
    return float(((d_tr < d_ho) + 0.5 * (d_tr == d_ho)).mean())
