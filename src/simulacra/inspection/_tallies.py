"""A summary table that agrees with its detail table: a column of one row per (season, team) that is the number
of the season's matches the team won, at home or away (issue 13).

The summary row is reached from a detail row through either of two (or more) keys into one table (a match's
``home_team_id`` or ``away_team_id``, a game's white or black player, an order's seller or buyer), within the
same context (the season: a column of each that points at one table, or shares its name); each side counts the
detail rows holding a condition of its own (``home_goals > away_goals`` at home, ``home_goals < away_goals``
away), or sums a column of its own (``home_goals`` at home, ``away_goals`` away: goals for). ``inspect`` drafts
it as a ``tally`` rule where it holds on every summary row, from the data alone:

* the summary's key and context columns name each row once (a summary, one row per team and season);
* at least ``MIN_ROWS`` summary rows and ``MIN_DISTINCT`` values of the column;
* every side counts some rows somewhere (else one key alone explains it);
* the column equal to it by chance, each row drawn from the column's own shares, below ``CHANCE``.

Conditions tried, in this order (the first pair of conditions that holds is drafted): every row; a comparison
of two of the detail row's numbers (``>``, ``=``, ``<``); a code of the row equal to one of its values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np
import polars as pl

from simulacra._frames import stat

__all__ = ["Tally", "find_tallies"]

MIN_ROWS = 20  # summary rows needed to tell a rule from a coincidence
MIN_DISTINCT = 3  # distinct values of the summary column needed
CHANCE = 1e-6  # the column equal to a tally by chance: below this
MAX_NUMBERS = 8  # detail numbers compared pairwise (the first ones)
MAX_CODES = 12  # a detail code with more values than this is no condition
MAX_SIDES = 3  # keys into one table (more: not tried)

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Tally:
    column: str  # the summary's column
    sides: list[dict[str, object]]  # each: match {summary column: detail column}, where / sum
    why: str


def _conditions(detail: pl.DataFrame, numbers: Sequence[str], codes: Sequence[str]) -> list[str | None]:
    out: list[str | None] = [None]
    nums = list(numbers)[:MAX_NUMBERS]
    for i, x in enumerate(nums):
        for y in nums[i + 1 :]:
            out += [f"{x} > {y}", f"{x} = {y}", f"{x} < {y}"]
    for c in codes:
        values = detail.get_column(c).drop_nulls().unique().sort().to_list()
        if 2 <= len(values) <= MAX_CODES:
            for v in values:
                literal = "'" + str(v).replace("'", "''") + "'" if isinstance(v, str) else str(v)
                out.append(f"{c} = {literal}")
    return out


def _vector(
    summary: pl.DataFrame, detail: pl.DataFrame, match: dict[str, str], where: str | None, total: str | None
) -> np.ndarray:
    """Per summary row: the detail rows equal on ``match`` holding ``where``, counted (or ``total`` summed)."""
    from simulacra._tally_rules import tally_values
    from simulacra.spec.model import ConstraintSpec, TallySide

    con = ConstraintSpec(table="s", tally="__v", of="d", sides=[TallySide(match=match, where=where, sum=total)])
    return tally_values(con, summary, detail).cast(pl.Float64).to_numpy()


def find_tallies(
    summary: pl.DataFrame,
    detail: pl.DataFrame,
    key: str,
    sides: Sequence[str],
    context: Sequence[tuple[str, str]],
    columns: Sequence[str],
    numbers: Sequence[str],
    codes: Sequence[str],
) -> list[Tally]:
    """The summary ``columns`` (integers) that equal, on every row, the count (or a sum) of the detail rows whose
    ``sides`` key (one of them: the home or the away team) is the row's ``key`` and whose ``context`` columns
    (summary column, detail column) equal the row's, each side with its own condition. ``numbers``: the detail's
    numbers (conditions compare them, sums add them); ``codes``: its codes (a condition takes one value)."""
    n = summary.height
    if n < MIN_ROWS or detail.height == 0 or not columns or not 1 <= len(sides) <= MAX_SIDES:
        return []
    mine = [key, *(s for s, _ in context)]
    if summary.select(mine).is_duplicated().any() or summary.select(mine).null_count().sum_horizontal().item():
        return []  # not one row per (key, context): no summary
    eligible: dict[str, np.ndarray] = {}
    for col in columns:  # the cheap guards first: no join is made for a table with no candidate
        values = summary.get_column(col)
        if values.null_count() or values.n_unique() < MIN_DISTINCT or not values.dtype.is_integer():
            continue
        shares = values.value_counts(normalize=True).get_column("proportion")
        if float(np.exp(stat((shares * shares.log()).sum()) * n)) < CHANCE:
            eligible[col] = values.cast(pl.Float64).to_numpy()
    if not eligible:
        return []
    matches = [{key: side, **dict(context)} for side in sides]
    every = [_vector(summary, detail, mt, None, None) for mt in matches]
    if not all(v.any() for v in every):  # a key that reaches no summary row: no side of it
        return []
    # a count is at most every row the keys reach: a column above it on some row is no count (and joins are saved)
    countable = {c for c, y in eligible.items() if bool((y >= 0).all() and (y <= sum(every)).all())}
    conds = _conditions(detail, numbers, codes) if countable else []
    counts = [[_vector(summary, detail, mt, c, None) for c in conds] for mt in matches] if countable else []
    sums = [[_vector(summary, detail, mt, None, v) for v in numbers] for mt in matches]
    out: list[Tally] = []
    for col, y in eligible.items():
        found = (_search(y, counts, conds, "where") if col in countable else None) or _search(
            y, sums, list(numbers), "sum"
        )
        if found is None:
            continue
        got, how = found
        drafted: list[dict[str, object]] = [
            {"match": mt, **({how: g} if g is not None else {})} for mt, g in zip(matches, got, strict=True)
        ]
        what = "count" if how == "where" else "sum"
        out.append(
            Tally(
                col,
                drafted,
                f"a summary of another table: {col} = the {what} of its rows through "
                f"{' or '.join(sides)} in all {n:,} rows (by chance p < {CHANCE:g})",
            )
        )
    return out


def _search(
    y: np.ndarray, vectors: list[list[np.ndarray]], labels: Sequence[str | None], how: str
) -> tuple[list[str | None], str] | None:
    """The first choice of one label per side whose vectors add up to ``y`` on every row, every side counting
    something somewhere (the last side looked up by what the others leave)."""
    if not labels or not vectors:
        return None
    last: dict[bytes, int] = {}
    for i, v in enumerate(vectors[-1]):
        if v.any():
            last.setdefault(v.astype(np.float64).tobytes(), i)
    for pick in product(range(len(labels)), repeat=len(vectors) - 1):
        if not all(vectors[s][i].any() for s, i in enumerate(pick)):
            continue
        rest = y.astype(np.float64)
        for side, i in enumerate(pick):
            rest = rest - vectors[side][i]
        j = last.get((rest + 0.0).tobytes())
        if j is not None:
            return [labels[i] for i in (*pick, j)], how
    return None
