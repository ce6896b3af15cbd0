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


def _plant_mixed(folder: Path, seed: int) -> pl.DataFrame:
    """Routes per vehicle: a day (a date), dispatched on it and returned later (datetimes), paid on a later
    day (a date after a datetime); the day is the sequence date."""
    rng = np.random.default_rng(seed)
    n = 120
    pl.DataFrame({"vehicle_id": np.arange(1, n + 1), "kind": rng.choice(["van", "truck"], n)}).write_csv(
        folder / "vehicles.csv"
    )
    rows = []
    for v in range(1, n + 1):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=int(rng.integers(0, 60)))
        for _ in range(int(rng.integers(2, 7))):
            day += dt.timedelta(days=int(rng.integers(1, 9)))
            out = dt.datetime.combine(day, dt.time(6)) + dt.timedelta(minutes=int(rng.integers(0, 240)))
            back = out + dt.timedelta(minutes=int(rng.integers(60, 600)))
            paid = back.date() + dt.timedelta(days=int(rng.integers(0, 4)))
            rows.append((len(rows) + 1, v, day, out, back, paid, round(float(rng.gamma(2.0, 20.0)), 1)))
    routes = pl.DataFrame(
        rows,
        schema=["route_id", "vehicle_id", "route_date", "dispatched_at", "returned_at", "paid_on", "km"],
        orient="row",
    )
    routes.write_csv(folder / "routes.csv")
    return routes


def test_a_datetime_after_the_sequence_day_and_a_day_after_a_datetime_stay_in_order(tmp_path: Path) -> None:
    """A parcel company's routes: the draft declares route_date <= dispatched_at <= returned_at, paid_on later;
    a day and a datetime mixed were not learned as distances before, so the dispatch was drawn apart from
    its day and half the sampled routes left before their date (``sample`` refused its output)."""
    src = tmp_path / "fleet"
    src.mkdir()
    real = _plant_mixed(src, seed=3)
    simulacra.fit(src, output=tmp_path / "model")  # the draft's checks: the three orders
    routes = DatasetSynthesizer.load(tmp_path / "model").tables_["routes"]
    assert routes.sequence_column == "route_date"
    assert routes.offsets["dispatched_at"] == ("route_date", 1)
    assert routes.offsets["returned_at"] == ("dispatched_at", 1)
    assert "paid_on" in routes.offsets  # on whichever date the draft ordered it after
    for seed in (1, 2):
        out = tmp_path / f"s{seed}"
        simulacra.sample(tmp_path / "model", output=out, format="parquet", seed=seed)  # checks every constraint
        s = pl.read_parquet(out / "routes.parquet")
        day, sent, back, paid = (_ts(s, c) for c in ("route_date", "dispatched_at", "returned_at", "paid_on"))
        assert bool((sent >= day.cast(pl.Datetime("us"))).all()) and bool((back >= sent).all())
        assert bool((paid >= day).all())
        # the dispatch keeps its hour of the day (06:00..10:00 in the source), not just any later time
        hours = sent.dt.hour()
        assert hours.min() >= 5 and hours.max() <= 11, (hours.min(), hours.max())
        real_trip = float((real["returned_at"] - real["dispatched_at"]).dt.total_minutes().median() or 0)
        trip = float((back - sent).dt.total_minutes().median() or 0)
        assert abs(trip - real_trip) < 0.3 * real_trip


def test_a_day_after_the_sequence_datetime_stays_on_or_after_its_day(tmp_path: Path) -> None:
    """The other mix: orders at a datetime (the sequence date), invoiced on a day (a date) on or after it; a
    day placed after a datetime is counted from the datetime's day rounded up, so midnight keeps the order."""
    src = tmp_path / "shop"
    src.mkdir()
    rng = np.random.default_rng(4)
    n = 150
    pl.DataFrame({"customer_id": np.arange(1, n + 1)}).write_csv(src / "customers.csv")
    rows = []
    for c in range(1, n + 1):
        t = dt.datetime(2022, 1, 1, 8) + dt.timedelta(days=int(rng.integers(0, 60)))
        for _ in range(int(rng.integers(2, 7))):
            t += dt.timedelta(hours=float(rng.exponential(24 * 9)))
            rows.append((len(rows) + 1, c, t, t.date() + dt.timedelta(days=1 + int(rng.integers(0, 5)))))
    pl.DataFrame(rows, schema=["order_id", "customer_id", "ordered_at", "invoiced_on"], orient="row").write_csv(
        src / "orders.csv"
    )
    simulacra.fit(src, output=tmp_path / "model")
    orders = DatasetSynthesizer.load(tmp_path / "model").tables_["orders"]
    assert orders.sequence_column == "ordered_at"
    assert orders.offsets == {"invoiced_on": ("ordered_at", 1)}
    out = tmp_path / "s1"
    simulacra.sample(tmp_path / "model", output=out, format="parquet", seed=1)  # checks every constraint
    s = pl.read_parquet(out / "orders.parquet")
    assert bool((_ts(s, "invoiced_on").cast(pl.Datetime("us")) >= _ts(s, "ordered_at")).all())
