"""Per-locale pools, built once from Faker's locale data and cached.

Nothing here calls Faker to generate values: the pools are read from the
providers' data attributes (name lists with their weights, street suffixes, city
parts, phone formats, company formats...). Where a pool is rendered from Faker's
formats (street names, company names, fictional cities) the rendering uses a
local ``numpy`` Generator with a fixed seed derived from the locale, so a pool is
the same in every process.

The gazetteer (``Places``) ties city, region and postcode together: real towns
(``data/gazetteer.csv.gz``, from GeoNames) with their real region, weighted by
population; each town has a fixed set of postcodes with its area's postal prefix,
so the same town always gets the same region and postcode prefix. en_US postcodes
lie in Faker's ``states_postcode`` ZIP range of the town's state.
"""

from __future__ import annotations

import gzip
import importlib
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import polars as pl

from simulacra._random import stable_hash
from simulacra.errors import SpecError, did_you_mean
from simulacra.values._names import population_names
from simulacra.values._strings import PhonePool, Pool, Templates, fold_ascii, weighted_items
from simulacra.values._strings import concat_pools as _concat

__all__ = ["SUPPORTED_LOCALES", "LocalePools", "PersonNames", "Places", "locale_pools"]

SUPPORTED_LOCALES: tuple[str, ...] = ("en_US", "en_GB", "de_DE", "fr_FR")

#: postcodes kept per city in the gazetteer
POSTCODES_PER_PLACE = 8

_COUNTRY = {
    "en_US": ("United States", "US", "USD"),
    "en_GB": ("United Kingdom", "GB", "GBP"),
    "de_DE": ("Deutschland", "DE", "EUR"),
    "fr_FR": ("France", "FR", "EUR"),
}

#: building-number digit-count shares and suffix letters per locale
_BUILDING = {
    "en_US": ({1: 0.05, 2: 0.15, 3: 0.40, 4: 0.35, 5: 0.05}, ""),
    "en_GB": ({1: 0.35, 2: 0.50, 3: 0.15}, ""),
    "de_DE": ({1: 0.45, 2: 0.45, 3: 0.10}, "ab"),
    "fr_FR": ({1: 0.45, 2: 0.45, 3: 0.10}, ""),
}

_USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{c}.0.{b}.{p} Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{c}.0.{b}.{p} Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{c}.0.{b}.{p} Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{f}.0) Gecko/20100101 Firefox/{f}.0",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:{f}.0) Gecko/20100101 Firefox/{f}.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{s}.{m} Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS {i}_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{i}.{m} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android {a}; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{c}.0.{b}.{p} Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{c}.0.{b}.{p} Safari/537.36 Edg/{c}.0.{b}.{p}",
)

_CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "SEK", "NOK", "DKK", "PLN", "INR", "BRL", "MXN")

_FIELD = re.compile(r"\{\{(\w+)\}\}")


@dataclass(frozen=True, eq=False)
class Places:
    """The gazetteer: cities, each with one region and ``POSTCODES_PER_PLACE`` postcodes."""

    city: Pool
    state: pl.Series
    state_abbr: pl.Series
    postcodes: pl.Series  # place i's postcodes at [i * K, (i + 1) * K)


@dataclass(frozen=True, eq=False)
class PersonNames:
    """The names the value kinds draw people's names from: Faker's lists at their share of the population,
    then the kindred locales' names that make up the rest (``_names.PopulationNames``)."""

    first_female: Pool
    first_male: Pool
    first_values: pl.Series  # female names, then male names
    first_folded: pl.Series  # aligned with first_values
    first_initial: pl.Series  # aligned with first_values
    last: Pool
    last_folded: pl.Series

    @classmethod
    def of(cls, locale: str) -> PersonNames:
        """The population-shaped lists (``_names.population_names``)."""
        ff, fm, ln = (population_names(locale, w) for w in ("first_female", "first_male", "last"))
        return cls.from_lists((ff.items, ff.weights), (fm.items, fm.weights), (ln.items, ln.weights))

    @classmethod
    def from_lists(
        cls,
        female: tuple[list[str], list[float] | None],
        male: tuple[list[str], list[float] | None],
        last: tuple[list[str], list[float] | None],
    ) -> PersonNames:
        """Pools and their folded forms from (names, weights) lists: Faker's as Faker weights them, or shaped."""
        first_female, first_male = Pool(*female), Pool(*male)
        folded = [fold_ascii(x) or "x" for x in female[0] + male[0]]
        return cls(
            first_female=first_female,
            first_male=first_male,
            first_values=_concat([first_female.values, first_male.values]),
            first_folded=pl.Series(folded, dtype=pl.String),
            first_initial=pl.Series([x[0] for x in folded], dtype=pl.String),
            last=Pool(*last),
            last_folded=pl.Series([fold_ascii(x) or "x" for x in last[0]], dtype=pl.String),
        )


