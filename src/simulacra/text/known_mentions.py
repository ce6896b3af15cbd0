"""Other mentions of a name the message itself makes known, in the forms the spreading rules pass over
(deid-leak33, issue 14).

Each class is general to mail, not to one corpus:

* **An address's name in any case.** A person's address (``terr.henderson@acme.com``, ``mike_grigsby@…``) spells
  the person's given name and surname, and casual mail writes the same names in lower case ("tell terr i said
  hi", "grigsby west"). The address is rewritten, but the lowercase mention was left verbatim: the tagger sees no
  name in a lowercase word, and ``propagate`` spreads only the words of names found as persons, never the pieces
  of an address. A piece that is no English word (``terr``, ``grigsby``) is that person in any case; one that is
  an English word too (``pat``, ``bill``, ``mark``) only where capitalised and a given name, since "pat him on the
  back" is a word. So too a found person's given name that only the widened list knows ("Lindy"), which
  ``propagate`` spreads capitalised only.
* **Initials and names glued by a dash or a slash.** A person found as ``Lohman, TK`` is meant by ``TK``
  elsewhere, and notes glue a name to a number or a word with a dash or slash ("Item 1-TK to input",
  "Lindy/TK-Please verify", "Bill/Mark"). ``propagate`` skips two-letter words and every word joined to ``-`` or
  ``/``, since those joints mostly belong to identifiers, paths and addresses, so the real initials or name
  stayed in the rewritten note. Here a joint is taken only inside a short run of plain words joined by ``-`` or
  ``/`` (nothing of an address or a path: no ``@``, ``.``, ``_``, ``:``), a dash only between the name and a
  dictionary word that is no given name ("TK-Please", not the "Smith" of "Gilbert-Smith") or after an item's
  number ("Item 1-TK", a line's "2-TK"; not "ref 12-Smith"), never a month's or a weekday's name ("Jan-01"), and initials never on a header's line or in a
  ``;`` list (the list rules read those names whole). Initials standing alone are not spread (two capitals are
  as often an abbreviation); beside the name's other word found alone ("Lohman, TK" where only "Lohman" was
  found) they widen that name's span.
* **A title before a surname in lower case** ("Dr dunn's office"): a title needs a name after it, and the tagger
  sees none in a lowercase word; the word is taken when it is no frequent word, and no dictionary word unless a
  known name ("Dr appointment" is not, "mr smith" is).
* **A one-word item of a ``;`` list between two found persons** ("Rosalind Pretorius; sanjev; sara rumberg"): a
  recipient's nickname or a name no list knows, in a list of names; no English word ("admin").

Only positions no span covers are taken; the spans returned are sorted and non-overlapping.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from simulacra.text._scan import scan_matches
from simulacra.text.name_words import (
    DAY_WORD_RE,
    MONTH_WORD,
    NEVER_PEOPLE,
    NOT_PERSON_WORDS,
    common_word,
    dictionary_word,
    first_name,
    given_name,
    known_name,
    place_word,
)
from simulacra.text.ner_cleanup import NOT_NAMES
from simulacra.text.person_edges import address_name_pairs
from simulacra.text.spans import Occupied, Span
from simulacra.text.structure import SPREAD_SCORE

# a person's address: two name-like pieces before the "@" (``_ADDRESS_NAME`` of person_edges, its shape)
_ADDRESS = re.compile(r"(?<![\w.+-])(?P<g>[A-Za-z]{2,})[._](?P<f>[A-Za-z]{2,})@[\w-]+(?:\.[\w-]+)+")
# a found person's initials: two or three capitals standing as a word of the name ("Lohman, TK", "TK Lohman")
# a title before a surname typed in lower case ("Dr dunn's office", "ask mr. kessler"): a title needs a name
_TITLE_LOWER = re.compile(
    r"(?<![\w.])(?:Dr|Mr|Mrs|Ms|Prof|dr|mr|mrs|ms)\.?[ ](?P<w>[a-z][a-z]{2,})(?![\w@-])(?!\.\w)(?!['’](?!s\b))"
)
_HEADER_FIELD = re.compile(r"[ \t>]*(?:X-)?(?:From|To|Cc|Bcc|Sent|Subject|Date)[ \t]*:", re.IGNORECASE)
# what makes the number before "1-TK" an item's: a list's word before it, or nothing before it on its line
_ITEM_NUMBER = re.compile(r"(?:(?:^|\n)[ \t>*]*|\b(?:Item|item|ITEM|Step|step|Task|task|Point|point|No\.?|#)[ \t]*)\Z")
_NAME_GAP_BEFORE = re.compile(r"(?:[ ]?,[ ]|[ ])\Z")
_CAP_WORD = re.compile(r"(?<![\w'’])[A-Z][a-z]{2,}(?![\w'’])")
# a found name of the initials and one name word: "Lohman, TK", "TK Lohman" (not "WR Artie Ellis": a position
# before a full name)
_INITIALS_NAME = re.compile(r"[A-Z][a-z'’\-]+,?[ ](?P<i>[A-Z]{2,3})|(?P<j>[A-Z]{2,3})[ ][A-Z][a-z'’\-]+")
# capitals that are an abbreviation, not a person's initials, even inside a found name's span
_NOT_INITIALS = frozenset(
    "AM PM US UK EU VP HR IT PR CEO CFO COO CTO EVP SVP MD JR SR II III IV PHD ESQ CPA LLC LLP INC USA ECT HOU "
    "EES ENA EOL EB TX CA NY OK NA GMT EST EDT CST CDT MST MDT PST PDT BST CET UTC".split()
)

# what may not touch a mention: the characters of an address, a path, a URL or an identifier
_JOINT_BEFORE = frozenset("@._=\\:#$%&+*~")
_JOINT_AFTER = frozenset("@_=\\#$%&+*~")
# a run of non-blank characters, the brackets and punctuation around it stripped
_CHUNK_EDGE = "()[]{}<>\"'’,;:!?."
_GLUED = re.compile(r"[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+){1,2}")


def known_mentions(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` and a person's span at each other mention of a name the message makes known (see the module)."""
    occupied = Occupied(spans)
    free = occupied.free

    new: list[Span] = []

    def take(a: int, b: int) -> None:
        if free(a, b):
            occupied.claim(a, b)
            new.append(Span(a, b, "PERSON", SPREAD_SCORE, "known_mentions"))

    initials, names = _found_words(text, spans)
    any_case, capitalised = _address_words(text) if "@" in text else (set(), set())
    # a found person's given name that no list but the widened one knows ("Lindy", "Geoff"): ``propagate`` spreads
    # it capitalised only, as it does an unknown word; a given name and no English word is the person in any case
    any_case |= {w.lower() for w in names if first_name(w) and not known_name(w)}
    for a, b in _mentions(text, any_case | capitalised):
        w = text[a:b]
        if w.lower() in any_case or (w[:1].isupper() and w[1:].islower()):
            take(a, b)
    # the initials written beside the name's other word again ("Lohman, TK" in the next quoted header, where only
    # "Lohman" was found) are that name's: its span is widened over them rather than a second person made
    ends = {sp.end: sp for sp in spans if sp.label == "PERSON"}
    begins = {sp.start: sp for sp in spans if sp.label == "PERSON"}
    widened: dict[Span, Span] = {}
    for w in sorted(initials | names):
        for a, b in _whole_word(text, w):
            if w in initials and free(a, b):
                gap = _NAME_GAP_BEFORE.search(text, max(0, a - 3), a)
                left = ends.get(gap.start()) if gap else None
                right = begins.get(b + 1) if text[b : b + 1] == " " else None
                if left is not None and left not in widened:
                    widened[left] = replace(left, end=b)
                    continue
                if right is not None and right not in widened:
                    widened[right] = replace(right, start=a)
                    continue
            line_start = text.rfind("\n", 0, a) + 1
            line_end = text.find("\n", a)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            if w in initials and (_HEADER_FIELD.match(line) is not None or ";" in line):
                continue  # a header's or a ;-list's item: the list rules read its names whole ("Lohman, TK")
            # glued only: two capitals standing alone are as often an abbreviation of the trade as the person
            if _glued_mention(text, a, b):
                take(a, b)
    for m in scan_matches(_TITLE_LOWER, text):  # the lines with a title and its space ("Dr ", "mr. ")
        w = m.group("w")
        if _name_word(w) and not common_word(w) and (not dictionary_word(w) or known_name(w)):
            take(m.start("w"), m.end("w"))
    if ";" in text:
        for a, b in _lone_items(text, spans):
            take(a, b)
    if not new and not widened:
        return list(spans)
    return sorted([*(widened.get(sp, sp) for sp in spans), *new], key=lambda s: (s.start, s.end))


