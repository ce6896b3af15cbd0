"""Slots of a pooled column (``pool: K``): which of K entities a row is, ranked by frequency.

One home for the ranking the learner (``synth``), the pooled values (``generation.pools``), DP (which leaves
pooled columns out) and ``evaluate`` (which compares pooled columns by rank) share; it sits below them all.
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["SLOT", "is_pooled", "slot_labels"]

#: a slot's label: ``"slot 1"`` is the value most rows share
SLOT = "slot {}"


def is_pooled(spec: object) -> bool:
    """A realistic column whose rows share K fresh values (``pool: K``)."""
    from simulacra.spec import model as m

    return isinstance(spec, m.RealisticColumn) and spec.pool is not None


def slot_labels(values: pl.Series) -> tuple[pl.Series, int]:
    """Each value replaced by its slot label (``slot 1`` the most frequent; ties by first appearance), and K."""
    nonnull = values.drop_nulls()
    ranked = (
        pl.DataFrame({"v": nonnull, "i": np.arange(nonnull.len())})
        .group_by("v")
        .agg(pl.len().alias("n"), pl.col("i").min())
        .sort(["n", "i"], descending=[True, False])
        .get_column("v")
    )
    labels = pl.Series([SLOT.format(i + 1) for i in range(ranked.len())], dtype=pl.String)
    return values.replace_strict(ranked, labels, default=None, return_dtype=pl.String), ranked.len()
