"""A person span that is a known place or a firm by its own words, when nothing around it shows a person.

The tagger reads "into Alberta", "from Cabo" and "Dow Jones Newswires" by the names inside them: Alberta,
Paris and Austin are given names, Jones a surname. The knowledge here is not read from any mail: places
are the lexicon's countries, states, provinces and capitals (Faker's data), Canada's provinces and
Mexico's states (Faker's too) and the fifty largest US cities of the 2000 census; a firm is what a
company's word follows ("Inc", "Corp", "Newswires", "L.L.P."). Many surnames and given names are also
places (Houston, Austin, Jackson), so the caller asks this only of a span with no person evidence: a
title or a greeting before it, a sign-off's place, a verb of saying or an owned desk after it, or the
same word inside a longer name in the message. The span keeps being rewritten (as a place or a firm),
so a real person misread here still does not leak.
"""

from __future__ import annotations

import re
from functools import lru_cache

from simulacra.text._lexicon import US_STATES
from simulacra.text.name_words import any_given_name, dictionary_word, known_name, name_sets, place_word
from simulacra.text.spans import Span

# the fifty largest US cities by population (2000 census): the lexicon's cities are capitals, time-zone
# names and a list of world cities, which misses most of them
_US_LARGEST = (
    "New York", "Los Angeles", "Chicago", "Houston", "Philadelphia", "Phoenix", "San Diego", "Dallas",
    "San Antonio", "Detroit", "San Jose", "Indianapolis", "San Francisco", "Jacksonville", "Columbus", "Austin",
    "Baltimore", "Memphis", "Milwaukee", "Boston", "Washington", "El Paso", "Seattle", "Denver", "Nashville",
    "Charlotte", "Fort Worth", "Portland", "Oklahoma City", "Tucson", "New Orleans", "Las Vegas", "Cleveland",
    "Long Beach", "Albuquerque", "Kansas City", "Fresno", "Virginia Beach", "Atlanta", "Sacramento", "Oakland",
    "Mesa", "Tulsa", "Omaha", "Minneapolis", "Honolulu", "Miami", "Colorado Springs", "St. Louis", "Wichita",
)  # fmt: skip


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Countries, states and provinces, capitals and large cities, lowercased (not the lexicon's 20,000 towns:
    too many of those are surnames)."""
    import importlib

    from simulacra.text._lexicon import lexicon, strip_accents

    lx = lexicon()
    names = [*lx.countries, *lx.regions, *lx.major_cities, *_US_LARGEST]
    for loc, attr in (("en_CA", "provinces"), ("es_MX", "states"), ("en_AU", "states")):
        names.extend(str(x) for x in getattr(importlib.import_module(f"faker.providers.address.{loc}").Provider, attr))
    return frozenset(y for x in names for y in (x.lower(), strip_accents(x).lower()))


def known_place(value: str) -> bool:
    """``value`` (one line, 1-3 words) is a known place's whole name ("Alberta", "El Paso", "Paris")."""
    words = value.split()
    return 1 <= len(words) <= 3 and "\n" not in value and " ".join(words).lower() in place_names()


# what a person has or does right after the name: "Austin's office", "Paris said", "Alberta and I"
_PERSON_AFTER = re.compile(
    r"(?:['’]s[ ]+(?:office|desk|cube|group|team|assistant|wife|husband|phone|cell|e-?mail|number|mother|father"
    r"|son|daughter|boss)\b|[ ]+(?:and|&)[ ]+I\b|[ ]+(?:said|says|wrote|asked|told|called|thinks|thought|mentioned"
    r"|agreed|suggested|replied|explained|added|noted|will[ ]+call|is[ ]+out|was[ ]+out|shouted|yelled|smiled"
    r"|laughed|cried|sighed|nodded|walked|sat|stood|looked|married|whispered)\b)",
    re.IGNORECASE,
)
# what introduces a person: a title, a greeting, a thanks, a word that hands something to someone, a kin
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dear|Hi|Hello|Hey|Thanks|Thank[ ]you|Thx|Attn|per|cc|ask|asked|tell|told"
    r"|call|called|Love|son|daughter|kid|child|wife|husband|brother|sister|mother|father|mom|dad|friend|boss"
    r"|colleague|nephew|niece|cousin|uncle|aunt|grandson|granddaughter)[.,:]?|\bw/|^[ \t>]*-+)[ \t]*\Z",
    re.IGNORECASE | re.MULTILINE,
)
# a greeting or a sign-off line: the name alone on its line, a comma or "!" at most after it
_ALONE_AFTER = re.compile(r"[ \t]*[,!:]?[ \t]*(?:\r?\n|\Z)")


