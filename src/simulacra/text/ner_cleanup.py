"""Rules that tidy the NER model's spans: boundaries, common words, obvious retyping.

A small CNN tagger trained on synthetic text makes a few systematic mistakes that
spelling alone can settle: it glues a neighbouring lowercase word to a name
("discard Andy Caddick", "Mitchell made"), runs on past a possessive ("Shearer 's
Euro"), leaves out a leading initial ("M." of "M. Waugh"), cuts the last period
of an abbreviation ("U.S"), and now and then tags a common word ("Women",
"SCORES", "being"). Each rule here is one of those, stated on the text, so it
holds for any model; none looks at an evaluation corpus.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from simulacra.text._lexicon import US_STATES
from simulacra.text.spans import Span, span_order

__all__ = [
    "FUNCTION_WORDS",
    "NOT_NAMES",
    "clean_span",
    "countries",
    "descriptors",
    "given_and_family",
    "harmonise",
    "lexicons",
    "more_given",
    "towns",
]

_TRIM = " \t\r\n.,;:!?\"'()[]{}<>-–—*"
NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december today tomorrow yesterday hi hello dear thanks regards best cheers "
    "mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec "
    # field labels of e-mail headers and forms
    "date from to cc bcc subject re fwd fw reply-to sender received return-path message-id mime-version "
    "content-type content-transfer-encoding content-disposition x-mailer patient signed agent dob mrn "
    "name address phone email tel fax".split()
)
# lowercase words that belong inside names (van Gogh, bin Laden, de la Cruz)
_PARTICLES = frozenset(
    [
        "de",
        "del",
        "della",
        "der",
        "den",
        "di",
        "da",
        "dos",
        "das",
        "du",
        "van",
        "von",
        "la",
        "le",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
        "zu",
        "ter",
        "ten",
    ]
)
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "but",
        "or",
        "so",
        "then",
        "later",
        "after",
        "before",
        "when",
        "while",
        "since",
        "until",
        "if",
        "as",
        "at",
        "in",
        "on",
        "of",
        "for",
        "to",
        "from",
        "by",
        "with",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "its",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "it",
        "there",
        "here",
        "yes",
        "no",
        "not",
        "also",
        "only",
        "meanwhile",
        "however",
        "thus",
        "still",
        "yet",
        "even",
        "just",
        "now",
        "today",
        "tomorrow",
        "yesterday",
        "dear",
        "hi",
        "hello",
        "hey",
        "thanks",
        "men",
        "women",
        "man",
        "woman",
        "boys",
        "girls",
        "junior",
        "juniors",
        "senior",
        "seniors",
        "results",
        "result",
        "scores",
        "score",
        "standings",
        "table",
        "division",
        "league",
        "cup",
        "open",
        "final",
        "finals",
        "semi",
        "semifinal",
        "quarter",
        "round",
        "group",
        "pool",
        "match",
        "matches",
        "game",
        "games",
        "day",
        "week",
        "month",
        "year",
        "season",
        "team",
        "teams",
        "side",
        "club",
        "clubs",
        "national",
        "international",
        "world",
        "being",
        "been",
        "having",
        "was",
        "were",
        "will",
        "would",
        "said",
        "says",
        "named",
        "quits",
        "wins",
        "won",
        "beats",
        "beat",
        "loses",
        "lost",
        "moves",
        "fights",
        "defeats",
        "leads",
        "takes",
    ]
)
# religions and peoples beyond the corpus's nationality list (descriptors, never names)
_FAITHS_AND_PEOPLES = ("Moslem", "Anglican", "Afrikaner", "Zairean", "Methodist", "Baptist", "Lutheran", "Mormon",
                       "Shiite", "Copt", "Maronite", "Druze", "Bedouin", "Pashtun", "Tamil", "Sinhalese", "Kurd",
                       "Basque", "Catalan", "Flemish", "Walloon", "Cossack", "Tatar", "Hispanic", "Caribbean",
                       "Creole")  # fmt: skip
_PLACE_PREFIXES = frozenset(
    [
        "old",
        "new",
        "north",
        "south",
        "east",
        "west",
        "upper",
        "lower",
        "great",
        "mount",
        "port",
        "fort",
        "saint",
        "san",
        "santa",
        "los",
        "las",
        "lake",
        "cape",
    ]
)
_PLACE_WORDS = frozenset(
    [
        "street",
        "st",
        "avenue",
        "ave",
        "road",
        "rd",
        "lane",
        "square",
        "park",
        "bridge",
        "hill",
        "hills",
        "course",
        "stadium",
        "arena",
        "airport",
        "river",
        "mountain",
        "mountains",
        "lake",
        "island",
        "islands",
        "valley",
        "bay",
        "beach",
        "falls",
        "motel",
        "hotel",
        "county",
        "province",
        "district",
        "harbour",
        "harbor",
        "port",
        "heights",
        "springs",
        "gardens",
    ]
)
_EVENT_WORDS = frozenset(
    [
        "tour",
        "day",
        "cup",
        "open",
        "championship",
        "championships",
        "classic",
        "games",
        "olympics",
        "series",
        "prix",
        "masters",
        "league",
        "trophy",
        "award",
        "awards",
        "festival",
        "war",
        "tournament",
        "marathon",
        "rally",
        "grand",
    ]
)
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_INITIAL_BEFORE = re.compile(r"(?:^|(?<=[\s(]))[A-Z]\.\s?$")
_WORD = re.compile(r"\S+")
# a pronoun with a contraction, "let's" or a negation ("I'm", "We've", "you'll", "Don't"): never part of a name
_CONTRACTION = re.compile(
    r"(?:i|we|you|they|he|she|it|let|that|there|here|who|what)['’](?:m|ve|d|ll|re|s)|[a-z]+n['’]t", re.IGNORECASE
)
# surname prefixes written with an inner capital ("McMahon", "DeMarco", "O'Neil", "LaRue", "VanHorn")
_INNER_CAPITAL_NAME = re.compile(r"(?:Mc|Mac|O['’]|D['’]|De|Di|Da|Du|La|Le|Van|Von|St|Fitz)[A-Z]")
_CAMEL = re.compile(r"[a-z][A-Z]")
# header field names: a flattened header line ("Subject: Lunch w/Mark Kearns Mime-Version: 1.0") ends a name there
_HEADER_WORDS = frozenset(
    "mime-version content-type content-transfer-encoding content-disposition x-mailer subject "
    "cc bcc reply-to message-id return-path x-from x-to x-cc x-bcc x-folder x-origin "
    "x-filename".split()
)
# an office code of an Exchange / Lotus address ("HOU", "ECT", "NA", "Corp", "Enron", "ET&S")
_OFFICE = re.compile(r"[A-Z][A-Z&_]{0,5}|[A-Z][a-z]{1,4}")


@lru_cache(maxsize=1)
def lexicons() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(frequent words, dictionary words, places, given and family names), lowercased.

    Frequent words are Faker's list of common English words plus function words;
    dictionary words an English dictionary's. A word that is also a known name ("rose",
    "baker", "will") or place ("turkey") counts as neither.
    """
    from simulacra.text._lexicon import english_words, lexicon, strip_accents

    lx = lexicon()
    given, family = given_and_family()
    names = given | family
    places = frozenset(
        y for x in (*lx.countries, *lx.major_cities, *lx.regions) for y in (x.lower(), strip_accents(x).lower())
    )
    frequent = frozenset(w for w in lx.words if w not in names and w not in places) | FUNCTION_WORDS
    dictionary = frozenset(w for w in english_words() if w not in names and w not in places) | frequent
    return frequent, dictionary, places, names