@dataclass(frozen=True, eq=False)
class LocalePools:
    """Everything the value kinds of one locale sample from."""

    locale: str
    country: str
    country_code: str
    currency_code: str
    first_female: Pool
    first_male: Pool
    first_values: pl.Series  # female names, then male names
    first_folded: pl.Series  # aligned with first_values
    first_initial: pl.Series  # aligned with first_values
    last: Pool
    last_folded: pl.Series
    #: what the name kinds draw from; the fields above are Faker's lists as Faker weights them (surrogates,
    #: corpora and the rare-value encoder read those)
    people: PersonNames
    places: Places
    streets: Pool
    building_numbers: Pool
    street_order: str  # "number street" | "street number" | "number, street"
    phones: PhonePool
    companies: Pool
    company_domains: pl.Series  # aligned with companies
    company_suffixes: Pool
    jobs: Pool
    free_email_domains: Pool
    tlds: Pool
    words: Pool
    words_capitalized: pl.Series  # aligned with words
    iban_country: str
    bban: Templates
    countries: Pool
    country_codes: Pool
    currencies: Pool
    user_agents: Pool


def locale_pools(locale: str) -> LocalePools:
    """The pools of a supported locale (built on first use, then cached)."""
    if locale not in SUPPORTED_LOCALES:
        raise SpecError(
            f"unsupported locale '{locale}'; supported: {', '.join(SUPPORTED_LOCALES)}"
            + did_you_mean(locale, SUPPORTED_LOCALES)
        )
    return _build(locale)


# --- building -------------------------------------------------------------------


def _provider(kind: str, locale: str, fallback: str = "en_US") -> Any:
    module: ModuleType
    try:
        module = importlib.import_module(f"faker.providers.{kind}.{locale}")
    except ImportError:
        module = importlib.import_module(f"faker.providers.{kind}.{fallback}")
    return module.Provider


def _rng(locale: str, purpose: str) -> np.random.Generator:
    return np.random.default_rng(stable_hash(f"simulacra.values:{locale}:{purpose}"))


def _render(fmt: str, lists: dict[str, list[str]], rng: np.random.Generator) -> str:
    def pick(m: re.Match[str]) -> str:
        items = lists[m.group(1)]
        return items[int(rng.integers(len(items)))]

    return _FIELD.sub(pick, fmt)


def _render_unique(formats: list[str], lists: dict[str, list[str]], rng: np.random.Generator, n: int) -> list[str]:
    out: dict[str, None] = {}
    for _ in range(n * 4):
        fmt = formats[int(rng.integers(len(formats)))]
        out[_render(fmt, lists, rng)] = None
        if len(out) >= n:
            break
    return list(out)


