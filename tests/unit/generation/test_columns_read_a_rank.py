"""A column made from a rank (an expression on it, a lookup on a lookup's value) holds its values.

Found writing the energy-utility probe (``benchmarks/heldout_utility.py``, issue 13): ranks are numbered
after the row's other columns, so ``read_date: DATE_ADD(DATE '2024-01-01', month_start + read_day - 1)`` with
``month_start`` a lookup on the rank ``month_no`` came out null in every row, with no error from
``generate`` (``validate`` then failed 100% of rows). Lookups keyed on the rank itself were refreshed;
expressions reading the rank, or reading such a lookup, were not. Planted over ranks with and without
``by``, descending, text, number and date expressions, chains of two, and seeds.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import yaml

from simulacra.pipeline import check, generate
from simulacra.spec.load import load_spec

STARTS = {1: 0, 2: 31, 3: 60, 4: 91, 5: 121, 6: 152}
RANKS = {
    "by a date": "{generator: rank, by: at}",
    "descending": "{generator: rank, by: at, descending: true}",
    "no by": "{generator: rank}",
}


def _spec(rank: str, seed: int, per: int) -> str:
    starts = ", ".join(f'"{k}": {v}' for k, v in STARTS.items())
    return f"""
name: ranks
seed: {seed}
tables:
  meters:
    rows: 40
    primary_key: meter_id
    columns:
      meter_id: sequence
  readings:
    rows: {{per: meters, count: {{distribution: fixed, value: {per}}}}}
    primary_key: reading_id
    columns:
      reading_id: sequence
      meter_id: {{generator: foreign_key, references: meters.meter_id}}
      at: {{generator: date, start: "2023-01-01", end: "2023-12-31"}}
      month_no: {rank}
      month_start: {{generator: lookup, key: month_no, mapping: {{{starts}}}, default: -1}}
      read_day: {{generator: integer, low: 1, high: 28}}
      read_date: {{generator: expression, expr: "DATE_ADD(DATE '2024-01-01', month_start + read_day - 1)", dtype: date}}
      tenth: {{generator: expression, expr: "month_no * 10", dtype: int}}
      label: {{generator: expression, expr: "CONCAT('M', CAST(tenth AS TEXT))"}}
"""


@pytest.mark.parametrize("rank", list(RANKS))
@pytest.mark.parametrize(("seed", "per"), [(1, 6), (8, 4)])
def test_columns_made_from_a_rank_hold_values(rank: str, seed: int, per: int) -> None:
    spec = load_spec(yaml.safe_load(_spec(RANKS[rank], seed, per)))
    frames = generate(spec).frames
    r = frames["readings"]
    assert r["month_no"].null_count() == 0
    assert sorted(set(r["month_no"].to_list())) == list(range(1, per + 1))
    for c in ("month_start", "read_date", "tenth", "label"):
        assert r[c].null_count() == 0, c
    want = [
        dt.date(2024, 1, 1) + dt.timedelta(days=STARTS[k] + d - 1)
        for k, d in zip(r["month_no"], r["read_day"], strict=True)
    ]
    assert r["read_date"].to_list() == want
    assert r["tenth"].to_list() == [10 * k for k in r["month_no"]]
    assert r["label"].to_list() == [f"M{10 * k}" for k in r["month_no"]]
    assert all(f.ok for f in check(spec, frames, declared=True))


def test_same_seed_same_values() -> None:
    spec = load_spec(yaml.safe_load(_spec(RANKS["no by"], 3, 5)))
    a, b = generate(spec).frames["readings"], generate(spec).frames["readings"]
    assert a.equals(b)
    assert isinstance(a["read_date"].dtype, pl.Date)
