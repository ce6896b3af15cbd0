"""Every misuse of the issue-11 spec features is caught by the plan, with file:line."""

from __future__ import annotations

import re

import pytest
from tests.helpers import plan_of

from simulacra.errors import SpecValidationError

BASE = """
tables:
  depts:
    rows: 3
    static: true
    primary_key: id
    columns:
      id: sequence
      name: {generator: categorical, values: [IT, HR]}
      opened: {generator: date, start: 2020-01-01, end: 2020-12-31}
  people:
    rows: 20
    primary_key: id
    columns:
      id: sequence
      dept_id: {generator: foreign_key, references: depts.id}
      grade: {generator: integer, low: 1, high: 3}
      boss_id: {generator: foreign_key, references: people.id, within: dept_id, senior: grade}
      iban: {generator: iban, unique: true}
  tasks:
    rows: {per: people, count: {distribution: fixed, value: 2}}
    columns:
      person_id: {generator: foreign_key, references: people.id}
      owner_id: {generator: foreign_key, references: depts.id, where: "name = 'IT'"}
      n: {generator: expression, expr: "sibling.position"}
  steps:
    rows:
      per: depts
      process:
        start: a
        at: opened
        states:
          a: {next: {b: 1}}
          b: {}
    columns:
      dept_id: {generator: foreign_key, references: depts.id}
      state: {generator: process, field: state}
scenarios:
  - {name: ghost, table: people, count: 2, labels: {is_ghost: 1}, shared: [iban]}
"""


def test_base_is_valid() -> None:
    plan = plan_of(BASE)
    text = plan.explain()
    assert (
        "3 rows (static: not scaled)" in text and "exactly 2 rows of people" in text and "process per depts row" in text
    )


def _error(old: str, new: str) -> str:
    assert old in BASE, old
    with pytest.raises(SpecValidationError) as e:
        plan_of(BASE.replace(old, new), file="hr.yaml")
    msg = str(e.value)
    assert re.search(r"hr\.yaml:\d+", msg), msg
    return msg


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        # 1. static
        (
            "rows: {per: people, count: {distribution: fixed, value: 2}}",
            "rows: {per: people, count: {distribution: fixed, value: 2}}\n    static: true",
            "'static' is for a fixed row count",
        ),
        # 2. exact scenarios
        ("count: 2, labels", "count: 2, rate: 0.5, labels", "give one of 'rate'"),
        ("count: 2, labels", "count: 2, share: 0.1, labels", "give one of 'rate'"),
        (
            "{name: ghost, table: people, count: 2,",
            "{name: ghost, table: tasks, where: 'people.grade > 1', count: 2,",
            "cannot be combined with 'where'",
        ),
        # 3. filtered parents
        ("where: \"name = 'IT'\"", "where: \"nme = 'IT'\"", "'where' reads unknown column 'depts.nme'"),
        ("where: \"name = 'IT'\"", 'where: "name ="', "cannot parse"),
        (
            "person_id: {generator: foreign_key, references: people.id}",
            "person_id: {generator: foreign_key, references: people.id, where: 'grade > 1'}",
            "filled by construction",
        ),
        # 4. matched parents
        ("where: \"name = 'IT'\"}", "match: {dept: person_id}}", "'match' key 'dept' is not a column of 'depts'"),
        ("where: \"name = 'IT'\"}", "match: {id: nothing}}", "unknown column 'nothing'"),
        # 5. grouped self-reference
        ("within: dept_id, senior: grade", "within: dpt_id, senior: grade", "'within' must name another column"),
        ("where: \"name = 'IT'\"}", "within: n}", "'within' is for a self-reference"),
        ("within: dept_id, senior: grade", "where: 'grade > 1'", "a self-reference takes 'within' and 'senior'"),
        # 6. shared unique values
        ("shared: [iban]", "shared: [grade]", "which is not unique"),
        ("shared: [iban]", "shared: [ibn]", "shares unknown column"),
        ("labels: {is_ghost: 1}, shared", "shared", "give it 'labels'"),
        # 7. processes
        ("start: a\n", "start: z\n", "process start 'z' is not a state"),
        ("a: {next: {b: 1}}", "a: {next: {c: 1}}", "goes to unknown state 'c'"),
        ("a: {next: {b: 1}}\n          b: {}", "a: {next: {b: 1}}\n          b: {next: {a: 1}}", "never ends"),
        ("at: opened", "at: name", "must be a date or datetime column"),
        ("at: opened", "at: opend", "unknown column 'depts.opend'"),
        (
            "          b: {}\n",
            "          b: {}\n        variants: {outage: {states: {b: {}}}}\n",
            "is not a scenario of the parent table",
        ),
        (
            'n: {generator: expression, expr: "sibling.position"}',
            "n: {generator: process, field: state}",
            "needs the table's rows to be a process",
        ),
        ("process:\n", "count: {distribution: fixed, value: 1}\n      process:\n", "exactly one of 'count'"),
        # 8. position and lag
        ('expr: "sibling.position"', 'expr: "sibling.rank"', "sibling has position, count"),
        ('expr: "sibling.position"', 'expr: "previous.n"', "cannot read its own previous value"),
        ('expr: "sibling.position"', 'expr: "previous.nn"', "has no column 'nn'"),
        (
            "iban: {generator: iban, unique: true}",
            "iban: {generator: iban, unique: true}\n      x: {generator: expression, expr: 'previous.grade'}",
            "needs the table's rows to be made per a parent",
        ),
    ],
)
def test_misuse_is_a_located_error(old: str, new: str, expect: str) -> None:
    assert expect in _error(old, new)


