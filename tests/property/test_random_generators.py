"""Random specs over every column generator: what `spec validate` accepts, `generate` makes without an
internal error (only a located SimulacraError may refuse it), the data passes every check `validate`
runs, and the output does not depend on the chunk size."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from simulacra.constraints import check_dataset
from simulacra.errors import SimulacraError
from simulacra.generation.engine import Engine
from simulacra.spec import load_plan

NUMERIC = ["n_int", "n_float"]


def _then(draw: st.DrawFn) -> Any:
    """A case branch: a literal, a value generator, or a generator the engine makes itself (refused by validate)."""
    return draw(st.sampled_from([
        5, 7.5, None,
        {"generator": "integer", "low": 0, "high": 9},
        {"generator": "expression", "expr": "n_int + 1"},
        {"generator": "foreign_key", "references": "p.id"},
        {"generator": "aggregate", "function": "count", "of": "c"},
        {"generator": "running_sum", "of": "n_int"},
        {"generator": "case", "cases": [{"when": "n_int > 3", "then": 1}], "else": 2},
    ]))


def _common(draw: st.DrawFn, cols: dict[str, Any]) -> None:
    cols["n_int"] = {"generator": "integer", "low": 0, "high": 9}
    cols["n_float"] = {"generator": "uniform", "low": 0, "high": 100, "round": draw(st.sampled_from([None, 0, 2]))}
    cols["kind"] = {"generator": "categorical", "values": ["a", "b", "c"]}
    cols["day"] = {"generator": "date", "start": "2024-01-01", "end": "2024-03-31"}
    cols["ts"] = {"generator": "datetime", "start": "2024-01-01", "end": "2024-03-31"}
    if draw(st.booleans()):
        cols["later"] = {"generator": "date", "after": "day", "end": "2024-03-31",
                         "offset": {"distribution": draw(st.sampled_from(["exponential", "uniform"])), "mean": 40, "low": 0, "high": 200}}
    if draw(st.booleans()):
        cols["calc"] = {"generator": "expression", "expr": draw(st.sampled_from(
            ["ROUND(n_float * 1.5, 1)", "n_int * 2 + 1", "DATE_ADD(day, n_int)", "DATE_ADD(day, 1, 'month')", "EXTRACT(month FROM day)",
             "CASE WHEN kind = 'a' THEN n_float ELSE 0 END", "unknown_col + 1", "day + 1"]))}
    if draw(st.booleans()):
        cols["branch"] = {"generator": "case", "cases": [{"when": "n_int > 4", "then": _then(draw)}], "else": _then(draw)}
    if draw(st.booleans()):
        cols["label"] = {"generator": "lookup", "key": "kind", "mapping": {"a": 1, "b": 2}, "default": 0}
    if draw(st.booleans()):
        cols["code"] = {"generator": "pattern", "pattern": draw(st.sampled_from(["??##", "C-{seq}", "#"])), "unique": True}
    if draw(st.booleans()):
        cols["email"] = {"generator": "email", "unique": True}


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    p: dict[str, Any] = {"id": {"generator": "sequence"}}
    _common(draw, p)
    c: dict[str, Any] = {"id": {"generator": "sequence"}, "p_id": {"generator": "foreign_key", "references": "p.id"}}
    _common(draw, c)
    if draw(st.booleans()):
        c["balance"] = {"generator": "running_sum", "of": draw(st.sampled_from(["n_int", "n_float", "1", "CASE WHEN kind = 'a' THEN 1 ELSE -1 END"])),
                        "order_by": draw(st.sampled_from([None, "ts"]))}
        if draw(st.booleans()):
            c["from_balance"] = {"generator": "expression", "expr": "balance * 2"}
    for fn, of in draw(st.lists(st.sampled_from([("count", "c"), ("sum", "c.n_int"), ("max", "c.ts"), ("min", "c.day"), ("mean", "c.n_float")]),
                               unique=True, max_size=3)):
        p[f"agg_{fn}"] = {"generator": "aggregate", "function": fn, "of": of}
    if "agg_count" in p and draw(st.booleans()):
        p["from_agg"] = {"generator": "expression", "expr": "agg_count * 10"}
    rows_c = {"per": "p", "count": {"distribution": "poisson", "lam": 2}}
    spec: dict[str, Any] = {
        "seed": draw(st.integers(0, 2**31)),
        "tables": {"p": {"rows": draw(st.integers(0, 30)), "primary_key": "id", "columns": p},
                   "c": {"rows": rows_c, "primary_key": "id", "columns": c}},
        "constraints": [], "scenarios": [],
    }
    if draw(st.booleans()):
        spec["constraints"].append({"table": draw(st.sampled_from(["p", "c"])), "check": "n_int >= 2"})
    if draw(st.booleans()):
        spec["scenarios"].append({"name": "odd", "table": "c", "rate": 0.2, "labels": {"is_odd": 1},
                                  "columns": {draw(st.sampled_from(["n_int", "kind", "code", "p_id"])): {"generator": "constant", "value": 1}}})
    return spec


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(spec=specs(), chunk=st.integers(1, 40))
def test_spec_validate_ok_means_generate_makes_checked_data(spec: dict[str, Any], chunk: int) -> None:
    try:
        plan = load_plan(spec)
        Engine(plan)  # what `simulacra spec validate` runs
    except SimulacraError:
        assume(False)
        return
    try:
        frames = Engine(plan, chunk_size=chunk).frames()
    except SimulacraError as exc:  # a refusal with a location (e.g. a constraint that cannot be met) is allowed
        assert str(exc)
        return
    again = Engine(plan, chunk_size=10_000).frames()
    for t in frames:
        assert frames[t].equals(again[t]), t
    failed = [f for f in check_dataset(plan, frames) if not f.ok]
    assert failed == []


@pytest.mark.parametrize("then", [{"generator": "foreign_key", "references": "p.id"},
                                  {"generator": "aggregate", "function": "count", "of": "p"},
                                  {"generator": "running_sum", "of": "1"}])
def test_engine_made_generators_inside_a_case_are_refused_by_validate(then: dict[str, Any]) -> None:
    spec = {"tables": {"p": {"rows": 3, "primary_key": "id", "columns": {
        "id": {"generator": "sequence"}, "x": {"generator": "case", "cases": [{"when": "id > 1", "then": then}], "else": 0}}}}}
    with pytest.raises(SimulacraError, match="case branch cannot be"):
        load_plan(spec)
