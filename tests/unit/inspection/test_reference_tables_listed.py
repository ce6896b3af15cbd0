"""A small lookup table that fit copies as reference data is drafted as such (issue 13, learn-labs).

Planted in SQLite databases written here, names from a seed: a lookup table of a few rows (each label once or
twice) that a larger table references. Its labels were drafted as placeholders (``name {seq}``) or pooled as
``(other)``, so the source failed ``validate`` against its own draft on the rows fit copies. Controls: a larger
table (over 100 rows) with labels as rare keeps its placeholders; a small referenced table of e-mail addresses
is not a lookup (not copied) and lists nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.pipeline import check

NAMES = [("wards", "label", "specialty", "stays"), ("depots", "title", "region", "shipments")]
LABELS = ["Cedar", "Birch", "Maple", "Willow", "Aspen", "Rowan", "Hazel", "Alder", "Larch", "Holly", "Elm", "Yew"]


def _database(tmp_path: Path, seed: int) -> tuple[Path, tuple[str, ...]]:
    rng = np.random.default_rng(seed)
    lookup, label, group, child = NAMES[seed % len(NAMES)]
    n = int(rng.integers(7, 12))
    groups = ["North Wing", "South Wing", "East Block", "West Block"]
    rows = [
        (i + 1, f"{LABELS[i]} {'AB'[i % 2]}", groups[i % 3 + (seed % 2)], int(rng.integers(1, 6))) for i in range(n)
    ]
    big = [(i + 1, f"{LABELS[i % len(LABELS)]} {i}", str(rng.choice(["x", "y"]))) for i in range(150)]
    kids = [
        (i + 1, int(rng.integers(1, n + 1)), int(rng.integers(1, 151)), int(rng.integers(1, 9))) for i in range(600)
    ]
    people = [(i + 1, f"{rng.choice(['ann', 'bob', 'cai', 'dee'])}.{LABELS[i].lower()}@example.org") for i in range(8)]
    db = tmp_path / f"ref{seed}.db"
    with sqlite3.connect(db) as con:
        con.execute(f"CREATE TABLE {lookup} (id INTEGER PRIMARY KEY, {label} TEXT, {group} TEXT, floor INTEGER)")
        con.execute("CREATE TABLE catalogue (cid INTEGER PRIMARY KEY, item TEXT, kind TEXT)")
        con.execute("CREATE TABLE clerks (kid INTEGER PRIMARY KEY, email TEXT)")
        con.execute(
            f"CREATE TABLE {child} (sid INTEGER PRIMARY KEY, id INTEGER REFERENCES {lookup}(id), "
            "cid INTEGER REFERENCES catalogue(cid), kid INTEGER REFERENCES clerks(kid))"
        )
        con.executemany(f"INSERT INTO {lookup} VALUES (?,?,?,?)", rows)
        con.executemany("INSERT INTO catalogue VALUES (?,?,?)", big)
        con.executemany("INSERT INTO clerks VALUES (?,?)", people)
        con.executemany(f"INSERT INTO {child} VALUES (?,?,?,?)", [(s, a, b, c % 8 + 1) for s, a, b, c in kids])
    return db, (lookup, label, group, child)


@pytest.mark.parametrize("seed", [0, 1])
def test_a_copied_lookup_table_lists_its_labels_and_the_source_validates(tmp_path: Path, seed: int) -> None:
    db, (lookup, label, group, child) = _database(tmp_path, seed)
    draft = inspect(db)
    cols = draft.spec.tables[lookup].columns
    for c in (label, group):
        assert cols[c].generator == "categorical", c  # base: a placeholder pattern ('label {seq}')
    assert any(f"table '{lookup}': a lookup table fit copies" in n for n in draft.notes)
    # the control tables: a large table's rare labels, a small table of people's names
    assert draft.spec.tables["catalogue"].columns["item"].generator == "pattern"
    assert draft.spec.tables["clerks"].columns["email"].generator == "email"  # personal: not copied, not listed
    path = draft.write(tmp_path / "draft.yaml")
    failed = [f for f in check(path, db) if not f.ok and f.table == lookup]
    assert not failed, [f.problem() for f in failed]  # the source validates against its own draft
    # fit still copies the table, and a sample's rows pass the same draft
    simulacra.fit(db, spec=path, output=tmp_path / "model")
    simulacra.sample(tmp_path / "model", tmp_path / "out.db", seed=1)
    with sqlite3.connect(db) as a, sqlite3.connect(tmp_path / "out.db") as b:
        q = f"select id, {label}, {group} from {lookup} order by id"
        assert a.execute(q).fetchall() == b.execute(q).fetchall()
