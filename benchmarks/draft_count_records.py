"""A member's record over a group's parts asked with a count only (issue 20, draft33): held-out-style requests.

"20,000 lesson completions" of students enrolled in courses with lessons: a reader expects the record made per
membership as without the count (draft-attend55's checks: ``benchmarks/draft_progress_requests.py``) and the count
kept — ``rows.total`` of the record is the number asked, and the generated rows are that many (times the scale).

Written before the rule (2026-12-06), expectations first, run once before and once after it, not tuned on: a
**test** figure. Checks per request: the six of ``draft_progress_requests.checks`` at ``--scale`` (0.1), then
"count kept" (``rows.total`` equals the count asked) and "rows as asked" (the generated record has
round(count x scale) rows).

    PYTHONPATH=src .venv/bin/python benchmarks/draft_count_records.py [--scale 0.1]
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, pick, run, scale_from_args  # noqa: E402
from draft_progress_requests import checks  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

#: (request, member table, group table, part table, record table names accepted, count asked)
HELD_OUT: list[tuple[str, str, str, str, set[str], int]] = [
    (
        "a cooking school: 1,500 students enrolled in 40 courses, each course has 10 classes; 18,000 class attendances",
        "students",
        "courses",
        "classes",
        {"class_attendances", "class_attendance", "attendances", "attendance"},
        18000,
    ),
    (
        "a certification body: 2,400 candidates assigned to 60 tracks with 8 modules each; 15,000 module completions",
        "candidates",
        "tracks",
        "modules",
        {"module_completions", "completions"},
        15000,
    ),
    (
        "a comics app: 5,000 readers subscribed to 120 series; each series has 20 issues; 60,000 issue reads",
        "readers",
        "series",
        "issues",
        {"issue_reads", "reads"},
        60000,
    ),
]


def counted(request: str, records: set[str], count: int, scale: float) -> Checks:
    spec = draft(request).spec
    r = pick(spec["tables"], records)
    rows = spec["tables"][r]["rows"] if r else None
    kept = isinstance(rows, dict) and rows.get("total") == count
    try:
        made = simulacra.generate(spec, seed=1, scale=scale).frames[r].height if r else -1
    except Exception:
        made = -1
    return [("count kept", kept), ("rows as asked", made == round(count * scale))]


def record_checks(
    request: str, member: str, group: str, part: str, records: set[str], count: int, scale: float = 0.1
) -> Checks:
    """The six checks of ``draft_progress_requests.checks``, then the count's two."""
    return checks(request, member, group, part, records, scale=scale) + counted(request, records, count, scale)


def main() -> None:
    run(HELD_OUT, partial(record_checks, scale=scale_from_args(__doc__, 0.1)))


if __name__ == "__main__":
    main()
