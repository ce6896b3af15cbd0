"""Each parent row's key into ``rows.counts`` (issue 13): its ``by`` value read as text, or, with ``bins``, the
interval of the bins it falls in (``[20, 40)``), as ``generate`` and ``sample`` both read it."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.spec import model as m
from simulacra.spec.model import RowsPerParent, bin_labels

__all__ = ["by_keys", "numbers_column"]


def numbers_column(col: object) -> bool:
    """Whether a column holds numbers 'bins' can cut (unknown: a label, left to the generated values). One
    answer for the spec's check and for ``inspect``, which must not write bins the check refuses (a date kept
    as a yymmdd number in the source is a date column here)."""
    if isinstance(col, (m.PatternColumn, m.RealisticColumn, m.TextColumn, m.UuidColumn, m.DateColumn, m.BooleanColumn)):
        return False
    if isinstance(col, m.CategoricalColumn):
        values = list(col.values)
        return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    return True


def by_keys(rows: RowsPerParent, values: pl.Series) -> NDArray[Any]:
    """Per value of the parent's ``by`` column, the ``counts`` key it selects (None for a null value, which
    takes ``count``): the value as text, or its interval of ``bins``."""
    if rows.bins is None:
        return values.cast(pl.String).to_numpy()
    x = values.cast(pl.Float64, strict=False).to_numpy()
    known = ~np.isnan(x)
    labels = np.array(bin_labels(rows.bins), dtype=object)
    out = np.full(len(x), None, dtype=object)
    # bins [a, b): a value v is in the interval after the last cut point <= v
    out[known] = labels[np.searchsorted(np.asarray(rows.bins, dtype=np.float64), x[known], side="right")]
    return out
