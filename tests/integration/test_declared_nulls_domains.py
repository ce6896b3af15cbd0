"""NOT NULL, DOMAIN checks, partial unique indexes and NULLS NOT DISTINCT: read from the database, drafted into
the spec and kept by ``sample`` (issue 13).

Planted per seed (table and domain names differ between seeds): members (an email unique through a UNIQUE INDEX
that is no constraint, a region NOT NULL, a nickname nullable that holds no null by chance, a score of a DOMAIN
``CHECK (VALUE BETWEEN 0 AND 100)``, a code of a DOMAIN ``NOT NULL CHECK (VALUE LIKE 'M%')``, a badge unique
WHERE active that the source never repeats, a tag UNIQUE NULLS NOT DISTINCT) and visits (a kind and minutes
NOT NULL, a rating of the score domain, a first-visit flag unique per member WHERE is_first, which the source
repeats among other rows). The same tables go into a real PostgreSQL database and (without domains and NULLS NOT
DISTINCT, which SQLite has not) a SQLite file. Learned straight from the database, then fitted on the rows with
gaps made in two declared NOT NULL columns (an extract with holes): every declared NOT NULL column must carry
``not_null`` in the spec (the nullable one without nulls must not) and hold no null in the sample; the domain
checks are in the spec as checks on their columns; the partial unique the source never repeats is kept, the one
it cannot hold and the NULLS NOT DISTINCT on a nullable column are named in the notes. The real check: the sample
is inserted row by row into a fresh database with the same DDL, and only those two named indexes may refuse a row.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import read_source

NAMES = {
    1: {"members": "members", "visits": "visits", "pct": "pct", "mcode": "mcode"},
    2: {"members": "clients", "visits": "sessions", "pct": "percent", "mcode": "client_code"},
    3: {"members": "patrons", "visits": "loans", "pct": "share", "mcode": "card"},
}
NOT_NULL = {"members": ["email", "region", "code", "active"], "visits": ["member_id", "kind", "minutes", "is_first"]}
GAPS = {"members": "region", "visits": "kind"}  # declared NOT NULL; the fitted rows get nulls there


def planted(seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    nm = int(rng.integers(90, 140))
    active = rng.uniform(size=nm) < 0.7
    tags = [f"t{i}" for i in rng.choice(10_000, nm, replace=False)]
    tags[int(rng.integers(nm))] = None  # NULLS NOT DISTINCT: one null at most
    members = pl.DataFrame(
        {
            "member_id": np.arange(1, nm + 1),
            "email": [f"user{i}@example.org" for i in rng.choice(100_000, nm, replace=False)],
            "region": rng.choice(["north", "south", "east", "west"], nm),
            "nickname": [f"nick{i % 37}" for i in range(nm)],
            "score": rng.integers(0, 101, nm),
            "code": [f"M{v}" for v in rng.choice(np.arange(1000, 9999), nm, replace=False)],
            "active": active,
            "badge": pl.Series(rng.choice(np.arange(100, 999), nm, replace=False)).set(pl.Series(~active), None),
            "tag": tags,
        }
    )
    counts = rng.integers(1, 6, nm)
    member = np.repeat(members["member_id"].to_numpy(), counts)
    first = np.concatenate([[True] + [False] * (k - 1) for k in counts])
    nv = len(member)
    visits = pl.DataFrame(
        {
            "visit_id": np.arange(1, nv + 1),
            "member_id": member,
            "kind": rng.choice(["walk-in", "booked", "online"], nv),
            "minutes": rng.integers(5, 120, nv),
            "rating": pl.Series(rng.integers(0, 101, nv)).set(pl.Series(rng.uniform(size=nv) < 0.2), None),
            "note": pl.Series([f"note {i % 11}" for i in range(nv)]).set(pl.Series(rng.uniform(size=nv) < 0.5), None),
            "is_first": first,
        }
    )
    return {"members": members, "visits": visits}


def _ddl(seed: int, engine: str) -> list[str]:
    n = NAMES[seed]
    pg = engine == "postgresql"
    score = n["pct"] if pg else "INTEGER CHECK (score BETWEEN 0 AND 100)"
    rating = n["pct"] if pg else "INTEGER CHECK (rating BETWEEN 0 AND 100)"
    code = n["mcode"] if pg else "TEXT NOT NULL CHECK (code LIKE 'M%')"
    # SQLite: flags as three-valued text (a two-valued column, 0/1 or 'y'/'n', is drafted boolean and the frame
    # read from SQLite then cannot be fitted: a defect of its own, not this file's; see ``_as_text``)
    boolean = "BOOLEAN" if pg else "TEXT"
    nnd = "NULLS NOT DISTINCT " if pg else ""
    out = []
    if pg:
        out += [
            f"CREATE DOMAIN {n['pct']} AS integer CHECK (VALUE BETWEEN 0 AND 100)",
            f"CREATE DOMAIN {n['mcode']} AS text NOT NULL CHECK (VALUE LIKE 'M%')",
        ]
    m, v = n["members"], n["visits"]
    out += [
        f"CREATE TABLE {m} (member_id INTEGER PRIMARY KEY, email TEXT NOT NULL, region TEXT NOT NULL, nickname TEXT, "
        f"score {score}, code {code}, active {boolean} NOT NULL, badge INTEGER, tag TEXT, "
        f"CONSTRAINT {m}_tag UNIQUE {nnd}(tag))",
        f"CREATE UNIQUE INDEX {m}_email ON {m} (email)",
        f"CREATE UNIQUE INDEX {m}_badge ON {m} (badge) WHERE active" + ("" if pg else " = 'yes'"),
        f"CREATE TABLE {v} (visit_id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL REFERENCES {m} (member_id), "
        f"kind TEXT NOT NULL, minutes INTEGER NOT NULL, rating {rating}, note TEXT, is_first {boolean} NOT NULL)",
        f"CREATE UNIQUE INDEX {v}_first ON {v} (member_id) WHERE is_first" + ("" if pg else " = 'yes'"),
    ]
    return out


def _as_text(frames: dict[str, pl.DataFrame], seed: int) -> dict[str, pl.DataFrame]:
    """SQLite's flags: true as 'yes', false as 'no' or 'later' (three values, not drafted boolean)."""
    rng = np.random.default_rng(200 + seed)
    out = {}
    for t, f in frames.items():
        flags = [c for c, d in f.schema.items() if d == pl.Boolean]
        out[t] = f.with_columns(
            pl.when(pl.col(c)).then(pl.lit("yes")).otherwise(pl.Series(rng.choice(["no", "later"], f.height))).alias(c)
            for c in flags
        )
    return out


