from __future__ import annotations

import json

import pytest
from tests.helpers import plan_of

from simulacra.errors import SpecError, SpecValidationError
from simulacra.spec import json_schema, load_plan

GOOD = """
name: t
tables:
  customers:
    rows: 10
    primary_key: id
    columns:
      id: sequence
      tier: {generator: categorical, values: [a, b]}
  orders:
    rows: {per: customers, count: {distribution: poisson, lam: 2}}
    primary_key: id
    columns:
      id: sequence
      customer_id: {generator: foreign_key, references: customers.id}
"""


def test_good_spec_plans_parents_first() -> None:
    plan = plan_of(GOOD)
    assert plan.order == ["customers", "orders"]
    assert "orders: poisson per customers row" in plan.explain()


def test_malformed_yaml_names_file_and_line() -> None:
    with pytest.raises(SpecValidationError) as e:
        plan_of("tables:\n  a: [1, 2\n  b: 3\n", file="bad.yaml")
    assert "bad.yaml:" in str(e.value)
    assert "malformed YAML" in str(e.value)


def test_unknown_generator_has_line_and_did_you_mean() -> None:
    text = GOOD.replace("generator: categorical", "generator: categorcal")
    with pytest.raises(SpecValidationError) as e:
        plan_of(text, file="shop.yaml")
    msg = str(e.value)
    assert "shop.yaml:9:" in msg
    assert "table 'customers', column 'tier'" in msg
    assert "did you mean 'categorical'" in msg


def test_unknown_field_did_you_mean() -> None:
    text = GOOD.replace(
        "primary_key: id\n    columns:\n      id: sequence\n      tier",
        "primary_ky: id\n    columns:\n      id: sequence\n      tier",
        1,
    )
    with pytest.raises(SpecValidationError) as e:
        plan_of(text)
    assert "unknown field 'primary_ky' (did you mean 'primary_key'?)" in str(e.value)


def test_every_problem_reported_at_once() -> None:
    text = GOOD.replace("references: customers.id", "references: custmers.id").replace("lam: 2", "lam: -1")
    text += """
constraints:
  - {table: nope, check: "x > 1"}
"""
    with pytest.raises(SpecValidationError) as e:
        plan_of(text)
    # pydantic shape problems come first; semantic ones need a valid shape
    assert len(e.value.problems) >= 1
    text2 = (
        GOOD.replace("references: customers.id", "references: custmers.id")
        + """
constraints:
  - {table: nope, check: "x > 1"}
"""
    )
    with pytest.raises(SpecValidationError) as e2:
        plan_of(text2)
    msgs = [p.render() for p in e2.value.problems]
    assert any("unknown table 'custmers'" in m and "did you mean 'customers'" in m for m in msgs)
    assert any("constraint on unknown table 'nope'" in m for m in msgs)


def test_fk_to_missing_column() -> None:
    with pytest.raises(SpecValidationError, match=r"unknown column 'customers.idx' \(did you mean 'id'\?\)"):
        plan_of(GOOD.replace("references: customers.id", "references: customers.idx"))


def test_cycle_is_reported() -> None:
    text = """
    tables:
      a:
        rows: 3
        primary_key: id
        columns:
          id: sequence
          b_id: {generator: foreign_key, references: b.id}
      b:
        rows: 3
        primary_key: id
        columns:
          id: sequence
          a_id: {generator: foreign_key, references: a.id}
    """
    with pytest.raises(SpecValidationError, match=r"cycle: a -> b -> a|cycle: b -> a -> b"):
        plan_of(text)


def test_column_cycle_is_reported() -> None:
    text = """
    tables:
      a:
        rows: 3
        columns:
          x: {generator: expression, expr: "y + 1"}
          y: {generator: expression, expr: "x + 1"}
    """
    with pytest.raises(SpecValidationError, match="cycle"):
        plan_of(text)


def test_expression_unknown_column() -> None:
    text = """
    tables:
      a:
        rows: 3
        columns:
          x: {generator: expression, expr: "price * qty"}
          price: {generator: uniform, low: 1, high: 2}
    """
    with pytest.raises(SpecValidationError, match="unknown column 'qty'"):
        plan_of(text)


def test_realistic_params_checked() -> None:
    text = """
    tables:
      a:
        rows: 3
        columns:
          g: {generator: categorical, values: [F, M]}
          fn: {generator: first_name, gendr: g}
    """
    with pytest.raises(SpecValidationError, match="has no parameter 'gendr' \\(did you mean 'gender'\\?\\)"):
        plan_of(text)


def test_bad_distribution_params() -> None:
    text = GOOD.replace("{distribution: poisson, lam: 2}", "{distribution: poisson}")
    with pytest.raises(SpecValidationError, match="needs: lam or mean"):
        plan_of(text)


def test_missing_file() -> None:
    with pytest.raises(SpecError, match="not found"):
        load_plan("/nonexistent/spec.yaml")


def test_json_schema_is_json() -> None:
    schema = json_schema()
    text = json.dumps(schema)
    assert "tables" in schema["properties"]
    assert "foreign_key" in text


def test_examples_are_valid_and_copies_match() -> None:
    from pathlib import Path

    from simulacra.examples import EXAMPLES, example_path

    root = Path(__file__).resolve().parents[3] / "examples"
    for name in EXAMPLES:
        path = example_path(name)
        load_plan(path)
        copy = root / name / "spec.yaml"
        assert copy.read_bytes() == path.read_bytes(), f"examples/{name}/spec.yaml differs from the packaged example"
