"""A number that is the product of a number of its row and another number of its row, its parent's or its
grandparent's (a line's ``line_total`` = ``qty`` x ``unit_price``; a loan's ``fine`` = ``days_late`` x its
member's tier's ``fine_per_day``; a grade's ``score`` = ``mark`` x its exam's ``max_mark`` / 100), drafted as
the ``expression`` ``ROUND(a * b, d)`` (issue 13, found on the probes of ``benchmarks/heldout_library.py`` and
``benchmarks/heldout_school.py``: learned as a number of its own, 70-83% of sampled fines and 70-87% of scores
were their operands' product).

Kept when, on every row, the column is null exactly where an operand is and otherwise equals the product
(times 1 or 1/100) rounded to the column's decimals, over at least ``MIN_ROWS`` rows, with at least
``MIN_APART`` rows where the value is neither 0 nor one of the operands (a rate that is always 1 is no
product), and both operands of two or more values.
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["MIN_APART", "MIN_ROWS", "find_product"]

MIN_ROWS = 30
MIN_APART = 10
_SCALES = ((1.0, ""), (0.01, " / 100"))
_FIRST_LOOK = 2000  # rows tried first: most pairs fail there


def _holds(
    value: np.ndarray,
    vnull: np.ndarray,
    a: np.ndarray,
    anull: np.ndarray,
    b: np.ndarray,
    bnull: np.ndarray,
    scale: float,
    decimals: int,
) -> bool:
    missing = anull | bnull
    if not np.array_equal(vnull, missing):
        return False
    held = ~missing
    if int(held.sum()) < MIN_ROWS:
        return False
    v, x, y = value[held], a[held], b[held]
    product = x * y * scale
    if not bool(np.all(np.abs(v - product) <= 0.5 * 10.0**-decimals + 1e-9 * np.maximum(1.0, np.abs(product)))):
        return False
    apart = (v != 0) & (v != x) & (v != y)
    return int(apart.sum()) >= MIN_APART


def _arrays(s: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    return s.cast(pl.Float64).fill_null(0.0).to_numpy(), s.is_null().to_numpy()


def find_product(
    values: pl.Series, decimals: int, own: dict[str, pl.Series], others: dict[str, pl.Series], *, whole: bool = False
) -> tuple[str, str] | None:
    """``(SQL expression, evidence)`` when ``values`` is, on every row, ``a * b`` (or ``a * b / 100``) rounded
    to ``decimals``, ``a`` one of ``own`` (the row's numbers before it) and ``b`` one of ``own`` or ``others``
    (a parent's or grandparent's numbers, aligned with the rows; keys are SQL references); the first pair in
    the given order wins; ``whole`` writes the result as a whole number (``CAST(... AS BIGINT)``)."""
    if values.len() < MIN_ROWS or values.drop_nulls().n_unique() < 2:
        return None
    pool = {**own, **others}
    pool = {r: s for r, s in pool.items() if s.drop_nulls().n_unique() >= 2}
    names = list(own)
    for look in (_FIRST_LOOK, None):
        n = values.len() if look is None else min(look, values.len())
        cut = {r: _arrays(s.head(n)) for r, s in pool.items()}
        v, vnull = _arrays(values.head(n))
        found: list[tuple[str, str, float, str]] = []
        for i, a in enumerate(names):
            if a not in cut:
                continue
            for b in list(pool):
                if b in names and names.index(b) <= i:
                    continue  # each pair of the row's own numbers once
                for scale, text in _SCALES:
                    if _holds(v, vnull, *cut[a], *cut[b], scale, decimals):
                        found.append((a, b, scale, text))
        if not found:
            return None
        if n == values.len():
            a, b, _scale, text = found[0]
            rows = int((~values.is_null()).sum())
            expr = f"ROUND({a} * {b}{text}, {decimals})"
            expr = f"CAST({expr} AS BIGINT)" if whole else expr
            why = (
                f"{a} x {b}{text} rounded to {decimals} decimals in all {rows:,} rows "
                "holding both (null where either is): a product, not a number of its own"
            )
            return expr, why
        # the first look held for some pair: check them on every row
        pool = {r: s for r, s in pool.items() if any(r in (a, b) for a, b, _, _ in found)}
        names = [r for r in names if r in pool]
    return None
