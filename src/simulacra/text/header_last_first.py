"""A "last, first" pair in a header's address list is one person, in any case (deid100, issue 14).

``cc: soto, derek``, ``X-To: SOTO, Derek; kaminski, vince``, ``Sent by: banks, tom``: structure's header rule
joins a "Last, First" item only when its words are capitalised; typed in lowercase, the pair was read as a lone
lowercase given name ("derek") and the surname stood verbatim beside its rewritten given name (planted pool names
in generated mail: 8 of 9 surnames per header shape on int).

Here, in the value of a header line that lists people (``structure.NAME_HEADER``: From, To, Cc, X-cc, Sent by, ...,
quoted or indented, in the headers or a forwarded message's body), an item between ``;`` (or the whole value, or
an even run of single words between commas) that is two name-shaped words around a comma, in any case, is one
PERSON span when:

* one of the two words is not title-case (lowercase, upper-case: ``soto, derek``, ``SOTO, derek``; title-case
  pairs are structure's header rule's and ``last_first``'s, whose conventions stand);
* the second word (maybe with an initial) is a known given name, or the two stand together in an address of the
  same message (``derek.soto@``, ``dsoto@``, ``soto.derek@``);
* the first word is no word that is never a person's name (``name_words.not_a_name_word``: "team", "hr", "enron")
  and no function word.

The span covers both words and the comma, as the golds mark a "Last, First" item and as structure's own span for
``Soto, Derek`` does, so the rewriter writes a fake "last, first" in the item's case, the same fake names as the
display name or address elsewhere in the message get. Spans inside the pair (the lone "derek") are replaced by it;
a span reaching out of the pair, or one PERSON span over it already, leaves it alone. Plain addresses in the list
are no name-shaped words and are never taken.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from simulacra.text.name_words import first_name, not_a_name_word
from simulacra.text.ner_cleanup import FUNCTION_WORDS
from simulacra.text.spans import Span
from simulacra.text.structure import NAME_HEADER, STRUCTURE_SCORE

__all__ = ["header_last_first"]

SCORE = STRUCTURE_SCORE  # a structural rule's score
_SOURCE = "header.last_first"
_WORD = r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]"
# one item: a surname, a comma, a given name and maybe an initial; maybe quoted, maybe its address after it
_PAIR = re.compile(
    rf"[ \t]*\"?[ \t]*(?P<last>{_WORD})[ \t]*,[ \t]*(?P<name>(?P<first>{_WORD})(?:[ \t]+[A-Za-z]\.?)?)"
    r"[ \t]*\"?[ \t]*(?:<[^<>\s]+>)?[ \t]*"
)
_ONE_WORD = re.compile(rf"[ \t]*{_WORD}(?:[ \t]+[A-Za-z]\.?)?[ \t]*")
_ITEM = re.compile(r"[^;]+")
_TITLE_CASE = re.compile(r"[A-Z][a-z'’\-]*[a-z]")
_LOCAL_PART = re.compile(r"[\w.\-]+(?=@)")


def _pairs(value: str) -> list[tuple[int, int]]:
    """Offsets in ``value`` of its ``last, first`` items."""
    out: list[tuple[int, int]] = []
    for m in _ITEM.finditer(value):
        item = m.group()
        if _PAIR.fullmatch(item):
            out.append((m.start(), m.end()))
            continue
        # "soto, derek, kaminski, vince": an even run of single words, paired in order
        cuts = [0, *(i + 1 for i, c in enumerate(item) if c == ","), len(item) + 1]
        parts = [(cuts[k], cuts[k + 1] - 1) for k in range(len(cuts) - 1)]
        if len(parts) >= 4 and len(parts) % 2 == 0 and all(_ONE_WORD.fullmatch(item, a, b) for a, b in parts):
            out.extend((m.start() + parts[k][0], m.start() + parts[k + 1][1]) for k in range(0, len(parts), 2))
    return out


def _person(last: str, first: str, locals_: frozenset[str]) -> bool:
    if _TITLE_CASE.fullmatch(last) and _TITLE_CASE.fullmatch(first):
        return False  # "Soto, Derek": structure's header rule and ``last_first`` decide those (deid-split35)
    lo, fo = last.lower(), first.lower()
    if not_a_name_word(lo) or lo in FUNCTION_WORDS or not_a_name_word(fo) or fo in FUNCTION_WORDS:
        return False
    together = {f"{fo}.{lo}", f"{fo}_{lo}", f"{fo[0]}{lo}", f"{lo}.{fo}", f"{lo}_{fo}", f"{fo}{lo}"}
    return first_name(fo) or not together.isdisjoint(locals_)


def _after_line(text: str, s: Span, eol: int) -> Span | None:
    """What of ``s`` lies on the lines after ``eol`` (its blanks cut), as its own span; None if nothing."""
    a = eol
    while a < s.end and text[a].isspace():
        a += 1
    return replace(s, start=a) if a < s.end else None


def header_last_first(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with each ``last, first`` item of a header's address list one PERSON span (see the module's
    docstring). Sorted and non-overlapping in, the same out."""
    out = list(spans)
    if "," not in text:
        return out
    locals_: frozenset[str] | None = None
    changed = False
    for h in NAME_HEADER.finditer(text):
        base = h.start("value")
        for pa, pb in _pairs(h.group("value")):
            m = _PAIR.fullmatch(text, base + pa, base + pb)
            if m is None:
                continue
            if locals_ is None:
                locals_ = frozenset(x.lower() for x in _LOCAL_PART.findall(text))
            if not _person(m.group("last"), m.group("first"), locals_):
                continue
            a, b = m.start("last"), m.end("name")
            over = [s for s in out if s.start < b and a < s.end]
            eol = h.end("value")
            # a span run on past the line's end ("derek\nHarry": a wrap rule joined the next line) keeps that part
            rest = [_after_line(text, s, eol) for s in over if s.start >= a and s.end > eol]
            if any((s.start < a or s.end > b) and not (s.start >= a and s.end > eol) for s in over):
                continue  # something else holds a word of it and more
            if any(s.label == "PERSON" and s.start == a and s.end == b for s in over):
                continue
            out = [s for s in out if not (s.start < b and a < s.end)]
            out.extend([Span(a, b, "PERSON", SCORE, _SOURCE), *(s for s in rest if s is not None)])
            changed = True
    return sorted(out, key=lambda s: (s.start, s.end)) if changed else out
