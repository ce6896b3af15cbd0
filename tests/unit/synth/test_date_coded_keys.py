"""Date dimensions keyed by date codes (``20210304`` days, ``202304`` months), learned and sampled.

A date dimension whose primary key is a ``YYYYMMDD`` integer (one row per day, facts referencing it) was drafted as
an integer sequence: ``sample`` wrote keys such as 20210132 (no such day) and the facts pointed at them; a month
dimension keyed ``YYYYMM`` ran on to 202113, and a plain column of such months, drawn as numbers, made months past
December. Planted over days (every day, business days only) and months (every month, every quarter), keys written
as integers or as digit text, 30-800 rows, several names and seeds: every sampled key is a date of the source's
range written in its code and type, unique; every fact's key is a dimension's key; a plain month code column's
values are months of its range. Serials of the same width that are no dates (random 8-digit account numbers, a
counter that starts at 20210101 and runs past the month's end, codes whose 5th-6th digits pass 12) stay integers.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import pytest
import yaml

import simulacra
from simulacra.inspection import inspect

#: (dimension, its key, fact table, the fact's own month code column)
NAMES = [
    ("dim_date", "date_key", "sales", "booking_month"),
    ("calendar", "day_id", "shipments", "period"),
    ("months", "month_key", "invoices", "billing_ym"),
]


def _days(start: dt.date, n: int, business: bool) -> list[dt.date]:
    out, d = [], start
    while len(out) < n:
        if not business or d.weekday() < 5:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def _months(start: dt.date, n: int, step: int) -> list[dt.date]:
    return [
        dt.date(start.year + (start.month - 1 + i * step) // 12, (start.month - 1 + i * step) % 12 + 1, 1)
        for i in range(n)
    ]


def _planted(path: Path, grain: str, gaps: bool, n: int, seed: int, names: int, text: bool) -> tuple[str, list]:
    """A dimension of ``n`` days (``grain`` 'day': every day, or business days with ``gaps``) or months (every
    month, or every quarter with ``gaps``) keyed by its code, a fact table referencing it with a plain month code
    column, and serials of the same widths that are no dates. The dimension's code and keys as written."""
    dim, key, fact, month_col = NAMES[names]
    rng = np.random.default_rng(seed)
    start = dt.date(2015 + int(rng.integers(0, 8)), int(rng.integers(1, 13)), int(rng.integers(1, 28)))
    if grain == "day":
        code, dates = "%Y%m%d", _days(start, n, gaps)
    else:
        code, dates = "%Y%m", _months(start.replace(day=1), n, 3 if gaps else 1)
    kind = "text" if text else "integer"
    keys = [d.strftime(code) if text else int(d.strftime(code)) for d in dates]
    con = sqlite3.connect(path)
    con.execute(f"create table {dim} ({key} {kind} primary key, label text, target real)")
    con.execute(
        f"create table {fact} (line_id integer primary key, {key} {kind} references {dim}({key}), "
        f"{month_col} integer, account_no integer, batch_code integer, amount real)"
    )
    # a counter that starts where a date would and runs past the month's end: a serial, no date
    con.execute("create table tickets (ticket_no integer primary key, weight real)")
    first_ticket = int(start.strftime("%Y%m")) * 100 + 1
    for i in range(n):
        con.execute("insert into tickets values (?, ?)", (first_ticket + i, round(float(rng.gamma(2, 3)), 2)))
    for k, d in zip(keys, dates):
        label = d.strftime("%a" if grain == "day" else "%b")
        con.execute(f"insert into {dim} values (?, ?, ?)", (k, label, round(float(rng.gamma(3, 90)), 2)))
    # years before any dimension's (2015 on), so the column is no reference to a month dimension by its values
    months = [int(d.strftime("%Y%m")) for d in _months(dt.date(2000, 1, 1), 30, 1)]
    line = 0
    for _ in range(2 * n):
        line += 1
        con.execute(
            f"insert into {fact} values (?, ?, ?, ?, ?, ?)",
            (
                line,
                keys[int(rng.integers(0, n))],
                months[int(rng.integers(0, len(months)))],
                int(rng.integers(10_000_000, 99_999_999)),
                # 8 digits 2020xx.. whose 5th-6th digits pass 12: codes, never months
                20_201_300 + int(rng.integers(0, 8_600)),
                round(float(rng.gamma(2, 15)), 2),
            ),
        )
    con.commit()
    con.close()
    return code, keys


def _date(value: object, code: str) -> dt.date:
    return dt.datetime.strptime(str(value), code).date()  # raises for a value no date of the code


CASES = [
    # (grain, gaps, rows, seed, names, keys written as text)
    ("day", False, 400, 1, 0, False),
    ("day", True, 260, 2, 1, False),
    ("day", False, 800, 3, 1, False),
    ("day", True, 120, 4, 0, True),
    ("day", False, 60, 5, 2, True),
    ("month", False, 48, 6, 2, False),
    ("month", True, 30, 7, 0, False),
    ("month", False, 120, 8, 1, True),
    ("month", True, 40, 9, 2, True),
]


