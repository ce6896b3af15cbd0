"""Initials that sign a message off are a person (deid95, issue 14).

Mail is signed with the writer's initials on the body's last line: "We'll be back in touch.\\nMK\\n-----Original
Message-----", "Talk to you soon.\\nPL" at the text's end, "Yes.  Thanks.  DF From:  Paul Cherry 06/01/2000" (a
Notes reply's header flattened onto the line), "DG 3-9573" (with the writer's extension), "J.P." The tagger
reads two or three capitals alone as a firm's or a place's abbreviation and types them ORGANIZATION or LOCATION
(0 of 12 generated sign-offs a person on int), and the last-line rule (``structure._last_line_signoffs``) reads
only words in small letters, so they were a miss of recall (rewritten as a firm) or stood verbatim.

Here two or three capitals ("MK", or "J.P." with points) are a person where, on the text's own form:

* they open their line (a quote's ``>`` and blanks aside) or follow a sentence's end on it (``.``, ``!``, ``?``),
  and nothing follows them on the line but an extension (``3-9573``, ``x33075``) or a flattened ``From:``;
* what follows the line, blank lines aside, is the text's end or a reply's or a forward's header (``-----``,
  ``Original Message``, ``From:``, ``To:``, ``Sent:``, ``On … wrote:``, ``… on 06/01/2000``): the body ends there;
* the line before them (one blank line may stand between) is prose, no header field: a body, not the headers;
* they are no abbreviation mail signs with (``FYI``, ``PS``, ``OK``, ``ASAP``, ``TIA``, time zones, titles:
  ``known_mentions``' list, interjections and a few more) and no frequent word (a dictionary's two or three
  letters are mostly abbreviations, as initials are: "CS", "MM", "PL" stay initials).

A span the tagger typed a firm or a place over exactly the initials is retyped PERSON; where nothing was found
a PERSON span is added; any other span there is left. Stated on the text's form, never on a corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulacra.text.name_words import common_word
from simulacra.text.spans import Span, mark_person
from simulacra.text.structure import BODY_END_HEADER, STRUCTURE_SCORE

SCORE = STRUCTURE_SCORE  # a structural rule's score
_SOURCE = "signoff.initials"
# the initials, at a line's start or after a sentence's end on it, then at most an extension or a flattened "From:"
_INITIALS = re.compile(
    r"(?:^[ \t>]*|(?<=[.!?])[ \t]{1,4})(?P<i>[A-Z]{2,3}(?![.\w&/'’\-])|[A-Z]\.[A-Z]\.(?:[A-Z]\.)?)"
    r"(?:[ \t]+(?:x?\d{1,3}-\d{3,5}|x\d{4,5})(?![\w\-]))?[ \t]*(?P<after>$|(?=[ \t]+From:))",
    re.MULTILINE,
)
# a reply's or a forward's header: the line where the body before it ends (``structure``'s headers, in any case,
# and a bare "Original Message")
_HEADER_NEXT = re.compile(rf"[ \t>]*(?:(?:-+[ ]?)?Original Message|{BODY_END_HEADER})", re.IGNORECASE)
# a header field's line ("Subject: ...", "X-cc:"): the headers, not a body
_FIELD_LINE = re.compile(r"[ \t>]*[A-Za-z][\w\-]{0,20}[ \t]*:")
_BLANK_LINES = re.compile(r"(?:[ \t>]*\n)*[ \t>]*")
# capitals mail signs with that are nobody's initials (with ``known_mentions``' abbreviations)
NOT_INITIALS = frozenset(
    "AM PM US UK EU VP HR IT PR CEO CFO COO CTO EVP SVP MD JR SR II III IV PHD ESQ CPA LLC LLP INC USA ECT HOU "
    "EES ENA EOL EB TX CA NY OK NA GMT EST EDT CST CDT MST MDT PST PDT BST CET UTC "
    "FYI FW FWD RE CC BCC PS PPS NB TIA THX TX TY ASAP TBD TBA BTW EOM NRN HTH IMO LOL NP RSVP ATT ATTN TEL FAX "
    "ID NO YES END PDF DOC XLS PPT TXT ZIP URL AH OH HA EH UM HM HMM UH OW".split()
)
_THINGS = ("ORGANIZATION", "LOCATION")


def _body_ends_after(text: str, end: int, flattened: bool) -> bool:
    """Nothing but blank lines after ``end`` up to the text's end or a reply's or forward's header."""
    if flattened:
        return True
    nl = text.find("\n", end)
    if nl < 0:
        return True
    m = _BLANK_LINES.match(text, nl + 1)
    p = m.end() if m is not None else nl + 1
    return p >= len(text.rstrip()) or _HEADER_NEXT.match(text, p) is not None


def _prose_before(text: str, line_start: int, start: int) -> bool:
    """Prose right before the initials: on their line before them, or on the line before (one blank line may
    stand between), and that line no header field."""
    if text[line_start:start].strip(" \t>"):
        return _FIELD_LINE.match(text, line_start) is None
    b = line_start - 1
    for _ in range(2):
        if b <= 0:
            return False
        a = text.rfind("\n", 0, b) + 1
        line = text[a:b]
        if line.strip(" \t>\r"):
            return re.search(r"[a-z]", line) is not None and _FIELD_LINE.match(line) is None
        b = a - 1
    return False


def _initials_word(w: str) -> bool:
    letters = w.replace(".", "")
    if letters in NOT_INITIALS:
        return False
    # a dictionary's two or three letters are mostly abbreviations ("cs", "mm", "pl"), as initials are: only a
    # frequent word ("so", "we", "ok") is told apart
    return "." in w or not common_word(letters.lower())


def signoff_initials(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with the initials signing a body off as PERSON (see the module's docstring). Sorted and
    non-overlapping in, the same out."""
    out = list(spans)
    changed = False
    for m in _INITIALS.finditer(text):
        a, b = m.span("i")
        w = m.group("i")
        if not _initials_word(w):
            continue
        line_start = text.rfind("\n", 0, a) + 1
        if not _prose_before(text, line_start, a):
            continue
        if not _body_ends_after(text, m.end(), flattened=text[m.end() : m.end() + 1] in (" ", "\t")):
            continue

        def same_word(s: Span, word: str = w.rstrip(".")) -> bool:  # a thing's span over the letters, a point aside
            return s.label in _THINGS and text[s.start : s.end].strip().rstrip(".") == word

        changed |= mark_person(out, a, b, SCORE, _SOURCE, same_word)
    return sorted(out, key=lambda s: (s.start, s.end)) if changed else out
