"""Periods of one parent that follow one another (issue 13): a customer's subscriptions, a property's tenancies,
an employee's job assignments, a patient's admissions — rows with a start and an end date whose periods never
overlap among one parent's rows, an open one (end null) only the last. Drafted as ``periods: [start, end]`` with
``per: [parent key]``, which ``sample`` keeps (``synth._following``) and ``validate`` checks; learned without it,
0.35 of a mobile operator's sampled customers held subscriptions that did not overlap
(``benchmarks/heldout_telecom.py``).

Kept when no two of a parent's periods overlap in the source (one may start the day another ends) although, had
the rows fallen to the parents at random (the parent column shuffled among the rows, seeded), ``MIN_EXPECTED`` or
more would have — so short periods far apart (a customer's calls with their end times) that no parent crowds
are no evidence, nor a parent of one row each. The end is on or after the start on every row holding both and
after it on some (a period, not an instant). Of several pairs of date columns, the one with most evidence.
"""

from __future__ import annotations

import numpy as np
import polars as pl

__all__ = ["MIN_EXPECTED", "find_following_periods"]

MIN_EXPECTED = 3.0
# the shuffles the evidence is the mean of (seeded: the same source drafts the same rule)
_SHUFFLES = 3
_SEED = 64


def _overlaps(parent: pl.Series, start: pl.Series, end: pl.Series) -> int:
    """Rows whose period starts before the one before it (by start) under the same parent ends, or after an
    open one (the rule of ``constraints.periods_bad``)."""
    d = pl.DataFrame({"p": parent, "s": start, "e": end}).filter(pl.col("p").is_not_null()).sort("p", "s")
    before = pl.col("e").shift(1).over("p")
    bad = (pl.int_range(pl.len()).over("p") > 0) & (before.is_null() | (pl.col("s") < before))
    return int(d.select(bad.sum()).item())


def find_following_periods(frame: pl.DataFrame, parent: str, dates: list[str]) -> list[tuple[str, str, str]]:
    """``(start, end, evidence)`` for at most one pair of ``dates`` (columns of ``frame``, temporal) whose
    periods follow one another under ``parent``, the pair with most evidence."""
    if parent not in frame.columns or frame.height < 2:
        return []
    keyed = frame.filter(pl.col(parent).is_not_null())
    if keyed.get_column(parent).n_unique() == keyed.height:  # a parent of one row each: nothing to follow
        return []
    best: tuple[float, str, str, str] | None = None
    rng = np.random.default_rng(_SEED)
    shuffles = [keyed.get_column(parent).gather(rng.permutation(keyed.height)) for _ in range(_SHUFFLES)]
    for a in dates:
        s = keyed.get_column(a)
        if s.null_count():  # a period without a start is no period to place
            continue
        for b in dates:
            if b == a or frame.schema[a] != frame.schema[b]:
                continue
            e = keyed.get_column(b)
            held = e.is_not_null()
            if (
                not held.any()
                or not (e.filter(held) >= s.filter(held)).all()
                or not (e.filter(held) > s.filter(held)).any()
            ):
                continue
            if _overlaps(keyed.get_column(parent), s, e):
                continue
            expected = sum(_overlaps(p, s, e) for p in shuffles) / _SHUFFLES
            if expected < MIN_EXPECTED or (best is not None and expected <= best[0]):
                continue
            parents = keyed.get_column(parent).n_unique()
            why = (
                f"{a}..{b}: no two of a {parent}'s {keyed.height} periods overlap ({parents} parents; an open one "
                f"the last), although {expected:.0f} would have, the rows shuffled among the parents"
            )
            best = (expected, a, b, why)
    return [] if best is None else [best[1:]]
