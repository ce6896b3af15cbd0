"""The ledger shards' lookups travel to their task as one object Dask does not walk.

``client.submit`` parses a task's arguments for futures, recursing into every list, tuple, set and dict: a list of
~8,000 key tuples (the redraw candidates of a 100,000-row chunk of the person table) cost the client ~17 ms of CPU
per lookup on its serial path (RESULTS.md "dask8": small; cProfile had shown it ten times larger). That the shards
still answer them right (the same bytes as one process) is ``tests/integration/test_dask_ledger.py``'s."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

pytest.importorskip("distributed")  # the dask extra is in dev: CI has it
from dask import _task_spec  # noqa: E402

from simulacra.distributed._ledger import Lookups  # noqa: E402


def _walked(obj: Any) -> int:
    calls = 0
    real = _task_spec.parse_input

    def counting(o: Any) -> object:
        nonlocal calls
        calls += 1
        return real(o)

    _task_spec.parse_input = counting
    try:
        counting(obj)
    finally:
        _task_spec.parse_input = real
    return calls


def test_lookups_are_not_walked_key_by_key() -> None:
    keys = [(f"user{i}@example.org",) for i in range(5_000)]
    queries = [(0, np.arange(5_000, dtype=np.uint64), keys)]
    assert _walked(queries) > 5_000  # the plain list: every key tuple and value visited
    wrapped = Lookups(queries)
    assert _walked(wrapped) == 1 and _task_spec.parse_input(wrapped) is wrapped
