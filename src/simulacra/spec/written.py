"""A column's written form in the spec: how a text sink spells its values and how ``validate`` reads them back.

A source that writes ``$1,234.50``, ``01-Jan-1995``, ``20210304`` or ``2021-03-04T10:00:00+01:00`` is learned as
amounts, dates and date-times; ``written`` on the column (a date column's strftime form, a money column's
``money:<affix>|<decimal>|<group>|<negative>`` form, see ``sources._money``) keeps that form in the spec, so the
reviewed draft says it and ``generate`` writes it. Here the spec checks a form; ``sources._written`` turns it
into a ``sources.ColumnForm``, spelled and read by the same code a fitted model's saved forms go through.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from simulacra._text_dates import strptime_exact

__all__ = ["MONEY_PREFIX", "check_date_form", "check_money_form"]

MONEY_PREFIX = "money:"  # (``sources._money.MONEY``; repeated so the spec model imports nothing of the sources)
_PROBES = (dt.datetime(2024, 1, 31, 13, 45, 7), dt.datetime(1999, 12, 5, 8, 5, 0), dt.datetime(2031, 7, 9))


def check_date_form(fmt: str, generator: str) -> None:
    """Raise ``ValueError`` unless ``fmt`` writes a date (``generator`` date) or date-time that reads back as the
    same value: a form that drops the month or the hour would write values ``validate`` cannot read."""
    if not fmt or not fmt.strip():
        raise ValueError("written: an empty form (expected a strftime form such as '%d-%b-%Y' or '%Y%m%d')")
    probes = [p.replace(hour=0, minute=0, second=0) if generator == "date" else p for p in _PROBES]
    if "%S" not in fmt and "%T" not in fmt:
        probes = [p.replace(second=0) for p in probes]
    values = pl.Series("v", probes, dtype=pl.Datetime("us"))
    try:
        text = values.dt.strftime(fmt)
        back = strptime_exact(text, fmt)
    except (pl.exceptions.PolarsError, ValueError) as exc:
        raise ValueError(f"written: {fmt!r} is no strftime form polars writes ({exc})") from None
    if back.to_list() != values.to_list():
        what = "date" if generator == "date" else "date and time (to the minute at least)"
        raise ValueError(
            f"written: {fmt!r} does not write the whole {what}: {probes[0]:%Y-%m-%d %H:%M:%S} is written "
            f"{text[0]!r}, which reads back as {back[0]} (expected a form such as "
            f"{'%d-%b-%Y, %d/%m/%Y, %Y%m%d' if generator == 'date' else '%Y-%m-%dT%H:%M:%S+01:00'})"
        )


def check_money_form(form: str) -> None:
    """Raise ``ValueError`` unless ``form`` is ``money:<affix>|<decimal>|<group>|<negative>``: the affix ``""``,
    ``<`` + what stands before the number or ``>`` + what stands after it, the decimal mark ``.`` or ``,``, the
    group mark none, ``,``, ``.``, ``'`` or a blank (not the decimal mark), the negative ``-`` or ``()``."""
    example = "expected money:<affix>|<decimal>|<group>|<negative>, e.g. 'money:<$|.|,|-' for -$1,234.50"
    if not form.startswith(MONEY_PREFIX) or form.count("|") != 3:
        raise ValueError(f"written: {form!r}: {example}")
    affix, decimal, group, negative = form.removeprefix(MONEY_PREFIX).split("|")
    if affix and (affix[0] not in "<>" or not affix[1:].strip() or any(c.isdigit() for c in affix)):
        raise ValueError(f"written: {form!r}: the affix {affix!r} is '<' or '>' then the currency ({example})")
    if decimal not in (".", ","):
        raise ValueError(f"written: {form!r}: the decimal mark {decimal!r} is '.' or ',' ({example})")
    if group not in ("", ",", ".", "'", " ", "\u00a0") or group == decimal:
        raise ValueError(
            f"written: {form!r}: the group mark {group!r} is none, ',', '.', \"'\" or a blank, not the decimal mark"
        )
    if negative not in ("-", "()"):
        raise ValueError(f"written: {form!r}: a negative is written '-' or '()', not {negative!r}")
    if not affix and negative == "-":
        raise ValueError(f"written: {form!r}: an amount's form needs a currency affix or '()' negatives ({example})")
