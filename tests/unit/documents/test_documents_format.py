"""Money and dates per locale: the text a template inserts and the checker recomputes."""

from __future__ import annotations

import datetime as dt

import pytest

from simulacra.documents import format_date, format_money, format_number
from simulacra.documents._format import format_value, plain


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_US", "$1,234.50"),
        ("en_GB", "£1,234.50"),
        ("de_DE", "1.234,50\u00a0€"),
        ("fr_FR", "1\u202f234,50\u00a0€"),
    ],
)
def test_money_per_locale(locale: str, expected: str) -> None:
    assert format_money(1234.5, None, locale) == expected


def test_money_currency_decimals_and_sign() -> None:
    assert format_money(-3, "USD", "en_US") == "-$3.00"
    assert format_money(1500, "JPY", "en_US") == "¥1,500"
    assert format_money(-0.001, "USD", "en_US") == "$0.00"
    assert format_money(12.5, "SEK", "en_US") == "12.50\u00a0SEK"


@pytest.mark.parametrize(
    ("locale", "short", "long"),
    [
        ("en_US", "03/05/2024", "March 5, 2024"),
        ("en_GB", "05/03/2024", "5 March 2024"),
        ("de_DE", "05.03.2024", "5. März 2024"),
        ("fr_FR", "05/03/2024", "5 mars 2024"),
    ],
)
def test_dates_per_locale(locale: str, short: str, long: str) -> None:
    d = dt.datetime(2024, 3, 5, 14, 7)
    assert format_date(d, "short", locale) == short
    assert format_date(d.date(), "long", locale) == long


def test_date_styles_and_language_only_locales() -> None:
    d = dt.datetime(2024, 3, 5, 14, 7, 9)
    assert format_date(d, "iso", "en_US") == "2024-03-05T14:07:09"
    assert format_date(d.date(), "iso", "en_US") == "2024-03-05"
    assert format_date(d, "time", "en_US") == "2:07 PM"
    assert format_date(d, "long", "de") == "5. März 2024"
    assert format_date(d, "%Y/%m", "en_US") == "2024/03"
    with pytest.raises(TypeError, match="expected a date"):
        format_date(12, "long", "en_US")


def test_format_value_recomputes_what_templates_insert() -> None:
    assert format_value("money:GBP", [9.5], "en_GB") == "£9.50"
    assert format_value("name", ["Ada", None, "Lovelace"], "en_US") == "Ada Lovelace"
    assert format_value("number:1", [1234.56], "de_DE") == format_number(1234.56, 1, "de_DE") == "1.234,6"
    assert format_value("str", [2.0], "en_US") == plain(2.0) == "2.0"
    assert plain(True) == "true" and plain(dt.date(2024, 1, 2)) == "2024-01-02"
