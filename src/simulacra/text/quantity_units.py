"""A word the message writes as the unit of a quantity, typed PERSON by the tagger (deid-fp28, issue 14):
"sold 14,000 MMBtu/d", "5000 Dth/day", "a bid of $.138/MMBtu". Business e-mail quotes volumes and prices this way; a
word standing between a number and a per-time rate ("/d", "/day", "/hr") or after a price's slash is what the
number counts, and no person is counted so. Where the message writes the word so once, its other lone mentions
("MMBtu/d." opening a line) are the same unit. Retyped as an organisation (still rewritten, so a person mistaken
for a unit is not left verbatim) and no longer spread as a person's word. A person's name after a number with no
rate after it ("10:30 Bill Lee", "call Kay 3-0643") is not touched: the rate's slash or the price is the evidence.
Stated on the text's form, never on a corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from simulacra.text.spans import Span

# a quantity, the unit, a per-time rate: "14,000 MMBtu/d", "5000 Dth/day", "2.5 MW/hr"; or a price per unit:
# "$.138/MMBtu", "$2.50/Dth"
_UNIT = re.compile(
    r"(?<![\w.,\-/])\d[\d,]*(?:\.\d+)?[ \t]*(?P<a>[A-Za-z]{2,12})/(?:d|day|hr|h|mo|month|yr|year)\b"
    r"|\$[ \t]*\d*\.?\d+/(?P<b>[A-Za-z]{2,12})\b"
)


def quantity_units(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with a lone-word person span retyped as an organisation where the message writes that word as
    a quantity's unit (see the module's docstring). Sorted and non-overlapping in, the same out."""
    if "/" not in text:
        return list(spans)
    # a unit stands right before a "/" (group a) or right after one (group b): where no person span's word a
    # rule could retype does so, the scan can change nothing (it reads every position of the text)
    words = {text[s.start : s.end] for s in spans if s.label == "PERSON" and not s.source.startswith("structure")}
    if not any(w + "/" in text or "/" + w in text for w in words):
        return list(spans)
    units = {m.group("a") or m.group("b") for m in _UNIT.finditer(text)}
    if not units:
        return list(spans)
    return [
        replace(s, label="ORGANIZATION")
        if s.label == "PERSON" and not s.source.startswith("structure") and text[s.start : s.end] in units
        else s
        for s in spans
    ]