@cache
def _build(locale: str) -> LocalePools:
    person = _provider("person", locale)
    address = _provider("address", locale)
    phone = _provider("phone_number", locale)
    company = _provider("company", locale)
    job = _provider("job", locale)
    bank = _provider("bank", locale, fallback="en_GB")
    internet = _provider("internet", locale)
    lorem = _provider("lorem", locale if locale != "en_GB" else "en_US")

    ff, ffw = weighted_items(person.first_names_female)
    fm, fmw = weighted_items(person.first_names_male)
    ln, lnw = weighted_items(person.last_names)
    faker = PersonNames.from_lists((ff, ffw), (fm, fmw), (ln, lnw))  # Faker's lists as Faker weights them

    lists: dict[str, list[str]] = {
        "first_name": ff + fm,
        "first_name_male": fm,
        "first_name_female": ff,
        "last_name": ln,
    }
    for attr, key in (
        ("street_suffixes", "street_suffix"),
        ("street_suffixes_long", "street_suffix_long"),
        ("street_suffixes_short", "street_suffix_short"),
        ("street_prefixes", "street_prefix"),
        ("city_prefixes", "city_prefix"),
        ("city_suffixes", "city_suffix"),
        ("cities", "city_name"),
    ):
        if hasattr(address, attr):
            lists[key] = [str(x) for x in getattr(address, attr)]
    lists["company_suffix"] = [str(x) for x in company.company_suffixes]

    places = _places(locale, address, lists)
    streets = Pool(_render_unique(list(address.street_name_formats), lists, _rng(locale, "streets"), 5000))
    building_numbers = _building_numbers(locale)
    street_order = {"de_DE": "street number", "fr_FR": "number, street"}.get(locale, "number street")

    phones = PhonePool(_phone_formats(locale, phone), key=stable_hash(f"simulacra.values:{locale}:phones"))

    tld_items, tld_w = weighted_items(internet.tlds)
    tlds = Pool(tld_items, tld_w)
    companies_list = _render_unique(list(company.formats), lists, _rng(locale, "companies"), 20000)
    suffixes = set(lists["company_suffix"])
    tld_rng = _rng(locale, "company-tlds")
    tld_idx = tlds.index(tld_rng.integers(0, 2**64, size=len(companies_list), dtype=np.uint64))
    domains = [
        f"{_domain_label(name, suffixes)}.{tld_items[int(t)]}" for name, t in zip(companies_list, tld_idx, strict=True)
    ]
    cs_items, cs_w = weighted_items(company.company_suffixes)

    jobs = Pool(sorted({str(x) for x in job.jobs}))
    free_items, free_w = weighted_items(internet.free_email_domains)
    word_items = sorted({str(w) for w in lorem.word_list if str(w).strip()})
    words = Pool(word_items)
    words_cap = pl.Series([w[:1].upper() + w[1:] for w in word_items], dtype=pl.String)

    country, code, currency = _COUNTRY[locale]
    countries = Pool([str(x) for x in address.countries])
    country_codes = Pool([str(x) for x in address.alpha_2_country_codes])

    return LocalePools(
        locale=locale,
        country=country,
        country_code=code,
        currency_code=currency,
        first_female=faker.first_female,
        first_male=faker.first_male,
        first_values=faker.first_values,
        first_folded=faker.first_folded,
        first_initial=faker.first_initial,
        last=faker.last,
        last_folded=faker.last_folded,
        people=PersonNames.of(locale),
        places=places,
        streets=streets,
        building_numbers=building_numbers,
        street_order=street_order,
        phones=phones,
        companies=Pool(companies_list),
        company_domains=pl.Series(domains, dtype=pl.String),
        company_suffixes=Pool(cs_items, cs_w),
        jobs=jobs,
        free_email_domains=Pool(free_items, free_w),
        tlds=tlds,
        words=words,
        words_capitalized=words_cap,
        iban_country=str(bank.country_code),
        bban=Templates([str(bank.bban_format)]),
        countries=countries,
        country_codes=country_codes,
        currencies=Pool(list(_CURRENCIES)),
        user_agents=Pool(_user_agents(locale)),
    )


def _domain_label(name: str, suffixes: set[str]) -> str:
    for s in sorted(suffixes, key=len, reverse=True):
        if name.endswith(" " + s):
            name = name[: -len(s) - 1]
            break
    words = [fold_ascii(w) for w in re.split(r"[\s,\-]+", name)]
    words = [w for w in words if w and w not in {"and", "und", "et"}]
    return "-".join(words[:2]) or "company"


def _building_numbers(locale: str) -> Pool:
    shares, letters = _BUILDING[locale]
    items: list[str] = []
    weights: list[float] = []
    for digits, share in shares.items():
        lo, hi = (1 if digits == 1 else 10 ** (digits - 1)), 10**digits
        count = hi - lo
        items += [str(i) for i in range(lo, hi)]
        weights += [share / count] * count
    if letters:
        extra = [f"{i}{c}" for i in range(1, 100) for c in letters]
        items += extra
        weights += [0.05 / len(extra)] * len(extra)
    return Pool(items, weights)


def _phone_formats(locale: str, phone: Any) -> list[str]:
    formats = [str(f) for f in phone.formats]
    if locale == "en_US":
        return [f for f in formats if "x" not in f]  # no extensions
    if locale == "de_DE":  # no area code starts with 0 after the trunk prefix
        return [f.replace("#", "%", 1) for f in formats]
    if locale == "fr_FR":
        out: list[str] = []
        for f in formats:
            for code in phone.area_codes:
                out.append(
                    f.replace("{{area_code_with_separator}}", f"{code[0]} {code[1:]}").replace(
                        "{{area_code_without_separator}}", code
                    )
                )
        return out
    return formats


def _user_agents(locale: str) -> list[str]:
    rng = _rng(locale, "user-agents")
    out: dict[str, None] = {}
    for _ in range(3000):
        fmt = _USER_AGENTS[int(rng.integers(len(_USER_AGENTS)))]
        out[
            fmt.format(
                c=int(rng.integers(100, 131)),
                b=int(rng.integers(4000, 6800)),
                p=int(rng.integers(0, 200)),
                f=int(rng.integers(100, 131)),
                s=int(rng.integers(15, 18)),
                m=int(rng.integers(0, 7)),
                i=int(rng.integers(15, 18)),
                a=int(rng.integers(10, 15)),
            )
        ] = None
    return list(out)


