"""A sports setting read as one: teams (clubs) of players, games between a home and an away team with their
scores, and what players score or do in each game.

The catalogue has no sport domain, so before this pass a league's 'teams' were the HR kind (cost centre,
budget), its 'matches' or 'fixtures' WordNet things (a serial number, a model), its players people with an
e-mail and a sign-up date, and 'goals' things owned by a player. The pass works on the composed spec: where
the request names a sport (or a league, a season, a tournament) and has a table of teams or clubs beside
one of players or games, those tables are rewritten as a reader of sports data expects.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from simulacra.draft._nouns import singular
from simulacra.draft._scaled_counts import mark_fixed_set


@dataclass(frozen=True)
class _Sport:
    home: float  # mean score of the home team
    away: float
    std: float | None  # None: a count of rare goals (poisson); else normal
    minutes: int  # length of play: a scoring event's minute is within it
    dressed: int  # players per team in one game's stat lines
    positions: dict[str, float]
    counts: str | None = None  # what the score adds up (points, runs): a player's line of it sums to the score


_FOOTBALL = _Sport(1.5, 1.2, None, 90, 14, {"goalkeeper": 0.1, "defender": 0.33, "midfielder": 0.35, "forward": 0.22})
_SPORTS: dict[str, _Sport] = {
    "football": _FOOTBALL,
    "soccer": _FOOTBALL,
    "hockey": _Sport(3.1, 2.8, None, 60, 18, {"goaltender": 0.1, "defenseman": 0.33, "center": 0.2, "winger": 0.37}),
    "handball": _Sport(29, 27, 4.0, 60, 14, {"goalkeeper": 0.14, "back": 0.43, "wing": 0.29, "pivot": 0.14}, "points"),
    "basketball": _Sport(
        105,
        102,
        12.0,
        48,
        10,
        {"point_guard": 0.2, "shooting_guard": 0.2, "small_forward": 0.2, "power_forward": 0.2, "center": 0.2},
        "points",
    ),
    "netball": _Sport(55, 52, 8.0, 60, 7, {"goal_shooter": 0.3, "centre": 0.3, "goal_keeper": 0.4}, "points"),
    "rugby": _Sport(
        24,
        19,
        9.0,
        80,
        23,
        {"prop": 0.2, "hooker": 0.1, "lock": 0.15, "flanker": 0.15, "half": 0.15, "back": 0.25},
        "points",
    ),
    "baseball": _Sport(
        4.6, 4.3, None, 9, 13, {"pitcher": 0.45, "catcher": 0.1, "infielder": 0.25, "outfielder": 0.2}, "runs"
    ),
    "cricket": _Sport(
        165, 150, 35.0, 50, 11, {"batter": 0.4, "bowler": 0.35, "all_rounder": 0.15, "wicketkeeper": 0.1}, "runs"
    ),
    "volleyball": _Sport(
        2.4, 1.9, 0.8, 5, 12, {"setter": 0.2, "outside_hitter": 0.35, "middle_blocker": 0.3, "libero": 0.15}
    ),
}
#: words that make a request's teams and games those of a sport, with no sport named: football's model
_SPORT_CUES = frozenset(
    "league leagues season seasons tournament tournaments championship championships sport sports esports "
    "playoffs playoff fixtures".split()
)
_TEAM = frozenset({"team", "club", "franchise", "squad"})
_PLAYER = frozenset({"player", "athlete"})
_GAME = frozenset({"game", "match", "fixture", "matchup", "bout"})
#: one row per time it happens in a game, by a player of one of its two teams
_SCORING = frozenset({"goal", "try", "touchdown", "basket"})
#: points one of these is worth where the score counts points (a goal is one of the score's goals)
_POINTS = {"try": 5, "touchdown": 7, "basket": 2}
_INCIDENT = frozenset(
    {"card", "foul", "penalty", "assist", "substitution", "save", "shot", "tackle", "rebound", "steal", "interception"}
)
#: one row per player who played in a game: the player's line of it
_LINE = frozenset({"point", "run", "stat", "statistic", "appearance", "lineup", "performance", "box_score"})
#: "points scored by players in games", "each player's points in each match", "the runs each player scored",
#: "goals of every player per game": a line of each player's points (or a row per goal) said of the players,
#: made though no table was named for it
_STAT = r"(?P<stat>points|goals|runs|tries)"
_EACH = r"(?:(?:each|every|all|the|a)\s+)?"
_SCORED_SAID = tuple(
    re.compile(pattern)
    for pattern in (
        rf"\b{_STAT}\s+(?:scored\b|made\b|per\s+player\b|(?:(?:scored|made)\s+)?(?:by|of|for|from)\s+{_EACH}"
        r"players?\b)",
        rf"\b{_EACH}(?:player's|players')\s+{_STAT}\b",
        rf"\b{_STAT}\s+(?:that\s+)?(?:each|every)\s+player\s+(?:scored|scores|made|makes|got|gets)\b",
    )
)


def _scored_said(text: str) -> tuple[str, str] | None:
    """The stat ('points', 'runs') a phrase of the request says of the players, and the phrase; or None."""
    low = text.lower().replace("’", "'")
    return next(((m.group("stat"), m.group(0)) for p in _SCORED_SAID if (m := p.search(low))), None)


#: a table the parse made of the words of such a phrase ("runs scored by players": 'scored_players'), no
#: second table of players
_PARTICIPLES = frozenset({"scored", "made", "won", "earned"})


def head_of(table: str) -> str:
    """What a table is of: its name's last word, singular ('ticket_sales' -> 'sale')."""
    return singular(table.split("_")[-1]) if table else table


