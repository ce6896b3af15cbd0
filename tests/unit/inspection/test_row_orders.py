"""Columns ordered in every row (a signup before a last login, a minimum below a maximum) stay ordered.

Drafted or learned column by column, two dates of one row used to cross: in a planted table
where the last login always follows the signup, 4.6% of sampled rows had it before. The
inspector now writes such an order as a ``check`` constraint, which generation and learned
sampling both keep. Planted here: date, date/time and number pairs, a chain, pairs that must
not be taken (one row out of order; ranges that do not overlap), names that need quoting.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl

import simulacra
from simulacra.inspection import inspect
from simulacra.inspection._structure import find_row_orders

N = 600


def _table(seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    start = dt.date(2020, 1, 1)
    opened = [start + dt.timedelta(days=int(d)) for d in rng.integers(0, 1500, N)]
    first = [o + dt.timedelta(days=int(d)) for o, d in zip(opened, rng.integers(0, 200, N), strict=True)]
    last = [
        f + dt.timedelta(days=int(d), hours=int(h))
        for f, d, h in zip(first, rng.integers(0, 400, N), rng.integers(0, 24, N), strict=True)
    ]
    low = np.round(rng.lognormal(4, 0.6, N), 2)
    high = np.round(low + rng.exponential(40, N), 2)
    age = rng.integers(18, 80, N)
    income = rng.integers(20_000, 150_000, N)
    noisy_a = rng.integers(0, 100, N)
    noisy_b = noisy_a + rng.integers(0, 30, N)
    noisy_b[7] = noisy_a[7] - 1  # one row out of order: no constraint
    return pl.DataFrame(
        {
            "id": np.arange(1, N + 1),
            "opened on": [d.strftime("%d.%m.%Y") for d in opened],
            "first_order": first,
            "last_seen": [dt.datetime(x.year, x.month, x.day) for x in last],
            "price_low": low,
            "price_high": high,
            "age": age,
            "income": income,
            "noisy_a": noisy_a,
            "noisy_b": noisy_b,
        }
    )


def test_find_row_orders_keeps_the_direct_orders_only() -> None:
    x = pl.Series([1.0, 2.0, 3.0, 4.0] * 10)
    vals = {"a": x, "b": x + 1, "c": x + 2, "far": x + 100, "same": x}
    found = {(a, b) for a, b, _ in find_row_orders(vals)}
    # a <= c is implied; "far" does not overlap; "same" equals "a" in every row: no order between them
    assert found == {("a", "b"), ("b", "c"), ("same", "b")}


def test_inspect_writes_orders_as_checks_and_samples_keep_them(tmp_path: Path) -> None:
    src = tmp_path / "accounts.csv"
    _table(3).write_csv(src)
    checks = [c["check"] for c in inspect(src).spec_data.get("constraints", [])]
    assert '"opened on" <= first_order' in checks
    assert "first_order <= last_seen" in checks
    assert "price_low <= price_high" in checks
    assert not any("age" in c or "income" in c or "noisy" in c for c in checks), checks
    assert not any('"opened on" <= last_seen' == c for c in checks)  # implied by the chain

    simulacra.fit(src, output=tmp_path / "model")
    out = tmp_path / "s.parquet"
    simulacra.sample(tmp_path / "model", output=out, seed=5)
    s = pl.read_parquet(out)  # written in the source's form: dates as the CSV's text
    opened = s["opened on"].str.to_datetime("%d.%m.%Y")
    first = s["first_order"].str.to_datetime("%Y-%m-%d")
    last = s["last_seen"].str.to_datetime("%Y-%m-%dT%H:%M:%S%.f")
    assert bool((opened <= first).all()) and bool((first <= last).all())
    assert bool((s["price_low"] <= s["price_high"]).all())
