"""A lone word the message travels to, from or stays in, or a route's end, is a place (deid-fp33, issue 14).

The tagger reads "got back from Cabo", "moved down to Cabo", "flight from Rio to Iguazu", "Trip to Wessex" and
"an FT agreement for Ignacio to Blanco" by the words' look (Rio and Ignacio are given names, Blanco and Cabo
surnames), and no gazetteer the package ships holds these places. The phrase does: one travels, flies, moves,
lives or stays at a place, never at a person, and any e-mail writes trips, offices and (in the gas trade)
pipeline routes so. Two kinds of evidence, each stated on the text's form:

* a word of travel or dwelling straight before the preposition: "trip to", "flight from", "flew into", "moved
  down to", "back from", "returned from", "lives in", "based in", "a week in" (not "back to", which is "get back to
  Sally", nor "going to", nor "visit", whose object is as often a person);
* one end of a route, "from A to B" or "for A to B", whose other end is a place: a span typed a place, a known
  place, a word found a place here, or capitalised words no PERSON span holds and no given name opens ("from Red
  Cedar to Blanco"); found twice over, so a place found at one route's end makes the next ("for Ignacio to
  Blanco").

Not a possessive ("a trip to Kim's"), not a word a surname follows ("flew in Ann Lee"), not a mention with a
person's evidence; the message's other lone mentions follow (``lone_mentions``: "memory of Cabo"). Read on the
dev parts: no gold person stands in such a phrase. Typed a place (still rewritten).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulacra.text.lone_mentions import lone_word, retype_lone
from simulacra.text.name_words import any_given_name
from simulacra.text.not_person import known_place, person_evidence, surname_after
from simulacra.text.spans import Span

_TRAVEL_BEFORE = re.compile(
    r"(?<![\w'’\-])(?:"
    r"(?:trips?|travel(?:s|l?ed|l?ing)?|flights?|fly|flies|flew|flying|drive|drives|drove|driving|move[sd]?|moving"
    r"|relocat(?:e|es|ed|ing)|vacation(?:s|ed|ing)?|honeymoon(?:ed|ing)?|head(?:ed|ing)|commut(?:e|es|ed|ing))"
    r"(?:[ ]+(?:down|up|out|over|back|home))?[ ]+(?:to|from|in|into|through|via)"
    r"|(?:back|return(?:s|ed|ing)?)[ ]+from"
    r"|(?:live[sd]?|living|based|located|stay(?:s|ed|ing)?|weekend|week|vacationing)[ ]+(?:in|at|near)"
    r")(?:[ \t]+|[ \t]*\r?\n[ \t>]*)\Z",
    re.IGNORECASE,
)
_ROUTE = re.compile(
    r"(?<![\w'’\-])(?:from|for)[ ]+(?P<a>[A-Z][\w'’\-]*(?:[ ][A-Z][\w'’\-]*)?)[ ]+to[ ]+(?P<b>[A-Z][\w'’\-]*)"
)


def travel_places(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with the lone person words above (and their other lone mentions) typed places."""
    lone = [(s, v) for s in spans if (v := lone_word(text, s)) is not None]
    if not lone:
        return list(spans)
    places: set[str] = set()
    for s, v in lone:
        if _TRAVEL_BEFORE.search(text, max(0, s.start - 40), s.start) and _plain_mention(text, s):
            places.add(v)
    routes = list(_ROUTE.finditer(text))
    if routes:
        by_start = {s.start: (s, v) for s, v in lone}
        for _ in range(2):  # a place found at one route's end makes the next route's other end one
            for m in routes:
                for end, other in (("a", "b"), ("b", "a")):
                    hit = by_start.get(m.start(end))
                    if hit is None or hit[0].end != m.end(end) or hit[1] in places:
                        continue
                    if _place_end(text, m.start(other), m.end(other), spans, places) and _plain_mention(text, hit[0]):
                        places.add(hit[1])
    return retype_lone(text, spans, places, "LOCATION")


def _plain_mention(text: str, s: Span) -> bool:
    """No possessive, no surname after the word and nothing only a person has around it."""
    return text[s.end : s.end + 1] not in ("'", "’") and not surname_after(text, s) and not person_evidence(text, s)


def _place_end(text: str, a: int, b: int, spans: Sequence[Span], places: set[str]) -> bool:
    """A route's other end at ``a:b`` is a place (see the module's docstring)."""
    value = text[a:b]
    if value in places or known_place(value):
        return True
    over = [s for s in spans if s.start < b and a < s.end]
    if any(s.label == "LOCATION" for s in over):
        return True
    return not any(s.label == "PERSON" for s in over) and not any_given_name(value.split()[0])
