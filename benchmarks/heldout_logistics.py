"""A seeded parcel-delivery company's database: a second held-out-like test of issue 13's classes.

A domain no other benchmark uses (not the hospital of ``heldout_hospital.py``, not Berka, motorsport,
movies, shop, HR or support), written to play a database the learner has never seen. Every structure
class the issue names is planted by construction, so ``learn_heldout_logistics.py`` can score each:

* order 1..n within a parent that follows another column: ``stops.seq`` numbers a route's stops in
  ``arrived_at`` order;
* uniqueness within a parent: one vehicle per (depot, ``fleet_no``); one route per (driver, ``route_date``);
* a child's dates inside its parent's period: a stop arrives between its route's ``dispatched_at`` and
  ``returned_at``; a parcel is delivered after its route's dispatch; a driver's licence after their
  18th birthday; a route's date on or after its driver's licence date;
* ages: ``routes.driver_age`` from ``drivers.birth_date`` and ``routes.route_date`` (across tables);
* children counted per the parent that structures them when there are several: a route has a depot,
  a vehicle and a driver; its number of stops follows the vehicle's kind (a cargo bike does few);
* formatted strings: weights ``2.4 kg``, delivery windows ``09:00-12:00``, shift lengths ``7:45``,
  hiring dates ``01-Jan-1995``, plates ``KL-482-T``;
* postcodes (Dutch-like ``1234 AB``) and surnames (built from syllables), which a sample should make
  fresh rather than copy;
* parent totals: ``routes.total_km`` is the sum of its stops' ``leg_km``; ``routes.n_stops`` their count;
* keys the names don't reveal: ``parcels.checked_by`` holds clerk ids (``staff.staff_id``);
  ``parcels.route_id`` is its stop's route (through the parent);
* lookup tables: ``parcels.status`` references ``status_codes.code`` and repeats its ``label``; a
  vehicle's ``kind`` gives its ``capacity_kg``; a depot's ``city`` gives its ``region``;
* dates inside the observed range.

    PYTHONPATH=src .venv/bin/python benchmarks/heldout_logistics.py OUT.db [--seed 11] [--routes 900] [--csv DIR]

Generated data: no split applies; the first run of the checker on it is the held-out-like figure.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout_hospital import FIRST, age, cli, dmy  # noqa: E402

SYLLABLES = ("van", "der", "berg", "hof", "meer", "dijk", "bos", "kamp", "sma", "ven", "stra", "link")
SYLLABLES += ("hout", "wel", "broek", "mans", "ter", "aal", "gen", "rik", "voort", "ling", "ma", "es")
CITIES = (  # city -> region: a lookup the depots table repeats
    ("Utrecht", "Centre"),
    ("Amersfoort", "Centre"),
    ("Groningen", "North"),
    ("Leeuwarden", "North"),
    ("Eindhoven", "South"),
    ("Maastricht", "South"),
    ("Rotterdam", "West"),
    ("Leiden", "West"),
)
KINDS = (  # kind -> capacity_kg, share of the fleet, mean stops on a route
    ("cargo bike", 150, 0.2, 3.0),
    ("van", 1200, 0.6, 8.0),
    ("truck", 7500, 0.2, 14.0),
)
STATUS = (  # the lookup table parcels reference: code -> label, final
    ("DLV", "Delivered", 1),
    ("NAH", "Not at home", 0),
    ("NBR", "Left with neighbour", 1),
    ("RTS", "Returned to sender", 1),
    ("DMG", "Damaged in transit", 1),
    ("HLD", "Held at depot", 0),
)
STATUS_P = (0.72, 0.1, 0.08, 0.04, 0.02, 0.04)
WINDOWS = ("07:00-09:00", "09:00-12:00", "12:00-15:00", "15:00-18:00", "18:00-21:00")


def surname(rng: np.random.Generator) -> str:
    return "".join(rng.choice(SYLLABLES, int(rng.choice([2, 2, 3])))).capitalize()


def postcode(rng: np.random.Generator) -> str:
    letters = "ABCDEFGHJKLMNPRSTVWXZ"
    return f"{int(rng.integers(1000, 10000))} {''.join(rng.choice(list(letters), 2))}"


def plate(rng: np.random.Generator) -> str:
    letters = "BDFGHJKLNPRSTVXZ"
    return f"{''.join(rng.choice(list(letters), 2))}-{int(rng.integers(100, 1000))}-{rng.choice(list(letters))}"


def logistics(seed: int = 11, n_routes: int = 900) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    depots = pl.DataFrame(
        {
            "depot_id": list(range(1, 9)),
            "name": [f"Depot {c}" for c, _ in CITIES],
            "city": [c for c, _ in CITIES],
            "region": [r for _, r in CITIES],
        }
    )
    vehicles = []
    for d in range(1, 9):
        # fleet numbers unique within a depot, not across depots
        for fleet_no in sorted(rng.permutation(np.arange(1, 30))[: int(rng.integers(5, 10))]):
            k = int(rng.choice(len(KINDS), p=[k[2] for k in KINDS]))
            vehicles.append(
                {
                    "vehicle_id": len(vehicles) + 1,
                    "depot_id": d,
                    "fleet_no": int(fleet_no),
                    "plate": plate(rng),
                    "kind": KINDS[k][0],
                    "capacity_kg": KINDS[k][1],
                }
            )
    vehicles_f = pl.DataFrame(vehicles)
    first_day, last_day = dt.date(2021, 3, 1), dt.date(2023, 10, 31)
    drivers = []
    for i in range(90):
        born = dt.date(1958, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 42)))
        licence = (
            born.replace(year=born.year + 18) if (born.month, born.day) != (2, 29) else dt.date(born.year + 18, 3, 1)
        )
        licence += dt.timedelta(days=int(rng.integers(0, 365 * 6)))
        hired = max(licence, dt.date(2005, 1, 1)) + dt.timedelta(days=int(rng.integers(0, 365 * 8)))
        drivers.append(
            {
                "driver_id": 500 + i,
                "depot_id": int(rng.integers(1, 9)),
                "surname": surname(rng),
                "first_name": str(rng.choice(FIRST)),
                "birth_date": born,
                "licence_date": licence,
                "hired": dmy(min(hired, first_day)),
            }
        )
    drivers_f = pl.DataFrame(drivers)
    staff = pl.DataFrame(
        {
            "staff_id": list(range(9001, 9031)),
            "surname": [surname(rng) for _ in range(30)],
            "depot_id": [int(rng.integers(1, 9)) for _ in range(30)],
        }
    )
    by_depot = {
        d: (
            vehicles_f.filter(pl.col("depot_id") == d).to_dicts(),
            drivers_f.filter(pl.col("depot_id") == d).to_dicts() or drivers_f.to_dicts(),
            staff.filter(pl.col("depot_id") == d)["staff_id"].to_list() or staff["staff_id"].to_list(),
        )
        for d in range(1, 9)
    }
    routes, stops, parcels = [], [], []
    taken: set[tuple[int, dt.date]] = set()
    while len(routes) < n_routes:
        d = int(rng.integers(1, 9))
        vs, ds, clerks = by_depot[d]
        v, drv = vs[int(rng.integers(len(vs)))], ds[int(rng.integers(len(ds)))]
        day = first_day + dt.timedelta(days=int(rng.integers(0, (last_day - first_day).days + 1)))
        if (drv["driver_id"], day) in taken or day < drv["licence_date"]:
            continue  # one route per driver per day
        taken.add((drv["driver_id"], day))
        rid = len(routes) + 1
        mean = next(k[3] for k in KINDS if k[0] == v["kind"])
        n = max(1, min(int(rng.poisson(mean)), 25))  # stops structured by the vehicle's kind
        out = dt.datetime.combine(day, dt.time(6)) + dt.timedelta(minutes=int(rng.integers(0, 240)))
        at, legs = out, []
        for seq in range(1, n + 1):
            leg = round(float(rng.gamma(2.0, 4.0 if v["kind"] != "cargo bike" else 1.2)) + 0.3, 1)
            legs.append(leg)
            at += dt.timedelta(minutes=int(leg * 2) + int(rng.integers(3, 20)))
            sid = len(stops) + 1
            stops.append(
                {
                    "stop_id": sid,
                    "route_id": rid,
                    "seq": seq,
                    "arrived_at": at,
                    "leg_km": leg,
                    "postcode": postcode(rng),
                }
            )
            for _ in range(1 + int(rng.poisson(0.6))):
                s = int(rng.choice(len(STATUS), p=STATUS_P))
                parcels.append(
                    {
                        "parcel_id": len(parcels) + 1,
                        "stop_id": sid,
                        "route_id": rid,
                        "weight": f"{float(rng.gamma(1.6, 2.5 if v['kind'] != 'truck' else 9.0)) + 0.1:.1f} kg",
                        "window": str(rng.choice(WINDOWS)),
                        "status": STATUS[s][0],
                        "status_label": STATUS[s][1],
                        "delivered_at": at + dt.timedelta(minutes=int(rng.integers(1, 6))),
                        "checked_by": int(rng.choice(clerks)),
                    }
                )
        back = at + dt.timedelta(minutes=int(rng.integers(15, 90)))
        shift = int((back - out).total_seconds() // 60)
        routes.append(
            {
                "route_id": rid,
                "depot_id": d,
                "vehicle_id": v["vehicle_id"],
                "driver_id": drv["driver_id"],
                "route_date": day,
                "dispatched_at": out,
                "returned_at": back,
                "shift": f"{shift // 60}:{shift % 60:02d}",
                "driver_age": age(drv["birth_date"], day),
                "n_stops": n,
                "total_km": round(sum(legs), 1),
            }
        )
    return {
        "status_codes": pl.DataFrame(
            {"code": [s[0] for s in STATUS], "label": [s[1] for s in STATUS], "final": [s[2] for s in STATUS]}
        ),
        "depots": depots,
        "vehicles": vehicles_f,
        "drivers": drivers_f,
        "staff": staff,
        "routes": pl.DataFrame(routes),
        "stops": pl.DataFrame(stops),
        "parcels": pl.DataFrame(parcels),
    }


def main() -> None:
    cli(__doc__ or "", logistics, 11, "routes", 900)


if __name__ == "__main__":
    main()
