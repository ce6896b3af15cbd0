"""Planted tables and the closer-to-training share for the DCR tests (issue 13), in one place.

``numeric_table``: five smooth numeric columns (two linear links, noise), shared by the numbers' leaf
tests (``test_numeric_prior.py``, ``test_numeric_kernel.py``). ``share``: the fraction of synthetic rows
closer to a training row than to a fresh row of the same generator (``_select._dcr_share``, the
fit-time choice's own distance), 0.5 for a model that holds nothing of its training rows.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from simulacra.synth import _select

N = 4000


def numeric_table(seed: int, n: int = N) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    a, b, c = rng.random(n), rng.random(n), rng.random(n)
    return pl.DataFrame(
        {
            "a": a,
            "b": b + 0.5 * a + rng.normal(0, 0.2, n),
            "c": c,
            "y": a + b + rng.normal(0, 0.3, n),
            "z": rng.normal(0, 1, n),
        }
    )


def share(train: pl.DataFrame, fresh: pl.DataFrame, synth: pl.DataFrame) -> float:
    """Share of ``synth``'s rows nearer a ``train`` row than a ``fresh`` one (strings as categories)."""
    kinds = {c: "categorical" if train[c].dtype == pl.String else "numeric" for c in train.columns}
    return _select._dcr_share(train, fresh, synth.select(train.columns), kinds)


def category_table(seed: int, n: int = N, levels: int = 30) -> pl.DataFrame:
    """Two numbers and three categories with many levels each: ``c`` follows ``a`` and ``d`` follows ``b``
    (a level near ``a * levels``, noise of 4 levels), ``e`` is ``c + d`` plus 0-2, modulo 7. A category's
    leaf of a few rows over 30 levels holds those rows' own levels."""
    rng = np.random.default_rng(seed)
    a, b = rng.random(n), rng.random(n)
    c = np.clip((a * levels + rng.normal(0, 4, n)).astype(int), 0, levels - 1)
    d = np.clip((b * levels + rng.normal(0, 4, n)).astype(int), 0, levels - 1)
    e = (c + d + rng.integers(0, 3, n)) % 7
    return pl.DataFrame(
        {"a": a, "b": b, "c": [f"c{i}" for i in c], "d": [f"d{i}" for i in d], "e": [f"e{i}" for i in e]}
    )
