"""A code whose last character is a check character of its digits (a meter serial ``E400037Y``: the letter is
``ABCDEFGHJKLMNPRSTUVWXYZ``[400037 mod 23]), drafted as the ``pattern``'s ``check`` (issue 13, found on the
energy-utility probe of ``benchmarks/heldout_utility.py``: drawn freely, 3-5% of sampled serials had the right
letter, 1 in 23).

Kept when, for the least modulus ``k`` (2..36) that fits, the last character is a function of the value's digits
before it ``mod k`` on every row, the ``k`` residues all occur and name ``k`` distinct characters (the alphabet, in
residue order), with at least ``MIN_PER_RESIDUE`` rows per residue and ``MIN_DISTINCT`` distinct digit runs per
residue: a last character drawn on its own agrees with one residue's first character about once in ``k`` rows,
so a few rows per residue already rule chance out.
"""

from __future__ import annotations

import polars as pl

__all__ = ["MIN_DISTINCT", "MIN_PER_RESIDUE", "find_check"]

MIN_PER_RESIDUE = 5
MIN_DISTINCT = 3
_MAX_K = 36
_MAX_DIGITS = 18  # digit runs read as one 64-bit number


def find_check(values: pl.Series) -> tuple[str, str] | None:
    """``(check characters, evidence)`` when the last character of every value is a check character of its
    digits (see the module docstring); None otherwise."""
    s = values.drop_nulls().cast(pl.String)
    if s.len() < MIN_PER_RESIDUE * 2:
        return None
    frame = pl.DataFrame({"v": s}).with_columns(
        pl.col("v").str.slice(-1).alias("last"),
        pl.col("v").str.slice(0, pl.col("v").str.len_chars() - 1).str.replace_all(r"\D", "").alias("digits"),
    )
    digits = frame.get_column("digits")
    if bool((digits.str.len_chars() == 0).any()) or bool((digits.str.len_chars() > _MAX_DIGITS).any()):
        return None
    frame = frame.with_columns(pl.col("digits").cast(pl.UInt64).alias("d"))
    n_last = frame.get_column("last").n_unique()
    for k in range(max(2, n_last), _MAX_K + 1):
        if s.len() < MIN_PER_RESIDUE * k:
            break
        per = frame.group_by(pl.col("d") % k).agg(
            pl.col("last").n_unique().alias("chars"),
            pl.col("last").first().alias("char"),
            pl.len().alias("rows"),
            pl.col("d").n_unique().alias("runs"),
        )
        if per.height != k or bool((per.get_column("chars") != 1).any()):
            continue
        if per.get_column("char").n_unique() != k:
            continue
        least_rows, least_runs = per.select(pl.col("rows").min(), pl.col("runs").min()).row(0)
        if int(least_rows) < MIN_PER_RESIDUE or int(least_runs) < MIN_DISTINCT:
            return None
        alphabet = "".join(per.sort("d").get_column("char").to_list())
        why = (
            f"the last character is {alphabet!r}[digits mod {k}] in all {s.len():,} values ({k} residues, each "
            f"{int(least_rows)}+ rows): a check character, not drawn"
        )
        return alphabet, why
    return None
