"""Requests whose words relate their nouns: a preposition ends a noun and points at another table ('gifts to
causes', 'reviews by critics', 'bouts between members'), an occasion holds the events inside it, customers
belong to no group of the business, one per parent is exactly one, and an interval is not the time span.

The nouns here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import grid_rows
from tests.unit.draft.draft_helpers import refs as _refs

import simulacra
from simulacra.draft import draft


@pytest.mark.parametrize(
    ("request_", "child", "parent", "rows"),
    [
        ("a foundation: 300 causes, 9,000 gifts to causes", "gifts", "causes", 9000),
        ("a magazine: 50 critics, 2,000 reviews by critics", "reviews", "critics", 2000),
        ("a fencing club: 90 members, 1,500 bouts between members", "bouts", "members", 1500),
        ("a depot: 40 skips, 8,000 loads of bricks to skips", "loads", "skips", 8000),
    ],
)
def test_a_preposition_ends_the_noun_and_relates_it(request_: str, child: str, parent: str, rows: int) -> None:
    d = draft(request_)
    tables = d.spec["tables"]
    assert child in tables, sorted(tables)
    assert parent in _refs(tables[child])
    assert simulacra.generate(d.spec, seed=1).rows[child] == rows


def test_a_relation_by_a_singular_noun_list() -> None:
    tables = draft("a vineyard: 9 blocks, 30 pruners, 2,000 prunings by block and pruner").spec["tables"]
    assert {"blocks", "pruners"} <= _refs(tables["prunings"])


@pytest.mark.parametrize(
    ("request_", "event", "occasion"),
    [
        ("a sailing league: 25 regattas, 900 races", "races", "regattas"),
        ("a music agency: 30 festivals, 1,200 concerts", "concerts", "festivals"),
    ],
)
def test_the_fewer_occasion_named_before_an_event_holds_it(request_: str, event: str, occasion: str) -> None:
    tables = draft(request_).spec["tables"]
    assert occasion in _refs(tables[event])


def test_money_for_an_event_also_refers_to_who_gives_it() -> None:
    tables = draft("a charity run: 60 fundraisers, 5,000 sponsors, 20,000 pledges to fundraisers").spec["tables"]
    assert {"fundraisers", "sponsors"} <= _refs(tables["pledges"])


@pytest.mark.parametrize("customers", ["riders", "renters", "shoppers"])
def test_customers_belong_to_no_group_of_the_business(customers: str) -> None:
    tables = draft(f"a bike share: 30 depots, 2,000 {customers}").spec["tables"]
    assert "depots" not in _refs(tables[customers])


def test_members_still_belong_to_their_group() -> None:
    tables = draft("a rowing federation: 30 clubs, 2,000 rowers").spec["tables"]
    assert "clubs" in _refs(tables["rowers"])


def test_a_second_fewer_thing_an_event_is_at() -> None:
    tables = draft("a cinema chain: 40 screens, 900 movies, 20,000 showtimes").spec["tables"]
    assert {"screens", "movies"} <= _refs(tables["showtimes"])


@pytest.mark.parametrize(("words", "child", "parent", "n"), [("one locker per member", "lockers", "members", 500)])
def test_one_per_parent_is_exactly_one(words: str, child: str, parent: str, n: int) -> None:
    d = draft(f"a gym: 500 members, {words}")
    frame = simulacra.generate(d.spec, seed=1).frames
    assert frame[parent].height == n
    name = next(t for t in frame if t.rstrip("s") == child.rstrip("s"))
    assert frame[name].height == n
    assert frame[name][f"{parent[:-1]}_id"].n_unique() == n


# the step's grid instants within the span (draft63): its first day, then every step while inside it
@pytest.mark.parametrize(("every", "span", "per"), [("3 days", "6 months", 62), ("2 weeks", "a year", 27)])
def test_an_interval_before_the_span_is_not_the_span(every: str, span: str, per: int) -> None:
    d = draft(f"a clinic network: 40 sites, lab tests every {every} for {span}")
    assert simulacra.generate(d.spec, seed=1).rows["lab_tests"] == 40 * per


def test_a_scenario_word_before_a_noun_names_the_noun() -> None:
    tables = draft("a courier: 3,000 deliveries in 2024 with damage photos").spec["tables"]
    photos = next(t for t in tables if t.endswith("photos"))
    assert "deliveries" in _refs(tables[photos])


def test_a_word_in_a_rate_after_it_is_no_table() -> None:
    tables = draft("an airport lounge: 4 lounges, 60,000 visits; 8% of visits paid with a guest pass").spec["tables"]
    assert not any("guest" in t for t in tables), sorted(tables)


def test_events_without_a_word_of_software_are_occasions() -> None:
    d = draft("a scout group: 300 scouts, 120 events")
    assert "platform" not in d.spec["tables"]["events"]["columns"]
    d = draft("a SaaS app: 300 users, 30,000 events")
    assert "platform" in d.spec["tables"]["events"]["columns"]


def test_things_of_the_catalogue_belong_to_the_fewer_place_named_before() -> None:
    tables = draft("a courier firm: 20 depots, 500 vans").spec["tables"]
    assert "depots" in _refs(tables["vans"])


def test_between_a_list_refers_to_each() -> None:
    tables = draft("a music school: 40 teachers, 700 pupils, 20,000 lessons between teachers and pupils").spec["tables"]
    assert {"teachers", "pupils"} <= _refs(tables["lessons"])


def test_siblings_of_a_list_hold_neither_the_other() -> None:
    tables = draft("a cathedral: 12 chapels, 400 concerts and 900 recitals in 2024").spec["tables"]
    assert "concerts" not in _refs(tables["recitals"])
    assert "chapels" in _refs(tables["recitals"])


def test_a_noun_said_again_by_its_head_is_the_same_table() -> None:
    d = draft(
        "a weather network: 30 stations, 300 masts, wind readings every 10 minutes for 3 days; 2% of readings lost"
    )
    tables = d.spec["tables"]
    assert "readings" not in tables and "wind_readings" in tables
    assert "masts" in _refs(tables["wind_readings"])  # read at an interval: of the nearest table named before
    assert [s["table"] for s in d.spec["scenarios"]] == ["wind_readings"]
    result = simulacra.generate(d.spec, seed=1)
    # a reading every 10 minutes for 3 days per mast, from the mast's own start where it has one (draft64)
    assert result.rows["wind_readings"] == grid_rows(d.spec, result.frames, "wind_readings", "masts", 432, 600)
    assert 0 < result.rows["wind_readings"] <= 300 * 432


def test_beside_the_customer_the_people_who_do_the_work() -> None:
    tables = draft("a dog grooming salon: 15 groomers, 2,000 customers, 9,000 sessions for customers").spec["tables"]
    assert {"groomers", "customers"} <= _refs(tables["sessions"])


def test_a_place_word_ends_the_noun() -> None:
    tables = draft("a darts league: 10 bars, 80 teams, 600 match nights at bars").spec["tables"]
    assert "match_nights" in tables and "bars" in _refs(tables["match_nights"])


@pytest.mark.parametrize(
    ("request_", "table", "each"),
    [
        ("an orchard: 12 fields, 800 trees, trunk measurements twice a week for 4 weeks", "trunk_measurements", 8),
        ("a factory: 40 machines, sensor readings twice a day for 30 days", "readings", 60),
    ],
)
def test_how_often_counts_a_catalogue_noun_too(request_: str, table: str, each: int) -> None:
    d = draft(request_)
    frames = simulacra.generate(d.spec, seed=1).frames
    assert table in frames, sorted(frames)
    key = next(c for c in frames[table].columns if c.endswith("_id") and c != f"{table[:-1]}_id")
    assert d.spec["tables"][table]["rows"]["count"] == {"distribution": "fixed", "value": float(each)}
    # draft65: how often is a step, and a parent started inside the span (a tree in service since 2024-12-10) gets
    # only the steps left after its start (draft64); one older than the span gets them all
    counts = set(frames[table].group_by(key).len()["len"].to_list())
    assert max(counts) == each and counts <= set(range(1, each + 1)), counts
