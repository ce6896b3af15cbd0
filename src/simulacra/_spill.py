"""State that grows with the data, kept compact and spilled to disk past a memory budget.

Two structures need something per row of a table that is already made:

- ``UniqueLedger``: the values of a unique column (or column set) seen so far, as an EXACT set.
  In memory: a 64-bit hash and an 8-byte ordinal per value, in sorted numpy runs (a new run per
  batch, merged geometrically in linear time, so a lookup is a few ``searchsorted`` calls; two runs
  bigger together than a quarter of the budget are spilled instead and merged on disk). The values
  themselves sit in a log (Arrow frames, in row order); a hash hit is verified against the
  value it points to, so a hash collision never makes a distinct value a duplicate, and
  nothing probabilistic decides uniqueness.
- ``SpillColumn``: a parent column that child tables read by row index (``gather``).

Both charge a shared ``MemoryBudget``; past it they move what they hold to files in a
``SpillDir`` (a temp folder removed on ``close``, on error and when garbage collected):
hash runs and fixed-width columns as raw numpy files (``FileArray``: read with positioned reads, a
window of at most ``READ_WINDOW`` bytes at a time — never memory-mapped, since a map's touched pages,
up to the whole file for a lookup spread over it, count in the process's RSS), value logs as Arrow
IPC files read a record batch at a time. Text columns that children read spill as three raw files
(int64 end offsets, UTF-8 bytes, validity), gathered the same way.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
from numpy.typing import NDArray

__all__ = [
    "DEFAULT_BUDGET",
    "GENERATE_BUDGET",
    "ArrayBuilder",
    "FileArray",
    "MemoryBudget",
    "SetLedger",
    "SpillColumn",
    "SpillDir",
    "UniqueLedger",
    "hash_rows",
]

DEFAULT_BUDGET = 256 * 1024 * 1024  # bytes of ledgers and parent columns held in memory before spilling
# generate's default: the budget is a constant in the peak, and spilled state is read a window at a time (at 10^7
# rows against 256 MiB: the shop's peak RSS 715 -> 552 MB at the same CPU, HR's 614 -> 472 MB at +11 % CPU)
GENERATE_BUDGET = 64 * 1024 * 1024

HashFn = Callable[[pl.DataFrame], NDArray[np.uint64]]


def hash_rows(frame: pl.DataFrame) -> NDArray[np.uint64]:
    """A 64-bit hash per row (categoricals hashed as their text, so equal values hash equal in any frame)."""
    if any(isinstance(dt, (pl.Categorical, pl.Enum)) for dt in frame.schema.values()):
        frame = frame.select(
            pl.col(c).cast(pl.String) if isinstance(dt, (pl.Categorical, pl.Enum)) else pl.col(c)
            for c, dt in frame.schema.items()
        )
    return frame.hash_rows(seed=0).to_numpy().astype(np.uint64, copy=False)


class SpillDir:
    """A temp folder made on first use; ``close`` (or garbage collection) removes it and what it holds."""

    def __init__(self, parent: str | Path | None = None) -> None:
        self._parent = parent
        self._path: Path | None = None
        self._n = 0
        self._finalizer: Any = None

    @property
    def path(self) -> Path | None:
        return self._path

    def file(self, stem: str, suffix: str) -> Path:
        if self._path is None:
            self._path = Path(tempfile.mkdtemp(prefix="simulacra-spill-", dir=self._parent))
            self._finalizer = weakref.finalize(self, shutil.rmtree, str(self._path), True)
        self._n += 1
        return self._path / f"{self._n:06d}-{stem}{suffix}"

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()
        self._path = None
        self._finalizer = None


class MemoryBudget:
    """Bytes held in memory by the structures sharing it; one past ``limit`` spills itself."""

    def __init__(self, limit: int = DEFAULT_BUDGET, spill: SpillDir | None = None) -> None:
        if limit < 0:
            raise ValueError("memory budget must be >= 0 bytes")
        self.limit = int(limit)
        self.used = 0
        self.spilled = 0  # bytes written to spill files, in all
        self.dir = spill if spill is not None else SpillDir()

    def over(self) -> bool:
        return self.used > self.limit

    def close(self) -> None:
        self.dir.close()


def _save(budget: MemoryBudget, stem: str, arr: NDArray[Any]) -> Path:
    path = budget.dir.file(stem, ".bin")
    np.ascontiguousarray(arr).tofile(path)
    budget.spilled += arr.nbytes
    return path


READ_WINDOW = 1 << 20  # bytes a FileArray reads at once


class FileArray:
    """A read-only 1-D array in a raw numpy file, read with positioned reads of at most ``READ_WINDOW`` bytes
    (never memory-mapped: a map's touched pages count in the process's RSS until it is dropped, and a lookup
    spread over a file touches all of them). Beside its result, a call holds one window; ``searchsorted`` also
    keeps one value per window (the fences) after its first call.

    ``take``, ``searchsorted(side=)`` and ``len`` behave as numpy's (``take`` with indexes in range; the array
    sorted for ``searchsorted``), so code reading an in-memory array or a spilled one is the same code."""

    def __init__(self, path: Path, dtype: Any, n: int) -> None:
        self.path = path
        self.dtype = np.dtype(dtype)
        self.n = int(n)
        self.window = max(1, READ_WINDOW // self.dtype.itemsize)  # values per read
        self._fences: NDArray[Any] | None = None

    def __len__(self) -> int:
        return self.n

    def _read(self, f: Any, start: int, stop: int) -> NDArray[Any]:
        out = np.empty(stop - start, dtype=self.dtype)
        f.seek(start * self.dtype.itemsize)
        got = f.readinto(out.data.cast("B"))
        if got != out.nbytes:
            raise OSError(f"{self.path}: spill file ended early (read {got} of {out.nbytes} bytes at value {start})")
        return out

    def read(self, start: int, stop: int) -> NDArray[Any]:
        """Values ``start`` to ``stop`` (clipped to the array), one read."""
        start, stop = max(0, start), min(self.n, stop)
        if stop <= start:
            return np.zeros(0, dtype=self.dtype)
        with open(self.path, "rb") as f:
            return self._read(f, start, stop)

    def take(self, idx: Any) -> NDArray[Any]:
        """Values at ``idx`` (0 <= idx < len), read a window at a time in file order."""
        idx = np.asarray(idx, dtype=np.int64).reshape(-1)
        out = np.empty(len(idx), dtype=self.dtype)
        if not len(idx):
            return out
        order = None if bool(np.all(idx[1:] >= idx[:-1])) else np.argsort(idx, kind="stable")
        pos = idx if order is None else idx[order]
        if int(pos[0]) < 0 or int(pos[-1]) >= self.n:
            raise IndexError(f"{self.path}: index out of range for {self.n} values")
        win = pos // self.window
        cuts = np.flatnonzero(win[1:] != win[:-1]) + 1
        bounds = zip(np.concatenate([[0], cuts]).tolist(), np.concatenate([cuts, [len(pos)]]).tolist(), strict=True)
        with open(self.path, "rb") as f:
            for a, b in bounds:
                lo = int(pos[a])
                vals = self._read(f, lo, int(pos[b - 1]) + 1)[pos[a:b] - lo]
                if order is None:
                    out[a:b] = vals
                else:
                    out[order[a:b]] = vals
        return out

    def searchsorted(self, v: Any, side: Any = "left") -> NDArray[np.int64]:
        """As ``np.searchsorted(array, v, side)`` for the sorted array in the file: each value's window found
        among the fences (the first value of each window), then searched in that window alone."""
        v = np.asarray(v).reshape(-1)
        out = np.zeros(len(v), dtype=np.int64)
        if self.n == 0 or not len(v):
            return out
        with open(self.path, "rb") as f:
            if self._fences is None:
                self._fences = np.concatenate([self._read(f, i, i + 1) for i in range(0, self.n, self.window)])
            k = np.searchsorted(self._fences, v, side=side) - 1  # the answer is in window k (-1: it is 0)
            order = np.argsort(k, kind="stable")
            ks = k[order]
            cuts = np.flatnonzero(ks[1:] != ks[:-1]) + 1
            for a, b in zip(np.concatenate([[0], cuts]).tolist(), np.concatenate([cuts, [len(ks)]]).tolist()):
                w = int(ks[a])
                if w < 0:
                    continue
                start = w * self.window
                block = self._read(f, start, min(self.n, start + self.window))
                sel = order[a:b]
                out[sel] = start + np.searchsorted(block, v[sel], side=side)
        return out


class ArrayBuilder:
    """A 1-D array that outlives the chunks that make it (candidate parent rows, a self-reference's pool):
    parts appended in order, held in memory and charged to ``budget`` until it is passed, then appended to a
    spill file; or written at positions (``scatter``, for an array filled out of order: a counting sort).

    ``finish`` gives a numpy array (still charged: ``release`` it once its user is done) or a ``FileArray``;
    both read the same (``take``, ``searchsorted``, ``len``)."""

    def __init__(self, budget: MemoryBudget, dtype: Any, stem: str, size: int | None = None) -> None:
        """``size``: the length of an array filled with ``scatter`` (None: one made by ``append``)."""
        self.budget = budget
        self.dtype = np.dtype(dtype)
        self.stem = stem
        self.parts: list[NDArray[Any]] = []
        self.held = 0  # bytes charged to the budget
        self.n = 0
        self.path: Path | None = None
        self.whole: NDArray[Any] | None = None
        if size is not None:
            nbytes = int(size) * self.dtype.itemsize
            self.n = int(size)
            if budget.used + nbytes <= budget.limit:
                self.whole = np.zeros(int(size), dtype=self.dtype)
                self.held = nbytes
                budget.used += nbytes
            else:
                self.path = budget.dir.file(stem, ".bin")
                with self.path.open("wb") as f:
                    f.truncate(nbytes)
                budget.spilled += nbytes

    def append(self, part: NDArray[Any]) -> None:
        part = np.ascontiguousarray(part, dtype=self.dtype)
        self.n += len(part)
        if self.path is None and self.budget.used + part.nbytes <= self.budget.limit:
            self.parts.append(part)
            self.held += part.nbytes
            self.budget.used += part.nbytes
            return
        if self.path is None:
            self.path = self.budget.dir.file(self.stem, ".bin")
        with self.path.open("ab") as f:
            for p in [*self.parts, part]:
                p.tofile(f)
                self.budget.spilled += p.nbytes
        self.parts = []
        self.budget.used -= self.held
        self.held = 0

    def scatter(self, positions: NDArray[np.int64], values: NDArray[Any]) -> None:
        """``values`` at ``positions`` (an array made with ``size``); in a file, one write per run of
        consecutive positions."""
        values = np.asarray(values, dtype=self.dtype)
        if self.whole is not None:
            self.whole[positions] = values
            return
        if not len(positions):
            return
        order = np.argsort(positions, kind="stable")
        pos, vals = positions[order], np.ascontiguousarray(values[order])
        cuts = np.flatnonzero(pos[1:] != pos[:-1] + 1) + 1
        assert self.path is not None
        with self.path.open("r+b") as f:
            for a, b in zip(np.r_[0, cuts].tolist(), np.r_[cuts, len(pos)].tolist(), strict=True):
                f.seek(int(pos[a]) * self.dtype.itemsize)
                f.write(vals[a:b].data.cast("B"))

    def finish(self) -> NDArray[Any] | FileArray:
        if self.whole is not None:
            return self.whole
        if self.path is not None:
            return FileArray(self.path, self.dtype, self.n)
        whole = np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=self.dtype)
        self.parts = []
        self.whole = whole
        return whole

    def release(self) -> None:
        """The array is no longer read: its charge leaves the budget (a file stays until the run ends)."""
        self.budget.used -= self.held
        self.held = 0
        self.whole = None
        self.parts = []


# ---------------------------------------------------------------- uniqueness


class _Run:
    """Hashes sorted ascending with the ordinal (position in the value log) of each; in memory or two files."""

    def __init__(self, h: NDArray[np.uint64], o: NDArray[np.int64]) -> None:
        self.n = len(h)
        self.h: NDArray[np.uint64] | None = h
        self.o: NDArray[np.int64] | None = o
        self.files: tuple[Path, Path] | None = None

    @property
    def nbytes(self) -> int:
        return 0 if self.h is None or self.o is None else self.h.nbytes + self.o.nbytes

    def spill(self, budget: MemoryBudget) -> None:
        if self.h is None or self.o is None:
            return
        self.files = (_save(budget, "hash", self.h), _save(budget, "ord", self.o))
        budget.used -= self.nbytes
        self.h = self.o = None

    def arrays(self) -> tuple[NDArray[np.uint64] | FileArray, NDArray[np.int64] | FileArray]:
        """The hashes and ordinals: numpy arrays, or (spilled) ``FileArray``s read a window at a time."""
        if self.h is not None and self.o is not None:
            return self.h, self.o
        assert self.files is not None
        return FileArray(self.files[0], np.uint64, self.n), FileArray(self.files[1], np.int64, self.n)


def _merge_spilled(a: _Run, b: _Run, budget: MemoryBudget, block: int | None = None) -> _Run:
    """Two spilled runs merged into one, ``block`` values of each at a time (memory bounded by the block:
    about 80 bytes per value; by default a block of at most 1/128 of the budget, 4,096 to 262,144 values)."""
    if block is None:
        block = int(min(1 << 18, max(1 << 12, budget.limit // 128)))
    out = _Run(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))
    out.n = a.n + b.n
    out.h = out.o = None
    out.files = (budget.dir.file("hash", ".bin"), budget.dir.file("ord", ".bin"))
    i = j = 0
    assert a.files is not None and b.files is not None
    ah, ao = FileArray(a.files[0], np.uint64, a.n), FileArray(a.files[1], np.int64, a.n)
    bh, bo = FileArray(b.files[0], np.uint64, b.n), FileArray(b.files[1], np.int64, b.n)
    with open(out.files[0], "wb") as fh, open(out.files[1], "wb") as fo:
        while i < a.n or j < b.n:
            xa, xb = ah.read(i, i + block), bh.read(j, j + block)
            if len(xa) and len(xb):  # emit what is <= the smaller of the two blocks' last hashes
                bound = min(xa[-1], xb[-1])
                na = int(np.searchsorted(xa, bound, side="right"))
                nb = int(np.searchsorted(xb, bound, side="right"))
            else:
                na, nb = len(xa), len(xb)
            hh = np.concatenate([xa[:na], xb[:nb]])
            oo = np.concatenate([ao.read(i, i + na), bo.read(j, j + nb)])
            order = np.argsort(hh, kind="stable")
            hh[order].tofile(fh)
            oo[order].tofile(fo)
            i += na
            j += nb
            del xa, xb
    budget.spilled += out.n * 16
    for r in (a, b):
        if r.files is not None:
            for f in r.files:
                f.unlink(missing_ok=True)
    return out


def _arrow_of(frame: pl.DataFrame) -> pa.Table:
    """A log frame as Arrow with plain text for categoricals (their dictionaries differ between frames;
    the values, compared as Python values, are the same)."""
    if any(isinstance(dt, (pl.Categorical, pl.Enum)) for dt in frame.schema.values()):
        frame = frame.select(
            pl.col(c).cast(pl.String) if isinstance(dt, (pl.Categorical, pl.Enum)) else pl.col(c)
            for c, dt in frame.schema.items()
        )
    return frame.to_arrow()


def _merge_sorted(a: _Run, b: _Run) -> _Run:
    """Two in-memory runs merged in linear time into arrays of their combined size (a's entries first among
    equal hashes); beside the two inputs it needs the output and one position per entry of ``b``."""
    assert a.h is not None and a.o is not None and b.h is not None and b.o is not None
    n = a.n + b.n
    pos = np.searchsorted(a.h, b.h, side="right") + np.arange(b.n, dtype=np.int64)
    from_a = np.ones(n, dtype=bool)
    from_a[pos] = False
    hh = np.empty(n, dtype=np.uint64)
    oo = np.empty(n, dtype=np.int64)
    hh[pos] = b.h
    oo[pos] = b.o
    del pos
    hh[from_a] = a.h
    oo[from_a] = a.o
    return _Run(hh, oo)


_LOG_BATCH = 65_536  # rows per record batch of a spilled value log: what one lookup reads at most at once


class _ValueLog:
    """The values added to a ledger, in order, as frames (Arrow) in memory or IPC files of record batches of
    at most ``_LOG_BATCH`` rows, of which a lookup reads only the batches holding the rows it needs."""

    def __init__(self, budget: MemoryBudget) -> None:
        self.budget = budget
        self.parts: list[pl.DataFrame | Path] = []
        self.starts: list[int] = []
        self.batch_starts: dict[Path, NDArray[np.int64]] = {}  # a spilled part's first row of each batch
        self.size = 0
        self._mem: list[int] = []  # positions of parts still in memory
        self.nbytes = 0  # their size

    def append(self, frame: pl.DataFrame) -> None:
        if frame.height == 0:
            return
        self.starts.append(self.size)
        self.parts.append(frame)
        self._mem.append(len(self.parts) - 1)
        self.size += frame.height
        self.nbytes += int(frame.estimated_size())
        self.budget.used += int(frame.estimated_size())

    def spill(self) -> None:
        """Write the parts held in memory to one IPC file (parts before it keep their own), a part at a time:
        each frame is dropped once written, so spilling needs one frame's Arrow copy beside the log, not two logs."""
        if not self._mem:
            return
        first = self._mem[0]
        frames: list[pl.DataFrame | None] = [p for p in self.parts[first:] if isinstance(p, pl.DataFrame)]
        del self.parts[first:]
        del self.starts[first + 1 :]
        self._mem = []
        path = self.budget.dir.file("values", ".arrow")
        schema: pa.Schema | None = None
        writer: Any = None
        starts: list[int] = []
        rows = 0
        with pa.OSFile(str(path), "wb") as sink:
            for k, frame in enumerate(frames):
                assert frame is not None
                frames[k] = None
                size = int(frame.estimated_size())
                table = _arrow_of(frame)
                del frame
                if writer is None:
                    schema = table.schema
                    writer = pa.ipc.new_file(sink, schema)
                for batch in table.cast(schema).to_batches(max_chunksize=_LOG_BATCH):
                    if batch.num_rows:
                        starts.append(rows)
                        rows += batch.num_rows
                        writer.write_batch(batch)
                del table
                self.budget.used -= size
                self.nbytes -= size
            if writer is not None:
                writer.close()
        self.budget.spilled += path.stat().st_size
        self.batch_starts[path] = np.asarray(starts, dtype=np.int64)
        self.parts.append(path)

    def values(self, ordinals: NDArray[np.int64]) -> list[tuple[Any, ...]]:
        """The value tuples at ``ordinals`` (read from files only for the parts they fall in)."""
        part = np.searchsorted(np.asarray(self.starts, dtype=np.int64), ordinals, side="right") - 1
        out: list[tuple[Any, ...]] = [()] * len(ordinals)
        for p in np.unique(part):
            sel = np.flatnonzero(part == p)
            src = self.parts[int(p)]
            pos = ordinals[sel] - self.starts[int(p)]
            if isinstance(src, Path):  # read (not mapped) a record batch at a time: only those holding these rows
                bstarts = self.batch_starts[src]
                which = np.searchsorted(bstarts, pos, side="right") - 1
                order = np.argsort(which, kind="stable")
                pieces: list[pa.Table] = []
                with pa.OSFile(str(src), "rb") as fh:
                    reader = pa.ipc.open_file(fh)
                    for b in np.unique(which).tolist():
                        rows_b = order[which[order] == b]
                        batch = reader.get_batch(b)
                        pieces.append(pa.Table.from_batches([batch.take(pa.array(pos[rows_b] - bstarts[b]))]))
                        del batch
                picked = pa.concat_tables(pieces).combine_chunks()
                inverse = np.empty(len(pos), dtype=np.int64)
                inverse[order] = np.arange(len(pos), dtype=np.int64)
                picked = picked.take(pa.array(inverse))
                del pieces
                got = pl.from_arrow(picked)
                frame = sub = got if isinstance(got, pl.DataFrame) else got.to_frame()
                del picked, got
            else:
                frame = src
                sub = src[pos]
            for i, v in zip(sel, zip(*(sub.get_column(c).to_list() for c in sub.columns), strict=True), strict=True):
                out[int(i)] = v
            del frame, sub
        return out


class UniqueLedger:
    """An exact set of value tuples (one unique column or column set), bounded in memory by a budget.

    ``find(frame, keys)``: which rows repeat a value added before; ``add(frame, keys)``: remember rows.
    ``frame`` holds the rows' values (no nulls), ``keys`` the same values as Python tuples; equality
    is Python's (as a ``set`` of those tuples had it), a hash only narrows where to look.
    """

    def __init__(self, budget: MemoryBudget, *, hash_fn: HashFn = hash_rows) -> None:
        self.budget = budget
        self.hash_fn = hash_fn
        self.runs: list[_Run] = []  # spilled runs first, then in-memory runs in decreasing size
        self.log = _ValueLog(budget)
        self.size = 0
        self.verified = 0  # hash hits checked against a value (a repeat or a collision)

    def __len__(self) -> int:
        return self.size

    def _hash(self, frame: pl.DataFrame) -> NDArray[np.uint64]:
        h = np.asarray(self.hash_fn(frame), dtype=np.uint64)
        if len(h) != frame.height:
            raise ValueError(f"hash function gave {len(h)} hashes for {frame.height} rows")
        return h

    def find(self, frame: pl.DataFrame, keys: Sequence[tuple[Any, ...]]) -> NDArray[np.bool_]:
        """Per row: True when an equal value was added before."""
        found = np.zeros(frame.height, dtype=bool)
        if frame.height == 0 or self.size == 0:
            return found
        h = self._hash(frame)
        qs: list[NDArray[np.int64]] = []
        ords: list[NDArray[np.int64]] = []
        for run in self.runs:
            rh, ro = run.arrays()
            lo = rh.searchsorted(h, side="left")
            inside = np.flatnonzero(lo < run.n)
            hit = inside[rh.take(lo[inside]) == h[inside]]  # hits are repeats (or, rarely, collisions): few
            if not len(hit):
                continue
            cnt = rh.searchsorted(h[hit], side="right") - lo[hit]  # entries with each hit's hash
            ends = np.cumsum(cnt)
            qs.append(np.repeat(hit, cnt).astype(np.int64))
            ords.append(
                np.asarray(ro.take(np.repeat(lo[hit] - (ends - cnt), cnt) + np.arange(int(ends[-1]))), np.int64)
            )
            del rh, ro
        if not qs:
            return found
        q_all = np.concatenate(qs)
        o_all = np.concatenate(ords)
        self.verified += len(o_all)
        for q, value in zip(q_all, self.log.values(o_all), strict=True):
            if not found[q] and value == tuple(keys[q]):
                found[q] = True
        return found

    def add(self, frame: pl.DataFrame) -> None:
        """Remember these rows' values (the caller has made sure none is already here)."""
        if frame.height == 0:
            return
        h = self._hash(frame)
        order = np.argsort(h, kind="stable")
        run = _Run(h[order], (self.size + order).astype(np.int64))
        self.budget.used += run.nbytes
        self.runs.append(run)
        self.log.append(frame)
        self.size += frame.height
        mem = [r for r in self.runs if r.h is not None]
        cap = self.budget.limit // 4  # the largest run merged in memory (bytes): merging needs about its size again
        while len(mem) >= 2 and mem[-2].n < 2 * mem[-1].n:  # geometric sizes: O(log n) runs
            x, y = mem[-2], mem[-1]
            if x.nbytes + y.nbytes > cap:  # too big to merge here: to disk, where merges go block by block
                self._spill_runs()
                break
            merged = _merge_sorted(x, y)
            self.budget.used += merged.nbytes - x.nbytes - y.nbytes
            self.runs = self.runs[: len(self.runs) - 2] + [merged]
            mem = mem[:-2] + [merged]
            del x, y, merged
        if self.budget.over() and self.nbytes >= self.budget.limit // 8:
            self.spill()  # (a ledger holding little waits: many tiny runs would make every lookup slower)

    @property
    def nbytes(self) -> int:
        """Bytes this ledger holds in memory."""
        return sum(r.nbytes for r in self.runs) + self.log.nbytes

    def _spill_runs(self) -> None:
        """Move the in-memory runs to files, each as it is (already sorted: nothing is copied), then merge the
        spilled runs on disk, block by block, until their sizes are geometric again (O(log n) runs to search)."""
        for r in self.runs:
            r.spill(self.budget)
        while len(self.runs) >= 2 and self.runs[-2].n < 2 * self.runs[-1].n:
            self.runs = self.runs[:-2] + [_merge_spilled(self.runs[-2], self.runs[-1], self.budget)]

    def spill(self) -> None:
        """Move what is in memory to files: the hash runs and the value log."""
        self._spill_runs()
        self.log.spill()


class SetLedger:
    """The reference ledger: a Python set of the tuples (every value as Python objects; no spilling).

    Same answers as ``UniqueLedger``; kept to compare against it in tests and benchmarks.
    """

    def __init__(self, budget: MemoryBudget | None = None, **_: Any) -> None:
        self.values: set[tuple[Any, ...]] = set()

    def __len__(self) -> int:
        return len(self.values)

    def find(self, frame: pl.DataFrame, keys: Sequence[tuple[Any, ...]]) -> NDArray[np.bool_]:
        return np.fromiter((tuple(k) in self.values for k in keys), dtype=bool, count=len(keys))

    def add(self, frame: pl.DataFrame) -> None:
        self.values.update(zip(*(frame.get_column(c).to_list() for c in frame.columns), strict=True))


# ---------------------------------------------------------------- parent columns


def _fixed_width(dtype: pl.DataType) -> bool:
    return (dtype.is_numeric() and not isinstance(dtype, pl.Decimal)) or isinstance(
        dtype, (pl.Boolean, pl.Date, pl.Datetime, pl.Duration, pl.Time)
    )


def _textual(dtype: pl.DataType) -> bool:
    return isinstance(dtype, (pl.String, pl.Categorical, pl.Enum))


def _text_buffers(s: pl.Series) -> tuple[NDArray[np.int64], NDArray[np.uint8], NDArray[np.bool_]]:
    """A text column's value lengths, UTF-8 bytes and validity (nulls: length 0)."""
    arr = s.cast(pl.String).to_arrow()
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    arr = arr.cast(pa.large_string())
    valid = arr.is_valid().to_numpy(zero_copy_only=False).astype(bool)
    bufs = arr.buffers()
    n = len(arr)
    offsets = np.frombuffer(bufs[1], dtype=np.int64, count=n + 1, offset=arr.offset * 8) if n else np.zeros(1, np.int64)
    data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None else np.zeros(0, np.uint8)
    data = data[int(offsets[0]) : int(offsets[-1])]
    return np.diff(offsets), data, valid


class SpillColumn:
    """A column appended chunk by chunk and read by row index; fixed-width ones spill to a file."""

    def __init__(self, dtype: pl.DataType | None, budget: MemoryBudget, name: str = "") -> None:
        self.dtype = dtype
        self.name = name
        self.budget = budget
        self.parts: list[pl.Series] = []
        self.n = 0  # rows appended
        self.n_spilled = 0  # rows in the files (the first ones)
        self.files: tuple[Path, Path] | None = None  # values (physical), validity (bool)
        self.ends: Path | None = None  # text: end offset of each value in the values file (int64)
        self.n_bytes = 0  # text: bytes in the values file
        self._np_dtype: Any = None
        self.whole: pl.Series | None = None  # after finish, when nothing was spilled

    @property
    def spillable(self) -> bool:
        return self.dtype is not None and (_fixed_width(self.dtype) or _textual(self.dtype))

    @property
    def text(self) -> bool:
        return self.dtype is not None and _textual(self.dtype)

    @property
    def nbytes(self) -> int:
        return sum(int(p.estimated_size()) for p in self.parts) + (
            int(self.whole.estimated_size()) if self.whole is not None else 0
        )

    def append(self, s: pl.Series) -> None:
        if self.dtype is None:
            self.dtype = s.dtype
        self.parts.append(s)
        self.n += len(s)
        self.budget.used += int(s.estimated_size())

    def spill(self) -> None:
        """Append the parts held in memory to the column's files."""
        if not self.spillable or not (self.parts or self.whole is not None):
            return
        held = self.nbytes
        src = pl.concat(self.parts, rechunk=True) if self.parts else self.whole
        assert src is not None and self.dtype is not None
        if self.text:
            self._spill_text(src)
        else:
            self._spill_fixed(src)
        self.n_spilled += len(src)
        self.parts = []
        self.whole = None
        self.budget.used -= held

    def _spill_text(self, src: pl.Series) -> None:
        lengths, data, valid = _text_buffers(src)
        if self.files is None:
            self.files = (self.budget.dir.file("text", ".bin"), self.budget.dir.file("valid", ".bin"))
            self.ends = self.budget.dir.file("ends", ".bin")
        assert self.files is not None and self.ends is not None
        ends = self.n_bytes + np.cumsum(lengths, dtype=np.int64)
        with open(self.files[0], "ab") as f:
            np.ascontiguousarray(data).tofile(f)
        with open(self.ends, "ab") as f:
            ends.tofile(f)
        with open(self.files[1], "ab") as f:
            np.ascontiguousarray(valid, dtype=np.bool_).tofile(f)
        self.n_bytes += int(data.nbytes)
        self.budget.spilled += int(data.nbytes) + ends.nbytes + valid.nbytes

    def _spill_fixed(self, src: pl.Series) -> None:
        phys = src.to_physical()
        valid = src.is_not_null().to_numpy()
        vals = phys.fill_null(False if phys.dtype == pl.Boolean else 0).to_numpy()
        if self._np_dtype is None:
            self._np_dtype = vals.dtype
            self.files = (self.budget.dir.file("col", ".bin"), self.budget.dir.file("valid", ".bin"))
        assert self.files is not None
        with open(self.files[0], "ab") as f:
            np.ascontiguousarray(vals, dtype=self._np_dtype).tofile(f)
        with open(self.files[1], "ab") as f:
            np.ascontiguousarray(valid, dtype=np.bool_).tofile(f)
        self.budget.spilled += vals.nbytes + valid.nbytes

    def finish(self) -> None:
        """No more rows: one whole Series in memory, or everything in the files."""
        if self.files is not None:
            self.spill()
        elif self.parts:
            before = self.nbytes
            self.whole = pl.concat(self.parts, rechunk=True)
            self.parts = []
            self.budget.used += int(self.whole.estimated_size()) - before
        elif self.whole is None:
            self.whole = pl.Series([], dtype=self.dtype or pl.Null())

    def series(self) -> pl.Series:
        """The whole column (for a computation over all parent rows)."""
        return self.gather(np.arange(self.n, dtype=np.int64))

    def gather(self, idx: NDArray[np.int64]) -> pl.Series:
        """Values at row ``idx`` (null where idx < 0)."""
        null = idx < 0
        if self.whole is not None or self.files is None:
            src = (
                self.whole
                if self.whole is not None
                else pl.concat(self.parts, rechunk=True)
                if self.parts
                else pl.Series([], dtype=self.dtype)
            )
            out = src.gather(np.where(null, 0, idx)) if len(src) else pl.Series([None] * len(idx), dtype=src.dtype)
            if null.any():
                out = pl.select(pl.when(pl.lit(pl.Series(null))).then(None).otherwise(pl.lit(out))).to_series()
            return out
        assert self.dtype is not None and self.n_spilled == self.n, "gather before the column is finished"
        pos = np.where(null, 0, idx)
        if self.text:
            return self._gather_text(pos, null)
        vals = (
            FileArray(self.files[0], self._np_dtype, self.n).take(pos) if self.n else np.zeros(len(idx), self._np_dtype)
        )
        valid = (FileArray(self.files[1], np.bool_, self.n).take(pos) if self.n else np.zeros(len(idx), bool)) & ~null
        out = pl.Series(self.name, vals).cast(self.dtype)
        if not valid.all():
            out = pl.select(pl.when(pl.lit(pl.Series(valid))).then(pl.lit(out)).otherwise(None)).to_series()
        return out

    def _gather_text(self, pos: NDArray[np.int64], null: NDArray[np.bool_]) -> pl.Series:
        """Text values at ``pos`` (null where ``null``): offsets and bytes read a window at a time."""
        assert self.files is not None and self.ends is not None and self.dtype is not None
        if self.n == 0:
            return pl.Series(self.name, [None] * len(pos), dtype=pl.String).cast(self.dtype)
        valid = FileArray(self.files[1], np.bool_, self.n).take(pos) & ~null
        # each distinct row's bytes read once, in file order, then laid out in the order asked for
        uniq, inv = np.unique(pos[valid], return_inverse=True)
        ends = FileArray(self.ends, np.int64, self.n)
        u_end = ends.take(uniq)
        u_start = np.zeros(len(uniq), dtype=np.int64)
        if len(uniq):
            u_start[uniq > 0] = ends.take(uniq[uniq > 0] - 1)
        u_len = u_end - u_start
        u_at = np.concatenate([np.zeros(1, np.int64), np.cumsum(u_len, dtype=np.int64)])  # in u_data
        u_total = int(u_at[-1])
        if u_total:
            u_where = np.repeat(u_start - u_at[:-1], u_len) + np.arange(u_total, dtype=np.int64)
            u_data = FileArray(self.files[0], np.uint8, self.n_bytes).take(u_where)
            del u_where
        else:
            u_data = np.zeros(0, np.uint8)
        lengths = np.zeros(len(pos), dtype=np.int64)
        start = np.zeros(len(pos), dtype=np.int64)
        lengths[valid] = u_len[inv.reshape(-1)]
        start[valid] = u_at[:-1][inv.reshape(-1)]
        out_ends = np.cumsum(lengths, dtype=np.int64)
        total = int(out_ends[-1]) if len(out_ends) else 0
        offsets = np.concatenate([np.zeros(1, np.int64), out_ends])
        if total:
            where = np.repeat(start - offsets[:-1], lengths) + np.arange(total, dtype=np.int64)
            data = u_data[where]
        else:
            data = np.zeros(0, np.uint8)
        arr = pa.LargeStringArray.from_buffers(
            len(pos),
            pa.py_buffer(offsets),
            pa.py_buffer(data),
            pa.py_buffer(np.packbits(valid, bitorder="little")),
        )
        out = pl.Series(self.name, arr)
        return out if self.dtype == pl.String else out.cast(self.dtype)
