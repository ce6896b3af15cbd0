"""Event dates keep the hours of the day their source holds (issue 13): a child table's date-times drawn as
gaps between siblings (meetings of a project, visits of a patient) were cumulated in real time, so a gap of
2.8 days from a 10:00 meeting landed at 05:12 — 55% of sampled meetings in office hours against 100% in the
source. The gaps are now learned on the source's clock (hours it leaves empty take no room), and dates the
parent's window redraws or spreads are placed on it too. Planted with three clocks (office hours, a night shift
across midnight, an early shift), two seeds; a model saved before loads and samples as it did."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.older_models import drop_fields

import simulacra
from simulacra.synth.dataset import DatasetSynthesizer

START = dt.datetime(2023, 1, 1)
CLOCKS = {"office": (8, 18), "night": (21, 5), "early": (5, 13)}


def _held(hours: pl.Series, clock: tuple[int, int]) -> pl.Series:
    first, last = clock
    return (hours >= first) & (hours < last) if first < last else (hours >= first) | (hours < last)


def _plant(folder: Path, seed: int, clock: tuple[int, int]) -> None:
    rng = np.random.default_rng(seed)
    first, last = clock
    width = ((last - first) % 24 or 24) * 60
    n_p = 160
    opened = [START + dt.timedelta(days=int(d)) for d in rng.integers(0, 400, n_p)]
    rows = []
    for pid, o in enumerate(opened, 1):
        day = o
        for _ in range(int(rng.integers(1, 8))):
            day = day + dt.timedelta(days=int(rng.integers(0, 6)))
            t = day + dt.timedelta(minutes=int(first * 60 + rng.integers(0, width)))
            rows.append((len(rows) + 1, pid, t))
    rows.sort(key=lambda r: (r[1], r[2]))
    projects = pl.DataFrame({"project_id": np.arange(1, n_p + 1), "opened": [o.date() for o in opened]})
    projects = projects.with_columns(budget=pl.Series(np.round(rng.gamma(2.0, 1000.0, n_p))))
    meetings = pl.DataFrame(rows, schema=["meeting_id", "project_id", "at"], orient="row")
    projects.write_csv(folder / "projects.csv")
    meetings.with_columns(pl.col("at").dt.strftime("%Y-%m-%d %H:%M:%S")).write_csv(folder / "meetings.csv")


def _sampled(folder: Path, seed: int) -> pl.DataFrame:
    simulacra.sample(folder / "model", output=folder / "out", format="parquet", seed=seed)
    s = pl.read_parquet(folder / "out" / "meetings.parquet")
    at = s["at"].str.to_datetime() if s["at"].dtype == pl.String else s["at"]
    return s.with_columns(at=at)


@pytest.mark.parametrize("clock", list(CLOCKS))
@pytest.mark.parametrize("seed", [1, 2])
def test_event_dates_stay_in_the_hours_their_source_holds(tmp_path: Path, seed: int, clock: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    _plant(src, seed, CLOCKS[clock])
    simulacra.fit(src, output=tmp_path / "model", seed=seed)
    tm = DatasetSynthesizer.load(tmp_path / "model").tables_["meetings"]
    assert tm.sequence_column == "at" and tm.seq_clock is not None
    s = _sampled(tmp_path, seed + 7)
    assert s.height > 300
    assert float(_held(s["at"].dt.hour(), CLOCKS[clock]).mean()) == 1.0
    assert float((s["at"].dt.second() == 0).mean()) == 1.0  # still on the minute
    # each project's meetings in order, none before the project opened
    projects = pl.read_parquet(tmp_path / "out" / "projects.parquet")
    opened = projects["opened"].str.to_date() if projects["opened"].dtype == pl.String else projects["opened"]
    j = s.join(projects.with_columns(opened=opened).select("project_id", "opened"), on="project_id")
    assert bool((j["at"].dt.date() >= j["opened"]).all())


def test_a_source_at_every_hour_learns_no_clock(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    _plant(src, 3, (0, 0))  # (0, 0): the whole day
    simulacra.fit(src, output=tmp_path / "model", seed=3)
    assert DatasetSynthesizer.load(tmp_path / "model").tables_["meetings"].seq_clock is None


def test_a_model_saved_before_the_clock_loads_and_samples(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    _plant(src, 4, CLOCKS["office"])
    simulacra.fit(src, output=tmp_path / "model", seed=4)
    assert drop_fields(tmp_path / "model", ["seq_clock"], lambda obj: True) == 1
    tm = DatasetSynthesizer.load(tmp_path / "model").tables_["meetings"]
    assert tm.seq_clock is None
    s = _sampled(tmp_path, 5)  # gaps learned on the clock, cumulated in real time: loads and samples, off the clock
    assert s.height > 300


def _business_days(rng: np.random.Generator, start: np.datetime64, n: int, span: int) -> np.ndarray:
    day = start + rng.integers(0, span, 3 * n).astype("timedelta64[D]")
    return day[(day.astype(np.int64) + 3) % 7 < 5][:n]  # Monday..Friday (1970-01-01 was a Thursday)


@pytest.mark.parametrize("kind", ["date", "datetime"])
@pytest.mark.parametrize("seed", [1, 2])
def test_weekdays_the_source_leaves_empty_stay_empty(tmp_path: Path, seed: int, kind: str) -> None:
    """Business days only: a single table's date and date-time, and an event table's dates cumulated from
    gaps (orders of a customer), sampled on weekdays — 74-90% before (weekends drawn at their share)."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2022-01-03", "D")
    n_p = 200
    since = _business_days(rng, start, n_p, 600)
    rows: list[tuple[int, int, np.datetime64]] = []
    for pid, d in enumerate(since, 1):
        for _ in range(int(rng.integers(1, 8))):
            d = d + np.timedelta64(int(rng.integers(0, 8)), "D")
            while (d.astype(np.int64) + 3) % 7 >= 5:
                d = d + np.timedelta64(1, "D")
            rows.append((len(rows) + 1, pid, d))
    when = np.array([r[2] for r in rows])
    at = when.astype("datetime64[m]") + rng.integers(9 * 60, 17 * 60, len(rows)).astype("timedelta64[m]")
    events = pl.DataFrame(
        {
            "order_id": [r[0] for r in rows],
            "customer_id": [r[1] for r in rows],
            "at": at.astype("datetime64[us]") if kind == "datetime" else when,
        }
    )
    src = tmp_path / "src"
    src.mkdir()
    pl.DataFrame({"customer_id": np.arange(1, n_p + 1), "since": since, "v": rng.normal(size=n_p).round(2)}).write_csv(
        src / "customers.csv"
    )
    events.write_csv(src / "orders.csv")
    simulacra.fit(src, output=tmp_path / "model", seed=seed)
    model = DatasetSynthesizer.load(tmp_path / "model")
    assert model.tables_["orders"].seq_weekdays == [0, 1, 2, 3, 4]
    assert model.tables_["customers"].learned.encoders["since"].weekdays == [0, 1, 2, 3, 4]
    simulacra.sample(tmp_path / "model", output=tmp_path / "out", format="parquet", seed=seed + 7)
    for table, col in (("orders", "at"), ("customers", "since")):
        s = pl.read_parquet(tmp_path / "out" / f"{table}.parquet")[col]
        if s.dtype == pl.String:
            s = s.str.to_datetime() if col == "at" and kind == "datetime" else s.str.to_date()
        assert s.len() > 150
        assert float((s.dt.weekday() <= 5).mean()) == 1.0, (table, col)
    at_out = pl.read_parquet(tmp_path / "out" / "orders.parquet")["at"]
    if kind == "datetime":
        at_out = at_out.str.to_datetime() if at_out.dtype == pl.String else at_out
        assert float(at_out.dt.hour().is_between(9, 16).mean()) == 1.0


