"""A summary table that agrees with its detail table (issue 13): a column of one row per (context, entity) that is
the count (or sum) of the detail rows naming the entity in either of two keys, each key with a condition of its
own — planted in generated data of three shapes: a league's standings (won, drawn, lost, goals for: the season's
matches at home or away), a sales summary per (region, rep) counting the orders a rep sold as seller or bought
back as buyer, and a chess club's players counting their wins as white or black (the summary is the keys' own
table, no context). ``inspect`` drafts ``tally`` rules, ``validate`` checks them (and fails planted violations),
fit → sample writes them from the sampled detail rows (the points and positions reading them made again), and
``generate`` refuses them. Look-alikes: a count one off on one row, a column drawn on its own, too few rows:
no rule. Before (benchmarks/learn_heldout_league.py): standings' won equal to the matches won on 6% of rows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
import yaml
from tests.helpers import folder_source

import simulacra
from simulacra import DatasetSynthesizer
from simulacra.constraints import check_dataset, tally_reads
from simulacra.errors import SpecValidationError
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey
from simulacra.spec import load_plan

# frames, keys, summary table, detail table, {tallied column: the side keys' columns}
Planted = tuple[dict[str, pl.DataFrame], list[ForeignKey], str, str, dict[str, tuple[str, ...]]]


def league(seed: int, teams: int = 8, seasons: int = 5) -> Planted:
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(1, seasons + 1):
        for h in range(1, teams + 1):
            for a in range(1, teams + 1):
                if h != a:
                    rows.append((s, h, a, int(rng.poisson(1.5)), int(rng.poisson(1.1))))
    m = pl.DataFrame(
        rows, schema=["season_id", "home_team_id", "away_team_id", "home_goals", "away_goals"], orient="row"
    )
    m = m.with_columns(pl.Series("match_id", np.arange(1, m.height + 1))).select(
        "match_id", pl.all().exclude("match_id")
    )
    home = m.select(
        "season_id",
        pl.col("home_team_id").alias("team_id"),
        pl.col("home_goals").alias("f"),
        pl.col("away_goals").alias("a"),
    )
    away = m.select(
        "season_id",
        pl.col("away_team_id").alias("team_id"),
        pl.col("away_goals").alias("f"),
        pl.col("home_goals").alias("a"),
    )
    st = (
        pl.concat([home, away])
        .group_by("season_id", "team_id")
        .agg(
            (pl.col("f") > pl.col("a")).sum().cast(pl.Int64).alias("won"),
            (pl.col("f") == pl.col("a")).sum().cast(pl.Int64).alias("drawn"),
            (pl.col("f") < pl.col("a")).sum().cast(pl.Int64).alias("lost"),
            pl.col("f").sum().cast(pl.Int64).alias("goals_for"),
        )
        .sort("season_id", "team_id")
        .with_columns((3 * pl.col("won") + pl.col("drawn")).alias("points"))
    )
    st = st.with_columns(pl.Series("standing_id", np.arange(1, st.height + 1))).select(
        "standing_id", pl.all().exclude("standing_id")
    )
    frames = {
        "seasons": pl.DataFrame({"season_id": np.arange(1, seasons + 1), "year": 2000 + np.arange(seasons)}),
        "teams": pl.DataFrame({"team_id": np.arange(1, teams + 1), "founded": rng.integers(1870, 1950, teams)}),
        "matches": m,
        "standings": st,
    }
    keys = [
        ForeignKey("matches", "season_id", "seasons", "season_id"),
        ForeignKey("matches", "home_team_id", "teams", "team_id"),
        ForeignKey("matches", "away_team_id", "teams", "team_id"),
        ForeignKey("standings", "season_id", "seasons", "season_id"),
        ForeignKey("standings", "team_id", "teams", "team_id"),
    ]
    sides = ("home_team_id", "away_team_id")
    return frames, keys, "standings", "matches", {c: sides for c in ("won", "drawn", "lost", "goals_for")}


def sales(seed: int, reps: int = 12, n: int = 900) -> Planted:
    """Orders between reps: a rep's ``deals`` per region are the orders it sold and got paid for, plus the orders
    it bought and sent back (a condition per side, on a code)."""
    rng = np.random.default_rng(seed)
    regions = ["north", "south", "east"]
    seller = rng.integers(1, reps + 1, n)
    buyer = (seller + rng.integers(1, reps, n) - 1) % reps + 1
    orders = pl.DataFrame(
        {
            "order_id": np.arange(1, n + 1),
            "region": rng.choice(regions, n),
            "seller_id": seller,
            "buyer_id": buyer,
            "status": rng.choice(["paid", "returned", "open"], n, p=[0.6, 0.25, 0.15]),
            "amount": np.round(rng.gamma(2, 50, n), 2),
        }
    )
    grid = pl.DataFrame({"region": np.repeat(regions, reps), "rep_id": np.tile(np.arange(1, reps + 1), 3)})
    sold = orders.filter(pl.col("status") == "paid").group_by("region", pl.col("seller_id").alias("rep_id")).len("a")
    back = orders.filter(pl.col("status") == "returned").group_by("region", pl.col("buyer_id").alias("rep_id")).len("b")
    summary = (
        grid.join(sold, on=["region", "rep_id"], how="left")
        .join(back, on=["region", "rep_id"], how="left")
        .with_columns((pl.col("a").fill_null(0) + pl.col("b").fill_null(0)).cast(pl.Int64).alias("deals"))
        .select(pl.Series("summary_id", np.arange(1, 3 * reps + 1)), "region", "rep_id", "deals")
    )
    frames = {
        "reps": pl.DataFrame({"rep_id": np.arange(1, reps + 1), "hired": rng.integers(2000, 2020, reps)}),
        "orders": orders,
        "rep_summary": summary,
    }
    keys = [
        ForeignKey("orders", "seller_id", "reps", "rep_id"),
        ForeignKey("orders", "buyer_id", "reps", "rep_id"),
        ForeignKey("rep_summary", "rep_id", "reps", "rep_id"),
    ]
    return frames, keys, "rep_summary", "orders", {"deals": ("seller_id", "buyer_id")}


def chess(seed: int, players: int = 30, n: int = 400) -> Planted:
    """A club's games; each player's ``wins`` (as white or as black) is a column of the players table itself."""
    rng = np.random.default_rng(seed)
    white = rng.integers(1, players + 1, n)
    black = (white + rng.integers(1, players, n) - 1) % players + 1
    games = pl.DataFrame(
        {
            "game_id": np.arange(1, n + 1),
            "white_id": white,
            "black_id": black,
            "result": rng.choice(["1-0", "0-1", "1/2"], n, p=[0.4, 0.35, 0.25]),
            "moves": rng.integers(20, 90, n),
        }
    )
    w = games.filter(pl.col("result") == "1-0").group_by(pl.col("white_id").alias("player_id")).len("a")
    b = games.filter(pl.col("result") == "0-1").group_by(pl.col("black_id").alias("player_id")).len("b")
    people = (
        pl.DataFrame({"player_id": np.arange(1, players + 1), "rating": rng.integers(1200, 2400, players)})
        .join(w, on="player_id", how="left")
        .join(b, on="player_id", how="left")
        .with_columns((pl.col("a").fill_null(0) + pl.col("b").fill_null(0)).cast(pl.Int64).alias("wins"))
        .drop("a", "b")
    )
    keys = [
        ForeignKey("games", "white_id", "players", "player_id"),
        ForeignKey("games", "black_id", "players", "player_id"),
    ]
    return {"players": people, "games": games}, keys, "players", "games", {"wins": ("white_id", "black_id")}


SHAPES: list[Callable[[int], Planted]] = [league, sales, chess]


def _tallies(spec: simulacra.DatasetSpec, table: str) -> dict[str, simulacra.spec.model.ConstraintSpec]:
    return {str(c.tally): c for c in spec.constraints if c.table == table and c.tally is not None}


def _tally_findings(spec: simulacra.DatasetSpec, frames: dict[str, pl.DataFrame]) -> list[Any]:
    return [
        f for f in check_dataset(load_plan(spec), frames) if " = count of " in f.check or " = total over " in f.check
    ]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("make", SHAPES, ids=lambda f: f.__name__)
def test_a_summary_is_drafted_validated_and_sampled(make: Callable[[int], Planted], seed: int) -> None:
    frames, keys, summary, detail, want = make(seed)
    spec = inspect(folder_source(frames, keys, f"{make.__name__}{seed}")).spec
    got = _tallies(spec, summary)
    assert set(got) == set(want), got
    for col, sides in want.items():
        assert got[col].of == detail and [set(s.match.values()) & set(sides) for s in got[col].sides or []] == [
            {sides[0]},
            {sides[1]},
        ]
    # validate: the source passes, one summary value off fails, on the row planted
    assert all(f.ok for f in _tally_findings(spec, frames))
    col = next(iter(want))
    broken = (
        frames[summary]
        .with_row_index("__i")
        .with_columns(pl.when(pl.col("__i") == 5).then(pl.col(col) + 1).otherwise(pl.col(col)).alias(col))
        .drop("__i")
    )
    bad = [f for f in _tally_findings(spec, {**frames, summary: broken}) if not f.ok]
    assert len(bad) == 1 and bad[0].failed == 1 and bad[0].first_row == 5, bad
    # fit -> sample: every tally holds on the sampled rows, and what reads them follows
    out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)
    found = _tally_findings(spec, out)
    assert len(found) == len(want) and all(f.ok for f in found), found
    assert out[summary].select(list(want)).to_numpy().sum() > 0
    if make is league:
        st = out["standings"]
        assert bool((st["points"] == 3 * st["won"] + st["drawn"]).all())


def test_a_rule_checked_by_validate_against_a_wrong_detail_row() -> None:
    """A planted violation in the detail table (a home win turned into a draw): won, drawn, lost and goals for
    fail on the two teams' rows of that season."""
    frames, keys, *_ = league(3)
    spec = inspect(folder_source(frames, keys, "detail")).spec
    m = frames["matches"]
    i = int(np.flatnonzero((m["home_goals"] > m["away_goals"]).to_numpy())[0])
    changed = (
        m.with_row_index("__i")
        .with_columns(
            pl.when(pl.col("__i") == i).then(pl.col("home_goals")).otherwise(pl.col("away_goals")).alias("away_goals")
        )
        .drop("__i")
    )
    bad = {f.check.split(" =")[0]: f.failed for f in _tally_findings(spec, {**frames, "matches": changed}) if not f.ok}
    # the home side won and drew now, the away side lost and drew now, and scored as many as the home side
    assert bad == {"won": 1, "drawn": 2, "lost": 1, "goals_for": 1}, bad


