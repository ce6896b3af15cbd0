"""A lone word the message uses to modify a thing's noun, typed PERSON by the tagger (deid-fp31, issue 14):
"Sitara server", "Sitara production", "Astros tickets", "Socal curves", "Entex volumes", "Anderson person".
Business e-mail names its systems, firms, teams and places before what they own or count ("the Sitara deal",
"Enron Field & Astros tickets"); a person's name is not written straight before such a noun in
lower case: read on the gold of the dev parts, no person span of e-mail is (the one was news: "Dole team", and
teams, groups and campaigns are left out here for it). The message's other lone mentions of that word ("Sitara,
PEP, Global", "for Alamo") are the same thing: one message uses one word for one entity; so is a span of that word
and the noun in capitals ("Astros Game" beside "Astros tickets", when no name list knows the noun).

Retyped as an organisation (still rewritten, so a person mistaken for a thing is not left verbatim) and so no
longer spread as a person's word. A given name is no exception ("Astros" is one to the lists): no person span of
the dev parts stands before such a noun, and the message's spread makes a word that stays a person anywhere a
person's again. Not where something only a person has stands beside a mention ("Mr.", "said"), where a longer
person's name of the message holds the word ("Patty Murray" beside "Murray volumes"), nor for a span a structural
rule made (a header's or signature's name). Stated on the text's form and the message's own spans, never on a
corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from simulacra.text.name_words import known_name
from simulacra.text.not_person import person_evidence
from simulacra.text.spans import Span

# what a system, a firm, a team or a place owns or counts in business mail: never written in lower case straight
# after a person's name ("Sitara server", "Astros tickets", "Socal curves", "Entex volumes"). Not the
# nouns that are also a verb after a subject or a modal ("Can Kim confirm", "Kim reports to Sally", "Bob shares",
# "will Ann book the room", "Tom files", "Kim bills them"); "deal" and "deals" only where "with" does not follow
# ("Tom deals with it")
_THING_NOUNS = frozenset(
    """
    deal deals transaction transactions contract contracts agreement agreements
    server servers system systems database databases application production environment interface
    outage outages spreadsheet template data
    curve curves pricing volume volumes position positions index basis
    pipeline pipelines facility facilities meter meters interconnect storage capacity tariff
    transportation deliveries receipts nominations gas project site sites website
    stock merger acquisition bankruptcy portfolio legislation
    tickets ticket suite game games stadium campus
    person folks
    """.split()
)

_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
# a lone capitalised word, then one space and a thing's noun that ends its phrase (not "Sitara deal's", which is
# the deal's; "Sitara deal-entry" still the deal's thing; "Tom deals with it" is a verb's)
_NOUN_AFTER = re.compile(r"[ ](?P<n>[a-z]+)(?![\w'’@])(?![ ]+with\b)")


def _modifies_a_thing(text: str, s: Span) -> bool:
    m = _NOUN_AFTER.match(text, s.end)
    return m is not None and m.group("n") in _THING_NOUNS


def modifier_words(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with the lone-word person spans above retyped as organisations (see the module's docstring).
    Sorted and non-overlapping in, the same out (no span moves)."""

    def lone(s: Span) -> str | None:
        if s.label != "PERSON" or s.source.startswith("structure"):
            return None
        value = text[s.start : s.end]
        return value if _WORD.fullmatch(value) and value[:1].isupper() and not value.isupper() else None

    things = {
        v for s in spans if (v := lone(s)) is not None and _modifies_a_thing(text, s) and not person_evidence(text, s)
    }
    if not things:
        return list(spans)
    # a longer person's name of the message holding the word makes it that person's ("Patty Murray"); the word
    # before a capitalised thing's noun is no name's ("Astros Game" beside "Astros tickets")
    held = {
        w
        for s in spans
        if s.label == "PERSON" and len(words := _WORD.findall(text[s.start : s.end])) > 1 and not _titled_thing(words)
        for w in words
    }
    things -= held
    if not things:
        return list(spans)
    # a mention with a person's evidence ("Mr. Murray", "Murray said") keeps the word a person's everywhere
    things -= {v for s in spans if (v := lone(s)) in things and person_evidence(text, s)}
    out = []
    for s in spans:
        v = lone(s)
        if v in things:
            s = replace(s, label="ORGANIZATION")
        elif s.label == "PERSON" and not s.source.startswith("structure"):
            words = _WORD.findall(text[s.start : s.end])
            if _titled_thing(words) and words[0] in things and not person_evidence(text, s):
                s = replace(s, label="ORGANIZATION")  # "Astros Game" where "Astros tickets" stands
        out.append(s)
    return out


def _titled_thing(words: Sequence[str]) -> bool:
    """Two words, the second a capitalised thing's noun that no name list knows ("Astros Game", "Sitara
    Server"; not "Ann Price", "Tom Deal": surnames)."""
    return (
        len(words) == 2
        and words[1][:1].isupper()
        and words[1][1:].islower()
        and words[1].lower() in _THING_NOUNS
        and not known_name(words[1])
    )
