"""Issue 13's structure classes on a third database nobody tuned for: the football league of
``heldout_league.py``.

The same run as ``learn_heldout_db.py`` (whose harness this shares: ``inspect`` -> review ->
``fit --spec`` -> ``sample`` per seed -> ``validate``, then each check scored on the source and on
every sample, source beside sample mean and worst seed); the review makes no edit, so the figures are
what a user gets from the draft as written. The checks were written with the database, before the
first run.

    PYTHONPATH=src .venv/bin/python benchmarks/learn_heldout_league.py [--seed 5] [--seasons 4] [--seeds 1,2,3] [--csv] [--work DIR]

Generated data: its first run is the held-out-like figure; later runs after fixes are dev figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

import polars as pl
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout_league import league  # noqa: E402
from learn_heldout_db import Frames, age, count_fidelity, in_span, parse, run, share  # noqa: E402

DATES = {"seasons": ("starts", "ends"), "players": ("birth_date",), "matches": ("match_date",)}


def _unique(df: pl.DataFrame, cols: list[str]) -> float:
    """The share of rows whose ``cols`` no other row repeats."""
    return share(~df.select(cols).is_duplicated())


def _ranked(df: pl.DataFrame, parent: str, rank: str, by: str) -> tuple[float, float]:
    """Per parent: (``rank`` is 1..n, ``by`` never rises as ``rank`` goes down the table)."""
    g = (
        df.sort(parent, rank)
        .group_by(parent, maintain_order=True)
        .agg(
            (pl.col(rank).sort() == pl.int_range(1, pl.len() + 1)).all().alias("perm"),
            (pl.col(by).diff().drop_nulls() <= 0).all().alias("order"),
        )
    )
    return share(g["perm"]), share(g["order"])


def _round_span(matches: pl.DataFrame) -> float:
    """The median over (season, matchday) of its last date minus its first, in days (a weekend: 2)."""
    g = matches.group_by("season_id", "matchday").agg(pl.col("match_date").max() - pl.col("match_date").min())
    return float(g["match_date"].dt.total_days().median() or 0.0)


def _rounds_in_order(matches: pl.DataFrame) -> float:
    """The share of a season's matchdays (after its first) that start after the one before it has ended."""
    g = (
        matches.group_by("season_id", "matchday")
        .agg(pl.col("match_date").min().alias("first"), pl.col("match_date").max().alias("last"))
        .sort("season_id", "matchday")
        .with_columns(pl.col("last").shift(1).over("season_id").alias("prev"))
        .drop_nulls("prev")
    )
    return share(g["first"] > g["prev"])


