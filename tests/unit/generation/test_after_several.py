"""A date ``after`` several columns (issue 20): drawn after the LATEST of them (a lesson after both its pupil's
enrolment and its tutor's hiring), the gap as for one; a null among them is passed over, all null gives null;
no helper column in the output; the same bytes whatever the chunk size; ``validate`` checks the latest; a
list that is empty, names a column twice or an unknown column is refused, naming it."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from simulacra.constraints import check_dataset
from simulacra.errors import SpecError
from simulacra.generation.engine import Engine
from simulacra.pipeline import check_streaming
from simulacra.spec import load_plan


def _parent(name: str, rows: int, date: str, gen: str = "date", null_rate: float = 0.0, **kw: Any) -> dict[str, Any]:
    col: dict[str, Any] = {"generator": gen, "start": "2023-01-01", "end": "2024-06-30", **kw}
    if null_rate:
        col["null_rate"] = null_rate
    return {
        "rows": rows,
        "primary_key": "id",
        "columns": {"id": {"generator": "sequence"}, date: col},
    }


def _child(keys: dict[str, str], after: list[str], gen: str = "datetime", **kw: Any) -> dict[str, Any]:
    cols: dict[str, Any] = {"id": {"generator": "sequence"}}
    for key, parent in keys.items():
        cols[key] = {"generator": "foreign_key", "references": f"{parent}.id"}
    cols["at"] = {"generator": gen, "after": after, "end": "2024-12-31", **kw}
    return {"rows": 3000, "primary_key": "id", "columns": cols}


def two_tables(seed: int) -> dict[str, Any]:
    """A session of a tutor (hired, a date) with a student (enrolled, a date-time)."""
    return {
        "seed": seed,
        "tables": {
            "tutors": _parent("tutors", 15, "hired_on"),
            "students": _parent("students", 400, "enrolled_at", gen="datetime"),
            "sessions": _child(
                {"tutor_id": "tutors", "student_id": "students"}, ["tutor_id.hired_on", "student_id.enrolled_at"]
            ),
        },
    }


def three_tables(seed: int) -> dict[str, Any]:
    """A lesson of a teacher with a pupil in a room, on quarter hours and weekdays, gaps exponential."""
    return {
        "seed": seed,
        "tables": {
            "teachers": _parent("teachers", 12, "hired_on"),
            "pupils": _parent("pupils", 300, "enrolled_on"),
            "rooms": _parent("rooms", 20, "opened_on"),
            "lessons": _child(
                {"teacher_id": "teachers", "pupil_id": "pupils", "room_id": "rooms"},
                ["teacher_id.hired_on", "pupil_id.enrolled_on", "room_id.opened_on"],
                offset={"distribution": "exponential", "scale": 20, "unit": "days"},
                weekday_weights=[1, 1, 1, 1, 1, 0, 0],
                hour_weights=[0] * 8 + [1] * 10 + [0] * 6,
                resolution=900,
            ),
        },
    }


def one_table_twice(seed: int) -> dict[str, Any]:
    """A match of a member with another member, and a local column besides (the court's opening)."""
    spec = {
        "seed": seed,
        "tables": {
            "members": _parent("members", 500, "joined_at", gen="datetime"),
            "matches": _child({"member_id": "members", "other_member_id": "members"}, []),
        },
    }
    cols = spec["tables"]["matches"]["columns"]
    cols["booked_at"] = {"generator": "datetime", "start": "2023-06-01", "end": "2024-06-30"}
    cols["at"] = {
        "generator": "datetime",
        "after": ["member_id.joined_at", "other_member_id.joined_at", "booked_at"],
        "end": "2024-12-31",
    }
    return spec


def with_nulls(seed: int) -> dict[str, Any]:
    """Parents whose dates are sometimes unknown: a null is passed over, both null gives null."""
    return {
        "seed": seed,
        "tables": {
            "tutors": _parent("tutors", 40, "hired_on", null_rate=0.4),
            "students": _parent("students", 60, "enrolled_on", null_rate=0.4),
            "sessions": _child(
                {"tutor_id": "tutors", "student_id": "students"}, ["tutor_id.hired_on", "student_id.enrolled_on"]
            ),
        },
    }


def _floors(spec: dict[str, Any], frames: dict[str, pl.DataFrame], child: str) -> pl.DataFrame:
    """The child's rows with each after-column's value beside them (parents joined through their keys)."""
    col = spec["tables"][child]["columns"]["at"]
    view = frames[child]
    out = []
    for i, ref in enumerate(col["after"]):
        if "." not in ref:
            view = view.with_columns(pl.col(ref).cast(pl.Datetime("us")).alias(f"f{i}"))
        else:
            key, date = ref.split(".")
            parent = str(spec["tables"][child]["columns"][key]["references"]).split(".")[0]
            right = frames[parent].select(pl.col("id").alias(key), pl.col(date).cast(pl.Datetime("us")).alias(f"f{i}"))
            view = view.join(right, on=key, how="left", maintain_order="left")
        out.append(f"f{i}")
    return view.with_columns(pl.max_horizontal(out).alias("latest"))


SHAPES = {"two tables": two_tables, "three tables": three_tables, "one table twice": one_table_twice}


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_the_latest_of_several(shape: str, seed: int) -> None:
    spec = SHAPES[shape](seed)
    child = [t for t in spec["tables"] if "at" in spec["tables"][t]["columns"]][0]
    frames = Engine(load_plan(spec)).frames()
    view = _floors(spec, frames, child)
    assert view["at"].null_count() == 0
    assert (view["at"] >= view["latest"]).all()  # never before any of them
    assert view["at"].max() <= dt.datetime(2024, 12, 31, 23, 59, 59)  # type: ignore[operator]
    # each one is the latest for many rows: not the first one only
    n = len(spec["tables"][child]["columns"]["at"]["after"])
    wins = [int((view[f"f{i}"] == view["latest"]).sum()) for i in range(n)]
    assert all(w > 0 for w in wins), wins
    # rows dated after the first only would fall before a later one: many rows would (the rule matters)
    assert (view["at"] < view["f1"]).sum() == 0
    assert set(frames[child].columns) == set(spec["tables"][child]["columns"])  # no helper column
    assert all(f.ok for f in check_dataset(load_plan(spec), frames, declared=True))


def test_three_tables_keep_the_slots_and_the_week() -> None:
    spec = three_tables(4)
    at = Engine(load_plan(spec)).frames()["lessons"]["at"]
    assert (at.dt.weekday() <= 5).all()
    assert at.dt.hour().is_between(8, 17).all()
    assert (at.dt.minute() % 15 == 0).all() and (at.dt.second() == 0).all()


def test_the_gap_counts_from_the_latest() -> None:
    """A fixed gap of 3 days: every row is exactly 3 days after the latest of its parents' dates."""
    spec = two_tables(5)
    spec["tables"]["sessions"]["columns"]["at"]["offset"] = {"distribution": "fixed", "value": 3, "unit": "days"}
    spec["tables"]["sessions"]["columns"]["at"]["end"] = "2030-12-31"
    frames = Engine(load_plan(spec)).frames()
    view = _floors(spec, frames, "sessions")
    gap = (view["at"] - view["latest"]).dt.total_seconds()
    assert (gap == 3 * 86_400).all()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_null_parent_date_is_passed_over(seed: int) -> None:
    spec = with_nulls(seed)
    frames = Engine(load_plan(spec)).frames()
    view = _floors(spec, frames, "sessions")
    one = view.filter(pl.col("f0").is_null() ^ pl.col("f1").is_null())
    both = view.filter(pl.col("f0").is_null() & pl.col("f1").is_null())
    some = view.filter(pl.col("f0").is_not_null() | pl.col("f1").is_not_null())
    assert one.height > 100 and both.height > 20  # the data has each case
    assert one["at"].null_count() == 0 and (one["at"] >= one["latest"]).all()
    assert both["at"].null_count() == both.height  # nothing to come after: unknown too
    assert (some["at"] >= some["latest"]).all()
    assert all(f.ok for f in check_dataset(load_plan(spec), frames, declared=True))


def test_a_single_name_in_a_list_is_the_plain_after() -> None:
    plain = two_tables(7)
    plain["tables"]["sessions"]["columns"]["at"]["after"] = "tutor_id.hired_on"
    listed = copy.deepcopy(plain)
    listed["tables"]["sessions"]["columns"]["at"]["after"] = ["tutor_id.hired_on"]
    assert Engine(load_plan(plain)).frames()["sessions"].equals(Engine(load_plan(listed)).frames()["sessions"])


def test_validate_checks_the_latest(tmp_path: Path) -> None:
    """A row moved before its later parent (after its earlier one still) is a finding naming both columns."""
    spec = two_tables(8)
    plan = load_plan(spec)
    frames = Engine(plan).frames()
    view = _floors(spec, frames, "sessions")
    earliest = pl.min_horizontal("f0", "f1")
    rows = np.flatnonzero(((view["latest"] - view.select(earliest).to_series()).dt.total_days() > 2).to_numpy())[:5]
    assert len(rows) == 5
    moved = view.select(
        pl.when(pl.int_range(pl.len()).is_in(rows.tolist()))
        .then(pl.col("latest") - pl.duration(days=1))
        .otherwise(pl.col("at"))
        .alias("at")
    )["at"]
    bad = {**frames, "sessions": frames["sessions"].with_columns(moved)}
    found = [f for f in check_dataset(plan, bad, declared=True) if f.table == "sessions" and not f.ok]
    assert len(found) == 1 and found[0].failed == 5 and found[0].first_row == int(rows[0])
    assert "'tutor_id.hired_on' and 'student_id.enrolled_at'" in found[0].check
    # checked a chunk at a time (validate --chunk-size): the same finding, the same count and first row
    folder = tmp_path / "bad"
    folder.mkdir()
    for name, df in bad.items():
        df.write_parquet(folder / f"{name}.parquet", row_group_size=200)
    streamed = [f for f in check_streaming(plan, folder, chunk_size=97) if f.table == "sessions" and not f.ok]
    assert [(f.check, f.failed, f.first_row) for f in streamed] == [(found[0].check, 5, int(rows[0]))]


def _digests(spec: dict[str, Any], tmp: Path, chunk: int) -> tuple[str, ...]:
    from simulacra.io import plan_schemas
    from simulacra.io._files import FolderSink

    plan = load_plan(spec)
    engine = Engine(plan, chunk_size=chunk)
    sink = FolderSink(tmp / f"o{chunk}", "parquet", row_group_rows=100)
    sink.open(plan_schemas(plan, {t: engine.schema(t) for t in plan.tables}))
    for t, chunks in engine.tables():
        for c in chunks:
            sink.write(t, c)
    sink.write_manifest({})
    sink.close()
    return tuple(hashlib.sha256((tmp / f"o{chunk}" / f"{t}.parquet").read_bytes()).hexdigest() for t in plan.tables)


@pytest.mark.parametrize("make", [three_tables, one_table_twice, with_nulls])
def test_same_bytes_whatever_the_chunk_size(make: Any, tmp_path: Path) -> None:
    spec = make(9)
    assert len({_digests(spec, tmp_path, chunk) for chunk in (37, 500, 100_000)}) == 1


@pytest.mark.parametrize(
    ("after", "said"),
    [
        ([], "non-empty list"),
        (["tutor_id.hired_on", "tutor_id.hired_on"], "names a column twice"),
        (["tutor_id.hired_on", "student_id.left_on"], "left_on"),
        (["tutor_id.hired_on", "nowhere"], "nowhere"),
    ],
)
def test_a_bad_list_is_refused_naming_it(after: list[str], said: str) -> None:
    spec = two_tables(1)
    spec["tables"]["sessions"]["columns"]["at"]["after"] = after
    with pytest.raises(SpecError, match=said) as err:
        load_plan(spec)
    assert "sessions" in str(err.value)
