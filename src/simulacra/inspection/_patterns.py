"""Value tests used to classify columns: each returns the share of values that pass.

All work on a polars String Series of distinct, non-null, stripped values (callers
pass ``unique()`` samples), vectorized where polars can do it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import polars as pl

from simulacra._frames import stat
from simulacra.sources import parse_datetime
from simulacra.values import iban_is_valid, luhn_is_valid, town_locales

__all__ = [
    "birth_number_share",
    "card_share",
    "email_share",
    "iban_share",
    "infer_locale",
    "known_names",
    "name_share",
    "phone_share",
    "ssn_share",
]

# letters of any script (RFC 6531: jörg.müller@beispiel.de, ayşe@örnek.com.tr), a dotted domain, a letter TLD
_EMAIL = r"^[\w.%+'-]+@[\w-]+(\.[\w-]+)*\.[^\W\d_]{2,}$"
# +, digits, blanks, dots, dashes, parentheses; 7 to 15 digits; at least one separator or a leading +
_PHONE_CHARS = r"^\+?\(?[0-9][0-9 ().\-/]{5,22}[0-9](\s*(x|ext\.?)\s*[0-9]{1,5})?$"
_SSN = r"^[0-9]{3}-[0-9]{2}-[0-9]{4}$"
_UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_IPV4 = r"^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}$"
_STREET = (
    r"^[0-9]+[a-zA-Z]?,?\s+[A-Za-zÀ-ÿ'. -]+\s(street|st|avenue|ave|road|rd|lane|ln|drive|dr|court|ct|way|place|pl|"
    r"boulevard|blvd|close|crescent|terrace|square|sq|parkway|pkwy|circle|cir|trail|row|gardens|hill|walk)\.?"
    r"(\s+(apt|suite|unit|#)\.?\s*[0-9A-Za-z-]+)?$"
)
_STREET_EU = r"^[A-Za-zÀ-ÿß'. -]+(straße|strasse|str\.|weg|gasse|platz|allee|ring|damm)\s+[0-9]+[a-zA-Z]?$"
_STREET_FR = r"^[0-9]+,?\s+(rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai|route)\s+.+$"


def share(values: pl.Series, pattern: str) -> float:
    if values.len() == 0:
        return 0.0
    return stat(values.str.contains(pattern).mean())


def email_share(values: pl.Series) -> float:
    return share(values, _EMAIL)


def uuid_share(values: pl.Series) -> float:
    return share(values, _UUID)


def ipv4_share(values: pl.Series) -> float:
    return share(values, _IPV4)


def ssn_share(values: pl.Series) -> float:
    return share(values, _SSN)


@lru_cache(maxsize=1)
def _street_suffix_pattern() -> str:
    """A number, words, and a street suffix from Faker's address data (Alley, Avenue... Well)."""
    words: set[str] = set()
    for loc in ("en_US", "en_GB", "en_AU", "en_CA"):
        try:
            provider = importlib.import_module(f"faker.providers.address.{loc}").Provider
        except ImportError:  # pragma: no cover
            continue
        words.update(str(w).lower() for w in getattr(provider, "street_suffixes", ()) or ())
    alts = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) or "street"
    return rf"^[0-9]+[a-z]?,?\s+[a-zà-ÿ'. -]+\s({alts})\.?(\s+(apt|suite|unit|#)\.?\s*[0-9a-z-]+)?$"


def street_share(values: pl.Series) -> float:
    low = values.str.to_lowercase()
    return max(
        share(low, _STREET), share(low, _street_suffix_pattern()), share(low, _STREET_EU), share(low, _STREET_FR)
    )


_UK_POSTCODE = r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$"
_CA_POSTCODE = r"^[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]$"


def postcode_share(values: pl.Series) -> float:
    """Share of UK or Canadian postcodes (distinctive shapes; plain digit ZIPs need a name)."""
    up = values.str.strip_chars().str.to_uppercase()
    return max(share(up, _UK_POSTCODE), share(up, _CA_POSTCODE))


def uk_postcode_share(values: pl.Series) -> float:
    """Share of UK postcodes (the shape the en_GB locale makes)."""
    return share(values.str.strip_chars().str.to_uppercase(), _UK_POSTCODE)


