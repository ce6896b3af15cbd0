"""Items listed one a line under a heading that names their kind are of that kind (deid66, issue 14).

Mail lists firms or places one a line under a line that says what they are: "As of today, the list of firms
sending a representative include:" then "Pfizer", "Cooper Industries", "Johnson Controls", "Sara Lee". The tagger
reads each line alone, with no sentence around it, by the name lists (Pfizer, Pepsi and Airgas are names to it,
Cooper, Johnson and Sara Lee are people's), and the roster rules take a line of two capitalised words for a
person's name. Where the line above the run names firms ("firms", "companies", "utilities", …) or places
("cities", "countries", "locations", …) in a plural and ends in a colon, a person span that is a whole item line
of the run (a bullet or a number before it aside) is retyped as that kind (still rewritten), with the message's
other lone mentions of a one-word item (``lone_mentions.retype_lone``: not where a mention has a person's evidence,
nor inside a longer person's name).

A heading that also names people in a plural ("Contacts at the following companies:", "Representatives of these
firms:") lists people, and is left alone; so is a run of fewer than two item lines, and an item line of more than
six words or with a sentence's end inside it (a paragraph, not a list). Stated on the text's form, never on a
corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from simulacra.text.lone_mentions import WORD, retype_lone
from simulacra.text.spans import Span

# the plural nouns a heading names its items by: a firm's and a place's
_FIRMS = (
    "firms companies corporations businesses employers utilities banks vendors suppliers manufacturers brands "
    "carriers airlines insurers lenders retailers refiners producers shippers marketers"
)
_PLACES = "cities towns states countries locations venues destinations airports hubs counties provinces regions"
_KIND = {w: "ORGANIZATION" for w in _FIRMS.split()} | {w: "LOCATION" for w in _PLACES.split()}
# people named in the heading: the items are then people of those firms or places
_PEOPLE = re.compile(
    r"\b(?:people|persons|contacts|representatives|reps|attendees|participants|members|speakers|employees"
    r"|individuals|names|folks|guests|executives|officers|officials|panelists|staff|who)\b",
    re.IGNORECASE,
)
_NOUN = re.compile(r"[a-z]+")
# a bullet or a number before an item ("- ", "* ", "• ", "1. ", "2) ")
_BULLET = re.compile(r"[ \t>]*(?:[-*•·o][ \t]+|\d{1,2}[.)][ \t]+)?")
_MAX_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?][ \t]+\S")


def _kind(heading: str) -> str | None:
    """The label a heading line's plural noun gives its items, or None where it names none (or people too)."""
    if _PEOPLE.search(heading):
        return None
    kinds = {_KIND[w] for w in _NOUN.findall(heading.lower()) if w in _KIND}
    return kinds.pop() if len(kinds) == 1 else None


# one of the plural nouns anywhere in the lowercased text: a heading's line needs one (``_kind``), and most texts
# hold none, so the line loop below is skipped for them (deid94)
_KIND_HINT = re.compile("|".join(sorted(_KIND, key=len, reverse=True)))


def _item_runs(text: str) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each heading's kind and the (start, end) of its item lines' text, bullets and edge blanks aside."""
    if _KIND_HINT.search(text.lower()) is None:
        # ``_kind`` finds a noun in a line's ``lower()``: its ASCII letters are the lowercased text's there
        return []
    lines: list[tuple[int, int]] = []
    a = 0
    for line in text.split("\n"):
        lines.append((a, a + len(line)))
        a += len(line) + 1
    runs: list[tuple[str, list[tuple[int, int]]]] = []
    i = 0
    while i < len(lines):
        a, b = lines[i]
        line = text[a:b]
        i += 1
        if not line.rstrip().endswith(":"):
            continue
        kind = _kind(line)
        if kind is None:
            continue
        if i < len(lines) and not text[lines[i][0] : lines[i][1]].strip():
            i += 1  # one blank line between the heading and its items
        items: list[tuple[int, int]] = []
        while i < len(lines):
            x, y = lines[i]
            body = text[x:y]
            if not body.strip() or body.rstrip().endswith(":"):
                break
            bullet = _BULLET.match(body)  # matches the empty string too: never None
            x += bullet.end() if bullet else 0
            while y > x and text[y - 1] in " \t\r":
                y -= 1
            item = text[x:y]
            if len(item.split()) > _MAX_WORDS or _SENTENCE_END.search(item):
                break
            items.append((x, y))
            i += 1
        if len(items) >= 2:
            runs.append((kind, items))
    return runs


def heading_lists(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with each person that is a whole item of a list under a firms' or places' heading retyped (see
    the module's docstring). Sorted and non-overlapping in, the same out (no span moves)."""
    if ":" not in text or not any(s.label == "PERSON" for s in spans):
        return list(spans)
    runs = _item_runs(text)
    if not runs:
        return list(spans)
    whole = {item: kind for kind, items in runs for item in items}
    out: list[Span] = []
    lone: dict[str, set[str]] = {}
    for s in spans:
        kind = whole.get((s.start, s.end)) if s.label == "PERSON" else None
        if kind is not None:
            s = replace(s, label=kind)
            value = text[s.start : s.end]
            if WORD.fullmatch(value):
                lone.setdefault(kind, set()).add(value)
        out.append(s)
    for kind in ("ORGANIZATION", "LOCATION"):  # a fixed order: the same bytes every run
        if kind in lone:
            out = retype_lone(text, out, lone[kind], kind)
    return out
