"""Vectorized string building blocks: pools, byte matrices, template filling.

Everything here works on whole columns at once. A value is drawn from 64 random
bits per row (``Stream.bits``); nothing is carried from row to row, so a subset of
rows gets the same values as a full run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import polars as pl
import pyarrow as pa
from numpy.typing import NDArray

from simulacra._random import Stream

__all__ = [
    "PhonePool",
    "Pool",
    "Templates",
    "concat_pools",
    "fold_ascii",
    "fold_series",
    "index_of",
    "strings_from_matrix",
]

_TABLE_BITS = 20
_TABLE_SIZE = 1 << _TABLE_BITS
_U32 = np.uint64(32)
_TABLE_SHIFT = np.uint64(64 - _TABLE_BITS)


def index_of(bits: NDArray[np.uint64], size: int) -> NDArray[np.int64]:
    """A uniform index in [0, size) from 64 random bits (multiply-high on the top 32)."""
    if size <= 0:
        raise ValueError("empty pool")
    hi = bits >> _U32
    hi *= np.uint64(size)
    hi >>= _U32
    return hi.astype(np.int64)


class Pool:
    """A list of strings sampled uniformly or by weight, as a polars Series.

    Weighted sampling goes through a lookup table of 2**20 entries (largest
    remainder rounding, every item at least one entry), so drawing is one gather.
    """

    __slots__ = ("_table", "size", "values")

    def __init__(self, items: Sequence[str], weights: Sequence[float] | None = None) -> None:
        if len(items) == 0:
            raise ValueError("empty pool")
        self.values = pl.Series(list(items), dtype=pl.String)
        self.size = len(items)
        self._table: NDArray[np.int32] | None = None
        if weights is not None:
            w = np.asarray(weights, dtype=np.float64)
            if not np.allclose(w, w[0]):
                self._table = _lookup_table(w)

    def index(self, bits: NDArray[np.uint64]) -> NDArray[np.int64]:
        if self._table is None:
            return index_of(bits, self.size)
        return self._table[bits >> _TABLE_SHIFT].astype(np.int64)

    def take(self, idx: NDArray[np.int64]) -> pl.Series:
        return self.values.gather(idx)

    def probabilities(self) -> NDArray[np.float64]:
        """Each item's chance of being drawn, exactly as ``index`` draws it (the lookup table's share)."""
        if self._table is None:
            return np.full(self.size, 1.0 / self.size)
        return np.bincount(self._table, minlength=self.size) / float(len(self._table))

    def sample(self, bits: NDArray[np.uint64]) -> pl.Series:
        return self.values.gather(self.index(bits))

    def __len__(self) -> int:
        return self.size


def _lookup_table(weights: NDArray[np.float64]) -> NDArray[np.int32]:
    n = len(weights)
    if n > _TABLE_SIZE // 2:
        raise ValueError("pool too large for a weighted lookup table")
    w = weights / weights.sum() * _TABLE_SIZE
    counts = np.maximum(np.floor(w).astype(np.int64), 1)
    diff = _TABLE_SIZE - int(counts.sum())
    if diff > 0:
        order = np.argsort(-(w - np.floor(w)), kind="stable")
        counts[order[:diff]] += 1
    elif diff < 0:
        order = np.argsort(-counts, kind="stable")
        counts[order[:-diff]] -= 1
    return np.repeat(np.arange(n, dtype=np.int32), counts)


def weighted_items(data: object) -> tuple[list[str], list[float] | None]:
    """Faker's data as (items, weights): dicts carry weights, repeats in tuples count."""
    if isinstance(data, dict):
        return [str(k) for k in data], [float(v) for v in data.values()]
    items = [str(x) for x in data]  # type: ignore[attr-defined]
    seen: dict[str, float] = {}
    for x in items:
        seen[x] = seen.get(x, 0.0) + 1.0
    if len(seen) == len(items):
        return items, None
    return list(seen), list(seen.values())


def concat_pools(series: Sequence[pl.Series]) -> pl.Series:
    """Series concatenated into ONE chunk (gathers on chunked Series are much slower)."""
    return pl.concat(list(series)).rechunk()


_concat = concat_pools

# --- ASCII folding -------------------------------------------------------------

