"""Labelled corpora: read (spans JSONL, CoNLL), tokenize around spans, de-identify with exact labels, write."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from simulacra.errors import SourceError

__all__ = [
    "CONLL_LABELS",
    "EntityGuard",
    "LabelledDoc",
    "Token",
    "acronym",
    "deidentify_labelled",
    "news_spellings",
    "read_corpus",
    "sentences",
    "to_conll",
    "tokenize",
    "word_spans",
    "world_names",
    "world_places",
]

#: CoNLL's short labels -> the text engine's entity types (for de-identification and value filling)
CONLL_LABELS = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}


@dataclass(frozen=True)
class LabelledDoc:
    """A text and its entity spans ``(start, end, label)``, sorted, not overlapping."""

    text: str
    spans: tuple[tuple[int, int, str], ...] = ()

    def entities(self) -> list[str]:
        return [self.text[s:e] for s, e, _ in self.spans]


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark (``label`` None), or an entity slot (``label`` and its width in words)."""

    text: str
    space: bool  # preceded by whitespace
    label: str | None = None
    width: int = 0
    newline: bool = False  # preceded by a line break (a sentence boundary in CoNLL-style text)
    start: int = -1  # offset in the document's text


_WORD = re.compile(r"\w+(?:[-'’.&]\w+)*|[^\w\s]")
_CHUNK = re.compile(r"\S+")


def word_spans(text: str, start: int, end: int, split: bool = True) -> Iterable[tuple[str, int]]:
    """(word, offset) of each word and punctuation mark of ``text[start:end]`` (``split``), or of each
    whitespace-separated chunk (not ``split``)."""
    for m in (_WORD if split else _CHUNK).finditer(text, start, end):
        yield m.group(0), m.start()


def tokenize(doc: LabelledDoc, *, slots: bool = True, split: bool = True) -> list[Token]:
    """Tokens of ``doc``; with ``slots`` each span is one slot token, else its words. ``split``: punctuation
    is cut off words (free text); else tokens are what whitespace separates (CoNLL-style text)."""
    out: list[Token] = []
    pos = 0
    text = doc.text

    def gap_flags(a: int, b: int) -> tuple[bool, bool]:
        gap = text[a:b]
        return (a == 0 and b == 0) or gap != "" and gap.isspace() or (bool(gap) and gap[-1].isspace()), "\n" in gap

    def plain(a: int, b: int) -> None:
        nonlocal pos
        for w, at in word_spans(text, a, b, split):
            space, nl = gap_flags(pos, at)
            out.append(Token(w, space or not out, newline=nl, start=at))
            pos = at + len(w)

    for s, e, label in doc.spans:
        plain(pos, s)
        space, nl = gap_flags(pos, s)
        if slots:
            width = min(3, max(1, len(list(word_spans(text, s, e, split)))))
            out.append(Token(text[s:e], space or not out, label, width, nl, s))
            pos = e
        else:
            plain(s, e)
            pos = e
    plain(pos, len(text))
    return out


_END = {".", "!", "?"}


def sentences(tokens: Sequence[Token]) -> list[list[Token]]:
    """Tokens cut into sentences: at line breaks, and after . ! ? when the next token starts with a capital."""
    out: list[list[Token]] = []
    cur: list[Token] = []
    for t in tokens:
        if cur and (t.newline or (cur[-1].label is None and cur[-1].text in _END and t.text[:1].isupper())):
            out.append(cur)
            cur = []
        cur.append(t)
    if cur:
        out.append(cur)
    return out


def _read_conll(path: Path) -> list[LabelledDoc]:
    from simulacra.text.evaluate import read_conll

    return [LabelledDoc(d.text, tuple((s.start, s.end, s.label) for s in d.spans)) for d in read_conll(path)]


def _read_jsonl(path: Path) -> list[LabelledDoc]:
    docs: list[LabelledDoc] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SourceError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text = row["text"]
            if not isinstance(text, str):
                raise TypeError("'text' is not a string")
            raw = row.get("spans", row.get("entities", []))
            spans = sorted(
                (int(s["start"]), int(s["end"]), str(s["label"]))
                if isinstance(s, dict)
                else (int(s[0]), int(s[1]), str(s[2]))
                for s in raw
            )
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise SourceError(
                f'{path}:{lineno}: expected {{"text": str, "spans": [{{"start", "end", "label"}}]}}'
                f" ({type(exc).__name__}: {exc})"
            ) from None
        last = 0
        for s, e, label in spans:
            if not (0 <= s < e <= len(text)):
                raise SourceError(
                    f"{path}:{lineno}: span {s}..{e} ({label}) is outside the text ({len(text)} characters)"
                )
            if s < last:
                raise SourceError(f"{path}:{lineno}: span {s}..{e} ({label}) overlaps the one before it")
            last = e
        docs.append(LabelledDoc(text, tuple(spans)))
    return docs


