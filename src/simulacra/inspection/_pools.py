"""Personal values a few entities share: drafted as a pool of K fresh values (``pool: K``).

A shop's 600 orders by 10 customers: the customer's name is personal data (never copied), but that 10
customers share the orders, each with their share, is the data. The evidence is the towns rule's
(``_profile``): few distinct values, most rows in values seen at least ``MIN_COUNT`` times.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._frames import stat

from ._profile import MAX_CATEGORIES, MIN_COUNT

__all__ = ["CONCENTRATED", "SHARED", "name_concentration", "pool_of"]

#: the share of rows in values seen at least MIN_COUNT times that makes a pool
SHARED = 0.95


def pool_of(values: pl.Series) -> tuple[int, str] | None:
    """``(K, evidence)`` when ``values`` (non-null) are a few entities many rows share, else None."""
    if values.len() == 0:
        return None
    counts = values.value_counts().get_column("count")
    k = counts.len()
    shared = stat(counts.filter(counts >= MIN_COUNT).sum()) / values.len()
    if k < 2 or k > MAX_CATEGORIES or shared < SHARED:
        return None
    return k, (
        f"{k} distinct values, {100 * shared:.0f}% of the rows in values seen at least {MIN_COUNT} times: "
        f"a pool of {k} entities many rows share, each made as a fresh value (shares learned, no value copied)"
    )


#: a name column is drafted with ``distinct`` when its distinct values are fewer than this share of what as
#: many people of any supported locale would hold (the value engine's population pools): 100 surnames on 400
#: players, or five names for half the rows. A column of invented names as diverse as people's is drawn from
#: the pools as they are (their own concentration is a population's: ``values._names``)
CONCENTRATED = 0.8

_NAME_KINDS = ("first_name", "last_name")


@cache
def _name_probabilities(kind: str) -> tuple[NDArray[np.float64], ...]:
    """Per supported locale, each name's probability (read-only arrays: cached, shared by every column)."""
    from simulacra.values import SUPPORTED_LOCALES
    from simulacra.values._names import population_names

    out = []
    for locale in SUPPORTED_LOCALES:
        if kind == "last_name":
            p = np.asarray(population_names(locale, "last").weights, dtype=np.float64)
        else:  # either gender, evenly
            female, male = (population_names(locale, w).weights for w in ("first_female", "first_male"))
            p = np.concatenate([female, male]) / 2
        p.flags.writeable = False
        out.append(p)
    return tuple(out)


def expected_distinct(kind: str, rows: int) -> float:
    """The fewest distinct values ``rows`` draws of a name kind hold on average, over the supported locales."""
    return min(float(np.sum(1.0 - (1.0 - p) ** rows)) for p in _name_probabilities(kind))


def name_concentration(values: pl.Series, kind: str) -> tuple[dict[str, float | int], str] | None:
    """``({"distinct": K, "top_share": s}, evidence)`` when a name column (non-null values) repeats its names
    more than as many people would (see ``CONCENTRATED``), else None."""
    if kind not in _NAME_KINDS or values.len() < 20:
        return None
    counts = values.value_counts().get_column("count")
    k = counts.len()
    n = values.len()
    expected = expected_distinct(kind, n)
    if k >= CONCENTRATED * expected:
        return None
    top = round(stat(counts.max()) / n, 4)
    drawn = values_to_draw_from(k, n, top)
    return {"distinct": drawn, "top_share": top}, (
        f"{k} distinct names in {n} rows (the most common {100 * top:.1f}%), where {n} people hold about "
        f"{expected:.0f}: drawn from {drawn} fresh names (so that {n} rows hold about {k}), the most common at "
        "the source's share"
    )


def values_to_draw_from(k: int, n: int, top: float) -> int:
    """How many values ``n`` rows are drawn from (the first at share ``top``, the rest evenly) for them to hold
    ``k`` distinct values on average: rows repeat values by chance, so more than ``k`` where ``k`` is near ``n``."""
    if k <= 1:
        return 1
    rest, want = n * (1.0 - top), k - 1.0

    def held(m: float) -> float:  # distinct values among the others, m of them, on `rest` rows
        return m * -np.expm1(-rest / m)

    lo, hi = want, 50.0 * n
    if held(hi) < want:
        return int(round(hi)) + 1
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if held(mid) < want else (lo, mid)
    return int(round(hi)) + 1
