"""Every order the spec's checks hold between a table's dates kept on every sampled row (issue 13, trust63).

The draw keeps an order between two dates in more than one way: a date learned as a distance from another
(``dataset._offsets``: one reference per date), two distances from one date (``_siblings_in_order``), or the
row's redraw (``_accept``, for dates drawn as dates). A table whose orders are no chain leaves some pair to none
of them: four dates on one instant (two date-times, two days of them) learn ``posted <= created``,
``shipped <= created``, ``posted <= updated`` and ``shipped <= updated``; ``posted`` and ``shipped`` each anchor a
distance, and nothing held ``shipped`` before ``created`` (48% of sampled rows broke it and ``sample`` refused).

Here, after the dates are placed, every pair of the table's order checks is met on the rows that break it: the
later date is moved up to the earlier one (a day to the day of a date-time, rounded up; a strict order one day,
or one second, past it). Rows that keep their orders are left as they are, so a sample that kept them is the
same bytes. A later date moved to the earlier one stays inside the source's span: the earlier date's largest
value is at most the later's in the source that held the order. Orders in a cycle (``a <= b <= a``) end equal;
a cycle with a strict order in it cannot hold and is refused, naming the table and the checks.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.errors import ConstraintError, Location, Problem

__all__ = ["keep_date_orders"]

_DAY_US = 86_400_000_000.0
_SECOND_US = 1_000_000.0


def _micros(s: pl.Series) -> NDArray[np.float64]:
    """A date or date-time column as microseconds since the epoch (a day at its midnight), NaN where null."""
    return s.cast(pl.Datetime("us")).dt.epoch("us").cast(pl.Float64).fill_null(np.nan).to_numpy().copy()


def _floor(need: NDArray[np.float64], is_date: bool) -> NDArray[np.float64]:
    """The least value a date (a whole day) or date-time column can take at or after ``need``."""
    return np.ceil(need / _DAY_US) * _DAY_US if is_date else need


def keep_date_orders(frame: pl.DataFrame, table: str, orders: Iterable[tuple[str, str, bool]]) -> pl.DataFrame:
    """``frame`` with every ``(low, high, strict)`` order between its date and date-time columns kept on every
    row where both are set (see the module's note); nulls are left. Raises :class:`ConstraintError` where the
    orders cannot all hold (a strict order in a cycle)."""
    temporal = {c for c, d in frame.schema.items() if d == pl.Date or isinstance(d, pl.Datetime)}
    edges = [(a, b, s) for a, b, s in orders if a in temporal and b in temporal and a != b]
    if not edges or frame.height == 0:
        return frame
    cols = sorted({c for a, b, _ in edges for c in (a, b)}, key=frame.columns.index)
    values = {c: _micros(frame.get_column(c)) for c in cols}
    moved = {c: np.zeros(frame.height, dtype=bool) for c in cols}
    is_date = {c: frame.schema[c] == pl.Date for c in cols}

    def broken() -> list[tuple[str, str, bool, NDArray[np.bool_]]]:
        out = []
        for a, b, strict in edges:
            x, y = values[a], values[b]
            with np.errstate(invalid="ignore"):
                bad = (y <= x) if strict else (y < x)
            if bad.any():
                out.append((a, b, strict, bad))
        return out

    for _ in range(len(cols) + 1):  # a chain is met in one pass in its order; a pass per column meets any order
        bad_edges = broken()
        if not bad_edges:
            break
        for a, b, strict, _bad in bad_edges:
            x, y = values[a], values[b]
            with np.errstate(invalid="ignore"):
                bad = (y <= x) if strict else (y < x)  # again: an earlier edge of this pass may have moved it
            if not bad.any():
                continue
            step = (_DAY_US if is_date[b] else _SECOND_US) if strict else 0.0
            need = x[bad] + step
            if strict and is_date[b]:  # the first day after the day holding ``a``
                need = (np.floor(x[bad] / _DAY_US) + 1.0) * _DAY_US
            y[bad] = _floor(need, is_date[b])
            moved[b] |= bad
    left = broken()
    if left:
        problems = [
            Problem(
                Location(table=table, column=b),
                f"check({a} {'<' if strict else '<='} {b}) cannot hold on {int(bad.sum()):,} sampled rows: the "
                "table's date orders form a cycle with a strict order in it",
            )
            for a, b, strict, bad in left
        ]
        raise ConstraintError(problems)
    out = []
    for c in cols:
        if not moved[c].any():
            continue
        dtype = frame.schema[c]
        new = pl.Series(c, values[c]).fill_nan(None).cast(pl.Int64).cast(pl.Datetime("us"))
        new = new.cast(pl.Date) if dtype == pl.Date else new.cast(dtype)
        out.append(pl.when(pl.Series(moved[c])).then(new).otherwise(pl.col(c)).alias(c))
    return frame.with_columns(out) if out else frame
