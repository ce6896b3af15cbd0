"""Utility: TSTR against TRTR on unseen real rows, classification and regression."""

from __future__ import annotations

import numpy as np
import polars as pl

from simulacra.evaluation import utility
from simulacra.evaluation._frames import infer_columns


def test_real_as_synthetic_matches_trtr(train: pl.DataFrame, fresh: pl.DataFrame, adult_holdout: pl.DataFrame) -> None:
    infos = infer_columns(train)
    results, run = utility.utility(train, fresh, adult_holdout, "Y", infos)
    by = {r.metric: r for r in results}
    assert run is not None and run.task == "classification"
    assert by["trtr_auc"].raw is not None and by["trtr_auc"].raw > 0.8
    assert by["tstr_auc"].score is not None and by["tstr_auc"].score > 0.9
    assert by["tstr_auc_linear"].raw is not None
    assert by["feature_importance_agreement"].score is not None and by["feature_importance_agreement"].score > 0.6


def test_labels_unrelated_to_features_fail(train: pl.DataFrame, adult_holdout: pl.DataFrame) -> None:
    rng = np.random.default_rng(0)
    broken = train.with_columns(train["Y"].gather(rng.permutation(len(train))))
    results, _ = utility.utility(train, broken, adult_holdout, "Y", infer_columns(train))
    tstr = next(r for r in results if r.metric == "tstr_auc")
    assert tstr.raw is not None and tstr.raw < 0.65 and (tstr.score or 0) < 0.4


def test_regression_target(train: pl.DataFrame, fresh: pl.DataFrame, adult_holdout: pl.DataFrame) -> None:
    results, run = utility.utility(train, fresh, adult_holdout, "hours-per-week", infer_columns(train))
    assert run is not None and run.task == "regression"
    assert {"tstr_r2", "trtr_r2"} <= {r.metric for r in results}


def test_unusable_target_is_an_error_result(train: pl.DataFrame, adult_holdout: pl.DataFrame) -> None:
    single = train.with_columns(pl.lit("<=50K").alias("Y"))
    results, run = utility.utility(train, single, adult_holdout, "Y", infer_columns(train))
    assert run is None and results[0].error and "single class" in results[0].error


def test_shortcuts(train: pl.DataFrame, fresh: pl.DataFrame, adult_holdout: pl.DataFrame) -> None:
    assert 0.8 < utility.trtr_auc(train, adult_holdout, "Y") <= 1
    assert 0.8 < utility.tstr_auc(fresh, adult_holdout, "Y") <= 1
