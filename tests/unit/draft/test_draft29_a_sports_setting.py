"""A sports setting (issue 20, draft29): where the request names a sport, a league, a season or a tournament
and has a table of teams or clubs beside players or games, the teams are a league's (no cost centre, no
budget), the players play for one (a position, a shirt number, no e-mail), the games or matches are between a
home and an away team (never the same) with their scores, and what players score is made per game: a goal
row per goal of the score by a player of the scoring team, a points line per player of either team.

The settings are from no benchmark request set (``benchmarks/draft_requests.py``) nor a held-out request."""

from __future__ import annotations

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import key_to, refs

import simulacra
from simulacra.draft import draft

#: (request, teams, players, games, the scoring table, its kind: 'goal' rows or a player's 'line')
_SETTINGS = [
    (
        "a football league: 20 teams, 460 players, matches over the 2024 season, goals and cards",
        "teams",
        "players",
        "matches",
        "goals",
        "goal",
    ),
    (
        "a handball league: 12 clubs, 220 players, fixtures over 2023 and goals scored by players in fixtures",
        "clubs",
        "players",
        "fixtures",
        "goals",
        "goal",
    ),
    (
        "a basketball tournament: 10 teams, 160 players, 90 games over 2024 and points scored by players in games",
        "teams",
        "players",
        "games",
        "points",
        "line",
    ),
]


def _team_of(frames: dict[str, pl.DataFrame], spec: dict, players: str, teams: str) -> dict[int, int]:
    col = key_to(spec, players, teams)
    pkey = spec["tables"][players]["primary_key"]
    return dict(zip(frames[players][pkey].to_list(), frames[players][col].to_list(), strict=True))


@pytest.mark.parametrize(("request_", "teams", "players", "games", "scored", "how"), _SETTINGS)
def test_the_tables_of_a_sport(request_: str, teams: str, players: str, games: str, scored: str, how: str) -> None:
    spec = draft(request_).spec
    t = spec["tables"]
    assert not {"cost_center", "budget", "serial", "model"} & (set(t[teams]["columns"]) | set(t[games]["columns"]))
    assert {"name", "city"} <= set(t[teams]["columns"])
    assert teams in refs(t[players]) and {"position", "shirt_number"} <= set(t[players]["columns"])
    assert "email" not in t[players]["columns"]
    tkey = t[teams]["primary_key"]
    home, away = f"home_{tkey}", f"away_{tkey}"
    assert t[games]["columns"][home]["references"] == t[games]["columns"][away]["references"] == f"{teams}.{tkey}"
    assert {"home_score", "away_score"} <= set(t[games]["columns"])
    assert {"table": games, "name": f"two_{teams}", "check": f"{home} <> {away}"} in spec["constraints"]
    assert t[scored]["rows"]["per"] == games and refs(t[scored]) == {games, players}


@pytest.mark.parametrize(("request_", "teams", "players", "games", "scored", "how"), _SETTINGS)
@pytest.mark.parametrize("seed", [1, 6])
def test_games_and_what_players_score(
    request_: str, teams: str, players: str, games: str, scored: str, how: str, seed: int
) -> None:
    spec = draft(request_).spec
    f = simulacra.generate(spec, seed=seed).frames
    tkey = spec["tables"][teams]["primary_key"]
    gkey = spec["tables"][games]["primary_key"]
    g = f[games]
    assert g.height > 0 and (g[f"home_{tkey}"] != g[f"away_{tkey}"]).all()
    team = _team_of(f, spec, players, teams)
    rows = f[scored].join(g, on=gkey)
    pkey = spec["tables"][players]["primary_key"]
    side = [team[p] for p in rows[pkey].to_list()]
    at_home = [s == h for s, h in zip(side, rows[f"home_{tkey}"].to_list(), strict=True)]
    away = [s == a for s, a in zip(side, rows[f"away_{tkey}"].to_list(), strict=True)]
    assert all(h or a for h, a in zip(at_home, away, strict=True))  # a player of one of the two teams
    per = (
        rows.with_columns(pl.Series("home_side", at_home))
        .group_by(gkey)
        .agg(pl.len().alias("n"), pl.col("home_side").sum().alias("h"), pl.first("home_score"), pl.first("away_score"))
    )
    if how == "goal":  # each game's goals are its score, the home team's by its players
        assert (per["n"] == per["home_score"] + per["away_score"]).all()
        assert (per["h"] == per["home_score"]).all()
        assert rows.height == int(g["home_score"].sum() + g["away_score"].sum())
    else:  # a line per player of each team
        assert (per["n"] == 2 * per["h"]).all() and per["n"].n_unique() == 1


def test_a_count_of_goals_asked_is_kept() -> None:
    spec = draft("a rugby league: 14 clubs, 400 players, 182 matches over 2024 and 900 tries by players").spec
    t = spec["tables"]
    assert t["tries"]["rows"] == 900 and refs(t["tries"]) == {"matches", "players"}
    assert {"home_club_id", "away_club_id"} <= set(t["matches"]["columns"])


@pytest.mark.parametrize(
    ("request_", "table", "kept"),
    [
        ("a software company with 6 teams, 90 employees and 400 projects", "teams", "budget"),
        ("a video game studio: 40 games, 20,000 players and play sessions", "games", None),
    ],
)
def test_no_sport_said_no_sport_tables(request_: str, table: str, kept: str | None) -> None:
    cols = draft(request_).spec["tables"][table]["columns"]
    assert "home_score" not in cols and not any(c.startswith("home_") for c in cols)
    if kept is not None:
        assert kept in cols
