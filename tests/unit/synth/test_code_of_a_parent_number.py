"""A code written as a constant and a parent's number (a flight number ``RX1105``: the carrier and its
route's number) is drafted as that expression and kept.

Found by the airline probe (``benchmarks/heldout_airline.py``, issue 13): composed codes were looked for only
as runs split by separators (``MAT-9-12``) with two columns or more, so ``RX`` + ``routes.route_no`` was
learned as a code of its own shape and no sampled flight number was its route's. Planted over three shapes
(no separator, a separator, a suffix) and seeds; a code of the same shape whose digits are no column's, and
one that is only its own row's number behind a constant, are not drafted from a parent.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

SHAPES = [("RX", ""), ("EW-", ""), ("T", "X")]


def _frames(prefix: str, suffix: str, seed: int, digits_of: str = "parent") -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n_routes, n = 40, 400
    numbers = rng.choice(np.arange(1000, 9999), n_routes, replace=False)
    routes = pl.DataFrame(
        {"route_id": np.arange(1, n_routes + 1), "route_no": numbers, "km": rng.integers(90, 1800, n_routes)}
    )
    rid = rng.integers(1, n_routes + 1, n)
    own = rng.integers(1000, 9999, n)
    digits = numbers[rid - 1] if digits_of == "parent" else own
    if digits_of == "nothing":
        digits = rng.integers(1000, 9999, n)
    codes = [f"{prefix}{d}{suffix}" for d in digits]
    flights = pl.DataFrame({"flight_id": np.arange(1, n + 1), "route_id": rid, "gate_no": own, "flight_no": codes})
    return {"routes": routes, "flights": flights}


@pytest.mark.parametrize("shape", SHAPES, ids=["".join(s) for s in SHAPES])
@pytest.mark.parametrize("seed", [1, 6])
def test_a_code_of_a_constant_and_a_parent_number_is_kept(shape: tuple[str, str], seed: int) -> None:
    prefix, suffix = shape
    frames = _frames(prefix, suffix, seed)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{shape}{seed}"))
    col = ins.spec.tables["flights"].columns["flight_no"]
    assert col.generator == "expression" and "routes.route_no" in col.expr, col
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed + 1)
    f = out["flights"].join(out["routes"], on="route_id", how="left")
    want = prefix + f["route_no"].cast(pl.String) + suffix
    assert float((f["flight_no"] == want).mean()) >= 0.99  # type: ignore[arg-type]


@pytest.mark.parametrize("digits_of", ["nothing", "own"])
def test_no_parent_code_without_a_parent_column(digits_of: str) -> None:
    frames = _frames("RX", "", 4, digits_of=digits_of)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"no{digits_of}"))
    col = ins.spec.tables["flights"].columns["flight_no"]
    assert col.generator != "expression" or "routes." not in str(getattr(col, "expr", "")), col
