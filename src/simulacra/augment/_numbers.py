"""Numbers in a sentence skeleton, and new ones in their shape (``vary_numbers``).

A skeleton keeps the source's words, numbers among them: the date of a dateline ('BONN 1996-08-22'), the
scores of a results line ('[ORG] 3 [ORG] 1'), a standings row's counts. A formulaic line is then the same
skeleton as a source line whatever its slots hold, and the near-duplicate rule rejects nearly all of them:
augmented text loses the corpus's datelines and tables, and their entities (the place of a dateline, the clubs
of a table) with them. Numbers are also facts of the source (a date, an amount) that new text need not repeat.
``vary_number`` draws a new number in the shape of one: as many digits, the same separators, a valid date for
a date.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

__all__ = ["NUMBER", "is_number", "vary_number"]

#: a token that is a number: digits with separators ('3', '1,250', '5.2', '1:55.371', '6-3', '1996-08-22', '(2)')
NUMBER = re.compile(r"[-+(]?\d[\d.,:/-]*\)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_YEAR = re.compile(r"(?:19|20)\d\d")
#: a new ISO date is drawn this many days either side of the source's, a year this many years
DATE_REACH = 730
YEAR_REACH = 10


def is_number(token: str) -> bool:
    """Whether ``token`` is a number (``NUMBER``)."""
    return bool(NUMBER.fullmatch(token))


def vary_number(token: str, rng: np.random.Generator) -> str:
    """A new number in the shape of ``token``: an ISO date another valid date (within ``DATE_REACH`` days), a
    year (1900-2099) a year within ``YEAR_REACH``, any
    other number each digit redrawn (the first digit not zero where the number has more than one, but before a
    decimal point; a digit after ':' 0-5: minutes and seconds), its separators and signs kept. Not a number: ``token`` as it is."""
    if not is_number(token):
        return token
    m = _ISO_DATE.fullmatch(token)
    if m:
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:  # not a calendar date: its digits, as any number's
            pass
        else:
            return (day + dt.timedelta(days=int(rng.integers(-DATE_REACH, DATE_REACH + 1)))).isoformat()
    if _YEAR.fullmatch(token):  # '1996': a year near it, not '5678'
        return str(int(token) + int(rng.integers(-YEAR_REACH, YEAR_REACH + 1)))
    first = next(i for i, c in enumerate(token) if c.isdigit())
    several = sum(c.isdigit() for c in token) > 1
    out: list[str] = []
    for i, c in enumerate(token):
        if not c.isdigit():
            out.append(c)
            continue
        lead = i == first and several and token[i + 1 : i + 2] != "."  # '1,250' not '0,250'; '0.5' may stay
        after_colon = i > 0 and token[i - 1] == ":"
        low, high = (1 if lead else 0), (6 if after_colon else 10)
        out.append(str(int(rng.integers(low, high))))
    return "".join(out)