# German umlauts fold as Germans write them in addresses and logins (Müller -> mueller),
# not by dropping the dots; other accents are stripped by NFKD below.
_SPECIAL = str.maketrans(
    {
        "ä": "ae",
        "Ä": "ae",
        "ö": "oe",
        "Ö": "oe",
        "ü": "ue",
        "Ü": "ue",
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
    }
)
_NOT_LOWER = re.compile(r"[^a-z]+")


def fold_ascii(text: str) -> str:
    """Lowercase ASCII letters only: umlauts spelled out (ü→ue, ß→ss), other accents stripped (é→e), the rest removed."""
    if text.isascii():  # nothing to spell out or strip (the table's keys are all beyond ASCII)
        return _NOT_LOWER.sub("", text.lower())
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_LOWER.sub("", text)


def fold_series(values: pl.Series, *, empty: str = "x") -> pl.Series:
    """``fold_ascii`` over a column, computed once per distinct value."""
    s = values.cast(pl.String)
    uniq = s.unique().drop_nulls()
    folded = [fold_ascii(v) or empty for v in uniq.to_list()]
    return s.replace_strict(uniq, pl.Series(folded, dtype=pl.String), default=empty, return_dtype=pl.String)


# --- byte matrices -> strings ----------------------------------------------------


def strings_from_matrix(matrix: NDArray[np.uint8], lengths: NDArray[np.int64]) -> pl.Series:
    """Row i of ``matrix`` truncated to ``lengths[i]`` bytes, as a String Series."""
    n, width = matrix.shape
    lengths = np.asarray(lengths, dtype=np.int64)
    if n and width and int(lengths.min()) == width:
        data = np.ascontiguousarray(matrix).ravel()
    else:
        mask = np.arange(width, dtype=np.int64)[None, :] < lengths[:, None]
        data = matrix[mask]
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    arr = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))
    return pl.Series(arr)


# --- templates with placeholders -------------------------------------------------

#: placeholder symbol -> alphabet (Faker's numerify/bothify conventions, plus '^'
#: for the letters used in the inward half of UK postcodes)
SYMBOLS: dict[str, str] = {
    "#": "0123456789",
    "%": "123456789",
    "$": "23456789",
    "?": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "^": "ABDEFGHJLNPQRSTUWXYZ",
    "*": "0123456789abcdef",
}
_SYM_IDS = {s: i + 1 for i, s in enumerate(SYMBOLS)}
_LUT = np.zeros((len(SYMBOLS) + 1, 32), dtype=np.uint8)
_SIZES = np.zeros(len(SYMBOLS) + 1, dtype=np.uint32)
for _s, _i in _SYM_IDS.items():
    _LUT[_i, : len(SYMBOLS[_s])] = np.frombuffer(SYMBOLS[_s].encode(), dtype=np.uint8)
    _SIZES[_i] = len(SYMBOLS[_s])
_LUT_FLAT = _LUT.ravel()


class Templates:
    """ASCII templates such as ``(###) $##-####`` filled per row, vectorized.

    Every template is a row of a byte matrix: literal bytes, and a symbol id at
    each placeholder. Filling draws 16 random bits per placeholder column and maps
    them onto the symbol's alphabet with a multiply-shift.
    """

    __slots__ = ("chars", "count", "lengths", "syms", "width")

    def __init__(self, templates: Iterable[str]) -> None:
        items = list(templates)
        if not items:
            raise ValueError("no templates")
        self.count = len(items)
        self.width = max(len(t) for t in items)
        self.chars = np.zeros((self.count, self.width), dtype=np.uint8)
        self.syms = np.zeros((self.count, self.width), dtype=np.uint8)
        self.lengths = np.array([len(t) for t in items], dtype=np.int64)
        for i, t in enumerate(items):
            raw = t.encode("ascii")
            for j, ch in enumerate(t):
                sid = _SYM_IDS.get(ch)
                if sid is None:
                    self.chars[i, j] = raw[j]
                else:
                    self.syms[i, j] = sid

    def fill_matrix(
        self, rows: NDArray[np.int64], stream: Stream, which: NDArray[np.int64] | None = None
    ) -> tuple[NDArray[np.uint8], NDArray[np.int64]]:
        """(bytes matrix, lengths) for each row; ``which`` picks the template per row."""
        n = len(rows)
        if which is None:
            which = (
                np.zeros(n, dtype=np.int64)
                if self.count == 1
                else index_of(stream.child("template").bits(rows), self.count)
            )
        cols = np.flatnonzero(self.syms.any(axis=0))
        out = self.chars[which] if self.count > 1 else np.broadcast_to(self.chars[0], (n, self.width)).copy()
        if len(cols):
            n_words = (len(cols) + 3) // 4
            words = np.empty((n, n_words), dtype=np.uint64)
            for k in range(n_words):
                words[:, k] = stream.child("digits", k).bits(rows)
            r16 = words.view(np.uint16)[:, : len(cols)].astype(np.uint32)
            sym = self.syms[which][:, cols] if self.count > 1 else np.broadcast_to(self.syms[0, cols], (n, len(cols)))
            r16 *= _SIZES[sym]
            r16 >>= 16
            r16 += sym.astype(np.uint32) * 32
            out[:, cols] += _LUT_FLAT[r16]
        return out, self.lengths[which]

    def fill(self, rows: NDArray[np.int64], stream: Stream, which: NDArray[np.int64] | None = None) -> pl.Series:
        m, lengths = self.fill_matrix(rows, stream, which)
        return strings_from_matrix(m, lengths)