def _load(execute: Any, seed: int, frames: dict[str, pl.DataFrame], pg: bool) -> dict[str, int]:
    """Insert ``frames`` row by row through ``execute(sql, row) -> error or None``: refused rows per the
    constraint or index the error names (or its first line). A visit of a refused member is not tried."""
    refused: dict[str, int] = {}
    gone: set[Any] = set()
    for t in ("members", "visits"):
        f = frames[t]
        marks = ", ".join(["%s" if pg else "?"] * f.width)
        sql = f"INSERT INTO {NAMES[seed][t]} ({', '.join(f.columns)}) VALUES ({marks})"
        for row in f.iter_rows(named=True):
            if t == "visits" and row["member_id"] in gone:
                continue
            err = execute(sql, tuple(row.values()))
            if err is not None:
                refused[err] = refused.get(err, 0) + 1
                if t == "members":
                    gone.add(row["member_id"])
    return refused


def _into_postgres(url: str, seed: int, frames: dict[str, pl.DataFrame]) -> dict[str, int]:
    import psycopg

    con = psycopg.connect(url, autocommit=True)
    try:
        for ddl in _ddl(seed, "postgresql"):
            con.execute(ddl)

        def execute(sql: str, row: tuple[Any, ...]) -> str | None:
            try:
                con.execute(sql, row)
            except psycopg.errors.IntegrityError as e:
                diag = e.diag
                return diag.constraint_name or f"{diag.table_name}.{diag.column_name}: {type(e).__name__}"
            return None

        return _load(execute, seed, frames, pg=True)
    finally:
        con.close()


def _into_sqlite(path: Path, seed: int, frames: dict[str, pl.DataFrame]) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        for ddl in _ddl(seed, "sqlite"):
            con.execute(ddl)

        def execute(sql: str, row: tuple[Any, ...]) -> str | None:
            try:
                con.execute(sql, row)
            except sqlite3.IntegrityError as e:
                return str(e)
            return None

        refused = _load(execute, seed, frames, pg=False)
        con.commit()
        return refused
    finally:
        con.close()


def _gapped(frames: dict[str, pl.DataFrame], seed: int) -> dict[str, pl.DataFrame]:
    """The rows with a share of each ``GAPS`` column blanked: what ``fit`` learns from."""
    rng = np.random.default_rng(100 + seed)
    out = {}
    for t, f in frames.items():
        c = NAMES[seed].get(GAPS[t], GAPS[t])
        holes = pl.Series(rng.uniform(size=f.height) < 0.25)
        out[NAMES[seed][t]] = f.with_columns(f.get_column(c).set(holes, None))
    return out


