"""``_date_codes.date_code``: digits that are days (``YYYYMMDD``) or months (``YYYYMM``) by their values
alone, and serials of the same width that are not (issue 13). Planted over seeds, sizes and starts: every day of a
span or business days only, every month or every quarter, as integers and as text, are read; random 8-digit
account numbers, counters starting at a date's digits, codes whose 5th-6th digits pass 12, days of one month only,
months of one year only, and the 1sts of months written YYMMDD are not."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from simulacra._date_codes import DAY_CODE, MONTH_CODE, date_code


def _start(rng: np.random.Generator) -> dt.date:
    return dt.date(int(rng.integers(1990, 2030)), int(rng.integers(1, 13)), int(rng.integers(1, 29)))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("text", [False, True])
def test_days_and_months_are_read(seed: int, text: bool) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(30, 800))
    start = _start(rng)
    business = seed % 2 == 0
    days = [start + dt.timedelta(days=i) for i in range(2 * n)]
    days = [d for d in days if not business or d.weekday() < 5][:n]
    step = 3 if seed % 3 == 0 else 1
    months = [
        dt.date(start.year + (start.month - 1 + i * step) // 12, (start.month - 1 + i * step) % 12 + 1, 1)
        for i in range(max(n // 10, 30))
    ]
    for dates, code in ((days, DAY_CODE), (months, MONTH_CODE)):
        written = [d.strftime(code) for d in dates]
        values = pl.Series(written) if text else pl.Series([int(w) for w in written])
        assert date_code(values) == code


@pytest.mark.parametrize("seed", range(6))
def test_serials_are_not_dates(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(40, 800))
    start = _start(rng)
    first = int(start.strftime("%Y%m")) * 100 + 1
    serials = [
        pl.Series(rng.integers(10_000_000, 99_999_999, n)),  # account numbers
        pl.Series(range(first, first + n)),  # a counter from a date's digits: runs past the month's end
        pl.Series(range(first // 100, first // 100 + n)),  # a 6-digit counter from a month's: runs past December
        pl.Series(20_201_300 + rng.integers(0, 8_600, n)),  # 5th-6th digits 13..98
        pl.Series([int(start.strftime("%Y%m")) * 100 + d for d in range(1, 29)]),  # days of one month only
        pl.Series([start.year * 100 + m for m in range(1, 13)]),  # months of one year only
        pl.Series([int(f"{y % 100:02d}{m:02d}01") for y in range(2018, 2022) for m in range(1, 13)]),  # YYMMDD
        pl.Series([str(v) for v in rng.integers(10_000_000, 99_999_999, n)]),  # account numbers as text
    ]
    for values in serials:
        assert date_code(values) is None, values.head(5).to_list()
