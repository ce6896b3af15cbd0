"""Issue 13's structure classes on a second database nobody tuned for: the parcel company of
``heldout_logistics.py``.

The same run as ``learn_heldout_db.py`` (whose harness this shares: ``inspect`` -> review ->
``fit --spec`` -> ``sample`` per seed -> ``validate``, then each planted class scored on the source
and on every sample, source beside sample mean and worst seed); only the database and its checks
differ.

    PYTHONPATH=src .venv/bin/python benchmarks/learn_heldout_logistics.py [--seed 11] [--routes 900] [--seeds 1,2,3] [--csv] [--work DIR]

Generated data: its first run is the held-out-like figure; later runs after fixes are dev figures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import polars as pl
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout_logistics import CITIES, KINDS, STATUS, logistics  # noqa: E402
from learn_heldout_db import Frames, age, count_fidelity, in_span, parse, resolution, run, share  # noqa: E402

DATES = {
    "drivers": ("birth_date", "licence_date"),
    "routes": ("route_date", "dispatched_at", "returned_at"),
    "stops": ("arrived_at",),
    "parcels": ("delivered_at",),
}


def checks(f: Frames, real: Frames) -> dict[str, float]:
    routes, stops, parcels, drivers, vehicles = (f[t] for t in ("routes", "stops", "parcels", "drivers", "vehicles"))
    ordered = stops.sort("route_id", "arrived_at", "stop_id").with_columns(
        pl.int_range(1, pl.len() + 1).over("route_id").alias("__n")
    )
    by_seq = stops.sort("route_id", "seq").with_columns(pl.col("arrived_at").diff().over("route_id").alias("__d"))
    period = routes.select("route_id", "dispatched_at", "returned_at", "route_date")
    sp = stops.join(period, on="route_id")
    pp = parcels.join(period, on="route_id")
    rd = routes.join(drivers.select("driver_id", "birth_date", "licence_date"), on="driver_id")
    per_route = stops.group_by("route_id").agg(pl.len().alias("__n"), pl.col("leg_km").sum().alias("__km"))
    rt = routes.join(per_route, on="route_id", how="left")
    owner = stops.select("stop_id", pl.col("route_id").alias("__r"))
    kind_n = routes.join(vehicles.select("vehicle_id", "kind"), on="vehicle_id", how="left").join(
        per_route, on="route_id", how="left"
    )
    real_kind = (
        real["routes"]
        .join(real["vehicles"].select("vehicle_id", "kind"), on="vehicle_id")
        .join(real["stops"].group_by("route_id").len(), on="route_id", how="left")
        .group_by("kind")
        .agg(pl.col("len").fill_null(0).mean().alias("__m"))
    )
    by_kind = kind_n.group_by("kind").agg(pl.col("__n").fill_null(0).mean().alias("__s")).join(real_kind, on="kind")
    rp = set(real["stops"]["postcode"].to_list())
    rs = set(real["drivers"]["surname"].to_list()) | set(real["staff"]["surname"].to_list())
    names = pl.concat([drivers["surname"], f["staff"]["surname"]]).cast(pl.String)
    label = {c: lab for c, lab, _ in STATUS}
    cap = {k: c for k, c, *_ in KINDS}
    return {
        "order: stops.seq is 1..n per route": share(ordered["seq"] == ordered["__n"]),
        "order: seq follows arrived_at": share(by_seq["__d"].drop_nulls().dt.total_seconds() > 0),
        "unique in parent: one fleet_no per depot": vehicles.select("depot_id", "fleet_no").n_unique()
        / max(vehicles.height, 1),
        "unique in parent: one route per (driver, route_date)": routes.select("driver_id", "route_date").n_unique()
        / max(routes.height, 1),
        "period: returned_at after dispatched_at": share(routes["returned_at"] > routes["dispatched_at"]),
        "period: dispatched on the route's date": share(
            routes["dispatched_at"].dt.date() == routes["route_date"].dt.date()
        ),
        "period: stop inside its route's dispatch..return": share(
            (sp["arrived_at"] > sp["dispatched_at"]) & (sp["arrived_at"] < sp["returned_at"])
        ),
        "period: parcel delivered after its route's dispatch": share(pp["delivered_at"] > pp["dispatched_at"]),
        "period: licence at 18 or later": share(
            drivers.select(age(pl.col("birth_date"), pl.col("licence_date")) >= 18).to_series()
        ),
        "period: route on or after its driver's licence": share(rd["route_date"] >= rd["licence_date"]),
        "age: routes.driver_age from birth_date and route_date": share(
            rd["driver_age"] == rd.select(age(pl.col("birth_date"), pl.col("route_date"))).to_series()
        ),
        "count: stops per route (1 - TVD)": count_fidelity(
            stops, routes, "route_id", "route_id", real["stops"], real["routes"]
        ),
        "count: parcels per stop (1 - TVD)": count_fidelity(
            parcels, stops, "stop_id", "stop_id", real["parcels"], real["stops"]
        ),
        "count: routes per driver (1 - TVD)": count_fidelity(
            routes, drivers, "driver_id", "driver_id", real["routes"], real["drivers"]
        ),
        "count: stops per route follow the vehicle kind (1 - mean rel. error of the kind means)": float(
            1 - ((by_kind["__s"] - by_kind["__m"]).abs() / by_kind["__m"]).mean()
        )
        if by_kind.height
        else float("nan"),
        "format: weight like 2.4 kg": share(parcels["weight"].cast(pl.String).str.contains(r"^\d+\.\d kg$")),
        "format: window like 09:00-12:00, start before end": share(
            parcels["window"].cast(pl.String).str.contains(r"^\d\d:\d\d-\d\d:\d\d$")
            & (parcels["window"].cast(pl.String).str.slice(0, 5) < parcels["window"].cast(pl.String).str.slice(6, 5))
        ),
        "format: shift like 7:45": share(routes["shift"].cast(pl.String).str.contains(r"^\d{1,2}:[0-5]\d$")),
        "format: shift is returned_at - dispatched_at": share(
            routes["shift"].cast(pl.String)
            == routes.select(
                ((pl.col("returned_at") - pl.col("dispatched_at")).dt.total_minutes() // 60).cast(pl.String)
                + ":"
                + ((pl.col("returned_at") - pl.col("dispatched_at")).dt.total_minutes() % 60)
                .cast(pl.String)
                .str.zfill(2)
            ).to_series()
        ),
        "format: hired like 01-Jan-1995": share(
            drivers["hired"].cast(pl.String).str.contains(r"^\d\d-[A-Z][a-z]{2}-\d{4}$")
        ),
        "format: plate like KL-482-T": share(vehicles["plate"].cast(pl.String).str.contains(r"^[A-Z]{2}-\d{3}-[A-Z]$")),
        "fresh: postcode shaped like the source's (1234 AB)": share(
            stops["postcode"].cast(pl.String).str.contains(r"^[1-9]\d{3} [A-Z]{2}$")
        ),
        "fresh: postcode not copied from the source": share(~stops["postcode"].is_in(list(rp))),
        "fresh: surname name-shaped (capitalised words)": share(
            names.str.contains(r"^[A-ZÄÖÜ][a-zäöüß]+(?:[ '-][A-ZÄÖÜa-zäöüß][a-zäöüß]+)*$")
        ),
        "fresh: surname not copied from the source": share(~names.is_in(list(rs))),
        "total: routes.total_km is the sum of its legs": share(
            (rt["total_km"] - rt["__km"].fill_null(0)).abs() < 0.051
        ),
        "total: routes.n_stops is its count": share(rt["n_stops"] == rt["__n"].fill_null(0)),
        "through parent: parcel route is its stop's": share(
            parcels.join(owner, on="stop_id")["route_id"] == parcels.join(owner, on="stop_id")["__r"]
        ),
        "through parent: route's vehicle is its depot's": share(
            routes.join(vehicles.select("vehicle_id", pl.col("depot_id").alias("__d")), on="vehicle_id", how="left")
            .select(pl.col("depot_id") == pl.col("__d"))
            .to_series()
        ),
        "keys: parcels.checked_by is a staff id": share(parcels["checked_by"].is_in(f["staff"]["staff_id"].to_list())),
        "lookup: parcels.status is a status_codes code": share(
            parcels["status"].is_in(f["status_codes"]["code"].to_list())
        ),
        "lookup: status -> status_label": share(
            parcels["status_label"] == parcels["status"].replace_strict(label, default=None)
        ),
        "lookup: vehicle kind -> capacity_kg": share(
            vehicles["capacity_kg"] == vehicles["kind"].replace_strict(cap, default=None, return_dtype=pl.Int64)
        ),
        "lookup: depot city -> region": share(
            f["depots"]["region"] == f["depots"]["city"].replace_strict(dict(CITIES), default=None)
        ),
        "range: dates inside the source's span": in_span(f, real, DATES),
        **resolution(f, real, DATES),
    }


def review(draft: Path, reviewed: Path) -> list[str]:
    """What a user reading the draft fixes; each edit is returned (none planned before the first run)."""
    spec = yaml.safe_load(draft.read_text())
    edits: list[str] = []
    reviewed.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    return edits


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=11, help="the company's seed")
    ap.add_argument("--routes", type=int, default=900)
    args = parse(ap)
    work = args.work or Path(tempfile.mkdtemp(prefix="heldout_logistics_"))
    label = f"parcel company (seed {args.seed}, {args.routes} routes, from {'CSV' if args.csv else 'SQLite'})"
    run(logistics(args.seed, args.routes), "logistics", DATES, checks, review, args, work, label)


if __name__ == "__main__":
    main()
