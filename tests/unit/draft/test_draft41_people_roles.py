"""People named by the part they take, and the records they make (issue 20, draft41).

"a concert hall: 300 concerts, an audience of 20,000 and 45,000 tickets", "8,000 ticket buyers and 30,000 tickets",
"4,000 voters and 30,000 votes", "10,000 attendees who buy 25,000 tickets": a table of those people (names, e-mail,
not staff), as many as said, and each record made by one of them; a spectator is not of one match when a ticket
says which. The settings are from no benchmark request set (``benchmarks/draft_requests.py``) nor a held-out
request of ``benchmarks/draft_people_roles.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.unit.draft.draft_helpers import first_key_to

import simulacra
from simulacra.draft import draft
from simulacra.draft._roles import role_of_noun


def _people(tables: dict[str, Any], name: str, count: int) -> None:
    assert name in tables, sorted(tables)
    cols = tables[name]["columns"]
    assert {"first_name", "last_name", "email"} <= set(cols), cols
    assert "hired_on" not in cols  # not staff
    assert tables[name]["rows"] == count


class TestTakersArePeople:
    """A word for people who take part, buy or give is a person, never staff (a staff word may end it: 'porter')."""

    @pytest.mark.parametrize(
        "word",
        [
            "supporters",
            "spectators",
            "bidders",
            "voters",
            "concertgoers",
            "festivalgoers",
            "ticket holders",
            "season ticket holders",
            "donors",
            "backers",
            "volunteers",
            "audience members",
            "crowd members",
        ],
    )
    def test_person(self, word: str) -> None:
        assert role_of_noun(word) == "person", word


#: (setting, act, collective word, people count, record) — "an audience of N"
_COLLECTIVE = [
    ("a folk club: 90 sessions in 2025", "sessions", "audience", 4_000, "tickets"),
    ("a stand-up venue: 220 shows over 2024", "shows", "audience", 11_000, "tickets"),
    ("a rodeo: 40 events in 2025", "events", "crowd", 25_000, "tickets"),
    ("a chapel: 300 services in 2024", "services", "congregation", 900, "registrations"),
    ("a recital series: 35 recitals in 2025", "recitals", "audience", 1_500, "bookings"),
]


class TestAnAudienceOfN:
    """'an audience of 4,000' is a table of its members, 4,000 rows, and each record is by one of them."""

    @pytest.mark.parametrize(("setting", "act", "word", "count", "record"), _COLLECTIVE)
    @pytest.mark.parametrize(
        "phrasing",
        ["{setting}, {a} {word} of {n} and {m} {record}", "{setting} and {a} {word} of {n} buying {m} {record}"],
    )
    def test_members_table(self, setting: str, act: str, word: str, count: int, record: str, phrasing: str) -> None:
        a = "an" if word[0] in "aeiou" else "a"
        text = phrasing.format(setting=setting, a=a, word=word, n=f"{count:,}", m=f"{count * 3:,}", record=record)
        tables = draft(text).spec["tables"]
        people = f"{word}_members"
        _people(tables, people, count)
        assert record in tables, sorted(tables)
        assert first_key_to(tables[record], people) is not None, tables[record]["columns"]
        assert first_key_to(tables[people], act) is None  # a member of the audience comes to many, one per record

    def test_a_count_in_millions(self) -> None:
        tables = draft("a tv talent show: 12 episodes in 2025, an audience of 2 million and 900,000 votes").spec[
            "tables"
        ]
        _people(tables, "audience_members", 2_000_000)
        assert first_key_to(tables["votes"], "audience_members") is not None


#: (request, people, count, record, records said): a word of what is taken before a catalogue word of people
_COMPOUND = [
    (
        "a dance festival: 120 performances in 2025, 6,500 ticket buyers and 21,000 tickets",
        "ticket_buyers",
        6_500,
        "tickets",
        21_000,
    ),
    (
        "a puppet theatre: 500 shows over 2024, 3,200 ticket buyers and 9,000 tickets",
        "ticket_buyers",
        3_200,
        "tickets",
        9_000,
    ),
    (
        "a comedy tour: 60 gigs in 2025, 14,000 ticket buyers and 40,000 tickets",
        "ticket_buyers",
        14_000,
        "tickets",
        40_000,
    ),
    ("a second-hand bookshop: 2,000 book buyers and 6,000 orders in 2025", "book_buyers", 2_000, "orders", 6_000),
    (
        "an e-learning shop: 300 courses, 4,000 course buyers and 9,000 purchases",
        "course_buyers",
        4_000,
        "purchases",
        9_000,
    ),
]


class TestTicketBuyers:
    """'ticket buyers' are one table of people, not a table of tickets and one of buyers; the records said after
    are counted as said and made by one of them."""

    @pytest.mark.parametrize(("text", "people", "count", "record", "made"), _COMPOUND)
    def test_one_people_table(self, text: str, people: str, count: int, record: str, made: int) -> None:
        tables = draft(text).spec["tables"]
        _people(tables, people, count)
        first = people.split("_")[0]
        assert first not in tables and "buyers" not in tables, sorted(tables)  # no table of one 'book'/'ticket'
        rows = tables[record]["rows"]
        assert (rows if isinstance(rows, int) else rows.get("total")) == made
        assert first_key_to(tables[record], people) is not None, tables[record]["columns"]

    @pytest.mark.parametrize("count", [900, 20_000])
    def test_tickets_they_buy_when_none_are_said(self, count: int) -> None:
        tables = draft(f"a circus tour: 90 shows in 2025 and {count:,} ticket buyers").spec["tables"]
        _people(tables, "ticket_buyers", count)
        assert "tickets" in tables and first_key_to(tables["tickets"], "ticket_buyers") is not None, sorted(tables)


#: (request, people, count, record): a role word beside a record, listed with 'and'
_LISTED = [
    ("a polling firm: 50 polls in 2025, 4,000 voters and 30,000 votes", "voters", 4_000, "votes"),
    ("a town referendum in 2025: 30 wards, 9,000 voters and 9,000 ballots", "voters", 9_000, "ballots"),
    (
        "a rugby club: 15 home games in 2025, 8,000 spectators and 60,000 match tickets",
        "spectators",
        8_000,
        "match_tickets",
    ),
    (
        "a botanical garden: 12 glasshouses, 30,000 visitors and 45,000 ticket purchases in 2025",
        "visitors",
        30_000,
        "ticket_purchases",
    ),
]


class TestRecordsListedBesideTheirPeople:
    """A record listed beside the people who make it is made by one of them, not a sibling of theirs."""

    @pytest.mark.parametrize(("text", "people", "count", "record"), _LISTED)
    def test_record_keyed(self, text: str, people: str, count: int, record: str) -> None:
        tables = draft(text).spec["tables"]
        assert people in tables and tables[people]["rows"] == count and "first_name" in tables[people]["columns"]
        assert record in tables, sorted(tables)
        assert first_key_to(tables[record], people) is not None, tables[record]["columns"]
        assert not any(first_key_to(tables[people], t) for t in tables if t != people)  # of no one event or place


#: (request, people, record, others who make none)
_WHO = [
    ("a summer festival: 70 concerts and 12,000 attendees who buy 30,000 tickets", "attendees", "tickets", ()),
    ("a stadium: 25 games in 2024 and 35,000 supporters who bought 400,000 tickets", "supporters", "tickets", ()),
    (
        "a half marathon: 9,000 runners, 1,200 volunteers and 600 donors who make 1,100 donations",
        "donors",
        "donations",
        ("volunteers", "runners"),
    ),
    ("a cathedral choir: 40 concerts in 2025, 3,000 patrons who place 5,000 bookings", "patrons", "bookings", ()),
]


class TestPeopleWhoMakeRecords:
    """'N fans who buy M tickets': the tickets are made by the fans the clause names, and no other people."""

    @pytest.mark.parametrize(("text", "people", "record", "others"), _WHO)
    def test_subject_keyed(self, text: str, people: str, record: str, others: tuple[str, ...]) -> None:
        tables = draft(text).spec["tables"]
        assert {people, record} <= set(tables), sorted(tables)
        assert first_key_to(tables[record], people) is not None, tables[record]["columns"]
        for o in others:
            assert first_key_to(tables[record], o) is None, (o, tables[record]["columns"])

    @pytest.mark.parametrize("verb", ["buy", "book", "order"])
    def test_verb_is_no_word_of_the_record(self, verb: str) -> None:
        tables = draft(f"a beer festival with 2,500 people who {verb} tickets").spec["tables"]
        assert "tickets" in tables and f"{verb}_tickets" not in tables, sorted(tables)
        assert first_key_to(tables["tickets"], "people") is not None


@pytest.mark.parametrize(
    "text",
    [
        "a folk club: 90 sessions in 2025, an audience of 4,000 and 12,000 tickets",
        "a dance festival: 120 performances in 2025, 6,500 ticket buyers and 21,000 tickets",
        "a polling firm: 50 polls in 2025, 4,000 voters and 30,000 votes",
        "a summer festival: 70 concerts and 12,000 attendees who buy 30,000 tickets",
    ],
)
@pytest.mark.parametrize("seed", [1, 7])
def test_generated_records_are_by_rows_of_the_people(text: str, seed: int) -> None:
    """In the rows: every record's person is a row of the people table (validated), and many people make one."""
    spec = draft(text).spec
    frames = simulacra.generate(spec, seed=seed, scale=0.1).frames
    simulacra.validate(spec, frames)
    tables = spec["tables"]
    pairs = [
        (r, p, k)
        for r in tables
        for p in tables
        if (k := first_key_to(tables[r], p)) and "first_name" in tables[p]["columns"]
    ]
    assert pairs
    for record, people, key in pairs:
        made = frames[record][key].drop_nulls()
        ids = set(frames[people][str(tables[people]["primary_key"])].to_list())
        assert made.len() > 0 and set(made.to_list()) <= ids
        assert made.n_unique() > 1
