"""A rank ordered by a time written as text (issue 13, learn96, found on ``benchmarks/learn96_fresh_db.py``).

A stage's finishing positions 1..n follow its riders' finish times, written ``4:32:10.4``. The draft read the
times as durations (learned as seconds) and the positions as a rank, but looked for the rank's order among
typed numbers and dates only, so the rank had no ``by``: a sample numbered each stage's riders in row order,
and the winner had the best time in 5% of rows. Durations are now order candidates, read as seconds.

Planted with several names, sizes, seeds and duration forms (``H:MM:SS.t``, ``M:SS.fff`` lap times,
``H:MM:SS``), ascending and descending; and in a form that must not be taken (times shuffled against the
positions).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source
from simulacra.sources._coerce import parse_duration


def _hms_tenths(s: float) -> str:
    t = round(s * 10)
    whole, tenth = divmod(t, 10)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}.{tenth}"


def _lap(s: float) -> str:
    ms = round(s * 1000)
    whole, frac = divmod(ms, 1000)
    return f"{whole // 60}:{whole % 60:02d}.{frac:03d}"


def _hms(s: float) -> str:
    whole = round(s)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


#: parent, child, rank column, time column, writer, typical seconds, spread, descending
WORLDS = [
    ("stages", "results", "position", "finish_time", _hms_tenths, 15_000.0, 300.0, False),
    ("heats", "laps", "place", "lap_time", _lap, 88.0, 2.5, False),
    ("marathons", "finishers", "pos", "chip_time", _hms, 11_000.0, 1_500.0, False),
    ("rallies", "crews", "standing", "time_on_course", _hms, 20_000.0, 4_000.0, True),
]


def _world(which: int, seed: int, *, shuffled: bool = False) -> tuple[dict[str, pl.DataFrame], tuple[str, ...]]:
    parent, child, rank, timed, write, base, spread, desc = WORLDS[which]
    rng = np.random.default_rng(seed)
    n_parent = int(rng.integers(25, 45))
    rows: list[tuple[int, int, int, str, int]] = []
    for p in range(1, n_parent + 1):
        k = int(rng.integers(4, 14))
        secs = base * rng.uniform(0.9, 1.1) + np.sort(rng.exponential(spread, k)) + rng.uniform(0, 0.05, k).cumsum()
        if desc:
            secs = secs[::-1]
        if shuffled:
            secs = rng.permutation(secs)
        for i, s in enumerate(secs):
            rows.append((len(rows) + 1, p, i + 1, write(float(s)), int(rng.integers(1, 999))))
    frames = {
        parent: pl.DataFrame(
            {
                f"{parent[:-1]}_id": np.arange(1, n_parent + 1),
                "held_on": [dt.date(2019, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 900, n_parent)],
            }
        ),
        child: pl.DataFrame(rows, schema=[f"{child[:-1]}_id", f"{parent[:-1]}_id", rank, timed, "bib"], orient="row"),
    }
    return frames, (parent, child, rank, timed)


def _draft(frames: dict[str, pl.DataFrame], name: str) -> dict:
    return inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=name)).spec_data


@pytest.mark.parametrize(("which", "seed"), [(0, 0), (1, 1), (2, 2), (3, 3), (1, 4)])
def test_a_rank_follows_a_time_written_as_text(which: int, seed: int) -> None:
    frames, (_, child, rank, timed) = _world(which, seed)
    spec = _draft(frames, f"rank{which}_{seed}")
    col = spec["tables"][child]["columns"][rank]
    assert col["generator"] == "rank", col
    assert col.get("by") == timed, f"{child}.{rank} drafted without its order {timed}: {col}"
    assert bool(col.get("descending", False)) == WORLDS[which][7], col


@pytest.mark.parametrize(("which", "seed"), [(0, 5), (2, 6)])
def test_times_shuffled_against_the_rank_order_nothing(which: int, seed: int) -> None:
    frames, (_, child, rank, timed) = _world(which, seed, shuffled=True)
    spec = _draft(frames, f"shuffled{which}_{seed}")
    col = spec["tables"][child]["columns"][rank]
    assert col["generator"] == "rank", col
    assert col.get("by") != timed, col


def test_a_sampled_rank_follows_the_sampled_times() -> None:
    frames, (parent, child, rank, timed) = _world(0, 7)
    got = simulacra.fit(frames, seed=0).model.sample(seed=1)[child]  # the draft as inspected, as `fit` reads it
    fk = f"{parent[:-1]}_id"
    secs = got.with_columns(parse_duration(got[timed].cast(pl.String)).alias("__s"))
    assert secs["__s"].null_count() == 0, "a sampled time not written as a duration"
    steps = secs.sort(fk, rank).select(pl.col("__s").diff().over(fk).alias("d"))["d"].drop_nulls()
    assert steps.len() > 100
    assert float((steps >= 0).mean() or 0.0) >= 0.99, "sampled positions do not follow the sampled times"
