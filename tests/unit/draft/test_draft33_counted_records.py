"""A member's record over a group's parts asked with a count only (issue 20, draft33).

"2,000 students enrolled in 30 courses; each course has 12 lessons; 20,000 lesson completions": the record is made
per membership as without a count (``test_draft_progress.py``: its part a ``distinct`` key with ``match`` through
the membership) and the count asked is kept as ``rows.total``: the generated record has exactly that many rows
(times the scale), each part one of its membership's group, none twice. Where too few memberships could hold the
count, each member is in more groups; where no number of them could, the count is not kept and the record is
still made per membership.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import key_to, refs

import simulacra
from simulacra.draft import draft

#: (request, member, group, part, record, parts per group, count asked, scale to generate at)
CASES = [
    (
        "an online language school: 2,000 students enrolled in 30 courses; each course has 12 lessons; 20,000 lesson "
        "completions",
        "students",
        "courses",
        "lessons",
        "lesson_completions",
        12,
        20000,
        0.1,
    ),
    (
        "an e-reading app: 1,000 readers, 200 books with 15 chapters each, 50,000 chapter reads by readers",
        "readers",
        "books",
        "chapters",
        "chapter_reads",
        15,
        50000,
        0.1,
    ),
    (
        "onboarding: 150 employees, 5 onboarding checklists with 10 items each; 900 checklist item sign-offs of "
        "employees",
        "employees",
        "onboarding_checklists",
        "items",
        "item_sign_offs",
        10,
        900,
        1.0,
    ),
    (
        "a gym chain: 2,000 members enrolled in 20 courses with 6 sessions each; 8,000 session attendances",
        "members",
        "courses",
        "sessions",
        "session_attendances",
        6,
        8000,
        0.5,
    ),
    (
        "a training academy: 300 trainees enrolled in 12 programmes; each programme has 8 modules; 1,500 module "
        "completions",
        "trainees",
        "programmes",
        "modules",
        "module_completions",
        8,
        1500,
        1.0,
    ),
]


def _made_per_membership(spec: dict[str, Any], member: str, group: str, part: str, record: str, n: int) -> str:
    tables = spec["tables"]
    assert record in tables, sorted(tables)
    rows = tables[record]["rows"]
    assert isinstance(rows, dict), f"{record} is not made per a parent: {rows}"
    link = str(rows["per"])
    assert {member, group} <= refs(tables[link]) and tables[link]["rows"]["per"] == member, link
    pcol = tables[record]["columns"][key_to(spec, record, part)]
    assert pcol["distinct"] is True
    assert pcol["match"] == {key_to(spec, part, group): f"{key_to(spec, record, link)}.{key_to(spec, link, group)}"}
    assert 0 <= rows["count"]["low"] <= rows["count"]["high"] <= n  # never more records than the group's parts
    return link


class TestACountedRecordIsMadePerMembershipWithItsCountKept:
    @pytest.mark.parametrize(("request_", "member", "group", "part", "record", "n", "count", "scale"), CASES)
    def test_the_draft_keeps_the_count_as_the_total(
        self, request_: str, member: str, group: str, part: str, record: str, n: int, count: int, scale: float
    ) -> None:
        spec = draft(request_).spec
        _made_per_membership(spec, member, group, part, record, n)
        assert spec["tables"][record]["rows"]["total"] == count

    @pytest.mark.parametrize(
        ("request_", "member", "group", "part", "record", "n", "count", "scale", "seed"),
        [(*case, seed) for case, seed in zip(CASES, [3, 8, 1, 12, 6], strict=True)],
    )
    def test_generated_rows_are_the_count_each_part_of_the_group_once(
        self,
        request_: str,
        member: str,
        group: str,
        part: str,
        record: str,
        n: int,
        count: int,
        scale: float,
        seed: int,
    ) -> None:
        spec = draft(request_, seed=seed).spec
        link = _made_per_membership(spec, member, group, part, record, n)
        frames = simulacra.generate(spec, seed=seed, scale=scale).frames
        simulacra.validate(spec, frames)  # keys, 'distinct', 'match', dates after
        rec = frames[record]
        assert rec.height == round(count * scale)  # the count asked, in all
        pk, lk = spec["tables"][part]["primary_key"], spec["tables"][link]["primary_key"]
        pcol, lcol = key_to(spec, record, part), key_to(spec, record, link)
        assert rec[pcol].null_count() == 0
        assert rec.select(lcol, pcol).is_duplicated().sum() == 0  # no part twice for one membership
        joined = rec.join(
            frames[link].select(lk, pl.col(key_to(spec, link, group)).alias("_g")), left_on=lcol, right_on=lk
        ).join(frames[part].select(pk, pl.col(key_to(spec, part, group)).alias("_pg")), left_on=pcol, right_on=pk)
        assert joined.height == rec.height and (joined["_g"] == joined["_pg"]).all()

    def test_memberships_grow_where_too_few_could_hold_the_count(self) -> None:
        spec = draft(CASES[1][0]).spec  # 1,000 readers x 15 chapters cannot hold 50,000 reads with 1 book each
        link = spec["tables"]["chapter_reads"]["rows"]["per"]
        assert spec["tables"][link]["rows"]["count"]["low"] * 1000 * 15 >= 50000


class TestACountNoMembershipsCanHoldIsNotKept:
    @pytest.mark.parametrize("seed", [1, 4])
    def test_the_record_is_still_made_per_membership_and_generates(self, seed: int) -> None:
        request_ = "a language school: 100 students enrolled in 5 courses; each course has 4 lessons; 50,000 lesson completions"
        spec = draft(request_, seed=seed).spec
        _made_per_membership(spec, "students", "courses", "lessons", "lesson_completions", 4)
        assert "total" not in spec["tables"]["lesson_completions"]["rows"]  # 5 courses x 4 lessons: 20 at most each
        frames = simulacra.generate(spec, seed=seed).frames
        simulacra.validate(spec, frames)


def test_a_record_asked_without_a_count_has_no_total() -> None:
    spec = draft(
        "an online language school: 2,000 students enrolled in 30 courses; each course has 12 lessons; lesson "
        "completions"
    ).spec
    assert "total" not in spec["tables"]["lesson_completions"]["rows"]