def keys_to(cols: dict[str, Any], table: str) -> list[str]:
    """The columns of ``cols`` that are keys to ``table``."""
    return [n for n, c in cols.items() if isinstance(c, dict) and str(c.get("references", "")).startswith(f"{table}.")]


def _tables_headed(spec: dict[str, Any], heads: frozenset[str]) -> list[str]:
    return [t for t in spec["tables"] if head_of(t) in heads]


def _sport_of(text: str) -> _Sport | None:
    words = set(re.findall(r"[a-z]+", text.lower()))
    for name, sport in _SPORTS.items():
        if name in words:
            return sport
    return _FOOTBALL if words & _SPORT_CUES else None


def sport_tables(spec: dict[str, Any], text: str, span: tuple[dt.date, dt.date], notes: list[str]) -> None:
    """Rewrite a sports request's teams, players, games and scoring tables (see the module's doc)."""
    sport = _sport_of(text)
    teams = _tables_headed(spec, _TEAM)
    said = _scored_said(text) if sport is not None else None
    if said is not None:
        _drop_scored_players(spec, notes)
    players = _tables_headed(spec, _PLAYER)
    games = _tables_headed(spec, _GAME)
    if sport is None or len(teams) != 1 or not (players or games) or len(players) > 1 or len(games) > 1:
        return
    tables = spec["tables"]
    team = teams[0]
    tkey = tables[team]["primary_key"]
    rewritten = [team]
    _team(tables[team], team)
    if mark_fixed_set(tables[team]):  # a league's teams are not a sample: its games pair each with every other
        notes.append(
            f"{team}: {tables[team]['rows']:,} rows, the teams of the league: a fixed set, the same at every --scale "
            "(static)"
        )
    player = players[0] if players else None
    if player is not None:
        _player(tables[player], team, tkey, sport)
        rewritten.append(player)
    game = games[0] if games else None
    if game is not None:
        _game(tables[game], game, team, tkey, tables[team], sport, span, spec, notes)
        rewritten.append(game)
        if player is not None:
            if said and not _tables_headed(spec, frozenset({singular(said[0])})):
                name = said[0]
                tables[name] = {"primary_key": f"{singular(name)}_id", "rows": {"per": game}, "columns": {}}
                notes.append(f"'{said[1]}' names a table of its own: '{name}'")
            for t in list(tables):
                head = head_of(t)
                if t in rewritten or not (head in _SCORING or head in _INCIDENT or head in _LINE):
                    continue
                _per_game(tables[t], t, head, (game, tables[game]), (player, tables[player]), team, tkey, sport, notes)
                rewritten.append(t)
            _no_keys_to_lines(tables, [team, player, game], [t for t in rewritten if t not in (team, player, game)])
            _score_of_lines(spec, game, player, tkey, sport, notes)
    tidy(spec, rewritten, notes, span)
    notes.append(
        f"a sports setting: {team} are teams of a league (name, city, founded_on)"
        + (f", {player} play for one ({tkey}, position, shirt_number, birth_date)" if player else "")
        + (f", {game} are between a home and an away team with their scores" if game else "")
    )


