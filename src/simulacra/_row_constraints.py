"""Row constraints: the spec's per-row checks (``check``, ``not_null``, ``min``/``max``, ``regex``), each
``check(frame) -> bool mask`` of the rows that satisfy it.

Generation reads them (failing rows are regenerated, a bounded number of times) and ``validate`` counts them
(:mod:`simulacra._dataset_checks`). They read the spec alone: nothing here imports :mod:`simulacra.generation`,
so generation imports this module with no cycle (``tests/test_constraints_layers.py`` holds it so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.spec.model import ConstraintSpec, DatasetSpec
from simulacra.spec.refs import expression_for, root_names

__all__ = ["RowConstraint", "row_constraints"]


@dataclass(frozen=True)
class RowConstraint:
    """A constraint that each row can be checked against on its own."""

    spec: ConstraintSpec
    index: int  # position in the spec's constraint list

    def names(self) -> list[str]:
        if self.spec.check is not None:
            return root_names(self.spec.check)
        return [self.spec.column] if self.spec.column else []

    def describe(self) -> str:
        return self.spec.describe()

    def check(self, frame: pl.DataFrame) -> NDArray[np.bool_]:
        """True for rows that satisfy the constraint (nulls satisfy all but not_null)."""
        c = self.spec
        if c.check is not None:
            s = frame.select(expression_for(c.check, frame.schema)).to_series()
            return s.fill_null(True).to_numpy().astype(bool)
        col = frame.get_column(c.column)  # type: ignore[arg-type]
        ok = pl.Series(np.ones(len(col), dtype=bool))
        if c.not_null:
            ok = ok & col.is_not_null()
        if c.min is not None:
            ok = ok & (col >= _bound(c.min, col.dtype)).fill_null(True)
        if c.max is not None:
            ok = ok & (col <= _bound(c.max, col.dtype)).fill_null(True)
        if c.regex is not None:
            ok = ok & col.cast(pl.String).str.contains(_anchored(c.regex)).fill_null(True)
        return ok.to_numpy().astype(bool)


def _anchored(rx: str) -> str:
    """A regex constraint matches the whole value (anchors already present are harmless)."""
    return "^(?:" + rx + ")$"


def _bound(value: Any, dtype: pl.DataType) -> Any:
    """A min/max written as ISO text compares as a date or date-time on such columns."""
    if isinstance(value, str) and dtype == pl.Date:
        return dt.date.fromisoformat(value)
    if isinstance(value, str) and isinstance(dtype, pl.Datetime):
        return dt.datetime.fromisoformat(value)
    return value


def row_constraints(spec: DatasetSpec, table: str) -> list[RowConstraint]:
    return [RowConstraint(c, i) for i, c in enumerate(spec.constraints) if c.table == table and c.per_row]