@pytest.mark.parametrize("make", SHAPES, ids=lambda f: f.__name__)
def test_look_alikes_get_no_tally(make: Callable[[int], Planted]) -> None:
    frames, keys, summary, _, want = make(4)
    col = next(iter(want))
    s = frames[summary]
    off = (
        s.with_row_index("__i")
        .with_columns(  # one row one off
            pl.when(pl.col("__i") == 3).then(pl.col(col) + 1).otherwise(pl.col(col)).alias(col)
        )
        .drop("__i")
    )
    assert col not in _tallies(inspect(folder_source({**frames, summary: off}, keys, "off")).spec, summary)
    rng = np.random.default_rng(0)  # drawn on its own, with the same values
    drawn = s.with_columns(pl.Series(col, rng.permutation(s[col].to_numpy())))
    assert col not in _tallies(inspect(folder_source({**frames, summary: drawn}, keys, "drawn")).spec, summary)
    few = s.head(12)  # too few rows to tell
    assert not _tallies(inspect(folder_source({**frames, summary: few}, keys, "few")).spec, summary)


SPEC = """
tables:
  teams:
    rows: 6
    primary_key: team_id
    columns:
      team_id: sequence
      wins: {generator: integer, low: 0, high: 9}
  matches:
    rows: 30
    primary_key: match_id
    columns:
      match_id: sequence
      home_id: {generator: foreign_key, references: teams.team_id}
      away_id: {generator: foreign_key, references: teams.team_id}
      home_goals: {generator: integer, low: 0, high: 5}
      away_goals: {generator: integer, low: 0, high: 4}
constraints:
  - {table: teams, tally: wins, of: matches, sides: [SIDES]}
"""