def _drop_scored_players(spec: dict[str, Any], notes: list[str]) -> None:
    """'runs scored by players per game': the parse's 'scored_players' (made per game, no count asked) is the
    phrase of the players' lines, not a second table of players; it goes, with any key to it."""
    tables = spec["tables"]
    for t in [t for t in tables if t.split("_")[0] in _PARTICIPLES and head_of(t) in _PLAYER]:
        if isinstance(tables[t].get("rows"), int):
            continue  # a count asked: a table the request meant
        del tables[t]
        said = (t, t.replace("_", " "), singular(t))  # the parse's notes of it ('scored_player follows ...')
        notes[:] = [n for n in notes if not any(w in n for w in said)]
        for other in tables.values():
            for c in keys_to(other["columns"], t):
                del other["columns"][c]
        notes.append(f"'{t.replace('_', ' ')}' names the players' lines of a game, not a table of players")


def _team(table: dict[str, Any], name: str) -> None:
    cols = table["columns"]
    key = table["primary_key"]
    kept = {n: c for n, c in cols.items() if n == key or (isinstance(c, dict) and c.get("generator") == "foreign_key")}
    # a club's name as the locale names clubs, in its own city: 'Riverton Hawks' (city Riverton), 'SV Riverton'
    kept["name"] = {"generator": "team_name", "unique": True}
    kept["city"] = {"generator": "city"}
    kept["founded_on"] = {"generator": "date", "start": "1880-01-01", "end": "2015-12-31"}
    table["columns"] = kept


def _player(table: dict[str, Any], team: str, tkey: str, sport: _Sport) -> None:
    cols = table["columns"]
    key = table["primary_key"]
    out: dict[str, Any] = {key: cols[key]}
    fk = keys_to(cols, team)
    out[fk[0] if fk else tkey] = cols[fk[0]] if fk else {"generator": "foreign_key", "references": f"{team}.{tkey}"}
    for n, c in cols.items():
        if isinstance(c, dict) and c.get("generator") == "foreign_key" and n not in out:
            out[n] = c
    out["first_name"] = cols.get("first_name", {"generator": "first_name", "group": "person"})
    out["last_name"] = cols.get("last_name", {"generator": "last_name", "group": "person"})
    out["birth_date"] = {"generator": "date", "start": "1984-01-01", "end": "2006-12-31"}
    out["position"] = {"generator": "categorical", "values": dict(sport.positions)}
    out["shirt_number"] = {"generator": "integer", "low": 1, "high": 99}
    table["columns"] = out


def _score(mean: float, sport: _Sport) -> dict[str, Any]:
    if sport.std is None:
        return {"generator": "poisson", "lam": mean}
    return {"generator": "normal", "mean": mean, "std": sport.std, "round": 0, "min": 0}


def _no_keys_to_lines(tables: dict[str, Any], owners: list[str | None], lines: list[str]) -> None:
    """'points per player per game': the request's words gave the game (or the team, the player) a key to the
    points, which are now made per game: a key both ways is a cycle no generator can order (a game before its
    points, its points before it), so the owners' keys to the lines go; each line names its game."""
    for owner in owners:
        if owner is None:
            continue
        cols = tables[owner]["columns"]
        for n in [
            n
            for n, c in cols.items()
            if isinstance(c, dict)
            and c.get("generator") == "foreign_key"
            and str(c.get("references", "")).split(".")[0] in lines
        ]:
            del cols[n]


