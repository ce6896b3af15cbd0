"""A drafted date or date-time keeps the source's clock when the draft is generated (issue 13): the step its
values are written on (``resolution``), the hours of the day and the weekdays it holds. Before, a drafted
``datetime`` was ``start``/``end`` only, so ``generate`` from a reviewed draft of a clinic's appointments
(weekdays, 08:00–18:00, quarter hours) wrote 03:17:42 on Sundays. Planted over several clocks and seeds;
sources spread evenly, or too few, draft none of it."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.generation.engine import Engine
from simulacra.inspection import inspect
from simulacra.sources import Source
from simulacra.spec.plan import make_plan

_START = np.datetime64("2023-01-02T00:00", "us")  # a Monday
_DAY = 86_400_000_000
_MIN = 60_000_000


def _source(seed: int, n: int, *, hours: tuple[int, int], step_min: int, weekdays: int, days: int) -> pl.DataFrame:
    """``n`` date-times over ``days`` days, on weekdays below ``weekdays`` (Monday = 0), in ``hours`` (an hour
    range that may cross midnight), on a step of ``step_min`` minutes (0: every microsecond)."""
    rng = np.random.default_rng(seed)
    day = rng.integers(0, days, 4 * n)
    day = day[(day % 7) < weekdays][:n]
    first, last = hours
    width = ((last - first) % 24 or 24) * 60  # (0, 0): the whole day
    minute = (first * 60 + rng.integers(0, width, len(day))) % (24 * 60)
    us = day * _DAY + minute * _MIN
    if step_min:
        us = us - us % (step_min * _MIN)
    else:
        us = us + rng.integers(0, _MIN, len(day))
    return pl.DataFrame({"visit_id": np.arange(1, len(day) + 1), "at": _START + us.astype("timedelta64[us]")})


def _drafted(frame: pl.DataFrame) -> dict:  # type: ignore[type-arg]
    src = Source(
        location="w", kind="folder", frames={"visits": frame}, primary_keys={"visits": ["visit_id"]}, fingerprint="w"
    )
    result = inspect(src)
    return result.spec


def _generated(spec, seed: int) -> pl.Series:  # type: ignore[no-untyped-def]
    return Engine(make_plan(spec), seed=seed).frames()["visits"]["at"]


CLOCKS = [  # (hours, step in minutes, weekdays kept)
    ((8, 18), 15, 5),  # a clinic: weekdays, office hours, quarter hours
    ((22, 6), 5, 7),  # a night shift across midnight, every day, on 5 minutes
    ((9, 17), 60, 6),  # on the hour, Monday to Saturday
    ((6, 23), 1, 5),  # long days on the minute, no weekend
]


@pytest.mark.parametrize("clock", CLOCKS)
@pytest.mark.parametrize("seed", [1, 2])
def test_generated_from_the_draft_keeps_the_source_clock(clock, seed: int) -> None:  # type: ignore[no-untyped-def]
    hours, step_min, weekdays = clock
    source = _source(seed, 1500, hours=hours, step_min=step_min, weekdays=weekdays, days=300)
    spec = _drafted(source)
    col = spec.tables["visits"].columns["at"]
    assert col.resolution == step_min * 60
    held = set(source["at"].dt.hour().to_list())
    out = _generated(spec, seed + 10)
    assert out.len() == source.height
    assert set(out.dt.hour().to_list()) <= held
    assert set(out.dt.weekday().to_list()) <= set(source["at"].dt.weekday().to_list())
    us = out.dt.epoch("us").to_numpy()
    assert not np.any(us % (step_min * _MIN))
    lo, hi = source["at"].min(), source["at"].max()
    assert out.min() >= lo and out.max() <= hi  # type: ignore[operator]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_an_even_clock_drafts_no_hours_weekdays_or_step(seed: int) -> None:
    source = _source(seed, 1500, hours=(0, 0), step_min=0, weekdays=7, days=300)
    col = _drafted(source).tables["visits"].columns["at"]
    assert col.hour_weights is None and col.weekday_weights is None and col.resolution is None


@pytest.mark.parametrize("seed", [1, 2])
def test_too_few_values_or_days_draft_no_profile(seed: int) -> None:
    few = _source(seed, 30, hours=(8, 18), step_min=15, weekdays=5, days=300)
    col = _drafted(few).tables["visits"].columns["at"]
    assert col.hour_weights is None and col.weekday_weights is None
    assert col.resolution == 900  # the step is a fact of every value, not a share
    short = _source(seed, 800, hours=(8, 18), step_min=15, weekdays=7, days=5)
    col = _drafted(short).tables["visits"].columns["at"]
    assert col.hour_weights is None and col.weekday_weights is None


@pytest.mark.parametrize("seed", [1, 2])
def test_dates_keep_their_weekdays(seed: int) -> None:
    rng = np.random.default_rng(seed)
    day = rng.integers(0, 400, 3000)
    day = day[(day % 7) < 5][:1200]  # business days
    frame = pl.DataFrame(
        {
            "visit_id": np.arange(1, len(day) + 1),
            "at": (_START + (day * _DAY).astype("timedelta64[us]")).astype("datetime64[D]"),
        }
    )
    spec = _drafted(frame)
    col = spec.tables["visits"].columns["at"]
    assert col.generator == "date" and col.resolution is None and col.hour_weights is None
    assert col.weekday_weights is not None and col.weekday_weights[5:] == [0.0, 0.0]
    out = _generated(spec, seed)
    assert set(out.dt.weekday().to_list()) <= {1, 2, 3, 4, 5}
