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
