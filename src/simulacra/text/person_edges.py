"""What a person's span takes that is no part of the name: the edges a found name must not cross.

A name found by the tagger or by the e-mail structure often runs into its neighbours: a possessive
(``Osman's x39392 request``), a quote closing a list item (``'Kathy Ridley';``), a post-nominal after a
comma (``Ann Lee, CPA``, ``Rob Roe, Jr.``), the job title that starts the signature's next part
(``Ann Lee President, Acme Builders``), or the quoted-printable soft line break of a name that an 80-column
mail wrapped (``Anne =20`` / ``Lee``): the transport's escaped space ends the line there, and the text's
own convention (names kept whole across a plain line end) does not hold across the escape. Each rule here
only narrows a person's span or cuts it in two; the words it gives up are no name words, so no real name
is left in the output by it, and a cut name's pieces stay persons. One further rule retypes (never drops)
a one-word "person" that the same message writes in glued capitals (``ClickAtHome``, a programme's
mailbox). Everything is stated on the text, never on an evaluation corpus; the word tests are the
structure module's (name lists, the dictionary).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from simulacra.text.spans import Span

# a quoted-printable line end inside a span: an escaped space or tab before it ("=20"), or a soft break ("=")
_SOFT_BREAK = re.compile(r"[ \t]*(?:=20|=09|=)[ \t]*\r?\n[ \t>]*")
_TRAILING_ESCAPE = re.compile(r"[ \t]*=(?:20|09)?[ \t]*\Z")
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])['’]s\Z")
_CLOSING_QUOTE = re.compile(r"(?<=[A-Za-z.])['’]\Z")
# post-nominal letters after a comma: a degree, a licence, a profession's or a generation's mark
_POST_NOMINAL = re.compile(
    r",[ ]?(?:Esq|Jr|Sr|CPA|CPS|CFA|CFP|CLU|PhD|Ph\.D|MD|M\.D|MBA|JD|J\.D|PE|P\.E|RN|DDS|LLM|PMP|CISSP)\.?\Z"
)
# a job title's first word: what starts a signature's role after the name on its line
_ROLE_WORDS = frozenset(
    "president vice director manager chairman chairwoman chair analyst associate assistant counsel attorney "
    "engineer specialist coordinator consultant executive officer supervisor secretary administrator "
    "representative trader principal chief managing ceo cfo coo cto cio vp svp evp avp".split()
)
# three or more capitalised humps glued into one word ("ClickAtHome", "EnronOnLine"): a product or a programme
_GLUED_HUMPS = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+){2,}")
_HUMP = re.compile(r"[A-Z][a-z]+")


def _role_cut(value: str) -> int | None:
    """Where a job title starts inside ``value`` after a full name ("George Roe President, Acme Bui"), or None.

    The role's word stands third or later, capitalised, no name list knows it; the words before it are
    name-shaped. "Will Chief" (two words) and a role word that is a known surname ("Ann Lee Partner"?
    "partner" is no name: the role) are judged by the lists."""
    from simulacra.text.structure import _known_name

    words = list(re.finditer(r"\S+", value))
    if len(words) < 3:
        return None
    for k in range(2, len(words)):
        w = words[k].group().rstrip(",.;:")
        if not w[:1].isupper():
            return None
        if w.lower() in _ROLE_WORDS and not _known_name(w):
            before = value[: words[k - 1].end()].rstrip(",")
            if len(before.split()) >= 2 and all(p[:1].isupper() for p in before.split()):
                return len(before)
            return None
        if "," in words[k - 1].group():
            return None  # a comma ended the name's words: nothing after it is judged here
    return None


def narrow_person(text: str, s: Span, raw: str | None = None) -> list[Span]:
    """``s`` (a PERSON span) without the edges above: one span, the two pieces of a wrapped name, or none
    when nothing name-like is left. ``raw`` is the text before its quoted-printable escapes were blanked
    for detection (``structure.detection_view``: same length, same offsets); the escapes are read there."""
    raw = text if raw is None else raw
    value = raw[s.start : s.end]
    if value.count(" ") < 2 and not any(c in value for c in "='’,"):
        return [s]  # most names: no escape, quote, comma or third word to judge (the common case, kept fast)
    m = _SOFT_BREAK.search(value)
    if m is not None and m.start() > 0 and m.end() < len(value):
        # "Anne =20\nLee": the escape and the line end are the transport's; each line's name stays a person
        first = replace(s, end=s.start + m.start())
        second = replace(s, start=s.start + m.end())
        return [p for piece in (first, second) for p in narrow_person(text, piece, raw)]
    end = s.end
    if (t := _TRAILING_ESCAPE.search(value)) is not None and t.start() > 0:
        end = s.start + t.start()  # "Timothy =": the soft break's "=" with the surname on the next line
    v = text[s.start : end]
    if (p := _POSSESSIVE.search(v)) is not None and p.start() >= 2:
        end = s.start + p.start()  # "per Osman's request": the name without its possessive
    elif (q := _CLOSING_QUOTE.search(v)) is not None and q.start() >= 2:
        end = s.start + q.start()  # "'Carlos Sole'": the list item's closing quote
    v = text[s.start : end]
    if (n := _POST_NOMINAL.search(v)) is not None and len(v[: n.start()].split()) >= 2:
        end = s.start + n.start()  # "Heather Choate, CPS", "Byron Woertz, Jr.": letters after the name
    v = text[s.start : end]
    if "\n" not in v and (cut := _role_cut(v)) is not None:
        end = s.start + cut  # "George Richards President, Creekside Bui": the signature's role and firm
    if end == s.end:
        return [s]
    return [replace(s, end=end)] if end - s.start >= 2 else []


def glued_thing_words(text: str, spans: Sequence[Span]) -> frozenset[str]:
    """Lowercased one-word person spans written in glued capitals of three or more humps ("ClickAtHome"),
    every hump a dictionary word and no given name ("JoAnnSmith" is a person's mailbox: "Ann" is a given
    name). Read from the spans, not the whole text: the same word in small letters ("Clickathome@ACME") is
    then the same thing."""
    glued = [v for s in spans if s.label == "PERSON" and _GLUED_HUMPS.fullmatch(v := text[s.start : s.end]) is not None]
    if not glued:
        return frozenset()
    from simulacra.text.structure import _dictionary, _given

    return frozenset(v.lower() for v in glued if all(_dictionary(h) and not _given(h) for h in _HUMP.findall(v)))


def glued_thing(text: str, s: Span, things: Sequence[str] | frozenset[str]) -> bool:
    """``s`` is one word the same text writes in glued capitals as a product or programme's name."""
    value = text[s.start : s.end]
    return bool(things) and " " not in value and value.lower() in things


def narrow_people(text: str, spans: Sequence[Span], raw: str | None = None) -> list[Span]:
    """Every PERSON span of ``spans`` through ``narrow_person`` (run after the names are completed, which may
    join or widen them); the others as they are."""
    out: list[Span] = []
    for s in spans:
        out.extend(narrow_person(text, s, raw) if s.label == "PERSON" else (s,))
    return out
