"""A two-word place that the mail's line wrap splits is a place, not a person at the next line's start (deid92).

A body wrapped at its width (or at a quoted-printable escaped space, "San=20\\n") can split a place's name over
two lines: "an attorney in San\\nFrancisco to assist him", "experienced in San=20\\nDiego this summer". The tagger
reads the second word alone at a line's start, and where it is a given name or a surname (Francisco, Diego,
Michael, Rutherford, Hills) it types it a person, or it takes both words across the line end for a person's
name ("Santa\\nMonica"). The first word shows the place, a place's opening word or a word typed a place:

* a person span of one word opening a line, the prose going on after it (a small letter or a punctuation mark,
  not a capitalised word: "Diego this summer", not "John Smith"), where the line before ends with a place's
  opening word ("San", "Santa", "Los", "Fort", "Port", "Saint", "St.", "Mount", "Lake", "North", "East", …) or
  with a span typed a place followed by a place's common noun ("Cedar\\nHills", "Fairview\\nPark") or making a
  known place with it; not inside a person's span, not a word a person's evidence surrounds ("Hills said");
* a person span of two words across a line end whose first word is a place's opening word ("Santa\\nMonica"), or
  whose second is a place's noun after a word that is no given name ("Druid\\nHills"; "Wesley\\nHills" may be a
  person).

The span is typed a place (still rewritten).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from simulacra.text.name_words import any_given_name
from simulacra.text.not_person import known_place, person_evidence
from simulacra.text.spans import Span

# the opening word of many places' names: "San Diego", "Port Angeles", "St. Louis", "East Rutherford" (not one
# that is also a given name or a name's particle: "Glen \nHass", "De\nNiro")
_OPENERS = frozenset(
    "san santa santo los las el new fort ft port saint st sainte mount mt lake north south east west palm".split()
)
# a place's common noun after its own word: "Cedar Hills", "Fairview Park", "Rocky Point"
_PLACE_NOUNS = frozenset(
    "hills heights park beach springs falls city valley village grove ridge creek point harbor harbour bay island "
    "gardens terrace acres junction crossing landing shores woods estates".split()
)
# the last word of the line before a span at a line's start: maybe an abbreviation's point, then spaces (or the
# blanked "=20") and the line end
_LINE_BEFORE = re.compile(r"(?<![\w'’\-])(?P<w>[A-Z][A-Za-z'’\-]*\.?)[ \t]*(?:=20[ \t]*)?\r?\n[ \t>]*\Z")
# the prose goes on after the word: a small letter or a punctuation mark (not a capitalised surname)
_GOES_ON = re.compile(r"[ \t]*(?:[a-z]|[,.;:!?)])")


def wrapped_places(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with the person spans above typed places."""
    if "\n" not in text or not any(s.label == "PERSON" for s in spans):
        return list(spans)
    return [
        replace(s, label="LOCATION") if s.label == "PERSON" and _wrapped_place(text, s, spans) else s for s in spans
    ]


def _wrapped_place(text: str, s: Span, spans: Sequence[Span]) -> bool:
    value = text[s.start : s.end]
    words = value.split()
    if len(words) == 2 and "\n" in value:
        first, second = words[0].lower().rstrip("."), words[1].lower()
        place = first in _OPENERS or (second in _PLACE_NOUNS and not any_given_name(first))
        return place and not person_evidence(text, s)
    if len(words) != 1 or not _GOES_ON.match(text, s.end):
        return False
    m = _LINE_BEFORE.search(text, max(0, s.start - 40), s.start)
    if m is None:
        return False
    prev = m.group("w")
    a, b = m.start("w"), m.end("w")
    if any(o.label == "PERSON" and o.start < b and a < o.end for o in spans):
        return False  # "John\nSmith said": the word before is a person's
    opener = prev.lower().rstrip(".") in _OPENERS and (not prev.endswith(".") or len(prev) <= 3)
    if not opener:
        if prev.endswith("."):
            return False  # a sentence ends there
        typed_place = any(o.label == "LOCATION" and o.end == b for o in spans)
        if not (typed_place and words[0].lower() in _PLACE_NOUNS) and not known_place(f"{prev} {words[0]}"):
            return False
    return not person_evidence(text, s)
