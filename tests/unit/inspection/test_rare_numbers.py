"""A numeric column whose every value is too rare to write (a few rooms' seats, a handful of machines'
capacities) is drafted as numbers across its range, never as text placeholders in a numeric column."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.inspection import inspect
from simulacra.pipeline import generate
from simulacra.sources import Source


@pytest.mark.parametrize(("seed", "rows", "floats"), [(1, 6, False), (2, 9, True), (3, 12, False)])
def test_rare_numbers_in_a_small_table_stay_numbers_in_their_range(seed: int, rows: int, floats: bool) -> None:
    rng = np.random.default_rng(seed)
    values = rng.choice(np.arange(50, 900), rows, replace=False)
    col = np.round(values + rng.random(rows), 1) if floats else values
    frames = {"rooms": pl.DataFrame({"room_id": np.arange(1, rows + 1), "capacity": col})}
    found = inspect(Source(location="x", kind="folder", frames=frames, fingerprint="x"))
    spec = found.spec.tables["rooms"].columns["capacity"]
    assert spec.generator in ("integer", "uniform", "normal", "lognormal")  # numbers, not "capacity {seq}"
    made = generate(found.spec, seed=seed).frames["rooms"]["capacity"]
    assert made.dtype.is_numeric() and made.dtype.is_float() == floats
    assert float(col.min()) <= float(made.min()) and float(made.max()) <= float(col.max())  # type: ignore[arg-type]
