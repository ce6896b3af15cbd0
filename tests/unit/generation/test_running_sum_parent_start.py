"""A running sum whose start is a column of the row's parent (issue 13, found on the energy-utility probe of
``benchmarks/heldout_utility.py``): a meter's register is its ``initial_read`` plus the running sum of the
readings' consumption; a payment's balance is its bill's amount less the payments so far. ``running_sum.start``
took one number for every parent. Planted: integer and money runs, a start read through a parent and through a
grandparent, up and down, two seeds; ``generate`` makes them, ``validate`` (in memory and streamed) recomputes
them and catches a parent's start changed under its rows; an unknown start column is a located error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from simulacra.constraints import check_dataset
from simulacra.errors import SpecValidationError
from simulacra.io import read_dataset
from simulacra.pipeline import check_streaming, generate
from simulacra.spec import load_plan


def _spec(seed: int, start: str = "meters.initial_read") -> dict[str, Any]:
    return {
        "seed": seed,
        "tables": {
            "sites": {
                "rows": 30,
                "primary_key": "site_id",
                "columns": {
                    "site_id": {"generator": "sequence"},
                    "credit": {"generator": "uniform", "low": 10, "high": 90, "round": 2},
                },
            },
            "meters": {
                "rows": {"per": "sites", "count": {"distribution": "categorical", "values": [1, 2, 3]}},
                "primary_key": "meter_id",
                "columns": {
                    "meter_id": {"generator": "sequence"},
                    "site_id": {"generator": "foreign_key", "references": "sites.site_id"},
                    "initial_read": {"generator": "integer", "low": 0, "high": 60000},
                },
            },
            "readings": {
                "rows": {"per": "meters", "count": {"distribution": "uniform", "low": 2, "high": 9}},
                "primary_key": "reading_id",
                "columns": {
                    "reading_id": {"generator": "sequence"},
                    "meter_id": {"generator": "foreign_key", "references": "meters.meter_id"},
                    "read_on": {"generator": "date", "start": "2024-01-01", "end": "2024-12-31"},
                    "used": {"generator": "integer", "low": 50, "high": 900},
                    "register": {"generator": "running_sum", "of": "used", "start": start, "order_by": "read_on"},
                    "left": {
                        "generator": "running_sum",
                        "of": "-used / 100.0",
                        "start": "meters.sites.credit",
                        "order_by": "read_on",
                        "round": 2,
                    },
                },
            },
        },
    }


def _recomputed(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    r = frames["readings"].with_row_index("__r")
    m = frames["meters"].join(frames["sites"], on="site_id")
    r = r.join(m.select("meter_id", "initial_read", "credit"), on="meter_id", how="left").sort(
        "meter_id", "read_on", "__r"
    )
    return r.with_columns(
        (pl.col("used").cum_sum().over("meter_id") + pl.col("initial_read")).alias("want_register"),
        (pl.col("credit") - (pl.col("used") / 100.0).cum_sum().over("meter_id")).round(2).alias("want_left"),
    ).sort("__r")


def _written(spec: dict[str, Any], out: Path) -> dict[str, pl.DataFrame]:
    frames = dict(generate(spec).frames)
    out.mkdir()
    for t, f in frames.items():
        f.write_parquet(out / f"{t}.parquet")
    return frames


@pytest.mark.parametrize("seed", [1, 7])
def test_each_parent_starts_at_its_own_value(tmp_path: Path, seed: int) -> None:
    spec = _spec(seed)
    out = tmp_path / "out"
    frames = _written(spec, out)
    r = _recomputed(frames)
    assert r.height > 150
    assert r["register"].dtype.is_integer()
    assert (r["register"] == r["want_register"]).all()
    assert ((r["left"] - r["want_left"]).abs() < 0.006).all()
    assert r["initial_read"].n_unique() > 20  # the starts differ: no single start would do
    plan = load_plan(spec)
    whole = check_dataset(plan, read_dataset(out), declared=True)
    assert all(f.ok for f in whole), [f for f in whole if not f.ok]
    streamed = check_streaming(plan, out, chunk_size=37)
    assert all(f.ok for f in streamed), [f for f in streamed if not f.ok]
    again = generate(spec).frames["readings"]
    assert again.equals(frames["readings"])  # same seed, same values


def test_a_parent_start_changed_under_its_rows_is_caught(tmp_path: Path) -> None:
    spec = _spec(3)
    out = tmp_path / "out"
    frames = _written(spec, out)
    m = frames["meters"]
    frames["meters"] = m.with_columns(
        pl.when(pl.col("meter_id") == 5).then(pl.col("initial_read") + 1).otherwise(pl.col("initial_read"))
    )
    frames["meters"].write_parquet(out / "meters.parquet")
    plan = load_plan(spec)
    for found in (check_dataset(plan, read_dataset(out), declared=True), check_streaming(plan, out, chunk_size=29)):
        bad = [f for f in found if not f.ok]
        assert [f.check for f in bad] == ["running sum 'register' recomputed per meters row"], bad
        assert bad[0].failed == frames["readings"].filter(pl.col("meter_id") == 5).height


def test_an_unknown_start_column_is_a_located_error() -> None:
    with pytest.raises(SpecValidationError) as exc:
        load_plan(_spec(1, start="meters.initial_reed"))
    text = str(exc.value)
    assert "readings" in text and "register" in text and "initial_reed" in text
