"""A schedule within a parent (issue 13), planted in generated data of several shapes: a league's double round
robin (a team once per season and matchday, home or away, each pairing once per season), a chess tournament's
single round robin (a player once per round, white or black), a tennis-like event whose days hold some of its
players (a sparse schedule, no round robin). ``inspect`` drafts ``once: [a, b]`` with ``per: [parent, round]``;
fit → sample keeps it on every row (``validate`` passes), with the keys apart, still pointing to existing rows,
and the same bytes for the same seed. Negatives: a player in two matches of one day on some days, or rounds too
small for chance to repeat an entity, get no rule. Before (the football league of benchmarks/heldout_league.py):
no such rule could be written; 30% of sampled team-matchdays held the team once.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from tests.helpers import folder_source

from simulacra import DatasetSynthesizer
from simulacra.constraints import check_dataset, once_bad
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey
from simulacra.spec.model import ConstraintSpec
from simulacra.synth._schedule import Group, build_schedule


def _circle(players: list[int]) -> list[list[tuple[int, int]]]:
    n, t, out = len(players), list(players), []
    for d in range(n - 1):
        out.append([(t[i], t[n - 1 - i]) if (d + i) % 2 else (t[n - 1 - i], t[i]) for i in range(n // 2)])
        t = [t[0], t[-1], *t[1:-1]]
    return out


def league(seed: int, n_teams: int = 8, n_seasons: int = 3) -> tuple[dict[str, pl.DataFrame], list[ForeignKey]]:
    """A double round robin per season, a matchday a week, its matches over three days."""
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(1, n_seasons + 1):
        start = dt.date(2018 + s, 8, 1)
        first = _circle([int(x) for x in rng.permutation(np.arange(1, n_teams + 1))])
        for d, day in enumerate(first + [[(y, x) for x, y in day] for day in first]):
            for h, a in day:
                when = start + dt.timedelta(days=7 * d + int(rng.integers(0, 3)))
                rows.append((s, d + 1, when, h, a, int(rng.poisson(1.4)), int(rng.integers(5_000, 30_000))))
    m = pl.DataFrame(
        rows,
        schema=["season_id", "matchday", "match_date", "home_team_id", "away_team_id", "home_goals", "attendance"],
        orient="row",
    )
    frames = {
        "seasons": pl.DataFrame(
            {"season_id": np.arange(1, n_seasons + 1), "starts": [dt.date(2018 + s, 8, 1) for s in range(1, 4)]}
        ),
        "teams": pl.DataFrame({"team_id": np.arange(1, n_teams + 1), "founded": rng.integers(1870, 1960, n_teams)}),
        "matches": m.with_row_index("match_id", 1).with_columns(pl.col("match_id").cast(pl.Int64)),
    }
    keys = [
        ForeignKey("matches", "season_id", "seasons", "season_id"),
        ForeignKey("matches", "home_team_id", "teams", "team_id"),
        ForeignKey("matches", "away_team_id", "teams", "team_id"),
    ]
    return frames, keys


def chess(seed: int, n_players: int = 24, field: int = 8, n_events: int = 6) -> tuple[dict[str, pl.DataFrame], list]:
    """A single round robin per tournament among 8 of 24 players: a player once per round, white or black."""
    rng = np.random.default_rng(seed)
    rows = []
    for e in range(1, n_events + 1):
        players = [int(x) for x in rng.choice(np.arange(1, n_players + 1), field, replace=False)]
        for r, day in enumerate(_circle(players)):
            for w, b in day:
                rows.append((e, r + 1, w, b, str(rng.choice(["1-0", "0-1", "1/2"]))))
    g = pl.DataFrame(rows, schema=["event_id", "round", "white_id", "black_id", "score"], orient="row")
    frames = {
        "events": pl.DataFrame({"event_id": np.arange(1, n_events + 1), "city": [f"C{k}" for k in range(n_events)]}),
        "players": pl.DataFrame(
            {"player_id": np.arange(1, n_players + 1), "rating": rng.integers(1800, 2700, n_players)}
        ),
        "games": g.with_row_index("game_id", 1).with_columns(pl.col("game_id").cast(pl.Int64)),
    }
    keys = [
        ForeignKey("games", "event_id", "events", "event_id"),
        ForeignKey("games", "white_id", "players", "player_id"),
        ForeignKey("games", "black_id", "players", "player_id"),
    ]
    return frames, keys


def tennis(seed: int, twice: bool = False, n_players: int = 16, n_events: int = 6) -> tuple[dict, list]:
    """Days of an event holding 3-6 matches among its 16 players (no round robin); ``twice``: on some days a
    player of the day's first match plays again (a singles and a doubles match)."""
    rng = np.random.default_rng(seed)
    rows = []
    for e in range(1, n_events + 1):
        for d in range(1, 9):
            k = int(rng.integers(3, 7))
            ps = [int(x) for x in rng.choice(np.arange(1, n_players + 1), 2 * k, replace=False)]
            pairs = [(ps[2 * i], ps[2 * i + 1]) for i in range(k)]
            if twice and d % 2:
                pairs[-1] = (pairs[0][0], pairs[-1][1])
            rows += [(e, d, x, y, int(rng.integers(60, 240))) for x, y in pairs]
    t = pl.DataFrame(rows, schema=["event_id", "day", "player_id", "opponent_id", "minutes"], orient="row")
    frames = {
        "events": pl.DataFrame(
            {"event_id": np.arange(1, n_events + 1), "surface": (["clay", "grass"] * n_events)[:n_events]}
        ),
        "players": pl.DataFrame({"player_id": np.arange(1, n_players + 1), "age": rng.integers(18, 36, n_players)}),
        "matches": t.with_row_index("match_id", 1).with_columns(pl.col("match_id").cast(pl.Int64)),
    }
    keys = [
        ForeignKey("matches", "event_id", "events", "event_id"),
        ForeignKey("matches", "player_id", "players", "player_id"),
        ForeignKey("matches", "opponent_id", "players", "player_id"),
    ]
    return frames, keys


