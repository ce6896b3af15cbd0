"""Small helpers shared by tests."""

from __future__ import annotations

import textwrap
from typing import Any

import polars as pl

from simulacra.generation.engine import Engine
from simulacra.spec import load_plan
from simulacra.spec.plan import Plan


def plan_of(yaml_text: str, file: str = "spec.yaml") -> Plan:
    return load_plan(file, text=textwrap.dedent(yaml_text))


def frames_of(spec: str | dict[str, Any] | Plan, **kw: Any) -> dict[str, pl.DataFrame]:
    plan = spec if isinstance(spec, Plan) else (load_plan(spec) if isinstance(spec, dict) else plan_of(spec))
    return Engine(plan, **kw).frames()
