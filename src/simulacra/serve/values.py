"""Values between three places: polars frames, the SQLite store and the wire (JSON and query strings).

Stored: integers and numbers as such, booleans as 0/1, dates as ``YYYY-MM-DD`` and
date-times as UTC ``YYYY-MM-DDTHH:MM:SSZ`` text (so they sort and compare as text).
Parsing raises :class:`ValueError` whose message is the rule that was broken.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
from typing import Any

__all__ = ["from_json", "from_query", "to_store", "to_wire"]

_INT = re.compile(r"[+-]?\d{1,19}")
_NUM = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})?")
_I64 = 2**63


def _datetime_text(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat(timespec="seconds") + "Z"


def to_store(value: Any, kind: str) -> Any:
    """A frame's value as stored."""
    if value is None:
        return None
    if kind == "boolean":
        return 1 if value else 0
    if kind == "datetime" and isinstance(value, dt.datetime):
        return _datetime_text(value)
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if kind == "number" and isinstance(value, decimal.Decimal):
        return float(value)
    if kind == "number" and isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def to_wire(value: Any, kind: str) -> Any:
    """A stored (or frame) value as JSON gives it."""
    if value is None:
        return None
    if kind == "boolean":
        return bool(value)
    if kind in ("date", "datetime") and not isinstance(value, str):
        return to_store(value, kind)
    if kind == "number":
        return float(value)
    return value


def _parse_date(text: str) -> str:
    if not _DATE.fullmatch(text):
        raise ValueError("must be a date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError("must be a valid calendar date (YYYY-MM-DD)") from None


def _parse_datetime(text: str) -> str:
    if _DATE.fullmatch(text):
        text += "T00:00:00"
    if not _DATETIME.fullmatch(text):
        raise ValueError("must be a date-time (RFC 3339, e.g. 2024-05-01T12:30:00Z)")
    head, frac_tz = text[:19], text[19:]
    frac = re.match(r"\.\d+", frac_tz)
    tz = frac_tz[frac.end() :] if frac else frac_tz
    try:
        value = dt.datetime.fromisoformat(
            head.replace("t", "T").replace(" ", "T") + (tz.upper().replace("Z", "+00:00"))
        )
    except ValueError:
        raise ValueError("must be a valid date-time (RFC 3339)") from None
    return _datetime_text(value)


def from_json(value: Any, kind: str) -> Any:
    """A JSON body's value, checked against the column's kind, as stored."""
    if value is None:
        return None
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be an integer")
        if not -_I64 <= value < _I64:
            raise ValueError("must fit in 64 bits")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("must be a number")
        if isinstance(value, int) and not -_I64 <= value < _I64:
            raise ValueError("must fit in a 64-bit float range")
        f = float(value)
        if not math.isfinite(f):
            raise ValueError("must be a finite number")
        return f
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return 1 if value else 0
    if not isinstance(value, str):
        raise ValueError("must be a string")
    if kind == "date":
        return _parse_date(value)
    if kind == "datetime":
        return _parse_datetime(value)
    return value


def from_query(text: str, kind: str) -> Any:
    """A query-string value, checked against the column's kind, as stored."""
    if kind == "integer":
        if not _INT.fullmatch(text) or not -_I64 <= int(text) < _I64:
            raise ValueError("must be an integer")
        return int(text)
    if kind == "number":
        if not _NUM.fullmatch(text) or not math.isfinite(float(text)):
            raise ValueError("must be a number")
        return float(text)
    if kind == "boolean":
        low = text.lower()
        if low not in ("true", "false", "1", "0"):
            raise ValueError("must be true or false")
        return 1 if low in ("true", "1") else 0
    if kind == "date":
        return _parse_date(text)
    if kind == "datetime":
        return _parse_datetime(text)
    return text
