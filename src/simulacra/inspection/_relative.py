"""A column derived within its parent group from another column of the row, drafted as ``running_sum`` with
``relative_to`` (issue 13, found on the cycling database of ``benchmarks/learn96_fresh_db.py``: a result's
``gap`` ``+0:45`` is its ``finish_time`` less the best finish time of its stage; learned as a duration of its
own, 3% of sampled gaps were their stage's).

Within each parent (the table's context key), a column ``y`` equal, within its last decimal, to ``x - min(x)``
(``min``), ``max(x) - x`` (``max``), ``x / sum(x)`` (``total``: a share) or ``x`` less the group's first ``x`` in
the order of another column (``first``), for ``x`` a number or a duration (seconds): rounded half away from zero
to ``y``'s decimals on every row, or cut toward zero on every row (a gap of 45.9 s written ``+0:45``). Kept
when that holds on every row where either is written (nulls on the same rows), over at least ``MIN_ROWS`` rows
and ``MIN_PARENTS`` parents with two rows or more, with ``y`` not a copy of ``x`` and taking several values: a
column near the derivation (off by a unit on a few rows) or unrelated never meets it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from simulacra.spec.refs import sql_round
from simulacra.spec.window import relative_to_group

__all__ = ["MIN_PARENTS", "MIN_ROWS", "Relative", "find_relatives"]

MIN_ROWS = 30
MIN_PARENTS = 5  # parents with two rows or more
_EPS = 1e-6  # float error of a difference of parsed seconds (16330.4 - 16284.5)
_HOW = {
    "min": "less the least of its {p}",
    "max": "the greatest of its {p} less it",
    "total": "over the sum of its {p} (a share)",
    "first": "less the first of its {p} by {o}",
}


@dataclass(frozen=True)
class Relative:
    column: str
    of: str
    relative_to: str  # min | max | first | total
    order_by: str | None
    truncate: bool
    evidence: str


def _against(x: pl.Series, group: pl.Series, how: str, order: pl.Series | None) -> np.ndarray:
    """``x`` against its group (as :func:`simulacra.generation.columns.running_sum` makes it), floats, NaN where null."""
    f = pl.DataFrame({"v": x.cast(pl.Float64), "g": group, "r": np.arange(x.len())})
    if order is not None:
        f = f.with_columns(order.alias("o"))
    e = relative_to_group(how, pl.col("v"), "g", ["o", "r"] if order is not None else ["r"])
    return f.select(e.fill_null(float("nan"))).to_series().to_numpy().astype(np.float64)


def _fits(y: np.ndarray, v: np.ndarray, decimals: int) -> bool | None:
    """False: ``y`` is ``v`` rounded half away from zero to ``decimals``; True: cut toward zero; None: neither
    (on every row; ``y`` and ``v`` both finite)."""
    unit = 10.0**decimals
    tol = _EPS * np.maximum(1.0, np.abs(y) * unit)  # in units of the last decimal
    for cut in (False, True):  # rounded as the generator rounds it (the dialect's ROUND, or cut)
        made = pl.select(sql_round(pl.lit(pl.Series(v)), decimals, truncate=cut)).to_series().to_numpy()
        if bool(np.all(np.abs(made - y) * unit <= tol)):
            return cut
    return None


def find_relatives(
    frame: pl.DataFrame,
    fk: str,
    derived: dict[str, tuple[pl.Series, int]],
    sources: dict[str, pl.Series],
    orders: dict[str, pl.Series],
    parent: str = "parent",
) -> list[Relative]:
    """Columns of ``derived`` (name -> (values as numbers, decimals)) that are a column of ``sources`` (name ->
    numbers: a duration as seconds) against its ``fk`` group (see the module); ``orders`` (name -> sortable values)
    order ``first``. Each derived column is explained once, by the first source and derivation that fit
    (min, max, total, then first by each order in turn); a source is not itself explained by another."""
    if frame.height < MIN_ROWS or fk not in frame.columns:
        return []
    group = frame.get_column(fk)
    sizes = group.drop_nulls().value_counts().get_column("count")
    if int((sizes >= 2).sum()) < MIN_PARENTS or group.null_count():
        return []
    out: list[Relative] = []
    used: set[str] = set()
    for c, (ys, decimals) in derived.items():
        y = ys.cast(pl.Float64).fill_null(float("nan")).to_numpy()
        written = ~np.isnan(y)
        if written.sum() < MIN_ROWS or len(np.unique(y[written])) < 3:
            continue
        found = None
        for s, xs in sources.items():
            if s == c or s in used or xs.len() != frame.height:
                continue
            x = xs.cast(pl.Float64).fill_null(float("nan")).to_numpy()
            if not np.array_equal(np.isnan(x), ~written) or np.allclose(x[written], y[written], rtol=0, atol=_EPS):
                continue  # nulls elsewhere, or a copy
            tries: list[tuple[str, str | None]] = [("min", None), ("max", None)]
            if bool(np.all(x[written] >= 0)):
                tries.append(("total", None))
            tries += [("first", o) for o in orders if o not in (c, s) and orders[o].len() == frame.height]
            for how, o in tries:
                v = _against(xs, group, how, orders[o] if o else None)
                if not np.array_equal(np.isnan(v), ~written) or len(np.unique(np.round(v[written], 9))) < 3:
                    continue
                cut = _fits(y[written], v[written], decimals)
                if cut is not None:
                    found = (s, how, o, cut)
                    break
            if found:
                break
        if found is None:
            continue
        s, how, o, cut = found
        used.add(c)
        what = _HOW[how].format(p=f"{parent} group", o=o)
        rounding = f"cut to {decimals} decimals" if cut else f"to {decimals} decimals"
        why = f"{c} = {s} {what}, {rounding}, on all {int(written.sum())} rows"
        out.append(Relative(c, s, how, o, cut, why))
    return out
