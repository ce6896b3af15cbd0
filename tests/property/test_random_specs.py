"""Invariants over random specs: random FK DAGs (multi-parent, self-reference, per-parent counts), random seeds."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulacra.constraints import check_dataset
from simulacra.generation.engine import Engine
from simulacra.spec import load_plan
from simulacra.testing import assert_referential_integrity
from simulacra.testing.strategies import specs


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=specs(), chunk=st.integers(1, 50), budget=st.sampled_from([None, 0]))
def test_integrity_uniqueness_constraints_and_chunk_independence(
    spec: dict[str, Any], chunk: int, budget: int | None
) -> None:
    plan = load_plan(spec)
    a = Engine(plan, chunk_size=chunk, memory_budget=budget).frames()  # budget 0: ledgers and parent columns spilled
    b = Engine(plan, chunk_size=10_000).frames()
    for t in a:
        assert a[t].equals(b[t]), t
    assert_referential_integrity(plan, a)
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