def _learned(
    location: str, seed: int, engine: str, again: bool = False
) -> tuple[dict[str, object], dict[str, pl.DataFrame]]:
    """What the draft fails to carry or say, and the sample (by the planted tables' names); with ``again``, also
    whether a second fit and sample give other bytes."""
    src = read_source(location)
    insp = inspect(src)
    spec = insp.spec
    n = NAMES[seed]
    found: dict[str, object] = {}
    for t, cols in NOT_NULL.items():
        tn = n[t]
        drafted = sorted(c.column for c in spec.constraints if c.table == tn and c.not_null and c.column)
        if drafted != sorted(cols):
            found[f"{tn}: not_null drafted {drafted}, declared {sorted(cols)}"] = True
    checks = {c.check for c in spec.constraints if c.check}
    for t, c in (("members", "score"), ("visits", "rating"), ("members", "code")):
        want = "code LIKE 'M%'" if c == "code" else f"{c} >= 0 AND {c} <= 100"
        alt = f"{c} BETWEEN 0 AND 100"
        if want not in checks and alt not in checks:
            found[f"{n[t]}.{c}: check of its type not drafted (have {sorted(checks)})"] = True
    badge = spec.tables[n["members"]].columns["badge"]
    if not getattr(badge, "unique", False):
        found[f"{n['members']}.badge: partial unique the source never repeats not kept"] = True
    said = " | ".join(insp.notes)
    if f"{n['visits']}_first" not in said or "is_first" not in said:
        found[f"{n['visits']}_first: partial unique the spec cannot hold not in the notes"] = True
    if engine == "postgresql" and ("NULLS NOT DISTINCT" not in said or f"{n['members']}_tag" not in said):
        found[f"{n['members']}_tag: NULLS NOT DISTINCT on a nullable column not in the notes"] = True
    frames = {t: src.frames[n[t]] for t in ("members", "visits")}
    fitted = _gapped(frames, seed)
    out = DatasetSynthesizer(seed=0).fit(fitted, spec).sample(seed=seed)
    sampled = {t: out[n[t]] for t in ("members", "visits")}
    if again:  # the same spec, rows and seeds fitted and sampled anew: the same bytes (house77)
        twice = DatasetSynthesizer(seed=0).fit(fitted, spec).sample(seed=seed)
        for t in out:
            if out[t].write_csv() != twice[t].write_csv():
                found[f"{t}: a second fit and sample with the same seeds gave other bytes"] = True
    for t, cols in NOT_NULL.items():
        for c in cols:
            nulls = sampled[t].get_column(c).null_count()
            if nulls:
                found[f"{n[t]}.{c}: {nulls} null(s) sampled in a NOT NULL column"] = nulls
    return found, sampled


# the indexes the spec cannot hold (named in the notes): the only ones that may refuse a sampled row
def _allowed(seed: int, engine: str) -> list[str]:
    n = NAMES[seed]
    if engine == "postgresql":
        return [f"{n['visits']}_first", f"{n['members']}_tag"]
    return [f"{n['visits']}.member_id"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_postgres_not_null_domains_partial_kept(postgres_url: str, seed: int) -> None:
    import psycopg

    base, _, _ = postgres_url.rpartition("/")
    admin = psycopg.connect(f"{base}/postgres", autocommit=True)
    names = [f"l92_src_{seed}", f"l92_out_{seed}"]
    try:
        for db in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{db}"')
        assert _into_postgres(f"{base}/{names[0]}", seed, planted(seed)) == {}  # the source keeps every one
        found, sampled = _learned(f"{base}/{names[0]}", seed, "postgresql")
        refused = _into_postgres(f"{base}/{names[1]}", seed, sampled)
        found |= {f"refused by {k}": v for k, v in refused.items() if k not in _allowed(seed, "postgresql")}
        assert found == {}
    finally:
        for db in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        admin.close()


@pytest.mark.parametrize("seed", [1, 2])
def test_sqlite_not_null_partial_kept(tmp_path: Path, seed: int) -> None:
    assert _into_sqlite(tmp_path / "src.sqlite", seed, _as_text(planted(seed), seed)) == {}
    found, sampled = _learned(str(tmp_path / "src.sqlite"), seed, "sqlite", again=True)
    refused = _into_sqlite(tmp_path / "out.sqlite", seed, sampled)
    found |= {f"refused: {k}": v for k, v in refused.items() if not any(a in k for a in _allowed(seed, "sqlite"))}
    assert found == {}


def test_postgres_reads_declared_nulls_domains(postgres_db: str) -> None:
    """The reader: NOT NULL per table (a domain's too, the primary key left out), the domain checks as checks on
    their columns, the partial unique indexes with their WHERE, the unique index that is no constraint."""
    from simulacra.io import read_database

    _into_postgres(postgres_db, 2, planted(2))
    db = read_database(postgres_db)
    assert {t: sorted(c) for t, c in db.not_null.items()} == {
        "clients": sorted(NOT_NULL["members"]),
        "sessions": sorted(NOT_NULL["visits"]),
    }
    checks = {t: sorted(text for _, text in cs) for t, cs in db.checks.items()}
    assert checks == {
        "clients": ["code LIKE 'M%'", "score >= 0 AND score <= 100"],
        "sessions": ["rating >= 0 AND rating <= 100"],
    }
    assert {t: [(name, cols) for name, cols, _ in p] for t, p in db.partial_unique.items()} == {
        "clients": [("clients_badge", ("badge",))],
        "sessions": [("sessions_first", ("member_id",))],
    }
    assert sorted(db.unique["clients"]) == [("email",), ("tag",)]
    assert any("clients_tag" in note and "NULLS NOT DISTINCT" in note for note in db.notes)
