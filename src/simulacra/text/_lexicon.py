"""Word lists read from Faker's locale *data*: names of many locales, places, company parts.

Used by the synthetic training corpus (so the NER model sees names of many
languages) and by the surrogate engine (to guess the gender of a given name).
Nothing here calls Faker to generate values; lists are built once and cached.
"""

from __future__ import annotations

import gzip
import importlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["US_STATES", "Lexicon", "english_words", "faker_names", "latin", "lexicon", "more_given_names"]

# Latin-script (or transliterable) locales whose person data we read; CoNLL-style news
# mentions people from everywhere, so the model must not learn "English name => person".
NAME_LOCALES = (
    "en_US", "en_GB", "en_IE", "en_IN", "en_NZ", "en_KE", "en_NG", "en_PK", "de_DE", "de_AT", "de_CH",
    "fr_FR", "fr_CA", "it_IT", "es_ES", "es_MX", "es_AR", "es_CO", "pt_BR", "pt_PT", "nl_NL", "nl_BE",
    "sv_SE", "no_NO", "da_DK", "fi_FI", "is_IS", "pl_PL", "cs_CZ", "sk_SK", "sl_SI", "hr_HR", "hu_HU",
    "ro_RO", "tr_TR", "lt_LT", "lv_LV", "et_EE", "id_ID", "vi_VN", "sw", "yo_NG", "ig_NG", "ha_NG",
    "zu_ZA", "tw_GH", "ga_IE", "az_AZ", "uz_UZ", "ru_RU", "uk_UA", "bg_BG", "mk_MK", "el_GR",
)  # fmt: skip

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
    ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
     "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "yi", "ye", "g"],
    strict=True,
))  # fmt: skip
_GREEK = dict(zip(
    "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",
    ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s", "t", "y",
     "f", "ch", "ps", "o", "a", "e", "i", "i", "o", "y", "o", "i", "y", "i", "y"],
    strict=True,
))  # fmt: skip
_LATIN_WORD = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ'\-. ]*$")


def _translit(s: str) -> str:
    if s.isascii():
        return s  # no Cyrillic or Greek letter in it: every character stays (most of the lists, at start-up)
    out = []
    for ch in s:
        low = ch.lower()
        t = _CYRILLIC.get(low, _GREEK.get(low))
        if t is None:
            out.append(ch)
        else:
            out.append(t.capitalize() if ch != low else t)
    return "".join(out)


def latin(s: str) -> str | None:
    """``s`` in Latin script (Cyrillic and Greek transliterated), or None when it is not."""
    t = _translit(s.strip())
    return t if t and _LATIN_WORD.match(t) else None


#: the two-letter codes of the US states, the District of Columbia and Puerto Rico ("TX", "DC")
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR "
    "PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR".split()
)


# the short, old and informal names news and people use, which Faker's official names lack
_COUNTRY_ALIASES = (
    "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland", "America", "U.S.", "US", "USA",
    "U.K.", "UK", "Holland", "Burma", "Zaire", "Yugoslavia", "Soviet Union", "Czechoslovakia", "Chechnya", "Kosovo",
    "Bosnia", "Serbia", "Montenegro", "Palestine", "Tibet", "Hong Kong", "Macau", "Taiwan", "Russia", "Iran",
    "Syria", "Laos", "Vietnam", "South Korea", "North Korea", "Ivory Coast", "Congo", "Europe", "Asia", "Africa",
    "North America", "South America", "Latin America", "Middle East", "Far East", "Balkans", "Caucasus",
    "Scandinavia", "Siberia", "Gulf", "Persian Gulf", "West Bank", "Gaza", "Gaza Strip", "Kashmir", "Kurdistan",
    "Midwest", "Yorkshire", "Lancashire", "Cornwall", "Bavaria", "Catalonia", "Sicily", "Sardinia", "Corsica",
)  # fmt: skip


# large cities that are neither capitals nor time-zone names (Faker's source of major cities)
_BIG_CITIES = (
    "Houston", "Dallas", "San Antonio", "San Diego", "San Francisco", "San Jose", "Seattle", "Boston", "Baltimore",
    "Philadelphia", "Pittsburgh", "Cleveland", "Cincinnati", "Columbus", "Atlanta", "Miami", "Tampa", "Orlando",
    "Minneapolis", "St. Louis", "Kansas City", "Milwaukee", "Oakland", "Sacramento", "Portland", "Las Vegas",
    "Salt Lake City", "Austin", "New Orleans", "Nashville", "Memphis", "Charlotte", "Buffalo", "Toronto",
    "Montreal", "Vancouver", "Calgary", "Ottawa", "Manchester", "Liverpool", "Birmingham", "Leeds", "Glasgow",
    "Edinburgh", "Bristol", "Sheffield", "Newcastle", "Nottingham", "Leicester", "Southampton", "Cardiff",
    "Belfast", "Hamburg", "Munich", "Frankfurt", "Cologne", "Stuttgart", "Dusseldorf", "Dortmund", "Leipzig",
    "Milan", "Naples", "Turin", "Florence", "Venice", "Genoa", "Barcelona", "Valencia", "Seville", "Bilbao",
    "Marseille", "Lyon", "Toulouse", "Nice", "Bordeaux", "Lille", "Strasbourg", "Rotterdam", "Antwerp", "Geneva",
    "Zurich", "Basel", "Porto", "Gothenburg", "Krakow", "Gdansk", "St. Petersburg", "Novosibirsk", "Volgograd",
    "Kiev", "Odessa", "Istanbul", "Izmir", "Alexandria", "Casablanca", "Lagos", "Johannesburg", "Cape Town",
    "Durban", "Mumbai", "Bombay", "Calcutta", "Kolkata", "Madras", "Chennai", "Karachi", "Lahore", "Shanghai",
    "Guangzhou", "Shenzhen", "Osaka", "Yokohama", "Kyoto", "Sydney", "Melbourne", "Perth", "Auckland",
    "Rio de Janeiro", "Sao Paulo", "Guadalajara", "Monterrey",
)  # fmt: skip