def person_evidence(text: str, s: Span) -> bool:
    """Something around ``s`` that only a person has (see the module's docstring)."""
    if _PERSON_AFTER.match(text, s.end) or _PERSON_BEFORE.search(text, max(0, s.start - 16), s.start):
        return True
    line_start = text.rfind("\n", 0, s.start) + 1
    if text[line_start : s.start].strip(" \t>") == "" and _ALONE_AFTER.match(text, s.end):
        # a greeting ("Austin,") or a signature ("Paris" under "Thanks,"): a lone place heading a line
        # ("Atlanta" in a list of offices) is told apart by the line before it
        prev = text[max(0, text.rfind("\n", 0, max(0, line_start - 1)) + 1) : max(0, line_start - 1)].strip(" \t>")
        return text[s.end : s.end + 1] in (",", "!", ":") or prev == "" or prev.endswith((",", "!", "-"))
    return False


# a capitalised word right after the name, on its line, maybe after an initial: "Austin Krueger", "Paris J. Hilton"
_WORD_AFTER = re.compile(r"[ ]+(?:[A-Z]\.[ ]+)?(?P<w>[A-Z][a-z][\w'’]*)(?![\w@])")


def surname_after(text: str, s: Span) -> bool:
    """A surname follows ``s`` ("Austin Krueger"): a known family name that is no dictionary word, or a word
    that is neither a dictionary word nor a place. The name completion would take it into a person's name;
    a place keeps it out, so the surname would be left verbatim."""
    m = _WORD_AFTER.match(text, s.end)
    if m is None:
        return False
    w = m.group("w").lower()
    if dictionary_word(w) or known_place(m.group("w")):
        return False
    return w in name_sets()[1] or not place_word(w)


def place_spread_covers(text: str, s: Span, spans: list[Span]) -> bool:
    """Retyping ``s`` as a place still rewrites every mention of it that a person's word would reach.

    A person's word spreads in any case and over a span of another type at the same words; a place's
    string spreads only as written (or in capitals) and not at all once it is typed two ways. So the
    place is refused when the same string is typed as something else than a person or a place elsewhere
    in the message ("Austin" an organisation there: typed two ways, a third mention would stay), or
    stands in another case ("austin", "AUSTIN's" aside: capitals are spread)."""
    value = text[s.start : s.end]
    low = value.lower()
    for o in spans:
        if o is not s and o.label not in ("PERSON", "LOCATION") and text[o.start : o.end].lower() == low:
            return False
    for m in re.finditer(r"(?<![\w@./_=])" + re.escape(value) + r"(?![\w@_=])", text, re.IGNORECASE):
        if m.group() != value and m.group() != value.upper():
            return False
    return True


# a firm's word right after a name ("Dow Jones Newswires", "Vinson & Elkins L.L.P.", "Cooper Industries")
_FIRM_WORD = (
    r"(?:Newswires?|Inc|Incorporated|Corp|Corporation|Co|Company|LLC|L\.L\.C|LLP|L\.L\.P|Ltd|Limited|PLC|plc|GmbH"
    r"|Industries|Holdings|Brothers|Bros)(?![\w\-])\.?"
)
# after a comma only the legal forms: "Kim Watson, Co-chairs", "Ann Lee, Company Secretary" are people
_FIRM_AFTER = re.compile(
    r"(?:[ ]+|[ ]+&[ ]+)" + _FIRM_WORD + r"|,[ ](?:Inc|Ltd|LLC|L\.L\.C|LLP|L\.L\.P|Corp|PLC|GmbH)(?![\w\-])"
)
_FIRM_LAST = re.compile(r"[ ]" + _FIRM_WORD + r"\Z")


def firm_by_context(text: str, s: Span) -> bool:
    """``s`` names a firm by the company word after it or at its end ("Jones Newswires", "Elkins L.L.P")."""
    value = text[s.start : s.end]
    return bool(_FIRM_LAST.search(value) or _FIRM_AFTER.match(text, s.end))


