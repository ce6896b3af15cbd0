"""A source validates against its own draft when an expression reads dates a database holds as ISO text
(issue 13, learn-labs): SQLite has no date type, so ``YEAR(admitted_on) - YEAR(people.born)`` could not be
recomputed ("`year` operation not supported for dtype `str`", every row failed). Planted in SQLite files written
here: an age from a parent's birth date and the row's date, in days or with times, names from a seed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from simulacra.inspection import inspect
from simulacra.pipeline import check

NAMES = [("people", "born", "visits", "seen_on", "age"), ("members", "birth", "stays", "admitted", "age_years")]


def _database(tmp_path: Path, seed: int) -> tuple[Path, tuple[str, ...]]:
    rng = np.random.default_rng(seed)
    top, born, child, when, age = NAMES[seed % len(NAMES)]
    people, rows = [], []
    for pid in range(1, 120):
        b = np.datetime64("1940-01-01") + int(rng.integers(0, 25000))
        people.append((pid, str(b)))
        for _ in range(int(rng.integers(1, 4))):
            d = np.datetime64("2020-01-01") + int(rng.integers(0, 1400))
            y = d.astype(object).year - b.astype(object).year
            if (d.astype(object).month, d.astype(object).day) < (b.astype(object).month, b.astype(object).day):
                y -= 1
            at = f"{d} {int(rng.integers(0, 24)):02d}:{int(rng.integers(0, 60)):02d}:00" if seed % 2 else str(d)
            rows.append((len(rows) + 1, pid, at, y))
    db = tmp_path / f"ages{seed}.db"
    with sqlite3.connect(db) as con:
        con.execute(f"CREATE TABLE {top} (pid INTEGER PRIMARY KEY, {born} TEXT)")
        con.execute(
            f"CREATE TABLE {child} (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES {top}(pid), {when} TEXT, {age} INTEGER)"
        )
        con.executemany(f"INSERT INTO {top} VALUES (?,?)", people)
        con.executemany(f"INSERT INTO {child} VALUES (?,?,?,?)", rows)
    return db, (top, born, child, when, age)


@pytest.mark.parametrize("seed", [0, 1])
def test_an_age_over_text_dates_recomputed_on_the_source(tmp_path: Path, seed: int) -> None:
    db, (top, born, child, when, age) = _database(tmp_path, seed)
    draft = inspect(db)
    assert draft.spec.tables[child].columns[age].generator == "expression"
    path = draft.write(tmp_path / "draft.yaml")
    found = [f for f in check(path, db, declared=True) if f.table == child and f.column == age]
    assert found, "the expression was not checked"
    bad = [f.problem() for f in found if not f.ok]
    assert not bad, bad  # base: could not be recomputed, every row
    # a planted wrong age is found, once
    with sqlite3.connect(db) as con:
        con.execute(f"UPDATE {child} SET {age} = {age} + 7 WHERE id = 5")
    bad = [f for f in check(path, db, declared=True) if f.table == child and f.column == age and not f.ok]
    assert len(bad) == 1 and bad[0].failed == 1, [f.problem() for f in bad]
