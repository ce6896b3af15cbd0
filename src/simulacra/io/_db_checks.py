"""A database's CHECK as the engine gives it back, written in plain SQL (text only: no spec, no connection).

PostgreSQL gives a check as ``pg_get_constraintdef`` renders it: casts on names and literals (``(status)::text``,
``'open'::character varying``, ``'2024-01-01'::date``), a list as ``= ANY (ARRAY[...])``, ``LIKE`` as ``~~``, and
parentheses doubled; DuckDB gives ``~~`` too. ``plain_check`` writes these back as a schema's author would
(``status IN ('open', 'closed')``, ``code LIKE 'B%'``, ``DATE '2024-01-01'``); anything else is left as it is,
for the spec's SQL to read or refuse.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from simulacra._sql_tokens import SQL_TOKEN, quoted_spans

__all__ = ["domain_check", "plain_check"]

#: casts that change nothing a check compares: text, numbers (PostgreSQL casts both sides of a comparison)
_PLAIN_CAST = re.compile(
    r"::\s*(?:text|character varying|varchar|bpchar|character|char|name|numeric|decimal|integer|int|int2|int4|"
    r"int8|bigint|smallint|double precision|real|float4|float8)(?:\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\))?(?:\[\])?",
    re.IGNORECASE,
)
#: the cast after a literal that makes it a date or a date-time
_DATE_CAST = re.compile(r"::\s*(date|timestamp(?: without time zone)?|timestamp with time zone)\b", re.IGNORECASE)
_LIKE = {"!~~*": " NOT ILIKE ", "~~*": " ILIKE ", "!~~": " NOT LIKE ", "~~": " LIKE "}
_LIKE_OP = re.compile(r"\s*(!~~\*|~~\*|!~~|~~)\s*")
#: a name or a number alone in parentheses (not a function's argument: ``upper(code)`` stays)
_BARE = re.compile(r"(?<![\w\"])\((\"(?:[^\"]|\"\")+\"|[A-Za-z_]\w*|-?\d+(?:\.\d+)?)\)")
_ANY = re.compile(r"(=|<>|!=)\s*(ANY|ALL)\s*\(", re.IGNORECASE)


def _outside(text: str, fix: Callable[[str], str], quotes: str) -> str:
    """``fix`` (a function of a piece of text) applied to the text outside the quoted tokens ``quotes`` picks
    (``"'"``: string literals; ``"'\""``: quoted names too)."""
    out, pos = [], 0
    for start, end in quoted_spans(text, quotes):
        out += [fix(text[pos:start]), text[start:end]]
        pos = end
    out.append(fix(text[pos:]))
    return "".join(out)


def _quoted_at(text: str, i: int) -> bool:
    """Whether index ``i`` of ``text`` is inside a string literal or a quoted name."""
    return any(start <= i < end for start, end in quoted_spans(text))


def _close(text: str, start: int) -> int:
    """The index of the parenthesis closing the one before ``start`` (strings and quoted names skipped); -1 when
    none does."""
    depth = 1
    for m in SQL_TOKEN.finditer(text, start):
        depth += {"(": 1, ")": -1}.get(m.group(), 0)
        if depth == 0:
            return m.start()
    return -1


def _dates(text: str) -> str:
    """``'2024-01-01'::date`` as ``DATE '2024-01-01'`` (``TIMESTAMP`` for the date-times): a literal's cast only."""
    out, pos = [], 0
    for start, end in quoted_spans(text, "'"):
        if m := _DATE_CAST.match(text, end):
            word = "DATE " if m.group(1).lower() == "date" else "TIMESTAMP "
            out += [text[pos:start], word, text[start:end]]
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _lists(text: str) -> str:
    """``x = ANY (ARRAY[a, b])`` as ``x IN (a, b)``, ``x <> ALL (ARRAY[a, b])`` as ``x NOT IN (a, b)``."""
    pos = 0
    while m := _ANY.search(text, pos):
        if _quoted_at(text, m.start()):
            pos = m.end()
            continue
        end = _close(text, m.end())
        inner = text[m.end() : end].strip() if end >= 0 else ""
        while inner.startswith("(") and _close(inner, 1) == len(inner) - 1:
            inner = inner[1:-1].strip()
        op, which = m.group(1), m.group(2).upper()
        if end < 0 or not inner.upper().startswith("ARRAY[") or not inner.endswith("]"):
            pos = m.end()
            continue
        if (op == "=") != (which == "ANY"):  # = ALL, <> ANY: no list form
            pos = m.end()
            continue
        word = "IN" if op == "=" else "NOT IN"
        text = text[: m.start()] + f"{word} ({inner[len('ARRAY[') : -1]})" + text[end + 1 :]
        pos = m.start()
    return text


def _unwrapped(text: str) -> str:
    """Outer parentheses around the whole text taken off, and ``((x))`` written ``(x)``."""
    text = text.strip()
    while text.startswith("(") and _close(text, 1) == len(text) - 1:
        text = text[1:-1].strip()
    i = 0
    while (i := text.find("((", i)) >= 0:
        inner_end = -1 if _quoted_at(text, i) else _close(text, i + 2)
        if inner_end >= 0 and inner_end + 1 < len(text) and text[inner_end + 1] == ")":
            text = text[:i] + text[i + 1 : inner_end + 1] + text[inner_end + 2 :]
        else:
            i += 1
    return text


def plain_check(text: str) -> str:
    """The check ``text`` (without ``CHECK``) as plain SQL: engine casts, ``= ANY (ARRAY[..])``, ``~~`` and doubled
    parentheses written back; the rest as given."""
    text = _dates(text)
    text = _outside(text, lambda s: _LIKE_OP.sub(lambda m: _LIKE[m.group(1)], _PLAIN_CAST.sub("", s)), "'\"")
    text = _lists(text)
    text = _outside(text, lambda s: _BARE.sub(r"\1", s), "'")  # a quoted name alone in parentheses is bared too
    return _unwrapped(text)


_VALUE = re.compile(r"(?<![\w\".])VALUE(?![\w\"])", re.IGNORECASE)


def domain_check(text: str, column: str) -> str:
    """A PostgreSQL DOMAIN's check (``VALUE BETWEEN 0 AND 100``) as a check on ``column`` of that type (``pct
    BETWEEN 0 AND 100``): ``VALUE`` outside quotes named as the column (quoted where it is not a plain name)."""
    name = column if re.fullmatch(r"[a-z_][a-z0-9_]*", column) else '"' + column.replace('"', '""') + '"'
    return _outside(text, lambda s: _VALUE.sub(lambda m: name, s), "'\"")
