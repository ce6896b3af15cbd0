"""Embedding-free semantic deduplication: texts that say the same with the same words in another order.

MinHash over character shingles (``dedupe``) sees copies and light edits, and long blocks moved
around; it misses a text whose short phrases were reordered, because the shingles across each seam
change and there are many seams. Here each text is a
bag of words and word pairs (scikit-learn's ``HashingVectorizer``: stateless, so every chunk is
vectorised the same way, no vocabulary to fit; sublinear counts, L2-normalised), and two texts are
duplicates when the cosine of their vectors reaches ``threshold``. As in ``dedupe``, a text goes
when it is that close to a text kept before it (or to a reference text): the first of a group stays.

No embedding model is used (nothing downloads one, and none ships): this catches reorderings and
shared wording, not paraphrases with other words. The kept vectors are held in memory and each
chunk is compared with all of them, in blocks: cost grows with ``rows x kept``, so it is meant for
text sets up to ~10^5, after ``dedupe`` has removed the bulk.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

__all__ = ["SemanticFilter"]

_BLOCK = 2_048  # rows of a chunk compared at a time


class SemanticFilter:
    """Streaming removal of texts whose bag-of-words cosine to a kept (or reference) text reaches ``threshold``."""

    def __init__(self, *, threshold: float = 0.9, ngram: int = 2, n_features: int = 1 << 20, within: bool = True):
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        if ngram < 1:
            raise ValueError("ngram must be at least 1")
        from sklearn.feature_extraction.text import HashingVectorizer

        self.threshold = threshold
        self.within = within
        self._vec = HashingVectorizer(
            analyzer="word",
            ngram_range=(1, ngram),
            n_features=n_features,
            alternate_sign=False,
            norm=None,
            lowercase=True,
        )
        self._kept: list[Any] = []  # csr blocks of kept vectors
        self._kept_pos: list[NDArray[np.int64]] = []
        self._ref: list[Any] = []
        self._seen = 0
        self.reference_rows = 0

    def _vectors(self, texts: Sequence[str]) -> Any:
        from sklearn.preprocessing import normalize

        x = self._vec.transform([t or "" for t in texts])
        x.data = 1.0 + np.log(x.data)  # sublinear counts: a repeated word does not dominate
        return normalize(x, norm="l2", copy=False).tocsr()

    def add_reference(self, texts: pl.Series | Sequence[str]) -> None:
        vals = texts.cast(pl.String).fill_null("").to_list() if isinstance(texts, pl.Series) else list(texts)
        if vals:
            self._ref.append(self._vectors(vals))
            self.reference_rows += len(vals)

    @staticmethod
    def _best(x: Any, blocks: list[Any], offsets: list[NDArray[np.int64]] | None) -> tuple[NDArray[Any], NDArray[Any]]:
        """Per row of ``x``: the highest cosine to any row of ``blocks`` and that row (position or index)."""
        n = x.shape[0]
        best = np.zeros(n)
        arg = np.full(n, -1, dtype=np.int64)
        base = 0
        for b, block in enumerate(blocks):
            for lo in range(0, n, _BLOCK):
                s = (x[lo : lo + _BLOCK] @ block.T).toarray()
                if s.shape[1] == 0:
                    continue
                j = s.argmax(axis=1)
                v = s[np.arange(len(j)), j]
                better = v > best[lo : lo + _BLOCK]
                idx = np.flatnonzero(better) + lo
                best[idx] = v[better]
                arg[idx] = offsets[b][j[better]] if offsets is not None else base + j[better]
            base += block.shape[0]
        return best, arg

    def check(
        self, texts: pl.Series | Sequence[str]
    ) -> tuple[NDArray[np.int8], NDArray[np.float64], NDArray[np.int64]]:
        """Per text of the chunk (in input order): 0 kept, 1 close to a reference text, 2 close to an earlier kept
        text; the cosine; what it matched (reference index, or position among the texts checked so far)."""
        vals = texts.cast(pl.String).fill_null("").to_list() if isinstance(texts, pl.Series) else list(texts)
        n = len(vals)
        reason = np.zeros(n, dtype=np.int8)
        sim = np.zeros(n)
        matched = np.full(n, -1, dtype=np.int64)
        if n == 0:
            return reason, sim, matched
        x = self._vectors(vals)
        positions = np.arange(self._seen, self._seen + n, dtype=np.int64)
        if self._ref:
            best, arg = self._best(x, self._ref, None)
            hit = best >= self.threshold - 1e-9
            reason[hit], sim[hit], matched[hit] = 1, best[hit], arg[hit]
        if self.within:
            if self._kept:
                best, arg = self._best(x, self._kept, self._kept_pos)
                hit = (reason == 0) & (best >= self.threshold - 1e-9)
                reason[hit], sim[hit], matched[hit] = 2, best[hit], arg[hit]
            # within the chunk, in order: a text goes when it is close to an earlier text of the chunk still kept
            for lo in range(0, n, _BLOCK):
                s = (x[lo : lo + _BLOCK] @ x[: lo + _BLOCK].T).tocsr()
                for r in range(s.shape[0]):
                    i = lo + r
                    if reason[i]:
                        continue
                    row = s.getrow(r)
                    cols, vals_ = row.indices, row.data
                    ok = (cols < i) & (vals_ >= self.threshold - 1e-9)
                    if not ok.any():
                        continue
                    cand = cols[ok][reason[cols[ok]] == 0]
                    if len(cand):
                        k = int(cand[np.argmax(row.toarray()[0, cand])])
                        reason[i], sim[i], matched[i] = 2, float(row.toarray()[0, k]), positions[k]
            keep = reason == 0
            if keep.any():
                self._kept.append(x[np.flatnonzero(keep)])
                self._kept_pos.append(positions[keep])
        self._seen += n
        return reason, sim, matched
