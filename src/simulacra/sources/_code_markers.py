"""Default null markers that are a code column's values: the sodium test ``NA`` among ``K``, ``CL``, ``HB``, Namibia's
``NA`` among country codes, a severity ``None`` among ``Mild`` and ``Severe`` (issue 13, learn-labs).

A delimited file's cells ``NA``, ``NULL``, ``None``... are read as missing by default. In a column of short codes
that a marker looks like, and at a share like the other codes' (not the one value far more common or far rarer
than any code), the marker is one more code: reading it as missing would drop a category (14.5% of a hospital's
lab rows lost their test). The decision is per column and said in the source's notes; ``--na WORD`` keeps a
marker missing everywhere, ``--not-na WORD`` keeps it a value everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

__all__ = ["code_markers"]

_NEVER = frozenset({"", "?", "\\N", "-", "--", "."})  # markers no code column holds as a value
_MAX_CODES = 200  # distinct values of a code column at most
_REPEATS = 5.0  # rows per distinct value at least
_SHAPE_SHARE = 0.95  # rows of the other values in the marker's shape at least
_RARE = 0.2  # the marker's rows at least this share of the other codes' median
_COMMON = 2.0  # ... and at most this many times the most common code's


def _shape(value: str) -> str:
    """Letters' case and digits, runs collapsed: ``NA``, ``CREA`` -> ``A``; ``None`` -> ``Aa``; ``N/A`` -> ``A/A``."""
    s = re.sub(r"[A-Z]", "A", re.sub(r"[a-z]", "a", re.sub(r"[0-9]", "9", value)))
    return re.sub(r"(.)\1+", r"\1", s)


def code_markers(col: pl.Series, markers: Sequence[str]) -> list[tuple[str, str]]:
    """The ``markers`` that are values of text column ``col`` (raw cells), each with the evidence said in the
    notes: a column of at most 200 distinct codes repeated at least 5 times each on average, 95% of whose other
    rows have the marker's shape (case, digits) and whose lengths span the marker's, holding the marker in
    0.2–2 times as many rows as its codes (the median; the most common)."""
    if col.dtype != pl.String:
        return []
    cands = [m for m in dict.fromkeys(markers) if m not in _NEVER]
    if not cands:
        return []
    counts = col.drop_nulls().value_counts()
    if counts.height == 0 or counts.height > _MAX_CODES + len(cands):
        return []
    values = counts.get_column(col.name).to_list()
    n = counts.get_column("count").to_list()
    found = {v: c for v, c in zip(values, n, strict=True) if v in cands}
    if not found:
        return []
    others = [(v, c) for v, c in zip(values, n, strict=True) if v not in found and v.strip()]
    if len(others) < 2:
        return []
    rows = sum(c for _, c in others)
    if rows / len(others) < _REPEATS:
        return []
    median = sorted(c for _, c in others)[len(others) // 2]
    top = max(c for _, c in others)
    shapes: dict[str, int] = {}
    for v, c in others:
        shapes[_shape(v)] = shapes.get(_shape(v), 0) + c
    lengths = [len(v) for v, _ in others]
    out = []
    for m, k in sorted(found.items()):
        shape = _shape(m)
        if shapes.get(shape, 0) < _SHAPE_SHARE * rows or not min(lengths) <= len(m) <= max(lengths):
            continue
        if not _RARE * median <= k <= _COMMON * top:
            continue
        out.append(
            (
                m,
                f"{k} rows, shaped like the column's other {len(others)} codes (median {median} rows each); "
                f"--na {m} reads it as missing",
            )
        )
    return out
