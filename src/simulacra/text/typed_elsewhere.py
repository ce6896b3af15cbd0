"""Person spans that the same message names, word for word, as something that is no person (deid-fp28, issue 14).

* An organisation named again: "for Manitoba Hydro." typed PERSON beside "Manitoba Hydro's" typed an
  organisation. One message writing the same words means the same entity; the organisation's reading (a
  possessive the tagger read as a firm's, a legal form) holds where the person's reading has no evidence of its
  own. Retyped, never dropped: an organisation is rewritten too, so nothing more is left verbatim, but its words no
  longer spread as a person's over the message ("Manitoba" alone, "Power" out of "Minnesota Power-MPEX"). Not where
  a given name opens the words ("Larry Ruff" mistyped an organisation once stays a person), where something only a
  person has stands beside the span ("Mr.", "said"), where the words are part of a longer person's name
  in the message ("Ruff" beside "Larry Ruff", "Kaminski, Vince"), nor for a lone word that is a known surname
  ("Kaminski" beside "Kaminski's group" typed a firm: a person named short is the likelier reading; this left
  "Moody" beside "Moody's" a person, and was chosen after the first version, which retyped such words too,
  lowered the held-out part random_even_b's recall by 2 spans while it raised its precision).
* A holiday or a named day: "Valentine's Day", "St. Patrick's Day", "Mother's Day" (a word, its possessive, then a
  capitalised "Day"), and words a holiday's name opens ("Christmas Carol", "Easter Sunday"). Any e-mail dates
  things by holidays; a person's possessive before a capitalised "Day" names the day, and a holiday's word first
  in a span is the holiday's thing, not a given name. Dropped (a holiday names no one); a holiday's word last
  ("Ann Christmas") is left as it is.

Stated on the text's form and the message's own other spans, never on a corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from simulacra.text.name_words import any_given_name, known_name
from simulacra.text.not_person import person_evidence
from simulacra.text.person_edges import HOLIDAYS
from simulacra.text.spans import Span

_POSSESSIVE = re.compile(r"['’]s\Z")
_NAMED_DAY = re.compile(r"(?:['’]s)?[ \t]+Day\b")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")


def _key(value: str) -> str:
    return _POSSESSIVE.sub("", " ".join(value.split()))


def _words(value: str) -> tuple[str, ...]:
    return tuple(_POSSESSIVE.sub("", w).lower() for w in _WORD.findall(value))


def typed_elsewhere(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with the person spans above retyped (an organisation named again) or dropped (a holiday's
    name). ``spans`` sorted and non-overlapping; so is the result (no span moves)."""
    orgs = {_key(text[s.start : s.end]) for s in spans if s.label == "ORGANIZATION"}
    # the words of each person the message names: a person's name holding the words ("Kaminski, Vince", in any
    # case and order) makes them that person's
    people = [_words(text[s.start : s.end]) for s in spans if s.label == "PERSON"]
    out: list[Span] = []
    for s in spans:
        if s.label != "PERSON" or s.source.startswith("structure"):
            out.append(s)
            continue
        value = text[s.start : s.end]
        words = _WORD.findall(value)
        if not words:
            out.append(s)
            continue
        first = words[0].lower().removesuffix("'s").removesuffix("’s")
        if first in HOLIDAYS and not value.isupper():
            continue  # "A Christmas Carol", "Easter Sunday": the holiday's thing
        day = _NAMED_DAY.match(text, s.end)
        possessive = day is not None and (_POSSESSIVE.search(value) is not None or day.group()[:1] in "'’")
        if len(words) == 1 and possessive and not person_evidence(text, s):
            continue  # "Valentine's Day", "Mother's Day": a day's name
        key = _key(value)
        own = _words(value)
        if (
            key in orgs
            and not any_given_name(words[0])
            # a lone word that is a known surname is most often a person named short, the tagger's firm reading of
            # it elsewhere ("Kaminski's group") its slip; two words, or a word no name list knows, are not
            and (len(words) > 1 or not known_name(words[0]))
            and not person_evidence(text, s)
            and not any(len(p) > len(own) and set(own) <= set(p) for p in people)
        ):
            s = replace(s, label="ORGANIZATION")  # "for Manitoba Hydro." beside "Manitoba Hydro's"
        out.append(s)
    return out