def checks(f: Frames, real: Frames) -> dict[str, float]:
    seasons, teams, players, matches, goals, table = (
        f[t] for t in ("seasons", "teams", "players", "matches", "goals", "standings")
    )
    m = matches.join(seasons.select("season_id", "starts", "ends"), on="season_id", how="left").join(
        teams.select(pl.col("team_id").alias("home_team_id"), "capacity"), on="home_team_id", how="left"
    )
    sides = pl.concat(
        [
            matches.select("season_id", "matchday", pl.col("home_team_id").alias("team_id")),
            matches.select("season_id", "matchday", pl.col("away_team_id").alias("team_id")),
        ]
    )
    g = goals.join(
        matches.select("match_id", "home_team_id", "away_team_id", "home_goals", "away_goals"),
        on="match_id",
        how="left",
    ).join(players.select("player_id", pl.col("team_id").alias("__pt")), on="player_id", how="left")
    per_match = matches.join(goals.group_by("match_id").len(), on="match_id", how="left").with_columns(
        pl.col("len").fill_null(0)
    )
    in_minutes = goals.sort("match_id", "minute", "seq").group_by("match_id", maintain_order=True)
    wins = (
        pl.concat(
            [
                matches.filter(pl.col("home_goals") > pl.col("away_goals")).select(
                    "season_id", pl.col("home_team_id").alias("team_id")
                ),
                matches.filter(pl.col("away_goals") > pl.col("home_goals")).select(
                    "season_id", pl.col("away_team_id").alias("team_id")
                ),
            ]
        )
        .group_by("season_id", "team_id")
        .len()
    )
    tw = table.join(wins, on=["season_id", "team_id"], how="left").with_columns(pl.col("len").fill_null(0))
    perm, order = _ranked(table, "season_id", "position", "points")
    res = pl.when(pl.col("home_goals") > pl.col("away_goals")).then(pl.lit("H"))
    res = res.when(pl.col("home_goals") < pl.col("away_goals")).then(pl.lit("A")).otherwise(pl.lit("D"))
    start = pl.lit(dt.date(2019, 8, 1))
    real_names = set(zip(real["players"]["first_name"], real["players"]["last_name"], strict=True))
    pairs = zip(players["first_name"], players["last_name"], strict=True)
    top = players["last_name"].value_counts(sort=True)["count"][0] / max(players.height, 1)
    return {
        "two keys: home team differs from away team": share(matches["home_team_id"] != matches["away_team_id"]),
        "period: match inside its season": share((m["match_date"] >= m["starts"]) & (m["match_date"] <= m["ends"])),
        "same row: result agrees with the goals": share(matches.select(pl.col("result") == res).to_series()),
        "unique: one match per (season, home, away)": _unique(matches, ["season_id", "home_team_id", "away_team_id"]),
        "unique: a team plays once per (season, matchday)": _unique(sides, ["season_id", "matchday", "team_id"]),
        "bound: attendance within the home stadium's capacity": share(m["attendance"] <= m["capacity"]),
        "arithmetic: points = 3 x won + drawn": share(table["points"] == 3 * table["won"] + table["drawn"]),
        "arithmetic: played = won + drawn + lost": share(
            table["played"] == table["won"] + table["drawn"] + table["lost"]
        ),
        "arithmetic: goal difference = for - against": share(
            table["goal_difference"] == table["goals_for"] - table["goals_against"]
        ),
        "unique: one standing per (season, team)": _unique(table, ["season_id", "team_id"]),
        "rank: position 1..n within a season": perm,
        "rank: position in order of points": order,
        "unique: shirt number within a team": _unique(players, ["team_id", "shirt_number"]),
        "age: player 16-40 at the first season's start": share(
            players.select(age(pl.col("birth_date"), start).is_between(16, 40)).to_series()
        ),
        "children: goal rows = home_goals + away_goals": share(
            per_match["len"] == per_match["home_goals"] + per_match["away_goals"]
        ),
        "key through a parent: goal's team is one of its match's": share(
            (g["team_id"] == g["home_team_id"]) | (g["team_id"] == g["away_team_id"])
        ),
        "key through a parent: scorer plays for the goal's team": share(g["__pt"] == g["team_id"]),
        "rank: goal seq 1..n in minute order": share(
            in_minutes.agg((pl.col("seq") == pl.int_range(1, pl.len() + 1)).all().alias("ok"))["ok"]
        ),
        "summary: standings' won = matches won": share(tw["won"] == tw["len"]),
        "counts: goals per match like the source's": count_fidelity(
            goals, matches, "match_id", "match_id", real["goals"], real["matches"]
        ),
        "dates inside the source's span": in_span(f, real, DATES),
        "rounds: a matchday's dates span (days), median": _round_span(matches),
        "rounds: matchdays start in order within a season": _rounds_in_order(matches),
        "names: most common surname's share (source ~0.01)": float(top),
        "privacy: player names copied from the source": share(pl.Series([p in real_names for p in pairs])),
    }


def review(draft: Path, reviewed: Path) -> list[str]:
    """What a user reading the draft fixes: nothing (the figures are the draft's as written)."""
    spec = yaml.safe_load(draft.read_text())
    reviewed.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    return []


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=5, help="the league's seed")
    ap.add_argument("--seasons", type=int, default=4)
    args = parse(ap)
    work = args.work or Path(tempfile.mkdtemp(prefix="heldout_league_"))
    label = f"football league (seed {args.seed}, {args.seasons} seasons, from {'CSV' if args.csv else 'SQLite'})"
    run(league(args.seed, args.seasons), "league", DATES, checks, review, args, work, label)


if __name__ == "__main__":
    main()
