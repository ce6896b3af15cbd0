"""A planted database written to SQLite as a user's would be, then fitted and sampled through the public API
(shared by the tests of products, rates, lookup tables and totals by month)."""

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


def write_frames(path: Path, frames: dict[str, pl.DataFrame], refs: dict[str, str]) -> Path:
    """The frames as a SQLite database, every key declared: each table's first column its primary key, a column
    named in ``refs`` (column -> the table whose key it is) a foreign key in any other table; dates and date-times
    as ISO text, as a user's database keeps them."""
    con = sqlite3.connect(path)
    for t, f in frames.items():
        cols = []
        for c, dtype in f.schema.items():
            kind = "integer" if dtype.is_integer() else "real" if dtype.is_float() else "text"
            pk = " primary key" if c == f.columns[0] else ""
            ref = f" references {refs[c]}({c})" if c in refs and c != f.columns[0] else ""
            cols.append(f"{c} {kind}{pk}{ref}")
        con.execute(f"create table {t} ({', '.join(cols)})")
        text = f.with_columns(
            *(pl.col(c).dt.strftime("%Y-%m-%d") for c, d in f.schema.items() if d == pl.Date),
            *(pl.col(c).dt.strftime("%Y-%m-%d %H:%M:%S") for c, d in f.schema.items() if isinstance(d, pl.Datetime)),
        )
        con.executemany(f"insert into {t} values ({', '.join('?' * f.width)})", text.rows())
    con.commit()
    con.close()
    return path


def read_frames(path: Path) -> dict[str, pl.DataFrame]:
    """Every table of a SQLite database as a frame (its types inferred from all its rows)."""
    con = sqlite3.connect(path)
    out = {}
    for (t,) in con.execute("select name from sqlite_master where type = 'table'").fetchall():
        cur = con.execute(f"select * from {t}")
        names = [d[0] for d in cur.description]
        out[t] = pl.DataFrame(cur.fetchall(), schema=names, orient="row", infer_schema_length=None)
    con.close()
    return out


def fit_sample(tmp_path: Path, db: Path, spec: object, seed: int = 3) -> dict[str, pl.DataFrame]:
    """``fit`` the database under ``spec`` into ``tmp_path/model`` and ``sample`` it once."""
    simulacra.fit(db, spec=spec, output=tmp_path / "model")
    return simulacra.sample(tmp_path / "model", seed=seed).frames
