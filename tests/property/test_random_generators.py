"""Random specs over every column generator: what `spec validate` accepts, `generate` makes without an
internal error (only a located SimulacraError may refuse it), the data passes every check `validate`
runs, and the output does not depend on the chunk size."""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from simulacra.constraints import check_dataset
from simulacra.errors import SimulacraError
from simulacra.generation.engine import Engine
from simulacra.io import plan_schemas
from simulacra.io._files import FolderSink
from simulacra.spec import load_plan
from simulacra.spec.refs import expression

NUMERIC = ["n_int", "n_float"]


def _then(draw: st.DrawFn) -> Any:
    """A case branch: a literal, a value generator, or a generator the engine makes itself (refused by validate)."""
    return draw(
        st.sampled_from(
            [
                5,
                7.5,
                None,
                {"generator": "integer", "low": 0, "high": 9},
                {"generator": "expression", "expr": "n_int + 1"},
                {"generator": "foreign_key", "references": "p.id"},
                {"generator": "aggregate", "function": "count", "of": "c"},
                {"generator": "running_sum", "of": "n_int"},
                {"generator": "case", "cases": [{"when": "n_int > 3", "then": 1}], "else": 2},
            ]
        )
    )


def _common(draw: st.DrawFn, cols: dict[str, Any]) -> None:
    cols["n_int"] = {"generator": "integer", "low": 0, "high": 9}
    cols["n_float"] = {"generator": "uniform", "low": 0, "high": 100, "round": draw(st.sampled_from([None, 0, 2]))}
    cols["kind"] = {"generator": "categorical", "values": ["a", "b", "c"]}
    cols["day"] = {"generator": "date", "start": "2024-01-01", "end": "2024-03-31"}
    cols["ts"] = {"generator": "datetime", "start": "2024-01-01", "end": "2024-03-31"}
    if draw(st.booleans()):
        cols["later"] = {
            "generator": "date",
            "after": "day",
            "end": "2024-03-31",
            "offset": {
                "distribution": draw(st.sampled_from(["exponential", "uniform"])),
                "mean": 40,
                "low": 0,
                "high": 200,
            },
        }
    if draw(st.booleans()):
        cols["calc"] = {
            "generator": "expression",
            "expr": draw(
                st.sampled_from(
                    [
                        "ROUND(n_float * 1.5, 1)",
                        "n_int * 2 + 1",
                        "DATE_ADD(day, n_int)",
                        "DATE_ADD(day, 1, 'month')",
                        "EXTRACT(month FROM day)",
                        "CASE WHEN kind = 'a' THEN n_float ELSE 0 END",
                        "unknown_col + 1",
                        "day + 1",
                    ]
                )
            ),
        }
    if draw(st.booleans()):
        cols["branch"] = {
            "generator": "case",
            "cases": [{"when": "n_int > 4", "then": _then(draw)}],
            "else": _then(draw),
        }
    if draw(st.booleans()):
        cols["label"] = {"generator": "lookup", "key": "kind", "mapping": {"a": 1, "b": 2}, "default": 0}
    if draw(st.booleans()):
        cols["code"] = {
            "generator": "pattern",
            "pattern": draw(st.sampled_from(["??##", "C-{seq}", "#"])),
            "unique": True,
        }
    if draw(st.booleans()):
        cols["email"] = {"generator": "email", "unique": True}


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    p: dict[str, Any] = {"id": {"generator": "sequence"}}
    _common(draw, p)
    c: dict[str, Any] = {"id": {"generator": "sequence"}, "p_id": {"generator": "foreign_key", "references": "p.id"}}
    _common(draw, c)
    if draw(st.booleans()):
        c["balance"] = {
            "generator": "running_sum",
            "of": draw(st.sampled_from(["n_int", "n_float", "1", "CASE WHEN kind = 'a' THEN 1 ELSE -1 END"])),
            "order_by": draw(st.sampled_from([None, "ts"])),
        }
        if draw(st.booleans()):
            c["from_balance"] = {"generator": "expression", "expr": "balance * 2"}
    for fn, of in draw(
        st.lists(
            st.sampled_from(
                [("count", "c"), ("sum", "c.n_int"), ("max", "c.ts"), ("min", "c.day"), ("mean", "c.n_float")]
            ),
            unique=True,
            max_size=3,
        )
    ):
        p[f"agg_{fn}"] = {"generator": "aggregate", "function": fn, "of": of}
    if "agg_count" in p and draw(st.booleans()):
        p["from_agg"] = {"generator": "expression", "expr": "agg_count * 10"}
    rows_c = {"per": "p", "count": {"distribution": "poisson", "lam": 2}}
    spec: dict[str, Any] = {
        "seed": draw(st.integers(0, 2**31)),
        "tables": {
            "p": {"rows": draw(st.integers(0, 30)), "primary_key": "id", "columns": p},
            "c": {"rows": rows_c, "primary_key": "id", "columns": c},
        },
        "constraints": [],
        "scenarios": [],
    }
    if draw(st.booleans()):
        spec["constraints"].append({"table": draw(st.sampled_from(["p", "c"])), "check": "n_int >= 2"})
    if draw(st.booleans()):
        spec["scenarios"].append(
            {
                "name": "odd",
                "table": "c",
                "rate": 0.2,
                "labels": {"is_odd": 1},
                "columns": {
                    draw(st.sampled_from(["n_int", "kind", "code", "p_id"])): {"generator": "constant", "value": 1}
                },
            }
        )
    return spec


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
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
    failed = [f for f in check_dataset(plan, frames, declared=True) if not f.ok]
    assert failed == []
    for name, col in spec["tables"]["p"]["columns"].items():
        if col["generator"] == "aggregate" and col["function"] in (
            "min",
            "max",
        ):  # the child column's type, in memory and in sinks
            child_col = col["of"].split(".")[1]
            assert frames["p"].schema[name] == frames["c"].schema[child_col]
    # the class of tampering validate must catch: one derived value changed
    for t, table in spec["tables"].items():
        cols = table["columns"]
        derived = [
            c
            for c, v in cols.items()
            if v["generator"] in ("expression", "lookup")
            and frames[t][c].dtype.is_numeric()
            and not any(c in sc["columns"] for sc in spec["scenarios"] if sc["table"] == t)
        ]
        if derived and frames[t].height:
            c = derived[0]
            bad = frames[t].with_columns(
                pl.when(pl.int_range(pl.len()) == 0).then(pl.col(c).fill_null(0) + 1).otherwise(pl.col(c)).alias(c)
            )
            assert [f for f in check_dataset(plan, {**frames, t: bad}, declared=True) if not f.ok and f.column == c]


