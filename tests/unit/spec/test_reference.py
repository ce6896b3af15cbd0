"""docs/spec.md is generated from the spec models: it must equal what they render, cover every
generator with an example that validates, and the dialect's listed functions must work."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from pydantic import TypeAdapter

from simulacra.spec import model as m
from simulacra.spec.reference import EXAMPLES, column_models, render
from simulacra.spec.refs import expression_for
from simulacra.spec.yaml_lines import load_yaml

DOC = Path(__file__).resolve().parents[3] / "docs" / "spec.md"


def test_docs_spec_md_is_generated_from_the_models() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/spec.md is out of date: run  PYTHONPATH=src python -m simulacra.spec.reference > docs/spec.md"
    )


def test_every_generator_has_a_valid_example_and_every_parameter_is_documented() -> None:
    assert set(m.BUILTIN_GENERATORS) <= set(EXAMPLES)
    adapter = TypeAdapter(m.ColumnSpec)
    text = render()
    for name, example in EXAMPLES.items():
        ((col, spec),) = load_yaml("{" + example + "}")[0].items()
        assert adapter.validate_python(spec).generator == name
        assert example in text
    for model in column_models():
        for name, field in model.model_fields.items():
            if name == "generator":  # the section title
                continue
            assert f"`{field.alias or name}`" in text


@pytest.mark.parametrize(
    "expr",
    [
        "ROUND(x, 1)",
        "DATE_ADD(d, n)",
        "DATE_SUB(d, 1, 'week')",
        "d + INTERVAL '3 days'",
        "d + n * INTERVAL '1 day'",
        "EXTRACT(isodow FROM d)",
        "DATE_PART('doy', d)",
        "YEAR(d) + MONTH(d) + DAY(d)",
        "d > DATE '2024-01-01'",
        "TIMESTAMP '2024-01-01 10:00:00' < t",
        "CAST(d AS INT)",
        "STRFTIME(d, '%Y-%m')",
        "CASE WHEN n > 1 THEN 'a' ELSE 'b' END",
        "COALESCE(x, 0) + NULLIF(n, 0) + GREATEST(x, 1) + LEAST(x, 1)",
        "ABS(x) + SIGN(x) + FLOOR(x) + CEIL(x) + SQRT(n) + POWER(n, 2)",
        "LN(n) + LOG10(n) + EXP(1) + MOD(n, 2) + n % 2",
        "LOWER(s) || UPPER(s) || CAST(LENGTH(s) AS TEXT) || SUBSTR(s, 1, 2)",
        "CONCAT(s, REPLACE(s, 'a', 'b'), TRIM(s), LEFT(s, 1), RIGHT(s, 1))",
        "x::int + CAST(n AS DOUBLE)",
        "n IN (1, 3) AND n BETWEEN 1 AND 5 AND s LIKE 'a%' AND x IS NOT NULL",
    ],
)
def test_the_documented_dialect_works(expr: str) -> None:
    df = pl.DataFrame(
        {"x": [2.5], "n": [3], "s": ["abc"], "d": [dt.date(2024, 1, 31)], "t": [dt.datetime(2024, 1, 31, 9)]}
    )
    out = df.select(expression_for(expr, df.schema).alias("v"))
    assert out.height == 1 and out["v"].null_count() == 0