def _score_of_lines(spec: dict[str, Any], game: str, player: str, tkey: str, sport: _Sport, notes: list[str]) -> None:
    """'points per player per game' where the score counts points (basketball, rugby; runs in baseball): a side's
    score is the sum of its players' lines, so the score is made from the lines (an aggregate of each line's
    points counted to its side) instead of being drawn beside them. Left drawn where something else reads the
    score (goals made one per goal of it) or where the lines are not one table of the score's unit."""
    if sport.counts is None:
        return
    tables = spec["tables"]
    gkey = tables[game]["primary_key"]
    pkey = tables[player]["primary_key"]
    lines = [
        t
        for t, tb in tables.items()
        if isinstance(tb["rows"], dict)
        and tb["rows"].get("per") == game
        and "minutes_played" in tb["columns"]
        and sport.counts in tb["columns"]
        and pkey in tb["columns"]
    ]
    scores = ("home_score", "away_score")
    rest = {
        "tables": {
            t: {**tb, "columns": {c: v for c, v in tb["columns"].items() if not (t == game and c in scores)}}
            for t, tb in tables.items()
        },
        "other": {k: v for k, v in spec.items() if k != "tables"},
    }
    if len(lines) != 1 or any(sc in repr(rest) for sc in scores):
        return
    line, unit = lines[0], sport.counts
    cols = tables[line]["columns"]
    # a line's mean is a side's mean score over the players who play: the sides' sums then have the score's mean
    cols[unit] = {"generator": "poisson", "lam": round((sport.home + sport.away) / 2 / sport.dressed, 2)}
    for side in ("home", "away"):
        cols[f"{side}_{unit}"] = {
            "generator": "expression",
            "expr": f"CASE WHEN {pkey}.{tkey} = {gkey}.{side}_{tkey} THEN {unit} ELSE 0 END",
            "dtype": "int",
        }
        tables[game]["columns"][f"{side}_score"] = {
            "generator": "aggregate",
            "function": "sum",
            "of": f"{line}.{side}_{unit}",
        }
    notes.append(
        f"{game}: home_score and away_score are the sums of the {unit} of each side's players in {line} "
        f"({line}.home_{unit} and away_{unit} are a line's {unit} counted to its side, 0 for the other)"
    )


def _game(
    table: dict[str, Any],
    name: str,
    team: str,
    tkey: str,
    team_table: dict[str, Any],
    sport: _Sport,
    span: tuple[dt.date, dt.date],
    spec: dict[str, Any],
    notes: list[str],
) -> None:
    cols = table["columns"]
    key = table["primary_key"]
    out: dict[str, Any] = {key: cols[key]}
    for n, c in cols.items():  # a season or a venue the request names: kept; the team's key: home and away
        if (
            isinstance(c, dict)
            and c.get("generator") == "foreign_key"
            and not str(c["references"]).startswith(f"{team}.")
        ):
            out[n] = c
    home, away = f"home_{tkey}", f"away_{tkey}"
    out[home] = {"generator": "foreign_key", "references": f"{team}.{tkey}"}
    out[away] = {"generator": "foreign_key", "references": f"{team}.{tkey}"}
    hours = [0.0] * 24
    for h in range(12, 22):
        hours[h] = 3.0 if h >= 17 else 1.0
    out["starts_at"] = {
        "generator": "datetime",
        "start": span[0].isoformat(),
        "end": span[1].isoformat(),
        "hour_weights": hours,
        "weekday_weights": [1, 1, 2, 1, 2, 4, 4],
    }
    out["home_score"] = _score(sport.home, sport)
    out["away_score"] = _score(sport.away, sport)
    table["columns"] = out
    rows = table["rows"]
    n = team_table.get("rows")
    if not isinstance(rows, int) and isinstance(n, int):  # no count asked: a double round robin of the teams
        table["rows"] = max(n * (n - 1), 1)
        notes.append(f"{name}: {table['rows']:,} rows, each of the {n} {team} at home to every other once")
        if team_table.get("static") and mark_fixed_set(table):  # the fixtures of a fixed set of teams: fixed too
            notes.append(f"{name}: the fixtures of the {team}, the same at every --scale (static)")
    elif not isinstance(rows, int):
        table["rows"] = 380
    spec.setdefault("constraints", []).append({"table": name, "name": f"two_{team}", "check": f"{home} <> {away}"})