def read_corpus(path: str | Path, fmt: str | None = None) -> list[LabelledDoc]:
    """A labelled corpus: ``spans`` JSONL (``{"text", "spans": [{start, end, label}]}`` per line, as
    ``simulacra augment --labels`` writes) or ``conll`` (token ... tag, IOB1/IOB2). ``fmt`` None: by suffix."""
    p = Path(path)
    if not p.exists():
        raise SourceError(f"{p}: file not found")
    if p.is_dir():
        raise SourceError(f"{p}: a folder; give the corpus file (.jsonl with spans, or a CoNLL file)")
    kind = fmt or ("spans" if p.suffix.lower() in (".jsonl", ".json", ".ndjson") else "conll")
    if kind == "spans":
        docs = _read_jsonl(p)
    elif kind == "conll":
        docs = _read_conll(p)
    else:
        raise SourceError(f"corpus format must be 'spans' or 'conll', found {kind!r}")
    if not docs:
        raise SourceError(f"{p}: no document in the corpus")
    return docs


_RUNS = re.compile(r"[^\W_]+")  # letters and digits: the units a leak is looked for in


class EntityGuard:
    """Entity strings that must never appear: ``safe(value)`` says whether ``value`` neither is nor contains
    one, as whole runs of letters and digits, case aside ('Guinea' is found in 'Guinea-Bissau', 'BRUSSELS' in
    'Brussels'; 'Colombia' is not in 'Colombian')."""

    def __init__(self, strings: Iterable[str]) -> None:
        self.strings = {s for s in strings if s and s.strip()}
        self.runs: set[tuple[str, ...]] = set()
        for entity in self.strings:
            runs = tuple(w.lower() for w in _RUNS.findall(entity))
            if runs:
                self.runs.add(runs)
        self.longest = max((len(f) for f in self.runs), default=1)
        self.words = {w for f in self.runs for w in f}

    def safe(self, value: str) -> bool:
        runs = tuple(w.lower() for w in _RUNS.findall(value))
        if not self.words.intersection(runs):
            return True
        for n in range(1, min(self.longest, len(runs)) + 1):
            for i in range(len(runs) - n + 1):
                if runs[i : i + n] in self.runs:
                    return False
        return True


def acronym(original: str) -> bool:
    """'EU', 'NATO', 'PSV': one word of 2 to 5 capital letters (dots aside: 'U.N.')."""
    letters = original.replace(".", "")
    return 2 <= len(letters) <= 5 and letters.isalpha() and letters.isascii() and letters.isupper()


#: an organisation named as a place (a team called by its town) gets a world city as its surrogate
PLACE_CLUBS = True
#: an organisation named by a place and other words ('Sheffield United', 'Dynamo Moscow', 'Sydney Newsroom', 'Bank of
#: Spain'), with ``place_forms``: the words a club or newsroom is called by after its town, and before it
CLUB_AFTER = ("United", "City", "Rovers", "Wanderers", "Athletic", "Albion", "Town", "County", "Rangers", "FC")
CLUB_BEFORE = ("Dynamo", "Lokomotiv", "Spartak", "Real", "Inter", "Racing", "Sporting", "Borussia", "Sparta", "FC")
#: the words such a name keeps as written (general words of organisations' names, not anyone's): the rest are drawn
#: from CLUB_AFTER / CLUB_BEFORE
ORG_FORM_WORDS = frozenset(
    w.lower()
    for w in (
        *CLUB_AFTER,
        *CLUB_BEFORE,
        "Celtic", "Hotspur", "Olympic", "Eintracht", "Fortuna", "Union", "Vitesse", "Stade", "AC", "SC", "Club",
        "Newsroom", "Bureau", "Bank", "University", "Ministry", "Stock", "Exchange", "Police", "Council", "Airport",
        "Port", "Authority", "Chamber", "Commerce", "Central", "National", "Reserve", "Federal", "State", "Royal",
        "Football", "Association", "Olympic", "Committee", "Cricket", "Board", "Rugby", "Times", "Post", "Radio",
        "News", "Group", "Corp", "Inc", "Ltd", "Plc", "Holdings", "Airlines", "Airways", "Telecom", "Energy",
        "of", "the", "de", "and", "&",
    )
)  # fmt: skip


def place_run(words: Sequence[str], places: Iterable[frozenset[str]]) -> tuple[int, int, int] | None:
    """Where a name of several ``words`` names a place: ``(start, end, k)`` of its longest run of words (not all of
    them) that is a place of the ``k``-th set of lower-cased ``places`` ('Dynamo Moscow' -> (1, 2, k of 'moscow'),
    'Bank of Spain' -> (2, 3, ...)); None when no run is, or the whole name is one."""
    sets = list(places)
    n = len(words)
    low = [w.lower() for w in words]
    for size in range(n - 1, 0, -1):
        for i in range(n - size + 1):
            run = " ".join(low[i : i + size])
            for k, kind in enumerate(sets):
                if run in kind:
                    return i, i + size, k
    return None


