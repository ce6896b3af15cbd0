"""References inside SQL expressions: ``unit_price * quantity``, ``orders.order_date``.

Dotted names (``alias.column``, ``alias.alias.column``) point through foreign keys
to parent rows. Polars' SQL parser would read them as table-qualified names, so
they are quoted into single identifiers (``"orders.order_date"``) that the engine
supplies as columns.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl

__all__ = ["expression", "quote_refs", "root_names"]

_STRING = re.compile(r"'(?:[^']|'')*'")
_DOTTED = re.compile(r'(?<![\w".])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?![\w"(])')


def quote_refs(expr: str) -> str:
    """Quote dotted references outside string literals."""
    out: list[str] = []
    pos = 0
    for m in _STRING.finditer(expr):
        out.append(_DOTTED.sub(r'"\1"', expr[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_DOTTED.sub(r'"\1"', expr[pos:]))
    return "".join(out)


@lru_cache(maxsize=4096)
def expression(expr: str) -> pl.Expr:
    """The polars expression for a SQL expression (raises ValueError when it does not parse)."""
    try:
        return pl.sql_expr(quote_refs(expr))
    except Exception as exc:  # polars raises several types for parse errors
        raise ValueError(f"cannot parse SQL expression '{expr}': {exc}") from None


def root_names(expr: str) -> list[str]:
    """Column names (dotted ones included) an expression reads."""
    return list(dict.fromkeys(expression(expr).meta.root_names()))
