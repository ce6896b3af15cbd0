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
reference's. Past a memory budget (256 MB by default) that state goes to disk: the band and exact
indexes as sorted runs of unique keys (merged two by two, a block at a time; a lookup sorts the chunk's
keys and reads only the blocks they fall in, found through one in-memory fence key per 1,024), the
signatures as an append-only file read back row by row for the candidates. So peak memory is bounded
by the budget and the chunk, not by the rows kept (10 million rows through near-dedupe: see
benchmarks/RESULTS.md).

::

    from simulacra.curate import DuplicateFilter
    f = DuplicateFilter(text="body", threshold=0.8, seed=7)
    f.add_reference(real_frame)              # real text must never come back verbatim or nearly so
    for chunk in chunks:
        verdict = f.check(chunk)             # Verdict: reason per row, the similarity and what it matched
        kept = chunk.filter(verdict.keep)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import mix, stable_hash
from simulacra._spill import DEFAULT_BUDGET, MemoryBudget, SpillDir
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
_FENCE = 1024  # keys per block of a run on disk (one fence key per block is kept in memory)
_READ_BLOCKS = 256  # blocks read at most at a time by a lookup (256 K keys and ids: 2-4 MB)


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
                h = mix(h * np.uint64(0x100000001B3) + sig[:, j].astype(np.uint64))
            out[:, k] = h
    return out


class _Run:
    """Sorted keys, each once, with the id first stored under it: in memory, or in two raw files with a fence (every
    ``_FENCE``-th key) kept in memory, so a lookup reads only the blocks its keys fall in."""

    def __init__(self, keys: NDArray[Any], ids: NDArray[Any]) -> None:
        self.n = len(keys)
        self.kdtype = keys.dtype
        self.idtype = ids.dtype
        self.keys: NDArray[Any] | None = keys
        self.ids: NDArray[Any] | None = ids
        self.files: tuple[Path, Path] | None = None
        self.fence: NDArray[Any] = keys[::_FENCE].copy()

    @property
    def nbytes(self) -> int:
        return 0 if self.keys is None or self.ids is None else int(self.keys.nbytes + self.ids.nbytes)

    def lookup(self, sk: NDArray[Any], found: NDArray[np.int64]) -> None:
        """Fill ``found`` (still -1) with the id under each of the sorted keys ``sk``."""
        if self.n == 0:
            return
        sk = sk.astype(self.kdtype, copy=False)
        if self.keys is not None and self.ids is not None:
            _probe(self.keys, self.ids, sk, found, slice(None))
            return
        assert self.files is not None
        # block of each query (keys are unique in a run, so a key equal to a fence is that block's first); queries
        # are grouped by windows of _READ_BLOCKS blocks, and each window is read from its first to its last block
        block = np.searchsorted(self.fence, sk, side="right") - 1
        first = int(np.searchsorted(block, 0))
        if first == len(sk):
            return
        window = block[first:] // _READ_BLOCKS
        cuts = np.flatnonzero(np.r_[True, window[1:] != window[:-1]]) + first
        ends = np.r_[cuts[1:], len(sk)]
        kb, ib = np.dtype(self.kdtype).itemsize, np.dtype(self.idtype).itemsize
        with open(self.files[0], "rb") as fk, open(self.files[1], "rb") as fi:
            for q_lo, q_hi in zip(cuts.tolist(), ends.tolist(), strict=True):
                lo = int(block[q_lo]) * _FENCE
                hi = min((int(block[q_hi - 1]) + 1) * _FENCE, self.n)
                fk.seek(lo * kb)
                keys = np.fromfile(fk, dtype=self.kdtype, count=hi - lo)
                fi.seek(lo * ib)
                ids = np.fromfile(fi, dtype=self.idtype, count=hi - lo)
                _probe(keys, ids, sk, found, slice(q_lo, q_hi))

    def spill(self, budget: MemoryBudget) -> None:
        if self.keys is None or self.ids is None:
            return
        paths = (budget.dir.file("keys", ".bin"), budget.dir.file("ids", ".bin"))
        self.keys.tofile(paths[0])
        self.ids.tofile(paths[1])
        budget.used -= self.nbytes
        budget.spilled += self.nbytes
        self.files = paths
        self.keys = self.ids = None

    def blocks(self, size: int) -> Iterator[tuple[NDArray[Any], NDArray[Any]]]:
        """The keys and ids in order, ``size`` at a time."""
        if self.keys is not None and self.ids is not None:
            for lo in range(0, self.n, size):
                yield self.keys[lo : lo + size], self.ids[lo : lo + size]
            return
        assert self.files is not None
        with open(self.files[0], "rb") as fk, open(self.files[1], "rb") as fi:
            for lo in range(0, self.n, size):
                count = min(size, self.n - lo)
                yield np.fromfile(fk, dtype=self.kdtype, count=count), np.fromfile(fi, dtype=self.idtype, count=count)

    def drop(self) -> None:
        if self.files is not None:
            for f in self.files:
                f.unlink(missing_ok=True)


