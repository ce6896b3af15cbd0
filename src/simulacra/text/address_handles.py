"""A display name that copies its own address's local part (deid-leak32, issue 14): ``dana_holt
<dana_holt@acme.example>``, ``"lee.marsh" <lee.marsh@city.example>``, ``kbray <kbray@power.example>``.

Mail clients fill a recipient's display name with the local part when the sender's address book has no name,
so header lists of real mail hold many such pairs. The address is rewritten as an e-mail address, but the copy
before it was left verbatim when the tagger saw no name in it (a handle in lower case, glued by ``_`` or ``.``):
the real person's name or login stood beside its fake address. The copy is the same identifier as the local
part, so it is typed a username, and the surrogates rewrite it with the same pieces as the address's new
local part (``dana_holt <lane_bass@…>`` becomes ``lane_bass <lane_bass@…>``).

A username, not a person: many handles are no name at all ("craigl", "mjp"), and the gold of the e-mail sets
marks some of them and not others, so typing them PERSON would guess; a username is rewritten all the same.
Only the display name that is the whole list item (after a comma, a semicolon, a colon or the line's start):
not the surname of "Ann Kessler <kessler@…>". Nothing is typed where a span already lies over the copy
("Ben_Richter", whose words the tagger found as a person's), nor a generic mailbox ("Administrator"). The same
handle elsewhere in the message ("Hello dana_holt") is the same login and typed so too, unless it is an English
word ("power <power@x.com>" beside "the power is out").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from simulacra.text.name_words import dictionary_word
from simulacra.text.spans import Span

# an item of an address list: its opening (line start or a separator, blanks, maybe a quote mark), one token,
# the quote closed, then the address in angle brackets, maybe on the next line (a header wrapped at its width)
_HANDLE = re.compile(
    r"(?:^|(?<=[,;:]))[ \t>]*(?P<q>\"?)(?P<h>[A-Za-z][\w.\-]*[A-Za-z0-9])[ \t]*(?P=q)[ \t]*(?:\r?\n[ \t>]*)?"
    r"<[ \t]*(?P<l>[^@\s<>\"]+)@",
    re.MULTILINE,
)
# mailboxes of a role or a service, not of a person (their copy names no one)
_GENERIC = frozenset(
    "admin administrator info support sales contact help service mail webmaster postmaster noreply no-reply "
    "office team hr billing news orders accounts jobs careers press".split()
)

_SCORE = 0.85
# how every match of ``_HANDLE`` ends: "<", blanks, the local part and its "@" (no "<" inside)
_HANDLE_END = re.compile(r"<[ \t]*[^@\s<>\"]+@")


def _handles(text: str) -> Iterator[re.Match[str]]:
    """``_HANDLE.finditer(text)``, run only on the runs of lines that can hold a match: the same matches.

    A match ends at an ``_HANDLE_END`` and starts on that one's line or the line before (only its optional
    line end crosses a line), so every match lies in the window from the line before each ``_HANDLE_END`` to
    the end of its line; windows that meet are merged. No match reaches across a run's edge, a run starts at a
    line start (``^`` holds there as in the whole text; a lookbehind still sees the text before it), and nothing
    after a match's "@" is read, so each run gives the whole text's matches inside it (a speed change,
    deid-speed56: the scan tried every position of every message).
    """
    runs: list[tuple[int, int]] = []
    for e in _HANDLE_END.finditer(text):
        line = text.rfind("\n", 0, e.start()) + 1
        a = text.rfind("\n", 0, line - 1) + 1 if line > 0 else 0
        nl = text.find("\n", e.end())
        b = len(text) if nl < 0 else nl + 1
        if runs and a <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], b))
        else:
            runs.append((a, b))
    for a, b in runs:
        yield from _HANDLE.finditer(text, a, b)


def address_handles(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` and a USERNAME span over each display name that copies its address's local part and that no
    span covers. Sorted in, sorted out."""
    if "@" not in text:
        return list(spans)
    taken = [(s.start, s.end) for s in spans]
    new: list[Span] = []
    for m in _handles(text):
        handle, local = m.group("h"), m.group("l")
        if handle.lower() != local.lower() or handle.lower() in _GENERIC:
            continue
        a, b = m.span("h")
        if any(x < b and a < y for x, y in taken):
            continue
        new.append(Span(a, b, "USERNAME", _SCORE, "structure.address_handle"))
        taken.append((a, b))
    if not new:
        return list(spans)
    # the same handle elsewhere in the message ("Hello dana_holt", a quoted header) is the same login; not a
    # handle that is an English word ("power <power@x.com>"), which the body uses as a word
    for h in {text[s.start : s.end] for s in new}:
        if not any(c in h for c in "._-") and not any(c.isdigit() for c in h) and dictionary_word(h):
            continue
        for m in re.finditer(r"(?<![\w.@<\-])" + re.escape(h) + r"(?![\w@\-]|\.\w)", text, re.IGNORECASE):
            a, b = m.span()
            if not any(x < b and a < y for x, y in taken):
                new.append(Span(a, b, "USERNAME", _SCORE, "structure.address_handle"))
                taken.append((a, b))
    return sorted([*spans, *new], key=lambda s: (s.start, s.end))
