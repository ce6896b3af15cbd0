"""A code written from other columns of its row or its parent's (a class ``MAT-9-12``: its subject's code, its
year group, its own id), drafted as an ``expression`` that writes it (issue 13, found on the school database
of ``benchmarks/heldout_school.py``: learned as a code of its own shape, no sampled class code named its
subject, year or class).

Every value splits the same way into runs of letters and digits and the runs of other characters between
them (the same separators at the same places); each run of letters or digits is, on every row, the text of
one column (of the row, or of a parent through a foreign key) or one constant. Kept when at least two runs
come from columns, over at least ``MIN_ROWS`` rows with ``MIN_DISTINCT`` values or more.
"""

from __future__ import annotations

import polars as pl

__all__ = ["MIN_DISTINCT", "MIN_ROWS", "find_composed"]

MIN_ROWS = 30
MIN_DISTINCT = 10
MAX_PARTS = 8
_RUNS = r"[A-Za-z0-9]+|[^A-Za-z0-9]+"
_FINE = r"[A-Za-z]+|[0-9]+|[^A-Za-z0-9]+"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def find_composed(values: pl.Series, candidates: dict[str, pl.Series]) -> tuple[str, str] | None:
    """``(SQL expression, evidence)`` when ``values`` (text) is written on every row from ``candidates``
    (SQL reference -> the row's value, aligned with ``values``) and constants; None otherwise.

    Runs of letters and digits split by other characters first (``MAT-9-12``, two columns or more); then letters
    and digits apart (``RX1105``: a constant ``RX`` and the route's ``route_no``), where one column suffices when
    it is a parent's (a flight number naming its route; airline probe, issue 13)."""
    if values.null_count() or values.len() < MIN_ROWS or values.n_unique() < MIN_DISTINCT:
        return None
    return _composed(values, candidates, _RUNS, 3, 2) or _composed(values, candidates, _FINE, 2, 1)


def _composed(
    values: pl.Series, candidates: dict[str, pl.Series], split: str, least_runs: int, least_columns: int
) -> tuple[str, str] | None:
    runs = values.str.extract_all(split)
    n = runs.list.len()
    if n.n_unique() != 1 or not least_runs <= int(n[0]) <= 2 * MAX_PARTS:
        return None
    width = int(n[0])
    first = runs[0].to_list()
    texts = {ref: s.cast(pl.String) for ref, s in candidates.items() if s.null_count() == 0}
    parts: list[str] = []
    from_columns: list[str] = []
    for i in range(width):
        run = runs.list.get(i)
        head = first[i]
        if not head[0].isalnum():  # a separator: the same on every row
            if bool((run != head).any()):
                return None
            parts.append(_literal(head))
            continue
        if run.n_unique() == 1:
            parts.append(_literal(head))
            continue
        ref = next((r for r, s in texts.items() if bool((s == run).all())), None)
        if ref is None:
            return None
        parts.append(ref if candidates[ref].dtype == pl.String else f"CAST({ref} AS TEXT)")
        from_columns.append(ref)
    if len(from_columns) < least_columns or (len(from_columns) < 2 and not all("." in r for r in from_columns)):
        return None  # one column only with a constant beside it, and only a parent's (its own row's is a copy)
    if len(from_columns) < 2 and len(parts) == len(from_columns):
        return None  # a parent's value alone is a copy (drafted as one elsewhere), not a code
    why = (
        f"written from {', '.join(from_columns)} in all {values.len():,} rows "
        f"(e.g. {values[0]!r}): the {'row' if all('.' not in r for r in from_columns) else 'row and parent'}'s "
        "own values, not a code of its own"
    )
    return f"CONCAT({', '.join(parts)})", why
