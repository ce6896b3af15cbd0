"""Invariants over random specs: random FK DAGs (multi-parent, self-reference, per-parent counts), random seeds."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulacra.constraints import check_dataset
from simulacra.generation.engine import Engine
from simulacra.spec import load_plan

KEYS = [{"generator": "sequence", "start": 100}, {"generator": "uuid"}, {"generator": "pattern", "pattern": "K-{seq:05d}"}]
COUNTS = [
    {"distribution": "fixed", "value": 1},
    {"distribution": "poisson", "lam": 1.5},
    {"distribution": "negative_binomial", "mean": 2, "dispersion": 1},
    {"distribution": "categorical", "values": [0, 1, 3], "weights": [0.2, 0.5, 0.3]},
]


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 5))
    tables: dict[str, Any] = {}
    for i in range(n):
        name = f"t{i}"
        cols: dict[str, Any] = {"id": draw(st.sampled_from(KEYS)), "v": {"generator": "uniform", "low": 0, "high": 100, "round": 1}}
        parents = draw(st.lists(st.integers(0, i - 1), unique=True, max_size=3)) if i else []
        per = draw(st.sampled_from(parents)) if parents and draw(st.booleans()) else None
        for p in parents:
            cols[f"t{p}_id"] = {"generator": "foreign_key", "references": f"t{p}.id",
                                "null_rate": 0.0 if p == per else draw(st.sampled_from([0.0, 0.3])),
                                "distribution": draw(st.sampled_from(["uniform", "zipf"]))}
        if draw(st.booleans()):  # checked in a ledger (not unique by construction)
            cols["code"] = {"generator": "pattern", "pattern": "?#?#", "unique": True}
        if draw(st.booleans()):
            cols["parent_id"] = {"generator": "foreign_key", "references": f"{name}.id"}
        if per is not None:
            rows: Any = {"per": f"t{per}", "count": draw(st.sampled_from(COUNTS)), "zero_rate": draw(st.sampled_from([0.0, 0.25]))}
        else:
            rows = draw(st.integers(0, 40))
        tables[name] = {"rows": rows, "primary_key": "id", "columns": cols}
    constraints = [{"table": t, "check": "v >= 10"} for t in tables if draw(st.booleans())]
    return {"seed": draw(st.integers(0, 2**32)), "tables": tables, "constraints": constraints}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=specs(), chunk=st.integers(1, 50), budget=st.sampled_from([None, 0]))
def test_integrity_uniqueness_constraints_and_chunk_independence(spec: dict[str, Any], chunk: int, budget: int | None) -> None:
    plan = load_plan(spec)
    a = Engine(plan, chunk_size=chunk, memory_budget=budget).frames()  # budget 0: ledgers and parent columns spilled
    b = Engine(plan, chunk_size=10_000).frames()
    for t in a:
        assert a[t].equals(b[t]), t
    failed = [f for f in check_dataset(plan, a) if not f.ok]
    assert failed == []
    for c in spec["constraints"]:
        assert (a[c["table"]]["v"] >= 10).all()


@settings(max_examples=15, deadline=None)
@given(spec=specs())
def test_spec_round_trips_through_its_dump(spec: dict[str, Any]) -> None:
    plan = load_plan(spec)
    again = load_plan(plan.spec.model_dump(mode="json", by_alias=True, exclude_none=True))
    assert again.spec == plan.spec
