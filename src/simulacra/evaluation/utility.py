"""Utility: does a model trained on synthetic data work on real data (TSTR vs TRTR)?

Both models are tested on the same real rows the synthesizer never saw (the
holdout), with a gradient-boosted and a linear model. Classification reports ROC
AUC (macro one-vs-rest for several classes), regression R². Formulas:
docs/metrics.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.evaluation._frames import (
    ColumnInfo,
    continuous,
    infer_columns,
    linear_matrix,
    model_matrix,
)
from simulacra.evaluation._types import MetricResult, derive_seed, failed, result, rng_for

__all__ = [
    "UtilityRun",
    "auc_score",
    "boosting_auc",
    "is_classification",
    "ratio_score",
    "trtr_auc",
    "tstr_auc",
    "utility",
    "utility_run",
]


def is_classification(info: ColumnInfo, real: pl.DataFrame) -> bool:
    """Discrete targets, and integer targets with few distinct values, are classification."""
    if info.discrete:
        return True
    s = real[info.name]
    return bool(s.dtype.is_integer() and s.n_unique() <= 10)


def _labels(frames: Sequence[pl.DataFrame], target: str) -> tuple[list[NDArray[np.int64]], list[Any]]:
    keys = [f[target].cast(pl.String) for f in frames]
    classes = sorted({v for k in keys for v in k.drop_nulls().unique().to_list()})
    lookup = {c: i for i, c in enumerate(classes)}
    return [
        np.array([lookup.get(v, -1) if v is not None else -1 for v in k.to_list()], dtype=np.int64) for k in keys
    ], classes


def auc_score(
    y: NDArray[np.int64], proba: NDArray[np.float64], model_classes: NDArray[np.int64], n_classes: int
) -> float:
    """ROC AUC of the model's class probabilities ``proba`` (over ``model_classes``) on the labels ``y``: binary, or
    one-vs-rest over the classes present; NaN with fewer than two classes present."""
    from sklearn.metrics import roc_auc_score

    present = np.unique(y)
    if present.size < 2:
        return float("nan")
    full = np.zeros((y.size, n_classes))
    full[:, model_classes] = proba
    if n_classes == 2:
        return float(roc_auc_score(y, full[:, 1]))
    full = full[:, present]
    full = full / np.clip(full.sum(axis=1, keepdims=True), 1e-12, None)
    yy = np.searchsorted(present, y)
    if present.size == 2:
        return float(roc_auc_score(yy, full[:, 1]))
    return float(roc_auc_score(yy, full, multi_class="ovr", average="macro"))


@dataclass(frozen=True)
class UtilityRun:
    """Per-row predictions of the real-trained and synthetic-trained models on the real test rows."""

    task: str  # classification | regression
    target: str
    test_rows: int
    scores: dict[str, dict[str, float]]  # model -> {"trtr": x, "tstr": y}
    predictions: dict[str, dict[str, NDArray[np.float64]]]  # model -> side -> proba/pred on test
    y_test: NDArray[Any]
    n_classes: int
    importance: dict[str, list[float]] | None
    features: list[str]
    test_mask: NDArray[np.bool_]  # which rows of the test frame were used (non-null target)


def _fit_predict(
    kind: str,
    task: str,
    x_train: NDArray[np.float64],
    y_train: NDArray[Any],
    x_test: NDArray[np.float64],
    is_cat: NDArray[np.bool_],
    seed: int,
) -> tuple[Any, NDArray[np.float64], NDArray[np.int64]]:
    import warnings

    from sklearn.ensemble import (
        HistGradientBoostingClassifier,
        HistGradientBoostingRegressor,
    )
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression, Ridge

    classify = task == "classification"
    if kind == "boosting":
        boosting = HistGradientBoostingClassifier if classify else HistGradientBoostingRegressor
        m = boosting(
            max_iter=100, categorical_features=is_cat if is_cat.any() else None, early_stopping=False, random_state=seed
        )
    else:
        m = LogisticRegression(max_iter=300) if classify else Ridge(alpha=1.0)
    with warnings.catch_warnings():
        # a linear model that stops at max_iter still gives a usable (if slightly weaker) baseline
        warnings.simplefilter("ignore", ConvergenceWarning)
        m.fit(x_train, y_train)
        if classify:
            return m, m.predict_proba(x_test), m.classes_
        return m, m.predict(x_test), np.zeros(0, dtype=np.int64)


def utility_run(
    train_real: pl.DataFrame,
    synthetic: pl.DataFrame,
    test_real: pl.DataFrame,
    target: str,
    infos: Sequence[ColumnInfo],
    *,
    seed: int = 0,
    importance: bool = True,
    max_train_rows: int = 50_000,
    models: Sequence[str] = ("boosting", "linear"),
    sides: Sequence[str] = ("trtr", "tstr"),
) -> UtilityRun:
    """Train on real and on synthetic data, test both on the real test rows."""
    from sklearn.metrics import r2_score

    tinfo = next((i for i in infos if i.name == target), None)
    if tinfo is None:
        raise ValueError(f"target column '{target}' is not in the data")
    if tinfo.kind not in ("numeric", "categorical", "boolean", "datetime"):
        raise ValueError(f"target column '{target}' is {tinfo.kind} ({tinfo.reason}); it cannot be predicted")
    features = [i for i in infos if i.name != target and (i.continuous or i.discrete)]
    if not features:
        raise ValueError("no feature columns besides the target")
    task = "classification" if is_classification(tinfo, train_real) else "regression"
    frames = [train_real, synthetic, test_real]
    ys: list[NDArray[Any]]
    classes: list[Any]
    if task == "classification":
        ys, classes = _labels(frames, target)
        train_classes = set(np.unique(ys[0][ys[0] >= 0]).tolist())
        unseen = set(np.unique(ys[2][ys[2] >= 0]).tolist()) - train_classes
        if unseen:  # labels the models never saw: any AUC would be a number about nothing
            raise ValueError(
                f"not computed: the test rows hold classes of '{target}' the training rows never have "
                f"({', '.join(repr(classes[c]) for c in sorted(unseen))}; training classes: "
                f"{', '.join(repr(classes[c]) for c in sorted(train_classes))})"
            )
    else:
        ys, classes = [continuous(f[target]) for f in frames], []
    keep = [(y >= 0) if task == "classification" else ~np.isnan(y) for y in ys]
    frames = [f.filter(pl.Series(k)) for f, k in zip(frames, keep, strict=True)]
    ys = [y[k] for y, k in zip(ys, keep, strict=True)]
    for j in (0, 1):
        if len(frames[j]) > max_train_rows:
            idx = np.sort(rng_for(seed, "utility", str(j)).choice(len(frames[j]), max_train_rows, replace=False))
            frames[j], ys[j] = frames[j][idx], ys[j][idx]
    if task == "classification" and np.unique(ys[1]).size < 2:
        raise ValueError(f"the synthetic data has a single class in '{target}'; nothing to learn")
    tree, is_cat = model_matrix(frames, features)
    lin = linear_matrix(frames, features) if "linear" in models else []
    scores: dict[str, dict[str, float]] = {}
    preds: dict[str, dict[str, NDArray[np.float64]]] = {}
    fitted: dict[tuple[str, str], Any] = {}
    rs = derive_seed(seed, "utility", "model")
    for kind, mats in (("boosting", tree), ("linear", lin)):
        if kind not in models:
            continue
        scores[kind], preds[kind] = {}, {}
        for side, j in (("trtr", 0), ("tstr", 1)):
            if side not in sides:
                continue
            m, p, mc = _fit_predict(kind, task, mats[j], ys[j], mats[2], is_cat, rs)
            fitted[(kind, side)] = m
            if task == "classification":
                scores[kind][side] = auc_score(ys[2], p, mc, len(classes))
                full = np.zeros((len(ys[2]), len(classes)))
                full[:, mc] = p
                preds[kind][side] = full
            else:
                scores[kind][side] = float(r2_score(ys[2], p))
                preds[kind][side] = p
    imp = None
    if importance and len(sides) == 2 and "boosting" in models:
        imp = _importance(fitted, tree[2], ys[2], task, seed)
    return UtilityRun(
        task, target, len(ys[2]), scores, preds, ys[2], len(classes), imp, [f.name for f in features], keep[2]
    )


def _importance(
    fitted: dict[tuple[str, str], Any], x_test: NDArray[np.float64], y: NDArray[Any], task: str, seed: int
) -> dict[str, list[float]]:
    """Permutation importance of the boosted models on (up to 2,000) real test rows."""
    from sklearn.inspection import permutation_importance

    n = min(len(y), 2000)
    idx = np.sort(rng_for(seed, "importance").choice(len(y), n, replace=False))
    scoring = "r2" if task == "regression" else ("roc_auc_ovr" if np.unique(y).size > 2 else "roc_auc")
    if task == "classification" and np.unique(y[idx]).size < 2:
        return {}
    out = {}
    for side in ("trtr", "tstr"):
        r = permutation_importance(
            fitted[("boosting", side)],
            x_test[idx],
            y[idx],
            scoring=scoring,
            n_repeats=3,
            random_state=derive_seed(seed, "importance", side),
        )
        out[side] = [float(v) for v in r.importances_mean]
    return out


def ratio_score(tstr: float, trtr: float, task: str) -> float:
    """Share of the real model's skill above chance that the synthetic-trained model keeps."""
    base = 0.5 if task == "classification" else 0.0
    if not np.isfinite(tstr) or not np.isfinite(trtr):
        return float("nan")
    if trtr - base <= 1e-9:
        return 1.0 if tstr >= trtr else 0.0
    return (tstr - base) / (trtr - base)