def strip_accents(s: str) -> str:
    if s.isascii():  # NFKD leaves ASCII as it is, and no ASCII character is combining
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Lexicon:
    """Lists of names and places (tuples, deterministic order)."""

    first_female: tuple[str, ...]
    first_male: tuple[str, ...]
    last: tuple[str, ...]
    countries: tuple[str, ...]
    cities: tuple[str, ...]
    major_cities: tuple[str, ...]
    regions: tuple[str, ...]
    company_suffixes: tuple[str, ...]
    words: tuple[str, ...]

    @property
    def first(self) -> tuple[str, ...]:
        return self.first_female + self.first_male


def faker_names(attr: str, loc: str) -> list[str]:
    """Faker's ``attr`` name list (e.g. 'first_names') of person locale ``loc``, transliterated to Latin, single
    words of 2 to 20 letters; empty where Faker has no such locale."""
    try:
        prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
    except ImportError:
        return []
    data = getattr(prov, attr, None) or ()
    out = []
    for x in data:
        t = latin(str(x))
        if t and 2 <= len(t) <= 20 and " " not in t:
            out.append(t)
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The multi-locale lexicon (built on first use, about a second)."""
    ff: dict[str, None] = {}
    fm: dict[str, None] = {}
    last: dict[str, None] = {}
    for loc in NAME_LOCALES:
        for x in faker_names("first_names_female", loc):
            ff.setdefault(x)
        for x in faker_names("first_names_male", loc):
            fm.setdefault(x)
        for x in faker_names("last_names", loc):
            last.setdefault(x)
    for loc in ("zh_CN", "zh_TW", "ja_JP"):  # romanised East Asian names (Faker's own romanisations)
        prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr, targets in (
            ("first_romanized_names_female", (ff,)),
            ("first_romanized_names_male", (fm,)),
            ("first_romanized_names", (ff, fm)),
            ("last_romanized_names", (last,)),
        ):
            for x in getattr(prov, attr, ()) or ():
                t = latin(str(x))
                if t and 2 <= len(t) <= 20 and " " not in t:
                    for d in targets:
                        d.setdefault(t[0].upper() + t[1:])
    # a name given to both genders stays in both lists; accent-free spellings too (news wires drop accents)
    for d in (ff, fm, last):
        for x in list(d):
            d.setdefault(strip_accents(x))
    last.pop("Doe", None)

    from faker.providers.date_time import Provider as DateTime

    countries: dict[str, None] = {}
    cities: dict[str, None] = {}
    for c in DateTime.countries:
        if "(" not in str(c.name):
            countries.setdefault(str(c.name))
        cities.setdefault(str(c.capital))
        for tz in c.timezones:
            city = tz.split("/")[-1].replace("_", " ")
            if city.isascii() and city[:1].isupper():
                cities.setdefault(city)
    for alias in _COUNTRY_ALIASES:
        countries.setdefault(alias)
    for city in _BIG_CITIES:
        cities.setdefault(city)
    major = [c for c in cities if c not in countries]
    regions: dict[str, None] = {}
    suffixes: dict[str, None] = {}
    for loc in (
        "en_US",
        "en_GB",
        "de_DE",
        "it_IT",
        "es_ES",
        "pl_PL",
        "nl_NL",
        "en_IN",
        "fr_FR",
        "en_AU",
        "pt_BR",
        "cs_CZ",
        "sv_SE",
        "hu_HU",
        "ro_RO",
        "hr_HR",
        "el_GR",
        "ru_RU",
        "tr_TR",
        "fi_FI",
        "no_NO",
        "da_DK",
    ):
        try:
            addr = importlib.import_module(f"faker.providers.address.{loc}").Provider
        except ImportError:
            continue
        # sorted: some locales build these lists from a set (it_IT), whose order changes per process
        for attr in ("cities", "city_names"):
            for x in sorted(getattr(addr, attr, ()) or ()):
                t = latin(str(x))
                if t and len(t) <= 30:
                    cities.setdefault(t)
        for attr in ("states", "provinces", "regions", "counties"):
            for x in sorted(getattr(addr, attr, ()) or ()):
                t = latin(str(x))
                if t and len(t) <= 30:
                    regions.setdefault(t)
        if loc == "en_US":
            for x in getattr(addr, "countries", ()):
                if "(" not in str(x) and len(str(x).split()) <= 3:
                    countries.setdefault(str(x))
    for loc in ("en_US", "en_GB", "de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL", "pt_BR", "sv_SE", "pl_PL"):
        try:
            comp = importlib.import_module(f"faker.providers.company.{loc}").Provider
        except ImportError:
            continue
        for x in getattr(comp, "company_suffixes", ()) or ():
            t = latin(str(x))
            if t:
                suffixes.setdefault(t)
    words: dict[str, None] = {}
    from faker.providers.company.en_US import Provider as Company
    from faker.providers.job.en_US import Provider as Job
    from faker.providers.lorem.en_US import Provider as Lorem

    sources = [Lorem.word_list, *Company.catch_phrase_words, *Company.bsWords, Job.jobs]
    for src in sources:
        for phrase in src:
            for w in re.split(r"[\s,/()-]+", str(phrase).lower()):
                if w.isalpha() and len(w) > 1:
                    words.setdefault(w)
    return Lexicon(
        first_female=tuple(ff),
        first_male=tuple(fm),
        last=tuple(last),
        countries=tuple(countries),
        cities=tuple(c for c in cities if c not in countries),
        major_cities=tuple(major),
        regions=tuple(r for r in regions if r not in countries),
        company_suffixes=tuple(suffixes),
        words=tuple(words),
    )


#: Faker's person providers whose given names ``lexicon`` does not read (``en``: some 7,200 English given
#: names, which hold most English pet forms: "Patti", "Geoff", "Sharron")
_MORE_NAME_LOCALES = (
    "en", "en_TH", "en_PH", "en_CA", "en_AU", "fr_BE", "fr_CH", "fr_QC", "fr_DZ", "de_LU", "de_LI", "es", "es_CA",
    "es_CL",
)  # fmt: skip


@lru_cache(maxsize=1)
def more_given_names() -> tuple[str, ...]:
    """Given names of every Latin-script locale of Faker's person data, beyond :attr:`Lexicon.first`.

    For telling a lone name in prose ("ask Geoff", "Patti said") from other words, never for drawing fakes
    (the surrogate pools and the training corpus keep :func:`lexicon`). A name that is an English word
    ("Hope", "Will", "Chase"), a country, region or major city ("Alabama"), or shorter than four letters (an
    acronym: "ENA", "Dow") is left out; lowercase, sorted.
    """
    known = {x.lower() for x in lexicon().first}
    lx = lexicon()
    words = frozenset(english_words())
    places = {y.lower() for x in (*lx.countries, *lx.major_cities, *lx.regions) for y in (x, strip_accents(x))}
    out: set[str] = set()
    for loc in (*NAME_LOCALES, *_MORE_NAME_LOCALES):
        try:
            prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except ImportError:
            continue
        for attr in ("first_names", "first_names_female", "first_names_male", "first_names_nonbinary"):
            data = prov.__dict__.get(attr)  # a class attribute only (a property is no list)
            if not isinstance(data, (list, tuple, dict)):
                continue
            for x in data:
                t = latin(str(x))
                if not t or not t.isalpha() or len(t) < 4:
                    continue
                for low in {t.lower(), strip_accents(t).lower()}:
                    if low not in known and low not in words and low not in places:
                        out.add(low)
    return tuple(sorted(out))


#: English diminutives and short forms of given names ("Doug", "Becky", "Mitch"): how people sign and
#: greet each other in e-mail; Faker's name lists hold few of them. (Those that are also English words,
#: such as "bill" or "rob", are left out where a word list is consulted.)
DIMINUTIVES = tuple(
    """
abby al alex allie andy annie archie art barb barney becky ben benny bernie bert bess beth betsy betty billy bobby
brad cathy charlie chip chris chuck cindy cliff connie danny dave davey debbie deb dick dickie don donnie dottie doug
drew ed eddie ellie fred freddie gabe gene gerry ginny greg hal hank herb jackie jake jan jeff jen jenny jerry jess jill
jim jimmy jo joe joey johnny jon judy ken kenny kate kathy katie kim kris larry len lenny liz lizzie lou maggie mandy
matt meg mel mick mickey mike mitch missy nate nell nick ollie pam pat patty peggy pete phil ray rich richie rick
ricky robbie ron ronnie russ sam sammy sandy steve stu sue susie suzy tammy ted teddy terri terry tim timmy tina tom
tommy tony trish val vicky vince walt wendy wes woody zach
""".split()
)


@lru_cache(maxsize=1)
def english_words() -> tuple[str, ...]:
    """Lowercase English words, sorted (SCOWL via Debian's wamerican; source and licence in words/README.md)."""
    with gzip.open(Path(__file__).resolve().parent / "words" / "english.txt.gz", "rt", encoding="utf-8") as f:
        return tuple(w for w in f.read().split("\n") if w)
