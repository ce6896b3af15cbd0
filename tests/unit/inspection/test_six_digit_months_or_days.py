"""Six digits read both ways: ``YYYYMM`` months or ``YYMMDD`` days (issue 13).

A column named like a date holding months of 2001-2012 (201001..201212) was read ``%y%m%d`` by the older compact
rule: 201105 became 2020-11-05. Both readings hold only where the YYMMDD day is the YYYYMM month, so the day parts
are all 1-12; months over two years or more are months. Planted in SQLite tables over seeds, names, 30-500 rows,
2-8 years of months, as integers and as text: the draft reads months and ``sample`` writes months of the source's
range in its code and type; true YYMMDD days (days past the 12th) stay days of their range; one year of months is
months where the name speaks of a month or period, and where nothing decides the column is no date and the draft
says why.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import yaml

import simulacra
from simulacra.inspection import inspect

MONTH_CODE, SHORT_DAY_CODE = "%Y%m", "%y%m%d"


def _reading(values: list[int], words: set[str], *, text: bool) -> tuple[str | None, str] | None:
    # imported here, so the tests of the draft run (and fail) on a tree without it
    from simulacra._date_codes import six_digit_reading

    return six_digit_reading(pl.Series([str(v) for v in values]) if text else pl.Series(values), words)


NAMES = ["report_date", "start_dt", "posted_on", "valid_until"]


def _months(rng: np.random.Generator) -> list[int]:
    years = int(rng.integers(2, 9))
    first = int(rng.integers(2001, 2014 - years))  # every month 20YYMM is also a day YYMMDD: 2001-2012
    step = int(rng.choice([1, 1, 3]))
    return [y * 100 + m for y in range(first, first + years) for m in range(1, 13, step)]


def _plant(path: Path, seed: int, text: bool) -> tuple[str, list[int], list[int]]:
    rng = np.random.default_rng(seed)
    name = NAMES[seed % len(NAMES)]
    n = int(rng.integers(30, 501))
    months = _months(rng)
    # true YYMMDD days of 2015-2019: days past the 12th occur, so no month reading holds
    days = sorted(
        {
            int(f"{y % 100:02d}{m:02d}{d:02d}")
            for y, m, d in zip(rng.integers(2015, 2020, n), rng.integers(1, 13, n), rng.integers(1, 29, n))
        }
    )
    kind = "text" if text else "integer"
    con = sqlite3.connect(path)
    con.execute(f"create table facts (id integer primary key, {name} {kind}, order_date integer, amount real)")
    rows = [
        (
            i,
            str(months[i % len(months)]) if text else months[i % len(months)],
            days[int(rng.integers(0, len(days)))],
            round(float(rng.gamma(2, 10)), 2),
        )
        for i in range(n)
    ]
    con.executemany("insert into facts values (?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    return name, months, days


@pytest.mark.parametrize("seed", range(8))
def test_months_of_2001_2012_are_read_as_months(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    months = _months(rng)
    found = _reading(months, {"date"}, text=seed % 2 == 1)
    assert found is not None and found[0] == MONTH_CODE, found


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("text", [False, True])
def test_draft_and_sample_keep_months(tmp_path: Path, seed: int, text: bool) -> None:
    db = tmp_path / "src.db"
    name, months, days = _plant(db, seed, text)
    cols = yaml.safe_load(inspect(db).write(tmp_path / "draft.yaml").read_text())["tables"]["facts"]["columns"]
    assert cols[name]["generator"] == "date" and cols[name].get("grain") == "month", cols[name]
    assert cols["order_date"]["generator"] == "date" and cols["order_date"].get("grain") != "month"
    simulacra.fit(db, output=tmp_path / "model", seed=0)
    simulacra.sample(tmp_path / "model", tmp_path / "out.db", seed=seed)
    con = sqlite3.connect(tmp_path / "out.db")
    got = con.execute(f"select {name}, typeof({name}), order_date from facts").fetchall()
    con.close()
    assert got
    lo, hi = dt.date(min(months) // 100, min(months) % 100, 1), dt.date(max(months) // 100, max(months) % 100, 1)
    for value, typ, day in got:
        assert typ == ("text" if text else "integer")
        month = dt.datetime.strptime(str(value), MONTH_CODE).date()  # raises for no month YYYYMM
        assert lo <= month <= hi, f"{value} outside {min(months)}..{max(months)}"
        read = dt.datetime.strptime(f"{day:06d}", SHORT_DAY_CODE).date()
        assert dt.date(2015, 1, 1) <= read <= dt.date(2019, 12, 31), day


@pytest.mark.parametrize("seed", range(4))
def test_true_days_stay_days(seed: int) -> None:
    rng = np.random.default_rng(200 + seed)
    n = int(rng.integers(30, 500))
    days = [
        int(f"{y % 100:02d}{m:02d}{d:02d}")
        for y, m, d in zip(rng.integers(2001, 2013, n), rng.integers(1, 13, n), rng.integers(1, 29, n))
    ]
    # days past the 12th: no month reading, the other rules decide (None here)
    assert _reading(days, {"date"}, text=seed % 2 == 0) is None


@pytest.mark.parametrize("first", [200101, 201003, 201201])
@pytest.mark.parametrize("count", [3, 7, 12])
def test_one_year_of_months(first: int, count: int) -> None:
    months = [first + i for i in range(count) if (first % 100) + i <= 12]
    text = count == 7
    assert (_reading(months, {"billing", "period"}, text=text) or (None,))[0] == MONTH_CODE
    assert (_reading(months, {"month"}, text=text) or (None,))[0] == MONTH_CODE
    assert (_reading(months, {"day"}, text=text) or (None,))[0] == SHORT_DAY_CODE  # seven days of October 2020
    fmt, why = _reading(months, {"created", "date"}, text=text) or (MONTH_CODE, "")
    assert fmt is None and "not read as dates" in why


def test_undecided_digits_are_no_date_and_the_draft_says_why(tmp_path: Path) -> None:
    db = tmp_path / "src.db"
    con = sqlite3.connect(db)
    con.execute("create table t (id integer primary key, created_date integer)")
    con.execute("create table bills (id integer primary key, period integer, amount real)")
    con.executemany("insert into t values (?, ?)", [(i, 201001 + i % 7) for i in range(60)])
    con.executemany("insert into bills values (?, ?, ?)", [(i, 201001 + i * 5 % 7, i * 1.5) for i in range(60)])
    con.commit()
    con.close()
    tables = yaml.safe_load(inspect(db).write(tmp_path / "draft.yaml").read_text())["tables"]
    cols = tables["t"]["columns"]
    assert cols["created_date"]["generator"] not in ("date", "datetime")
    assert (
        "neither" in cols["created_date"]["description"] and "not read as dates" in cols["created_date"]["description"]
    )
    period = tables["bills"]["columns"]["period"]
    assert period["generator"] == "date" and period.get("grain") == "month", period
    simulacra.fit(db, output=tmp_path / "model", seed=0)
    simulacra.sample(tmp_path / "model", tmp_path / "out.db", seed=1)
    con = sqlite3.connect(tmp_path / "out.db")
    written = con.execute("select period, typeof(period) from bills").fetchall()
    con.close()
    assert written and all(t == "integer" and 201001 <= v <= 201007 for v, t in written), written
