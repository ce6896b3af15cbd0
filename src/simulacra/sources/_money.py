"""Amounts written with their currency: ``$1,234.56``, ``-€12.50``, ``1.234,56 €``, ``EUR 12``, ``12 kr``.

Spreadsheet and shop exports write money this way. Read as text, such a column has nearly one distinct
value per row and was drafted as placeholders (``Sales 1``, ``Sales 2``): the amounts were lost. A column
whose every non-null value carries the same currency sign or code, before or after a number, is read as
that number (the sign stripped; the number's own marks, ``1.234,56``, typed as any number's are) and the
affix is kept as the column's written form (``sources._forms``), so samples are written ``$413.76`` again.

The affix is a short string: ``<`` + what stands before the number (``<$``, ``<EUR ``) or ``>`` + what
stands after it (``> €``, ``>kr``). A minus sign goes before a leading symbol (``-$12.00``), as a
spreadsheet writes it; a source that wrote ``$-12.00`` is read all the same.
"""

from __future__ import annotations

import re

import polars as pl

__all__ = ["money_affix", "spell_money", "strip_money"]

_SYMBOLS = [
    "US$",
    "A$",
    "C$",
    "R$",
    "$",
    "€",
    "£",
    "¥",
    "₹",
    "₩",
    "₽",
    "₺",
    "₪",
    "₫",
    "₱",
    "CHF",
    "kr",
    "zł",
    "Kč",
    "Ft",
]
_CODES = ["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CZK", "INR", "CNY", "BRL"]
_SIGNS = "|".join(re.escape(s) for s in sorted({*_SYMBOLS, *_CODES}, key=len, reverse=True))
_NUMBER = r"[0-9](?:[0-9.,'\u00a0 ]*[0-9])?"
#: sign, then the affix with the blank after it, then a sign again (``$-12``), then the number
_BEFORE = rf"^([+-]?)((?:{_SIGNS}) ?)([+-]?)({_NUMBER})$"
#: the signed number, then the blank and the affix
_AFTER = rf"^([+-]?{_NUMBER})( ?(?:{_SIGNS}))$"


def money_affix(values: pl.Series) -> str:
    """The one currency affix every non-null value of text ``values`` carries (``<$``, ``> €``), or ``""``."""
    vals = values.drop_nulls()
    if vals.len() == 0 or vals.dtype != pl.String:
        return ""
    # every value must carry the affix: the first one decides cheaply for the ordinary text column (this runs on
    # every text column a delimited file is typed with)
    first = vals.head(1)
    if not (bool(first.str.contains(_BEFORE).any()) or bool(first.str.contains(_AFTER).any())):
        return ""
    for pattern, side, group in ((_BEFORE, "<", 2), (_AFTER, ">", 2)):
        found = vals.str.extract(pattern, group)
        if found.null_count() == 0:
            distinct = found.unique()
            if distinct.len() == 1:
                return side + str(distinct[0])
    return ""


def strip_money(col: pl.Series, affix: str) -> pl.Series:
    """``col``'s numbers as text without the affix (``-$1,234.5`` -> ``-1,234.5``); other values unchanged."""
    if affix.startswith("<"):
        sign = re.escape(affix[1:])
        return col.str.replace(rf"^([+-]?){sign}([+-]?)", "$1$2")
    return col.str.replace(rf"{re.escape(affix[1:])}$", "")


def spell_money(text: pl.Series, affix: str) -> pl.Series:
    """Numbers written as text spelled with the affix: ``-12.5`` -> ``-$12.5`` (``<$``), ``12,5 €`` (``> €``)."""
    if affix.startswith("<"):
        return text.str.replace(r"^([+-]?)", f"${{1}}{affix[1:].replace('$', '$$')}")
    return text + affix[1:]
