"""Requests whose words the thirteenth round reads: an event described by a relative clause ('20,000
appointments where a vet sees a pet', 'in which', 'at which', 'during which', 'when', 'that' + a verb,
'signings, a notary witnessing a deed for a client', 'each with one ... and one ...') refers to each table the
clause names and is never their parent; 'N x each' after 'with' is N per row of the table before 'with'
(exact; 'about N': an average), so the total is N x the parent's count, and a count said both ways stays one
table; a singular 'one x' of a table counted elsewhere is no table of one row.

The nouns here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import refs as _refs

import simulacra
from simulacra.draft import draft


@pytest.mark.parametrize(
    ("request_", "event", "named"),
    [
        (
            "a surgery centre: 25 surgeons, 4,000 convalescents and 9,000 operations in which a surgeon treats a "
            "convalescent",
            "operations",
            ("surgeons", "convalescents"),
        ),
        (
            "a notary office: 6 notaries, 3,000 clients and 8,000 signings at which a notary witnesses a client",
            "signings",
            ("notaries", "clients"),
        ),
        (
            "an auction house: 40 auctioneers, 2,000 bidders and 1,500 sales during which an auctioneer knocks "
            "down a lot to a bidder",
            "sales",
            ("auctioneers", "bidders"),
        ),
        (
            "a sheep station: 14 shearers, 30,000 ewes and 32,000 shearings when a shearer clips an ewe",
            "shearings",
            ("shearers", "ewes"),
        ),
        (
            "a falconry centre: 5 falconers, 40 falcons and 2,000 displays that a falconer flies with a falcon",
            "displays",
            ("falconers", "falcons"),
        ),
        (
            "a locksmith service: 11 locksmiths, 2,400 households and 5,000 jobs, a locksmith fixing a lock for a "
            "household",
            "jobs",
            ("locksmiths", "households"),
        ),
        (
            "a kennel: 15 keepers, 300 hounds and 6,000 feeds, each with one keeper and one hound",
            "feeds",
            ("keepers", "hounds"),
        ),
        (
            "a veterinary clinic chain with 12 clinics, 60 vets, 5,000 pets owned by 3,200 owners, and 20,000 "
            "appointments where a vet sees a pet; each appointment may have prescriptions",
            "appointments",
            ("vets", "pets"),
        ),
        (  # 'sample' is a word the reader otherwise skips; here it names a table
            "a soil survey: 6 analysts, 900 samples and 2,000 analyses in which an analyst dries a sample",
            "analyses",
            ("analysts", "samples"),
        ),
    ],
)
def test_an_event_described_by_a_relative_clause_refers_to_what_it_names(
    request_: str, event: str, named: tuple[str, str]
) -> None:
    d = draft(request_)
    tables = d.spec["tables"]
    assert set(named) <= _refs(tables[event]), (event, tables[event]["columns"].keys())
    for t in named:
        assert event not in _refs(tables[t]), f"{t} must not be children of {event}"
        rows = tables[t]["rows"]
        assert not (isinstance(rows, dict) and rows.get("per") == event)
    # the clause's words are no tables of their own ('a lock', 'treats', 'knocks down a lot')
    assert not any(w in tables for w in ("lock", "locks", "lots", "treats", "clips", "witnesses", "fixing"))
    counts = dict(simulacra.generate(d.spec, seed=3, scale=0.05).rows)
    assert counts[event] > 0


def test_the_owner_is_reached_through_the_animal_not_referred_to_again() -> None:
    """The lead's request: appointments refer to vets and pets; the owner is the pet's, pets are not the
    appointments' children (the 'owned by owners, and 20,000 appointments' list is two items)."""
    tables = draft(
        "a veterinary clinic chain with 12 clinics, 60 vets, 5,000 pets owned by 3,200 owners, and 20,000 "
        "appointments where a vet sees a pet; each appointment may have prescriptions"
    ).spec["tables"]
    assert _refs(tables["appointments"]) == {"vets", "pets"}
    assert "owners" in _refs(tables["pets"]) and "appointments" not in _refs(tables["pets"])
    assert tables["appointments"]["rows"] == 20000 and tables["pets"]["rows"] == 5000
    assert tables["prescriptions"]["rows"]["per"] == "appointments"


