"""Integer columns that are the whole years between two dates: a patient's age at admission from the
patient's birth date (a parent's column) and the admission's date (a column of its own row), or both dates
in the same row. Drawn on its own such an age is uniform: 1% of a learned hospital's admissions kept their
patient's age, and a motorsport database had drivers aged -51 to 215 at their race (issue 13). ``inspect``
drafts it as an ``expression`` over the two dates, which generation computes exactly.

Two readings of "whole years" are tried, each as the SQL expression the draft would carry, evaluated on
the source itself (so what is found is what is generated): the calendar age (the year's difference, one
less before the birthday) and the floor of the days between them over 365.25. Guards against coincidence:
enough rows holding both dates, the column not constant (three or more values), and the expression holds
on at least 99.5% of the rows (a few mistyped ages do not hide the rule; the rest are made exact).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from simulacra.spec.refs import expression_for

__all__ = ["Age", "age_expressions", "find_age"]

MIN_ROWS = 30  # rows holding both dates needed before a column is said to be their difference in years
MIN_DISTINCT = 3  # distinct values of the column needed
MIN_SHARE = 0.995  # share of rows (of those holding both dates) the expression must hold on


@dataclass(frozen=True)
class Age:
    expr: str  # the SQL expression over the row (``parent.column`` for a parent's date)
    reading: str  # "calendar" or "days / 365.25"
    share: float  # share of rows holding both dates where the column equals it
    rows: int  # rows holding both dates


def age_expressions(born: str, on: str) -> dict[str, str]:
    """The expressions, by reading, for the whole years from ``born`` to ``on`` (SQL names, quoted as
    needed). A date-time is read by its date."""
    return {
        "calendar": (
            f"YEAR({on}) - YEAR({born}) - CASE WHEN STRFTIME({on}, '%m%d') < STRFTIME({born}, '%m%d') THEN 1 ELSE 0 END"
        ),
        "days / 365.25": (
            f"CAST(FLOOR((CAST(CAST({on} AS DATE) AS INT) - CAST(CAST({born} AS DATE) AS INT)) / 365.25) AS INT)"
        ),
    }


def find_age(values: pl.Series, frame: pl.DataFrame, born: str, on: str) -> Age | None:
    """The reading under which the integer ``values`` (aligned to ``frame``'s rows) are the whole years
    from ``frame[born]`` to ``frame[on]`` (both dates or date-times; ``born`` may be a dotted parent
    name), or None. The calendar age wins a tie (it is what a person's age means)."""
    if not values.dtype.is_integer() or values.drop_nulls().n_unique() < MIN_DISTINCT:
        return None
    both = frame.get_column(born).is_not_null() & frame.get_column(on).is_not_null()
    rows = int(both.sum())
    if rows < MIN_ROWS:
        return None
    best: Age | None = None
    for reading, expr in age_expressions(_quoted(born), _quoted(on)).items():
        # a first look at a few rows: most pairs of dates are not an integer's (a wide table has many)
        if rows > _PEEK and _share(values, frame, both, expr, _PEEK) < _PEEK_SHARE:
            continue
        share = _share(values, frame, both, expr, None)
        if share >= MIN_SHARE and (best is None or share > best.share):
            best = Age(expr, reading, share, rows)
    return best


_PEEK = 500  # rows holding both dates looked at first
_PEEK_SHARE = 0.9  # below this share on them the expression cannot reach MIN_SHARE on all rows (bar a fluke)


def _share(values: pl.Series, frame: pl.DataFrame, both: pl.Series, expr: str, head: int | None) -> float:
    """Share of the rows holding both dates (the first ``head`` of them) where ``values`` equals ``expr``."""
    at = both.arg_true()
    if head is not None:
        at = at.head(head)
    rows = frame[at].with_columns(values.gather(at).cast(pl.Int64).alias("_v"))
    got = rows.select((pl.col("_v") == expression_for(expr, frame.schema).cast(pl.Int64)).fill_null(False).mean())
    return float(got.item() or 0.0)


def _quoted(name: str) -> str:
    """A column name as the dialect reads it: a dotted parent reference stays as is (``quote_refs``
    quotes it), a plain identifier as is, anything else double-quoted."""
    if re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", name):
        return name
    return '"' + name.replace('"', '""') + '"'
