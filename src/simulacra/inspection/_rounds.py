"""Dates that fall into rounds, shown in the draft (issue 13): a league's matchday played over a weekend, a
tournament's round on one day, a monthly round spread over a week.

``fit`` learns the rounds from the data (``simulacra._round_dates``), and the draft writes that as the date's
rule, ``rounds: {by: matchday}``, for the reviewer to keep, point at another round column, or turn off
(``rounds: false``); the date column's comment and description say which column is the round, how long a round
lasts, how far apart rounds start, and on which weekdays. The finding is the fit's
own (``learn_round_dates`` on the source rows, grouped by the context parent), on the columns fit would read it
from: a learned date that no other date of its row is placed from, and a learned integer that is no key. Which
columns fit learns is asked of fit's own decision (``simulacra._learned_kinds``), not restated here.
"""

from __future__ import annotations

import calendar
from typing import Any

import numpy as np
import polars as pl

from simulacra._learned_kinds import learned_kind
from simulacra._round_dates import learn_round_dates

__all__ = ["describe_rounds"]


def _days(values: list[float]) -> str:
    v = float(np.median(values)) if values else 0.0
    n = f"{v:g}"
    return f"{n} day" if n == "1" else f"{n} days"


def describe_rounds(
    frame: pl.DataFrame,
    parent: str,
    parent_table: str,
    dates: dict[str, pl.Series],
    keys: set[str],
    cols: dict[str, Any],
    constraints: list[dict[str, Any]],
) -> dict[str, tuple[str, str]]:
    """Per date column of ``frame`` whose rows fall into rounds within the ``parent`` key: the round column
    (the rule's ``by``) and the sentence that says so. ``dates``: the frame's dates read as dates (text in the source parsed); ``keys``: key columns."""
    # a date another date of its row is placed from, or placed from one (``after: ship_date``, a check a <= b
    # between two of its dates): fit learns it as a distance, never in rounds
    ordered: set[str] = set()
    for c, spec in cols.items():
        after = spec.get("after")
        if isinstance(after, str) and "." not in after:
            ordered |= {c, after}
    for con in constraints:
        check = con.get("check")
        if isinstance(check, str):
            ordered |= {c for c in dates if c in check.replace("(", " ").replace(")", " ").split()}
    # the columns fit learns, as fit decides it; a pooled column (``pool: K``) fit learns as its slots' labels
    # (text), never an integer round
    learned = {
        c: kind
        for c, spec in cols.items()
        if (kind := learned_kind(spec)) is not None and spec.get("pool") is None and c in frame.columns
    }
    typed = {
        c: s.dt.date() if s.dtype == pl.Datetime else s
        for c, s in dates.items()
        if learned.get(c) == "date" and c not in ordered
    }
    if not typed or parent not in frame.columns:
        return {}
    work = frame.with_columns([s.alias(c) for c, s in typed.items()])
    kinds = {c: "date" for c in typed} | {
        c: kind
        for c, kind in learned.items()
        if kind not in ("date", "datetime") and c not in keys and frame.schema[c].is_integer()
    }
    key = work.get_column(parent)
    pidx = (key.rank("dense").cast(pl.Int64) - 1).fill_null(-1).to_numpy()
    out: dict[str, tuple[str, str]] = {}
    # no seed: fit learns the rounds from the source alone (``_round_dates._LEARN_SEED``), so what is said here
    # is what fit learns with any seed
    for rd in learn_round_dates(work, kinds, pidx, exclude=keys):
        spans = [max(p) for p in rd.patterns if p]
        when = ""
        if rd.weekdays:
            when = ", starting on " + " or ".join(calendar.day_name[d] for d in rd.weekdays)
        apart = f", after the round before has ended (at least {rd.gap} day(s) between)" if rd.apart else ""
        out[rd.column] = (
            rd.round,
            f"in rounds of {rd.round} within each {parent_table} row: a round's dates span a median "
            f"{_days([float(s) for s in spans])}, each round starts a median {_days([rd.step])} after the one "
            f"before{when}{apart}; fit learns the rounds from the data (the rule 'rounds: {{by: {rd.round}}}'; "
            "'rounds: false' turns them off) and places each sampled round's dates together",
        )
    return out