def _probe(keys: NDArray[Any], ids: NDArray[Any], sk: NDArray[Any], found: NDArray[np.int64], part: slice) -> None:
    q = sk[part]
    pos = np.searchsorted(keys, q)
    pos_c = np.minimum(pos, len(keys) - 1)
    hit = (found[part] < 0) & (pos < len(keys)) & (keys[pos_c] == q)
    f = found[part]
    f[hit] = ids[pos_c[hit]]
    found[part] = f


def _first_of_each(keys: NDArray[Any], ids: NDArray[Any]) -> tuple[NDArray[Any], NDArray[Any]]:
    """Stable-sorted keys kept once each, with the id of their first (oldest) occurrence."""
    order = np.argsort(keys, kind="stable")
    k, v = keys[order], ids[order]
    first = np.ones(len(k), dtype=bool)
    first[1:] = k[1:] != k[:-1]
    return k[first], v[first]


def _merge_runs(a: _Run, b: _Run, budget: MemoryBudget, block: int = 1 << 18) -> _Run:
    """Two spilled runs (``a`` the older) merged into one on disk, ``block`` entries of each at a time."""
    out = _Run(np.zeros(0, dtype=a.kdtype), np.zeros(0, dtype=a.idtype))
    out.keys = out.ids = None
    out.files = (budget.dir.file("keys", ".bin"), budget.dir.file("ids", ".bin"))
    fences: list[NDArray[Any]] = []
    n = 0
    last: Any = None
    ia, ib = a.blocks(block), b.blocks(block)
    xa, va = next(ia, (np.zeros(0, a.kdtype), np.zeros(0, a.idtype)))
    xb, vb = next(ib, (np.zeros(0, b.kdtype), np.zeros(0, b.idtype)))
    with open(out.files[0], "wb") as fk, open(out.files[1], "wb") as fi:
        while len(xa) or len(xb):
            if len(xa) and len(xb):  # emit what is <= the smaller of the two blocks' last keys
                bound = min(xa[-1], xb[-1])
                na = int(np.searchsorted(xa, bound, side="right"))
                nb = int(np.searchsorted(xb, bound, side="right"))
            else:
                na, nb = len(xa), len(xb)
            k, v = _first_of_each(np.concatenate([xa[:na], xb[:nb]]), np.concatenate([va[:na], vb[:nb]]))
            if last is not None and len(k) and k[0] == last:  # written already, from the older run
                k, v = k[1:], v[1:]
            if len(k):
                # fence entries at global positions that are multiples of _FENCE
                fences.append(k[(-n) % _FENCE :: _FENCE])
                k.tofile(fk)
                v.tofile(fi)
                n += len(k)
                last = k[-1]
            xa, va, xb, vb = xa[na:], va[na:], xb[nb:], vb[nb:]
            if not len(xa):
                xa, va = next(ia, (xa, va))
            if not len(xb):
                xb, vb = next(ib, (xb, vb))
    out.n = n
    out.fence = np.concatenate(fences) if fences else np.zeros(0, dtype=a.kdtype)
    budget.spilled += n * (np.dtype(a.kdtype).itemsize + np.dtype(a.idtype).itemsize)
    a.drop()
    b.drop()
    return out


