"""A ``distinct`` foreign key with ``match`` (issues 13, 20) against ``match`` alone: attendance of a lesson of the
enrollment's course (30 courses of 12 lessons, students enrolled in 1 to 3 courses, 4 to 12 attendance rows per
enrollment), written as Parquet in 100,000-row chunks; prints the rows, how many repeat a lesson of their enrollment,
the wall time to write and the peak RSS while generating (streaming: it should not grow with the rows).

The spec was written for this figure: **dev**.

    PYTHONPATH=src .venv/bin/python benchmarks/distinct_match.py distinct 400000
    PYTHONPATH=src .venv/bin/python benchmarks/distinct_match.py match 400000
"""

from __future__ import annotations

import pathlib
import resource
import sys
import tempfile
import time
from typing import Any

import polars as pl

from simulacra.pipeline import generate


def spec_of(distinct: bool, students: int) -> dict[str, Any]:
    def fk(ref: str, **kw: Any) -> dict[str, Any]:
        return {"generator": "foreign_key", "references": ref, **kw}

    lesson = fk("lessons.lesson_id", distinct=distinct, match={"course_id": "enrollment_id.course_id"})
    return {
        "seed": 1,
        "tables": {
            "courses": {"rows": 30, "primary_key": "course_id", "columns": {"course_id": {"generator": "sequence"}}},
            "lessons": {
                "rows": {"per": "courses", "count": {"distribution": "fixed", "value": 12}},
                "primary_key": "lesson_id",
                "columns": {"lesson_id": {"generator": "sequence"}, "course_id": fk("courses.course_id")},
            },
            "students": {
                "rows": students,
                "primary_key": "student_id",
                "columns": {"student_id": {"generator": "sequence"}},
            },
            "enrollments": {
                "rows": {"per": "students", "count": {"distribution": "uniform", "low": 1, "high": 3}},
                "primary_key": "enrollment_id",
                "columns": {
                    "enrollment_id": {"generator": "sequence"},
                    "student_id": fk("students.student_id"),
                    "course_id": fk("courses.course_id", distinct=True),
                },
            },
            "attendance": {
                "rows": {"per": "enrollments", "count": {"distribution": "uniform", "low": 4, "high": 12}},
                "primary_key": "attendance_id",
                "columns": {
                    "attendance_id": {"generator": "sequence"},
                    "enrollment_id": fk("enrollments.enrollment_id"),
                    "lesson_id": lesson,
                },
            },
        },
    }


def main() -> None:
    kind, students = sys.argv[1], int(sys.argv[2])
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        out = pathlib.Path(d) / "out"
        generate(spec_of(kind == "distinct", students), out, format="parquet", chunk_size=100_000, documents=False)
        wall = time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        frame = pl.read_parquet(out / "attendance.parquet", columns=["enrollment_id", "lesson_id"])
    held = frame.filter(pl.col("lesson_id").is_not_null()).select("enrollment_id", "lesson_id")
    print(
        f"{kind}: {frame.height:,} attendance rows, {int(held.is_duplicated().sum()):,} rows repeating a lesson of "
        f"their enrollment, {wall:.2f} s wall to write, peak RSS while generating {rss:.0f} MiB"
    )


if __name__ == "__main__":
    main()
