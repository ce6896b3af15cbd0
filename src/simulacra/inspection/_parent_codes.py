"""A code a parent's column decides (issue 13, found on the energy utility of ``benchmarks/heldout_utility.py``).

A bill held ``days``, the number of days in its reading's month: a code of the parent reading's
``month_no``. Drafted as a category of its own, a sampled bill's days matched its month in 54-86% of bills
(as far as the learned context happened to carry the month). Within a table ``_lookups`` already drafts a
column another category decides; this finds the same through the row's parent: a complete column of the
parent with 2..``KEYS_MAX`` values, ``ROWS_PER_KEY`` child rows or more per value, that decides a learned
category of the child in >= 99% of rows (``find_functions_of``) — drafted as a ``lookup`` keyed on
``parent.column``.
"""

from __future__ import annotations

import polars as pl

from ._structure import find_functions_of

__all__ = ["find_parent_codes"]

KEYS_MAX = 50
ROWS_PER_KEY = 20
MODE_MAX = 0.9  # a column one value fills in this share of rows or more is decided by its mode alone


def find_parent_codes(
    child: pl.DataFrame, fk: str, parent: pl.DataFrame, parent_key: str, candidates: list[str], parent_name: str
) -> list[tuple[str, str, dict[str, object], object, str]]:
    """``(column, key 'parent.k', mapping, default, evidence)`` for candidates of ``child`` a column of its
    ``fk`` parent decides; the first parent column (in column order) that decides a candidate wins."""
    out: list[tuple[str, str, dict[str, object], object, str]] = []
    if fk not in child.columns or parent_key not in parent.columns or child.height == 0:
        return out
    cands = [
        c
        for c in candidates
        if c in child.columns
        and child.get_column(c).null_count() == 0
        and child.get_column(c).n_unique() >= 2
        and float(child.get_column(c).value_counts().get_column("count").max()) < MODE_MAX * child.height  # type: ignore[arg-type]
    ]
    if not cands:
        return out
    keys = [
        k
        for k in parent.columns
        if k != parent_key
        and (parent.schema[k].is_integer() or parent.schema[k] == pl.String)
        and parent.get_column(k).null_count() == 0
    ]
    if not keys:
        return out
    both = child.select(pl.col(fk).alias("__k"), *cands).join(
        parent.select(pl.col(parent_key).alias("__k"), *[pl.col(k).alias(f"__p_{k}") for k in keys]),
        on="__k",
        how="inner",
    )
    if both.height < child.height:  # a row without its parent: not a code of it
        return out
    done: set[str] = set()
    for k in keys:
        key = f"__p_{k}"
        n_keys = both.get_column(key).n_unique()
        if not 2 <= n_keys <= KEYS_MAX or both.height < ROWS_PER_KEY * n_keys:
            continue
        left = [c for c in cands if c not in done]
        for c, mapping, default, why in find_functions_of(both, key, left, what=f"{parent_name}.{k}"):
            why = why.replace(key, f"{parent_name}.{k}")
            out.append((c, f"{parent_name}.{k}", mapping, default, why))
            done.add(c)
    return out
