"""Children per parent as a distribution, the distance between two, and a draw that repeats: the shape a key's
references keep (tests of ``synth/_ref_shape.py`` and the matched key's slots)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from simulacra import DatasetSynthesizer


def children_shares(parents: pl.DataFrame, children: pl.DataFrame, key: str) -> dict[int, float]:
    """The share of ``parents`` rows with 0, 1, 2, ... rows of ``children`` naming them by ``key``."""
    n = parents.select(key).join(children.group_by(key).len(), on=key, how="left")
    vals, counts = np.unique(n["len"].fill_null(0).to_numpy(), return_counts=True)
    return dict(zip(vals.tolist(), (counts / counts.sum()).tolist(), strict=True))


def tvd(a: dict[int, float], b: dict[int, float]) -> float:
    """Total variation distance between two distributions over counts."""
    return 0.5 * sum(abs(a.get(k, 0.0) - b.get(k, 0.0)) for k in set(a) | set(b))


def assert_same_draws(model: DatasetSynthesizer, table: str, seed: int, folder: Path) -> None:
    """``table`` drawn twice with one seed, and by the model saved to ``folder`` and loaded: the same rows."""
    a, b = model.sample(seed=seed, scale=0.5), model.sample(seed=seed, scale=0.5)
    assert a[table].equals(b[table])
    c = DatasetSynthesizer.load(model.save(folder / "m")).sample(seed=seed, scale=0.5)
    assert a[table].equals(c[table])
