"""A number that is a third number plus a product of two (a fare = its class's ``base`` + its class's ``per_km``
x the booking's ``distance_km``), drafted as the ``expression`` ``ROUND(c + a * b, d)`` (issue 13, found on the
regional airline of ``benchmarks/heldout_airline.py``: learned as a number of its own, 1% of sampled fares
were their class's fare for their distance). A two-part price (a standing charge and a rate, a base fare and
a rate per km, a call-out fee and an hourly rate) is this shape.

Looked for where ``_products`` finds no plain product. Kept when, on every row, the column is null exactly
where an operand is and otherwise equals ``c + a * b`` rounded to its decimals, over at least ``MIN_ROWS``
rows, each operand with two values or more, and at least ``MIN_APART`` rows where neither ``c`` nor ``a * b``
alone gives the value. ``a`` is one of the row's own numbers before the column; ``b`` and ``c`` one of the
row's or its parents' (SQL references); the first triple in the given order wins.
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["MIN_APART", "MIN_ROWS", "find_affine"]

MIN_ROWS = 30
MIN_APART = 10
_LOOKS = (64, 2000, None)  # rows tried first: most triples fail on the first few


def _arrays(s: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    return s.cast(pl.Float64).fill_null(0.0).to_numpy(), s.is_null().to_numpy()


def _triples(
    v: np.ndarray, vnull: np.ndarray, cut: dict[str, tuple[np.ndarray, np.ndarray]], names: list[str], decimals: int
) -> list[tuple[str, str, str]]:
    """Every ``(a, b, c)`` with ``v == ROUND(c + a * b, decimals)`` on the rows given (every ``c`` at once for a
    pair: a wide table's pairs stay a matrix operation each)."""
    out: list[tuple[str, str, str]] = []
    tol = 0.5 * 10.0**-decimals
    refs = list(cut)
    z = np.stack([cut[r][0] for r in refs])
    for i, a in enumerate(names):
        x, xnull = cut[a]
        for b, (y, ynull) in cut.items():
            if b == a or (b in names and names.index(b) < i):
                continue  # each pair of the row's own numbers once
            p = x * y
            total = z + p
            close = (np.abs(v - total) <= tol + 1e-9 * np.maximum(1.0, np.abs(total))) | vnull
            for k in np.nonzero(close.all(axis=1))[0].tolist():
                c = refs[k]
                zc, znull = cut[c]
                missing = xnull | ynull | znull
                if c in (a, b) or not np.array_equal(vnull, missing):
                    continue
                held = ~missing
                if int(held.sum()) < MIN_ROWS:
                    continue
                alone = (np.abs(v[held] - zc[held]) <= tol) | (np.abs(v[held] - p[held]) <= tol)
                if int((~alone).sum()) >= MIN_APART:
                    out.append((a, b, c))
    return out


def find_affine(
    values: pl.Series, decimals: int, own: dict[str, pl.Series], others: dict[str, pl.Series], *, whole: bool = False
) -> tuple[str, str] | None:
    """``(SQL expression, evidence)`` when ``values`` is, on every row, ``c + a * b`` rounded to ``decimals``
    (``a`` one of ``own``, the row's numbers before it; ``b``, ``c`` of ``own`` or ``others``, a parent's or
    grandparent's numbers aligned with the rows); ``whole`` writes the result as a whole number."""
    if values.len() < MIN_ROWS or values.drop_nulls().n_unique() < 2:
        return None
    pool = {r: s for r, s in {**own, **others}.items() if s.drop_nulls().n_unique() >= 2}
    names = [r for r in own if r in pool]
    for look in _LOOKS:
        n = values.len() if look is None else min(look, values.len())
        v, vnull = _arrays(values.head(n))
        found = _triples(v, vnull, {r: _arrays(s.head(n)) for r, s in pool.items()}, names, decimals)
        if not found:
            return None
        if n == values.len():
            a, b, c = found[0]
            rows = int((~values.is_null()).sum())
            expr = f"ROUND({c} + {a} * {b}, {decimals})"
            expr = f"CAST({expr} AS BIGINT)" if whole else expr
            why = (
                f"{c} + {a} x {b} rounded to {decimals} decimals in all {rows:,} rows holding the three (null "
                "where one is): a base and a rate, not a number of its own"
            )
            return expr, why
        keep = {r for t in found for r in t}
        pool = {r: s for r, s in pool.items() if r in keep}
        names = [r for r in names if r in pool]
    return None
