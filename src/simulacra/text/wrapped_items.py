"""A ``;`` list of names wrapped at the mail's width inside an item: "...; Louise Kendall; louise\\nkitchen; Luanne
Giessen; ..." — the tagger finds the given name that ends the line and leaves the surname that opens the next, a
dictionary word here, so the leak is the surname. The list itself is the evidence: the item between two ``;`` is one
name when the items on both sides of it are persons, whatever the wrapped word means alone. Stated on the text's
form, never on a corpus."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from simulacra.text.spans import Span

# the item's opening separator just before the given name, and its rest on the next line up to the next separator
_ITEM_OPEN = re.compile(r";[ \t]*\Z")
_ITEM_REST = re.compile(
    r"[ \t]*\r?\n[ \t>]*(?P<w>[A-Za-z][a-z]+(?:[-'’][A-Za-z][a-z]+)?)[ \t]*;[ \t]*(?:\r?\n[ \t>]*)?"
)


def wrapped_list_items(text: str, spans: Sequence[Span]) -> list[Span]:
    """Person spans of a lone word that ends a line inside a ``;`` list item, grown over the item's word on the next
    line when that word closes the item (``;``) in the given name's case and the items before and after are persons.
    ``spans`` sorted and non-overlapping; so is the result."""
    out = list(spans)
    if ";" not in text:
        return out
    for i, s in enumerate(out):
        value = text[s.start : s.end]
        if s.label != "PERSON" or not value.isalpha() or i == 0 or i + 1 >= len(out):
            continue
        m = _ITEM_REST.match(text, s.end)
        if m is None or _ITEM_OPEN.search(text, max(0, s.start - 4), s.start) is None:
            continue
        w = m.group("w")
        if w.islower() != value.islower() or (not w.islower() and not w[1:].islower()):
            continue  # "louise\nkitchen", "Louise\nKitchen": one item's two words in one case
        before, after = out[i - 1], out[i + 1]
        if after.start < m.end("w"):
            continue  # the word is another span's
        # the neighbours are persons and whole items: "...; Louise Kendall; " before, "Luanne Giessen;" after
        if before.label != "PERSON" or not re.fullmatch(r";[ \t]*(?:\r?\n[ \t>]*)?", text[before.end : s.start]):
            continue
        if after.label != "PERSON" or after.start != m.end():
            continue
        out[i] = replace(s, end=m.end("w"), source=f"{s.source}+item")
    return out
