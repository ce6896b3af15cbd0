"""A parent's number of children equal to one of its numbers or the sum of two (issue 13), planted in generated
data: a flight's boarding rows are its adults + children, a match's goal
rows its home goals + away goals — and there ``home_goals`` of them are scored by the home team's players.
``inspect`` drafts ``rows: {per: ..., equals: ...}`` (and ``match_count: home_goals`` beside the key's
``match_else``); fit → sample keeps both on every parent; ``validate`` checks them. An invoice's ``n_lines`` counting its line rows is their aggregate already, and gets
no ``equals``. Before (the football league
of benchmarks/heldout_league.py): the count was drawn from a distribution by result, 9% of sampled matches had
another number of goals than their score, and no check said so. Look-alikes: a count one off on a single parent,
a number always above the count, too few parents: no ``equals``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import polars as pl
import pytest
from tests.helpers import folder_source, plan_of
from tests.unit.synth.test_one_of_two_keys import goals

from simulacra import DatasetSynthesizer
from simulacra.constraints import check_dataset
from simulacra.generation.engine import Engine
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey
from simulacra.spec import load_plan

Planted = tuple[dict[str, pl.DataFrame], list[ForeignKey], str, str, str, str]


def invoices(seed: int, n: int = 120) -> Planted:
    rng = np.random.default_rng(seed)
    lines = rng.integers(0, 9, n)
    inv = np.repeat(np.arange(1, n + 1), lines)
    frames = {
        "invoices": pl.DataFrame(
            {"invoice_id": np.arange(1, n + 1), "n_lines": lines, "due_days": rng.choice([14, 30, 60], n)}
        ),
        "lines": pl.DataFrame(
            {
                "line_id": np.arange(1, len(inv) + 1),
                "invoice_id": inv,
                "amount": np.round(rng.gamma(2, 40, len(inv)), 2),
            }
        ),
    }
    return (
        frames,
        [ForeignKey("lines", "invoice_id", "invoices", "invoice_id")],
        "invoices",
        "lines",
        "invoice_id",
        "n_lines",
    )


def flights(seed: int) -> Planted:
    rng = np.random.default_rng(seed)
    adults, kids = rng.integers(1, 12, 90), rng.integers(0, 5, 90)
    fl = np.repeat(np.arange(1, 91), adults + kids)
    frames = {
        "flights": pl.DataFrame(
            {"flight_id": np.arange(1, 91), "gate": rng.integers(1, 40, 90), "adults": adults, "children": kids}
        ),
        "boardings": pl.DataFrame(
            {"boarding_id": np.arange(1, len(fl) + 1), "flight_id": fl, "seat_row": rng.integers(1, 40, len(fl))}
        ),
    }
    keys = [ForeignKey("boardings", "flight_id", "flights", "flight_id")]
    return frames, keys, "flights", "boardings", "flight_id", "adults + children"


def matches(seed: int) -> Planted:
    frames, keys, *_ = goals(seed)
    return frames, keys, "matches", "goals", "match_id", "home_goals + away_goals"


def _per_parent(out: dict[str, pl.DataFrame], parent: str, child: str, fk: str) -> pl.DataFrame:
    n = out[child].group_by(fk).agg(pl.len().alias("__n"))
    return out[parent].join(n, on=fk, how="left").with_columns(pl.col("__n").fill_null(0))


@pytest.mark.parametrize("seed", [2, 3])
@pytest.mark.parametrize("make", [invoices, flights, matches], ids=lambda f: f.__name__)
def test_a_count_equal_to_the_parents_numbers_is_drafted_kept_and_validated(
    make: Callable[[int], Planted], seed: int
) -> None:
    frames, keys, parent, child, fk, expr = make(seed)
    spec = inspect(folder_source(frames, keys, f"{make.__name__}{seed}")).spec
    if make is invoices:  # one column counting the children is their aggregate already: made from them, no 'equals'
        assert spec.tables[child].rows.equals is None  # type: ignore[union-attr]
        assert spec.tables[parent].columns[expr].generator == "aggregate"
    else:
        assert spec.tables[child].rows.equals == expr  # type: ignore[union-attr]
    out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)
    got = _per_parent(out, parent, child, fk)
    assert bool((got["__n"] == got.select(pl.sql_expr(expr)).to_series()).all())
    mine = [f for f in check_dataset(load_plan(spec), out) if "children per" in f.check and "equal" in f.check]
    assert len(mine) == (make is not invoices) and all(f.ok for f in mine), mine


@pytest.mark.parametrize("seed", [2, 3])
def test_the_home_goals_are_the_home_teams(seed: int) -> None:
    frames, keys, *_ = goals(seed)
    spec = inspect(folder_source(frames, keys, f"split{seed}")).spec
    c = spec.tables["goals"].columns["player_id"]
    assert c.match_count == "home_goals" and c.match_share is None  # type: ignore[union-attr]
    out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)
    g = out["goals"].join(out["players"], on="player_id").join(out["matches"], on="match_id")
    per = g.group_by("match_id").agg(
        (pl.col("team_id") == pl.col("home_id")).sum().alias("h"),
        (pl.col("team_id") == pl.col("away_id")).sum().alias("a"),
    )
    j = out["matches"].join(per, on="match_id", how="left").with_columns(pl.col("h", "a").fill_null(0))
    assert bool(((j["h"] == j["home_goals"]) & (j["a"] == j["away_goals"])).all())
    mine = [f for f in check_dataset(load_plan(spec), out) if "home_goals rows of each parent" in f.check]
    assert len(mine) == 1 and mine[0].ok, mine


def test_look_alikes_get_no_equals() -> None:
    frames, keys, parent, child, *_ = flights(4)
    assert inspect(folder_source(frames, keys, "sum")).spec.tables[child].rows.equals == "adults + children"  # type: ignore[union-attr]
    off = frames[parent].with_columns(  # one flight says one passenger more than boarded
        pl.when(pl.col("flight_id") == 7).then(pl.col("adults") + 1).otherwise("adults").alias("adults")
    )
    assert inspect(folder_source({**frames, parent: off}, keys, "off")).spec.tables[child].rows.equals is None  # type: ignore[union-attr]
    above = frames[parent].with_columns((pl.col("children") + 1).alias("children"))  # always more: no count
    assert inspect(folder_source({**frames, parent: above}, keys, "above")).spec.tables[child].rows.equals is None  # type: ignore[union-attr]
    few = frames[parent].filter(pl.col("flight_id") <= 20)  # 20 parents: too few
    rows = frames[child].filter(pl.col("flight_id") <= 20)
    assert inspect(folder_source({parent: few, child: rows}, keys, "few")).spec.tables[child].rows.equals is None  # type: ignore[union-attr]


SPEC = """
tables:
  teams:
    rows: 10
    primary_key: team_id
    columns:
      team_id: sequence
  players:
    rows: {per: teams, count: {distribution: fixed, value: 12}}
    primary_key: player_id
    columns:
      player_id: sequence
      team_id: {generator: foreign_key, references: teams.team_id}
  matches:
    rows: 90
    primary_key: match_id
    columns:
      match_id: sequence
      home_id: {generator: foreign_key, references: teams.team_id}
      away_id: {generator: foreign_key, references: teams.team_id}
      home_goals: {generator: integer, low: 0, high: 5}
      away_goals: {generator: integer, low: 0, high: 4}
  goals:
    rows: {per: matches, count: {distribution: poisson, lam: 2}, EQUALS}
    primary_key: goal_id
    columns:
      goal_id: sequence
      match_id: {generator: foreign_key, references: matches.match_id}
      player_id: {generator: foreign_key, references: players.player_id, match: {team_id: match_id.home_id}, COUNT}
