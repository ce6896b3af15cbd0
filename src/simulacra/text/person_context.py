"""A span typed a place or a firm that the words around it show to be a person (or two).

The tagger reads "Loftus and I", "in Tom's office" and "Sally & Sharron" by their neighbours ("and",
"in", "&": a firm's or a place's company) and types them ORGANIZATION or LOCATION. The evidence here is
the sentence's structure, not a word list: only people do things "and I", own an office or a desk,
and a pair of given names joined by "and" is two people. Each rule needs a known given name (or a
word that is no English word and no place) where the person stands, so firms and towns keep their type.
"""

from __future__ import annotations

import re
from dataclasses import replace

from simulacra.text.name_words import (
    NOT_PERSON_WORDS,
    common_word,
    dictionary_word,
    first_name,
    name_like,
    name_sets,
    not_a_name_word,
    place_word,
)
from simulacra.text.not_person import known_place
from simulacra.text.spans import Span

# "Loftus and I are flexible", "(Becky and I)": the word before is a person
_AND_I_IN = re.compile(r"[ ]+(?:and|&)[ ]+I\Z")
_AND_I_AFTER = re.compile(r"[ ]+(?:and|&)[ ]+I(?![\w'’.])")
# "in Tom's office", "Wes's desk", "per Sharron's e-mail": what only a person has
_OWNED_AFTER = re.compile(
    r"(?:['’]s|(?<=s)['’])[ ]+(?:office|desk|cube|cubicle|group|team|assistant|secretary|boss|wife|husband"
    r"|phone|cell|e-?mail|voice[ ]?mail|calendar|extension|approval|request|direct[ ]reports?)\b",
    re.IGNORECASE,
)
_OWNED_IN = re.compile(r"(?:['’]s|(?<=s)['’])\Z")
# "Sally & Sharron", "Lee Ann Chance and Chris Spears": two people joined
_JOINED = re.compile(r"[ ]+(?:and|&)[ ]+")
# "per Sharron", "w/Lay": a lone given name after a word that introduces a person ("from" also names
# a place: "originally from Dolores")
_PERSON_LEAD = re.compile(
    r"(?:\b(?:per|with|by|attn|cc|ask|asked|tell|told|call|called|thanks"
    r"|(?:talk|talked|talking|spoke|speak|speaking|spoken|chat|chatted|chatting)[ ]+to)[ ]+|\bw/[ ]?)\Z"
)
# "an e-mail from Tina", "a voicemail from Gary", "heard from Jennifer": a message comes from its sender, so a
# known given name after a message's "from" is a person, though the tagger reads "from" as a place's preposition
# ("originally from Dolores" has no message before it; a known place keeps its type by ``_given_first``)
_SENDER_LEAD = re.compile(
    r"\b(?:e-?mails?|mails?|notes?|messages?|msgs?|letters?|memos?|calls?|voice[ ]?mails?|faxe?s?|repl(?:y|ies)"
    r"|responses?|word|requests?|invit(?:e|ation)s?|feedback|comments?|questions?|updates?|heard|hear|hearing)"
    r"[ ]+from[ ]+\Z",
    re.IGNORECASE,
)

_NAME_WORD = re.compile(r"[A-Z][a-z'’\-]+|[A-Z]\.")


def _person_words(value: str) -> bool:
    """1-3 capitalised name words, the first a known given name (or, alone, no English word nor place)."""
    words = value.split()
    if not 1 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    if not name_like(value, lone_ok=False):
        return False
    if first_name(words[0]) and not place_word(words[0]):
        return True
    return len(words) == 1 and not dictionary_word(words[0]) and not place_word(words[0])


