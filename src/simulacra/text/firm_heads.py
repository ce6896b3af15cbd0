"""A lone word that opens a firm's name the message writes in full is that firm (deid-fp36, issue 14).

Mail names a firm in full once and short after: "Alamo Rent-A-Car ... For both National and Alamo", "MidCon Deer
Park ... turning it over to Midcon", "Duke Energy ... talks with Duke". The tagger reads the short word by the
name lists (Alamo and Duke are names), and the person's spread then carries it over the message. Structure's
``heads_an_organisation`` already retypes a lone word written exactly as the head of an organisation span; this
adds the two shapes it misses:

* the head in another case ("Midcon" beside "MidCon Deer Park"; "Duke" beside "DUKE ENERGY"): one firm, however
  the writer capitalised it;
* a firm the tagger typed PERSON in full, which an appositive shows to be a firm: "Alamo Rent-A-Car, a sister
  company to National", "Kestrel Holdco, an affiliate of ACME" (a firm's noun after ", a" or ", an", then a
  preposition or the clause's end: "Ann Lee, a company lawyer" and "Ann Lee, a partner of the firm" stay
  persons). That span is retyped, and its first word alone elsewhere with it unless a given name opens it ("Ann
  Taylor, a clothing company" leaves "Ann" a person).

The lone mentions are retyped with ``lone_mentions.retype_lone``: never where a mention has a person's evidence,
nor where a longer person's name of the message holds the word after its first ("Kim Duke" beside "Duke Energy"
keeps Duke a person's). Still rewritten, as an organisation. Stated on the text's form and the message's own
spans, never on a corpus.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from simulacra.text.lone_mentions import WORD, lone_word, retype_lone
from simulacra.text.name_words import any_given_name
from simulacra.text.not_person import organisation_heads, person_evidence
from simulacra.text.spans import Span, span_order

# nouns only a firm is (not "producer", "supplier", "maker", "retailer": a person's trade too)
_FIRM_NOUN = (
    r"(?:company|companies|firm|corporation|subsidiary|affiliate|utility|partnership|bank|carrier|airline|agency"
    r"|brokerage|consultancy|conglomerate|start-?up|division)"
)
# up to three words between the article and the noun, none a preposition or article: "a partner of the firm"
# is a person's role
_BETWEEN = r"(?:(?!(?:of|at|to|the|with|for|in|by|from|and|or|on|as)\b)[A-Za-z][\w\-]*[ \t]+){0,3}?"
_APPOSITIVE = re.compile(
    r",[ \t]+an?[ \t]+"
    + _BETWEEN
    + _FIRM_NOUN
    + r"(?=[ \t]*(?:[,.;:)]|\r?\n|\Z)|[ \t]+(?:to|of|in|that|which|based|owned|with|for|and|whose)\b)"
)


def _appositive_firms(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with each person span of two words or more that a firm's appositive follows typed an
    organisation."""
    out: list[Span] = []
    for s in spans:
        if (
            s.label == "PERSON"
            and not s.source.startswith("structure")
            and len(WORD.findall(text[s.start : s.end])) > 1
            and "\n" not in text[s.start : s.end]
            and _APPOSITIVE.match(text, s.end)
            and not person_evidence(text, s)
        ):
            s = replace(s, label="ORGANIZATION")  # "Alamo Rent-A-Car, a sister company to National"
        out.append(s)
    return out


def firm_heads(text: str, spans: Sequence[Span], tagged: Sequence[Span]) -> list[Span]:
    """``spans`` with the persons above retyped organisations (see the module's docstring); ``tagged`` the
    tagger's spans as it gave them. Sorted and non-overlapping in, the same out (no span moves)."""
    if not any(s.label == "PERSON" for s in spans):
        return list(spans)
    marked = _appositive_firms(text, spans)
    # the firms named in full: the tagger's own organisations that are still organisations (a rule's retyped
    # person, "April Power Questions", is no firm's name), and the appositive's, less a given name opening one
    # of those ("Ann Taylor, a clothing company": "Ann" alone stays a name)
    orgs = {(s.start, s.end) for s in tagged if s.label == "ORGANIZATION"}
    own = [s for s in marked if s.label == "ORGANIZATION" and (s.start, s.end) in orgs]
    # (an earlier rule may have retyped such a span already: "Acme Tankers" by its dictionary word)
    made = [s for s in marked if s.label == "ORGANIZATION" and _APPOSITIVE.match(text, s.end)]
    # the appositive's firm named again in full is the firm there too ("and Alamo Rent-A-Car (Secondary)")
    again = {text[s.start : s.end] for s in made if "\n" not in text[s.start : s.end]}
    marked = [
        replace(s, label="ORGANIZATION")
        if s.label == "PERSON"
        and not s.source.startswith("structure")
        and text[s.start : s.end] in again
        and not person_evidence(text, s)
        else s
        for s in marked
    ]
    people = frozenset(
        w.lower()
        for s in marked
        if s.label == "PERSON"
        for ws in (WORD.findall(text[s.start : s.end]),)
        if len(ws) > 1
        for w in ws
    )
    heads = {h.casefold() for h in organisation_heads(text, own, people)}
    heads |= {h.casefold() for h in organisation_heads(text, made, people) if not any_given_name(h)}
    if not heads:
        return marked
    words = {w for s in marked if (w := lone_word(text, s)) is not None and w.casefold() in heads}
    out = retype_lone(text, marked, words, "ORGANIZATION")
    firms = {w.casefold() for s, t in zip(marked, out, strict=True) if s.label != t.label and (w := lone_word(text, s))}
    return _free_mentions(text, out, firms) if firms else out


def _free_mentions(text: str, spans: list[Span], firms: set[str]) -> list[Span]:
    """``spans`` and, as organisations, the firms' words at free positions in any case ("C59610 MidCon
    Flagstaff" beside "turning it over to Midcon"): the person's spread rewrote them before, and the firm's
    name spreads only as written."""
    taken = sorted((s.start, s.end) for s in spans)
    starts = [a for a, _ in taken]
    new: list[Span] = []
    for m in WORD.finditer(text):
        if m.group().casefold() not in firms or not _whole_word(text, m.start(), m.end()):
            continue
        i = bisect_right(starts, m.start()) - 1
        if (i >= 0 and taken[i][1] > m.start()) or (i + 1 < len(taken) and taken[i + 1][0] < m.end()):
            continue
        new.append(Span(m.start(), m.end(), "ORGANIZATION", 0.65, "firm_heads"))
    return sorted([*spans, *new], key=span_order) if new else spans


# a word inside an address, a path or a host ("jim@midcon.com", "HOU/MidCon"): its own rules rewrite those
_INSIDE_BEFORE = re.compile(r"[@./\\_\-]\Z")
_INSIDE_AFTER = re.compile(r"[.@/\\_][\w]")


def _whole_word(text: str, a: int, b: int) -> bool:
    return not _INSIDE_BEFORE.search(text, max(0, a - 1), a) and not _INSIDE_AFTER.match(text, b)