@lru_cache(maxsize=1 << 16)
def _name_word(w: str) -> bool:
    """No word that names nobody (a word list's, a month's or a weekday's name): a pure function of the word (the
    lists are frozen), asked of the same words in every message, so answered once per word."""
    wl = w.lower()
    return not (wl in NEVER_PEOPLE or wl in NOT_PERSON_WORDS or wl in NOT_NAMES or _date_name(w))


def _date_name(w: str) -> bool:
    return MONTH_WORD.fullmatch(w) is not None or DAY_WORD_RE.fullmatch(w) is not None


def _address_words(text: str) -> tuple[set[str], set[str]]:
    """(lowercased pieces of the message's person addresses that are no English word: any case; those that are
    English words too but given names: capitalised only). An address is a person's when its first piece is a
    given name, or its second a known name and its first no English word (``terr.henderson``); not a role's
    mailbox (``enron.announcements``, ``market.news``)."""
    any_case: set[str] = set()
    capitalised: set[str] = set()
    for g, f in address_name_pairs(text):  # the lines with an "@" (scanned once with ``address_surnames``)
        if not (first_name(g) or (known_name(f) and not dictionary_word(g) and not common_word(g))):
            continue
        for w in (g, f):
            if len(w) < 3 or not _name_word(w) or common_word(w) or place_word(w):
                continue
            if not dictionary_word(w):
                any_case.add(w)
            elif given_name(w):
                capitalised.add(w)
    return any_case, capitalised - any_case