def _per_game(
    table: dict[str, Any],
    name: str,
    head: str,
    game_of: tuple[str, dict[str, Any]],
    player_of: tuple[str, dict[str, Any]],
    team: str,
    tkey: str,
    sport: _Sport,
    notes: list[str],
) -> None:
    (game, game_table), (player, player_table) = game_of, player_of
    key = table["primary_key"]
    gkey = game_table["primary_key"]
    pkey = player_table["primary_key"]
    pteam = keys_to(player_table["columns"], team)[0]
    home = {pteam: f"{gkey}.home_{tkey}"}
    away = {pteam: f"{gkey}.away_{tkey}"}
    fk_g = {"generator": "foreign_key", "references": f"{game}.{gkey}"}
    # a player of the home or the away team, half and half (a card, or a line of a count asked in all)
    either_side = {
        "generator": "foreign_key",
        "references": f"{player}.{pkey}",
        "match": home,
        "match_share": 0.5,
        "match_else": away,
    }
    out: dict[str, Any] = {key: {"generator": "sequence"}, gkey: fk_g}
    asked = table["rows"] if isinstance(table["rows"], int) else None
    if asked is not None:  # "800 goals scored by players": the count asked is kept, each of a game drawn at random
        table["rows"] = asked
        out[pkey] = either_side
        out["minute"] = {"generator": "integer", "low": 1, "high": sport.minutes}
        if head not in _SCORING and head not in _INCIDENT:
            out[_unit(head)] = _line_value(head, sport)
        notes.append(
            f"{name}: {asked:,} rows as asked, each in a {singular(game)} drawn at random, by a player of its home or "
            f"away team; the {singular(game)}'s score is drawn on its own (ask for no count to have them make it up)"
        )
    elif head in _SCORING and _POINTS.get(head, 1) > 1 and sport.std is not None:
        # a try is 5 of rugby's points, a touchdown about 7 of American football's: the score counts points,
        # not these rows, so the rows are drawn about the score's worth of them, each by a player of either side
        per = _POINTS[head]
        table["rows"] = {
            "per": game,
            "count": {"distribution": "poisson", "lam": round((sport.home + sport.away) / per, 1)},
        }
        out[pkey] = either_side
        out["minute"] = {"generator": "integer", "low": 1, "high": sport.minutes}
        notes.append(
            f"{name}: about one per {per} points of a {singular(game)}'s score, each by a player of its home or away "
            "team (the score counts points, so the rows are not tied to it exactly)"
        )
    elif head in _SCORING:
        table["rows"] = {
            "per": game,
            "count": {"distribution": "poisson", "lam": sport.home + sport.away},
            "equals": "home_score + away_score",
        }
        out[pkey] = {
            "generator": "foreign_key",
            "references": f"{player}.{pkey}",
            "match": home,
            "match_count": "home_score",
            "match_else": away,
        }
        out["minute"] = {"generator": "integer", "low": 1, "high": sport.minutes}
        notes.append(f"{name}: one row per goal of a {singular(game)}'s score, by a player of the scoring team")
    elif head in _INCIDENT:
        table["rows"] = {"per": game, "count": {"distribution": "poisson", "lam": 3.0}}
        out[pkey] = either_side
        out["minute"] = {"generator": "integer", "low": 1, "high": sport.minutes}
        if head == "card":
            out["card"] = {"generator": "categorical", "values": {"yellow": 0.93, "red": 0.07}}
        notes.append(f"{name}: per {singular(game)}, each of a player of its home or away team")
    else:
        k = sport.dressed
        table["rows"] = {"per": game, "count": {"distribution": "fixed", "value": 2 * k}}
        out[pkey] = {
            "generator": "foreign_key",
            "references": f"{player}.{pkey}",
            "match": home,
            "match_count": str(k),
            "match_else": away,
        }
        out["minutes_played"] = {"generator": "integer", "low": 1, "high": sport.minutes}
        out[_unit(head)] = _line_value(head, sport)
        notes.append(
            f"{name}: one row per player in a {singular(game)}, {k} of each team, with the player's {_unit(head)}"
        )
    table["columns"] = out