def utility(
    train_real: pl.DataFrame,
    synthetic: pl.DataFrame,
    test_real: pl.DataFrame,
    target: str,
    infos: Sequence[ColumnInfo],
    *,
    seed: int = 0,
    table: str | None = None,
    test_note: str | None = None,
) -> tuple[list[MetricResult], UtilityRun | None]:
    """TSTR/TRTR results for both models, and feature-importance agreement."""
    try:
        run = utility_run(train_real, synthetic, test_real, target, infos, seed=seed)
    except Exception as e:  # noqa: BLE001 - metric protocol
        return [failed("tstr_auc", f"{type(e).__name__}: {e}", columns=(target,), table=table)], None
    out = []
    unit = "auc" if run.task == "classification" else "r2"
    for kind in ("boosting", "linear"):
        tstr, trtr = run.scores[kind]["tstr"], run.scores[kind]["trtr"]
        d = {
            "model": kind,
            "task": run.task,
            "test_rows": run.test_rows,
            "trtr": trtr,
            "tstr": tstr,
            "measure": unit,
            **({"note": test_note} if test_note else {}),
        }
        out.append(
            result(
                f"tstr_{unit}" + ("" if kind == "boosting" else "_linear"),
                tstr,
                ratio_score(tstr, trtr, run.task),
                columns=(target,),
                table=table,
                details=d,
            )
        )
        out.append(
            result(
                f"trtr_{unit}" + ("" if kind == "boosting" else "_linear"),
                trtr,
                trtr if run.task == "classification" else max(trtr, 0.0),
                columns=(target,),
                table=table,
                details=d,
            )
        )
    if run.importance and len(run.importance) == 2 and len(run.features) > 1:
        from scipy.stats import spearmanr

        a, b = np.array(run.importance["trtr"]), np.array(run.importance["tstr"])
        rho = float(spearmanr(a, b).statistic) if np.ptp(a) > 0 and np.ptp(b) > 0 else float("nan")
        out.append(
            result(
                "feature_importance_agreement",
                rho,
                (rho + 1) / 2 if np.isfinite(rho) else None,
                columns=(target,),
                table=table,
                details={
                    "features": run.features,
                    "importance_real": run.importance["trtr"],
                    "importance_synthetic": run.importance["tstr"],
                    "measure": "spearman",
                },
            )
        )
    return out, run


def boosting_auc(
    train: pl.DataFrame,
    test_real: pl.DataFrame,
    target: str,
    infos: Sequence[ColumnInfo],
    *,
    side: str,
    seed: int = 0,
) -> float:
    """ROC AUC on real test rows of the gradient-boosted classifier alone trained on ``train``: the synthetic rows
    (``side="tstr"``) or the real ones (``side="trtr"``); no importances."""
    run = utility_run(
        train, train, test_real, target, infos, seed=seed, importance=False, models=("boosting",), sides=(side,)
    )
    return run.scores["boosting"][side]


def tstr_auc(synthetic: pl.DataFrame, test_real: pl.DataFrame, target: str, *, seed: int = 0) -> float:
    """ROC AUC on real test rows of a gradient-boosted classifier trained on the synthetic data."""
    return boosting_auc(synthetic, test_real, target, infer_columns(test_real), side="tstr", seed=seed)


def trtr_auc(train_real: pl.DataFrame, test_real: pl.DataFrame, target: str, *, seed: int = 0) -> float:
    """ROC AUC on real test rows of a gradient-boosted classifier trained on real data."""
    return boosting_auc(train_real, test_real, target, infer_columns(test_real), side="trtr", seed=seed)