def _onces(spec, child: str) -> list[tuple[list[str], list[str]]]:  # noqa: ANN001
    return [(list(c.once), list(c.per or [])) for c in spec.constraints if c.table == child and c.once]


SHAPES = {
    "league": (league, "matches", ["home_team_id", "away_team_id"], ["season_id", "matchday"], True),
    "chess": (chess, "games", ["white_id", "black_id"], ["event_id", "round"], True),
    "tennis": (tennis, "matches", ["player_id", "opponent_id"], ["event_id", "day"], False),
}


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_schedule_is_drafted_and_kept(shape: str, seed: int) -> None:
    make, child, keys2, per, full = SHAPES[shape]
    frames, keys = make(seed)
    spec = inspect(folder_source(frames, keys, f"{shape}{seed}")).spec
    assert (keys2, per) in _onces(spec, child)
    pairs = [list(c.unique) for c in spec.constraints if c.table == child and c.unique and len(c.unique) == 3]
    assert ([per[0], *keys2] in pairs) == full  # a round robin's pairing once per parent: drafted beside it
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    out = model.sample(seed=seed)
    assert [f.problem() for f in check_dataset(model.plan_, out) if not f.ok] == []
    t = out[child]
    assert t.height > 100
    for once, by in _onces(spec, child):
        assert not once_bad(t, once, by).any()
    assert (t[keys2[0]] != t[keys2[1]]).all()
    ref = out["teams" if shape == "league" else "players"].columns[0]
    for k in keys2:
        assert t[k].is_in(out["teams" if shape == "league" else "players"][ref].implode()).all()
    if full:
        assert not t.select(per[0], *keys2).is_duplicated().any()
    again = model.sample(seed=seed)[child]
    assert again.equals(t)


def test_a_team_twice_on_a_day_or_small_rounds_get_no_rule() -> None:
    for seed in (1, 2):
        frames, keys = tennis(seed, twice=True)
        spec = inspect(folder_source(frames, keys, f"twice{seed}")).spec
        assert not any(per == ["event_id", "day"] for _, per in _onces(spec, "matches"))
    frames, keys = tennis(3, n_events=1)  # two days of two matches: too few for chance to repeat a player
    frames["matches"] = frames["matches"].filter((pl.col("day") <= 2) & (pl.int_range(pl.len()).over("day") < 2))
    assert _onces(inspect(folder_source(frames, keys, "small")).spec, "matches") == []


def test_validate_counts_an_entity_in_either_key_and_the_form_is_checked() -> None:
    df = pl.DataFrame({"p": [1, 1, 1, 2, 2], "r": [1, 1, 2, 1, 1], "a": [1, 3, 1, 1, 5], "b": [2, 1, 2, 4, 5]})
    # rows 0 and 1 share team 1 (home, away) in round 1; row 4 plays itself; rows 2 and 3 are alone in theirs
    assert once_bad(df, ["a", "b"], ["p", "r"]).tolist() == [True, True, False, False, True]
    assert ConstraintSpec(table="t", once=["a", "b"], per=["p"]).describe() == "once across (a, b) per (p)"
    with pytest.raises(ValueError, match="'per' goes with 'once'"):
        ConstraintSpec(table="t", unique=["a"], per=["p"])
    with pytest.raises(ValueError, match="exactly one"):
        ConstraintSpec(table="t", unique=["a"], once=["a", "b"])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_build_schedule_sparse_and_full(seed: int) -> None:
    rng = np.random.default_rng(seed)
    # a double round robin of 6 entities in 3 parents, rounds drawn at random over 1..10, a date group beside it
    parent = np.repeat(np.arange(3), 30)
    a, b = rng.integers(0, 6, 90), rng.integers(0, 6, 90)
    rounds, days = rng.integers(1, 11, 90), rng.integers(0, 60, 90) + 100 * parent
    out_a, out_b, out_r, (out_d,) = build_schedule(
        parent, a, b, Group(rounds, (0, 1), True), [Group(days, (0, 1), False, True)], np.random.default_rng(seed),
        n_entities=6, pairs_once=True, order_by=days,
    )  # fmt: skip
    frame = pl.DataFrame({"p": parent, "r": out_r, "d": out_d, "a": out_a, "b": out_b})
    assert not once_bad(frame, ["a", "b"], ["p", "r"]).any() and not once_bad(frame, ["a", "b"], ["d"]).any()
    assert not frame.select("p", "a", "b").is_duplicated().any()
    assert frame.group_by("p").agg(pl.col("r").n_unique())["r"].to_list() == [10, 10, 10]
    # a sparse schedule: 20 rows over 8 rounds of 12 entities, no round robin
    parent = np.repeat(np.arange(4), 20)
    a, b, rounds = rng.integers(0, 12, 80), rng.integers(0, 12, 80), rng.integers(1, 9, 80)
    out_a, out_b, out_r, _ = build_schedule(
        parent, a, b, Group(rounds, (0, 1), True), [], np.random.default_rng(seed), n_entities=12, pairs_once=False
    )
    frame = pl.DataFrame({"p": parent, "r": out_r, "a": out_a, "b": out_b})
    assert not once_bad(frame, ["a", "b"], ["p", "r"]).any()
    assert set(out_r.tolist()) <= set(range(1, 9))
    again = build_schedule(
        parent, a, b, Group(rounds, (0, 1), True), [], np.random.default_rng(seed), n_entities=12, pairs_once=False
    )
    assert again[0].tolist() == out_a.tolist() and again[1].tolist() == out_b.tolist()
