"""Requests whose words the eleventh round reads: a verb between two counted nouns is no table though the
catalogue knows its word ('9 nurses visit 700 patients'); a thing 'of' people belongs to them over a parent
guessed by order alone ('3,000 boots of 2,500 wearers', the cobblers named before); an act 'by' people
refers to them when only such a guessed parent led there ('tunings of pianos by tuners'); a noun WordNet
lacks, made of one it has and the agent ending -er, names people ('podcasters'); an event made per a
parent 'with a' row of another table refers to it ('lessons for every swimmer with a coach').

The nouns here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import refs as _refs

import simulacra
from simulacra.draft import draft


def _people(table: dict) -> bool:
    return any(isinstance(c, dict) and c.get("generator") == "first_name" for c in table["columns"].values())


@pytest.mark.parametrize(
    ("request_", "verb", "subject", "rows", "obj"),
    [
        (
            "a home care agency: 9 nurses visit 700 patients, 5,000 check-ups of patients by nurses",
            "visit",
            "nurses",
            9,
            "patients",
        ),
        ("a tennis club: 400 members book 900 courts", "book", "members", 400, "courts"),
        ("a call centre: 30 agents call 5,000 customers", "call", "agents", 30, "customers"),
    ],
)
def test_a_verb_between_two_counted_nouns_is_no_table(
    request_: str, verb: str, subject: str, rows: int, obj: str
) -> None:
    tables = draft(request_).spec["tables"]
    assert not any(verb in t.split("_") or f"{verb}s" in t.split("_") for t in tables), sorted(tables)
    subj = next(t for t in tables if t.endswith(subject))  # 'agents' may be named 'support_agents'
    assert tables[subj]["rows"] == rows
    assert _people(tables[subj])
    assert subj in _refs(tables[obj]), "what the subject does refers to it"


@pytest.mark.parametrize(
    ("request_", "thing", "owners", "staff", "act"),
    [
        (
            "a shoe repair shop: 6 cobblers, 3,000 boots of 2,500 wearers, 9,000 resolings of boots by cobblers",
            "boots",
            "wearers",
            "cobblers",
            "resolings",
        ),
        (
            "a saddlery: 4 saddlers, 800 saddles of 600 riders, 2,000 fittings of saddles by saddlers",
            "saddles",
            "riders",
            "saddlers",
            "fittings",
        ),
    ],
)
def test_a_thing_of_people_belongs_to_them_over_a_guess(
    request_: str, thing: str, owners: str, staff: str, act: str
) -> None:
    tables = draft(request_).spec["tables"]
    assert _refs(tables[thing]) == {owners}, "whose the thing is, as said: not the staff named before"
    assert _refs(tables[act]) == {thing, staff}, "the act is of the thing, by the staff; the owner through it"


def test_an_act_by_people_refers_to_them_past_a_guessed_parent() -> None:
    tables = draft(
        "a piano tuning firm: 7 tuners, 1,500 pianos of 1,200 households, 4,000 tunings of pianos by tuners"
    ).spec["tables"]
    assert {"pianos", "tuners"} <= _refs(tables["tunings"]), _refs(tables["tunings"])


@pytest.mark.parametrize(
    ("request_", "table"),
    [
        ("a podcast network: 40 podcasters, 900 episodes by podcasters", "podcasters"),
        ("a modding forum: 2,000 modders, 9,000 uploads by modders", "modders"),
        ("a vape shop: 700 vapers, 5,000 purchases by vapers", "vapers"),
    ],
)
def test_an_agent_noun_of_a_known_word_names_people(request_: str, table: str) -> None:
    tables = draft(request_).spec["tables"]
    assert _people(tables[table]), sorted(tables[table]["columns"])


@pytest.mark.parametrize("word", ["tubers", "lockers", "bumpers", "streamers"])
def test_a_noun_wordnet_lists_keeps_its_own_sense(word: str) -> None:
    from simulacra.draft._nouns import noun_class

    assert noun_class(word) != "person"


@pytest.mark.parametrize(
    ("request_", "event", "parent", "other"),
    [
        (
            "a swim school: 6 coaches, 400 swimmers, 20 lessons for every swimmer with a coach",
            "lessons",
            "swimmers",
            "coaches",
        ),
        ("a driving range: 5 pros, 900 golfers, 3 lessons per golfer with a pro", "lessons", "golfers", "pros"),
        (
            "a violin school: 8 teachers, 300 pupils, 10 classes each pupil with a teacher",
            "classes",
            "pupils",
            "teachers",
        ),
    ],
)
def test_an_event_per_a_parent_with_a_row_of_another_refers_to_both(
    request_: str, event: str, parent: str, other: str
) -> None:
    tables = draft(request_).spec["tables"]
    assert tables[event]["rows"]["per"] == parent
    assert _refs(tables[event]) == {parent, other}


def test_the_drafts_generate_the_same_bytes_for_a_seed() -> None:
    spec = draft("a shoe repair shop: 6 cobblers, 300 boots of 250 wearers, 900 resolings of boots by cobblers").spec
    a, b = simulacra.generate(spec, seed=3), simulacra.generate(spec, seed=3)
    assert dict(a.rows) == {"cobblers": 6, "wearers": 250, "boots": 300, "resolings": 900}
    for name in a.rows:
        assert a.frames[name].equals(b.frames[name])
    owners = set(a.frames["wearers"]["wearer_id"])
    assert set(a.frames["boots"]["wearer_id"]) <= owners


@pytest.mark.parametrize(
    ("request_", "noun", "rows", "place", "place_rows"),
    [
        ("a pottery studio with 14 machines; 4,000 glaze firings in machines", "glaze_firings", 4000, "machines", 14),
        ("a hostel: 60 rooms, 9,000 bed nights in rooms booked by 3,000 guests", "bed_nights", 9000, "rooms", 60),
    ],
)
def test_a_count_before_a_noun_placed_in_a_known_one_is_the_nouns(
    request_: str, noun: str, rows: int, place: str, place_rows: int
) -> None:
    tables = draft(request_).spec["tables"]
    assert tables[noun]["rows"] == rows, sorted(tables)
    assert tables[place]["rows"] == place_rows
    assert place in _refs(tables[noun])


@pytest.mark.parametrize(
    ("request_", "people", "rows", "act", "kind_word"),
    [
        ("a warehouse: 40 order pickers, 9,000 picks by order pickers", "order_pickers", 40, "picks", "orders"),
        (
            "a rail company: 30 ticket inspectors, 5,000 fines issued by ticket inspectors",
            "ticket_inspectors",
            30,
            "fines",
            "ticket",
        ),
        ("a bank: 12 account managers, 600 loans", "account_managers", 12, None, "accounts"),
    ],
)
def test_a_known_word_saying_which_people_is_no_table(
    request_: str, people: str, rows: int, act: str | None, kind_word: str
) -> None:
    tables = draft(request_).spec["tables"]
    assert tables[people]["rows"] == rows and _people(tables[people])
    assert kind_word not in tables, sorted(tables)
    if act is not None:
        assert _refs(tables[act]) == {people}


@pytest.mark.parametrize(
    ("request_", "thing", "place", "doers"),
    [
        ("a bakery: 20 ovens, 9,000 loaves baked in ovens by 12 bakers", "loaves", "ovens", "bakers"),
        ("a kennel: 40 runs, 900 walks taken on runs by 15 handlers", "walks", "runs", "handlers"),
        ("a hostel: 60 rooms, 9,000 bed nights in rooms booked by 3,000 guests", "bed_nights", "rooms", "guests"),
    ],
)
def test_a_relating_word_after_a_placing_phrase_relates_too(request_: str, thing: str, place: str, doers: str) -> None:
    tables = draft(request_).spec["tables"]
    assert _refs(tables[thing]) == {place, doers}


@pytest.mark.parametrize(
    ("request_", "people", "rows", "child", "rated"),
    [
        (
            "a care home: 30 trainee carers, 12 shifts for every trainee; 10% of trainees quit",
            "trainee_carers",
            30,
            "shifts",
            True,
        ),
        (
            "a bus firm: 25 trainee drivers, 40 lessons per trainee with an instructor, 6 instructors",
            "trainee_drivers",
            25,
            "lessons",
            False,
        ),
        ("a university with 45 guest lecturers, 300 talks by guest lecturers", "guest_lecturers", 45, "talks", False),
    ],
)
def test_two_words_of_people_are_one_table_the_first_word_names_again(
    request_: str, people: str, rows: int, child: str, rated: bool
) -> None:
    d = draft(request_)
    tables = d.spec["tables"]
    assert tables[people]["rows"] == rows and _people(tables[people])
    assert not {"students", "guest", "guests", "drivers", "lecturers", "carers"} & set(tables), sorted(tables)
    assert people in _refs(tables[child])
    if rated:
        assert [s["table"] for s in d.spec["scenarios"]] == [people]


@pytest.mark.parametrize(
    ("request_", "table", "rows", "parent"),
    [
        ("a gym: 2,000 members, 400 cancellations by members", "cancellations", 400, "members"),
        ("a clinic: 300 patients, 40 readmissions in 2024", "readmissions", 40, "patients"),
    ],
)
def test_a_scenario_word_counted_as_a_plural_noun_is_a_table(request_: str, table: str, rows: int, parent: str) -> None:
    d = draft(request_)
    assert d.spec["tables"][table]["rows"] == rows, sorted(d.spec["tables"])
    assert _refs(d.spec["tables"][table]) == {parent}
    assert simulacra.generate(d.spec, seed=2).rows[table] == rows


def test_a_noun_the_setting_is_named_by_is_the_act_not_people() -> None:
    tables = draft("a hospital escort service: 25 porters, 800 patients, 8,000 escorts of patients by porters").spec[
        "tables"
    ]
    assert not _people(tables["escorts"]), (
        "an escort of this service is an act, though WordNet's first sense is a person"
    )
    assert _refs(tables["escorts"]) == {"patients", "porters"}
    assert _people(tables["porters"])


@pytest.mark.parametrize(
    ("request_", "event", "held_by", "each"),
    [
        (
            "a gutter cleaning round: 5 cleaners serve 800 houses; cleans every 8 weeks for a year",
            "cleans",
            "houses",
            7,
        ),
        # on the step's grid (draft63): day 0 and every 14 days to day 364 of the year, 27 cuts, not 365 / 14 rounded
        ("a lawn care round: 6 gardeners serve 900 lawns; cuts every 2 weeks for a year", "cuts", "lawns", 27),
    ],
)
def test_an_event_at_an_interval_is_of_what_is_served_not_of_who_serves(
    request_: str, event: str, held_by: str, each: int
) -> None:
    d = draft(request_)
    rows = d.spec["tables"][event]["rows"]
    assert rows["per"] == held_by and rows["count"]["value"] == each
    served = d.spec["tables"][held_by]["rows"]
    assert simulacra.generate(d.spec, seed=1).rows[event] == served * each


@pytest.mark.parametrize(
    ("request_", "place", "staff"),
    [
        ("a minicab office: 25 cabins staffed by 40 agents", "cabins", "agents"),
        ("a ferry company: 8 kiosks staffed by 30 agents", "kiosks", "agents"),
    ],
)
def test_staff_guessed_to_work_at_a_place_give_way_to_a_relating_word(request_: str, place: str, staff: str) -> None:
    tables = draft(request_).spec["tables"]
    assert _refs(tables[place]) == {staff}
    assert _refs(tables[staff]) == set(), "no cycle: the staff no longer belong to the place"


def test_a_second_participle_relates_a_second_table() -> None:
    tables = draft("a comics studio: 12 inkers, 90 writers, 600 comics written by writers and inked by inkers").spec[
        "tables"
    ]
    assert _refs(tables["comics"]) == {"writers", "inkers"}
