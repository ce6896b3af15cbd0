"""Requests whose words say how a row is paid, where it is, who did it and whose staff and members people
are: means of payment are a column, not tables ('paid by card or with miles'); a place said after a noun
holds it, by its word again too ('gigs at halls'); a participle does not hide the preposition after it
('essays marked by tutors'); two words of one catalogue kind are one counted noun; people of a kind the
request gives no parent of are the staff or members of the place or group named before them.

The nouns here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import refs as _refs

import simulacra
from simulacra.draft import draft
from simulacra.generation.engine import Engine
from simulacra.spec import load_plan


@pytest.mark.parametrize(
    ("request_", "paid", "means"),
    [
        (
            "a ferry line: 300 sailings, 90,000 bookings on sailings, paid by card or with vouchers",
            "bookings",
            {"card", "vouchers"},
        ),
        (
            "a food market: 40 stalls, 25,000 purchases at stalls, paid in cash, by card or with tokens",
            "purchases",
            {"cash", "card", "tokens"},
        ),
        ("a car wash: 12,000 washes in 2024, paid with a loyalty card", "washes", {"loyalty_card"}),
    ],
)
def test_means_of_payment_are_a_column_not_tables(request_: str, paid: str, means: set[str]) -> None:
    d = draft(request_)
    tables = d.spec["tables"]
    assert paid in tables, sorted(tables)
    for m in means:
        assert m not in tables and f"{m}s" not in tables, sorted(tables)
    col = tables[paid]["columns"]["payment_method"]
    assert col["generator"] == "categorical" and set(col["values"]) == means
    simulacra.generate(d.spec, seed=1)


def test_who_pays_is_not_a_means_and_a_rate_of_paying_makes_no_table() -> None:
    tables = draft("a utility: 5,000 households, 60,000 bills paid by households").spec["tables"]
    assert "households" in _refs(tables["bills"]) and "payment_method" not in tables["bills"]["columns"]
    tables = draft("a laundrette: 9,000 washes in 2024; 12% of washes paid with a prepaid card").spec["tables"]
    assert set(tables) == {"washes"}, sorted(tables)


@pytest.mark.parametrize(
    ("request_", "child", "parent"),
    [
        ("a music promoter: 25 halls, 400 gigs at halls, 60,000 seats", "gigs", "halls"),
        ("an estate: 30 gardeners, 9,000 hedges in 40 gardens", "hedges", "gardens"),
        ("a storage firm: 500 crates stored in 6 warehouses, 2,000 staff", "crates", "warehouses"),
    ],
)
def test_a_place_said_after_a_noun_holds_it(request_: str, child: str, parent: str) -> None:
    tables = draft(request_).spec["tables"]
    assert parent in _refs(tables[child]), {t: _refs(tb) for t, tb in tables.items()}


def test_the_place_said_after_a_thing_wins_over_the_people_who_might_own_it() -> None:
    tables = draft("a city: 40,000 lamps in 90 streets, 3,000 repairs of lamps by 20 electricians").spec["tables"]
    assert _refs(tables["lamps"]) == {"streets"}
    assert {"lamps", "electricians"} <= _refs(tables["repairs"])


@pytest.mark.parametrize(
    ("request_", "child", "parent"),
    [
        ("a college: 900 students, 30 tutors, 4,000 essays marked by tutors", "essays", "tutors"),
        ("a bakery: 1,200 customers, 50,000 loaves sold to customers", "loaves", "customers"),
        ("a museum: 20 curators, 3,000 objects catalogued by curators", "objects", "curators"),
    ],
)
def test_a_participle_does_not_hide_the_preposition_after_it(request_: str, child: str, parent: str) -> None:
    tables = draft(request_).spec["tables"]
    assert parent in _refs(tables[child]), {t: _refs(tb) for t, tb in tables.items()}


def test_two_words_of_one_kind_are_one_counted_noun() -> None:
    d = draft("a course platform: 300 learners, 7,000 homework submissions")
    tables = d.spec["tables"]
    named = [t for t in tables if "submission" in t]
    assert len(named) == 1, sorted(tables)
    assert simulacra.generate(d.spec, seed=1).rows[named[0]] == 7000


@pytest.mark.parametrize(
    ("request_", "people", "place"),
    [
        ("a physio chain: 11 studios, 40 physiotherapists, 9,000 patients", "physiotherapists", "studios"),
        ("a language school: 8 classes, 140 students, 15 teachers", "students", "classes"),
    ],
)
def test_people_of_a_kind_with_no_parent_asked_belong_to_the_place_or_group_before_them(
    request_: str, people: str, place: str
) -> None:
    tables = draft(request_).spec["tables"]
    assert place in _refs(tables[people]), {t: _refs(tb) for t, tb in tables.items()}


def test_customers_of_a_kind_belong_to_no_place_before_them() -> None:
    tables = draft("a gym chain: 14 gyms, 60 trainers, 20,000 customers, 300,000 visits").spec["tables"]
    assert "gyms" not in _refs(tables["customers"])


@pytest.mark.parametrize(
    ("request_", "table", "rows"),
    [
        ("a toll road: 40 gantries, 3 million crossings in 2024", "crossings", 3_000_000),
        ("a news site: 2.5 million readers, 20 million page views", "page_views", 20_000_000),
    ],
)
def test_a_count_in_millions_counts_a_noun_outside_the_catalogue(request_: str, table: str, rows: int) -> None:
    d = draft(request_)
    assert table in d.spec["tables"], sorted(d.spec["tables"])
    # the rows the engine makes of the spec at full scale, counted without making them (20 million page views and
    # 2.5 million readers with unique e-mails took minutes in memory), and made at a thousandth of the scale
    assert Engine(load_plan(d.spec), seed=1).n_rows[table] == rows
    assert simulacra.generate(d.spec, seed=1, scale=0.001).rows[table] == rows // 1000


def test_what_the_rated_rows_have_or_lack_is_no_table() -> None:
    tables = draft("a tram network: 90 trams, 400,000 trips by 60,000 riders; 2% of trips without a ticket")
    assert "ticket" not in tables.spec["tables"] and "tickets" not in tables.spec["tables"]


def test_a_second_preposition_relates_a_second_table() -> None:
    tables = draft("a riding school: 12 coaches, 700 riders, 9,000 lessons given by coaches to riders").spec["tables"]
    assert {"coaches", "riders"} <= _refs(tables["lessons"])


def test_a_noun_of_a_fewer_table_is_of_one_of_its_rows() -> None:
    tables = draft("a council: 400 bins at 30 depots, 50,000 collections of bins by 12 crews").spec["tables"]
    assert {"bins", "crews"} <= _refs(tables["collections"]), {t: _refs(tb) for t, tb in tables.items()}


def test_a_noun_counted_how_often_is_of_the_nearest_thing_not_its_owner() -> None:
    d = draft(
        "an orchard cooperative: 30 growers, 700 trees tended by growers, apple pickings twice a year for 2 years"
    )
    tables = d.spec["tables"]
    picks = next(t for t in tables if "picking" in t)
    assert _refs(tables[picks]) == {"trees"}, {t: _refs(tb) for t, tb in tables.items()}


def test_staff_of_a_place_stay_its_staff_when_an_event_refers_to_both() -> None:
    tables = draft("a bakery chain: 6 bakeries, 45 bakers, 30,000 batches made by bakers at bakeries").spec["tables"]
    assert "bakeries" in _refs(tables["bakers"]), {t: _refs(tb) for t, tb in tables.items()}
