"""A code one piece of which is a part of its row's date (an order number ``CA-2021-100000`` whose year is the
row's ``Order Date``'s year), drafted as a ``case`` on that date part whose branches draw the code's pattern with
the part written in (issue 13, found as a new user on ``benchmarks/spreadsheet_exports.py``: drafted as a
pattern ``CA-202[1-3]-10####``, the sampled number's year was the order date's in 34% of rows, chance among
three years).

The values split the same way into runs of letters, of digits and of other characters; one run of digits equals,
in at least ``MIN_SHARE`` of rows, the row's date formatted as ``%Y%m%d``, ``%Y%m``, ``%Y``, ``%y`` or ``%m``.
The date part takes two to ``MAX_BRANCHES`` values; each becomes a branch ``STRFTIME(date, fmt) = 'value'``
whose pattern is the runs before it, the value, and the runs after it (each side learned as a pattern of its
own, a constant side written literally). The column's own draft (a pattern over all the values) stays the
``else`` branch for a date part the source never showed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

__all__ = ["FORMATS", "MAX_BRANCHES", "MIN_SHARE", "find_date_code"]

MIN_ROWS = 30
MIN_DISTINCT = 10
MIN_SHARE = 0.99
MAX_BRANCHES = 60
#: the date parts tried, the longest first (a run of 6 digits is ``%Y%m`` before anything shorter)
FORMATS = ("%Y%m%d", "%Y%m", "%Y", "%y", "%m")
_FINE = r"[A-Za-z]+|[0-9]+|[^A-Za-z0-9]+"


def _escaped(text: str) -> str:
    """Text the pattern language writes as it is (its drawn characters and brackets escaped)."""
    return "".join("\\" + ch if ch in "#?*{}[]\\" else ch for ch in text)


def _quoted(name: str) -> str:
    if name.isidentifier() and name.isascii():
        return name
    return '"' + name.replace('"', '""') + '"'


def find_date_code(
    values: pl.Series, dates: dict[str, pl.Series], pattern_of: Callable[[pl.Series], str]
) -> tuple[dict[str, Any], str] | None:
    """``(case column spec, evidence)`` when one run of digits of ``values`` (text) is a part of the row's date
    (``dates``: column name -> the row's date, aligned with ``values``) in at least ``MIN_SHARE`` of rows; None
    otherwise. ``pattern_of`` drafts a pattern from values (the inspector's own)."""
    if values.dtype != pl.String or values.null_count() or values.len() < MIN_ROWS:
        return None
    if values.n_unique() < MIN_DISTINCT or not dates:
        return None
    runs = values.str.extract_all(_FINE)
    n = runs.list.len()
    if n.n_unique() != 1 or int(n[0]) < 2:
        return None
    width = int(n[0])
    for i in range(width):
        run = runs.list.get(i)
        if not str(run[0]).isdigit() or run.n_unique() < 2:
            continue
        for name, day in dates.items():
            if day.null_count() == day.len():
                continue
            for fmt in FORMATS:
                part = day.dt.strftime(fmt)
                same = (part == run).fill_null(False)
                share = int(same.sum()) / same.len()
                if share < MIN_SHARE:
                    continue
                keys = sorted(str(k) for k in run.filter(same).unique().to_list())
                if not 2 <= len(keys) <= MAX_BRANCHES:
                    continue
                before = runs.list.slice(0, i).list.join("")
                after = runs.list.slice(i + 1, width).list.join("")
                head = _side(before, pattern_of)
                tail = _side(after, pattern_of)
                test = f"STRFTIME({_quoted(name)}, '{fmt}')"
                cases = [
                    {"when": f"{test} = '{k}'", "then": {"generator": "pattern", "pattern": head + k + tail}}
                    for k in keys
                ]
                why = (
                    f"its part {i + 1} is {name}'s {fmt} in {share:.1%} of {values.len():,} rows "
                    f"(e.g. {values[0]!r}): written from the row's date, {len(keys)} values"
                )
                return {"generator": "case", "cases": cases}, why
    return None


def _side(texts: pl.Series, pattern_of: Callable[[pl.Series], str]) -> str:
    """The pattern of the runs on one side of the date part: written literally when it is one text."""
    if texts.n_unique() == 1:
        return _escaped(str(texts[0]))
    return pattern_of(texts)
