"""A count of children on a small parent table (a library's 10 branches' ``n_events``) is drafted as the
aggregate when no coincidence explains it, and a sample keeps it exact.

Found by the library probe (``benchmarks/heldout_library.py``, issue 13): with fewer than 20 parents no
aggregate was drafted, so every sampled branch's ``n_events`` disagreed with its events. Planted over parent
sizes, names and seeds; a column of two values that happens to equal the counts of 6 parents stays a column.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

SHAPES = [
    ("branches", "events", "n_events", 10),
    ("depots", "vehicles", "fleet_size", 8),
    ("wards", "beds", "beds", 15),
]


def _frames(parent: str, child: str, col: str, n: int, seed: int, counts: list[int] | None = None) -> dict:
    rng = np.random.default_rng(seed)
    pk = f"{parent[:-1]}_id"
    k = counts or [int(x) for x in rng.choice(np.arange(5, 60), size=n, replace=False)]
    owner = np.repeat(np.arange(1, n + 1), k)
    kids = pl.DataFrame({"id": np.arange(1, owner.size + 1), pk: owner, "size": rng.integers(1, 100, owner.size)})
    return {parent: pl.DataFrame({pk: np.arange(1, n + 1), col: k}), child: kids}


@pytest.mark.parametrize("shape", SHAPES, ids=[s[0] for s in SHAPES])
@pytest.mark.parametrize("seed", [0, 3])
def test_a_count_on_a_small_parent_is_an_aggregate(shape: tuple, seed: int) -> None:
    parent, child, col, n = shape
    frames = _frames(parent, child, col, n, seed)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{parent}{seed}"))
    spec = ins.spec.tables[parent].columns[col]
    assert spec.generator == "aggregate" and spec.function == "count"
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed + 1)
    pk = f"{parent[:-1]}_id"
    got = out[parent].join(out[child].group_by(pk).len(), on=pk, how="left")
    assert (got[col] == got["len"].fill_null(0)).all()


def test_two_values_equal_to_six_counts_are_no_evidence() -> None:
    frames = _frames("shops", "tills", "floors", 6, 0, counts=[2, 3, 2, 3, 3, 2])
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint="shops"))
    assert ins.spec.tables["shops"].columns["floors"].generator != "aggregate"
