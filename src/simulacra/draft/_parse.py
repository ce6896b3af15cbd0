"""Read a one-sentence request: entities, counts, relations, rates, scenarios, locale, time span.

Rules, not a model: the request is cut into tokens and clauses (at , ; : and at
'and'/'with'), catalogue words are matched longest first, numbers in front of a
noun are its count, a percentage is a rate for the scenario named beside it.
Everything the reader decides is returned as data for the composer to explain.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from simulacra.draft._nouns import IRREGULAR_PLURALS, compound_senses, noun_class, singular
from simulacra.draft._nouns import plural as plural_of
from simulacra.draft._period_phrases import quarter_span, with_period_word, year_before_counted_noun
from simulacra.draft._quantities import quantity_words, record_head
from simulacra.draft._relation_phrases import EachAct, each_doer_verb, records_of_each_acts
from simulacra.draft._step_grid import CALENDAR_STEPS
from simulacra.draft._step_phrases import steps_in_numbers
from simulacra.draft._takers import collective_members
from simulacra.draft._verb_records import VerbRecord, find_verb_records
from simulacra.errors import SpecError

__all__ = ["Mention", "Rate", "Request", "parse_number", "parse_request", "past_participle"]

#: the end of the time span when a request gives a length only ("over 2 years"); fixed so drafts are reproducible
ANCHOR = dt.date(2024, 12, 31)
DEFAULT_SPAN = (dt.date(2023, 1, 1), dt.date(2024, 12, 31))
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "thousand": 1000,
}
_MULTIPLIERS = {
    "k": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
    "billions": 1_000_000_000,
    "hundred": 100,
    "dozen": 12,
}
#: the words that multiply a count ("2.5 million readers"): never a modifier of the noun after them
MULTIPLIER_WORDS = frozenset(_MULTIPLIERS)

_LOCALES = [
    (("german", "germany", "deutsch", "deutschland", "de_de", "de-de", "austrian", "austria"), "de_DE"),
    (("french", "france", "français", "francais", "fr_fr", "fr-fr"), "fr_FR"),
    (
        ("british", "uk", "united kingdom", "england", "english (uk)", "en_gb", "en-gb", "scotland", "wales", "gb"),
        "en_GB",
    ),
    (("american", "us", "usa", "united states", "en_us", "en-us"), "en_US"),
]
#: languages and countries people may ask for that the value engine has no data for
_UNSUPPORTED = (
    "spanish",
    "spain",
    "italian",
    "italy",
    "dutch",
    "netherlands",
    "japanese",
    "japan",
    "chinese",
    "china",
    "portuguese",
    "brazilian",
    "brazil",
    "polish",
    "poland",
    "swedish",
    "sweden",
    "indian",
    "india",
    "mexican",
    "mexico",
    "canadian",
    "canada",
    "australian",
    "australia",
    "russian",
    "turkish",
    "korean",
)

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "with",
        "and",
        "or",
        "for",
        "their",
        "its",
        "his",
        "her",
        "each",
        "every",
        "per",
        "some",
        "many",
        "few",
        "several",
        "plus",
        "including",
        "include",
        "includes",
        "included",
        "also",
        "about",
        "around",
        "roughly",
        "approximately",
        "approx",
        "~",
        "about",
        "some",
        "that",
        "which",
        "who",
        "whom",
        "are",
        "is",
        "be",
        "been",
        "being",
        "has",
        "have",
        "having",
        "had",
        "to",
        "in",
        "on",
        "at",
        "by",
        "from",
        "into",
        "over",
        "under",
        "between",
        "during",
        "since",
        "until",
        "up",
        "down",
        "out",
        "as",
        "data",
        "dataset",
        "datasets",
        "database",
        "table",
        "tables",
        "row",
        "rows",
        "record",
        "records",
        "locale",
        "language",
        "languages",
        "region",
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "rate",
        "rates",
        "percent",
        "per-cent",
        "share",
        "ratio",
        "where",
        "when",
        "very",
        "new",
        "all",
        "any",
        "most",
        "more",
        "less",
        "than",
        "about",
        "like",
        "such",
        "this",
        "these",
        "those",
        "our",
        "my",
        "your",
        "we",
        "they",
        "it",
        "them",
        "do",
        "does",
        "did",
        "small",
        "large",
        "big",
        "medium",
        "typical",
        "realistic",
        "synthetic",
        "fake",
        "sample",
        "test",
        "demo",
    ]
)

_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|%|[a-z\u00c0-\u024f][a-z\u00c0-\u024f0-9_'\-]*|[,;:()/]"
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # character offsets in the lower-cased request
    end: int
    clause: int


@dataclass
class Mention:
    """A noun phrase naming an entity: catalogue kinds it may be, or none (an unknown noun)."""

    phrase: str
    first: int  # token index
    last: int  # token index, inclusive
    clause: int
    kinds: tuple[str, ...] = ()
    count: int | None = None
    per: str | None = None  # "3 appointments per patient": the parent phrase
    per_count: float | None = None
    exact_per: bool = False
    per_range: tuple[int, int] | None = None  # "orders with 1-5 items each": 1 to 5 per parent, equally likely
    often: tuple[int, str] | None = None  # "milkings twice a day": 2 per parent row and day of the time span
    #: "800 vehicle inspection reports": the words of the compound before the phrase that names its table, which
    #: say whose or what it is of (a key to a table of the request they name, not part of the table's name)
    modifiers: tuple[str, ...] = ()


@dataclass
class Rate:
    """A percentage (or 'one in N') and the words beside it."""

    value: float
    text: str
    first: int
    clause: int
    words: tuple[str, ...] = ()


@dataclass
class Request:
    text: str
    tokens: list[Token]
    context: str
    locale: str
    locale_note: str | None
    span: tuple[dt.date, dt.date]
    span_note: str
    mentions: list[Mention] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    scenario_hits: list[tuple[str, str, int, int]] = field(
        default_factory=list
    )  # (kind, scenario, token index, clause)
    consumed: set[int] = field(default_factory=set)
    #: "pets (dogs, cats, rabbits)": character offset of the "(" -> the kinds listed, values of a category of the
    #: noun before it, not tables of their own
    subtypes: dict[int, list[str]] = field(default_factory=dict)
    #: "visits paid by card or with miles": the token of the paying word -> the means named after it, which
    #: are values of a column of the table paid for, not tables
    payments: dict[int, list[str]] = field(default_factory=dict)
    #: "appointments where a vet sees a pet": (the token ending the event's noun, the clause's first token, its
    #: last) — the clause's words name tables the event relates, they are no tables of their own
    relatives: list[tuple[int, int, int]] = field(default_factory=list)
    #: "a germination test every year from 2021 to 2024": the token of the unit ('year') -> the span the clause
    #: gives its rows per period, its own and not the request's ("accessions collected between 2015 and 2020")
    period_spans: dict[int, tuple[dt.date, dt.date]] = field(default_factory=dict)
    #: "students rate the courses they took": a verb with a record sense between two tables (``_verb_records``)
    verb_records: list[VerbRecord] = field(default_factory=list)
    #: "each athlete books sessions with a coach": a doer's act said with 'each' (``_relation_phrases``)
    each_acts: list[EachAct] = field(default_factory=list)

    def subtypes_of(self, m: Mention) -> list[str]:
        """The kinds listed in parentheses right after the mention's words, or []."""
        end = self.tokens[m.last].end
        for pos, items in self.subtypes.items():
            if 0 <= pos - end <= 2:
                return items
        return []


_PAREN = re.compile(r"\(([^()]*)\)")
_JOINED = re.compile(r"(?<![a-z\-])([a-z][a-z\-]*),? (?:and|or) ([a-z][a-z\-]*) ([a-z][a-z\-]*s)\b(?![\-])")
_LIST_SPLIT = re.compile(r"\s*(?:,|\band\b|\bor\b|/)\s*")


def _subtype_lists(low: str) -> tuple[str, dict[int, list[str]]]:
    """``low`` with parenthesised lists of kinds blanked out (offsets kept), and those lists by position.

    A list is two or more items of one to three words, without digits or percent signs ("(dogs,
    cats and rabbits)"); anything else in parentheses ("(German locale)", "(5%)") is left as it is.
    """
    found: dict[int, list[str]] = {}
    out = low
    for m in _PAREN.finditer(low):
        inner = m.group(1).strip()
        if re.search(r"[0-9%]", inner):
            continue
        items = [i.strip() for i in _LIST_SPLIT.split(inner) if i.strip()]
        if len(items) < 2 or any(len(i.split()) > 3 for i in items):
            continue
        found[m.start()] = items
        out = out[: m.start()] + " " * (m.end() - m.start()) + out[m.end() :]

    # "home and car policies", "credit or debit cards": singular words joined before a plural noun
    def modifier(word: str) -> bool:  # not a number said in words: "one or two paddles" is a count
        return not word.endswith("s") and word not in STOPWORDS and len(word) > 1 and word not in _NUMBER_WORDS

    for m in _JOINED.finditer(out):
        items = [m.group(1), m.group(2)]
        if not all(modifier(i) for i in items):
            continue
        if past_participle(m.group(1)) and _after_plural_noun(out, m.start(1)):
            # "90,000 tickets sold and customer reviews": the participle ends the counted noun's phrase; the
            # noun after 'and' is a table of its own, not the second of two kinds of reviews
            continue
        start = m.start(1)
        while True:  # "home, car and travel policies"
            before = re.search(r"([a-z][a-z\-]*), $", out[:start])
            if before is None or not modifier(before.group(1)):
                break
            items.insert(0, before.group(1))
            start = before.start(1)
        found[m.end(3)] = items
        out = out[:start] + " " * (m.end(2) - start) + out[m.end(2) :]
    return out, found


def _tokens(text: str) -> list[Token]:
    out: list[Token] = []
    clause = 0
    for m in _TOKEN.finditer(text):
        t = m.group(0)
        if t in (",", ";", ":", "(", ")", "/"):
            clause += 1
            continue
        if t in ("and", "with", "plus", "including", "where", "who", "which", "that"):
            clause += 1
        out.append(Token(t, m.start(), m.end(), clause))
    return out


