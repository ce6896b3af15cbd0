"""Recursive generation: does quality collapse when each generation is made from the last?

Every generation is measured against the same fixed real reference (never
against the generation before it), so compounding losses show: rare categories
and tails vanish first, variance shrinks, detection gets easier, TSTR falls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

from simulacra.evaluation._frames import ColumnInfo, align, continuous
from simulacra.evaluation.fidelity import detection_run, quality
from simulacra.evaluation.utility import boosting_auc

__all__ = ["collapse_view"]


def _rare_coverage(
    real: pl.DataFrame, gen: pl.DataFrame, infos: Sequence[ColumnInfo], rare_share: float
) -> float | None:
    covered, total = 0, 0
    for info in infos:
        if not info.discrete:
            continue
        vc = real[info.name].drop_nulls().cast(pl.String).value_counts()
        n = vc["count"].sum()
        rare = vc.filter(pl.col("count") / n < rare_share)[vc.columns[0]].to_list()
        if not rare:
            continue
        seen = set(gen[info.name].drop_nulls().cast(pl.String).unique().to_list())
        covered += sum(v in seen for v in rare)
        total += len(rare)
    return covered / total if total else None


def _tails(real: pl.DataFrame, gen: pl.DataFrame, infos: Sequence[ColumnInfo]) -> tuple[float | None, float | None]:
    tails, ratios = [], []
    for info in infos:
        if not info.continuous:
            continue
        xr, xg = continuous(real[info.name]), continuous(gen[info.name])
        xr, xg = xr[~np.isnan(xr)], xg[~np.isnan(xg)]
        if xr.size < 2 or xg.size < 2 or np.var(xr) == 0:
            continue
        lo, hi = np.quantile(xr, [0.05, 0.95])
        expected = np.mean((xr < lo) | (xr > hi))
        if expected > 0:
            tails.append(min(np.mean((xg < lo) | (xg > hi)) / expected, 1.0))
        ratios.append(float(np.var(xg) / np.var(xr)))
    return (float(np.mean(tails)) if tails else None), (float(np.mean(ratios)) if ratios else None)


def collapse_view(
    real: pl.DataFrame,
    generations: Sequence[pl.DataFrame],
    infos: Sequence[ColumnInfo],
    *,
    holdout: pl.DataFrame | None = None,
    target: str | None = None,
    seed: int = 0,
    rare_share: float = 0.01,
    detection: bool = True,
) -> list[dict[str, Any]]:
    """One row per generation: rare-category and tail coverage, variance ratio, quality, detection AUC (None
    with ``detection=False``: it trains a classifier per generation), TSTR."""
    rows = []
    for g, gen in enumerate(generations, start=1):
        gen = align(real, gen, infos)
        names = [i.name for i in infos if i.kind != "skip"]
        distinct = gen.select(names).n_unique() / max(len(gen), 1) if names and len(gen) else None
        tail, var = _tails(real, gen, infos)
        row: dict[str, Any] = {
            "generation": g,
            "rows": len(gen),
            "rare_category_coverage": _rare_coverage(real, gen, infos, rare_share),
            "tail_coverage": tail,
            "variance_ratio": var,
            "distinct_row_share": distinct,
            "quality": quality(real, gen, infos).score,
        }
        row["detection_auc"] = None
        try:
            if detection:
                row["detection_auc"] = detection_run(real, gen, infos, seed=seed, folds=3, max_rows=10_000).auc
        except Exception:  # noqa: BLE001 - an unscorable generation shows as a gap, not a crash
            row["detection_auc"] = None
        row["tstr_auc"] = None
        if target and holdout is not None:
            try:
                row["tstr_auc"] = boosting_auc(gen, align(real, holdout, infos), target, infos, side="tstr", seed=seed)
            except Exception:  # noqa: BLE001
                row["tstr_auc"] = None
        rows.append(row)
    return rows
