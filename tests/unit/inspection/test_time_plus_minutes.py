"""A date-time reckoned from another date-time plus a number of minutes (hours...) and a fixed gap.

Found by the airline probe (``benchmarks/heldout_airline.py``, issue 13): a flight arrives its route's block
time after it departs, and a passenger boards ``board_min`` minutes into a boarding that opens 40 minutes
before the flight's departure. Drawn as an offset after the other date-time, 10% of sampled arrivals and no
boarding time kept the sum. Planted over the base and the number on the row or on a parent, three units,
gaps of 0 / -40 minutes / +2 hours, and seeds: drafted as the expression, the sample keeps it on every row;
a time that is only after another (a random gap) is not drafted as one.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

UNITS = {"minute": 60, "hour": 3600, "day": 86400}
CASES = [  # where the base is, where the number is, unit, fixed gap in seconds
    ("row", "parent", "minute", 0),  # an arrival: its departure + its route's block minutes
    ("parent", "row", "minute", -40 * 60),  # boarding: its flight's departure - 40 min + its minutes
    ("parent", "parent", "hour", 2 * 3600),
    ("row", "row", "day", 0),
]


def _frames(base_at: str, num_at: str, unit: str, gap: int, seed: int, noisy: bool = False) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n_parent, n_child = 60, 900
    t0 = dt.datetime(2025, 3, 1, 6)
    p_time = [t0 + dt.timedelta(hours=int(h)) for h in rng.integers(0, 24 * 60, n_parent)]
    p_num = rng.integers(20, 180, n_parent)
    parents = pl.DataFrame({"trip_id": np.arange(1, n_parent + 1), "starts": p_time, "length": p_num})
    pid = rng.integers(1, n_parent + 1, n_child)
    c_time = [t0 + dt.timedelta(minutes=int(m)) for m in rng.integers(0, 60 * 24 * 60, n_child)]
    c_num = np.round(rng.uniform(0, 30, n_child), 1) if unit == "minute" else rng.integers(1, 9, n_child)
    base = [p_time[i - 1] for i in pid] if base_at == "parent" else c_time
    num = np.array([p_num[i - 1] for i in pid]) if num_at == "parent" else c_num
    jitter = rng.integers(0, 3600, n_child) if noisy else np.zeros(n_child, dtype=int)
    ends = [
        b + dt.timedelta(seconds=float(x) * UNITS[unit] + gap + int(j))
        for b, x, j in zip(base, num, jitter, strict=True)
    ]
    kids = pl.DataFrame(
        {"leg_id": np.arange(1, n_child + 1), "trip_id": pid, "begins": c_time, "amount": c_num, "ends": ends}
    )
    return {"trips": parents, "legs": kids}


def _expected(legs: pl.DataFrame, trips: pl.DataFrame, base_at: str, num_at: str, unit: str, gap: int) -> pl.Series:
    j = legs.join(trips, on="trip_id", how="left")
    base = j["starts"] if base_at == "parent" else j["begins"]
    num = j["length"] if num_at == "parent" else j["amount"]
    secs = num.cast(pl.Float64) * UNITS[unit] + gap
    return base + pl.Series((secs * 1e6).round(0).cast(pl.Int64)).cast(pl.Duration("us"))


@pytest.mark.parametrize("case", CASES, ids=[f"{b}-{n}-{u}-{g}" for b, n, u, g in CASES])
@pytest.mark.parametrize("seed", [2, 11])
def test_a_time_plus_a_number_of_units_is_drafted_and_kept(case: tuple[str, str, str, int], seed: int) -> None:
    base_at, num_at, unit, gap = case
    frames = _frames(base_at, num_at, unit, gap, seed)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{case}{seed}"))
    col = ins.spec.tables["legs"].columns["ends"]
    assert col.generator == "expression", col
    assert f"INTERVAL '1 {unit}'" in col.expr or "INTERVAL '1 second'" in col.expr
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed + 1)
    legs, trips = out["legs"], out["trips"]
    want = _expected(legs, trips, base_at, num_at, unit, gap)
    got = legs["ends"].cast(pl.Datetime("us"))
    assert float((got == want).mean()) >= 0.99  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [2, 11])
def test_a_time_after_another_by_a_random_gap_is_not_reckoned(seed: int) -> None:
    frames = _frames("row", "row", "minute", 0, seed, noisy=True)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"noisy{seed}"))
    assert ins.spec.tables["legs"].columns["ends"].generator != "expression"
