"""A learned number bounded by a number of the row its key points to (``check: attendance <= home_team_id.capacity``).

The number is learned without its parent (keys are drawn after the row), so a row may fall past its parent's
bound. Such a row draws its number again from the table's own sampled values that keep its bound (the learned
distribution truncated at the bound, at a place drawn from the row id); a row whose bound no sampled value
keeps takes the bound itself (a clip: the last resort; past a strict bound, the nearest value inside it). Rows
keeping the bound are left as they are.

The bounds are read by ``spec.bounds``: every form a check declares one in (``attendance <= home_id.capacity``,
``home_id.capacity >= attendance``, ``<`` strict, in parentheses, inside an ``AND``, ``BETWEEN home_id.floor AND
home_id.capacity``, quoted names), the bound any expression of the columns of rows the table's keys point to.
A number with bounds from several checks keeps them one by one, then together (:func:`keep_bounds`): the rows
one bound's redraw moved past another draw again among the values inside all of them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.spec.bounds import Bound, checked_bounds
from simulacra.spec.refs import dotted_ref

__all__ = ["bounded_by_parent", "keep_bound", "keep_bounds"]


def bounded_by_parent(checks: list[str], columns: Iterable[str], keys: Collection[str]) -> list[tuple[str, Bound]]:
    """``(column, bound)`` for each bound a check puts on one of ``columns`` by an expression of the columns of
    rows its ``keys`` point to (``fk.column``, one hop), in the order of the checks, then of ``columns``."""
    cols = list(columns)

    def parents(names: list[str]) -> bool:
        return all((ref := dotted_ref(n, hops=1)) is not None and ref[0] in keys for n in names)

    return [cb for c in checks for cb in checked_bounds(c, cols, parents)]


def _inside(y: NDArray[np.float64], below: bool, strict: bool, whole: bool) -> NDArray[np.float64]:
    """The value nearest ``y`` on its side of the bound: ``y`` itself unless strict (then the next whole number
    for a whole-number column, else the next float), whole where the column is."""
    if whole:
        step = np.float64(strict)  # past a strict whole bound: the next whole number
        return (
            np.where(np.floor(y) == y, y - step, np.floor(y))
            if below
            else np.where(np.ceil(y) == y, y + step, np.ceil(y))
        )
    return np.nextafter(y, -np.inf if below else np.inf) if strict else y


def _with(values: pl.Series, at: NDArray[np.int64], x: NDArray[np.float64]) -> pl.Series:
    """``values`` with the rows ``at`` set to ``x`` (finite numbers, cast to the column's type); every other row as
    it was, a null a null (not NaN: a float's; a date's cast back would fail on it)."""
    new = pl.Series(values.name, x)
    new = new.cast(values.dtype, strict=False) if values.dtype.is_integer() else new.cast(values.dtype)
    return values.clone().scatter(at, new)


def _floats(s: pl.Series) -> NDArray[np.float64]:
    return s.cast(pl.Float64).to_numpy().astype(np.float64)


def keep_bound(
    values: pl.Series, bound: pl.Series, below: bool, stream: Stream, rows: np.ndarray, strict: bool = False
) -> pl.Series:
    """``values`` with each row past its ``bound`` (``below``: above it; ``strict``: on it too) drawn again among
    the values that keep it, else set to the nearest value inside it; nulls on either side are left. One bound
    of :func:`keep_bounds` (one home: a row past a floor draws as a row past several bounds does)."""
    return keep_bounds(values, [(bound, below, strict)], stream, rows)


def keep_bounds(
    values: pl.Series, bounds: list[tuple[pl.Series, bool, bool]], stream: Stream, rows: np.ndarray
) -> pl.Series:
    """``values`` with each row past any of its ``bounds`` (``(bound, below, strict)``) drawn again among the
    values inside all of them, else clipped into them (the upper bounds last, where they cross); nulls left."""
    x = _floats(values)
    ys = [(_floats(y), below, strict) for y, below, strict in bounds]
    past = np.zeros(len(x), dtype=bool)
    for y, below, strict in ys:
        sign = 1.0 if below else -1.0
        past |= ~np.isnan(y) & ((sign * x >= sign * y) if strict else (sign * x > sign * y))
    bad = np.flatnonzero(~np.isnan(x) & past)
    if not len(bad):
        return values
    pool = np.sort(x[~np.isnan(x)])
    lo = np.zeros(len(bad), dtype=np.int64)
    hi = np.full(len(bad), len(pool), dtype=np.int64)
    whole = values.dtype.is_integer()
    clip = x[bad].copy()
    for y, below, strict in sorted(ys, key=lambda b: b[1]):  # the lower bounds first: an upper one clips last
        yb = y[bad]
        has = ~np.isnan(yb)
        at = np.searchsorted(pool, np.where(has, yb, 0.0), side="left" if strict == below else "right")
        edge = _inside(yb, below, strict, whole)
        if below:
            hi = np.where(has, np.minimum(hi, at), hi)
            clip = np.where(has, np.minimum(clip, edge), clip)
        else:
            lo = np.where(has, np.maximum(lo, at), lo)
            clip = np.where(has, np.maximum(clip, edge), clip)
    n_ok = np.maximum(hi - lo, 0)
    u = stream.uniform(rows[bad])
    pick = np.clip(lo + np.minimum((u * n_ok).astype(np.int64), np.maximum(n_ok - 1, 0)), 0, max(len(pool) - 1, 0))
    return _with(values, bad, np.where(n_ok > 0, pool[pick], clip))
