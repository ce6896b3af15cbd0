"""Parts said as "<groups> of N <parts> each" or "<groups>, N <parts> each" are made per the group (issue 20,
draft33).

"20 courses of 6 sessions each", "20 courses, 6 sessions each": the 'each' says the count is per course whatever
the group's noun (before, only group and container words — classes, teams, pallets — read so after 'of', none
after a comma, and catalogue parts like sessions were 6 in all), so a record over the parts ("session
attendance") is made per membership as with "courses with 6 sessions each".
"""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import key_to

import simulacra
from simulacra.draft import draft

#: (request, group, groups, part, parts each, record)
CASES = [
    (
        "a gym chain: 2,000 members enrolled in 20 courses of 6 sessions each; session attendance",
        "courses",
        20,
        "sessions",
        6,
        "session_attendance",
    ),
    (
        "a university: 3,000 students enrolled in 40 modules of 12 lectures each; lecture attendance",
        "modules",
        40,
        "lectures",
        12,
        "lecture_attendance",
    ),
    (
        "an online language school: 900 students enrolled in 25 courses of 10 lessons each; 4,000 lesson completions",
        "courses",
        25,
        "lessons",
        10,
        "lesson_completions",
    ),
    (
        "a gym chain: 2,000 members enrolled in 20 courses, 6 sessions each; session attendance",
        "courses",
        20,
        "sessions",
        6,
        "session_attendance",
    ),
    (
        "a language school: 900 students enrolled in 25 courses, 10 lessons each; 3,000 lesson completions",
        "courses",
        25,
        "lessons",
        10,
        "lesson_completions",
    ),
]


class TestPartsOfEachGroupAreMadePerTheGroup:
    @pytest.mark.parametrize(("request_", "group", "groups", "part", "each", "record"), CASES)
    def test_the_parts_are_made_per_the_group_exactly(
        self, request_: str, group: str, groups: int, part: str, each: int, record: str
    ) -> None:
        tables = draft(request_).spec["tables"]
        assert tables[group]["rows"] == groups
        assert tables[part]["rows"] == {"per": group, "count": {"distribution": "fixed", "value": each}}

    @pytest.mark.parametrize(
        ("request_", "group", "groups", "part", "each", "record", "seed"),
        [(*case, seed) for case, seed in zip(CASES, [2, 5, 9, 4, 13], strict=True)],
    )
    def test_the_record_over_them_is_per_membership_and_generates(
        self, request_: str, group: str, groups: int, part: str, each: int, record: str, seed: int
    ) -> None:
        spec = draft(request_, seed=seed).spec
        rows = spec["tables"][record]["rows"]
        assert isinstance(rows, dict) and rows["count"]["high"] <= each
        pcol = spec["tables"][record]["columns"][key_to(spec, record, part)]
        assert pcol["distinct"] is True and pcol["match"]
        frames = simulacra.generate(spec, seed=seed, scale=0.2).frames
        simulacra.validate(spec, frames)
        assert frames[part].height == frames[group].height * each
        assert frames[record].height > 0


@pytest.mark.parametrize(
    ("request_", "table", "rows"),
    [
        ("a charity: 800 saddles of 600 riders", "riders", 600),  # whose the saddles are, no 'each'
        ("a school: 30 classes of 25 pupils", "pupils", {"per": "classes"}),  # a group word, as before
        ("a shop: 300 orders, 40 couriers", "couriers", 40),  # a comma with no 'each' after the count
    ],
)
def test_without_each_the_reading_is_unchanged(request_: str, table: str, rows: object) -> None:
    got = draft(request_).spec["tables"][table]["rows"]
    if isinstance(rows, dict):
        assert isinstance(got, dict) and got["per"] == rows["per"]
    else:
        assert got == rows