def word_name_share(values: pl.Series) -> float:
    """Share written like one name: a capital, then lower-case letters (O'Neil, Smith-Jones, Müller)."""
    return share(values.str.strip_chars(), r"^[A-ZÀ-Ý][a-zà-ÿ]+(?:['-][A-ZÀ-Ýa-zà-ÿ][a-zà-ÿ]+)?$")


def phone_share(values: pl.Series, *, named: bool = False) -> float:
    """Share that look like phone numbers: 7-15 digits, written with separators or a leading +.

    Bare digit runs are more often account numbers than phones: they count only when
    the column is ``named`` like a phone.
    """
    if values.len() == 0:
        return 0.0
    digits = values.str.replace_all(r"[^0-9]", "").str.len_chars()
    # a lone digit after the last separator is a check digit (ISBN 978-5-131-62193-3, 0-306-40615-2):
    # a phone number's last group holds two digits or more in every numbering plan
    body = values.str.replace(r"\s*(x|ext\.?)\s*[0-9]{1,5}$", "")
    checked = body.str.contains(r"[^0-9][0-9]$")
    shaped = values.str.contains(_PHONE_CHARS) & (digits >= 7) & (digits <= 15) & ~checked
    styled = values.str.contains(r"[ ()\-.+/]")
    return stat((shaped & (styled | named)).mean())


def card_share(values: pl.Series) -> float:
    """Share of 13-19 digit numbers (blanks/dashes allowed) with a valid Luhn check digit."""
    if values.len() == 0:
        return 0.0
    digits = values.str.replace_all(r"[ -]", "")
    ok = digits.str.contains(r"^[0-9]{13,19}$")
    cand = digits.filter(ok).to_list()
    return sum(1 for d in cand if luhn_is_valid(d)) / values.len()


def iban_share(values: pl.Series) -> float:
    """Share of values that are IBANs with valid mod-97 check digits (blanks allowed)."""
    if values.len() == 0:
        return 0.0
    compact = values.str.replace_all(" ", "").str.to_uppercase()
    cand = compact.filter(compact.str.contains(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$")).to_list()
    return sum(1 for v in cand if iban_is_valid(v)) / values.len()


def birth_number_share(values: pl.Series) -> float:
    """Share of Czech/Slovak birth numbers: YYMMDD (month + 50 for women), optionally /XXX(X).

    The Berka data's ``client.birth_number`` is the 6-digit form: a national ID with
    the birth date (and sex) inside it.
    """
    if values.len() == 0:
        return 0.0
    m = values.str.extract_groups(r"^([0-9]{2})([0-9]{2})([0-9]{2})(/?[0-9]{3,4})?$")
    mm = m.struct.field("2").cast(pl.Int32, strict=False)
    dd = m.struct.field("3").cast(pl.Int32, strict=False)
    month = pl.select(pl.when(mm > 50).then(mm - 50).otherwise(mm)).to_series()
    ok = (month >= 1) & (month <= 12) & (dd >= 1) & (dd <= 31)
    # plain dates never have months above 12: the +50 must actually occur to call it a birth number
    women = (mm > 50) & (mm <= 62)
    if not bool(women.fill_null(False).any()):
        return 0.0
    return stat(ok.fill_null(False).mean())


def parse_dates(values: pl.Series, fmt: str) -> pl.Series:
    """Text or integers parsed with ``fmt`` into Datetime (nulls where they do not parse); see ``sources.coerce``."""
    return parse_datetime(values, fmt)


#: the locales whose Faker data say what a name (and a firm's legal form) looks like
_NAME_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "cs_CZ", "pl_PL", "pt_BR")


def _providers(kind: str) -> Iterator[Any]:
    """Faker's ``kind`` provider class (``person``, ``company``) of each of :data:`_NAME_LOCALES` it has."""
    for loc in _NAME_LOCALES:
        try:
            yield importlib.import_module(f"faker.providers.{kind}.{loc}").Provider
        except ImportError:  # pragma: no cover - a Faker without this locale
            continue


@lru_cache(maxsize=1)
def known_names() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, last names), lower-cased, from Faker's locale data (not one Faker call)."""
    first: set[str] = set()
    last: set[str] = set()
    for provider in _providers("person"):
        for attr, target in (
            ("first_names", first),
            ("first_names_female", first),
            ("first_names_male", first),
            ("last_names", last),
        ):
            items = getattr(provider, attr, None) or ()
            target.update(str(x).lower() for x in items if len(str(x)) > 1)
    # and the kin names the value engine's population-shaped pools draw (values._names): data it made are names
    from simulacra.values._names import population_names

    for loc in _LOCALES:
        for which, target in (("first_female", first), ("first_male", first), ("last", last)):
            target.update(x.lower() for x in population_names(loc, which).items if len(x) > 1)
    return frozenset(first), frozenset(last)


