"""An aggregate's type follows what it aggregates: a sum of whole numbers is a whole number in every
sink (16, not 16.0), a sum of decimals or a mean a float, a count an integer, min/max the child's type."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polars as pl
import pytest

from simulacra.pipeline import generate
from simulacra.spec.load import load_spec

# child columns of several whole-number generators, and decimals beside them
CHILD = {
    "qty": "{generator: integer, low: 1, high: 9}",
    "visits": "{generator: poisson, lam: 2}",
    "points": "{generator: expression, expr: 'qty * 3', dtype: int}",
    "cents": "{generator: uniform, low: 0, high: 99, round: 0}",
    "price": "{generator: uniform, low: 1, high: 5, round: 2}",
}
WHOLE = {"qty", "visits", "points", "cents"}


def spec_file(tmp_path: Path, seed: int) -> Path:
    aggs = "".join(
        f"      sum_{c}: {{generator: aggregate, function: sum, of: items.{c}}}\n"
        f"      mean_{c}: {{generator: aggregate, function: mean, of: items.{c}}}\n"
        f"      max_{c}: {{generator: aggregate, function: max, of: items.{c}}}\n"
        for c in CHILD
    )
    kids = "".join(f"      {c}: {g}\n" for c, g in CHILD.items())
    text = (
        f"name: a\nseed: {seed}\ntables:\n  baskets:\n    rows: 60\n    primary_key: id\n    columns:\n"
        f"      id: {{generator: sequence}}\n{aggs}"
        "      n: {generator: aggregate, function: count, of: items}\n"
        "  items:\n    rows: {per: baskets, count: {distribution: poisson, mean: 3}, zero_rate: 0.2}\n"
        "    columns:\n      basket_id: {generator: foreign_key, references: baskets.id}\n" + kids
    )
    p = tmp_path / "a.yaml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("seed", [1, 2])
def test_sums_of_whole_numbers_are_whole_in_memory_sqlite_and_parquet(tmp_path: Path, seed: int) -> None:
    spec = load_spec(spec_file(tmp_path, seed))
    mem = generate(spec).frames["baskets"]
    for c in CHILD:
        assert (mem.schema[f"sum_{c}"] == pl.Int64) == (c in WHOLE), c
        assert mem.schema[f"mean_{c}"] == pl.Float64
    assert mem.schema["n"] == pl.Int64
    kids = generate(spec).frames["items"]
    want = kids.group_by("basket_id").agg(pl.col("qty").sum())
    got = mem.join(want, left_on="id", right_on="basket_id", how="left")
    assert got["sum_qty"].to_list() == got["qty"].fill_null(0).to_list()  # exact, parents without items 0
    generate(spec, tmp_path / "a.db")
    with sqlite3.connect(tmp_path / "a.db") as db:
        kinds = dict(db.execute("select 'sum_qty', typeof(sum_qty) from baskets limit 1").fetchall())
        kinds |= dict(db.execute("select 'sum_price', typeof(sum_price) from baskets limit 1").fetchall())
    assert kinds == {"sum_qty": "integer", "sum_price": "real"}
    generate(spec, tmp_path / "pq", format="parquet")
    pq = pl.read_parquet(tmp_path / "pq" / "baskets.parquet")
    assert pq.schema["sum_visits"] == pl.Int64 and pq.schema["sum_price"] == pl.Float64
    assert pq.equals(mem)
