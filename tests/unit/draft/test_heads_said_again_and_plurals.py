"""A noun said again by its last word, and the plurals the draft reads (issue 20, draft20):

- 'dock leases ..., each firm holding one to three leases': the second, shorter saying is the same table (made
  per the firm, still keyed to the dock its first word names), not a second table 'leases'; a two-word noun
  after a preposition ('under mooring permits') is read in full when its last word is said again; two
  different nouns with one last word ('brake jobs and tyre jobs') stay two tables;
- '400 delivery routes': a singular word counted by many, of the plural's domain, says which routes; it is no
  table of its own;
- plurals in -ves ('wharves': wharf, 'knives': knife; 'archives': archive), in -es ('buses': bus, 'churches':
  church, 'statuses': status), in -ies ('movies': movie, 'parties': party); ``singular(plural(x)) == x`` for
  a list of nouns.

The nouns here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import refs

import simulacra
from simulacra.draft import draft
from simulacra.draft._nouns import plural, singular

# --- a noun said again by its last word -----------------------------------------------------------------------

#: (request, the table of the full noun, the head said again, the owner, the table the first word names, lo, hi)
_SAID_AGAIN = [
    (
        "a shipyard: 40 docks are leased to 90 fishing firms under dock leases, each firm holding between one and "
        "three leases",
        "dock_leases",
        "leases",
        "fishing_firms",
        "docks",
        1,
        3,
    ),
    (
        "a canal trust: 150 moorings are let to 120 narrowboat owners under mooring permits, each owner holding one "
        "or two permits",
        "mooring_permits",
        "permits",
        "narrowboat_owners",
        "moorings",
        1,
        2,
    ),
    (
        "a vineyard: 25 terraces are tended by 60 pickers in terrace shifts, each picker working between 2 and 6 "
        "shifts",
        "terrace_shifts",
        "shifts",
        "pickers",
        "terraces",
        2,
        6,
    ),
]


@pytest.mark.parametrize(("request_text", "table", "head", "owner", "named", "lo", "hi"), _SAID_AGAIN)
def test_a_noun_said_again_by_its_last_word_is_one_table(
    request_text: str, table: str, head: str, owner: str, named: str, lo: int, hi: int
) -> None:
    tables = draft(request_text).spec["tables"]
    assert table in tables and head not in tables, sorted(tables)
    assert tables[table]["rows"]["per"] == owner
    assert {owner, named} <= refs(tables[table]), refs(tables[table])


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("request_text", "table", "head", "owner", "named", "lo", "hi"), _SAID_AGAIN[:2])
def test_the_table_said_twice_keeps_both_counts_in_its_data(
    request_text: str, table: str, head: str, owner: str, named: str, lo: int, hi: int, seed: int
) -> None:
    d = draft(request_text)
    frames = simulacra.generate(d.spec, seed=seed).frames
    key = next(c for c in frames[table].columns if c.startswith(singular(owner)) and c.endswith("_id"))
    per = frames[table].group_by(key).len()["len"]
    assert lo <= int(per.min()) and int(per.max()) <= hi  # type: ignore[arg-type]
    assert frames[table].height > 0 and frames[table][f"{singular(named)}_id"].null_count() == 0


@pytest.mark.parametrize(
    ("request_text", "table", "head"),
    [
        (
            "a zoo: 40 keepers run 300 feeding rounds, each keeper leading between 5 and 10 rounds",
            "feeding_rounds",
            "rounds",
        ),
        (
            "a lighthouse board: 12 wardens keep 500 lamp logs, each warden signing between 20 and 60 logs",
            "lamp_logs",
            "logs",
        ),
    ],
)
def test_a_counted_noun_said_again_by_its_last_word_is_one_table(request_text: str, table: str, head: str) -> None:
    tables = draft(request_text).spec["tables"]
    assert table in tables and head not in tables, sorted(tables)


@pytest.mark.parametrize(
    ("request_text", "two"),
    [
        ("a garage: 30 mechanics, 400 brake jobs and 300 tyre jobs", {"brake_jobs", "tyre_jobs"}),
        ("a farm: 20 shepherds, 900 ewe checks and 400 lamb checks", {"ewe_checks", "lamb_checks"}),
        ("a pottery: 15 potters, 700 vase firings and 300 tile firings", {"vase_firings", "tile_firings"}),
    ],
)
def test_two_nouns_with_one_last_word_stay_two_tables(request_text: str, two: set[str]) -> None:
    tables = draft(request_text).spec["tables"]
    assert two <= set(tables), sorted(tables)


@pytest.mark.parametrize(
    ("request_text", "table", "stray"),
    [
        (
            "a courier firm: 30 drivers run 400 delivery routes, every route visiting between 5 and 20 stops",
            "delivery_routes",
            "deliveries",
        ),
        ("a bus company: 40 drivers work 900 driver shifts", "driver_shifts", None),
    ],
)
def test_a_counted_singular_word_says_which_noun(request_text: str, table: str, stray: str | None) -> None:
    tables = draft(request_text).spec["tables"]
    assert table in tables, sorted(tables)
    assert stray is None or stray not in tables, sorted(tables)


# --- plurals and singulars ------------------------------------------------------------------------------------

_NOUNS = (
    "shelf wolf knife leaf loaf wharf half calf thief wife life scarf hoof dwarf bookshelf midwife "
    "archive drive olive valve glove sleeve curve wave groove reserve "
    "bus box church status class tax fox quiz buzz dish brush match crash lens gas campus virus bonus census "
    "hero potato tomato echo photo piano studio zoo radio "
    "party city story movie cookie calorie diary key day toy "
    "person child man woman mouse goose series species "
    "berth contract route ticket loan shoe toe canoe horse house course cause phase purchase invoice niche "
    "headache prize size analysis crisis thesis diagnosis roof chief cliff cafe belief chef proof reef safe giraffe"
).split()


@pytest.mark.parametrize("noun", _NOUNS)
def test_singular_of_plural_is_the_noun(noun: str) -> None:
    assert singular(plural(noun)) == noun, plural(noun)
    assert singular(noun) == noun  # a singular stays as it is


@pytest.mark.parametrize(
    ("word", "one"),
    [
        ("shelves", "shelf"),
        ("wolves", "wolf"),
        ("knives", "knife"),
        ("leaves", "leaf"),
        ("wharves", "wharf"),
        ("archives", "archive"),
        ("drives", "drive"),
        ("olives", "olive"),
        ("buses", "bus"),
        ("boxes", "box"),
        ("churches", "church"),
        ("statuses", "status"),
        ("quizzes", "quiz"),
        ("prizes", "prize"),
        ("headaches", "headache"),
        ("movies", "movie"),
        ("parties", "party"),
        ("analyses", "analysis"),
        ("roofs", "roof"),
    ],
)
def test_singular_of_plurals_the_requests_say(word: str, one: str) -> None:
    assert singular(word) == one
    assert plural(one) == word


@pytest.mark.parametrize(
    ("request_text", "table", "one"),
    [
        ("a port: 25 wharves and 6,000 hauls from one wharf to another wharf", "wharves", "wharf"),
        ("a cutlery works: 40 knives and 3,000 grindings from one knife to another knife", "knives", "knife"),
        ("a forest survey: 30 wolves and 800 chases from one wolf to another wolf", "wolves", "wolf"),
    ],
)
def test_a_plural_in_ves_and_its_singular_are_one_table(request_text: str, table: str, one: str) -> None:
    d = draft(request_text)
    tables = d.spec["tables"]
    assert table in tables and one not in tables, sorted(tables)
    assert f"{one}_id" in tables[table]["columns"]
    moves = next(t for name, t in tables.items() if name != table)
    keys = [c for c, v in moves["columns"].items() if isinstance(v, dict) and v.get("generator") == "foreign_key"]
    assert len(keys) == 2 and all(moves["columns"][k]["references"].startswith(f"{table}.") for k in keys)
    frame = simulacra.generate(d.spec, seed=1).frames[next(n for n in tables if n != table)]
    assert frame.filter(pl.col(keys[0]) == pl.col(keys[1])).height == 0


# --- "X <verb> Y in Z": Z keyed to both ------------------------------------------------------------------------

_VERB_OBJECT_IN = [
    ("a riding school: 12 instructors ride 40 horses in 2,000 lessons", "lessons", "instructors", "horses"),
    ("a kennel: 8 trainers walk 60 dogs in 5,000 outings", "outings", "trainers", "dogs"),
    ("a circus: 20 performers juggle 90 props in 400 shows", "shows", "performers", "props"),
    ("a sheepdog club: 15 handlers run 40 collies in 1,200 trials", "trials", "handlers", "collies"),
]


@pytest.mark.parametrize(("request_text", "event", "subject", "thing"), _VERB_OBJECT_IN)
def test_x_verb_y_in_z_keys_z_to_x_and_y(request_text: str, event: str, subject: str, thing: str) -> None:
    tables = draft(request_text).spec["tables"]
    assert {subject, thing} <= refs(tables[event]), refs(tables[event])
    assert event not in refs(tables[thing]), refs(tables[thing])


@pytest.mark.parametrize("seed", [1, 2])
def test_x_verb_y_in_z_generates_both_keys(seed: int) -> None:
    d = draft(_VERB_OBJECT_IN[1][0])
    frames = simulacra.generate(d.spec, seed=seed).frames
    outings = frames["outings"]
    assert outings.height == 5000
    assert outings["dog_id"].null_count() == 0 and outings["trainer_id"].null_count() == 0
    assert outings["dog_id"].n_unique() > 40  # the 60 dogs take part, not one dog per outing's parent


@pytest.mark.parametrize(
    ("request_text", "thing", "place"),
    [
        ("a city: 8 gardeners plant 9,000 trees in 120 parks", "trees", "parks"),
        ("a museum group: 30 curators hang 2,000 paintings in 40 galleries", "paintings", "galleries"),
    ],
)
def test_things_in_fewer_places_stay_placed(request_text: str, thing: str, place: str) -> None:
    tables = draft(request_text).spec["tables"]
    assert place in refs(tables[thing]), refs(tables[thing])


# --- "Xs are <done> for each Y": made per Y --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "table", "parent"),
    [
        (
            "a vineyard: 25 terraces are tended by 60 pickers in terrace shifts, each picker working between 2 and "
            "6 shifts; wage slips are issued for each shift every month of 2024",
            "wage_slips",
            "terrace_shifts",
        ),
        (
            "a canal trust: 150 moorings are let to 120 narrowboat owners under mooring permits, each owner holding "
            "one or two permits; towpath fees are charged for each permit every month of 2024",
            "towpath_fees",
            "mooring_permits",
        ),
        (
            "a street market: 120 pitches let to 90 traders; stall fees are charged for each pitch every week of 2024",
            "stall_fees",
            "pitches",
        ),
        (
            "a kite festival: 400 kites flown by 300 fliers; pitch passes are issued for each kite every day of 2024",
            "pitch_passes",
            "kites",
        ),
    ],
)
def test_a_passive_for_each_y_makes_the_table_per_y(request_text: str, table: str, parent: str) -> None:
    tables = draft(request_text).spec["tables"]
    assert tables[table]["rows"]["per"] == parent, tables[table]["rows"]
