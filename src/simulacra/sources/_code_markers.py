"""Default null markers that are a code column's values: the sodium test ``NA`` among ``K``, ``CL``, ``HB``, Namibia's
``NA`` among country codes, a severity ``None`` among ``Mild`` and ``Severe`` (issue 13, learn-labs).

A delimited file's cells ``NA``, ``NULL``, ``None``... are read as missing by default. In a column of short codes
that a marker looks like, and at a share like the other codes' (not the one value far more common or far rarer
than any code), the marker is one more code: reading it as missing would drop a category (14.5% of a hospital's
lab rows lost their test). The decision is per column and said in the source's notes; ``--na WORD`` keeps a
marker missing everywhere, ``--not-na WORD`` keeps it a value everywhere.

The decision needs only the column's value counts (``marker_counts``), which add up over pieces of the column
(``combine_counts``): a file read piece by piece (``sources._pieces``) decides once, from the whole column's counts,
as the whole-file reader does — never a piece on its own (a piece where ``NA`` is rare would decide otherwise).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

__all__ = ["code_markers", "combine_counts", "decide", "marker_counts"]

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


def _candidates(markers: Sequence[str]) -> list[str]:
    return [m for m in dict.fromkeys(markers) if m not in _NEVER]


def marker_counts(col: pl.Series, markers: Sequence[str]) -> dict[str, int] | None:
    """Rows per value of text column ``col`` (raw cells), what ``decide`` reads; None when no marker can be a code
    there (not text, no candidate marker, or more distinct values than a code column holds: so has the whole column)."""
    cands = _candidates(markers)
    if col.dtype != pl.String or not cands:
        return None
    counts = col.drop_nulls().value_counts()
    if counts.height > _MAX_CODES + len(cands):
        return None
    return dict(zip(counts.get_column(col.name).to_list(), counts.get_column("count").to_list(), strict=True))


def combine_counts(pieces: Sequence[dict[str, int] | None], markers: Sequence[str]) -> dict[str, int] | None:
    """The counts of the column the pieces make (None when any piece's, or the sum's, says no marker can be a code)."""
    out: dict[str, int] = {}
    for p in pieces:
        if p is None:
            return None
        for v, c in p.items():
            out[v] = out.get(v, 0) + c
    return None if len(out) > _MAX_CODES + len(_candidates(markers)) else out


def code_markers(col: pl.Series, markers: Sequence[str]) -> list[tuple[str, str]]:
    """The ``markers`` that are values of text column ``col`` (raw cells), each with the evidence said in the
    notes (``decide`` on the column's counts)."""
    return decide(marker_counts(col, markers), markers)


def decide(counts: dict[str, int] | None, markers: Sequence[str]) -> list[tuple[str, str]]:
    """The ``markers`` that are values of a column with value ``counts``, each with the evidence said in the
    notes: a column of at most 200 distinct codes repeated at least 5 times each on average, 95% of whose other
    rows have the marker's shape (case, digits) and whose lengths span the marker's, holding the marker in
    0.2–2 times as many rows as its codes (the median; the most common)."""
    cands = _candidates(markers)
    if not counts or not cands:
        return []
    values = list(counts)
    n = list(counts.values())
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
