"""A member's record over the parts of a group (issue 20): one row per (membership, part), the part one of the
membership's group, no part twice.

"2,000 students enrolled in 30 courses; each course has 12 lessons; lesson attendance records": the draft has
a membership table keyed to the member and the group (made per the member), and the record made per membership
with its part a ``distinct`` key with ``match`` through the membership; the generated rows hold it (every
record's part is of its membership's group, none twice, none null), dated after the membership, with a status.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import key_to, refs

import simulacra
from simulacra.draft import draft

#: (request, member, group, part, record, parts per group)
CASES = [
    (
        "an online language school: 40 tutors, 2,000 students enrolled in 30 courses; each course has 12 lessons; "
        "lesson attendance records",
        "students",
        "courses",
        "lessons",
        "lesson_attendance",
        12,
    ),
    (
        "a training academy: 300 trainees enrolled in 12 programmes; each programme has 8 modules; module progress "
        "of trainees",
        "trainees",
        "programmes",
        "modules",
        "progress",
        8,
    ),
    (
        "an e-reading app: 1,000 readers, 200 books with 15 chapters each, chapter reads by readers",
        "readers",
        "books",
        "chapters",
        "chapter_reads",
        15,
    ),
    (
        "onboarding: 150 employees, 5 onboarding checklists with 10 items each; checklist item sign-offs of employees",
        "employees",
        "onboarding_checklists",
        "items",
        "item_sign_offs",
        10,
    ),
    (
        "an e-learning platform: 3,000 learners, 50 courses with 20 lessons each, enrollments and lesson completions",
        "learners",
        "courses",
        "lessons",
        "lesson_completions",
        20,
    ),
]


def _membership(spec: dict[str, Any], record: str) -> str:
    rows = spec["tables"][record]["rows"]
    assert isinstance(rows, dict), f"{record} is not made per a parent"
    return str(rows["per"])


@pytest.mark.parametrize(("request_", "member", "group", "part", "record", "n"), CASES)
def test_the_record_is_made_per_membership_with_a_distinct_matched_part(
    request_: str, member: str, group: str, part: str, record: str, n: int
) -> None:
    spec = draft(request_).spec
    tables = spec["tables"]
    assert record in tables, sorted(tables)
    link = _membership(spec, record)
    assert {member, group} <= refs(tables[link]), link
    assert tables[link]["rows"]["per"] == member
    pcol = tables[record]["columns"][key_to(spec, record, part)]
    lcol = key_to(spec, record, link)
    assert pcol["distinct"] is True
    assert pcol["match"] == {key_to(spec, part, group): f"{lcol}.{key_to(spec, link, group)}"}
    assert member not in refs(tables[part]), "a part is of its group, not keyed to one member"
    assert group not in refs(tables[member]) or link != "enrollments", "the pairing lives in the membership"
    count = tables[record]["rows"]["count"]
    assert 1 <= count["low"] <= count["high"] <= n  # never more records than the group's parts: none null
    assert "status" in tables[record]["columns"]


@pytest.mark.parametrize(
    ("request_", "member", "group", "part", "record", "n", "seed"),
    [(*case, seed) for case, seed in zip(CASES, [1, 7, 2, 11, 5], strict=True)],
)
def test_generated_records_hold_their_groups_parts_once_each(
    request_: str, member: str, group: str, part: str, record: str, n: int, seed: int
) -> None:
    spec = draft(request_, seed=seed).spec
    scale = 0.2 if spec["tables"][group]["rows"] < 20 else 0.1  # a few groups at least
    frames = simulacra.generate(spec, seed=seed, scale=scale).frames
    simulacra.validate(spec, frames)  # raises on a failed check: keys, 'distinct', 'match', dates after
    link = _membership(spec, record)
    pk, lk = spec["tables"][part]["primary_key"], spec["tables"][link]["primary_key"]
    pcol, lcol = key_to(spec, record, part), key_to(spec, record, link)
    rec = frames[record]
    assert rec.height > 0
    assert rec[pcol].null_count() == 0
    assert rec.select(lcol, pcol).is_duplicated().sum() == 0  # no part twice for one membership
    joined = rec.join(
        frames[link].select(lk, pl.col(key_to(spec, link, group)).alias("_of_link")), left_on=lcol, right_on=lk
    ).join(frames[part].select(pk, pl.col(key_to(spec, part, group)).alias("_of_part")), left_on=pcol, right_on=pk)
    assert joined.height == rec.height
    assert (joined["_of_link"] == joined["_of_part"]).all()  # the part is one of the membership's group
    date = next(c for c, col in spec["tables"][record]["columns"].items() if col.get("generator") == "date")
    own = next(c for c, col in spec["tables"][link]["columns"].items() if col.get("generator") in ("date", "datetime"))
    dated = rec.join(frames[link].select(lk, pl.col(own).cast(pl.Date).alias("_began")), left_on=lcol, right_on=lk)
    assert (dated[date] >= dated["_began"]).all()


@pytest.mark.parametrize(
    "request_",
    [
        "a language school: 900 learners and 25 classes with 10 lessons each; lesson attendance",
        "a gym chain: 2,000 members, 20 courses with 6 sessions each; session attendance",
    ],
)
def test_the_class_holds_in_other_settings(request_: str) -> None:
    spec = draft(request_).spec
    tables = spec["tables"]
    records = [
        t for t, ts in tables.items() if any(c.get("distinct") and c.get("match") for c in ts["columns"].values())
    ]
    assert len(records) == 1, sorted(tables)
    frames = simulacra.generate(spec, seed=3, scale=0.1).frames
    simulacra.validate(spec, frames)


@pytest.mark.parametrize(
    "request_",
    [
        "a language school: 35 teachers, 120 classes, 2,400 students with class enrolments; 12% of enrolments dropped",
        "a telecom operator: 5,000 subscribers on 8 plans, monthly bills for a year, 3% of bills unpaid",
        "an e-learning platform: 3,000 learners, 50 courses with 20 lessons each",
        "a website: 50 sites with 200 pages each, 20,000 visitors, page views",
        "a water utility: 5,000 customers with 1 to 2 meters each, monthly meter reads",
    ],
)
def test_no_record_is_drafted_where_none_is_asked(request_: str) -> None:
    spec = draft(request_).spec
    assert not any(
        c.get("distinct") and c.get("match") for ts in spec["tables"].values() for c in ts["columns"].values()
    )
