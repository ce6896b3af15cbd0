"""Ways of saying counts, shares, spans and relations that the draft misread (issue 20, draft19):

- a share said as 'N in M' ('3 in 50 inspections') or as a fraction's name ('a quarter of', 'two thirds of'),
  not a part of a time ('a quarter of an hour', 'the first quarter of 2024');
- a counted plural in the setting before ':' ('a guild of 25 weavers: ...') is a table with that many rows, not
  a word of the setting; a size of the setting ('a 300-seat theatre') is not;
- 'each X <verb> exactly N Ys' / 'between a and b Ys' / 'one or two Ys': so many Ys per X, with any verb
  ('carries', 'fills', 'holding'), the table named in the plural;
- 'Xs, each <participle> by a Y' relates X to Y as 'Xs <participle> by Ys' does;
- 'in every X one Y <verb>s another Y': each X refers to Y twice, two different rows;
- 'the summer of 2025', 'in spring 2023': the season's months;
- 'each X made from one Y's Z': Y's Z is no table when Y is one;
- '300 boat owners under mooring contracts': the counted noun ends at the preposition;
- 'stall fees are charged for each pitch': the plural before a passive is the noun.

The nouns here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import keys_to, refs

import simulacra
from simulacra.draft import draft

# --- shares said as "N in M" and as fractions ---------------------------------------------------------------

_SHARES = [
    ("a lighthouse service: 80 beacons and 4,000 beacon inspections; 3 in 50 inspections failed", 0.06),
    ("a hat maker: 3,000 bonnets; a quarter of bonnets returned", 0.25),
    ("a glassblowing studio: 2,000 vases, and two thirds of the vases are sold abroad", 2 / 3),
    ("a lantern workshop: 1,500 lanterns; three in ten lanterns are cracked", 0.3),
    ("a quilting circle: 2,400 quilts; half of the quilts are raffled", 0.5),
]


@pytest.mark.parametrize(("request_text", "rate"), _SHARES)
def test_shares_said_as_n_in_m_or_fractions_are_rates(request_text: str, rate: float) -> None:
    d = draft(request_text)
    scenarios = d.spec.get("scenarios", [])
    assert len(scenarios) == 1 and scenarios[0]["rate"] == pytest.approx(rate)
    table = scenarios[0]["table"]
    frame = simulacra.generate(d.spec, seed=3).frames[table]
    label = next(c for c in frame.columns if c.startswith("is_") or c in scenarios[0].get("labels", {}))
    share = frame[label].cast(pl.Float64).mean()
    assert share is not None and abs(float(share) - rate) < 0.06  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "request_text",
    [
        "a bell foundry: 400 bells, each tuned in a quarter of an hour",
        "a kite shop: 900 kites sold in the first quarter of 2024",
        "a candle maker: 12 in 2024, 600 candles",
    ],
)
def test_parts_of_a_time_and_years_are_no_rates(request_text: str) -> None:
    assert draft(request_text).spec.get("scenarios", []) == []


# --- a counted plural in the setting ------------------------------------------------------------------------

_SETTINGS = [
    ("a guild of 25 weavers: 900 tapestries woven by weavers", "weavers", 25, "tapestries"),
    ("a chain of twelve laundrettes: 8,000 washes at laundrettes", "laundrettes", 12, "washes"),
    ("a lamp company that employs 40 lamplighters: 1,200 lanterns lit by lamplighters", "lamplighters", 40, "lanterns"),
]


@pytest.mark.parametrize(("request_text", "table", "rows", "child"), _SETTINGS)
def test_a_counted_plural_in_the_setting_is_a_table(request_text: str, table: str, rows: int, child: str) -> None:
    d = draft(request_text)
    tables = d.spec["tables"]
    assert tables[table]["rows"] == rows
    assert table in refs(tables[child])
    assert simulacra.generate(d.spec, seed=1).rows[table] == rows


@pytest.mark.parametrize(
    "request_text",
    ["a 300-seat theatre: 2,000 performances", "a 2024 harvest fair: 500 stalls and 9,000 visitors"],
)
def test_a_size_or_a_year_of_the_setting_is_no_table(request_text: str) -> None:
    tables = draft(request_text).spec["tables"]
    assert not {"seats", "seat", "harvests", "fairs"} & set(tables)


# --- "each X <verb> N Ys" -------------------------------------------------------------------------------------

_EACH_VERB = [
    ("a kite club: 300 kites, and each kite carries exactly two ribbons", "ribbons", "kites", (2, 2)),
    ("a chandler: 200 lanterns; each lantern holds between 3 and 5 candles", "candles", "lanterns", (3, 5)),
    ("a canoe hire: 150 canoes, each canoe getting one or two paddles", "paddles", "canoes", (1, 2)),
    ("a blood bank: 900 donations; each donation gets exactly one screening", "screenings", "donations", (1, 1)),
    ("a saddlery: 80 saddles, and each saddle needs 4 buckles", "buckles", "saddles", (4, 4)),
]


@pytest.mark.parametrize(("request_text", "child", "parent", "bounds"), _EACH_VERB)
@pytest.mark.parametrize("seed", [1, 2])
def test_each_x_verb_n_ys_is_so_many_per_x(
    request_text: str, child: str, parent: str, bounds: tuple[int, int], seed: int
) -> None:
    d = draft(request_text)
    tables = d.spec["tables"]
    assert child in tables, sorted(tables)
    key = keys_to(tables[child], parent)
    assert key and tables[child]["rows"]["per"] == parent
    frames = simulacra.generate(d.spec, seed=seed).frames
    per = frames[child].group_by(key[0]).len()["len"]
    assert len(per) == frames[parent].height
    assert per.min() >= bounds[0] and per.max() <= bounds[1]  # type: ignore[operator]
    if bounds[0] < bounds[1]:
        assert per.n_unique() > 1


def test_each_x_is_a_size_is_no_count_per_x() -> None:
    tables = draft("a quilting bee: 500 quilts, each quilt is 2 metres wide").spec["tables"]
    assert not any(isinstance(t["rows"], dict) and t["rows"].get("per") == "quilts" for t in tables.values())


# --- "Xs, each <participle> by a Y" ---------------------------------------------------------------------------

_EACH_PARTICIPLE = [
    ("a lamp museum: 60 lamplighters, 15 donors and 1,200 lanterns, each given by a donor", "lanterns", "donors"),
    ("a bonnet shop: 30 milliners, 400 customers and 2,000 bonnets, each sold to a customer", "bonnets", "customers"),
    ("a tapestry guild: 50 weavers, 8 abbeys and 300 tapestries, each sent to an abbey", "tapestries", "abbeys"),
]


@pytest.mark.parametrize(("request_text", "child", "parent"), _EACH_PARTICIPLE)
def test_each_participle_by_a_y_is_a_key(request_text: str, child: str, parent: str) -> None:
    d = draft(request_text)
    assert parent in refs(d.spec["tables"][child])
    frames = simulacra.generate(d.spec, seed=2).frames
    key = keys_to(d.spec["tables"][child], parent)[0]
    assert frames[child][key].is_in(frames[parent][d.spec["tables"][parent]["primary_key"]].implode()).all()


def test_each_participle_by_a_y_makes_no_table_of_the_singular() -> None:
    d = draft("a lamp museum: 60 lamplighters and 1,200 lanterns, each owned by a lamplighter")
    assert set(d.spec["tables"]) == {"lamplighters", "lanterns"}


def test_each_with_a_participle_and_no_relating_word_adds_no_key() -> None:
    d = draft("a lamp museum: 60 lamplighters, 15 donors and 1,200 lanterns, each polished weekly")
    assert "donors" not in refs(d.spec["tables"]["lanterns"])


# --- "in every X one Y verbs another Y" -----------------------------------------------------------------------

_EVERY_ONE_ANOTHER = [
    (
        "a wrestling league: 60 wrestlers and 500 contests; in every contest one wrestler throws another wrestler",
        "contests",
        "wrestlers",
    ),
    (
        "a fencing academy: 40 duellists and 300 duels, and at each duel a duellist challenges another duellist",
        "duels",
        "duellists",
    ),
]


@pytest.mark.parametrize(("request_text", "table", "parent"), _EVERY_ONE_ANOTHER)
@pytest.mark.parametrize("seed", [1, 2])
def test_in_every_x_one_y_verbs_another_y(request_text: str, table: str, parent: str, seed: int) -> None:
    d = draft(request_text)
    tables = d.spec["tables"]
    keys = keys_to(tables[table], parent)
    assert len(keys) == 2
    assert not {"wrestler_throws", "duellist_challenges", "contest", "duel"} & set(tables)
    frame = simulacra.generate(d.spec, seed=seed).frames[table]
    assert not frame.select(pl.col(keys[0]) == pl.col(keys[1])).to_series().any()


# --- seasons --------------------------------------------------------------------------------------------------

_SEASONS = [
    ("a beach kiosk: 40,000 ice cream sales over the summer of 2025", dt.date(2025, 6, 1), dt.date(2025, 8, 31)),
    ("a bulb nursery: 3,000 plantings in spring 2023", dt.date(2023, 3, 1), dt.date(2023, 5, 31)),
    ("a toboggan run: 9,000 descents during the winter of 2022", dt.date(2022, 12, 1), dt.date(2023, 2, 28)),
    ("an apple press: 500 pressings in the autumn of 2024", dt.date(2024, 9, 1), dt.date(2024, 11, 30)),
]


@pytest.mark.parametrize(("request_text", "first", "last"), _SEASONS)
def test_a_season_of_a_year_is_its_months(request_text: str, first: dt.date, last: dt.date) -> None:
    d = draft(request_text)
    assert any(f"time span {first} to {last}" in a for a in d.assumptions), d.assumptions
    for frame in simulacra.generate(d.spec, seed=1).frames.values():
        for c in frame.columns:
            if frame[c].dtype in (pl.Date, pl.Datetime) and frame[c].null_count() < frame.height:
                days = frame[c].cast(pl.Date)
                assert days.min() >= first and days.max() <= last  # type: ignore[operator]


def test_a_season_word_without_a_year_is_no_span() -> None:
    d = draft("a ski shop: 2,000 winter rentals")
    assert any("no time span asked" in a for a in d.assumptions)


# --- possessives, a counted noun before a preposition, a passive plural ---------------------------------------


def test_one_ys_z_is_no_table_when_y_is_one() -> None:
    d = draft("a jam kitchen: 9 farms and 700 jars, each jar made from one farm's plums")
    assert set(d.spec["tables"]) == {"farms", "jars"}
    assert "farms" in refs(d.spec["tables"]["jars"])


def test_a_counted_noun_ends_at_a_preposition_before_a_known_noun() -> None:
    d = draft("a harbour: 40 moorings are let to 120 boat owners under mooring contracts")
    tables = d.spec["tables"]
    assert tables["boat_owners"]["rows"] == 120
    assert simulacra.generate(d.spec, seed=1).rows["boat_owners"] == 120


@pytest.mark.parametrize(
    ("request_text", "table", "parent"),
    [
        ("a street market: 120 pitches; stall fees are charged for each pitch", "stall_fees", "pitches"),
        ("a kite festival: 400 kites; pitch passes are issued for each kite", "pitch_passes", "kites"),
    ],
)
def test_a_plural_before_a_passive_is_the_noun(request_text: str, table: str, parent: str) -> None:
    d = draft(request_text)
    assert parent in refs(d.spec["tables"][table])
    simulacra.generate(d.spec, seed=1)
