"""No sampled date outside the observed range (issue 13), also for a date learned as a distance from another.

A discharge learned as its distance after the admission (the admission a sequence date of its ward) was
placed after the windows, never clamped: 2% of a held-out hospital's sampled discharges fell after the last
one seen. Planted in generated data (names from a seed): admissions per ward in date order, each discharged
0..60 days later (long-tailed), the last admissions close to the end of the range.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import Source

NAMES = [("wards", "ward_id", "admissions", "admitted", "discharged"), ("depots", "depot_id", "rentals", "out", "back")]


def stays(seed: int) -> tuple[dict[str, pl.DataFrame], tuple[str, ...]]:
    rng = np.random.default_rng(seed)
    top, key, child, start, end = NAMES[seed % len(NAMES)]
    n_top = 12
    counts = rng.integers(30, 60, n_top)
    owner = np.repeat(np.arange(1, n_top + 1), counts)
    begin = np.datetime64("2021-01-01") + rng.integers(0, 700, len(owner)).astype("timedelta64[D]")
    length = np.minimum(rng.geometric(0.08, len(owner)) - 1, 60).astype("timedelta64[D]")
    kids = (
        pl.DataFrame({key: owner, "kind": rng.choice(["a", "b"], len(owner)), start: begin, end: begin + length})
        .sort(key, start)
        .with_row_index("id", offset=1)
    )
    parent = pl.DataFrame({key: np.arange(1, n_top + 1), "floor": rng.integers(1, 5, n_top)})
    return {top: parent, child: kids.with_columns(pl.col("id").cast(pl.Int64))}, (top, key, child, start, end)


@pytest.mark.parametrize("seed", [0, 1])
def test_a_date_placed_after_another_stays_inside_the_observed_range(seed: int) -> None:
    frames, (_top, _key, child, start, end) = stays(seed)
    ins = inspect(Source(location="s", kind="folder", frames=frames, fingerprint=f"s{seed}"))
    model = DatasetSynthesizer(seed=0).fit(frames, ins.spec)
    assert end in model.tables_[child].offsets  # learned as a distance from the sequence date
    lo, hi = frames[child][end].min(), frames[child][end].max()
    for s in (1, 2, 3):
        got = model.sample(seed=s, scale=2.0)[child]
        assert got.height > 500
        assert bool(((got[end] >= lo) & (got[end] <= hi)).all())
        assert bool((got[end] >= got[start]).all())  # still after the date it is measured from