def _mentions(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Whole-word mentions of ``words`` (any case) that no address, path or identifier holds."""
    if not words:
        return []
    out = []
    for a, b in _whole_words_any_case(text, words):
        if text[a - 1 : a] in _JOINT_BEFORE or text[a - 1 : a] in ("-", "/") or text[b : b + 1] in _JOINT_AFTER:
            continue
        if text[b : b + 1] in ("-", "/") or (text[b : b + 1] == "." and text[b + 1 : b + 2].isalnum()):
            continue
        out.append((a, b))
    return out


_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
# the four characters that a case-insensitive regex matches to ASCII letters besides the letters themselves
# ("İ" and "K" lower to "i" and "k"; "ı" and "ſ" are equivalents of "i" and "s"): in ``[A-Za-z0-9]`` and in a
# word's letters under ``re.IGNORECASE``, so a text holding one is scanned by that regex
_IGNORECASE_EXTRA = ("\u0130", "\u0131", "\u017f", "\u212a")


def _whole_word(text: str, w: str) -> list[tuple[int, int]]:
    """``(?<![A-Za-z0-9])w(?![A-Za-z0-9])`` matched in ``text`` (``w`` of ASCII letters), found with
    ``str.find``: no regex compiled per word and text (the words are the text's names, a new set every message).
    Two such matches never overlap (the second would start after a letter of the first), so every occurrence
    with both edges free is a match, as ``finditer`` finds them."""
    out = []
    n = len(w)
    p = text.find(w)
    while p >= 0:
        if (p == 0 or text[p - 1] not in _ASCII_ALNUM) and text[p + n : p + n + 1] not in _ASCII_ALNUM:
            out.append((p, p + n))
        p = text.find(w, p + 1)
    return out


def _whole_words_any_case(text: str, words: set[str]) -> list[tuple[int, int]]:
    """The matches of ``(?<![A-Za-z0-9])(?:w1|w2|...)(?![A-Za-z0-9])`` under ``re.IGNORECASE`` (``words``
    lowercase ASCII letters), in order: ``str.find`` on the lowercased text, where it has the text's offsets
    and none of ``_IGNORECASE_EXTRA``; else that regex. At most one word fits at a place with both edges free,
    and two such places never overlap, so the union of each word's places is the regex's matches."""
    low = text.lower()
    if (
        len(low) != len(text)
        or any(c in text for c in _IGNORECASE_EXTRA)
        or not all(w.isascii() and w.isalpha() and w.islower() for w in words)
    ):
        return [m.span() for m in _any_case_regex(frozenset(words)).finditer(text)]
    return sorted(hit for w in words for hit in _whole_word(low, w))


@lru_cache(maxsize=256)
def _any_case_regex(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, sorted(words))) + r")(?![A-Za-z0-9])", re.I)


def _found_words(text: str, spans: Sequence[Span]) -> tuple[set[str], set[str]]:
    """(initials standing as a word of a found person's name of two words or more, capitalised words of found
    persons that are no English word)."""
    initials: set[str] = set()
    names: set[str] = set()
    for s in spans:
        if s.label != "PERSON":
            continue
        value = text[s.start : s.end]
        shape = _INITIALS_NAME.fullmatch(value)
        if shape is not None and (i := shape.group("i") or shape.group("j")) not in _NOT_INITIALS:
            initials.add(i)
        for m in _CAP_WORD.finditer(value):
            w = m.group()
            if _name_word(w) and not dictionary_word(w) and not common_word(w) and not place_word(w):
                names.add(w)
    return {w for w in initials if not common_word(w) and not dictionary_word(w)}, names


def _glued_mention(text: str, a: int, b: int) -> bool:
    """The word at ``a:b`` is glued by ``-`` or ``/`` inside a short run of plain words ("1-TK", "Lindy/TK-Please",
    "(mg/Rita)"), a dash only to a dictionary word that is no given name or after an item's number."""
    s = a
    while s > 0 and not text[s - 1].isspace():
        s -= 1
    e = b
    while e < len(text) and not text[e].isspace():
        e += 1
    while s < a and text[s] in _CHUNK_EDGE:
        s += 1
    while e > b and text[e - 1] in _CHUNK_EDGE:
        e -= 1
    chunk = text[s:e]
    if _GLUED.fullmatch(chunk) is None:
        return False
    if text[a - 1 : a] not in ("-", "/") and text[b : b + 1] not in ("-", "/"):
        return False
    left = re.search(r"([A-Za-z0-9]+)([-/])\Z", text[s:a])
    right = re.match(r"([-/])([A-Za-z0-9]+)", text[b:e])
    sides = [(left.group(1), left.group(2), True)] if left else []
    sides += [(right.group(2), right.group(1), False)] if right else []
    for piece, joint, is_left in sides:
        if piece.isdigit():
            if not (
                is_left
                and joint == "-"
                and len(piece) <= 2
                and _ITEM_NUMBER.search(text, max(0, s - 12), s) is not None
            ):
                return False  # "TK-421", "10/25", "ref 12-Smith": an identifier's or a date's number
        elif not piece.isalpha():
            return False
        elif joint == "-" and (not dictionary_word(piece) or given_name(piece) or first_name(piece)):
            return False  # "Gilbert-Smith", "Mary-Kate": a double name, taken whole or not at all
    return True


# a one-word item between two semicolons of a list (maybe wrapped onto the next line)
_ITEM = re.compile(r";[ \t]*(?:\r?\n[ \t>]*)?(?P<w>[A-Za-z][a-z]{2,}|[A-Z][A-Z]{2,})[ \t]*(?:\r?\n[ \t>]*)?(?=;)")


def _lone_items(text: str, spans: Sequence[Span]) -> list[tuple[int, int]]:
    """One-word items of a ``;`` list of people whose neighbours on both sides are persons found ("Rosalind
    Pretorius; sanjev; sara rumberg"): a recipient's nickname or a name no list knows, in a list of names; no
    English word ("Pretorius; admin; Lee" keeps "admin")."""
    people = sorted((s.start, s.end) for s in spans if s.label == "PERSON")
    ends = {b: a for a, b in people}
    begins = {a: b for a, b in people}
    out = []
    for m in _ITEM.finditer(text):
        w = m.group("w")
        if not _name_word(w) or common_word(w) or dictionary_word(w) or place_word(w):
            continue
        before = len(text[: m.start()].rstrip(" \t\r\n>"))
        after = m.end() + 1
        after += len(text[after:]) - len(text[after:].lstrip(" \t\r\n>"))
        if before in ends and after in begins:
            out.append((m.start("w"), m.end("w")))
    return out
