"""A place a travel schedule leaves or reaches at a clock time is no person (deid96, issue 14).

Itineraries in mail write a leg as a leave or arrive word, a place and a time: "Lv Austin 8:15 PM", "Ar Austin
8:30 AM", "Dep Emmett 7:05 AM  Arr Waller 9:40 AM", "Subject: Arrive London Gatwick at 9:55AM", "Leave Ennis
6:30 PM, arrive Lafayette 8:45 PM". Many towns are given names or surnames (Austin, Helena, Lafayette), so the
tagger types the place a person, often with the abbreviation before it ("Lv Austin"). The line's form says what
it is: nobody is left or arrived at a clock time, a place is.

A PERSON span is such a place when, on the text's own form:

* a leave or arrive word stands right before it, or opens it: ``Lv``, ``Lve``, ``Ar``, ``Arr``, ``Dep``,
  ``Depart(s|ing)``, ``Arrive(s)``, ``Arriving``, ``Leave(s)``, ``Leaving`` (any case), a blank between;
* the rest of the span is capitalised words (the place);
* a clock time follows it on its line, after at most ``at``, ``@``, a dash or a comma: ``8:15 PM``, ``9:55AM``,
  ``2:10pm``, ``7 am``;
* no person's evidence stands by it (``not_person.person_evidence``).

The span loses the leave or arrive word it opened with and is typed LOCATION (still rewritten: a place's fake).
Read on the dev parts' false persons (deid96 in benchmarks/RESULTS.md); planted with the value engine's towns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from simulacra.text.not_person import person_evidence
from simulacra.text.spans import Span

_MOVE = r"(?:lve?|arr?|dep|depart(?:s|ing)?|arriv(?:e|es|ing)|leav(?:e|es|ing))"
# the leave or arrive word, then blanks, at the end of what stands before a span
_MOVE_BEFORE = re.compile(r"(?<![\w'’\-./])" + _MOVE + r"\.?[ \t]+\Z", re.IGNORECASE)
# the leave or arrive word opening a span, then blanks
_MOVE_OPENS = re.compile(_MOVE + r"\.?[ \t]+", re.IGNORECASE)
# capitalised words: the place
_PLACE = re.compile(r"[A-Z][\w'’\-.]*(?:[ ]+[A-Z][\w'’\-.]*)*\Z")
# a clock time after the place on its line: "8:15 PM", "at 9:55AM", "@ 2:10pm", "- 7 am"
_TIME_AFTER = re.compile(
    r"[ \t]*(?:[,\-–@][ \t]*|at[ \t]+)?(?:\d{1,2}:\d{2}(?![\d:])(?:[ \t]?[AaPp]\.?[Mm]\.?)?|\d{1,2}[ \t]?[AaPp]\.?[Mm]\.?)"
    r"(?![\w])"
)


def _place_start(text: str, s: Span) -> int | None:
    """Where the place of a schedule's leg starts in ``s``, or None when ``s`` is no such leg's place."""
    value = text[s.start : s.end]
    if "\n" in value or _TIME_AFTER.match(text, s.end) is None:
        return None
    opens = _MOVE_OPENS.match(value)
    if opens is not None:
        start = s.start + opens.end()
    elif _MOVE_BEFORE.search(text, max(0, s.start - 16), s.start) is not None:
        start = s.start
    else:
        return None
    if start >= s.end or _PLACE.match(text[start : s.end]) is None:
        return None
    return None if person_evidence(text, s) else start


def schedule_places(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with each person span above typed a place, less the leave or arrive word it opened with."""
    out: list[Span] = []
    for s in spans:
        start = _place_start(text, s) if s.label == "PERSON" else None
        out.append(s if start is None else replace(s, start=start, label="LOCATION"))
    return out
