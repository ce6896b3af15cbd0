"""A review of a thing two keys away from its reviewer (issue 20, draft42).

"an online shop: 500 products, 3,000 customers, 10,000 orders with 1 to 5 order lines each; customers review the
products they ordered": the composer drafts the reviews per product with a customer drawn on its own; a reader
expects each review's product to be one on a line of one of the reviewer's orders. No record of taking part names
both (an order names the customer, its line the product): the review is made per the record that reaches both in
one or two keys each through a record of taking part (the order line: its product one key away, its order's
customer two), its subject and author read through it, dated after the acts on the way (the order, two keys from
the review). The same for a thing two keys away (a registration for a class of a style), for a record's own key
beside a two-key way to the same table (an enrolment's subject and its group's subject; a stay's guest and its
booking's guest: read through the longer way), for a thing reviewed beside a record that does not reach it (guest
reviews of rooms drafted per booking: per the stay, which reaches both) and for a key beside one's own visit (the
visit's doctor).

The settings are from no benchmark request set (``benchmarks/draft_requests.py``) nor a held-out request of
``benchmarks/draft_review_chain.py``.
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

_SPAN = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def _keys(table: dict[str, Any]) -> dict[str, str]:
    """column -> the table it refers to, for each foreign key."""
    return {
        c: str(v["references"]).split(".")[0]
        for c, v in table["columns"].items()
        if isinstance(v, dict) and v.get("generator") == "foreign_key"
    }


def _key(table: dict[str, Any], to: str) -> str:
    return next(c for c, t in _keys(table).items() if t == to)


def _walk(spec: dict[str, Any], frames: dict[str, pl.DataFrame], table: str, run: list[str], as_: str) -> pl.DataFrame:
    """Each ``table`` row's key (``_row``) and the key that the run of its tables reaches (``as_``): ``run`` names
    the tables after ``table``, each reached by a key of the one before."""
    tables = spec["tables"]
    out = frames[table].select(
        pl.col(primary_key(spec, table)).alias("_row"), pl.col(_key(tables[table], run[0])).alias("_at")
    )
    for a, b in zip(run, run[1:], strict=False):
        step = frames[a].select(pl.col(primary_key(spec, a)).alias("_at"), pl.col(_key(tables[a], b)).alias("_next"))
        out = out.join(step, on="_at", how="left").drop("_at").rename({"_next": "_at"})
    return out.rename({"_at": as_})


def _pairs(spec: dict[str, Any], frames: dict[str, pl.DataFrame], chain: list[str]) -> pl.DataFrame:
    """(_p, _s): each (person, thing) pair the chain of tables joins, a key between each two either way."""
    tables = spec["tables"]
    cur = frames[chain[0]].select(
        pl.col(primary_key(spec, chain[0])).alias("_p"), pl.col(primary_key(spec, chain[0])).alias("_row")
    )
    for a, b in zip(chain, chain[1:], strict=False):
        if a in _keys(tables[b]).values():
            step = frames[b].select(
                pl.col(_key(tables[b], a)).alias("_row"), pl.col(primary_key(spec, b)).alias("_next")
            )
        else:
            step = frames[a].select(
                pl.col(primary_key(spec, a)).alias("_row"), pl.col(_key(tables[a], b)).alias("_next")
            )
        cur = cur.join(step, on="_row").drop("_row").rename({"_next": "_row"})
    return cur.rename({"_row": "_s"}).unique()


def _at(s: pl.Series) -> pl.Series:
    return s.cast(pl.Datetime) if s.dtype == pl.Date else s.dt.cast_time_unit("us").dt.replace_time_zone(None)


def _assert_rows(
    spec: dict[str, Any],
    review: str,
    record: str,
    chain: list[str],
    acts: list[list[str]],
    seed: int,
    scale: float = 1.0,
) -> None:
    """In the rows: one review per record at most; each review's own author and subject keys are a pair ``chain``
    joins (person first, thing last); each review is dated on or after each act it reaches through ``acts`` (runs
    of tables from the review)."""
    frames = simulacra.generate(spec, seed=seed, scale=scale).frames
    simulacra.validate(spec, frames)
    tables, fv = spec["tables"], frames[review]
    assert fv.height > 0
    rk = _key(tables[review], record)
    assert fv[rk].null_count() == 0 and fv[rk].n_unique() == fv.height
    ak, sk = _key(tables[review], chain[0]), _key(tables[review], chain[-1])
    got = fv.select(pl.col(ak).alias("_p"), pl.col(sk).alias("_s"))
    hit = got.join(_pairs(spec, frames, chain).with_columns(pl.lit(True).alias("_in")), on=["_p", "_s"], how="left")
    assert hit["_in"].null_count() == 0, f"{hit['_in'].null_count()} of {fv.height} reviews not reached"
    when = next(c for c, v in tables[review]["columns"].items() if v.get("generator") in ("date", "datetime"))
    mine = fv.select(pl.col(primary_key(spec, review)).alias("_row"), _at(fv[when]).alias("_v"))
    for run in acts:
        act = run[-1]
        d = next(c for c in frames[act].columns if frames[act][c].dtype in (pl.Date, pl.Datetime))
        dates = frames[act].select(pl.col(primary_key(spec, act)).alias("_act"), _at(frames[act][d]).alias("_a"))
        j = _walk(spec, frames, review, run, "_act").join(dates, on="_act").join(mine, on="_row")
        assert j.height == fv.height and (j["_v"] >= j["_a"]).all()


#: (request, reviews, the record they are made per, chain person..thing, runs to the dated acts, the subject's run)
_DRAFTED = [
    (
        "an online shop: 500 products, 3,000 customers, 10,000 orders in 2025 with 1 to 5 order lines each; "
        "customers review the products they ordered",
        "reviews",
        "order_lines",
        ["customers", "orders", "order_lines", "products"],
        [["order_lines", "orders"]],
        "order_line_id.product_id",
        "order_line_id.order_id.customer_id",
    ),
    (
        "a dance academy: 25 styles with 4 classes each, 900 dancers and 2,500 registrations for classes over 2025; "
        "dancer feedback on styles",
        "dancer_feedback",
        "registrations",
        ["dancers", "registrations", "classes", "styles"],
        [["registrations"]],
        "registration_id.class_id.style_id",
        "registration_id.dancer_id",
    ),
    (
        "a tutoring centre: 60 subjects with 3 groups each, 2,000 pupils and 5,000 enrolments in groups over 2025; "
        "pupil reviews of subjects",
        "reviews",
        "enrolments",
        ["pupils", "enrolments", "groups", "subjects"],
        [["enrolments"]],
        "enrolment_id.subject_id",
        "enrolment_id.pupil_id",
    ),
    (
        "a hotel chain: 10 hotels with 50 rooms each, 6,000 guests, 9,000 bookings over 2024 by guests and 10,000 "
        "stays in rooms, each stay part of a booking; guest reviews of rooms",
        "reviews",
        "stays",
        ["guests", "bookings", "stays", "rooms"],
        [["stays"], ["stays", "bookings"]],
        "stay_id.room_id",
        "stay_id.guest_id",
    ),
]


class TestDraftedChains:
    @pytest.mark.parametrize(("request_", "review", "record", "chain", "acts", "to_subject", "to_author"), _DRAFTED)
    def test_the_spec(
        self,
        request_: str,
        review: str,
        record: str,
        chain: list[str],
        acts: list[list[str]],
        to_subject: str,
        to_author: str,
    ) -> None:
        spec = draft(request_).spec
        table = spec["tables"][review]
        assert table["rows"]["per"] == record
        cols = table["columns"]
        assert cols[_key(table, chain[-1])]["match"] == {primary_key(spec, chain[-1]): to_subject}
        assert cols[_key(table, chain[0])]["match"] == {primary_key(spec, chain[0]): to_author}
        assert set(_keys(table).values()) == {record, chain[0], chain[-1]}

    @pytest.mark.parametrize("seed", [2, 7])
    @pytest.mark.parametrize(("request_", "review", "record", "chain", "acts", "to_subject", "to_author"), _DRAFTED)
    def test_the_rows(
        self,
        request_: str,
        review: str,
        record: str,
        chain: list[str],
        acts: list[list[str]],
        to_subject: str,
        to_author: str,
        seed: int,
    ) -> None:
        _assert_rows(draft(request_).spec, review, record, chain, acts, seed, scale=0.1)

    def test_an_order_is_dated_two_keys_away(self) -> None:
        spec = draft(_DRAFTED[0][0]).spec
        after = spec["tables"]["reviews"]["columns"]["posted_at"]["after"]
        assert after == "order_line_id.order_id.ordered_at"

    def test_a_visits_doctor(self) -> None:
        """Ratings of one's own visit keyed to a doctor: the visit's doctor, not one drawn on its own."""
        spec = draft(
            "a clinic: 20 doctors, 5,000 patients, 12,000 visits over 2025 and 20,000 procedures, each procedure part "
            "of a visit and done by a doctor; patient ratings of the doctors who treated them"
        ).spec
        ratings = spec["tables"]["ratings"]
        assert ratings["rows"]["per"] == "visits"
        assert ratings["columns"]["doctor_id"]["match"] == {"doctor_id": "visit_id.doctor_id"}
        for seed in (1, 3):
            frames = simulacra.generate(spec, seed=seed, scale=0.1).frames
            got = frames["ratings"].join(
                frames["visits"].select("visit_id", pl.col("doctor_id").alias("_doc")), on="visit_id"
            )
            assert got.height == frames["ratings"].height > 0 and (got["doctor_id"] == got["_doc"]).all()


def _person(key: str, rows: int) -> dict[str, Any]:
    return {
        "primary_key": key,
        "rows": rows,
        "columns": {key: {"generator": "sequence"}, "first_name": {"generator": "first_name"}},
    }


def _when() -> dict[str, Any]:
    return {"generator": "datetime", "start": "2025-01-01", "end": "2025-12-31"}


def _author_far(person: str, act: str, line: str, thing: str, review: str, people: int, things: int) -> dict[str, Any]:
    """person <- act <- line -> thing; reviews per thing keyed to a person drawn on its own."""
    p, a, ln, t = (f"{n.removesuffix('s')}_id" for n in (person, act, line, thing))
    return {
        "tables": {
            thing: {"primary_key": t, "rows": things, "columns": {t: {"generator": "sequence"}}},
            person: _person(p, people),
            act: {
                "primary_key": a,
                "rows": {"per": person, "count": {"distribution": "poisson", "lam": 2}},
                "columns": {a: {"generator": "sequence"}, p: fk_column(f"{person}.{p}"), "placed_at": _when()},
            },
            line: {
                "primary_key": ln,
                "rows": {"per": act, "count": {"distribution": "uniform", "low": 1, "high": 4}},
                "columns": {ln: {"generator": "sequence"}, a: fk_column(f"{act}.{a}"), t: fk_column(f"{thing}.{t}")},
            },
            review: {
                "primary_key": "review_id",
                "description": "a review, from the draft catalogue",  # its columns kept as they are
                "rows": {"per": thing, "count": {"distribution": "poisson", "lam": 2}},
                "columns": {
                    "review_id": {"generator": "sequence"},
                    t: fk_column(f"{thing}.{t}"),
                    p: fk_column(f"{person}.{p}"),
                    "stars": {"generator": "categorical", "values": {1: 0.2, 5: 0.8}},
                    "posted_at": _when(),
                },
            },
        }
    }


def _subject_far(
    person: str, record: str, part: str, thing: str, review: str, people: int, things: int
) -> dict[str, Any]:
    """person <- record -> part -> thing; reviews per person keyed to a thing drawn on its own."""
    p, r, pt, t = (f"{n.removesuffix('s')}_id" for n in (person, record, part, thing))
    return {
        "tables": {
            thing: {"primary_key": t, "rows": things, "columns": {t: {"generator": "sequence"}}},
            part: {
                "primary_key": pt,
                "rows": {"per": thing, "count": {"distribution": "fixed", "value": 3}},
                "columns": {pt: {"generator": "sequence"}, t: fk_column(f"{thing}.{t}"), "starts_on": _when()},
            },
            person: _person(p, people),
            record: {
                "primary_key": r,
                "rows": people * 2,
                "columns": {
                    r: {"generator": "sequence"},
                    p: fk_column(f"{person}.{p}"),
                    pt: fk_column(f"{part}.{pt}"),
                    "signed_up_at": _when(),
                },
            },
            review: {
                "primary_key": "review_id",
                "description": "a review, from the draft catalogue",
                "rows": {"per": person, "count": {"distribution": "poisson", "lam": 1}},
                "columns": {
                    "review_id": {"generator": "sequence"},
                    p: fk_column(f"{person}.{p}"),
                    t: fk_column(f"{thing}.{t}"),
                    "submitted_at": _when(),
                },
            },
        }
    }


class TestThePassAlone:
    """The pass on hand-written specs: several names, sizes and seeds; the chain found from the keys."""

    @pytest.mark.parametrize(
        ("names", "people", "things", "seed"),
        [
            (("customers", "orders", "order_lines", "products", "reviews"), 120, 30, 1),
            (("members", "purchases", "purchase_items", "wines", "ratings"), 60, 12, 5),
            (("patrons", "bookings", "booking_items", "dishes", "feedback"), 200, 45, 9),
        ],
    )
    def test_the_reviewer_two_keys_away(self, names: tuple[str, ...], people: int, things: int, seed: int) -> None:
        from simulacra.draft._reviewers import review_authors

        person, act, line, thing, review = names
        spec, notes = _author_far(person, act, line, thing, review, people, things), list[str]()
        review_authors(spec, "", _SPAN, notes)
        table = spec["tables"][review]
        p, a, ln, t = (f"{n.removesuffix('s')}_id" for n in (person, act, line, thing))
        assert table["rows"]["per"] == line
        assert table["columns"][t]["match"] == {t: f"{ln}.{t}"}
        assert table["columns"][p]["match"] == {p: f"{ln}.{a}.{p}"}
        assert table["columns"]["posted_at"]["after"] == f"{ln}.{a}.placed_at"  # the act, two keys away
        assert any(n.startswith(f"{review}: written by a person who took part") for n in notes)
        _assert_rows(spec, review, line, [person, act, line, thing], [[line, act]], seed)

    @pytest.mark.parametrize(
        ("names", "people", "things", "seed"),
        [
            (("students", "enrollments", "sections", "courses", "ratings"), 150, 20, 2),
            (("athletes", "registrations", "heats", "events", "reviews"), 80, 6, 4),
        ],
    )
    def test_the_thing_two_keys_away(self, names: tuple[str, ...], people: int, things: int, seed: int) -> None:
        from simulacra.draft._reviewers import review_authors

        person, record, part, thing, review = names
        spec = _subject_far(person, record, part, thing, review, people, things)
        review_authors(spec, "", _SPAN, [])
        table = spec["tables"][review]
        p, r, pt, t = (f"{n.removesuffix('s')}_id" for n in (person, record, part, thing))
        assert table["rows"]["per"] == record
        assert table["columns"][t]["match"] == {t: f"{r}.{pt}.{t}"}
        assert table["columns"][p]["match"] == {p: f"{r}.{p}"}
        assert table["columns"]["submitted_at"]["after"] == [f"{r}.signed_up_at", f"{r}.{pt}.starts_on"]
        _assert_rows(spec, review, record, [person, record, part, thing], [[record], [record, part]], seed)

    @pytest.mark.parametrize("seed", [3, 8])
    def test_a_records_own_key_beside_its_part(self, seed: int) -> None:
        """The record keyed to the thing and to a part of it, each drawn on its own: the thing is the part's."""
        from simulacra.draft._reviewers import review_authors

        spec = _subject_far("students", "enrollments", "sections", "courses", "ratings", 100, 15)
        spec["tables"]["enrollments"]["columns"]["course_id"] = fk_column("courses.course_id")
        review_authors(spec, "", _SPAN, [])
        assert spec["tables"]["enrollments"]["columns"]["course_id"]["match"] == {"course_id": "section_id.course_id"}
        assert spec["tables"]["ratings"]["columns"]["course_id"]["match"] == {"course_id": "enrollment_id.course_id"}
        _assert_rows(spec, "ratings", "enrollments", ["students", "enrollments", "sections", "courses"], [], seed)

    def test_no_record_of_taking_part_on_the_way(self) -> None:
        """A wishlist's items reach the thing and the person, but nobody reviews what they only wished for."""
        from simulacra.draft._reviewers import review_authors

        spec = _author_far("customers", "wishlists", "wishlist_items", "products", "reviews", 50, 10)
        before = copy.deepcopy(spec["tables"]["reviews"]["rows"])
        review_authors(spec, "", _SPAN, [])
        assert spec["tables"]["reviews"]["rows"] == before
        assert "match" not in spec["tables"]["reviews"]["columns"]["customer_id"]

    def test_staff_two_keys_away_write_nothing(self) -> None:
        """An order line's order keyed only to the cashier who took it: no participant, no chain."""
        from simulacra.draft._reviewers import review_authors

        spec = _author_far("cashiers", "orders", "order_lines", "products", "reviews", 10, 10)
        review_authors(spec, "", _SPAN, [])
        assert spec["tables"]["reviews"]["rows"]["per"] == "products"


def test_tidy_keeps_an_after_two_keys_away() -> None:
    from simulacra.draft._sport import tidy

    spec = _author_far("customers", "orders", "order_lines", "products", "reviews", 10, 5)
    cols = spec["tables"]["order_lines"]["columns"]
    cols["shipped_at"] = {"generator": "datetime", "after": ["order_id.placed_at", "order_id.customer_id.first_name"]}
    cols["packed_at"] = {"generator": "datetime", "after": "order_id.customer_id.gone"}
    tidy(spec, ["order_lines"], [], _SPAN)
    assert cols["shipped_at"]["after"] == ["order_id.placed_at", "order_id.customer_id.first_name"]
    assert "after" not in cols["packed_at"] and cols["packed_at"]["start"] == "2025-01-01"