class KeyIndex:
    """Unsigned integer keys -> the id first stored under each, in sorted runs merged like a log-structured tree
    (adding ``n`` keys in chunks costs ``O(n log n)``; a lookup is a binary search per run). Keys and ids keep
    the dtypes they are added with (64-bit keys for exact hashes; 32-bit band keys and ids for the LSH).

    With a ``budget``: once the structures sharing it hold more than its limit, the runs held in memory are
    written to its spill folder as they are (runs past an eighth of the budget are never merged in memory);
    runs on disk are merged two by two, a block at a time, and
    a lookup reads only the blocks of a run its (sorted) keys fall in. Memory then holds the budget, one fence
    key per ``_FENCE`` keys on disk, and the blocks being read."""

    def __init__(self, budget: MemoryBudget | None = None) -> None:
        self._disk: list[_Run] = []
        self._runs: list[_Run] = []
        self._budget = budget

    def __len__(self) -> int:
        return sum(r.n for r in self._disk) + sum(r.n for r in self._runs)

    @property
    def nbytes(self) -> int:
        """Bytes held in memory."""
        return sum(r.nbytes for r in self._runs) + sum(int(r.fence.nbytes) for r in self._disk)

    @property
    def spilled(self) -> bool:
        return bool(self._disk)

    def add(self, keys: NDArray[Any], ids: NDArray[Any]) -> None:
        if len(keys) == 0:
            return
        run = _Run(*_first_of_each(keys, ids))
        self._runs.append(run)
        if self._budget is not None:
            self._budget.used += run.nbytes
        while len(self._runs) >= 2 and self._runs[-2].n <= 2 * self._runs[-1].n:
            # with a budget, runs past an eighth of it are not merged in memory (the merge's temporaries are a
            # few times its size): they wait to be spilled, and merge on disk a block at a time
            if self._budget is not None and self._runs[-2].nbytes + self._runs[-1].nbytes > self._budget.limit // 8:
                break
            self._merge_last_in_memory()
        if self._budget is not None and self._budget.over():
            self.spill()

    def _merge_last_in_memory(self) -> None:
        a, b = self._runs[-2], self._runs[-1]
        assert a.keys is not None and a.ids is not None and b.keys is not None and b.ids is not None
        before = a.nbytes + b.nbytes
        run = _Run(*_first_of_each(np.concatenate([a.keys, b.keys]), np.concatenate([a.ids, b.ids])))
        self._runs[-2:] = [run]
        if self._budget is not None:
            self._budget.used += run.nbytes - before

    def spill(self) -> None:
        """Write the runs held in memory to disk, oldest first, each as it is (sorted already), then merge runs
        on disk two by two, a block at a time (needs a budget: its folder takes the files)."""
        if self._budget is None or not self._runs:
            return
        for run in self._runs:
            run.spill(self._budget)
            self._disk.append(run)
            while len(self._disk) >= 2 and self._disk[-2].n <= 2 * self._disk[-1].n:
                self._disk[-2:] = [_merge_runs(self._disk[-2], self._disk[-1], self._budget)]
        self._runs = []

    def lookup(self, keys: NDArray[Any]) -> NDArray[np.int64]:
        """The id stored under each key (the oldest run's first), -1 where none is."""
        out = np.full(len(keys), -1, dtype=np.int64)
        runs = self._disk + self._runs  # oldest first
        if not runs or len(keys) == 0:
            return out
        order = np.argsort(keys)  # sorted queries walk each run in order: 5-10x faster than random probes
        sk = keys[order]
        found = np.full(len(keys), -1, dtype=np.int64)
        for run in runs:
            run.lookup(sk, found)
        out[order] = found
        return out


