"""A review, feedback or rating is written by a person who took part in what it is of (issue 20, draft36).

"a theatre: 3 stages, 400 performances, 30,000 ticket sales and audience reviews of performances": each review is
made per a ticket sold (at most one per ticket, a share of them), of the ticket's performance and by its buyer,
dated after the sale and the performance. Where no record of taking part exists but the audience does ("a tech
conference: 5 rooms, 120 talks, 1,500 attendees and session feedback") the review is keyed to one of them and to
the talk, not to the talk's room. Reviews already by someone (a book's reader, a comedy club's guests) or of one's
own act (a stay) are left as they were.

The settings are from no benchmark request set (``benchmarks/draft_requests.py``) nor a held-out request of
``benchmarks/draft_review_authors.py``, save T5 and V3 (the brief's dev requests).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import key_to, primary_key, refs

import simulacra
from simulacra.draft import draft

#: (request, reviews, subject, record, author or None: the record names no person)
_RECORDED = [
    (
        "a theatre: 3 stages, 400 performances over 2024, 30,000 ticket sales and audience reviews of performances",
        "reviews",
        "performances",
        "ticket_sales",
        None,
    ),
    (
        "a cinema: 6 screens, 2,500 screenings over 2024, 90,000 tickets sold and customer reviews of screenings",
        "reviews",
        "screenings",
        "tickets",
        "customers",
    ),
    (
        "a gym: 40 classes over 2024, 800 members, 6,000 class bookings and member reviews of classes",
        "reviews",
        "classes",
        "bookings",
        "members",
    ),
    (
        "a language school: 2,000 students, 80 courses, enrollments and student feedback on courses",
        "feedback",
        "courses",
        "enrollments",
        "students",
    ),
    (
        "a cooking school: 1,200 students, 40 courses, registrations and course reviews by students",
        "reviews",
        "courses",
        "registrations",
        "students",
    ),
]
#: (request, reviews, subject, author, a place the subject is at)
_AUDIENCE = [
    (
        "a tech conference: 5 rooms, 120 talks over three days, 1,500 attendees and session feedback",
        "session_feedback",
        "talks",
        "attendees",
        "rooms",
    ),
    (
        "a design summit: 4 halls, 60 keynotes over two days, 800 delegates and keynote feedback",
        "keynote_feedback",
        "keynotes",
        "delegates",
        "halls",
    ),
]


def _when(frame: pl.DataFrame) -> str | None:
    return next((c for c in frame.columns if frame[c].dtype in (pl.Date, pl.Datetime)), None)


def _at(frame: pl.DataFrame, col: str | None) -> pl.Series:
    assert col is not None
    s = frame[col]
    return s.cast(pl.Datetime("us")) if s.dtype == pl.Date else s.dt.cast_time_unit("us")


class TestReviewsMadePerTheRecord:
    @pytest.mark.parametrize(("request_", "reviews", "subject", "record", "author"), _RECORDED)
    def test_the_spec(self, request_: str, reviews: str, subject: str, record: str, author: str | None) -> None:
        spec = draft(request_).spec
        table = spec["tables"][reviews]
        rows = table["rows"]
        assert rows["per"] == record and rows["count"] == {"distribution": "fixed", "value": 1}
        assert 0 < rows["zero_rate"] < 1  # a share of the records reviewed, at most one each
        assert refs(table) == {record, subject} | ({author} if author else set())
        rk = key_to(spec, reviews, record)
        sk = table["columns"][key_to(spec, reviews, subject)]
        assert sk["match"] == {primary_key(spec, subject): f"{rk}.{key_to(spec, record, subject)}"}
        if author:
            ak = table["columns"][key_to(spec, reviews, author)]
            assert ak["match"] == {primary_key(spec, author): f"{rk}.{key_to(spec, record, author)}"}

    @pytest.mark.parametrize(("request_", "reviews", "subject", "record", "author"), _RECORDED)
    @pytest.mark.parametrize("seed", [1, 7])
    def test_the_rows(
        self, request_: str, reviews: str, subject: str, record: str, author: str | None, seed: int
    ) -> None:
        spec = draft(request_, seed=seed).spec
        frames = simulacra.generate(spec, seed=seed, scale=0.05).frames
        simulacra.validate(spec, frames)
        fv, fr, fs = frames[reviews], frames[record], frames[subject]
        rk = key_to(spec, reviews, record)
        assert 0 < fv.height < fr.height and fv[rk].null_count() == 0 and fv[rk].n_unique() == fv.height
        rec = fr.rename({c: f"rec_{c}" for c in fr.columns})
        joined = fv.join(rec, left_on=rk, right_on=f"rec_{primary_key(spec, record)}", how="inner")
        assert joined.height == fv.height
        # the (author, subject) of each review is its record's
        pairs = [(key_to(spec, reviews, subject), f"rec_{key_to(spec, record, subject)}")]
        if author:
            pairs.append((key_to(spec, reviews, author), f"rec_{key_to(spec, record, author)}"))
        for own, theirs in pairs:
            assert joined[own].null_count() == 0 and bool((joined[own] == joined[theirs]).all())
        # dated after the record and after the act it is of (where they are dated: a gym's classes are not)
        wv = _at(joined, _when(fv))
        if _when(fr) is not None:
            assert bool((wv >= _at(joined, f"rec_{_when(fr)}")).all())
        if _when(fs) is not None:
            sk = key_to(spec, reviews, subject)
            acts = fs.select(pl.col(primary_key(spec, subject)).alias(sk), _at(fs, _when(fs)).alias("_act"))
            dated = fv.select(sk, _at(fv, _when(fv)).alias("_review")).join(acts, on=sk)
            assert dated.height == fv.height and bool((dated["_review"] >= dated["_act"]).all())
        assert _when(fr) is not None or _when(fs) is not None


class TestACountOfReviewsAsked:
    def test_kept_over_the_records(self) -> None:
        request = (
            "a theatre: 3 stages, 400 performances over 2024, 30,000 ticket sales and 4,000 audience reviews of "
            "performances"
        )
        spec = draft(request).spec
        rows = spec["tables"]["reviews"]["rows"]
        assert rows["per"] == "ticket_sales" and rows["total"] == 4000
        for seed in (2, 5):
            frames = simulacra.generate(spec, seed=seed, scale=0.05).frames
            simulacra.validate(spec, frames)
            got = frames["reviews"][key_to(spec, "reviews", "ticket_sales")]
            assert got.len() == 200 and got.n_unique() == 200

    def test_more_than_the_records_hold_is_left_as_asked(self) -> None:
        request = (
            "a theatre: 3 stages, 100 performances over 2024, 2,000 ticket sales and 5,000 audience reviews of "
            "performances"
        )
        assert draft(request).spec["tables"]["reviews"]["rows"] == 5000


class TestReviewsByTheAudience:
    @pytest.mark.parametrize(("request_", "reviews", "subject", "author", "place"), _AUDIENCE)
    def test_the_spec(self, request_: str, reviews: str, subject: str, author: str, place: str) -> None:
        spec = draft(request_).spec
        table = spec["tables"][reviews]
        assert refs(table) == {subject, author} and place in refs(spec["tables"][subject])
        assert {"score", "comment", "submitted_at"} <= set(table["columns"])  # a review's, not an event's

    @pytest.mark.parametrize(("request_", "reviews", "subject", "author", "place"), _AUDIENCE)
    @pytest.mark.parametrize("seed", [3, 8])
    def test_the_rows(self, request_: str, reviews: str, subject: str, author: str, place: str, seed: int) -> None:
        spec = draft(request_, seed=seed).spec
        frames = simulacra.generate(spec, seed=seed, scale=0.2).frames
        simulacra.validate(spec, frames)
        fv, fs = frames[reviews], frames[subject]
        ak = key_to(spec, reviews, author)
        assert fv.height > 0 and fv[ak].null_count() == 0
        assert set(fv[ak].to_list()) <= set(frames[author][primary_key(spec, author)].to_list())
        sk = key_to(spec, reviews, subject)
        acts = fs.select(pl.col(primary_key(spec, subject)).alias(sk), _at(fs, _when(fs)).alias("_act"))
        dated = fv.select(sk, _at(fv, _when(fv)).alias("_review")).join(acts, on=sk)
        assert dated.height == fv.height and bool((dated["_review"] >= dated["_act"]).all())


#: (request, the record reviewed, the place it is at)
_OWN_RECORD = [
    (
        "a hostel chain: 9 hostels, 7,000 guests, 16,000 bookings in 2024 and guest reviews of hostels",
        "bookings",
        "hostels",
    ),
    (
        "a holiday park operator: 7 parks, 5,000 guests, 11,000 bookings in 2025 and guest reviews of parks",
        "bookings",
        "parks",
    ),
]


class TestAPlaceThroughTheOwnRecord:
    """A review made per one's own booking with a key to the place booked: the booking's place, not a second draw."""

    @pytest.mark.parametrize(("request_", "record", "place"), _OWN_RECORD)
    @pytest.mark.parametrize("seed", [2, 6])
    def test_the_place_is_the_records(self, request_: str, record: str, place: str, seed: int) -> None:
        spec = draft(request_, seed=seed).spec
        table = spec["tables"]["reviews"]
        rk, pk = key_to(spec, "reviews", record), key_to(spec, "reviews", place)
        assert table["rows"]["per"] == record
        assert table["columns"][pk]["match"] == {primary_key(spec, place): f"{rk}.{key_to(spec, record, place)}"}
        frames = simulacra.generate(spec, seed=seed, scale=0.3).frames
        simulacra.validate(spec, frames)
        rec = frames[record].select(
            pl.col(primary_key(spec, record)).alias(rk), pl.col(key_to(spec, record, place)).alias("_p")
        )
        joined = frames["reviews"].join(rec, on=rk)
        assert joined.height == frames["reviews"].height > 0 and bool((joined[pk] == joined["_p"]).all())
        assert frames[place].height > 1  # more than one place to draw from: a second draw would disagree


class TestLeftAsTheyWere:
    def test_reviews_by_their_named_author(self) -> None:
        spec = draft("a book review site: 3,000 readers, 9,000 books and 25,000 reviews of books by readers").spec
        table = spec["tables"]["reviews"]
        assert table["rows"] == 25000 and refs(table) == {"readers", "books"}

    def test_reviews_of_a_show_with_no_record(self) -> None:
        spec = draft("a comedy club: 150 shows over 2024, 9,000 guests and guest reviews of shows").spec
        table = spec["tables"]["reviews"]
        assert table["rows"]["per"] == "shows" and refs(table) == {"shows", "guests"}

    def test_reviews_by_people_the_record_is_not_of(self) -> None:
        # critics review the concerts the fans hold tickets for: the record is not the critics', left as drafted
        def fk(ref: str) -> dict[str, Any]:
            return {"generator": "foreign_key", "references": ref}

        spec: dict[str, Any] = {
            "tables": {
                "concerts": {
                    "primary_key": "concert_id",
                    "rows": 30,
                    "columns": {"concert_id": {"generator": "sequence"}},
                },
                "fans": {
                    "primary_key": "fan_id",
                    "rows": 90,
                    "columns": {"fan_id": {"generator": "sequence"}, "first_name": {"generator": "first_name"}},
                },
                "critics": {
                    "primary_key": "critic_id",
                    "rows": 5,
                    "columns": {"critic_id": {"generator": "sequence"}, "first_name": {"generator": "first_name"}},
                },
                "tickets": {
                    "primary_key": "ticket_id",
                    "rows": {"per": "concerts", "count": {"distribution": "poisson", "lam": 3}},
                    "columns": {
                        "ticket_id": {"generator": "sequence"},
                        "concert_id": fk("concerts.concert_id"),
                        "fan_id": fk("fans.fan_id"),
                    },
                },
                "reviews": {
                    "primary_key": "review_id",
                    "rows": {"per": "concerts", "count": {"distribution": "poisson", "lam": 2}},
                    "columns": {
                        "review_id": {"generator": "sequence"},
                        "concert_id": fk("concerts.concert_id"),
                        "critic_id": fk("critics.critic_id"),
                        "posted_at": {"generator": "datetime"},
                    },
                },
            }
        }
        from simulacra.draft._reviewers import review_authors  # the pass alone (absent on main: this test fails there)

        before = copy.deepcopy(spec)
        review_authors(spec, "", (dt.date(2024, 1, 1), dt.date(2024, 12, 31)), [])
        assert spec == before

    def test_reviews_of_ones_own_stay(self) -> None:
        spec = draft("a hotel with 200 rooms, 6,000 guests, stays and reviews").spec
        table = spec["tables"]["reviews"]
        assert table["rows"]["per"] == "stays" and refs(table) == {"stays"}


class TestAVenuesSpaceHasNoStatus:
    """Found on the way: reviews guessed to be of a stage kept 'none for a cancelled stage' after the venue pass made
    the stages places with no status, and the draft did not validate ('by' names unknown column 'stages.status')."""

    @pytest.mark.parametrize(
        "request_",
        [
            "a dance festival: 3 stages, 90 performances over July 2025, 25,000 tickets sold and performance ratings",
            "a jazz festival: 2 stages, 60 concerts in August 2025, 12,000 tickets sold and concert ratings",
        ],
    )
    def test_drafts_and_generates(self, request_: str) -> None:
        spec = draft(request_).spec
        for table in spec["tables"].values():
            rows = table["rows"]
            if isinstance(rows, dict) and "by" in rows:
                assert rows["by"] in spec["tables"][rows["per"]]["columns"]
        frames = simulacra.generate(spec, seed=1, scale=0.2).frames
        simulacra.validate(spec, frames)


class TestTheSubjectSaidBeforeTheWord:
    """'performance ratings', 'show ratings': the table said before the review's word is what they are of (the
    draft had guessed them to belong to a stage, or to a visitor alone)."""

    @pytest.mark.parametrize(
        ("request_", "subject", "record"),
        [
            (
                "a dance festival: 3 stages, 90 performances over July 2025, 25,000 tickets sold and performance ratings",
                "performances",
                "tickets",
            ),
            (
                "a jazz festival: 2 stages, 60 concerts in August 2025, 12,000 tickets sold and concert ratings",
                "concerts",
                "tickets",
            ),
        ],
    )
    def test_of_the_act_per_ticket(self, request_: str, subject: str, record: str) -> None:
        spec = draft(request_).spec
        table = spec["tables"]["ratings"]
        assert table["rows"]["per"] == record and refs(table) == {record, subject}

    @pytest.mark.parametrize("seed", [1, 4])
    def test_of_the_show_by_a_visitor(self, seed: int) -> None:
        spec = draft("a planetarium: 300 shows over 2024, 8,000 visitors and show ratings", seed=seed).spec
        assert refs(spec["tables"]["ratings"]) == {"shows", "visitors"}
        frames = simulacra.generate(spec, seed=seed, scale=0.1).frames
        simulacra.validate(spec, frames)
        shows = frames["shows"].select(pl.col("show_id"), _at(frames["shows"], _when(frames["shows"])).alias("_s"))
        got = frames["ratings"].join(shows, on="show_id")
        assert got.height == frames["ratings"].height > 0
        assert bool((_at(got, _when(frames["ratings"])) >= got["_s"]).all())
