"""Values written in one format are learned as what they are: amounts with their currency, dates written as
``YYYYMMDD`` integers or text, date-times with a zone offset (issue 13).

Each kind is planted in a user's SQLite database (text or integer columns, several formats each, 30-2,000 rows,
nulls, seeds, neutral names): the draft names the kind and its format, the source passes its own draft, and a
model fitted on it samples values that parse in that format and fall within the source's range. Written before
the fix (the held-out cases); figures measured on them after are dev.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect

Rng = np.random.Generator


def _grouped(whole: str, mark: str) -> str:
    head = len(whole) % 3 or 3
    return mark.join([whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)])


def _us(v: float) -> str:  # $1,234.50, -$45.10
    whole, _, frac = f"{abs(v):.2f}".partition(".")
    return ("-" if v < 0 else "") + "$" + _grouped(whole, ",") + "." + frac


def _euro_before(v: float) -> str:  # € 12,00
    return ("-" if v < 0 else "") + "€ " + f"{abs(v):.2f}".replace(".", ",")


def _eur_after(v: float) -> str:  # 1.234,50 EUR
    whole, _, frac = f"{abs(v):.2f}".partition(".")
    return ("-" if v < 0 else "") + _grouped(whole, ".") + "," + frac + " EUR"


def _ledger(v: float) -> str:  # (45.00) for a negative, 1234.50 otherwise
    return f"({abs(v):.2f})" if v < 0 else f"{v:.2f}"


def _usd_whole(v: float) -> str:  # USD 99
    return ("-" if v < 0 else "") + f"USD {abs(round(v))}"


def _read_us(t: str) -> float:
    return float(t.replace("$", "").replace(",", ""))


def _read_euro_before(t: str) -> float:
    return float(t.replace("€ ", "").replace(",", "."))


def _read_eur_after(t: str) -> float:
    return float(t.removesuffix(" EUR").replace(".", "").replace(",", "."))


def _read_ledger(t: str) -> float:
    return -float(t[1:-1]) if t.startswith("(") else float(t)


def _read_usd_whole(t: str) -> float:
    return float(t.replace("USD ", ""))


#: name -> (writer, every written value's shape, reader back to the amount, decimals)
MONEY: dict[str, tuple[Callable[[float], str], str, Callable[[str], float], int]] = {
    "us_dollars": (_us, r"^-?\$[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}$", _read_us, 2),
    "euro_before": (_euro_before, r"^-?€ [0-9]+,[0-9]{2}$", _read_euro_before, 2),
    "eur_after": (_eur_after, r"^-?[0-9]{1,3}(\.[0-9]{3})*,[0-9]{2} EUR$", _read_eur_after, 2),
    "ledger_parens": (_ledger, r"^(\([0-9]+\.[0-9]{2}\)|[0-9]+\.[0-9]{2})$", _read_ledger, 2),
    "usd_whole": (_usd_whole, r"^-?USD [0-9]+$", _read_usd_whole, 0),
}
MONEY_NAMES = ["balance", "price_text", "limit_amt", "total", "fee"]

#: (kind, seed, rows)
MONEY_CASES = [
    ("us_dollars", 1, 30),
    ("us_dollars", 2, 2000),
    ("euro_before", 3, 200),
    ("euro_before", 4, 45),
    ("eur_after", 5, 600),
    ("eur_after", 6, 90),
    ("ledger_parens", 7, 300),
    ("ledger_parens", 8, 1200),
    ("usd_whole", 9, 150),
    ("usd_whole", 10, 40),
]

DATE_NAMES = ["posted", "booked", "cleared", "value_ymd"]
#: (stored as, seed, rows)
DATE_CASES = [("integer", 11, 30), ("integer", 12, 800), ("text", 13, 120), ("text", 14, 2000), ("integer", 15, 300)]

ZONE_NAMES = ["created_at", "logged", "stamp", "event_time"]
#: (offset written, seed, rows)
ZONE_CASES = [("+01:00", 21, 40), ("-05:00", 22, 500), ("+05:30", 23, 1500), ("+0200", 24, 200), ("Z", 25, 80)]


def _nulls(rng: Rng, values: list[object], share: float) -> list[object]:
    return [None if rng.random() < share else v for v in values]


def _write(path: Path, name: str, sql_type: str, values: list[object], rng: Rng) -> None:
    n = len(values)
    con = sqlite3.connect(path)
    con.execute(f"create table entries (entry_id integer primary key, region text, {name} {sql_type})")
    regions = [str(r) for r in rng.choice(["north", "south", "east", "west"], n)]
    con.executemany("insert into entries values (?, ?, ?)", list(zip(range(1, n + 1), regions, values, strict=True)))
    con.commit()
    con.close()


def _sampled(tmp_path: Path, db: Path, seed: int, column: str) -> list[str]:
    """The column of a sample of a model fitted on ``db``, as the CSV it is written to holds it (text)."""
    simulacra.fit(db, output=tmp_path / "model", seed=seed)
    out = tmp_path / "sample.csv"
    simulacra.sample(tmp_path / "model", output=out, seed=seed + 1, null_markers=False)
    frame = pl.read_csv(out, infer_schema=False)
    return [v for v in frame.get_column(column).to_list() if v is not None]


def _drafted(tmp_path: Path, db: Path, column: str) -> tuple[object, str]:
    """(the inspection's profile of ``entries.column``, the draft's text); the source passes its draft."""
    ins = inspect(db)
    draft = ins.write(tmp_path / "draft.yaml")
    failed = [f"{f.table}.{f.column} {f.check}" for f in simulacra.check(draft, db) if not f.ok]
    assert not failed, failed
    simulacra.validate(draft, db)
    return ins.columns[("entries", column)], Path(draft).read_text(encoding="utf-8")


@pytest.mark.parametrize(("kind", "seed", "n"), MONEY_CASES)
def test_amounts_with_their_currency_are_learned_as_amounts(tmp_path: Path, kind: str, seed: int, n: int) -> None:
    write, shape, read, decimals = MONEY[kind]
    rng = np.random.default_rng(seed)
    amounts = np.round(rng.lognormal(5.0, 1.3, n), decimals)
    amounts[rng.random(n) < 0.2] *= -1
    name = MONEY_NAMES[seed % len(MONEY_NAMES)]
    values = _nulls(rng, [write(float(v)) for v in amounts], 0.1)
    db = tmp_path / "source.db"
    _write(db, name, "text", values, rng)
    written = [read(str(v)) for v in values if v is not None]
    lo, hi = min(written), max(written)

    profile, draft = _drafted(tmp_path, db, name)
    assert profile.kind == "numeric" and (profile.parse_format or "").startswith("money"), profile  # type: ignore[attr-defined]
    line = next(x for x in draft.splitlines() if x.strip().startswith(f"{name}:"))
    assert "pattern" not in line and "money" in line, line

    got = _sampled(tmp_path, db, seed, name)
    assert got, "no amounts sampled"
    bad = [v for v in got if not re.match(shape, v)]
    assert not bad, f"{len(bad)} of {len(got)} sampled values not written as the source wrote them: {bad[:5]}"
    out = [read(v) for v in got if lo - 1e-9 > read(v) or read(v) > hi + 1e-9]
    assert not out, f"amounts outside the source's {lo}..{hi}: {out[:5]}"
    assert len({read(v) for v in got}) > min(10, len(got) // 3), "amounts copied or constant, not drawn"


@pytest.mark.parametrize(("stored", "seed", "n"), DATE_CASES)
def test_dates_written_yyyymmdd_are_dates(tmp_path: Path, stored: str, seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    start = dt.date(1990 + seed, 1, 1)
    days = [start + dt.timedelta(days=int(d)) for d in rng.integers(0, 3000, n)]
    ymd = [int(f"{d:%Y%m%d}") if stored == "integer" else f"{d:%Y%m%d}" for d in days]
    name = DATE_NAMES[seed % len(DATE_NAMES)]
    values = _nulls(rng, list(ymd), 0.08)
    db = tmp_path / "source.db"
    _write(db, name, stored, values, rng)
    kept = [d for d, v in zip(days, values, strict=True) if v is not None]

    profile, draft = _drafted(tmp_path, db, name)
    assert profile.kind == "date" and profile.parse_format == "%Y%m%d", profile  # type: ignore[attr-defined]
    line = next(x for x in draft.splitlines() if x.strip().startswith(f"{name}:"))
    assert "generator: date" in line and "%Y%m%d" in line, line

    got = _sampled(tmp_path, db, seed, name)
    assert got and all(re.match(r"^[0-9]{8}$", v) for v in got), got[:5]
    read = [dt.datetime.strptime(v, "%Y%m%d").date() for v in got]  # raises on 20219977
    assert min(kept) <= min(read) and max(read) <= max(kept), (min(read), max(read), min(kept), max(kept))


@pytest.mark.parametrize(("zone", "seed", "n"), ZONE_CASES)
def test_datetimes_with_a_zone_keep_it(tmp_path: Path, zone: str, seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    base = dt.datetime(2019, 1, 1) + dt.timedelta(days=seed * 30)
    stamps = [base + dt.timedelta(seconds=int(s)) for s in rng.integers(0, 2 * 365 * 86_400, n)]
    name = ZONE_NAMES[seed % len(ZONE_NAMES)]
    values = _nulls(rng, [f"{s:%Y-%m-%dT%H:%M:%S}{zone}" for s in stamps], 0.1)
    db = tmp_path / "source.db"
    _write(db, name, "text", values, rng)
    kept = [s for s, v in zip(stamps, values, strict=True) if v is not None]

    profile, draft = _drafted(tmp_path, db, name)
    assert profile.kind == "datetime" and (profile.parse_format or "").endswith(zone), profile  # type: ignore[attr-defined]
    line = next(x for x in draft.splitlines() if x.strip().startswith(f"{name}:"))
    assert "generator: datetime" in line and zone in line, line

    got = _sampled(tmp_path, db, seed, name)
    shape = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}" + re.escape(zone) + "$"
    bad = [v for v in got if not re.match(shape, v)]
    assert got and not bad, bad[:5]
    read = [dt.datetime.strptime(v[:19], "%Y-%m-%dT%H:%M:%S") for v in got]
    assert min(kept) <= min(read) and max(read) <= max(kept), (min(read), max(read))


def test_amounts_that_read_two_ways_stay_as_they_are_and_say_why(tmp_path: Path) -> None:
    """``€1,234`` alone is a thousand in one convention and one and a fraction in the other: no amounts are
    guessed; the column is drafted as before and ``inspect`` says why."""
    rng = np.random.default_rng(31)
    values = [f"€{int(a)},{int(b):03d}" for a, b in zip(rng.integers(1, 99, 200), rng.integers(0, 999, 200))]
    db = tmp_path / "source.db"
    _write(db, "amount", "text", list(values), rng)
    ins = inspect(db)
    profile = ins.columns[("entries", "amount")]
    assert profile.kind != "numeric", profile
    assert "two ways" in profile.evidence, profile.evidence
