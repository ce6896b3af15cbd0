"""A rank's code is not its order (issue 13, found on the energy utility of ``benchmarks/heldout_utility.py``).

Readings held ``month_no`` 1..12 per meter beside ``month_start`` (0, 31, 60, ...: the month's first day of
the year) and ``read_date``. Both columns order the rank, and the first one, ``month_start``, was drafted as
the rank's ``by``: drawn as a free number 0..335, with a drafted ``unique(meter_id, month_start)`` that a
sample could not meet, so ``simulacra sample`` refused to write. A column the rank decides in every row
(one value per rank, across all parents) is a code of the rank, not an order: the rank is re-ordered by
the other columns (or none), and the code is then drafted as a lookup on the rank with the rank's other
codes.
"""

from __future__ import annotations

import dataclasses

import polars as pl

from ._structure import Rank, find_functions_of, find_ranks

__all__ = ["order_not_a_code"]


def order_not_a_code(frame: pl.DataFrame, fk: str, ranks: list[Rank], orders: list[str]) -> list[Rank]:
    """``ranks`` with each one ordered by a code of itself re-found over the other order columns."""
    out: list[Rank] = []
    for r in ranks:
        if r.by is not None and find_functions_of(frame, r.column, [r.by]):
            note = f"; {r.by} is a code of the rank (one value per {r.column}), not its order"
            again = find_ranks(frame, fk, [r.column], [o for o in orders if o not in (r.by, r.column)])
            if again and again[0].by is not None:
                r = dataclasses.replace(again[0], evidence=again[0].evidence + note)
            else:
                head = r.evidence.split("; ordered by", 1)[0]
                r = dataclasses.replace(r, by=None, descending=False, evidence=head + note)
        out.append(r)
    return out