def name_share(values: pl.Series) -> tuple[float, float, float]:
    """Shares of values that are a known first name, a known last name, and 'first last'."""
    if values.len() == 0:
        return 0.0, 0.0, 0.0
    first, last = known_names()
    low = values.str.strip_chars().str.to_lowercase()
    f = stat(low.is_in(list(first)).mean())
    la = stat(low.is_in(list(last)).mean())
    parts = low.str.split(" ")
    two = parts.list.len().is_between(2, 3)
    head = parts.list.first().is_in(list(first))
    tail = parts.list.last().is_in(list(last))
    full = stat((two & head & tail).mean())
    return f, la, full


#: forms Faker's company providers lack, written without their dots, and the trading words that close a firm's
#: name ("Love Group", "Stein & Sons")
_MORE_COMPANY_ENDS = (
    r"l\.l\.c|b\.v|n\.v|s\.p\.a|oy|a/s|as|pty|lp|company|group|holdings?|partners|associates|industries|"
    r"enterprises|solutions|systems|technologies|services|international|(and|&) sons"
)


@lru_cache(maxsize=1)
def known_company_suffixes() -> tuple[str, ...]:
    """The legal forms that close a company's name in Faker's locale data ("LLC", "GmbH & Co. KG", "s.r.l.",
    "e figli"), read from the same locales' company providers as :func:`known_names` reads their people (the
    text engine's lexicon holds them too, but loading it costs ~0.7 s of CPU that inspect does not need)."""
    out: set[str] = set()
    for provider in _providers("company"):
        out.update(str(x).strip() for x in getattr(provider, "company_suffixes", ()) or ())
    return tuple(sorted((x for x in out if len(x) > 1 and x[0].isalnum()), key=lambda x: (-len(x), x)))


@lru_cache(maxsize=1)
def _company_suffix() -> str:
    """A firm's name closed by a legal form or a trading word ("Crawford LLC", "Taliercio s.r.l.", "Love Group")."""
    forms = "|".join(re.escape(f.rstrip(".")) for f in known_company_suffixes())
    return rf"(?i)[\w.'’)]\s*,?\s+({forms}|{_MORE_COMPANY_ENDS})\.?$"


#: names of partners listed: "Ford, Bernard and Donovan", "Smith & Jones"
_COMPANY_LIST = r"^[A-Z][\w'’-]+(, [A-Z][\w'’-]+)*,? (and|&|und|et|e|y) [A-Z][\w'’-]+$"


#: words that open a company's name: "Stichting Boer", "Koninklijke Koeman", "Groupe Lefebvre"
_COMPANY_PREFIX = r"(?i)^(stichting|koninklijke|royal|groupe|gruppo|grupo|banco|banque) [A-Z]"


def company_share(values: pl.Series) -> float:
    """Share of values written like a company's name: a legal or trading suffix, partners' names listed, or two
    family names joined by a hyphen ("Herman-Little")."""
    if values.len() == 0:
        return 0.0
    _, last = known_names()
    v = values.str.strip_chars()
    pair = v.str.extract_groups(r"^([A-Z][a-z'’]+)-([A-Z][a-z'’]+)$")
    partners = (
        pair.struct.field("1").str.to_lowercase().is_in(list(last))
        & pair.struct.field("2").str.to_lowercase().is_in(list(last))
    ).fill_null(False)
    hit = v.str.contains(_company_suffix()) | v.str.contains(_COMPANY_LIST) | v.str.contains(_COMPANY_PREFIX) | partners
    return stat(hit.mean())


