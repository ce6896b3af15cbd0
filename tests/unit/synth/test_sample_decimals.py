"""Learned numbers are written with the decimals of the source (money to the cent, a grade to one
decimal), not as the bin interpolation's 2673.94096399842; integer-valued floats stay whole. Planted
with several columns of different decimals and scales, from seeds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.older_models import drop_fields

from simulacra.synth import TabularSynthesizer


def decimals_of(values: list[float]) -> int:
    return max(len(f"{v:.10f}".rstrip("0").split(".")[1]) for v in values)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sampled_numbers_keep_the_sources_decimals(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 2000
    frame = pl.DataFrame(
        {
            "price": np.round(rng.lognormal(4, 1, n), 2),
            "grade": np.round(rng.normal(70, 12, n), 1),
            "weight_kg": np.round(rng.gamma(2, 3, n), 3),
            "whole": np.round(rng.uniform(0, 500, n), 0),
            "kind": rng.choice(["a", "b", "c"], n),
        }
    )
    out = TabularSynthesizer(seed=seed).fit(frame).sample(3000, seed=seed)
    for col, d in (("price", 2), ("grade", 1), ("weight_kg", 3), ("whole", 0)):
        vals = out[col].drop_nulls().to_list()
        assert decimals_of(vals) <= d, (col, [v for v in vals if decimals_of([v]) > d][:3])
        assert out[col].n_unique() > 50  # still drawn from the learned shape, not collapsed onto a few values


def test_a_model_saved_before_decimals_loads_and_samples_unrounded(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    frame = pl.DataFrame({"price": np.round(rng.lognormal(4, 1, 800), 2), "k": rng.choice(["x", "y"], 800)})
    model = TabularSynthesizer(seed=0).fit(frame)
    model.save(tmp_path / "m")
    edited = drop_fields(tmp_path / "m", ("decimals",), lambda n: "spikes" in n)  # as models before decimals
    assert edited == 1
    old = TabularSynthesizer.load(tmp_path / "m").sample(500, seed=1)
    assert decimals_of(old["price"].to_list()) > 2  # as such a model sampled before