# what only a firm has or does, right after a lone name (deid62, issue 14): a business's possessive ("Moody's
# acquisition of Famas", "As Dynegy's generation"), a relative "which" ("due to Catalytica which is now a publicly
# traded stock"), or "its" in the clause the name opens, after lowercase words only ("Texaco has agreed to extend
# its contract", "Enporion just last week logged its first transactions"). A person is "who", "his", "her"; "its"
# after a verb of saying belongs to another subject ("Yeltsin said its troops"), and a name or a comma between
# ends the clause.
FIRM_POSSESSIVE = re.compile(
    r"['’]s[ ]+(?:acquisition|acquisitions|merger|stock[ ]price|share[ ]price|shareholders|stockholders|subsidiary"
    r"|subsidiaries|parent[ ]company|earnings|revenues?|generation|pipelines?|bankruptcy|headquarters)\b"
)
_FIRM_WHICH = re.compile(r",?[ ]+which[ ]+(?:is|was|has|had|owns|operates|makes|sells|provides)\b")
_SAYING = (
    r"(?:said|says|say|told|tells|thinks|thought|believes|believed|noted|reported|added|asked|wants|wanted|hopes"
    r"|feels|felt|knows|knew|claimed|claims|argued|argues|explained|warned|insisted|stated|announced|accused"
    r"|he|his|him|she|her|hers|they|their|them|who|whom|whose)"  # a person's pronoun: the name is the person's
)
_GAP = r"(?:[ ]+|[ ]*\r?\n[ \t>]*)"  # a space, or a line wrapped there
_FIRM_ITS = re.compile(r"(?:" + _GAP + r"(?!" + _SAYING + r"\b)[a-z][a-z\-]*){1,6}?" + _GAP + r"its" + _GAP + r"[a-z]")


def firm_by_reference(text: str, s: Span) -> bool:
    """``s``, one capitalised word and no given name, is a firm by what the prose says of it after it: a
    business's possessive, "which", or "its" (see above). Asked only where no person's evidence stands by it."""
    value = text[s.start : s.end]
    if " " in value or not value[:1].isupper() or any_given_name(value) or _PERSON_AFTER.match(text, s.end):
        return False
    m = _PERSON_BEFORE.search(text, max(0, s.start - 16), s.start)
    if m is not None and not m.group().lstrip(" \t>").startswith("-"):
        return False  # "Dear Kowalski", "per Kowalski"; a bullet's dashes ("--Texaco has agreed") are no person's
    return bool(FIRM_POSSESSIVE.match(text, s.end) or _FIRM_WHICH.match(text, s.end) or _FIRM_ITS.match(text, s.end))


def firm_words(text: str, spans: list[Span]) -> frozenset[str]:
    """The name words of the message's firms by context, for the same words alone elsewhere ("Dow" after
    "Dow Jones Newswires"): a person span that is a firm by :func:`firm_by_context`, and a person span that
    runs into it one space before ("Dow" + "Jones Newswires")."""
    persons = sorted((s for s in spans if s.label == "PERSON"), key=lambda s: s.start)
    firms = [s for s in persons if firm_by_context(text, s) or firm_by_reference(text, s)]
    if not firms:
        return frozenset()
    ends = {s.end: s for s in persons}
    out: set[str] = set()
    for f in firms:
        parts = [f] + ([ends[f.start - 1]] if text[f.start - 1 : f.start] == " " and f.start - 1 in ends else [])
        for p in parts:
            out.update(w.lower() for w in re.findall(r"[A-Za-z][\w'’]*", text[p.start : p.end]))
    return frozenset(out - {"inc", "corp", "co", "company", "newswires", "newswire", "industries", "holdings"})


# a US state's postal code right after a word: "Arpin, WI site", "Hugoton (KS) station"; not the codes that are
# also a person's degree or a word after a name ("Ann Lee, MD", "Bob, OK?", "Kim, PA-C", "Smith, OR")
_NOT_STATE_AFTER_NAME = frozenset("MD PA OK OR IN ME DE HI".split())


@lru_cache(maxsize=1)
def _state_after() -> re.Pattern[str]:
    codes = sorted(US_STATES - _NOT_STATE_AFTER_NAME)
    return re.compile(r"(?:,[ ]?|[ ]\()(?:" + "|".join(codes) + r")(?![\w'’\-])")