_NEWS_NAME = re.compile(r"[A-Z][A-Za-z]*(?:[ '.-][A-Za-z]+)*\.?")


def news_spellings(values: Iterable[str]) -> list[str]:
    """``values`` as news wires spell them: accents dropped, only plain capitalised Latin-letter names kept
    (no mis-decoded text such as 'CÃ´te'), in order, without repeats."""
    from simulacra.text._lexicon import strip_accents

    out: dict[str, None] = {}
    for v in values:
        if "Ã" in v or "Â" in v:
            continue
        t = strip_accents(v)
        if _NEWS_NAME.fullmatch(t):
            out.setdefault(t)
    return list(out)


#: a person locale is drawn from (``world_persons``) only with this many surnames and given names (news spellings,
#: none refused)
WORLD_MIN_NAMES = 20
#: person locales of Faker's with surnames and no given names, and the locale whose given names they take
_BORROW_GIVEN = {"en_PK": "en_IN", "lt_LT": "lv_LV"}


@cache
def world_names() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(locale, given names, surnames) of every Latin-script (or transliterated) person locale of Faker's data that
    the text engine's lexicon reads (``NAME_LOCALES``, and the romanised Chinese and Japanese names), spelt as news
    wires spell them (accents dropped): the world's names news writes about ('Akram', 'Suharto', 'Kuznetsov')."""
    import importlib

    from simulacra.text._lexicon import NAME_LOCALES, faker_names  # in here as all text imports of this module:
    # importing the text package takes seconds, which augment pays only when it draws names

    out = []
    for loc in NAME_LOCALES:
        given = loc if loc not in _BORROW_GIVEN else _BORROW_GIVEN[loc]  # a locale with surnames only
        first = news_spellings([*faker_names("first_names_male", given), *faker_names("first_names_female", given)])
        last = news_spellings(faker_names("last_names", loc))
        out.append((loc, tuple(first), tuple(last)))
    for loc in ("zh_CN", "ja_JP"):
        prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        first = [str(x) for a in ("first_romanized_names", "first_romanized_names_male") for x in getattr(prov, a, ())]
        last = [str(x) for x in getattr(prov, "last_romanized_names", ())]
        out.append((loc, tuple(news_spellings(first)), tuple(news_spellings(last))))
    return tuple(out)


@cache
def _name_index() -> tuple[dict[str, frozenset[str]], dict[str, dict[str, float]]]:
    """Which person locales hold a name (lower-cased, accents dropped), and for a surname's last three letters the
    share of each locale's surnames ending so."""
    words: dict[str, set[str]] = {}
    ends: dict[str, dict[str, float]] = {}
    for loc, firsts, lasts in world_names():
        for w in (*firsts, *lasts):
            words.setdefault(w.lower(), set()).add(loc)
        for w in lasts:
            if len(w) >= 5:
                e = ends.setdefault(w.lower()[-3:], {})
                e[loc] = e.get(loc, 0.0) + 1 / len(lasts)
    return {w: frozenset(v) for w, v in words.items()}, ends


def name_locales(name: str) -> dict[str, float]:
    """The person locales ``name`` looks like, as weights summing to 1 (empty when none): those holding its surname
    (its last word), else any of its other words, else those whose surnames end as it does (its last three letters,
    the three locales where that ending is commonest): 'Ravanelli' -> it_IT's, 'Zeng Yaqiong' -> zh_CN's, 'Wasim
    Akram' -> mostly en_PK's (by its ending)."""
    from simulacra.text._lexicon import strip_accents

    words = [w.lower() for w in re.findall(r"[^\W\d_]{2,}", strip_accents(name))]
    if not words:
        return {}
    index, ends = _name_index()
    hit = index.get(words[-1]) or frozenset().union(*(index.get(w, frozenset()) for w in words[:-1]))
    if hit:
        return {loc: 1 / len(hit) for loc in sorted(hit)}
    share = ends.get(words[-1][-3:], {}) if len(words[-1]) >= 4 else {}
    top = sorted(share.items(), key=lambda x: (-x[1], x[0]))[:3]
    total = sum(v for _, v in top)
    return {loc: v / total for loc, v in top}


