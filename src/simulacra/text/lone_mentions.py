"""Retype every lone mention of words the message shows to be no person's (deid-fp33, issue 14).

A rule that finds one mention of a word used as a place or a thing ("flight from Rio", "the Murray bill") retypes
the message's other lone mentions of it too ("memory of Cabo", "Guess where? Cabo."): one message uses one word
for one entity, and a mention left a person would spread the person's word back over the others. Not where a
mention has a person's evidence ("Mr. Blanco", "Blanco said"), nor where a longer person's name of the message
holds the word ("Sam Blanco" beside "to Blanco"), unless the word opens that name and is no given name ("Cabo
Wabo": a place's word opens names of its things; "Austin Krueger" is a person's). A span a structural rule made (a
header's or signature's name) is never retyped. The spans keep being rewritten, as the new type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from simulacra.text.name_words import any_given_name
from simulacra.text.not_person import person_evidence
from simulacra.text.spans import Span

WORD = re.compile(r"[^\W\d_][\w'’\-]*")


def lone_word(text: str, s: Span) -> str | None:
    """The word of a lone-word person span of the tagger's (capitalised, not all capitals), else None."""
    if s.label != "PERSON" or s.source.startswith("structure"):
        return None
    value = text[s.start : s.end]
    return value if WORD.fullmatch(value) and value[:1].isupper() and not value.isupper() else None


def retype_lone(text: str, spans: Sequence[Span], words: set[str], label: str) -> list[Span]:
    """``spans`` with every lone mention of ``words`` typed ``label`` (see the module's docstring). Sorted and
    non-overlapping in, the same out (no span moves)."""
    if not words:
        return list(spans)
    words = set(words)

    for s in spans:
        if s.label != "PERSON":
            continue
        held = WORD.findall(text[s.start : s.end])
        if len(held) > 1:
            words -= {w for i, w in enumerate(held) if w in words and (i > 0 or any_given_name(w))}
    # a mention with a person's evidence keeps the word a person's everywhere
    # (any PERSON span of the word, a structural rule's too: "Mr. Blanco" narrowed to "Blanco")
    words -= {
        v for s in spans if s.label == "PERSON" and (v := text[s.start : s.end]) in words and person_evidence(text, s)
    }
    if not words:
        return list(spans)
    return [replace(s, label=label) if lone_word(text, s) in words else s for s in spans]
