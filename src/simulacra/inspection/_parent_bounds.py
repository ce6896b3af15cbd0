"""A child's number bounded by a number of the row its key points to (issue 13): a match's attendance at most
its home team's stadium capacity, seats sold at most the aircraft's seats, a mark at most the exam's maximum.
Drafted as the check ``col <= fk.column`` (or ``>=``), which ``validate`` reads through the key; learned
without it, 35% of a football league's sampled matches drew more spectators than the stadium holds
(``benchmarks/heldout_league.py``).

Kept when every row holding both keeps the bound although, had the child's number and the parent's fallen
independently (each row's number against the parent values as the rows reference them), ``MIN_EXPECTED`` or
more rows would have broken it — so a bound the two ranges alone explain, or one the data breaks, is no rule;
nor a parent's number that is the total, largest or smallest of the children's (an invoice's total: a rule).
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["MIN_EXPECTED", "find_parent_bounds"]

MIN_EXPECTED = 3.0


def _chance_above(x: np.ndarray, y: np.ndarray) -> float:
    """Rows expected to have x > y, each x against a y drawn from all rows' y."""
    ys = np.sort(y)
    return float(np.searchsorted(ys, x, side="left").sum()) / len(ys)


def _agreeing(x: np.ndarray, y: np.ndarray) -> float:
    """The share of parents whose two numbers agree to a cent (totals of rounded amounts)."""
    ok = ~np.isnan(x) & ~np.isnan(y)
    return float(np.mean(np.abs(x[ok] - y[ok]) <= 0.01)) if ok.any() else 0.0


def find_parent_bounds(
    frame: pl.DataFrame, numbers: list[str], fk: str, parent: pl.DataFrame, key: str, parent_numbers: list[str]
) -> list[tuple[str, str, str, str]]:
    """``(column, op, parent column, evidence)``: ``op`` is ``<=`` or ``>=``, the check ``column op fk.parent``."""
    out: list[tuple[str, str, str, str]] = []
    if not numbers or not parent_numbers or fk not in frame.columns:
        return out
    pcols = [c for c in parent_numbers if c != key]
    joined = frame.select([fk, *numbers]).join(
        parent.select(pl.col(key).alias(fk), *[pl.col(c).alias(f"__p_{c}") for c in pcols]), on=fk, how="left"
    )
    # a parent's total, largest or smallest of a number of these rows (or its count of them) is their
    # aggregate, made after the children, not a bound on them
    nums = [x for x in frame.columns if x != fk and frame.schema[x].is_numeric()]
    aggs = (
        frame.group_by(fk)
        .agg(
            *[getattr(pl.col(x), f)().alias(f"__{f}_{x}") for x in nums for f in ("sum", "max", "min")],
            pl.len().alias("__len"),
        )
        .join(joined.select(fk, *[f"__p_{pc}" for pc in pcols]).unique(fk), on=fk, how="left")
    )
    made = [g for g in aggs.columns if g.startswith("__") and not g.startswith("__p_")]
    for c in numbers:
        for pc in pcols:
            p_values = aggs.get_column(f"__p_{pc}").cast(pl.Float64).to_numpy()
            if any(_agreeing(p_values, aggs.get_column(g).cast(pl.Float64).to_numpy()) >= 0.99 for g in made):
                continue
            both = joined.select(c, f"__p_{pc}").drop_nulls()
            if both.height < 2:
                continue
            x = both.get_column(c).cast(pl.Float64).to_numpy()
            y = both.get_column(f"__p_{pc}").cast(pl.Float64).to_numpy()
            for op, holds, chance in (
                ("<=", bool(np.all(x <= y)), _chance_above(x, y)),
                (">=", bool(np.all(x >= y)), _chance_above(-x, -y)),
            ):
                if holds and chance >= MIN_EXPECTED:
                    why = (
                        f"bounded by its parent's number: {c} {op} {fk}.{pc} in all {both.height:,} rows holding "
                        f"both (about {chance:,.0f} would break it were the two independent)"
                    )
                    out.append((c, op, pc, why))
    return out
