"""A generated table with a ``unique`` set over nullable columns loads into a real PostgreSQL (issue 13): the sink
builds the set's ``UNIQUE`` after the load, and PostgreSQL's NULLS DISTINCT takes the rows with a null that repeat
the others, as generation and ``validate`` do; a repeat among the full rows is refused by the server."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from tests.helpers import visits_unique_spec

from simulacra.io import read_dataset
from simulacra.pipeline import generate, validate

_SETS = {2: ["pid", "x"], 3: ["pid", "x", "y"]}


def _spec(seed: int, rate: float, size: int) -> dict[str, Any]:
    return visits_unique_spec(seed, rate, _SETS[size], people=60, x_high=30 if size == 2 else 8)


@pytest.mark.postgres
@pytest.mark.parametrize(("seed", "rate", "size"), [(0, 0.5, 2), (1, 0.9, 3), (2, 0.2, 2)])
def test_a_unique_set_with_null_rows_loads_into_postgres(postgres_db: str, seed: int, rate: float, size: int) -> None:
    import psycopg

    cols = _SETS[size]
    spec = _spec(seed, rate, size)
    generate(spec, postgres_db, chunk_size=50, documents=False)  # the UNIQUE is added after the load: it held
    validate(spec, postgres_db)
    validate(spec, postgres_db, chunk_size=40)
    v = read_dataset(postgres_db)["visits"]
    with_null = v.filter(pl.any_horizontal([pl.col(c).is_null() for c in cols])).select(cols)
    assert with_null.is_duplicated().any()  # rows the old check failed, and the server took
    with psycopg.connect(postgres_db) as con:
        defs = [r[0] for r in con.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'u'")]
        assert f"UNIQUE ({', '.join(cols)})" in defs
        row = v.drop_nulls(cols).row(0, named=True)
        names = ", ".join(row)
        with pytest.raises(psycopg.errors.UniqueViolation):
            con.execute(
                f"INSERT INTO visits ({names}) VALUES ({', '.join(['%s'] * len(row))})",
                [10**9 if k == "vid" else val for k, val in row.items()],
            )
