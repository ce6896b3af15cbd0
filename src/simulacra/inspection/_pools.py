"""Personal values a few entities share: drafted as a pool of K fresh values (``pool: K``).

A shop's 600 orders by 10 customers: the customer's name is personal data (never copied), but that 10
customers share the orders, each with their share, is the data. The evidence is the towns rule's
(``_profile``): few distinct values, most rows in values seen at least ``MIN_COUNT`` times.
"""

from __future__ import annotations

import polars as pl

from simulacra._frames import stat

from ._profile import MAX_CATEGORIES, MIN_COUNT

__all__ = ["SHARED", "pool_of"]

#: the share of rows in values seen at least MIN_COUNT times that makes a pool
SHARED = 0.95


def pool_of(values: pl.Series) -> tuple[int, str] | None:
    """``(K, evidence)`` when ``values`` (non-null) are a few entities many rows share, else None."""
    if values.len() == 0:
        return None
    counts = values.value_counts().get_column("count")
    k = counts.len()
    shared = stat(counts.filter(counts >= MIN_COUNT).sum()) / values.len()
    if k < 2 or k > MAX_CATEGORIES or shared < SHARED:
        return None
    return k, (
        f"{k} distinct values, {100 * shared:.0f}% of the rows in values seen at least {MIN_COUNT} times: "
        f"a pool of {k} entities many rows share, each made as a fresh value (shares learned, no value copied)"
    )
