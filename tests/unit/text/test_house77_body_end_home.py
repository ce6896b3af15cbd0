"""The headers that end a message's body have one home (house77): ``structure.BODY_END_HEADER``, read by
``structure._BODY_END`` and by ``signoff_initials``' header after a sign-off (which re-wrote them before).

Checked: ``_BODY_END`` is the pattern it was; the sign-off's header reads every header it read before, in any case,
with quote marks and blanks, and no prose line; and the one place the two copies had drifted apart: a reply's
"On …, Name <address> wrote:" line longer than 100 characters ended a body for ``structure`` but not for the
sign-off (the copy read "wrote:" only in a line's first 100 characters). Names, addresses and initials are drawn
from the name pools over several seeds.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from tests.unit.text.email_name_helpers import family_names, given_names

from simulacra.text import signoff_initials as signoff_module
from simulacra.text import structure
from simulacra.text.signoff_initials import signoff_initials

# the sign-off's copy as it stood on int 4bc78f5f, kept here as the reference its reading must equal
_OLD_HEADER_NEXT = re.compile(
    r"[ \t>]*(?:-{2,}|_{5,}|(?:-+[ ]?)?Original Message|From:|To:|Sent:|[^\n]{0,100}\bwrote:"
    r"|[^\n]{1,80}[ ]on[ ]\d{1,2}/\d{1,2}/\d{2,4})",
    re.IGNORECASE,
)
_OLD_BODY_END = r"^[ \t>]*(?:-{2,}|_{5,}|From:|To:|Sent:|[^\n]*\bwrote:|[^\n]{1,80}[ ]on[ ]\d{1,2}/\d{1,2}/\d{2,4})"

_HEADERS = (
    "-----Original Message-----",
    "Original Message",
    "original message",
    "- Original Message -",
    "________________________________",
    "From: {g} {s}",
    "FROM: {s}, {g}",
    "To: {g} {s}/HOU/ECT@ECT",
    "to: {g}",
    "Sent: Tuesday, November 13, 2001 2:35 PM",
    "{g} {s} on 03/26/2001 09:50:57 AM",
    "{g} {s} wrote:",
    "On Tue, Nov 13, 2001, {g} {s} WROTE:",
    "> From: {g}",
    ">> -----",
)
_PROSE = (
    "Thanks again for the numbers.",
    "{g} will send the schedules on Monday.",
    "Sent them to {g} yesterday",  # "Sent" without its colon
    "The tolls went up on 3 roads",
    "from the desk of {g} {s}",
    "-",
)


def _people(seed: int, n: int) -> list[tuple[str, str]]:
    rng = np.random.default_rng(7700 + seed)
    gs = given_names(3 * n, int(rng.integers(1_000)))
    ss = family_names(3 * n, int(rng.integers(1_000)))
    out = [(g, s) for g, s in zip(gs, ss, strict=False) if signoff_module._initials_word(g[0] + s[0])]
    assert len(out) >= n, "too few pool names"
    return out[:n]


def test_body_end_is_the_pattern_it_was() -> None:
    assert structure._BODY_END.pattern == _OLD_BODY_END
    assert structure._BODY_END.flags & re.MULTILINE and not structure._BODY_END.flags & re.IGNORECASE
    assert "BODY_END_HEADER" not in vars(signoff_module) or signoff_module.BODY_END_HEADER is structure.BODY_END_HEADER
    assert structure.BODY_END_HEADER in signoff_module._HEADER_NEXT.pattern


@pytest.mark.parametrize("seed", range(4))
def test_the_signoff_header_reads_what_it_read(seed: int) -> None:
    for g, s in _people(seed, 4):
        for line in (*_HEADERS, *_PROSE):
            text = "  " + line.format(g=g, s=s) + "\nmore\n"
            old = _OLD_HEADER_NEXT.match(text) is not None
            assert (signoff_module._HEADER_NEXT.match(text) is not None) == old, (line, old)
            assert old == (line in _HEADERS), line


@pytest.mark.parametrize("seed", range(5))
def test_initials_before_a_long_wrote_line_are_a_person(seed: int) -> None:
    """A reply's header line over 100 characters ends the body for both rules now."""
    (g, s), (g2, s2) = _people(seed, 2)
    i = g[0] + s[0]
    pad = "x" * (40 + 13 * seed)
    header = f"On Tue, Nov {10 + seed}, 2001 at 2:35 PM, {g2} {s2} <{g2.lower()}.{s2.lower()}.{pad}@example.com> wrote:"
    assert len(header) > 100
    text = f"Hi {g},\n\nThanks for sending the schedules over.\n{i}\n\n{header}\n> Can you send the schedules?\n"
    assert structure._BODY_END.search(text) is not None  # structure's rules read the body's end there
    got = [(x.label, text[x.start : x.end]) for x in signoff_initials(text, [])]
    assert got == [("PERSON", i)], (i, got)
    # the same message without a header after the initials' line: still a sign-off at the text's end; with prose
    # after them: none
    assert [text[x.start : x.end] for x in signoff_initials(text[: text.index(header)], [])] == [i]
    assert signoff_initials(text.replace(header, "We should talk about this on Friday."), []) == []
