"""The declarative spec: models, YAML loading with file:line, and the generation plan."""

from simulacra.spec.load import json_schema, load_plan, load_spec, spec_hash
from simulacra.spec.model import ColumnSpec, ConstraintSpec, DatasetSpec, ScenarioSpec, TableSpec
from simulacra.spec.plan import Plan, TablePlan, make_plan

__all__ = [
    "ColumnSpec",
    "ConstraintSpec",
    "DatasetSpec",
    "Plan",
    "ScenarioSpec",
    "TablePlan",
    "TableSpec",
    "json_schema",
    "load_plan",
    "load_spec",
    "make_plan",
    "spec_hash",
]
