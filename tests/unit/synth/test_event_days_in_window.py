"""Event days inside their parent's window stay one per day (issue 13, found on the school database of
``benchmarks/heldout_school.py``): an enrolment's attendance days drawn past the end of its window were spread
there as fractions of a day and rounded, so two landed on one day (2.4% of sampled (enrolment, day) pairs
repeated; none in the source). Planted: parents with a date, 3..8 (or 4..12) children on distinct days within
90 (or 25) days after it, two seeds; the sample's days stay inside the window, one row per parent and day. A
sibling gap drawn below the source's least (0 days, where the first row's gap from the parent, which can be 0,
shares the gap's bins) is raised to it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.synth._periods import _steps_in_order


def test_whole_days_tied_by_the_window_are_moved_apart_and_source_ties_kept() -> None:
    # three parents: days 88, 89, 89 (the last two spread past the end, tied by rounding) in a window ending at 89;
    # then a parent whose source shares a day between two rows (not spread): that tie stays
    x = np.array([80.0, 88.0, 89.0, 89.0, 10.0, 12.0, 12.0])
    group = np.array([0, 0, 0, 0, 1, 1, 1])
    apart = np.array([False, False, True, True, False, False, False])
    lo, hi = np.zeros_like(x), np.array([89.0] * 4 + [40.0] * 3)
    y = _steps_in_order(x, 1, lo, hi, group, apart, days=True)
    assert y[:4].tolist() == [80.0, 87.0, 88.0, 89.0]
    assert y[4:].tolist() == [10.0, 12.0, 12.0]


def _plant(folder: Path, seed: int, window: int, low: int, high: int) -> None:
    rng = np.random.default_rng(seed)
    parents, children = [], []
    for p in range(1, 301):
        start = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 200)))
        parents.append((p, start, str(rng.choice(["a", "b", "c"]))))
        k = int(rng.integers(low, high + 1))
        for d in np.sort(rng.choice(window, k, replace=False)):
            children.append((len(children) + 1, p, start + dt.timedelta(days=int(d)), str(rng.choice(["x", "y"]))))
    pl.DataFrame(parents, schema=["enrolment_id", "enrolled_on", "kind"], orient="row").write_csv(
        folder / "enrolments.csv"
    )
    pl.DataFrame(children, schema=["attendance_id", "enrolment_id", "day", "status"], orient="row").write_csv(
        folder / "attendance.csv"
    )


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("window", "low", "high"), [(90, 3, 8), (25, 4, 12)])
def test_event_days_stay_one_per_parent_and_day(tmp_path: Path, seed: int, window: int, low: int, high: int) -> None:
    src = tmp_path / "school"
    src.mkdir()
    _plant(src, seed, window, low, high)
    simulacra.fit(src, output=tmp_path / "model")
    out = tmp_path / "s"
    simulacra.sample(tmp_path / "model", output=out, format="parquet", seed=seed)
    parents = pl.read_parquet(out / "enrolments.parquet").with_columns(pl.col("enrolled_on").str.to_date())
    days = pl.read_parquet(out / "attendance.parquet").with_columns(pl.col("day").str.to_date())
    j = days.join(parents, on="enrolment_id")
    assert j.height > 500
    offset = (j["day"] - j["enrolled_on"]).dt.total_days()
    assert bool(((offset >= 0) & (offset <= window - 1)).all())
    assert not bool(j.select(pl.struct("enrolment_id", "day").is_duplicated()).to_series().any())
