"""A league's teams have names (issue 20, draft30): a sports request's team or club table names each one
as the locale names its clubs, from the value engine's ``team_name`` kind, in the team's own city and never
twice: 'Riverton Hawks' (en_US, en_GB: the place, then a word), 'SV Riverton' or 'AS Riverton' (de_DE,
fr_FR: a club word, then the place), where draft29 wrote placeholders ('Team 01', 'Club 01').

The settings are from no benchmark request set (``benchmarks/draft_requests.py``) nor a held-out request."""

from __future__ import annotations

import re

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import club_town

import simulacra
from simulacra.draft import draft
from simulacra.spec import load_spec

#: (request, the team table, the locale the request says, whether the place comes first in a name)
_SETTINGS = [
    ("an American football league: 8 teams, 400 players and games over the 2023 season", "teams", "en_US", True),
    ("a French football championship: 20 clubs, 500 players and matches over 2024", "clubs", "fr_FR", False),
    ("a British ice hockey league: 10 teams, 250 players, 180 games and goals scored", "teams", "en_GB", True),
    ("a German basketball league: 16 teams, 200 players and games over the 2024 season", "teams", "de_DE", False),
    ("a youth soccer tournament: 24 squads, 360 players and 60 matches", "squads", "en_US", True),
]
_PLACEHOLDER = re.compile(r"^(Team|Club|Squad|Franchise)\s+\d+$")


@pytest.mark.parametrize(("request_", "teams", "locale", "place_first"), _SETTINGS)
def test_a_team_is_named_by_the_value_engine(request_: str, teams: str, locale: str, place_first: bool) -> None:
    d = draft(request_)
    spec = d.spec
    assert spec.get("locale", "en_US") == locale
    cols = spec["tables"][teams]["columns"]
    assert cols["name"] == {"generator": "team_name", "unique": True}
    assert cols["city"]["generator"] == "city" and cols["city"].get("group") == cols["name"].get("group")
    load_spec(spec)


@pytest.mark.parametrize(("request_", "teams", "locale", "place_first"), _SETTINGS)
@pytest.mark.parametrize("seed", [2, 9])
def test_names_are_real_unique_and_of_the_teams_city(
    request_: str, teams: str, locale: str, place_first: bool, seed: int
) -> None:
    spec = draft(request_).spec
    frames = simulacra.generate(spec, seed=seed).frames
    t = frames[teams]
    assert t.height == spec["tables"][teams]["rows"] > 0
    names, cities = t["name"].to_list(), t["city"].to_list()
    assert len(set(names)) == len(names)
    for name, city in zip(names, cities, strict=True):
        assert not _PLACEHOLDER.match(name)
        town = club_town(city)
        if place_first:
            assert name.startswith(town + " ") and len(name) > len(town) + 2
        else:  # a club word before the place, a French 'de' elided before a vowel
            assert re.search(rf"(\s|d')(du |des )?{re.escape(town.removeprefix('Le ').removeprefix('Les '))}$", name)
            assert len(name) > len(town) + 2
    # the players' and games' keys still reach these teams
    tkey = spec["tables"][teams]["primary_key"]
    assert frames["players"][tkey].is_in(t[tkey]).all()


@pytest.mark.parametrize("n", [60, 150])
def test_many_teams_stay_unique(n: int) -> None:
    """More teams than the locale's largest cities: a name taken is drawn again in the same city."""
    request_ = f"a regional football league: {n} teams, {n * 20} players and matches over the 2024 season"
    spec = draft(request_).spec
    spec["tables"]["matches"]["rows"] = 50  # the double round robin is not under test
    for seed in (1, 4):
        t = simulacra.generate(spec, seed=seed).frames["teams"]
        assert t.height == n and t["name"].n_unique() == n
        assert (pl.Series([club_town(c) for c in t["city"].to_list()]) == t["name"].str.extract(r"^(.*) \S+$")).all()


def test_no_sport_no_team_names() -> None:
    """An office's teams are not a league's: no team_name."""
    spec = draft("a company: 12 teams, 300 employees and 2,000 timesheets over 2024").spec
    for table in spec["tables"].values():
        assert all(not isinstance(c, dict) or c.get("generator") != "team_name" for c in table["columns"].values())
