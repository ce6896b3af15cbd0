"""Slices: data fine on average but wrong for one group shows that group first."""

from __future__ import annotations

import numpy as np
import polars as pl

from simulacra.evaluation import fidelity, slices
from simulacra.evaluation._frames import infer_columns


def test_a_broken_group_ranks_worst(train: pl.DataFrame, fresh: pl.DataFrame) -> None:
    # a good synthetic set, except that for women age and hours are scrambled
    rng = np.random.default_rng(0)
    women = (fresh["sex"] == "Female").to_numpy()
    broken = fresh.with_columns(
        pl.Series("age", np.where(women, rng.integers(17, 90, len(fresh)), fresh["age"].to_numpy())),
        pl.Series(
            "hours-per-week", np.where(women, rng.integers(1, 99, len(fresh)), fresh["hours-per-week"].to_numpy())
        ),
    )
    infos = infer_columns(train)
    _, run = fidelity.detection(train, broken, infos, folds=3)
    table = slices.slice_table(train, broken, infos, ["sex", "age"], detection_run=run, min_support=50)
    assert table[0].column == "sex" and table[0].value == "Female"
    female = table[0]
    male = next(s for s in table if s.column == "sex" and s.value == "Male")
    assert female.scores["column_shapes"] < male.scores["column_shapes"]
    assert female.scores["detection_auc"] > male.scores["detection_auc"] + 0.1
    assert {s.value for s in table if s.column == "age"} >= {"[-inf, 28)"}  # quartile bins of the real data
    assert all(not s.low_support for s in table if s.column == "sex")


def test_low_support_is_flagged(train: pl.DataFrame, fresh: pl.DataFrame) -> None:
    table = slices.slice_table(train, fresh, infer_columns(train), ["race"], min_support=50)
    rare = [s for s in table if s.real_rows < 50]
    assert rare and all(s.low_support for s in rare)


def test_many_values_fold_into_other() -> None:
    real = pl.DataFrame({"c": [f"v{i % 30}" for i in range(300)], "x": np.arange(300.0)})
    info = infer_columns(real)[0]
    (keys,) = slices.slice_keys(info, real, [real], max_values=5)
    assert keys is not None and len(set(keys.tolist())) == 6 and slices.OTHER in set(keys.tolist())