def place_by_state(text: str, s: Span) -> bool:
    """A lone word followed by a US state's code ("Arpin, WI", "Hugoton (KS)"): a town, however name-like."""
    if text[s.end : s.end + 1] not in (",", " "):
        return False
    value = text[s.start : s.end]
    return " " not in value and value[:1].isupper() and _state_after().match(text, s.end) is not None


# the abbreviations news and mail write a US state or Mexico with after a town ("Sarasota, Fla.", "Scottsdale,
# Ariz.", "Playa Del Carmen, Mex."); not those that are also a given name, a particle or a word after a name
# ("Tex", "Cal", "Del", "Ala", "Mo", "La", "Miss", "Mont", "Wash", "Ind", "Md")
_STATE_ABBREVIATIONS = (
    "Ariz", "Ark", "Calif", "Colo", "Conn", "Fla", "Ill", "Kan", "Ky", "Mass", "Mich", "Minn", "Neb", "Nev", "Okla",
    "Ore", "Tenn", "Va", "Vt", "Wis", "Wyo", "Mex",
)  # fmt: skip
_TOWN = r"[A-Z][\w'’\-]*(?:[ ][A-Z][\w'’\-]*){0,2}"
# "Sarasota,\nFla." (wrapped at the comma): the abbreviation after a town and a comma, its point after it
_TOWN_BEFORE = re.compile(r"(?<![\w'’\-])" + _TOWN + r",[ \t]*(?:\r?\n[ \t>]*)?\Z")
_ABBREVIATION_AFTER = re.compile(r",[ ]?(?:" + "|".join(_STATE_ABBREVIATIONS) + r")\.")
_TOWN_SPAN = re.compile(_TOWN)
_ABBREVIATION_AT = re.compile(r"(?:" + "|".join(_STATE_ABBREVIATIONS) + r")\.")


def state_abbreviation_at(text: str, a: int) -> bool:
    """A state's or country's abbreviation and its point start at ``a`` ("Mex." of "Playa Del Carmen, Mex."): the
    tagger may type it a person, and a town is no person's list mate for that."""
    return _ABBREVIATION_AT.match(text, a) is not None


@lru_cache(maxsize=1)
def _state_codes() -> frozenset[str]:
    return US_STATES - _NOT_STATE_AFTER_NAME


_PLACE_PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|near|from|to|into|outside|around)[ \t]+\Z", re.IGNORECASE)


@lru_cache(maxsize=1)
def _code_after() -> re.Pattern[str]:
    """A state's postal code after a space, ending there ("Mason TX office"; not "TX/HOU", "TX.")."""
    return re.compile(r"[ ](?:" + "|".join(sorted(_state_codes())) + r")(?![\w'’\-.@/])")


def place_with_state(text: str, s: Span) -> bool:
    """``s`` is a town by the abbreviation of its state or country (deid62, issue 14): a town's name of one to
    three capitalised words followed by ", Fla." or ", Mex." ("Playa Del Carmen, Mex."), or ending in a state's
    postal code ("Dove hunt in Mason TX", "Washington DC office"), or the state's abbreviation itself after a
    town and a comma ("Scottsdale, Ariz.", "Sarasota,\nFla."). No person's name is written with a state's
    abbreviation after it; the codes that also follow a name ("Ann Lee, MD", "Kim, PA") are not read."""
    value = text[s.start : s.end]
    if "\n" in value or not _TOWN_SPAN.fullmatch(value):
        return False
    words = value.split()
    coded = len(words) > 1 and words[-1] in _state_codes()  # "Mason TX", "Washington DC"
    if coded or (_code_after().match(text, s.end) and value not in _STATE_ABBREVIATIONS):  # the code left out
        # two capitals after a given name are as often a person's initials ("Customer Charalampos MO reports"):
        # such a town is taken after a place's preposition ("hunt in Mason TX") or when it is a known place
        town = words[:-1] if coded else words
        return (
            not any(any_given_name(w) for w in town)
            or known_place(" ".join(town))
            or _PLACE_PREPOSITION_BEFORE.search(text, max(0, s.start - 12), s.start) is not None
        )
    if _ABBREVIATION_AFTER.match(text, s.end):
        return True  # "Playa Del Carmen, Mex."
    return (
        value in _STATE_ABBREVIATIONS
        and text[s.end : s.end + 1] == "."
        and _TOWN_BEFORE.search(text, max(0, s.start - 60), s.start) is not None
    )


