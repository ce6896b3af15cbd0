"""A balance that is the running sum of a change column within its parent (a pupil's fees owed, an account's
balance after each transaction), drafted as ``running_sum`` (issue 13, found on the school database of
``benchmarks/heldout_school.py``: learned as a number of its own, 0.5% of sampled balances were their
parent's running total).

Within each parent, rows in the order of a date (or number) column of the row, then row order (or in row
order alone): each balance minus the one before is the row's change, ``+change`` or ``-change`` — one sign for
every row, or one per category of a column of the row (a withdrawal subtracts, a credit adds) — and every
parent's first balance minus its first change is the same start, or a number of the parent (a meter's register
starts at the meter's ``initial_read``, found on the energy-utility probe of ``benchmarks/heldout_utility.py``:
learned as a number of its own, 41% of sampled registers went down). Kept when that holds on every row (within
the balance's last decimal), over at least ``MIN_ROWS`` rows after a parent's first and ``MIN_PARENTS``
parents with two rows or more: a column that is not a running total never meets it by chance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

__all__ = ["MIN_PARENTS", "MIN_ROWS", "RunningSum", "find_running_sums"]

MIN_ROWS = 30  # rows after a parent's first, where a change is checked
MIN_PARENTS = 5  # parents with two rows or more
MAX_CATEGORIES = 12  # values of a column deciding the sign


@dataclass(frozen=True)
class RunningSum:
    column: str
    of: str  # SQL over the row: the change
    start: float | str  # a number, or the parent's column (SQL) every parent's run starts at
    order_by: str | None
    evidence: str


def _sql(name: str) -> str:
    return name if name.isidentifier() else '"' + name.replace('"', '""') + '"'


def _quote(value: object) -> str:
    return str(value) if isinstance(value, (int, float)) else "'" + str(value).replace("'", "''") + "'"


def _signs(d: np.ndarray, a: np.ndarray, tol: float) -> np.ndarray | None:
    """Each row's sign: +1, -1, or 0 (either: a zero change); None when a row's step is neither."""
    plus = np.abs(d - a) <= tol
    minus = np.abs(d + a) <= tol
    if not bool(np.all(plus | minus)):
        return None
    return np.where(plus & minus, 0, np.where(plus, 1, -1))


def find_running_sums(
    frame: pl.DataFrame,
    fk: str,
    balances: dict[str, int],
    changes: list[str],
    orders: list[str],
    categories: list[str],
    parents: dict[str, pl.Series] | None = None,
) -> list[RunningSum]:
    """Running sums among ``balances`` (column -> its decimals) of a change in ``changes``, per ``fk`` parent,
    ordered by one of ``orders`` (tried first, in turn) or row order; the sign by one of ``categories`` when
    it is not the same on every row. A balance is explained once, by the first change and order that fit.
    ``parents``: the parent's numbers aligned with the rows (keys are SQL references, ``meters.initial_read``),
    each a start when the parents' starts differ."""
    if frame.height < MIN_ROWS + MIN_PARENTS or fk not in frame.columns:
        return []
    ups = {f"__up{i}": (ref, v) for i, (ref, v) in enumerate((parents or {}).items()) if v.len() == frame.height}
    base = frame.with_row_index("__row").with_columns([v.alias(k) for k, (_, v) in ups.items()])
    out: list[RunningSum] = []
    for b, decimals in balances.items():
        tol = 10.0**-decimals * 1.01 if decimals else 1e-9
        found = None
        for order in [*orders, None]:
            if order in (b, fk):
                continue
            keys = [fk, order, "__row"] if order else [fk, "__row"]
            work = base.filter(pl.col(fk).is_not_null()).sort(keys, nulls_last=True)
            first = (pl.col(fk) != pl.col(fk).shift(1)).fill_null(True)
            work = work.with_columns(first.alias("__first"), (pl.col(b) - pl.col(b).shift(1)).alias("__d"))
            if work.get_column(b).null_count():
                break
            later = work.filter(~pl.col("__first"))
            groups = int(later.get_column(fk).n_unique())
            if later.height < MIN_ROWS or groups < MIN_PARENTS:
                break
            d = later.get_column("__d").cast(pl.Float64).to_numpy()
            for a in changes:
                if a in (b, fk, order) or later.get_column(a).null_count() or work.get_column(a).null_count():
                    continue
                av = later.get_column(a).cast(pl.Float64).to_numpy()
                signs = _signs(d, av, tol)
                if signs is None:
                    continue
                of = _of(a, signs, later, categories)
                if of is None:
                    continue
                expr, sign_of = of
                heads = work.filter(pl.col("__first"))
                s0 = sign_of(heads)
                starts = (
                    heads.get_column(b).cast(pl.Float64).to_numpy()
                    - s0 * heads.get_column(a).cast(pl.Float64).to_numpy()
                )
                if not len(starts):
                    continue
                start: float | str
                if float(np.ptp(starts)) <= tol:
                    start = round(float(np.median(starts)), decimals)
                    said = f"{start:g}"
                else:
                    up = _parent_start(starts, heads, ups, tol)
                    if up is None:
                        continue
                    start = said = up
                why = (
                    f"{b} is {said} plus the running sum of {expr} within each {fk}, "
                    + (f"in {order} order" if order else "in row order")
                    + f", in all {later.height + heads.height:,} rows ({groups:,} {fk}s with two rows or more)"
                )
                found = RunningSum(b, expr, start, order, why)
                break
            if found is not None:
                break
        if found is not None:
            out.append(found)
    return out


def _parent_start(
    starts: np.ndarray, heads: pl.DataFrame, ups: dict[str, tuple[str, pl.Series]], tol: float
) -> str | None:
    """The parent's number (its SQL reference) equal to every parent's start, None when none is."""
    for k, (ref, _) in ups.items():
        v = heads.get_column(k)
        if v.null_count() or not v.dtype.is_numeric():
            continue
        if bool(np.all(np.abs(v.cast(pl.Float64).to_numpy() - starts) <= tol)):
            return ref
    return None


def _of(
    a: str, signs: np.ndarray, rows: pl.DataFrame, categories: list[str]
) -> tuple[str, Callable[[pl.DataFrame], np.ndarray]] | None:
    """The change as SQL and a function giving its sign on other rows: ``a``, ``-a``, or a ``CASE`` on the
    category deciding the sign; None when no category does."""
    fixed = signs[signs != 0]
    if not len(fixed) or bool(np.all(fixed == 1)):
        return _sql(a), lambda r: np.ones(r.height)
    if bool(np.all(fixed == -1)):
        return f"-{_sql(a)}", lambda r: -np.ones(r.height)
    for c in categories:
        if c == a or c not in rows.columns:
            continue
        values = rows.get_column(c)
        if values.null_count() or values.n_unique() > MAX_CATEGORIES:
            continue
        f = pl.DataFrame({"c": values, "s": signs}).filter(pl.col("s") != 0)
        per = f.group_by("c").agg(pl.col("s").min().alias("lo"), pl.col("s").max().alias("hi"))
        if bool((per.get_column("lo") != per.get_column("hi")).any()):
            continue
        minus = sorted(per.filter(pl.col("lo") == -1).get_column("c").to_list())
        listed = ", ".join(_quote(v) for v in minus)
        expr = f"CASE WHEN {_sql(c)} IN ({listed}) THEN -{_sql(a)} ELSE {_sql(a)} END"

        def sign_of(r: pl.DataFrame, c: str = c, minus: list[object] = minus) -> np.ndarray:
            return np.where(r.get_column(c).is_in(minus).to_numpy(), -1.0, 1.0)

        return expr, sign_of
    return None
