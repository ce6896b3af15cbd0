"""Values that remember where they came from.

A template that prints ``{{ row.total }}`` gets a ``float`` that also carries its
entity label (``AMOUNT``), its source (table, key, columns) and how it was
formatted. The renderer marks every such value in the output, which is how each
document's entity spans and its consistency checks are known by construction.
Arithmetic on a tagged value gives a plain value (the tag is not guessed on).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = ["TAGGED_TYPES", "Source", "is_tagged", "tag"]

Source = dict[
    str, Any
]  # {"table", "key": {col: value}, "columns": [...]} or {"table", "keys": [...], "columns", "agg"}


class TStr(str):
    label: str | None
    source: Source | None
    fmt: str


class TInt(int):
    label: str | None
    source: Source | None
    fmt: str


class TFloat(float):
    label: str | None
    source: Source | None
    fmt: str


class TDate(dt.date):
    label: str | None
    source: Source | None
    fmt: str


class TDatetime(dt.datetime):
    label: str | None
    source: Source | None
    fmt: str


TAGGED_TYPES = frozenset({TStr, TInt, TFloat, TDate, TDatetime})


def is_tagged(value: object) -> bool:
    return type(value) in TAGGED_TYPES


def tag(value: Any, label: str | None, source: Source | None, fmt: str = "str") -> Any:
    """``value`` as a tagged value (None, booleans and other types stay as they are)."""
    t = type(value)
    out: Any
    if t is str or t is TStr:
        out = TStr(value)
    elif t is float or t is TFloat:
        out = TFloat(value)
    elif t is int or t is TInt:
        out = TInt(value)
    elif t is dt.datetime or t is TDatetime:
        out = TDatetime(
            value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond, value.tzinfo
        )
    elif t is dt.date or t is TDate:
        out = TDate(value.year, value.month, value.day)
    else:
        return value
    out.label = label
    out.source = source
    out.fmt = fmt
    return out
