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
