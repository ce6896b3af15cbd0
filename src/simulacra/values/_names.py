"""Name pools shaped like a population: a listed name's share is its share of the people, not of the list.

Faker's name lists are the most common names of a country (en_US: the 1,000 most frequent surnames of the
US census, weighted by frequency). Normalising those weights over the list alone gives every listed name
its share *of the list*: Smith 2.2% of drawn people where the census counts 0.83%, Williams 1.4% against
0.55%; and no name outside the list is ever drawn, so a thousand people hold about 600 distinct surnames
where a real thousand hold about 800.

``PopulationNames`` scales a list to the share of the population it covers (``Coverage``: one figure per
list, with its source) and gives the rest of the population to a *tail*: names of the same kind from
Faker's lists of kindred locales (Irish and American surnames in Britain; Austrian, Swiss and Turkish
ones in Germany; Belgian, Swiss and Canadian ones in France; British, Irish, Hispanic, Italian, German
and French ones in the US;
first names from fewer, ``KIN_FIRST``), each
at most as common as the rarest listed name. Where the kin lists are too short to carry the uncovered
share at that cap, the list keeps the rest (its coverage grows): a tail name never outranks a listed one.

Where the source gives the share of the list's most common name, the coverage is that share over the
name's weight in the list (``anchor``): the list's head then has its real concentration. Where a list
has no weights (de_DE, fr_FR, en_GB first names), the figure is an estimate of what the list covers,
named as such in ``source``.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from simulacra.values._strings import weighted_items

__all__ = ["COVERAGE", "KIN", "KIN_FIRST", "Coverage", "PopulationNames", "population_names"]


@dataclass(frozen=True)
class Coverage:
    """The share of a country's people whose name is on one of Faker's lists, and where that figure comes from.

    ``anchor``: (name, share of people) of a listed name; when given, the coverage is that share over the
    name's weight in the list (the share below is then only the cross-check).
    """

    share: float
    source: str
    anchor: tuple[str, float] | None = None


#: (locale, list) -> what the list covers. Lists: "last", "first_female", "first_male".
COVERAGE: dict[tuple[str, str], Coverage] = {
    ("en_US", "last"): Coverage(
        0.42,
        "US Census Bureau, 'Frequently Occurring Surnames from the 2010 Census': Smith 2,442,977 people = 0.828%; "
        "the 1,000 most frequent surnames (Faker's list) cover about 42% of people",
        anchor=("Smith", 0.00828),
    ),
    ("en_US", "first_male"): Coverage(
        0.58,
        "US Census Bureau, 1990 census first-name files (all ages): Michael 2.629% of males "
        "(Faker's list: SSA births of the 1960s, where Michael is 4.6%)",
        anchor=("Michael", 0.02629),
    ),
    ("en_US", "first_female"): Coverage(
        0.32,
        "US Census Bureau, 1990 census first-name files (all ages): Jennifer 0.932% of females "
        "(Faker's list: SSA births of the 1960s, where Jennifer is 2.9%)",
        anchor=("Jennifer", 0.00932),
    ),
    ("en_GB", "last"): Coverage(
        0.38,
        "Office for National Statistics surname counts (2002): Smith about 652,000 of 59 million people = 1.1% "
        "(Faker's 500 names weight Smith 2.9%)",
        anchor=("Smith", 0.011),
    ),
    ("en_GB", "first_female"): Coverage(
        0.5, "estimate: Faker's 182 common names, unweighted; ONS: the 100 most common names are about half of births"
    ),
    ("en_GB", "first_male"): Coverage(
        0.55, "estimate: Faker's 182 common names, unweighted; ONS: the 100 most common names are about half of births"
    ),
    ("de_DE", "last"): Coverage(
        0.05,
        "estimate: Faker's 404 surnames are entries of the Digitales Familiennamenwörterbuch (not the most "
        "frequent names: Müller, Schmidt are absent), each borne by roughly 0.01% of Germans",
    ),
    ("de_DE", "first_female"): Coverage(
        0.7, "estimate: Wiktionary's ~1,000 most frequent German female first names, unweighted in Faker"
    ),
    ("de_DE", "first_male"): Coverage(
        0.75, "estimate: Wiktionary's ~1,000 most frequent German male first names, unweighted in Faker"
    ),
    ("fr_FR", "last"): Coverage(
        0.12,
        "estimate: INSEE's 400 most frequent surnames (Martin first, about 0.36% of births 1891-1990), "
        "unweighted in Faker; France has about 1.3 million surnames",
    ),
    ("fr_FR", "first_female"): Coverage(0.35, "estimate: Faker's 127 common French female first names"),
    ("fr_FR", "first_male"): Coverage(0.4, "estimate: Faker's 88 common French male first names"),
}

#: locales whose surname lists make a locale's tail (in this order; a name listed twice counts once): the
#: countries most of its people's families came from, in Faker's lists (each kin name weighs alike, so a long
#: list weighs more: Irish 2,183 names in en_US's tail, Spanish and Mexican 1,300, Italian 1,150)
KIN: dict[str, tuple[str, ...]] = {
    "en_US": ("en_GB", "en_IE", "es_MX", "es_ES", "it_IT", "de_DE", "fr_FR"),
    "en_GB": ("en_IE", "en_US"),
    "de_DE": ("de_AT", "de_CH", "tr_TR", "pl_PL"),
    "fr_FR": ("fr_BE", "fr_CH", "fr_CA"),
}
#: first names travel less than surnames (a US tail of German given names reads as Germans): the tail of a
#: locale's first names comes from these only
KIN_FIRST: dict[str, tuple[str, ...]] = {
    "en_US": ("en_GB", "en_IE", "es_MX"),
    "en_GB": ("en_IE", "en_US"),
    "de_DE": ("de_AT", "de_CH", "tr_TR"),
    "fr_FR": ("fr_BE", "fr_CH", "fr_CA"),
}

_ATTR = {"last": "last_names", "first_female": "first_names_female", "first_male": "first_names_male"}
#: one name word (or two joined by a hyphen or apostrophe): ASCII in the English locales, Latin letters elsewhere
_ASCII_NAME = re.compile(r"^[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?$")
_LATIN_NAME = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž]+(?:[-'][A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž]+)?$")


def _faker_list(locale: str, which: str) -> tuple[list[str], list[float] | None]:
    try:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    except ImportError:
        return [], None
    data = getattr(provider, _ATTR[which], None)
    if data is None:
        return [], None
    return weighted_items(data)


@dataclass(frozen=True, eq=False)
class PopulationNames:
    """A name list with its shares of the population, and the tail that makes up the rest.

    ``items``: the listed names (Faker's order), then the tail's; ``weights``: each one's share of the
    people (summing to 1). ``coverage``: the listed names' share after the tail cap (see the module).
    """

    items: list[str]
    weights: list[float]
    listed: int
    coverage: float

    @classmethod
    def build(
        cls, listed: list[str], listed_weights: list[float] | None, coverage: Coverage, tail: list[str]
    ) -> PopulationNames:
        w = np.ones(len(listed)) if listed_weights is None else np.asarray(listed_weights, dtype=np.float64)
        w = w / w.sum()
        share = coverage.share
        if coverage.anchor is not None and coverage.anchor[0] in listed:
            share = coverage.anchor[1] / float(w[listed.index(coverage.anchor[0])])
        share = min(max(share, 0.0), 1.0)
        seen = {x.casefold() for x in listed}
        tail = [x for x in dict.fromkeys(tail) if x.casefold() not in seen]
        listed_w = w * share
        if tail and share < 1.0:
            per = min((1.0 - share) / len(tail), float(listed_w.min()))  # never above the rarest listed name
            tail_w = np.full(len(tail), per)
        else:
            tail, tail_w = [], np.zeros(0)
        total = float(listed_w.sum() + tail_w.sum())
        weights = np.concatenate([listed_w, tail_w]) / total
        return cls(list(listed) + tail, [float(x) for x in weights], len(listed), float(listed_w.sum() / total))

    def top_share(self) -> float:
        return max(self.weights)


def _tail(locale: str, which: str) -> list[str]:
    """The kin locales' names of one list, one name word each (ASCII in the English locales)."""
    pattern = _ASCII_NAME if locale.startswith("en_") else _LATIN_NAME
    tail: list[str] = []
    for kin in (KIN if which == "last" else KIN_FIRST).get(locale, ()):
        tail += [x for x in _faker_list(kin, which)[0] if pattern.match(x)]
    return list(dict.fromkeys(tail))


@cache
def population_names(locale: str, which: str) -> PopulationNames:
    """The locale's ``which`` list ("last", "first_female", "first_male") shaped like its population."""
    listed, weights = _faker_list(locale, which)
    tail = _tail(locale, which)
    if which != "last":  # a first name of either gender (listed or kin) is no tail name: Andrea stays female
        other = "first_male" if which == "first_female" else "first_female"
        either = {x.casefold() for x in _faker_list(locale, other)[0] + _tail(locale, other)}
        tail = [x for x in tail if x.casefold() not in either]
    cov = COVERAGE.get((locale, which))
    if cov is None:  # a locale without a figure: the list as Faker weights it, no tail
        return PopulationNames.build(listed, weights, Coverage(1.0, "no figure"), [])
    return PopulationNames.build(listed, weights, cov, tail)
