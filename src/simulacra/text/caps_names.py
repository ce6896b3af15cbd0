"""All-caps "LAST, FIRST" names in report tables and address lists ("ELLEDGE, SUSAN    LINDA S BRYAN    Nov 02",
"...; WILLIAMS, TERRI; WILLIAMS, GEYA"). Capitals hide a word's case, so the model finds only one half of such a
name (the given name it knows, or the surname) and the other half leaked. An item counts when it starts a cell (a
line's start, after a ``;`` or ``:``, a tab or a run of spaces; a converted table's next column may follow it after
one space: "ELLEDGE, SUSAN LINDA S BRYAN") and its given name is a known one that is no frequent word or place; an
unknown given name ("GEYA") counts only beside two "Last, First" items with known given names, so a firm's row
("ENRON, CORP") or a heading ("HOUSTON, TEXAS") stays. The next column of such a row, when it reads "GIVEN I LAST" ("ROBERT A SUPERTY"), is a name too."""

from __future__ import annotations

import re

from simulacra.text._scan import fast_compile
from simulacra.text.name_words import (
    NEVER_PEOPLE,
    NOT_PERSON_WORDS,
    SIGNOFF_WORD,
    common_word,
    dictionary_word,
    first_name,
    known_name,
    place_word,
)
from simulacra.text.spans import Span
from simulacra.text.structure import STRUCTURE_SCORE

# "LAST, FIRST" or "LAST, FIRST M" (a middle initial), the surname maybe hyphenated ("TATE-BURCH")
_CAPS_ITEM = fast_compile(
    r"(?<![\w'’\-.,@/&])(?P<last>[A-Z][A-Z'’]+(?:-[A-Z][A-Z'’]+)?), ?(?P<first>[A-Z][A-Z'’]{2,})(?: [A-Z](?![\w'’.\-]))?"
    r"(?![\w'’\-])"
)
# a "Last, First" item in mixed case: one vouches for an unknown all-caps given name in its list as a known one does
_MIXED_ITEM = re.compile(
    r"(?<![\w'’\-.,@/&])[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?, ?(?P<first>[A-Z][a-z]{2,})(?=[ \t]*(?:[;\t]|  |$))", re.M
)
# the next column of a report row after a "LAST, FIRST" cell: "ROBERT A SUPERTY" (a given name, an initial, a surname)
_CAPS_COLUMN = re.compile(
    r"[ \t]+(?P<given>[A-Z][A-Z'’]{2,}) [A-Z] (?P<last>[A-Z][A-Z'’]+(?:-[A-Z][A-Z'’]+)?)(?![\w'’\-])"
)

# how near (in characters) a known item must stand to vouch for an unknown given name
_NEAR = 400


def _cell_start(text: str, a: int) -> bool:
    """``a`` starts a cell: nothing but blanks before it on its line, or a ``;``, ``:``, tab or two spaces."""
    line = text[text.rfind("\n", 0, a) + 1 : a]
    if not line.strip(" \t>"):
        return True
    return line.rstrip(" ").endswith((";", ":")) or line.endswith(("  ", "\t"))


def caps_last_first(text: str) -> list[Span]:
    """Person spans over all-caps "LAST, FIRST [M]" cells (see the module's docstring)."""

    def no_name(w: str) -> bool:
        lw = w.lower()
        return lw in NOT_PERSON_WORDS or lw in NEVER_PEOPLE or bool(SIGNOFF_WORD.fullmatch(w))

    known: list[tuple[int, int]] = []
    unknown: list[tuple[int, int]] = []
    for m in _CAPS_ITEM.finditer(text):
        last, first = m.group("last"), m.group("first")
        if not _cell_start(text, m.start()) or no_name(last) or no_name(first) or place_word(first.lower()):
            continue
        parts = last.split("-")
        # a surname that is a frequent word or a place only when a list of names knows it ("WHITE", "AUSTIN")
        if any((common_word(p) or place_word(p.lower())) and not known_name(p) for p in parts):
            continue
        if first_name(first) and not common_word(first):
            known.append((m.start(), m.end()))
        elif not (
            dictionary_word(first) or common_word(first) or any(dictionary_word(p) and not known_name(p) for p in parts)
        ):
            unknown.append((m.start(), m.end()))
    keep = list(known)
    vouch = [a for a, _ in known]
    if unknown:
        vouch += [
            m.start()
            for m in _MIXED_ITEM.finditer(text)
            if _cell_start(text, m.start()) and first_name(m.group("first")) and not common_word(m.group("first"))
        ]
    for a, b in unknown:
        if sum(abs(a - k) <= _NEAR for k in vouch) >= 2:
            keep.append((a, b))
    # a cell that takes the row's first name would drop the tagger's span running on into the next column, so
    # the next column's "GIVEN I LAST" (a supervisor, an approver) is a name of its own
    for _, b in list(keep):
        c = _CAPS_COLUMN.match(text, b)
        if c is None or not (first_name(c.group("given")) and not common_word(c.group("given"))):
            continue
        if no_name(c.group("last")) or any(common_word(p) and not known_name(p) for p in c.group("last").split("-")):
            continue
        keep.append((c.start("given"), c.end("last")))
    return [Span(a, b, "PERSON", STRUCTURE_SCORE, "structure.caps") for a, b in sorted(keep)]