def parse_number(tok: str) -> float | None:
    """The number a request token writes ('1,200', '3.5', 'twelve', '40k', ...), or None where it is no number."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", tok):
        return float(tok.replace(",", ""))
    if tok in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[tok])
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(k|m|mn)", tok)
    if m:
        return float(m.group(1)) * _MULTIPLIERS[m.group(2)]
    return None


#: "a quarter of cases", "two thirds of visits": a share said as a fraction's name
_FRACTIONS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "eighth": 8,
    "eighths": 8,
    "tenth": 10,
    "tenths": 10,
}
#: what follows a fraction's 'of' when it names a part of a time, not of rows ("a quarter of the year")
_TIME_WORDS = frozenset("year years month months week weeks day days hour hours season time century".split())


def _of_every(tokens: list[Token], i: int) -> tuple[float, int] | None:
    """After the N of 'N in M': 'M', 'every M', 'a hundred', 'every thousand' — M and the token ending it."""
    k = i + 2 if tokens[i + 1].text == "in" else i + 3  # "in", or "out of"
    if tokens[i + 1].text == "out" and (i + 2 >= len(tokens) or tokens[i + 2].text != "of"):
        return None
    if k < len(tokens) and tokens[k].text in ("every", "each"):
        k += 1
    if k + 1 < len(tokens) and tokens[k].text in ("a", "one") and tokens[k + 1].text in ("hundred", "thousand"):
        return float(_MULTIPLIERS[tokens[k + 1].text]), k + 1
    if k < len(tokens) and tokens[k].text in ("hundred", "thousand") and tokens[k - 1].text == "every":
        return float(_MULTIPLIERS[tokens[k].text]), k  # "one in every hundred"
    m = parse_number(tokens[k].text) if k < len(tokens) else None
    return (m, k) if m is not None and m > 0 else None


def _n_in_m(tokens: list[Token], i: int) -> tuple[float, list[int]] | None:
    """'2 in 100 screenings', 'three in ten cases', 'two in a hundred crossings', '3 out of every 100 orders':
    N of every M rows, a share, and the tokens after N that said it. 'One in M' is a share whatever follows;
    otherwise never a year ('12 in 2024'), a count placed in another ('5 in 20 hotels' has no noun after the
    5, so it is no count of a table either: the noun must follow M), nor N >= M."""
    if i + 2 >= len(tokens) or tokens[i + 1].text not in ("in", "out"):
        return None
    n, every = parse_number(tokens[i].text), _of_every(tokens, i)
    if n is None or every is None:
        return None
    m, end = every
    used = list(range(i + 1, end + 1))
    if n == 1:
        return 1.0 / m, used  # "one in twenty displays"; a rate over 100% is refused by the caller
    if end + 1 >= len(tokens) or not 0 < n < m <= 1000 or n != int(n) or m != int(m):
        return None
    after = tokens[end + 1].text
    if not after.isalpha() or after in _TIME_WORDS or tokens[end + 1].clause != tokens[i].clause:
        return None
    return n / m, used


#: after the M of "one line in 20": a word that is no count's noun ("is", "gets", "fail"), or the clause's end
_NOT_AFTER_M = frozenset({"of", "and", "or"})


def _noun_in_m(tokens: list[Token], i: int) -> tuple[float, list[int]] | None:
    """'one line in 20 is back-ordered', 'two orders in a hundred arrive late', '1 booking in every 50': N of
    every M rows of the noun said between them; the tokens that said the share (not the noun: it still names
    its table). Not a count placed in another ('5 rooms in 20 hotels': a plural noun after M counts it), nor a
    year ('one site in 2024'), nor N >= M."""
    if i + 3 >= len(tokens) or tokens[i + 2].text not in ("in", "out"):
        return None
    noun = tokens[i + 1].text
    if not noun.isalpha() or noun in _TIME_WORDS or noun in ("in", "out", "per", "of", "every", "each"):
        return None
    n = parse_number(tokens[i].text)
    every = _of_every(tokens, i + 1)
    if n is None or every is None or tokens[i + 1].clause != tokens[i].clause:
        return None
    m, end = every
    if not 0 < n < m <= 1000 or n != int(n) or m != int(m):
        return None
    if end + 1 < len(tokens) and tokens[end + 1].clause == tokens[i].clause:
        after = tokens[end + 1].text
        if after in _TIME_WORDS or after in _NOT_AFTER_M or (_plural(after) and after not in _NOT_PLURAL):
            return None  # "2 rooms in 10 hotels": M counts a table; "one visit in 12 months": a time
    return n / m, [i, *range(i + 2, end + 1)]


#: words ending in -s after "one line in 20" that are verbs, not a noun M counts
_NOT_PLURAL = frozenset({"is", "was", "has", "gets", "fails", "ends", "goes", "arrives", "needs", "does"})


def _n_per_m(tokens: list[Token], i: int) -> tuple[float, list[int]] | None:
    """'3 per 100 reviews fail', 'two per thousand', '5 per 1,000 parcels are lost': N of every M rows. Never
    '3 per day' or '5 orders per customer' (no number after 'per')."""
    if i + 2 >= len(tokens) or tokens[i + 1].text != "per":
        return None
    n, k = parse_number(tokens[i].text), i + 2
    if (
        tokens[k].text in ("a", "one", "every")
        and k + 1 < len(tokens)
        and tokens[k + 1].text in ("hundred", "thousand")
    ):
        k += 1  # "per a hundred"
    m = (
        float(_MULTIPLIERS[tokens[k].text])
        if tokens[k].text in ("hundred", "thousand")
        else parse_number(tokens[k].text)
    )
    if n is None or m is None or not 0 < n < m <= 100_000 or m != int(m) or tokens[k].clause != tokens[i].clause:
        return None
    if k + 1 < len(tokens) and tokens[k + 1].text in _TIME_WORDS:
        return None
    return n / m, list(range(i, k + 1))


def _share_at(tokens: list[Token], i: int) -> tuple[float | None, list[int]]:
    """'a quarter of cases', 'half of the visits', 'two thirds of loans', 'one fifth of orders': a rate; the
    tokens it used. Not a part of a time ('a quarter of the year', 'the first quarter of 2024')."""
    t = tokens[i].text
    if t == "half":
        k, n = i, 1.0
        if i >= 1 and tokens[i - 1].text in ("a", "one"):
            return None, [i]  # "a half": read from its article
    elif t in ("a", "an", "one") or (parse_number(t) is not None and t.isalpha()):
        k, n = i + 1, 1.0 if t in ("a", "an", "one") else float(parse_number(t) or 0)
    else:
        return None, [i]
    if k + 2 >= len(tokens) or tokens[k].text not in _FRACTIONS or tokens[k + 1].text != "of":
        return None, [i]
    if i >= 1 and tokens[i - 1].text in ("first", "second", "third", "fourth", "last", "the"):
        return None, [i]
    nxt = k + 2
    while nxt < len(tokens) and tokens[nxt].text in ("the", "all", "our", "their", "a", "an"):
        nxt += 1
    if nxt >= len(tokens) or not tokens[nxt].text.isalpha() or tokens[nxt].text in _TIME_WORDS:
        return None, [i]
    value = n / _FRACTIONS[tokens[k].text]
    if not 0 < value < 1:
        return None, [i]
    return value, list(range(i, k + 1))


def _locale(text: str) -> tuple[str, str | None]:
    explicit = re.search(r"\b([a-z]{2})[_-]([a-z]{2})\b", text)
    if explicit:
        code = f"{explicit.group(1)}_{explicit.group(2).upper()}"
        if code in ("en_US", "en_GB", "de_DE", "fr_FR"):
            return code, f"locale {code}, as asked"
    for words, code in _LOCALES:
        for w in words:
            if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", text):
                return code, f"locale {code} (from '{w}')"
    for w in _UNSUPPORTED:
        if re.search(rf"(?<![a-z]){w}(?![a-z])", text):
            return "en_US", (
                f"'{w}' asked, but the value engine has data for en_US, en_GB, de_DE and fr_FR only: "
                "used en_US (edit 'locale' to change)"
            )
    return "en_US", None


#: a season of a year: its first and last day; winter is the one that starts in December of that year
_SEASONS = {
    "spring": lambda y: (dt.date(y, 3, 1), dt.date(y, 5, 31)),
    "summer": lambda y: (dt.date(y, 6, 1), dt.date(y, 8, 31)),
    "autumn": lambda y: (dt.date(y, 9, 1), dt.date(y, 11, 30)),
    "fall": lambda y: (dt.date(y, 9, 1), dt.date(y, 11, 30)),
    "winter": lambda y: (dt.date(y, 12, 1), dt.date(y + 1, 3, 1) - dt.timedelta(days=1)),
}


def _minus(end: dt.date, n: int, unit: str) -> dt.date:
    if unit.startswith("year"):
        try:
            return dt.date(end.year - n, end.month, end.day) + dt.timedelta(days=1)
        except ValueError:  # 29 February in a year without one
            return dt.date(end.year - n, 3, 1)
    if unit.startswith("quarter"):
        n, unit = 3 * n, "months"
    if unit.startswith("month"):
        months = end.year * 12 + end.month - 1 - n + 1
        return dt.date(months // 12, months % 12 + 1, 1)
    if unit.startswith("week"):
        return end - dt.timedelta(weeks=n) + dt.timedelta(days=1)
    return end - dt.timedelta(days=n) + dt.timedelta(days=1)


_MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr"
    r"|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
)


def _month_span(text: str, year: str) -> tuple[tuple[dt.date, dt.date], str, list[tuple[int, int]]] | None:
    """Months said with their year: 'between January and June 2025', 'from March to September 2025', 'from
    November 2024 to February 2025', 'March-May 2024' (the first of the first month to the last day of the
    second; a first month after the second without its own year is of the year before), or one month, 'in March
    2025'."""
    m = re.search(
        rf"\b(?:(?:from|between)\s+)?{_MONTH}(?:\s+{year})?\s*(?:to|and|until|till|through|-)\s*{_MONTH}\s+{year}\b",
        text,
    )
    if m and (m.group(0).split()[0] in ("from", "between") or "and" not in m.group(0).split()):
        a, b = _MONTHS.index(m.group(1)[:3]) + 1, _MONTHS.index(m.group(3)[:3]) + 1
        last_year = int(m.group(4))
        first_year = int(m.group(2)) if m.group(2) else (last_year if a <= b else last_year - 1)
        first = dt.date(first_year, a, 1)
        last = dt.date(last_year, b, calendar.monthrange(last_year, b)[1])
        if first <= last:
            return (first, last), f"time span {first} to {last} (from '{m.group(0)}')", [m.span()]
    m = re.search(rf"\b(?:in|during|throughout|for)\s+(?:the\s+month\s+of\s+)?{_MONTH}\s+{year}\b", text)
    if m:  # "in March 2025": that month
        y, k = int(m.group(2)), _MONTHS.index(m.group(1)[:3]) + 1
        first, last = dt.date(y, k, 1), dt.date(y, k, calendar.monthrange(y, k)[1])
        return (first, last), f"time span {first} to {last} (from '{m.group(0)}')", [m.span()]
    return None


def _span(text: str) -> tuple[tuple[dt.date, dt.date], str, list[tuple[int, int]]]:
    """The time span asked for, a note saying how it was read, and the character ranges it used."""
    year = r"(19[5-9]\d|20[0-4]\d)"
    months = _month_span(text, year)
    if months is not None:
        return months
    m = re.search(
        rf"\b(?:from|between)\s+{year}\s+(?:to|and|until|-)\s+{year}\b|\b{year}\s*(?:-|–|to)\s*{year}\b", text
    )
    if m:
        a, b = [int(g) for g in m.groups() if g]
        lo, hi = min(a, b), max(a, b)
        return (
            (dt.date(lo, 1, 1), dt.date(hi, 12, 31)),
            f"time span {lo}-01-01 to {hi}-12-31 (from '{m.group(0)}')",
            [(with_period_word(text, m.start()), m.end())],
        )
    quarter = quarter_span(text, year)
    if quarter is not None:
        return quarter
    m = re.search(
        rf"\b(?:(?:in|during|for|throughout|of|over)\s+)?(?:the\s+)?{year}(?:\s*[/-]\s*\d{{2,4}})?\s+"
        r"(?:(school|academic|fiscal|financial|tax)\s+year|(season|semester|term|edition))\b",
        text,
    )
    if m:  # "the 2023 school year": September to June; a fiscal year, a season, read as the calendar year, and said
        y, kind = int(m.group(1)), m.group(2) or m.group(3)
        first, last = (
            (dt.date(y, 9, 1), dt.date(y + 1, 6, 30))
            if kind in ("school", "academic")
            else (dt.date(y, 1, 1), dt.date(y, 12, 31))
        )
        how = (
            "September to June"
            if kind in ("school", "academic")
            else "read as the calendar year; edit it if yours differs"
        )
        return (first, last), f"time span {first} to {last} (from '{m.group(0).strip()}': {how})", [m.span()]
    month = (
        r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr"
        r"|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
    )
    m = re.search(rf"\b(?:since|from)\s+(?:the\s+(?:start|beginning)\s+of\s+)?{month}(?:\s+{year})?\b", text)
    if m and m.group(1)[:3] in _MONTHS:  # "since March 2024"; "since March": of the year the span ends in
        first = dt.date(int(m.group(2) or ANCHOR.year), _MONTHS.index(m.group(1)[:3]) + 1, 1)
        last = max(ANCHOR, dt.date(first.year, 12, 31))
        return (
            (first, last),
            f"time span {first} to {last} (from '{m.group(0)}'; the end is fixed so drafts are reproducible)",
            [m.span()],
        )
    m = re.search(rf"\b(spring|summer|autumn|fall|winter)\s+(?:of\s+)?{year}\b", text)
    if m:  # "the summer of 2025", "in winter 2024": the season's months (the northern meteorological seasons)
        y, season = int(m.group(2)), m.group(1)
        first, last = _SEASONS[season](y)
        return (
            (first, last),
            f"time span {first} to {last} (from '{m.group(0)}': the northern season's months; edit it if yours differs)",
            [m.span()],
        )
    m = re.search(rf"\bsince\s+{year}\b", text)
    if m:
        y = int(m.group(1))
        return (
            (dt.date(y, 1, 1), max(ANCHOR, dt.date(y, 12, 31))),
            (
                f"time span {y}-01-01 to {max(ANCHOR, dt.date(y, 12, 31))} (from '{m.group(0)}'; the end is fixed so "
                "drafts are reproducible)"
            ),
            [m.span()],
        )
    m = re.search(rf"\b(?:in|during|for|throughout|of)\s+{year}\b", text) or re.search(
        # "50,000 rides over 2024": a year after 'over' or 'across' where no noun follows it ("over 2000 customers"
        # is a count)
        rf"\b(?:over|across)\s+{year}(?=\s*(?:[,;.:)]|$)|\s+(?:and|with|where|while|in|on|at|for|by)\b)",
        text,
    )
    m = m or year_before_counted_noun(text, year)  # "2,000 volunteers ...; over 2023 volunteers sent ..."
    if m:
        y = int(m.group(1))
        return (
            (dt.date(y, 1, 1), dt.date(y, 12, 31)),
            f"time span {y}-01-01 to {y}-12-31 (from '{m.group(0)}')",
            [m.span()],
        )
    # the first length of time said as a span: "every 2 weeks for a year" is an interval, then the span
    m = next(
        (
            m
            for m in re.finditer(
                r"\b(?:over|across|covering|spanning|for|in|of|during)?\s*(?:the\s+)?(?:last|past)?\s*"
                r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|twenty|a)\s+"
                r"(years?|quarters?|months?|weeks?|days?)\b(?:\s+of\s+(?:data|history|activity))?",
                text,
            )
            if m.group(0).strip().split()[0]
            in ("over", "across", "covering", "spanning", "for", "in", "of", "during", "the", "last", "past")
            or "of data" in m.group(0)
            or "of history" in m.group(0)
            or "of activity" in m.group(0)
        ),
        None,
    )
    if m:
        n = 1 if m.group(1) == "a" else int(parse_number(m.group(1)) or 1)
        start = _minus(ANCHOR, n, m.group(2))
        return (
            (start, ANCHOR),
            (
                f"time span {start} to {ANCHOR}: {n} {m.group(2)} ending {ANCHOR} (from "
                f"'{m.group(0).strip()}'; the end is fixed so drafts are reproducible)"
            ),
            [m.span()],
        )
    start_date, end_date = DEFAULT_SPAN
    return (start_date, end_date), f"no time span asked: dates fall between {start_date} and {end_date}", []