class _Signatures:
    """The signatures of stored rows, addressed by id, for verifying candidates.

    Each entry is kept as its top 16 bits: two different minima then look equal with probability 1/65,536,
    which moves an estimated similarity by less than 0.0001 and halves the memory kept per row. Capacity
    grows by half each time (not doubling), to keep the slack small. With a ``budget``, once over it, the
    rows held in memory are appended to two files (signatures, positions) and read back row by row when a
    candidate needs them: memory holds only the rows added since."""

    def __init__(self, width: int, budget: MemoryBudget | None = None) -> None:
        self._width = width
        self._buf = np.empty((0, width), dtype=np.uint16)
        self._pos = np.empty(0, dtype=np.int64)
        self._budget = budget
        self._files: tuple[Path, Path] | None = None
        self.on_disk = 0  # ids below this are in the files
        self.n = 0

    def add(self, sig: NDArray[np.uint32], positions: NDArray[np.int64]) -> NDArray[np.int64]:
        """Store signatures with the input positions they came from; returns their ids."""
        held = self.n - self.on_disk
        need = held + len(sig)
        before = self.nbytes
        if need > len(self._buf):
            cap = max(need, len(self._buf) + len(self._buf) // 2, 1024)
            grown = np.empty((cap, self._width), dtype=np.uint16)
            grown[:held] = self._buf[:held]
            self._buf = grown
            pos = np.empty(cap, dtype=np.int64)
            pos[:held] = self._pos[:held]
            self._pos = pos
        self._buf[held:need] = sig >> np.uint32(16)
        self._pos[held:need] = positions
        ids = np.arange(self.n, self.n + len(sig), dtype=np.int64)
        self.n += len(sig)
        if self._budget is not None:
            self._budget.used += self.nbytes - before
            if self._budget.over():
                self.spill()
        return ids

    def spill(self) -> None:
        if self._budget is None or self.n == self.on_disk:
            return
        if self._files is None:
            self._files = (self._budget.dir.file("signatures", ".bin"), self._budget.dir.file("positions", ".bin"))
        held = self.n - self.on_disk
        with open(self._files[0], "ab") as fs, open(self._files[1], "ab") as fp:
            np.ascontiguousarray(self._buf[:held]).tofile(fs)
            self._pos[:held].tofile(fp)
        self._budget.spilled += held * (2 * self._width + 8)
        self._budget.used -= self.nbytes
        self.on_disk = self.n
        self._buf = np.empty((0, self._width), dtype=np.uint16)
        self._pos = np.empty(0, dtype=np.int64)

    def _rows(self, ids: NDArray[np.int64]) -> tuple[NDArray[np.uint16], NDArray[np.int64]]:
        """The stored signatures and positions of ``ids`` (each ``0 <= id < n``)."""
        sig = np.empty((len(ids), self._width), dtype=np.uint16)
        pos = np.empty(len(ids), dtype=np.int64)
        mem = ids >= self.on_disk
        sig[mem] = self._buf[ids[mem] - self.on_disk]
        pos[mem] = self._pos[ids[mem] - self.on_disk]
        disk = np.flatnonzero(~mem)
        if len(disk):
            assert self._files is not None
            row = 2 * self._width
            with open(self._files[0], "rb") as fs, open(self._files[1], "rb") as fp:
                s_fd, p_fd = fs.fileno(), fp.fileno()
                for i in disk.tolist():
                    r = int(ids[i])
                    sig[i] = np.frombuffer(os.pread(s_fd, row, r * row), dtype=np.uint16)
                    pos[i] = int.from_bytes(os.pread(p_fd, 8, r * 8), sys.byteorder, signed=True)
        return sig, pos

    def similarity(self, sig: NDArray[np.uint32], ids: NDArray[np.int64]) -> NDArray[np.float64]:
        stored, _ = self._rows(ids)
        return (stored == (sig >> np.uint32(16)).astype(np.uint16)).mean(axis=1)

    def positions(self, ids: NDArray[np.int64]) -> NDArray[np.int64]:
        if self.n == 0:
            return np.full(len(ids), -1, dtype=np.int64)
        ok = ids >= 0
        out = np.full(len(ids), -1, dtype=np.int64)
        out[ok] = self._rows(ids[ok])[1]
        return out

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
    duplicates of earlier rows of the output (the reference alone otherwise). ``memory_budget``: bytes of
    state held in memory before it is spilled to files under ``spill_dir`` (a temp folder by default, removed
    by ``close`` or when the filter is collected); None keeps everything in memory. Spilling changes no
    verdict: the same rows are kept and matched, whatever the budget and the chunk size.
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
        memory_budget: int | None = DEFAULT_BUDGET,
        spill_dir: str | Path | None = None,
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
        self.budget = None if memory_budget is None else MemoryBudget(memory_budget, SpillDir(spill_dir))
        self._exact_seen = KeyIndex(self.budget)
        self._exact_ref = KeyIndex(self.budget)
        self._near_seen = KeyIndex(self.budget)
        self._near_ref = KeyIndex(self.budget)
        self._sig_seen = _Signatures(num_perm, self.budget)
        self._sig_ref = _Signatures(num_perm, self.budget)
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
    def spilled_bytes(self) -> int:
        """Bytes of state written to the spill folder so far (merges rewrite some: this counts each write)."""
        return 0 if self.budget is None else self.budget.spilled

    def close(self) -> None:
        """Remove the spill files (also done when the filter is garbage collected)."""
        if self.budget is not None:
            self.budget.close()

    @property
    def state_bytes(self) -> int:
        """Memory held between chunks (indexes and signatures): bounded by ``memory_budget`` plus a chunk's
        additions and one fence key per 1,024 keys on disk; without a budget it grows with the rows kept."""
        return (
            self._exact_seen.nbytes
            + self._exact_ref.nbytes
            + self._near_seen.nbytes
            + self._near_ref.nbytes
            + self._sig_seen.nbytes
            + self._sig_ref.nbytes
        )
