"""What a noun outside the catalogue names: a person, a place, a thing, an event...

From WordNet's first senses (``data/nouns.tsv.gz``, built by ``tools/build_nouns.py`` from the Open
English WordNet, CC BY 4.0): the draft gives such a noun the columns and the relations its class has
(skiers are people with names; lifts are things that belong to a resort; walks are events that refer
to the dog and the walker).
"""

from __future__ import annotations

import functools
import gzip
from importlib import resources

#: the classes a noun can have, as the data file writes them
CLASSES = {
    "P": "person",
    "A": "animal",
    "L": "place",
    "G": "group",
    "T": "thing",
    "E": "event",
    "D": "document",
    "M": "money",
    "Q": "measure",
    "F": "food",
    "O": "other",
}
#: words whose sense in a request for data is an event, where WordNet's first sense is a meeting or a show
_EVENTS_FIRST = {"session": "E", "sessions": "E", "screening": "E", "screenings": "E"}
#: endings of nouns that name people by what they do (skier, sailor, florist, librarian, trainee)
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ee", "eer", "man", "men", "ster", "ess")
#: plurals that do not end in -s, and their singulars (the draft's parse and tables read this one table)
IRREGULAR_PLURALS = {
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "mice": "mouse",
    "geese": "goose",
}


#: singulars in -f or -fe whose plural is in -ves (a word ending in one after a word of three or more letters too:
#: 'bookshelf', 'midwife'); other words in -f take -s ('roofs', 'chiefs', 'cliffs', 'cafes')
_VES = frozenset("leaf loaf shelf wolf half calf elf self thief sheaf wharf scarf hoof dwarf knife wife life".split())
#: nouns in -o whose plural is in -oes ('photos', 'pianos', 'studios' take -s)
_OES = frozenset("hero potato tomato echo veto torpedo embargo domino".split())
#: nouns whose plural is the word itself
_SAME = frozenset("series species news".split())


def _takes_ves(word: str) -> bool:
    return word in _VES or any(word.endswith(w) and len(word) - len(w) >= 3 for w in _VES)


def plural(word: str) -> str:
    """The plural of a singular noun ('tasting note' -> 'tasting notes', 'box' -> 'boxes', 'shelf' ->
    'shelves', 'quiz' -> 'quizzes'), for a table named by a noun said once ("a tasting note for each tea")."""
    *mods, head = word.split(" ")
    single = {v: k for k, v in IRREGULAR_PLURALS.items()}
    if head in single:
        head = single[head]
    elif head in _SAME:
        pass
    elif head.endswith("y") and len(head) > 2 and head[-2] not in "aeiou":
        head = head[:-1] + "ies"
    elif head.endswith("sis") and len(head) > 4:
        head = head[:-2] + "es"  # analysis: analyses
    elif _takes_ves(head):
        head = head[: -2 if head.endswith("fe") else -1] + "ves"
    elif head.endswith("z") and not head.endswith("zz") and len(head) > 2 and head[-2] in "aeiou":
        head += "zes"  # quiz: quizzes
    elif head.endswith(("s", "x", "z", "ch", "sh")) or head in _OES:
        head += "es"
    else:
        head += "s"
    return " ".join([*mods, head])