constraints:
  - {table: matches, check: home_id <> away_id}
"""

KEEP = "match_count: home_goals, match_else: {team_id: match_id.away_id}"


@pytest.mark.parametrize("chunk", [17, 1000])
def test_generate_keeps_the_count_and_the_split_for_any_chunk_size(chunk: int) -> None:
    plan = plan_of(SPEC.replace("EQUALS", "equals: home_goals + away_goals").replace("COUNT", KEEP))
    f = Engine(plan, chunk_size=chunk).frames()
    m = f["matches"].filter(pl.col("home_id") != pl.col("away_id"))
    g = f["goals"].join(f["players"], on="player_id").join(m, on="match_id")
    per = g.group_by("match_id").agg(
        (pl.col("team_id") == pl.col("home_id")).sum().alias("h"),
        (pl.col("team_id") == pl.col("away_id")).sum().alias("a"),
    )
    j = m.join(per, on="match_id", how="left").with_columns(pl.col("h", "a").fill_null(0))
    assert bool(((j["h"] == j["home_goals"]) & (j["a"] == j["away_goals"])).all())
    assert f["goals"].equals(Engine(plan, chunk_size=1000).frames()["goals"])


@pytest.mark.parametrize(
    ("edit", "word"),
    [
        ("EQUALS", "equals: home_goal + away_goals"),
        ("COUNT", "match_count: home_goals"),
        ("COUNT", "match_count: home_goal, match_else: {team_id: match_id.away_id}"),
    ],
)
def test_unknown_columns_and_a_count_without_else_are_refused(edit: str, word: str) -> None:
    text = SPEC.replace(edit, word).replace("EQUALS", "zero_rate: 0").replace("COUNT", "match_share: 0.5")
    with pytest.raises(Exception, match="equals|match_count"):
        plan_of(text)
