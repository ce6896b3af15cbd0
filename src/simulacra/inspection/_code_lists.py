"""A code list of numbers: a closed vocabulary whose values are integers (issue 13, learn73).

A type code 10/20/30/99, a status 1..6 with a rare 7, an ISO numeric country code, a reason 401/403/404/418 were
learned as numbers: a code under ``MIN_COUNT`` rows was left out or drawn "nearby", so samples held codes the source
never had (25, 402) and lost the rare ones. Like a text vocabulary (``_vocabulary``), a code names a class of
things and identifies no one; what tells it from a measure (an age, a quantity, an amount) is decided from the data
and the column's name:

- few integers for their rows (at least 3, at most ``FEW_CODES``, ``MIN_COUNT`` rows each on average), none
  negative, at least two held by ``MIN_COUNT`` or more rows, its rare codes in at most ``_RARE_SHARE`` of its rows;
- no word of its name speaks of a measure (``age``, ``quantity``, ``amount``, ``minutes``, ...);
- either a word of its name speaks of a code (``code``, ``type``, ``status``, ``country``, ...), or its values fill
  under half of the steps of their range, their frequent ones too (5 of 881 integers: a department's 110, 230,
  310, ...): a measure's values fill their range, on its step (ages 18..90, quarter hours 15..240).

Then every code is listed with its share (as the source's integers) and the spec marks it ``keep_rare``.
"""

from __future__ import annotations

import math
from functools import reduce

import polars as pl

from simulacra._rare import MIN_COUNT

from ._patterns import name_tokens
from ._vocabulary import FEW_CODES

__all__ = ["FILL_SHARE", "MEASURE_WORDS", "code_list", "fill_share"]

_RARE_SHARE = 0.1  # as a text vocabulary: a long tail of one-offs is no code list
FILL_SHARE = 0.5  # values filling under this share of their range's steps are codes, not a measure
#: column-name words that speak of a code: a class of things, not an amount of anything
_CODE_WORDS = {
    "code",
    "codes",
    "type",
    "status",
    "state",
    "kind",
    "class",
    "category",
    "cat",
    "reason",
    "country",
    "iso",
    "tier",
    "segment",
    "channel",
    "region",
    "zone",
    "mode",
    "method",
    "flag",
    "outcome",
    "result",
    "disposition",
}
#: column-name words that speak of a measure: its values are amounts, whatever their gaps
MEASURE_WORDS = {
    "age",
    "qty",
    "quantity",
    "count",
    "amount",
    "price",
    "cost",
    "fee",
    "total",
    "sum",
    "size",
    "weight",
    "height",
    "length",
    "width",
    "distance",
    "seconds",
    "minutes",
    "hours",
    "days",
    "nights",
    "weeks",
    "months",
    "years",
    "duration",
    "score",
    "rating",
    "units",
    "items",
    "seats",
    "rooms",
    "balance",
    "salary",
    "income",
    "rate",
    "percent",
    "pct",
}


def fill_share(values: list[int]) -> float:
    """The share of the steps of the values' range (their greatest common step) that they fill."""
    if len(values) < 2:
        return 1.0
    lo, hi = min(values), max(values)
    step = reduce(math.gcd, (v - lo for v in values)) or 1
    return len(values) / ((hi - lo) // step + 1)


def code_list(values: pl.Series, name: str) -> str | None:
    """The evidence that an integer column is a list of codes (see the module docstring), or None."""
    nonnull = values.drop_nulls()
    if not nonnull.dtype.is_integer() or nonnull.len() == 0:
        return None
    counts = nonnull.value_counts()
    codes = [int(v) for v in counts.get_column(nonnull.name).to_list()]
    n = counts.get_column("count").to_list()
    distinct, rows = len(codes), nonnull.len()
    frequent = [c for c, k in zip(codes, n, strict=True) if k >= MIN_COUNT]
    rare_rows = sum(k for k in n if k < MIN_COUNT)
    if not 3 <= distinct <= FEW_CODES or distinct * MIN_COUNT > rows or len(frequent) < 2 or min(codes) < 0:
        return None
    if rare_rows > _RARE_SHARE * rows:
        return None
    words = set(name_tokens(name))
    if words & MEASURE_WORDS:
        return None
    if named := sorted(words & _CODE_WORDS):
        why = f"named like a code ({'/'.join(named)})"
    elif (fill := fill_share(codes)) < FILL_SHARE and fill_share(frequent) < FILL_SHARE:
        why = f"its codes fill {fill:.0%} of the steps of their range {min(codes)}..{max(codes)}: not a measure"
    else:
        return None
    n_rare = sum(1 for k in n if k < MIN_COUNT)
    rare = f"{n_rare} of them in fewer than {MIN_COUNT} rows, {rare_rows} rows" if n_rare else "none rare"
    return (
        f"a code list ({distinct} integer codes for {rows:,} rows, {why}; {rare}): a code identifies no one, so "
        "every code is kept with its share"
    )
