"""A lone word straight after the article "the" is no person's name (deid-fp33, issue 14).

English writes no article before a person's bare name: "the Murray bill", "the Katy tailgate", "the Milan Fair",
"the Day Ahead operator", "the Mets" name a thing, a place, an event or a team, whatever name lists hold the word.
So does any e-mail, business or private. Read on the gold of the dev parts (minkov_read6, random_odd,
random_even_a, cerec_a, conll): no lone gold person stands after a lowercase "the" that the tagger found; the
only lone gold persons after an article are a family ("the Clintons") and the news' "The Dole campaign", whose
capitalised "The" opens a sentence and is left alone here. Kept a person: a surname's plural ("the Smiths", a
family), a possessive ("the Kim's" is a typo for Kim's), a word a family noun follows ("the Smith family", "the
Lee kids"), a word a surname follows ("the Ann Lee I know") and a mention with a person's evidence. The message's
other lone mentions of the word follow it (``lone_mentions``: "at Katy" beside "the Katy tailgate").

Typed an organisation (still rewritten, so a person misread here is not left verbatim).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulacra.text.lone_mentions import WORD, lone_word, retype_lone
from simulacra.text.name_words import known_name
from simulacra.text.not_person import person_evidence, surname_after
from simulacra.text.spans import Span

# a lowercase "the" right before the word, maybe across a line break ("the \nMurray bill")
_THE_BEFORE = re.compile(r"(?<![\w'’\-])the(?:[ \t]+|[ \t]*\r?\n[ \t>]*)\Z")
_FAMILY_AFTER = re.compile(
    r"['’]|[ ]+(?:family|families|kids|children|boys|girls|brothers|sisters|twins|couple|household|clan)\b"
)


def article_words(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with the lone person words after "the" (and their other lone mentions) retyped: an organisation,
    or the place or organisation the tagger typed the word after "the" ("at Katy" beside "the Katy tailgate"
    typed a place: the tagger's own reading there, which the person's spread would otherwise overturn)."""
    found: dict[str, set[str]] = {}
    for s in spans:
        if s.label in ("LOCATION", "ORGANIZATION") and s.source == "ner":
            value = text[s.start : s.end]
            if not (WORD.fullmatch(value) and value[:1].isupper() and not value.isupper()):
                continue
            v, label = value, s.label
        else:
            lone, label = lone_word(text, s), "ORGANIZATION"
            if lone is None:
                continue
            v = lone
        if not _THE_BEFORE.search(text, max(0, s.start - 12), s.start):
            continue
        if v.endswith("s") and known_name(v[:-1]):
            continue  # "the Clintons", "the Smiths": a family
        if _FAMILY_AFTER.match(text, s.end) or surname_after(text, s) or person_evidence(text, s):
            continue
        found.setdefault(label, set()).add(v)
    out = list(spans)
    for label in sorted(found):
        out = retype_lone(text, out, found[label], label)
    return out
