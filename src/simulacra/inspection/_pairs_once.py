"""A pair of keys once per context parent (issue 13): one match per (season, home team, away team), one
enrolment per (term, student, course), one flight per (day, origin, destination). Drafted as
``unique: [parent_key, key_a, key_b]``; learned without it, 37% of a football league's sampled matches kept
their pairing once per season (``benchmarks/heldout_league.py``).

Kept when no (parent, a, b) repeats among the rows holding all three although, had the two keys fallen
independently by their own shares within the parents' numbers of rows, ``MIN_EXPECTED`` or more pairs of rows
would have repeated one (so a pair that merely rarely repeats, over large parents, is not made a rule); not
when a uniqueness of fewer of these columns already holds (a key once per parent implies it), nor when a
parent's rows take more than ``MAX_FILL`` of the pairs its values could form (a round robin: see there).
"""

from __future__ import annotations

import polars as pl

__all__ = ["MAX_FILL", "MIN_EXPECTED", "find_pairs_once"]

MIN_EXPECTED = 3.0
# a parent whose rows take more than this share of the pairs its keys' values could form is a schedule, not a
# rule a sampler keeps by moving keys: a double round robin takes every ordered pair of its teams once, and with
# a team once per day beside it the swaps left a few repeats (``sample`` refused the league); not drafted
MAX_FILL = 0.5


def _expected_repeats(both: pl.DataFrame, parent: str, a: str, b: str) -> float:
    """Pairs of rows of one parent that would share (a, b) had a and b fallen independently by their shares."""
    pa = both.get_column(a).value_counts(normalize=True).get_column("proportion")
    pb = both.get_column(b).value_counts(normalize=True).get_column("proportion")
    sizes = both.group_by(parent).len().get_column("len").cast(pl.Float64)
    pairs = float((sizes * (sizes - 1) / 2).sum())
    return pairs * float((pa * pa).sum()) * float((pb * pb).sum())


def find_pairs_once(
    frame: pl.DataFrame, parent: str, keys: list[str], *, full: list[tuple[str, str]] | None = None
) -> list[tuple[str, str, str]]:
    """``(a, b, evidence)`` for each pair of key columns (other than ``parent``) whose pair never repeats within
    a parent, where chance would have repeated ``MIN_EXPECTED`` or more, and neither key alone is once per parent
    nor the pair once over the whole table (those are their own, stronger rules). ``full``: pairs (sorted) of a
    drafted schedule, taken past ``MAX_FILL`` (a round robin, which ``sample`` builds whole)."""
    full_pairs = {tuple(sorted(p)) for p in full or []}
    out: list[tuple[str, str, str]] = []
    keys = [k for k in keys if k != parent and k in frame.columns]
    if parent not in frame.columns:
        return out
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            both = frame.select(parent, a, b).drop_nulls()
            n = both.height
            if n < 2 or both.is_duplicated().any():
                continue
            if not both.select(parent, a).is_duplicated().any() or not both.select(parent, b).is_duplicated().any():
                continue  # a key once per parent: the pair is once per parent because of it
            if not both.select(a, b).is_duplicated().any():
                continue  # once over the whole table: not a rule of the parent
            sizes = both.group_by(parent).agg(
                pl.len(), pl.col(a).n_unique().alias("na"), pl.col(b).n_unique().alias("nb")
            )
            fill = (sizes.get_column("len") / (sizes.get_column("na") * sizes.get_column("nb"))).max()
            if isinstance(fill, int | float) and fill > MAX_FILL and tuple(sorted((a, b))) not in full_pairs:
                continue
            expected = _expected_repeats(both, parent, a, b)
            if expected >= MIN_EXPECTED:
                why = (
                    f"a pair of keys once per parent: ({a}, {b}) never repeats within a {parent} in all {n:,} rows "
                    f"holding all three (about {expected:,.0f} pairs of rows would repeat one by chance)"
                )
                out.append((a, b, why))
    return out
