"""``constraints.unique_bad`` is the one home for the rows a ``unique`` constraint forbids: ``check_dataset`` counts
them, and sampling (dates placed in rounds) asks it before keeping a placement. A row with a null in the set never
conflicts (SQL's NULLS DISTINCT, what PostgreSQL and DuckDB enforce; before, nulls equalled each other here)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.constraints import unique_bad


def _by_hand(rows: list[tuple[object, ...]]) -> list[bool]:
    return [None not in x and sum(1 for r in rows if r == x) > 1 for x in rows]


@pytest.mark.parametrize("seed", range(6))
def test_unique_bad_marks_every_row_of_a_repeated_tuple_without_a_null(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 60))
    a = [None if rng.random() < 0.2 else int(v) for v in rng.integers(0, 4, n)]
    b = [None if rng.random() < 0.2 else str(v) for v in rng.integers(0, 3, n)]
    df = pl.DataFrame({"a": a, "b": b}, schema={"a": pl.Int64, "b": pl.Utf8})
    got = unique_bad(df, ["a", "b"]).tolist()
    assert got == _by_hand(list(zip(a, b, strict=True)))
    assert unique_bad(df, ["a"]).tolist() == _by_hand([(x,) for x in a])


def test_unique_bad_on_no_rows_and_on_distinct_rows() -> None:
    assert unique_bad(pl.DataFrame({"a": []}, schema={"a": pl.Int64}), ["a"]).shape == (0,)
    assert not unique_bad(pl.DataFrame({"a": [1, 2, None]}), ["a"]).any()
    assert not unique_bad(pl.DataFrame({"a": [1, None, None]}), ["a"]).any()
    assert unique_bad(pl.DataFrame({"a": [1, None, 1], "b": [2, 2, 2]}), ["a", "b"]).tolist() == [True, False, True]
