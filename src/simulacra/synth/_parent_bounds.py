"""A learned number bounded by a number of the row its key points to (``check: attendance <= home_team_id.capacity``).

The number is learned without its parent (keys are drawn after the row), so a row may fall past its parent's
bound. Such a row draws its number again from the table's own sampled values that keep its bound (the learned
distribution truncated at the bound, at a place drawn from the row id); a row whose bound no sampled value
keeps takes the bound itself (a clip: the last resort). Rows keeping the bound are left as they are.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl

from simulacra._random import Stream

__all__ = ["bounded_by_parent", "keep_bound"]

_BOUND = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=)\s*([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\s*$")


def bounded_by_parent(checks: list[str]) -> list[tuple[str, str, str, str]]:
    """``(column, op, fk, parent column)`` of each check that is exactly ``column <= fk.parent_column`` (or ``>=``)."""
    return [(m.group(1), m.group(2), m.group(3), m.group(4)) for c in checks if (m := _BOUND.match(c))]


def keep_bound(values: pl.Series, bound: pl.Series, op: str, stream: Stream, rows: np.ndarray) -> pl.Series:
    """``values`` with each row past its ``bound`` (``op`` ``<=``: above it) drawn again among the values that
    keep it, else set to the bound; nulls on either side are left."""
    x = values.cast(pl.Float64).to_numpy().copy()
    y = bound.cast(pl.Float64).to_numpy()
    sign = 1.0 if op == "<=" else -1.0
    bad = np.flatnonzero(~np.isnan(x) & ~np.isnan(y) & (sign * x > sign * y))
    if not len(bad):
        return values
    pool = np.sort(sign * x[~np.isnan(x)])
    n_ok = np.searchsorted(pool, sign * y[bad], side="right")  # pool values within each bad row's bound
    u = stream.uniform(rows[bad])
    pick = np.minimum((u * n_ok).astype(np.int64), np.maximum(n_ok - 1, 0))
    new = np.where(n_ok > 0, sign * pool[pick], y[bad])
    x[bad] = new
    out = pl.Series(values.name, x)
    return out.cast(values.dtype, strict=False) if values.dtype.is_integer() else out.cast(values.dtype)
