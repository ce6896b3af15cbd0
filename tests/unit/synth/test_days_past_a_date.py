"""A number that is the days past a date of its row, 0 before it (a loan's ``days_late`` = max(returned -
due, 0), empty while the loan is open), is drafted as that expression and sampled exactly.

Found by the library probe (``benchmarks/heldout_library.py``, issue 13): learned on its own, a sample's days
late agreed with its own dates on 65-92% of loans. Drafting it made ``sample`` stop with an internal error in
a table drawn in date order whose check (``fine <= days_late``) reads it: the check's redraws were given the
parent context without the previous row's codes. Planted over names, periods, shares of late rows and seeds,
through fit and sample to files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.learning import fit, sample

SHAPES = [  # parent, child, start, due, back, late, periods, median days out
    ("members", "loans", "loan_date", "due_date", "returned", "days_late", [14, 21, 28], 18.0),
    ("customers", "rentals", "picked_up", "due_back", "returned_on", "late_days", [3, 7], 5.0),
]


def _frames(shape: tuple, seed: int) -> dict[str, pl.DataFrame]:
    parent, child, start, due, back, late, periods, median = shape
    rng = np.random.default_rng(seed)
    pk, n_p = f"{parent[:-1]}_id", 250
    rows = []
    for p in range(1, n_p + 1):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=int(rng.integers(0, 400)))
        period = int(rng.choice(periods))
        for _ in range(int(rng.poisson(4)) + 1):
            day += dt.timedelta(days=int(rng.integers(1, 40)))  # in date order within the parent
            d = day + dt.timedelta(days=period)
            r = None if rng.random() < 0.08 else day + dt.timedelta(days=int(rng.lognormal(np.log(median), 0.5)) + 1)
            n_late = None if r is None else max((r - d).days, 0)
            fine = None if n_late is None else round(n_late * float(rng.uniform(0.05, 0.5)), 2)  # never above
            rows.append((p, day, period, d, r, n_late, fine))
    schema = [pk, start, "period", due, back, late, "fine"]
    kids = pl.DataFrame(rows, schema=schema, orient="row").with_row_index("id", offset=1)
    kids = kids.with_columns(pl.col("id").cast(pl.Int64))
    return {parent: pl.DataFrame({pk: np.arange(1, n_p + 1), "age": rng.integers(18, 90, n_p)}), child: kids}


@pytest.mark.parametrize("shape", SHAPES, ids=[s[1] for s in SHAPES])
@pytest.mark.parametrize("seed", [0, 8])
def test_days_past_a_date_are_drafted_and_sampled_exactly(shape: tuple, seed: int, tmp_path: Path) -> None:
    _, child, _, due, back, late, _, _ = shape
    src = tmp_path / "src"
    src.mkdir()
    for t, f in _frames(shape, seed).items():
        f.write_csv(src / f"{t}.csv")
    fitted = fit(src, seed=0)
    col = fitted.spec.tables[child].columns[late]
    assert col.generator == "expression" and back in col.expr and due in col.expr
    sample(fitted.model, tmp_path / "out", seed=seed + 1, format="csv")
    out = pl.read_csv(tmp_path / "out" / f"{child}.csv", try_parse_dates=True)
    held = out.filter(pl.col(back).is_not_null())
    want = (held[back] - held[due]).dt.total_days().clip(lower_bound=0)
    assert held.height > 0 and (held[late] == want).all()
    assert out.filter(pl.col(back).is_null())[late].null_count() == out[back].null_count() > 0
