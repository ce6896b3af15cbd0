"""A schedule within a parent (issue 13): two keys of a row into one table (a match's home and away teams, a
game's two players, a flight's origin and destination) where an entity stands in either key at most once per
round of the parent (a team plays once per season and matchday, a player once per tournament round). Drafted as
``once: [home_team_id, away_team_id]`` with ``per: [season_id, matchday]`` (``per: [match_date]`` when the
round alone is enough); learned without it, 30% of a football league's sampled team-matchdays held one team
once (``benchmarks/heldout_league.py``).

Kept when no entity repeats in a round among the rows holding the keys and the round although, had the
entities fallen independently by their own shares within the rounds' numbers of rows, ``MIN_EXPECTED`` or
more pairs of appearances would have repeated one (so a pair of keys that merely rarely meets, over large
rounds, is not made a rule; a round of one row each, a row id, gives no evidence). Not where an entity stands
twice in one round (a tennis player in a morning and an evening match of one day: no rule).
"""

from __future__ import annotations

import polars as pl

__all__ = ["MIN_EXPECTED", "MIN_ROWS", "find_schedules"]

MIN_EXPECTED = 3.0
# a round holds this many rows on average or more: a number nearly unique per row (an attendance) that no team
# repeats within is a measure, not a round
MIN_ROWS = 2


def _stacked(frame: pl.DataFrame, per: list[str], a: str, b: str) -> pl.DataFrame:
    both = frame.select(*per, a, b).drop_nulls()
    return pl.concat(
        [both.select(*per, pl.col(a).alias("__v")), both.select(*per, pl.col(b).alias("__v"))], how="vertical_relaxed"
    )


def _expected_repeats(stacked: pl.DataFrame, per: list[str]) -> float:
    """Pairs of appearances in one round that would name one entity had the entities fallen by their shares."""
    p = stacked.get_column("__v").value_counts(normalize=True).get_column("proportion")
    sizes = stacked.group_by(per).len().get_column("len").cast(pl.Float64)
    return float((sizes * (sizes - 1) / 2).sum()) * float((p * p).sum())


def _holds(stacked: pl.DataFrame, per: list[str]) -> bool:
    return stacked.height > 1 and not bool(stacked.select(pl.struct([*per, "__v"]).is_duplicated().any()).item())


def find_schedules(
    frame: pl.DataFrame, parent: str | None, pairs: list[tuple[str, str]], rounds: list[str]
) -> list[tuple[str, str, list[str], str]]:
    """``(a, b, per, evidence)`` for each pair of keys into one table and each round column (a number, a date,
    a code) in which an entity stands in either key once per round: ``per`` is ``[round]`` where the round alone
    holds it (a date), else ``[parent, round]`` (a matchday, numbered again in each season)."""
    out: list[tuple[str, str, list[str], str]] = []
    for a, b in pairs:
        if parent in (a, b):
            continue  # the rows are made per one of the two keys: no schedule ``sample`` can build per parent
        for r in rounds:
            if r in (a, b, parent) or r not in frame.columns:
                continue
            for per in ([r], [parent, r]) if parent is not None and parent in frame.columns else ([r],):
                stacked = _stacked(frame, per, a, b)
                if stacked.select(per).n_unique() * MIN_ROWS > stacked.height // 2:
                    continue  # rounds of about one row: a measure (an attendance), no round
                if not _holds(stacked, per):
                    continue
                expected = _expected_repeats(stacked, per)
                if expected < MIN_EXPECTED:
                    break
                where = " and ".join(per)
                why = (
                    f"a schedule: an entity stands in {a} or {b} at most once per {where} in all "
                    f"{stacked.height // 2:,} rows holding them (about {expected:,.0f} pairs of appearances "
                    f"would repeat one by chance)"
                )
                out.append((a, b, per, why))
                break
    return out
