"""A column the source holds as a pair of values (0/1 INTEGER, 'y'/'n' TEXT) and the spec declares boolean is
learned from the frames ``read_source`` gives and sampled back in the source's form (issue 13, learn94)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polars as pl
import pytest

from simulacra._bool_words import FALSE_WORDS, TRUE_WORDS
from simulacra.errors import DataValidationError
from simulacra.inspection import inspect
from simulacra.sources import read_source
from simulacra.spec.model import BooleanColumn
from simulacra.synth.dataset import DatasetSynthesizer

# (true, false) spellings planted as text; 0/1 is planted as INTEGER
SPELLINGS = [("y", "n"), ("Y", "N"), ("t", "f"), ("True", "False"), ("YES", "NO"), ("yes", "no"), ("T", "F")]


def _plant(seed: int) -> tuple[str, dict[str, tuple[str, str]], list[tuple[object, ...]]]:
    """A table named by the seed, one 0/1 INTEGER column and two text pairs (some with nulls)."""
    rng = __import__("random").Random(seed)
    name = ["members", "accounts", "loans", "visits"][seed % 4]
    a, b = rng.sample(SPELLINGS, 2)
    pairs = {f"is_{name[:-1]}_active": a, f"has_flag{seed}": b}
    rows = []
    for i in range(120):
        flag = rng.choice([0, 1, 1, None]) if seed % 2 else rng.choice([0, 1])
        texts = [rng.choice([*p, None]) if k == 0 else rng.choice(p) for k, p in enumerate(pairs.values())]
        rows.append((i + 1, flag, *texts, round(rng.random() * 100, 2)))
    return name, pairs, rows


def _sqlite(path: Path, name: str, pairs: dict[str, tuple[str, str]], rows: list[tuple[object, ...]]) -> None:
    cols = ", ".join(f"{c} TEXT" for c in pairs)
    with sqlite3.connect(path) as con:
        con.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, paid INTEGER, {cols}, amount REAL)")
        con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * (len(pairs) + 3))})", rows)
    con.close()


def _learned(location: Path, name: str, seed: int) -> tuple[dict[str, pl.DataFrame], DatasetSynthesizer]:
    src = read_source(location)
    spec = inspect(src).spec
    assert spec.tables[name].columns["paid"].generator == "boolean"  # what the draft says of a 0/1 column
    model = DatasetSynthesizer(seed=0).fit(src.frames, spec)
    return model.sample(seed=seed), model


def _check(out: pl.DataFrame, src: pl.DataFrame, pairs: dict[str, tuple[str, str]], nulls: bool) -> None:
    assert out.height > 0
    assert out.schema["paid"] == src.schema["paid"]
    assert set(out.get_column("paid").drop_nulls().to_list()) == {0, 1}
    assert (out.get_column("paid").null_count() > 0) == nulls
    for c, (t, f) in pairs.items():
        assert out.schema[c] == pl.String
        assert set(out.get_column(c).drop_nulls().to_list()) == {t, f}, c


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_sqlite_pairs_fit_and_sample_in_the_source_form(tmp_path: Path, seed: int) -> None:
    name, pairs, rows = _plant(seed)
    db = tmp_path / "src.sqlite"
    _sqlite(db, name, pairs, rows)
    sampled, model = _learned(db, name, seed)
    out = sampled[name]
    _check(out, read_source(db).frames[name], pairs, nulls=bool(seed % 2))
    # written back to a table with the same DDL: the same storage classes as the source
    back = tmp_path / "out.sqlite"
    _sqlite(back, name, pairs, [tuple(r) for r in out.select(["id", "paid", *pairs, "amount"]).iter_rows()])
    with sqlite3.connect(back) as con:
        kinds = con.execute(f"SELECT DISTINCT typeof(paid), typeof({next(iter(pairs))}) FROM {name}").fetchall()
    con.close()
    assert {k[0] for k in kinds} <= {"integer", "null"} and {k[1] for k in kinds} <= {"text", "null"}
    # saved and loaded, the model writes the same form, the same bytes
    again = DatasetSynthesizer.load(model.save(tmp_path / "model")).sample(seed=seed)[name]
    assert again.equals(out)


@pytest.mark.parametrize("seed", [5, 6])
def test_csv_pairs_fit_and_sample_in_the_source_form(tmp_path: Path, seed: int) -> None:
    name, pairs, rows = _plant(seed)
    frame = pl.DataFrame(rows, schema=["id", "paid", *pairs, "amount"], orient="row")
    frame.write_csv(tmp_path / f"{name}.csv")
    sampled, _ = _learned(tmp_path / f"{name}.csv", name, seed)
    _check(sampled[name], read_source(tmp_path / f"{name}.csv").frames[name], pairs, nulls=bool(seed % 2))


def test_a_value_outside_the_pair_names_table_and_column(tmp_path: Path) -> None:
    name, pairs, rows = _plant(7)
    db = tmp_path / "src.sqlite"
    _sqlite(db, name, pairs, rows)
    src = read_source(db)
    spec = inspect(src).spec
    col = next(iter(pairs))
    bad = src.frames[name].with_columns(
        pl.when(pl.col("id") == 9).then(pl.lit("maybe")).otherwise(pl.col(col)).alias(col)
    )
    with pytest.raises(DataValidationError, match=rf"{name}.*{col}.*'maybe'") as info:
        DatasetSynthesizer(seed=0).fit({name: bad}, spec)
    assert "expected" in str(info.value)
    worse = src.frames[name].with_columns(pl.when(pl.col("id") == 3).then(2).otherwise(pl.col("paid")).alias("paid"))
    with pytest.raises(DataValidationError, match=rf"{name}.*paid.*'2'.*1/0"):
        DatasetSynthesizer(seed=0).fit({name: worse}, spec)


@pytest.mark.parametrize(("true", "false"), list(zip(TRUE_WORDS, FALSE_WORDS, strict=True)))
def test_every_pair_the_readers_share_fits_and_comes_back_as_written(tmp_path: Path, true: str, false: str) -> None:
    # the one word list (simulacra._bool_words) both readers take: a pair `simulacra.fit` coerces is never refused
    # by the synthesizer
    rng = __import__("random").Random(len(true))
    name, col = "visits", "kept_flag"
    db = tmp_path / "src.sqlite"
    rows = [(i + 1, 1, rng.choice([true.upper(), false.upper()]), 1.0) for i in range(80)]
    _sqlite(db, name, {col: ("", "")}, rows)
    src = read_source(db)
    spec = inspect(src).spec
    spec.tables[name].columns[col] = BooleanColumn(generator="boolean")
    out = DatasetSynthesizer(seed=0).fit(src.frames, spec).sample(seed=1)[name]
    assert out.schema[col] == pl.String
    assert set(out.get_column(col).drop_nulls().to_list()) <= {true.upper(), false.upper()}
    assert out.get_column(col).drop_nulls().n_unique() == 2
