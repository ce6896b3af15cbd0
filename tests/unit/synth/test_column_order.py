"""Columns modelled in order of dependence (issue 13, opt-in ``order="dependence"``): after the given ``first`` columns, each next
column is the one most dependent on a column already placed, so each tree conditions on its strongest
predictor. Planted: a chain hidden by the data order (``z`` depends on ``y``, ``y`` on ``x``;
independent noise listed between them)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.synth import TabularSynthesizer

N = 4000


@pytest.fixture(scope="module")
def chain() -> pl.DataFrame:
    rng = np.random.default_rng(3)
    x = rng.normal(0, 1, N)
    y = x + rng.normal(0, 0.2, N)
    z = y + rng.normal(0, 0.2, N)
    kind = np.where(z > 0.5, "high", "low")
    return pl.DataFrame(
        {"x": x, "noise1": rng.normal(0, 1, N), "kind": kind, "noise2": rng.uniform(0, 1, N), "z": z, "y": y}
    )


def test_columns_follow_their_dependence(chain: pl.DataFrame) -> None:
    cols = TabularSynthesizer(seed=0, order="dependence").fit(chain).table_.columns
    assert cols[:3] == ["x", "y", "z"]  # the chain, whatever the frame's order
    assert cols.index("kind") < cols.index("noise1") and cols.index("kind") < cols.index("noise2")
    assert TabularSynthesizer(seed=0, order="dependence", first=["kind"]).fit(chain).table_.columns[0] == "kind"


def test_numbers_order_moves_only_the_numeric_columns(chain: pl.DataFrame, tmp_path: Path) -> None:
    # data order: x, noise1, kind, noise2, z, y; 'numbers' reorders x, noise1, noise2, z, y among their own
    # places by dependence (x, y, z lead) and leaves the category where the frame has it
    model = TabularSynthesizer(seed=0, order="numbers").fit(chain)
    cols = model.table_.columns
    assert cols.index("kind") == chain.columns.index("kind") == 2
    assert [c for c in cols if c != "kind"][:3] == ["x", "y", "z"]
    assert TabularSynthesizer(seed=0, order="dependence").fit(chain).table_.columns.index("kind") < 4
    loaded = TabularSynthesizer.load(model.save(tmp_path / "m"))
    assert loaded.table_.columns == cols and loaded.sample(300, seed=2).equals(model.sample(300, seed=2))


def test_data_order_is_the_default(chain: pl.DataFrame) -> None:
    assert TabularSynthesizer(seed=0).fit(chain).table_.columns == chain.columns


def test_the_chain_is_kept_in_samples(chain: pl.DataFrame) -> None:
    s = TabularSynthesizer(seed=0, order="dependence").fit(chain).sample(N, seed=1)
    real = np.corrcoef(chain["x"], chain["z"])[0, 1]
    assert abs(np.corrcoef(s["x"], s["z"])[0, 1] - real) < 0.03
    assert float(((s["z"] > 0.5) == (s["kind"] == "high")).mean()) >= 0.97


def test_order_survives_save_and_load(chain: pl.DataFrame, tmp_path: Path) -> None:
    model = TabularSynthesizer(seed=0, order="dependence").fit(chain)
    loaded = TabularSynthesizer.load(model.save(tmp_path / "m"))
    assert loaded.table_.columns == model.table_.columns
    assert loaded.sample(300, seed=2).equals(model.sample(300, seed=2))


def test_an_unknown_order_is_refused() -> None:
    with pytest.raises(ValueError, match="order"):
        TabularSynthesizer(order="random")


def _one_table(chain: pl.DataFrame) -> tuple[dict[str, pl.DataFrame], object]:
    from simulacra.inspection import inspect
    from simulacra.sources import Source

    frames = {"chain": chain.with_row_index("chain_id")}
    return frames, inspect(Source(location="chain", kind="folder", frames=frames, fingerprint="c")).spec


def test_the_dataset_synthesizer_orders_by_dependence_too(chain: pl.DataFrame, tmp_path: Path) -> None:
    from simulacra.synth import DatasetSynthesizer

    frames, spec = _one_table(chain)
    data_order = DatasetSynthesizer(seed=0).fit(frames, spec).tables_["chain"].learned.columns
    model = DatasetSynthesizer(seed=0, order="dependence").fit(frames, spec)
    cols = model.tables_["chain"].learned.columns
    assert data_order[:3] != ["x", "y", "z"] and cols[:3] == ["x", "y", "z"]
    loaded = DatasetSynthesizer.load(model.save(tmp_path / "d"))
    assert loaded.order == "dependence" and loaded.tables_["chain"].learned.columns == cols
    assert loaded.sample(seed=2)["chain"].equals(model.sample(seed=2)["chain"])
    with pytest.raises(ValueError, match="order must be one of"):
        DatasetSynthesizer(order="random")