def _unit(head: str) -> str:
    """The column of a player's line in one game: what it counts."""
    return {"run": "runs", "appearance": "started", "lineup": "started"}.get(head, "points")


def _line_value(head: str, sport: _Sport) -> dict[str, Any]:
    if head in ("appearance", "lineup"):
        return {"generator": "boolean", "p": 0.7}
    return {"generator": "poisson", "lam": round(sport.home / sport.dressed, 2)}


def tidy(spec: dict[str, Any], rewritten: list[str], notes: list[str], span: tuple[dt.date, dt.date]) -> None:
    """Drop what pointed at the columns the rewrite took out: constraints, 'after' dates, stale notes."""
    tables = spec["tables"]
    spec["constraints"] = [
        c
        for c in spec.get("constraints", [])
        if c.get("table") not in rewritten or all(col in tables[c["table"]]["columns"] for col in c.get("unique", []))
    ]
    if not spec["constraints"]:
        del spec["constraints"]
    for sc in spec.get("scenarios", []):  # a value set on a column the rewrite took out: no longer set
        if sc.get("table") in rewritten and isinstance(sc.get("columns"), dict):
            sc["columns"] = {c: v for c, v in sc["columns"].items() if c in tables[sc["table"]]["columns"]}
            if not sc["columns"]:
                del sc["columns"]
    for t, table in tables.items():
        for col in table["columns"].values():
            if not isinstance(col, dict) or "after" not in col:
                continue
            after = col["after"] if isinstance(col["after"], list) else [col["after"]]
            kept = [a for a in after if _resolves(str(a), t, tables)]
            if len(kept) == len(after):
                continue
            if kept:
                col["after"] = kept if len(kept) > 1 else kept[0]
            else:
                col.pop("after")
                col.pop("offset", None)
                if "start" not in col or "end" not in col:  # a date after a column taken out: within the span
                    col["start"], col["end"] = span[0].isoformat(), span[1].isoformat()
    stale = tuple(f"assumed {t} belong to" for t in rewritten) + tuple(
        f"'{t}' is not in the catalogue" for t in rewritten
    )
    notes[:] = [
        n
        for n in notes
        if not n.startswith(stale)
        and not any(n.startswith(f"{t}: ") and ("after" in n or "dates" in n) for t in rewritten)
    ]


def _resolves(ref: str, table: str, tables: dict[str, Any]) -> bool:
    """Whether ``ref`` names a column: one of the table's own, ``parent.column``, or a run of its keys ending in a
    column (``order_line_id.order_id.ordered_at``)."""
    head, _, col = ref.partition(".")
    cols = tables[table]["columns"]
    if not col:
        return head in cols
    if head in tables and "." not in col:
        return col in tables[head]["columns"]
    *hops, last = ref.split(".")
    for hop in hops:
        fk = cols.get(hop)
        if not isinstance(fk, dict) or "references" not in fk or str(fk["references"]).split(".")[0] not in tables:
            return False
        cols = tables[str(fk["references"]).split(".")[0]]["columns"]
    return last in cols
