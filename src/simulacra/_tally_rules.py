"""The arithmetic of a ``tally`` rule: a summary table's column that counts (or sums) rows of other tables.

The one home of it: ``validate`` compares with :func:`tally_values` (:mod:`simulacra._dataset_checks`), ``sample``
writes it and ``inspect`` drafts the rules and their months (:func:`month_of`) with it. It reads frames and the
spec alone, never :mod:`simulacra.generation`, so inspection (which may not import generation) takes it from
here without loading generation through the dataset checks.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._date_formats import MONTH_FORMATS
from simulacra.spec.model import ConstraintSpec
from simulacra.spec.refs import expression_for, root_names

__all__ = ["month_of", "tally_bad", "tally_reads", "tally_tables", "tally_values"]


def tally_values(
    con: ConstraintSpec, summary: pl.DataFrame, detail: pl.DataFrame, others: Mapping[str, pl.DataFrame] | None = None
) -> pl.Series:
    """The values a ``tally`` rule gives the summary rows: per row, over each side, the rows of its table (the
    rule's detail, or the side's own ``of`` from ``others``) equal to it on the side's ``match`` columns, in its
    ``month`` (the month of their date) and holding its ``where``, counted (or their ``sum`` column added); 0 for
    none. The one home of the rule's arithmetic: ``validate`` compares with it, ``sample`` writes it."""
    assert con.tally is not None and con.sides
    total = np.zeros(summary.height, dtype=np.float64)
    for si, side in enumerate(con.sides):
        rows = detail
        if side.of is not None and side.of != con.of:
            if others is None or side.of not in others:
                raise ValueError(f"no table '{side.of}' for the tally's side {si + 1}")
            rows = others[side.of]
        match = side.match
        if side.via is not None:  # each row of the table between, with its row of the side's table
            if others is None or side.via.table not in others:
                raise ValueError(f"no table '{side.via.table}' for the tally's side {si + 1}")
            between = others[side.via.table]
            links = list(side.via.match.items())
            named = {c: f"__via{si}_{c}" for c in dict.fromkeys([*side.match.values(), *(a for a, _ in links)])}
            rows = between.select(pl.col(c).alias(n) for c, n in named.items()).join(
                rows,
                left_on=[named[a] for a, _ in links],
                right_on=[b for _, b in links],
                how="inner",
                maintain_order="left",
            )
            match = {k: named[v] for k, v in side.match.items()}
        pairs = list(match.items()) + list((side.month or {}).items())
        months = len(match)  # the pairs from here on compare months
        if side.where:
            keep = rows.select(expression_for(side.where, rows.schema)).to_series().fill_null(False)
            rows = rows.filter(keep)
        value = pl.col(side.sum).cast(pl.Float64).sum() if side.sum else pl.len().cast(pl.Float64)
        keys = [f"__t{si}_{i}" for i in range(len(pairs))]
        theirs = [
            month_of(pl.col(c), rows.schema[c]).alias(k) if i >= months else pl.col(c).alias(k)
            for i, ((_, c), k) in enumerate(zip(pairs, keys, strict=True))
        ]
        grouped = rows.select(theirs + ([pl.col(side.sum)] if side.sum else [])).group_by(keys).agg(value.alias("__v"))
        left = summary.select(
            [
                month_of(pl.col(c), summary.schema[c]).alias(k) if i >= months else pl.col(c).alias(k)
                for i, ((c, _), k) in enumerate(zip(pairs, keys, strict=True))
            ]
        )
        for k in keys:  # compare as the detail's type (an integer key against an integer key)
            if left.schema[k] != grouped.schema[k]:
                left = left.with_columns(pl.col(k).cast(grouped.schema[k], strict=False))
        got = left.join(grouped, on=keys, how="left", maintain_order="left", nulls_equal=False)
        total += got.get_column("__v").fill_null(0.0).to_numpy()
    counted = not con.sides[0].sum
    out = pl.Series(con.tally, total)
    return out.round(0).cast(pl.Int64) if counted else out


def month_of(col: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A month as the text ``YYYY-MM``: a date's, a month text's in one of the formats ``inspect`` reads as a
    month (``04/2023``, ``2023/04``, ``Apr 2023``, ``April 2023``: ``MONTH_FORMATS``), else the start of a text's
    (``2023-04``, ``2023-04-17``). Each value is read alone (the formats never read one text two ways), so a
    chunk of a column gets the months the whole gets. The one home of a tally's months (``_period_totals``)."""
    if dtype.is_temporal():
        return col.dt.strftime("%Y-%m")
    text = col.cast(pl.String).str.strip_chars()
    read = [
        text.str.strptime(pl.Datetime("us"), fmt, strict=False, exact=True).dt.strftime("%Y-%m")
        for fmt in sorted(MONTH_FORMATS)
        if fmt != "%Y-%m"  # (the slice below reads it, and a date after it)
    ]
    return pl.coalesce(*read, col.cast(pl.String).str.slice(0, 7))


def tally_reads(con: ConstraintSpec, table: str | None = None) -> list[str]:
    """The columns a ``tally`` rule reads of ``table`` (default: its detail table): the match and month columns,
    the ``where``'s, the sums of the sides that read it; of a table between (a side's ``via``), its match and
    link columns."""
    sides = [s for s in con.sides or [] if (s.of or con.of) == (table or con.of)]
    between = [s for s in con.sides or [] if s.via is not None and s.via.table == (table or con.of)]
    return list(
        dict.fromkeys(
            [
                *(v for s in sides for v in (s.via.match.values() if s.via else s.match.values())),
                *(v for s in between for v in s.match.values()),
                *(a for s in between if s.via is not None for a in s.via.match),
                *(v for s in sides for v in (s.month or {}).values()),
                *(x for s in sides for x in (root_names(s.where) if s.where else [])),
                *(s.sum for s in sides if s.sum),
            ]
        )
    )


def tally_tables(con: ConstraintSpec) -> list[str]:
    """The tables a ``tally`` rule reads besides the summary: its detail table, then its sides' own."""
    return list(
        dict.fromkeys([str(con.of), *(t for s in con.sides or [] for t in (s.of, s.via.table if s.via else None) if t)])
    )


def tally_bad(
    con: ConstraintSpec, summary: pl.DataFrame, detail: pl.DataFrame, others: Mapping[str, pl.DataFrame] | None = None
) -> NDArray[np.bool_]:
    """Summary rows whose ``tally`` column differs from what the detail rows give (a null differs)."""
    want = tally_values(con, summary, detail, others).cast(pl.Float64)
    got = summary.get_column(con.tally).cast(pl.Float64, strict=False)  # type: ignore[arg-type]
    return ((got - want).abs() > 1e-6).fill_null(True).to_numpy().astype(bool)
