"""Sampled date-times keep the resolution of their source: a column whose every value is a whole second
(a minute, a quarter hour, an hour, a midnight, a millisecond) is sampled on that step, inside its
observed range — not at ``12:03:17.482913`` — and a column written to the microsecond stays so.

Planted in generated databases, several steps and seeds: a root table with one column per step, a child
event table (2-6 events per parent) whose date is cumulated from gaps, and a second date of the event
drafted as its distance after the first (``arrived_at <= left_at``); the steps of the two event dates
change with the seed. Written as CSV and as Parquet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.older_models import drop_fields

import simulacra
from simulacra.synth.dataset import DatasetSynthesizer

SECOND = 1_000_000
STEPS = {
    "at_ms": 1_000,
    "at_s": SECOND,
    "at_min": 60 * SECOND,
    "at_q": 15 * 60 * SECOND,
    "at_h": 3600 * SECOND,
    "at_day": 86_400 * SECOND,
}
#: (arrived_at, left_at) steps per seed
EVENT_STEPS = {0: (15 * 60 * SECOND, SECOND), 1: (3600 * SECOND, 60 * SECOND), 2: (60 * SECOND, 1_000)}
START = dt.datetime(2023, 1, 1)


def _fmt(step: int) -> str:
    return "%Y-%m-%d %H:%M:%S%.3f" if step < SECOND else "%Y-%m-%d %H:%M:%S"


def _stamps(rng: np.random.Generator, n: int, step: int, span_days: int = 400) -> list[dt.datetime]:
    units = rng.integers(0, span_days * 86_400 * SECOND // step, n)
    return [START + dt.timedelta(microseconds=int(u) * step) for u in units]


def _plant(folder: Path, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n = 240
    root = pl.DataFrame(
        {
            "station_id": np.arange(1, n + 1),
            **{c: _stamps(rng, n, step) for c, step in STEPS.items()},
            "at_us": [START + dt.timedelta(microseconds=int(u)) for u in rng.integers(0, 400 * 86_400 * SECOND, n)],
            "load": np.round(rng.gamma(2.0, 10.0, n), 1),
        }
    )
    arrive_step, leave_step = EVENT_STEPS[seed]
    rows = []
    for sid, opened in zip(root["station_id"].to_list(), root["at_h"].to_list(), strict=True):
        t = opened
        for _ in range(int(rng.integers(2, 7))):
            t += dt.timedelta(microseconds=int(rng.integers(1, 5 * 86_400 * SECOND // arrive_step)) * arrive_step)
            stay = dt.timedelta(microseconds=int(rng.integers(1, 8 * 3600 * SECOND // leave_step)) * leave_step)
            rows.append((len(rows) + 1, sid, t, t + stay, float(rng.integers(1, 90))))
    events = pl.DataFrame(rows, schema=["visit_id", "station_id", "arrived_at", "left_at", "weight"], orient="row")
    # written with whole seconds (milliseconds where the step is finer, microseconds for at_us), as a source
    # would: the values say the step, the text does not hide it
    root.with_columns(
        [pl.col(c).dt.strftime(_fmt(s)) for c, s in STEPS.items()]
        + [pl.col("at_us").dt.strftime("%Y-%m-%d %H:%M:%S%.6f")]
    ).write_csv(folder / "stations.csv")
    events.with_columns(
        pl.col("arrived_at").dt.strftime(_fmt(arrive_step)), pl.col("left_at").dt.strftime(_fmt(leave_step))
    ).write_csv(folder / "visits.csv")
    return root, events


def _us(s: pl.Series) -> np.ndarray:
    if s.dtype == pl.String:  # a text date stays text, in Parquet too (written as the source was)
        s = s.str.to_datetime(time_unit="us")
    return s.cast(pl.Datetime("us")).cast(pl.Int64).drop_nulls().to_numpy()


def _on_step(s: pl.Series, step: int) -> float:
    return float(np.mean(_us(s) % step == 0))


def _within(s: pl.Series, real: pl.Series) -> float:
    x, r = _us(s), _us(real)
    return float(np.mean((x >= r.min()) & (x <= r.max())))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sampled_datetimes_keep_the_sources_step(tmp_path: Path, seed: int) -> None:
    src = tmp_path / "src"
    src.mkdir()
    root, events = _plant(src, seed)
    simulacra.fit(src, output=tmp_path / "model", seed=seed)
    visits = DatasetSynthesizer.load(tmp_path / "model").tables_["visits"]
    assert visits.sequence_column == "arrived_at" and visits.offsets.get("left_at") == ("arrived_at", 1)
    out = tmp_path / "out"
    simulacra.sample(tmp_path / "model", output=out, format="parquet", seed=seed + 10)
    s_root, s_events = pl.read_parquet(out / "stations.parquet"), pl.read_parquet(out / "visits.parquet")
    for c, step in STEPS.items():
        assert _on_step(s_root[c], step) >= 0.99, (c, _on_step(s_root[c], step))
        assert _within(s_root[c], root[c]) == 1.0, c
        assert s_root[c].n_unique() > 50, c  # still drawn from the learned shape, not collapsed onto a few values
    # a microsecond source: no rounding invented
    assert float(np.mean(_us(s_root["at_us"]) % 1_000 != 0)) > 0.9
    arrive_step, leave_step = EVENT_STEPS[seed]
    assert s_events.height > 2 * s_root.height
    for c, step in (("arrived_at", arrive_step), ("left_at", leave_step)):
        assert _on_step(s_events[c], step) >= 0.99, (c, _on_step(s_events[c], step))
        assert _within(s_events[c], events[c]) == 1.0, c
    # the event order within each station is kept, and every visit leaves after it arrived
    s_events = s_events.with_columns(
        pl.Series(c, _us(s_events[c])).cast(pl.Datetime("us")) for c in ("arrived_at", "left_at")
    )
    arrived = s_events.select(
        (pl.col("arrived_at").diff().over("station_id").fill_null(dt.timedelta(0)) >= dt.timedelta(0)).mean()
    ).item()
    assert arrived == 1.0  # (6 of 956 visits of seed 0 came before the one before them on the base)
    assert bool((s_events["left_at"] >= s_events["arrived_at"]).all())


def test_a_whole_second_column_is_written_to_csv_without_fractions(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    _plant(src, 0)
    simulacra.fit(src, output=tmp_path / "model")
    simulacra.sample(tmp_path / "model", output=tmp_path / "out", format="csv", seed=3)
    text = pl.read_csv(tmp_path / "out" / "stations.csv", infer_schema=False)
    for c in ("at_s", "at_h", "at_day"):
        assert bool(text[c].str.contains(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$").all()), text[c].head(3).to_list()
    assert bool(text["at_h"].str.ends_with(":00:00").all())
    assert bool(text["at_day"].str.ends_with(" 00:00:00").all())
    assert bool(text["at_ms"].str.contains(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$").all())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_dates_placed_in_windows_land_on_the_step_inside_in_order(seed: int) -> None:
    """Event dates cumulated from gaps and squeezed into windows whose bounds are off the step (a year's last
    microsecond, a parent's date at a finer step): on the step, inside the window, each parent's order kept."""
    from simulacra._random import root_stream
    from simulacra.synth._periods import Window, apply_windows

    rng = np.random.default_rng(seed)
    for step in (1_000, SECOND, 60 * SECOND, 15 * 60 * SECOND, 3600 * SECOND, 86_400 * SECOND):
        n_parents = 60
        opened = rng.integers(0, 300 * 86_400 * SECOND, n_parents).astype(np.float64) + 0.25 * step
        counts = rng.integers(2, 7, n_parents)
        pidx = np.repeat(np.arange(n_parents), counts)
        gaps = rng.exponential(2 * step, len(pidx)) * rng.integers(0, 2, len(pidx))  # ties at coarse steps
        x = opened[pidx] + np.concatenate([np.cumsum(gaps[pidx == p]) for p in range(n_parents)]) - 3.0 * step
        hi_off = 40.0 * step + 0.5 * step
        win = Window(
            "at", "datetime", 0.0, hi_off, float(x.min()) - step, float(x.max()) + 50 * step, "opened", "same", step
        )
        frame = pl.DataFrame({"at": pl.Series(np.round(x).astype(np.int64)).cast(pl.Datetime("us"))})
        parent = pl.DataFrame({"opened": pl.Series(np.round(opened).astype(np.int64)).cast(pl.Datetime("us"))})
        got, keep = apply_windows(frame, [win], pidx, parent, root_stream(seed).child("w"), clip=frozenset({"at"}))
        assert keep is None
        y = _us(got["at"]).astype(np.float64)
        lo, hi = np.maximum(win.min, opened[pidx]), np.minimum(win.max, opened[pidx] + hi_off)
        has_point = np.ceil(lo / step) <= np.floor(hi / step)
        assert bool(np.all(y[has_point] % step == 0)), step
        assert bool(np.all((y >= lo - 1) & (y <= hi + 1))), step  # (the microsecond of the datetime cast)
        d = np.diff(y)
        assert bool(np.all(d[pidx[1:] == pidx[:-1]] >= 0)), step


def test_a_model_saved_before_steps_loads_and_samples_as_before(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    _plant(src, 1)
    simulacra.fit(src, output=tmp_path / "model", seed=1)
    # the encoders' and the windows' steps (and the clock), which models saved before steps lack
    edited = drop_fields(tmp_path / "model", ("step", "tod"), lambda n: "spikes" in n or "parent_column" in n)
    assert edited >= len(STEPS) + 2  # the root's encoders and windows, the events' windows
    simulacra.sample(tmp_path / "model", output=tmp_path / "out", format="parquet", seed=4)
    s_root = pl.read_parquet(tmp_path / "out" / "stations.parquet")
    assert _on_step(s_root["at_h"], 3600 * SECOND) < 0.5  # as such a model sampled before: not rounded


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sampled_datetimes_keep_the_hours_of_the_day_the_source_holds(tmp_path: Path, seed: int) -> None:
    """Office hours (08:00-18:00) and a night shift across midnight (20:00-04:00) over many days: drawn within a
    quantile bin spanning several days, a value fell in the empty hours (55% of office-hour values on the base,
    2,000 rows over 400 days); a column with times all over the day is left as it was (no clock learned)."""
    rng = np.random.default_rng(seed)
    n = [2000, 600, 1500][seed]
    days = [400, 60, 120][seed]
    day = rng.integers(0, days, n)
    office = rng.integers(8 * 3600, 18 * 3600, n)
    night = (rng.integers(20 * 3600, 28 * 3600, n)) % 86_400
    anytime = rng.integers(0, 86_400, n)
    frame = pl.DataFrame(
        {
            "id": np.arange(n),
            **{
                c: [START + dt.timedelta(days=int(d), seconds=int(t)) for d, t in zip(day, secs, strict=True)]
                for c, secs in (("office", office), ("night", night), ("anytime", anytime))
            },
            "v": np.round(rng.normal(size=n), 2),
        }
    )
    src = tmp_path / "src"
    src.mkdir()
    frame.with_columns(pl.col("office", "night", "anytime").dt.strftime("%Y-%m-%d %H:%M:%S")).write_csv(src / "t.csv")
    simulacra.fit(src, output=tmp_path / "model", seed=seed)
    encoders = DatasetSynthesizer.load(tmp_path / "model").tables_["t"].learned.encoders
    assert encoders["office"].tod is not None and encoders["night"].tod is not None and encoders["anytime"].tod is None
    simulacra.sample(tmp_path / "model", output=tmp_path / "out", format="parquet", seed=seed + 5)
    s = pl.read_parquet(tmp_path / "out" / "t.parquet")
    hours = {c: pl.Series(_us(s[c])).cast(pl.Datetime("us")).dt.hour() for c in ("office", "night", "anytime")}
    assert float(((hours["office"] >= 8) & (hours["office"] < 18)).mean()) >= 0.99
    assert float(((hours["night"] >= 20) | (hours["night"] < 4)).mean()) >= 0.99
    assert hours["anytime"].n_unique() == 24  # times all over the day stay so
    assert _on_step(s["office"], SECOND) == 1.0 and _within(s["office"], frame["office"]) == 1.0
    assert s["office"].n_unique() > 0.5 * n  # new values, not a few points
