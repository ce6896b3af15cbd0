"""A member's record keeps a count only where its own noun was said with it (issue 20, draft37).

"a school: 300 students enrolled in 10 courses with 12 lessons each, 52 tutors; lesson completions every week over
a year": the completions are not counted — the composer derives 52 rows from 'every week' — and 52 is the tutors'
count. Reading the request's text for the number kept a `rows.total` of 52 completions no one asked for; the count
asked is the one the parser gave the record's own mention ("3,000 lesson completions"), carried to the pass.
"""

from __future__ import annotations

import re

import pytest
from tests.unit.draft.draft_helpers import key_to

import simulacra
from simulacra.draft import draft

#: (request, record, its part, the number written for another table that the record's derived count equals)
COINCIDENCES = [
    (
        "a school: 300 students enrolled in 10 courses with 12 lessons each, 52 tutors; lesson completions every "
        "week over a year",
        "lesson_completions",
        "lessons",
        52,
    ),
    (
        "a training firm: 52 trainees enrolled in 6 programmes with 8 modules each; module progress every week "
        "over a year",
        "progress",
        "modules",
        52,
    ),
    (
        "an e-reading app: 400 readers subscribed to 366 books with 15 chapters each; chapter reads every day in 2024",
        "chapter_reads",
        "chapters",
        366,
    ),
]


class TestACountWrittenForAnotherTableIsNotTheRecordsCount:
    @pytest.mark.parametrize(("request_", "record", "part", "number"), COINCIDENCES)
    def test_the_record_made_per_membership_has_no_total(
        self, request_: str, record: str, part: str, number: int
    ) -> None:
        assert str(number) in re.findall(r"\d+", request_)  # the number is written, for another table
        rows = draft(request_).spec["tables"][record]["rows"]
        assert isinstance(rows, dict) and "per" in rows, rows  # still one row per membership and part
        assert "total" not in rows, rows

    @pytest.mark.parametrize(("request_", "record", "part", "number"), COINCIDENCES)
    def test_no_note_says_the_number_was_asked(self, request_: str, record: str, part: str, number: int) -> None:
        notes = [n for n in draft(request_).assumptions if n.startswith(f"{record}:")]
        assert notes and not any(f"{number:,} in all" in n or f"{number:,} asked" in n for n in notes), notes

    @pytest.mark.parametrize(
        ("request_", "record", "part", "number", "seed"),
        [(*case, seed) for case, seed in zip(COINCIDENCES, [2, 5, 9], strict=True)],
    )
    def test_generated_rows_are_not_held_to_the_number(
        self, request_: str, record: str, part: str, number: int, seed: int
    ) -> None:
        spec = draft(request_, seed=seed).spec
        frames = simulacra.generate(spec, seed=seed, scale=0.2).frames
        simulacra.validate(spec, frames)
        rec = frames[record]
        link = spec["tables"][record]["rows"]["per"]
        # no part twice for one membership, and more records than the coincidental number would have allowed
        assert rec.select(key_to(spec, record, link), key_to(spec, record, part)).is_duplicated().sum() == 0
        assert rec.height != round(number * 0.2)


class TestTheRecordsOwnCountIsStillKept:
    @pytest.mark.parametrize(
        ("request_", "record", "count"),
        [
            (
                "a school: 300 students enrolled in 10 courses with 12 lessons each, 52 tutors; 3,000 lesson "
                "completions",
                "lesson_completions",
                3000,
            ),
            (
                "a training firm: 520 trainees enrolled in 6 programmes with 8 modules each; 1,200 module completions",
                "module_completions",
                1200,
            ),
            (
                "an e-reading app: 400 readers subscribed to 366 books with 15 chapters each; 2,000 chapter reads",
                "chapter_reads",
                2000,
            ),
        ],
    )
    def test_the_count_said_before_the_record_is_its_total(self, request_: str, record: str, count: int) -> None:
        rows = draft(request_).spec["tables"][record]["rows"]
        assert rows.get("total") == count, rows
