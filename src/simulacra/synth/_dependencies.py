"""Exact functional dependencies between columns, found in the data and kept exactly.

When every value of A comes with one value of B in every real row (Adult's
education -> education-num), B is not modelled at all: it is looked up from A after
sampling, so the dependency holds in 100% of synthetic rows instead of "mostly".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

__all__ = ["Dependency", "find_dependencies"]


@dataclass(frozen=True)
class Dependency:
    column: str  # derived column
    source: str  # the column it is a function of
    keys: tuple[Any, ...]
    values: tuple[Any, ...]

    def apply(self, frame: pl.DataFrame, dtype: pl.DataType) -> pl.Series:
        src = frame.get_column(self.source)
        pairs = [(k, v) for k, v in zip(self.keys, self.values, strict=True) if k is not None]
        keys = pl.Series([k for k, _ in pairs], dtype=src.dtype)
        vals = pl.Series([v for _, v in pairs], dtype=dtype)
        out = src.replace_strict(keys, vals, default=None, return_dtype=dtype)
        # an empty source is a value of its own (no reason given: the application was approved)
        empty = [v for k, v in zip(self.keys, self.values, strict=True) if k is None]
        if empty and empty[0] is not None and src.null_count():
            out = pl.select(pl.when(src.is_null()).then(pl.lit(empty[0], dtype)).otherwise(out)).to_series()
        return out.alias(self.column)

    def to_json(self) -> dict[str, Any]:
        return {"column": self.column, "source": self.source, "keys": list(self.keys), "values": list(self.values)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Dependency:
        return cls(column=data["column"], source=data["source"], keys=tuple(data["keys"]), values=tuple(data["values"]))


def find_dependencies(
    frame: pl.DataFrame, determinants: Sequence[str], columns: Sequence[str], *, min_group: float = 5.0
) -> list[Dependency]:
    """Columns that are exact functions of a categorical column, chosen so none derives from a derived one.

    ``determinants`` are the categorical columns allowed on the left; a determinant
    must have groups of at least ``min_group`` rows on average (a near-unique column
    determines everything trivially and proves nothing).
    """
    n = frame.height
    if n == 0:
        return []
    determined: dict[str, list[str]] = {}
    for a in determinants:
        n_groups = frame.get_column(a).n_unique()
        if n_groups < 2 or n / n_groups < min_group:
            continue
        others = [b for b in columns if b != a and frame.get_column(b).n_unique() > 1]
        if not others:
            continue
        agg = frame.group_by(a).agg([pl.col(b).n_unique().alias(b) for b in others])
        determined[a] = [b for b in others if int(agg.get_column(b).max() or 0) == 1]  # type: ignore[arg-type]
    order = {c: i for i, c in enumerate(columns)}
    ranked = sorted(determined, key=lambda a: (-len(determined[a]), order.get(a, 0)))
    derived: dict[str, str] = {}
    used: set[str] = set()
    for a in ranked:
        if a in derived:
            continue
        for b in determined[a]:
            if b not in derived and b not in used:
                derived[b] = a
                used.add(a)
    out = []
    for b, a in sorted(derived.items(), key=lambda kv: order.get(kv[0], 0)):
        pairs = frame.select(a, b).unique(maintain_order=True)  # with the empty source's value, when it has one
        out.append(
            Dependency(
                column=b,
                source=a,
                keys=tuple(pairs.get_column(a).to_list()),
                values=tuple(pairs.get_column(b).to_list()),
            )
        )
    return out
