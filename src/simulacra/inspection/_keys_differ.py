"""Two keys of a row into one table that never name the same row (issue 13): a match's home and away teams, a
transfer's payer and payee, a message's sender and recipient. Drafted as the check ``a <> b``; learned without
it, 5.5% of a football league's sampled matches were a team playing itself (``benchmarks/heldout_league.py``,
its first run).

Kept when no row holding both keys has them equal although, had the two fallen independently by their own
shares, ``MIN_EXPECTED`` or more rows would have (so two keys that merely rarely meet, over a large parent,
are not made a rule).
"""

from __future__ import annotations

import polars as pl

__all__ = ["MIN_EXPECTED", "find_keys_that_differ"]

MIN_EXPECTED = 3.0


def find_keys_that_differ(frame: pl.DataFrame, pairs: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """``(a, b, evidence)`` for each pair of key columns (both into one table) that never hold the same value
    on a row holding both, where chance would have given ``MIN_EXPECTED`` such rows or more."""
    out: list[tuple[str, str, str]] = []
    for a, b in pairs:
        both = frame.select(a, b).drop_nulls()
        n = both.height
        if n == 0 or int((both.get_column(a) == both.get_column(b)).sum()):
            continue
        pa = both.get_column(a).value_counts(normalize=True).rename({a: "v", "proportion": "pa"})
        pb = both.get_column(b).value_counts(normalize=True).rename({b: "v", "proportion": "pb"})
        meet = pa.join(pb, on="v", how="inner")
        expected = n * float((meet.get_column("pa") * meet.get_column("pb")).sum())
        if expected >= MIN_EXPECTED:
            why = (
                f"two keys to one table never name the same row: {a} <> {b} in all {n:,} rows holding both "
                f"(about {expected:,.0f} would be equal by chance)"
            )
            out.append((a, b, why))
    return out