def test_error_points_at_the_line_of_the_misuse() -> None:
    bad = BASE.replace("a: {next: {b: 1}}", "a: {next: {c: 1}}")
    with pytest.raises(SpecValidationError) as e:
        plan_of(bad, file="hr.yaml")
    line = next(i for i, text in enumerate(bad.splitlines(), 1) if "a: {next: {c: 1}}" in text)
    assert f"hr.yaml:{line}:" in str(e.value)


def test_exact_count_larger_than_a_static_table() -> None:
    text = BASE.replace("scenarios:\n", "scenarios:\n  - {name: many, table: depts, count: 9, labels: {big: 1}}\n")
    with pytest.raises(SpecValidationError) as e:
        plan_of(text, file="hr.yaml")
    assert "asks for 9 rows but static table 'depts' has 3" in str(e.value)


def test_exact_count_larger_than_a_scaled_table_fails_before_writing() -> None:
    from simulacra.generation.engine import Engine

    plan = plan_of(BASE.replace("count: 2, labels", "count: 50, labels"), file="hr.yaml")
    with pytest.raises(SpecValidationError) as e:
        Engine(plan).frames()
    assert "exactly 50 rows but table 'people' has 20" in str(e.value) and "hr.yaml:" in str(e.value)


def test_grouped_self_reference_in_a_table_its_parent_aggregates() -> None:
    text = """
    tables:
      teams:
        rows: 3
        primary_key: id
        columns:
          id: sequence
          size: {generator: aggregate, function: count, of: members}
      members:
        rows: {per: teams, count: {distribution: fixed, value: 4}}
        primary_key: id
        columns:
          id: sequence
          team_id: {generator: foreign_key, references: teams.id}
          lead_id: {generator: foreign_key, references: members.id, within: team_id}
    """
    with pytest.raises(SpecValidationError) as e:
        plan_of(text, file="t.yaml")
    assert "'teams' aggregates 'members'" in str(e.value) and "t.yaml:" in str(e.value)


def test_rates_and_shares_adding_up_to_more_than_one() -> None:
    text = BASE.replace(
        "scenarios:\n",
        "scenarios:\n  - {name: a, table: people, share: 0.7, labels: {a: 1}}\n"
        "  - {name: b, table: people, rate: 0.4, labels: {b: 1}}\n",
    )
    with pytest.raises(SpecValidationError) as e:
        plan_of(text, file="hr.yaml")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "name: b," in t)
    assert f"hr.yaml:{line}:" in str(e.value) and "add up to 1.100 > 1" in str(e.value)


def test_via_misuse() -> None:
    text = BASE.replace(
        "owner_id: {generator: foreign_key, references: depts.id, where: \"name = 'IT'\"}",
        'owner_id: {generator: foreign_key, references: people.id, where: "grade > 1"}',
    )
    with pytest.raises(SpecValidationError) as e:
        plan_of(text, file="hr.yaml")
    assert "found 2 (name the one rows are made per with 'via')" in str(e.value)
    text2 = text.replace("rows: {per: people, count", "rows: {per: people, via: ownr_id, count")
    with pytest.raises(SpecValidationError) as e:
        plan_of(text2, file="hr.yaml")
    assert "'via' names 'ownr_id'" in str(e.value) and "did you mean 'owner_id'" in str(e.value)
    plan_of(text.replace("rows: {per: people, count", "rows: {per: people, via: person_id, count"))


def test_scenario_override_reading_previous_is_refused() -> None:
    text = BASE.replace(
        "scenarios:\n",
        "scenarios:\n  - {name: late, table: tasks, rate: 0.1, labels: {late: 1}, "
        "columns: {n: {generator: expression, expr: 'previous.n'}}}\n"
        "  - {name: odd, table: tasks, rate: 0.1, labels: {odd: 1}, "
        "columns: {owner_id: {generator: expression, expr: 'sibling.count'}}}\n",
    )
    with pytest.raises(SpecValidationError) as e:
        plan_of(text, file="hr.yaml")
    assert str(e.value).count("cannot override a process column or one reading previous./sibling.") >= 2


def test_match_on_a_scenario_label_is_refused() -> None:
    text = """
    tables:
      a:
        rows: 5
        primary_key: id
        columns:
          id: sequence
          g: {generator: integer, low: 1, high: 2}
      b:
        rows: 10
        columns:
          a_id: {generator: foreign_key, references: a.id, match: {g: flag}}
    scenarios:
      - {name: s, table: b, rate: 0.5, labels: {flag: 1}}
    """
    with pytest.raises(SpecValidationError) as e:
        plan_of(text, file="x.yaml")
    assert "x.yaml:12:" in str(e.value) and "reads scenario label 'flag'" in str(e.value)
