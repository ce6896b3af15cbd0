"""A number that is a base plus a rate times a quantity (a two-part price) is drafted as that rule and kept.

Found by the airline probe (``benchmarks/heldout_airline.py``, issue 13): a fare is its fare class's ``base``
plus its class's ``per_km`` times the booking's distance; learned as a number of its own, 1% of sampled fares
were their class's fare for their distance. Planted over where the base and the rate live (a lookup parent,
the row itself, a grandparent), decimals and seeds: drafted as ``ROUND(c + a * b, d)``, the sample keeps it on
every row; a value with noise on top is not drafted as one.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

SHAPES = ["parent", "row", "grandparent"]  # where the base and the rate are


def _frames(where: str, decimals: int, seed: int, noisy: bool = False) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n_plan, n_acct, n = 4, 300, 3000
    plans = pl.DataFrame(
        {
            "plan_id": np.arange(1, n_plan + 1),
            "base": [29.0, 49.0, 99.0, 9.5],
            "rate": [0.08, 0.13, 0.25, 0.4],
        }
    )
    accounts = pl.DataFrame({"account_id": np.arange(1, n_acct + 1), "plan_id": rng.integers(1, n_plan + 1, n_acct)})
    qty = rng.integers(50, 2000, n)
    kids = pl.DataFrame({"line_id": np.arange(1, n + 1), "qty": qty})
    if where == "parent":
        pid = rng.integers(1, n_plan + 1, n)
        kids = kids.with_columns(pl.Series("plan_id", pid))
        base, rate = plans["base"].to_numpy()[pid - 1], plans["rate"].to_numpy()[pid - 1]
    elif where == "grandparent":
        aid = rng.integers(1, n_acct + 1, n)
        pid = accounts["plan_id"].to_numpy()[aid - 1]
        kids = kids.with_columns(pl.Series("account_id", aid))
        base, rate = plans["base"].to_numpy()[pid - 1], plans["rate"].to_numpy()[pid - 1]
    else:
        base = np.round(rng.uniform(5, 50, n), 2)
        rate = np.round(rng.uniform(0.05, 0.5, n), 3)
        kids = kids.with_columns(pl.Series("base", base), pl.Series("rate", rate))
    price = base + rate * qty + (rng.uniform(0, 3, n) if noisy else 0.0)
    scale = 10.0**decimals
    kids = kids.with_columns(pl.Series("price", np.floor(price * scale + 0.5 + 1e-9) / scale))
    frames = {"plans": plans, "lines": kids}
    if where == "grandparent":
        frames["accounts"] = accounts
    return frames


def _want(out: dict[str, pl.DataFrame], where: str, decimals: int) -> pl.Series:
    lines = out["lines"]
    if where == "parent":
        lines = lines.join(out["plans"], on="plan_id", how="left")
    elif where == "grandparent":
        lines = lines.join(out["accounts"], on="account_id", how="left").join(out["plans"], on="plan_id", how="left")
    raw = lines["base"] + lines["rate"] * lines["qty"].cast(pl.Float64)
    scale = 10.0**decimals
    return (raw * scale + 0.5 + 1e-7).floor() / scale


@pytest.mark.parametrize("where", SHAPES)
@pytest.mark.parametrize(("decimals", "seed"), [(2, 3), (0, 8)])
def test_a_base_plus_a_rate_times_a_quantity_is_kept(where: str, decimals: int, seed: int) -> None:
    frames = _frames(where, decimals, seed)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{where}{decimals}{seed}"))
    col = ins.spec.tables["lines"].columns["price"]
    assert col.generator == "expression", col
    assert "qty" in col.expr and "base" in col.expr and "rate" in col.expr
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed + 1)
    got = out["lines"]["price"].cast(pl.Float64)
    assert float(((got - _want(out, where, decimals)).abs() < 1e-6).mean()) >= 0.99  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [3, 8])
def test_a_price_with_noise_is_no_rule(seed: int) -> None:
    frames = _frames("parent", 2, seed, noisy=True)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"noisy{seed}"))
    assert ins.spec.tables["lines"].columns["price"].generator != "expression"