@functools.cache
def singular(word: str) -> str:
    """The singular of a plural noun ('boxes' -> 'box', 'shelves' -> 'shelf', 'archives' -> 'archive', 'buses'
    -> 'bus', 'movies' -> 'movie', 'parties' -> 'party'); a singular noun is returned as it is ('status',
    'campus', 'class'). Where the rules leave two forms ('horses': horse or hors), WordNet's nouns choose."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word in _SAME or not word.endswith("s") or word.endswith("ss") or len(word) <= 3:
        return word
    known = _senses()
    if word.endswith(("us", "is", "as", "ens")) and word in known and word[:-1] not in known:
        return word  # status, campus, crisis, canvas, lens: singular already
    if word.endswith("ves") and len(word) > 4:
        stem = word[:-3]
        return next((w for w in (stem + "f", stem + "fe") if _takes_ves(w)), stem + "ve")
    if word.endswith("ies") and len(word) > 4:
        return word[:-1] if word[:-1] in known else word[:-3] + "y"  # movies, cookies; parties
    if word.endswith(("uses", "nses")) and word[:-2] in known:
        return word[:-2]  # buses, bonuses, lenses (not 'lense')
    if word.endswith("es"):
        for form in (word[:-1], word[:-2], word[:-3] if word.endswith("zzes") else ""):
            if form and form in known:
                return form  # horses, buses, statuses, heroes, quizzes
        if word.endswith("ses") and word[:-2] + "is" in known:
            return word[:-2] + "is"  # analyses, crises
        if word.endswith(("sses", "ches", "shes", "xes", "zes")):
            return word[:-2]
    return word[:-1]


@functools.cache
def _senses() -> dict[str, str]:
    raw = resources.files("simulacra.draft").joinpath("data/nouns.tsv.gz").read_bytes()
    out: dict[str, str] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        lemma, _, classes = line.partition("\t")
        out[lemma] = classes
    return out


def _lemmas(word: str) -> list[str]:
    """The singular forms a plural noun may have ('boxes' -> 'box', 'passes' -> 'pass', 'lifts' -> 'lift')."""
    if word in IRREGULAR_PLURALS:
        return [IRREGULAR_PLURALS[word]]
    forms = [word]
    if word.endswith("ves") and len(word) > 4:
        forms.append(singular(word))  # shelves, wharves, knives; archives, drives
    if word.endswith("men") and len(word) > 4:
        forms.append(word[:-3] + "man")  # fishermen, firemen
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        forms.append(word[:-1])  # before '-es': routes are routes, not routs
    if word.endswith("es") and len(word) > 3:
        forms.append(word[:-2])
    return forms


def senses_of(phrase: str) -> str:
    """The classes of the first senses of a noun phrase (its last words as one noun, else its head word)."""
    words = phrase.lower().replace("_", " ").replace("-", " ").split()
    table = _senses()
    for n in (3, 2, 1):
        if len(words) < n:
            continue
        *mods, head = words[-n:]
        for form in _lemmas(head):
            hit = table.get(" ".join([*mods, form])) or table.get("-".join([*mods, form]))
            if hit:
                return hit
    return ""


def noun_class(phrase: str) -> str | None:
    """The class (a name of ``CLASSES``) of what the phrase names first, or None for a word WordNet lacks.

    A few nouns whose first sense is a meeting or a document name events in a request for data (a
    session of a game or of parking, a screening of a film)."""
    classes = senses_of(phrase)
    head = phrase.lower().replace("_", " ").split()[-1] if phrase.strip() else ""
    if not classes:
        return "person" if _agent_of_known_word(head) else None
    first = classes[0]
    agent = head.rstrip("s").endswith(_AGENT_ENDINGS) or head.endswith("men")
    if first == "P" and classes[1:2] in ("T", "L") and not agent:
        first = classes[1]  # quarries are pits, not prey: a person sense first, a thing next, no agent ending
    elif first != "P" and classes[1:2] == "P" and agent and _agent_stem(head):
        first = "P"  # climbers are people before they are vines: an agent ending and a person sense next
    return CLASSES[_EVENTS_FIRST.get(head, first)]


def _agent_stem(head: str) -> bool:
    """An -er noun names a doer only where what is left names something done ('climbers': climb); 'transfers',
    'letters' and 'offers' leave no such word, and their first sense (an event, a document) stands."""
    one = head[:-1] if head.endswith("s") else head
    if not one.endswith("er") or one.endswith("eer"):
        return True  # sailors, florists, engineers: the ending alone says so
    return _agent_of_known_word(one)


def _agent_of_known_word(word: str) -> bool:
    """'gamers', 'vloggers', 'modders': a word WordNet lacks that is a noun WordNet has ('game', 'vlog', 'mod')
    with the agent ending -er: someone who does what the noun names."""
    one = word[:-1] if word.endswith("ers") else word
    if not one.endswith("er") or len(one) < 5:
        return False
    stem = one[:-2]
    stems = [stem + "e", stem]  # gamer: game; vlogger: vlogg -> vlog (below)
    if len(stem) > 2 and stem[-1] == stem[-2]:
        stems.append(stem[:-1])
    table = _senses()
    return any(len(s) >= 3 and s in table for s in stems)


def compound_senses(words: list[str]) -> str:
    """The classes of a noun of two or three words WordNet lists as one ('car parks', 'bus stops'), else ''."""
    if len(words) < 2:
        return ""
    table = _senses()
    *mods, head = [w.lower() for w in words]
    for form in _lemmas(head):
        hit = (
            table.get(" ".join([*mods, form]))
            or table.get("-".join([*mods, form]))
            or table.get("".join([*mods, form]))
        )
        if hit:  # 'car parks', 'check-ins', 'car washes' (WordNet: 'carwash')
            return hit
    return ""