@lru_cache(maxsize=1)
def given_and_family() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, family names), lowercased: the lexicon's, with the diminutives no English word is
    ("doug", "becky"; not "bill" or "rob") among the given names."""
    from simulacra.text._lexicon import DIMINUTIVES, english_words, lexicon

    lx = lexicon()
    words = frozenset(english_words())
    short = frozenset(d for d in DIMINUTIVES if d not in words)  # "doug", "becky"; not "bill" or "rob"
    return frozenset(x.lower() for x in lx.first) | short, frozenset(x.lower() for x in lx.last)


@lru_cache(maxsize=1)
def more_given() -> frozenset[str]:
    """Given names only :func:`~simulacra.text._lexicon.more_given_names` knows ("patti", "geoff", "sharron"),
    less the family names: asked of a lone word in prose, never joined to a surname's test."""
    from simulacra.text._lexicon import more_given_names

    given, family = given_and_family()
    return frozenset(w for w in more_given_names() if w not in family and w not in given)


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Countries (and their common short names): a place first even when also a given name (Israel, Chad)."""
    from simulacra.text._lexicon import lexicon

    return frozenset(x.lower() for x in lexicon().countries)


@lru_cache(maxsize=1)
def towns() -> frozenset[str]:
    """The lexicon's towns and cities, lowercased, also without their accents."""
    from simulacra.text._lexicon import lexicon, strip_accents

    return frozenset(y for x in lexicon().cities for y in (x.lower(), strip_accents(x).lower()))


