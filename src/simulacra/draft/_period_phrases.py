"""A year or date phrase is the request's period, never a count (issue 20, draft51).

"over 2023 volunteers sent 30,000 letters", "across 2021-2023 clubs hosted 900 matches", "throughout Q3 2024 doctors
treated patients": the year after a period word says when the acts fall, and the noun after it is the subject of
the clause, not a table of 2023 rows ("across_clubs" neither). The parse reads the request's span from the text
(``_parse._span``); this module answers three questions it asks of a phrase:

- ``year_before_counted_noun``: 'over' and 'across' also say "more than" and "spread among" ("a shop with over 2000
  customers", "a platform across 2010 sellers" are counts), so a year after them before a noun is the period only
  on evidence: the same noun is counted by another number in the request ("2,000 volunteers ...; over 2023
  volunteers sent ..."), and a noun cannot have two counts;
- ``quarter_span``: a calendar quarter said with its year ("Q3 2024", "the third quarter of 2024");
- ``with_period_word``: the period word before a span of years read alone ("across 2021-2023", "over 2020 to
  2022") is a word of the span, not of the noun after it.
"""

from __future__ import annotations

import datetime as dt
import re

#: the ordinals a quarter is said by
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
#: words that say the period of what follows (the years after them are when, not how many)
PERIOD_WORDS = ("over", "across", "during", "throughout", "in", "for")


def year_before_counted_noun(text: str, year: str) -> re.Match[str] | None:
    """'over 2023 volunteers' or 'across 2024 clubs' where the noun after the year is counted elsewhere in
    ``text`` by another number ("2,000 volunteers"): the year (``year``: the pattern of one, a group) is the
    period, group 1 of the match."""
    for m in re.finditer(rf"\b(?:over|across)\s+{year}(?=\s+([a-z]+)\b)", text):
        counts = re.finditer(rf"\b(\d[\d,]*)\s+{re.escape(m.group(2))}\b", text)
        if any(c.start(1) != m.start(1) for c in counts):
            return m
    return None


def quarter_span(text: str, year: str) -> tuple[tuple[dt.date, dt.date], str, list[tuple[int, int]]] | None:
    """'Q3 2024', 'throughout Q3 2024', 'in the third quarter of 2024': that quarter's first and last day, a note,
    and the characters read. ``year``: the pattern of a year, one group."""
    m = re.search(
        rf"\b(?:(?:in|during|throughout|over|across|for)\s+)?(?:the\s+)?"
        rf"(?:q([1-4])(?:\s+of)?|(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+of)\s+{year}\b",
        text,
    )
    if m is None:
        return None
    q = int(m.group(1)) if m.group(1) else _QUARTERS[m.group(2)]
    y = int(m.group(3))
    first = dt.date(y, 3 * q - 2, 1)
    last = (dt.date(y + 1, 1, 1) if q == 4 else dt.date(y, 3 * q + 1, 1)) - dt.timedelta(days=1)
    return (first, last), f"time span {first} to {last} (from '{m.group(0)}')", [m.span()]


def with_period_word(text: str, start: int) -> int:
    """Where a span read from ``start`` begins with the period word said right before it ("across 2021-2023":
    'across' is the span's word, no word of the noun after the years)."""
    m = re.search(rf"\b(?:{'|'.join(PERIOD_WORDS)})\s+$", text[:start])
    return m.start() if m else start