def test_a_window_redraws_onto_the_weekdays_and_hours_held() -> None:
    """Dates outside their parent's window, redrawn inside it, land on the clock's weekdays and hours."""
    from simulacra._random import root_stream
    from simulacra.synth._encoding import times_of_day
    from simulacra.synth._periods import Window, apply_windows

    day_us, rng = 86_400_000_000, np.random.default_rng(5)
    src_days = _business_days(rng, np.datetime64("2023-01-02", "D"), 800, 300).astype(np.int64)
    src = src_days * day_us + rng.integers(9 * 3600, 17 * 3600, len(src_days)) * 1_000_000
    tod = times_of_day(src.astype(np.float64), 60_000_000)
    n = 400
    opened = np.sort(rng.choice(src, n)).astype(np.float64)
    x = opened + rng.uniform(-20, 40, n) * day_us  # many before the parent or past its 14 days
    win = Window(
        "at",
        "datetime",
        0.0,
        14.0 * day_us,
        float(src.min()),
        float(src.max()),
        "opened",
        "same",
        60_000_000,
        tod,
        [0, 1, 2, 3, 4],
    )
    frame = pl.DataFrame({"at": pl.Series(np.round(x).astype(np.int64)).cast(pl.Datetime("us"))})
    parent = pl.DataFrame({"opened": pl.Series(opened.astype(np.int64)).cast(pl.Datetime("us"))})
    got, _ = apply_windows(frame, [win], np.arange(n), parent, root_stream(1).child("w"))
    at = got["at"]
    moved = (x < opened) | (x > opened + 14 * day_us)
    assert moved.sum() > 100
    at = at.filter(pl.Series(moved))  # (the rows inside their window keep their made-up times)
    assert float((at.dt.weekday() <= 5).mean()) == 1.0
    assert float(at.dt.hour().is_between(9, 16).mean()) == 1.0
