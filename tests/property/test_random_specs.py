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


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spec=specs(),
    chunk=st.integers(1, 40),
    defect=st.sampled_from(["none", "copy", "drop", "null", "shift"]),
    at=st.floats(0, 1),
)
def test_streaming_validate_finds_what_in_memory_finds(
    spec: dict[str, Any], chunk: int, defect: str, at: float
) -> None:
    # a defect planted at a random row of a random table: chunked checks give the same findings, count and first row
    import tempfile
    from pathlib import Path

    import polars as pl

    from simulacra.pipeline import check_streaming

    plan = load_plan(spec)
    frames = Engine(plan).frames()
    name = sorted(frames)[int(at * 997) % len(frames)]
    df = frames[name]
    if df.height and defect != "none":
        row = min(int(at * df.height), df.height - 1)
        col = df.columns[int(at * 31) % df.width]
        if defect == "copy":  # a row repeated at the end (keys, unique values, counts)
            df = pl.concat([df, df.slice(row, 1)])
        elif defect == "drop":  # a row deleted (FKs of its children, counts, aggregates)
            df = pl.concat([df.slice(0, row), df.slice(row + 1)])
        elif defect == "null":
            df = df.with_columns(pl.when(pl.int_range(pl.len()) == row).then(None).otherwise(pl.col(col)).alias(col))
        elif df.schema[col].is_numeric():  # shift: a value changed
            df = df.with_columns(
                pl.when(pl.int_range(pl.len()) == row).then(pl.col(col) + 7).otherwise(pl.col(col)).alias(col)
            )
        frames = {**frames, name: df}
    with tempfile.TemporaryDirectory() as d:
        for t, f in frames.items():
            f.write_parquet(Path(d) / f"{t}.parquet")
        whole = check_dataset(plan, frames, declared=True)
        streamed = check_streaming(plan, d, chunk_size=chunk)
    key = lambda fs: sorted((f.table, f.check, f.failed, f.total, f.first_row) for f in fs)  # noqa: E731
    assert key(streamed) == key(whole)
