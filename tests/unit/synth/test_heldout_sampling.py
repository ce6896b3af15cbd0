"""Two classes a held-out hospital database (``benchmarks/heldout_hospital.py``) stopped ``sample`` on (issue 13).

Planted in SQLite databases the test writes, names drawn from a seed: people -> stays -> dated tests, and a bill
per stay. A stay counts its tests (an aggregate, so the stay is held until its tests are made) and a bill's
person is its stay's (a key matched through the stay):

* the bill was checked, written table by table, before the stay was given out, so the match could not be
  read ("match could not be checked: 'stays'") and every sample was refused;
* the tests are dated events (a sequence, drawn position by position) with one test of a kind per stay: the
  sequence's rows are not redrawn, so repeated kinds stayed and the sample was refused.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect

NAMES = [("people", "stays", "bills", "tests", "kind"), ("owners", "visits", "charges", "treatments", "code")]


def hospital(tmp_path: Path, seed: int) -> tuple[Path, tuple[str, ...]]:
    rng = np.random.default_rng(seed)
    top, mid, bill, ev, kind = NAMES[seed % len(NAMES)]
    # seed 1: one kind is missing (a CSV's "NA" read as null): a second null within a stay repeats too
    kinds = ["GLU", "K", None if seed % 2 else "NA", "HB", "CRP", "WBC"]
    n = int(rng.integers(120, 200))
    people = [(i, str(rng.choice(["F", "M"]))) for i in range(1, n + 1)]
    stays, bills, events = [], [], []
    for pid, _ in people:
        for _ in range(int(rng.integers(1, 4))):
            sid = len(stays) + 1
            start = np.datetime64("2021-01-01") + int(rng.integers(0, 700))
            picked = [kinds[i] for i in rng.permutation(len(kinds))[: int(rng.integers(1, len(kinds) + 1))]]
            for k, code in enumerate(picked):
                events.append((len(events) + 1, sid, code, str(start + k + int(rng.integers(0, 2)))))
            stays.append((sid, pid, str(start), len(picked)))
            bills.append((sid, sid, pid, round(float(rng.gamma(2, 300)), 2)))
    db = tmp_path / f"h{seed}.db"
    with sqlite3.connect(db) as con:
        con.execute(f"CREATE TABLE {top} (pid INTEGER PRIMARY KEY, sex TEXT)")
        con.execute(f"CREATE TABLE {mid} (sid INTEGER PRIMARY KEY, pid INTEGER, since TEXT, n_{ev} INTEGER)")
        con.execute(f"CREATE TABLE {bill} (bid INTEGER PRIMARY KEY, sid INTEGER, pid INTEGER, amount REAL)")
        con.execute(f"CREATE TABLE {ev} (eid INTEGER PRIMARY KEY, sid INTEGER, {kind} TEXT, taken TEXT)")
        con.executemany(f"INSERT INTO {top} VALUES (?,?)", people)
        con.executemany(f"INSERT INTO {mid} VALUES (?,?,?,?)", stays)
        con.executemany(f"INSERT INTO {bill} VALUES (?,?,?,?)", bills)
        con.executemany(f"INSERT INTO {ev} VALUES (?,?,?,?)", events)
    return db, (top, mid, bill, ev, kind)


def _read(db: Path) -> dict[str, pl.DataFrame]:
    with sqlite3.connect(db) as con:
        names = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
        return {n: pl.read_database(f'select * from "{n}"', con, infer_schema_length=None) for n in names}


@pytest.mark.parametrize("seed", [0, 1])
def test_a_held_parent_and_a_sequence_unique_within_its_parent_sample_and_hold(tmp_path: Path, seed: int) -> None:
    db, (top, mid, bill, ev, kind) = hospital(tmp_path, seed)
    draft = inspect(db)
    spec = draft.spec
    assert spec.tables[mid].columns[f"n_{ev}"].generator == "aggregate"  # the stay is held for its tests
    assert spec.tables[bill].columns["pid"].match  # the bill's person is its stay's
    assert any(c.table == ev and c.unique is not None and set(c.unique) == {"sid", kind} for c in spec.constraints)
    path = draft.write(tmp_path / "draft.yaml")
    model = simulacra.fit(db, spec=path, output=tmp_path / "model")
    assert model.model.tables_[ev].sequence_column == "taken"  # drawn position by position
    for s in (1, 2):
        out = tmp_path / f"out{s}.db"
        simulacra.sample(tmp_path / "model", out, seed=s, chunk_rows=64)  # refused before (both causes)
        got = _read(out)
        owner = got[bill].join(got[mid].select("sid", pl.col("pid").alias("__p")), on="sid")
        assert owner.height == got[bill].height > 100
        assert (owner["pid"] == owner["__p"]).all()
        assert got[ev].select("sid", kind).n_unique() == got[ev].height > 200
        assert got[ev][kind].drop_nulls().is_in(["GLU", "K", "NA", "HB", "CRP", "WBC"]).all()
        counts = got[mid].join(got[ev].group_by("sid").len(), on="sid", how="left")
        assert (counts[f"n_{ev}"] == counts["len"].fill_null(0)).all()
    # the same bytes whatever the run length (the free kinds are drawn from each row's own id)
    simulacra.sample(tmp_path / "model", tmp_path / "whole.db", seed=1)
    assert _read(tmp_path / "whole.db")[ev].equals(_read(tmp_path / "out1.db")[ev])
