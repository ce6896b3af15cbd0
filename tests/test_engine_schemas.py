"""An engine given the schemas another engine of the same plan found (``Engine(schemas=...)``) is that engine: the same
schemas and the same rows, byte for byte; a Dask task (``_task._engine``) finds a plan's schemas once per worker process
and plan, and a second plan, even one with the same table and column names, gets its own.

Planted across several specs (the shipped examples, one with parents, aggregates and scenarios; a generated one per
seed with columns of several types) and several chunks; the second plan of the same names changes every column's type.
"""

from __future__ import annotations

import io
import pickle
from typing import Any

import numpy as np
import polars as pl
import pytest

from simulacra.distributed import _task
from simulacra.distributed._task import Job, TableContext, make_chunk
from simulacra.examples import example_path
from simulacra.generation.engine import Engine
from simulacra.spec.load import load_plan

EXAMPLES = ["bank", "shop", "hr", "support"]


def typed_spec(seed: int, flip: bool) -> dict[str, Any]:
    """One table, the same names either way; ``flip`` changes every non-key column's type."""
    a = (
        {"generator": "integer", "low": 1, "high": 9}
        if not flip
        else {"generator": "categorical", "values": ["x", "y"]}
    )
    b = {"generator": "uniform", "low": 0, "high": 1} if not flip else {"generator": "integer", "low": 0, "high": 5}
    c = "first_name" if not flip else {"generator": "date", "start": "2000-01-01", "end": "2001-01-01"}
    return {
        "name": f"typed{seed}",
        "seed": seed,
        "tables": {
            "t": {"rows": 50 + seed, "primary_key": "id", "columns": {"id": "sequence", "a": a, "b": b, "c": c}}
        },
    }


def ipc(frame: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.write_ipc(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name", EXAMPLES)
def test_schemas_given_are_the_schemas_found_and_make_the_same_rows(name: str) -> None:
    plan = load_plan(example_path(name))
    found = Engine(plan)
    schemas = {t: found.schema(t) for t in plan.tables}
    given = Engine(plan, schemas=schemas)
    assert {t: given.schema(t) for t in plan.tables} == schemas
    # the first table made per engine, two chunks, the second not from row 0
    t = plan.order[0]
    for a, b in [(0, 40), (40, 97)]:
        rows = np.arange(a, b, dtype=np.int64)
        assert ipc(given.make_rows(t, rows).frame) == ipc(found.make_rows(t, rows).frame)


def test_schemas_given_are_copied_not_shared() -> None:
    plan = load_plan(typed_spec(1, False))
    schemas = {t: Engine(plan).schema(t) for t in plan.tables}
    e = Engine(plan, schemas=schemas)
    schemas["t"]["a"] = pl.String()  # the caller's dict changed afterwards: not the engine's
    assert e.schema("t")["a"] != pl.String()


def test_schemas_for_other_tables_are_refused_with_both_lists() -> None:
    plan = load_plan(example_path("bank"))
    with pytest.raises(ValueError, match=r"schemas for tables \['t'\], the plan has \['accounts'"):
        Engine(plan, schemas={"t": {"id": pl.Int64()}})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_task_finds_a_plans_schemas_once_and_a_second_plan_of_the_same_names_its_own(seed: int) -> None:
    _task._SCHEMAS.clear()
    before = dict(_task.SCHEMA_STATS)
    made: dict[bool, list[bytes]] = {}
    for flip in (False, True):
        plan = load_plan(typed_spec(seed, flip))
        job = Job(plan, seed, 1.0, 20, 20)
        ctx = TableContext(n_rows={"t": 50 + seed})
        made[flip] = [ipc(make_chunk(job, ctx, "t", a, a + 20).made.frame) for a in (0, 20, 40)]
        # the frame's types are this plan's, not the other's
        last = make_chunk(job, ctx, "t", 0, 5).made.frame
        want = Engine(plan).schema("t")
        assert last.select(list(want)).schema == pl.Schema(want)
        # the same bytes as an engine that found the schemas itself (main's task)
        _task._SCHEMAS.clear()
        assert [ipc(make_chunk(job, ctx, "t", a, a + 20).made.frame) for a in (0, 20, 40)] == made[flip]
    found = _task.SCHEMA_STATS["found"] - before["found"]
    reused = _task.SCHEMA_STATS["reused"] - before["reused"]
    # per plan: found by the first task, reused by the next 3, found again once cleared, reused by the next 2
    assert (found, reused) == (4, 10)
    assert made[False] != made[True]


def test_the_schemas_kept_are_the_latest_jobs_only() -> None:
    _task._SCHEMAS.clear()
    jobs = [Job(load_plan(typed_spec(s, s % 2 == 0)), 1, 1.0, 10, 20) for s in range(1, 8)]
    for job in jobs:
        _task._engine(job, TableContext(n_rows={})).close()
    assert list(_task._SCHEMAS) == [j.key for j in jobs[-_task._SCHEMAS_KEPT :]]


def test_a_job_fetched_again_is_the_same_key_and_another_plan_another() -> None:
    """A worker may receive the job again, a new object (Dask drops and fetches replicas): its schemas are found once."""
    _task._SCHEMAS.clear()
    plan = load_plan(typed_spec(4, False))
    job = Job(plan, 4, 1.0, 20, 20)
    again = pickle.loads(pickle.dumps(job))
    assert again is not job and again.key == job.key
    before = dict(_task.SCHEMA_STATS)
    for j in (job, again, job):
        _task._engine(j, TableContext(n_rows={})).close()
    assert _task.SCHEMA_STATS["found"] - before["found"] == 1
    assert _task.SCHEMA_STATS["reused"] - before["reused"] == 2
    other = Job(load_plan(typed_spec(4, True)), 4, 1.0, 20, 20)
    assert other.key != job.key
    assert len({Job(plan, seed, 1.0, 20, 20).key for seed in (1, 2, 3)}) == 3
