"""A database's own UNIQUE and CHECK constraints, read, drafted and kept by ``fit`` and ``sample`` (issue 13).

Planted (per seed, table names differ between seeds): drivers (a car number unique through a UNIQUE INDEX), races
(UNIQUE (season, round), a round range), results (UNIQUE (race_id, driver_id), points in a range, no points
unless finished) and bookings (a code UNIQUE on the column, quantity > 0, an order of two dates, a status list,
a guarded discount bounded by the price, a price range, a LIKE). The same DDL goes into a SQLite file, a DuckDB
file and a real PostgreSQL database, each with one check of its own the spec's SQL cannot hold (SQLite GLOB,
PostgreSQL's ``SIMILAR TO``, DuckDB's ``regexp_full_match``). Learned and sampled straight from the database (no
hand-made spec): every declared check must hold on every sampled row as the ENGINE reads it (the rows are
inserted into a fresh SQLite table declared with the same checks and uniques; a refused row counts), the
declared unique columns and pairs have no duplicates, the drafted spec says each comes from the database, and
the check it cannot hold is named (table, constraint) in the notes with why.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest
import sqlalchemy as sa

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import read_source

NAMES = {
    1: {"drivers": "drivers", "races": "races", "results": "results", "bookings": "bookings"},
    2: {"drivers": "pilots", "races": "events", "results": "entries", "bookings": "stays"},
}
# the checks each table declares (name -> text), portable: SQLite, DuckDB and PostgreSQL take them as written
CHECKS = {
    "races": {"round_range": "round BETWEEN 1 AND 20"},
    "results": {
        "points_range": "points >= 0 AND points <= 25",
        "points_finished": "status = 'finished' OR points = 0",
    },
    "bookings": {
        "quantity_positive": "quantity > 0",
        "dates_ordered": "end_date >= start_date",
        "status_list": "status IN ('open', 'closed', 'void')",
        "discount_bounded": "discount IS NULL OR discount <= 0.5 * price",
        "price_range": "price BETWEEN 5 AND 500",
        "code_form": "code LIKE 'B%'",
    },
}
UNIQUE = {"races": [("season", "round")], "results": [("race_id", "driver_id")], "bookings": [("code",)]}
INDEXED = {"drivers": [("number",)]}  # a UNIQUE INDEX, not a constraint
# per engine, a check the spec's SQL cannot hold: (table, name, text)
ODD = {
    "sqlite": ("bookings", "code_glob", "code GLOB 'B[0-9]*'"),
    "postgresql": ("bookings", "code_similar", "code SIMILAR TO 'B[0-9]+'"),
    "duckdb": ("bookings", "code_regex", "regexp_full_match(code, 'B[0-9]+')"),
}
# DuckDB keeps no constraint's name (it names each from its table and columns): its note names the check by its text
SAID = {"sqlite": "code_glob", "postgresql": "code_similar", "duckdb": "regexp_full_match"}
COLUMNS = {
    "drivers": "driver_id INTEGER PRIMARY KEY, number INTEGER NOT NULL, name TEXT",
    "races": "race_id INTEGER PRIMARY KEY, season INTEGER NOT NULL, round INTEGER NOT NULL, venue TEXT",
    "results": "result_id INTEGER PRIMARY KEY, race_id INTEGER NOT NULL REFERENCES {races}(race_id), "
    "driver_id INTEGER NOT NULL REFERENCES {drivers}(driver_id), points INTEGER NOT NULL, status TEXT NOT NULL",
    "bookings": "booking_id INTEGER PRIMARY KEY, code TEXT NOT NULL, start_date DATE NOT NULL, end_date DATE NOT "
    "NULL, quantity INTEGER NOT NULL, status TEXT NOT NULL, price DOUBLE PRECISION NOT NULL, discount DOUBLE PRECISION",
}


def planted(seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    nd = int(rng.integers(18, 26))
    drivers = pl.DataFrame(
        {
            "driver_id": np.arange(1, nd + 1),
            "number": rng.choice(np.arange(1, 100), nd, replace=False),
            "name": [f"driver {i}" for i in range(nd)],
        }
    )
    seasons = int(rng.integers(2, 4))
    rounds = int(rng.integers(12, 19))
    races = pl.DataFrame(
        {
            "race_id": np.arange(1, seasons * rounds + 1),
            "season": np.repeat(2020 + np.arange(seasons), rounds),
            "round": np.tile(np.arange(1, rounds + 1), seasons),
            "venue": rng.choice(["monza", "spa", "suzuka", "interlagos", "silverstone"], seasons * rounds),
        }
    )
    rid, did, pts, st = [], [], [], []
    for r in races["race_id"]:
        k = int(rng.integers(5, 10))
        grid = rng.choice(np.arange(1, nd + 1), k, replace=False)
        finished = rng.uniform(size=k) < 0.75
        rid += [r] * k
        did += grid.tolist()
        pts += np.where(finished, rng.integers(0, 26, k), 0).tolist()
        st += np.where(finished, "finished", rng.choice(["retired", "disqualified"], k)).tolist()
    results = pl.DataFrame(
        {"result_id": np.arange(1, len(rid) + 1), "race_id": rid, "driver_id": did, "points": pts, "status": st}
    )
    nb = int(rng.integers(150, 231))
    start = np.datetime64("2023-01-01") + rng.integers(0, 500, nb).astype("timedelta64[D]")
    price = np.round(rng.uniform(5, 500, nb), 2)
    discount = np.round(price * rng.uniform(0, 0.5, nb), 2)
    bookings = pl.DataFrame(
        {
            "booking_id": np.arange(1, nb + 1),
            "code": [f"B{v:05d}" for v in rng.choice(np.arange(10_000, 99_999), nb, replace=False)],
            "start_date": start,
            "end_date": start + rng.integers(0, 15, nb).astype("timedelta64[D]"),
            "quantity": rng.integers(1, 9, nb),
            "status": rng.choice(["open", "closed", "void"], nb, p=[0.5, 0.4, 0.1]),
            "price": price,
            "discount": pl.Series(discount).set(pl.Series(rng.uniform(size=nb) < 0.4), None),
        }
    )
    return {"drivers": drivers, "races": races, "results": results, "bookings": bookings}


def _ddl(seed: int, engine: str | None) -> list[str]:
    """CREATE TABLE (and UNIQUE INDEX) statements, in the seed's table names; ``engine``'s own check added."""
    n = NAMES[seed]
    out = []
    for t, cols in COLUMNS.items():
        parts = [cols.format(**n)]
        parts += [f"CONSTRAINT {n[t]}_u{i} UNIQUE ({', '.join(u)})" for i, u in enumerate(UNIQUE.get(t, []))]
        parts += [f"CONSTRAINT {name} CHECK ({c})" for name, c in CHECKS.get(t, {}).items()]
        if engine is not None and ODD[engine][0] == t:
            parts.append(f"CONSTRAINT {ODD[engine][1]} CHECK ({ODD[engine][2]})")
        out.append(f"CREATE TABLE {n[t]} ({', '.join(parts)})")
        out += [f"CREATE UNIQUE INDEX {n[t]}_x{i} ON {n[t]} ({', '.join(u)})" for i, u in enumerate(INDEXED.get(t, []))]
    return out


def _rows(frame: pl.DataFrame) -> list[tuple[object, ...]]:
    return [tuple(None if v is None else (v.isoformat() if hasattr(v, "isoformat") else v) for v in r) for r in frame.iter_rows()]  # fmt: skip


def _into_sqlite(path: Path, seed: int, frames: dict[str, pl.DataFrame]) -> None:
    con = sqlite3.connect(path)
    for ddl in _ddl(seed, "sqlite"):
        con.execute(ddl.replace("DOUBLE PRECISION", "REAL"))
    for t, f in frames.items():
        con.executemany(f"INSERT INTO {NAMES[seed][t]} VALUES ({', '.join('?' * f.width)})", _rows(f))
    con.commit()
    con.close()


def _into_duckdb(path: Path, seed: int, frames: dict[str, pl.DataFrame]) -> list[str]:
    """The database, and the names DuckDB gives the portable checks (it keeps none of the names written)."""
    con = duckdb.connect(str(path))
    for ddl in _ddl(seed, "duckdb"):
        con.execute(ddl)
    for t, f in frames.items():
        con.register("f", f.to_arrow())
        con.execute(f"INSERT INTO {NAMES[seed][t]} SELECT * FROM f")
        con.unregister("f")
    names = [
        n
        for n, e in con.execute(
            "SELECT constraint_name, expression FROM duckdb_constraints() WHERE constraint_type = 'CHECK'"
        ).fetchall()
        if "regexp" not in e
    ]
    con.close()
    return names


def _into_postgres(url: str, seed: int, frames: dict[str, pl.DataFrame]) -> None:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as con:
        for ddl in _ddl(seed, "postgresql"):
            con.execute(sa.text(ddl))
        for t, f in frames.items():
            marks = ", ".join(f":p{i}" for i in range(f.width))
            con.execute(
                sa.text(f"INSERT INTO {NAMES[seed][t]} VALUES ({marks})"),
                [{f"p{i}": v for i, v in enumerate(r)} for r in f.iter_rows()],
            )
    engine.dispose()


def _refused(seed: int, frames: dict[str, pl.DataFrame]) -> dict[str, int]:
    """Rows a fresh SQLite table declared with the portable checks and uniques refuses, per table (none: {})."""
    con = sqlite3.connect(":memory:")
    for ddl in _ddl(seed, None):
        con.execute(re.sub(r" REFERENCES \w+\(\w+\)", "", ddl.replace("DOUBLE PRECISION", "REAL")))
    out: dict[str, int] = {}
    for t, f in frames.items():
        table = NAMES[seed][t]
        names = list(f.columns)
        n = 0
        for r in _rows(f):
            try:
                con.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", r)
            except sqlite3.IntegrityError:
                n += 1
        if n:
            out[t] = n
    con.close()
    return out


def _learned(location: str, seed: int, engine: str, check_names: list[str] | None = None) -> dict[str, object]:
    """What the learned sample breaks, and what the draft fails to say (nothing: {})."""
    src = read_source(location)
    insp = inspect(src)
    names = {v: k for k, v in NAMES[seed].items()}
    frames = {names[t]: f for t, f in src.frames.items()}
    found: dict[str, object] = {}
    assert _refused(seed, frames) == {}  # the source keeps every check
    # the draft: each declared unique and check, said to come from the database; the odd check named in a note
    spec = insp.spec
    for t, sets in {**UNIQUE, **INDEXED}.items():
        tn = NAMES[seed][t]
        for u in sets:
            if len(u) == 1:
                col = spec.tables[tn].columns[u[0]]
                held = getattr(col, "unique", False)
            else:
                held = any(c.table == tn and set(c.unique or []) == set(u) for c in spec.constraints)
            if not held:
                found[f"{tn}: unique {u} not drafted"] = True
    said = " | ".join(insp.comments.values())
    wanted = check_names or [n for checks in CHECKS.values() for n in checks]
    for name in dict.fromkeys(wanted):
        if said.count(name) < wanted.count(name):
            found[f"check {name} not drafted from the database"] = True
    t, name = ODD[engine][0], SAID[engine]
    if not any(NAMES[seed][t] in n and name in n for n in insp.notes):
        found[f"{name}: left out without a note"] = True
    # the sample: every row the engine takes, no duplicates
    out = DatasetSynthesizer(seed=0).fit(src.frames, spec).sample(seed=seed)
    sampled = {names[t]: f for t, f in out.items()}
    found |= {f"{NAMES[seed][t]}: rows refused": n for t, n in _refused(seed, sampled).items()}
    return found


@pytest.mark.parametrize("seed", [1, 2])
def test_sqlite_declared_structure_kept(tmp_path: Path, seed: int) -> None:
    _into_sqlite(tmp_path / "db.sqlite", seed, planted(seed))
    assert _learned(str(tmp_path / "db.sqlite"), seed, "sqlite") == {}


@pytest.mark.parametrize("seed", [1, 2])
def test_duckdb_declared_structure_kept(tmp_path: Path, seed: int) -> None:
    names = _into_duckdb(tmp_path / "db.duckdb", seed, planted(seed))
    assert len(names) == sum(map(len, CHECKS.values()))
    assert _learned(str(tmp_path / "db.duckdb"), seed, "duckdb", names) == {}


@pytest.mark.parametrize("seed", [1, 2])
def test_postgres_declared_structure_kept(postgres_db: str, seed: int) -> None:
    _into_postgres(postgres_db, seed, planted(seed))
    assert _learned(postgres_db, seed, "postgresql") == {}


def test_read_database_reflects_declared_structure(tmp_path: Path) -> None:
    """The reader itself: uniques (constraint and index) and checks per table, the file still read-only."""
    from simulacra.io import read_database

    path = tmp_path / "db.sqlite"
    _into_sqlite(path, 2, planted(2))
    before = path.read_bytes()
    db = read_database(path)
    assert path.read_bytes() == before
    uniques = {t: sorted(tuple(u) for u in us) for t, us in getattr(db, "unique", {}).items()}
    assert uniques == {"pilots": [("number",)], "events": [("season", "round")], "entries": [("race_id", "driver_id")], "stays": [("code",)]}  # fmt: skip
    checks = {t: sorted(n for n, _ in cs) for t, cs in getattr(db, "checks", {}).items()}
    assert checks == {
        "events": ["round_range"],
        "entries": ["points_finished", "points_range"],
        "stays": sorted([*CHECKS["bookings"], "code_glob"]),
    }