def person_by_context(text: str, s: Span) -> list[Span] | None:
    """``s`` (an ORGANIZATION or LOCATION span) as the person span(s) its context shows, or None."""
    value = text[s.start : s.end]
    m = _AND_I_IN.search(value)
    if m is not None:
        if _person_words(value[: m.start()]):
            return [replace(s, end=s.start + m.start(), label="PERSON")]
        return None
    m = _OWNED_IN.search(value)
    if m is not None and _OWNED_AFTER.match(text, s.start + m.start()):
        name = value[: m.start()]
        if _person_words(name) and _given_first(name):
            return [replace(s, end=s.start + m.start(), label="PERSON")]
        return None
    if _OWNED_AFTER.match(text, s.end) and _person_words(value) and _given_first(value):
        return [replace(s, label="PERSON")]
    if _AND_I_AFTER.match(text, s.end) and _person_words(value):
        return [replace(s, label="PERSON")]
    joined = list(_JOINED.finditer(value))
    if len(joined) == 1:
        j = joined[0]
        left, right = value[: j.start()], value[j.end() :]
        if _given_first(left) and _given_first(right) and _person_words(left) and _person_words(right):
            return [
                replace(s, end=s.start + j.start(), label="PERSON"),
                replace(s, start=s.start + j.end(), label="PERSON"),
            ]
        return None
    if (
        s.label != "PERSON"
        and given_and_surname(value)
        and not _PLACE_BEFORE.search(text, max(0, s.start - 10), s.start)
    ):
        return [replace(s, label="PERSON")]  # "Dave Hill", "Todd Busby" typed a place or a firm
    if s.label != "PERSON" and " " not in value and greeting_name(text, s):
        return [replace(s, label="PERSON")]  # "Matt," alone after a blank line: the one the message greets
    if s.label != "PERSON" and (row := _name_pairs(value)) is not None:
        # "David Port Stephen Stock Vince Kaminski": a row of attendees the tagger read as one firm
        return [replace(s, start=s.start + a, end=s.start + b, label="PERSON") for a, b in row]
    if " " not in value and _given_first(value) and _person_words(value) and not _SCORES_AFTER.match(text, s.end):
        # (not a team of a results line or league table's row: "Chester 4 1 1 2 6 7 4", "Wigan 4 Chester 2")
        if _PERSON_LEAD.search(text, max(0, s.start - 12), s.start):
            return [replace(s, label="PERSON")]
        if _SENDER_LEAD.search(text, max(0, s.start - 24), s.start):
            return [replace(s, label="PERSON")]  # "e-mail from Tina 10/16/01": the message's sender
        if s.label == "ORGANIZATION" and not _PLACE_OR_THING_BEFORE.search(text, max(0, s.start - 10), s.start):
            # "Patti held the group together", "consulting Colleen and Geoff": a known given name that is no
            # place and no frequent word, alone, is a person's in prose; a firm of one given name is rare
            return [replace(s, label="PERSON")]
    return None


# the rest of a results line or league table's row after a team: its scores alone ("Chester 4 1 1 2 6 7 4"),
# or its score, the other team and that team's ("Albion 2 Cowdenbeath 0", "Clyde 0 Queen of South 2")
_SCORES_AFTER = re.compile(
    r"(?:[ \t]+\d{1,3}){1,8}(?:[ \t]+[A-Z][\w'.&-]*(?:[ \t]+(?:[A-Z][\w'.&-]*|of|'s)){0,3}[ \t]+\d{1,3})?"
    r"[ \t]*(?:\r?\n|\Z)"
)
# a greeting's name alone on its line, with its comma: "Matt,"
_GREETING_COMMA = re.compile(r"[ \t]*,[ \t]*(?:\r?\n|\Z)")


def greeting_name(text: str, s: Span) -> bool:
    """``s`` is one capitalised word alone on its line but for a comma, after a blank line or at the text's start
    ("Matt,\n\nCan you ..."): a greeting's name. A known given name or a word no dictionary holds; never a
    place, a title, a calendar or a field's word."""
    if text[s.end : s.end + 1] not in (",", " ", "\t") or not _GREETING_COMMA.match(text, s.end):
        return False
    value = text[s.start : s.end]
    if not re.fullmatch(r"[A-Z][a-z]{2,}", value):
        return False
    line_start = text.rfind("\n", 0, s.start) + 1
    if text[line_start : s.start].strip(" \t>"):
        return False
    prev_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    if line_start and text[prev_start : line_start - 1].strip(" \t>\r"):
        return False
    if not_a_name_word(value) or known_place(value):
        return False
    return first_name(value) or not dictionary_word(value)


