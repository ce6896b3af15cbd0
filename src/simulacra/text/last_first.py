"""``Last, First``: one person span, as both annotated e-mail sets mark an address item.

Measured on the read parts of Minkov's and CEREC's Enron gold (deid-split35 in benchmarks/RESULTS.md): an item
``Lay, Kenneth`` of a ``;``-separated header list is one gold person in 707 of 744 cases (CEREC all 296; the 37
two-span cases sit in a handful of Minkov files, mixed with one-span items in the same headers), a quoted display
name ``"Lay, Kenneth " <...>`` in 11 of 14. The pipeline almost always finds such an item whole; where the tagger
or the spread found its surname and its given name apart (``"Pergher, Gunther "``, ``Love, Phillip M.;``, ``"King,
Donny W (WGP``), the two spans are joined here into one.

What is rewritten does not change: the joined span remembers its two names (its ``source``), and the rewriter
rewrites them apart, exactly as it did before the join (the same characters replaced, the same fakes, the comma
copied). So the span a caller sees follows the gold's convention while the output text stays byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulacra.text.spans import Span

__all__ = ["JOINED", "join_last_first", "rewrite_parts", "split_joined"]

#: the source prefix of a joined span; its two names' own sources follow, separated by ``|``
JOINED = "last_first"

# a surname (``Y'Barbo``, ``Barker-Bennett``, ``MISRA``, ``McMichael Jr.``) and a given name with its initials
_SURNAME = re.compile(r"[A-Z][A-Za-z'\-]+(?: (?:Jr|Sr)\.?)?")
_GIVEN = re.compile(r"[A-Z][A-Za-z'\-]*[a-z][A-Za-z'\-]*(?: [A-Z]\.?)*")
# between them: the comma, blanks, at most one line break (a header wrapped at the width)
_GAP = re.compile(r",[ \t]*(?:\r?\n[ \t>]*)?")
# what opens an address item: a display name's quote (``" ENRON: ``), a ``;``, a header's label
_OPENS = re.compile(
    r"(?:\"[ \t]*(?:[A-Z]+:[ \t]*)?|;[ \t]*(?:\r?\n[ \t>]*)?|(?:^|\n)[ \t>]*(?:X-)?(?:to|cc|bcc|from)[ \t]*:[ \t]*)\Z",
    re.IGNORECASE,
)
# what closes it: the quote, a department in brackets, the next item, the address, the line's end, the next label
_CLOSES = re.compile(r"[ \t]*(?:[\"(;<\[]|\r?\n|\Z)|[ \t]+(?:Sent|Cc|Bcc|Subject|To|On Behalf)\b")


def join_last_first(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` (sorted, non-overlapping) with each address item's surname and given name, found as two person
    spans, joined into one ``Last, First`` person."""
    out: list[Span] = []
    i = 0
    while i < len(spans):
        s = spans[i]
        t = spans[i + 1] if i + 1 < len(spans) else None
        if t is not None and _item(text, s, t):
            parts = f"{s.source}|{t.source}".replace("\n", " ")
            out.append(Span(s.start, t.end, "PERSON", max(s.score, t.score), f"{JOINED}|{parts}"))
            i += 2
            continue
        out.append(s)
        i += 1
    return out


def _item(text: str, last: Span, first: Span) -> bool:
    if last.label != "PERSON" or first.label != "PERSON" or last.source.startswith(JOINED):
        return False
    if first.source.startswith(JOINED) or _GAP.fullmatch(text, last.end, first.start) is None:
        return False
    if _SURNAME.fullmatch(text, last.start, last.end) is None or _GIVEN.fullmatch(text, first.start, first.end) is None:
        return False
    # the item may open on the line before (``Dickson, Stacy;\nLove, Phillip M.``): from that line's start
    here = text.rfind("\n", 0, last.start)
    line = text.rfind("\n", 0, here) + 1 if here > 0 else 0
    return _OPENS.search(text[line : last.start]) is not None and _CLOSES.match(text, first.end) is not None


def split_joined(text: str, s: Span) -> tuple[Span, ...]:
    """A joined span's two names as they were found (their own sources; the joined span's score); any other span
    alone."""
    if not s.source.startswith(JOINED + "|"):
        return (s,)
    _, src_last, src_first = (s.source.split("|") + ["", ""])[:3]
    comma = text.index(",", s.start, s.end)
    gap = _GAP.match(text, comma)
    start = gap.end() if gap is not None else comma + 1
    return Span(s.start, comma, s.label, s.score, src_last), Span(start, s.end, s.label, s.score, src_first)


def rewrite_parts(text: str, ordered: Sequence[Span]) -> tuple[list[Span], list[int]]:
    """What the rewriter replaces for ``ordered`` spans: each joined span as its two names, every other span as
    itself; and how many of those each span of ``ordered`` became (to put its output back together)."""
    flat: list[Span] = []
    counts: list[int] = []
    for s in ordered:
        parts = split_joined(text, s)
        flat.extend(parts)
        counts.append(len(parts))
    return flat, counts
