"""Which of a table's parents decides how many children its rows have (issue 13, the parcel company: a route has
a driver and a vehicle; drafted per driver by the date rule, its stops per route, which follow the vehicle's
kind, were drawn blind to it: a bike's route had a van's stops, the kind means 27-37% right).

The rule: for each parent a table may be drawn per, each of the parent's category columns groups the table's
rows by the category of the parent row they reference, and its share of the variance of the rows' children
counts (per child table referencing the table; 0 for a row without children) is measured, as eta squared
adjusted for the number of groups (``1 - (1 - eta²)(n - 1)/(n - k)``, so many small groups explain nothing by
chance). A parent whose best column explains at least ``EXPLAINS_MIN`` is preferred as the table's ``per``.

A category is a kind of parent, held by several parent rows (``SHARED_MIN`` each on average): a column nearly
unique per parent row names the parent itself (a library's 10 branches, each its own ``n_events``), and with few
parents their own differences "explain" their grandchildren's counts. Taken as a category, it drew the library's
copies per branch (10 parents) rather than per title: the title's key was drawn blind, and 39-52% of sampled
titles had no copy where every source title has one (issue 13, learn-probe48).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from simulacra.sources import ForeignKey

from ._profile import MAX_CATEGORIES, ColumnProfile

__all__ = ["EXPLAINS_MIN", "count_explained"]

EXPLAINS_MIN = 0.25  # share of the children counts' variance a parent's category explains to decide the per
SHARED_MIN = 2  # parent rows per category value, on average, for a column to be a kind of parent
_MIN_ROWS = 30  # rows of the table holding a parent and a category before the share is measured


def _eta_squared(counts: np.ndarray, groups: np.ndarray) -> float:
    """The share of ``counts``' variance between ``groups``, adjusted for their number."""
    n = len(counts)
    _, inverse = np.unique(groups, return_inverse=True)
    k = int(inverse.max()) + 1 if n else 0
    total = float(((counts - counts.mean()) ** 2).sum()) if n else 0.0
    if k < 2 or n - k < 1 or total <= 0:
        return 0.0
    sums = np.bincount(inverse, weights=counts)
    sizes = np.bincount(inverse)
    between = float((sums**2 / sizes).sum() - counts.sum() ** 2 / n)
    return 1.0 - (1.0 - between / total) * (n - 1) / (n - k)


def count_explained(
    table: str,
    fk: ForeignKey,
    children: Sequence[ForeignKey],
    frames: dict[str, pl.DataFrame],
    profiles: dict[tuple[str, str], ColumnProfile],
) -> tuple[float, str, str]:
    """The largest share of the children counts of ``table``'s rows (per child key in ``children``) that a
    category column of ``fk``'s parent explains: ``(share, parent column, child table)``; ``(0.0, "", "")``
    where no category is measured."""
    frame, parent = frames[table], frames[fk.ref_table]
    cats = [
        c
        for c in parent.columns
        if (p := profiles.get((fk.ref_table, c))) is not None
        and p.kind == "categorical"
        and 2 <= parent.get_column(c).n_unique() <= min(MAX_CATEGORIES, parent.height // SHARED_MIN)
    ]
    if not cats or not children or frame.height < _MIN_ROWS:
        return 0.0, "", ""
    # each row's parent row's categories, in the table's row order
    if frame.schema[fk.column] != parent.schema[fk.ref_column]:
        return 0.0, "", ""
    looked = frame.select(pl.col(fk.column).alias("_k")).join(
        parent.select(pl.col(fk.ref_column).alias("_k"), *[pl.col(c).alias(f"_c_{c}") for c in cats]).unique(
            "_k", keep="first", maintain_order=True
        ),
        on="_k",
        how="left",
        maintain_order="left",
    )
    best = (0.0, "", "")
    for ch in children:
        child = frames[ch.table]
        if child.schema[ch.column] != frame.schema[ch.ref_column]:
            continue
        counts = (
            frame.select(pl.col(ch.ref_column).alias("_k"))
            .join(
                child.group_by(ch.column).len().rename({ch.column: "_k", "len": "_n"}),
                on="_k",
                how="left",
                maintain_order="left",
            )
            .get_column("_n")
            .fill_null(0)
            .to_numpy()
            .astype(np.float64)
        )
        for c in cats:
            values = looked.get_column(f"_c_{c}")
            has = values.is_not_null().to_numpy()
            if int(has.sum()) < _MIN_ROWS:
                continue
            share = _eta_squared(counts[has], values.filter(pl.Series(has)).cast(pl.String).to_numpy())
            if share > best[0]:
                best = (round(share, 4), c, ch.table)
    return best
