"""Dates that fall into rounds (issue 13), planted in generated data of several shapes: a weekly league whose
matchday is played over two or three days from a Saturday, a tournament whose rounds are each one day, a monthly
round spread over a week. Fit → sample keeps each round's dates together (the round's span as the source's) and
the rounds in order (a round starts after the one before it ended), on the weekdays the source's rounds start on,
with the same bytes for the same seed. Negatives: dates independent of the round learn no rounds and are left
as they were. Before (the football league of benchmarks/heldout_league.py): a matchday's sampled dates spanned a
median 8 days where the source's span 2 — the date was a smooth offset from the season's start.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.helpers import folder_source
from tests.unit.synth.test_schedule import _onces, league

from simulacra import DatasetSynthesizer
from simulacra._round_dates import RoundDates, place_round_dates
from simulacra.constraints import check_dataset, once_bad
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey, Source


def _frames(
    seed: int, n_parents: int, n_rounds: int, per_round: tuple[int, int], first: dt.date, step: int, days: int
) -> dict[str, pl.DataFrame]:
    """Parents (seasons, tournaments, years) whose rows fall into ``n_rounds`` rounds, ``step`` days apart from
    ``first`` (a year later each parent), each row on one of its round's first ``days`` days; ``days`` 0: the
    rows' dates drawn over the parent's whole period, independent of the round."""
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(1, n_parents + 1):
        start = first + dt.timedelta(days=364 * (p - 1))  # 52 weeks: the same weekday each parent
        for r in range(1, n_rounds + 1):
            for _ in range(int(rng.integers(per_round[0], per_round[1] + 1))):
                if days:
                    off = step * (r - 1) + int(rng.integers(0, days))
                else:
                    off = int(rng.integers(0, step * n_rounds))
                rows.append((p, r, start + dt.timedelta(days=off), int(rng.integers(0, 100)), float(rng.normal())))
    child = pl.DataFrame(rows, schema=["parent_id", "round", "played_on", "score", "x"], orient="row")
    return {
        "parents": pl.DataFrame(
            {
                "parent_id": np.arange(1, n_parents + 1),
                "starts": [first + dt.timedelta(days=364 * p) for p in range(n_parents)],
                "name": [f"P{p}" for p in range(n_parents)],
            }
        ),
        "rows": child.with_row_index("row_id", 1).with_columns(pl.col("row_id").cast(pl.Int64)),
    }


SHAPES = {  # (parents, rounds, rows per round, first day, step in days, days a round is played over)
    "weekly league, a matchday over Sat-Mon": (4, 20, (6, 8), dt.date(2019, 8, 3), 7, 3),
    "weekly league, a matchday over Sat-Sun": (4, 20, (6, 8), dt.date(2019, 8, 3), 7, 2),
    "tournament, a round a day": (6, 6, (2, 8), dt.date(2020, 3, 2), 2, 1),
    "monthly round over a week": (3, 12, (5, 9), dt.date(2018, 1, 1), 30, 7),
}


def _source(frames: dict[str, pl.DataFrame], name: str) -> Source:
    return Source(
        location=name,
        kind="folder",
        frames=frames,
        primary_keys={"parents": ["parent_id"], "rows": ["row_id"]},
        foreign_keys=[ForeignKey("rows", "parent_id", "parents", "parent_id")],
        fingerprint=name,
    )


def _rounds(t: pl.DataFrame) -> pl.DataFrame:
    """Per (parent, round): its first and last date, in order, with the last date of the round before it."""
    return (
        t.group_by("parent_id", "round")
        .agg(pl.col("played_on").min().alias("first"), pl.col("played_on").max().alias("last"))
        .sort("parent_id", "round")
        .with_columns(pl.col("last").shift(1).over("parent_id").alias("prev"))
    )


def _fit_sample(frames: dict[str, pl.DataFrame], name: str, seed: int) -> tuple[DatasetSynthesizer, pl.DataFrame]:
    spec = inspect(_source(frames, name)).spec
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    out = model.sample(seed=seed)
    assert [f.problem() for f in check_dataset(model.plan_, out) if not f.ok] == []
    return model, out["rows"]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_rounds_dates_sit_together_and_the_rounds_keep_their_order(shape: str, seed: int, tmp_path: Path) -> None:
    n_parents, n_rounds, per_round, first, step, days = SHAPES[shape]
    frames = _frames(seed, n_parents, n_rounds, per_round, first, step, days)
    model, t = _fit_sample(frames, f"rounds{seed}", seed)
    assert t.height > 50
    src, got = _rounds(frames["rows"]), _rounds(t)
    spans = (got["last"] - got["first"]).dt.total_days()
    # each round's span as the source's: never wider than the days it is played over, the median within a day
    assert spans.max() <= days - 1
    assert abs(spans.median() - (src["last"] - src["first"]).dt.total_days().median()) <= 1
    # the rounds in order: each starts after the one before it ended
    assert got.drop_nulls("prev").select((pl.col("first") > pl.col("prev")).all()).item()
    # on the weekdays the source's rounds start on and its rows are played on (a Saturday's league: Sat-Mon)
    if step % 7 == 0:
        assert set(got["first"].dt.weekday()) <= set(src["first"].dt.weekday())
        assert set(t["played_on"].dt.weekday()) <= set(frames["rows"]["played_on"].dt.weekday())
        assert (got["first"].dt.weekday() == first.isoweekday()).mean() >= 0.8
    # inside the source's dates
    assert t["played_on"].min() >= frames["rows"]["played_on"].min()
    assert t["played_on"].max() <= frames["rows"]["played_on"].max()
    again = model.sample(seed=seed)["rows"]
    assert again.equals(t)
    (rd,) = model.tables_["rows"].rounds
    assert (rd.column, rd.round) == ("played_on", "round")
    if seed == 1:  # saved and loaded: the same rounds, the same rows
        model.save(tmp_path / "model")
        loaded = DatasetSynthesizer.load(tmp_path / "model")
        assert loaded.tables_["rows"].rounds == [rd]
        assert loaded.sample(seed=seed)["rows"].equals(t)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_scheduled_leagues_matchdays_sit_together_and_the_schedule_holds(seed: int) -> None:
    """The schedule (a team once per season and matchday, and once a day) assigns the matchdays; the matchday's
    dates are then placed together (the source's: a week apart, over three days from its Thursday)."""
    frames, keys = league(seed)
    spec = inspect(folder_source(frames, keys, f"league{seed}")).spec
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    out = model.sample(seed=seed)
    assert [f.problem() for f in check_dataset(model.plan_, out) if not f.ok] == []
    t = out["matches"]
    for once, by in _onces(spec, "matches"):
        assert not once_bad(t, once, by).any()
    assert not once_bad(t, ["home_team_id", "away_team_id"], ["match_date"]).any()  # a team once a day
    got = _rounds(t.rename({"season_id": "parent_id", "matchday": "round", "match_date": "played_on"}))
    assert (got["last"] - got["first"]).dt.total_days().max() <= 2
    assert got.drop_nulls("prev").select((pl.col("first") > pl.col("prev")).all()).item()
    assert model.sample(seed=seed)["matches"].equals(t)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_place_round_dates_orders_rounds_inside_their_bounds(seed: int) -> None:
    """Rounds drawn at random days of their parent come out in order, each with a source round's pattern, apart by
    the learned gap, inside each row's bounds (squeezed where the learned advance would run past them)."""
    rng = np.random.default_rng(seed)
    rd = RoundDates(
        "d", "r", steps=[7.0] * 9, step=7.0, patterns=[[0, 0, 1, 2], [0, 1, 1, 1], [0, 2]], apart=True, gap=4
    )
    parent = np.repeat(np.arange(3), 40)
    rnd = rng.integers(1, 11, 120)
    days = rng.integers(0, 80, 120).astype(np.float64) + 1_000 * parent
    lo, hi = 1_000.0 * parent, 1_000.0 * parent + np.where(parent == 2, 40, 200)  # the third: too short for 10
    new = place_round_dates(rd, parent, rnd, days, lo, hi, np.random.default_rng(seed))
    assert ((new >= lo) & (new <= hi)).all()
    assert np.array_equal(new, place_round_dates(rd, parent, rnd, days, lo, hi, np.random.default_rng(seed)))
    f = pl.DataFrame({"parent_id": parent, "round": rnd, "played_on": new.astype(np.int32)})
    got = _rounds(f.with_columns(pl.col("played_on").cast(pl.Date)))
    assert got.drop_nulls("prev").select((pl.col("first") >= pl.col("prev")).all()).item()
    whole = got.filter(pl.col("parent_id") < 2)
    assert ((whole["last"] - whole["first"]).dt.total_days() <= 2).all()
    assert whole.drop_nulls("prev").select((pl.col("first") > pl.col("prev")).all()).item()
    # rows with a null date or no parent are left as they were
    days[5], parent[7] = np.nan, -1
    again = place_round_dates(rd, parent, rnd, days, lo, hi, np.random.default_rng(seed))
    assert np.isnan(again[5]) and again[7] == days[7]


@pytest.mark.parametrize("seed", [1, 2])
def test_dates_independent_of_the_round_learn_no_rounds(seed: int) -> None:
    for shape in ("weekly league, a matchday over Sat-Mon", "monthly round over a week"):
        n_parents, n_rounds, per_round, first, step, _ = SHAPES[shape]
        frames = _frames(seed, n_parents, n_rounds, per_round, first, step, 0)
        model, t = _fit_sample(frames, f"free{seed}", seed)
        assert model.tables_["rows"].rounds == []
        spans = (_rounds(t)["last"] - _rounds(t)["first"]).dt.total_days()
        assert spans.median() > step  # nothing clustered: a round's dates spread as the source's
