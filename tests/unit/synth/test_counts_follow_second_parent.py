"""Children counted per the parent that structures them (issue 13, the parcel company: a route has a driver and a
vehicle, and its stops follow the vehicle's kind; drafted per driver by the date rule, the count model never saw
the kind: a bike's route had a van's stops, the kind means 27-37% right).

Planted in generated databases (drivers, vehicles, routes with one of each, stops per route by the vehicle's
kind; several seeds, kinds, means and key orders): ``inspect`` drafts the routes per vehicle, and a reviewed spec
that keeps them per driver is obeyed, the count model then seeing the route's vehicle's kind. Each way the
sampled stops per route keep their kind means. Where no category explains the counts nothing changes: per
driver, no count context added."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import Source
from simulacra.spec import model as m

SHAPES = [  # (seed, stops per route by kind, vehicle key before the driver key, stops timed: an event table)
    (1, {"bike": 3.0, "van": 12.0, "truck": 24.0}, False, False),
    (2, {"bike": 3.0, "van": 12.0, "truck": 24.0}, True, True),
    (3, {"small": 4.0, "large": 16.0}, False, True),
    (4, {"e": 2.0, "f": 7.0, "g": 11.0, "h": 20.0}, True, False),
]
TOLERANCE = 0.2  # relative error of each kind's mean stops per route


def company(
    seed: int, means: dict[str, float], *, vehicle_first: bool = False, events: bool = False, n_routes: int = 700
) -> dict[str, pl.DataFrame]:
    """Drivers (hired before their routes: the date rule draws routes per driver), vehicles of a kind, routes with
    a driver and a vehicle each, and 1 + Poisson(mean - 1) stops per route by the route's vehicle's kind (with
    ``events``, each stop timed after the one before: drawn as a sequence)."""
    rng = np.random.default_rng(seed)
    n_drivers, n_vehicles = 50, 40
    kinds = list(means)
    hired = [dt.date(2018, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 700, n_drivers)]
    drivers = pl.DataFrame(
        {
            "driver_id": np.arange(1, n_drivers + 1),
            "hired": hired,
            "grade": rng.choice(["junior", "senior"], n_drivers),
        }
    )
    vehicles = pl.DataFrame(
        {
            "vehicle_id": np.arange(1, n_vehicles + 1),
            "kind": [kinds[i % len(kinds)] for i in rng.permutation(n_vehicles)],
        }
    )
    d = rng.integers(1, n_drivers + 1, n_routes)
    v = rng.integers(1, n_vehicles + 1, n_routes)
    keys = [("vehicle_id", v), ("driver_id", d)] if vehicle_first else [("driver_id", d), ("vehicle_id", v)]
    routes = pl.DataFrame(
        {
            "route_id": np.arange(1, n_routes + 1),
            **dict(keys),
            "route_date": [
                hired[i - 1] + dt.timedelta(days=int(x)) for i, x in zip(d, rng.integers(0, 400, n_routes), strict=True)
            ],
        }
    )
    kind = vehicles["kind"].to_numpy()[v - 1]
    n = 1 + rng.poisson([means[k] - 1 for k in kind])
    owner = np.repeat(routes["route_id"].to_numpy(), n)
    stops = pl.DataFrame(
        {
            "stop_id": np.arange(1, len(owner) + 1),
            "route_id": owner,
            "leg_km": np.round(rng.gamma(2.0, 3.0, len(owner)), 1),
        }
    )
    if events:
        start = np.repeat([dt.datetime.combine(day, dt.time(8)) for day in routes["route_date"]], n)
        gap = pl.Series(rng.integers(5, 40, len(owner))).cum_sum().to_numpy()
        first = np.repeat(np.concatenate([[0], np.cumsum(n)[:-1]]), n)
        before = np.concatenate([[0], gap[:-1]])[first]  # minutes of earlier routes' stops
        minutes = gap - before
        stops = stops.with_columns(
            pl.Series("arrived_at", [s + dt.timedelta(minutes=int(x)) for s, x in zip(start, minutes, strict=True)])
        )
    return {"drivers": drivers, "vehicles": vehicles, "routes": routes, "stops": stops}


def kind_means(f: dict[str, pl.DataFrame]) -> dict[str, float]:
    n = f["stops"].group_by("route_id").len()
    per = (
        f["routes"]
        .join(f["vehicles"].select("vehicle_id", "kind"), on="vehicle_id")
        .join(n, on="route_id", how="left")
        .group_by("kind")
        .agg(pl.col("len").fill_null(0).mean())
    )
    return {str(k): float(v) for k, v in per.iter_rows()}


def worst_error(real: dict[str, float], sampled: dict[str, float]) -> float:
    return max(abs(sampled.get(k, 0.0) - v) / v for k, v in real.items())


def draft(frames: dict[str, pl.DataFrame]) -> m.DatasetSpec:
    return inspect(Source(location="company", kind="folder", frames=frames, fingerprint="company")).spec


def per(spec: m.DatasetSpec, parent: str) -> m.DatasetSpec:
    """The spec as a reviewer who keeps the routes per ``parent`` writes it."""
    t = spec.tables["routes"]
    rows = t.rows.model_copy(update={"per": parent})  # type: ignore[union-attr]
    return spec.model_copy(update={"tables": {**spec.tables, "routes": t.model_copy(update={"rows": rows})}})


class TestTheDraftIsPerTheParentThatDecidesTheCounts:
    @pytest.mark.parametrize(("seed", "means", "vehicle_first", "events"), SHAPES)
    def test_routes_are_drafted_per_vehicle_and_keep_the_kind_means(
        self, seed: int, means: dict[str, float], vehicle_first: bool, events: bool
    ) -> None:
        frames = company(seed, means, vehicle_first=vehicle_first, events=events)
        spec = draft(frames)
        assert spec.tables["routes"].rows.per == "vehicles"  # type: ignore[union-attr]
        out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)
        assert worst_error(kind_means(frames), kind_means(out)) < TOLERANCE


class TestAReviewedPerIsObeyedAndTheCountsStillFollowTheOtherParent:
    @pytest.mark.parametrize(("seed", "means", "vehicle_first", "events"), SHAPES)
    def test_per_driver_the_count_model_sees_the_vehicle_kind(
        self, seed: int, means: dict[str, float], vehicle_first: bool, events: bool
    ) -> None:
        frames = company(seed, means, vehicle_first=vehicle_first, events=events)
        model = DatasetSynthesizer(seed=0).fit(frames, per(draft(frames), "drivers"))
        assert model.tables_["routes"].context_fk == "driver_id"  # the reviewed per, obeyed
        assert (model.tables_["stops"].sequence_column == "arrived_at") == events
        for s in (seed, seed + 10):
            assert worst_error(kind_means(frames), kind_means(model.sample(seed=s))) < TOLERANCE

    def test_the_count_context_survives_save_and_load(self, tmp_path: Path) -> None:
        frames = company(5, {"bike": 3.0, "van": 12.0, "truck": 24.0})
        model = DatasetSynthesizer(seed=0).fit(frames, per(draft(frames), "drivers"))
        path = model.save(tmp_path / "model")
        again = DatasetSynthesizer.load(path)
        a, b = model.sample(seed=3), again.sample(seed=3)
        assert all(a[t].equals(b[t]) for t in a)
        assert worst_error(kind_means(frames), kind_means(b)) < TOLERANCE

    @pytest.mark.parametrize("chunk_rows", [5, 40])
    def test_drawn_in_runs_the_rows_are_those_drawn_whole(self, chunk_rows: int) -> None:
        """Same seed, same bytes whatever ``chunk_rows``: the count context reads the parent's other parents
        through the sampled keys, whole parent tables, not a run of them."""
        frames = company(8, {"bike": 3.0, "van": 12.0, "truck": 24.0})
        model = DatasetSynthesizer(seed=0).fit(frames, per(draft(frames), "drivers"))
        assert model.tables_["stops"].count_side

        def joined(rows: int | None) -> dict[str, pl.DataFrame]:
            parts: dict[str, list[pl.DataFrame]] = {}
            for name, frame in model.sample_tables(seed=2, scale=0.3, chunk_rows=rows):
                parts.setdefault(name, []).append(frame)
            return {name: pl.concat(p) for name, p in parts.items()}

        whole, runs = joined(None), joined(chunk_rows)
        assert all(whole[t].equals(runs[t]) for t in whole)


class TestWithoutACategoryThatExplainsTheCountsNothingChanges:
    @pytest.mark.parametrize("seed", [6, 7])
    def test_routes_stay_per_driver_with_no_count_context(self, seed: int) -> None:
        frames = company(seed, {"a": 6.0, "b": 6.0, "c": 6.0})
        spec = draft(frames)
        assert spec.tables["routes"].rows.per == "drivers"  # type: ignore[union-attr]
        model = DatasetSynthesizer(seed=0).fit(frames, spec)
        assert not getattr(model.tables_["stops"], "count_side", {})  # (a field base models lack)
        mean = frames["stops"].height / frames["routes"].height
        out = model.sample(seed=seed)
        assert abs(out["stops"].height / out["routes"].height - mean) / mean < 0.05


class TestTheShareMeasuredOncePerKey:
    """The share a parent's category explains is measured once per candidate key: the draft's comment on the chosen
    parent reads the measure that chose it (it was measured again, one more join per table with two parents)."""

    @pytest.mark.parametrize("seed, means, vehicle_first, events", SHAPES[:2])
    def test_one_measure_per_key_and_the_comment_says_it(
        self,
        monkeypatch: pytest.MonkeyPatch,
        seed: int,
        means: dict[str, float],
        vehicle_first: bool,
        events: bool,
    ) -> None:
        import simulacra.inspection._spec as spec_module

        calls: list[tuple[str, str]] = []
        measure = spec_module.count_explained

        def counted(table: str, fk: Any, *args: Any, **kwargs: Any) -> Any:
            calls.append((table, fk.column))
            return measure(table, fk, *args, **kwargs)

        monkeypatch.setattr(spec_module, "count_explained", counted)
        frames = company(seed, means, vehicle_first=vehicle_first, events=events)
        found = inspect(Source(location="company", kind="folder", frames=frames, fingerprint="company"))
        assert sorted(calls) == sorted(set(calls)), calls
        assert ("routes", "vehicle_id") in calls
        comment = found.comments[("tables", "routes", "rows")]
        assert "per vehicles: its kind explains" in comment, comment
