"""Numbers that are products of numbers of their row and of their ancestors, drafted as ``expression`` columns
(issue 13): one home for the three shapes the probes found, each learned as a number of its own before.

* **a product** ``ROUND(a * b, d)`` (or ``a * b / 100``): a line's ``line_total`` = ``qty`` x ``unit_price``; a
  loan's ``fine`` = ``days_late`` x its member's tier's ``fine_per_day``; a grade's ``score`` = ``mark`` x its
  exam's ``max_mark`` / 100 (``benchmarks/heldout_library.py``, ``heldout_school.py``: 70-87% of sampled rows
  held the product); a loyalty entry's ``points`` = its booking's ``distance_km`` x its passenger's tier's
  ``multiplier``, neither operand the row's own (``heldout_airline.py``: 5%). Where an operand is null (no
  booking) the value is null, or one constant on every such row (a 250-point bonus): ``COALESCE(ROUND(a * b,
  d), 250)``.
* **a base plus a rate times a quantity** ``ROUND(c + a * b, d)``: a fare = its class's ``base`` + its class's
  ``per_km`` x the booking's ``distance_km`` (the airline: 1% of sampled fares); a standing charge and a rate, a
  call-out fee and an hourly rate.
* **a sum of two products** ``ROUND(a * b + c * d, d)``: a bill's ``amount`` = its reading's ``consumption`` x
  the customer's tariff's ``unit_price`` + the bill's ``days`` x the tariff's ``standing_charge``
  (``heldout_utility.py``: 0.2% of sampled bills; the tariff four keys up).

Each is kept when, on every row, the column equals the expression rounded to its decimals where the operands
are held (null, or the one default, where one is not), over at least ``MIN_ROWS`` rows, every operand of two
values or more, with at least ``MIN_APART`` rows the expression needs whole (the value neither 0 nor an operand
for a product; neither part alone for a base plus a rate or a sum). Candidates are tried on the first rows, then
every row, so a chance fit on a few rows does not survive; the first in the given order wins (the row's own
numbers first, then its ancestors' nearest first).
"""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl

__all__ = [
    "FIRST_LOOK",
    "MIN_APART",
    "MIN_ROWS",
    "factor_of",
    "find_affine",
    "find_factor_by_category",
    "find_product",
    "find_product_sum",
    "holds_on_rows",
    "number_literal",
    "sql_literal",
    "value_arrays",
]

MIN_ROWS = 30
MIN_APART = 10
_SCALES = ((1.0, ""), (0.01, " / 100"))
FIRST_LOOK = 2000  # rows tried first for a product: most pairs fail there
_AFFINE_LOOKS = (64, 2000, None)  # rows tried first for a base plus a rate: most triples fail on the first few
_SUM_LOOKS = (200, 2000, None)  # rows tried in turn for a sum of products: most sums fail on the first
_MAX_OPERANDS = 24  # numbers tried as operands of a sum (the row's own first, then its ancestors' nearest first)


