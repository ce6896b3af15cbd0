"""Formatted strings: durations and lap times read as numbers (seconds), dates like 01-Jan-1995 (issue 13)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import Source, coerce
from simulacra.sources._coerce import parse_duration


def _laps(n: int = 400, seed: int = 0) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    secs = rng.normal(88, 2, n)
    lap = [f"{int(s // 60)}:{s % 60:06.3f}" for s in secs]  # 1:27.452
    gap = [f"+{int(g // 60)}:{g % 60:05.2f}" if g >= 60 else f"+{g:.3f}" for g in rng.exponential(40, n)]
    born = [(dt.date(1960, 1, 1) + dt.timedelta(days=int(d))).strftime("%d-%b-%Y") for d in rng.integers(0, 12000, n)]
    return {
        "laps": pl.DataFrame(
            {
                "lap_id": np.arange(n),
                "lap_time": lap,
                "gap": gap,
                "born": born,
                "pit": [f"{x:.3f}" for x in rng.normal(23, 1.5, n)],
            }
        )
    }


def test_parse_duration_reads_minutes_hours_and_seconds() -> None:
    got = parse_duration(pl.Series(["1:27.452", "+8:22.19", "22.534", "1:02:03", "+0.4", "DNF", None])).to_list()
    assert got[:5] == [87.452, 502.19, 22.534, 3723.0, 0.4] and got[5:] == [None, None]


def test_durations_and_text_dates_are_learned_as_numbers_and_dates() -> None:
    frames = _laps()
    ins = inspect(Source(location="laps", kind="folder", frames=frames, fingerprint="l"))
    prof = {c: ins.columns[("laps", c)] for c in ("lap_time", "gap", "born", "pit")}
    assert (prof["lap_time"].kind, prof["lap_time"].parse_format) == ("numeric", "duration")
    assert (prof["gap"].kind, prof["gap"].parse_format) == ("numeric", "duration")
    assert (prof["born"].kind, prof["born"].parse_format) == ("date", "%d-%b-%Y")
    assert prof["pit"].kind == "numeric" and "durations" in prof["lap_time"].evidence
    cols = ins.spec.tables["laps"].columns
    assert cols["lap_time"].generator in ("normal", "uniform", "lognormal")  # type: ignore[union-attr]
    real = coerce(frames, ins)
    assert real["laps"]["lap_time"].dtype == pl.Float64 and real["laps"]["born"].dtype == pl.Date
    out = DatasetSynthesizer(seed=0).fit(real, ins.spec).sample(seed=1)["laps"]
    t = real["laps"]["lap_time"]
    assert out["lap_time"].dtype == pl.Float64 and out["lap_time"].n_unique() > 50
    assert out["lap_time"].min() >= t.min() and out["lap_time"].max() <= t.max()
    assert out["born"].dtype == pl.Date
