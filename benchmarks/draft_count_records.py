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

import argparse
import sys
from pathlib import Path

import simulacra
from simulacra.draft import draft

sys.path.insert(0, str(Path(__file__).parent))
from draft_progress_requests import _pick, checks  # noqa: E402

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


def counted(request: str, records: set[str], count: int, scale: float) -> list[tuple[str, bool]]:
    spec = draft(request).spec
    r = _pick(spec["tables"], records)
    rows = spec["tables"][r]["rows"] if r else None
    kept = isinstance(rows, dict) and rows.get("total") == count
    try:
        made = simulacra.generate(spec, seed=1, scale=scale).frames[r].height if r else -1
    except Exception:
        made = -1
    return [("count kept", kept), ("rows as asked", made == round(count * scale))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=0.1, help="generate at this scale (0.1 in the test run)")
    scale = ap.parse_args().scale
    held = total = whole = 0
    for request, member, group, part, records, count in HELD_OUT:
        got = checks(request, member, group, part, records, scale=scale) + counted(request, records, count, scale)
        ok = sum(v for _, v in got)
        held, total, whole = held + ok, total + len(got), whole + (ok == len(got))
        missed = [n for n, v in got if not v]
        print(f"{ok}/{len(got)} {request[:80]}" + (f"\n     missed: {', '.join(missed)}" if missed else ""))
    print(f"\nchecks held {held}/{total}; requests with every check held {whole}/{len(HELD_OUT)}")


if __name__ == "__main__":
    main()