def value_arrays(s: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """A numeric column as (float values with nulls as 0, null mask)."""
    return s.cast(pl.Float64).fill_null(0.0).to_numpy(), s.is_null().to_numpy()


def _tol(decimals: int, v: np.ndarray) -> np.ndarray:
    return 0.5 * 10.0**-decimals + 1e-9 * np.maximum(1.0, np.abs(v))


def _default(value: np.ndarray, vnull: np.ndarray, missing: np.ndarray) -> tuple[bool, float | None]:
    """(whether the rows where an operand is missing agree, what they hold): null on every such row (or no such
    row) is ``None``; one constant on every such row is that constant; values that differ, or nulls beside
    values, do not agree."""
    if not missing.any():
        return True, None
    nulls = vnull[missing]
    if nulls.all():
        return True, None
    held = value[missing]
    if nulls.any() or not bool(np.all(held == held[0])):
        return False, None
    return True, float(held[0])


def holds_on_rows(
    value: np.ndarray,
    vnull: np.ndarray,
    a: np.ndarray,
    anull: np.ndarray,
    b: np.ndarray,
    bnull: np.ndarray,
    scale: float,
    decimals: int,
) -> tuple[bool, float | None]:
    """(whether ``value`` is the product where both operands are held, its default where one is not)."""
    missing = anull | bnull
    held = ~missing
    if (vnull & held).any() or int(held.sum()) < MIN_ROWS:
        return False, None  # null where both operands are held: not this product
    v, x, y = value[held], a[held], b[held]
    product = x * y * scale
    if not bool(np.all(np.abs(v - product) <= 0.5 * 10.0**-decimals + 1e-9 * np.maximum(1.0, np.abs(product)))):
        return False, None
    apart = (v != 0) & (v != x) & (v != y)
    if int(apart.sum()) < MIN_APART:
        return False, None
    return _default(value, vnull, missing)


def number_literal(x: float, decimals: int) -> str:
    """``x`` written as a SQL number literal with at most ``decimals`` decimals (an integer where it is whole)."""
    return str(int(round(x))) if decimals == 0 or float(x).is_integer() else repr(round(x, decimals))


def find_product(
    values: pl.Series, decimals: int, own: dict[str, pl.Series], others: dict[str, pl.Series], *, whole: bool = False
) -> tuple[str, str] | None:
    """``(SQL expression, evidence)`` when ``values`` is, on every row, ``a * b`` (or ``a * b / 100``) rounded
    to ``decimals``, ``a`` and ``b`` among ``own`` (the row's numbers before it) and ``others`` (its ancestors'
    numbers, aligned with the rows; keys are SQL references), null or one constant where an operand is null
    (``COALESCE``); the first pair in the given order wins; ``whole`` writes the result as a whole number
    (``CAST(... AS BIGINT)``)."""
    if values.len() < MIN_ROWS or values.drop_nulls().n_unique() < 2:
        return None
    pool = {r: s for r, s in {**own, **others}.items() if s.drop_nulls().n_unique() >= 2}
    names = list(pool)
    pairs = list(itertools.combinations(names, 2))  # the row's own first, each pair once
    for look in (FIRST_LOOK, None):
        n = values.len() if look is None else min(look, values.len())
        cut = {r: value_arrays(pool[r].head(n)) for r in {x for pair in pairs for x in pair}}
        v, vnull = value_arrays(values.head(n))
        found: list[tuple[str, str, str, float | None]] = []
        for a, b in pairs:
            for scale, text in _SCALES:
                ok, default = holds_on_rows(v, vnull, *cut[a], *cut[b], scale, decimals)
                if ok:
                    found.append((a, b, text, default))
        if not found:
            return None
        if n == values.len():
            a, b, text, default = found[0]
            held = int((~(pool[a].is_null() | pool[b].is_null())).sum())
            expr = f"ROUND({a} * {b}{text}, {decimals})"
            why = (
                f"{a} x {b}{text} rounded to {decimals} decimals in all {held:,} rows holding both (null where "
                "either is): a product, not a number of its own"
            )
            if default is not None:
                expr = f"COALESCE({expr}, {number_literal(default, decimals)})"
                why = why.replace(
                    "(null where either is)",
                    f"({number_literal(default, decimals)} in all {values.len() - held:,} rows where either is null)",
                )
            expr = f"CAST({expr} AS BIGINT)" if whole else expr
            return expr, why
        # the first look held for some pairs: check them on every row
        pairs = list(dict.fromkeys((a, b) for a, b, _, _ in found))
    return None


def _triples(
    v: np.ndarray, vnull: np.ndarray, cut: dict[str, tuple[np.ndarray, np.ndarray]], names: list[str], decimals: int
) -> list[tuple[str, str, str]]:
    """Every ``(a, b, c)`` with ``v == ROUND(c + a * b, decimals)`` on the rows given (every ``c`` at once for a
    pair: a wide table's pairs stay a matrix operation each)."""
    out: list[tuple[str, str, str]] = []
    tol = 0.5 * 10.0**-decimals
    refs = list(cut)
    if not names or not refs:
        return out  # no pair of the row's own numbers to try (np.stack of nothing raises)
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
    for look in _AFFINE_LOOKS:
        n = values.len() if look is None else min(look, values.len())
        v, vnull = value_arrays(values.head(n))
        found = _triples(v, vnull, {r: value_arrays(s.head(n)) for r, s in pool.items()}, names, decimals)
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
    for look in _SUM_LOOKS:
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


MAX_CATEGORIES = 12  # values of a category deciding a factor
MIN_PER_CATEGORY = 3  # rows of each value, to say its factor


def factor_of(v: np.ndarray, a: np.ndarray, decimals: int) -> float | None:
    """The shortest decimal ``f`` with ``ROUND(a * f, decimals) == v`` on every row, or None."""
    big = int(np.argmax(np.abs(a)))
    if a[big] == 0:
        return None
    raw = v[big] / a[big]
    for places in range(7):
        f = round(float(raw), places)
        if bool(np.all(np.abs(v - a * f) <= _tol(decimals, a * f))):
            return f
    return None


def sql_literal(value: object) -> str:
    """``value`` as a SQL literal: a quoted string (quotes doubled), else its text."""
    return "'" + str(value).replace("'", "''") + "'" if isinstance(value, str) else str(value)


def _label_factors(
    v: np.ndarray,
    x: np.ndarray,
    missing: np.ndarray,
    masks: list[tuple[object, np.ndarray]],
    decimals: int,
    upto: int,
) -> dict[object, float] | None:
    """Each label's factor on the first ``upto`` rows (every row: each label with ``MIN_PER_CATEGORY`` distinct
    numbers), or None where a label has none."""
    whole = upto >= len(v)
    out: dict[object, float] = {}
    for label, mask in masks:
        rows = mask[:upto] & ~missing[:upto]
        xs = x[:upto][rows]
        if whole and len(np.unique(xs)) < MIN_PER_CATEGORY:
            return None  # one number a label (a month's number per period): any value is it times something
        if not len(xs):
            continue
        f = factor_of(v[:upto][rows], xs, decimals)
        if f is None:
            return None
        out[label] = f
    return out


def find_factor_by_category(
    values: pl.Series,
    decimals: int,
    numbers: dict[str, pl.Series],
    categories: dict[str, pl.Series],
    *,
    whole: bool = False,
) -> tuple[str, str] | None:
    """``(SQL expression, evidence)`` when ``values`` is, on every row, a number ``a`` of ``numbers`` times a
    factor that a category of ``categories`` decides (a tax of a net amount at its region's rate, points at a
    tier's multiplier, a price per unit class; no column holds the factor), rounded to ``decimals``: ``ROUND(a *
    CASE WHEN c = 'GOLD' THEN 1.5 WHEN ... END, d)``, null where ``a`` or ``c`` is. Every value of ``c`` has
    ``MIN_PER_CATEGORY`` distinct numbers ``a`` or more and its own factor, two factors at least (one is a plain
    product with a constant, not a category's), ``MIN_APART`` rows neither 0 nor ``a``. A value the source has not
    is given the commonest value's factor. Tried on the first rows, then every row."""
    n = values.len()
    if n < MIN_ROWS or values.drop_nulls().n_unique() < 2:
        return None
    v, vnull = value_arrays(values)
    arrays = {a: value_arrays(s) for a, s in numbers.items() if s.len() == n and s.drop_nulls().n_unique() >= 2}
    for c, cat in categories.items():
        if cat.len() != n or not 2 <= cat.drop_nulls().n_unique() <= MAX_CATEGORIES:
            continue
        counts = cat.drop_nulls().value_counts(sort=True)
        if int(counts.get_column("count").min()) < MIN_PER_CATEGORY:  # type: ignore[arg-type]
            continue
        labels = counts.get_column(cat.name).to_list()
        masks = [(label, (cat == label).fill_null(False).to_numpy()) for label in labels]
        cnull = cat.is_null().to_numpy()
        for a, (x, xnull) in arrays.items():
            missing = xnull | cnull
            if not np.array_equal(vnull, missing) or int((~missing).sum()) < MIN_ROWS:
                continue
            if _label_factors(v, x, missing, masks, decimals, FIRST_LOOK) is None:
                continue
            factors = _label_factors(v, x, missing, masks, decimals, n)
            held = ~missing
            apart = held & (v != 0) & (v != x)
            if factors is None or len(set(factors.values())) < 2 or int(apart.sum()) < MIN_APART:
                continue
            whens = " ".join(f"WHEN {c} = {sql_literal(k)} THEN {f!r}" for k, f in factors.items())
            expr = f"ROUND({a} * CASE {whens} ELSE {factors[labels[0]]!r} END, {decimals})"
            expr = f"CAST({expr} AS BIGINT)" if whole else expr
            shown = ", ".join(f"{k}: {f!r}" for k, f in factors.items())
            why = (
                f"{a} x a factor {c} decides ({shown}) rounded to {decimals} decimals in all "
                f"{int(held.sum()):,} rows holding both (null where either is): a rate per category, not a "
                "number of its own"
            )
            return expr, why
    return None
