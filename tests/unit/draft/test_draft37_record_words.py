"""A member's record over a group's parts named by a word of a member's act on a part (issue 20, draft37).

draft-attend55 recognised the record by attendance, completions, progress, views, watches, reads and sign-offs only:
"episode plays" of listeners subscribed to podcasts and "assignment submissions" of students enrolled in courses
were left as drafted (plays per episode, no membership). Plays, listens, streams, downloads, submissions and check-ins
are the same record: one row per membership and part, the part of the membership's group and none twice, a date
named by the act and a status.
"""

from __future__ import annotations

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import key_to, refs

import simulacra
from simulacra.draft import draft

#: (request, member, group, part, record, its date column)
CASES = [
    (
        "a podcast network: 10,000 listeners subscribed to 60 podcasts; each podcast has 25 episodes; episode plays",
        "listeners",
        "podcasts",
        "episodes",
        "episode_plays",
        "played_on",
    ),
    (
        "a coding school: 5,000 students enrolled in 50 courses with 10 assignments each; assignment submissions",
        "students",
        "courses",
        "assignments",
        "assignment_submissions",
        "submitted_on",
    ),
    (
        "a podcast app: 2,000 listeners subscribed to 30 shows; each show has 12 episodes; episode listens",
        "listeners",
        "shows",
        "episodes",
        "episode_listens",
        "listened_on",
    ),
    (
        "a video platform: 1,500 viewers subscribed to 25 channels with 8 videos each; video streams",
        "viewers",
        "channels",
        "videos",
        "video_streams",
        "streamed_on",
    ),
    (
        "a wellness app: 800 members joined 12 challenges; each challenge has 14 habits; habit check-ins",
        "members",
        "challenges",
        "habits",
        "habit_check_ins",
        "checked_in_on",
    ),
    (
        "a software training site: 1,200 trainees enrolled in 15 tracks with 9 videos each; video downloads",
        "trainees",
        "tracks",
        "videos",
        "video_downloads",
        "downloaded_on",
    ),
]


def _per_membership(spec: dict, member: str, group: str, part: str, record: str) -> str:
    tables = spec["tables"]
    assert record in tables, sorted(tables)
    rows = tables[record]["rows"]
    assert isinstance(rows, dict) and "per" in rows, rows
    link = str(rows["per"])
    assert {member, group} <= refs(tables[link]) and tables[link]["rows"]["per"] == member, link
    pcol = tables[record]["columns"][key_to(spec, record, part)]
    assert pcol["distinct"] is True
    assert pcol["match"] == {key_to(spec, part, group): f"{key_to(spec, record, link)}.{key_to(spec, link, group)}"}
    return link


class TestARecordWordOfAMembersActIsMadePerMembership:
    @pytest.mark.parametrize(("request_", "member", "group", "part", "record", "date"), CASES)
    def test_the_record_is_one_row_per_membership_and_part(
        self, request_: str, member: str, group: str, part: str, record: str, date: str
    ) -> None:
        spec = draft(request_).spec
        _per_membership(spec, member, group, part, record)
        cols = spec["tables"][record]["columns"]
        assert cols[date]["generator"] == "date" and "after" in cols[date]  # after the membership began
        status = cols["status"]["values"]
        assert len(status) >= 2 and abs(sum(status.values()) - 1) < 1e-9

    @pytest.mark.parametrize(
        ("request_", "member", "group", "part", "record", "date", "seed"),
        [(*case, seed) for case, seed in zip(CASES, [1, 4, 7, 2, 9, 5], strict=True)],
    )
    def test_generated_parts_are_of_the_membership_group_none_twice(
        self, request_: str, member: str, group: str, part: str, record: str, date: str, seed: int
    ) -> None:
        spec = draft(request_, seed=seed).spec
        link = _per_membership(spec, member, group, part, record)
        frames = simulacra.generate(spec, seed=seed, scale=0.1).frames
        simulacra.validate(spec, frames)
        rec = frames[record]
        assert rec.height > 0
        pk, lk = spec["tables"][part]["primary_key"], spec["tables"][link]["primary_key"]
        pcol, lcol = key_to(spec, record, part), key_to(spec, record, link)
        assert rec[pcol].null_count() == 0
        assert rec.select(lcol, pcol).is_duplicated().sum() == 0
        joined = rec.join(
            frames[link].select(lk, pl.col(key_to(spec, link, group)).alias("_g")), left_on=lcol, right_on=lk
        ).join(frames[part].select(pk, pl.col(key_to(spec, part, group)).alias("_pg")), left_on=pcol, right_on=pk)
        assert joined.height == rec.height and (joined["_g"] == joined["_pg"]).all()


class TestAConsumedPartWithNoMembershipSaidIsLeftAlone:
    @pytest.mark.parametrize(
        ("request_", "record"),
        [
            ("a radio site: 20,000 visitors, 30 stations with 10 shows each; show plays", "show_plays"),
            ("a file host: 9,000 visitors, 40 folders with 12 files each; file downloads", "file_downloads"),
        ],
    )
    def test_no_membership_is_made(self, request_: str, record: str) -> None:
        tables = draft(request_).spec["tables"]  # a visitor plays or downloads anything, again and again
        assert "subscriptions" not in tables and "enrollments" not in tables
        rows = tables.get(record, {}).get("rows")
        assert not (isinstance(rows, dict) and rows.get("per") in ("subscriptions", "enrollments"))
