"""A participant's review of an act a member of staff leads (issue 20, draft38).

"a training provider: 60 trainers, 300 courses, 4,000 trainees, 9,000 course registrations and trainee feedback on
courses": the feedback is written by the registration's trainee about its course; the trainer it is also keyed to
stays as what it is about, not its author, and is the course's own trainer where the course names one ("ratings of
classes and teachers": the class's teacher, read through the booking), else the record's (a booking's therapist),
else drawn as drafted. People who are not staff beside the record's person (critics) still leave the reviews as
they were.

The settings are from no benchmark request set (``benchmarks/draft_requests.py``) nor a held-out request of
``benchmarks/draft_review_staff.py``, save the training provider (draft36's H2, the brief's dev request).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import fk_column, primary_key

import simulacra
from simulacra.draft import draft

#: (request, reviews, subject, record, author, staff, the staff read through the act)
_STAFFED = [
    (
        "a training provider: 60 trainers, 300 courses in 2025, 4,000 trainees, 9,000 course registrations and "
        "trainee feedback on courses",
        "feedback",
        "courses",
        "course_registrations",
        "trainees",
        "trainers",
        False,
    ),
    (
        "a cooking school: 8 chefs, 500 cooking classes in 2025 taught by chefs, 2,000 students, 6,000 class "
        "registrations and student feedback on classes",
        "feedback",
        "classes",
        "class_registrations",
        "students",
        "chefs",
        False,
    ),
    (
        "a dance school: 10 teachers, 400 dance classes in 2025 with teachers, 1,000 pupils, 5,000 class bookings by "
        "pupils and pupil ratings of classes and teachers",
        "ratings",
        "classes",
        "bookings",
        "pupils",
        "teachers",
        True,
    ),
    (
        "a riding school: 12 instructors, 700 riding lessons over 2025 led by instructors, 900 riders, 4,000 lesson "
        "bookings and rider ratings of lessons and instructors",
        "ratings",
        "lessons",
        "bookings",
        "riders",
        "instructors",
        True,
    ),
    (
        "a music school: 15 teachers, 400 group classes over 2025, 1,000 students, 5,000 class enrollments and "
        "student ratings of classes and teachers",
        "ratings",
        "classes",
        "enrollments",
        "students",
        "teachers",
        True,
    ),
]


def key_to(table: dict[str, Any], parent: str) -> str:
    """The column of ``table`` that refers to ``parent``."""
    return next(
        c
        for c, col in table["columns"].items()
        if isinstance(col, dict) and str(col.get("references", "")).startswith(f"{parent}.")
    )


class TestTheParticipantWritesAboutTheStaff:
    @pytest.mark.parametrize(("request_", "reviews", "subject", "record", "author", "staff", "through"), _STAFFED)
    def test_the_spec(
        self, request_: str, reviews: str, subject: str, record: str, author: str, staff: str, through: bool
    ) -> None:
        spec = draft(request_).spec
        tables = spec["tables"]
        table = tables[reviews]
        assert table["rows"]["per"] == record
        rk = key_to(table, record)
        a = table["columns"][key_to(table, author)]
        assert a["match"] == {primary_key(spec, author): f"{rk}.{key_to(tables[record], author)}"}
        s = table["columns"][key_to(table, staff)]
        if through:
            hop = f"{rk}.{key_to(tables[record], subject)}.{key_to(tables[subject], staff)}"
            assert s["match"] == {primary_key(spec, staff): hop}
        else:
            assert "match" not in s  # the act names no staff: the one the feedback is about, drawn as drafted

    @pytest.mark.parametrize("seed", [1, 4])
    @pytest.mark.parametrize(("request_", "reviews", "subject", "record", "author", "staff", "through"), _STAFFED)
    def test_the_rows(
        self,
        request_: str,
        reviews: str,
        subject: str,
        record: str,
        author: str,
        staff: str,
        through: bool,
        seed: int,
    ) -> None:
        spec = draft(request_).spec
        tables = spec["tables"]
        frames = simulacra.generate(spec, seed=seed, scale=0.25).frames
        simulacra.validate(spec, frames)
        table, fv = tables[reviews], frames[reviews]
        assert fv.height > 0
        rk, ak, sk, fk = (key_to(table, t) for t in (record, author, subject, staff))
        rec = frames[record].select(
            pl.col(primary_key(spec, record)).alias(rk),
            pl.col(key_to(tables[record], author)).alias("_author"),
            pl.col(key_to(tables[record], subject)).alias("_subject"),
        )
        joined = fv.join(rec, on=rk, how="left")
        assert joined["_author"].null_count() == 0 and fv[rk].n_unique() == fv.height
        assert (joined[ak] == joined["_author"]).all() and (joined[sk] == joined["_subject"]).all()
        assert fv[fk].null_count() == 0 and fv[fk].is_in(frames[staff][primary_key(spec, staff)]).all()
        if through:
            acts = frames[subject].select(
                pl.col(primary_key(spec, subject)).alias(sk), pl.col(key_to(tables[subject], staff)).alias("_staff")
            )
            got = fv.join(acts, on=sk, how="left")
            assert (got[fk] == got["_staff"]).all()


def _person(key: str, rows: int) -> dict[str, Any]:
    return {"primary_key": key, "rows": rows, "columns": {key: {"generator": "sequence"}, "first_name": {}}}


def _spa(booking_people: list[str], reviewer: str) -> dict[str, Any]:
    """A spa's treatments, booked by guests with a therapist on the booking; reviews of the treatments keyed to
    ``reviewer`` (a therapist or a critic), per the treatment."""
    tables: dict[str, Any] = {
        "treatments": {
            "primary_key": "treatment_id",
            "rows": 40,
            "columns": {"treatment_id": {"generator": "sequence"}},
        },
        "guests": _person("guest_id", 200),
        "therapists": _person("therapist_id", 8),
        "critics": _person("critic_id", 5),
        "bookings": {
            "primary_key": "booking_id",
            "rows": {"per": "treatments", "count": {"distribution": "poisson", "lam": 4}},
            "columns": {
                "booking_id": {"generator": "sequence"},
                "treatment_id": fk_column("treatments.treatment_id"),
                **{f"{p[:-1]}_id": fk_column(f"{p}.{p[:-1]}_id") for p in booking_people},
            },
        },
        "reviews": {
            "primary_key": "review_id",
            "rows": {"per": "treatments", "count": {"distribution": "poisson", "lam": 2}},
            "columns": {
                "review_id": {"generator": "sequence"},
                "treatment_id": fk_column("treatments.treatment_id"),
                f"{reviewer[:-1]}_id": fk_column(f"{reviewer}.{reviewer[:-1]}_id"),
                "posted_at": {"generator": "datetime"},
            },
        },
    }
    for t in ("guests", "therapists", "critics"):
        tables[t]["columns"]["first_name"] = {"generator": "first_name"}
    return {"tables": tables}


_SPAN = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


class TestTheStaffOnTheRecord:
    """The pass alone (absent on main): the staff a review is about, named by the booking and not the act."""

    @pytest.mark.parametrize("people", [["guests", "therapists"], ["therapists", "guests"]])
    def test_the_bookings_therapist_and_guest(self, people: list[str]) -> None:
        from simulacra.draft._reviewers import review_authors

        spec = _spa(people, "therapists")
        review_authors(spec, "", _SPAN, [])
        cols = spec["tables"]["reviews"]["columns"]
        assert spec["tables"]["reviews"]["rows"]["per"] == "bookings"
        assert cols["guest_id"]["match"] == {"guest_id": "booking_id.guest_id"}  # the guest writes it
        assert cols["therapist_id"]["match"] == {"therapist_id": "booking_id.therapist_id"}  # about the therapist

    def test_a_booking_with_the_staff_alone(self) -> None:
        from simulacra.draft._reviewers import review_authors

        spec, notes = _spa(["therapists"], "therapists"), list[str]()
        review_authors(spec, "", _SPAN, notes)
        cols = spec["tables"]["reviews"]["columns"]
        assert cols["therapist_id"]["match"] == {"therapist_id": "booking_id.therapist_id"}
        assert "guest_id" not in cols  # no participant named: the booking is the author, not its therapist
        assert any("by whoever holds the booking" in n for n in notes)
        assert any(n.startswith("reviews: therapist_id is the booking's therapist") for n in notes)

    @pytest.mark.parametrize("people", [["guests"], ["guests", "therapists"]])
    def test_critics_are_left_as_they_were(self, people: list[str]) -> None:
        from simulacra.draft._reviewers import review_authors

        spec = _spa(people, "critics")
        before = copy.deepcopy(spec)
        review_authors(spec, "", _SPAN, [])
        assert spec == before
