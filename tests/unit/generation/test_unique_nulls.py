"""A ``unique`` constraint over columns that may be null: one semantics everywhere, SQL's NULLS DISTINCT (PostgreSQL's
and DuckDB's default, the SQL standard): a row with a null in the set never conflicts; rows without one may not
repeat (issue 13).

Planted: visits per person with ``x`` (and ``y`` for a set of three) at null rates 0.1, 0.5 and 0.9, sets of one,
two and three columns, chunk sizes 7, 50 and whole, several seeds. Generation lets null rows repeat (there are
such rows) and no full row repeat; ``check_dataset``, ``validate`` whole and streamed (``chunk_size``) and the DuckDB
sink's ``UNIQUE`` all pass the written data; a repeat planted among the full rows is counted exactly, the same by
the in-memory and the streamed check, and the DuckDB ``UNIQUE`` refuses it. Before (main 75651e89): the checks
counted every null row sharing the other columns as a repeat (``unique: [pid, x]``, x half null: 146 of 289 rows).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl
import pytest
from tests.helpers import visits_unique_spec

from simulacra.constraints import check_dataset, unique_bad
from simulacra.errors import DataValidationError
from simulacra.generation.engine import Engine
from simulacra.io import read_dataset
from simulacra.pipeline import check, check_streaming, generate, validate
from simulacra.spec import load_plan

_SETS = {1: ["x"], 2: ["pid", "x"], 3: ["pid", "x", "y"]}


def _spec(seed: int, rate: float, size: int) -> dict[str, Any]:
    # one x per row of the table for a set of one (a column unique on its own); a few per person otherwise
    high = 4_000 if size == 1 else (30 if size == 2 else 8)
    return visits_unique_spec(seed, rate, _SETS[size], people=40, x_high=high)


def _by_hand(df: pl.DataFrame, cols: list[str]) -> np.ndarray:
    """NULLS DISTINCT, row by row: a row without a null whose tuple another such row holds."""
    rows = list(zip(*(df.get_column(c).to_list() for c in cols), strict=True))
    full = [r for r in rows if None not in r]
    return np.array([None not in r and full.count(r) > 1 for r in rows], dtype=bool)


def _unique_findings(findings: list[Any]) -> list[int]:
    return [f.failed for f in findings if f.check.startswith("unique(")]


_CASES = [(seed, rate, size) for seed in (0, 1) for rate in (0.1, 0.5, 0.9) for size in (1, 2, 3)]


@pytest.mark.parametrize(("seed", "rate", "size"), _CASES)
def test_generated_rows_pass_every_check_and_null_rows_repeat(seed: int, rate: float, size: int) -> None:
    cols = _SETS[size]
    plan = load_plan(_spec(seed, rate, size))
    whole = Engine(plan).frames()
    v = whole["visits"]
    full = v.drop_nulls(cols)
    assert full.height > 10 and full.select(cols).is_unique().all()
    if size > 1:  # the engine lets a null row repeat the others: rows the old check failed
        assert v.filter(pl.any_horizontal([pl.col(c).is_null() for c in cols])).select(cols).is_duplicated().any()
    assert not unique_bad(v, cols).any()
    assert _unique_findings(check_dataset(plan, whole)) == [0]
    for chunk in (7, 50):
        assert Engine(plan, chunk_size=chunk).frames()["visits"].equals(v)


@pytest.mark.parametrize(("seed", "rate", "size"), [(0, 0.1, 2), (1, 0.5, 1), (0, 0.5, 3), (1, 0.9, 2)])
def test_validate_whole_and_streamed_pass_and_count_a_planted_repeat(
    tmp_path: Path, seed: int, rate: float, size: int
) -> None:
    cols = _SETS[size]
    spec = _spec(seed, rate, size)
    out = tmp_path / "out"
    generate(spec, out, format="parquet", chunk_size=50, documents=False)
    validate(spec, out)
    validate(spec, out, chunk_size=7)
    # a full row's values copied onto later full rows (and onto a null row's other columns, which stays free)
    v = pl.read_parquet(out / "visits.parquet")
    full = np.flatnonzero(v.select(pl.all_horizontal([pl.col(c).is_not_null() for c in cols])).to_series().to_numpy())
    src, dst = int(full[0]), [int(i) for i in full[3:6]]
    planted = v.with_columns(
        [pl.when(pl.int_range(pl.len()).is_in(dst)).then(pl.lit(v[c][src])).otherwise(pl.col(c)).alias(c) for c in cols]
    )
    planted.write_parquet(out / "visits.parquet")
    want = int(_by_hand(planted, cols).sum())
    assert want >= 4
    assert unique_bad(planted, cols).tolist() == _by_hand(planted, cols).tolist()
    assert _unique_findings(check(spec, out)) == [want]
    for chunk in (7, 50):
        assert _unique_findings(check_streaming(spec, out, chunk_size=chunk)) == [want]
    with pytest.raises(DataValidationError, match=r"unique\("):
        validate(spec, out, chunk_size=50)


@pytest.mark.parametrize(("rate", "size"), [(0.5, 2), (0.9, 3)])
def test_the_duckdb_sink_unique_takes_the_null_rows_and_refuses_a_full_repeat(
    tmp_path: Path, rate: float, size: int
) -> None:
    cols = _SETS[size]
    spec = _spec(3, rate, size)
    db = tmp_path / "out.duckdb"
    generate(spec, db, chunk_size=50, documents=False)  # the table's UNIQUE was enforced on every insert
    validate(spec, db)
    validate(spec, db, chunk_size=20)
    v = read_dataset(db)["visits"]
    con = duckdb.connect(str(db))
    try:
        assert v.filter(pl.any_horizontal([pl.col(c).is_null() for c in cols])).select(cols).is_duplicated().any()
        row = v.drop_nulls(cols).row(0, named=True)
        names = ", ".join(row)
        with pytest.raises(duckdb.ConstraintException):
            con.execute(
                f"INSERT INTO visits ({names}) VALUES ({', '.join('?' * len(row))})",
                [10**9 if k == "vid" else val for k, val in row.items()],
            )
    finally:
        con.close()