class PhonePool:
    """Phone numbers as head + tail: a few thousand prebuilt heads per format, all tails.

    Each format is cut before its fourth-last placeholder. The head (country and
    area codes, exchange...) comes from up to ``max_heads`` expansions prebuilt
    with a fixed stream; the tail (the last four placeholders) from all of its
    expansions. A number is then two gathers and one concatenation.
    """

    __slots__ = ("_formats", "heads", "hoff", "hsize", "tails", "toff", "tsize")

    def __init__(self, formats: Sequence[str], *, max_heads: int = 4096, key: int = 0x5EED) -> None:
        import itertools

        heads: list[pl.Series] = []
        tails: list[pl.Series] = []
        hoff, hsize, toff, tsize = [], [], [], []
        tail_at: dict[str, tuple[int, int]] = {}
        n_heads = n_tails = 0
        for f_i, fmt in enumerate(formats):
            ph = [i for i, c in enumerate(fmt) if c in _SYM_IDS]
            cut = ph[-4] if len(ph) >= 4 else (ph[0] if ph else len(fmt))
            head, tail = fmt[:cut], fmt[cut:]
            combos = 1
            for c in head:
                if c in _SYM_IDS:
                    combos *= len(SYMBOLS[c])
            if combos <= max_heads:
                alphabets = [SYMBOLS[c] if c in _SYM_IDS else c for c in head]
                h = pl.Series(["".join(x) for x in itertools.product(*alphabets)], dtype=pl.String)
            else:
                h = Templates([head]).fill(np.arange(max_heads, dtype=np.int64), Stream(key).child(f_i))
            hoff.append(n_heads)
            hsize.append(len(h))
            heads.append(h)
            n_heads += len(h)
            if tail not in tail_at:
                alphabets = [SYMBOLS[c] if c in _SYM_IDS else c for c in tail]
                t = pl.Series(["".join(x) for x in itertools.product(*alphabets)], dtype=pl.String)
                tail_at[tail] = (n_tails, len(t))
                tails.append(t)
                n_tails += len(t)
            toff.append(tail_at[tail][0])
            tsize.append(tail_at[tail][1])
        self._formats = len(formats)
        self.heads = _concat(heads)
        self.tails = _concat(tails)
        self.hoff, self.hsize = np.array(hoff, dtype=np.int64), np.array(hsize, dtype=np.uint64)
        self.toff, self.tsize = np.array(toff, dtype=np.int64), np.array(tsize, dtype=np.uint64)

    def sample(self, rows: NDArray[np.int64], stream: Stream) -> pl.Series:
        which = index_of(stream.child("format").bits(rows), self._formats)
        hb = stream.child("head").bits(rows) >> _U32
        hb *= self.hsize[which]
        hb >>= _U32
        tb = stream.child("tail").bits(rows) >> _U32
        tb *= self.tsize[which]
        tb >>= _U32
        head = self.heads.gather(self.hoff[which] + hb.astype(np.int64))
        tail = self.tails.gather(self.toff[which] + tb.astype(np.int64))
        return pl.DataFrame({"h": head, "t": tail}).select(pl.concat_str("h", "t")).to_series()
