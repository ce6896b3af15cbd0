"""Generation memory bounded by the chunk size: exact uniqueness ledgers, spilled parent columns.

The digests below were taken from the engine before the ledgers and the parent store changed
(Python sets, whole columns in memory): the same spec and seed must still give the same bytes.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from simulacra.pipeline import generate
from tests.helpers import plan_of

UNIQUE_TABLE = """
seed: 5
tables:
  people:
    rows: 3000
    primary_key: id
    columns:
      id: sequence
      first_name: first_name
      last_name: last_name
      email: {generator: email, first_name: first_name, last_name: last_name, unique: true}
      code: {generator: pattern, pattern: "??##", unique: true}
      badge: {generator: integer, low: 0, high: 20000, unique: true, null_rate: 0.1}
      a: {generator: integer, low: 0, high: 79}
      b: {generator: integer, low: 0, high: 79}
      score: {generator: normal, mean: 50, std: 10, round: 1}
      joined: {generator: date, start: 2020-01-01, end: 2024-12-31}
constraints:
  - {table: people, unique: [a, b]}
"""

FAMILY = """
seed: 9
tables:
  shops:
    rows: 60
    primary_key: code
    columns:
      code: {generator: pattern, pattern: "?#?", unique: true}
      city: city
      opened: {generator: date, start: 2010-01-01, end: 2015-12-31}
  customers:
    rows: 900
    primary_key: id
    columns:
      id: sequence
      email: {generator: email, unique: true}
      shop: {generator: foreign_key, references: shops.code}
      vip: {generator: boolean, p: 0.2}
      signup: {generator: datetime, start: 2016-01-01, end: 2020-12-31}
  orders:
    rows: {per: customers, count: {distribution: poisson, lam: 3}}
    primary_key: order_id
    columns:
      order_id: {generator: pattern, pattern: "ORD-{seq:07d}"}
      customer_id: {generator: foreign_key, references: customers.id}
      ref: uuid
      at: {generator: datetime, after: customers.signup, offset: {distribution: exponential, scale: 30, unit: days}}
      city: {generator: expression, expr: "customers.shops.city"}
      vip: {generator: expression, expr: "customers.vip"}
      total: {generator: aggregate, function: sum, of: items.price, round: 2}
  items:
    rows: {per: orders, count: {distribution: poisson, lam: 2, min: 1}}
    columns:
      order_id: {generator: foreign_key, references: orders.order_id}
      ref: {generator: expression, expr: "orders.ref"}
      price: {generator: lognormal, median: 20, sigma: 0.5, round: 2}
      when: {generator: datetime, after: orders.at, offset: {distribution: uniform, low: 0, high: 5, unit: days}}
"""


def digest(text: str, chunk_size: int, **kw: object) -> str:
    """sha256 over every table file of a CSV folder output (the manifest, which holds a time, left out)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        generate(plan_of(text), out, format="csv", chunk_size=chunk_size, documents=False, **kw)
        h = hashlib.sha256()
        for p in sorted(out.glob("*.csv")):
            h.update(p.name.encode() + b"\0" + p.read_bytes())
        return h.hexdigest()


def shop_parquet_digest(chunk_size: int, **kw: object) -> str:
    """sha256 over the shop example's Parquet files at scale 0.2."""
    from simulacra.examples import example_path

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        generate(str(example_path("shop")), out, format="parquet", scale=0.2, chunk_size=chunk_size, documents=False, **kw)
        h = hashlib.sha256()
        for p in sorted(out.glob("*.parquet")):
            h.update(p.name.encode() + b"\0" + p.read_bytes())
        return h.hexdigest()


# taken before this change (commit 2f4c687), chunk sizes 997 and 50,000 alike
UNIQUE_TABLE_CSV = "0ae205baec886bdf9fa50653ff8414e8a9147c6e1b9ed8305c2e40274395d0b7"
FAMILY_CSV = "9c023baa0cf57cc6bdfb570c495c80622a506f925df07dd66e9a4432d0e45c44"
SHOP_PARQUET = "b5c4451a1d0227b6f69005650a32de4f6d4c0efc90b3eeb178947ad4425c40bf"


def test_same_bytes_as_before_whatever_the_chunk_size() -> None:
    for chunk in (997, 50_000):
        assert digest(UNIQUE_TABLE, chunk) == UNIQUE_TABLE_CSV
        assert digest(FAMILY, chunk) == FAMILY_CSV


def test_shop_parquet_same_bytes_as_before() -> None:
    # a table's last row group is now written when the next table starts, not at close: same bytes
    assert shop_parquet_digest(777) == SHOP_PARQUET