def words(values: pl.Series) -> tuple[float, float]:
    """(mean words per value, mean characters per value)."""
    if values.len() == 0:
        return 0.0, 0.0
    return (stat(values.str.count_matches(r"\S+").mean()), stat(values.str.len_chars().mean()))


_NAME_SPLIT = re.compile(r"[^a-z0-9]+")


def name_tokens(name: str) -> list[str]:
    """Lower-case word tokens of a column name: 'AccountID' -> ['account', 'id']."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return [t for t in _NAME_SPLIT.split(spaced.lower()) if t]


#: the locales the value engine writes (spec ``locale``), tried when a source's names suggest one
_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR")
_LOCALE_MIN_TOKENS = 30  # name tokens needed before a locale is said
_LOCALE_MIN_SHARE = 0.1  # of the name tokens, those only the locale's pools hold


@lru_cache(maxsize=1)
def _locale_tails() -> dict[str, frozenset[str]]:
    """Per locale, the kin names its population-shaped name pools add to Faker's lists (``values._names``)."""
    from simulacra.values._names import population_names

    out: dict[str, frozenset[str]] = {}
    for loc in _LOCALES:
        names: set[str] = set()
        for which in ("first_female", "first_male", "last"):
            p = population_names(loc, which)
            names.update(x.lower() for x in p.items[p.listed :] if len(x) > 1)
        out[loc] = frozenset(names)
    return out


@lru_cache(maxsize=1)
def _locale_names() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for loc in _LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except ImportError:  # pragma: no cover - a Faker without this locale
            continue
        names: set[str] = set()
        for attr in ("first_names", "first_names_female", "first_names_male", "last_names"):
            names.update(str(x).lower() for x in getattr(provider, attr, None) or () if len(str(x)) > 1)
        out[loc] = frozenset(names)
    return out


def infer_locale(names: list[pl.Series], places: list[pl.Series] | None = None) -> tuple[str | None, str]:
    """The locale whose own names a source's person-name and town columns use, and the evidence.

    Each name token counts for a locale when only that locale's name pools hold it (``Jörg``,
    ``Müller`` for de_DE; ``Clément`` for fr_FR; names every locale has count for none); each town
    when the gazetteer puts the name in one country far more than in any other (``München``,
    ``Lyon``; ``Manchester`` counts for none). A locale is said when its tokens are >= 10% of at
    least 30 and twice the next one's; else None (the value engine's default, en_US).
    """
    pools = _locale_names()
    tokens: list[str] = []
    for s in names:
        for v in s.drop_nulls().cast(pl.String).head(5000).to_list():
            tokens += [t for t in re.split(r"[\s,]+", v.lower()) if len(t) > 1]
    towns = [v.strip().lower() for s in places or () for v in s.drop_nulls().cast(pl.String).head(5000).to_list()]
    total = len(tokens) + len(towns)
    if total < _LOCALE_MIN_TOKENS:
        return None, f"{total} name and town tokens: too few to tell a locale"
    # a locale's own: its names (Faker's lists and the tails the value engine draws from, so a German sample's
    # Austrian and Swiss names count) that no other locale lists (others' tails hold borrowed names: not theirs)
    tails = _locale_tails()
    only = {
        loc: (pool | tails.get(loc, frozenset())) - frozenset().union(*(p for o, p in pools.items() if o != loc))
        for loc, pool in pools.items()
    }
    town_of = town_locales() if towns else {}
    shares = {
        loc: (sum(t in own for t in tokens) + sum(town_of.get(t) == loc for t in towns)) / total
        for loc, own in only.items()
    }
    ranked = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))
    (best, top), second = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
    said = ", ".join(f"{loc} {100 * sh:.0f}%" for loc, sh in ranked)
    what = "name tokens" if not towns else "town names" if not tokens else "name tokens and town names"
    if top >= _LOCALE_MIN_SHARE and top >= 2 * second:
        return best, f"{100 * top:.0f}% of {total:,} {what} are {best}'s own ({said})"
    return None, f"no locale's own names stand out among {total:,} {what} ({said})"
