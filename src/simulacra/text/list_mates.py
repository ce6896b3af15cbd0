"""A lone word listed among firms or places is one of them (deid-prec37, issue 14).

Mail lists things of one kind: "Mojave, Southwest Gas, Citizens Utilities, and ...", "to Tulsa, San Antonio,
Indianapolis, Raleigh or Providence", "for EOL, Sitara, EnPower, TDS and TAGG/ERMS". The tagger reads a lone
word of such a list by the name lists (Raleigh, Omaha and Mojave are names to them) and types it a person while
it types its neighbours organisations or places. Where the word stands in a list (items joined by a comma,
"and", "or" or "&" on one line) with at least two other items found, and every one of those is an organisation
or a place, the word is one of them: retyped (still rewritten) as the type its neighbours mostly have, with the
message's other lone mentions of it (``lone_mentions.retype_lone``: not where a mention has a person's
evidence, nor inside a longer person's name of the message).

A list with a person in it is left alone ("Kim, Acme and Globex": a person among firms is still a person), as is
a name of two words or more ("Altra Energy Technologies, and Keith Butler, COO": a person beside firms), and a
span a structural rule made (a header's or signature's name). ``structure.refine`` already types a word listed
beside places a gazetteer knows a place (``not_person.listed_with_places``); this reads the types the tagger gave
the neighbours instead, so firms and places no list knows count too. Stated on the text's form and the message's
own spans, never on a corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from simulacra.text.lone_mentions import lone_word, retype_lone
from simulacra.text.spans import Span

_THINGS = ("ORGANIZATION", "LOCATION")
# what joins two items of a list on one line: ", ", ", and ", " and ", " or ", " & "
_JOIN = re.compile(r"[ \t]*(?:,[ \t]*(?:(?:and|or)[ \t]+|&[ \t]*)?|[ \t]+(?:and|or|&)[ \t]+)")


def _mates(text: str, spans: Sequence[Span], i: int) -> list[Span]:
    """The spans joined to ``spans[i]`` as items of one list, both ways."""
    out: list[Span] = []
    j = i
    while j > 0 and _JOIN.fullmatch(text, spans[j - 1].end, spans[j].start):
        j -= 1
        out.append(spans[j])
    j = i
    while j + 1 < len(spans) and _JOIN.fullmatch(text, spans[j].end, spans[j + 1].start):
        j += 1
        out.append(spans[j])
    return out


def list_mates(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with each lone-word person listed among firms or places retyped (see the module's docstring).
    Sorted and non-overlapping in, the same out (no span moves)."""
    if "," not in text or not any(s.label == "PERSON" for s in spans):
        return list(spans)
    words: dict[str, set[str]] = {}
    for i, s in enumerate(spans):
        w = lone_word(text, s)
        if w is None:
            continue
        mates = _mates(text, spans, i)
        if len(mates) < 2 or any(m.label not in _THINGS for m in mates):
            continue
        label = Counter(m.label for m in mates).most_common(1)[0][0]
        words.setdefault(label, set()).add(w)
    out = list(spans)
    for label in _THINGS:  # a fixed order: the same bytes every run
        if label in words:
            out = retype_lone(text, out, words[label], label)
    return out
