"""Money and dates written the way each locale writes them.

Small and table-driven on purpose: a formatter is a pure function of the value,
the locale and its options, so the consistency checker can recompute exactly the
text a template inserted from the database row alone.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

__all__ = [
    "CURRENCY_OF_LOCALE",
    "format_date",
    "format_money",
    "format_number",
    "format_value",
    "json_value",
    "language_of",
]

CURRENCY_OF_LOCALE = {"en_US": "USD", "en_GB": "GBP", "de_DE": "EUR", "fr_FR": "EUR"}

_SYMBOL = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "CHF": "CHF", "CAD": "CA$", "AUD": "A$"}
_DECIMALS = {"JPY": 0, "KRW": 0}

# (thousands separator, decimal mark, symbol before the amount)
_NUMBERS = {"en": (",", ".", True), "de": (".", ",", False), "fr": ("\u202f", ",", False)}

_MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}
_SHORT = {
    "en_US": "{m:02d}/{d:02d}/{y}",
    "en_GB": "{d:02d}/{m:02d}/{y}",
    "de_DE": "{d:02d}.{m:02d}.{y}",
    "fr_FR": "{d:02d}/{m:02d}/{y}",
}
_LONG = {
    "en_US": "{month} {d}, {y}",
    "en_GB": "{d} {month} {y}",
    "de_DE": "{d}. {month} {y}",
    "fr_FR": "{d} {month} {y}",
}
_TIME = {
    "en_US": "{h12}:{mi:02d} {ampm}",
    "en_GB": "{h:02d}:{mi:02d}",
    "de_DE": "{h:02d}:{mi:02d} Uhr",
    "fr_FR": "{h:02d}h{mi:02d}",
}

# a language alone ("de") stands for its main locale
_LOCALE_OF_LANGUAGE = {"en": "en_US", "de": "de_DE", "fr": "fr_FR"}


def _locale(locale: str) -> str:
    return _LOCALE_OF_LANGUAGE.get(locale, locale if locale in _SHORT else "en_US")


def language_of(locale: str) -> str:
    return _locale(locale).split("_")[0]


def format_number(value: float, decimals: int, locale: str) -> str:
    """``1234.5`` -> ``1,234.50`` (en), ``1.234,50`` (de), ``1 234,50`` (fr)."""
    thousands, mark, _ = _NUMBERS[language_of(locale)]
    text = f"{abs(value):,.{decimals}f}"
    whole, _, frac = text.partition(".")
    whole = whole.replace(",", thousands)
    out = whole + (mark + frac if decimals else "")
    return ("-" if value < 0 and float(text.replace(",", "")) != 0 else "") + out


def format_money(value: Any, currency: str | None, locale: str) -> str:
    """An amount with its currency as the locale writes it: ``$1,234.50``, ``1.234,50 €``."""
    loc = _locale(locale)
    cur = (currency or CURRENCY_OF_LOCALE.get(loc, "USD")).upper()
    decimals = _DECIMALS.get(cur, 2)
    number = format_number(float(value), decimals, loc)
    symbol = _SYMBOL.get(cur)
    if symbol is None:
        return f"{number}\u00a0{cur}"
    if _NUMBERS[language_of(loc)][2]:
        return f"-{symbol}{number[1:]}" if number.startswith("-") else f"{symbol}{number}"
    return f"{number}\u00a0{symbol}"


def _as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    raise TypeError(f"expected a date or datetime, found {type(value).__name__} {value!r}")


def format_date(value: Any, style: str, locale: str) -> str:
    """``style``: short (03/05/2024), long (March 5, 2024), datetime (long + time), time, iso, or a strftime pattern."""
    loc = _locale(locale)
    v = _as_datetime(value)
    if style == "iso":
        return v.date().isoformat() if not isinstance(value, dt.datetime) else v.isoformat(timespec="seconds")
    parts = {
        "d": v.day,
        "m": v.month,
        "y": v.year,
        "month": _MONTHS[language_of(loc)][v.month - 1],
        "h": v.hour,
        "mi": v.minute,
        "h12": (v.hour % 12) or 12,
        "ampm": "AM" if v.hour < 12 else "PM",
    }
    if style == "short":
        return _SHORT[loc].format(**parts)
    if style == "long":
        return _LONG[loc].format(**parts)
    if style == "time":
        return _TIME[loc].format(**parts)
    if style == "datetime":
        return _LONG[loc].format(**parts) + (", " if language_of(loc) == "en" else " ") + _TIME[loc].format(**parts)
    if style == "month":
        return f"{parts['month']} {v.year}"
    return v.strftime(style)


def format_value(fmt: str, values: list[Any], locale: str) -> str:
    """Recompute an inserted text from its source values; ``fmt`` is what the index records.

    ``str`` | ``money:CUR`` | ``date:STYLE`` | ``name`` (values joined by spaces) | ``number:DECIMALS``.
    """
    kind, _, arg = fmt.partition(":")
    if kind == "money":
        return format_money(values[0], arg or None, locale)
    if kind == "date":
        return format_date(values[0], arg or "long", locale)
    if kind == "number":
        return format_number(float(values[0]), int(arg or 0), locale)
    if kind == "name":
        return " ".join(str(v) for v in values if v is not None and str(v) != "")
    return plain(values[0])


def json_value(value: Any) -> Any:
    """A row value as the index records it: dates as ISO text, NaN and infinities as null."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def plain(value: Any) -> str:
    """How a value prints when a template inserts it as is."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
