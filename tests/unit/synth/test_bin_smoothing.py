"""Numbers' leaves smoothed over adjacent quantile bins (``bin_smoothing``, opt-in, issue 13): a share of each
leaf's bin mass moves to the neighbouring bins, so a leaf does not replay exactly the bins of the few training
rows that reached it. Planted: a number whose range is split cleanly by a category (``a`` in [0, 1], ``b`` in [2, 3])."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.synth import TabularSynthesizer

N = 6000


@pytest.fixture(scope="module")
def split() -> pl.DataFrame:
    rng = np.random.default_rng(5)
    group = rng.permutation(np.array(["a", "b"]).repeat(N // 2))  # halves exactly: a bin edge in the gap
    value = np.where(group == "a", rng.uniform(0, 1, N), rng.uniform(2, 3, N))
    return pl.DataFrame({"group": group, "value": value})


def _spill(frame: pl.DataFrame) -> float:
    """Share of ``a`` rows drawn in ``b``'s bins."""
    a = frame.filter(pl.col("group") == "a")
    return float((a["value"] > 1.5).mean())


def test_smoothing_moves_a_share_of_a_leafs_mass_to_the_next_bin(split: pl.DataFrame) -> None:
    plain = TabularSynthesizer(seed=0, first=["group"]).fit(split).sample(N, seed=1)
    smooth = TabularSynthesizer(seed=0, first=["group"], bin_smoothing=0.5).fit(split).sample(N, seed=1)
    assert _spill(plain) == 0.0
    # a's last bin holds ~1/20 of its rows; half of the moved half goes up a bin: ~1.25% of a's rows
    assert 0.003 < _spill(smooth) < 0.03
    # the marginal keeps its shape (reflected at the ends)
    hist_real = np.histogram(split["value"], bins=12, range=(0, 3))[0] / N
    hist_smooth = np.histogram(smooth["value"], bins=12, range=(0, 3))[0] / N
    assert np.abs(hist_real - hist_smooth).max() < 0.02


def test_smoothing_survives_save_and_load(split: pl.DataFrame, tmp_path: Path) -> None:
    model = TabularSynthesizer(seed=0, first=["group"], bin_smoothing=0.3).fit(split)
    loaded = TabularSynthesizer.load(model.save(tmp_path / "m"))
    assert loaded.get_params()["bin_smoothing"] == 0.3
    assert loaded.sample(500, seed=2).equals(model.sample(500, seed=2))


@pytest.mark.parametrize("bad", [-0.1, 1.0, 2])
def test_a_smoothing_outside_0_1_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match=r"bin_smoothing must be in \[0, 1\)"):
        TabularSynthesizer(bin_smoothing=bad)
