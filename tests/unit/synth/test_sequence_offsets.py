"""Dates declared in order with an event table's sequence date stay in order in learned samples.

An event table (orders per customer) draws its first date as gaps between siblings, after the
row's other columns, so a row check reading it could not redraw the row: in the shop example's
learned sample 37% of orders shipped before they were ordered, and once `inspect` drafted the
order as a check, `sample` refused its own output. Planted here: a chain of three dates per event
(ordered <= shipped <= delivered) under parents with several events each; the sample keeps both
orders in every row and the delays' medians.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl

import simulacra
from simulacra.synth.dataset import DatasetSynthesizer


def _plant(folder: Path, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    n = 250
    joined = [dt.date(2022, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 500, n)]
    pl.DataFrame({"customer_id": np.arange(1, n + 1), "joined": joined}).write_csv(folder / "customers.csv")
    rows = []
    oid = 0
    for c in range(n):
        t = dt.datetime.combine(joined[c], dt.time(9))
        for _ in range(int(rng.integers(2, 7))):
            t += dt.timedelta(hours=float(rng.exponential(24 * 20)))
            shipped = t + dt.timedelta(hours=float(rng.gamma(2.0, 12.0)))
            delivered = shipped + dt.timedelta(hours=float(rng.gamma(3.0, 20.0)))
            oid += 1
            rows.append((oid, c + 1, t, shipped, delivered, float(rng.integers(5, 500))))
    orders = pl.DataFrame(
        rows, schema=["order_id", "customer_id", "ordered_at", "shipped_at", "delivered_at", "amount"], orient="row"
    )
    orders.write_csv(folder / "orders.csv")
    return orders


def _ts(f: pl.DataFrame, c: str) -> pl.Series:
    s = f.get_column(c)
    return s if s.dtype != pl.String else s.str.to_datetime(strict=False)


def _gaps(f: pl.DataFrame) -> tuple[pl.Series, pl.Series]:
    """Hours from ordered to shipped, and from shipped to delivered."""
    return (
        (_ts(f, "shipped_at") - _ts(f, "ordered_at")).dt.total_seconds() / 3600,
        (_ts(f, "delivered_at") - _ts(f, "shipped_at")).dt.total_seconds() / 3600,
    )


def _delays(f: pl.DataFrame) -> tuple[float, float]:
    ship, deliver = _gaps(f)
    return float(ship.median() or 0), float(deliver.median() or 0)


def test_a_chain_of_dates_stays_in_order_with_its_delays(tmp_path: Path) -> None:
    src = tmp_path / "shop"
    src.mkdir()
    real = _plant(src, seed=5)
    simulacra.fit(src, output=tmp_path / "model")
    model = DatasetSynthesizer.load(tmp_path / "model")
    orders = model.tables_["orders"]
    assert orders.sequence_column == "ordered_at"
    assert orders.offsets == {"shipped_at": ("ordered_at", 1), "delivered_at": ("shipped_at", 1)}
    for seed in (1, 2):
        out = tmp_path / f"s{seed}"
        simulacra.sample(tmp_path / "model", output=out, format="parquet", seed=seed)  # checks every constraint
        s = pl.read_parquet(out / "orders.parquet")
        ship, deliver = _delays(s)
        real_ship, real_deliver = _delays(real)
        assert abs(ship - real_ship) < 0.3 * real_ship and abs(deliver - real_deliver) < 0.3 * real_deliver
        assert all(bool((g >= 0).all()) for g in _gaps(s))
