"""Repeats of a composite ``unique`` left after the redraws placed on values their group has not taken yet.

A dense unique (a source using 70 to 100 % of the possible ``(room, day)`` pairs, a position unique within each
race) leaves a few rows repeating after the table's 50 whole-row redraws: the free values are few and the model gives
them little weight. Each row still repeating then takes, in row order, a value of one of the set's columns that its
group (the set's other columns as drawn) has not taken: the last column first, by the learned shares where the
column is a learned category, else by the shares the sample itself draws; then another column of the set, then any
free combination of the set's columns. Each pick is a uniform of the row's own id from the seeded stream, so the
result is the same bytes for the same input and seed. Only the placed column changes (its code with it): the row's
other columns are not drawn again given it (issue 13, learn88).

A group with no free value left (a parent drawn with more children than the column has values) cannot be solved by
placing: with the context key in the set its rows are left out (the keep mask), else the sample is refused with an
error naming the table, the columns and the group.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.errors import ConstraintError, Location, Problem
from simulacra.synth._table import LearnedTable

__all__ = ["place_repeats"]

_MAX_PAIRS = 200_000  # the most combinations looked through for a row no single column can place
_FK = "\x00parent"  # the context key's column in the working frame


def place_repeats(
    table: LearnedTable,
    name: str,
    frame: pl.DataFrame,
    codes: NDArray[np.int32],
    sets: Sequence[tuple[str, ...]],
    fk: str | None,
    pidx: NDArray[np.int64] | None,
    stream: Stream,
    *,
    movable: set[str] | None = None,
    refuse: bool = True,
) -> tuple[pl.DataFrame, NDArray[np.int32], NDArray[np.bool_] | None]:
    """``frame`` with each later repeat of a unique column set placed on a free value of its group (see the
    module); ``fk``: the context key (its values ``pidx``) where a set holds it. Returns the frame, its codes and
    the keep mask (None: every row kept); ``movable``: the columns a repeat may be placed on (None: the set's
    columns but the context key; the others are the group); ``refuse`` False: a repeat with no free value is
    left as drawn (for the whole-table check to refuse). Raises :class:`ConstraintError` where a group has no free value and
    its rows cannot be left out."""
    keep = np.ones(frame.height, dtype=bool)
    work = frame if fk is None or pidx is None else frame.with_columns(pl.Series(_FK, pidx))
    rows = np.arange(frame.height, dtype=np.int64)
    for s, cols in enumerate(sets):
        names = [_FK if c == fk else c for c in cols]
        free_cols = [c for c in cols if c != fk and c in frame.columns and (movable is None or c in movable)]
        if not free_cols or any(c not in work.columns for c in names):
            continue
        view = work.select(names)
        live = ~view.select(pl.any_horizontal(pl.all().is_null())).to_series().to_numpy() & keep
        first = view.select(pl.struct(names).is_first_distinct()).to_series().to_numpy()
        dup = ~first & live
        if not dup.any():
            continue
        values = {c: work.get_column(c).to_list() for c in names}
        cands = {c: _candidates(table, frame.get_column(c), live) for c in free_cols}
        taken: set[tuple[Any, ...]] = {
            tuple(values[c][i] for c in names) for i in np.flatnonzero(live & ~dup).tolist()
        }  # fmt: skip
        u = stream.child("place", s).uniform(rows)
        changed: dict[str, list[int]] = {}
        for i in np.flatnonzero(dup).tolist():
            row = {c: values[c][i] for c in names}
            pick = _place(row, names, free_cols, cands, taken, float(u[i]))
            if pick is None:
                group = {c: row[c] for c in names if c != _FK}
                if fk is not None and fk in cols and pidx is not None:
                    keep[i] = False  # a parent drawn with more children than the set has values
                    continue
                if not refuse:
                    continue
                raise ConstraintError(
                    [
                        Problem(
                            Location(table=name, column=free_cols[-1]),
                            f"unique {list(cols)}: row {i} repeats {group} and every combination of "
                            f"{free_cols} the sample draws is taken ({len(taken)} rows hold them); "
                            "ask for fewer rows or drop the constraint",
                        )
                    ]
                )
            for c, v in pick.items():
                values[c][i] = v
                changed.setdefault(c, []).append(i)
            taken.add(tuple(values[c][i] for c in names))
        for c, idx in changed.items():
            series = pl.Series(c, values[c], dtype=frame.schema[c])
            frame = frame.with_columns(series)
            work = work.with_columns(series)
            if c in table.columns and codes.ndim == 2 and table.columns.index(c) < codes.shape[1]:
                at = np.asarray(sorted(set(idx)), dtype=np.int64)
                codes[at, table.columns.index(c)] = table.encoders[c].encode(series.gather(at))
    return frame, codes, None if keep.all() else keep


def _candidates(table: LearnedTable, column: pl.Series, live: NDArray[np.bool_]) -> tuple[list[Any], NDArray[Any]]:
    """The values a column may take and their weights: a learned category's by the learned shares (its
    rare pooled values after, by their share of the sample), else the values the sample draws, by their count."""
    drawn = column.filter(pl.Series(live)).drop_nulls().value_counts(sort=False).sort(column.name)
    values, counts = drawn.get_column(column.name).to_list(), drawn.get_column("count").to_numpy().astype(np.float64)
    enc = table.encoders.get(column.name)
    if enc is None or enc.kind != "categorical" or not enc.categories or column.name not in table.columns:
        return values, counts + 1e-12
    j = table.columns.index(column.name)
    cats = list(enc.categories)
    w = np.asarray(table.marginals[j][: len(cats)], dtype=np.float64) if table.marginals else np.ones(len(cats))
    seen = set(cats)
    rest = [(v, c) for v, c in zip(values, counts.tolist(), strict=True) if v not in seen]
    scale = float(w.sum()) / max(1.0, float(counts.sum())) or 1.0
    out = cats + [v for v, _ in rest]
    return out, np.concatenate([w, np.asarray([c * scale for _, c in rest])]) + 1e-12


def _place(
    row: dict[str, Any],
    names: list[str],
    free_cols: list[str],
    cands: dict[str, tuple[list[Any], NDArray[Any]]],
    taken: set[tuple[Any, ...]],
    u: float,
) -> dict[str, Any] | None:
    """A free value for one column of the row (the last first), else a free combination; None if none."""
    for c in reversed(free_cols):
        vals, w = cands[c]
        ok = [k for k, v in enumerate(vals) if tuple(v if n == c else row[n] for n in names) not in taken]
        if ok:
            return {c: vals[_draw(w[ok], u, ok)]}
    if len(free_cols) < 2 or np.prod([len(cands[c][0]) for c in free_cols]) > _MAX_PAIRS:
        return None
    combos = [
        combo
        for combo in product(*(range(len(cands[c][0])) for c in free_cols))
        if tuple(cands[n][0][combo[free_cols.index(n)]] if n in free_cols else row[n] for n in names) not in taken
    ]
    if not combos:
        return None
    w = np.asarray([np.prod([cands[c][1][k] for c, k in zip(free_cols, combo, strict=True)]) for combo in combos])
    combo = combos[_draw(w, u, list(range(len(combos))))]
    return {c: cands[c][0][k] for c, k in zip(free_cols, combo, strict=True)}


def _draw(w: NDArray[Any], u: float, ok: list[int]) -> int:
    cw = np.cumsum(w)
    return ok[min(int(np.searchsorted(cw, u * cw[-1], side="right")), len(ok) - 1)]
