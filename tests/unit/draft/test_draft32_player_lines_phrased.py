"""A player's line of a game said with a possessive or a relative phrase makes the lines table (issue 20, draft32).

draft31's sports pass made a line per player per game for "points per player per game" and "points scored by
players", but "each player's points in each match" made no table, and "runs scored by players per game" made a
second table of people ('scored_players') that stopped the pass. Phrasings of "the X of/by each player in each
game" now make the pass's table: one row per player of either side in a game (or one per goal where goals are
the score), with keys to the game and the player, and no second player table; where the score counts what the
lines count, the score is their sum.
"""

from __future__ import annotations

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import keys_to

import simulacra
from simulacra.draft import draft

# (request, game table, line table, what the line counts)
PHRASED = [
    (
        "a rugby league season: 12 clubs, 330 players, 132 matches and each player's points in each match",
        "matches",
        "points",
        "points",
    ),
    (
        "a baseball season: 30 teams, 780 players, 2,430 games and runs scored by players per game",
        "games",
        "runs",
        "runs",
    ),
    ("a hockey league: 8 teams, 180 players, 100 games and goals by each player per game", "games", "goals", None),
    (
        "a football league: 20 clubs, 500 players, 380 matches and every player's goals in each match",
        "matches",
        "goals",
        None,
    ),
    (
        "a cricket league: 8 teams, 120 players, 60 matches and runs made by each player in every match",
        "matches",
        "runs",
        "runs",
    ),
    (
        "a basketball league: 12 teams, 180 players, 150 games and the points each player scored per game",
        "games",
        "points",
        "points",
    ),
    (
        "a rugby season: 12 clubs, 330 players, 132 matches and the points of every player in each match",
        "matches",
        "points",
        "points",
    ),
]


@pytest.mark.parametrize(("request_", "game", "line", "unit"), PHRASED)
def test_the_phrase_makes_the_lines_table(request_: str, game: str, line: str, unit: str | None) -> None:
    tables = draft(request_).spec["tables"]  # raises if the draft does not validate
    assert [t for t in tables if t.endswith("players")] == ["players"]
    assert line in tables, sorted(tables)
    cols = tables[line]["columns"]
    assert keys_to(tables[line], game) and keys_to(tables[line], "players")
    assert tables[line]["rows"]["per"] == game
    if unit is not None:  # the score is the sum of the lines
        assert unit in cols
        for side in ("home", "away"):
            assert tables[game]["columns"][f"{side}_score"]["generator"] == "aggregate"


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(
    "request_",
    [
        "a rugby league season: 6 clubs, 150 players, 30 matches and each player's points in each match",
        "a baseball season: 6 teams, 156 players, 40 games and runs scored by players per game",
    ],
)
def test_each_line_is_of_a_player_of_the_game(request_: str, seed: int) -> None:
    spec = draft(request_).spec
    tables = spec["tables"]
    game = next(t for t in tables if t in ("games", "matches"))
    team = next(t for t in tables if t in ("teams", "clubs"))
    line = next(t for t in tables if t in ("points", "runs"))
    gkey, pkey, tkey = (tables[t]["primary_key"] for t in (game, "players", team))
    pteam = keys_to(tables["players"], team)[0]
    f = simulacra.generate(spec, seed=seed, scale=1.0).frames
    lines = f[line].join(f["players"].select(pkey, pteam), on=pkey).join(f[game], on=gkey)
    assert lines.height > 0
    # every line's player plays for one of the game's two sides, and both sides have lines in every game
    assert ((lines[pteam] == lines[f"home_{tkey}"]) | (lines[pteam] == lines[f"away_{tkey}"])).all()
    assert lines[gkey].n_unique() == f[game].height
    unit = line
    for side in ("home", "away"):
        got = lines.filter(pl.col(pteam) == pl.col(f"{side}_{tkey}")).group_by(gkey).agg(pl.col(unit).sum().alias("s"))
        both = f[game].select(gkey, f"{side}_score").join(got, on=gkey, how="left").fill_null(0)
        assert (both[f"{side}_score"] == both["s"]).all()


@pytest.mark.parametrize(
    "request_",
    [
        "a football league: 10 clubs, 200 players and 90 matches",  # no player's line asked
        "a darts club: 60 players, 300 games and each player's points in each game",  # no teams: no league pass
    ],
)
def test_no_line_table_where_none_is_said_or_no_league(request_: str) -> None:
    tables = draft(request_).spec["tables"]
    assert not any(t in tables for t in ("goals", "runs")) and "players" in tables
    assert "points" not in tables or not any(
        isinstance(c, dict) and c.get("generator") == "aggregate"
        for t in tables.values()
        for c in t["columns"].values()
    )
