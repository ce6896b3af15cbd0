"""A digit place the source never fills with 0 is drawn 1-9 (issue 13, found on the held-out-like parcel
company of ``benchmarks/heldout_logistics.py``): Dutch postcodes ``1234 AB`` were drafted ``#### ??`` and a
tenth of the sample's postcodes read ``0123 AB``, a shape the source never has. Planted, two seeds each: the
drafted pattern, the generated codes, and codes whose every place holds 0 somewhere (``#`` kept)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect

LETTERS = list("ABCDEFGHJKLMNPRSTVWXZ")


def _stops(tmp_path: Path, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    n = 800
    frame = pl.DataFrame(
        {
            "stop_id": np.arange(1, n + 1),
            # Dutch-like: 1000..9999 and two letters, each value once or twice (too rare to list)
            "postcode": [f"{rng.integers(1000, 10000)} {''.join(rng.choice(LETTERS, 2))}" for _ in range(n)],
            # zero-padded codes 0000..9999: 0 appears in every place
            "box": [f"B-{rng.integers(0, 10000):04d}" for _ in range(n)],
        }
    )
    src = tmp_path / "stops.csv"
    frame.write_csv(src)
    return src


@pytest.mark.parametrize("seed", [1, 2])
def test_a_place_never_zero_is_drawn_one_to_nine(tmp_path: Path, seed: int) -> None:
    ins = inspect(_stops(tmp_path, seed))
    cols = ins.spec_data["tables"]["stops"]["columns"]
    assert cols["postcode"]["generator"] == "pattern" and cols["postcode"]["pattern"] == "[1-9]### ??"
    assert cols["box"]["pattern"] == "B-####"
    out = simulacra.generate(ins.spec, seed=seed).frames["stops"]
    codes = out["postcode"]
    assert bool(codes.str.contains(r"^[1-9]\d{3} [A-Z]{2}$").all())
    assert out["box"].str.slice(2, 1).eq("0").any()  # zero-padded codes still start with 0 at times


@pytest.mark.parametrize(("years", "seed"), [((2021, 2023), 3), ((2015, 2018), 4), ((1994, 1996), 5)])
def test_a_place_that_holds_a_few_digits_keeps_them(tmp_path: Path, years: tuple[int, int], seed: int) -> None:
    """Found as a new user (2026-12-04, dev): order numbers ``CA-2021-…``..``CA-2023-…`` were drafted
    ``CA-202[1-9]-…`` and sampled ``CA-2027-…``: a year no order has."""
    rng = np.random.default_rng(seed)
    n = 600
    year = rng.integers(years[0], years[1] + 1, n)
    serial = rng.choice(np.arange(10_000, 100_000), n, replace=False)
    frame = pl.DataFrame({"order_id": [f"CA-{y}-{s}" for y, s in zip(year, serial, strict=True)], "x": np.arange(n)})
    src = tmp_path / "orders.csv"
    frame.write_csv(src)
    ins = inspect(src)
    pattern = ins.spec_data["tables"]["orders"]["columns"]["order_id"]["pattern"]
    out = simulacra.generate(ins.spec, seed=seed).frames["orders"]["order_id"]
    got = out.str.slice(3, 4).cast(pl.Int64)
    assert int(got.min()) >= years[0] and int(got.max()) <= years[1], pattern  # type: ignore[arg-type]
    assert out.n_unique() == out.len()


@pytest.mark.parametrize("seed", [6, 7])
def test_few_digits_that_leave_no_room_stay_open(tmp_path: Path, seed: int) -> None:
    """A three-digit code whose 600 values fill 0-5 of its first place: kept to 0-5 it would leave room for
    600 values only; a sample must be free to be larger, so the place stays ``#``."""
    rng = np.random.default_rng(seed)
    codes = rng.choice(np.arange(0, 600), 600, replace=False)
    frame = pl.DataFrame({"code": [f"K-{c:03d}" for c in codes], "x": np.arange(600)})
    src = tmp_path / "codes.csv"
    frame.write_csv(src)
    pattern = inspect(src).spec_data["tables"]["codes"]["columns"]["code"]["pattern"]
    assert "[" not in pattern, pattern
