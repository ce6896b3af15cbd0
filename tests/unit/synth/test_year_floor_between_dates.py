"""A least gap of whole years between two dates of a row (a member joins at 6 or older; a licence is issued
at 17 or older; an employee is hired at 18 or older), drafted as ``CAST(b AS DATE) >= DATE_ADD(CAST(a AS DATE), N, year)`` beside the
order ``a <= b`` and kept by fit -> sample (issue 13, the library probe: 11-18% of sampled members joined
younger than 6). The ranges of the two dates need not overlap, so no order was drafted before; the evidence
is that chance would have broken the floor in many rows. Planted in generated databases (a root table and a
child table, several floors, names and seeds); dates whose floor chance would keep anyway, and dates with no
floor, draft nothing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect

# (table, earlier date, later date, floor in years)
SHAPES = [
    ("members", "birth_date", "joined", 6),
    ("drivers", "born_on", "licensed_on", 17),
    ("staff", "dob", "hired", 18),
]


def _years(a: dt.date, b: dt.date) -> int:
    return b.year - a.year - ((b.month, b.day) < (a.month, a.day))


def database(
    tmp_path: Path, seed: int, *, floor: bool = True, child: bool = False, far: bool = False
) -> tuple[Path, tuple[str, str, str, int]]:
    """Rows whose later date is drawn over its range and redrawn until at least the floor after the earlier
    (``floor``); ``far`` puts the earlier dates decades before the later ones (chance keeps any floor)."""
    rng = np.random.default_rng(seed)
    table, a, b, years = SHAPES[seed % len(SHAPES)]
    n = int(rng.integers(400, 700))
    lo_a = dt.date(1930, 1, 1) if far else dt.date(1950, 1, 1)
    span_a = (dt.date(1960, 1, 1) if far else dt.date(2012, 1, 1)) - lo_a
    lo_b, span_b = dt.date(2013, 1, 1), dt.timedelta(days=3650)
    rows = []
    for i in range(n):
        x = lo_a + dt.timedelta(days=int(rng.integers(0, span_a.days)))
        y = lo_b + dt.timedelta(days=int(rng.integers(0, span_b.days)))
        while floor and _years(x, y) < years:
            x = lo_a + dt.timedelta(days=int(rng.integers(0, span_a.days)))
        rows.append((i + 1, (i % 12) + 1, x.isoformat(), y.isoformat(), str(rng.choice(["a", "b", "c"]))))
    db = tmp_path / f"{table}{seed}.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE sites (site_id INTEGER PRIMARY KEY, name TEXT)")
        con.executemany("INSERT INTO sites VALUES (?,?)", [(s, f"site {s}") for s in range(1, 13)])
        ref = " REFERENCES sites(site_id)" if child else ""
        con.execute(
            f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, site_id INTEGER{ref}, {a} DATE, {b} DATE, kind TEXT)"
        )
        con.executemany(f"INSERT INTO {table} VALUES (?,?,?,?,?)", rows)
    return db, (table, a, b, years)


@pytest.mark.parametrize("child", [False, True])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_year_floor_is_drafted_and_kept(tmp_path: Path, seed: int, child: bool) -> None:
    db, (table, a, b, years) = database(tmp_path, seed, child=child)
    spec = inspect(db).spec
    checks = {c.check for c in spec.constraints if c.table == table and c.check}
    assert {f"{a} <= {b}", f"CAST({b} AS DATE) >= DATE_ADD(CAST({a} AS DATE), {years}, year)"} <= checks
    simulacra.validate(spec, db)  # the source holds its own draft (its dates are ISO text in SQLite)
    simulacra.fit(db, spec=spec, output=tmp_path / "model")
    got = simulacra.sample(tmp_path / "model", seed=3).frames[table]
    assert got.height > 300
    pairs = zip(got[a].cast(pl.Date).to_list(), got[b].cast(pl.Date).to_list(), strict=True)
    assert min(_years(x, y) for x, y in pairs) >= years


@pytest.mark.parametrize("seed", [0, 1])
def test_no_floor_or_a_floor_chance_keeps_is_not_drafted(tmp_path: Path, seed: int) -> None:
    for name, kw in (("free", {"floor": False}), ("far", {"far": True})):
        folder = tmp_path / name
        folder.mkdir()
        db, (table, *_rest) = database(folder, seed, **kw)
        spec = inspect(db).spec
        checks = [c.check for c in spec.constraints if c.table == table and c.check]
        assert not any("DATE_ADD" in str(c) for c in checks), (name, checks)
