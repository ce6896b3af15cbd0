"""Stable, vectorised 64-bit hashing of strings, their character shingles and table rows.

Everything here is a pure function of the bytes it is given (never Python's salted ``hash`` nor
polars' version-dependent row hash), so the same data hashes the same in every process and
version, which is what makes deduplication and the pipeline's output reproducible byte for byte.

Strings are hashed as polynomials over their UTF-8 bytes modulo 2**64 with an odd base ``Q``:
with ``G[i] = sum_{j<i} b_j * Q**j`` (a wrapping ``cumsum``), the hash of any segment
``[s, e)`` is ``(G[e] - G[s]) * Q**-s`` (``Q`` is odd, hence invertible modulo 2**64). So whole
strings and every ``k``-byte window are hashed by a handful of numpy operations, with no Python
loop per string; a SplitMix64 finaliser then spreads the bits (and mixes in the length).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
from numpy.typing import NDArray

from simulacra._random import mix, stable_hash

__all__ = ["normalise_text", "row_hashes", "row_token_hashes", "shingle_hashes", "string_hashes", "word_ngram_hashes"]

_Q = np.uint64(0x100000001B3)  # FNV's 64-bit prime: odd, so invertible modulo 2**64
_Q_INV = np.uint64(pow(0x100000001B3, -1, 1 << 64))
_LEN = np.uint64(0x9E3779B97F4A7C15)
_NULL = np.uint64(stable_hash("simulacra.curate:null"))
_BLOCK_BYTES = 1 << 20  # bytes hashed per numpy pass (bounds the temporaries at ~50 MB)


def normalise_text(texts: pl.Series) -> pl.Series:
    """Lower case, runs of white space as one space, trimmed: the form text is compared in."""
    return texts.cast(pl.String).fill_null("").str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()


def _buffers(texts: pl.Series) -> tuple[NDArray[np.uint8], NDArray[np.int64]]:
    """The UTF-8 bytes of all strings, end to end, and the ``n + 1`` offsets that cut them."""
    arr = texts.cast(pl.String).fill_null("").to_arrow()
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = arr.cast(pa.large_string())
    bufs = arr.buffers()
    offsets = np.frombuffer(bufs[1], dtype=np.int64, count=len(arr) + 1, offset=arr.offset * 8).copy()
    data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None else np.zeros(0, dtype=np.uint8)
    start = int(offsets[0])
    data = data[start : int(offsets[-1])]
    offsets -= start
    return data, offsets


def _segment_hashes(
    data: NDArray[np.uint8] | NDArray[np.uint64], starts: NDArray[np.int64], ends: NDArray[np.int64]
) -> NDArray[np.uint64]:
    """Mixed polynomial hashes of the byte segments ``data[s:e]`` (all within ``data``)."""
    n = len(data)
    with np.errstate(over="ignore"):
        pw = np.empty(n + 1, dtype=np.uint64)
        pw[0] = 1
        if n:
            pw[1:] = _Q
            np.cumprod(pw, out=pw)
        inv = np.empty(n + 1, dtype=np.uint64)
        inv[0] = 1
        if n:
            inv[1:] = _Q_INV
            np.cumprod(inv, out=inv)
        g = np.zeros(n + 1, dtype=np.uint64)
        if n:
            np.cumsum(data.astype(np.uint64) * pw[:-1], out=g[1:])  # bytes, or 64-bit word hashes
        h = (g[ends] - g[starts]) * inv[starts]
        h ^= (ends - starts).astype(np.uint64) * _LEN
    return mix(h)


def string_hashes(texts: pl.Series) -> NDArray[np.uint64]:
    """One stable 64-bit hash per string (null hashes as the empty string)."""
    data, offsets = _buffers(texts)
    out = np.empty(len(offsets) - 1, dtype=np.uint64)
    for lo, hi in _blocks(offsets):
        base = int(offsets[lo])
        block = data[base : int(offsets[hi])]
        out[lo:hi] = _segment_hashes(block, offsets[lo:hi] - base, offsets[lo + 1 : hi + 1] - base)
    return out


def _blocks(offsets: NDArray[np.int64]) -> list[tuple[int, int]]:
    """Cut the strings into runs of about ``_BLOCK_BYTES`` bytes (a longer string is a run of its own)."""
    n = len(offsets) - 1
    out: list[tuple[int, int]] = []
    lo = 0
    while lo < n:
        hi = int(np.searchsorted(offsets, offsets[lo] + _BLOCK_BYTES, side="right")) - 1
        hi = min(max(hi, lo + 1), n)
        out.append((lo, hi))
        lo = hi
    return out


def shingle_hashes(texts: pl.Series, k: int = 5) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """The hashes of every ``k``-byte window of each string, end to end, and the ``n + 1`` offsets that
    cut them per string. A string shorter than ``k`` bytes (the empty one included) has one shingle: itself."""
    if k < 1:
        raise ValueError("k must be at least 1")
    data, offsets = _buffers(texts)
    lengths = np.diff(offsets)
    counts = np.maximum(lengths - k + 1, 1)
    out_offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out_offsets[1:])
    out = np.empty(int(out_offsets[-1]), dtype=np.uint64)
    for lo, hi in _blocks(offsets):
        base = int(offsets[lo])
        block = data[base : int(offsets[hi])]
        seg_start = offsets[lo:hi] - base
        seg_len = lengths[lo:hi]
        cnt = counts[lo:hi]
        # window starts: for each string, seg_start + 0 .. cnt-1
        first = np.repeat(seg_start - np.concatenate(([0], np.cumsum(cnt)[:-1])), cnt)
        starts = first + np.arange(int(cnt.sum()), dtype=np.int64)
        ends = starts + np.minimum(np.repeat(seg_len, cnt), k)
        out[out_offsets[lo] : out_offsets[hi]] = _segment_hashes(block, starts, ends)
    return out, out_offsets


def _column_hashes(frame: pl.DataFrame, name: str) -> NDArray[np.uint64]:
    col = frame.get_column(name)
    h = string_hashes(col.cast(pl.String))
    h[col.is_null().to_numpy()] = _NULL
    with np.errstate(over="ignore"):
        h ^= np.uint64(stable_hash("simulacra.curate:column:" + name))
    return mix(h)


def row_token_hashes(
    frame: pl.DataFrame, columns: list[str] | None = None
) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """Each row as the set of its ``column=value`` tokens (shape ``n_rows * n_columns``, row-major) and the offsets."""
    cols = list(columns) if columns is not None else list(frame.columns)
    n = frame.height
    tokens = np.empty((n, max(len(cols), 1)), dtype=np.uint64)
    if not cols:
        tokens[:, 0] = _NULL
    for j, c in enumerate(cols):
        tokens[:, j] = _column_hashes(frame, c)
    width = tokens.shape[1]
    return tokens.reshape(-1), np.arange(n + 1, dtype=np.int64) * width


def row_hashes(frame: pl.DataFrame, columns: list[str] | None = None) -> NDArray[np.uint64]:
    """One stable 64-bit hash per row of the given columns (in the order given)."""
    cols = list(columns) if columns is not None else list(frame.columns)
    h = np.full(frame.height, np.uint64(stable_hash("simulacra.curate:row")), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for c in cols:
            h = mix(h * _Q + _column_hashes(frame, c))
    return h


def word_ngram_hashes(texts: pl.Series, n: int) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """The hashes of every run of ``n`` consecutive words of each (normalised) text, end to end, and the
    ``len(texts) + 1`` offsets that cut them per text; a text of fewer than ``n`` words has none."""
    norm = normalise_text(texts)
    words = norm.str.split(" ")
    counts = words.list.len().to_numpy().astype(np.int64)
    counts[(norm.str.len_bytes() == 0).to_numpy()] = 0
    flat = words.explode().drop_nulls()
    flat = flat.filter(flat.str.len_bytes() > 0) if flat.len() != int(counts.sum()) else flat
    wh = string_hashes(flat)
    w_off = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=w_off[1:])
    per = np.maximum(counts - n + 1, 0)
    out_off = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(per, out=out_off[1:])
    total = int(out_off[-1])
    if total == 0:
        return np.zeros(0, dtype=np.uint64), out_off
    first = np.repeat(w_off[:-1] - out_off[:-1], per)
    starts = first + np.arange(total, dtype=np.int64)
    out = np.empty(total, dtype=np.uint64)
    step = 1 << 20
    for lo in range(0, total, step):
        st = starts[lo : lo + step]
        base = int(st[0])
        seg = wh[base : int(st[-1]) + n]
        out[lo : lo + step] = _segment_hashes(seg, st - base, st - base + n)
    return out, out_off
