"""A ``distinct`` foreign key with ``match`` and/or ``where`` (issues 13, 20): among the children of one 'per' parent
each takes a different parent among the candidates (the parents holding the 'per' parent's ``match`` values and
passing ``where``); a group larger than its candidates has its extra rows null.

Planted: courses with a varying number of lessons (some none), enrollments of students in courses, attendance per
enrollment of a lesson of the enrollment's course, once per lesson; group sizes below, at and above the candidates,
several seeds and chunk sizes. Per enrollment, the rows holding a lesson are exactly min(group size, lessons of the
course), all of its course and distinct; the frames are the same bytes at chunk sizes 7, 64 and whole; a row check
on the lesson redraws rows without breaking either; ``check_dataset`` finds nothing; a spec whose candidates could
differ between siblings is refused at validation, located. Before (base 5693e72f): the spec was refused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from tests.helpers import frames_of, plan_of

from simulacra.constraints import check_dataset
from simulacra.errors import ConstraintError, DataValidationError, SpecValidationError
from simulacra.generation.engine import Engine
from simulacra.pipeline import check_streaming, generate, validate
from simulacra.spec import load_plan

# (lessons per course, attendance per enrollment): fewer, about as many, more attendance rows than lessons
_SHAPES = {
    "roomy": ((10, 16), (0, 5)),
    "tight": ((3, 6), (2, 7)),
    "crowded": ((0, 4), (3, 9)),
}


def _spec(shape: str, seed: int, *, where: bool = False, check: str | None = None) -> dict[str, Any]:
    (llo, lhi), (alo, ahi) = _SHAPES[shape]
    lesson: dict[str, Any] = {
        "generator": "foreign_key",
        "references": "lessons.lesson_id",
        "distinct": True,
        "match": {"course_id": "enrollment_id.course_id"},
    }
    if where:
        lesson["where"] = "published"
    spec: dict[str, Any] = {
        "seed": seed,
        "tables": {
            "courses": {"rows": 23, "primary_key": "course_id", "columns": {"course_id": {"generator": "sequence"}}},
            "lessons": {
                "rows": {"per": "courses", "count": {"distribution": "uniform", "low": llo, "high": lhi}},
                "primary_key": "lesson_id",
                "columns": {
                    "lesson_id": {"generator": "sequence"},
                    "course_id": {"generator": "foreign_key", "references": "courses.course_id"},
                    "week": {"generator": "integer", "low": 1, "high": 24},
                    "published": {"generator": "boolean", "p": 0.7},
                },
            },
            "students": {"rows": 60, "primary_key": "student_id", "columns": {"student_id": {"generator": "sequence"}}},
            "enrollments": {
                "rows": {"per": "students", "count": {"distribution": "uniform", "low": 1, "high": 3}},
                "primary_key": "enrollment_id",
                "columns": {
                    "enrollment_id": {"generator": "sequence"},
                    "student_id": {"generator": "foreign_key", "references": "students.student_id"},
                    "course_id": {"generator": "foreign_key", "references": "courses.course_id", "distinct": True},
                },
            },
            "attendance": {
                "rows": {"per": "enrollments", "count": {"distribution": "uniform", "low": alo, "high": ahi}},
                "primary_key": "attendance_id",
                "columns": {
                    "attendance_id": {"generator": "sequence"},
                    "enrollment_id": {"generator": "foreign_key", "references": "enrollments.enrollment_id"},
                    "lesson_id": lesson,
                },
            },
        },
    }
    if check is not None:
        spec["constraints"] = [{"table": "attendance", "check": check}]
    return spec


def _assert_distinct_and_matched(f: dict[str, pl.DataFrame], *, where: bool = False) -> pl.DataFrame:
    """Every lesson is of the enrollment's course (and published with ``where``), none twice per enrollment, and
    each enrollment has min(its rows, its candidates) lessons: nulls only where the group outnumbers them."""
    a, e, les = f["attendance"], f["enrollments"], f["lessons"]
    cand = les.filter(pl.col("published")) if where else les
    per_course = cand.group_by("course_id").agg(pl.len().alias("cands"))
    j = a.join(e.select("enrollment_id", "course_id"), on="enrollment_id").join(
        les.select("lesson_id", pl.col("course_id").alias("lesson_course"), "published"), on="lesson_id", how="left"
    )
    held = j.filter(pl.col("lesson_id").is_not_null())
    assert (held["lesson_course"] == held["course_id"]).all()
    if where:
        assert held["published"].all()
    assert held.select("enrollment_id", "lesson_id").is_unique().all()
    groups = (
        j.group_by("enrollment_id", "course_id")
        .agg(pl.len().alias("rows"), pl.col("lesson_id").count().alias("held"))
        .join(per_course, on="course_id", how="left")
        .with_columns(pl.col("cands").fill_null(0))
    )
    assert groups.select((pl.col("held") == pl.min_horizontal("rows", "cands")).all()).item()
    return groups


class TestDistinctAmongMatchedParents:
    @pytest.mark.parametrize("shape", sorted(_SHAPES))
    @pytest.mark.parametrize("seed", [0, 5, 19])
    def test_each_sibling_takes_another_parent_of_its_key(self, shape: str, seed: int) -> None:
        f = frames_of(_spec(shape, seed))
        groups = _assert_distinct_and_matched(f)
        assert f["attendance"].height > 100
        if shape == "crowded":  # the planted shapes are reached: groups past their candidates, and within
            assert (groups["rows"] > groups["cands"]).any() and (groups["rows"] <= groups["cands"]).any()
        if shape == "roomy":
            assert f["attendance"]["lesson_id"].null_count() == 0

    @pytest.mark.parametrize("shape", sorted(_SHAPES))
    @pytest.mark.parametrize("seed", [2, 8])
    def test_with_where_the_candidates_also_pass_it(self, shape: str, seed: int) -> None:
        _assert_distinct_and_matched(frames_of(_spec(shape, seed, where=True)), where=True)

    @pytest.mark.parametrize("seed", [0, 13])
    def test_with_where_alone_the_siblings_take_different_passing_parents(self, seed: int) -> None:
        """No 'match': every enrollment draws among all published lessons; a group past them is null."""
        spec = _spec("tight", seed, where=True)
        del spec["tables"]["attendance"]["columns"]["lesson_id"]["match"]
        spec["tables"]["lessons"]["columns"]["published"] = {"generator": "boolean", "p": 0.04}
        f = frames_of(spec, chunk_size=64)
        a = f["attendance"].join(f["lessons"].select("lesson_id", "published"), on="lesson_id", how="left")
        held = a.filter(pl.col("lesson_id").is_not_null())
        n_pub = int(f["lessons"]["published"].sum())
        assert 0 < n_pub < 7 and held["published"].all()
        assert held.select("enrollment_id", "lesson_id").is_unique().all()
        got = a.group_by("enrollment_id").agg(pl.len().alias("rows"), pl.col("lesson_id").count().alias("held"))
        assert got.select((pl.col("held") == pl.col("rows").clip(upper_bound=n_pub)).all()).item()
        assert (got["rows"] > n_pub).any()

    @pytest.mark.parametrize("seed", [1, 4])
    def test_the_siblings_take_several_permutations_not_one_order(self, seed: int) -> None:
        """Two enrollments of one course start and step through its lessons differently (per-parent draws)."""
        f = frames_of(_spec("roomy", seed))
        a = f["attendance"].join(f["enrollments"].select("enrollment_id", "course_id"), on="enrollment_id")
        firsts = a.group_by("enrollment_id", maintain_order=True).first()
        assert firsts.group_by("course_id").agg(pl.col("lesson_id").n_unique().alias("k"))["k"].max() > 1

    @pytest.mark.parametrize("shape", sorted(_SHAPES))
    @pytest.mark.parametrize("seed", [3, 11])
    def test_the_dataset_check_finds_nothing(self, shape: str, seed: int) -> None:
        spec = _spec(shape, seed, where=True)
        findings = check_dataset(load_plan(spec), frames_of(spec))
        assert any("distinct within each enrollments row" in x.check for x in findings)
        assert [(x.check, x.failed) for x in findings if x.failed] == []

    def test_the_check_sees_a_repeated_parent(self) -> None:
        spec = _spec("roomy", 6)
        f = frames_of(spec)
        a = f["attendance"]
        dup = a.with_columns(pl.col("lesson_id").shift(1).over("enrollment_id").fill_null(pl.col("lesson_id")))
        findings = check_dataset(load_plan(spec), {**f, "attendance": dup})
        repeated = int(dup.select("enrollment_id", "lesson_id").is_duplicated().sum())
        assert repeated > 0
        assert [x.failed for x in findings if "lesson_id distinct within" in x.check] == [repeated]


class TestValidateWrittenData:
    @pytest.mark.parametrize("seed", [2, 10])
    def test_validate_passes_and_catches_a_repeat_whole_and_streaming(self, tmp_path: Path, seed: int) -> None:
        """``validate`` (whole and ``chunk_size``: DuckDB, bounded memory) passes the written data, and counts
        a lesson repeated within an enrollment once one is planted in the file."""
        spec = _spec("crowded", seed, where=True)
        out = tmp_path / "out"
        generate(spec, out, format="parquet", chunk_size=64, documents=False)
        validate(spec, out)
        validate(spec, out, chunk_size=50)
        a = pl.read_parquet(out / "attendance.parquet")
        dup = a.with_columns(pl.col("lesson_id").shift(1).over("enrollment_id").fill_null(pl.col("lesson_id")))
        dup.write_parquet(out / "attendance.parquet")
        repeated = int(dup.drop_nulls("lesson_id").select("enrollment_id", "lesson_id").is_duplicated().sum())
        assert repeated > 0
        for kw in ({}, {"chunk_size": 50}):
            with pytest.raises(DataValidationError, match="lesson_id distinct within each enrollments row"):
                validate(spec, out, **kw)  # type: ignore[arg-type]
        findings = check_streaming(spec, out, chunk_size=50)
        assert [x.failed for x in findings if "lesson_id distinct within" in x.check] == [repeated]

    @pytest.mark.parametrize("seed", [0, 1])
    def test_a_streamed_chunk_of_null_keys_is_checked_not_failed(self, tmp_path: Path, seed: int) -> None:
        """A 'where' key mostly null (any key, distinct or not): a chunk whose keys are all null reads no parent
        row; its 'where' check passes instead of failing every row ("could not be checked")."""
        spec = _spec("roomy", seed)
        lesson = spec["tables"]["attendance"]["columns"]["lesson_id"]
        spec["tables"]["attendance"]["columns"]["lesson_id"] = {
            "generator": "foreign_key",
            "references": lesson["references"],
            "where": "published",
            "null_rate": 0.95,
        }
        out = tmp_path / "out"
        generate(spec, out, format="parquet", documents=False)
        findings = check_streaming(spec, out, chunk_size=5)
        assert [x.check for x in findings if x.failed] == []


class TestDeterminism:
    @pytest.mark.parametrize("shape", sorted(_SHAPES))
    @pytest.mark.parametrize("seed", [0, 7])
    def test_the_same_frames_at_every_chunk_size(self, shape: str, seed: int) -> None:
        spec = _spec(shape, seed, where=seed == 7)
        whole = frames_of(spec)
        for chunk in (7, 64):
            got = frames_of(spec, chunk_size=chunk)
            for t, frame in whole.items():
                assert got[t].equals(frame), (t, chunk)

    @pytest.mark.parametrize("budget", [0, 1 << 12])
    def test_the_same_frames_when_the_candidates_spill(self, budget: int) -> None:
        """A memory budget past which the candidates (grouped by their keys' hashes) go to a spill file."""
        spec = _spec("tight", 4, where=True)
        want = frames_of(spec)
        got = Engine(load_plan(spec), chunk_size=64, memory_budget=budget).frames()
        for t, frame in want.items():
            assert got[t].equals(frame), t

    def test_the_same_bytes_written_at_every_chunk_size(self, tmp_path: Path) -> None:
        spec = _spec("crowded", 12)
        digests = []
        for chunk in (7, 64, 100_000):
            out = tmp_path / str(chunk)
            generate(spec, out, format="parquet", chunk_size=chunk, documents=False)
            digests.append(hashlib.sha256((out / "attendance.parquet").read_bytes()).hexdigest())
        assert len(set(digests)) == 1

    def test_another_seed_other_parents(self) -> None:
        a = frames_of(_spec("roomy", 0))["attendance"]["lesson_id"]
        b = frames_of(_spec("roomy", 1))["attendance"]["lesson_id"]
        assert not a.equals(b)


class TestRedrawnRows:
    @pytest.mark.parametrize("where", [False, True])
    @pytest.mark.parametrize("seed", [0, 9])
    @pytest.mark.parametrize("chunk", [7, 100_000])
    def test_a_row_check_on_the_lesson_keeps_it_distinct_and_matched(self, where: bool, seed: int, chunk: int) -> None:
        """Rows whose lesson is in week 1 are made again: they take another lesson of the course, never a
        sibling's (the courses have more lessons than an enrollment has rows)."""
        spec = _spec("roomy", seed, where=where, check="lesson_id.week > 1 or lesson_id is null")
        engine = Engine(load_plan(spec), chunk_size=chunk)
        f = engine.frames()
        assert engine.stats.regenerated["attendance"]["rows"] > 0  # rows were made again
        _assert_distinct_and_matched(f, where=where)
        a = f["attendance"].join(f["lessons"].select("lesson_id", "week"), on="lesson_id", how="left")
        assert (a["week"].fill_null(2) > 1).all()
        held = a.filter(pl.col("lesson_id").is_not_null())
        assert held.select("enrollment_id", "lesson_id").is_unique().all()
        if chunk == 7:
            assert f["attendance"].equals(frames_of(spec)["attendance"])

    def test_a_row_with_no_free_candidate_left_is_refused_not_repeated(self) -> None:
        """Every lesson of a course taken by the group: a row failing the check cannot move without taking a
        sibling's lesson, so it keeps its own and the check's error says so."""
        spec = _spec("tight", 0, check="lesson_id.week > 1 or lesson_id is null")
        with pytest.raises(ConstraintError, match="still fails"):
            frames_of(spec)


class TestRefusedAtValidation:
    _BASE = """\
seed: 1
tables:
  schools:
    rows: 4
    primary_key: school_id
    columns: {school_id: sequence}
  pupils:
    rows: 80
    primary_key: pupil_id
    columns:
      pupil_id: sequence
      school_id: {generator: foreign_key, references: schools.school_id}
  classes:
    rows: 12
    primary_key: class_id
    columns:
      class_id: sequence
      school_id: {generator: foreign_key, references: schools.school_id}
  seats:
    rows: {per: classes, count: {distribution: fixed, value: 5}}
    primary_key: seat_id
    columns:
      seat_id: sequence
      class_id: {generator: foreign_key, references: classes.class_id}
      school_id: {generator: foreign_key, references: schools.school_id}
      pupil_id: {generator: foreign_key, references: pupils.pupil_id, distinct: true, MATCH}
"""

    def _plan(self, match: str) -> Any:
        return plan_of(self._BASE.replace("MATCH", match), file="school.yaml")

    def test_a_match_on_the_per_parent_is_planned(self) -> None:
        f = Engine(self._plan("match: {school_id: class_id.school_id}")).frames()
        s = f["seats"].join(f["classes"].select("class_id", pl.col("school_id").alias("cs")), on="class_id")
        s = s.join(f["pupils"].select("pupil_id", pl.col("school_id").alias("ps")), on="pupil_id")
        assert s.height == 60 and (s["cs"] == s["ps"]).all()
        assert s.select("class_id", "pupil_id").is_unique().all()

    @pytest.mark.parametrize(
        ("match", "expect"),
        [
            # the row's own column: siblings could have other candidates
            ("match: {school_id: school_id}", "found 'school_id'"),
            # another foreign key's parent
            ("match: {school_id: school_id.school_id}", "found 'school_id.school_id'"),
            (
                "match: {school_id: class_id.school_id}, match_share: 0.9",
                "cannot be combined with 'match_share'",
            ),
        ],
    )
    def test_siblings_with_other_candidates_are_refused_located(self, match: str, expect: str) -> None:
        with pytest.raises(SpecValidationError) as e:
            self._plan(match)
        msg = str(e.value)
        assert expect in msg and "school.yaml:" in msg and "seats" in msg and "pupil_id" in msg
