"""Every noun a request relates to another becomes a table with a key, and a word that only modifies or
describes is no table of its own:

- 'X from one Y to another (Y)': X refers to Y twice, two different rows;
- 'a review of each poem', 'a log for every harp': one X per Y, an unknown singular noun too (its table
  named in the plural);
- 'ratings of skillets by cooks': what a rating is of is a key, though 'rating' is no event, money or
  document in WordNet's first sense;
- an -er noun is a doer only where its stem names an act ('climbers', not 'transfers' or 'letters');
- 'safety checks', 'health checks' are inspections (events), not cheques; 'bank checks' stay money.

The nouns here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import keys_to
from tests.unit.draft.draft_helpers import refs as _refs

import simulacra
from simulacra.draft import draft
from simulacra.draft._nouns import noun_class

_ONE_TO_ANOTHER = [
    ("a barge company: 25 jetties and 6,000 hauls from one jetty to another jetty", "hauls", "jetties", 6000),
    ("a stamp society: 300 collectors and 2,000 trades from one collector to another", "trades", "collectors", 2000),
    ("a seaplane service: 12 lagoons and 900 hops from one lagoon to a different lagoon", "hops", "lagoons", 900),
]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("request_", "table", "parent", "rows"), _ONE_TO_ANOTHER)
def test_from_one_to_another_keys_the_table_twice_two_different_rows(
    request_: str, table: str, parent: str, rows: int, seed: int
) -> None:
    d = draft(request_)
    tables = d.spec["tables"]
    assert table in tables and parent in tables, sorted(tables)
    keys = keys_to(tables[table], parent)
    assert len(keys) == 2, tables[table]["columns"]
    frame = simulacra.generate(d.spec, seed=seed).frames[table]
    assert frame.height == rows
    assert frame.select(pl.col(keys[0]).is_not_null().all() & pl.col(keys[1]).is_not_null().all()).item()
    assert not frame.select((pl.col(keys[0]) == pl.col(keys[1])).any()).item()


@pytest.mark.parametrize(
    ("request_", "table", "parent", "parent_rows", "also"),
    [
        ("a harp maker: 80 harps, 6 luthiers and a string log for each harp by a luthier", "string_logs", "harps", 80,
         "luthiers"),
        ("an orchard: 900 trees and a pruning record for every tree", "pruning_records", "trees", 900, None),
        ("a kennel club: 40 hounds, 5 judges and a score card of each hound by a judge", "score_cards", "hounds", 40,
         "judges"),
        ("a poetry slam: 60 poets, 4 judges and a verdict on 200 poems, with a critique of each poem by a judge",
         "critiques", "poems", 200, "judges"),
    ],
)  # fmt: skip
def test_a_noun_said_once_for_each_row_is_one_row_per_parent(
    request_: str, table: str, parent: str, parent_rows: int, also: str | None
) -> None:
    d = draft(request_)
    tables = d.spec["tables"]
    assert table in tables, sorted(tables)
    assert tables[table]["rows"]["per"] == parent
    assert tables[table]["rows"]["count"] == {"distribution": "fixed", "value": 1}
    assert parent in _refs(tables[table])
    if also is not None:
        assert also in _refs(tables[table]), tables[table]["columns"]
    result = simulacra.generate(d.spec, seed=2)
    frame = result.frames[table]
    assert frame.height == parent_rows
    key = keys_to(tables[table], parent)[0]
    assert frame[key].n_unique() == parent_rows


@pytest.mark.parametrize(
    ("request_", "table", "of", "by"),
    [
        ("a cookware site: 500 cooks, 800 skillets and 4,000 ratings of skillets by cooks", "ratings", "skillets",
         "cooks"),
        ("a trail guide: 2,000 hikers, 300 ridges and 9,000 reviews of ridges by hikers", "reviews", "ridges",
         "hikers"),
    ],
)  # fmt: skip
def test_what_a_rating_or_review_is_of_is_a_key(request_: str, table: str, of: str, by: str) -> None:
    tables = draft(request_).spec["tables"]
    assert {of, by} <= _refs(tables[table]), tables[table]["columns"]


@pytest.mark.parametrize("word", ["transfers", "letters", "offers", "containers", "papers"])
def test_an_er_noun_whose_stem_names_no_act_is_not_a_person(word: str) -> None:
    assert noun_class(word) != "person"


@pytest.mark.parametrize("word", ["climbers", "walkers", "skiers", "movers", "riders"])
def test_an_er_noun_whose_stem_names_an_act_is_still_a_person(word: str) -> None:
    assert noun_class(word) == "person"


def test_transfers_of_barges_are_events_keyed_to_what_they_move() -> None:
    tables = draft("a canal authority: 60 barges and 3,000 transfers of barges").spec["tables"]
    assert "barges" in _refs(tables["transfers"])
    assert not {"first_name", "email"} & set(tables["transfers"]["columns"])


@pytest.mark.parametrize(
    ("request_", "table"),
    [
        ("a fire service: 20 fire engines and 1,500 safety checks of fire engines", "safety_checks"),
        ("a riding stable: 40 ponies and 600 health checks of ponies", "health_checks"),
        ("a dog shelter: 90 kennels and exactly 4 hygiene checks per kennel", "hygiene_checks"),
    ],
)
def test_checks_after_a_noun_are_inspections_not_cheques(request_: str, table: str) -> None:
    cols = draft(request_).spec["tables"][table]["columns"]
    assert "amount" not in cols and "paid_at" not in cols, sorted(cols)
    assert any(isinstance(c, dict) and c.get("generator") == "datetime" for c in cols.values()), sorted(cols)


def test_bank_checks_stay_money() -> None:
    cols = draft("a credit union: 2,000 members and 9,000 bank checks").spec["tables"]["bank_checks"]["columns"]
    assert "amount" in cols


@pytest.mark.parametrize(
    ("word", "want"),
    [("string log", "string logs"), ("box", "boxes"), ("city", "cities"), ("day", "days"), ("child", "children")],
)
def test_plural(word: str, want: str) -> None:
    from simulacra.draft._nouns import plural  # new with the tables named by a noun said once

    assert plural(word) == want


@pytest.mark.parametrize(
    ("request_", "table", "of", "others"),
    [
        ("a llama farm: 90 llamas, 7 herders, 400 vet checks of llamas and 300 treks of llamas with herders",
         "vet_checks", "llamas", {"herders"}),
        ("a marina: 200 yachts, 6 riggers, 900 surveyor checks of yachts and 400 refits of yachts by riggers",
         "surveyor_checks", "yachts", {"riggers"}),
        ("a care home: 50 residents, 9 cleaners, 700 nurse checks of residents and 2,000 cleanings by cleaners",
         "nurse_checks", "residents", {"cleaners"}),
    ],
)  # fmt: skip
def test_checks_whose_word_names_the_doer_guess_no_other_people(
    request_: str, table: str, of: str, others: set[str]
) -> None:
    """Checks read as events would take people named before as their doers; the word before 'checks' says who."""
    tables = draft(request_).spec["tables"]
    assert of in _refs(tables[table])
    assert not others & _refs(tables[table]), tables[table]["columns"]


@pytest.mark.parametrize(
    ("request_", "table", "by", "not_"),
    [
        ("a song contest: 10 judges, 200 composers and 900 songs by composers", "songs", "composers", "judges"),
        ("a research institute: 5 reviewers, 80 scientists and 700 manuscripts by scientists", "manuscripts",
         "scientists", "reviewers"),
        ("a poetry night: 4 hosts, 50 poets and 300 poems by poets", "poems", "poets", "hosts"),
    ],
)  # fmt: skip
def test_by_whom_replaces_the_people_assumed_for_a_row(request_: str, table: str, by: str, not_: str) -> None:
    tables = draft(request_).spec["tables"]
    assert by in _refs(tables[table])
    assert not_ not in _refs(tables[table]), tables[table]["columns"]


def test_of_whom_is_kept_beside_by_whom() -> None:
    tables = draft("a studio: 300 sitters, 8 painters and 900 portraits of sitters by painters").spec["tables"]
    assert {"sitters", "painters"} <= _refs(tables["portraits"])


def test_by_whom_after_a_participle_keeps_whose_the_row_is() -> None:
    """'essays marked by lecturers': the lecturers marked them; the essays are still the students'."""
    tables = draft("a law school: 90 students, 12 lecturers and 2,000 essays marked by lecturers").spec["tables"]
    assert {"students", "lecturers"} <= _refs(tables["essays"])
