"""A parent's aggregate over its children makes the children with the parent, chunk by chunk; the
children's other parents (an order line's product) must then be made first, whatever order the spec
lists the tables in (a spec drafted by ``inspect`` lists them alphabetically). It used to end in an
internal KeyError after ``spec validate`` said the spec was valid."""

from __future__ import annotations

import itertools

import polars as pl
import pytest

from simulacra.pipeline import check, generate
from simulacra.spec.load import load_spec

TABLES = {
    "orders": "    rows: 30\n    primary_key: oid\n    columns:\n      oid: {generator: sequence}\n"
    "      total: {generator: aggregate, function: sum, of: items.line_total, round: 2}\n"
    "      n: {generator: aggregate, function: count, of: items}\n",
    "items": "    rows: {per: orders, count: {distribution: poisson, mean: 3}}\n    columns:\n"
    "      oid: {generator: foreign_key, references: orders.oid}\n"
    "      pid: {generator: foreign_key, references: products.pid}\n"
    "      wid: {generator: foreign_key, references: warehouses.wid}\n"
    "      unit_price: {generator: expression, expr: products.price}\n"
    "      line_total: {generator: expression, expr: 'ROUND(unit_price * warehouses.markup, 2)'}\n",
    "products": "    rows: 20\n    primary_key: pid\n    columns:\n      pid: {generator: sequence}\n"
    "      price: {generator: uniform, low: 1, high: 9, round: 2}\n",
    "warehouses": "    rows: 4\n    primary_key: wid\n    columns:\n      wid: {generator: sequence}\n"
    "      markup: {generator: uniform, low: 1, high: 2, round: 2}\n",
}


@pytest.mark.parametrize("order", list(itertools.permutations(TABLES))[::5])
def test_an_aggregate_over_children_with_other_parents_generates_in_any_listed_order(order: tuple[str, ...]) -> None:
    text = "name: agg\nseed: 3\ntables:\n" + "".join(f"  {t}:\n{TABLES[t]}" for t in order)
    import yaml

    spec = load_spec(yaml.safe_load(text))
    frames = generate(spec).frames
    assert all(f.ok for f in check(spec, frames, declared=True))
    per = frames["items"].group_by("oid").agg(pl.col("line_total").sum().round(2).alias("s"))
    got = frames["orders"].join(per, on="oid", how="left")
    assert got["total"].to_list() == pytest.approx(got["s"].fill_null(0).to_list())
