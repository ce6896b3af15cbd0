"""`validate` re-checks what a spec declares: each way of tampering with a generated dataset listed in
issue 11 (a deleted one-to-one child, a tripled bonus, a salary + 100, a wrong office, swapped codes, a
removed scenario label, every row labelled) is caught, and the untouched dataset passes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import pytest

from simulacra.constraints import check_dataset
from simulacra.errors import DataValidationError
from simulacra.generation.engine import Engine
from simulacra.pipeline import validate
from simulacra.spec import load_plan

HR: dict[str, Any] = {
    "seed": 11,
    "tables": {
        "offices": {"rows": 4, "primary_key": "office_id", "columns": {"office_id": {"generator": "sequence"}}},
        "departments": {
            "rows": 6,
            "primary_key": "dept_id",
            "columns": {
                "dept_id": {"generator": "sequence"},
                "office_id": {"generator": "foreign_key", "references": "offices.office_id"},
            },
        },
        "employees": {
            "rows": {"per": "departments", "count": {"distribution": "fixed", "value": 20}},
            "primary_key": "emp_id",
            "columns": {
                "emp_id": {"generator": "sequence"},
                "dept_id": {"generator": "foreign_key", "references": "departments.dept_id"},
                "office_id": {"generator": "expression", "expr": "departments.office_id"},
                "salary": {"generator": "integer", "low": 30000, "high": 90000},
                "bonus": {"generator": "expression", "expr": "ROUND(salary * 0.1, 2)"},
                "status": {"generator": "categorical", "values": ["active", "leave", "left"]},
                "status_code": {
                    "generator": "lookup",
                    "key": "status",
                    "mapping": {"active": "A", "leave": "L", "left": "X"},
                },
                "band": {
                    "generator": "case",
                    "cases": [{"when": "salary >= 60000", "then": "senior"}],
                    "else": "junior",
                },
            },
        },
        "badges": {
            "rows": {"per": "employees", "count": {"distribution": "fixed", "value": 1}},
            "primary_key": "badge_id",
            "columns": {
                "badge_id": {"generator": "sequence"},
                "emp_id": {"generator": "foreign_key", "references": "employees.emp_id"},
            },
        },
        "salaries": {
            "rows": {"per": "employees", "count": {"distribution": "fixed", "value": 3}},
            "primary_key": "id",
            "columns": {
                "id": {"generator": "sequence"},
                "emp_id": {"generator": "foreign_key", "references": "employees.emp_id"},
                "amount": {"generator": "expression", "expr": "ROUND(employees.salary / 12, 2)"},
                "paid_to_date": {"generator": "running_sum", "of": "amount"},
            },
        },
        "days": {"rows": 200, "primary_key": "day_id", "columns": {"day_id": {"generator": "sequence"}}},
    },
    "scenarios": [
        {
            "name": "ghost",
            "table": "employees",
            "rate": 0.1,
            "labels": {"is_ghost": 1},
            "columns": {"salary": {"generator": "integer", "low": 5000, "high": 9000}},
        },
        {"name": "outage", "table": "days", "rate": 0.05, "labels": {"outage": True}},
    ],
}


@pytest.fixture(scope="module")
def dataset() -> tuple[Any, dict[str, pl.DataFrame]]:
    plan = load_plan(HR)
    return plan, Engine(plan).frames()


def _set(
    frames: dict[str, pl.DataFrame], table: str, column: str, fn: Callable[[pl.DataFrame], pl.Expr]
) -> dict[str, pl.DataFrame]:
    out = dict(frames)
    out[table] = frames[table].with_columns(fn(frames[table]).alias(column))
    return out


def _first_row(column: str, value: Any, other: str) -> Callable[[pl.DataFrame], pl.Expr]:
    return lambda df: pl.when(pl.int_range(pl.len()) == 0).then(pl.lit(value)).otherwise(pl.col(other))


TAMPERS: dict[str, tuple[Callable[[dict[str, pl.DataFrame]], dict[str, pl.DataFrame]], str]] = {
    "deleted badge": (lambda f: {**f, "badges": f["badges"].slice(1)}, "'badges' children per employees row"),
    "tripled bonus": (
        lambda f: _set(
            f,
            "employees",
            "bonus",
            lambda df: pl.when(pl.int_range(pl.len()) == 5).then(pl.col("bonus") * 3).otherwise(pl.col("bonus")),
        ),
        "'bonus' = its expression",
    ),
    "salary + 100": (
        lambda f: _set(
            f,
            "salaries",
            "amount",
            lambda df: pl.when(pl.int_range(pl.len()) == 7).then(pl.col("amount") + 100).otherwise(pl.col("amount")),
        ),
        "'amount' = its expression",
    ),
    "wrong office": (
        lambda f: _set(
            f,
            "employees",
            "office_id",
            lambda df: (
                pl.when(pl.int_range(pl.len()) == 3).then(pl.col("office_id") % 4 + 1).otherwise(pl.col("office_id"))
            ),
        ),
        "'office_id' = its expression",
    ),
    "swapped codes": (
        lambda f: _set(f, "employees", "status_code", lambda df: pl.col("status_code").replace({"A": "L", "L": "A"})),
        "'status_code' = its lookup",
    ),
    "removed ghost label": (
        lambda f: _set(
            f,
            "employees",
            "is_ghost",
            lambda df: pl.when((pl.col("is_ghost") == 1).cum_sum() == 1).then(0).otherwise(pl.col("is_ghost")),
        ),
        "'salary' within its integer range",
    ),
    "every day an outage": (lambda f: _set(f, "days", "outage", lambda df: pl.lit(True)), "scenario 'outage' share"),
    "balance changed": (
        lambda f: _set(
            f,
            "salaries",
            "paid_to_date",
            lambda df: (
                pl.when(pl.int_range(pl.len()) == 4).then(pl.col("paid_to_date") + 1).otherwise(pl.col("paid_to_date"))
            ),
        ),
        "running sum 'paid_to_date'",
    ),
    "case branch": (lambda f: _set(f, "employees", "band", lambda df: pl.lit("senior")), "'band' = its case"),
}


def test_untouched_dataset_passes_every_declared_check(dataset: tuple[Any, dict[str, pl.DataFrame]]) -> None:
    plan, frames = dataset
    findings = check_dataset(plan, frames, declared=True)
    assert [f for f in findings if not f.ok] == []
    names = " | ".join(f.check for f in findings)
    for expected in (
        "'bonus' = its expression",
        "'status_code' = its lookup",
        "'band' = its case",
        "running sum 'paid_to_date'",
        "'badges' children per employees row",
        "scenario 'ghost' share",
        "scenario 'outage' share",
    ):
        assert expected in names


@pytest.mark.parametrize("tamper", sorted(TAMPERS))
def test_validate_catches_tampering(dataset: tuple[Any, dict[str, pl.DataFrame]], tamper: str) -> None:
    plan, frames = dataset
    change, check = TAMPERS[tamper]
    with pytest.raises(DataValidationError) as err:
        validate(plan, change(frames))
    assert check in str(err.value)


def test_scenario_where_is_rechecked() -> None:
    spec = {
        "seed": 2,
        "tables": {
            "cards": {
                "rows": 50,
                "primary_key": "id",
                "columns": {"id": {"generator": "sequence"}, "stolen": {"generator": "boolean", "p": 0.5}},
            },
            "tx": {
                "rows": {"per": "cards", "count": {"distribution": "fixed", "value": 4}},
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "card_id": {"generator": "foreign_key", "references": "cards.id"},
                },
            },
        },
        "scenarios": [
            {"name": "fraud", "table": "tx", "rate": 0.5, "where": "cards.stolen", "labels": {"is_fraud": 1}}
        ],
    }
    plan = load_plan(spec)
    frames = Engine(plan).frames()
    validate(plan, frames)
    stolen = frames["cards"].filter(~pl.col("stolen"))["id"][0]
    bad = frames["tx"].with_columns(
        pl.when(pl.col("card_id") == stolen).then(1).otherwise(pl.col("is_fraud")).alias("is_fraud")
    )
    with pytest.raises(DataValidationError, match="rows meet its where"):
        validate(plan, {**frames, "tx": bad})
