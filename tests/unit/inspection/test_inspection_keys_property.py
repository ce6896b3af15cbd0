"""Property: on random key graphs (parents before children), inference finds exactly the true keys."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from simulacra.inspection._keys import break_cycles, infer_foreign_keys, infer_primary_keys


@st.composite
def key_graphs(draw: st.DrawFn) -> tuple[dict[str, pl.DataFrame], set[tuple[str, str, str]]]:
    n_tables = draw(st.integers(2, 5))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    names = [f"t{i}" for i in range(n_tables)]
    frames: dict[str, pl.DataFrame] = {}
    truth: set[tuple[str, str, str]] = set()
    for i, name in enumerate(names):
        n = int(rng.integers(20, 200))
        # sparse keys from a wide range: inclusion by chance is (almost) impossible
        keys = rng.choice(1_000_000, size=n, replace=False) + 1
        cols: dict[str, object] = {f"{name}_id": keys}
        parents = [p for p in names[:i] if draw(st.booleans())]
        for p in parents:
            pkeys = frames[p][f"{p}_id"].to_numpy()
            cols[f"{p}_id"] = rng.choice(pkeys, size=n)
            truth.add((name, f"{p}_id", p))
        cols["amount"] = rng.normal(100, 30, size=n).round(2)
        cols["qty"] = rng.integers(1, 10, size=n)
        frames[name] = pl.DataFrame(cols)
    return frames, truth


@settings(max_examples=30, deadline=None)
@given(key_graphs())
def test_inference_recovers_random_key_graphs(case: tuple[dict[str, pl.DataFrame], set[tuple[str, str, str]]]) -> None:
    frames, truth = case
    pks, _, _ = infer_primary_keys(frames, {})
    assert pks == {t: [f"{t}_id"] for t in frames}
    fks, _ = infer_foreign_keys(frames, pks, [])
    assert {(f.table, f.column, f.ref_table) for f in fks} == truth
    assert all(0.9 <= f.confidence <= 1.0 and "inclusion 100%" in (f.evidence or "") for f in fks)
    kept, dropped, _ = break_cycles(fks, {t: f.height for t, f in frames.items()})
    assert dropped == [] and kept == fks  # a DAG has no cycle to break
