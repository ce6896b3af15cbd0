"""Redraws of rows (uniqueness, row checks) that a drafted spec makes common (issue 13, learn-redraft).

* a unique set redraws a column a running sum reads (its order, its amount): the sums are made again over the
  values kept, instead of refusing the spec (``inspect`` drafts ``unique: [meter_id, read_date]`` beside a running
  sum ordered by ``read_date``);
* a row check redraws rows of a table whose foreign key is ``distinct`` within its parent: the redrawn row takes
  another place in the parent's permutation, never a sibling's parent.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from tests.helpers import frames_of


def _ledger(shape: str, seed: int) -> dict[str, Any]:
    """Meters and their readings: 12 a meter, dates drawn from a short range (so (meter, date) pairs repeat)."""
    cols: dict[str, Any] = {
        "reading_id": {"generator": "sequence"},
        "meter_id": {"generator": "foreign_key", "references": "meters.meter_id"},
        "read_date": {"generator": "date", "start": "2024-01-01", "end": "2024-03-15"},
        "consumption": {"generator": "integer", "low": 5, "high": 400},
        "used": {"generator": "running_sum", "of": "consumption", "order_by": "read_date"},
    }
    constraints: list[dict[str, Any]] = [{"table": "readings", "unique": ["meter_id", "read_date"]}]
    if shape == "parent_start":
        cols["register"] = {
            "generator": "running_sum",
            "of": "consumption",
            "start": "meters.initial_read",
            "order_by": "read_date",
        }
    elif shape == "sum_rules":  # what the draft also states about the sums: re-checked on the new sums
        constraints += [
            {"table": "readings", "unique": ["meter_id", "used"]},
            {"table": "readings", "check": "consumption <= used"},
        ]
    elif shape == "unique_amount":  # the amount itself is redrawn
        cols["consumption"] = {"generator": "integer", "low": 1, "high": 3000, "unique": True}
    return {
        "seed": seed,
        "tables": {
            "meters": {
                "rows": 40,
                "primary_key": "meter_id",
                "columns": {
                    "meter_id": {"generator": "sequence"},
                    "initial_read": {"generator": "integer", "low": 0, "high": 9000},
                },
            },
            "readings": {
                "rows": {"per": "meters", "count": {"distribution": "fixed", "value": 12}},
                "primary_key": "reading_id",
                "columns": cols,
            },
        },
        "constraints": constraints,
    }


@pytest.mark.parametrize("shape", ["order", "parent_start", "sum_rules", "unique_amount"])
@pytest.mark.parametrize("seed", [0, 3, 11])
def test_a_unique_set_a_running_sum_reads_is_redrawn_and_the_sums_made_again(shape: str, seed: int) -> None:
    spec = _ledger(shape, seed)
    f = frames_of(spec)
    r, meters = f["readings"], f["meters"]
    assert r.height == 480
    assert r.select("meter_id", "read_date").is_unique().all()
    if shape == "unique_amount":
        assert r.get_column("consumption").is_unique().all()
    # every sum is its group's cumulative sum in date order, over the values kept
    r2 = r.sort(["meter_id", "read_date"]).with_columns(pl.col("consumption").cum_sum().over("meter_id").alias("want"))
    assert (r2.get_column("used") == r2.get_column("want")).all()
    if shape == "parent_start":
        r3 = r2.join(meters, on="meter_id")
        assert (r3.get_column("register") == r3.get_column("initial_read") + r3.get_column("want")).all()
    if shape == "sum_rules":
        assert r.select("meter_id", "used").is_unique().all()
        assert (r.get_column("consumption") <= r.get_column("used")).all()
    # deterministic, and not dependent on where chunks end
    assert f["readings"].equals(frames_of(spec)["readings"])
    assert f["readings"].equals(frames_of(spec, chunk_size=50)["readings"])


def _bookings(seed: int, per_flight: int, passengers: int, check: str) -> dict[str, Any]:
    return {
        "seed": seed,
        "tables": {
            "passengers": {
                "rows": passengers,
                "primary_key": "pid",
                "columns": {"pid": {"generator": "sequence"}, "tier": {"generator": "integer", "low": 0, "high": 9}},
            },
            "flights": {"rows": 30, "primary_key": "fid", "columns": {"fid": {"generator": "sequence"}}},
            "bookings": {
                "rows": {"per": "flights", "count": {"distribution": "fixed", "value": per_flight}},
                "primary_key": "bid",
                "columns": {
                    "bid": {"generator": "sequence"},
                    "fid": {"generator": "foreign_key", "references": "flights.fid"},
                    "pid": {"generator": "foreign_key", "references": "passengers.pid", "distinct": True},
                    "x": {"generator": "integer", "low": 0, "high": 99},
                    "tier": {"generator": "expression", "expr": "pid.tier"},
                },
            },
        },
        "constraints": [{"table": "bookings", "check": check}],
    }


@pytest.mark.parametrize("check", ["x < 60", "tier < 7"])  # rows redrawn for their own column / their parent's
@pytest.mark.parametrize(("seed", "per_flight", "passengers"), [(0, 20, 400), (5, 8, 100), (9, 40, 2000)])
def test_a_distinct_foreign_key_stays_distinct_in_rows_a_check_redraws(
    check: str, seed: int, per_flight: int, passengers: int
) -> None:
    spec = _bookings(seed, per_flight, passengers, check)
    b = frames_of(spec)["bookings"]
    assert b.height == 30 * per_flight
    assert b.select("fid", "pid").is_unique().all()
    assert b.select(pl.col("pid").is_in(list(range(1, passengers + 1))).all()).item()
    assert (b.get_column("x") < 60).all() if check.startswith("x") else (b.get_column("tier") < 7).all()
    assert b.equals(frames_of(spec, chunk_size=37)["bookings"])
