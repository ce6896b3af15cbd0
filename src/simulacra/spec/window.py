"""A value against its parent group, as ``running_sum``'s ``relative_to`` says it (the window functions of SQL,
``x - MIN(x) OVER (PARTITION BY parent)`` and its kin; docs/spec.md): one home for the generator that makes the
column and for inspection, which reads a source's column back as one (review62)."""

from __future__ import annotations

from typing import get_args

import polars as pl

from simulacra.spec.model import RunningSumColumn

__all__ = ["RELATIVE_TO", "relative_to_group"]

#: what ``relative_to`` takes, read from the spec's model (one list: the model's ``Literal``)
RELATIVE_TO: tuple[str, ...] = next(
    get_args(a) for a in get_args(RunningSumColumn.model_fields["relative_to"].annotation) if a is not type(None)
)


def relative_to_group(how: str, value: pl.Expr, group: str, order: list[str]) -> pl.Expr:
    """``value`` against its ``group`` (a column name): ``min`` less the group's least, ``max`` the greatest less
    it, ``first`` less the group's first in ``order`` (column names, the first deciding), ``total`` over the group's
    sum as a Float64 (null where the sum is 0)."""
    if how == "min":
        return value - value.min().over(group)
    if how == "max":
        return value.max().over(group) - value
    if how == "first":
        return value - value.sort_by(order).first().over(group)
    if how != "total":
        raise ValueError(f"relative_to: expected one of {', '.join(RELATIVE_TO)}, got {how!r}")
    total = value.sum().over(group)
    return value.cast(pl.Float64) / pl.when(total != 0).then(total.cast(pl.Float64))
