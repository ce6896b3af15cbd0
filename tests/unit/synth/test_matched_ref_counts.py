"""Children per second parent of a matched key (issue 13), planted in generated data: routes are drawn per
vehicle, and a route's driver is one of its vehicle's depot's drivers (``match: {depot_id: vehicle_id.depot_id}``),
with skewed references per driver (most drivers with 0-2 routes, a few with many). The sampled routes per driver
keep the source's distribution (zeros counted) at scale 0.5, 1 and 2 — a row-by-row weighted draw spreads the
children binomially and exceeded the bound — every route's driver stays at its vehicle's depot, and the same
seed gives the same rows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.ref_count_helpers import assert_same_draws, children_shares, tvd

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey, Source
from simulacra.spec import model as m

BOUND = 0.16


def plant(seed: int, n_depots: int, n_drivers: int, heavy: float) -> dict[str, pl.DataFrame]:
    """Depots, vehicles and drivers each at a depot, routes per vehicle whose driver is one of the depot's,
    drawn so that drivers' counts are skewed: most hold 0-2 routes, a ``heavy`` share 15-30."""
    rng = np.random.default_rng(seed)
    depots = pl.DataFrame({"depot_id": np.arange(1, n_depots + 1), "zone": rng.choice(["n", "s", "e"], n_depots)})
    drv_depot = rng.integers(1, n_depots + 1, n_drivers)
    drivers = pl.DataFrame(
        {"driver_id": np.arange(1, n_drivers + 1), "depot_id": drv_depot, "grade": rng.choice(["a", "b"], n_drivers)}
    )
    big = rng.random(n_drivers) < heavy
    per_driver = np.where(big, rng.integers(15, 31, n_drivers), rng.integers(0, 3, n_drivers))
    driver = rng.permutation(np.repeat(np.arange(1, n_drivers + 1), per_driver))
    depot = drv_depot[driver - 1]
    # a few vehicles per depot; each route on a vehicle of its driver's depot
    n_vehicles = n_depots * 4
    veh_depot = np.repeat(np.arange(1, n_depots + 1), 4)
    vehicles = pl.DataFrame(
        {
            "vehicle_id": np.arange(1, n_vehicles + 1),
            "depot_id": veh_depot,
            "kind": rng.choice(["van", "bike"], n_vehicles),
        }
    )
    vehicle = (depot - 1) * 4 + rng.integers(0, 4, len(driver)) + 1
    routes = pl.DataFrame(
        {
            "route_id": np.arange(1, len(driver) + 1),
            "vehicle_id": vehicle,
            "driver_id": driver,
            "km": np.round(rng.gamma(2.0, 20.0, len(driver)), 1),
        }
    )
    return {"depots": depots, "vehicles": vehicles, "drivers": drivers, "routes": routes}


def spec_per_vehicle(frames: dict[str, pl.DataFrame]) -> m.DatasetSpec:
    keys = [
        ForeignKey("vehicles", "depot_id", "depots", "depot_id"),
        ForeignKey("drivers", "depot_id", "depots", "depot_id"),
        ForeignKey("routes", "vehicle_id", "vehicles", "vehicle_id"),
        ForeignKey("routes", "driver_id", "drivers", "driver_id"),
    ]
    pks = {t: [f.columns[0]] for t, f in frames.items()}
    src = Source(location="routes", kind="folder", frames=frames, primary_keys=pks, foreign_keys=keys, fingerprint="r")
    spec = inspect(src).spec
    t = spec.tables["routes"]
    rows = t.rows.model_copy(update={"per": "vehicles"})  # type: ignore[union-attr]
    col = t.columns["driver_id"].model_copy(update={"match": {"depot_id": "vehicle_id.depot_id"}, "match_share": None})
    t = t.model_copy(update={"rows": rows, "columns": {**t.columns, "driver_id": col}})
    return spec.model_copy(update={"tables": {**spec.tables, "routes": t}})


def per_driver(f: dict[str, pl.DataFrame]) -> dict[int, float]:
    return children_shares(f["drivers"], f["routes"], "driver_id")


SHAPES = [(11, 8, 300, 0.08), (23, 20, 500, 0.05), (37, 5, 200, 0.12)]


class TestMatchedChildrenPerParentFollowTheSource:
    @pytest.mark.parametrize(("seed", "n_depots", "n_drivers", "heavy"), SHAPES)
    @pytest.mark.parametrize("scale", [0.5, 1.0, 2.0])
    def test_routes_per_driver_keep_the_shape_and_the_depot(
        self, seed: int, n_depots: int, n_drivers: int, heavy: float, scale: float
    ) -> None:
        frames = plant(seed, n_depots, n_drivers, heavy)
        spec = spec_per_vehicle(frames)
        out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed, scale=scale)
        got = out["routes"].join(out["vehicles"], on="vehicle_id").join(out["drivers"], on="driver_id", suffix="_d")
        assert got.height == out["routes"].filter(pl.col("driver_id").is_not_null()).height > 0
        assert (got["depot_id"] == got["depot_id_d"]).all()  # every matched row stays in its group
        assert tvd(per_driver(out), per_driver(frames)) < BOUND


class TestMatchedSlotsAreDeterministic:
    @pytest.mark.parametrize(("seed", "n_depots", "n_drivers", "heavy"), SHAPES[:2])
    def test_same_seed_same_rows_and_a_saved_model_draws_the_same(
        self, seed: int, n_depots: int, n_drivers: int, heavy: float, tmp_path: object
    ) -> None:
        frames = plant(seed, n_depots, n_drivers, heavy)
        model = DatasetSynthesizer(seed=0).fit(frames, spec_per_vehicle(frames))
        assert_same_draws(model, "routes", seed, Path(str(tmp_path)))
