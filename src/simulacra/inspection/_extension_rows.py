"""Evidence, beyond its key's values, that a table keyed by its parent's key extends the parent's rows.

A table numbering its own rows ``1..m`` that lost some at random, and a table holding one row for a random share
of the parents (``stock`` for 70% of ``products``), hold the same key values: a random subset of ``1..n``. What
tells them apart lies elsewhere in the rows (``_keys._skips_parents`` asks for it where few keys are skipped):

* *row order* (``out_of_key_order``): a table's own counter numbers rows as they are inserted, so it stores them
  in key order (or in the order of another column it was exported by). Keys stored out of order, the rows sorted
  by no other column, came from elsewhere. Out of order: fewer than ``ASCENTS`` of the successive keys rise. In
  key order all rise; in a random order ``(k - 1) / 2 ± sqrt((k + 1) / 12)`` of ``k - 1`` do, so a random order
  reads as ordered with p ≈ 1e-4 at ``k = 20`` (``MIN_ROWS``) and less above.
* *the parent's row* (``relates_to_parent``): an extension describes its parent: its dates follow the parent's,
  its category repeats the parent's, its numbers follow the parent's. Two tables that both grow with their key
  (dates of insertion) are related through ``1..n`` alone, so a pairing is judged against the key's order:
  numbers (dates, counts, amounts) by the correlation of their ranks' successive differences in key order (a
  common trend adds a constant; for unrelated columns ``r ~ N(0, 1.5 / k)``, the differences of independent values
  being correlated -0.5 with their neighbours), text by how often a row repeats its own parent's value against
  how often it repeats the parents of its ``SHIFTS`` neighbours on each side (a binomial share). Each pair of
  columns tried must pass p < ``MAX_CHANCE`` divided by the number of pairs tried (Bonferroni).
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

__all__ = ["ASCENTS", "MAX_CHANCE", "MIN_ROWS", "out_of_key_order", "relates_to_parent"]

ASCENTS = 0.75  # share of successive keys rising below which rows are stored out of key order
MIN_ROWS = 20  # rows before row order or pairing is evidence (``_keys.VALUE_MIN_DISTINCT`` for key values)
MAX_CHANCE = 1e-6  # chance of a pairing as close between unrelated rows, over all column pairs tried
SHIFTS = 5  # neighbouring parents on each side a text value is compared with
_MAX_COLUMNS = 8  # columns of each table tried


def out_of_key_order(frame: pl.DataFrame, col: str) -> str | None:
    """Why ``col``'s values were not numbered by its own table as rows came (None: no evidence): its rows are
    stored out of key order, and in no other column's order either."""
    keys = frame[col].drop_nulls().to_numpy()
    if keys.size < MIN_ROWS:
        return None
    rising = float(np.mean(np.diff(keys) > 0))
    if rising >= ASCENTS:
        return None
    for other in frame.columns:
        s = frame[other].drop_nulls()
        if other != col and s.n_unique() > 1 and _sortable(s) and (s.is_sorted() or s.is_sorted(descending=True)):
            return None  # exported in another column's order: the storage order says nothing of the key
    return (
        f"its rows are stored out of key order ({100 * rising:.0f}% of successive keys rise) and in no other "
        "column's order (a table's own counter numbers rows as they come)"
    )


def _sortable(s: pl.Series) -> bool:
    return _kind(s) is not None


def _kind(s: pl.Series) -> str | None:
    if s.dtype.is_numeric() or s.dtype.is_temporal():
        return "number"
    if s.dtype in (pl.String, pl.Categorical):
        return "text"
    return None


def relates_to_parent(child: pl.DataFrame, ckey: str, parent: pl.DataFrame, pkey: str) -> str | None:
    """Why the child's rows describe the parent row of their key (None: no evidence): a column of the child
    follows a column of the parent row it joins, beyond what the key's order explains."""
    cols = [c for c in child.columns if c != ckey and _kind(child[c]) is not None][:_MAX_COLUMNS]
    pcols = [c for c in parent.columns if c != pkey and _kind(parent[c]) is not None][:_MAX_COLUMNS]
    pairs = [(c, p) for c in cols for p in pcols if _kind(child[c]) == _kind(parent[p])]
    if not pairs:
        return None
    left = child.select(pl.col(ckey).cast(pl.Int64).alias("__key"), *[pl.col(c).alias(f"c.{c}") for c in cols])
    right = parent.select(pl.col(pkey).cast(pl.Int64).alias("__key"), *[pl.col(p).alias(f"p.{p}") for p in pcols])
    joined = left.join(right, on="__key", how="inner").sort("__key")
    if joined.height < MIN_ROWS:
        return None
    bound = MAX_CHANCE / len(pairs)
    best: tuple[float, str] | None = None
    for c, p in pairs:
        both = joined.select(f"c.{c}", f"p.{p}").drop_nulls()
        if both.height < MIN_ROWS:
            continue
        a, b = both[f"c.{c}"], both[f"p.{p}"]
        chance, why = _numbers_follow(a, b) if _kind(a) == "number" else _text_repeats(a, b)
        if chance < bound and (best is None or chance < best[0]):
            best = (chance, f"{c} follows the parent's {p}: {why}")
    if best is None:
        return None
    return f"its rows describe their parent's: {best[1]} (p = {best[0]:.2g}, p < {bound:.2g} needed over {len(pairs)} column pairs)"


def _numbers_follow(a: pl.Series, b: pl.Series) -> tuple[float, str]:
    """(two-sided chance, words): the correlation of the ranks' successive differences in key order."""
    da = np.diff(a.to_physical().rank("average").to_numpy().astype(float))
    db = np.diff(b.to_physical().rank("average").to_numpy().astype(float))
    if da.std() == 0 or db.std() == 0:
        return 1.0, "no variation"
    r = float(np.corrcoef(da, db)[0, 1])
    z = abs(r) * math.sqrt(da.size / 1.5)
    return math.erfc(
        z / math.sqrt(2)
    ), f"successive differences in key order correlate r = {r:.2f} over {a.len():,} rows"


def _text_repeats(a: pl.Series, b: pl.Series) -> tuple[float, str]:
    """(one-sided chance, words): how often a row repeats its own parent's value, against its neighbours'."""
    x = a.cast(pl.String).to_numpy()
    y = b.cast(pl.String).to_numpy()
    k = x.size
    own = float(np.mean(x == y))
    shifted = [float(np.mean(x[s:] == y[:-s])) for s in range(1, SHIFTS + 1)]
    shifted += [float(np.mean(x[:-s] == y[s:])) for s in range(1, SHIFTS + 1)]
    base = min(max(float(np.mean(shifted)), 1.0 / k), 1.0 - 1.0 / k)
    z = (own - base) / math.sqrt(base * (1 - base) / k)
    return 0.5 * math.erfc(z / math.sqrt(2)), (
        f"{100 * own:.0f}% of {k:,} rows repeat their parent's value, {100 * base:.0f}% their neighbours' parents'"
    )
