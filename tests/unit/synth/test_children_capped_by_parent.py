"""Children capped by a number of their parent (issue 13, airline probe ``benchmarks/heldout_airline.py``):
bookings per flight never more than its ``seats``, patients per ward never more than its ``beds``, pupils per
class never more than its ``capacity`` (beside a larger number, a fee, that caps nothing tightly), bookings
per flight never more than its aircraft's ``seats`` (read through the flight's key). Planted in
generated data with many parents full; fit → sample keeps every parent's children within its number. A number
some parent's children pass is not learned as a cap. Shapes: four, each with two seeds.

Before (base 0a3b9ba), airline probe (dev): bookings per flight exceeded the aircraft's seats in 13% of
sampled flights (seed 3); the source never did.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.test_keys_two_parents import _source

from simulacra import DatasetSynthesizer
from simulacra._random import root_stream
from simulacra.inspection import inspect
from simulacra.synth._capacity import capped_counts

Shape = tuple[pl.DataFrame, pl.DataFrame, str, str, str]  # parent, child, parent key, child key, cap column


def _kids(rng: np.random.Generator, cap: np.ndarray, fill: float) -> np.ndarray:
    """Children per parent: about ``fill`` of the cap, many parents full (never past it)."""
    return np.minimum(rng.poisson(cap * fill), cap)


def flights(seed: int) -> Shape:
    rng = np.random.default_rng(seed)
    n = 160
    seats = rng.choice([20, 26, 34], n)
    parent = pl.DataFrame({"flight_id": np.arange(1, n + 1), "seats": seats, "hour": rng.integers(6, 20, n)})
    k = _kids(rng, seats, 0.95)
    child = pl.DataFrame(
        {"booking_id": np.arange(1, k.sum() + 1), "flight_id": np.repeat(parent["flight_id"].to_numpy(), k)}
    ).with_columns(fare=pl.Series(rng.integers(50, 400, int(k.sum()))))
    return parent, child, "flight_id", "flight_id", "seats"


def wards(seed: int) -> Shape:
    rng = np.random.default_rng(seed)
    n = 120
    beds = rng.integers(4, 30, n)
    parent = pl.DataFrame({"ward_id": np.arange(1, n + 1), "beds": beds})
    k = _kids(rng, beds, 1.0)
    child = pl.DataFrame(
        {"patient_id": np.arange(1, k.sum() + 1), "ward_id": np.repeat(parent["ward_id"].to_numpy(), k)}
    ).with_columns(age=pl.Series(rng.integers(1, 95, int(k.sum()))))
    return parent, child, "ward_id", "ward_id", "beds"


def classes(seed: int) -> Shape:
    rng = np.random.default_rng(seed)
    n = 140
    capacity = rng.choice([12, 18, 24, 30], n)
    parent = pl.DataFrame({"class_id": np.arange(1, n + 1), "fee": rng.integers(200, 900, n), "capacity": capacity})
    k = _kids(rng, capacity, 0.9)
    child = pl.DataFrame(
        {"pupil_id": np.arange(1, k.sum() + 1), "class_id": np.repeat(parent["class_id"].to_numpy(), k)}
    ).with_columns(grade=pl.Series(rng.integers(1, 6, int(k.sum()))))
    return parent, child, "class_id", "class_id", "capacity"


SHAPES = [flights, wards, classes]


def _within(parent: pl.DataFrame, child: pl.DataFrame, pk: str, fk: str, cap: str) -> float:
    n = parent.join(child.group_by(fk).len().rename({fk: pk}), on=pk, how="left").with_columns(
        pl.col("len").fill_null(0)
    )
    return float((n["len"] <= n[cap]).mean() or 0.0)


def _fit(parent: pl.DataFrame, child: pl.DataFrame, pk: str, fk: str, name: str) -> DatasetSynthesizer:
    frames = {"parents": parent, "kids": child}
    keys = [("kids", fk, "parents", pk)]
    ins = inspect(_source(name, frames, keys))
    return DatasetSynthesizer(seed=0).fit(frames, ins.spec)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("make", SHAPES, ids=lambda f: f.__name__)
def test_children_within_their_parents_number_stay_within_it(make, seed: int) -> None:  # noqa: ANN001
    parent, child, pk, fk, cap = make(seed)
    assert _within(parent, child, pk, fk, cap) == 1.0
    syn = _fit(parent, child, pk, fk, f"{make.__name__}-{seed}")
    out = syn.sample(seed=seed + 10)
    assert out["kids"].height >= 0.8 * child.height  # the size kept: the rows cut went to parents with room
    assert _within(out["parents"], out["kids"], pk, fk, cap) == 1.0
    assert syn.tables_["kids"].cap == cap


@pytest.mark.parametrize("make", SHAPES, ids=lambda f: f.__name__)
def test_a_number_some_parents_children_pass_is_no_cap(make) -> None:  # noqa: ANN001
    parent, child, pk, fk, cap = make(3)
    over = parent.with_columns(parent[cap].scatter(np.arange(0, 40, 5), 1))  # 8 parents' children pass it
    assert _within(over, child, pk, fk, cap) < 1.0
    syn = _fit(over, child, pk, fk, f"{make.__name__}-over")
    assert syn.tables_["kids"].cap is None


def fleet(seed: int) -> tuple[dict[str, pl.DataFrame], list[tuple[str, str, str, str]]]:
    """Aircraft with seats, flights of an aircraft (no seats of their own), bookings per flight within the
    aircraft's seats."""
    rng = np.random.default_rng(seed)
    planes = pl.DataFrame({"aircraft_id": np.arange(1, 41), "seats": rng.integers(6, 40, 40)})
    n = 160
    flights = pl.DataFrame({"flight_id": np.arange(1, n + 1), "aircraft_id": rng.integers(1, 41, n)})
    seats = planes["seats"].to_numpy()[flights["aircraft_id"].to_numpy() - 1]
    k = _kids(rng, seats, 1.0)
    bookings = pl.DataFrame(
        {"booking_id": np.arange(1, k.sum() + 1), "flight_id": np.repeat(flights["flight_id"].to_numpy(), k)}
    ).with_columns(fare=pl.Series(rng.integers(50, 400, int(k.sum()))))
    frames = {"aircraft": planes, "flights": flights, "bookings": bookings}
    keys = [("flights", "aircraft_id", "aircraft", "aircraft_id"), ("bookings", "flight_id", "flights", "flight_id")]
    return frames, keys