def _kind_pools(guard: EntityGuard) -> dict[str, tuple[str, ...]]:
    """What kind-keeping surrogates are drawn from: the world gazetteer (the text engine's lexicon) and en_US's
    surnames, big towns and companies, accents dropped as news wires do, every value ``guard`` refuses left out."""
    import numpy as np

    from simulacra.text._lexicon import lexicon
    from simulacra.values import locale_pools

    lx = lexicon()
    p = locale_pools("en_US")

    def keep(values: Iterable[str]) -> tuple[str, ...]:
        return tuple(v for v in news_spellings(values) if guard.safe(v))

    towns = p.places.city.values.to_list()
    big = [towns[int(i)] for i in np.argsort(-p.places.city.probabilities(), kind="stable")[:150]]
    clubs = [t for t in big if " " not in t and "-" not in t]
    surnames = p.last.values.to_list()[: 4 * len(clubs)]
    cities = keep(lx.major_cities)
    return {
        "country": keep(lx.countries),
        "region": keep(lx.regions),
        "city": cities,
        "city1": tuple(c for c in cities if " " not in c and "-" not in c) or cities,  # a place inside a longer name
        "org1": keep([*surnames, *clubs * 4]),  # a surname firm or a big town's club, about half and half
        "company": tuple(v for v in p.companies.values.to_list()[:3000] if guard.safe(v)),
    }


