"""One row per parent and day, the parent being the table's own context (one event per branch and day; one
attendance per enrolment and day), drafted as ``unique: [parent, day]`` and kept by fit -> sample (issue 13,
the library and school probes). Only a second parent's date was drafted before (a route per driver and date);
the context parent's was not, so a sample could repeat a (branch, day). Planted in generated databases of
several shapes, names and seeds; where chance repeats pairs in the source nothing is drafted.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import pytest

import simulacra
from simulacra.inspection import inspect

SHAPES = [("branches", "events", "event_date"), ("enrolments", "attendance", "day"), ("wards", "rounds", "held_on")]


def database(tmp_path: Path, seed: int, *, rule: bool = True) -> tuple[Path, tuple[str, str, str]]:
    """Parents with 20-45 rows each on days of a 70-day span: distinct days per parent when ``rule``, else
    drawn with repeats."""
    rng = np.random.default_rng(seed)
    parent, child, day = SHAPES[seed % len(SHAPES)]
    n_p = int(rng.integers(25, 40))
    start = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 300)))
    rows: list[tuple[int, int, str, str, int]] = []
    for p in range(1, n_p + 1):
        k = int(rng.integers(20, 46))
        offsets = rng.choice(70, k, replace=not rule)
        for o in offsets:
            when = start + dt.timedelta(days=int(o))
            rows.append(
                (len(rows) + 1, p, when.isoformat(), str(rng.choice(["a", "b", "c"])), int(rng.integers(0, 50)))
            )
    db = tmp_path / f"{child}{seed}.db"
    with sqlite3.connect(db) as con:
        con.execute(f"CREATE TABLE {parent} (pid INTEGER PRIMARY KEY, name TEXT)")
        con.execute(
            f"CREATE TABLE {child} (cid INTEGER PRIMARY KEY, pid INTEGER REFERENCES {parent}(pid), {day} DATE, "
            "kind TEXT, size INTEGER)"
        )
        con.executemany(f"INSERT INTO {parent} VALUES (?,?)", [(p, f"p{p}") for p in range(1, n_p + 1)])
        con.executemany(f"INSERT INTO {child} VALUES (?,?,?,?,?)", rows)
    return db, (parent, child, day)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_one_row_per_context_parent_and_day_is_drafted_and_kept(tmp_path: Path, seed: int) -> None:
    db, (parent, child, day) = database(tmp_path, seed)
    spec = inspect(db).spec
    assert spec.tables[child].rows.per == parent  # type: ignore[union-attr]
    uniques = [tuple(c.unique) for c in spec.constraints if c.table == child and c.unique]
    assert ("pid", day) in uniques
    simulacra.fit(db, spec=spec, output=tmp_path / "model")
    got = simulacra.sample(tmp_path / "model", seed=3).frames[child]
    assert got.height > 400 and got[day].null_count() == 0
    assert got.select("pid", day).is_duplicated().sum() == 0


@pytest.mark.parametrize("seed", [0, 1])
def test_repeated_days_are_not_drafted_unique(tmp_path: Path, seed: int) -> None:
    db, (_parent, child, day) = database(tmp_path, seed, rule=False)
    spec = inspect(db).spec
    uniques = [tuple(c.unique) for c in spec.constraints if c.table == child and c.unique]
    assert ("pid", day) not in uniques