SIDES = "{match: {team_id: home_id}, where: home_goals > away_goals}, {match: {team_id: away_id}, where: away_goals > home_goals}"


def test_generate_refuses_a_tally_naming_it() -> None:
    with pytest.raises(SpecValidationError, match="tally: wins.*sample"):
        simulacra.generate(yaml.safe_load(SPEC.replace("SIDES", SIDES)), seed=1)


@pytest.mark.parametrize(
    ("sides", "word"),
    [
        ("{match: {team_id: home}, where: home_goals > away_goals}", "home"),
        ("{match: {team_id: home_id}, where: home_gols > away_goals}", "home_gols"),
        ("{match: {team: home_id}}", "team"),
        ("{match: {team_id: home_id}, sum: home_goals}, {match: {team_id: away_id}}", "all sum"),
    ],
)
def test_a_malformed_tally_is_refused(sides: str, word: str) -> None:
    with pytest.raises(Exception, match=word):
        load_plan(yaml.safe_load(SPEC.replace("SIDES", sides)))


def _streamed_findings(spec: simulacra.DatasetSpec, data: dict[str, pl.DataFrame], folder: Path, col: str) -> list[Any]:
    """The streamed ``validate``'s findings on the tally of ``col``, over ``data`` written as CSV files in ``folder``."""
    from simulacra.pipeline import check_streaming

    folder.mkdir()
    for t, f in data.items():
        f.write_csv(folder / f"{t}.csv")
    return [f for f in check_streaming(load_plan(spec), folder, chunk_size=13) if f.check.startswith(f"{col} =")]


