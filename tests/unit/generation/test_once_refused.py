"""``generate`` refuses a ``once: [a, b]`` rule it does not keep, before the target is touched (issue 13).

``once`` (an entity in either of two keys once per group: a team once per matchday) is drafted by ``inspect``
and kept by ``sample``, which builds a schedule per parent. ``generate`` draws keys row by row and kept none of it:
it wrote rows of which ``validate`` then failed most, with exit 0. It now says so, naming the rule's line, and
writes nothing; the rest of the spec (and the other rules) generate as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import simulacra
from simulacra.cli.main import main
from simulacra.errors import SpecValidationError

SPEC = """\
name: fixtures
tables:
  {entities}:
    rows: {n}
    primary_key: {pk}
    columns:
      {pk}: sequence
  {events}:
    rows: {rows}
    primary_key: event_id
    columns:
      event_id: sequence
      {round}: {{generator: integer, low: 1, high: {rounds}}}
      {a}: {{generator: foreign_key, references: {entities}.{pk}}}
      {b}: {{generator: foreign_key, references: {entities}.{pk}}}
constraints:
  - {{table: {events}, check: "{a} <> {b}"}}
{once}"""

SHAPES = [  # (entities, pk, events, round, a, b): a league, a chess club, a courier's hand-overs
    ("teams", "team_id", "matches", "matchday", "home_id", "away_id"),
    ("players", "player_id", "games", "round_no", "white_id", "black_id"),
    ("depots", "depot_id", "handovers", "day", "from_depot", "to_depot"),
]


def _spec(shape: tuple[str, ...], *, once: bool, n: int = 8, rows: int = 40, rounds: int = 10) -> str:
    entities, pk, events, rnd, a, b = shape
    rule = f"  - {{table: {events}, once: [{a}, {b}], per: [{rnd}]}}\n" if once else ""
    return SPEC.format(
        entities=entities, pk=pk, events=events, round=rnd, a=a, b=b, n=n, rows=rows, rounds=rounds, once=rule
    )


@pytest.mark.parametrize("shape", SHAPES, ids=[s[2] for s in SHAPES])
def test_generate_refuses_once_naming_the_rule(shape: tuple[str, ...]) -> None:
    with pytest.raises(SpecValidationError) as err:
        simulacra.generate(yaml.safe_load(_spec(shape, once=True)), seed=1)
    text = str(err.value)
    assert f"once: [{shape[4]}, {shape[5]}]" in text and "sample" in text
    assert err.value.problems[0].location.table == shape[2]


@pytest.mark.parametrize("shape", SHAPES, ids=[s[2] for s in SHAPES])
def test_the_cli_writes_nothing_and_fails(
    shape: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(_spec(shape, once=True))
    out = tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out), "--format", "csv", "--seed", "2"]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert "s.yaml:" in err and "once" in err  # the rule's file and line


@pytest.mark.parametrize("seed", [1, 2])
def test_without_the_rule_the_spec_generates_and_validates(seed: int, tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(_spec(SHAPES[0], once=False))
    out = tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out), "--format", "csv", "--seed", str(seed)]) == 0
    assert main(["validate", str(spec), str(out)]) == 0
