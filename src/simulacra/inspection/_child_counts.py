"""A parent's number of children that is one of its own numbers, or the sum of two (issue 13): a match's goal
rows are its home goals plus its away goals, an invoice's lines its ``n_lines``, a match's card rows its home
cards plus its away cards. Drawn from a learned count distribution, 9% of a sampled league's matches had
another number of goals than their score said; drafted as ``rows: {per: matches, equals: home_goals +
away_goals}`` the count is the parent's, exactly, and ``validate`` checks it.

Read over every parent row (a parent without children counts 0): a column, else a pair of columns whose sum,
equals the count on every parent, with at least ``MIN_PARENTS`` parents and ``MIN_VALUES`` distinct counts
(one count for all is a fixed count already, and says nothing of the columns). A parent's count or total of
its children drafted as an ``aggregate`` is left alone: it is made from the children, not before them.
"""

from __future__ import annotations

from itertools import combinations

import polars as pl

__all__ = ["find_agreeing_count", "find_child_count"]

MIN_PARENTS = 30  # parent rows before a count equal to their numbers is read as a rule
MIN_VALUES = 3  # distinct counts needed (1 or 2 values a coincidence can match)
MAX_COLUMNS = 24  # parent number columns tried (pairs of them: 276)


def _per_parent(child: pl.DataFrame, fk: str, parent: pl.DataFrame, key: str, weight: pl.Series | None) -> pl.Series:
    """Per parent row: its child rows (those where ``weight`` is true, when given); 0 for none."""
    w = pl.lit(1, dtype=pl.Int64) if weight is None else weight.fill_null(False).cast(pl.Int64)
    per = child.select(pl.col(fk), w.alias("__w")).group_by(fk).agg(pl.col("__w").sum().alias("__n"))
    if per.schema[fk] != parent.schema[key]:
        per = per.with_columns(pl.col(fk).cast(parent.schema[key], strict=False))
    return (
        parent.select(pl.col(key))
        .join(per, left_on=key, right_on=fk, how="left", maintain_order="left")
        .get_column("__n")
        .fill_null(0)
        .cast(pl.Int64)
    )


def _numbers(parent: pl.DataFrame, key: str, skip: set[str]) -> list[str]:
    return [c for c in parent.columns if c != key and c not in skip and parent.schema[c].is_integer()][:MAX_COLUMNS]


def find_child_count(
    child: pl.DataFrame, fk: str, parent: pl.DataFrame, key: str, skip: set[str]
) -> tuple[str, str] | None:
    """(expression, why) when each ``parent`` row's number of ``child`` rows (``fk`` -> ``key``) equals one of
    its integer columns or the sum of two (not ``key`` nor those in ``skip``), or None."""
    if parent.height < MIN_PARENTS or key not in parent.columns or fk not in child.columns:
        return None
    counts = _per_parent(child, fk, parent, key, None)
    if counts.n_unique() < MIN_VALUES:
        return None
    numbers = _numbers(parent, key, skip)
    values = {c: parent.get_column(c).cast(pl.Int64) for c in numbers}
    n, top = parent.height, int(counts.to_numpy().max())
    for c in numbers:
        if bool((values[c] == counts).fill_null(False).all()):
            return c, f"each of the {n:,} parents has as many rows as its {c} (0..{top}): kept exactly"
    for a, b in combinations(numbers, 2):
        if bool(((values[a] + values[b]) == counts).fill_null(False).all()):
            return (
                f"{a} + {b}",
                f"each of the {n:,} parents has as many rows as its {a} + {b} (0..{top}): kept exactly",
            )
    return None


def find_agreeing_count(
    child: pl.DataFrame, fk: str, parent: pl.DataFrame, key: str, agree: pl.Series, skip: set[str]
) -> tuple[str, str] | None:
    """(column, why) when each ``parent`` row's number of ``child`` rows where ``agree`` holds (a match's goals
    scored by its home team's players) equals one of its integer columns (``home_goals``), or None: the
    ``match_count`` of a key with ``match_else``."""
    if parent.height < MIN_PARENTS or key not in parent.columns or fk not in child.columns:
        return None
    counts = _per_parent(child, fk, parent, key, agree)
    if counts.n_unique() < MIN_VALUES:
        return None
    for c in _numbers(parent, key, skip):
        if bool((parent.get_column(c).cast(pl.Int64) == counts).fill_null(False).all()):
            return c, f"as many of each parent's rows agree as its {c} says, in all {parent.height:,} parents"
    return None
