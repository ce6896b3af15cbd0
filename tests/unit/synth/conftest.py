"""Small frames with known structure for the synthesizer tests (made here, deterministic)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest


@pytest.fixture(scope="session")
def people() -> pl.DataFrame:
    """2,000 rows: a zero-inflated amount, an exact dependency (level -> level_num), a label tied to age."""
    rng = np.random.default_rng(7)
    n = 2000
    level = rng.choice(["low", "mid", "high", "top"], size=n, p=[0.4, 0.3, 0.2, 0.1])
    level_num = pl.Series(level).replace_strict({"low": 1, "mid": 2, "high": 3, "top": 4}, return_dtype=pl.Int64)
    age = np.clip(rng.normal(40, 12, n).round(), 18, 90).astype(np.int64)
    gain = np.where(rng.random(n) < 0.9, 0, rng.lognormal(8, 1, n).round()).astype(np.int64)
    label = np.where(age + rng.normal(0, 5, n) > 50, "yes", "no")
    city = rng.choice(["Berlin", "Paris", "Rome", "Lyon", "Tiny"], size=n, p=[0.4, 0.3, 0.2, 0.0992, 0.0008])
    joined = np.datetime64("2020-01-01") + rng.integers(0, 1000, n).astype("timedelta64[D]")
    score = np.where(rng.random(n) < 0.05, np.nan, rng.normal(0, 1, n))
    return pl.DataFrame(
        {
            "age": age,
            "level": level,
            "level_num": level_num,
            "gain": gain,
            "label": label,
            "city": city,
            "joined": joined,
            "score": pl.Series(score).fill_nan(None),
            "member": rng.random(n) < 0.3,
        }
    )
