"""A number that is another of its row where present, else a constant, is drafted as ``COALESCE`` and kept.

Found by the airline probe (``benchmarks/heldout_airline.py``, issue 13): a flight's ``delay_min`` is its drawn
delay, 0 where none was drawn. Learned as a category beside the drawn delay, 58% of sampled flights had no
delay against the source's 65%. Planted over integer and decimal columns, defaults 0 / -1 / 0.0, shares of
nulls and seeds: drafted as ``COALESCE(other, k)``, the sample keeps it on every row; a column that is the
other where present but varies where it is absent is not drafted.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

CASES = [("int", 0, 0.65), ("int", -1, 0.3), ("float", 0.0, 0.5)]


def _frame(kind: str, default: float, nulls: float, seed: int, varies: bool = False) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    n = 600
    raw = np.round(rng.lognormal(3, 1, n), 0 if kind == "int" else 2)
    absent = rng.random(n) < nulls
    other = pl.Series("drawn", raw).cast(pl.Int64 if kind == "int" else pl.Float64)
    other = other.scatter(np.nonzero(absent)[0], None)
    filled = np.where(absent, rng.integers(-5, 5, n) if varies else default, raw)
    col = pl.Series("value", filled).cast(pl.Int64 if kind == "int" else pl.Float64)
    return pl.DataFrame({"row_id": np.arange(1, n + 1), "size": rng.integers(1, 9, n), "drawn": other, "value": col})


@pytest.mark.parametrize("case", CASES, ids=[f"{k}{d}" for k, d, _ in CASES])
@pytest.mark.parametrize("seed", [1, 9])
def test_a_value_or_its_default_is_drafted_and_kept(case: tuple[str, float, float], seed: int) -> None:
    kind, default, nulls = case
    frames = {"items": _frame(kind, default, nulls, seed)}
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{case}{seed}"))
    col = ins.spec.tables["items"].columns["value"]
    assert col.generator == "expression" and col.expr.startswith("COALESCE(drawn"), col
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed + 1)["items"]
    want = out["drawn"].cast(pl.Float64).fill_null(float(default))
    assert float((out["value"].cast(pl.Float64) == want).mean()) >= 0.99  # type: ignore[arg-type]
    share = float(out["drawn"].is_null().mean())  # type: ignore[arg-type]
    assert abs(share - nulls) < 0.08  # the default's share follows the other's nulls


def test_a_value_varying_where_the_other_is_absent_is_not_drafted() -> None:
    frames = {"items": _frame("int", 0, 0.5, 3, varies=True)}
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint="varies"))
    assert ins.spec.tables["items"].columns["value"].generator != "expression"
