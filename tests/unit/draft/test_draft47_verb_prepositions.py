"""A record verb's second object after 'from', 'at', 'with' or 'for', and record verbs the draft did not read
(issue 20, draft47).

(1) "customers buy tickets from resellers", "farmers sell produce at markets", "members book classes with trainers",
"employees submit expenses for projects": the record is keyed to the subject's table, the object's (where it is a
table) and the table after the preposition; a setting said in the singular ("from the library") is no table and adds
no key. (2) 'send', 'receive', 'submit' and 'give' leave a record: their object, where it names a table, is the
record itself (each letter sent, each expense submitted), keyed to the subject and the second object; an object no
table is ("give money") leaves the verb's record of its own (donations). The verb is no word of its object's noun
("buy tickets" is no table).

On main the second object after any word but 'to' was no key of the record (or a key of the object), the four verbs
were not read (the record keyed to one table, or none drafted), and "customers buy tickets" also drafted a table
'buy_tickets'. None of these requests is a held-out request of ``benchmarks/draft_verb_prepositions.py``.
"""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import has_dates, refs

import simulacra
from simulacra.draft import draft
from simulacra.draft._catalogue import load_catalogue
from simulacra.draft._parse import parse_request

#: (request, record table, the tables it refers to (exactly), {table: rows said}, [tables that must not exist])
SECOND: list[tuple[str, str, set[str], dict[str, int], list[str]]] = [
    (
        "a box office: 5,000 customers, 200 resellers and 20,000 tickets; customers buy tickets from resellers",
        "purchases",
        {"customers", "tickets", "resellers"},
        {"customers": 5000, "resellers": 200, "tickets": 20000},
        ["buy_tickets"],
    ),
    (
        "a lettings board: 300 landlords, 900 flats and 1,200 tenants; tenants rent flats from the landlords",
        "rentals",
        {"tenants", "flats", "landlords"},
        {"landlords": 300, "flats": 900, "tenants": 1200},
        [],
    ),
    (
        "a farm network: 200 farmers and 30 markets; farmers sell produce at markets",
        "sales",
        {"farmers", "markets"},
        {"farmers": 200, "markets": 30},
        ["produce", "produces"],
    ),
    (
        "a gym: 1,000 members, 30 trainers and 200 classes; members book classes with trainers",
        "bookings",
        {"members", "classes", "trainers"},
        {"members": 1000, "trainers": 30, "classes": 200},
        [],
    ),
    (
        "a firm: 400 employees and 60 projects; employees submit expenses for projects",
        "expenses",
        {"employees", "projects"},
        {"employees": 400, "projects": 60},
        ["submissions"],
    ),
    (
        "a clinic: 20 nurses and 5,000 patients; nurses send reminders to patients",
        "reminders",
        {"nurses", "patients"},
        {"nurses": 20, "patients": 5000},
        ["shipments", "send_reminders"],
    ),
    (
        "a charity hub: 5,000 donors and 80 charities; donors give money to charities",
        "donations",
        {"donors", "charities"},
        {"donors": 5000, "charities": 80},
        ["money", "monies"],
    ),
    (
        "a college: 40 tutors and 900 students; students submitted essays to tutors",
        "essays",
        {"students", "tutors"},
        {"tutors": 40, "students": 900},
        ["submissions"],
    ),
    (
        "a charity: 3,000 donors; the charity receives donations from donors",
        "donations",
        {"donors"},
        {"donors": 3000},
        ["receives_donations", "charities"],
    ),
    (
        "a library: 3,000 students and 10,000 books; students borrowed books from the library",
        "loans",
        {"students", "books"},
        {"students": 3000, "books": 10000},
        ["libraries", "library"],
    ),
]


@pytest.mark.parametrize(
    ("request_", "record", "keyed", "counts", "absent"), SECOND, ids=[t[0].split(";")[1][:28] for t in SECOND]
)
def test_the_record_is_keyed_to_the_subject_the_object_and_the_second_object(
    request_: str, record: str, keyed: set[str], counts: dict[str, int], absent: list[str]
) -> None:
    tables = draft(request_).spec["tables"]
    assert record in tables, sorted(tables)
    assert refs(tables[record]) == keyed  # each key said, and none to another table (the setting's)
    assert has_dates(tables[record])
    for table, n in counts.items():
        assert tables[table]["rows"] == n, (table, tables[table]["rows"])
    for name in absent:
        assert name not in tables, sorted(tables)