@cache
def _kind_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Lower-cased countries, regions and places (the world gazetteer and en_US's towns): a surrogate's kind."""
    from simulacra.text._lexicon import lexicon
    from simulacra.values import locale_pools

    lx = lexicon()
    towns = locale_pools("en_US").places.city.values.to_list()
    return (
        frozenset(c.lower() for c in lx.countries),
        frozenset(r.lower() for r in lx.regions),
        frozenset(c.lower() for c in (*lx.cities, *lx.major_cities, *towns)),
    )


@cache
def world_places() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Lower-cased countries, regions and cities of the world gazetteer (no small town of a locale, whose names read
    like surnames): the places looked for inside an organisation's name (``place_forms``)."""
    from simulacra.text._lexicon import lexicon

    lx = lexicon()
    return (
        frozenset(c.lower() for c in lx.countries),
        frozenset(r.lower() for r in lx.regions),
        frozenset(c.lower() for c in (*lx.cities, *lx.major_cities)),
    )


@cache
def _listed_words() -> frozenset[str]:
    """Lower-cased given names, surnames and places of the lexicon, and English words: what word lists know (the
    fast tagger's word-list features are read from the same lexicon)."""
    from simulacra.text._lexicon import english_words, lexicon

    lx = lexicon()
    known = {x.lower() for x in (*lx.first, *lx.last, *lx.countries, *lx.cities, *lx.major_cities, *lx.regions)}
    return frozenset(known | set(english_words()))


def listed(word: str) -> bool:
    """Whether a word list knows ``word`` (a given name, a surname, a place of the lexicon, an English word; case and
    accents aside): 'Smith', 'Rossi', 'Paris' are; 'Yastrezhembsky', 'Dutroux', 'Akram' are not."""
    from simulacra.text._lexicon import strip_accents

    return strip_accents(word).lower().strip(".'") in _listed_words()


def _chain_words(
    source: list[str], known: set[str] | frozenset[str], seed: int, longest: int, n: int
) -> tuple[str, ...]:
    """``n`` words drawn letter by letter from an order-3 chain over ``source`` (lowercase), each of 4 to ``longest``
    letters and none in ``known``, capitalised; Python's Mersenne Twister for ``seed``, so the same words on every
    run. Sorted. The one home of ``invented_surnames`` and ``coined_org_names``."""
    from bisect import bisect_right
    from itertools import accumulate

    from simulacra._random import sequential

    order = 3
    counts: dict[str, dict[str, int]] = {}
    for w in source:
        padded = "^" * order + w + "$"
        for i in range(order, len(padded)):
            nxt = counts.setdefault(padded[i - order : i], {})
            nxt[padded[i]] = nxt.get(padded[i], 0) + 1
    table = {k: (list(c), list(accumulate(c.values()))) for k, c in counts.items()}
    rng = sequential(seed)
    out: set[str] = set()
    for _ in range(50 * n):
        if len(out) >= n:
            break
        ctx, word = "^" * order, ""
        while len(word) <= longest:
            chars, cum = table[ctx]
            ch = chars[bisect_right(cum, rng.random() * cum[-1])]
            if ch == "$":
                break
            word += ch
            ctx = ctx[1:] + ch
        if 4 <= len(word) <= longest and word not in known:
            out.add(word.capitalize())
    return tuple(sorted(out))


@cache
def invented_surnames(n: int = 5000) -> tuple[str, ...]:
    """``n`` surnames no word list knows, in the shape of the world's: drawn letter by letter from an order-3 chain
    over every person locale's surnames (``world_names``), each of 4 to 12 letters and neither a given name, a
    surname, a place of the lexicon nor an English word ('Brambinelli', 'Kovarenko'). Real text is full of names no
    list holds; fills drawn only from lists teach a tagger that a person is a listed name. Fixed (the same names on
    every run), sorted."""
    names = sorted({w.lower() for _, _, lasts in world_names() for w in lasts if w.isascii() and w.isalpha()})
    return _chain_words(names, _listed_words() | set(names), 20, 12, n)


@cache
def coined_org_names(n: int = 5000) -> tuple[str, ...]:
    """``n`` words no word list knows, coined as firms' names are: drawn letter by letter from an order-3 chain over
    English words (``english_words``), each of 4 to 10 letters and neither a listed word, a surname of the world nor
    an invented surname ('Conveling', 'Marketon'). Firms' names are made from the language's words ('Gencor',
    'Americast'), persons' from surnames. Fixed (the same names on every run), sorted."""
    from simulacra.text._lexicon import english_words

    words = sorted({w for w in english_words() if w.isascii() and w.isalpha() and 4 <= len(w) <= 10})
    surnames = {w.lower() for _, _, lasts in world_names() for w in lasts}
    known = _listed_words() | surnames | {w.lower() for w in invented_surnames()}
    return _chain_words(words, known, 21, 10, n)


@cache
def news_firm_names(n: int = 3000) -> tuple[str, ...]:
    """``n`` names of one firm each, in the form news writes them: a coined word (``coined_org_names``) or an English
    word, alternately, and a firm's word ('Marketon Energy', 'Gateway Systems', 'Crofanch Holdings'). The locales'
    companies are mostly persons' surnames ('Bullock Inc') and partnerships of them joined by commas and 'and'
    ('Krueger, Miranda and Parrish'), unlike most firms, clubs and bodies news names ('Gateway Data Sciences').
    Fixed (the same names on every run), in the order drawn."""
    from simulacra._random import sequential
    from simulacra.text._lexicon import english_words
    from simulacra.text.corpus import ORG_TAIL

    coined = coined_org_names()
    english = sorted(w.capitalize() for w in english_words() if w.isascii() and w.isalpha() and 4 <= len(w) <= 9)
    rng = sequential(22)
    out: dict[str, None] = {}
    for i in range(4 * n):
        if len(out) >= n:
            break
        words = coined if i % 2 == 0 else english
        out[f"{words[int(rng.random() * len(words))]} {ORG_TAIL[int(rng.random() * len(ORG_TAIL))]}"] = None
    return tuple(out)


def with_firms(companies: Sequence[str], firms: Sequence[str]) -> tuple[str, ...]:
    """``companies`` and as many of ``firms`` interleaved (half and half; every company kept); ``companies`` alone
    when there is no firm's name."""
    if not firms:
        return tuple(companies)
    return tuple(v for i, c in enumerate(companies) for v in (c, firms[i % len(firms)]))


def world_person_pools(safe: Any) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each person locale's (given names, surnames) that ``safe`` accepts, the locales with fewer than
    ``WORLD_MIN_NAMES`` of either left out."""
    out = {}
    for loc, firsts, lasts in world_names():
        f, la = tuple(x for x in firsts if safe(x)), tuple(x for x in lasts if safe(x))
        if len(f) >= WORLD_MIN_NAMES and len(la) >= WORLD_MIN_NAMES:
            out[loc] = (f, la)
    return out


def _initial(word: str) -> bool:
    """'P.', 'H.D.', 'K.C.': initials, not a name."""
    letters = word.replace(".", "")
    return word.endswith(".") and 0 < len(letters) <= 3 and letters.isalpha()


def _kind_mapper(
    base: Any,
    guard: EntityGuard,
    pools: dict[str, tuple[str, ...]],
    shouting: bool,
    place_forms: bool = False,
    table: bool = False,
    persons: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None,
    unlisted: tuple[str, ...] | None = None,
    unlisted_orgs: bool = False,
) -> Any:
    """A text-engine surrogate scope whose places and organisations keep their kind and shape: a country becomes
    a country, a region a region, any other place a world city (capitals, big cities: not a small town, whose
    name reads like a surname); an acronym organisation an acronym of as many letters (not in an all-capitals
    sentence, where every word looks like one), one named as a place (a team called by its town) a world
    city, another one-word one a surname firm or a big town's club, a longer one a company. With ``place_forms``
    an organisation named by a place and other words keeps that form: the place replaced by one of its kind, the
    general words of organisations' names kept (``ORG_FORM_WORDS``: 'United', 'Newsroom', 'Bank of'), any other
    word replaced by a club's ('Dynamo Moscow' -> 'Sporting Lima', 'Seattle Mariners' -> 'Accra Rovers'). In a
    ``table`` (a results or standings line, ``table_like``) a one-word organisation is a club called by a world
    city, not a surname firm ('Tranmere 3 Grimsby 2' -> 'Lyon 3 Dakar 2'). Never a
    string ``guard`` refuses (every entity of the corpus: no surrogate puts back an original of another document).
    With ``persons`` (``world_persons``: each person locale's names) a person's name is one of the locale its own
    name looks like (``name_locales``: 'Wasim Akram' -> en_PK's, 'Ravanelli' -> it_IT's; any locale when none),
    word for word: initials stay initials (other letters), a surname a surname (the same one for the same surname
    in a document), a given name a given name, a lower-case particle ('de', 'van') as written. With ``unlisted``
    (``unlisted_persons``: invented surnames) a surname no word list knows ('Yastrezhembsky') is replaced by one
    of these, a listed one by a listed one. With ``unlisted_orgs`` a one-word organisation no list knows becomes an
    invented name ('unlisted').
    People (else), dates and the rest are the engine's own."""
    from simulacra.text.surrogates import MappingRecord, SurrogateMapper, match_case

    countries, regions, places = _kind_sets()

    def kind_of(label: str, original: str, low: str) -> str:
        if label == "PERSON":
            return "person"
        if label == "LOCATION":
            return "country" if low in countries else "region" if low in regions else "city"
        if acronym(original) and not shouting:
            return "acronym"
        if PLACE_CLUBS and (low in places or low in countries or low in regions):  # a team called by its town
            return "city"
        if place_forms and len(original.split()) > 1 and place_run(original.split(), world_places()) is not None:
            return "placed"
        if table and len(original.split()) == 1:
            return "city1"
        if unlisted_orgs and len(original.split()) == 1 and not listed(original):
            return "unlisted"  # a one-word organisation no list knows ('Gencor', 'Servette'): an invented name
        return "org1" if len(original.split()) == 1 else "company"

    def placed(self: Any, original: str, low: str, a: int) -> str:
        """``original``'s form with its place replaced by one of the same kind (one word for one) and the words
        that are not general words of organisations' names by a club's (``place_forms``)."""
        words = original.split()
        run = place_run(words, world_places())
        assert run is not None
        i, j, k = run
        kind = ("country", "region", "city1" if j - i == 1 else "city")[k]
        out = [*words[:i], self._pick(pools[kind], "placed", low, a), *words[j:]]
        for n, w in enumerate(out):
            if n == i:
                continue
            if w.lower() not in ORG_FORM_WORDS or not guard.safe(w):
                out[n] = self._pick(CLUB_BEFORE if n < i else CLUB_AFTER, "club", low, n, a)
        return " ".join(out)

    def person(self: Any, original: str, low: str, a: int) -> str:
        """A name of the locale ``original`` looks like, word for word (``persons``)."""
        assert persons is not None
        looks = {loc: share for loc, share in name_locales(original).items() if loc in persons}
        locs = sorted(looks) or sorted(persons)
        weights = [looks[loc] for loc in locs] if looks else [1.0] * len(locs)
        x = (self._h("person-locale", low, a) % 100_000) / 100_000 * sum(weights)
        loc = locs[-1]
        for cand, weight in zip(locs, weights, strict=True):
            if x < weight:
                loc = cand
                break
            x -= weight
        firsts, lasts = persons[loc]
        words = original.split()
        named = [n for n, w in enumerate(words) if not _initial(w) and not w.islower()]
        named = named or [n for n, w in enumerate(words) if not _initial(w)]  # a name written in lower case
        out = []
        for n, w in enumerate(words):
            if _initial(w):
                letters = w.replace(".", "")
                out.append("".join(chr(65 + self._h("initial", low, n, k, a) % 26) + "." for k in range(len(letters))))
            elif n not in named:  # a particle: 'de', 'van'
                out.append(w)
            elif n == named[-1]:  # the surname: the same fake for it throughout the document
                key = ("PERSON surname", w.lower())
                if key not in self._other or a:
                    pool = unlisted if unlisted is not None and not listed(w) else lasts
                    self._other[key] = self._pick(pool, "surname", w.lower(), a)
                out.append(self._other[key])
            else:
                out.append(self._pick(firsts, "given", w.lower(), n, a))
        return " ".join(out)

    class KindMapper(SurrogateMapper):
        def surrogate(self, label: str, original: str) -> str:
            if label not in ("LOCATION", "ORGANIZATION") and not (label == "PERSON" and persons is not None):
                return super().surrogate(label, original)
            low = " ".join(original.lower().split())
            known = self._other.get((label, low))
            fake = ""
            if known is not None:
                fake = known
            else:
                kind = kind_of(label, original, low)
                n = len(original.replace(".", ""))

                def draw(a: int) -> str:
                    if kind == "person":
                        return person(self, original, low, a)
                    if kind == "acronym":
                        h = self._h("acronym", low, a)
                        return "".join(chr(65 + (h >> (5 * i)) % 26) for i in range(n))
                    if kind == "placed":
                        return placed(self, original, low, a)
                    return self._pick(pools[kind], kind, low, a)

                for a in range(0, 2400, 24):  # _fresh tries 24 draws; draw again until the guard passes too

                    def shifted(b: int, a: int = a) -> str:
                        return draw(a + b)

                    fake = self._fresh(shifted, original, kind)
                    if guard.safe(fake):
                        break
                self._other[(label, low)] = fake
            out = match_case(fake, original)
            if self.record:
                self.records.append(MappingRecord(self.scope, label, original, out))
            return out

    return KindMapper(
        seed=base.seed,
        scope=base.scope,
        locale=base.locale,
        date_order=base.date_order,
        max_date_shift=base.max_date_shift,
        record=base.record,
    )


_NUMBER = re.compile(r"[-+(]?\d[\d.,:/-]*\)?")


def table_like(text: str) -> bool:
    """Whether ``text`` reads as a line of a results or standings table ('Tranmere 3 Grimsby 2', 'Charleroi 4 1 0 3
    4 8 3'): two numbers or more, and at least a third of its words."""
    words = text.split()
    numbers = sum(bool(_NUMBER.fullmatch(w)) for w in words)
    return numbers >= 2 and 3 * numbers >= len(words)


def _public_spans(
    docs: Sequence[LabelledDoc], keep: set[str], mapping: dict[str, str], teams: bool = False
) -> set[tuple[int, int, int]]:
    """(document, start, end) of the LOCATION spans naming a public place that can be kept (with ``teams`` the
    ORGANIZATION spans too whose whole text is one: a team called by its town): none whose text is, or
    contains, a string replaced elsewhere (a town's team 'CHICAGO' replaced as an organisation makes every
    'Chicago' replaced too), so the originals replaced never appear in the output. Grown to a fixed point: a
    place not kept is replaced, which may forbid another."""
    from simulacra.augment._public_places import is_public_place

    cands = {
        (i, s, e)
        for i, d in enumerate(docs)
        for s, e, lab in d.spans
        if lab not in keep
        and mapping.get(lab, lab) in (("LOCATION", "ORGANIZATION") if teams else ("LOCATION",))
        and is_public_place(d.text[s:e])
    }
    while True:
        replaced = EntityGuard(
            d.text[s:e]
            for i, d in enumerate(docs)
            for s, e, lab in d.spans
            if lab not in keep and (i, s, e) not in cands
        )
        unsafe = {(i, s, e) for i, s, e in cands if not replaced.safe(docs[i].text[s:e])}
        if not unsafe:
            return cands
        cands -= unsafe


def deidentify_labelled(
    docs: Sequence[LabelledDoc],
    *,
    seed: int = 0,
    keep: Iterable[str] = ("MISC",),
    label_map: dict[str, str] | None = None,
    surrogates: str = "kind",
    keep_public_places: bool = False,
    place_forms: bool = False,
    keep_place_teams: bool = False,
    table_clubs: bool = False,
    world_persons: bool = False,
    unlisted_persons: bool = False,
    unlisted_orgs: bool = False,
    firm_names: bool = False,
) -> tuple[list[LabelledDoc], set[str]]:
    """De-identify a labelled corpus with the text engine, using its gold spans as what is found: the
    rewritten documents with exact spans (labels unchanged) and the set of original strings replaced
    (the deid mapping's originals). Labels in ``keep`` are left as they are.

    ``surrogates``: ``kind`` (default) keeps a place's or organisation's kind and shape (a country stays a
    country, an acronym an acronym; see ``_kind_mapper``) and never uses an entity string of the corpus;
    ``engine``: the text engine's own surrogates for every label.

    ``keep_public_places``: a LOCATION span whose whole text is a well-known public place (a country, a capital
    or big city, a region: ``_public_places``) is kept as written, unless that string (or one it contains) is
    replaced elsewhere in the corpus; persons, organisations and other places are replaced as before.

    ``place_forms`` (with ``surrogates="kind"``): an organisation named by a place and other words keeps that form,
    another place of the same kind in it ('Sheffield United' -> 'Lagos United', 'Bank of Spain' -> 'Bank of Peru';
    see ``_kind_mapper``), not a company's name.

    ``keep_place_teams`` (with ``keep_public_places``): an ORGANIZATION span whose whole text is a well-known public
    place (a team called by its town: 'CHICAGO 71 64', 'New York' beaten) is kept as written too, so the place is no
    longer replaced everywhere because a team bears its name ('NEW YORK 1996-08-22' stays); organisations named
    otherwise are replaced as before.

    ``table_clubs`` (with ``surrogates="kind"``): in a document that reads as a results or standings table
    (``table_like``) a one-word organisation is replaced by a world city (a club called by its town), not by a
    surname firm.

    ``world_persons`` (with ``surrogates="kind"``): a person's surrogate is a name of the person locale (Faker's, the
    world's) its own name looks like, word for word ('Wasim Akram' -> 'Rahul Qureshi', 'Ravanelli' -> 'Bassi', 'P.
    Strang' -> 'K. Dekker'; see ``_kind_mapper``), not an English name for everyone.

    ``unlisted_persons`` (with ``surrogates="kind"``): a person's surname that no word list knows ('Yastrezhembsky',
    'Dutroux': most surnames of news text) is replaced by an invented one no list knows either
    (``invented_surnames``), a listed one by a listed name (of its locale with ``world_persons``, else en_US's),
    word for word as above: the corpus keeps its share of names a list would not know.

    ``unlisted_orgs`` (with ``surrogates="kind"``): a one-word organisation no word list knows ('Gencor', 'Servette';
    not an acronym, a place, or a table's club with ``table_clubs``) is replaced by an invented name no list knows
    either (``invented_surnames``), a listed one as before.

    ``firm_names`` (with ``surrogates="kind"``): half the company surrogates of longer organisations' names are one
    firm's name in the form news writes ('Marketon Energy', 'Gateway Systems': ``firm_names``), the other half the
    locale's companies as before ('Krueger, Miranda and Parrish', 'Bullock Inc')."""
    from simulacra.errors import SpecError
    from simulacra.text import Deidentifier, Span

    if surrogates not in ("kind", "engine"):
        raise SpecError(f"deidentify_labelled: surrogates must be 'kind' or 'engine', found {surrogates!r}")
    mapping = CONLL_LABELS if label_map is None else label_map
    keep = set(keep)
    public = _public_spans(docs, keep, mapping, keep_place_teams) if keep_public_places else set()
    engine = Deidentifier(seed=seed, record=True)
    guard = EntityGuard(d.text[s:e] for d in docs for s, e, _ in d.spans)
    pools = _kind_pools(guard) if surrogates == "kind" else {}
    persons = world_person_pools(guard.safe) if (world_persons or unlisted_persons) and surrogates == "kind" else None
    if persons is not None and not world_persons:  # unlisted_persons alone: listed names stay English
        persons = {loc: v for loc, v in persons.items() if loc == "en_US"} or persons
    unlisted = tuple(v for v in invented_surnames() if guard.safe(v)) if unlisted_persons or unlisted_orgs else None
    if unlisted_orgs and surrogates == "kind":
        pools = {**pools, "unlisted": unlisted or ()}
    if firm_names and surrogates == "kind":
        pools = {**pools, "company": with_firms(pools["company"], [v for v in news_firm_names() if guard.safe(v)])}
    out: list[LabelledDoc] = []
    originals: set[str] = set()
    for i, d in enumerate(docs):
        rewrite = [(s, e, lab) for s, e, lab in d.spans if lab not in keep and (i, s, e) not in public]
        mapper = None
        if surrogates == "kind" and rewrite:
            letters = [c for c in d.text if c.isalpha()]
            shouting = bool(letters) and sum(c.isupper() for c in letters) > 0.6 * len(letters)
            table = table_clubs and table_like(d.text)
            mapper = _kind_mapper(
                engine.mapper(i),
                guard,
                pools,
                shouting,
                place_forms,
                table,
                persons,
                unlisted if unlisted_persons else None,
                unlisted_orgs,
            )
        res = engine.anonymize(
            d.text, [Span(s, e, mapping.get(lab, lab), 1.0, "gold") for s, e, lab in rewrite], key=i, mapper=mapper
        )
        originals |= {r.original for r in res.records}
        # where every span is now: rewritten ones from the engine, kept ones shifted by the changes before them
        moved = dict(zip([(s, e) for s, e, _ in rewrite], res.output_spans, strict=True))
        spans: list[tuple[int, int, str]] = []
        shift = 0
        for s, e, lab in d.spans:
            if (s, e) in moved:
                ns, ne = moved[(s, e)]
                shift = ne - e
                spans.append((ns, ne, lab))
            else:
                spans.append((s + shift, e + shift, lab))
        out.append(LabelledDoc(res.text, tuple(spans)))
    return out, originals


def to_conll(docs: Iterable[LabelledDoc], *, split: bool = True) -> str:
    """Documents as CoNLL lines (token and IOB2 tag), one blank line after each sentence."""
    lines: list[str] = []
    for d in docs:
        for sent in sentences(tokenize(d, slots=False, split=split)):
            for t in sent:
                tag = "O"
                for s, e, label in d.spans:
                    if s <= t.start < e:
                        tag = ("B-" if t.start == s else "I-") + label
                        break
                lines.append(f"{t.text} {tag}")
            lines.append("")
    return "\n".join(lines) + "\n"