# one item of a list around a lone word: up to three capitalised words joined to it by a comma or "or" ("and"
# joins a person to a place as often: "Iran and Talabani", "Portugal and Pedro")
_ITEM_BEFORE = re.compile(r"(?<![\w&'’.\-])(?P<w>[A-Z][a-z]+(?:[ ][A-Z][a-z]+){0,2})(?:,[ ]?|[ ]or[ ])\Z")
_ITEM_AFTER = re.compile(r"(?:,[ ]?|[ ]or[ ])(?:or[ ])?(?P<w>[A-Z][a-z]+(?:[ ][A-Z][a-z]+){0,2})(?![\w&'’\-])")


def listed_with_places(text: str, s: Span) -> bool:
    """A lone word listed among known places ("Indianapolis, Omaha or Kansas City", "Kansas City or Hartford"):
    a place, when a known place stands on both sides of it or on one side and the word is no known name."""
    tail = text[s.end : s.end + 4]
    head = text[max(0, s.start - 2) : s.start]
    if not (tail[:1] == "," or tail == " or " or head.endswith(",") or head in (", ", "r ")):
        return False  # no comma nor "or" beside it: no list
    value = text[s.start : s.end]
    if " " in value or not value[:1].isupper():
        return False
    m = _ITEM_BEFORE.search(text, max(0, s.start - 40), s.start)
    n = _ITEM_AFTER.match(text, s.end)
    before = m is not None and any(known_place(" ".join(m["w"].split()[i:])) for i in range(len(m["w"].split())))
    after = n is not None and any(known_place(" ".join(n["w"].split()[: i + 1])) for i in range(len(n["w"].split())))
    return (before and after) or ((before or after) and not known_name(value))


# a capitalised word: the head of an organisation's name ("Regus" of "Regus Business Centers")
_HEAD = re.compile(r"[A-Z][A-Za-z'’\-]{2,}")
_NAME_WORDS = re.compile(r"[^\W\d_][\w'’]*")


def organisation_heads(text: str, spans: list[Span], person_words: frozenset[str]) -> frozenset[str]:
    """The first words of the message's organisations of two words or more ("Fox" of "Fox TV", "MidCon" of
    "MidCon Deer Park", "Regus" of "Regus Business Centers"), as written. Not an organisation whose other words
    are words of the message's people: that is a person the tagger mistyped ("Larry Ruff" beside "Larry E. Ruff")."""
    out: set[str] = set()
    for s in spans:
        if s.label != "ORGANIZATION":
            continue
        words = _NAME_WORDS.findall(text[s.start : s.end])
        if len(words) < 2 or not _HEAD.fullmatch(words[0]) or "\n" in text[s.start : s.end]:
            continue
        if not _title_run(text[s.start : s.end]):
            continue  # "Clinton and Dole": two names the tagger joined, no firm's
        if any(w.lower() in person_words for w in words[1:]):
            continue
        out.add(words[0])
    return frozenset(out)


def _title_run(value: str) -> bool:
    """The name opens with two capitalised words at least ("MidCon Deer Park", "Regus Business Centers and Global
    Trade Days", "Procter & Gamble"): one firm's name; not "Clinton and Dole", two names the tagger joined
    (deid-fp36)."""
    run = 0
    for w in value.split():
        if not (w[:1].isupper() or w[:1].isdigit() or w == "&"):
            break
        run += w != "&"
    return run >= 2


def heads_an_organisation(text: str, s: Span, heads: frozenset[str], spans: list[Span]) -> bool:
    """A lone word that the message writes elsewhere at the head of an organisation's name ("Below is some
    information on Regus" beside "Regus Business Centers"; "on Fox TV" beside "Fox"): the firm named short.
    The caller asks only of a word with no person evidence and in no longer person name of the message."""
    value = text[s.start : s.end]
    if value not in heads:
        return False
    # the organisation stands elsewhere, not over this word (the tagger's two readings of one place)
    return not any(o.label == "ORGANIZATION" and o.start < s.end and s.start < o.end for o in spans)