@pytest.mark.parametrize("make", [league, sales], ids=lambda f: f.__name__)
def test_validate_in_chunks_finds_the_same(make: Callable[[int], Planted], tmp_path: Path) -> None:
    """A streamed ``validate`` reads the summary and detail columns whole: the same findings as in memory, on the
    source and on a summary one off."""
    frames, keys, summary, _, want = make(5)
    spec = inspect(folder_source(frames, keys, f"chunks{make.__name__}")).spec
    col = next(iter(want))
    broken = frames[summary].with_columns(pl.col(col) + (pl.int_range(pl.len()) == 9).cast(pl.Int64))
    for name, data in (("good", frames), ("bad", {**frames, summary: broken})):
        streamed = _streamed_findings(spec, data, tmp_path / name, col)
        whole = [f for f in _tally_findings(spec, data) if f.check.startswith(f"{col} =")]
        assert [(f.failed, f.first_row) for f in streamed] == [(f.failed, f.first_row) for f in whole]
        assert whole[0].failed == (name == "bad")


@pytest.mark.parametrize("make", [league, chess], ids=lambda f: f.__name__)
def test_a_tally_that_cannot_be_computed_never_passes(make: Callable[[int], Planted], tmp_path: Path) -> None:
    """No detail table, or a detail table without a column the rule reads: every summary row fails, in memory and
    streamed alike — a check that cannot be computed is reported as such, never as a pass."""
    frames, keys, summary, detail, want = make(3)
    spec = inspect(folder_source(frames, keys, f"uncomputable{make.__name__}")).spec
    col = next(iter(want))
    con = _tallies(spec, summary)[col]
    matched = {v for side in con.sides or [] for v in side.match.values()}
    read = next(c for c in tally_reads(con) if c not in matched)  # a column a side's condition or sum reads
    n = frames[summary].height
    for name, data, says in (
        ("no_detail", {t: f for t, f in frames.items() if t != detail}, f"no table '{detail}'"),
        ("no_column", {**frames, detail: frames[detail].drop(read)}, "could not be checked"),
    ):
        whole = [f for f in _tally_findings(spec, data) if f.check.startswith(f"{col} =")]
        assert len(whole) == 1 and whole[0].failed == n and says in whole[0].check, whole
        streamed = _streamed_findings(spec, data, tmp_path / name, col)
        assert len(streamed) == 1 and streamed[0].failed == n and says in streamed[0].check, streamed