@settings(max_examples=200, deadline=None)
@given(x=st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 4)), d=st.integers(0, 3))
def test_round_agrees_with_sqlite(x: float, d: int) -> None:
    got = pl.DataFrame({"x": [x]}).select(expression(f"ROUND(x, {d})")).item()
    want = sqlite3.connect(":memory:").execute("SELECT ROUND(?, ?)", (x, d)).fetchone()[0]
    assert got == pytest.approx(want, abs=10 ** -(d + 6))


# About half the random specs are refused by validate on purpose (engine-made generators inside a case, unknown
# columns), so filtering is expected here as in the test above; the health check failed by chance on CI.
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(spec=specs(), chunks=st.tuples(st.integers(1, 30), st.integers(31, 500)), group=st.integers(1, 40))
def test_parquet_bytes_do_not_depend_on_chunk_size(
    spec: dict[str, Any], chunks: tuple[int, int], group: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    try:
        plan = load_plan(spec)
        Engine(plan)
    except SimulacraError:
        assume(False)
        return
    out = tmp_path_factory.mktemp("pq")
    digests = []
    for chunk in chunks:
        engine = Engine(plan, chunk_size=chunk)
        sink = FolderSink(out / str(chunk), "parquet", row_group_rows=group)
        try:
            sink.open(plan_schemas(plan, {t: engine.schema(t) for t in plan.tables}))
            for t, parts in engine.tables():
                for part in parts:
                    sink.write(t, part)
        except SimulacraError:
            sink.abort()
            return
        sink.write_manifest({})
        sink.close()
        digests.append([hashlib.sha256((out / str(chunk) / f"{t}.parquet").read_bytes()).digest() for t in plan.tables])
    assert digests[0] == digests[1]


@pytest.mark.parametrize(
    "then",
    [
        {"generator": "foreign_key", "references": "p.id"},
        {"generator": "aggregate", "function": "count", "of": "p"},
        {"generator": "running_sum", "of": "1"},
    ],
)
def test_engine_made_generators_inside_a_case_are_refused_by_validate(then: dict[str, Any]) -> None:
    spec = {
        "tables": {
            "p": {
                "rows": 3,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "x": {"generator": "case", "cases": [{"when": "id > 1", "then": then}], "else": 0},
                },
            }
        }
    }
    with pytest.raises(SimulacraError, match="case branch cannot be"):
        load_plan(spec)
