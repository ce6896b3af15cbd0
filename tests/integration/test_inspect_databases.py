"""Inspecting real databases: declared keys from SQLite, DuckDB and PostgreSQL; the drafts generate."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import read_source
from simulacra.spec import load_spec, spec_hash

SCHEMA = """
CREATE TABLE customers (
    id INTEGER PRIMARY KEY, first_name VARCHAR(40), last_name VARCHAR(40), email VARCHAR(80),
    signed_up DATE, vip BOOLEAN
);
CREATE TABLE orders (
    order_ref VARCHAR(12) PRIMARY KEY, buyer INTEGER NOT NULL REFERENCES customers(id),
    placed_at TIMESTAMP, total NUMERIC(10, 2), status VARCHAR(10)
);
"""
FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "William", "Elizabeth"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson", "Taylor"]


def customers() -> list[tuple[object, ...]]:
    return [
        (
            i,
            FIRST[i % 10],
            LAST[(i * 3) % 10],
            f"{FIRST[i % 10].lower()}.{LAST[(i * 3) % 10].lower()}{i}@example.org",
            f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
            i % 4 == 0,
        )
        for i in range(1, 41)
    ]


def orders() -> list[tuple[object, ...]]:
    return [
        (
            f"ORD-{i:06d}",
            1 + (i * 7) % 40,
            f"2024-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:15:00",
            round(5 + (i * 37) % 200 + 0.99, 2),
            ["new", "paid", "shipped"][i % 3],
        )
        for i in range(120)
    ]


def fill(engine: sa.Engine) -> None:
    with engine.begin() as con:
        for stmt in SCHEMA.split(";"):
            if stmt.strip():
                con.execute(sa.text(stmt))
        con.execute(
            sa.text("INSERT INTO customers VALUES (:a, :b, :c, :d, :e, :f)"),
            [dict(zip("abcdef", r, strict=True)) for r in customers()],
        )
        con.execute(
            sa.text("INSERT INTO orders VALUES (:a, :b, :c, :d, :e)"),
            [dict(zip("abcde", r, strict=True)) for r in orders()],
        )


def check(result: simulacra.inspection.Inspection) -> None:  # type: ignore[name-defined]
    assert result.primary_keys == {"customers": ["id"], "orders": ["order_ref"]}
    (fk,) = result.keys
    assert (fk.table, fk.column, fk.ref_table, fk.ref_column, fk.declared) == (
        "orders",
        "buyer",
        "customers",
        "id",
        True,
    )
    c = result.columns
    assert c["customers", "first_name"].pii_kind == "first_name"
    assert c["customers", "last_name"].pii_kind == "last_name"
    assert c["customers", "email"].pii_kind == "email"
    assert c["customers", "signed_up"].kind == "date"
    assert c["orders", "placed_at"].kind == "datetime"
    assert c["orders", "total"].kind == "numeric" and c["orders", "status"].kind == "categorical"
    assert c["orders", "order_ref"].kind == "identifier"
    spec = result.spec
    assert spec.tables["orders"].rows.per == "customers"  # type: ignore[union-attr]
    assert spec.tables["customers"].columns["email"].generator == "email"  # type: ignore[union-attr]
    assert getattr(spec.tables["customers"].columns["first_name"], "group", None) == "person"
    assert spec_hash(load_spec("x.yaml", text=result.to_yaml())) == spec_hash(spec)
    frames = simulacra.generate(spec, seed=1).frames
    assert frames["orders"]["buyer"].is_in(frames["customers"]["id"].implode()).all()
    assert frames["orders"]["order_ref"].str.contains(r"^ORD-\d{6}$").all()


def test_sqlite_source(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite"
    fill(sa.create_engine(f"sqlite:///{db}"))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    check(inspect(db))
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_duckdb_source(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute(SCHEMA)
    con.executemany("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)", customers())
    con.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?)", orders())
    con.close()
    check(inspect(f"duckdb:///{path}"))


@pytest.mark.postgres
def test_postgres_source_round_trip(postgres_db: str) -> None:
    engine = sa.create_engine(postgres_db.replace("postgresql://", "postgresql+psycopg://", 1))
    fill(engine)
    src = read_source(postgres_db)
    assert src.kind == "postgresql" and src.rows() == {"customers": 40, "orders": 120}
    assert src.frames["customers"]["vip"].dtype.__class__.__name__ == "Boolean"
    result = inspect(src)
    check(result)
    assert result.columns["customers", "vip"].kind == "boolean"
    # nothing was written: same rows, and the source fingerprint is stable
    assert read_source(postgres_db).fingerprint == src.fingerprint
    with engine.connect() as con:
        assert con.execute(sa.text("SELECT count(*) FROM orders")).scalar() == 120
    engine.dispose()


@pytest.mark.postgres
def test_postgres_schema_and_unsupported_types(postgres_db: str) -> None:
    engine = sa.create_engine(postgres_db.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as con:
        con.execute(sa.text("CREATE SCHEMA shop"))
        con.execute(
            sa.text("CREATE TABLE shop.items (item_id uuid PRIMARY KEY, tags text[], doc jsonb, price numeric(8, 2))")
        )
        con.execute(
            sa.text(
                "INSERT INTO shop.items SELECT gen_random_uuid(), ARRAY['a'], '{\"k\": 1}', g * 1.5"
                " FROM generate_series(1, 30) g"
            )
        )
    engine.dispose()
    src = read_source(postgres_db + "?schema=shop")
    assert list(src.frames) == ["items"] and src.primary_keys == {"items": ["item_id"]}
    assert src.frames["items"].columns == ["item_id", "price"]
    assert any("'tags'" in n for n in src.notes) and any("'doc'" in n for n in src.notes)
    r = inspect(src)
    assert r.columns["items", "item_id"].kind == "identifier"
    assert r.spec.tables["items"].columns["item_id"].generator == "uuid"  # type: ignore[union-attr]


def test_sqlite_orphans_and_cycles(tmp_path: Path) -> None:
    db = tmp_path / "messy.db"
    con = sqlite3.connect(db)  # foreign keys are not enforced by default: the file can hold orphans
    con.executescript("""
        CREATE TABLE teams (team_id INTEGER PRIMARY KEY, captain_id INTEGER REFERENCES players(player_id), name TEXT);
        CREATE TABLE players (player_id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams(team_id), score REAL);
    """)
    con.executemany("INSERT INTO teams VALUES (?, ?, ?)", [(t, t * 10, f"team {t}") for t in range(1, 9)])
    con.executemany(
        "INSERT INTO players VALUES (?, ?, ?)", [(p, 1 + p % 8 if p != 77 else 99, p / 3) for p in range(1, 81)]
    )
    con.commit()
    con.close()
    result = inspect(db)
    assert len([k for k in result.keys if k.declared]) == 2
    assert any("cycle" in n and "teams.captain_id" in n for n in result.notes)  # the back-reference goes
    assert result.spec.tables["players"].rows.per == "teams"  # type: ignore[union-attr]
    assert any("orphan" in n and "players.team_id" in n for n in result.notes)
    frames = simulacra.generate(result.spec, seed=0).frames
    assert set(frames) == {"teams", "players"}
