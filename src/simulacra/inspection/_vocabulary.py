"""A closed vocabulary: a column of a few coded values whose rare ones are kept (issue 13, learn63).

A customer's ``status`` held ``fraud_hold`` and ``deceased`` in 3 rows each of 300; values under ``MIN_COUNT``
rows are never written, so the draft left them out, the samples held none (the source 2%) and the source failed
``validate`` against its own draft. A status, a type, a tier, a code list identifies no one by itself: what
makes a rare value identifying is a personal value (a surname, a free-text answer), which the profile already
sends to a fresh-value generator. Decided from the data only, a text category is a closed vocabulary when

- it has few values for its rows (at most ``FEW_CODES``, ``MIN_COUNT`` rows each on average: ``_spec``'s
  ``few``) and at least two values ``MIN_COUNT`` or more rows hold;
- every value is a code or a word: at most ``_MAX_WORDS`` words of letters, digits and ``_ - / . & +``, at most
  ``_MAX_CHARS`` characters (no sentence, no address);
- under half of its values are known first or last names (a column of a few surnames is not a vocabulary);
- its rare values fill at most ``_RARE_SHARE`` of its rows (a code list with a long tail of one-offs is not).

Then every value is listed with its share, rare ones too, and the spec marks it ``keep_rare`` so ``fit`` learns
them as categories of their own.
"""

from __future__ import annotations

import polars as pl

from simulacra._rare import MIN_COUNT

from ._patterns import name_share

__all__ = ["FEW_CODES", "closed_vocabulary"]

FEW_CODES = 20  # a text column with at most this many values, MIN_COUNT rows each on average, is a category
_MAX_WORDS = 3
_MAX_CHARS = 32
_RARE_SHARE = 0.1
_WORD = r"^[A-Za-z0-9][A-Za-z0-9_\-/.&+]*$"


def closed_vocabulary(values: pl.Series) -> str | None:
    """The evidence that a text column's values are a closed vocabulary (see the module docstring), or None."""
    nonnull = values.drop_nulls()
    if nonnull.dtype != pl.String or nonnull.len() == 0:
        return None
    counts = nonnull.value_counts(sort=True)
    vals = counts.get_column(nonnull.name).cast(pl.String)
    n = counts.get_column("count")
    distinct, rows = vals.len(), nonnull.len()
    rare = n < MIN_COUNT
    if distinct > FEW_CODES or distinct * MIN_COUNT > rows or int((~rare).sum()) < 2 or not bool(rare.any()):
        return None
    words = vals.str.strip_chars().str.split(" ")
    if not bool(
        (vals.str.len_chars() <= _MAX_CHARS).all()
        and (words.list.len() <= _MAX_WORDS).all()
        and words.list.eval(pl.element().str.contains(_WORD)).list.all().all()
    ):
        return None
    first, last, _ = name_share(vals)
    if max(first, last) >= 0.5:
        return None
    rare_rows = int(n.filter(rare).sum())
    if rare_rows > _RARE_SHARE * rows:
        return None
    return (
        f"a closed vocabulary ({distinct} values for {rows:,} rows, each a code or a word of at most {_MAX_WORDS} "
        f"words, {max(first, last):.0%} known names; {int(rare.sum())} of them in fewer than {MIN_COUNT} rows, "
        f"{rare_rows} rows): a status or a type identifies no one, so every value is kept with its share"
    )
