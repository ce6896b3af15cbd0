"""Round trip of written forms: a random table -> fit -> sample -> read back spells its columns as the source did.

Each example plants, in one table: a text column and a numeric column with a missing-value
marker (``?``, ``NA``, ``\\N``, ``-``, empty), a boolean column in one spelling (0/1, true/false,
Y/N, yes/no, T/F...), an integer column, a float column with a number of decimals (fixed or
not), a date column in one format and a zero-inflated continuous column. The source is written
as CSV, Parquet, SQLite, DuckDB (and PostgreSQL); the sample is written to the same kind of
output and read back with ``read_source``: the column types are the source's, and the spellings
(markers, boolean words, decimals, date format) are the source's.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import simulacra
from simulacra.sources import read_source

N = 240
TEXT_MARKERS = ["?", "NA", "\\N", ""]
NUMBER_MARKERS = ["?", "NA", "\\N", "", "-"]
BOOLEANS = [("1", "0"), ("true", "false"), ("True", "False"), ("Y", "N"), ("yes", "no"), ("T", "F"), ("TRUE", "FALSE")]
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d"]  # that the inspector reads as dates


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    seed = draw(st.integers(0, 2**16))
    return {
        "seed": seed,
        "text_marker": draw(st.sampled_from(TEXT_MARKERS)),
        "number_marker": draw(st.sampled_from(NUMBER_MARKERS)),
        "boolean": draw(st.sampled_from(BOOLEANS)),
        "decimals": draw(st.integers(1, 3)),
        "fixed": draw(st.booleans()),
        "date_format": draw(st.sampled_from(DATE_FORMATS)),
        "zero_share": draw(st.floats(0.6, 0.9)),
    }


def make(p: dict[str, Any]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the table as text cells, the same table typed) for one drawn example."""
    rng = np.random.default_rng(p["seed"])
    color = rng.choice(["red", "green", "blue"], N).astype(object)
    color[rng.random(N) < 0.15] = None
    score = rng.integers(1, 60, N).astype(float)
    score[rng.random(N) < 0.15] = np.nan
    flag = rng.random(N) < 0.4
    age = rng.integers(18, 90, N)
    d = p["decimals"]
    price = np.round(rng.gamma(2.0, 20.0, N), d)
    if not p["fixed"]:
        price[::7] = np.round(price[::7], 0)  # some values with fewer decimals
    day = [dt.date(2000, 1, 1) + dt.timedelta(days=int(x)) for x in rng.integers(0, 7000, N)]
    zero = np.where(rng.random(N) < p["zero_share"], 0.0, np.round(rng.lognormal(3, 1, N), 2))
    t, f = p["boolean"]

    def num(x: float) -> str:
        if p["fixed"]:
            return f"{x:.{d}f}"
        return f"{x:.{d}f}".rstrip("0").rstrip(".") if x != round(x) else f"{int(x)}.0"

    text = pl.DataFrame(
        {
            "color": [p["text_marker"] if v is None else v for v in color],
            "score": [p["number_marker"] if np.isnan(v) else str(int(v)) for v in score],
            "flag": [t if v else f for v in flag],
            "age": [str(v) for v in age],
            "price": [num(v) for v in price],
            "day": [x.strftime(p["date_format"]) for x in day],
            "zero": [repr(float(v)) for v in zero],
        }
    )
    typed = pl.DataFrame(
        {
            "color": pl.Series(list(color), dtype=pl.String),
            "score": pl.Series(score).fill_nan(None).cast(pl.Int64),
            "flag": pl.Series([t if v else f for v in flag])
            if (t, f) != ("1", "0")
            else pl.Series(flag.astype(np.int64)),
            "age": pl.Series(age, dtype=pl.Int64),
            "price": pl.Series(price),
            "day": pl.Series(day, dtype=pl.Date) if p["date_format"] == "%Y-%m-%d" else pl.Series(text["day"]),
            "zero": pl.Series(zero),
        }
    )
    return text, typed


def write_source(kind: str, text: pl.DataFrame, typed: pl.DataFrame, folder: Path, url: str | None = None) -> str:
    if kind == "csv":
        folder.mkdir()
        (folder / "t.csv").write_text(
            ",".join(text.columns) + "\n" + "\n".join(",".join(row) for row in text.iter_rows()) + "\n"
        )
        return str(folder / "t.csv")
    if kind == "parquet":
        folder.mkdir()
        typed.write_parquet(folder / "t.parquet")
        return str(folder)
    if kind == "sqlite":
        path = folder.with_suffix(".db")
        con = sqlite3.connect(path)
        types = {pl.Int64: "INTEGER", pl.Float64: "REAL"}
        cols = ", ".join(f'"{c}" {types.get(typed.schema[c], "TEXT")}' for c in typed.columns)
        con.execute(f"CREATE TABLE t ({cols})")
        rows = [tuple(v.isoformat() if isinstance(v, dt.date) else v for v in r) for r in typed.iter_rows()]
        con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * typed.width)})", rows)
        con.commit()
        con.close()
        return str(path)
    if kind == "duckdb":
        import duckdb

        path = folder.with_suffix(".duckdb")
        con = duckdb.connect(str(path))
        con.register("frame", typed.to_arrow())
        con.execute("CREATE TABLE t AS SELECT * FROM frame")
        con.close()
        return str(path)
    assert kind == "postgresql" and url is not None
    import sqlalchemy as sa

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    typed.write_database("t", engine)
    engine.dispose()
    return url