@lru_cache(maxsize=1)
def descriptors() -> frozenset[str]:
    """Words that stand before a name without being part of it: nationalities, titles, roles."""
    from simulacra.text.corpus import DEMONYMS, HONORIFICS, NATIONALITIES, ROLES, TITLES

    base = {w.lower() for w in (*NATIONALITIES, *DEMONYMS, *TITLES, *ROLES, *HONORIFICS, *_FAITHS_AND_PEOPLES)}
    return frozenset(base | {w + "s" for w in base if not w.endswith("s")})


_FORMS = (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"))


def _in(words: frozenset[str], word: str) -> bool:
    """``word`` (or its plural, past or -ing form) is in ``words`` and is not a known name."""
    w = word.lower().strip(".,'’")
    if w in lexicons()[3]:
        return False
    if w in words:
        return True
    return any(
        w.endswith(suf) and len(w) - len(suf) >= 3 and w[: len(w) - len(suf)] + add in words for suf, add in _FORMS
    )


#: the word tests below are pure functions of one word (the lists are loaded once and never change); the span rules
#: ask them of the same words again and again (every mention of a name), so each word is answered once
_word_memo = lru_cache(maxsize=1 << 16)
_WORD_TESTS = ("_is_frequent", "_is_word", "_not_a_surname", "_inflected")


@_word_memo
def _is_frequent(word: str) -> bool:
    return _in(lexicons()[0], word)


@_word_memo
def _is_word(word: str) -> bool:
    return _in(lexicons()[1], word)


@_word_memo
def _not_a_surname(word: str) -> bool:
    """A word no surname looks like: a frequent word, or a dictionary plural or adverb ("Stocks", "Obviously").

    Many surnames are dictionary words (Shearer, Given, Law), so a dictionary word alone
    is not enough to drop a one-word name.
    """
    w = word.lower()
    return _is_frequent(w) or (_is_word(w) and (w.endswith(_WORDISH_ENDINGS) or _inflected(w)))


# endings of dictionary words that surnames do not share ("Obviously", "Titanic", "Agriculture")
_WORDISH_ENDINGS = ("ly", "ic", "ous", "ive", "ful", "less", "ness", "ment", "tion", "sion", "ity", "ism", "ure")


@_word_memo
def _inflected(word: str) -> bool:
    """A plural, third-person, past or -ing form of a dictionary word ("Stocks", "DISSOLVES", "DEFENDED")."""
    w = word.lower()
    return any(
        w.endswith(suf) and len(w) - len(suf) >= 3 and _is_word(w[: len(w) - len(suf)] + add)
        for suf, add in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))
    )


def _sentence_start(text: str, i: int) -> bool:
    """Nothing but spaces between ``text[i]`` and the text's start, a line end or a sentence end."""
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] in '\n.!?"“:-'


def _lower_word(word: str) -> bool:
    return word[:1].islower() and word not in _PARTICLES


