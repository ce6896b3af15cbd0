"""Values rarer than ``MIN_COUNT`` rows: the one home of the rule (issue 13).

A value fewer than ``MIN_COUNT`` rows hold may single someone out (a surname, a free-text answer, a one-off code),
so a draft never lists it and ``fit`` never writes it verbatim. A closed vocabulary is the exception the draft
decides from the data (``inspection/_vocabulary.py``): a status, a type, a tier identifies no one by itself, so
all its values are listed and learned (``keep_rare`` in the spec).

Where a draft still leaves rare values out it records how many of the source's rows held them (``withheld``),
never the values. ``validate`` then reads those rows of the source as what the draft withheld, not as a failure
(:func:`withheld_rows`); values outside the list that the record cannot account for (one held by
``MIN_COUNT`` rows or more, or more rows than withheld) still fail, as a sample's do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

__all__ = ["MIN_COUNT", "is_listed", "rare_rows_left_out", "withheld_rows"]

#: a value held by fewer rows is never written (in a draft's list nor by fit), unless its column is a closed
#: vocabulary the spec marks ``keep_rare``
MIN_COUNT = 5


def is_listed(values: pl.Series, listed: Iterable[Any]) -> pl.Series:
    """Whether each value is one of a categorical column's ``listed`` values (numbers by value: 149 in the spec is
    the 149.0 a float column holds, '149' != '149.0' as text; a listed bool also as its lower-case text)."""
    allowed = list(listed)
    numbers = [float(v) for v in allowed if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if values.dtype.is_numeric() and len(numbers) == len(allowed):
        return values.cast(pl.Float64).is_in(numbers)
    return values.cast(pl.String).is_in(
        [str(v) for v in allowed] + [str(v).lower() for v in allowed if isinstance(v, bool)]
    )


def rare_rows_left_out(values: pl.Series, listed: Iterable[Any]) -> int:
    """Rows (non-null) whose value is not ``listed`` and is held by fewer than ``MIN_COUNT`` rows: what a draft
    records as ``withheld``."""
    nonnull = values.drop_nulls()
    if nonnull.len() == 0:
        return 0
    out = nonnull.filter(~is_listed(nonnull, listed))
    if out.len() == 0:
        return 0
    counts = out.value_counts().get_column("count")
    return int(counts.filter(counts < MIN_COUNT).sum())


def withheld_rows(values: pl.Series, outside: NDArray[np.bool_], withheld: int | None) -> NDArray[np.bool_]:
    """Of the rows ``outside`` a column's listed values, those its draft's ``withheld`` record accounts for: all of
    them when each of their values is held by fewer than ``MIN_COUNT`` rows and they are at most ``withheld`` rows
    (the source's own rare values); else none, so every row outside the list fails."""
    none = np.zeros(len(outside), dtype=bool)
    n_out = int(outside.sum())
    if not withheld or n_out == 0 or n_out > withheld:
        return none
    counts = values.filter(pl.Series(outside)).value_counts().get_column("count").to_numpy()
    return outside.copy() if int(counts.max()) < MIN_COUNT else none
