"""A parent dated late in the span leaves room for its rows kept one at a time (issue 20, draft62).

draft60 spreads thousands of rows made per a parent ("1,500 lessons per pupil") from the parent's date to the
span's end where a one-at-a-time rule (no instructor in two lessons at one start) is kept. A parent dated on the
span's last days still narrows that window to nothing: at a small scale one instructor holds all of a pupil's
lessons, which no drawing can keep apart in a few days. The parent's date now ends early enough that a quarter of
the open slots after it hold a parent's rows (noted); drafts with few rows per parent keep the span's end.
"""

from __future__ import annotations

import datetime as dt

import pytest

import simulacra
from simulacra.draft import draft

#: request, the table made per the parent, the parent, its date column, rows per parent
WIDENED = [
    ("a driving school: 15 instructors, 2 pupils, 1,500 lessons per pupil", "lessons", "pupils", "enrolled_on", 1500),
    ("a music school: 20 teachers; 3 students; 900 lessons per student", "lessons", "students", "enrolled_on", 900),
    ("a language school: 30 tutors; 1 learner; 2,000 lessons per learner", "lessons", "learners", "enrolled_on", 2000),
]


def _slots_a_day(col: dict) -> float:
    open_days = sum(w > 0 for w in col["weekday_weights"]) / 7
    return open_days * sum(w > 0 for w in col["hour_weights"]) * 3600 / int(col["resolution"])


@pytest.mark.parametrize(("request_text", "table", "parent", "date", "per_parent"), WIDENED)
def test_a_parent_dated_last_still_has_room_for_its_rows(
    request_text: str, table: str, parent: str, date: str, per_parent: int
) -> None:
    d = draft(request_text)
    assert d.spec.get("constraints"), "the one-at-a-time rule is kept"
    col = d.spec["tables"][table]["columns"]["starts_at"]
    assert col["offset"]["distribution"] == "uniform"  # draft60's widening, kept
    end = dt.date.fromisoformat(str(d.spec["tables"][parent]["columns"][date]["end"])[:10])
    span_end = dt.date.fromisoformat(str(col["end"])[:10])
    assert (span_end - end).days * _slots_a_day(col) / 4 >= per_parent
    assert any(a.startswith(f"{parent}: {date} ends {end.isoformat()}") for a in d.assumptions)


def test_few_rows_per_parent_keep_the_parents_dates() -> None:
    d = draft("a driving school: 10 instructors; 5 pupils; 6 lessons per pupil")
    assert str(d.spec["tables"]["pupils"]["columns"]["enrolled_on"]["end"]).startswith("2024-12-31")
    assert not any("ends" in a and "before the span's end" in a for a in d.assumptions)


@pytest.mark.parametrize("seed", [0, 1])
def test_the_driving_school_generates_and_validates_at_a_small_scale(seed: int) -> None:
    d = draft(WIDENED[0][0])
    frames = simulacra.generate(d.spec, seed=seed, scale=0.05).frames
    simulacra.validate(d.spec, frames)
    assert frames["lessons"].height > 1000
