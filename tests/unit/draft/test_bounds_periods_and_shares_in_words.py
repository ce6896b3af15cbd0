"""Bounds per owner, one row per period, shares said in words, and two readings of a noun (issue 20, draft21):

- a bound ('each customer holding at most two loans', 'no reader has more than 10 loans', 'each turbine gets up
  to 40 visits', 'a maximum of 3') is no count of rows: the table is made per the owner, 0 to N each; with the
  total stated too ('2,400 owners with 3,100 pets; each owner has at most three pets') the total holds exactly
  and no owner passes the bound. 'Each order has more than 3 lines' is a floor, not a bound;
- 'a weekly food parcel for each household throughout 2025', 'each member pays a membership fee every month of
  2025', 'fees are charged for each berth every quarter of 2024': one row per parent and period of the span;
- 'two in a hundred', '3 out of 100', '3 in every 100', 'one in every hundred': a share (never '12 in 2024');
- a singular catalogue word between a plural named in an earlier clause and a plural ('450 members; members
  book desks') is a verb, not a table; a past participle before a counted plural ('1,100 registered
  households') is a state of the rows, not the table's name ('300 speed cameras' keeps its word).

The settings here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import key_to, refs, rows_per_parent

import simulacra
from simulacra.draft import draft

# --- a bound per owner --------------------------------------------------------------------------------------

#: (request, the bounded table, its owner, the owner's key, the bound)
_BOUNDS = [
    ("a credit union with 800 members, each member holding at most two loans", "loans", "members", "member_id", 2),
    ("a kennel: 300 breeders; no breeder has more than 6 litters", "litters", "breeders", "breeder_id", 6),
    ("a rowing club: 90 rowers, each rower gets up to 4 oars", "oars", "rowers", "rower_id", 4),
    ("a ceramics studio: 120 potters; each potter fires no more than 5 kilns", "kilns", "potters", "potter_id", 5),
    ("a seed bank: 70 growers, every grower sends at most three samples", "samples", "growers", "grower_id", 3),
]


@pytest.mark.parametrize(("request_", "table", "owner", "key", "bound"), _BOUNDS)
def test_a_bound_is_no_count_but_zero_to_n_per_owner(
    request_: str, table: str, owner: str, key: str, bound: int
) -> None:
    spec = draft(request_).spec
    rows = spec["tables"][table]["rows"]
    assert isinstance(rows, dict) and rows["per"] == owner, rows  # not a table of `bound` rows
    assert rows["count"]["values"] == list(range(bound + 1))
    for seed in (1, 2):
        per = rows_per_parent(simulacra.generate(spec, seed=seed).frames, table, owner, key)
        assert 0 <= min(per) and max(per) <= bound and len(set(per)) > 1


#: (request, the bounded table, its owner, the owner's key, total, owners, bound)
_BOUNDS_AND_TOTALS = [
    (
        "an aquarium shop: 400 fish keepers and 580 tanks; each fish keeper has at most three tanks",
        "tanks",
        "fish_keepers",
        "fish_keeper_id",
        580,
        400,
        3,
    ),
    (
        "a toy library: 500 families make 1,800 toy loans in 2024, and no family has more than 8 toy loans",
        "loans",
        "families",
        "family_id",
        1800,
        500,
        8,
    ),
    (
        "a solar park: 60 arrays, 1,500 panel inspections of arrays; each array gets up to 30 panel inspections",
        "panel_inspections",
        "arrays",
        "array_id",
        1500,
        60,
        30,
    ),
]


@pytest.mark.parametrize(("request_", "table", "owner", "key", "total", "owners", "bound"), _BOUNDS_AND_TOTALS)
def test_a_bound_with_a_total_keeps_both(
    request_: str, table: str, owner: str, key: str, total: int, owners: int, bound: int
) -> None:
    spec = draft(request_).spec
    assert spec["tables"][owner]["rows"] == owners
    for seed in (1, 3):
        frames = simulacra.generate(spec, seed=seed).frames
        assert frames[table].height == total
        per = rows_per_parent(frames, table, owner, key)
        assert max(per) <= bound and sum(per) == total


def test_a_bound_with_a_total_scales() -> None:
    spec = draft(_BOUNDS_AND_TOTALS[0][0]).spec
    frames = simulacra.generate(spec, seed=1, scale=0.5).frames
    assert frames["fish_keepers"].height == 200 and frames["tanks"].height == 290


@pytest.mark.parametrize(
    "request_",
    [
        "a bakery: 300 orders, each order has more than 3 lines",  # a floor, not a bound
        "an archive: 40 shelves with between 2 and 5 boxes each",  # a range, as before
    ],
)
def test_what_is_no_bound(request_: str) -> None:
    tables = draft(request_).spec["tables"]
    counts = [t["rows"].get("count", {}) for t in tables.values() if isinstance(t["rows"], dict)]
    assert not any(c.get("values", [None])[0] == 0 for c in counts)


# --- one row per period -------------------------------------------------------------------------------------

#: (request, table, parent, rows per parent)
_PERIODS = [
    ("a soup kitchen: 400 guests and a weekly meal voucher for each guest throughout 2025", "vouchers", "guests", 52),
    ("a climbing gym: 300 climbers; each climber pays a membership fee every month of 2024", "fees", "climbers", 12),
    ("a harbour: 80 berths, and mooring dues are charged for each berth every quarter of 2024", "dues", "berths", 4),
    ("a choir: 60 singers, and a monthly subscription charge for each singer in 2025", "charges", "singers", 12),
]


@pytest.mark.parametrize(("request_", "table", "parent", "each"), _PERIODS)
def test_one_row_per_parent_and_period(request_: str, table: str, parent: str, each: int) -> None:
    spec = draft(request_).spec
    name = next(t for t in spec["tables"] if t.endswith(table))
    rows = spec["tables"][name]["rows"]
    assert rows["per"] == parent and rows["count"] == {"distribution": "fixed", "value": float(each)}
    frames = simulacra.generate(spec, seed=2).frames
    # each parent older than the span gets them all, one that began inside it the units left (draft69)
    per = frames[name].group_by(key_to(spec, name, parent)).len()["len"].to_list()
    assert frames[name].height <= each * frames[parent].height and 0 < max(per) <= each


def test_an_interval_and_another_clause_keep_their_reading() -> None:
    spec = draft("a weather network: 30 stations with readings every 15 minutes for a week").spec
    assert spec["tables"]["readings"]["rows"]["count"]["value"] == 672  # an interval, as before
    spec = draft("a club: 200 members, 3 events per member, and a newsletter every month of 2024").spec
    assert spec["tables"]["events"]["rows"]["count"] == {"distribution": "poisson", "lam": 3.0}  # as before


# --- shares said in words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "rate"),
    [
        ("two in a hundred", 0.02),
        ("one in a hundred", 0.01),
        ("3 out of 100", 0.03),
        ("3 in every 100", 0.03),
        ("one in every hundred", 0.01),
        ("five out of every thousand", 0.005),
        ("one out of ten", 0.1),
        ("2 in 100", 0.02),
    ],
)
def test_a_share_said_in_words(said: str, rate: float) -> None:
    spec = draft(f"a courier: 4,000 parcels; {said} parcels are lost").spec
    assert [(s["table"], s["rate"]) for s in spec["scenarios"]] == [("parcels", pytest.approx(rate))]


def test_a_year_or_a_place_is_no_share() -> None:
    tables = draft("a chain: 12 in 2024 opened shops, and 5 in 20 hotels").spec
    assert all(abs(s.get("rate", 0) - 12 / 2024) > 1e-9 for s in tables.get("scenarios", []))


# --- a verb between two plurals, a participle before a counted plural ---------------------------------------


@pytest.mark.parametrize(
    ("request_", "kept"),
    [
        # 'book' makes the record of the booking (draft43), keyed to both; no table of the verb's word
        ("a climbing wall: 40 lanes and 600 members; members book lanes by the hour", {"lanes", "members", "bookings"}),
        ("a sauna: 12 cabins and 300 guests; guests book cabins each evening", {"cabins", "guests", "bookings"}),
    ],
)
def test_a_verb_between_two_plurals_is_no_table(request_: str, kept: set[str]) -> None:
    tables = draft(request_).spec["tables"]
    assert set(tables) == kept  # no table 'book' or 'books'


def test_a_noun_after_a_plural_named_first_in_its_clause_stays() -> None:
    tables = draft("a library with 450 members and 3,000 books; members borrow books").spec["tables"]
    assert "books" in tables


@pytest.mark.parametrize(
    ("request_", "table", "rows"),
    [
        ("a food pantry: 1,100 registered households and 40 volunteers", "households", 1100),
        ("a port: 600 insured barges and 30 tugs", "barges", 600),
        ("a shipyard: 80 certified welders and 12 docks", "welders", 80),
    ],
)
def test_a_participle_before_a_counted_plural_is_no_part_of_its_name(request_: str, table: str, rows: int) -> None:
    tables = draft(request_).spec["tables"]
    assert tables[table]["rows"] == rows


def test_a_noun_ending_in_eed_keeps_its_word() -> None:
    tables = draft("a city: 300 speed cameras and 40 streets").spec["tables"]
    assert "speed_cameras" in tables and "cameras" not in tables
    assert refs(tables["speed_cameras"]) <= {"streets"}


# --- 'each X <done> by one Y and with between a and b Zs': per X -----------------------------------------------


@pytest.mark.parametrize(
    ("request_", "table", "owner", "lo", "hi"),
    [
        (
            "a print shop: 12 printers, 900 jobs, each job run by one printer and with between 2 and 5 proofs",
            "proofs",
            "jobs",
            2,
            5,
        ),
        (
            "a tailor: 6 cutters, 700 suits, each suit cut by one cutter and with 1-4 fittings",
            "fittings",
            "suits",
            1,
            4,
        ),
    ],
)
def test_with_after_and_counts_per_the_each_noun(request_: str, table: str, owner: str, lo: int, hi: int) -> None:
    rows = draft(request_).spec["tables"][table]["rows"]
    assert rows["per"] == owner and rows["count"]["values"] == list(range(lo, hi + 1))


def test_with_after_and_without_each_keeps_the_noun_before() -> None:
    rows = draft("a bakery: 300 orders and with 1-3 boxes").spec["tables"]["boxes"]["rows"]
    assert rows["per"] == "orders"
