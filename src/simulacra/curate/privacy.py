"""Privacy filters against the real data: each judges a chunk of synthetic rows and says which to drop.

* ``DistanceFilter``: drop a row whose Gower distance to its nearest real row is below ``min_distance``
  (numeric columns: ``|a - b| / range`` over the real range, clipped to 1; other columns: 0 when equal,
  1 when not; averaged over the columns). Exact nearest neighbours, by brute force in blocks.
* ``RareCombinationFilter``: drop a row that copies a combination of quasi-identifiers that fewer than
  ``k`` real rows share (a rare combination points at a real person; a common one does not).
* ``NgramFilter``: drop a text sharing a run of ``n`` consecutive words with any real text.

The real data are held in memory (the reference); the synthetic side streams.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.curate._hash import row_hashes, word_ngram_hashes
from simulacra.curate.dedupe import KeyIndex

__all__ = ["DistanceFilter", "NgramFilter", "RareCombinationFilter"]

_MAX_CATEGORIES = 256  # per column: the real data's most frequent values get their own code; others one code
_BLOCK = 1 << 22  # distance cells computed per block (synthetic rows x real rows)


class DistanceFilter:
    """Distance to the closest real row (Gower); rows closer than ``min_distance`` go."""

    def __init__(self, real: pl.DataFrame, *, min_distance: float, columns: Sequence[str] | None = None) -> None:
        self.columns = list(columns) if columns is not None else list(real.columns)
        missing = [c for c in self.columns if c not in real.columns]
        if missing:
            raise KeyError(f"column(s) {missing} not in the real data")
        self.min_distance = float(min_distance)
        self._numeric: list[tuple[str, float, float]] = []
        self._categorical: list[tuple[str, dict[str, int]]] = []
        for c in self.columns:
            s = real.get_column(c)
            if s.dtype.is_numeric() or s.dtype.is_temporal() or s.dtype == pl.Boolean:
                v = _as_float(s)
                finite = v[np.isfinite(v)]
                lo, hi = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
                self._numeric.append((c, lo, (hi - lo) or 1.0))
            else:
                top = s.cast(pl.String).fill_null("\0null").value_counts(sort=True).head(_MAX_CATEGORIES)
                codes = {v: i + 1 for i, v in enumerate(sorted(top.get_column(top.columns[0]).to_list()))}
                self._categorical.append((c, codes))
        self._real_num, self._real_cat = self._encode(real)

    def _encode(self, frame: pl.DataFrame) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
        num = np.empty((frame.height, len(self._numeric)), dtype=np.float64)
        for j, (c, lo, rng) in enumerate(self._numeric):
            v = (_as_float(frame.get_column(c)) - lo) / rng
            num[:, j] = np.where(np.isfinite(v), v, np.nan)
        cat = np.empty((frame.height, len(self._categorical)), dtype=np.int32)
        for j, (c, codes) in enumerate(self._categorical):
            vals = frame.get_column(c).cast(pl.String).fill_null("\0null")
            cat[:, j] = vals.replace_strict(codes, default=0, return_dtype=pl.Int32).to_numpy()
        return num, cat

    def distances(self, frame: pl.DataFrame) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        """Per row: the Gower distance to its nearest real row, and that row's index."""
        num, cat = self._encode(frame)
        n, m = frame.height, self._real_num.shape[0]
        best = np.full(n, np.inf)
        arg = np.full(n, -1, dtype=np.int64)
        width = max(len(self.columns), 1)
        if m == 0:
            return best, arg
        step = max(1, _BLOCK // max(m, 1))
        for lo in range(0, n, step):
            hi = min(lo + step, n)
            d = np.zeros((hi - lo, m))
            for j in range(num.shape[1]):
                diff = np.abs(num[lo:hi, j, None] - self._real_num[None, :, j])
                d += np.where(
                    np.isnan(diff),
                    np.where(np.isnan(num[lo:hi, j, None]) & np.isnan(self._real_num[None, :, j]), 0.0, 1.0),
                    np.minimum(diff, 1.0),
                )
            for j in range(cat.shape[1]):
                a = cat[lo:hi, j, None]
                d += (a != self._real_cat[None, :, j]) | (a == 0)  # an unseen value never equals a real one
            d /= width
            arg[lo:hi] = np.argmin(d, axis=1)
            best[lo:hi] = d[np.arange(hi - lo), arg[lo:hi]]
        return best, arg

    def check(self, frame: pl.DataFrame) -> NDArray[np.bool_]:
        """True for the rows that may stay."""
        return self.distances(frame)[0] >= self.min_distance


def _as_float(s: pl.Series) -> NDArray[np.float64]:
    if s.dtype.is_temporal():
        s = s.cast(pl.Int64)
    return s.cast(pl.Float64).fill_null(np.nan).to_numpy().astype(np.float64)


class RareCombinationFilter:
    """Drop rows copying a quasi-identifier combination that fewer than ``k`` real rows share."""

    def __init__(self, real: pl.DataFrame, *, columns: Sequence[str], k: int = 5) -> None:
        self.columns = list(columns)
        missing = [c for c in self.columns if c not in real.columns]
        if missing:
            raise KeyError(f"column(s) {missing} not in the real data")
        self.k = int(k)
        h = row_hashes(real.select(self.columns), self.columns)
        keys, counts = np.unique(h, return_counts=True)
        rare = keys[counts < self.k]
        self.rare_combinations = len(rare)
        self._index = KeyIndex()
        self._index.add(rare, np.arange(len(rare), dtype=np.int64))

    def check(self, frame: pl.DataFrame) -> NDArray[np.bool_]:
        h = row_hashes(frame.select(self.columns), self.columns)
        return self._index.lookup(h) < 0


class NgramFilter:
    """Drop texts sharing ``n`` consecutive words (normalised) with any real text."""

    def __init__(self, real_texts: pl.Series | Sequence[str], *, n: int = 12) -> None:
        self.n = int(n)
        s = real_texts if isinstance(real_texts, pl.Series) else pl.Series(list(real_texts), dtype=pl.String)
        h, _ = word_ngram_hashes(s, self.n)
        h = np.unique(h)
        self._index = KeyIndex()
        self._index.add(h, np.arange(len(h), dtype=np.int64))
        self.real_ngrams = len(h)

    def check(self, texts: pl.Series) -> NDArray[np.bool_]:
        h, off = word_ngram_hashes(texts, self.n)
        hit = self._index.lookup(h) >= 0
        c = np.zeros(len(h) + 1, dtype=np.int64)
        np.cumsum(hit, out=c[1:])
        return (c[off[1:]] - c[off[:-1]]) == 0
