"""A category decided by bands of a number in its row: a letter grade by the score, ``passed`` by the
grade, a size class by the weight. Drafted on their own, the two pair at random (an "A" with 29 points);
``inspect`` drafts the category as a ``case`` on the number, exact on the source, so generation keeps it.

A band rule is read only where it holds on every row: sorted by the number, each value of the category
is one unbroken run (no number shared by two values), with enough rows per band and more distinct
numbers than bands (else any column "explains" a few rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

__all__ = ["Bands", "find_bands"]

MIN_ROWS = 50
MIN_PER_BAND = 5
MAX_BANDS = 12


@dataclass(frozen=True)
class Bands:
    column: str  # the category
    by: str  # the number
    cuts: list[tuple[Any, Any]]  # (lowest number of a band, its value), the bands above the first, ascending
    first: Any  # the value of the lowest band
    why: str


def find_bands(frame: pl.DataFrame, categories: list[str], numbers: list[str]) -> list[Bands]:
    """For each category column, the first number column whose bands decide it on every row."""
    out: list[Bands] = []
    if frame.height < MIN_ROWS:
        return out
    for c in categories:
        k = frame[c].n_unique()
        if not 2 <= k <= MAX_BANDS or frame[c].null_count():
            continue
        for x in numbers:
            if x == c or frame[x].null_count() or frame[x].n_unique() < 2 * k:
                continue
            found = _bands(frame.select(x, c), x, c, k)
            if found is not None:
                out.append(found)
                break
    return out


def _bands(pair: pl.DataFrame, x: str, c: str, k: int) -> Bands | None:
    # one value per number (a number shared by two values is no band rule), runs in the number's order
    per = pair.group_by(x).agg(pl.col(c).n_unique().alias("_n"), pl.col(c).first().alias(c)).sort(x)
    if int(per["_n"].max()) > 1:  # type: ignore[arg-type]
        return None
    runs = per.with_columns((pl.col(c) != pl.col(c).shift(1)).fill_null(True).cum_sum().alias("_run"))
    bands = runs.group_by("_run", maintain_order=True).agg(pl.col(x).min().alias("_lo"), pl.col(c).first().alias(c))
    if bands.height != k:  # a value in two runs: not bands
        return None
    sizes = pair[c].value_counts()
    if int(sizes["count"].min()) < MIN_PER_BAND:  # type: ignore[arg-type]
        return None
    values = bands[c].to_list()
    lows = bands["_lo"].to_list()
    cuts = list(zip(lows[1:], values[1:], strict=True))
    shown = ", ".join(f"{v!s} from {lo}" for lo, v in cuts)
    why = f"decided by {x} in all {pair.height:,} rows: {values[0]!s} below {lows[1]}, {shown}"
    return Bands(c, x, cuts, values[0], why)
