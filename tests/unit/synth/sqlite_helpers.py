"""A planted database written to SQLite as a user's would be, then fitted and sampled through the public API
(shared by the tests of products, rates and lookup tables)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polars as pl

import simulacra


def write_tables(db: Path, tables: dict[str, tuple[str, pl.DataFrame]]) -> None:
    """Each table as ``CREATE TABLE name (ddl)`` and its frame's rows."""
    with sqlite3.connect(db) as con:
        for name, (ddl, frame) in tables.items():
            con.execute(f"CREATE TABLE {name} ({ddl})")
            marks = ",".join("?" * frame.width)
            con.executemany(f"INSERT INTO {name} VALUES ({marks})", frame.rows())


def fit_sample(tmp_path: Path, db: Path, spec: object, seed: int = 3) -> dict[str, pl.DataFrame]:
    """``fit`` the database under ``spec`` into ``tmp_path/model`` and ``sample`` it once."""
    simulacra.fit(db, spec=spec, output=tmp_path / "model")
    return simulacra.sample(tmp_path / "model", seed=seed).frames
