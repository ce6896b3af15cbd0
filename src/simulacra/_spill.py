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
hash runs and fixed-width columns as raw numpy files read through a memory map opened for
one lookup and dropped after it (so touched pages leave the process's RSS; while a lookup runs,
the kernel's fault-around may map up to the whole file when it is cached: clean file pages, not
allocated memory), value logs as Arrow IPC files. Text columns that children read spill as three
raw files (int64 end offsets, UTF-8 bytes, validity) and are gathered through memory maps too.
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

__all__ = ["DEFAULT_BUDGET", "MemoryBudget", "SetLedger", "SpillColumn", "SpillDir", "UniqueLedger", "hash_rows"]

DEFAULT_BUDGET = 256 * 1024 * 1024  # bytes of ledgers and parent columns held in memory before spilling

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


def _mapped(path: Path, dtype: Any, n: int) -> NDArray[Any]:
    """A read-only view of a raw numpy file (an empty array for n == 0); drop it to unmap."""
    if n == 0:
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r", shape=(n,))


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

    def arrays(self) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
        if self.h is not None and self.o is not None:
            return self.h, self.o
        assert self.files is not None
        return _mapped(self.files[0], np.uint64, self.n), _mapped(self.files[1], np.int64, self.n)


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
    with open(out.files[0], "wb") as fh, open(out.files[1], "wb") as fo:
        while i < a.n or j < b.n:
            ah, ao = a.arrays()
            bh, bo = b.arrays()
            xa, xb = ah[i : i + block], bh[j : j + block]
            if len(xa) and len(xb):  # emit what is <= the smaller of the two blocks' last hashes
                bound = min(xa[-1], xb[-1])
                na = int(np.searchsorted(xa, bound, side="right"))
                nb = int(np.searchsorted(xb, bound, side="right"))
            else:
                na, nb = len(xa), len(xb)
            hh = np.concatenate([xa[:na], xb[:nb]])
            oo = np.concatenate([ao[i : i + na], bo[j : j + nb]])
            order = np.argsort(hh, kind="stable")
            hh[order].tofile(fh)
            oo[order].tofile(fo)
            i += na
            j += nb
            del ah, ao, bh, bo, xa, xb
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


class _ValueLog:
    """The values added to a ledger, in order, as frames (Arrow) in memory or IPC files."""

    def __init__(self, budget: MemoryBudget) -> None:
        self.budget = budget
        self.parts: list[pl.DataFrame | Path] = []
        self.starts: list[int] = []
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
                writer.write_table(table.cast(schema))
                del table
                self.budget.used -= size
                self.nbytes -= size
            if writer is not None:
                writer.close()
        self.budget.spilled += path.stat().st_size
        self.parts.append(path)

    def values(self, ordinals: NDArray[np.int64]) -> list[tuple[Any, ...]]:
        """The value tuples at ``ordinals`` (read from files only for the parts they fall in)."""
        part = np.searchsorted(np.asarray(self.starts, dtype=np.int64), ordinals, side="right") - 1
        out: list[tuple[Any, ...]] = [()] * len(ordinals)
        for p in np.unique(part):
            sel = np.flatnonzero(part == p)
            src = self.parts[int(p)]
            pos = ordinals[sel] - self.starts[int(p)]
            if isinstance(src, Path):  # memory-mapped: only the pages of these rows are read
                with pa.memory_map(str(src)) as mm:  # taken in Arrow: only these rows are copied
                    mapped = pa.ipc.open_file(mm).read_all()
                    picked = mapped.take(pa.array(pos, type=pa.int64()))
                    del mapped
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
            lo = np.searchsorted(rh, h, side="left")
            hi = np.searchsorted(rh, h, side="right")
            hit = np.flatnonzero(hi > lo)
            for q in hit:  # hits are repeats (or, rarely, collisions): few
                span = np.arange(lo[q], hi[q])
                qs.append(np.full(len(span), q, dtype=np.int64))
                ords.append(np.asarray(ro[span], dtype=np.int64))
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
        vals_map = _mapped(self.files[0], self._np_dtype, self.n)
        valid_map = _mapped(self.files[1], np.bool_, self.n)
        vals = np.array(vals_map[pos]) if self.n else np.zeros(len(idx), dtype=self._np_dtype)
        valid = (np.array(valid_map[pos]) if self.n else np.zeros(len(idx), dtype=bool)) & ~null
        del vals_map, valid_map
        out = pl.Series(self.name, vals).cast(self.dtype)
        if not valid.all():
            out = pl.select(pl.when(pl.lit(pl.Series(valid))).then(pl.lit(out)).otherwise(None)).to_series()
        return out

    def _gather_text(self, pos: NDArray[np.int64], null: NDArray[np.bool_]) -> pl.Series:
        """Text values at ``pos`` (null where ``null``): offsets and bytes read through memory maps."""
        assert self.files is not None and self.ends is not None and self.dtype is not None
        if self.n == 0:
            return pl.Series(self.name, [None] * len(pos), dtype=pl.String).cast(self.dtype)
        ends_map = _mapped(self.ends, np.int64, self.n)
        valid_map = _mapped(self.files[1], np.bool_, self.n)
        end = np.array(ends_map[pos])
        start = np.where(pos > 0, np.array(ends_map[np.maximum(pos - 1, 0)]), 0)
        valid = np.array(valid_map[pos]) & ~null
        del ends_map, valid_map
        lengths = np.where(valid, end - start, 0)
        out_ends = np.cumsum(lengths, dtype=np.int64)
        total = int(out_ends[-1]) if len(out_ends) else 0
        offsets = np.concatenate([np.zeros(1, np.int64), out_ends])
        if total:
            data_map = _mapped(self.files[0], np.uint8, self.n_bytes)
            where = np.repeat(start - offsets[:-1], lengths) + np.arange(total, dtype=np.int64)
            data = np.array(data_map[where])
            del data_map
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
