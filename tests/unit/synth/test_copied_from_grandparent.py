"""A column that repeats its grandparent's value (a loan's period is its member's tier's) is drafted as the chain
``members.tiers.loan_days`` and sampled through it, to files as ``simulacra sample`` writes them.

Found by the library probe (``benchmarks/heldout_library.py``, issue 13): ``loans.loan_days`` was drawn on its
own (24% of learned loans had their tier's period), and a reviewed spec writing the chain made ``sample`` stop
with an internal error (learned tables hold keys, not the row indexes a chain's later hops read). Planted over
names, value types (whole numbers, decimals, text) and seeds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.learning import sample
from simulacra.sources import Source

SHAPES = [  # lookup (grandparent), its column, values; parent; child
    ("tiers", "loan_days", [21, 28, 35, 42], "members", "loans"),
    ("plans", "rate", [0.05, 0.1, 0.25, 0.5, 1.0], "accounts", "charges"),
    ("regions", "currency", ["EUR", "GBP", "USD"], "shops", "orders"),
]


def _frames(grand: str, col: str, values: list, parent: str, child: str, seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    gk, pk, ck = f"{grand[:-1]}_id", f"{parent[:-1]}_id", f"{child[:-1]}_id"
    g = pl.DataFrame({gk: np.arange(1, len(values) + 1), "code": [f"C{i}" for i in range(len(values))], col: values})
    n_p = 300
    p = pl.DataFrame(
        {pk: np.arange(1, n_p + 1), gk: rng.integers(1, len(values) + 1, n_p), "size": rng.integers(1, 90, n_p)}
    )
    per = rng.poisson(3.0, n_p)
    owner = np.repeat(np.arange(1, n_p + 1), per)
    c = pl.DataFrame({ck: np.arange(1, owner.size + 1), pk: owner, "amount": rng.gamma(2.0, 20.0, owner.size).round(2)})
    c = c.join(p.select(pk, gk), on=pk).join(g.select(gk, col), on=gk).drop(gk).sort(ck)
    return {grand: g, parent: p, child: c}


@pytest.mark.parametrize("shape", SHAPES, ids=[s[1] for s in SHAPES])
@pytest.mark.parametrize("seed", [0, 2])
def test_a_grandparents_value_is_drafted_and_sampled_through_the_chain(shape: tuple, seed: int, tmp_path: Path) -> None:
    grand, col, values, parent, child = shape
    frames = _frames(grand, col, values, parent, child, seed)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{col}{seed}"))
    spec = ins.spec.tables[child].columns[col]
    assert spec.generator == "expression" and spec.expr == f"{parent}.{grand}.{col}"
    model = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec)
    sample(model, tmp_path / "out", seed=seed + 1, format="parquet")
    out = {t: pl.read_parquet(tmp_path / "out" / f"{t}.parquet") for t in frames}
    gk, pk = f"{grand[:-1]}_id", f"{parent[:-1]}_id"
    want = (
        out[child]
        .join(out[parent].select(pk, gk), on=pk)
        .join(out[grand].select(gk, pl.col(col).alias("_want")), on=gk)
    )
    assert want.height == out[child].height > 0
    assert (want[col] == want["_want"]).all()
