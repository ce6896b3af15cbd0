"""The value engine's ``team_name`` (issue 20, draft30): a club's name in the locale's way, in the city the
group's ``city`` gives, the word beside the place the column's own draw (a retry keeps the city)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from tests.unit.draft.draft_helpers import club_town

from simulacra._random import root_stream
from simulacra.values import SUPPORTED_LOCALES, VALUE_KINDS, ValueContext

_ROWS = np.arange(3_000, dtype=np.int64) * 5 + 11


def _ctx(locale: str, column: str, group: str, seed: int) -> ValueContext:
    root = root_stream(seed).child("teams")
    return ValueContext(_ROWS, root.child(column), root.child(group), locale, {})


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("seed", [3, 17])
def test_a_name_is_its_groups_city_and_a_club_word(locale: str, seed: int) -> None:
    names = VALUE_KINDS["team_name"].generate(_ctx(locale, "name", "club", seed)).to_list()
    cities = VALUE_KINDS["city"].generate(_ctx(locale, "city", "club", seed)).to_list()
    words = set()
    for name, city in zip(names, cities, strict=True):
        town = club_town(city)
        if locale.startswith("en"):
            assert name.startswith(town + " ")
            words.add(name[len(town) + 1 :])
        else:
            tail = town if locale == "de_DE" else town.removeprefix("Le ").removeprefix("Les ")
            assert name.endswith(tail)
            words.add(name[: -len(tail)].strip())
    assert len(words) >= 10  # many club words, not one
    assert len(set(names)) > 0.5 * len(names)  # 3,000 teams: big cities have several (unique=True redraws)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_a_retry_keeps_the_city_and_draws_the_word_again(locale: str) -> None:
    first = VALUE_KINDS["team_name"].generate(_ctx(locale, "name", "club", 5)).to_list()
    again = VALUE_KINDS["team_name"].generate(_ctx(locale, "name-retry", "club", 5)).to_list()
    cities = VALUE_KINDS["city"].generate(_ctx(locale, "city", "club", 5)).to_list()
    assert sum(a != b for a, b in zip(first, again, strict=True)) > 0.8 * len(first)
    for name, city in zip(again, cities, strict=True):
        assert club_town(city).removeprefix("Le ").removeprefix("Les ") in name


def test_french_names_elide_de() -> None:
    names = VALUE_KINDS["team_name"].generate(_ctx("fr_FR", "name", "club", 8)).to_list()
    assert not any(re.search(r"\bde [AEIOUYÂÉÈÊÎÔH]", n) or re.search(r"\bde Les? ", n) for n in names)
    assert any(re.search(r"\bd'[AEIOUYÂÉÈÊÎÔH]", n) for n in names)
