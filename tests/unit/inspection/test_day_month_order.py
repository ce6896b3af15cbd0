"""Dates written as text whose every day is at most 12 read day-first and month-first alike (``01/03/2021 00:00``,
``05-04-2020``). The order is decided by what the source shows — another column of the same database written the
same way with a day above 12 (one writer, one order), else the reading in which the column's values step evenly —
and where nothing decides, the column stays text and inspect's notes say so; never a silent pick.

Planted in SQLite databases the tests write: day-first and month-first writers, slashes or dashes, with or without
a time; the ambiguous column beside a sibling that decides, or alone; plain columns and keys of dates; 30-500 rows
drawn from seeds."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra._date_keys import dated_keys
from simulacra.inspection import inspect
from simulacra.learning import fit, sample
from simulacra.pipeline import check
from simulacra.sources import read_source

#: (writer's format, its order) — the writer's format is the one the values were written in
WRITERS = [
    ("%d/%m/%Y %H:%M", "day-first"),
    ("%m/%d/%Y %H:%M", "month-first"),
    ("%d/%m/%Y", "day-first"),
    ("%m/%d/%Y", "month-first"),
    ("%d-%m-%Y", "day-first"),
    ("%m-%d-%Y", "month-first"),
]
NAMES = [("visits", "booked", "seen_at"), ("orders", "placed", "shipped"), ("claims", "filed", "settled")]


def _swap(fmt: str) -> str:
    return fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")


def _write(db: Path, tables: dict[str, pl.DataFrame]) -> None:
    with sqlite3.connect(db) as con:
        for name, f in tables.items():
            cols = ", ".join(
                f"{c} {'INTEGER PRIMARY KEY' if c == 'id' else 'INTEGER' if f[c].dtype.is_integer() else 'TEXT'}"
                for c in f.columns
            )
            con.execute(f"CREATE TABLE {name} ({cols})")
            con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * f.width)})", f.rows())


def _short_days(rng: np.random.Generator, n: int) -> list[dt.datetime]:
    """``n`` datetimes whose day is at most 12 (the ambiguous class), over three years, with a time of day."""
    years = rng.integers(2019, 2022, n)
    months = rng.integers(1, 13, n)
    days = rng.integers(1, 13, n)
    return [dt.datetime(int(y), int(m), int(d)) for y, m, d in zip(years, months, days, strict=True)]


def _any_days(rng: np.random.Generator, n: int) -> list[dt.datetime]:
    base = dt.datetime(2019, 1, 1)
    return [base + dt.timedelta(days=int(x)) for x in rng.integers(0, 1000, n)]


def _world(tmp_path: Path, seed: int, fmt: str, sibling: bool) -> tuple[Path, str, str, str, list[dt.datetime]]:
    rng = np.random.default_rng(seed)
    table, amb, other = NAMES[seed % len(NAMES)]
    n = int(rng.integers(30, 500))
    planted = _short_days(rng, n)
    frame = {"id": list(range(1, n + 1)), amb: [d.strftime(fmt.replace("%H:%M", "00:00")) for d in planted]}
    if sibling:  # the same writer's other dates: days above 12 fix its order
        frame[other] = [d.strftime(fmt) for d in _any_days(rng, n)]
    else:
        frame["amount"] = rng.integers(1, 900, n).tolist()
    frame["kind"] = rng.choice(["a", "b", "c"], n).tolist()
    db = tmp_path / f"w{seed}.db"
    _write(db, {table: pl.DataFrame(frame)})
    return db, table, amb, other, planted


@pytest.mark.parametrize(("fmt", "order"), WRITERS)
@pytest.mark.parametrize("seed", [1, 5])
def test_a_sibling_written_the_same_way_decides_the_order(fmt: str, order: str, seed: int, tmp_path: Path) -> None:
    db, table, amb, _, planted = _world(tmp_path, seed, fmt, sibling=True)
    ins = inspect(db)
    prof = ins.columns[(table, amb)]
    assert prof.kind == "date", prof
    assert prof.parse_format is not None
    read = pl.Series([v for v in pl.Series([d.strftime(fmt) for d in planted])]).str.strptime(
        pl.Datetime("us"), prof.parse_format, strict=False, exact=True
    )
    # every value read as the day it was written for
    assert read.to_list() == planted, prof.parse_format
    assert any(f"{table}.{amb}" in n and order in n for n in ins.notes), ins.notes
    assert not [f for f in check(ins.spec, db) if not f.ok]


@pytest.mark.parametrize(("fmt", "order"), WRITERS[:2] + WRITERS[4:])
def test_sampled_dates_are_written_in_the_sources_order(fmt: str, order: str, tmp_path: Path) -> None:
    db, table, amb, _, _ = _world(tmp_path, 3, fmt, sibling=True)
    fitted = fit(db, seed=0)
    out = tmp_path / "out"
    sample(fitted.model, out, seed=4, format="csv")
    written = pl.read_csv(out / f"{table}.csv", infer_schema=False)[amb].drop_nulls()
    day_fmt = fmt.replace("%H:%M", "00:00")
    assert written.len() > 0
    # every sampled value reads in the writer's own format (a day above 12 written month-first would not)
    assert written.str.strptime(pl.Datetime("us"), day_fmt, strict=False, exact=True).null_count() == 0, written.head(
        5
    ).to_list()


@pytest.mark.parametrize(("fmt", "order"), WRITERS)
@pytest.mark.parametrize("seed", [2, 7])
def test_with_nothing_to_decide_the_column_stays_text_and_a_note_says_so(
    fmt: str, order: str, seed: int, tmp_path: Path
) -> None:
    db, table, amb, _, _ = _world(tmp_path, seed, fmt, sibling=False)
    ins = inspect(db)
    prof = ins.columns[(table, amb)]
    assert prof.kind not in ("date", "datetime") and prof.parse_format is None, prof
    assert any(f"{table}.{amb}" in n and "day/month order unknown" in n for n in ins.notes), ins.notes
    assert not [f for f in check(ins.spec, db) if not f.ok]


def _months_world(tmp_path: Path, seed: int, fmt: str, months: int, sibling: bool) -> tuple[Path, list[dt.date]]:
    """A report keyed by its month (the 1st of each, written as text) and a table referencing it."""
    rng = np.random.default_rng(seed)
    start = dt.date(2018 + seed % 3, 1, 1)
    keys = [dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1) for i in range(months)]
    n = int(rng.integers(30, 300))
    tables = {
        "report": pl.DataFrame(
            {"period": [k.strftime(fmt) for k in keys], "target": rng.integers(10, 99, months).tolist()}
        ),
        "sale": pl.DataFrame(
            {
                "id": list(range(1, n + 1)),
                "period": [keys[int(i)].strftime(fmt) for i in rng.integers(0, months, n)],
                "units": rng.integers(1, 9, n).tolist(),
            }
        ),
    }
    if sibling:
        tables["shipment"] = pl.DataFrame(
            {"id": list(range(1, n + 1)), "sent": [d.strftime(fmt) for d in _any_days(rng, n)]}
        )
    db = tmp_path / f"m{seed}.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE report (period TEXT PRIMARY KEY, target INTEGER)")
        con.execute("CREATE TABLE sale (id INTEGER PRIMARY KEY, period TEXT REFERENCES report(period), units INTEGER)")
        if sibling:
            con.execute("CREATE TABLE shipment (id INTEGER PRIMARY KEY, sent TEXT)")
        for name, f in tables.items():
            con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * f.width)})", f.rows())
    return db, keys


DAY_WRITERS = [w for w in WRITERS if "%H" not in w[0]]


@pytest.mark.parametrize(("fmt", "order"), DAY_WRITERS)
@pytest.mark.parametrize("seed", [0, 4])
def test_a_key_of_months_is_read_in_the_order_its_sibling_shows(
    fmt: str, order: str, seed: int, tmp_path: Path
) -> None:
    # twelve months of one year: the 1st of each month, or twelve consecutive days — only the sibling decides
    db, keys = _months_world(tmp_path, seed, fmt, 12, sibling=True)
    ins = inspect(db)
    frames, formats = dated_keys(read_source(db).frames, ins.spec)
    assert formats.get(("report", "period")) == fmt, formats
    assert frames["report"]["period"].cast(pl.Date).to_list() == keys


@pytest.mark.parametrize(("fmt", "order"), DAY_WRITERS)
@pytest.mark.parametrize("seed", [1, 6])
def test_a_key_of_months_over_years_is_read_in_its_regular_order(
    fmt: str, order: str, seed: int, tmp_path: Path
) -> None:
    # 30-48 months: read the other way they bunch into twelve days of each January — the column itself decides
    db, keys = _months_world(tmp_path, seed, fmt, 30 + 3 * seed, sibling=False)
    ins = inspect(db)
    frames, formats = dated_keys(read_source(db).frames, ins.spec)
    assert formats.get(("report", "period")) == fmt, formats
    assert frames["report"]["period"].cast(pl.Date).to_list() == keys


@pytest.mark.parametrize(("fmt", "order"), DAY_WRITERS)
def test_a_key_of_twelve_months_alone_stays_text_with_a_note(fmt: str, order: str, tmp_path: Path) -> None:
    db, _ = _months_world(tmp_path, 2, fmt, 12, sibling=False)
    ins = inspect(db)
    assert any("report.period" in n and "day/month order unknown" in n for n in ins.notes), ins.notes
    assert ins.spec.tables["report"].columns["period"].generator != "date"  # the draft picks no order either
    frames, formats = dated_keys(read_source(db).frames, ins.spec)
    assert ("report", "period") not in formats
    assert frames["report"]["period"].dtype == pl.String
