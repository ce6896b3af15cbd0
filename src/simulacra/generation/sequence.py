"""Position within the parent and the previous sibling's values, for expressions.

In a table made per parent (``rows: {per: ...}``), expressions, cases and lookups may read

- ``sibling.position``: 1 for a parent's first row, 2 for its second...
- ``sibling.count``: how many rows the parent has;
- ``previous.<column>``: that column in the parent's previous row (null on the first row).

Columns reading them (and columns reading those) are made after the others, over whole
parent groups (chunks of such tables end at parent boundaries), so values do not depend
on chunk size. Rows are in parent order, then in the order they were made.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.spec.features import SEQUENCE_ALIASES, SIBLING_FIELDS

__all__ = ["SEQUENCE_ALIASES", "SIBLING_FIELDS", "is_sequence_ref", "virtual_columns"]


def is_sequence_ref(name: str) -> bool:
    parts = name.split(".")
    return len(parts) == 2 and parts[0] in SEQUENCE_ALIASES


def virtual_columns(frame: pl.DataFrame, group: NDArray[np.int64], names: list[str]) -> dict[str, pl.Series]:
    """Values of sequence refs for a frame holding whole parent groups (in row order)."""
    n = frame.height
    idx = np.arange(n, dtype=np.int64)
    first = np.r_[True, group[1:] != group[:-1]] if n else np.zeros(0, dtype=bool)
    start = np.maximum.accumulate(np.where(first, idx, 0)) if n else idx
    out: dict[str, pl.Series] = {}
    for name in names:
        alias, _, col = name.partition(".")
        if alias == "sibling" and col == "position":
            out[name] = pl.Series(name, idx - start + 1)
        elif alias == "sibling" and col == "count":
            sizes = np.bincount(np.cumsum(first) - 1) if n else np.zeros(0, dtype=np.int64)
            out[name] = (
                pl.Series(name, sizes[np.cumsum(first) - 1].astype(np.int64))
                if n
                else pl.Series(name, [], dtype=pl.Int64)
            )
        elif alias == "previous":
            src = frame.get_column(col)
            prev = src.gather(np.maximum(idx - 1, 0)) if n else src
            out[name] = (
                pl.select(pl.when(pl.lit(pl.Series(first))).then(None).otherwise(pl.lit(prev))).to_series().alias(name)
            )
    return out
