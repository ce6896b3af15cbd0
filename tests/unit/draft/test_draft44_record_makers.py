"""A record's maker read from the record's own word (issue 20, draft44).

"a marathon: 12,000 runners, 3,000 volunteers, 800 donors and 1,500 donations": with several tables of people who
take part and no verb, each record is made by the people its word names - by stem (donation - donor, vote - voter,
bid - bidder, rental - renter, booking - booker), by a short table where the words do not pair (pledge - backer,
purchase - buyer, loan - borrower), or by the record's word in theirs ('ticket buyers') - and by no other people.
The settings are from no benchmark request set nor a held-out request of ``benchmarks/draft_record_makers.py``.
"""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import refs

import simulacra
from simulacra.draft import draft
from simulacra.draft._takers import makes


class TestMakes:
    """Which people make a record, by its word alone."""

    @pytest.mark.parametrize(
        ("people", "record"),
        [
            ("donors", "donations"),
            ("voters", "votes"),
            ("bidders", "bids"),
            ("renters", "rentals"),
            ("bookers", "bookings"),
            ("purchasers", "purchases"),
            ("subscribers", "subscriptions"),
            ("backers", "pledges"),
            ("pledgers", "pledges"),
            ("buyers", "purchases"),
            ("borrowers", "loans"),
            ("ticket_buyers", "tickets"),
            ("season ticket holders", "season tickets"),
        ],
    )
    def test_the_makers(self, people: str, record: str) -> None:
        assert makes(people, record)

    @pytest.mark.parametrize(
        ("people", "record"),
        [
            ("volunteers", "donations"),
            ("runners", "donations"),
            ("visitors", "rentals"),
            ("followers", "pledges"),
            ("members", "tickets"),
            ("donors", "votes"),
            ("voters", "bids"),
            ("renters", "loans"),
            ("buyers", "donations"),
            ("", "donations"),
        ],
    )
    def test_not_the_makers(self, people: str, record: str) -> None:
        assert not makes(people, record)


#: (setting, record table, maker table, other people)
CASES = [
    ("a fun run", "donations", "donors", ["runners", "volunteers"]),
    ("a student union vote", "votes", "voters", ["volunteers", "members"]),
    ("a charity auction", "bids", "bidders", ["volunteers", "visitors"]),
    ("a bike share", "rentals", "renters", ["visitors", "volunteers"]),
    ("a game kickstarter", "pledges", "backers", ["followers", "players"]),
    ("a seed library", "loans", "borrowers", ["volunteers", "visitors"]),
]


class TestRecordsKeyedToTheirMakers:
    """Several tables of people and one record, no verb: the record refers to the people its word names only."""

    @pytest.mark.parametrize(("setting", "record", "maker", "others"), CASES)
    @pytest.mark.parametrize(("n_maker", "n_other", "n_record"), [(700, 250, 1_900), (4_000, 1_100, 9_000)])
    def test_keyed_to_the_maker_only(
        self,
        setting: str,
        record: str,
        maker: str,
        others: list[str],
        n_maker: int,
        n_other: int,
        n_record: int,
    ) -> None:
        a, b = others
        req = f"{setting}: {n_other:,} {a}, {n_other + 30:,} {b}, {n_maker:,} {maker} and {n_record:,} {record}"
        tables = draft(req).spec["tables"]
        assert record in tables, sorted(tables)
        targets = refs(tables[record])
        assert maker in targets, (req, targets)
        assert not targets & set(others), (req, targets)
        assert tables[maker]["rows"] == n_maker and tables[record]["rows"] == n_record

    @pytest.mark.parametrize("seed", [1, 7])
    @pytest.mark.parametrize(("setting", "record", "maker", "others"), CASES[::2])
    def test_each_record_by_a_maker_row(
        self, setting: str, record: str, maker: str, others: list[str], seed: int
    ) -> None:
        a, b = others
        spec = draft(f"{setting}: 400 {a}, 90 {b}, 600 {maker} and 2,000 {record}").spec
        frames = simulacra.generate(spec, seed=seed, scale=0.1).frames
        simulacra.validate(spec, frames)
        key = next(
            n
            for n, c in spec["tables"][record]["columns"].items()
            if isinstance(c, dict) and str(c.get("references", "")).startswith(f"{maker}.")
        )
        pk = spec["tables"][maker]["primary_key"]
        assert set(frames[record][key].to_list()) <= set(frames[maker][pk].to_list())

    def test_a_verb_still_says_who(self) -> None:
        # "volunteers who collect 900 donations": the verb's subject makes them, not the donors beside
        spec = draft("a street fair: 300 donors and 40 volunteers who collect 900 donations").spec
        assert "volunteers" in refs(spec["tables"]["donations"])


#: (request with {a} and {b} counts, record table, the two tables it is keyed to)
VERBS = [
    ("a temp agency: {a} shops and {b} cooks; shops hire cooks", "hires", ("shops", "cooks")),
    ("a dance school: {a} classes and {b} dancers; dancers enrol in classes", "enrolments", ("dancers", "classes")),
    ("a night school: {a} courses and {b} adults; adults enroll in courses", "enrollments", ("adults", "courses")),
    ("a recipe site: {a} recipes and {b} cooks; cooks like recipes", "likes", ("cooks", "recipes")),
    ("a mill: {a} trucks and {b} bakeries; trucks deliver to bakeries", "deliveries", ("trucks", "bakeries")),
    ("a rugby league: {a} clubs and {b} firms; firms sponsor clubs", "sponsorships", ("firms", "clubs")),
    ("a seed bank: {a} seeds and {b} farmers; the bank lends seeds to farmers", "loans", ("seeds", "farmers")),
    ("a gallery: {a} paintings and {b} museums; it lends paintings to museums", "loans", ("paintings", "museums")),
]


class TestMoreRecordVerbs:
    """hire, enrol, like, deliver, sponsor, lend: a record of the act keyed to both tables (a loan: to the thing
    lent and the people it is lent to, the lender being the setting)."""

    @pytest.mark.parametrize(("request_", "record", "keyed"), VERBS)
    @pytest.mark.parametrize(("a", "b"), [(40, 900), (350, 6_000)])
    def test_a_record_keyed_to_both(self, request_: str, record: str, keyed: tuple[str, str], a: int, b: int) -> None:
        req = request_.format(a=f"{a:,}", b=f"{b:,}")
        tables = draft(req).spec["tables"]
        assert record in tables, (req, sorted(tables))
        assert set(keyed) <= refs(tables[record]), (req, refs(tables[record]))
        first, second = sorted(keyed, key=request_.index)  # {a} counts the table named first
        assert tables[first]["rows"] == a and tables[second]["rows"] == b

    @pytest.mark.parametrize("seed", [2, 5])
    @pytest.mark.parametrize(("request_", "record", "keyed"), VERBS[::3])
    def test_generates(self, request_: str, record: str, keyed: tuple[str, str], seed: int) -> None:
        spec = draft(request_.format(a="30", b="200")).spec
        frames = simulacra.generate(spec, seed=seed, scale=0.2).frames
        simulacra.validate(spec, frames)
        assert frames[record].height > 0

    @pytest.mark.parametrize(
        "req",
        [
            "a cooking club: 900 students enrolled in 30 courses",  # who the students are, drafted as before
            "a bank lends money to 500 customers",  # nothing lent that is a table
        ],
    )
    def test_no_record_of_a_state_or_of_no_table(self, req: str) -> None:
        tables = draft(req).spec["tables"]
        assert "loans" not in tables and "enrolments" not in tables, sorted(tables)
