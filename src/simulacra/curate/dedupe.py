"""Exact and near-duplicate detection for rows and text, within a dataset and against a reference.

* **Exact**: a stable 64-bit hash of each row (of the columns named) or of each normalised text;
  a row whose hash was seen before (earlier in the output, or in the reference) is a duplicate.
* **Near**: MinHash signatures computed in numpy over a seeded hash family
  ``h_i(x) = (a_i * x + b_i) mod 2**64`` (``a_i`` odd; the minimum's top 32 bits are kept) applied to
  the hashes of each text's character ``k``-shingles, or of each row's ``column=value`` tokens; then
  LSH banding (``bands * rows <= num_perm``, chosen for the threshold to miss few pairs) proposes
  candidates, and each candidate is *verified*: it is a duplicate only when the share of equal
  signature entries (the estimated Jaccard similarity) reaches the threshold.

A row is a near duplicate when it is that similar to a row seen before it; so the first of a group
is kept and the rest are removed, whatever the chunk size. The state kept between chunks is the
signature (``2 * num_perm`` bytes: the top 16 bits of each entry) and band keys (``8 * bands``: 32-bit key and id) of each kept row, plus the
reference's: memory grows with the distinct rows kept, not with the input, and each chunk's work
is bounded by the chunk.

::

    from simulacra.curate import DuplicateFilter
    f = DuplicateFilter(text="body", threshold=0.8, seed=7)
    f.add_reference(real_frame)              # real text must never come back verbatim or nearly so
    for chunk in chunks:
        verdict = f.check(chunk)             # Verdict: reason per row, the similarity and what it matched
        kept = chunk.filter(verdict.keep)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import _mix, stable_hash
from simulacra.curate._hash import (
    normalise_text,
    row_hashes,
    row_token_hashes,
    shingle_hashes,
    string_hashes,
)

__all__ = [
    "REASONS",
    "DuplicateFilter",
    "KeyIndex",
    "MinHasher",
    "Verdict",
    "lsh_params",
]

#: reason codes of a Verdict, in order of precedence (a row matching the reference is reported as such)
REASONS = ("kept", "exact_reference", "near_reference", "exact_duplicate", "near_duplicate")
_KEEP, _EXACT_REF, _NEAR_REF, _EXACT, _NEAR = range(5)
_SHINGLE_BLOCK = 1 << 17  # shingles hashed per numpy pass (x 32 permutations x 8 bytes = 32 MB)
_PERM_GROUP = 32


@lru_cache(maxsize=64)
def lsh_params(threshold: float, num_perm: int, false_positive_weight: float = 0.5) -> tuple[int, int]:
    """(bands, rows) with ``bands * rows <= num_perm`` minimising the weighted areas of false positives
    (similarity below the threshold yet a candidate) and false negatives (above it, yet not one)."""
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be in (0, 1), got {threshold}")
    fn_weight = 1.0 - false_positive_weight
    lo = np.linspace(0.0, threshold, 201)
    hi = np.linspace(threshold, 1.0, 201)
    best = (1, 1)
    best_err = float("inf")
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = float(np.trapezoid(1.0 - (1.0 - lo**r) ** b, lo))
            fn = float(np.trapezoid((1.0 - hi**r) ** b, hi))
            err = false_positive_weight * fp + fn_weight * fn
            if err < best_err - 1e-12:
                best, best_err = (b, r), err
    return best


@dataclass(frozen=True)
class MinHasher:
    """A seeded family of ``num_perm`` hash functions and the signatures it gives sets of 64-bit hashes."""

    num_perm: int = 128
    seed: int = 0

    def __post_init__(self) -> None:
        if self.num_perm < 1:
            raise ValueError("num_perm must be at least 1")

    @property
    def _params(self) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
        return _family(self.num_perm, self.seed)

    def signatures(self, hashes: NDArray[np.uint64], offsets: NDArray[np.int64]) -> NDArray[np.uint32]:
        """One signature per set: ``hashes[offsets[i]:offsets[i+1]]`` is set ``i`` (never empty)."""
        a, b = self._params
        n = len(offsets) - 1
        sig = np.empty((n, self.num_perm), dtype=np.uint32)
        if n == 0:
            return sig
        if np.any(np.diff(offsets) < 1):
            raise ValueError("every set needs at least one hash")
        lo = 0
        while lo < n:
            hi = int(np.searchsorted(offsets, offsets[lo] + _SHINGLE_BLOCK, side="right")) - 1
            hi = min(max(hi, lo + 1), n)
            base = int(offsets[lo])
            x = hashes[base : int(offsets[hi])]
            starts = offsets[lo:hi] - base
            for p in range(0, self.num_perm, _PERM_GROUP):
                q = min(p + _PERM_GROUP, self.num_perm)
                with np.errstate(over="ignore"):
                    v = np.multiply.outer(a[p:q], x)
                    v += b[p:q, None]
                m = np.minimum.reduceat(v, starts, axis=1)
                sig[lo:hi, p:q] = (m >> np.uint64(32)).T
            lo = hi
        return sig


@lru_cache(maxsize=16)
def _family(num_perm: int, seed: int) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    ss = np.random.SeedSequence([seed & ((1 << 64) - 1), stable_hash("simulacra.curate:minhash")])
    gen = np.random.Generator(np.random.PCG64(ss))
    a = gen.integers(0, 1 << 64, size=num_perm, dtype=np.uint64, endpoint=False) | np.uint64(1)
    b = gen.integers(0, 1 << 64, size=num_perm, dtype=np.uint64, endpoint=False)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def band_keys(sig: NDArray[np.uint32], bands: int, rows: int) -> NDArray[np.uint64]:
    """Shape ``(n, bands)``: a 64-bit key per band of ``rows`` signature entries (salted by the band)."""
    n = sig.shape[0]
    out = np.empty((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(bands):
            h = np.full(n, np.uint64(stable_hash(f"simulacra.curate:band:{k}")), dtype=np.uint64)
            for j in range(k * rows, (k + 1) * rows):
                h = _mix(h * np.uint64(0x100000001B3) + sig[:, j].astype(np.uint64))
            out[:, k] = h
    return out


class KeyIndex:
    """Unsigned integer keys -> the id first stored under each, in sorted runs merged like a log-structured tree
    (adding ``n`` keys in chunks costs ``O(n log n)``; a lookup is a binary search per run). Keys and ids keep
    the dtypes they are added with (64-bit keys for exact hashes; 32-bit band keys and ids for the LSH)."""

    def __init__(self) -> None:
        self._runs: list[tuple[NDArray[Any], NDArray[Any]]] = []

    def __len__(self) -> int:
        return sum(len(k) for k, _ in self._runs)

    @property
    def nbytes(self) -> int:
        return sum(k.nbytes + v.nbytes for k, v in self._runs)

    def add(self, keys: NDArray[Any], ids: NDArray[Any]) -> None:
        if len(keys) == 0:
            return
        order = np.argsort(keys, kind="stable")
        self._runs.append((keys[order], ids[order]))
        while len(self._runs) >= 2 and len(self._runs[-2][0]) <= 2 * len(self._runs[-1][0]):
            (k1, v1), (k2, v2) = self._runs[-2], self._runs[-1]
            k = np.concatenate([k1, k2])
            v = np.concatenate([v1, v2])
            order = np.argsort(k, kind="stable")  # older run first: its id stays the first under a key
            self._runs[-2:] = [(k[order], v[order])]

    def lookup(self, keys: NDArray[Any]) -> NDArray[np.int64]:
        """The id stored under each key (the oldest run's first), -1 where none is."""
        out = np.full(len(keys), -1, dtype=np.int64)
        if not self._runs or len(keys) == 0:
            return out
        order = np.argsort(keys)  # sorted queries walk each run in order: 5-10x faster than random probes
        sk = keys[order]
        found = np.full(len(keys), -1, dtype=np.int64)
        for k, v in self._runs:
            pos = np.searchsorted(k, sk)
            pos_c = np.minimum(pos, len(k) - 1)
            hit = (found < 0) & (pos < len(k)) & (k[pos_c] == sk)
            found[hit] = v[pos_c[hit]]
        out[order] = found
        return out


class _Signatures:
    """The signatures of stored rows, addressed by id, for verifying candidates.

    Each entry is kept as its top 16 bits: two different minima then look equal with probability 1/65,536,
    which moves an estimated similarity by less than 0.0001 and halves the memory kept per row. Capacity
    grows by half each time (not doubling), to keep the slack small."""

    def __init__(self, width: int) -> None:
        self._buf = np.empty((0, width), dtype=np.uint16)
        self._pos = np.empty(0, dtype=np.int64)
        self.n = 0

    def add(self, sig: NDArray[np.uint32], positions: NDArray[np.int64]) -> NDArray[np.int64]:
        """Store signatures with the input positions they came from; returns their ids."""
        need = self.n + len(sig)
        if need > len(self._buf):
            cap = max(need, len(self._buf) + len(self._buf) // 2, 1024)
            grown = np.empty((cap, self._buf.shape[1]), dtype=np.uint16)
            grown[: self.n] = self._buf[: self.n]
            self._buf = grown
            pos = np.empty(cap, dtype=np.int64)
            pos[: self.n] = self._pos[: self.n]
            self._pos = pos
        self._buf[self.n : need] = sig >> np.uint32(16)
        self._pos[self.n : need] = positions
        ids = np.arange(self.n, need, dtype=np.int64)
        self.n = need
        return ids

    def similarity(self, sig: NDArray[np.uint32], ids: NDArray[np.int64]) -> NDArray[np.float64]:
        return (self._buf[ids] == (sig >> np.uint32(16)).astype(np.uint16)).mean(axis=1)

    def positions(self, ids: NDArray[np.int64]) -> NDArray[np.int64]:
        if self.n == 0:
            return np.full(len(ids), -1, dtype=np.int64)
        return np.where(ids >= 0, self._pos[np.maximum(ids, 0)], -1)

    @property
    def nbytes(self) -> int:
        return int(self._buf.nbytes + self._pos.nbytes)


@dataclass
class Verdict:
    """Per row of a chunk: why it goes (``REASONS[reason]``), its similarity to what it matched, and that row
    (an index into the reference, or a 0-based position among the rows seen before, in input order)."""

    reason: NDArray[np.int8]
    similarity: NDArray[np.float64]
    matched: NDArray[np.int64]

    @property
    def keep(self) -> NDArray[np.bool_]:
        return self.reason == _KEEP

    def counts(self) -> dict[str, int]:
        c = np.bincount(self.reason, minlength=len(REASONS))
        return {REASONS[i]: int(c[i]) for i in range(1, len(REASONS)) if c[i]}


class DuplicateFilter:
    """Streaming exact and near-duplicate removal for one table's rows or one text column.

    ``text``: the column holding text (compared normalised, by character ``shingle``-grams); else the rows
    of ``columns`` (all by default) are compared as sets of ``column=value`` tokens. ``threshold``: the
    Jaccard similarity from which two are near duplicates (None: exact only). ``within``: also remove
    duplicates of earlier rows of the output (the reference alone otherwise).
    """

    def __init__(
        self,
        *,
        text: str | None = None,
        columns: Sequence[str] | None = None,
        exact: bool = True,
        threshold: float | None = 0.8,
        num_perm: int = 128,
        shingle: int = 5,
        seed: int = 0,
        within: bool = True,
        bands: tuple[int, int] | None = None,
    ) -> None:
        self.text = text
        self.columns = list(columns) if columns is not None else None
        self.exact = exact
        self.threshold = threshold
        self.shingle = shingle
        self.within = within
        self.hasher = MinHasher(num_perm=num_perm, seed=seed)
        # candidates are verified, so a false positive of the banding costs only a comparison: the bands are
        # chosen to miss few (false-positive weight 0.1; datasketch, which does not verify, weighs both 0.5)
        self.bands, self.rows = (
            bands if bands is not None else (lsh_params(threshold, num_perm, 0.1) if threshold else (0, 0))
        )
        if threshold is not None and self.bands * self.rows > num_perm:
            raise ValueError(f"bands * rows = {self.bands * self.rows} is more than num_perm = {num_perm}")
        self._exact_seen = KeyIndex()
        self._exact_ref = KeyIndex()
        self._near_seen = KeyIndex()
        self._near_ref = KeyIndex()
        self._sig_seen = _Signatures(num_perm)
        self._sig_ref = _Signatures(num_perm)
        self._seen_rows = 0  # rows checked so far (positions reported for within-output matches)
        self.reference_rows = 0

    # -- features -------------------------------------------------------------------------------
    def _columns(self, frame: pl.DataFrame) -> list[str]:
        return self.columns if self.columns is not None else list(frame.columns)

    def _exact_keys(self, frame: pl.DataFrame) -> NDArray[np.uint64]:
        if self.text is not None:
            return string_hashes(normalise_text(frame.get_column(self.text)))
        return row_hashes(frame, self._columns(frame))

    def _signatures(self, frame: pl.DataFrame) -> NDArray[np.uint32]:
        if self.text is not None:
            hashes, offsets = shingle_hashes(normalise_text(frame.get_column(self.text)), self.shingle)
        else:
            hashes, offsets = row_token_hashes(frame, self._columns(frame))
        return self.hasher.signatures(hashes, offsets)

    def _band_keys(self, sig: NDArray[np.uint32]) -> NDArray[np.uint32]:
        # (n, bands): band k's salt differs, so one index holds all. 32 bits are enough for a key whose match is
        # verified: a chance collision only proposes a wrong candidate (one comparison), and halves the index
        return (band_keys(sig, self.bands, self.rows) >> np.uint64(32)).astype(np.uint32)

    # -- reference ------------------------------------------------------------------------------
    def add_reference(self, frame: pl.DataFrame | pl.Series | Sequence[str]) -> None:
        """Add rows (or texts) that no output row may copy or nearly copy."""
        frame = self._frame(frame)
        ids = np.arange(self.reference_rows, self.reference_rows + frame.height, dtype=np.int64)
        if self.exact:
            self._exact_ref.add(self._exact_keys(frame), ids)
        if self.threshold is not None:
            sig = self._signatures(frame)
            sids = self._sig_ref.add(sig, ids)
            keys = self._band_keys(sig)
            self._near_ref.add(keys.reshape(-1), np.repeat(sids, self.bands).astype(np.int32))
        self.reference_rows += frame.height

    def _frame(self, data: pl.DataFrame | pl.Series | Sequence[str]) -> pl.DataFrame:
        if isinstance(data, pl.DataFrame):
            return data
        name = self.text or "text"
        if isinstance(data, pl.Series):
            return data.alias(name).to_frame()
        return pl.DataFrame({name: list(data)}, schema={name: pl.String})

    # -- checking -------------------------------------------------------------------------------
    def check(self, chunk: pl.DataFrame | pl.Series | Sequence[str]) -> Verdict:
        """Judge the next chunk of rows (in input order) and remember the kept ones."""
        frame = self._frame(chunk)
        n = frame.height
        reason = np.zeros(n, dtype=np.int8)
        sim = np.zeros(n, dtype=np.float64)
        matched = np.full(n, -1, dtype=np.int64)
        positions = np.arange(self._seen_rows, self._seen_rows + n, dtype=np.int64)
        if n == 0:
            return Verdict(reason, sim, matched)
        if self.exact:
            keys = self._exact_keys(frame)
            ref = self._exact_ref.lookup(keys)
            hit = ref >= 0
            reason[hit], sim[hit], matched[hit] = _EXACT_REF, 1.0, ref[hit]
            if self.within:
                seen = self._exact_seen.lookup(keys)
                # within the chunk: the first row with each key
                _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
                first_pos = positions[first[inverse.reshape(-1)]]
                dup = (reason == _KEEP) & ((seen >= 0) | (first_pos < positions))
                m = np.where(seen >= 0, seen, first_pos)
                reason[dup], sim[dup], matched[dup] = _EXACT, 1.0, m[dup]
        sig = keysb = None
        if self.threshold is not None:
            sig = self._signatures(frame)
            keysb = self._band_keys(sig)
            if self.reference_rows:
                best, best_id = self._verify_index(sig, keysb, self._near_ref, self._sig_ref)
                best_id = self._sig_ref.positions(best_id)
                hit = (reason == _KEEP) & (best >= self.threshold)
                reason[hit], sim[hit], matched[hit] = _NEAR_REF, best[hit], best_id[hit]
            if self.within:
                best, best_id = self._verify_index(sig, keysb, self._near_seen, self._sig_seen)
                best_id = self._sig_seen.positions(best_id)
                ib, iid = self._verify_chunk(sig, keysb, positions)
                take = ib > best
                best = np.where(take, ib, best)
                best_id = np.where(take, iid, best_id)
                hit = (reason == _KEEP) & (best >= self.threshold)
                reason[hit], sim[hit], matched[hit] = _NEAR, best[hit], best_id[hit]
        keep = reason == _KEEP
        if self.within:
            kept_pos = positions[keep]
            if self.exact:
                self._exact_seen.add(keys[keep], kept_pos)
            if sig is not None and keysb is not None:
                sids = self._sig_seen.add(sig[keep], kept_pos)
                self._near_seen.add(keysb[keep].reshape(-1), np.repeat(sids, self.bands).astype(np.int32))
        self._seen_rows += n
        return Verdict(reason, sim, matched)

    def _verify_index(
        self, sig: NDArray[np.uint32], keys: NDArray[np.uint32], index: KeyIndex, sigs: _Signatures
    ) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        n = sig.shape[0]
        cand = index.lookup(keys.reshape(-1)).reshape(n, self.bands)
        best = np.zeros(n, dtype=np.float64)
        best_id = np.full(n, -1, dtype=np.int64)
        for k in range(self.bands):
            rows = np.flatnonzero(cand[:, k] >= 0)
            if len(rows) == 0:
                continue
            s = sigs.similarity(sig[rows], cand[rows, k])
            better = s > best[rows]
            best[rows[better]] = s[better]
            best_id[rows[better]] = cand[rows[better], k]
        return best, best_id

    def _verify_chunk(
        self, sig: NDArray[np.uint32], keys: NDArray[np.uint32], positions: NDArray[np.int64]
    ) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        """Each row against the first earlier row of the chunk sharing one of its band keys."""
        n = sig.shape[0]
        best = np.zeros(n, dtype=np.float64)
        best_id = np.full(n, -1, dtype=np.int64)
        for k in range(self.bands):
            _, first, inverse = np.unique(keys[:, k], return_index=True, return_inverse=True)
            f = first[inverse.reshape(-1)]
            rows = np.flatnonzero(f < np.arange(n))
            if len(rows) == 0:
                continue
            s = (sig[rows] == sig[f[rows]]).mean(axis=1)
            better = s > best[rows]
            best[rows[better]] = s[better]
            best_id[rows[better]] = positions[f[rows[better]]]
        return best, best_id

    @property
    def state_bytes(self) -> int:
        """Memory held between chunks (indexes and signatures)."""
        return (
            self._exact_seen.nbytes
            + self._exact_ref.nbytes
            + self._near_seen.nbytes
            + self._near_ref.nbytes
            + self._sig_seen.nbytes
            + self._sig_ref.nbytes
        )
