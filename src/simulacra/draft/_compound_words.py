"""The words of a compound noun before the ones that name its table (issue 20, draft46).

draft35 read "800 vehicle inspection reports": a table of the last two words, a key to the table its first word
names. Two shapes kept less than a reader says:

- "1,200 dog grooming invoices" with 400 dogs: the head is the catalogue's (invoices) and the words before it are
  not, so the count skipped them and nothing said what each invoice is of. The words between the count and a
  catalogue head are its modifiers too; the composer's modifier pass keys the table to the one a modifier names.
  The table keeps the head's name and the catalogue kind's columns (an invoice's amount and tax): the modifiers
  say whose invoices, not another kind of record.
- "5,000 vehicle tyre pressure checks": four words, named by the last two (`pressure_checks`). A compound's name
  is its words less a modifier that names another table of the request (that one is a key, not a kind of check):
  `tyre_pressure_checks` keyed to vehicles; with four words or more left, its last three. A name another noun of
  the request has keeps the table's name as before (two tables, not one said twice).
"""

from __future__ import annotations

import dataclasses

from simulacra.draft._catalogue import Catalogue
from simulacra.draft._nouns import singular
from simulacra.draft._parse import STOPWORDS, Mention, Request, parse_number

#: a compound named by more words than this is named by its last ones
_MOST_WORDS = 3


def _names_another(word: str, m: Mention, mentions: list[Mention], cat: Catalogue) -> bool:
    """A modifier that names a noun the request counts or lists as a table: its last word, or a word of its
    catalogue kind ('truck' of "200 lorries" where the kind says both)."""
    for x in mentions:
        if x is m:
            continue
        if singular(x.phrase.split()[-1]) == word or any(word in cat.kinds[k].words for k in x.kinds if k in cat.kinds):
            return True
    return False


def _head_modifiers(req: Request, m: Mention) -> tuple[str, ...]:
    """'1,200 dog grooming invoices': the singular words between a count of many and a catalogue noun, that no
    other noun holds ('2,000 customer orders': the customers are a noun of their own)."""
    toks = req.tokens
    held = {k for x in req.mentions if x is not m for k in range(x.first, x.last + 1)}
    out: list[str] = []
    k = m.first - 1
    while k >= 0 and len(out) < 2:
        t = toks[k]
        if (
            t.clause != m.clause
            or k in held
            or not t.text.isalpha()
            or t.text in STOPWORDS
            or singular(t.text) != t.text
        ):
            break
        out.insert(0, t.text)
        k -= 1
    count = parse_number(toks[k].text) if k >= 0 and toks[k].clause == m.clause else None
    return tuple(out) if out and count is not None and count > 1 else ()


def _named_whole(m: Mention, mentions: list[Mention], cat: Catalogue) -> Mention:
    """A compound of four words or more named by its words less a modifier naming another table, or its last three."""
    words = [*m.modifiers, *m.phrase.split()]
    if len(words) <= _MOST_WORDS:
        return m
    keys = [w for w in m.modifiers if _names_another(w, m, mentions, cat)]
    rest = [w for w in words if w not in keys]
    outer = [w for w in rest[:-_MOST_WORDS] if w not in keys]  # "street lamp energy audits": 'street' says which
    rest = rest[-_MOST_WORDS:]
    phrase = " ".join(rest)
    if phrase == m.phrase or any(x is not m and _slug_of(x.phrase) == _slug_of(phrase) for x in mentions):
        return m  # the name another noun has: left as it was
    first = m.first - len(m.modifiers) + words.index(rest[0])  # the modifiers are the tokens right before the noun
    return dataclasses.replace(m, phrase=phrase, first=first, modifiers=tuple(w for w in words if w in keys + outer))


def _slug_of(phrase: str) -> str:
    return "_".join(singular(w) for w in phrase.split())


def compound_words(req: Request, cat: Catalogue, notes: list[str]) -> None:
    """Give a counted catalogue noun the words before it, and a long compound the name of its own words."""
    out: list[Mention] = []
    for i, m in enumerate(req.mentions):
        if m.kinds and not m.modifiers and m.count is not None:
            mods = _head_modifiers(req, m)
            if mods and any(_names_another(w, m, req.mentions, cat) for w in mods):
                m = dataclasses.replace(m, modifiers=mods)
        elif not m.kinds and m.modifiers:
            named = _named_whole(m, [*out, *req.mentions[i:]], cat)  # the names given so far, not two alike
            if named is not m:
                keys = [w for w in named.modifiers if _names_another(w, named, req.mentions, cat)]
                notes.append(
                    f"'{' '.join([*m.modifiers, m.phrase])}': a table named by '{named.phrase}'"
                    + (f" ('{', '.join(keys)}' names another table: a key to it)" if keys else "")
                )
                m = named
        out.append(m)
    req.mentions[:] = out
