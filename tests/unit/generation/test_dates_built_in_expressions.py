"""Dates built inside an expression, and expressions reading a rank and a parent's column (issue 13, found
writing the energy-utility probe of ``benchmarks/heldout_utility.py``):

* ``CAST(CONCAT(period, '-01') AS DATE)`` failed ("casting from string to date is not supported"): only a text
  column or a literal was parsed; text built in the expression (``CONCAT``, ``||``, ``SUBSTR``) is now too;
* ``DATE '2024-01-01' + a`` was refused ("+ not allowed on date and i64") while ``DATE_ADD(DATE '…', a)``
  worked: a date literal, a cast to a date, and a chain (``d + a + b``) add days as a date column does;
* an expression reading a rank and a parent's column (``CONCAT(meters.code, '-', month_no)``) was not made
  again once ranks were numbered: null in every row.

Planted over ranks by a date and without ``by``, several shapes and seeds; ``validate`` recomputes every
column; a cast that cannot work (text that is no date) is a located error."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from simulacra.errors import GenerationError
from simulacra.pipeline import check, generate
from simulacra.spec.load import load_spec

RANKS = {"by a date": "{generator: rank, by: at}", "no by": "{generator: rank}"}


def _spec(rank: str, seed: int, per: int, extra: str = "") -> str:
    return f"""
name: built
seed: {seed}
tables:
  meters:
    rows: 30
    primary_key: meter_id
    columns:
      meter_id: sequence
      code: {{generator: pattern, pattern: "M###"}}
      installed: {{generator: date, start: "2020-01-01", end: "2022-12-31"}}
  readings:
    rows: {{per: meters, count: {{distribution: fixed, value: {per}}}}}
    primary_key: reading_id
    columns:
      reading_id: sequence
      meter_id: {{generator: foreign_key, references: meters.meter_id}}
      at: {{generator: date, start: "2023-01-01", end: "2023-12-31"}}
      month_no: {rank}
      period: {{generator: expression, expr: "CONCAT('2024-', LPAD(CAST(month_no AS TEXT), 2, '0'))"}}
      first_day: {{generator: expression, expr: "CAST(CONCAT(period, '-01') AS DATE)", dtype: date}}
      mid: {{generator: expression, expr: "CAST(period || '-15' AS DATE)", dtype: date}}
      a: {{generator: integer, low: 0, high: 9}}
      b: {{generator: integer, low: 1, high: 5}}
      lit_plus: {{generator: expression, expr: "DATE '2024-01-01' + a + b", dtype: date}}
      lit_minus: {{generator: expression, expr: "DATE '2024-01-01' - a * 2", dtype: date}}
      stamp: {{generator: expression, expr: "TIMESTAMP '2024-01-01 10:30:00' + a"}}
      cast_plus: {{generator: expression, expr: "CAST(SUBSTR(CONCAT(period, '-01'), 1, 10) AS DATE) + b - 1", dtype: date}}
      label: {{generator: expression, expr: "CONCAT(meters.code, '-', CAST(month_no AS TEXT))"}}
      due: {{generator: expression, expr: "DATE_ADD(meters.installed, month_no * 30)", dtype: date}}
{extra}"""


@pytest.mark.parametrize("rank", list(RANKS))
@pytest.mark.parametrize(("seed", "per"), [(1, 6), (5, 12)])
def test_dates_built_in_an_expression_and_a_rank_with_a_parent(rank: str, seed: int, per: int) -> None:
    spec = load_spec(yaml.safe_load(_spec(RANKS[rank], seed, per)))
    frames = generate(spec).frames
    r = frames["readings"].join(frames["meters"], on="meter_id", how="left")
    for c in ("first_day", "mid", "lit_plus", "lit_minus", "stamp", "cast_plus", "label", "due"):
        assert r[c].null_count() == 0, c
    start = dt.date(2024, 1, 1)
    for row in r.iter_rows(named=True):
        k = row["month_no"]
        assert row["first_day"] == dt.date(2024, k, 1)
        assert row["mid"] == dt.date(2024, k, 15)
        assert row["lit_plus"] == start + dt.timedelta(days=row["a"] + row["b"])
        assert row["lit_minus"] == start - dt.timedelta(days=2 * row["a"])
        assert row["stamp"] == dt.datetime(2024, 1, 1, 10, 30) + dt.timedelta(days=row["a"])
        assert row["cast_plus"] == dt.date(2024, k, 1) + dt.timedelta(days=row["b"] - 1)
        assert row["label"] == f"{row['code']}-{k}"
        assert row["due"] == row["installed"] + dt.timedelta(days=30 * k)
    assert all(f.ok for f in check(spec, frames, declared=True)), [
        f for f in check(spec, frames, declared=True) if not f.ok
    ]


def test_a_cast_that_cannot_work_is_a_located_error() -> None:
    bad = (
        "      broken: {generator: expression, expr: \"CAST(CONCAT('day ', CAST(a AS TEXT)) AS DATE)\", dtype: date}\n"
    )
    spec = load_spec(yaml.safe_load(_spec(RANKS["no by"], 1, 3, bad)))
    with pytest.raises(GenerationError) as exc:
        generate(spec)
    text = str(exc.value)
    assert "readings" in text and "broken" in text and "CAST(CONCAT('day '" in text
