"""A column that numbers its rows 1..n within another key's groups is a rank there, not a foreign key.

Found by the airline probe (``benchmarks/heldout_airline.py``, issue 13): a booking's ``seat_idx`` and
``boarding_no`` run 1..n within each flight (up to 104 on the largest aircraft) and flights are numbered
1..91, so 99.3% of their values are flight ids and, dense as both ranges are, containment looked like a
key (``p = 9.3e-07``). Taken as two more keys to ``flights``, they made the flight ambiguous as the parent
rows are drawn per (bookings were drawn per passenger: seats and boarding numbers never 1..n per flight,
fares and dates not their flight's) and left the ranks unlearned.

A key inferred without a strong name match (a name score below 0.8: ``seat_idx`` to ``flights.flight_id``)
is dropped when its column is a rank (``find_ranks``: start..n once each in 99% of 10+ groups of two or more
rows) within the groups of another key of its table that is declared or has a stronger name match
(``flight_id``). The other direction (every flight once within each seat number, when every flight has as
many rows) is never taken: the stronger name decides which of the two is the key.
"""

from __future__ import annotations

import polars as pl

from simulacra.sources import ForeignKey

from ._keys import name_score
from ._structure import find_ranks

__all__ = ["drop_rank_keys"]

_STRONG = 0.8  # a name score at or above it is a name match no rank can outweigh


def drop_rank_keys(frames: dict[str, pl.DataFrame], keys: list[ForeignKey]) -> tuple[list[ForeignKey], list[str]]:
    """``keys`` less the inferred ones whose column is a rank within a stronger key's groups, and a note each."""
    strength = {(fk.table, fk.column): _strength(fk) for fk in keys}
    out: list[ForeignKey] = []
    notes: list[str] = []
    for fk in keys:
        mine = strength[(fk.table, fk.column)]
        frame = frames.get(fk.table)
        within = None
        if mine < _STRONG and frame is not None and frame.schema[fk.column].is_integer():
            for other in keys:
                if (
                    other.table != fk.table
                    or other.column == fk.column
                    or strength[(other.table, other.column)] <= mine
                ):
                    continue
                if find_ranks(frame, other.column, [fk.column], []):
                    within = other
                    break
        if within is None:
            out.append(fk)
            continue
        notes.append(
            f"{fk.table}.{fk.column}: numbers its rows 1..n within each {within.column} (a rank within "
            f"{within.ref_table}), so it is not taken as a foreign key to {fk.references} although "
            "its values lie among that table's keys"
        )
    return out, notes


def _strength(fk: ForeignKey) -> float:
    """How surely a key's name makes it one: declared keys above every name."""
    if fk.declared:
        return 2.0
    return name_score(fk.column, fk.ref_table, fk.ref_column)[0]