@pytest.mark.parametrize(
    ("request_", "acts", "keyed", "n"),
    [
        (
            "a craft fair: 70 potters and 12 fairs; potters sold 3,000 vases at fairs",
            "vases",
            {"potters", "fairs"},
            3000,
        ),
        (
            "a firm: 400 employees and 60 projects; employees submitted 9,000 expenses for projects",
            "expenses",
            {"employees", "projects"},
            9000,
        ),
        (
            "a studio: 50 instructors and 800 pupils; pupils booked 6,000 lessons with instructors",
            "lessons",
            {"pupils", "instructors"},
            6000,
        ),
    ],
)
def test_the_acts_counted_with_the_verb_are_keyed_to_the_second_object(
    request_: str, acts: str, keyed: set[str], n: int
) -> None:
    tables = draft(request_).spec["tables"]
    assert tables[acts]["rows"] == n
    assert keyed <= refs(tables[acts]), refs(tables[acts])
    assert not {"sales", "submissions", "bookings"} & set(tables), sorted(tables)


@pytest.mark.parametrize("prep", ["from", "at", "with", "for"])
@pytest.mark.parametrize("between", ["", "the ", "200 "])
@pytest.mark.parametrize("verb", ["buy", "bought"])
def test_the_parser_reads_the_second_object_after_each_word(prep: str, between: str, verb: str) -> None:
    cat = load_catalogue()
    text = f"a market: 40 vendors, 300 widgets and 2,000 traders; vendors {verb} widgets {prep} {between}traders"
    req = parse_request(text, cat.phrases(), cat.scenario_phrases())
    got = [(v.subject, v.obj, v.to, v.noun, req.tokens[v.to_at].text) for v in req.verb_records]
    assert got == [("vendors", "widgets", "traders", "purchases", prep)], (text, got)


@pytest.mark.parametrize("prep", ["from", "at", "with", "for"])
@pytest.mark.parametrize("place", ["the market", "a stall", "the council"])
def test_a_setting_said_in_the_singular_is_no_second_object(prep: str, place: str) -> None:
    cat = load_catalogue()
    text = f"a market: 40 vendors, 300 widgets and 2,000 traders; vendors buy widgets {prep} {place}"
    req = parse_request(text, cat.phrases(), cat.scenario_phrases())
    assert [(v.subject, v.obj, v.to, v.to_at) for v in req.verb_records] == [("vendors", "widgets", None, -1)]


@pytest.mark.parametrize(
    ("request_", "record", "keys"),
    [
        (SECOND[0][0], "purchases", ["customers", "tickets", "resellers"]),
        (SECOND[2][0], "sales", ["farmers", "markets"]),
        (SECOND[3][0], "bookings", ["members", "classes", "trainers"]),
        (SECOND[5][0], "reminders", ["nurses", "patients"]),
    ],
    ids=["purchases", "sales", "bookings", "reminders"],
)
@pytest.mark.parametrize("seed", [3, 11])
def test_the_rows_refer_to_each(request_: str, record: str, keys: list[str], seed: int) -> None:
    spec = draft(request_).spec
    frames = simulacra.generate(spec, seed=seed, scale=0.05).frames
    simulacra.validate(spec, frames)
    again = simulacra.generate(spec, seed=seed, scale=0.05).frames
    assert frames[record].equals(again[record])  # same request and seed: the same rows
    rows = frames[record]
    assert rows.height > 0
    fks = {
        c: str(v["references"]).split(".")
        for c, v in spec["tables"][record]["columns"].items()
        if isinstance(v, dict) and v.get("generator") == "foreign_key"
    }
    assert sorted(t for t, _pk in fks.values()) == sorted(keys)
    for col, (table, pk) in fks.items():
        assert rows[col].is_in(frames[table][pk].implode()).all(), col
        if frames[table].height > 1:  # 20 nurses at scale 0.05 are one
            assert rows[col].n_unique() > 1, col  # spread over the table, not one row


@pytest.mark.parametrize(
    ("request_", "table", "not_keyed"),
    [
        # a noun said with the verb's word is no act: "boat hire business" keys no hire to the marinas
        (
            "a boat hire business at 3 marinas renting 90 boats to 4,000 sailors, 12,000 hires in summer 2025",
            "hires",
            "marinas",
        ),
        # the word after 'for' names no table: no key
        ("an office: 300 members; members book rooms for meetings", "bookings", "meetings"),
        # lend's borrowers are said by 'to' only
        ("a library: 900 readers and 5,000 books; the library lends books to readers for weeks", "loans", "weeks"),
    ],
)
def test_no_key_where_no_second_object_is_said(request_: str, table: str, not_keyed: str) -> None:
    tables = draft(request_).spec["tables"]
    assert table in tables, sorted(tables)
    assert not_keyed not in refs(tables[table]), refs(tables[table])


def test_the_record_s_verb_is_no_word_of_its_object() -> None:
    """'customers buy books': the books and the purchases, no table 'buy_books' of the verb and its object."""
    tables = draft("a bookshop: 8,000 books and 20,000 customers; customers buy books").spec["tables"]
    assert set(tables) == {"books", "customers", "purchases"}, sorted(tables)
    assert refs(tables["purchases"]) == {"customers", "books"}