# a place's preposition or an article before a word: "at Ellis", "the Astros", "the Santa napkins"
_PLACE_OR_THING_BEFORE = re.compile(r"\b(?:in|at|near|into|outside|around|to|from|the|a|an)[ ]+\Z", re.IGNORECASE)
# a place's preposition that never introduces a person ("in Austin", "at Hastings"; not "to", "from": "talk to
# Austin", "a note from Austin"; not "at" after a verb of looking or shouting)
_AT_PLACE = re.compile(
    r"\b(?:in|near|into|outside|around|(?<!ed[ ])(?<!ing[ ])(?<!look[ ])(?<!looks[ ])at)[ ]+(?:the[ ]+)?\Z"
)  # "shouted at Todd", "looking at Sally": a person


def place_not_person(text: str, s: Span) -> bool:
    """A lone capitalised word typed a person right after a place's preposition ("in Austin", "into Alberta",
    "at Hastings"): a place, though the word is also a given name; people are not "in" anyone ("in Tom's
    office" keeps its person)."""
    value = text[s.start : s.end]
    return (
        " " not in value
        and value[1:].islower()
        and _AT_PLACE.search(text, max(0, s.start - 16), s.start) is not None
        and text[s.end : s.end + 2] not in ("'s", "’s")
    )


def glued_people(text: str, s: Span) -> list[Span] | None:
    """A person span that is two people run together on one line, by the message's own evidence: a given
    name before a full name that stands alone elsewhere in the text ("Kate Kerri Thompson" where "Kerri
    Thompson" is in a header), or repeated ("Marie Marie Heard": a sign-off, then the signature); two
    given-name–surname pairs ("Tiluk Mandadi Bob Campbell"). None when it reads as one name."""
    value = text[s.start : s.end]
    if "\n" in value or "," in value:
        return None
    words = list(_NON_SPACE.finditer(value))
    if any(w.group().lower() in _PARTICLES for w in words[1:]):
        return None  # "Todd Van Poppel", "James Alfred Van Allen": a surname's particle
    if len(words) == 4 and (pairs := _name_pairs(value) or _initial_pairs(value)) is not None:
        return [replace(s, start=s.start + a, end=s.start + b) for a, b in pairs]
    if len(words) in (2, 3) and words[0].group() == words[1].group() and _repeatable(words[0].group()):
        # "Bobette Bobette", "Augie Augie Shouse": a sign-off's name, then the signature's
        if len(words) == 2 or _SURNAME.fullmatch(words[2].group()):
            return [replace(s, end=s.start + words[0].end()), replace(s, start=s.start + words[1].start())]
    if len(words) != 3:
        return None
    w1, w2 = words[0].group(), words[1].group()
    if not (_NAME_WORD.fullmatch(w1) or w1.isupper()) or not first_name(w2) or not _SURNAME.fullmatch(words[2].group()):
        return None
    tail = value[words[1].start() :]
    if w1 != w2:
        if not first_name(w1) and not (w1.isupper() and len(w1) <= 3):
            return None
        if not _stands_alone(text, tail, s.start + words[1].start()):
            return None
    return [replace(s, end=s.start + words[0].end()), replace(s, start=s.start + words[1].start())]


def _repeatable(word: str) -> bool:
    """A word that, said twice in a row, is a name said twice: a known given name, or a capitalised word that is
    no English word ("Augie", "Bobette"; not "Very Very", "Bye Bye", nor the initials of "A. A. Milne")."""
    return re.fullmatch(r"[A-Z][a-z]{2,}", word) is not None and (first_name(word) or not dictionary_word(word))


