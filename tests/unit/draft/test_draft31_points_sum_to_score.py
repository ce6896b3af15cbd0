"""A side's score is the sum of its players' points lines where the score counts points (issue 20, draft31).

draft29 made 'points per player per game' one line per player in a game (so many of each team) and drew the
game's home and away score beside them: the lines did not add up to the score. Where the score counts what
the lines count (basketball, rugby, netball, handball points; baseball runs), the score is now the sum of the
lines of the side's players. Several sports and phrasings; each drafted spec validates and generates, and in
the generated rows each game's home (away) score equals the points (runs) of the lines whose player is of the
home (away) team. Where the score counts something else (volleyball sets, a hockey player's points) or goals
are made one per goal of the score, the score stays drawn.
"""

from __future__ import annotations

import polars as pl
import pytest

import simulacra
from simulacra.draft import draft

# (request, game table, line table, what the score counts, team key)
SUMMED = [
    (
        "a basketball league: 12 teams, 180 players, 132 games over the 2024 season and points per player per game",
        "games",
        "points",
        "points",
    ),
    (
        "a rugby union championship with 10 clubs, 320 players and 90 matches; points scored by players in matches",
        "matches",
        "points",
        "points",
    ),
    ("a netball league: 8 teams of 10 players, 56 games and player stats per game", "games", "player_stats", "points"),
    (
        "a women's basketball league: 12 teams, 180 players and 132 games in the 2025 season with points scored by "
        "players",
        "games",
        "points",
        "points",
    ),
    ("a baseball season: 10 teams, 260 players, 150 games and runs per player per game", "games", "runs", "runs"),
]


def _fk(cols: dict, table: str) -> str:  # type: ignore[type-arg]
    return next(
        n
        for n, c in cols.items()
        if isinstance(c, dict) and c.get("generator") == "foreign_key" and str(c["references"]).startswith(f"{table}.")
    )


@pytest.mark.parametrize(("request_", "game", "line", "unit"), SUMMED)
def test_the_score_is_an_aggregate_of_the_lines(request_: str, game: str, line: str, unit: str) -> None:
    spec = draft(request_).spec  # raises if the draft does not validate
    cols = spec["tables"][game]["columns"]
    for side in ("home", "away"):
        assert cols[f"{side}_score"] == {"generator": "aggregate", "function": "sum", "of": f"{line}.{side}_{unit}"}
    assert spec["tables"][line]["rows"]["per"] == game
    assert unit in spec["tables"][line]["columns"]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("request_", "game", "line", "unit"), [SUMMED[0], SUMMED[1], SUMMED[4]])
def test_each_side_scores_the_sum_of_its_players_lines(
    request_: str, game: str, line: str, unit: str, seed: int
) -> None:
    spec = draft(request_).spec
    tables = spec["tables"]
    team = next(t for t in tables if t.endswith(("teams", "clubs")))
    player = next(t for t in tables if t.endswith("players"))
    gkey, pkey, tkey = (tables[t]["primary_key"] for t in (game, player, team))
    f = simulacra.generate(spec, seed=seed, scale=1.0).frames
    lines = f[line].join(f[player].select(pkey, _fk(tables[player]["columns"], team)), on=pkey)
    pteam = _fk(tables[player]["columns"], team)
    games = f[game]
    assert games.height > 0 and lines.height > 0
    for side in ("home", "away"):
        got = (
            lines.join(games.select(gkey, f"{side}_{tkey}"), on=gkey)
            .filter(pl.col(pteam) == pl.col(f"{side}_{tkey}"))
            .group_by(gkey)
            .agg(pl.col(unit).sum().alias("sum"))
        )
        both = games.select(gkey, f"{side}_score").join(got, on=gkey, how="left").fill_null(0)
        assert (both[f"{side}_score"] == both["sum"]).all(), side
    # a real contest: the scores spread like the sport's (not all equal, not all zero)
    assert games["home_score"].n_unique() > 3 and games["home_score"].mean() > 0  # type: ignore[operator]


@pytest.mark.parametrize(
    "request_",
    [
        # the score counts sets: points do not add up to it
        "an amateur volleyball season: 16 teams of 12 players each, games between teams and points per player per game",
        # a hockey player's points are goals and assists: the score counts goals
        "a hockey season: 8 teams of 20 players each, games between teams and points per player per game",
        # goals made one per goal of the score: the score stays drawn, the goals equal it
        "a handball league: 10 clubs, 200 players, 90 matches and goals scored by players in matches",
    ],
)
def test_a_score_of_other_things_stays_drawn(request_: str) -> None:
    spec = draft(request_).spec
    for table in spec["tables"].values():
        for name in ("home_score", "away_score"):
            col = table["columns"].get(name)
            assert col is None or col["generator"] != "aggregate"
