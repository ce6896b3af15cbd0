"""A person span that holds a piece of a word a quoted-printable soft line end cuts is no person (deid92, issue 14).

A quoted-printable body wraps at 76 columns with a soft line end, ``=`` before the line break, anywhere in a
word: "migrating to Microsoft Ou=\\ntlook", "Comics - Daybr=\\neakers", "Trav=\\nel", "UTILITY.C=\\nOM",
"presented by London-ba=\\nsed". The detection view blanks the ``=``, so the tagger reads the piece as a word of
its own, and a capitalised piece ("Ou", "Daybr", "Carr" of "Carr=\\nboro") or a short tail ("el", "OM") looks
like a name. Read on the dev parts' false persons: the pieces the tagger typed a person were pieces of
products, firms, places and common words. ``structure.refine`` already retypes a one-word head piece whose
whole word is a dictionary word or a place; this takes the rest of the class, on the raw text (the ``=`` is
the evidence, an ordinary wrap "Jones \\nsaid" is not cut):

* the last word of a span is a head piece: the word goes on at the next line's start in small letters (or in
  capitals after capitals), and its whole word (its part at the cut, for a hyphened word: "London-based" ->
  "based") is no known given or family name. A span of several words whose first word is a given name is left
  ("John Smi=\\nthers": a person whose surname the lists lack);
* a one-word span is a tail piece: it opens the line after a soft line end that cuts a word (a letter before
  the ``=``), and the whole word is no known name.

A known name keeps the person ("Stev=\\ne" is Steve's; "Vin=\\ncent" may be Vincent). The span is typed an
organisation, so it is still rewritten: a person misread here does not leak.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from simulacra.text.name_words import any_given_name, known_name
from simulacra.text.spans import Span

# the soft line end after a span, then the rest of the cut word at the next line's start
_REST = re.compile(r"=\r?\n(?P<rest>[A-Za-z]+)")
# the cut word's piece at a span's end, or before a soft line end
_PIECE_END = re.compile(r"[A-Za-z]+\Z")
_FIRST_WORD = re.compile(r"[A-Za-z]+")


def soft_break_pieces(text: str, spans: Sequence[Span], raw: str | None = None) -> list[Span]:
    """``spans`` with the person spans above typed organisations; ``raw`` is the text before the detection view
    blanked its escapes (the same length), where the soft line ends still stand."""
    src = raw if raw is not None else text
    if "=\n" not in src and "=\r\n" not in src:
        return list(spans)
    return [replace(s, label="ORGANIZATION") if s.label == "PERSON" and _cut_piece(src, s) else s for s in spans]


def _same_case(piece: str, rest: str) -> bool:
    """The word goes on as a word does: small letters after a piece, or capitals after capitals."""
    return rest[0].islower() or (piece.isupper() and rest.isupper())


def _cut_piece(raw: str, s: Span) -> bool:
    """``s`` holds a piece of a cut word whose whole is no known name (see the module's docstring)."""
    value = raw[s.start : s.end]
    words = value.split()
    if not words:
        return False
    m = _REST.match(raw, s.end)
    if m is not None:
        head = _PIECE_END.search(value)
        if head is not None and _same_case(head.group(), m["rest"]):
            if len(words) > 1 and any_given_name(words[0].strip(".,")):
                return False
            return not known_name(head.group() + m["rest"])
    if len(words) == 1 and raw[s.start - 1 : s.start] == "\n":
        eq = s.start - (3 if raw[s.start - 2 : s.start - 1] == "\r" else 2)
        if eq >= 1 and raw[eq] == "=" and raw[eq - 1].isalpha():
            before = _PIECE_END.search(raw, max(0, eq - 40), eq)
            tail = _FIRST_WORD.match(value)
            if before is not None and tail is not None and _same_case(before.group(), tail.group()):
                return not known_name(before.group() + tail.group())
    return False
