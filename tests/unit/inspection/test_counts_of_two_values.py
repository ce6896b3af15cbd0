"""A parent's count of its children that takes only two values (one meter or two per customer) is a count.

Found by the energy-utility probe (``benchmarks/heldout_utility.py``, issue 13): ``customers.n_meters`` (1 or
2, the customer's meters) was drafted as a category, since an aggregate needed three distinct values; a
sample gave one customer in 500 a count its meters did not have. A two-valued column equal to the count on
every parent is drafted as the count when all parents matching by chance is below 1e-6 (as for small
parents). Planted over value pairs, parent counts and seeds; a coincidence on few parents stays a category.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source


def _frames(lo: int, n: int, seed: int, share_hi: float = 0.2) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    counts = np.where(rng.random(n) < share_hi, lo + 1, lo)
    parents = pl.DataFrame({"customer_id": np.arange(1, n + 1), "n_meters": counts, "age": rng.integers(18, 90, n)})
    ids = np.repeat(np.arange(1, n + 1), counts)
    kids = pl.DataFrame(
        {"meter_id": np.arange(1, len(ids) + 1), "customer_id": ids, "reading": rng.integers(0, 60_000, len(ids))}
    )
    return {"customers": parents, "meters": kids}


@pytest.mark.parametrize(("lo", "n"), [(1, 500), (2, 300), (1, 120)])
@pytest.mark.parametrize("seed", [2, 7])
def test_a_two_valued_count_is_drafted_and_kept(lo: int, n: int, seed: int) -> None:
    frames = _frames(lo, n, seed)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"two{lo}{n}{seed}"))
    col = ins.spec.tables["customers"].columns["n_meters"]
    assert col.generator == "aggregate" and col.function == "count", col
    model = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec)
    for s in (seed, seed + 1):
        out = model.sample(seed=s)
        got = out["customers"].join(out["meters"].group_by("customer_id").len(), on="customer_id", how="left")
        assert (got["n_meters"] == got["len"].fill_null(0)).all()


def test_a_two_valued_coincidence_on_few_parents_stays_a_category() -> None:
    frames = _frames(1, 12, 3, share_hi=0.5)  # 12 parents, two values near half each: p ~ 2e-4
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint="two-few"))
    assert ins.spec.tables["customers"].columns["n_meters"].generator != "aggregate"