@pytest.mark.parametrize(
    ("request_", "parent", "child", "n", "parents", "exact"),
    [
        ("a model railway club: 12 layouts with 30 wagons each", "layouts", "wagons", 30, 12, True),
        ("a vineyard: 25 parcels with 40 rows of vines each", "parcels", "vines", 40, 25, True),
        ("a stud farm: 18 paddocks with 6 mares each and 3 grooms", "paddocks", "mares", 6, 18, True),
        ("an apiary: 60 colonies with about 3 frames each", "colonies", "frames", 3, 60, False),
        ("a boatyard: 1,000 orders with 3 items each", "orders", "order_items", 3, 1000, True),
    ],
)
def test_n_each_is_n_per_row_of_the_table_before_with(
    request_: str, parent: str, child: str, n: int, parents: int, exact: bool
) -> None:
    d = draft(request_)
    tables = d.spec["tables"]
    rows = tables[child]["rows"]
    assert isinstance(rows, dict) and rows["per"] == parent, rows
    assert rows["count"] == (
        {"distribution": "fixed", "value": float(n)} if exact else {"distribution": "poisson", "lam": float(n)}
    )
    assert tables[parent]["rows"] == parents
    total = n * parents
    assert any(f"{total:,} rows in all" in a for a in d.assumptions), d.assumptions
    if exact:
        assert dict(simulacra.generate(d.spec, seed=2).rows)[child] == total


@pytest.mark.parametrize(
    ("request_", "child", "rows"),
    [
        ("a vineyard: 25 parcels with 400 vines each, 10,000 vines", "vines", {"per": "parcels"}),
        ("a vineyard: 25 parcels with 400 vines each, 9,000 vines", "vines", 9000),
        ("a hatchery: 40 trays with 12 eggs each; 480 eggs in all", "eggs", {"per": "trays"}),
        ("a school trust: 8 academies with 30 teachers each, 240 teachers", "teachers", {"per": "academies"}),
        ("a school trust: 8 academies with 30 teachers each, 200 teachers", "teachers", 200),
    ],
)
def test_a_count_said_both_ways_stays_one_table(request_: str, child: str, rows: object) -> None:
    d = draft(request_)
    tables = d.spec["tables"]
    assert [t for t in tables if t.endswith(child)] == [child], sorted(tables)
    got = tables[child]["rows"]
    if isinstance(rows, dict):
        assert isinstance(got, dict) and got["per"] == rows["per"]
    else:
        assert got == rows
        assert any("the count asked is kept" in a for a in d.assumptions), d.assumptions


@pytest.mark.parametrize(
    ("request_", "table", "rows"),
    [
        ("a music school: 14 instructors and 300 pupils; 5,000 lessons with one instructor", "instructors", 14),
        ("a sailing school: 7 skippers, 600 trainees and 900 outings with one skipper", "skippers", 7),
        ("a clinic: 20 doctors and 800 patients; 3,000 consultations with one doctor", "doctors", 20),
    ],
)
def test_one_row_of_a_table_counted_elsewhere_is_no_table_of_one_row(request_: str, table: str, rows: int) -> None:
    tables = draft(request_).spec["tables"]
    assert tables[table]["rows"] == rows


@pytest.mark.parametrize(
    ("request_", "table", "parent"),
    [
        ("a primary school: 300 pupils with 2 report cards each", "report_cards", "pupils"),
        ("a bowling alley: 500 bowlers with 3 score cards each", "score_cards", "bowlers"),
        ("a school district: 12,000 pupils with about 3 report cards each", "report_cards", "pupils"),
    ],
)
def test_a_word_between_the_count_and_a_noun_of_another_domain_is_the_nouns(
    request_: str, table: str, parent: str
) -> None:
    """'3 report cards' at a school are not the bank's cards: the word the count passed over is part of the noun."""
    tables = draft(request_).spec["tables"]
    assert table in tables, sorted(tables)
    assert tables[table]["rows"]["per"] == parent


@pytest.mark.parametrize(
    "request_",
    [
        "a scooter repair shop: 4 fitters, 900 riders, 4,000 repair tickets in 2024",
        "a watch repair bench: 2 fitters, 300 owners and 1,000 repair tickets",
    ],
)
def test_a_catalogue_word_before_a_noun_of_another_domain_stays_one_noun(request_: str) -> None:
    """'repair tickets': 'repair' is a noun of the catalogue on its own, here part of one table, not a second."""
    tables = draft(request_).spec["tables"]
    assert "repair_tickets" in tables and "repair" not in tables, sorted(tables)


@pytest.mark.parametrize(
    ("request_", "thing", "owner", "later"),
    [
        ("a stable yard: 900 horses owned by 400 riders and 3,000 shoeings", "horses", "riders", "shoeings"),
        ("a marina: 300 yachts owned by 250 sailors, and 4,000 moorings", "yachts", "sailors", "moorings"),
        ("a guitar workshop: 800 guitars repaired by 12 luthiers and 5,000 strings", "guitars", "luthiers", "strings"),
    ],
)
def test_a_counted_table_after_and_ends_a_by_list(request_: str, thing: str, owner: str, later: str) -> None:
    """'pets owned by 3,200 owners, and 20,000 appointments': the appointments are the next table of the
    request's list, more than the pets, not a second owner of each pet."""
    tables = draft(request_).spec["tables"]
    assert owner in _refs(tables[thing])
    assert later not in _refs(tables[thing]), _refs(tables[thing])