_INITIAL = re.compile(r"[A-Z]\.")


def _initial_pairs(value: str) -> list[tuple[int, int]] | None:
    """Offsets of each "I. Surname" in "W. Gurrola S. Hermani": two people, each an initial and a surname."""
    words = list(re.finditer(r"\S+", value))
    if len(words) != 4 or not all(_INITIAL.fullmatch(words[i].group()) for i in (0, 2)):
        return None
    if not all(_SURNAME.fullmatch(words[i].group()) for i in (1, 3)):
        return None
    return [(words[0].start(), words[1].end()), (words[2].start(), words[3].end())]


_PARTICLES = frozenset("van von de del della der den da di du la le st st. mac mc o".split())


def _stands_alone(text: str, name: str, here: int) -> bool:
    """``name`` occurs elsewhere in ``text`` with no capitalised word glued before it."""
    p = text.find(name)
    while p >= 0:
        if p != here:
            before = text[max(0, p - 20) : p]
            if not re.search(r"[A-Z][\w'’.]*[ ]\Z", before):
                return True
        p = text.find(name, p + 1)
    return False


def _given_first(value: str) -> bool:
    """A known given name first; alone, one that is no frequent English word ("Sally", not "Will")."""
    words = value.split()
    if len(words) == 1 and known_place(value):
        return False  # "with Alberta", "per Paris": a place's name, though also a given name
    return (
        bool(words)
        and first_name(words[0])
        and not place_word(words[0])
        and (len(words) > 1 or not common_word(words[0]))
    )


# a place's preposition before it: "at Ellis Park", "in Shelly Park"
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|into|outside|around|to|from)[ ]+\Z", re.IGNORECASE)
# the second word of a place's name, though it is also a surname ("Trent Bridge", "Ellis Park"), and the
# first word of one, though it is also a given name ("El Salvador", "San Marino")
_PLACE_TAIL = frozenset(
    "park bridge field fields stadium square street road avenue lake river beach bay valley island creek springs"
    " falls point harbor harbour centre center county city".split()
)
_PLACE_HEAD = frozenset("el la le los las san santa st saint fort port mount lake".split())
_SURNAME = re.compile(r"[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?|Mc[A-Z][a-z]+|O['’][A-Z][a-z]+")
_INITIAL_OPT_DOT = re.compile(r"[A-Z]\.?")
_GIVEN_WORD = re.compile(r"[A-Z][a-z]+")
_NON_SPACE = re.compile(r"\S+")


def given_and_surname(value: str) -> bool:
    """A known given name, maybe an initial, and a surname: a known family name or no English word, and
    no place or firm's word ("Dave Hill", "Wade Stubblefield"; not "Jordan River", "Albert Industries")."""
    words = value.split()
    if len(words) == 3 and _INITIAL_OPT_DOT.fullmatch(words[1]):
        words = [words[0], words[2]]
    if len(words) != 2 or not _GIVEN_WORD.fullmatch(words[0]) or not _SURNAME.fullmatch(words[1]):
        return False
    first, last = words[0], words[1].lower()
    if (
        not first_name(first)
        or place_word(first)
        or place_word(last)
        or last in NOT_PERSON_WORDS
        or last in _PLACE_TAIL
    ):
        return False
    if first.lower() in _PLACE_HEAD:
        return False
    return last in name_sets()[1] or not dictionary_word(last)


def _name_pairs(value: str) -> list[tuple[int, int]] | None:
    """Offsets of each "Given Surname" in a row of two or more of them, or None."""
    words = [(m.start(), m.end()) for m in _NON_SPACE.finditer(value)]
    if len(words) < 4 or len(words) % 2:
        return None
    pairs = [(words[i][0], words[i + 1][1]) for i in range(0, len(words), 2)]
    if all(" " == value[words[i][1] : words[i + 1][0]] for i in range(0, len(words), 2)) and all(
        given_and_surname(value[a:b]) for a, b in pairs
    ):
        return pairs
    return None
