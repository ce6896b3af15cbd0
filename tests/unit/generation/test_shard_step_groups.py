"""A ledger shard's step (``distributed._ledger.shard_step``) against a brute-force ledger, with hash collisions
planted: the hashes are cut to a few bits, so values that differ share a hash and the step must split them by
Python equality. Per seed, value kind (integers, strings, a composite set) and chunk: the rows whose value an earlier
chunk holds, and the groups of the chunk's rows holding one value; and a step without the check keeps the same
runs."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest

from simulacra.distributed._ledger import Bucket, shard_step


def values(kind: str, rng: np.random.Generator, n: int) -> pl.DataFrame:
    if kind == "int":
        return pl.DataFrame({"v": rng.integers(0, n, n)})
    if kind == "str":
        return pl.DataFrame({"v": [f"s{x}" for x in rng.integers(0, n, n)]})
    return pl.DataFrame({"a": rng.integers(0, 9, n), "b": [f"t{x}" for x in rng.integers(0, n // 6 + 1, n)]})


def bucket(frame: pl.DataFrame, start: int, bits: int) -> Bucket:
    keys = list(zip(*(frame.get_column(c).to_list() for c in frame.columns), strict=True))
    h = np.array([hash(k) % (1 << bits) for k in keys], dtype=np.uint64)  # few bits: unequal values collide
    return Bucket(np.arange(start, start + frame.height, dtype=np.int64), h, frame)


@pytest.mark.parametrize("kind", ["int", "str", "pair"])
@pytest.mark.parametrize(("seed", "chunk", "bits"), [(1, 50, 3), (2, 200, 5), (3, 333, 8), (4, 97, 1)])
def test_step_flags_are_a_brute_force_ledgers(kind: str, seed: int, chunk: int, bits: int) -> None:
    rng = np.random.default_rng(seed)
    state: Any = None
    kept: Any = None  # the same chain unchecked (``check=False``: a replica whose flags no one reads)
    seen: dict[tuple[Any, ...], int] = {}  # every earlier chunk's values (no fix: first values are final)
    n_groups = 0
    for c in range(4):
        frame = values(kind, rng, chunk)
        start = c * chunk
        state = shard_step(state, [bucket(frame, start, bits)], None)
        kept = shard_step(kept, [bucket(frame, start, bits)], None, 0, False)
        assert not len(kept.flags.held[0]) and kept.flags.groups == [[]]
        for mine, theirs in zip(kept.runs[0], state.runs[0], strict=True):
            assert mine.rows.tolist() == theirs.rows.tolist() and mine.values.equals(theirs.values)
        keys = list(zip(*(frame.get_column(col).to_list() for col in frame.columns), strict=True))
        want_held = [start + i for i, k in enumerate(keys) if k in seen]
        by: dict[tuple[Any, ...], list[int]] = {}
        for i, k in enumerate(keys):
            by.setdefault(k, []).append(start + i)
        want_groups = sorted(v for v in by.values() if len(v) > 1)
        assert state.flags.held[0].tolist() == want_held
        assert sorted(g.tolist() for g in state.flags.groups[0]) == want_groups
        n_groups += len(want_groups)
        for k in keys:
            seen.setdefault(k, 1)
    assert n_groups > 0  # the planted repeats are there
