"""A cost that is a row's quantity times a rate, where the quantity is the units a number started (a call's
started minutes, ``CEIL(duration_s / 60)``) or the rate holds for only some of the row's kinds (issue 13, the
mobile operator ``benchmarks/heldout_telecom.py``: a voice call's ``cost`` = its started minutes x its plan's
``per_min``, reached through its subscription; an SMS a fixed price; roaming minutes at one tariff). Learned as
a number of its own, 17% of sampled voice calls held their price.

``_products`` finds a product of two numbers that holds on every row; this module adds the two shapes it
cannot see, tried after it:

* **a product of started units** ``ROUND(CEIL(a / k) * r, d)``: ``a`` a number of the row (before the
  column), ``k`` 60 or 3600 (seconds or minutes to the minutes or hours begun), or 1 for a fractional number
  (a parcel's kilograms begun); ``r`` a number of the row (before it) or of its parent or grandparent (through
  the one key to each), held on every row as ``_products`` holds a product;
* **a rate per kind** ``CASE WHEN kind = 'voice' THEN ROUND(CEIL(duration_s / 60) * subscriptions.plans.per_min,
  2) WHEN kind = 'sms' THEN 0.1 ... END``: a label of the row or its parent (2..12 values, ``MIN_PER_LABEL``
  rows each, never null) splits the rows, and each value's rows hold one of: a constant; a quantity (a
  number of the row or its started units) times a rate column of the row or its ancestors; a quantity times
  a factor of its own (the shortest decimal that fits). At least one value is priced by a rate column, on
  ``MIN_PER_LABEL`` distinct quantities or more, and ``MIN_APART`` rows overall are neither 0 nor an
  operand. A value the source has not takes the commonest value's rule.

Every row must hold its rule (to the column's decimals): a column only correlated with a product, or priced
by a rule on most rows but not all, stays a number of its own, so the source always passes ``validate``
against its draft, which recomputes the expression on every row.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ._products import (
    FIRST_LOOK,
    MAX_CATEGORIES,
    MIN_APART,
    MIN_ROWS,
    factor_of,
    holds_on_rows,
    number_literal,
    sql_literal,
    value_arrays,
)

__all__ = ["MIN_PER_LABEL", "find_rate_by_label", "find_rate_product", "find_started_product", "quantities"]

MIN_PER_LABEL = 3  # rows of each label value (and distinct quantities of a value priced by a rate)
_UNITS = (60, 3600)  # a number of seconds (or minutes) to the minutes (or hours) begun
_FIRST_LOOK_PER_LABEL = 64  # a label value's rows tried first: a column no rule prices fails on the first few


def _is_fractional(s: pl.Series) -> bool:
    v = s.drop_nulls().cast(pl.Float64).to_numpy()
    return bool(len(v)) and not bool(np.all(v == np.floor(v)))


def quantities(own: dict[str, pl.Series], *, plain: bool) -> dict[str, pl.Series]:
    """The quantities a rate may price, keyed by their SQL: each number (``plain``), its units begun
    (``CEIL(a / 60)``, ``CEIL(a / 3600)``) where some value is above the unit, and ``CEIL(a)`` where it has
    fractions; only those of two values or more."""
    out: dict[str, pl.Series] = {}
    for a, s in own.items():
        x = s.cast(pl.Float64)
        if plain:
            out[a] = x
        if _is_fractional(s):
            out[f"CEIL({a})"] = x.ceil()
        top = x.drop_nulls().max()
        for k in _UNITS:
            if isinstance(top, float) and top > k:
                out[f"CEIL({a} / {k})"] = (x / k).ceil()
    return {q: s for q, s in out.items() if s.drop_nulls().n_unique() >= 2}


def _wrap(expr: str, whole: bool) -> str:
    return f"CAST({expr} AS BIGINT)" if whole else expr


def find_started_product(
    values: pl.Series, decimals: int, own: dict[str, pl.Series], rates: dict[str, pl.Series], *, whole: bool = False
) -> tuple[str, str] | None:
    """``(SQL expression, evidence)`` when ``values`` is, on every row holding both, ``CEIL(a / k) * r`` rounded
    to ``decimals`` (``own``: the row's numbers before it; ``rates``: those and its ancestors', keys SQL
    references), null or one constant where an operand is null; the first quantity and rate in order win."""
    if values.len() < MIN_ROWS or values.drop_nulls().n_unique() < 2:
        return None
    qs = quantities(own, plain=False)
    rs = {r: s for r, s in rates.items() if s.drop_nulls().n_unique() >= 2}
    pairs = [(q, r) for q in qs for r in rs if not q.startswith(f"CEIL({r}")]
    for look in (FIRST_LOOK, None):
        n = values.len() if look is None else min(look, values.len())
        v, vnull = value_arrays(values.head(n))
        kept = []
        for q, r in pairs:
            ok, default = holds_on_rows(
                v, vnull, *value_arrays(qs[q].head(n)), *value_arrays(rs[r].head(n)), 1.0, decimals
            )
            if ok:
                kept.append((q, r, default))
        if not kept:
            return None
        if n == values.len():
            q, r, default = kept[0]
            held = int((~(qs[q].is_null() | rs[r].is_null())).sum())
            expr = f"ROUND({q} * {r}, {decimals})"
            why = f"{q} x {r} rounded to {decimals} decimals in all {held:,} rows holding both"
            if default is not None:
                expr = f"COALESCE({expr}, {number_literal(default, decimals)})"
                why += f" ({number_literal(default, decimals)} where either is null)"
            return _wrap(expr, whole), f"{why}: the units begun times a rate, not a number of its own"
        pairs = [(q, r) for q, r, _ in kept]
    return None


def _close(v: np.ndarray, want: np.ndarray, decimals: int) -> bool:
    return bool(np.all(np.abs(v - want) <= 0.5 * 10.0**-decimals + 1e-9 * np.maximum(1.0, np.abs(want))))


def _branch(
    v: np.ndarray,
    qs: dict[str, tuple[np.ndarray, np.ndarray]],
    rs: dict[str, tuple[np.ndarray, np.ndarray]],
    decimals: int,
) -> tuple[str, str, int] | None:
    """The rule one label value's rows hold: ``(SQL, kind, rows neither 0 nor an operand)``, kind ``"rate"``
    (a quantity times a rate column), ``"factor"`` (times a factor of its own) or ``"constant"``; or None."""
    if bool(np.all(v == v[0])):
        return number_literal(float(v[0]), decimals), "constant", 0
    names = [r for r, (_, ynull) in rs.items() if not ynull.any()]
    rates = np.stack([rs[r][0] for r in names]) if names else np.empty((0, len(v)))
    tol = 0.5 * 10.0**-decimals
    for q, (x, xnull) in qs.items():
        if xnull.any() or len(np.unique(x)) < MIN_PER_LABEL:
            continue  # few quantities: any value is one of them times something
        products = x * rates  # every rate at once: a wide table's rates stay one operation a quantity
        fits = np.all(np.abs(v - products) <= tol + 1e-9 * np.maximum(1.0, np.abs(products)), axis=1)
        for i in np.flatnonzero(fits).tolist():
            r = names[i]
            if r != q and not q.startswith(f"CEIL({r}"):
                y = rates[i]
                apart = int(((v != 0) & (v != x) & (v != y)).sum())
                return f"ROUND({q} * {r}, {decimals})", "rate", apart
        f = factor_of(v, x, decimals)
        if f is not None:
            return f"ROUND({q} * {f!r}, {decimals})", "factor", 0
    return None


def find_rate_by_label(
    values: pl.Series,
    decimals: int,
    own: dict[str, pl.Series],
    rates: dict[str, pl.Series],
    labels: dict[str, pl.Series],
    *,
    whole: bool = False,
) -> tuple[str, str] | None:
    """``(SQL expression, evidence)`` when a label of ``labels`` splits the rows into values each priced by one
    rule (a constant, a quantity times a rate column of ``rates``, a quantity times a factor; quantities of
    ``own`` and their units begun), one value at least by a rate column: ``CASE WHEN label = ... THEN ... END``.
    ``values`` and the label are never null; tried on the first rows, then every row."""
    n = values.len()
    if n < MIN_ROWS or values.null_count() or values.drop_nulls().n_unique() < 3:
        return None
    qs_all = quantities(own, plain=True)
    rs_all = {r: s for r, s in rates.items() if s.drop_nulls().n_unique() >= 2}
    if not rs_all:
        return None
    for c, cat in labels.items():
        if cat.len() != n or cat.null_count() or not 2 <= cat.n_unique() <= MAX_CATEGORIES:
            continue
        counts = cat.value_counts(sort=True)
        if int(counts.get_column("count").min()) < MIN_PER_LABEL:  # type: ignore[arg-type]
            continue
        keys = counts.get_column(cat.name).to_list()
        found = _priced(values, decimals, cat, keys, qs_all, rs_all)
        if found is None:
            continue
        rules, apart = found
        kinds = [k for _, k, _ in rules.values()]
        if "rate" not in kinds or apart < MIN_APART:
            continue
        whens = " ".join(f"WHEN {c} = {sql_literal(k)} THEN {rules[k][0]}" for k in keys)
        expr = _wrap(f"CASE {whens} ELSE {rules[keys[0]][0]} END", whole)
        shown = "; ".join(f"{k}: {rules[k][0]}" for k in keys)
        why = (
            f"priced per {c} in all {n:,} rows ({shown}), rounded to {decimals} decimals: a rate looked up per "
            "kind, not a number of its own"
        )
        return expr, why
    return None


def _priced(
    values: pl.Series,
    decimals: int,
    cat: pl.Series,
    keys: list[object],
    qs_all: dict[str, pl.Series],
    rs_all: dict[str, pl.Series],
) -> tuple[dict[object, tuple[str, str, int]], int] | None:
    """Each label value's rule, found on its first rows and confirmed on all of them, and the rows neither 0
    nor an operand; None where a value holds no rule."""
    v_all = values.cast(pl.Float64).to_numpy()
    q_arr = {q: value_arrays(s) for q, s in qs_all.items()}
    r_arr = {r: value_arrays(s) for r, s in rs_all.items()}
    rules: dict[object, tuple[str, str, int]] = {}
    for k in keys:  # the commonest value first: most columns hold no rule there, and are let go at once
        rows = np.flatnonzero((cat == k).to_numpy())
        first = rows[:_FIRST_LOOK_PER_LABEL]
        rule = _branch(v_all[first], _at(q_arr, first), _at(r_arr, first), decimals)
        if rule is not None and len(first) < len(rows):  # held on the first rows: found again on all of them
            rule = _branch(v_all[rows], _at(q_arr, rows), _at(r_arr, rows), decimals)
        if rule is None:
            return None
        rules[k] = rule
    return rules, sum(a for _, _, a in rules.values())


def _at(arrays: dict[str, tuple[np.ndarray, np.ndarray]], rows: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {k: (x[rows], m[rows]) for k, (x, m) in arrays.items()}


def find_rate_product(
    values: pl.Series,
    decimals: int,
    own: dict[str, pl.Series],
    ancestors: dict[str, pl.Series],
    labels: dict[str, pl.Series],
    *,
    whole: bool = False,
) -> tuple[str, str] | None:
    """The units begun times a rate (``find_started_product``), else a rate per kind (``find_rate_by_label``):
    ``own`` the row's numbers before the column, ``ancestors`` its parents' and grandparents' (SQL references),
    ``labels`` the row's text before it and its parents'."""
    rates = {**own, **ancestors}
    found = find_started_product(values, decimals, own, rates, whole=whole)
    return found or find_rate_by_label(values, decimals, own, rates, labels, whole=whole)
