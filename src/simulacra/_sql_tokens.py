"""SQL read token by token: the one reader of quoted strings and names that the spec's dialect (``spec.refs``) and
the checks a database gives back (``io._db_checks``) share, so both agree on where a literal starts and ends.

The ground floor (it imports nothing of simulacra): ``io`` sits beside ``spec``, not above it.
"""

from __future__ import annotations

import re

__all__ = ["SQL_TOKEN", "quoted_spans"]

#: a token of SQL: whitespace, a quoted string or name (a doubled quote inside stays in it: ``'it''s'``,
#: ``"Ship ""A"" Date"``), a word, a number, or any other character (an unclosed quote is one such character)
SQL_TOKEN = re.compile(r"""\s+|'(?:[^']|'')*'|"(?:[^"]|"")*"|[A-Za-z_]\w*|\d+(?:\.\d*)?|.""")


def quoted_spans(text: str, quotes: str = "'\"") -> list[tuple[int, int]]:
    """``(start, end)`` of each quoted token of ``text`` whose quote is in ``quotes``: string literals (``'``) and
    quoted names (``"``) by default, ``"'"`` for the literals alone. Read with ``SQL_TOKEN`` from the start, so a
    quote inside the other kind (``"it's"``) starts nothing and parentheses inside a literal are its text."""
    return [(m.start(), m.end()) for m in SQL_TOKEN.finditer(text) if len(m.group()) > 1 and m.group()[0] in quotes]
