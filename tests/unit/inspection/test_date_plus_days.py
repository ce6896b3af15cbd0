"""A date that is another date of its row plus the row's own number of days (a loan's ``due_date`` =
``loan_date`` + ``loan_days``) is drafted as that expression and sampled exactly.

Found by the library probe (``benchmarks/heldout_library.py``, issue 13): learned on its own, the due date
was an offset after the loan date, drawn apart from the period: 25% of sampled loans were due on their loan
date plus their period. Planted over names, periods (a few values or many), CSV (ISO text) or Parquet dates,
and seeds, through fit and sample to files; a date that is not such a sum (an offset drawn apart) is left alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.learning import fit, sample

SHAPES = [  # table, start date, days column, end date, periods
    ("loans", "loan_date", "loan_days", "due_date", [14, 21, 28, 42]),
    ("rentals", "picked_up", "nights", "returned_on", list(range(1, 15))),
    ("trials", "started", "trial_length", "ends", [7, 30]),
]


def _frame(shape: tuple[str, str, str, str, list[int]], seed: int, text: bool) -> pl.DataFrame:
    _, start, days, end, periods = shape
    rng = np.random.default_rng(seed)
    n = 400
    first = [dt.date(2020, 1, 1) + dt.timedelta(days=int(x)) for x in rng.integers(0, 1500, n)]
    length = rng.choice(periods, n)
    last = [d + dt.timedelta(days=int(k)) for d, k in zip(first, length, strict=True)]
    drawn = [d + dt.timedelta(days=int(x)) for d, x in zip(first, rng.integers(1, 60, n), strict=True)]
    f = pl.DataFrame(
        {"id": np.arange(1, n + 1), start: first, days: length, end: last, "noted": drawn, "fee": rng.gamma(2, 5, n)}
    )
    return f.with_columns(pl.col(start, end, "noted").cast(pl.String)) if text else f


@pytest.mark.parametrize("shape", SHAPES, ids=[s[0] for s in SHAPES])
@pytest.mark.parametrize("seed", [0, 6])
@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_a_date_plus_the_rows_days_is_an_expression(shape: tuple, seed: int, fmt: str, tmp_path: Path) -> None:
    table, start, days, end, _ = shape
    src = tmp_path / "src"
    src.mkdir()
    frame = _frame(shape, seed, False)
    frame.write_parquet(src / f"{table}.parquet") if fmt == "parquet" else frame.write_csv(src / f"{table}.csv")
    fitted = fit(src, seed=0)
    cols = fitted.spec.tables[table].columns
    summed = cols[end].generator == "expression" and cols[end].expr == f"{start} + {days}"
    # or the other reading of the same rule: the number as the days elapsed between the two dates (many values)
    elapsed = cols[days].generator == "expression" and start in cols[days].expr and end in cols[days].expr
    assert summed or elapsed, (cols[end], cols[days])
    assert cols["noted"].generator != "expression"  # an offset drawn apart is no sum
    sample(fitted.model, tmp_path / "out", seed=seed + 1, format=fmt)
    out = (
        pl.read_parquet(tmp_path / "out" / f"{table}.parquet")
        if fmt == "parquet"
        else pl.read_csv(tmp_path / "out" / f"{table}.csv", try_parse_dates=True)
    )
    assert out.height > 0 and ((out[end] - out[start]).dt.total_days() == out[days]).all()
