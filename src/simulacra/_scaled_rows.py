"""A table's rows at a ``--scale``: the one rounding rule of ``generate``, ``serve``, ``env`` and ``sample``
(issue 20, gen82).

A count the spec (or a learned model) gives a table in all (``rows: N``, ``rows.total``, a learned table's real size)
is that count times the scale, rounded to the nearest, but a positive count never rounds to none: below half a row it
is one row. A 3-row ``regions`` table at ``--scale 0.1`` was 0 rows, and every table whose rows point at it had
nothing to point at (an error late in the run, or a child table silently empty); a small copy keeps every table the
spec fills, as ``draft --scale`` already does (``draft/_scaled_counts.py``). Only the rule "one row, not none" is
needed for that: a table whose rows are more than half a row at the scale keeps its usual rounding, so outputs at
larger scales do not move. A count of 0, and ``--scale 0``, still give none (nothing is asked for). Static tables
are not scaled at all; tables made per a parent row follow their parents' rows.

Ground floor: the spec model, the engine's counts, the size estimate and the learned samplers all read it.
"""

from __future__ import annotations

__all__ = ["rows_at", "scaled_rows"]


def rows_at(rows: float) -> int:
    """``rows`` (a scaled count, not yet whole) as whole rows: rounded to the nearest (half to even, as Python's
    ``round``), and 1 where it is above 0 but rounds to 0."""
    whole = int(round(rows))
    return 1 if whole == 0 and rows > 0 else whole


def scaled_rows(rows: int, scale: float) -> int:
    """``rows`` times ``scale`` as whole rows (``rows_at``): never 0 for a positive count at a positive scale."""
    return rows_at(rows * scale)
