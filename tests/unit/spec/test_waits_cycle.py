"""Tables made from another table's rows wait for it: an aggregate over a child, a ``tally`` of a detail table.
Tables that wait on each other could never be made (``sample`` would hold them and leave them out of its output),
so the plan refuses such a cycle, naming the tables and the spec's line; a tally of its own table is refused too
(``sample`` has no detail table to wait for). A summary over a detail table, with no way back, still plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulacra.errors import SpecValidationError
from simulacra.spec import load_plan

TEAMS = """\
  teams:
    rows: 6
    primary_key: team_id
    columns:
      team_id: sequence
      wins: {generator: integer, low: 0, high: 9}
"""
MATCHES = """\
  matches:
    rows: 30
    primary_key: match_id
    columns:
      match_id: sequence
      home_id: {generator: foreign_key, references: teams.team_id}
      away_id: {generator: foreign_key, references: teams.team_id}
      home_goals: {generator: integer, low: 0, high: 5}
      away_goals: {generator: integer, low: 0, high: 4}
"""
WINS = (
    "  - {table: teams, tally: wins, of: matches, sides: [{match: {team_id: home_id}, where: home_goals > away_goals},"
    " {match: {team_id: away_id}, where: away_goals > home_goals}]}\n"
)
#: a child of every match (about two per match), the match's count of them an aggregate; the lines tally the matches
LINES = """\
  lines:
    rows: {per: matches, count: {distribution: poisson, mean: 2}}
    primary_key: line_id
    columns:
      line_id: sequence
      match_id: {generator: foreign_key, references: matches.match_id}
      seen: {generator: integer, low: 0, high: 30}
"""
LINES_BACK = (
    "  - {table: lines, tally: seen, of: matches, sides: [{match: {match_id: match_id}},"
    " {match: {line_id: home_id}}]}\n"
)


def _spec(tables: str, constraints: str) -> str:
    return "seed: 1\ntables:\n" + tables + "constraints:\n" + constraints


def _refused(tmp_path: Path, text: str) -> str:
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    with pytest.raises(SpecValidationError) as err:
        load_plan(path)
    return str(err.value)


def test_a_summary_over_its_detail_table_plans(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(_spec(TEAMS + MATCHES, WINS))
    plan = load_plan(path)
    assert set(plan.tables) == {"teams", "matches"}


def test_two_tallies_of_each_other_are_refused(tmp_path: Path) -> None:
    back = "  - {table: matches, tally: home_goals, of: teams, sides: [{match: {home_id: team_id}}]}\n"
    text = _spec(TEAMS + MATCHES, WINS + back)
    message = _refused(tmp_path, text)
    assert "wait on each other" in message and "matches" in message and "teams" in message
    lines = text.splitlines()
    at = {lines.index(WINS.rstrip("\n")) + 1, lines.index(back.rstrip("\n")) + 1}  # either rule closes the cycle
    assert any(f"spec.yaml:{n}" in message for n in at), message


def test_an_aggregate_and_a_tally_in_a_cycle_are_refused(tmp_path: Path) -> None:
    matches = MATCHES + "      lines_seen: {generator: aggregate, function: sum, of: lines.seen}\n"
    message = _refused(tmp_path, _spec(TEAMS + matches + LINES, LINES_BACK))
    assert "wait on each other" in message
    assert "lines -> matches -> lines" in message or "matches -> lines -> matches" in message


def test_a_cycle_through_three_tables_is_refused(tmp_path: Path) -> None:
    """teams tally the matches, matches sum their lines, lines tally the teams: teams -> matches -> lines -> teams."""
    matches = MATCHES + "      lines_seen: {generator: aggregate, function: sum, of: lines.seen}\n"
    lines_teams = "  - {table: lines, tally: seen, of: teams, sides: [{match: {line_id: team_id}}]}\n"
    message = _refused(tmp_path, _spec(TEAMS + matches + LINES, WINS + lines_teams))
    assert "wait on each other" in message
    cycle = message.split("rows: ", 1)[1].split(" (", 1)[0].split(" -> ")
    assert cycle[0] == cycle[-1] and set(cycle) == {"teams", "matches", "lines"}


def test_a_tally_of_its_own_table_is_refused(tmp_path: Path) -> None:
    own = "  - {table: matches, tally: home_goals, of: matches, sides: [{match: {match_id: match_id}}]}\n"
    message = _refused(tmp_path, _spec(TEAMS + MATCHES, own))
    assert "another table" in message and "matches" in message


def test_an_aggregate_alone_still_plans(tmp_path: Path) -> None:
    matches = MATCHES + "      lines_seen: {generator: aggregate, function: sum, of: lines.seen}\n"
    path = tmp_path / "spec.yaml"
    path.write_text(_spec(TEAMS + matches + LINES, WINS))
    assert set(load_plan(path).tables) == {"teams", "matches", "lines"}
