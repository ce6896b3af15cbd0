"""Parent columns that are exactly an aggregate of their children: a customer's ``n_orders`` (a count),
an order's ``total`` (a sum of its lines, to the column's decimals), a student's ``last_exam`` (the latest
exam date). A reviewer checks these first (does the order's total add up?), so ``inspect`` drafts them as
``aggregate`` columns, which generation keeps exact, instead of numbers drawn on their own.

Only what holds on every parent row is drafted, with guards against coincidence: enough parents (20; a count
also on 5 to 19 when matching them all by chance is below 1e-6), at least half of them with children, several distinct values
(a count also with two — one meter or two per customer — under the same chance bound), and for min/max/mean some parents with two or more
children (else a single child's value would "explain" any column).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from simulacra._frames import stat

from ._spec import decimals_of

__all__ = ["Aggregate", "find_aggregates"]

MIN_PARENTS = 20  # fewer parent rows than this: too few to tell a rule from a coincidence
# ... but for a count: as few as MIN_SMALL_PARENTS when all of them matching by chance is below SMALL_CHANCE, each
# parent's value drawn from the column's shares (a library's 10 branches' n_events, 8 values: 2e-9; 7 parents
# with 7 values: 1.2e-6, not enough)
MIN_SMALL_PARENTS = 5
SMALL_CHANCE = 1e-6
MIN_WITH_CHILDREN = 0.5  # share of parents with children needed
MIN_DISTINCT = 3  # distinct values of the parent column needed
MIN_SEVERAL = 0.1  # min/max/mean: share of parents with two or more children needed
MAX_COPIED = 0.5  # max/min: children holding their parent's own value this often copy it (not aggregate it)


@dataclass(frozen=True)
class Aggregate:
    column: str  # the parent's column
    function: str  # count, sum, max, min, mean
    of: str | None  # the child's column (None for count)
    round: int | None  # decimals the parent column is written to (sum, mean of decimals)
    why: str


def find_aggregates(
    parent: pl.DataFrame,
    key: str,
    child: pl.DataFrame,
    fk: str,
    parent_columns: dict[str, pl.Series],
    child_columns: dict[str, pl.Series],
) -> list[Aggregate]:
    """The parent columns (numbers, or dates as ``Datetime``; given aligned to ``parent``'s rows) that equal
    an aggregate of the child columns (aligned to ``child``'s rows) over the children pointing at each
    parent row through ``fk``, on every parent row."""
    n = parent.height
    small = n < MIN_PARENTS  # a small parent (10 branches): only a count, and only one no coincidence explains
    if n < MIN_SMALL_PARENTS or child.height == 0 or not parent_columns:
        return []
    kids = pl.DataFrame({"_k": child.get_column(fk), **{f"_c_{c}": s for c, s in child_columns.items()}})
    aggs = [pl.len().alias("_n")]
    for c, s in child_columns.items():
        col = pl.col(f"_c_{c}")
        aggs += [col.max().alias(f"max|{c}"), col.min().alias(f"min|{c}")]
        if s.dtype.is_numeric():
            aggs += [col.sum().alias(f"sum|{c}"), col.mean().alias(f"mean|{c}")]
    grouped = kids.filter(pl.col("_k").is_not_null()).group_by("_k").agg(aggs)
    joined = (
        pl.DataFrame({"_k": parent.get_column(key)})
        .join(grouped, on="_k", how="left", maintain_order="left")
        .with_columns(pl.col("_n").fill_null(0))
    )
    counts = joined.get_column("_n").to_numpy()
    if (counts > 0).mean() < MIN_WITH_CHILDREN:
        return []
    several = (counts > 1).mean() >= MIN_SEVERAL
    # each child row's position among the parent rows, to compare a child's value with its parent's
    at = (
        pl.DataFrame({"_k": child.get_column(fk)})
        .join(
            pl.DataFrame({"_k": parent.get_column(key), "_i": np.arange(n)}), on="_k", how="left", maintain_order="left"
        )
        .get_column("_i")
    )
    out: list[Aggregate] = []
    for pc, values in parent_columns.items():
        # two values (one meter or two per customer): only a count, and only one no coincidence explains
        few = values.n_unique() < MIN_DISTINCT
        if values.n_unique() < 2:
            continue
        copied = {c for c, s in child_columns.items() if _copied_share(values, s, at) >= MAX_COPIED}
        found = _match(pc, values, joined, counts, {c: s for c, s in child_columns.items() if c not in copied}, several)
        if found is not None and (small or few):
            # each parent's value drawn from the column's own shares: all n equal to the counts by chance
            shares = values.value_counts(normalize=True).get_column("proportion")
            chance = float(np.exp(stat((shares * shares.log()).sum()) * n))  # the product of every row's share
            if found.function != "count" or chance >= SMALL_CHANCE:
                continue
            what = f"of only {n} parents" if small else f"{values.n_unique()} values"
            found = Aggregate(found.column, "count", None, None, f"{found.why}, {what}: by chance p < {SMALL_CHANCE:g}")
        if found is not None:
            out.append(found)
    return out


def _copied_share(values: pl.Series, child: pl.Series, at: pl.Series) -> float:
    """Share of child rows whose value is their parent's ``values`` (a course's credits on the passed
    enrolments: the parent is the source, the children copy it)."""
    if values.dtype != child.dtype and not (values.dtype.is_numeric() and child.dtype.is_numeric()):
        return 0.0
    mask = at.is_not_null()
    # on the children of parents with two or more, and a value other than 0: a lone child's value is its
    # parent's under a sum too, and so is a 0 among 0s (a bag's fee, its booking's bag fees: 60 and 60, 0 and
    # 0 and 0), so only siblings under a parent's non-zero value tell a copy from a total
    told = mask & at.is_in(at.value_counts().filter(pl.col("count") >= 2).get_column(at.name).implode())
    if values.dtype.is_numeric():
        told = told & (values.gather(at.fill_null(0).cast(pl.Int64)).cast(pl.Float64) != 0).fill_null(False)
    if int(told.sum()) >= 30:
        mask = told
    if not bool(mask.any()):
        return 0.0
    theirs = values.gather(at.filter(mask).cast(pl.Int64))
    mine = child.filter(mask)
    if theirs.dtype.is_numeric():
        theirs, mine = theirs.cast(pl.Float64), mine.cast(pl.Float64)
    return stat((theirs == mine).fill_null(False).mean())


def _match(
    pc: str,
    values: pl.Series,
    joined: pl.DataFrame,
    counts: np.ndarray,
    child_columns: dict[str, pl.Series],
    several: bool,
) -> Aggregate | None:
    n = len(values)
    if values.dtype.is_numeric():
        v = values.cast(pl.Float64)
        if _equal(v, pl.Series(counts.astype(np.float64)), 0):
            return Aggregate(pc, "count", None, None, f"equals the number of its children in all {n:,} rows")
        d = decimals_of(v)  # as the draft writes the column (one home: _spec)
        for fn in ("sum", "max", "min", "mean"):
            if fn != "sum" and not several:
                continue
            for c, s in child_columns.items():
                name = f"{fn}|{c}"
                if name not in joined.columns or not (s.dtype.is_numeric() and values.dtype.is_numeric()):
                    continue
                got = joined.get_column(name).cast(pl.Float64)
                if fn == "sum":
                    got = got.fill_null(0.0)
                if _equal(v, got, d):
                    rounded = d if fn in ("sum", "mean") and not (s.dtype.is_integer() and fn == "sum") else None
                    return Aggregate(pc, fn, c, rounded, f"equals the {fn} of its children's {c} in all {n:,} rows")
        return None
    if isinstance(values.dtype, pl.Datetime) and several:
        for fn in ("max", "min"):
            for c, s in child_columns.items():
                if not isinstance(s.dtype, pl.Datetime):
                    continue
                got = joined.get_column(f"{fn}|{c}")
                same = (values.is_null() & got.is_null()) | (values == got).fill_null(False)
                if bool(same.all()) and got.null_count() < n:
                    return Aggregate(pc, fn, c, None, f"equals the {fn} of its children's {c} in all {n:,} rows")
    return None


def _equal(a: pl.Series, b: pl.Series, decimals: int) -> bool:
    """Equal on every row (both null counts as equal), ``b`` rounded to ``decimals`` as the column is."""
    x = a.to_numpy()
    y = b.to_numpy()
    both_null = np.isnan(x) & np.isnan(y)
    ok = both_null | (np.abs(x - np.round(y, decimals)) <= 10.0 ** (-decimals) / 4)
    return bool(ok.all())