def _within_aircraft(frames: dict[str, pl.DataFrame]) -> float:
    f = frames["flights"].join(frames["aircraft"], on="aircraft_id", how="left")
    return _within(f, frames["bookings"], "flight_id", "flight_id", "seats")


@pytest.mark.parametrize("seed", [1, 2])
def test_children_within_their_grandparents_number_stay_within_it(seed: int) -> None:
    """The number read through the parent's key: a flight's bookings within its aircraft's seats."""
    frames, keys = fleet(seed)
    assert _within_aircraft(frames) == 1.0
    ins = inspect(_source(f"fleet-{seed}", frames, keys))
    syn = DatasetSynthesizer(seed=0).fit(frames, ins.spec)
    assert syn.tables_["bookings"].cap == "aircraft_id.seats"
    out = syn.sample(seed=seed + 10)
    assert out["bookings"].height >= 0.8 * frames["bookings"].height
    assert _within_aircraft(out) == 1.0


def test_capped_counts_keep_the_total_where_there_is_room() -> None:
    rng = np.random.default_rng(0)
    s = root_stream(1).child("t")
    for _ in range(5):
        cap = rng.integers(0, 20, 200)
        counts = rng.integers(0, 25, 200).astype(np.int64)
        out = capped_counts(counts, pl.Series(cap), s)
        assert np.all(out <= cap) and np.all(out >= 0)
        assert out.sum() == min(counts.sum(), cap.sum())
        assert np.array_equal(out, capped_counts(counts, pl.Series(cap), s))  # the same draw for the same stream
