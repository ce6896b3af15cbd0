"""A date that follows another date of its row keeps the gap's shape in samples of a table without events.

Found as a new user (2026-12-04, dev): orders shipped 0-7 days after they were placed came out shipped 0-41
days after (mean 7.8 against 3.5): both dates were learned as dates, and a tree sees a date's bin, not its
day, so the only thing kept was the order the check asks for. Such a date is now learned as its distance
from the earlier one (as an event table's dates already were from its sequence date). Planted here with
gaps of several shapes (uniform days, lognormal days, hours between date-times, a chain of three), column
names with blanks and without, on several seeds; and a later date present where the earlier is missing,
which must not be emptied.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra

N = 600


def _dates(seed: int, shape: str) -> tuple[pl.DataFrame, list[str]]:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2021-01-01") + rng.integers(0, 900, N).astype("timedelta64[D]")
    if shape == "uniform":
        gaps = [rng.integers(0, 8, N)]
    elif shape == "lognormal":
        gaps = [np.minimum(np.round(rng.lognormal(1.5, 0.6, N)), 40).astype(int)]
    else:  # a chain of three: ordered, shipped, delivered
        gaps = [rng.integers(0, 3, N), rng.integers(1, 6, N)]
    names = ["Order Date", "Ship Date", "Delivery Date"] if seed % 2 else ["ordered_on", "shipped_on", "delivered_on"]
    cols: dict[str, object] = {"id": np.arange(1, N + 1), names[0]: start}
    at = start
    for name, g in zip(names[1:], gaps, strict=False):
        at = at + g.astype("timedelta64[D]")
        cols[name] = at
    cols["segment"] = rng.choice(["consumer", "corporate", "home office"], N)
    cols["amount"] = rng.lognormal(4, 1, N).round(2)
    return pl.DataFrame(cols), names[: 1 + len(gaps)]


def _gaps(frame: pl.DataFrame, a: str, b: str) -> np.ndarray:
    return frame.select((pl.col(b).cast(pl.Date) - pl.col(a).cast(pl.Date)).dt.total_days()).to_series().to_numpy()


@pytest.mark.parametrize(
    ("shape", "seed"), [("uniform", 1), ("uniform", 2), ("lognormal", 3), ("chain", 4), ("chain", 5)]
)
def test_the_gap_after_an_earlier_date_of_the_row_is_kept(tmp_path: Path, shape: str, seed: int) -> None:
    frame, names = _dates(seed, shape)
    src = tmp_path / "orders.csv"
    frame.write_csv(src)
    simulacra.fit(src, output=tmp_path / "model", seed=seed)
    simulacra.sample(tmp_path / "model", output=tmp_path / "s.csv", seed=seed + 1)
    sample = pl.read_csv(tmp_path / "s.csv", try_parse_dates=True)
    for a, b in zip(names, names[1:], strict=False):
        real, got = _gaps(frame, a, b), _gaps(sample, a, b)
        assert got.min() >= real.min() and got.max() <= real.max(), (a, b, got.min(), got.max())
        assert abs(got.mean() - real.mean()) <= 0.25 * real.std() + 0.2, (got.mean(), real.mean())


def test_a_later_date_present_where_the_earlier_is_missing_is_not_emptied(tmp_path: Path) -> None:
    frame, names = _dates(6, "uniform")
    rng = np.random.default_rng(6)
    gone = rng.random(N) < 0.1
    frame = frame.with_columns(pl.when(pl.Series(gone)).then(None).otherwise(pl.col(names[0])).alias(names[0]))
    src = tmp_path / "orders.csv"
    frame.write_csv(src)
    simulacra.fit(src, output=tmp_path / "model", seed=6)
    simulacra.sample(tmp_path / "model", output=tmp_path / "s.csv", seed=7)
    sample = pl.read_csv(tmp_path / "s.csv", try_parse_dates=True)
    assert sample[names[1]].null_count() == 0
    assert sample[names[0]].null_count() > 0
