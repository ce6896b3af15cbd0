"""Nouns the catalogue lacks, drafted by what they name (WordNet's first sense, ``draft/data/nouns.tsv.gz``):
people get names, things belong to places, events refer to the thing and the people they involve.

Each test is a class of request; the nouns are not the ones the rules were written from
(``benchmarks/draft_requests.py --after3``)."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest
from tests.unit.draft.draft_helpers import grid_rows
from tests.unit.draft.draft_helpers import refs as _refs

import simulacra
from simulacra.draft import draft
from simulacra.draft._nouns import noun_class
from simulacra.draft._roles import _PERSON_WORDS, _STAFF_WORDS


def _lexicon_people(n: int) -> list[str]:
    """Agent nouns WordNet reads as people first that no word list of the draft holds, spread over the file."""
    raw = resources.files("simulacra.draft").joinpath("data/nouns.tsv.gz").read_bytes()
    rows = [line.split("\t") for line in gzip.decompress(raw).decode().splitlines()]
    found = [
        w
        for w, c in rows
        if c == "PPP"
        and w.isalpha()
        and w.endswith("er")
        and 6 <= len(w) <= 9
        and w not in _PERSON_WORDS | _STAFF_WORDS
    ]
    step = len(found) // n
    return [found[i * step] for i in range(n)]


@pytest.mark.parametrize("noun", _lexicon_people(6))
def test_agent_nouns_are_people_with_names(noun: str) -> None:
    plural = noun + "s"
    tables = draft(f"a club: 40 events, 900 {plural}").spec["tables"]
    assert {"first_name", "last_name", "email"} <= set(tables[plural]["columns"]), noun


@pytest.mark.parametrize(
    ("request_", "child", "parent"),
    [
        ("a music school: 12 choirs, 400 singers", "singers", "choirs"),
        ("a fencing federation: 30 squads, 600 cadets", "cadets", "squads"),
        ("a quarry company: 8 quarries, 60 crushers", "crushers", "quarries"),
        ("a marina group: 5 harbours, 900 moorings", "moorings", "harbours"),
    ],
)
def test_members_and_things_belong_to_the_group_or_place_named_before(request_: str, child: str, parent: str) -> None:
    tables = draft(request_).spec["tables"]
    assert parent in _refs(tables[child]), tables[child]


@pytest.mark.parametrize(
    ("request_", "event", "involved"),
    [
        ("a pottery studio: 6 kilns, 80 potters, 3,000 firings in 2024", "firings", {"kilns", "potters"}),
        (
            "an observatory: 4 telescopes, 30 astronomers, 9,000 observations in 2023",
            "observations",
            {"telescopes", "astronomers"},
        ),
        ("a climbing gym: 40 walls, 900 climbers, 20,000 climbs in 2024", "climbs", {"walls", "climbers"}),
    ],
)
def test_events_refer_to_the_thing_and_the_people_they_involve(request_: str, event: str, involved: set[str]) -> None:
    d = draft(request_)
    assert involved <= _refs(d.spec["tables"][event]), d.spec["tables"][event]
    simulacra.generate(d.spec, seed=1)


def test_the_owner_a_thing_is_of_is_reached_through_it_not_twice() -> None:
    tables = draft("a grooming salon: 600 dogs and their owners, 12 groomers, 5,000 groomings in 2024").spec["tables"]
    assert "owners" in _refs(tables["dogs"])
    assert {"dogs", "groomers"} <= _refs(tables["groomings"])
    assert "owners" not in _refs(tables["groomings"])  # the dog's owner, through the dog


def test_an_event_between_people_refers_to_them() -> None:
    tables = draft("a fencing league: 20 clubs, 300 fencers, 4,000 bouts between fencers").spec["tables"]
    assert "fencers" in _refs(tables["bouts"])


def test_a_work_belongs_to_the_larger_work_named_before_it() -> None:
    tables = draft("a podcast network: 300 podcasts, 12,000 episodes").spec["tables"]
    assert "podcasts" in _refs(tables["episodes"])


def test_things_had_with_people_are_theirs() -> None:
    tables = draft("a swimming pool: 3,000 members with lockers, 500 lessons").spec["tables"]
    assert tables["lockers"]["rows"]["per"] == "members"


@pytest.mark.parametrize(
    "setting", ["a concert promoter: 40 concerts, 90,000 tickets", "a theatre: 200 performances, 50,000 tickets"]
)
def test_tickets_without_a_word_of_support_are_not_support_tickets(setting: str) -> None:
    tables = draft(setting).spec["tables"]
    cols = set(tables["tickets"]["columns"])
    assert not cols & {"priority", "resolution_hours", "channel"}
    assert len(_refs(tables["tickets"])) == 1


def test_tickets_at_a_helpdesk_are_still_support_tickets() -> None:
    tables = draft("a helpdesk with 30 agents and 4,000 tickets").spec["tables"]
    assert "priority" in tables["tickets"]["columns"]


@pytest.mark.parametrize(
    ("noun", "table"), [("car parks", "car_parks"), ("car washes", "car_washes"), ("truck stops", "truck_stops")]
)
def test_a_catalogue_word_that_begins_another_noun_is_that_noun(noun: str, table: str) -> None:
    tables = draft(f"an operator: 45 {noun}, 900 staff").spec["tables"]
    assert table in tables and tables[table]["rows"] == 45
    assert "vehicles" not in tables


@pytest.mark.parametrize(("every", "per_day"), [("15 minutes", 96), ("2 hours", 12), ("30 minutes", 48)])
def test_readings_every_interval_are_counted_over_the_span(every: str, per_day: int) -> None:
    d = draft(f"a lab: 10 sensors, readings every {every} for 3 days")
    result = simulacra.generate(d.spec, seed=1)
    assert result.rows["readings"] == 10 * per_day * 3


@pytest.mark.parametrize("period", ["season", "semester"])
def test_a_year_before_a_season_is_a_time_span_not_a_count(period: str) -> None:
    d = draft(f"a league: 12 teams, 3,000 matches in the 2023 {period}")
    assert all(table.get("rows") != 2023 for table in d.spec["tables"].values())
    assert any("2023-01-01" in a for a in d.assumptions)


def test_the_class_of_a_noun_comes_from_its_first_sense() -> None:
    assert noun_class("skiers") == "person"
    assert noun_class("car parks") == "place"
    assert noun_class("boxes") == "thing"
    assert noun_class("routes") == "place"  # not 'routs'
    assert noun_class("fishermen") == "person"
    assert noun_class("zzyzzx") is None


@pytest.mark.parametrize(
    ("noun", "klass", "wanted"),
    [
        ("40 ferrets", "animal", {"name", "born_on", "weight_kg"}),
        ("12 gazebos", "place", {"city", "street", "opened_on"}),
        ("300 lathes", "thing", {"serial", "status", "in_service_since"}),
        ("9 orchestras", "group", {"name", "founded_on"}),
        ("5,000 rehearsals in 2024", "event", {"starts_at", "duration_min", "status"}),
        ("800 manuscripts", "document", {"reference", "title", "issued_at"}),
    ],
)
def test_a_noun_gets_the_columns_of_what_it_names(noun: str, klass: str, wanted: set[str]) -> None:
    name = noun.split()[1]
    d = draft(f"a trust: 20 sites, {noun}")
    cols = set(d.spec["tables"][name]["columns"])
    assert wanted <= cols, (klass, cols)
    assert any(f"read as a {klass}" in a or f"read as an {klass}" in a for a in d.assumptions)
    result = simulacra.generate(d.spec, seed=3)
    assert result.rows[name] > 0


def test_an_interval_after_an_uncounted_noun_is_how_often_not_a_table() -> None:
    d = draft("a ferry line: 2 boats, crossings every 30 minutes for a week")
    assert "minutes" not in d.spec["tables"]
    result = simulacra.generate(d.spec, seed=1)
    # a crossing every 30 minutes for a week per boat, from the boat's own start where it has one (draft64)
    assert result.rows["crossings"] == grid_rows(d.spec, result.frames, "crossings", "boats", 48 * 7, 1800)
    assert 0 < result.rows["crossings"] <= 2 * 48 * 7


@pytest.mark.parametrize(
    ("often", "per_parent"),
    [("twice daily", 2 * 30), ("twice a day", 2 * 30), ("3 times a week", 3 * 4), ("once per week", 4)],
)
def test_how_often_an_uncounted_event_happens_counts_it_per_parent_row(often: str, per_parent: int) -> None:
    d = draft(f"a farm: 40 cows, milkings {often} for 4 weeks")
    span = [a for a in d.assumptions if a.startswith("time span")]
    assert span and "4 weeks" in span[0]
    rows = simulacra.generate(d.spec, seed=1).rows
    days = 28
    expected = {"twice daily": 2 * days, "twice a day": 2 * days, "3 times a week": 3 * 4, "once per week": 4}[often]
    assert rows["milkings"] == 40 * expected, (often, rows)
    assert set(rows) == {"cows", "milkings"}
