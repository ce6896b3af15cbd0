"""A number that is a fixed sum of other numbers of its row (issue 13): a goal difference = goals for - goals
against, points = 3 x won + drawn, games lost = played - won - drawn, a total = net + tax + shipping, a
temperature in Fahrenheit = 1.8 x Celsius + 32. Drafted as the ``expression`` of that sum; learned as numbers
of their own, a sample broke it on nearly every row (found on the football league of
``benchmarks/heldout_league.py``, its first run: points = 3 x won + drawn in 5% of sampled rows).

The coefficients are found by least squares on the rows and then written as the short decimals they are
(an integer, or at most four decimals); the identity is kept only when, on every row, the column is null
exactly where an operand is and otherwise equals the sum rounded to its decimals, over at least ``MIN_ROWS``
rows, with at least ``MIN_DISTINCT`` distinct values (a sum of few values is matched too easily by chance).
The fewest operands win (one, then two, then three), each of the row's numbers before the column; among as
many, the first set in column order.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import polars as pl

__all__ = ["MIN_DISTINCT", "MIN_ROWS", "find_linear"]

MIN_ROWS = 30
MIN_DISTINCT = 5
MAX_TERMS = 3
MAX_OPERANDS = 16  # the row's numbers nearest before the column; more would be slow and invite chance fits
_FIRST_LOOK = 64


def _nice(x: float) -> float | None:
    """``x`` written as an integer or a decimal of at most four places, or None (a fitted ratio, not a rule)."""
    for places in range(5):
        r = round(x, places)
        if abs(x - r) <= 1e-7 * max(1.0, abs(x)):
            return r
    return None


def _fit(v: np.ndarray, xs: np.ndarray) -> tuple[list[float], float] | None:
    """Nice coefficients and intercept of ``v`` ~ ``xs`` (columns), or None."""
    design = np.column_stack([xs, np.ones(len(v))])
    coef, *_ = np.linalg.lstsq(design, v, rcond=None)
    nice = [_nice(float(c)) for c in coef]
    if any(c is None for c in nice) or any(c == 0 for c in nice[:-1]):
        return None
    return [float(c) for c in nice[:-1]], float(nice[-1])  # type: ignore[arg-type]


def _holds(v: np.ndarray, xs: np.ndarray, coef: list[float], icpt: float, decimals: int) -> bool:
    pred = xs @ np.asarray(coef) + icpt
    return bool(np.all(np.abs(v - pred) <= 0.5 * 10.0**-decimals * (1 - 1e-9) + 1e-9 * np.maximum(1.0, np.abs(pred))))


def _term(coef: float, name: str, first: bool) -> str:
    sign = "-" if coef < 0 else "+"
    mag = abs(coef)
    body = name if mag == 1 else f"{_num(mag)} * {name}"
    if first:
        return body if sign == "+" else f"-{body}"
    return f"{sign} {body}"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)


def find_linear(values: pl.Series, decimals: int, before: dict[str, pl.Series]) -> tuple[str, str] | None:
    """``(SQL expression, evidence)`` when ``values`` is, on every row, a fixed sum of one to three of
    ``before`` (the row's numbers before it, in column order) with short coefficients and an intercept,
    rounded to ``decimals``; None otherwise."""
    n = values.len()
    if n < MIN_ROWS or values.drop_nulls().n_unique() < MIN_DISTINCT:
        return None
    vnull = values.is_null().to_numpy()
    pool = {
        c: s
        for c, s in list(before.items())[-MAX_OPERANDS:]
        if s.dtype.is_numeric() and s.drop_nulls().n_unique() >= 2 and not np.any(s.is_null().to_numpy() & ~vnull)
    }
    if not pool:
        return None
    v = values.cast(pl.Float64).fill_null(0.0).to_numpy()
    arrays = {c: s.cast(pl.Float64).fill_null(0.0).to_numpy() for c, s in pool.items()}
    nulls = {c: s.is_null().to_numpy() for c, s in pool.items()}
    names = list(pool)
    for k in range(1, MAX_TERMS + 1):
        for combo in combinations(names, k):
            missing = np.zeros(n, dtype=bool)
            for c in combo:
                missing |= nulls[c]
            if not np.array_equal(missing, vnull):
                continue
            held = ~missing
            if int(held.sum()) < MIN_ROWS:
                continue
            y = v[held]
            xs = np.column_stack([arrays[c][held] for c in combo])
            head = slice(0, min(_FIRST_LOOK, len(y)))
            if np.linalg.matrix_rank(np.column_stack([xs[head], np.ones(len(y[head]))])) < k + 1:
                continue  # operands tied to each other on the first rows: no unique sum to read
            fitted = _fit(y[head], xs[head])
            if fitted is None or not _holds(y[head], xs[head], *fitted, decimals):
                continue
            if not _holds(y, xs, *fitted, decimals):
                continue
            coef, icpt = fitted
            terms = list(zip(coef, combo, strict=True))
            if icpt and coef[0] < 0:  # 30 - won - drawn rather than -won - drawn + 30
                expr = _num(icpt) + " " + " ".join(_term(c, name, False) for c, name in terms)
            else:
                expr = " ".join(_term(c, name, i == 0) for i, (c, name) in enumerate(terms))
                if icpt:
                    expr += f" {'-' if icpt < 0 else '+'} {_num(abs(icpt))}"
            integral = all(float(c).is_integer() for c in coef) and float(icpt).is_integer()
            if not (integral and decimals == 0):
                expr = f"ROUND({expr}, {decimals})"
            if values.dtype.is_integer() and not integral:
                expr = f"CAST({expr} AS BIGINT)"
            why = (
                f"{expr} in all {int(held.sum()):,} rows holding its operands (null where one is): "
                "a sum of the row's numbers, not a number of its own"
            )
            return expr, why
    return None