#: "every year from 2021 to 2024", "each month between 2023 and 2024", "every quarter of 2025": the span of
#: a clause's rows made once per calendar unit, said right after the unit
_PERIOD_SPAN = re.compile(
    r"\b(?:every|each)\s+(?:day|week|month|quarter|year)\s+(?:(?:from|between)\s+(19[5-9]\d|20[0-4]\d)\s+"
    r"(?:to|and|until|through|-)\s+(19[5-9]\d|20[0-4]\d)|(?:of|in|during|throughout)\s+(19[5-9]\d|20[0-4]\d))\b"
)


def _period_span_phrases(text: str) -> list[tuple[int, int, tuple[dt.date, dt.date]]]:
    """Where a clause says the span of its rows made per calendar unit ("a germination test every year from
    2021 to 2024"), and that span: the request's own span is read without them."""
    out = []
    for m in _PERIOD_SPAN.finditer(text):
        a, b = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(3)), int(m.group(3)))
        out.append((m.start(), m.end(), (dt.date(min(a, b), 1, 1), dt.date(max(a, b), 12, 31))))
    return out


def _blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with the character ranges blanked (offsets kept)."""
    for a, b in ranges:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def _context(text: str) -> str:
    """The setting the request describes ('a dental clinic'): the part before ':' or before the first list."""
    if ":" in text:
        head = text.split(":", 1)[0]
    else:
        head = re.split(r"\bwith\b|,|;|\bthat\b|\bwhere\b|\d", text, maxsplit=1)[0]
    words = [w for w in re.findall(r"[a-z\u00c0-\u024f][a-z\u00c0-\u024f\-']*", head) if w not in STOPWORDS]
    return " ".join(words[:6])


def parse_request(
    text: str, phrases: dict[str, tuple[str, ...]], scenario_phrases: dict[str, list[tuple[str, str]]]
) -> Request:
    """Read ``text`` against the catalogue's entity ``phrases`` (phrase -> kinds) and scenario phrases
    (phrase -> [(kind, scenario)])."""
    if not isinstance(text, str) or not text.strip():
        raise SpecError(
            "draft: the request is empty; describe the data in a sentence, e.g. "
            '"an online shop: 2,000 customers, orders with a 1% fraud rate"'
        )
    if len(text) > 4000:
        raise SpecError(f"draft: the request is {len(text):,} characters; keep it under 4,000 (a sentence or two)")
    low = " ".join(text.lower().replace("’", "'").replace("–", "-").replace("—", "-").split())
    low = steps_in_numbers(low, parse_number, _PERIOD_SPAN)  # "every hour": "every 1 hour" (draft65)
    low, subtypes = _subtype_lists(low)
    locale, locale_note = _locale(low)
    # "twice a day", "3 times a week": how often, not a time span of one day or week
    spanned = _OFTEN_TEXT.sub(lambda m: " " * len(m.group(0)), low)
    own = _period_span_phrases(spanned)
    span, span_note, span_ranges = _span(_blank(spanned, [(a, b) for a, b, _ in own]))
    if not span_ranges:  # a clause's period span is the only span said: the request's too, as before
        span, span_note, span_ranges = _span(spanned)
    tokens = _tokens(low)
    req = Request(
        text=text,
        tokens=tokens,
        context=_context(low),
        locale=locale,
        locale_note=locale_note,
        span=span,
        span_note=span_note,
        subtypes=subtypes,
    )
    # tokens inside the time span phrase are not counts
    for i, t in enumerate(tokens):
        if any(a <= t.start < b for a, b in span_ranges):
            req.consumed.add(i)
    for a, b, own_span in own:  # "every year from 2021 to 2024": the years are the unit's span, not counts
        unit = next((i for i, t in enumerate(tokens) if t.start >= a), None)
        if unit is None:
            continue
        req.period_spans[unit + 1] = own_span
        req.consumed.update(i for i, t in enumerate(tokens) if tokens[unit + 1].end < t.start < b)
    max_len = max((len(p.split()) for p in list(phrases) + list(scenario_phrases)), default=1)
    context_clause = 0 if ":" in low or (tokens and _context(low)) else -1
    context_end = low.find(":") if ":" in low else -1
    if context_end >= 0:
        context_end = _setting_counts(req, low, context_end)
    if context_end < 0 and re.match(r"(?:a|an|the|our|my)\s", low):
        # "a telecom operator with ...": the setting, not a list of tables
        # a size said of the setting ("a 300-seat cinema") does not end it; a count does
        cut = re.search(r"\bwith\b|,|;|\bthat\b|\bwhere\b|\bhaving\b|\d(?![\d,.]*-[a-z])", low)
        context_end = cut.start() if cut else -1

    # rates: N% / N percent / one in N
    for i, t in enumerate(tokens):
        if i in req.consumed:
            continue
        value: float | None = None
        used = [i]
        nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if parse_number(t.text) is not None and nxt in ("%", "percent", "per-cent", "pct"):
            value = float(parse_number(t.text) or 0) / 100
            used.append(i + 1)
        elif parse_number(t.text) is not None and nxt == "per" and i + 2 < len(tokens) and tokens[i + 2].text == "cent":
            value = float(parse_number(t.text) or 0) / 100
            used += [i + 1, i + 2]
        elif nxt in ("in", "out") and _n_in_m(tokens, i) is not None:
            # "2 in 100 screenings", "one in twenty displays", "two in a hundred", "3 out of every 100"
            value, said = _n_in_m(tokens, i) or (0.0, [])
            used += said
        elif nxt == "per" and _n_per_m(tokens, i) is not None:
            value, used = _n_per_m(tokens, i) or (0.0, [])  # "3 per 100 reviews", "2 per thousand"
        elif _noun_in_m(tokens, i) is not None:
            value, used = _noun_in_m(tokens, i) or (0.0, [])  # "one line in 20 is back-ordered"
        if value is None:
            value, used = _share_at(tokens, i)
        if value is None:
            continue
        if not 0 < value <= 1:
            raise SpecError(f"draft: '{low[t.start : tokens[used[-1]].end]}': a rate is more than 0% and at most 100%")
        req.consumed.update(used)
        req.rates.append(Rate(value, low[t.start : tokens[used[-1]].end], i, t.clause))

    _payment_means(req)
    _relative_clauses(req, low, context_end)
    # phrases, longest first: scenario phrases, then entity phrases
    i = 0
    while i < len(tokens):
        if i in req.consumed or (context_end >= 0 and tokens[i].start < context_end):
            i += 1
            continue
        hit = None
        for n in range(min(max_len, len(tokens) - i), 0, -1):
            span_idx = range(i, i + n)
            if any(j in req.consumed for j in span_idx):
                continue
            phrase = " ".join(tokens[j].text for j in span_idx)
            if (
                phrase in scenario_phrases
                and not (n == 1 and phrase in phrases and not _rate_near(req, i))
                and not _counted_plural(req, i, n)
                and not _act_of_the_business(req, i, n)
            ):
                hit = ("scenario", phrase, n)
                break
            if phrase in phrases:
                hit = ("entity", phrase, n)
                break
        if hit is None:
            i += 1
            continue
        kind, phrase, n = hit
        if _verb_between_counts(req, i, n):
            # "25 technicians visit 3,000 properties": a verb between two counted nouns, not a table, nor a word
            # of the noun after it ("members book classes": no table `book_classes`)
            req.consumed.update(range(i, i + n))
            i += n
            continue
        if n == 1 and i >= 1 and tokens[i - 1].text in ("who", "whom") and not _plural(tokens[i].text):
            # "2,500 people who book tickets": the verb of the people before 'who', not a word of the noun after
            req.consumed.add(i)
            i += 1
            continue
        if kind == "entity" and _verb_before_cap(req, i, n):
            req.consumed.update(range(i, i + n))
            i += n  # "a member books no more than 4 classes": the owner's verb before its bound, not a table
            continue
        if kind == "entity" and _compound_after(req, i, n):
            i += n + 1  # "car parks": one noun of its own, not the catalogue's cars; left to the unknown nouns
            continue
        if kind == "entity" and _had_by_rated_rows(req, i, n):
            req.consumed.update(range(i, i + n))
            i += n  # "1% of journeys without a ticket": what the rate's rows have or lack, not a table
            continue
        if _modifies_next(req, i, n, rated=kind == "entity", phrases=phrases):
            # "rentals with damage reports", "paid with a guest pass": a word describing the next noun; "4,000
            # truck fuel receipts": the words up to the compound's head too, catalogue words or not, are left to
            # the reading of unknown nouns, which gives the compound its count (issue 20, draft35)
            head = _compound_from(req, i, n, phrases)
            i = head + 1 if head is not None else i + n
            continue
        if kind == "scenario":
            for owner, scenario in scenario_phrases[phrase]:
                req.scenario_hits.append((owner, scenario, i, tokens[i].clause))
        else:
            req.mentions.append(Mention(phrase, i, i + n - 1, tokens[i].clause, phrases[phrase]))
        req.consumed.update(range(i, i + n))
        i += n
    _one_kind_compounds(req)
    _quantities_before_records(req)
    for k in range(len(tokens) - 2):  # "every 30 minutes": how often, not 30 rows of a table of minutes
        if tokens[k].text == "every" and tokens[k + 1].text.isdigit() and tokens[k + 2].text in _TIME_UNITS:
            req.consumed.update((k, k + 1, k + 2))
            _modifier_before_step(req, k)
    # "each athlete books sessions with a coach": the verb is no word of a noun (draft54); doer and partner tables
    each_doer_verb(req, STOPWORDS, phrases, Mention)
    _counts(req)
    _collectives_counted(req)
    _unknown_nouns(req, context_clause, context_end)
    _compounds_said_again(req, context_end)
    req.verb_records = find_verb_records(req, phrases, Mention)
    records_of_each_acts(req)
    for v in req.verb_records:  # the record named by its verb alone: the verb is its noun (a table of the acts)
        if not v.said:
            req.mentions[:] = [m for m in req.mentions if not m.first <= v.verb <= m.last]
            req.mentions.append(Mention(v.noun, v.verb, v.verb, tokens[v.verb].clause, v.kinds))
            req.consumed.update(v.between)  # "follow other users": 'other' is no word of the users' noun
    for r in req.rates:
        r.words = _rate_words(req, r)
    req.mentions.sort(key=lambda m: m.first)
    return req


def _compounds_said_again(req: Request, context_end: int = -1) -> None:
    """'120 narrowboat owners under mooring permits, each owner holding one or two permits': a plural noun of
    two words after a preposition, uncounted and read as no table, whose last word a later table is named by,
    is that table's noun said in full; the table is named by both words (the later one its head said again).
    Not in the setting before a ':' ("a core facility for scientific instruments: 9 instruments"): words of
    what the setting is, the table is named as its count names it."""
    toks = req.tokens
    covered = {j for m in req.mentions for j in range(m.first, m.last + 1)}
    for m in list(req.mentions):
        if m.first != m.last or not _plural(m.phrase) or not m.phrase.isalpha():
            continue
        for k in range(2, m.first):
            if toks[k].text != m.phrase or {k, k - 1} & covered or toks[k].start < context_end:
                continue
            word, before = toks[k - 1], toks[k - 2]
            if (
                word.clause == toks[k].clause == before.clause
                and word.text.isalpha()
                and word.text not in STOPWORDS
                and not _plural(word.text)
                and before.text in _PLACED | _ENDS_NOUN | _RELATING
                and not (
                    k + 1 < len(toks)
                    and toks[k + 1].clause == word.clause
                    and toks[k + 1].text.isalpha()
                    and toks[k + 1].text not in STOPWORDS | _PLACED | _ENDS_NOUN | _RELATING
                )
            ):
                req.mentions.append(Mention(f"{word.text} {m.phrase}", k - 1, k, word.clause, ()))
                covered.update((k - 1, k))
                break


def _setting_counts(req: Request, low: str, context_end: int) -> int:
    """Where the setting before a ':' ends: at a count of a plural noun in it ("a network of 30 museums: ...",
    "a cider maker buying from fourteen orchards: ..."): those are rows of a table the request names, not words
    of the setting. Not a size said of the setting ("a 300-seat cinema"), nor a year, nor a rate. A year is written
    without a thousands separator ("a bank with 2,000 customers: ..." counts customers); one or two words may stand
    between the count and its plural ("for 85 dental practices")."""
    toks = req.tokens
    for i, t in enumerate(toks[:-1]):
        if t.start >= context_end:
            break
        n = parse_number(t.text)
        # "founded in 2001", "since 1998": a year; "with 1950 members": a count all the same
        year = (
            1900 <= (n or 0) < 2100
            and "," not in t.text
            and (i == 0 or toks[i - 1].text in _YEAR_BEFORE or not _plural_soon(toks, i, context_end))
        )
        if n is None or i in req.consumed or low[t.end : t.end + 1] == "-" or year:
            continue
        if any(r.first <= i <= r.first + 2 for r in req.rates):
            continue
        if _plural_soon(toks, i, context_end):
            return t.start
    return context_end


#: words before a year ("founded in 2001", "since 1998", "the class of 2024")
_YEAR_BEFORE = frozenset({"in", "since", "of", "from", "until", "till", "by", "during", "before", "after"})


def _plural_soon(toks: list[Token], i: int, end: int) -> bool:
    """A plural noun within the three words after the count at ``i``, in its clause and before ``end`` (a
    character offset): "85 practices", "85 dental practices", "1,200 registered families"."""
    for nxt in toks[i + 1 : i + 4]:
        if nxt.start >= end or nxt.clause != toks[i].clause or not nxt.text.isalpha():
            return False
        if _plural(nxt.text):
            return True
    return False


#: words that open a clause describing the noun before them ("appointments where a vet sees a pet")
_RELATIVE_WORDS = frozenset({"where", "when", "whereby", "that", "which"})
_RELATIVE_PREPOSITIONS = frozenset({"in", "at", "during", "on", "for"})  # "hearings at which", "trips during which"
_DETERMINERS = frozenset({"a", "an", "the", "one", "each", "every", "some", "another", "their", "its"})


def _relative_clauses(req: Request, low: str, context_end: int) -> None:
    """'20,000 appointments where a vet sees a pet', 'hearings at which a judge hears a defendant', 'crossings
    that a ferry makes', 'rentals, a clerk renting a costume to a customer', 'lessons, each with one tutor and
    one student': a clause after a plural noun that says what one of its rows is. Its words are kept in
    ``req.relatives`` (they name the tables the row relates) and consumed: a singular noun or a verb there ('a
    truck visits a household') is no table of its own."""
    toks = req.tokens
    for i, t in enumerate(toks):
        if i < 1 or i in req.consumed or context_end >= 0 and t.start < context_end:
            continue
        anchor = i - 1
        start = i
        if t.text in _RELATIVE_WORDS:
            if t.text in ("that", "which") and not (
                i + 1 < len(toks) and (toks[i + 1].text in _DETERMINERS or _plural(toks[i + 1].text))
            ):
                continue  # "orders that were returned late": no subject after it, no row described
        elif t.text in _RELATIVE_PREPOSITIONS and i + 1 < len(toks) and toks[i + 1].text == "which":
            pass
        elif _each_row_named(req, i) is not None:  # "in every game one player faces another player"
            anchor, start = _each_row_named(req, i) or 0, i + 3
            req.consumed.update(range(i, i + 3))
        elif (  # "rentals, a clerk renting a costume": a row said as its doer doing it; "lessons, each with one"
            t.text in _DETERMINERS
            and i + 2 < len(toks)
            and low[toks[i - 1].end : t.start].strip() == ","
            and (toks[i + 2].text.endswith("ing") or t.text == "each" and toks[i + 1].text == "with")
            and not (  # "canoes, each canoe getting one or two paddles": a count of paddles per canoe, no row's doer
                i + 3 < len(toks) and (parse_number(toks[i + 3].text) is not None or toks[i + 3].text in _COUNT_WORDS)
            )
        ):
            pass
        else:
            continue
        if not (_plural(toks[anchor].text) and toks[anchor].text.isalpha()) or anchor in req.consumed:
            continue
        end = start
        while (
            end + 1 < len(toks)
            and end + 1 - start < 14
            and (parse_number(toks[end + 1].text) is None or toks[end + 1].text == "one")  # 'with one tutor'
            and toks[end + 1].text not in ("%", "percent")
            and not any(c in low[toks[end].end : toks[end + 1].start] for c in ",;:().")
        ):
            end += 1
        if end - start < 2:
            continue
        req.relatives.append((anchor, start, end))
        req.consumed.update(range(start, end + 1))


def _each_row_named(req: Request, i: int) -> int | None:
    """'..., and in every game one player faces another player', 'at each hearing a judge hears a defendant':
    a clause that says what each row of a table named before is, the table said again in the singular after
    'in/at/during each'. The token of the table's plural said before, or None."""
    toks = req.tokens
    if not (
        toks[i].text in _RELATIVE_PREPOSITIONS
        and i + 3 < len(toks)
        and toks[i + 1].text in ("each", "every")
        and toks[i + 3].text in _DETERMINERS
        and toks[i + 2].text.isalpha()
        and not _plural(toks[i + 2].text)
    ):
        return None
    word = toks[i + 2].text
    named = [k for k in range(i) if toks[k].text in (plural_of(word), word + "s") and _plural(toks[k].text)]
    return named[-1] if named else None


_PAYING = frozenset({"paid", "pay", "pays", "paying", "purchased", "bought", "settled", "charged"})
_MEANS_WORDS = frozenset({"by", "with", "in", "using", "via"})
#: plural words that name a means of payment, not the people who pay ("paid by customers")
_PLURAL_MEANS = frozenset(
    "miles points credits tokens vouchers coupons cheques checks cards instalments installments bitcoins".split()
)
_CURRENCY_WORDS = frozenset("euros dollars pounds yen francs usd eur gbp cents".split())


def _payment_means(req: Request) -> None:
    """'paid by card or with miles', 'paid with a gift card', 'paid in cash': the means after a paying word
    are consumed (no table of cards or miles) and kept for the composer as values of a column."""
    toks = req.tokens
    for i, t in enumerate(toks):
        if t.text not in _PAYING or i in req.consumed:
            continue
        means: list[str] = []
        used: list[int] = []
        k, prep = i + 1, None
        while k < len(toks):
            if toks[k].text in _MEANS_WORDS:
                prep, k = toks[k].text, k + 1
            elif prep is None:
                break
            while k < len(toks) and toks[k].text in ("a", "an", "the", "their", "its"):
                k += 1
            words: list[int] = []
            while (
                k < len(toks)
                and len(words) < 3
                and toks[k].text.isalpha()
                and toks[k].text not in STOPWORDS
                and toks[k].text not in _MEANS_WORDS
            ):
                words.append(k)
                k += 1
            if not words:
                break
            last = toks[words[-1]].text
            if last in _CURRENCY_WORDS or k - len(words) in req.consumed:
                break
            if prep == "by" and _plural(last) and last not in _PLURAL_MEANS:
                break  # "paid by 5,000 members", "paid by customers": who pays, related elsewhere
            means.append(" ".join(toks[j].text for j in words))
            used.extend(words)
            if k + 1 < len(toks) and toks[k].text in ("or", "and"):
                k += 1  # "by card or with miles", "by card or cash"
                continue
            if k < len(toks) and toks[k].text in _MEANS_WORDS and "," in req.text[toks[k - 1].end : toks[k].start]:
                continue  # "in cash, by card or with points"
            break
        if means:
            req.consumed.update(used)
            req.payments[i] = means


def _one_kind_compounds(req: Request) -> None:
    """Two catalogue phrases of one kind side by side in a clause ("5,400 assignment submissions": both the
    catalogue's submission) are one noun, counted as one: the first word only says which."""
    out: list[Mention] = []
    for m in req.mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.last + 1 == m.first and prev.clause == m.clause and prev.kinds == m.kinds:
            out[-1] = replace(m, phrase=f"{prev.phrase} {m.phrase}", first=prev.first)
            continue
        out.append(m)
    req.mentions[:] = out


def _counted_plural(req: Request, i: int, n: int) -> bool:
    """'12,000 hires', '300 refunds': a scenario's word as a plural noun counted by a number is a table's noun,
    not what happens to some rows."""
    toks = req.tokens
    return (
        i >= 1
        and parse_number(toks[i - 1].text) is not None
        and _plural(toks[i + n - 1].text)
        and not _rate_near(req, i)
    )


#: acts of hiring or renting a thing out, as a business names itself by them ('a tool hire shop', 'a boat rental
#: company', 'yacht charter'): the catalogue has 'hires' only as an HR outcome (an application ending in a hire)
_HIRING_OUT = frozenset({"hire", "rental", "charter"})


def _act_of_the_business(req: Request, i: int, n: int) -> bool:
    """'hires' in 'a tool hire shop: ... customers and hires; 4% of hires are returned damaged': a plural of an
    act of hiring out, where the request also says the act's own word before a noun (the business's trade: 'hire
    shop', 'charter firm'), is that business's table of hires, not a scenario word of another domain's kind (HR's
    hires). 'Applications that end in a hire' says the act itself: HR's, left alone."""
    word = req.tokens[i].text
    if n != 1 or not _plural(word):
        return False
    one = next((w for w in _HIRING_OUT if plural_of(w) == word), None)
    toks = req.tokens
    return one is not None and any(  # the word before a noun ('hire shop'), not an act ('end in a hire')
        t.text == one
        and k + 1 < len(toks)
        and toks[k + 1].clause == t.clause
        and toks[k + 1].text.isalpha()
        and toks[k + 1].text not in STOPWORDS
        and (k == 0 or toks[k - 1].text not in ("a", "an", "the", "one", "each", "per", "every"))
        for k, t in enumerate(toks)
    )


def _verb_between_counts(req: Request, i: int, n: int) -> bool:
    """A singular word between a counted plural noun and a count, in one clause ("25 technicians visit 3,000
    properties", "readers leave 25,000 comments"), or between a plural noun the request named in an earlier
    clause and a plural ("450 members; members book desks"): the verb of a sentence whose subject is the first
    noun, not a noun of its own, though the catalogue knows the word ('visit', 'leave', 'book')."""
    toks = req.tokens
    j = i + n
    if n != 1 or i < 2 or j >= len(toks) or _plural(toks[i].text) or not toks[i].text.isalpha():
        return False
    before, clause = toks[i - 1], toks[i].clause
    if before.clause != clause or toks[j].clause != clause or not before.text.isalpha() or before.text in STOPWORDS:
        return False
    if not _plural(before.text):
        return False
    named_before = any(t.text == before.text and t.clause < clause for t in toks[: i - 1])
    counted = any(
        parse_number(toks[k].text) is not None and toks[k].clause == clause for k in range(max(0, i - 4), i - 1)
    )
    if parse_number(toks[j].text) is None:
        # "450 members; members book desks by the day", "members book yoga sessions": a subject named before in
        # another clause, a plural object (one word before it at most)
        obj = next(
            (k for k in (j, j + 1) if k < len(toks) and toks[k].clause == clause and _plural(toks[k].text)), None
        )
        return (
            obj is not None
            and all(toks[k].text.isalpha() and toks[k].text not in STOPWORDS for k in range(j, obj + 1))
            and (named_before or counted)  # "300 guests book pods": a counted subject, then its verb
        )
    return named_before or counted  # "450 members; members book 3,000 classes"; "25 technicians visit 3,000 …"


def _verb_after_subject(req: Request, i: int, clause: int) -> bool:
    """Token i is a singular word right after a plural the request named in an earlier clause, in its clause,
    before the plural it governs ("200 sailors; sailors rent kayaks"): the verb of that subject."""
    toks = req.tokens
    if i < 1 or not toks[i].text.isalpha() or toks[i].text in STOPWORDS or _plural(toks[i].text):
        return False
    before = toks[i - 1]
    return (
        before.clause == clause
        and before.text.isalpha()
        and before.text not in STOPWORDS
        and _plural(before.text)
        and any(t.text == before.text and t.clause < clause for t in toks[: i - 1])
    )


def _had_by_rated_rows(req: Request, i: int, n: int) -> bool:
    """A singular catalogue word after 'with'/'without' (and an article) in the part of a request that states a
    rate ("1% of journeys without a ticket", "5% of orders with a coupon"): a property of the rate's rows."""
    toks = req.tokens
    k = i - 1
    if k >= 0 and toks[k].text in ("a", "an", "any"):
        k -= 1
    return (
        k >= 0
        and toks[k].text in ("with", "without")
        and not _plural(toks[i + n - 1].text)
        and parse_number(toks[k - 1].text if k >= 1 else "") is None
        and in_rate_part(req, i)
    )


def _modifies_next(req: Request, i: int, n: int, *, rated: bool, phrases: dict[str, tuple[str, ...]]) -> bool:
    """A one-word phrase, singular and uncounted, just before a noun of its clause that no phrase begins
    ("damage reports", "a guest pass"): it describes that noun. A scenario word ("damage") so only where
    the clause has no rate ("rentals with damage reports"); a kind's word ("guest") so only in a clause
    of a rate, where it is no table asked for ("8% of visits paid with a guest pass")."""
    toks = req.tokens
    j = i + n
    if n != 1 or j >= len(toks) or toks[j].clause != toks[i].clause or _plural(toks[i].text):
        return False
    nxt = toks[j].text
    if nxt in STOPWORDS or parse_number(nxt) is not None or not nxt.isalpha() or j in req.consumed:
        return False
    if i >= 1 and parse_number(toks[i - 1].text) is not None:
        # "1 guest room": counted; "8 route setters": a count of many before a singular word, and a plural
        # noun the catalogue lacks after it: the word says which setters ("6,500 repair tickets": a kind's)
        return _compound_from(req, i, n, phrases) is not None
    if _compound_from(req, i, n, phrases) is not None:
        return True  # "monthly vehicle inspection reports": uncounted, the compound's first word all the same
    if (
        _plural(nxt)
        and nxt not in phrases
        and any(  # "picks by order pickers", the 40 order pickers counted before
            toks[k].text == toks[i].text and toks[k + 1].text == nxt and parse_number(toks[k - 1].text) not in (None, 1)
            for k in range(1, len(toks) - 1)
            if k != i
        )
    ):
        return True
    in_rate_clause = in_rate_part(req, i)
    if rated and _plural(nxt) and nxt not in phrases and noun_class(nxt) == "event":
        return True  # "lesson completions", "quiz attempts": what happens to or in a lesson, a table of its own
    if rated:
        return in_rate_clause
    return not in_rate_clause and _plural(nxt)


def _compound_from(req: Request, i: int, n: int, phrases: dict[str, tuple[str, ...]]) -> int | None:
    """The head of the compound noun a singular catalogue word at token i begins, or None: counted, after a
    count of many ("8 route setters", "4,000 truck fuel receipts"); uncounted, with a word between it and the
    head ("monthly vehicle inspection reports", "course feedback forms of students": a plural right after it
    may be its verb, "a customer places orders"), not in the part of a rate nor after 'per' or 'each'."""
    toks = req.tokens
    j = i + n
    if n != 1 or j >= len(toks) or toks[j].clause != toks[i].clause or _plural(toks[i].text):
        return None
    count = parse_number(toks[i - 1].text) if i >= 1 else None
    if count is None and i >= 2 and toks[i - 1].text in _MULTIPLIERS and parse_number(toks[i - 2].text) is not None:
        count = parse_number(toks[i - 2].text)  # "3 million game sessions": counted too, the multiplier between
    if count == 1:
        return None
    head = _compound_head(req, j, phrases)
    if count is None and (
        head is None
        or head == j
        or in_rate_part(req, i)
        or (i >= 1 and toks[i - 1].text in ("per", "each", "every", "a", "an"))
    ):
        return None
    return head


def _compound_head(req: Request, j: int, phrases: dict[str, tuple[str, ...]]) -> int | None:
    """The plural head of a compound noun starting at token j, after a counted singular catalogue word: up to
    two singular words, then a plural, in one clause ("8 route setters", "1,500 module progress records", "800
    vehicle inspection reports"): the count is the compound's, not the modifier's, whatever words come between
    (issue 20, draft34). The words after the first may be the catalogue's too ("course feedback forms", "truck
    fuel receipts", "truck repair orders", draft35): the compound names one table, of the head and the word
    before it. Not a catalogue noun right after the first word ("2,000 customer orders": the orders, of
    customers), nor a catalogue noun of the last two words ("5,000 customer support tickets"): those are the
    catalogue's tables, read as before."""
    toks = req.tokens
    for k in range(j, min(j + 3, len(toks))):
        word = toks[k].text
        if (
            toks[k].clause != toks[j].clause
            or k in req.consumed
            or (word in STOPWORDS and not (k > j and _heads_a_noun(toks, k)))  # "attendance records"
            or (word in phrases and k == j and _plural(word))
            or not word.isalpha()
        ):
            return None
        if _plural(word):
            return None if k > j and f"{toks[k - 1].text} {word}" in phrases else k
    return None


def in_rate_part(req: Request, i: int) -> bool:
    """Token i is in the part of the request (between commas or semicolons) that states a rate: "8% of visits
    paid with a guest pass" is one part, though 'with' opens a clause."""
    toks = req.tokens
    lo = max(req.text.rfind(",", 0, toks[i].start), req.text.rfind(";", 0, toks[i].start))
    hi = min((k for k in (req.text.find(",", toks[i].end), req.text.find(";", toks[i].end)) if k >= 0), default=-1)
    return any(lo < toks[r.first].start and (hi < 0 or toks[r.first].start < hi) for r in req.rates)


def _rate_near(req: Request, i: int) -> bool:
    return any(abs(r.first - i) <= 4 and r.clause == req.tokens[i].clause for r in req.rates)


def _compound_after(req: Request, i: int, n: int) -> bool:
    """A catalogue word that begins a noun WordNet lists as one ('car parks', 'truck stops' are not cars), or
    that modifies the singular noun after it, made once per period or parent ('a membership fee every month')."""
    toks = req.tokens
    j = i + n
    if (
        j >= len(toks)
        or j in req.consumed
        or toks[j].clause != toks[i].clause
        or parse_number(toks[j].text) is not None
    ):
        return False
    if compound_senses([t.text for t in toks[i : j + 1]]):
        return True
    # "pays a membership fee every month", "a parking charge for each car": after an article, a catalogue word
    # before a singular noun the catalogue lacks, made once per period or parent, modifies that noun
    k = i - 2 if i >= 2 and toks[i - 1].text in PERIOD_WORDS else i - 1  # "a weekly meal voucher for each guest"
    return (
        k >= 0
        and toks[k].text in ("a", "an", "one")
        and j + 2 < len(toks)
        and toks[j].text.isalpha()
        and toks[j].text not in STOPWORDS
        and not _plural(toks[j].text)
        and toks[j + 1].text in ("every", "each", "per", "for")
        and toks[j + 1].clause == toks[i].clause
    )


def _per_after(toks: list[Token], last: int) -> str | None:
    """'x per y', 'x for each y', 'x each y': the parent phrase y after a mention ending at ``last``."""
    after = last + 1
    if (  # "harbour fees are charged for each contract": the passive's verb between the noun and its parent
        after + 2 < len(toks)
        and toks[after].text in ("are", "is", "get", "gets")
        and past_participle(toks[after + 1].text)
        and toks[after + 1].clause == toks[after + 2].clause == toks[last].clause
        and toks[after + 2].text in ("per", "for")
    ):
        after += 2
    # "1 to 3 accounts each, card transactions": the word after 'each' must be in the mention's clause
    if (
        after + 1 < len(toks)
        and toks[after].text in ("per", "each", "every")
        and toks[after + 1].clause == toks[last].clause
    ):
        return toks[after + 1].text
    if after + 2 < len(toks) and toks[after].text in ("for", "of") and toks[after + 1].text in ("each", "every"):
        return toks[after + 2].text  # "an invoice for each shoot", "a review of each poem"
    if (  # "90,000 parcels a week": per week
        after + 1 < len(toks)
        and toks[after].text in ("a", "an")
        and toks[after + 1].text in _CALENDAR_UNITS
        and toks[after + 1].clause == toks[last].clause
    ):
        return toks[after + 1].text
    return None


def _counts(req: Request) -> None:
    """A number just before a mention (up to two adjectives between, or 'rows of') is its count; 'N x per y' is
    per y ('x per y' without a number too)."""
    toks = req.tokens
    # "2,000 customer orders": a mention just before another is a modifier; the count is the second's
    ms = sorted(req.mentions, key=lambda m: m.first)
    modifiers = {a.last: a for a, b in zip(ms, ms[1:]) if b.first == a.last + 1 and a.clause == b.clause}
    for mention in req.mentions:
        if mention.last in modifiers and modifiers[mention.last] is mention:
            continue
        if mention.first >= 1 and toks[mention.first - 1].text in ("per", "each", "every"):
            continue  # "bills per customer per month": the customer names a parent, it has no count or per
        per = _per_after(toks, mention.last)
        if per is not None:
            mention.per = per
            if mention.first >= 1 and toks[mention.first - 1].text in ("a", "an", "one"):
                mention.per_count, mention.exact_per = 1, True  # "a review of each poem": one per poem
        k = mention.last + 1  # "measurements twice a week", "checks 3 times a day": how often, per parent row
        times = _OFTEN.get(toks[k].text) if k < len(toks) else None
        if times is None and k + 1 < len(toks) and toks[k + 1].text == "times" and toks[k].text.isdigit():
            times, k = int(toks[k].text), k + 1
        if times is not None and mention.often is None:
            mention.often = _how_often(toks, k + 1, times)
        j = mention.first - 1
        if j in modifiers:
            j = modifiers[j].first - 1
        skipped = 0
        while (
            j >= 0
            and skipped <= 2
            and j not in req.consumed
            and parse_number(toks[j].text) is None
            and toks[j].text not in ("of", "per", "and", "with")
            and toks[j].text not in _ENDS_NOUN  # "6,000 games between members": the games' count
            and toks[j].text not in _RELATING
            and toks[j].text not in _PLACED  # "9,000 wash cycles in machines": the cycles' count
            and toks[j].clause == mention.clause
        ):
            j -= 1
            skipped += 1
        if (
            j >= 2
            and toks[j].text == "of"
            and toks[j - 1].text in ("rows", "records", "entries")
            and j - 1 not in req.consumed
        ):  # "1,000,000 rows of sales"
            j -= 2
        if j < 0 or j in req.consumed or toks[j].clause != mention.clause and toks[j].text not in _MULTIPLIERS:
            continue
        value = parse_number(toks[j].text)
        first = j
        if value is not None and toks[j].text in _MULTIPLIERS and j >= 1 and parse_number(toks[j - 1].text) is not None:
            value = (
                float(parse_number(toks[j - 1].text) or 0) * _MULTIPLIERS[toks[j].text]
            )  # "1.5 million", "2 thousand"
            first = j - 1
        elif value is not None and j + 1 < mention.first and toks[j + 1].text in _MULTIPLIERS:
            value *= _MULTIPLIERS[toks[j + 1].text]
        elif toks[j].text in ("hundred", "thousand", "dozen") and j >= 1 and toks[j - 1].text in ("a", "one"):
            value = float(_MULTIPLIERS[toks[j].text])
        if value is None:
            continue
        if value != int(value):
            raise SpecError(
                f"draft: '{' '.join(t.text for t in toks[first : mention.last + 1])}': a count of rows is a "
                "whole number"
            )
        exact = first >= 1 and toks[first - 1].text == "exactly"
        cap = _cap_at(req, j)
        if cap is not None:  # "each customer holding at most two loans": a bound per owner, no count of rows
            bound, owner, said = cap
            req.consumed.update(range(said, mention.first))
            if per is None and owner is None:
                continue  # "at most 10 loans" with no owner named: no count, no per
            mention.per = per or owner
            mention.per_count, mention.per_range = (bound[0] + bound[1]) / 2, bound
            continue
        span = _range_at(req, j)
        if span is not None and (per is not None or _owner_before(req, mention.first) is not None):
            mention.per = per or _owner_before(req, mention.first)
            mention.per_count, mention.per_range = (span[0] + span[1]) / 2, span
            low = j - 1 if parse_number(toks[j - 1].text) is not None else j - 2
            req.consumed.update(range(low - (1 if low >= 1 and toks[low - 1].text == "between" else 0), mention.first))
            continue
        if per is None and _each_verb_owner(req, mention.first) is not None:
            # "each donation gets exactly one screening", "each hive has 3 frames": so many per parent row
            per = mention.per = _each_verb_owner(req, mention.first)
            exact = not _about(toks, first)
        each = _each_of_owner(req, mention.first, mention.last) if per is None else None
        if each is not None:  # "40 schools with 25 teachers each": 25 per school, 1,000 teachers in all
            per, mention.per = each, each
            exact = not _about(toks, first)  # "with about 3 report cards each": 3 on average
        of = _of_owner(req, mention.first) if per is None else None
        if of is not None:  # "30 classes of 25 pupils": 25 per class, 750 pupils in all
            per, mention.per = of, of
            exact = not _about(toks, first)
        if per is not None:
            mention.per_count = value
            mention.exact_per = exact or value == 1  # "one meter per household": each has one
        else:
            mention.count = int(value)
        req.consumed.update(range(first, mention.first))


#: words that place one counted noun on, in or at another ("300 boats at 12 piers")
_PLACED = frozenset(["on", "in", "at", "across", "under", "within"])


def _unknown_nouns(req: Request, context_clause: int, context_end: int) -> None:
    """Clauses that name no catalogue kind but hold a counted or listed noun become unknown mentions; a
    clause placing one counted noun in another ("300 boats at 12 piers") holds two."""
    toks = req.tokens
    by_clause: dict[int, list[int]] = {}
    for i, t in enumerate(toks):
        by_clause.setdefault(t.clause, []).append(i)
    # a noun after 'per' names a parent ("results per team"), not the clause's own noun
    named = [m for m in req.mentions if not (m.first >= 1 and toks[m.first - 1].text in ("per", "each", "every"))]
    known = {j for m in named for j in range(m.first, m.last + 1)} | {h[2] for h in req.scenario_hits}
    for clause, idx in by_clause.items():
        if context_end >= 0:
            # "a bakery chain of 9 shops selling ...": the setting ends where a count of a plural noun starts,
            # mid-clause (not "a 500-person company": a size said of the setting)
            idx = [i for i in idx if toks[i].start >= context_end]
            if not idx or (
                toks[idx[0] - 1].clause == clause
                and not (parse_number(toks[idx[0]].text) is not None and _plural_soon(toks, idx[0], len(req.text)))
            ):
                continue
        if context_end < 0 and clause == 0:
            continue  # the setting ("a dental clinic"), not a table
        if any(r.clause == clause for r in req.rates):
            continue
        if (
            any(r.first < idx[0] for r in req.rates)
            and in_rate_part(req, idx[0])
            and not any(parse_number(toks[i].text) is not None for i in idx)
        ):
            continue  # "8% of visits paid with a guest pass": what the rate says of its rows, not a table
        segments: list[list[int]] = [[]]
        for pos, i in enumerate(idx):
            nxt = idx[pos + 1] if pos + 1 < len(idx) else None
            # "300 boats at 12 piers", "essays of 900 students": a preposition before a second count ends the noun
            # ('of' after a plural only: "a median basket of 3 items" is one phrase, a statistic)
            if (
                (
                    toks[i].text in _PLACED
                    or (toks[i].text == "of" and segments[-1] and _plural(toks[segments[-1][-1]].text))
                )
                and nxt is not None
                and parse_number(toks[nxt].text) is not None
                and segments[-1]
            ):
                segments.append([])
                continue
            if toks[i].text == "and" and segments[-1] and _ends_a_noun(toks, segments[-1]):
                segments.append([])  # "30 rounds and results per team": two nouns, not 'salt and pepper shakers'
                continue
            if _counts_another(req, i, segments[-1]):
                segments.append([])  # "12,000 donors give 30,000 donations": a second count, a second noun
            if segments[-1] and nxt is not None and toks[i].text not in STOPWORDS and _verb_between_counts(req, i, 1):
                segments.append([])  # "1,200 climbers book walls": a counted subject's verb, then its object
                continue
            segments[-1].append(i)
        for seg in segments:
            if seg and not any(i in known for i in seg):
                _unknown_noun(req, seg, clause)
                continue
            # "6,000 games between members": the words before a known noun and its preposition are a noun too
            run: list[int] = []
            for i in seg:
                if i not in known:
                    run.append(i)
                    continue
                if len(run) >= 2 and _ends_at_preposition(toks, run[-1]):
                    _unknown_noun(req, run, clause)
                elif _counted_before_preposition(toks, run):
                    # "berths rented to 180 boat owners under berth contracts": the counted noun ends at 'under'
                    _unknown_noun(req, run, clause)
                run = []


def _range_at(req: Request, j: int) -> tuple[int, int] | None:
    """'1-5', '2 to 4', 'between 1 and 3': the whole-number range whose upper end is token j."""
    toks = req.tokens
    if j < 1 or parse_number(toks[j].text) is None:
        return None
    a = j - 2 if j >= 2 and toks[j - 1].text in ("to", "and", "or") else j - 1  # "2 to 4", "between 3 and 6"
    if parse_number(toks[a].text) is None:
        return None
    between = req.text[toks[a].end : toks[j].start].strip().lower()
    lo, hi = parse_number(toks[a].text), parse_number(toks[j].text)
    ok = (
        between in ("-", "–", "to")
        or (between == "and" and a >= 1 and toks[a - 1].text == "between")
        or (between == "or" and hi - lo == 1 if lo is not None and hi is not None else False)  # "one or two"
    )
    if not ok or lo is None or hi is None or lo != int(lo) or hi != int(hi) or not 0 <= lo < hi <= 1000:
        return None
    return int(lo), int(hi)


#: the words before a number that make it a bound, not a count: "at most two", "up to 40", "no more than 3"
_CAP_WORDS = (
    ("at", "the", "most"),
    ("at", "most"),
    ("up", "to"),
    ("no", "more", "than"),
    ("not", "more", "than"),
    ("a", "maximum", "of"),
    ("more", "than"),  # only after "no <owner> <verb>": "no reader has more than 10 loans"
)
#: the words before the owner of a bound: "each customer", "a distributor", "no reader"
_CAP_OWNER_WORDS = frozenset({"each", "every", "a", "an", "no", "any", "one"})


def _verb_before_cap(req: Request, i: int, n: int) -> bool:
    """Token i is a one-word present verb between a singular owner and the words of a bound on a number ('a
    member books no more than 4 classes', 'each reader loans up to 6 books'): the owner's verb, no noun."""
    toks = req.tokens
    word = toks[i].text
    if n != 1 or i < 2 or not word.isalpha() or not word.endswith("s") or word.endswith("ss"):
        return False
    owner, det = toks[i - 1], toks[i - 2]
    if det.text not in _CAP_OWNER_WORDS or not owner.text.isalpha() or owner.text in STOPWORDS:
        return False
    if _plural(owner.text) or len({det.clause, owner.clause, toks[i].clause}) > 1:
        return False
    for w in _CAP_WORDS:
        j = i + 1 + len(w)
        if w != ("more", "than") and j < len(toks) and tuple(t.text for t in toks[i + 1 : j]) == w:
            return parse_number(toks[j].text) is not None and toks[j].clause == toks[i].clause
    return False


def _cap_at(req: Request, j: int) -> tuple[tuple[int, int], str | None, int] | None:
    """'each customer holding at most two loans', 'no reader has more than 10 loans', 'each turbine gets up
    to 40 visits', 'a distributor holds no more than 2 contracts': the whole number at token j bounds the rows
    of one owner (0 to N each; how many in all is said elsewhere, or not at all), never counts a table. Returns
    the range, the owner's word (None when no singular noun with a verb of its own stands before the bound:
    'at most 10 loans per reader' names its owner by 'per'), and the first token of the bound's words."""
    toks = req.tokens
    n = parse_number(toks[j].text)
    if n is None or n != int(n) or not 1 <= n <= 1000:
        return None
    words = next((w for w in _CAP_WORDS if j >= len(w) and tuple(t.text for t in toks[j - len(w) : j]) == w), None)
    if words is None:
        return None
    said = j - len(words)
    verb = said - 1  # "holds", "holding", "has", "gets"
    noun = verb - 1
    det = noun - 1 if noun >= 1 and toks[noun - 1].text in _CAP_OWNER_WORDS else noun - 2  # "each pet owner"
    owner: str | None = None
    if (
        det >= 0
        and toks[det].text in _CAP_OWNER_WORDS
        and len({t.clause for t in toks[det : j + 1]}) == 1
        and toks[noun].text.isalpha()
        and toks[noun].text not in STOPWORDS
        and not _plural(toks[noun].text)
        and (toks[verb].text in _HAS or toks[verb].text.endswith(("ing", "s")))
        and not toks[verb].text.endswith("ss")
    ):
        owner = toks[noun].text
    if words == ("more", "than") and (owner is None or toks[det].text != "no"):
        return None  # "each order has more than 3 lines" is a floor, not a bound
    return (0, int(n)), owner, said


_ABOUT = frozenset({"about", "around", "roughly", "approximately", "some", "circa", "~"})


def _about(toks: list[Token], first: int) -> bool:
    """'about 3', 'around 40': the count before it is an average, not exact."""
    return first >= 1 and toks[first - 1].text in _ABOUT


def _each_of_owner(req: Request, first: int, last: int) -> str | None:
    """'40 schools with 25 teachers each', '1,000 orders with about 3 items each': the noun the clause's
    'with' follows, when 'each' ends the counted noun and names no parent after it."""
    toks = req.tokens
    if not (last + 1 < len(toks) and toks[last + 1].text == "each" and toks[last + 1].clause == toks[last].clause):
        return None  # "a bank with 2,000 customers: each customer has ...": that each opens the next clause
    if last + 2 < len(toks) and toks[last + 2].clause == toks[last].clause and toks[last + 2].text.isalpha():
        return None  # "3 items each order": the parent is named after it
    # "20 courses of 6 sessions each": the 'each' says the count after any plural's 'of' is per row of it
    return _owner_before(req, first) or _of_owner(req, first, any_noun=True) or _comma_owner(req, first)


def _comma_owner(req: Request, first: int) -> str | None:
    """'25 courses, 10 lessons each': a counted plural just before a comma and the count owns the rows counted
    after it ('each' ends them); not across a colon or semicolon, nor after a plural with no count."""
    toks = req.tokens
    k = first - 1
    while k > 0 and (parse_number(toks[k].text) is not None or toks[k].text in _COUNT_WORDS):
        k -= 1
    if k >= first - 1 or k < 1 or parse_number(toks[k + 1].text) is None and toks[k + 1].text not in _COUNT_WORDS:
        return None
    noun = toks[k]
    if req.text[noun.end : toks[k + 1].start].strip() != "," or not noun.text.isalpha() or not _plural(noun.text):
        return None
    return noun.text if parse_number(toks[k - 1].text) is not None else None


#: nouns of a group or a container of rows: '30 classes of 25 pupils' is 25 per class ('800 saddles of 600 riders'
#: is whose the saddles are, not 600 riders per saddle)
_GROUP_NOUNS = frozenset(
    "class team squad crew group department unit ward cohort division section platoon troop band choir "
    "pallet box crate carton case pack bundle batch lot set rack shelf tray herd flock pod litter".split()
)


def _of_owner(req: Request, first: int, *, any_noun: bool = False) -> str | None:
    """'30 classes of 25 pupils', '20 teams of 12-15 players': a count right after a group's or container's plural
    and its 'of' counts per row of that noun (a class of 25 pupils holds 25 of them), not the table in all. Not
    after a singular ('a median basket of 3 items' is a statistic, 'a network of 300 stores' the whole table), nor
    after other nouns ('800 saddles of 600 riders': whose they are) unless ``any_noun`` (an 'each' after the counted
    noun says it is per row: '20 courses of 6 sessions each')."""
    toks = req.tokens
    k = first - 1
    while k > 0 and (parse_number(toks[k].text) is not None or toks[k].text in _COUNT_WORDS):
        k -= 1
    if k >= first - 1 or k < 1 or toks[k].text != "of":
        return None
    noun = toks[k - 1]
    if noun.clause != toks[first].clause or not noun.text.isalpha() or not _plural(noun.text):
        return None
    return noun.text if any_noun or singular(noun.text) in _GROUP_NOUNS else None


def _owner_before(req: Request, first: int) -> str | None:
    """'orders with 1-5 items': the noun the clause's 'with' follows, the parent of a count per row."""
    toks = req.tokens
    owner = _of_owner(req, first)
    if owner is not None:
        return owner  # "classes of 20-30 pupils"
    owner = _each_verb_owner(req, first)
    if owner is not None:
        return owner  # "each customer has 1-3 accounts", "each pressing fills between 10 and 30 casks"
    for k in range(first - 1, max(0, first - 7), -1):  # "batches with between 3 and 6 samples"
        if toks[k].text == "with":
            j = k - 1  # "appointments in 2024 with 1-3 services": the noun before the time phrase
            if toks[j].text == "and":  # "each case made by one technician and with 1-4 items": the each's noun
                each = next((i for i in range(j - 1, max(0, j - 9), -1) if toks[i].text in ("each", "every")), None)
                if each is not None and toks[each + 1].text.isalpha() and not _plural(toks[each + 1].text):
                    return toks[each + 1].text
            while j > 0 and (
                toks[j].text in ("in", "during", "since", "the") or parse_number(toks[j].text) is not None
            ):
                j -= 1
            return toks[j].text
    return None


#: the words between a verb and the noun it counts: the count, a range of counts, how exact it is
_COUNT_WORDS = frozenset({"exactly", "about", "around", "roughly", "between", "and", "to", "or", "-", "up"})


def _each_verb_owner(req: Request, first: int) -> str | None:
    """'each customer has 1-3 accounts', 'each donation gets exactly one screening', 'each pressing fills
    between 10 and 30 casks', 'each owner holding one or two contracts': the singular noun after 'each' or
    'every' whose verb (one word: a verb of having, or a present-tense or -ing verb) counts the noun at
    ``first``. Not a plural after 'each' ("each of the 40 shops"), nor a verb that is a counted noun."""
    toks = req.tokens
    k = first - 1
    while k >= 0 and (toks[k].text in _COUNT_WORDS or parse_number(toks[k].text) is not None):
        k -= 1
    if k == first - 1 or k < 2 or toks[k - 2].text not in ("each", "every"):
        return None
    verb, owner = toks[k].text, toks[k - 1].text
    joined = sum(toks[i].text == "and" for i in range(k + 1, first))  # "between 10 and 30": one clause
    if (
        len({toks[k - 2].clause, toks[k - 1].clause, toks[k].clause}) > 1
        or toks[first].clause - joined != toks[k].clause
    ):
        return None
    if not owner.isalpha() or owner in STOPWORDS or _plural(owner) or not verb.isalpha():
        return None
    acting = verb in _HAS or (
        verb not in STOPWORDS
        and verb not in ("was", "does", "is", "this", "thus", "plus", "less", "us")
        and (verb.endswith("ing") or (verb.endswith("s") and not verb.endswith("ss")))
    )
    return owner if acting else None


def _heads_a_noun(toks: list[Token], i: int) -> bool:
    """'attendance records', 'ledger entries': a stopword that is the head of the noun before it; 'a germination
    test every year', 'a blood sample for each donor': a noun stopword ('test data') that heads the noun before
    it where the rows are made once per period or parent."""
    made_each = i + 1 < len(toks) and toks[i + 1].text in ("every", "each", "per", "for")
    return (
        (toks[i].text in ("records", "entries", "record", "entry") or toks[i].text in _NOUN_STOPWORDS and made_each)
        and i >= 1
        and toks[i - 1].clause == toks[i].clause
        and toks[i - 1].text not in STOPWORDS
        and parse_number(toks[i - 1].text) is None
    )


def _plural(word: str) -> bool:
    return (
        (word.endswith("s") and not word.endswith("ss") and len(word) > 2)
        or word in IRREGULAR_PLURALS
        or word in _COLLECTIVE
    )


def _counts_another(req: Request, i: int, seg: list[int]) -> bool:
    """Token i is a count (not of a range, not 'N times') after a counted plural noun in the segment."""
    toks = req.tokens
    if parse_number(toks[i].text) is None or _range_at(req, i) is not None:
        return False
    if i + 1 < len(toks) and (toks[i + 1].text == "times" or _range_at(req, i + 1) is not None):
        return False
    counted = [k for k in seg if parse_number(toks[k].text) is not None]
    return bool(counted) and any(_plural(toks[k].text) for k in seg if k > counted[0])


def _ends_a_noun(toks: list[Token], seg: list[int]) -> bool:
    """The words so far end in a counted or plural noun ("30 rounds"), so an 'and' after them starts another."""
    last = toks[seg[-1]].text
    counted = any(parse_number(toks[i].text) is not None for i in seg)
    return last not in STOPWORDS and (counted or (last.endswith("s") and not last.endswith("ss")))


#: the words before a year ("every month of 2025", "throughout 2025")
_YEAR_BEFORE = frozenset({"of", "in", "during", "since", "throughout", "until", "through"})


def _unknown_noun(req: Request, idx: list[int], clause: int) -> None:
    toks = req.tokens
    free = [i for i in idx if i not in req.consumed]
    counted = None
    start = 0
    at = -1
    span: tuple[int, int] | None = None
    capped: tuple[str | None, int] | None = None  # a bound's owner and its first word ("at most")
    for pos, i in enumerate(free):
        v = parse_number(toks[i].text)
        if (
            v is not None
            and 1900 <= v <= 2100
            and toks[i].text.isdigit()
            and i >= 1
            and toks[i - 1].text in _YEAR_BEFORE
        ):
            continue  # "every month of 2025" said a second time: a year, not a count
        if counted is not None and at == i - 1 and toks[i].text in _MULTIPLIERS and toks[i].text not in ("k", "m"):
            counted = counted * _MULTIPLIERS[toks[i].text]  # "2 million journeys": a count, not a noun's word
            start = pos + 1
            continue
        if v is not None and not (i + 1 < len(toks) and toks[i + 1].text == "times"):  # "3 times a day": how often
            counted = v
            start = pos + 1
            at = i
            span = _range_at(req, i)
            cap = _cap_at(req, i)  # "each pet owner has at most three pets": a bound per owner, not a count
            capped = (cap[1], cap[2]) if cap is not None else None
            span = cap[0] if cap is not None else span
    words = [
        toks[i]
        for i in free[start:]
        if (toks[i].text not in STOPWORDS or _heads_a_noun(toks, i))
        and parse_number(toks[i].text) is None
        and toks[i].text not in _LOCALE_WORDS
    ]
    if not words:
        return
    # the noun phrase: the last one or two words (stop at "per" phrases, and at a preposition after the noun:
    # "games between players" is games, played between players)
    cut = [w for w in words]
    often = None
    for i in free[start:]:
        if not any(w.start < toks[i].start for w in words):
            continue
        times = _OFTEN.get(toks[i].text)
        if times is None and toks[i].text == "times" and i >= 1 and parse_number(toks[i - 1].text) is not None:
            times = int(parse_number(toks[i - 1].text) or 1)
        if times is not None:  # "harvests twice a year", "milkings 3 times a day", "feedings twice daily"
            often = _how_often(toks, i + 1, times)
        if toks[i].text in _ENDS_NOUN or times is not None or _ends_at_preposition(toks, i):
            cut = [w for w in words if w.start < toks[i].start]
            break
    per_parent = None
    for k, i in enumerate(free[start:]):
        if often is not None:
            break  # "twice per day": how often, read above
        if toks[i].text in ("per", "each", "every") and (
            k + 1 < len(free[start:]) or i + 1 < len(toks) and toks[i + 1].clause == clause  # "per member": a table's
        ):
            per_parent = toks[i + 1].text if i + 1 < len(toks) else toks[free[start:][k + 1]].text
            cut = [w for w in words if w.start < toks[i].start]
            if not cut and counted is None and i + 3 < len(toks) and toks[i].text == "each":
                # "each member pays a membership fee every month": the owner, its verb, then one row each
                end = next(
                    (t.start for t in toks[i + 4 :] if t.text in ("per", "each", "every", "for") or t.clause != clause),
                    len(req.text),
                )
                cut = [w for w in words if toks[i + 2].start < w.start < end]
                if not (toks[i + 3].text in ("a", "an", "one") and cut):
                    cut = []
            break
    if not cut or any(toks[i].text in STAT_WORDS for i in free):
        return  # "an average basket of 3 items": a statistic of a table, not a table
    if counted is not None and not _plural(cut[-1].text):
        plural = next((k for k, w in enumerate(cut) if _plural(w.text)), None)
        if plural is not None:
            cut = cut[: plural + 1]  # "150 journalists write": the counted noun ends at its plural
    elif not _plural(cut[-1].text):
        # "harbour fees are charged for each contract": a plural noun, then the passive of what is done to it
        plural = next(
            (
                k
                for k, w in enumerate(cut)
                if _plural(w.text)
                and toks.index(w) + 2 < len(toks)
                and toks[toks.index(w) + 1].text in ("are", "were", "get")
                and past_participle(toks[toks.index(w) + 2].text)
            ),
            None,
        )
        if plural is not None:
            cut = cut[: plural + 1]
    head = cut[-2:]
    before = toks.index(head[-1]) - 1
    if len(head) == 1 and before >= 0 and before in free and toks[before].text in _NOUN_STOPWORDS:
        head = [toks[before], head[-1]]  # "test drives", "table reservations": the word is part of the noun
    if len(head) == 2 and head[0].text in PERIOD_WORDS:
        head = head[1:]  # "quarterly inspections": how often, not what kind
    elif len(head) == 2 and any(
        _verb_after_subject(req, k, clause) for k in range(toks.index(head[0]), toks.index(head[1]))
    ):
        # "200 sailors; sailors rent kayaks": the subject and its verb (read as one or skipped), not words of
        # the noun
        head = head[1:]
    elif (
        len(head) == 2
        and counted is not None
        and past_participle(head[0].text)
        and head[0].text.endswith("ed")
        and not head[0].text.endswith("eed")  # "speed cameras", "breed records": nouns
        and head[0].text != "hundred"
        and _plural(head[1].text)
    ):
        head = head[1:]  # "1,100 registered households": a state of the rows, not what kind of table
    first_i = toks.index(head[0])
    last_i = toks.index(head[-1])
    art = first_i - 2 if first_i >= 2 and toks[first_i - 1].text in PERIOD_WORDS else first_i - 1  # "a weekly"
    if per_parent is None and counted is None and art >= 0 and toks[art].text in ("a", "an", "one"):
        per_parent = _per_after(toks, last_i)  # "a membership fee for each member": the per words read before
    one_each = per_parent is not None and art >= 0 and toks[art].text in ("a", "an", "one")
    if counted is None and not head[-1].text.endswith("s") and not one_each:
        return  # an uncounted singular word is more likely an adjective or a setting than a table
    if head[0].text.endswith("'s") and any(
        mm.phrase.split()[-1] in (plural_of(head[0].text[:-2]), head[0].text[:-2]) for mm in req.mentions
    ):
        return  # "made from one orchard's apples": what a table the request names has, not a table of its own
    phrase = " ".join(t.text for t in head)
    if one_each and not _plural(head[-1].text):
        phrase = plural_of(phrase)  # "a tasting note for each tea": a table of tasting notes
    m = Mention(phrase, first_i, last_i, clause, (), often=often)
    if len(head) == 2:  # "800 vehicle inspection reports": 'vehicle' says what the reports are of
        m.modifiers = _outer_modifiers(toks, set(free[start:]), first_i)
    if (  # "8 groups of 20 children each": 20 per group
        counted is not None
        and at >= 2
        and toks[at - 1].text == "of"
        and _plural(toks[at - 2].text)
        and last_i + 1 < len(toks)
        and toks[last_i + 1].text == "each"
        and per_parent is None
    ):
        per_parent = toks[at - 2].text
    of_owner = None
    if counted is not None and per_parent is None:
        per_parent = _each_of_owner(req, first_i, last_i)  # "16 teams with 22 players each": 22 per team
        of_owner = None if per_parent is not None else _of_owner(req, first_i)  # "20 teams of 25 players"
        per_parent = per_parent or of_owner
    if (
        per_parent is None
        and counted is None
        and last_i + 1 < len(toks)
        and toks[last_i + 1].text in ("are", "is", "get", "gets")
    ):
        per_parent = _per_after(toks, last_i)  # "harbour fees are charged for each contract": per contract
    each_verb = None
    if counted is not None and per_parent is None and span is None:
        each_verb = per_parent = _each_verb_owner(req, first_i)  # "each donation gets exactly one screening"
        if each_verb is not None and not _plural(head[-1].text):
            m.phrase = plural_of(m.phrase)  # a table of screenings
    if capped is not None and at + 1 == first_i:
        owner = per_parent or capped[0]
        req.consumed.update(range(capped[1], at + 1))
        if owner is not None:
            m.per, m.per_count, m.per_range = owner, (span[0] + span[1]) / 2 if span else None, span
    elif span is not None and (per_parent is not None or _owner_before(req, first_i) is not None):
        m.per = per_parent or _owner_before(req, first_i)
        m.per_count, m.per_range = (span[0] + span[1]) / 2, span
    elif counted is not None:
        if counted != int(counted):
            raise SpecError(f"draft: '{counted:g} {m.phrase}': a count of rows is a whole number")
        if per_parent is not None:
            m.per, m.per_count = per_parent, counted
            m.exact_per = (
                counted == 1
                or (each_verb is not None and not _about(toks, at))  # "each hive has 3 frames": 3 per hive
                or toks[at - 1].text == "exactly"  # "exactly 3 hoof trims per goat", as a catalogue noun's
                or (toks[last_i + 1].text == "each" and not _about(toks, at) if last_i + 1 < len(toks) else False)
                or (of_owner is not None and not _about(toks, at))  # "teams of 25 players": 25 in each
            )
        else:
            m.count = int(counted)
    elif per_parent is not None:
        m.per = per_parent
        if one_each:  # "a tasting note for each tea": one per tea
            m.per_count, m.exact_per = 1, True
    req.mentions.append(m)
    req.consumed.update(range(first_i, last_i + 1))


def _collectives_counted(req: Request) -> None:
    """'an audience of 9,000', 'a crowd of 30,000 buying tickets': a word for the whole of the people who attend
    (``_takers.COLLECTIVE_WORDS``), said with 'of' and a count, names a table of its members ('audience members'),
    counted by that number; no other noun of the request holds the word."""
    toks = req.tokens
    held = {j for m in req.mentions for j in range(m.first, m.last + 1)} | req.consumed
    for k in range(len(toks) - 2):
        members = collective_members(toks[k].text)
        value = parse_number(toks[k + 2].text)
        if members is None or toks[k + 1].text != "of" or value is None or value != int(value) or value < 2:
            continue
        if held & {k, k + 1, k + 2} or toks[k + 2].clause != toks[k].clause:
            continue
        last = k + 2
        if last + 1 < len(toks) and toks[last + 1].text in _MULTIPLIERS and last + 1 not in held:
            value, last = value * _MULTIPLIERS[toks[last + 1].text], last + 1  # "an audience of 2 million"
        req.mentions.append(Mention(members, k, k, toks[k].clause, (), count=int(value)))
        req.consumed.update(range(k, last + 1))


def _outer_modifiers(toks: list[Token], noun: set[int], first: int) -> tuple[str, ...]:
    """The words of a compound noun before the two that name its table ("truck" of "truck fuel receipts"): up to
    two singular words of the noun's own tokens right before ``first``, in order."""
    out: list[str] = []
    k = first - 1
    while (
        k in noun
        and len(out) < 2
        and toks[k].text.isalpha()
        and toks[k].text not in STOPWORDS
        and not _plural(toks[k].text)
        and toks[k].clause == toks[first].clause
    ):
        out.insert(0, toks[k].text)
        k -= 1
    return tuple(out)


#: verbs of "each customer has 1-3 accounts"
_HAS = frozenset({"has", "have", "gets", "get", "holds", "hold", "owns", "own", "contains", "includes", "makes"})
_COLLECTIVE = frozenset({"staff", "personnel"})  # plural in sense, never with an -s

#: words that end a noun phrase: "attendance records for a term", "games between players"
_ENDS_NOUN = frozenset({"between", "among", "against", "for", "during", "over", "since", "until", "from"})
_OFTEN = {"once": 1, "twice": 2, "thrice": 3}
#: words that end a noun phrase and relate it to the noun after them: "pledges to campaigns", "visits by flyers"
_RELATING = frozenset({"to", "by", "into", "towards", "via", "through"})


def _after_plural_noun(text: str, pos: int) -> bool:
    """The word before offset ``pos`` is a plural noun ("tickets sold", "orders placed"), not a number or an
    article ("500 used and new cars" lists kinds of cars)."""
    before = re.search(r"([a-z][a-z\-]*) $", text[:pos])
    return before is not None and before.group(1) not in STOPWORDS and _plural(before.group(1))


#: past participles that do not end in -ed ("tickets sold to fans", "calls made by agents")
_IRREGULAR_PARTICIPLES = frozenset(
    "sold made written given taken held run paid sent built done won bought read kept left lost told shown seen "
    "brought caught taught thrown grown drawn ridden driven flown chosen eaten spent lent found put set cut "
    "hit split sung worn torn borne".split()
)


def past_participle(word: str) -> bool:
    """A past participle by its ending, or one of the common irregular ones ('held', 'paid', 'sent')."""
    return word in _IRREGULAR_PARTICIPLES or (len(word) > 4 and word.isalpha() and word.endswith("ed"))


def _counted_before_preposition(toks: list[Token], run: list[int]) -> bool:
    """The words before a known noun hold a count, a plural noun and then a preposition ("180 boat owners
    under berth contracts"): a counted noun of its own, ended by the preposition, before the known one's
    modifier."""
    for p, i in enumerate(run):
        if p >= 2 and toks[i].text in _PLACED | _ENDS_NOUN | _RELATING and _plural(toks[run[p - 1]].text):
            return any(parse_number(toks[k].text) is not None for k in run[: p - 1])
    return False


def _ends_at_preposition(toks: list[Token], i: int) -> bool:
    """Token i ends the noun before it: a word of _ENDS_NOUN or _RELATING, or 'of' before a plural or a count
    ("deposits of bottles", "boxes of 12 eggs"; not "points of sale")."""
    if toks[i].text in _ENDS_NOUN or toks[i].text in _RELATING or toks[i].text in _PLACED:
        return True  # "quiz nights at pubs": the nights, placed at a pub
    if toks[i].text != "of" or i + 1 >= len(toks):
        return False
    nxt = toks[i + 1].text
    if (  # "safety checks of fire engines": a plural noun of two words
        i + 2 < len(toks)
        and toks[i + 2].clause == toks[i].clause
        and nxt.isalpha()
        and nxt not in STOPWORDS
        and _plural(toks[i + 2].text)
    ):
        return True
    return parse_number(nxt) is not None or _plural(nxt) or nxt in ("each", "every")


_OFTEN_TEXT = re.compile(
    r"\b(?:once|twice|thrice|\d+\s+times)\s+(?:a|an|per|each|every)\s+(?:hour|day|week|month|quarter|year)s?\b"
    r"|(?<=[a-z]s )an? (?:hour|day|week|month|quarter|year)\b"  # "90,000 parcels a week": a rate, not a span
)


def _how_often(toks: list[Token], j: int, times: int) -> tuple[int, str] | None:
    """'twice a year', 'twice per day', 'twice daily', '3 times a week': (times, unit) from token j on."""
    if j < len(toks) and toks[j].text in PERIOD_WORDS:
        return times, PERIOD_WORDS[toks[j].text]
    if j + 1 < len(toks) and toks[j].text in ("a", "an", "per", "each", "every"):
        unit = toks[j + 1].text.rstrip("s")
        if unit in _CALENDAR_UNITS:
            return times, unit
    return None


#: units of a rate or a frequency ("90,000 parcels a week", "twice a day")
_CALENDAR_UNITS = frozenset({"hour", "day", "week", "month", "quarter", "year"})


def _modifier_before_step(req: Request, k: int) -> None:
    """'gps pings every 35 seconds', 'gp pings every minute': a catalogue word ('gps': doctors) right before
    the plural noun of the step's rows names what they are of, not a table; the mention is dropped so the two
    words are one noun (draft64: "gps pings" were rows of doctors)."""
    toks = req.tokens
    noun = k - 1
    word = toks[noun].text
    if noun < 1 or not word.isalpha() or not word.endswith("s") or word.endswith("ss") or noun in req.consumed:
        return  # not a plural: "module progress every week" is the progress of modules (draft65)
    if toks[noun].clause != toks[k].clause or any(m.first <= noun <= m.last for m in req.mentions):
        return
    before = [m for m in req.mentions if m.last == noun - 1 and m.clause == toks[noun].clause]
    for m in before:
        req.mentions.remove(m)
        req.consumed.difference_update(range(m.first, m.last + 1))


def _quantities_before_records(req: Request) -> None:
    """'riders with gps pings', 'trucks with gps location checks': a catalogue word ('gps': doctors) that, with
    the words up to a record's head word after it, names a quantity says what the records read, not a table of
    its own; the mention is dropped so the words are one noun, the records of that quantity (draft67)."""
    toks = req.tokens
    for m in list(req.mentions):
        head = next((h for h in range(m.last + 1, min(m.last + 3, len(toks))) if record_head(toks[h].text)), None)
        if head is None or toks[head].clause != m.clause or any(x.first < head <= x.last for x in req.mentions):
            continue
        if any(x is not m and m.last < x.first < head for x in req.mentions):
            continue
        if quantity_words([t.text for t in toks[m.first : head]]) >= head - m.first:
            req.mentions.remove(m)
            if not any(x.first == head for x in req.mentions):  # "gps pings": one noun, read as unknown
                req.consumed.difference_update(range(m.first, m.last + 1))
            # "gps readings": the catalogue's readings, of the quantity said before them (``record_of``)


#: units of an interval ("every 15 minutes")
_TIME_UNITS = frozenset("second seconds minute minutes hour hours day days week weeks".split())

#: stopwords of a request ("test data", "a sample of") that are nouns of their own before another noun
_NOUN_STOPWORDS = frozenset({"test", "sample", "data", "record", "share", "region", "table"})

_LOCALE_WORDS = frozenset(w for words, _ in _LOCALES for w in words) | frozenset(_UNSUPPORTED) | {"english", "locale"}


#: adverbs before a noun that make it once per calendar unit ("monthly bills")
PERIOD_WORDS = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter"}
PERIOD_WORDS |= {"yearly": "year", "annual": "year", "annually": "year", "nightly": "day"}
PERIOD_WORDS |= {"half-hourly": "half-hour", "quarter-hourly": "quarter-hour"}
#: a calendar step written before the rows' noun ("every-monday", "every-weekday", "every-month-15": draft69)
PERIOD_WORDS |= {f"every-{unit}": unit for unit in CALENDAR_STEPS if unit not in PERIOD_WORDS.values()}

#: words that make the noun after them a statistic of another table ("average stay 4 days"), not a table
STAT_WORDS = frozenset({"average", "avg", "mean", "median", "typical"})


def _rate_words(req: Request, rate: Rate) -> tuple[str, ...]:
    """Words naming what a rate is of: after the % up to 'rate', or after 'of <noun> are'."""
    toks = req.tokens
    out: list[str] = []
    i = rate.first + 1
    while (
        i < len(toks)
        and toks[i].text in ("%", "percent", "per-cent", "pct", "per", "cent", "in")
        or (i < len(toks) and parse_number(toks[i].text) is not None and i <= rate.first + 2)
    ):
        i += 1
    while i < len(toks) and toks[i].clause == rate.clause:
        w = toks[i].text
        if w in ("rate", "rates", "share", "ratio", "chance", "probability"):
            break
        if w in ("of", "are", "is", "were", "get", "gets", "being", "be", "end", "ending", "marked", "flagged", "as"):
            out = []
            i += 1
            continue
        if w not in STOPWORDS:
            out.append(w)
        i += 1
    return tuple(out[:3])
