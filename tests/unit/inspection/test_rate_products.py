"""A cost that is a row's quantity times a rate looked up through its parent or grandparent, where the quantity
is the units a number began (a call's started minutes) or the rate prices only some kinds of row (issue 13, the
mobile operator: a voice call's cost = its started minutes x its plan's ``per_min`` through its subscription, an
SMS a fixed price; 17% of sampled voice calls held their price). Planted in generated databases — calls x a plan's
rate per minute begun, order lines x a product's unit price beside shipping and gift wrap, stays x a room
type's nightly rate (complimentary stays free), parking sessions x a zone's rate per hour begun, parcels x a
zone's rate per kilogram begun — with several names, sizes and seeds: drafted as an ``expression``, the source
passes ``validate`` against its draft, and every sampled row holds the rule. A cost only correlated with the
product, or priced by it on most rows but not all, stays a number of its own.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.sqlite_helpers import fit_sample, write_tables

import simulacra
from simulacra.inspection import inspect

CALLS = [
    ("plans", "subscriptions", "calls", "call_type", "duration_s", "cost", "per_min"),
    ("tariffs", "lines", "usage", "usage_kind", "seconds", "charge", "rate_per_min"),
]


def calls_db(tmp_path: Path, seed: int, n_subs: int, *, noise: float = 0.0, off: float = 0.0) -> tuple[Path, tuple]:
    """Plans keyed by text, subscriptions on a plan, calls priced by kind: voice its started minutes x its
    plan's rate, an SMS a fixed price, roaming its started minutes x one tariff. ``noise``: the voice price
    times 1 +- that share (only correlated); ``off``: that share of voice calls a few cents off."""
    plans_t, subs_t, calls_t, kind, secs, cost, rate = CALLS[seed % 2]
    rng = np.random.default_rng(seed)
    codes = ["BASIC", "PLUS", "MAX", "YOUTH", "BIZ"][: 3 + seed % 3]
    rates = dict(zip(codes, [0.12, 0.08, 0.05, 0.15, 0.035], strict=False))
    plans = pl.DataFrame({"plan_code": codes, rate: [rates[c] for c in codes]})
    subs = pl.DataFrame({"sub_id": np.arange(1, n_subs + 1), "plan_code": rng.choice(codes, n_subs)})
    n = n_subs * int(rng.integers(8, 14))
    owner = rng.integers(1, n_subs + 1, n)
    u = rng.random(n)
    kinds = np.where(u < 0.05, "roaming", np.where(u < 0.25, "sms", "voice"))
    dur = np.where(kinds == "sms", 0, rng.lognormal(np.log(110), 0.9, n).astype(int) + 1)
    plan_of = subs["plan_code"].to_numpy()[owner - 1]
    prices = []
    for k, d, p in zip(kinds, dur, plan_of, strict=True):
        minutes = math.ceil(int(d) / 60)
        if k == "sms":
            prices.append(0.1)
        elif k == "roaming":
            prices.append(round(minutes * 1.25, 2))
        else:
            v = minutes * rates[p]
            if noise:
                v *= 1 + rng.uniform(-noise, noise)
            if off and rng.random() < off:
                v += 0.07
            prices.append(round(v, 2))
    calls = pl.DataFrame(
        {"call_id": np.arange(1, n + 1), "sub_id": owner, kind: kinds, secs: dur.astype(np.int64), cost: prices}
    )
    db = tmp_path / f"calls{seed}.db"
    write_tables(
        db,
        {
            plans_t: (f"plan_code TEXT PRIMARY KEY, {rate} REAL", plans),
            subs_t: (f"sub_id INTEGER PRIMARY KEY, plan_code TEXT REFERENCES {plans_t}(plan_code)", subs),
            calls_t: (
                f"call_id INTEGER PRIMARY KEY, sub_id INTEGER REFERENCES {subs_t}(sub_id), {kind} TEXT, "
                f"{secs} INTEGER, {cost} REAL",
                calls,
            ),
        },
    )
    return db, (plans_t, subs_t, calls_t, kind, secs, cost, rate)


def _expr(spec: Any, table: str, column: str) -> str:
    col = spec.tables[table].columns[column]
    assert col.generator == "expression", (table, column, col.generator)
    return str(col.expr)


def _obeys(got: pl.Series, want: pl.Series) -> float:
    return float(((got - want).abs() < 0.006).mean())  # type: ignore[arg-type, operator]


@pytest.mark.parametrize(("seed", "n_subs"), [(1, 60), (2, 150), (3, 90), (4, 220)])
def test_calls_priced_by_their_plans_rate_per_minute_begun(tmp_path: Path, seed: int, n_subs: int) -> None:
    db, (plans_t, subs_t, calls_t, kind, secs, cost, rate) = calls_db(tmp_path, seed, n_subs)
    ins = inspect(db)
    expr = _expr(ins.spec, calls_t, cost)
    assert f"ROUND(CEIL({secs} / 60) * {subs_t}.{plans_t}.{rate}, 2)" in expr, expr
    draft = ins.write(tmp_path / "draft.yaml")
    simulacra.validate(draft, db)  # the source holds its own rule (validate recomputes it on every row)
    got = fit_sample(tmp_path, db, draft, seed=seed)
    c = (
        got[calls_t]
        .join(got[subs_t], on="sub_id", how="left")
        .join(got[plans_t], on="plan_code", how="left")
        .with_columns((pl.col(secs) / 60).ceil().alias("__min"))
    )
    voice, sms, roam = (c.filter(pl.col(kind) == k) for k in ("voice", "sms", "roaming"))
    assert voice.height > 100 and sms.height > 10
    assert _obeys(voice[cost], (voice["__min"] * voice[rate]).round(2)) >= 0.99
    assert _obeys(sms[cost], pl.Series([0.1] * sms.height)) >= 0.99
    assert _obeys(roam[cost], (roam["__min"] * 1.25).round(2)) >= 0.99


@pytest.mark.parametrize("seed", [1, 2])
def test_a_cost_only_correlated_with_the_rate_is_no_rule(tmp_path: Path, seed: int) -> None:
    db, (_, _, calls_t, _, _, cost, _) = calls_db(tmp_path, seed, 120, noise=0.08)
    assert inspect(db).spec.tables[calls_t].columns[cost].generator != "expression"  # type: ignore[union-attr]


@pytest.mark.parametrize("seed", [3, 4])
def test_a_cost_priced_by_the_rule_on_most_rows_only_is_no_rule(tmp_path: Path, seed: int) -> None:
    db, (_, _, calls_t, _, _, cost, _) = calls_db(tmp_path, seed, 120, off=0.03)
    assert inspect(db).spec.tables[calls_t].columns[cost].generator != "expression"  # type: ignore[union-attr]


SHOPS = [("products", "lines", "line_kind", "amount"), ("articles", "order_items", "item_type", "line_total")]


@pytest.mark.parametrize(("seed", "n"), [(0, 400), (1, 900), (2, 600)])
def test_order_lines_priced_by_their_products_unit_price(tmp_path: Path, seed: int, n: int) -> None:
    """A line's amount is its quantity x its product's unit price; shipping lines a fixed fee, gift wrap a
    price per item of its own (no column holds it)."""
    prod_t, lines_t, kind, amount = SHOPS[seed % 2]
    rng = np.random.default_rng(seed)
    n_p = int(rng.integers(30, 80))
    products = pl.DataFrame(
        {"product_id": np.arange(1, n_p + 1), "unit_price": np.round(rng.lognormal(2.5, 0.7, n_p), 2)}
    )
    pid = rng.integers(1, n_p + 1, n)
    qty = rng.choice([1, 2, 3, 4, 5, 8], n, p=[0.45, 0.2, 0.15, 0.1, 0.05, 0.05])
    u = rng.random(n)
    kinds = np.where(u < 0.1, "shipping", np.where(u < 0.18, "gift_wrap", "item"))
    unit = products["unit_price"].to_numpy()[pid - 1]
    amt = np.where(kinds == "shipping", 4.95, np.where(kinds == "gift_wrap", qty * 2.5, qty * unit))
    lines = pl.DataFrame(
        {"line_id": np.arange(1, n + 1), "product_id": pid, kind: kinds, "qty": qty, amount: np.round(amt, 2)}
    )
    db = tmp_path / "shop.db"
    write_tables(
        db,
        {
            prod_t: ("product_id INTEGER PRIMARY KEY, unit_price REAL", products),
            lines_t: (
                f"line_id INTEGER PRIMARY KEY, product_id INTEGER REFERENCES {prod_t}(product_id), {kind} TEXT, "
                f"qty INTEGER, {amount} REAL",
                lines,
            ),
        },
    )
    ins = inspect(db)
    expr = _expr(ins.spec, lines_t, amount)
    assert f"WHEN {kind} = 'item' THEN ROUND(qty * {prod_t}.unit_price, 2)" in expr, expr
    draft = ins.write(tmp_path / "draft.yaml")
    simulacra.validate(draft, db)
    got = fit_sample(tmp_path, db, draft, seed=seed)
    ln = got[lines_t].join(got[prod_t], on="product_id", how="left")
    items, ship, wrap = (ln.filter(pl.col(kind) == k) for k in ("item", "shipping", "gift_wrap"))
    assert items.height > 100
    assert _obeys(items[amount], (items["qty"] * items["unit_price"]).round(2)) >= 0.99
    assert _obeys(ship[amount], pl.Series([4.95] * ship.height)) >= 0.99
    assert _obeys(wrap[amount], (wrap["qty"] * 2.5).round(2)) >= 0.99


HOTELS = [
    ("room_types", "rooms", "stays", "cost", "nightly_rate"),
    ("categories", "units", "bookings", "price", "rate"),
]


def _stays(tmp_path: Path, seed: int, n: int) -> tuple[Path, tuple[str, ...]]:
    """Stays costing their nights x their room's type's nightly rate (a grandparent's), a complimentary one 0."""
    types_t, rooms_t, stays_t, cost, rate = HOTELS[seed % 2]
    rng = np.random.default_rng(seed)
    rates = [79.0, 99.45, 129.0, 189.95, 249.0][: 3 + seed % 3]
    types = pl.DataFrame({"type_id": np.arange(1, len(rates) + 1), rate: rates})
    n_r = int(rng.integers(20, 60))
    rooms = pl.DataFrame({"room_id": np.arange(1, n_r + 1), "type_id": rng.integers(1, len(rates) + 1, n_r)})
    room = rng.integers(1, n_r + 1, n)
    nights = rng.integers(1, 15, n)
    comp = rng.random(n) < 0.06
    per = np.array(rates)[rooms["type_id"].to_numpy()[room - 1] - 1]
    stays = pl.DataFrame(
        {
            "stay_id": np.arange(1, n + 1),
            "room_id": room,
            "status": np.where(comp, "comp", "paid"),
            "nights": nights,
            cost: np.where(comp, 0.0, np.round(nights * per, 2)),
        }
    )
    db = tmp_path / "hotel.db"
    write_tables(
        db,
        {
            types_t: (f"type_id INTEGER PRIMARY KEY, {rate} REAL", types),
            rooms_t: (f"room_id INTEGER PRIMARY KEY, type_id INTEGER REFERENCES {types_t}(type_id)", rooms),
            stays_t: (
                f"stay_id INTEGER PRIMARY KEY, room_id INTEGER REFERENCES {rooms_t}(room_id), status TEXT, "
                f"nights INTEGER, {cost} REAL",
                stays,
            ),
        },
    )
    return db, (types_t, rooms_t, stays_t, cost, rate)


@pytest.mark.parametrize(("seed", "n"), [(0, 500), (1, 800), (5, 350)])
def test_stays_priced_by_their_room_types_nightly_rate(tmp_path: Path, seed: int, n: int) -> None:
    db, (types_t, rooms_t, stays_t, cost, rate) = _stays(tmp_path, seed, n)
    ins = inspect(db)
    expr = _expr(ins.spec, stays_t, cost)
    assert f"ROUND(nights * {rooms_t}.{types_t}.{rate}, 2)" in expr and "THEN 0 " in expr, expr
    draft = ins.write(tmp_path / "draft.yaml")
    simulacra.validate(draft, db)
    got = fit_sample(tmp_path, db, draft, seed=seed)
    s = got[stays_t].join(got[rooms_t], on="room_id", how="left").join(got[types_t], on="type_id", how="left")
    paid = s.filter(pl.col("status") == "paid")
    assert paid.height > 100
    assert _obeys(paid[cost], (paid["nights"] * paid[rate]).round(2)) >= 0.99
    assert (s.filter(pl.col("status") == "comp")[cost] == 0).all()


def _sessions(tmp_path: Path, seed: int, n: int, *, off: float = 0.0) -> tuple[Path, str]:
    """Parking sessions whose fee is the hours begun (of ``minutes``) x its bay's zone's hourly rate."""
    rng = np.random.default_rng(seed)
    zones = pl.DataFrame({"zone_id": [1, 2, 3, 4], "hourly": [1.55, 2.2, 3.85, 0.95]})
    bays = pl.DataFrame({"bay_id": np.arange(1, 41), "zone_id": rng.integers(1, 5, 40)})
    bay = rng.integers(1, 41, n)
    minutes = rng.integers(5, 600, n)
    hourly = zones["hourly"].to_numpy()[bays["zone_id"].to_numpy()[bay - 1] - 1]
    fee = np.round(np.ceil(minutes / 60) * hourly, 2)
    fee = np.where(rng.random(n) < off, np.round(fee * rng.uniform(0.5, 1.5, n), 2), fee)
    sessions = pl.DataFrame({"session_id": np.arange(1, n + 1), "bay_id": bay, "minutes": minutes, "fee": fee})
    db = tmp_path / f"parking{seed}.db"
    write_tables(
        db,
        {
            "zones": ("zone_id INTEGER PRIMARY KEY, hourly REAL", zones),
            "bays": ("bay_id INTEGER PRIMARY KEY, zone_id INTEGER REFERENCES zones(zone_id)", bays),
            "sessions": (
                "session_id INTEGER PRIMARY KEY, bay_id INTEGER REFERENCES bays(bay_id), minutes INTEGER, fee REAL",
                sessions,
            ),
        },
    )
    return db, "ROUND(CEIL(minutes / 60) * bays.zones.hourly, 2)"


@pytest.mark.parametrize(("seed", "n"), [(0, 300), (1, 700)])
def test_parking_sessions_priced_per_hour_begun(tmp_path: Path, seed: int, n: int) -> None:
    db, want = _sessions(tmp_path, seed, n)
    ins = inspect(db)
    assert _expr(ins.spec, "sessions", "fee") == want
    draft = ins.write(tmp_path / "draft.yaml")
    simulacra.validate(draft, db)
    got = fit_sample(tmp_path, db, draft, seed=seed)
    s = got["sessions"].join(got["bays"], on="bay_id", how="left").join(got["zones"], on="zone_id", how="left")
    assert s.height > 100
    assert _obeys(s["fee"], ((s["minutes"] / 60).ceil() * s["hourly"]).round(2)) >= 0.99


def test_sessions_priced_so_on_most_rows_only_are_no_rule(tmp_path: Path) -> None:
    db, _ = _sessions(tmp_path, 2, 500, off=0.03)
    assert inspect(db).spec.tables["sessions"].columns["fee"].generator != "expression"  # type: ignore[union-attr]


@pytest.mark.parametrize("seed", [0, 1])
def test_parcels_priced_per_kilogram_begun(tmp_path: Path, seed: int) -> None:
    """A parcel's charge is its kilograms begun (a fractional weight) x its zone's rate per kilogram."""
    rng = np.random.default_rng(seed)
    zones = pl.DataFrame({"zone_id": [1, 2, 3], "rate_per_kg": [2.4, 3.1, 5.75]})
    n = 400 + 200 * seed
    zone = rng.integers(1, 4, n)
    weight = np.round(rng.gamma(2.0, 3.0, n) + 0.05, 2)
    charge = np.round(np.ceil(weight) * zones["rate_per_kg"].to_numpy()[zone - 1], 2)
    parcels = pl.DataFrame({"parcel_id": np.arange(1, n + 1), "zone_id": zone, "weight_kg": weight, "charge": charge})
    db = tmp_path / "parcels.db"
    write_tables(
        db,
        {
            "zones": ("zone_id INTEGER PRIMARY KEY, rate_per_kg REAL", zones),
            "parcels": (
                "parcel_id INTEGER PRIMARY KEY, zone_id INTEGER REFERENCES zones(zone_id), weight_kg REAL, charge REAL",
                parcels,
            ),
        },
    )
    ins = inspect(db)
    assert _expr(ins.spec, "parcels", "charge") == "ROUND(CEIL(weight_kg) * zones.rate_per_kg, 2)"
    draft = ins.write(tmp_path / "draft.yaml")
    simulacra.validate(draft, db)
    got = fit_sample(tmp_path, db, draft, seed=seed)
    p = got["parcels"].join(got["zones"], on="zone_id", how="left")
    assert p.height > 100
    assert _obeys(p["charge"], (p["weight_kg"].ceil() * p["rate_per_kg"]).round(2)) >= 0.99


def test_the_same_seed_prices_the_same_calls(tmp_path: Path) -> None:
    db, (_, _, calls_t, _, _, cost, _) = calls_db(tmp_path, 1, 80)
    draft = inspect(db).write(tmp_path / "draft.yaml")
    simulacra.fit(db, spec=draft, output=tmp_path / "model", seed=0)
    runs = [simulacra.sample(tmp_path / "model", seed=4).frames[calls_t][cost].to_list() for _ in range(2)]
    assert runs[0] == runs[1]
