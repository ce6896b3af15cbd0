"""The Python equivalent of `fit --dp-epsilon`: simulacra.fit / simulacra.sample on the DP path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.dp import DPSynthesizer
from simulacra.errors import SpecError


def _frame(n: int = 600) -> pl.DataFrame:
    rng = np.random.default_rng(5)
    return pl.DataFrame({"x": rng.integers(0, 50, n), "g": rng.choice(["a", "b"], n)})


def test_fit_and_sample_with_dp_epsilon(tmp_path: Path) -> None:
    result = simulacra.fit(
        {"t": _frame()}, output=tmp_path / "m", dp_epsilon=1.0, dp_domain={"x": {"bounds": [0, 50], "bins": 5}}
    )
    assert isinstance(result.model, DPSynthesizer)
    assert result.model.delta == pytest.approx(1e-6)  # the default: min(1e-6, 0.1/n)
    sampled = simulacra.sample(str(tmp_path / "m"), n_rows=300, seed=2)
    assert sampled.frames is not None and sampled.frames["t"].height == 300
    assert sampled.manifest["privacy"]["differential_privacy"]["epsilon_spent"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="not supported"):
        simulacra.sample(str(tmp_path / "m"), where="g = 'a'")


def test_unrelated_tables_under_dp_are_refused_not_leaked() -> None:
    with pytest.raises(SpecError, match="declaration per table"):  # a one-table declaration for two tables
        simulacra.fit({"a": _frame(), "b": _frame()}, dp_epsilon=1.0, dp_domain={"x": {"bounds": [0, 50]}})
    per_table = {"tables": {t: {"columns": {"x": {"bounds": [0, 50]}}} for t in ("a", "b")}}
    with pytest.raises(SpecError, match="single root"):  # no foreign key between them: two individuals' tables
        simulacra.fit({"a": _frame(), "b": _frame()}, dp_epsilon=1.0, dp_domain=per_table)
