"""A seeded football league nobody tuned for: a third held-out-like database for issue 13.

Written after the hospital and the parcel company, in a domain no benchmark, probe or test uses, and
run once through the product before anything was changed for it. What a person who follows the sport
checks first is planted by construction:

* a row with two keys to one table that must differ: a match's home and away teams;
* a child's date inside its parent's period: a match inside its season;
* a column decided by two others of the same row: ``result`` is H, D or A as ``home_goals`` is above,
  equal to or below ``away_goals``;
* uniqueness within a parent: one match per (season, home team, away team); one row per (season, team)
  in the table; shirt numbers unique within a team; a team plays once per (season, matchday);
* a bound from a parent: attendance at most the home team's stadium capacity;
* arithmetic within a row: points = 3 × won + drawn; played = won + drawn + lost; goal difference =
  goals for − goals against;
* rank within a parent that follows another column: ``position`` 1..n within a season in order of points;
* children counted by their parent's columns: a match has home_goals + away_goals goal rows, each of a
  player of one of its two teams, numbered 1..n in minute order;
* a summary table that agrees with its detail: a team's ``won`` is the number of matches it won;
* persons (player names built from syllables, birth dates that give ages 17-36) a sample makes fresh.

    PYTHONPATH=src .venv/bin/python benchmarks/heldout_league.py OUT.db [--seed 5] [--seasons 4] [--csv DIR]

Generated data: no split applies; ``learn_heldout_league.py``'s first run on it is the held-out-like figure.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout_hospital import cli  # noqa: E402  (a held-out database's command line)

_ON = ("ba", "ker", "lin", "dor", "ves", "ton", "mar", "rel", "sa", "gun", "fi", "ho", "bri", "ca", "den", "ru")
_TOWN = ("Ash", "Brack", "Caul", "Dun", "Elm", "Fen", "Gar", "Holm", "Ire", "Kel", "Lor", "Mor", "Nes", "Orr")
_TOWN_END = ("ford", "wick", "by", "ton", "mouth", "stead", "ley", "bridge")
_CLUB = ("United", "City", "Athletic", "Rovers", "Town", "Albion", "Wanderers", "County")
POSITIONS = {"GK": 3, "DF": 8, "MF": 8, "FW": 5}
_SCORING = {"GK": 0.0, "DF": 0.1, "MF": 0.3, "FW": 0.6}


def _word(rng: np.random.Generator, parts: tuple[str, ...], lo: int, hi: int) -> str:
    return "".join(rng.choice(parts, int(rng.integers(lo, hi + 1)))).capitalize()


def _rounds(n: int) -> list[list[tuple[int, int]]]:
    """A double round robin by the circle method: 2(n-1) matchdays of n/2 (home, away) pairs."""
    teams = list(range(n))
    first: list[list[tuple[int, int]]] = []
    for d in range(n - 1):
        day = [(teams[i], teams[n - 1 - i]) for i in range(n // 2)]
        first.append([(a, b) if (d + i) % 2 else (b, a) for i, (a, b) in enumerate(day)])
        teams = [teams[0], teams[-1], *teams[1:-1]]
    return first + [[(b, a) for a, b in day] for day in first]


def league(seed: int = 5, n_seasons: int = 4, n_teams: int = 16) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    towns: list[str] = []
    while len(towns) < n_teams:
        t = str(rng.choice(_TOWN)) + str(rng.choice(_TOWN_END))
        if t not in towns:
            towns.append(t)
    teams = pl.DataFrame(
        {
            "team_id": np.arange(1, n_teams + 1),
            "name": [f"{t} {rng.choice(_CLUB)}" for t in towns],
            "founded": rng.integers(1867, 1961, n_teams),
            "capacity": (rng.lognormal(np.log(22_000), 0.5, n_teams) // 100 * 100).astype(np.int64).clip(6_000, 75_000),
        }
    )
    strength = rng.normal(0, 0.35, n_teams)
    capacity = teams["capacity"].to_numpy()

    players: list[dict[str, object]] = []
    for team in range(1, n_teams + 1):
        shirts = rng.permutation(np.arange(2, 41))
        k = 0
        for pos, count in POSITIONS.items():
            for j in range(count):
                shirt = 1 if pos == "GK" and j == 0 else int(shirts[k])
                k += pos != "GK" or j > 0
                born = dt.date(1983, 1, 1) + dt.timedelta(days=int(rng.integers(0, 19 * 365)))
                players.append(
                    {
                        "player_id": len(players) + 1,
                        "team_id": team,
                        "first_name": _word(rng, _ON, 2, 2),
                        "last_name": _word(rng, _ON, 2, 3),
                        "birth_date": born,
                        "position": pos,
                        "shirt_number": shirt,
                    }
                )
    pl_frame = pl.DataFrame(players)
    by_team = {t: pl_frame.filter(pl.col("team_id") == t) for t in range(1, n_teams + 1)}

    seasons, matches, goals, table = [], [], [], []
    for s in range(n_seasons):
        year = 2019 + s
        start, end = dt.date(year, 8, 9), dt.date(year + 1, 5, 24)
        seasons.append({"season_id": s + 1, "name": f"{year}/{(year + 1) % 100:02d}", "starts": start, "ends": end})
        won = np.zeros(n_teams, int)
        drawn, lost, gf, ga = won.copy(), won.copy(), won.copy(), won.copy()
        days = _rounds(n_teams)
        span = (end - start).days - 3
        for d, day in enumerate(days):
            base = start + dt.timedelta(days=int(round(d * span / len(days))))
            for h, a in day:
                lam_h = np.exp(0.35 + strength[h] - strength[a])
                lam_a = np.exp(0.05 + strength[a] - strength[h])
                hg, ag = int(rng.poisson(lam_h)), int(rng.poisson(lam_a))
                mid = len(matches) + 1
                matches.append(
                    {
                        "match_id": mid,
                        "season_id": s + 1,
                        "matchday": d + 1,
                        "match_date": base + dt.timedelta(days=int(rng.integers(0, 3))),
                        "home_team_id": h + 1,
                        "away_team_id": a + 1,
                        "home_goals": hg,
                        "away_goals": ag,
                        "result": "H" if hg > ag else "A" if ag > hg else "D",
                        "attendance": int(capacity[h] * rng.uniform(0.55, 1.0)),
                    }
                )
                gf[h] += hg
                ga[h] += ag
                gf[a] += ag
                ga[a] += hg
                won[h] += hg > ag
                won[a] += ag > hg
                lost[h] += hg < ag
                lost[a] += ag < hg
                drawn[h] += hg == ag
                drawn[a] += hg == ag
                minutes = np.sort(rng.integers(1, 96, hg + ag))
                sides = rng.permutation([h + 1] * hg + [a + 1] * ag)
                for i, (m, team) in enumerate(zip(minutes, sides, strict=True)):
                    squad = by_team[int(team)]
                    w = np.array([_SCORING[p] for p in squad["position"]])
                    scorer = int(squad["player_id"][int(rng.choice(len(w), p=w / w.sum()))])
                    goals.append(
                        {
                            "goal_id": len(goals) + 1,
                            "match_id": mid,
                            "seq": i + 1,
                            "minute": int(m),
                            "team_id": int(team),
                            "player_id": scorer,
                        }
                    )
        pts = 3 * won + drawn
        order = sorted(range(n_teams), key=lambda t: (-pts[t], -(gf[t] - ga[t]), -gf[t], t))
        for rank, t in enumerate(order, 1):
            table.append(
                {
                    "standing_id": len(table) + 1,
                    "season_id": s + 1,
                    "team_id": t + 1,
                    "position": rank,
                    "played": int(won[t] + drawn[t] + lost[t]),
                    "won": int(won[t]),
                    "drawn": int(drawn[t]),
                    "lost": int(lost[t]),
                    "goals_for": int(gf[t]),
                    "goals_against": int(ga[t]),
                    "goal_difference": int(gf[t] - ga[t]),
                    "points": int(pts[t]),
                }
            )
    return {
        "seasons": pl.DataFrame(seasons),
        "teams": teams,
        "players": pl_frame,
        "matches": pl.DataFrame(matches),
        "goals": pl.DataFrame(goals),
        "standings": pl.DataFrame(table),
    }


def main() -> None:
    cli(__doc__ or "", league, 5, "seasons", 4)


if __name__ == "__main__":
    main()