@pytest.mark.parametrize(("grain", "gaps", "n", "seed", "names", "text"), CASES)
def test_a_dimension_keyed_by_date_codes(
    tmp_path: Path, grain: str, gaps: bool, n: int, seed: int, names: int, text: bool
) -> None:
    dim, key, fact, month_col = NAMES[names]
    db = tmp_path / "src.db"
    code, source_keys = _planted(db, grain, gaps, n, seed, names, text)
    lo, hi = _date(min(source_keys), code), _date(max(source_keys), code)
    simulacra.fit(db, output=tmp_path / "model", seed=0)
    out = tmp_path / "out.db"
    simulacra.sample(tmp_path / "model", out, seed=seed)
    con = sqlite3.connect(out)
    keys = con.execute(f"select {key}, typeof({key}) from {dim}").fetchall()
    facts = con.execute(
        f"select {key}, {month_col}, typeof({month_col}), account_no, batch_code from {fact}"
    ).fetchall()
    tickets = [r[0] for r in con.execute("select ticket_no from tickets order by ticket_no")]
    con.close()
    assert len(keys) == n and len({k for k, _ in keys}) == n
    assert {t for _, t in keys} == {"text" if text else "integer"}  # written as the source wrote them
    days = [_date(k, code) for k, _ in keys]
    assert all(str(k) == d.strftime(code) for (k, _), d in zip(keys, days))
    assert all(lo <= d <= hi for d in days), f"keys {min(days)}..{max(days)} outside the source's {lo}..{hi}"
    if grain == "month":
        assert all(d.day == 1 for d in days)
    assert facts
    assert {f[0] for f in facts} <= {k for k, _ in keys}  # every fact on a dimension row
    # the plain month code column: months of the source's range (2000-01..2002-06), written as integers
    months = [_date(f[1], "%Y%m") for f in facts]
    assert all(dt.date(2000, 1, 1) <= m <= dt.date(2002, 6, 1) for m in months)
    assert {f[2] for f in facts} == {"integer"}
    # serials stay integers: account numbers and codes keep their width, the counter runs on past any month's end
    assert all(isinstance(f[3], int) and 10_000_000 <= f[3] <= 99_999_999 for f in facts)
    assert all(isinstance(f[4], int) for f in facts)
    assert len(tickets) == n and tickets == list(range(tickets[0], tickets[0] + n))


@pytest.mark.parametrize("seed", [11, 12])
def test_serials_of_date_width_are_not_dates(tmp_path: Path, seed: int) -> None:
    """The draft reads the date codes as dates and leaves every serial look-alike an integer."""
    db = tmp_path / "src.db"
    _planted(db, "day", seed % 2 == 0, 90, seed, 0, False)
    tables = yaml.safe_load(inspect(db).write(tmp_path / "draft.yaml").read_text())["tables"]
    assert tables["dim_date"]["columns"]["date_key"]["generator"] == "date"
    assert tables["dim_date"]["columns"]["date_key"].get("written") == "%Y%m%d"
    assert tables["sales"]["columns"]["booking_month"]["generator"] == "date"
    assert tables["sales"]["columns"]["booking_month"].get("grain") == "month"
    for table, col in (("sales", "account_no"), ("sales", "batch_code"), ("tickets", "ticket_no")):
        gen = tables[table]["columns"][col]["generator"]
        assert gen not in ("date", "datetime"), f"{table}.{col} drafted as {gen}"


def test_the_same_seed_writes_the_same_keys(tmp_path: Path) -> None:
    db = tmp_path / "src.db"
    _planted(db, "month", False, 36, 21, 1, False)
    simulacra.fit(db, output=tmp_path / "model", seed=0)
    dumps = []
    for name in ("a.db", "b.db"):
        simulacra.sample(tmp_path / "model", tmp_path / name, seed=3)
        con = sqlite3.connect(tmp_path / name)
        dumps.append([line for line in con.iterdump() if "_simulacra_manifest" not in line])
        con.close()
    assert dumps[0] == dumps[1]


@pytest.mark.parametrize(("grain", "gaps", "n", "seed", "names", "text"), [CASES[1], CASES[6], CASES[4]])
def test_the_source_and_its_sample_pass_their_draft(
    tmp_path: Path, grain: str, gaps: bool, n: int, seed: int, names: int, text: bool
) -> None:
    """``validate`` reads a key of date codes and the facts referencing it alike (an integer key against its ISO
    text stopped it with an internal error), and a month code column within its range."""
    db = tmp_path / "src.db"
    _planted(db, grain, gaps, n, seed, names, text)
    draft = inspect(db).write(tmp_path / "draft.yaml")
    simulacra.fit(db, output=tmp_path / "model", seed=0)
    simulacra.sample(tmp_path / "model", tmp_path / "out.db", seed=seed)
    for data in (db, tmp_path / "out.db"):
        failed = [f"{f.table}: {f.check}" for f in simulacra.check(draft, data) if f.failed]
        assert not failed, f"{data.name}: {failed}"
        refs = [f for f in simulacra.check(draft, data) if "foreign key" in f.check]
        assert refs and all(f.total > 0 for f in refs)