def clean_span(text: str, start: int, end: int, label: str, score: float, source: str) -> list[Span]:
    """The model's span ``text[start:end]`` tidied: trimmed, split, retyped or dropped (empty list)."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        if text[end - 1] == "." and (end - start <= 3 or _ABBREVIATION.search(text, start, end)):
            break
        end -= 1
    if end <= start:
        return []
    # a piece of a hyphenated word ("Transfer-Encoding" inside "Content-Transfer-Encoding")
    if (start > 1 and text[start - 1] == "-" and text[start - 2].isalnum()) or (
        end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum()
    ):
        return []
    if label != "PERSON":
        kept = _keep(text, start, end, label, score, source)
        if kept is None or kept.label != "PERSON":
            return [kept] if kept is not None else []
        label = "PERSON"  # retyped as a person ("Mitchell made" as an organisation): cut like one
    if "/" in text[start:end]:
        return _slashed(text, start, end, score, source)
    return [s for a, b in _person_parts(text, start, end) if (s := _keep(text, a, b, label, score, source)) is not None]


def _slashed(text: str, start: int, end: int, score: float, source: str) -> list[Span]:
    """A person span with a slash: names are never written with one, so each piece is judged alone.

    "Bill Gulyassy/NA" is a name and an office code (dropped); "Mark Koeing/Andy Fastow"
    is two people. A piece after a slash that reads as an office code is never a name.
    """
    out: list[Span] = []
    for i, m in enumerate(re.finditer(r"[^/]+", text[start:end])):
        a, b = start + m.start(), start + m.end()
        if i and _OFFICE.fullmatch(text[a:b].strip()) and text[a:b].strip().lower() not in given_and_family()[0]:
            continue
        out.extend(clean_span(text, a, b, "PERSON", score, source))
    return out


def _person_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A PERSON span cut at possessives and lowercase words; a leading initial added back."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]
    if all(not w[:1].isupper() for _, _, w in words):
        return [(start, end)]  # an all-lowercase text (chat): judged as a whole by _keep
    names = lexicons()[3]
    runs: list[list[tuple[int, int, str]]] = [[]]
    given, family = given_and_family()[:2]
    for i, (a, b, w) in enumerate(words):
        # a list written "Zoë, Shirley Crenshaw": a given name and a comma, then a whole name, are two
        # people ("Kaminski, Vince" stays one: a surname before the comma, one word after)
        if (
            len(w) > 2
            and w.endswith(",")
            and len(words) - i > 2
            and w[:-1].lower() in given
            and (w[:-1].lower() not in family or words[i + 1][2].lower() in given)
        ):
            runs[-1].append((a, b - 1, w[:-1]))
            runs.append([])
            continue
        # a headline in capitals: a common word ("SHEARER NAMED", "MITCHELL DEFEATS BAILEY") is not a name
        # what follows a possessive is the person's, not the person ("Shearer 's Euro")
        if w in ("'s", "’s", "'", "’"):
            break
        if a > 0 and text[a - 1] in "@/":
            runs.append([])  # the host or office code of an address ("@ECT", "/HOU"): never a name
            continue
        if _CONTRACTION.fullmatch(w.rstrip(".,;:!?")):
            runs.append([])  # "I'm", "Let's": a pronoun, never a name
            continue
        if w.endswith(("'s", "’s")) and len(w) > 2:
            runs[-1].append((a, b - 2, w[:-2]))
            break
        # ... and a contraction ("I 'm") or a comma in a list ("Vaas , Muralitharan") separates
        if (
            w == ","
            or w[:1] in "'’"
            or _lower_word(w)
            or (w.lower().rstrip(":") in _HEADER_WORDS)
            or (len(w) > 1 and w.isupper() and (_is_frequent(w) or (_inflected(w) and w.lower() not in names)))
        ):
            runs.append([])
            continue
        runs[-1].append((a, b, w))
    parts = []
    for run in runs:
        while run and run[-1][2] in _PARTICLES:
            run.pop()
        # a nationality or title, or a sentence-initial word, glued to a name ("Australian Tom Moody",
        # "Later Karen"); never a known given name ("Christian Cullen"), and mid-sentence a word
        # may be a given name we do not know ("Tiger Woods")
        while (
            len(run) > 1
            and run[0][2].lower() not in given_and_family()[0]
            and (run[0][2].lower() in descriptors() or (_is_word(run[0][2]) and _sentence_start(text, run[0][0])))
        ):
            run.pop(0)
        if run:
            parts.append((run[0][0], run[-1][1]))
    if parts:
        a, b = parts[0]
        m = _INITIAL_BEFORE.search(text, max(0, a - 3), a)
        if m is not None and m.end() == a:
            parts[0] = (m.start(), b)
    return [_grow(text, a, b) for a, b in parts]


_NEXT_WORD = re.compile(r" ([^\W\d_][\w'’-]*)")
_PREV_WORD = re.compile(r"([^\W\d_][\w'’-]*) $")


def _grow(text: str, start: int, end: int) -> tuple[int, int]:
    """A name the model cut short: a known given name just before it or a surname just after it joins it.

    The model often keeps only the surname of "Viktor Chernomyrdin" or the given name of
    "KEVIN BROWN"; a capitalised neighbour one space away that is a known given name
    (before) or surname (after), and no common word, is part of the same name.
    """
    given, family = given_and_family()
    for _ in range(2):
        m = _PREV_WORD.search(text, max(0, start - 30), start)
        if m is None or m.end() != start or not m.group(1)[:1].isupper():
            break
        w = m.group(1)
        if w.lower() not in given or _is_frequent(w) or w.lower() in descriptors():
            break
        start = m.start()
    for _ in range(2):
        m = _NEXT_WORD.match(text, end)
        if m is None or not m.group(1)[:1].isupper():
            break
        w = m.group(1)
        if w.lower() not in family or _is_frequent(w) or w.lower() in lexicons()[2]:
            break
        end = m.end()
    return start, end


def _keep(text: str, start: int, end: int, label: str, score: float, source: str) -> Span | None:
    value = text[start:end]
    low = value.lower()
    if end - start < 2 or not any(c.isalpha() for c in value) or low in NOT_NAMES:
        return None
    words = low.split()
    if value.islower() and all(_is_word(w) for w in words):
        return None  # plain lowercase words ("telephone", "games"): not a name
    places, names = lexicons()[2:]
    if label != "PERSON" and _unit_acronym(text, start, end, low, places):
        return None  # "our QA team", "the BI lead": a department's letters, no place or firm (QA is Qatar's code)
    if label != "PERSON" and 2 <= len(words) <= 3 and low not in places:
        given, family = given_and_family()
        if (
            words[0] in given
            and not any(_is_frequent(w) for w in words)
            and (words[-1] in family or (words[-1] not in places and not _is_word(words[-1])))
        ):
            label = "PERSON"  # "Todd Martin", "Peter Such": a given name and a surname make a person
    elif label != "PERSON" and len(words) == 1 and low not in places:
        # a known surname that is neither a place nor a word ("Tarango", "Yeltsin"); companies named
        # after a founder lose out, but for de-identification a person surrogate fits them as well
        if low in given_and_family()[1] and not _is_word(low):
            label = "PERSON"
    if label == "PERSON":
        if len(words) == 1 and _not_a_surname(value):
            return None  # one common word ("Women", "SCORES", "Being") is not a person
        if value.islower() and not all(w in names for w in words):
            return None  # lowercase words are a name only when they are known names ("alice")
        if value.islower() and len(words) == 1 and _plain_word(low):
            return None  # ... and no English word besides ("made", "angel"), unless a short form ("mike")
        if low in descriptors() or words[-1] in descriptors() or words[-1] in _EVENT_WORDS:
            return None  # a nationality or title ("Serbs", "South Korean") or an event ("PGA Tour") is no person
        if len(words) > 1 and (words[-1] in _PLACE_WORDS or words[0] in _PLACE_PREFIXES):
            label = "LOCATION"  # "Wall Street", "Trent Bridge", "Farmington Hills"
        elif len(words) > 1 and any(w in places and w not in names for w in words[1:]):
            label = "ORGANIZATION"  # a place inside a multi-word name: a club or firm ("Standard Liege")
        if (
            len(words) == 1
            and value.isupper()
            and low not in names
            and (len(value) <= 4 or _in_mixed_case(text, start, end))
        ):
            # an all-capitals word that is no known name is an acronym ("NFL"; "ERCOT" in lowercase text:
            # in an all-capitals headline it may be a name)
            label = "ORGANIZATION"
        if len(words) == 1 and _CAMEL.search(value) and not _INNER_CAPITAL_NAME.match(value):
            label = "ORGANIZATION"  # an inner capital is a brand's ("EnronOnline", "WestDesk"), not a name's
        if low in countries() or (
            (low in places or low in towns())
            and (" " in low or (low not in names and low not in more_given()) or value.isupper())
        ):
            # a country, a place that is not also a name ("Patti" is a Sicilian town and a given name), or a
            # place in capitals (a dateline's "WASHINGTON 1996-08-30"), the model typed as a person
            label = "LOCATION"
        if "&" in value:
            label = "ORGANIZATION"  # "Douglas & Lomason": people have no ampersand
    return Span(start, end, label, score, source)


#: words after a department's letters: "the QA team", "our HR department", "a BI lead"
_UNIT_AFTER = re.compile(
    r"[ -](?:team|teams|department|dept|group|lead|leads|manager|managers|engineer|engineers|staff|function|"
    r"unit|desk|folks|people|guys|side|review|sign-off|signoff|ticket|tickets)\b",
    re.IGNORECASE,
)
#: place letters a team is often named after: kept as places ("our LA team", "the NYC desk")
_PLACE_LETTERS = frozenset({"la", "sf", "nyc", "dc", "hk", "kl", "uk", "us", "usa", "uae", "eu", "emea", "apac"})


def _unit_acronym(text: str, start: int, end: int, low: str, places: frozenset[str]) -> bool:
    """Two or three capitals before a unit word that are no place the lexicons or the state codes know."""
    value = text[start:end]
    if not (2 <= len(value) <= 3 and value.isalpha() and value.isupper()) or not _UNIT_AFTER.match(text, end):
        return False
    return not (low in _PLACE_LETTERS or low in places or low in countries() or value in US_STATES)


@lru_cache(maxsize=1)
def _english_not_short_names() -> frozenset[str]:
    from simulacra.text._lexicon import DIMINUTIVES, english_words

    return frozenset(english_words()) - frozenset(DIMINUTIVES)


def _plain_word(low: str) -> bool:
    """An English word (names that are also words included) that is no short form of a given name."""
    return low in _english_not_short_names()


def _in_mixed_case(text: str, start: int, end: int) -> bool:
    """The words on each side of ``text[start:end]`` (same line) hold lowercase letters."""
    line_a = text.rfind("\n", 0, start) + 1
    line_b = text.find("\n", end)
    before = text[max(line_a, start - 25) : start]
    after = text[end : min(end + 25, len(text) if line_b < 0 else line_b)]
    return any(c.islower() for c in before) and any(c.islower() for c in after)


def _joins(ch: str, extra: str) -> bool:
    """``ch`` next to a match would make it part of a longer word."""
    return ch.isalnum() or ch in "_'’-" or ch in extra


def harmonise(text: str, spans: list[Span]) -> list[Span]:
    """One label per name in a document, and every other mention of a found name found too.

    The model judges each mention on its neighbours alone, so "Rotor" may be a person in
    one line and an organisation in the next, and "Lebed" found in one sentence may be
    missed in another. Within one document the same string gets its majority label (a
    tie goes to PERSON, the costlier miss), and whole-word repeats of a found name the
    model passed over are added — except common words, which are too risky to spread.
    """
    if not spans:
        return spans
    # plain dicts, not a Counter per string: the same votes in the same (first-seen) order
    votes: dict[str, dict[str, int]] = {}
    for sp in spans:
        surface = text[sp.start : sp.end]
        c = votes.get(surface)
        if c is None:
            votes[surface] = {sp.label: 1}
        else:
            c[sp.label] = c.get(sp.label, 0) + 1
    label_of = {
        k: next(iter(c)) if len(c) == 1 else max(c, key=lambda lab: (c[lab], lab == "PERSON"))  # noqa: B023
        for k, c in votes.items()
    }
    out = [
        sp if sp.label == label_of[text[sp.start : sp.end]] else replace(sp, label=label_of[text[sp.start : sp.end]])
        for sp in spans
    ]
    taken = bytearray(len(text))  # 1 where a span already is: an overlap test in C, not a loop over spans
    for sp in out:
        taken[sp.start : sp.end] = b"\x01" * (sp.end - sp.start)
    score, source = spans[0].score, spans[0].source
    for surface, label in label_of.items():
        if len(surface) < 3 or not surface[:1].isupper() or (" " not in surface and _not_a_surname(surface)):
            continue
        if label == "PERSON" and (surface.lower() in lexicons()[2] or surface.lower() in towns()):
            continue  # "Kent", "Milan": a place's name seen as a person is not spread
        a = text.find(surface)
        while a >= 0:  # str.find, not a regex per name: compiling one costs more than the search
            b = a + len(surface)
            whole = (a == 0 or not _joins(text[a - 1], ".")) and (b == len(text) or not _joins(text[b], ""))
            if whole and taken.find(1, a, b) < 0:  # (a grown span holds [a, b): taken there, taken grown)
                x0, y0 = _grow(text, a, b) if label == "PERSON" else (a, b)  # "Agassi" in "Andre Agassi"
                if taken.find(1, x0, y0) < 0:
                    out.append(Span(x0, y0, label, score, source))
                    taken[x0:y0] = b"\x01" * (y0 - x0)
            a = text.find(surface, a + 1)
    return sorted(out, key=span_order)  # the order of sorted(out), without a __lt__ per pair
