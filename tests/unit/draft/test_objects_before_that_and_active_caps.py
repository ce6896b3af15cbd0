"""A relative clause whose object stands before 'that', and a cap said with an active verb (issue 20, draft26):

- '900 restaurants that inspectors inspect, 2,500 inspections': the clause says the inspectors act on the
  restaurants, again and again; each inspection is one inspector at one restaurant. The restaurants are no
  inspector's rows (no key to inspectors); the verb's table refers to both. With no table named by the verb
  ('9,000 parcels that couriers deliver') the object keeps its one key to the subject, as before (the only
  relation the request allows), and 'drivers that deliver parcels' (the subject before 'that') is unchanged;
- 'a dog enters at most 8 shows', 'each student takes up to 5 courses', 'a member books no more than 4
  classes': the same bound as the passive 'a dog is entered in no more than 8 shows' (draft25): the table
  joining the owner to the other parent made per owner, 0 to N each, its stated total kept; the other parent's
  rows are nobody's, and the verb ('books') is no table.

The settings here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import assert_capped_joining_table, key_to, refs

import simulacra
from simulacra.draft import draft

# --- the object before 'that', the verb's table named ------------------------------------------------------------

#: (request, the verb's table, the subject's table, the object's table)
_OBJECTS = [
    (
        "a council: 20 inspectors; 900 restaurants that inspectors inspect, 2,500 inspections in all, each "
        "restaurant getting 1 to 4 inspections",
        "inspections",
        "inspectors",
        "restaurants",
    ),
    (
        "a courier firm: 60 couriers and 9,000 parcels that couriers deliver, 9,000 deliveries",
        "deliveries",
        "couriers",
        "parcels",
    ),
    (
        "a courier firm: 60 couriers and 9,000 parcels in 2024 that the couriers deliver; 9,500 deliveries",
        "deliveries",
        "couriers",
        "parcels",
    ),
    (
        "a hospital: 40 nurses and 2,000 patients that nurses visit, 8,000 visits",
        "visits",
        "nurses",
        "patients",
    ),
    (
        "an apiary: 25 beekeepers and 400 hives that the beekeepers inspect, 3,000 inspections in 2024",
        "inspections",
        "beekeepers",
        "hives",
    ),
    (
        "a vet practice: 12 vets and 1,500 pets that vets examine, 4,000 examinations",
        "examinations",
        "vets",
        "pets",
    ),
]


@pytest.mark.parametrize(("request_", "event", "subject", "obj"), _OBJECTS)
@pytest.mark.parametrize("seed", [2, 9])
def test_the_object_is_no_row_of_the_subject(request_: str, event: str, subject: str, obj: str, seed: int) -> None:
    spec = draft(request_).spec
    assert subject not in refs(spec["tables"][obj])  # the restaurants are no inspector's
    assert {subject, obj} <= refs(spec["tables"][event])  # each inspection is one inspector at one restaurant
    frames = simulacra.generate(spec, seed=seed, scale=0.2).frames
    rows = frames[event]
    for parent in (subject, obj):
        key = key_to(spec, event, parent)
        own = frames[parent][spec["tables"][event]["columns"][key]["references"].split(".")[1]]
        assert rows[key].is_in(own.implode()).all() and rows[key].n_unique() > 1
    # one object is acted on by several of the subject's rows: no object has one subject row only
    pairs = rows.group_by(key_to(spec, event, obj)).agg(n=rows[key_to(spec, event, subject)].n_unique())
    assert pairs["n"].max() > 1


@pytest.mark.parametrize(
    ("request_", "child", "parent"),
    [
        # no table named by the verb: the object keeps its one key to the subject, as before
        ("a depot: 60 couriers and 9,000 parcels that couriers deliver", "parcels", "couriers"),
        ("a council: 20 inspectors and 900 restaurants that inspectors inspect", "restaurants", "inspectors"),
        # the row itself is what the subject does ('crossings that a ferry makes'): its key stays
        ("a ferry line: 6 ferries and 3,000 crossings that a ferry makes", "crossings", "ferries"),
        # the subject before 'that': the drivers deliver, each parcel is one driver's
        ("a firm: 60 drivers that deliver 9,000 parcels", "parcels", "drivers"),
        # the verb's table is the noun before 'that' itself: it is the subject's doing, its key stays
        ("an insurer: 30 adjusters and 5,000 assessments that adjusters make", "assessments", "adjusters"),
    ],
)
def test_the_key_stays_where_no_other_table_is_the_verbs(request_: str, child: str, parent: str) -> None:
    assert parent in refs(draft(request_).spec["tables"][child])


# --- a cap said with an active verb ------------------------------------------------------------------------------

#: (request, joining table, owner, other parent, bound, total)
_CAPS = [
    (
        "a kennel club runs 30 dog shows in 2024: 2,000 exhibitors enter 3,400 dogs, with 12,000 show entries in "
        "all, every entry being one dog at one show; a dog enters at most 8 shows",
        "show_entries",
        "dogs",
        "dog_shows",
        8,
        12000,
    ),
    (
        "a college: 40 courses and 900 students, with 3,000 enrolments, every enrolment being one student on one "
        "course; each student takes up to 5 courses",
        "enrolments",
        "students",
        "courses",
        5,
        3000,
    ),
    (
        "a gym: 25 classes and 600 members; 1,500 bookings, each booking being one member at one class; a member "
        "books no more than 4 classes",
        "bookings",
        "members",
        "classes",
        4,
        1500,
    ),
    (
        "a tennis league: 20 tournaments and 500 players, 2,000 tournament entries, every entry being one player "
        "at one tournament; each player plays at most 6 tournaments",
        "tournament_entries",
        "players",
        "tournaments",
        6,
        2000,
    ),
    (
        "a club: 50 events and 700 members; 2,500 registrations, every registration being one member at one "
        "event; every member attends no more than 6 events",
        "registrations",
        "members",
        "events",
        6,
        2500,
    ),
    (
        "a league: 30 venues and 500 players; 4,000 match entries, each entry being one player at one venue; "
        "each player visits up to 9 venues",
        "match_entries",
        "players",
        "venues",
        9,
        4000,
    ),
]


@pytest.mark.parametrize(("request_", "link", "owner", "other", "bound", "total"), _CAPS)
@pytest.mark.parametrize("seed", [1, 4])
def test_an_active_cap_bounds_the_joining_table(
    request_: str, link: str, owner: str, other: str, bound: int, total: int, seed: int
) -> None:
    spec = draft(request_).spec
    assert_capped_joining_table(spec, link, owner, other, bound, total, seed)
    assert owner not in refs(spec["tables"][other])  # the shows are no dog's
    assert spec["tables"][other]["rows"] != total and not isinstance(spec["tables"][other]["rows"], dict)


@pytest.mark.parametrize(
    ("request_", "tables"),
    [  # the verb before the bound is no table of its own
        (
            "a gym: 25 classes and 600 members; 1,500 bookings, each booking being one member at one class; a "
            "member books no more than 4 classes",
            {"classes", "members", "bookings"},
        ),
        ("a library: 800 readers; each reader books at most 3 rooms", {"readers", "rooms"}),
    ],
)
def test_the_verb_before_a_bound_is_no_table(request_: str, tables: set[str]) -> None:
    assert set(draft(request_).spec["tables"]) == tables


def test_an_active_cap_with_no_joining_table_bounds_the_objects_rows() -> None:
    """'each reader books at most 3 rooms' names no table joining readers to rooms: 0 to 3 rooms per reader."""
    rows = draft("a library: 800 readers; each reader books at most 3 rooms").spec["tables"]["rooms"]["rows"]
    assert rows["per"] == "readers" and rows["count"]["values"] == [0, 1, 2, 3]


def test_no_cap_without_bound_words() -> None:
    spec = draft(
        "a college: 40 courses and 900 students, with 3,000 enrolments, every enrolment being one student on one "
        "course; each student takes 5 courses"
    ).spec
    assert spec["tables"]["enrolments"]["rows"] == 3000
