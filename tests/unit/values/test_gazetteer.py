"""Addresses are real where the locale's data allows: town, region and postcode agree.

Every generated (town, region, postcode) is checked against the shipped gazetteer
(GeoNames towns with their first-level division and postal prefix), for every
locale, over many groups and rows — the class, not one example.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl
import pytest

from simulacra._random import root_stream
from simulacra.values import SUPPORTED_LOCALES, VALUE_KINDS, ValueContext
from simulacra.values._pools import _gazetteer

ROOT = root_stream(99).child("gazetteer-test")
ROWS = np.arange(5_000, dtype=np.int64) * 13 + 1

POSTCODE_SHAPE = {
    "en_US": r"\d{5}",
    "de_DE": r"\d{5}",
    "fr_FR": r"\d{5}",
    "en_GB": r"[A-Z]{1,2}\d{1,2} \d[A-Z]{2}",
}


def _triples(locale: str, group: str) -> list[tuple[str, str, str, str]]:
    c = ValueContext(ROWS, ROOT.child("x"), ROOT.child(group), locale, {})
    cols = [VALUE_KINDS[k].generate(c).to_list() for k in ("city", "state", "state_abbr", "postcode")]
    return list(zip(*cols, strict=True))


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_town_region_postcode_agree_with_gazetteer(locale: str) -> None:
    g = _gazetteer().filter(pl.col("locale") == locale)
    table: dict[str, list[tuple[str, str, list[str]]]] = {}
    for city, region, abbr, prefix in g.select("city", "region", "region_abbr", "postcode_prefix").iter_rows():
        table.setdefault(city, []).append((region, abbr, prefix.split("|")))
    if locale == "en_US":
        from faker.providers.address.en_US import Provider

        zip_range = Provider.states_postcode
        names = dict(zip([a for a in Provider.states_abbr if a != "DC"], Provider.states, strict=True))
    checked = 0
    for group in ("home", "office", "shipping"):
        for city, state, abbr, pc in _triples(locale, group):
            assert city in table, f"{locale}: {city!r} is not a real town of the gazetteer"
            assert re.fullmatch(POSTCODE_SHAPE[locale], pc), (locale, pc)
            ok = False
            for region, r_abbr, prefixes in table[city]:
                if locale == "en_US":
                    lo, hi = zip_range[r_abbr]
                    ok |= abbr == r_abbr and state == names[r_abbr] and lo <= int(pc) <= hi
                elif locale == "en_GB":
                    area = re.match(r"[A-Z]+", pc).group(0)
                    ok |= state == region and area in prefixes
                elif locale == "fr_FR":
                    depts = ["20" if p in ("2A", "2B") else p for p in prefixes]
                    ok |= state == region and pc[:2] in depts
                else:
                    ok |= state == region and abbr == r_abbr and pc[:2] in prefixes
            assert ok, f"{locale}: {city}, {state} ({abbr}) {pc} disagrees with the gazetteer"
            checked += 1
    assert checked == 3 * len(ROWS)


@pytest.mark.parametrize(
    ("locale", "town", "region", "prefix"),
    [
        ("de_DE", "Konstanz", "Baden-Württemberg", "78"),
        ("de_DE", "München", "Bayern", "80"),
        ("fr_FR", "Lyon", "Auvergne-Rhône-Alpes", "69"),
        ("fr_FR", "Grenoble", "Auvergne-Rhône-Alpes", "38"),
        ("en_GB", "Manchester", "England", "M"),
        ("en_GB", "Glasgow", "Scotland", "G"),
    ],
)
def test_known_towns(locale: str, town: str, region: str, prefix: str) -> None:
    row = _gazetteer().filter((pl.col("locale") == locale) & (pl.col("city") == town)).row(0, named=True)
    assert row["region"] == region
    assert prefix in row["postcode_prefix"].split("|")


def test_big_towns_are_drawn_more_often() -> None:
    # population weights: Berlin (3.4 M) far more often than a town of 5,000
    towns = [t[0] for t in _triples("de_DE", "home")]
    assert towns.count("Berlin") > 50
