"""A column's written form in the spec: how a text sink spells its values and how ``validate`` reads them back.

A source that writes ``$1,234.50``, ``01-Jan-1995``, ``20210304`` or ``2021-03-04T10:00:00+01:00`` is learned as
amounts, dates and date-times; ``written`` on the column (a date column's strftime form, a money column's
``money:<affix>|<decimal>|<group>|<negative>`` form, see ``sources._money``) keeps that form in the spec, so the
reviewed draft says it and ``generate`` writes it. The form becomes a ``sources.ColumnForm``: the written-forms
home spells and reads it, the same code a fitted model's saved forms go through.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import polars as pl

__all__ = [
    "TEXT_SINKS",
    "check_date_form",
    "check_money_form",
    "column_form",
    "read_written",
    "text_forms",
    "with_written",
]

#: the sinks that write text, so a written form spells the values (typed sinks keep numbers and dates)
TEXT_SINKS = frozenset({"csv", "jsonl"})

_MONEY = "money:"  # (``sources._money.MONEY``; repeated so the spec model imports nothing of the sources)
_PROBES = (dt.datetime(2024, 1, 31, 13, 45, 7), dt.datetime(1999, 12, 5, 8, 5, 0), dt.datetime(2031, 7, 9))


def check_date_form(fmt: str, generator: str) -> None:
    """Raise ``ValueError`` unless ``fmt`` writes a date (``generator`` date) or date-time that reads back as the
    same value: a form that drops the month or the hour would write values ``validate`` cannot read."""
    from simulacra.sources._coerce import parse_datetime

    if not fmt or not fmt.strip():
        raise ValueError("written: an empty form (expected a strftime form such as '%d-%b-%Y' or '%Y%m%d')")
    probes = [p.replace(hour=0, minute=0, second=0) if generator == "date" else p for p in _PROBES]
    if "%S" not in fmt and "%T" not in fmt:
        probes = [p.replace(second=0) for p in probes]
    values = pl.Series("v", probes, dtype=pl.Datetime("us"))
    try:
        text = values.dt.strftime(fmt)
        back = parse_datetime(text, fmt)
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
    if not form.startswith(_MONEY) or form.count("|") != 3:
        raise ValueError(f"written: {form!r}: {example}")
    affix, decimal, group, negative = form.removeprefix(_MONEY).split("|")
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


def column_form(spec: Any, decimals: int | None) -> Any:
    """The ``sources.ColumnForm`` a column with ``written`` is spelled with on a text sink (``decimals``: an
    amount's fixed decimals), or None for a column without one."""
    from simulacra.sources import ColumnForm

    written = getattr(spec, "written", None)
    if written is None:
        return None
    if not written.startswith(_MONEY):
        return ColumnForm(date_format=written)
    affix, decimal, group, negative = written.removeprefix(_MONEY).split("|")
    return ColumnForm(
        decimals=decimals,
        fixed=decimals is not None,
        decimal_mark=decimal if decimal != "." else None,
        group_mark=group or None,
        money=affix or None,
        negative=negative if negative != "-" else None,
    )


def read_written(values: pl.Series, written: str) -> pl.Series:
    """Values a dataset holds in ``written`` form read back: amounts as numbers, dates and date-times as
    Datetime (nulls where a value is not in the form, so the range and type checks name them)."""
    from simulacra.sources._coerce import parse_datetime
    from simulacra.sources._money import parse_money

    if written.startswith(_MONEY):
        return parse_money(values.cast(pl.String), written).cast(pl.Float64)
    return parse_datetime(values, written)


def text_forms(spec: Any) -> dict[str, dict[str, Any]]:
    """Per table, the ``ColumnForm`` of each of the dataset ``spec``'s columns with a written form (tables without
    one are left out): what a text sink spells them with."""
    from simulacra.generation.columns import _CURRENCY_DECIMALS

    out: dict[str, dict[str, Any]] = {}
    for tname, table in spec.tables.items():
        forms = {}
        for cname, col in table.columns.items():
            if getattr(col, "written", None) is None:
                continue
            decimals = getattr(col, "round", None)
            if col.generator == "money" and decimals is None:
                decimals = _CURRENCY_DECIMALS.get((col.currency or "").upper(), 2)
            forms[cname] = column_form(col, decimals)
        if forms:
            out[tname] = forms
    return out


def with_written(forms: Mapping[str, Any], table: Any, *, text: bool) -> dict[str, Any]:
    """A fitted model's saved forms of one table with its spec's written forms laid over them: where the spec
    names a form (the draft wrote the one the source is in; a reviewer may have edited it) the spec wins, the
    saved form keeping what the spec does not say (the source's dtype, null marker, decimals). A column without a
    saved form takes the spec's on a text sink only (a typed sink keeps dates and numbers)."""
    from simulacra.sources import ColumnForm

    out: dict[str, Any] = dict(forms)
    for cname, col in getattr(table, "columns", {}).items():
        form = getattr(col, "written", None)
        if form is None:
            continue
        saved = out.get(cname)
        if saved is None:
            if text:
                out[cname] = column_form(col, getattr(col, "round", None))
            continue
        saved = saved if isinstance(saved, ColumnForm) else ColumnForm.from_json(saved)
        if form.startswith(_MONEY):
            affix, decimal, group, negative = form.removeprefix(_MONEY).split("|")
            out[cname] = replace(
                saved,
                decimal_mark=decimal if decimal != "." else None,
                group_mark=group or None,
                money=affix or None,
                negative=negative if negative != "-" else None,
            )
        else:
            out[cname] = replace(saved, date_format=form)
    return out