def spellings(frame: pl.DataFrame, column: str) -> set[str]:
    return set(frame.get_column(column).drop_nulls().cast(pl.String).to_list())


def raw_csv(path: Path) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema=False)
    return frame.with_columns(pl.all().fill_null(""))  # an empty cell is the empty marker


def check_round_trip(
    kind: str, p: dict[str, Any], tmp: Path, url: str | None = None, target: str | None = None
) -> None:
    text, typed = make(p)
    source = write_source(kind, text, typed, tmp / "src", url)
    model = simulacra.fit(source, output=tmp / "model", seed=p["seed"] % 97)
    out = {
        "csv": tmp / "out",
        "parquet": tmp / "out",
        "sqlite": tmp / "out.db",
        "duckdb": tmp / "out.duckdb",
        "postgresql": target,
    }[kind]
    simulacra.sample(model.path, str(out), format=kind if kind in ("csv", "parquet") else None, seed=3)
    before = read_source(source).frames["t"]
    after = read_source(str(out)).frames["t"]
    learned = model.model.tables_["t"].kinds
    for c in ("score", "flag", "age", "price", "day", "zero"):
        assert c in learned, f"{c} was not learned ({learned})"
        assert after.schema[c] == before.schema[c], (
            f"{kind}: {c} read back as {after.schema[c]}, source {before.schema[c]}"
        )
    # boolean spelling, integer vs float: exactly the source's words
    assert spellings(after, "flag") == spellings(before, "flag")
    # dates: every value in the source's format (text sources), or a date type as in the source
    if before.schema["day"] == pl.String:
        assert after.get_column("day").str.strptime(pl.Date, p["date_format"], strict=False).null_count() == 0
    # decimals: never more than the source's; all of them when the source wrote a fixed number
    if kind == "csv":
        raw_before, raw_after = raw_csv(Path(source)), raw_csv(out / "t.csv")  # type: ignore[operator]
        for c, marker in (("color", p["text_marker"]), ("score", p["number_marker"])):
            new = spellings(raw_after, c) - spellings(raw_before, c)
            if c == "score":
                # a learned number may take values the source never held (a sample is not a copy), but each is
                # spelled as the source spelled its integers: digits only, no '.0', no other marker
                new = {v for v in new if not re.fullmatch(r"[1-9][0-9]*", v)}
            assert new == set(), f"{c}: new spellings"
            assert marker in spellings(raw_after, c), f"{c}: missing values not written as {marker!r}"
        dec_after = raw_after.get_column("price").str.extract(r"\.([0-9]*)$", 1).str.len_chars().fill_null(0)
        dec_before = raw_before.get_column("price").str.extract(r"\.([0-9]*)$", 1).str.len_chars().fill_null(0)
        assert int(dec_after.max()) <= int(dec_before.max())  # type: ignore[arg-type]
        if p["fixed"]:
            assert set(dec_after.to_list()) == {p["decimals"]}
    else:
        assert after.get_column("color").null_count() > 0 and after.get_column("score").null_count() > 0
    # zero-inflated: a spike plus a continuous part, never one value
    z_before = float((before.get_column("zero") == 0).mean())  # type: ignore[arg-type]
    z_after = float((after.get_column("zero") == 0).mean())  # type: ignore[arg-type]
    assert (
        abs(z_after - z_before) < 0.12 and after.get_column("zero").filter(after.get_column("zero") != 0).n_unique() > 5
    )


SETTINGS = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.parametrize("kind", ["csv", "parquet", "sqlite", "duckdb"])
@SETTINGS
@given(p=tables())
def test_round_trip_keeps_written_forms(kind: str, p: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> None:
    check_round_trip(kind, p, tmp_path_factory.mktemp(kind))


@pytest.mark.postgres
@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(p=tables())
def test_round_trip_keeps_written_forms_postgres(
    p: dict[str, Any], postgres_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import uuid

    import psycopg

    base, _, _ = postgres_url.rpartition("/")
    names = [f"rt_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for n in names:
            admin.execute(f'CREATE DATABASE "{n}"')
    try:
        check_round_trip(
            "postgresql", p, tmp_path_factory.mktemp("pg"), url=f"{base}/{names[0]}", target=f"{base}/{names[1]}"
        )
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            for n in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)')
