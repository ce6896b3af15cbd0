"""Structure within a parent: ranks (1..n per parent, in the order of another column) and uniqueness.

Both are judged on the rows of each *context* parent (the ``rows: {per: ...}`` parent):

* **rank**: an integer column whose values are exactly ``s, s+1, ..., s+n-1`` within the
  rows of at least ``SHARE`` of the parents that have two or more children (a finishing
  position per race, a line number per order). Its *order column* is the numeric or date
  column that, sorted within each parent, puts the ranks in order (nulls last) in at least
  ``SHARE`` of those parents (the winner has the best time); none when no column does.
* **a function of a rank**: a column with at most ``_MAX_LOOKUP`` values that one value of
  the rank decides in at least ``SHARE`` of the rows (points by finishing position) becomes
  a ``lookup`` keyed on the rank, so it follows the rank sampled.
* **unique within a parent**: a foreign key or a repeating integer/text column whose
  ``(parent, value)`` pairs never repeat, where repeats would be expected by chance
  (one driver once per race, one rating per user and film). Foreign keys become
  ``distinct: true``; other columns a ``unique: [parent key, column]`` constraint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from simulacra._frames import stat

__all__ = ["SHARE", "Rank", "find_functions_of", "find_ranks", "find_row_orders", "find_unique_within"]

SHARE = 0.99
_MIN_GROUPS = 10


@dataclass(frozen=True)
class Rank:
    column: str
    start: int
    by: str | None
    descending: bool
    evidence: str


def _groups_of_two(frame: pl.DataFrame, fk: str) -> pl.DataFrame:
    sizes = frame.group_by(fk).len()
    big = sizes.filter(pl.col("len") >= 2).get_column(fk)
    return frame.filter(pl.col(fk).is_in(big.implode()) & pl.col(fk).is_not_null())


def find_ranks(frame: pl.DataFrame, fk: str, candidates: list[str], order_candidates: list[str]) -> list[Rank]:
    """Rank columns among ``candidates`` (integers), each with its order column if one explains it."""
    sub = _groups_of_two(frame, fk)
    n_groups = sub.get_column(fk).n_unique() if sub.height else 0
    if n_groups < _MIN_GROUPS:
        return []
    out: list[Rank] = []
    for c in candidates:
        s = sub.get_column(c)
        if not s.dtype.is_integer() or s.null_count():
            continue
        g = sub.group_by(fk).agg(lo=pl.col(c).min(), hi=pl.col(c).max(), n=pl.len(), d=pl.col(c).n_unique())
        ok = (g["d"] == g["n"]) & (g["hi"] - g["lo"] + 1 == g["n"])
        starts = g.filter(ok).get_column("lo").value_counts(sort=True)
        if starts.height == 0:
            continue
        start = int(starts.get_column("lo")[0])
        share = stat((ok & (g["lo"] == start)).mean())
        if share < SHARE:
            continue
        by, desc, by_share = _order_column(sub, fk, c, [o for o in order_candidates if o != c])
        ev = f"a rank within each parent: {start}..n in {100 * share:.1f}% of {n_groups:,} parents with 2+ rows"
        if by is not None:
            ev += f"; ordered by {by} ({'descending' if desc else 'ascending'}, nulls last) in {100 * by_share:.1f}% of them"
        out.append(Rank(c, start, by, desc, ev))
    return out


def _order_column(sub: pl.DataFrame, fk: str, rank: str, cands: list[str]) -> tuple[str | None, bool, float]:
    best: tuple[str | None, bool, float] = (None, False, 0.0)
    ordered = sub.sort([fk, rank])
    for c in cands:
        s = ordered.get_column(c)
        if not (s.dtype.is_numeric() or s.dtype.is_temporal()) or s.null_count() == s.len():
            continue
        x = s.cast(pl.Float64, strict=False) if s.dtype.is_numeric() else s.to_physical().cast(pl.Float64)
        for desc in (False, True):
            filled = x.fill_null(float("-inf") if desc else float("inf"))
            f = pl.DataFrame({"g": ordered.get_column(fk), "x": filled})
            step = f.select((pl.col("x").diff().over("g") * (-1 if desc else 1)).alias("d"), pl.col("g"))
            bad = step.group_by("g").agg((pl.col("d") < 0).any().alias("bad"))
            share = stat((~bad.get_column("bad")).mean())
            if share > best[2]:
                best = (c, desc, share)
    return best if best[2] >= SHARE else (None, False, best[2])


def find_unique_within(frame: pl.DataFrame, fk: str, candidates: list[str]) -> list[tuple[str, str]]:
    """``(column, evidence)`` for candidates whose ``(fk, column)`` pairs never repeat although the
    column repeats across parents often enough that chance would repeat some pairs."""
    sub = _groups_of_two(frame, fk)
    if sub.height == 0 or sub.get_column(fk).n_unique() < _MIN_GROUPS:
        return []
    out: list[tuple[str, str]] = []
    for c in candidates:
        pairs = sub.select(fk, c).drop_nulls()
        if pairs.height < 20:
            continue
        distinct = pairs.get_column(c).n_unique()
        if distinct > pairs.height / 2:
            continue  # nearly unique anyway: no evidence of a rule
        repeats = pairs.height - pairs.unique().height
        if repeats:
            continue
        # expected repeated pairs if values fell independently of the parent (birthday bound per group)
        probs = pairs.get_column(c).value_counts(normalize=True).get_column("proportion")
        collide = float((probs**2).sum())
        sizes = pairs.group_by(fk).len().get_column("len")
        expected = float((sizes * (sizes - 1) / 2).sum()) * collide
        if expected < 3:
            continue
        out.append(
            (
                c,
                f"unique within each parent: no repeated ({fk}, {c}) pair in {pairs.height:,} rows "
                f"(about {expected:,.0f} expected by chance)",
            )
        )
    return out


_MAX_LOOKUP = 60


def find_functions_of(
    frame: pl.DataFrame, rank: str, candidates: list[str], *, what: str = "the rank"
) -> list[tuple[str, dict[str, object], object, str]]:
    """``(column, mapping rank -> value, default, evidence)`` for candidates the rank decides.

    ``what`` names the key in the evidence ("the rank", "plan").
    """
    out: list[tuple[str, dict[str, object], object, str]] = []
    n = frame.height
    if n == 0:
        return out
    for c in candidates:
        s = frame.get_column(c)
        if s.null_count() or s.n_unique() > _MAX_LOOKUP or s.n_unique() < 2:
            continue
        counts = frame.group_by(rank, c).len().sort([rank, "len", c], descending=[False, True, False])
        modes = counts.unique(subset=[rank], keep="first", maintain_order=True)
        share = float(modes.get_column("len").sum()) / n
        if share < SHARE:
            continue
        default = s.mode().sort()[0]
        mapping = {
            str(k): v
            for k, v in zip(modes.get_column(rank).to_list(), modes.get_column(c).to_list(), strict=True)
            if v != default
        }
        out.append(
            (
                c,
                mapping,
                default,
                f"decided by {rank} in {100 * share:.1f}% of rows: a lookup on {what} "
                f"({len(mapping)} values, else {default})",
            )
        )
    return out


_ORDER_MIN_ROWS = 30  # rows holding both values before an order between two columns is believed


def _tokens(name: str) -> set[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return {w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if len(w) > 1}


def _alike(x: pl.Series, y: pl.Series) -> bool:
    """Whether two number columns measure on one scale: their middle 90% overlap by half the narrower."""
    lo = max(float(x.quantile(0.05) or 0), float(y.quantile(0.05) or 0))
    hi = min(float(x.quantile(0.95) or 0), float(y.quantile(0.95) or 0))
    narrower = min(
        float(x.quantile(0.95) or 0) - float(x.quantile(0.05) or 0),
        float(y.quantile(0.95) or 0) - float(y.quantile(0.05) or 0),
    )
    return narrower > 0 and hi - lo >= 0.5 * narrower


def find_row_orders(values: dict[str, pl.Series]) -> list[tuple[str, str, str]]:
    """``(earlier, later, evidence)`` for column pairs ordered in every row (a signup before a last login).

    ``values`` holds comparable series (dates and date/times as date/times, numbers as floats) of
    one table, in column order. An order is kept when every row holding both values has
    ``earlier <= later``, at least 30 rows do, and the ranges overlap (else the order follows from
    the bounds already: an age and an income); it says nothing where the columns are equal in every
    row. Numbers must also be alike — a shared word in their names (``total_bedrooms``,
    ``total_rooms``) or middle 90% ranges overlapping by half — so that rooms and a house's price,
    ordered only because one counts and the other costs, are not tied. Orders implied by two
    others (a <= b <= c gives a <= c) are left out.
    """
    names = list(values)
    found: dict[tuple[str, str], str] = {}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            both = pl.DataFrame({"a": values[a], "b": values[b]}).drop_nulls()
            if both.height < _ORDER_MIN_ROWS:
                continue
            x, y = both.get_column("a"), both.get_column("b")
            if bool((x == y).all()):
                continue
            if x.dtype.is_numeric() and not (_tokens(a) & _tokens(b) or _alike(x, y)):
                continue
            for lo, hi, s_lo, s_hi in ((a, b, x, y), (b, a, y, x)):
                if bool((s_lo <= s_hi).all()) and s_lo.max() > s_hi.min():  # type: ignore[operator]
                    found[(lo, hi)] = (
                        f"{lo} <= {hi} in all {both.height:,} rows holding both "
                        f"({int((s_lo < s_hi).sum()):,} strictly), although their ranges overlap"
                    )
    implied = {(a, c) for (a, b) in found for (b2, c) in found if b == b2 and (a, c) in found}
    return [(a, b, why) for (a, b), why in found.items() if (a, b) not in implied]
