"""Row-addressable randomness.

A ``Stream`` is a 64-bit key derived from the seed and stable names (table, column,
purpose) through ``numpy.random.SeedSequence``. Each random number is a pure
function of (key, row index): a SplitMix64 finalizer applied to
``key + (row + 1) * GOLDEN``. Because nothing is carried from row to row, any
chunk of any size is computable on its own and gives the same values, and adding
a column (a new stream name) leaves every other column unchanged.

For a fixed key the map row -> bits is a bijection on 64-bit integers, so
``Stream.bits`` never repeats within a table: identifiers built on it are unique
by construction.

The one source of randomness (docs/architecture.md lists the mechanisms): ``Stream`` for rows and
columns, ``derive_seed``/``rng_for`` for a numpy Generator or an sklearn ``random_state`` serving one
purpose (evaluation's models and subsamples), ``stable_hash``/``PrefixHash`` for values that are a
pure function of a name (de-identification surrogates and pools), and ``sequential`` for builders
that draw one value after another in a fixed order (the text corpus, documents, agent tasks, the
OpenAPI examples).

``sequential(seed)`` is ``random.Random(seed)`` (Mersenne Twister, seeded as Python seeds it) and not a
``Stream``: every text, document and task those builders have shipped for a seed was drawn from that
sequence, and a counter-based stream gives other numbers for the same seed, so moving them onto
``Stream`` would change every output they write. They take it from here so that there is one place
that says how randomness is made, and a test pins that it still gives Python's sequence.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "PrefixHash",
    "Sequential",
    "Stream",
    "derive_seed",
    "mix",
    "rng_for",
    "root_stream",
    "sequential",
    "stable_hash",
]

Sequential = random.Random  # what ``sequential`` returns (for annotations)


def sequential(seed: int | str) -> Sequential:
    """A generator drawn in a fixed order: ``random.Random(seed)``, Python's Mersenne Twister (see the
    module note for why it is not a ``Stream``). Never the process-wide ``random`` functions."""
    return random.Random(seed)


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_MASK64 = (1 << 64) - 1
_TWO_M53 = 1.0 / (1 << 53)


def stable_hash(name: str) -> int:
    """A 64-bit hash of a name that is the same in every process and version."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "little")


class PrefixHash:
    """``stable_hash(prefix + ":".join(parts))`` with the prefix absorbed once (a hot path: surrogates)."""

    __slots__ = ("_state",)

    def __init__(self, prefix: str) -> None:
        self._state = hashlib.blake2b(prefix.encode("utf-8"), digest_size=8)

    def __call__(self, *parts: object) -> int:
        h = self._state.copy()
        h.update(":".join(map(str, parts)).encode("utf-8"))
        return int.from_bytes(h.digest(), "little")


def derive_seed(seed: int, *names: str) -> int:
    """A 32-bit seed for one purpose (sklearn's random_state, a subsample), stable across runs and processes."""
    key = int(seed) & _MASK64
    for name in names:
        key = (key * 0x9E3779B97F4A7C15 + stable_hash(name)) & _MASK64
    state = np.random.SeedSequence(key).generate_state(1, np.uint32)
    return int(state[0])


def rng_for(seed: int, *names: str) -> np.random.Generator:
    """A local numpy Generator for one purpose; never the global state."""
    return np.random.default_rng(derive_seed(seed, *names))


def mix(z: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """SplitMix64's finalizer, in place (the hot path of every generator)."""
    tmp = np.empty_like(z)
    with np.errstate(over="ignore"):
        np.right_shift(z, np.uint64(30), out=tmp)
        z ^= tmp
        z *= _M1
        np.right_shift(z, np.uint64(27), out=tmp)
        z ^= tmp
        z *= _M2
        np.right_shift(z, np.uint64(31), out=tmp)
        z ^= tmp
    return z


def _mix_int(x: int) -> int:
    return int(mix(np.array([x & _MASK64], dtype=np.uint64))[0])


@dataclass(frozen=True)
class Stream:
    """A named, row-addressable source of random numbers."""

    key: int

    def child(self, *names: str | int) -> Stream:
        key = self.key
        for name in names:
            h = stable_hash(name) if isinstance(name, str) else (int(name) * 0x9E3779B97F4A7C15)
            key = _mix_int((key ^ h) + 0x632BE59BD9B4E019)
        return Stream(key)

    def bits(self, rows: NDArray[np.int64]) -> NDArray[np.uint64]:
        """64 random bits per row; a bijection of the row index."""
        z = np.asarray(rows).astype(np.uint64, copy=True)
        with np.errstate(over="ignore"):
            z += np.uint64(1)
            z *= _GOLDEN
            z += np.uint64(self.key)
        return mix(z)

    def uniform(self, rows: NDArray[np.int64]) -> NDArray[np.float64]:
        """Uniform numbers in the open interval (0, 1), one per row."""
        b = self.bits(rows)
        b >>= np.uint64(11)
        u = b.astype(np.float64)
        u += 0.5
        u *= _TWO_M53
        return u

    def integers(self, rows: NDArray[np.int64], low: int, high: int) -> NDArray[np.int64]:
        """Integers in [low, high), one per row."""
        span = high - low
        if span <= 0:
            raise ValueError(f"empty integer range [{low}, {high})")
        u = self.uniform(rows)
        return np.minimum((u * span).astype(np.int64), span - 1) + low

    def choice(self, rows: NDArray[np.int64], cumulative: NDArray[np.float64]) -> NDArray[np.int64]:
        """Category index per row, given cumulative weights ending at 1."""
        u = self.uniform(rows)
        idx = np.searchsorted(cumulative, u, side="right")
        return np.minimum(idx, len(cumulative) - 1).astype(np.int64)

    def permute(self, rows: NDArray[np.int64], n: int) -> NDArray[np.int64]:
        """A keyed bijection of [0, n): row ``r`` (0 <= r < n) to its place, the same whatever else is asked.

        A balanced Feistel network on the smallest even power of two >= n (four rounds, each keyed by this
        stream), walked along its cycle until the value is below ``n`` (at most four steps on average)."""
        r = np.asarray(rows, dtype=np.int64)
        if n <= 1:
            return np.zeros(len(r), dtype=np.int64)
        if len(r) and (int(r.min()) < 0 or int(r.max()) >= n):
            raise ValueError(f"rows outside [0, {n})")
        half = max(1, ((n - 1).bit_length() + 1) // 2)
        mask = np.uint64((1 << half) - 1)
        keys = [self.child("feistel", i) for i in range(4)]

        def rounds(x: NDArray[np.uint64]) -> NDArray[np.uint64]:
            left, right = x >> np.uint64(half), x & mask
            for k in keys:
                left, right = right, left ^ (k.bits(right.astype(np.int64)) & mask)
            return (left << np.uint64(half)) | right

        out = rounds(r.astype(np.uint64))
        over = np.flatnonzero(out >= np.uint64(n))
        while len(over):  # cycle walking: a bijection of [0, 4^half) restricted to [0, n) stays one
            out[over] = rounds(out[over])
            over = over[out[over] >= np.uint64(n)]
        return out.astype(np.int64)

    def normal(self, rows: NDArray[np.int64]) -> NDArray[np.float64]:
        from scipy.special import ndtri

        return ndtri(self.uniform(rows))


def root_stream(seed: int) -> Stream:
    """The stream every name of a run descends from."""
    state = np.random.SeedSequence(int(seed) & _MASK64).generate_state(2, np.uint64)
    return Stream(int(state[0]) ^ (int(state[1]) << 1) & _MASK64)
