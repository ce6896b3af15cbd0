"""A title-case phrase of business nouns typed PERSON is a thing's or an event's name (deid-fp33, issue 14).

Outage notices, meeting invitations and subject lines capitalise their nouns: "cNotes Server Reboots", "EI Notes
Server Maintenance", "April Power Questions", "Risk Forum Lunch", "Enron Executive Forum", "Power Prescheduler",
"Purpose: Server is memory ... constrained". The tagger reads such a phrase as a name because name lists hold
"Server", "Forum" or "Power". A phrase is that kind of name when each of its words is a business noun below, a
month, or a word no name list nor the surrogate pools know ("Enron", "Prescheduler"), and one at least is a business noun: a person's
name holds a given name or a known surname beside such a word ("Kim Power", "Harper Deals" are left alone). Read
on the gold of the dev parts (minkov_read6, random_odd, random_even_a, cerec_a, conll): no gold person span holds
any of these nouns. A lone noun ("Server", "Forum", "Power") follows the same rule, with the message's other lone
mentions (``lone_mentions``); not where a longer person's name holds it ("Sarah Power") or a person's evidence
stands by it ("Power said"). Typed an organisation (still rewritten).

A thing's name the tagger cut short (deid61): the tagger types the opening words of a title-case name of a place,
a plant or an event a person ("Bazor Ridge" of "Bazor Ridge Gas Plant", "Dabhol" of "Dabhol LNG Monthly Progress
Report", "Guggenheim Event" with its head), and the run of capitalised words goes on after the span on its line to
a head noun below. Such a span is that thing's name when it opens with no
given name ("Ken Lay Meeting", "Val Verde Plant" stay persons) and no person's evidence stands by it. Read on the
dev parts' subject lines and notices (deid61 in benchmarks/RESULTS.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from simulacra.text.lone_mentions import WORD, lone_word, retype_lone
from simulacra.text.name_words import any_given_name, first_name, known_name
from simulacra.text.not_person import person_evidence
from simulacra.text.spans import Span
from simulacra.text.surrogates import pools

# capitalised in notices and subjects, never a person's name word in the dev parts' gold
_NOUNS = frozenset(
    """
    server servers maintenance reboot reboots outage outages upgrade upgrades migration
    question questions forum lunch meeting meetings conference summit workshop seminar training
    power trading desk deals pricing prescheduler scheduler scheduling supervisor
    """.split()
)
# the head noun that ends a place's, a plant's or an event's title-case name after the tagger's cut ("... Yard")
_HEADS = frozenset(
    """
    yard plant plants station field study studies standard standards report reports project projects program
    programs programme agreement event events game games hunt fair magazine tournament festival campus centre
    center building tower complex facility terminal pipeline refinery mine dam bridge airport stadium arena museum
    university college school hospital index fund trophy cup prize award awards
    """.split()
)
# the capitalised words (or all-capital letters) that carry a span's title-case run on to the line's next break
_RUN = re.compile(r"(?:[ ](?:[A-Z][a-z][A-Za-z]*|[A-Z]{2,}))+")
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


@lru_cache(maxsize=1)
def _pool_names() -> frozenset[str]:
    """The surrogate pools' given names and surnames, lowercased: surnames the name lists miss ("Boyle")."""
    p = pools("en_US")
    return frozenset(w.lower() for w in (*p.first_female, *p.first_male, *p.last))


def _name_word(w: str) -> bool:
    return known_name(w) or any_given_name(w) or first_name(w) or w.lower() in _pool_names()


def _thing_phrase(words: Sequence[str]) -> bool:
    if not any(w.lower() in _NOUNS for w in words):
        return False
    return all(w.lower() in _NOUNS or w.lower() in _MONTHS or not (w.isupper() or _name_word(w)) for w in words)


def _cut_from_thing(text: str, s: Span, words: Sequence[str]) -> bool:
    """``s`` opens a title-case thing's name that runs on after it to a head noun (see the module's docstring)."""
    run = _RUN.match(text, s.end)
    # the head noun after the span, or its own last word when the tagger took the head in ("Guggenheim Event")
    tail = run.group().split() if run is not None else words[1:]
    if not tail or len(tail) > 4 or tail[-1].lower() not in _HEADS:
        return False
    return not (first_name(words[0]) or any_given_name(words[0]) or person_evidence(text, s))


def business_nouns(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with the person spans above typed organisations (see the module's docstring)."""
    lone: set[str] = set()
    out: list[Span] = []
    for s in spans:
        if s.label != "PERSON" or s.source.startswith("structure") or "\n" in text[s.start : s.end]:
            out.append(s)
            continue
        words = WORD.findall(text[s.start : s.end])
        if words and all(w[:1].isupper() for w in words) and _cut_from_thing(text, s, words):
            out.append(replace(s, label="ORGANIZATION"))
            continue
        if not words or not all(w[:1].isupper() for w in words) or not _thing_phrase(words):
            out.append(s)
            continue
        if len(words) == 1:
            if (v := lone_word(text, s)) is not None and not person_evidence(text, s):
                lone.add(v)
            out.append(s)
            continue
        out.append(s if person_evidence(text, s) else replace(s, label="ORGANIZATION"))
    return retype_lone(text, out, lone, "ORGANIZATION")
