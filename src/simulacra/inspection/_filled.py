"""A number that is another number of its row where that one is present, else one constant (a flight's
``delay_min`` = ``delay_draw``, 0 where no delay was drawn), drafted as ``COALESCE(other, constant)`` (issue 13,
found on the regional airline of ``benchmarks/heldout_airline.py``: learned as a category of its own beside the
other, 58% of sampled flights had no delay against the source's 65%, and a delay could differ from the drawn
one).

Kept when, in every row, the column is not null, equals the other column where that one is present (at least
``MIN_EACH`` rows, two values or more) and one constant where it is not (at least ``MIN_EACH`` rows); the other
column comes before it in its table (an expression reads earlier columns). The first such column wins.
"""

from __future__ import annotations

import polars as pl

__all__ = ["MIN_EACH", "find_filled"]

MIN_EACH = 10


def find_filled(values: pl.Series, before: dict[str, pl.Series]) -> tuple[str, str] | None:
    """``(SQL expression, evidence)`` when ``values`` is one of ``before`` where present, else one constant."""
    if values.null_count() or not values.dtype.is_numeric():
        return None
    v = values.cast(pl.Float64)
    for ref, other in before.items():
        if not other.dtype.is_numeric() or other.len() != values.len():
            continue
        present = other.is_not_null()
        n_present, n_absent = int(present.sum()), int((~present).sum())
        if n_present < MIN_EACH or n_absent < MIN_EACH or other.drop_nulls().n_unique() < 2:
            continue
        if not bool((v.filter(present) == other.filter(present).cast(pl.Float64)).all()):
            continue
        rest = values.filter(~present)
        if rest.n_unique() != 1:
            continue
        k = rest[0]
        const = int(k) if float(k) == int(k) else float(k)
        why = (
            f"{ref} in all {n_present:,} rows holding it, {const} in the {n_absent:,} without: "
            "the other value with a default, not a number of its own"
        )
        return f"COALESCE({ref}, {const})", why
    return None
