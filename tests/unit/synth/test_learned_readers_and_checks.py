"""A parent total another table copies, and row checks reading a rule-made column (issue 13), planted in
SQLite databases the test writes, names drawn from a seed.

An invoice's ``total`` is the sum of its lines' ``line_total`` and a later table's ``amount`` (a payment,
a deposit) copies it: ``inspect`` drafted the total as learned values before (another table read it), so
sampled totals did not add up. Now the total is drafted as an ``aggregate``, the copy as an expression, and
the reading table ordered after the lines (its name sorts before theirs, so the draft's order had it first).

A line's ``unit_price`` is its product's price (rule-made); the drafted checks ``unit_price <= line_total``
and ``discount <= unit_price`` (``line_total`` and ``discount`` learned) could not be kept by the learned draw,
which sees learned columns only: ``sample`` stopped. Now the learned side is drawn again given the rule-made
value; every sampled row keeps both, whatever the chunk size. (``line_total`` is now drafted as the product
``qty x unit_price`` it is, which implies the first order; the second stays a check.)
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect

# (parent, its lines, the table copying its total, that table's column, the total's column)
NAMES = [("invoices", "lines", "charges", "amount", "total"), ("baskets", "items", "deposits", "paid", "basket_sum")]


def shop(tmp_path: Path, seed: int) -> tuple[Path, tuple[str, ...]]:
    rng = np.random.default_rng(seed)
    top, low, reader, copy, total = NAMES[seed % len(NAMES)]
    n_pr, n_top = 120, int(rng.integers(300, 450))
    price = np.round(rng.lognormal(3.5, 0.9, n_pr), 2)
    per = rng.integers(1, 5, n_top)
    owner = np.repeat(np.arange(1, n_top + 1), per)
    product = rng.integers(1, n_pr + 1, len(owner))
    qty = rng.choice([1, 2, 3, 5], len(owner), p=[0.6, 0.25, 0.1, 0.05])
    unit = price[product - 1]
    line_total = np.round(unit * qty, 2)
    discount = np.round(unit * rng.uniform(0.0, 0.3, len(owner)), 2)
    lines = pl.DataFrame(
        {
            "lid": np.arange(1, len(owner) + 1),
            "tid": owner,
            "pid": product,
            "qty": qty,
            "unit_price": unit,
            "discount": discount,
            "line_total": line_total,
        }
    )
    sums = lines.group_by("tid").agg(pl.col("line_total").sum().round(2).alias(total)).sort("tid")
    tops = pl.DataFrame({"tid": np.arange(1, n_top + 1), "channel": rng.choice(["web", "app"], n_top)}).join(
        sums, on="tid", how="left"
    )
    db = tmp_path / f"shop{seed}.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE products (pid INTEGER PRIMARY KEY, price REAL)")
        con.execute(f"CREATE TABLE {top} (tid INTEGER PRIMARY KEY, channel TEXT, {total} REAL)")
        con.execute(
            f"CREATE TABLE {low} (lid INTEGER PRIMARY KEY, tid INTEGER REFERENCES {top}(tid), "
            "pid INTEGER REFERENCES products(pid), qty INTEGER, unit_price REAL, discount REAL, line_total REAL)"
        )
        con.execute(
            f"CREATE TABLE {reader} (rid INTEGER PRIMARY KEY, tid INTEGER REFERENCES {top}(tid), "
            f"method TEXT, {copy} REAL)"
        )
        con.executemany("INSERT INTO products VALUES (?,?)", list(zip(range(1, n_pr + 1), price.tolist(), strict=True)))
        con.executemany(f"INSERT INTO {top} VALUES (?,?,?)", tops.rows())
        con.executemany(f"INSERT INTO {low} VALUES (?,?,?,?,?,?,?)", lines.rows())
        con.executemany(
            f"INSERT INTO {reader} VALUES (?,?,?,?)",
            [(t, t, str(rng.choice(["card", "cash"])), s) for t, _, s in tops.rows()],
        )
    return db, (top, low, reader, copy, total)


def _read(db: Path) -> dict[str, pl.DataFrame]:
    con = sqlite3.connect(db)
    names = [
        r[0]
        for r in con.execute("select name from sqlite_master where type='table' and name not like '\\_%' escape '\\'")
    ]
    out = {n: pl.read_database(f'select * from "{n}"', con, infer_schema_length=None) for n in names}
    con.close()
    return out


def _fit_and_sample(tmp_path: Path, db: Path, spec: object) -> tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame]]:
    """The sample in memory and written to SQLite in runs of 100 rows."""
    simulacra.fit(db, spec=spec, output=tmp_path / "model")
    whole = simulacra.sample(tmp_path / "model", seed=3).frames
    simulacra.sample(tmp_path / "model", tmp_path / "out.db", seed=3, chunk_rows=100)
    return whole, _read(tmp_path / "out.db")


@pytest.mark.parametrize("seed", [0, 1])
def test_a_total_a_later_table_copies_is_drafted_and_kept(tmp_path: Path, seed: int) -> None:
    db, (top, low, reader, copy, total) = shop(tmp_path, seed)
    spec = inspect(db).spec
    agg = spec.tables[top].columns[total]
    assert (agg.generator, agg.function, agg.of) == ("aggregate", "sum", f"{low}.line_total")  # type: ignore[union-attr]
    assert spec.tables[reader].columns[copy].generator == "expression"  # type: ignore[union-attr]
    order = list(spec.tables)
    assert order.index(reader) > order.index(low)  # drafted after the lines it reads the total of
    for got in _fit_and_sample(tmp_path, db, spec):
        sums = got[low].group_by("tid").agg(pl.col("line_total").sum().alias("__s"))
        tops = got[top].join(sums, on="tid", how="left")
        assert tops.height > 100 and ((tops[total] - tops["__s"].fill_null(0)).abs() < 0.006).all()
        paid = got[reader].join(got[top].select("tid", total), on="tid")
        assert paid.height > 100 and ((paid[copy] - paid[total]).abs() < 1e-9).all()


@pytest.mark.parametrize("seed", [0, 1])
def test_checks_reading_a_rule_made_column_are_kept(tmp_path: Path, seed: int) -> None:
    db, (_top, low, *_rest) = shop(tmp_path, seed)
    spec = inspect(db).spec
    assert spec.tables[low].columns["unit_price"].generator == "expression"  # type: ignore[union-attr]
    checks = {c.check for c in spec.constraints if c.table == low and c.check}
    assert "discount <= unit_price" in checks  # a learned number under a rule-made one: drafted and kept
    # line_total is qty x unit_price, drafted as that product: its order over unit_price follows from it (qty >= 1),
    # so it is no check of its own; every sampled row still holds it (below)
    assert spec.tables[low].columns["line_total"].generator == "expression"  # type: ignore[union-attr]
    assert "unit_price <= line_total" not in checks
    whole, runs = _fit_and_sample(tmp_path, db, spec)
    for got in (whole, runs):
        lines = got[low]
        assert lines.height > 300
        assert (lines["unit_price"] <= lines["line_total"]).all()
        assert (lines["discount"] <= lines["unit_price"]).all()
    # the same rows whatever the runs
    cols = ["lid", "qty", "line_total", "discount"]
    assert whole[low].select(cols).equals(runs[low].select(cols))
