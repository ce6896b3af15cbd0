"""A spec's written forms (``spec.written``) as the ``ColumnForm`` a text sink spells and ``validate`` reads.

The spec checks a form and knows nothing of the sources; here a form becomes the ``ColumnForm`` a fitted model's
saved forms are too, so one code path (``apply_forms``, ``parse_money``, ``parse_datetime``) writes and reads both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import polars as pl

from simulacra.spec.written import MONEY_PREFIX

from ._coerce import parse_datetime
from ._forms import ColumnForm
from ._money import parse_money

__all__ = ["TEXT_SINKS", "column_form", "read_written", "text_forms", "with_written"]

#: the sinks that write text, so a written form spells the values (typed sinks keep numbers and dates)
TEXT_SINKS = frozenset({"csv", "jsonl"})


def column_form(spec: Any, decimals: int | None) -> Any:
    """The ``sources.ColumnForm`` a column with ``written`` is spelled with on a text sink (``decimals``: an
    amount's fixed decimals), or None for a column without one."""
    written = getattr(spec, "written", None)
    if written is None:
        return None
    if not written.startswith(MONEY_PREFIX):
        return ColumnForm(date_format=written)
    affix, decimal, group, negative = written.removeprefix(MONEY_PREFIX).split("|")
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
    if written.startswith(MONEY_PREFIX):
        return parse_money(values.cast(pl.String), written).cast(pl.Float64)
    return parse_datetime(values, written)


def text_forms(spec: Any, currency_decimals: Mapping[str, int]) -> dict[str, dict[str, Any]]:
    """Per table, the ``ColumnForm`` of each of the dataset ``spec``'s columns with a written form (tables without
    one are left out): what a text sink spells them with (``currency_decimals``: a currency's fixed decimals, for
    a ``money`` column without ``round``)."""
    out: dict[str, dict[str, Any]] = {}
    for tname, table in spec.tables.items():
        forms = {}
        for cname, col in table.columns.items():
            if getattr(col, "written", None) is None:
                continue
            decimals = getattr(col, "round", None)
            if col.generator == "money" and decimals is None:
                decimals = currency_decimals.get((col.currency or "").upper(), 2)
            forms[cname] = column_form(col, decimals)
        if forms:
            out[tname] = forms
    return out


def with_written(forms: Mapping[str, Any], table: Any, *, text: bool) -> dict[str, Any]:
    """A fitted model's saved forms of one table with its spec's written forms laid over them: where the spec
    names a form (the draft wrote the one the source is in; a reviewer may have edited it) the spec wins, the
    saved form keeping what the spec does not say (the source's dtype, null marker, decimals). A column without a
    saved form takes the spec's on a text sink only (a typed sink keeps dates and numbers)."""
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
        if form.startswith(MONEY_PREFIX):
            affix, decimal, group, negative = form.removeprefix(MONEY_PREFIX).split("|")
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
