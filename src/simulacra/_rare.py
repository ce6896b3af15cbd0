"""Values rarer than ``MIN_COUNT`` rows: the one home of the rule (issue 13).

A value fewer than ``MIN_COUNT`` rows hold may single someone out (a surname, a free-text answer, a one-off code),
so a draft never lists it and ``fit`` never writes it verbatim. A closed vocabulary is the exception the draft
decides from the data (``inspection/_vocabulary.py``): a status, a type, a tier identifies no one by itself, so
all its values are listed and learned (``keep_rare`` in the spec).

Where a draft still leaves rare values out it records how many of the source's rows held them (``withheld``),
never the values. ``validate`` then reads those rows of the source as what the draft withheld, not as a failure
(:func:`withheld_rows`); values outside the list that the record cannot account for (one held by
``MIN_COUNT`` rows or more, or more rows than withheld) still fail, as a sample's do. Checked a chunk at a time,
the verdict is the whole table's (:class:`OutsideTally`), so it is the same at any chunk size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

__all__ = ["MIN_COUNT", "OutsideTally", "accounts_for", "is_listed", "rare_rows_left_out", "withheld_rows"]

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


def accounts_for(counts: Iterable[int], withheld: int | None) -> bool:
    """Whether a draft's ``withheld`` record accounts for the rows outside a column's listed values, given how many
    rows hold each of their values: each value fewer than ``MIN_COUNT`` rows, at most ``withheld`` rows in all."""
    held = list(counts)
    if not withheld or not held:
        return False
    return sum(held) <= withheld and max(held) < MIN_COUNT


def withheld_rows(
    values: pl.Series, outside: NDArray[np.bool_], withheld: int | None, whole: OutsideTally | None = None
) -> NDArray[np.bool_]:
    """Of the rows ``outside`` a column's listed values, those its draft's ``withheld`` record accounts for: all of
    them when each of their values is held by fewer than ``MIN_COUNT`` rows and they are at most ``withheld`` rows
    (the source's own rare values); else none, so every row outside the list fails. ``whole``: the verdict of a
    table checked a chunk at a time (``values`` one chunk's), read from the counts over all its chunks."""
    none = np.zeros(len(outside), dtype=bool)
    if not withheld or not outside.any():
        return none
    if whole is not None:
        return outside.copy() if whole.verdict else none
    counts = values.filter(pl.Series(outside)).value_counts().get_column("count").to_list()
    return outside.copy() if accounts_for(counts, withheld) else none


class OutsideTally:
    """One column's values outside its listed ones, counted over a whole table checked a chunk at a time, so its
    withheld rows get the whole table's verdict whatever the chunk size (a value in 6 rows is no withheld value,
    though no chunk of 50 holds 5 of it). Holds at most ``withheld`` values: past that many rows the verdict is
    known (none withheld)."""

    def __init__(self, withheld: int) -> None:
        self.withheld = withheld
        self.counts: Counter[Any] = Counter()
        self.rows = 0

    def add(self, values: pl.Series, outside: NDArray[np.bool_]) -> None:
        """Count one chunk's rows ``outside`` the list."""
        n = int(outside.sum())
        self.rows += n
        if n and self.rows <= self.withheld:
            self.counts.update(values.filter(pl.Series(outside)).to_list())

    @property
    def verdict(self) -> bool:
        """Whether the record accounts for all the rows counted (:func:`accounts_for`)."""
        return self.rows <= self.withheld and accounts_for(self.counts.values(), self.withheld)
