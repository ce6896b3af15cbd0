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

__all__ = [
    "describe_money",
    "money_affix",
    "money_format",
    "money_plain",
    "parse_money",
    "spell_money",
    "strip_money",
    "write_money",
]

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


# ----------------------------------------------------------------------------- a column's money format
#: a negative amount written in parentheses, as ledgers and accounting exports do: ``(45.00)``, ``($1,200.00)``
_PARENS = r"^\((.+)\)$"
MONEY = "money:"  # the prefix of a money parse format: ``money:<affix>|<decimal mark>|<group mark>|<negative>``


def money_format(values: pl.Series) -> tuple[str | None, str]:
    """(the money parse format of text ``values``, why not): every non-null value an amount written one way.

    The format is ``money:<affix>|<decimal mark>|<group mark>|<negative>`` (``money:<$|.|,|-`` for ``-$1,234.50``,
    ``money:> EUR|,|.|-`` for ``1.234,50 EUR``, ``money:||.||()`` for ``(45.00)``): the currency affix (``""``
    none), the decimal and thousands marks (typed as a delimited file's numbers are, ``_delimited``), and how a
    negative is written (``-`` or ``()``). An amount needs a currency affix or parenthesised negatives: plain
    numbers are numbers already. Amounts whose marks read two ways (``€1,234``: a thousand, or one and a fraction)
    give no format and say so."""
    from ._delimited import TextEvidence  # that module reads money with this one: imported when used

    vals = values.drop_nulls().str.strip_chars()
    if vals.len() == 0 or vals.dtype != pl.String:
        return None, ""
    parens = vals.str.contains(_PARENS)
    signed = vals.str.replace(_PARENS, "-$1")
    affix = money_affix(signed)
    if not affix and not bool(parens.any()):
        return None, ""
    if bool(parens.any()) and bool(vals.str.starts_with("-").any()):
        return None, "amounts written with both parentheses and a minus for a negative"
    typing = TextEvidence.of(signed, ()).typing()
    if typing.kind == "text":
        if affix:
            return None, (
                f"amounts with the currency {affix[1:].strip()!r} whose marks read two ways (a thousands "
                "separator or a decimal mark), so no amounts are guessed"
            )
        return None, ""
    decimal = typing.decimal if typing.kind == "marked" else "."
    group = typing.group if typing.kind == "marked" else None
    negative = "()" if bool(parens.any()) else "-"
    return f"{MONEY}{affix}|{decimal}|{group or ''}|{negative}", ""


def _split(fmt: str) -> tuple[str, str, str, str]:
    affix, decimal, group, negative = fmt.removeprefix(MONEY).split("|")
    return affix, decimal, group, negative


def describe_money(fmt: str) -> str:
    """Money format ``fmt`` in words, for a reviewer: ``'$' before the number, ',' between thousands, '.' before
    the cents, a negative as -12``."""
    affix, decimal, group, negative = _split(fmt)
    where = f"{affix[1:]!r} {'before' if affix.startswith('<') else 'after'} the number" if affix else "no currency"
    groups = f"{group!r} between thousands" if group else "no thousands separator"
    return f"{where}, {groups}, {decimal!r} before the fraction, a negative as {'(12)' if negative == '()' else '-12'}"


def money_plain(values: pl.Series, fmt: str) -> pl.Series:
    """Amounts written in money format ``fmt`` as plain numbers in text (``($1,234.50)`` -> ``-1234.50``)."""
    affix, decimal, group, _ = _split(fmt)
    text = values.cast(pl.String).str.strip_chars().str.replace(_PARENS, "-$1")
    if affix:
        text = strip_money(text, affix)
    if group:
        text = text.str.replace_all(group, "", literal=True)
    if decimal == ",":
        text = text.str.replace(",", ".", literal=True)
    return text


def parse_money(values: pl.Series, fmt: str) -> pl.Series:
    """Amounts written in money format ``fmt`` as numbers: Int64 when no value has a fraction, else Float64;
    null where a value is no amount of that format."""
    plain = money_plain(values, fmt)
    out = plain.cast(pl.Float64, strict=False)
    if not bool(plain.str.contains(r"\.").any()):
        out = out.cast(pl.Int64, strict=False)
    return out.alias(values.name)


def write_money(text: pl.Series, fmt_affix: str, negative: str | None) -> pl.Series:
    """Numbers written as text (their marks already spelled) with the currency affix and, where the source wrote
    negatives in parentheses (``negative == "()"``), ``-12.50`` as ``(12.50)`` — the affix inside them."""
    out = spell_money(text, fmt_affix) if fmt_affix else text
    if negative == "()":
        out = out.str.replace(r"^-(.*)$", "($1)")
    return out
