"""A number that is the sum of two products of numbers of its row and of its ancestors (a bill's ``amount`` =
its reading's ``consumption`` x the customer's tariff's ``unit_price`` + the bill's ``days`` x the tariff's
``standing_charge``, rounded to cents), drafted as the ``expression`` ``ROUND(a * b + c * d, d)`` (issue 13,
found on the energy-utility probe of ``benchmarks/heldout_utility.py``: learned as a number of its own, 0.2% of
sampled bills were their price; the tariff is four keys up, past the grandparent ``_products`` reads).

Kept when, on every row, the column is null exactly where an operand is and otherwise equals the sum rounded to
the column's decimals, over at least ``MIN_ROWS`` rows, with at least ``MIN_APART`` rows where the value is
neither product alone (two products, not one), every operand of two or more values. Pairs are tried on the first
rows, then every row, so a chance fit on a few rows does not survive.
"""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl

__all__ = ["MIN_APART", "MIN_ROWS", "find_product_sum"]

MIN_ROWS = 30
MIN_APART = 10
_LOOKS = (200, 2000, None)  # rows tried in turn: most sums fail on the first
_MAX_OPERANDS = 24  # numbers tried as operands (the row's own first, then its ancestors' nearest first)


def _tol(decimals: int, v: np.ndarray) -> np.ndarray:
    return 0.5 * 10.0**-decimals + 1e-9 * np.maximum(1.0, np.abs(v))


def find_product_sum(
    values: pl.Series, decimals: int, pool: dict[str, pl.Series], *, whole: bool = False
) -> tuple[str, str] | None:
    """``(SQL expression, evidence)`` when ``values`` is, on every row, ``a * b + c * d`` rounded to
    ``decimals`` with ``a``..``d`` among ``pool`` (numbers aligned with the rows; keys are SQL references, the
    row's own first); the first pair of products in the pool's order wins. ``whole`` writes the result as a
    whole number (``CAST(... AS BIGINT)``)."""
    n_all = values.len()
    if n_all < MIN_ROWS or values.drop_nulls().n_unique() < 2:
        return None
    pool = {r: s for r, s in pool.items() if s.len() == n_all and s.drop_nulls().n_unique() >= 2}
    names = list(pool)[:_MAX_OPERANDS]
    pairs = list(itertools.combinations(names, 2))
    candidates = list(itertools.combinations(range(len(pairs)), 2))
    for look in _LOOKS:
        n = n_all if look is None else min(look, n_all)
        arr = {r: pool[r].head(n).cast(pl.Float64).to_numpy() for r in names}
        v = values.head(n).cast(pl.Float64).to_numpy()
        vnull = np.isnan(v)
        prods = np.stack([arr[a] * arr[b] for a, b in pairs]) if pairs else np.empty((0, n))
        tol = _tol(decimals, np.nan_to_num(v))
        held = ~vnull
        if int(held.sum()) < min(MIN_ROWS, n):
            return None
        fin = np.where(np.isnan(prods), 0.0, prods)[:, held]
        vh, th = v[held], tol[held]
        kept = []
        seconds: dict[int, list[int]] = {}
        for i, j in candidates:
            seconds.setdefault(i, []).append(j)
        for i, listed in seconds.items():  # each first product against every second at once
            js = np.asarray(listed, dtype=np.int64)
            fits = np.all(np.abs(fin[js] - (vh - fin[i])) <= th, axis=1)
            kept += [(i, int(j)) for j in js[fits] if not set(pairs[i]) & set(pairs[int(j)])]
        # (four operands, no number twice: a*b + a*c is a product of a sum)
        if not kept:
            return None
        candidates = kept
        if n == n_all:
            break
    for i, j in candidates:
        (a, b), (c, d) = pairs[i], pairs[j]
        v = values.cast(pl.Float64).to_numpy()
        p, q = (pool[a] * pool[b]).cast(pl.Float64).to_numpy(), (pool[c] * pool[d]).cast(pl.Float64).to_numpy()
        held = ~np.isnan(v)
        if not np.array_equal(np.isnan(p + q), ~held):  # null exactly where an operand is
            continue
        tol = _tol(decimals, np.nan_to_num(v))
        apart = held & (np.abs(v - np.nan_to_num(p)) > tol) & (np.abs(v - np.nan_to_num(q)) > tol)
        if int(apart.sum()) < MIN_APART:
            continue
        expr = f"ROUND({a} * {b} + {c} * {d}, {decimals})"
        expr = f"CAST({expr} AS BIGINT)" if whole else expr
        why = (
            f"{a} x {b} + {c} x {d} rounded to {decimals} decimals in all {int(held.sum()):,} rows holding them "
            "(null where one is): a sum of two products, not a number of its own"
        )
        return expr, why
    return None