_GAZETTEER = Path(__file__).resolve().parent / "data" / "gazetteer.csv.gz"
_GB_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a UK inward code uses


@lru_cache(maxsize=1)
def _gazetteer() -> pl.DataFrame:
    """Real towns (GeoNames, >= 5,000 inhabitants) with region and postcode prefix; see data/README.md."""
    return pl.read_csv(gzip.decompress(_GAZETTEER.read_bytes()), schema_overrides={"postcode_prefix": pl.String})


#: a town's name tells its country when its largest namesake there has this many times the people of the
#: largest one elsewhere (Berlin, Germany against Berlin, New Hampshire); names no country dominates say nothing
_TOWN_DOMINANCE = 10


@lru_cache(maxsize=1)
def town_locales() -> dict[str, str]:
    """Town names of the gazetteer (lower case) whose country is clear from the name, to its locale."""
    g = _gazetteer()
    best = (
        g.with_columns(pl.col("city").str.to_lowercase().alias("name"))
        .group_by("name", "locale")
        .agg(pl.col("population").max())
        .sort("name", "population", "locale", descending=[False, True, False])
    )
    out: dict[str, str] = {}
    for (name,), part in best.group_by(["name"], maintain_order=True):
        pops = part.get_column("population").to_list()
        if len(pops) == 1 or pops[0] >= _TOWN_DOMINANCE * pops[1]:
            out[str(name)] = str(part.get_column("locale")[0])
    return out


def _places(locale: str, address: Any, lists: dict[str, list[str]]) -> Places:
    """Real towns of the locale's country, weighted by population, each with its real region.

    A town's postcodes share the postal prefix of the town's area (German Leitregion,
    French département, UK postcode area; a ZIP in the state's range for en_US), so a
    town, its region and its postcodes agree.
    """
    rng = _rng(locale, "gazetteer")
    k = POSTCODES_PER_PLACE
    g = _gazetteer().filter(pl.col("locale") == locale)
    if locale == "en_US":
        names = list(address.states)
        abbr_list = [a for a in address.states_abbr if a != "DC"]
        if len(names) != len(abbr_list):
            raise RuntimeError("Faker's en_US states and abbreviations do not line up")
        state_name = dict(zip(abbr_list, names, strict=True))
        g = g.filter(pl.col("region_abbr").is_in(abbr_list))  # DC and territories: not in Faker's ZIP table
    cities = g.get_column("city").to_list()
    population = g.get_column("population").cast(pl.Float64).to_numpy()
    states: list[str] = []
    abbrs: list[str] = []
    codes: list[str] = []
    for region, abbr, prefix in g.select("region", "region_abbr", "postcode_prefix").iter_rows():
        options = prefix.split("|")
        if locale == "en_US":
            lo, hi = address.states_postcode[abbr]
            base = int(rng.integers(lo, max(lo, hi - k) + 1))
            states.append(state_name[abbr])
            codes += [f"{min(base + i, hi):05d}" for i in range(k)]
        elif locale == "en_GB":
            district = int(rng.integers(1, 21))
            for _i in range(k):
                area = options[int(rng.integers(len(options)))]
                a, b = rng.integers(0, len(_GB_INWARD_LETTERS), size=2)
                codes.append(
                    f"{area}{district} {int(rng.integers(0, 10))}{_GB_INWARD_LETTERS[a]}{_GB_INWARD_LETTERS[b]}"
                )
        elif locale == "de_DE":
            third = int(rng.integers(0, 10))  # a town's postcodes share three digits, unless it spans areas
            tails = rng.choice(100, size=k, replace=False)
            codes += sorted(f"{options[int(rng.integers(len(options)))]}{third}{int(t):02d}" for t in tails)
        elif locale == "fr_FR":
            dept = "20" if options[0] in ("2A", "2B") else options[0]
            third = int(rng.integers(0, 10))
            tails = rng.choice(10, size=k, replace=False)  # towns' codes mostly end in 0
            codes += [f"{dept}{third}{int(t)}0" for t in sorted(tails)]
        else:  # pragma: no cover - guarded by locale_pools
            raise SpecError(f"unsupported locale '{locale}'")
        if locale != "en_US":
            states.append(region)
        abbrs.append(abbr)
    weights = population / population.sum()

    return Places(
        city=Pool(cities, list(weights)),
        state=pl.Series(states, dtype=pl.String),
        state_abbr=pl.Series(abbrs, dtype=pl.String),
        postcodes=pl.Series(codes, dtype=pl.String),
    )
