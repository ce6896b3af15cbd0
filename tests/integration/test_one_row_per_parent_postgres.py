"""A PostgreSQL table with one row per some parents, keyed by the parent's key, is learned as such (learn95).

The generator of ``tests/unit/inspection/test_one_row_per_parent.py``, loaded into a real server: a declared
reference on the child's key and an undeclared one named as the parent key (``stock.item_id`` for 60% of
``products``). ``inspect`` of the database URL drafts the child ``per`` its parent with one row and the observed
share of parents without one, and generate keeps every key a parent's, once.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "inspection"))
from test_one_row_per_parent import NAMES, _check_sample, _tables  # noqa: E402

from simulacra.inspection import inspect  # noqa: E402
from simulacra.pipeline import generate  # noqa: E402


@pytest.mark.parametrize(("names", "share", "declared", "seed"), [(0, 0.6, False, 50), (1, 0.05, True, 51)])
def test_postgres_one_row_per_parent(postgres_db: str, names: int, share: float, declared: bool, seed: int) -> None:
    import psycopg

    parent, pk, child, ck = NAMES[names]
    tables = _tables(NAMES[names], share, 1500, seed, shuffled=True)
    with psycopg.connect(postgres_db) as con:
        con.execute(f'CREATE TABLE "{parent}" ("{pk}" BIGINT PRIMARY KEY, age BIGINT, tier TEXT)')
        ref = f' REFERENCES "{parent}"("{pk}")' if declared else ""
        con.execute(f'CREATE TABLE "{child}" ("{ck}" BIGINT PRIMARY KEY{ref}, status TEXT, points BIGINT)')
        with con.cursor() as cur:
            for name, f in tables.items():
                cur.executemany(f'INSERT INTO "{name}" VALUES (%s, %s, %s)', f.rows())
    draft = inspect(postgres_db)
    assert {(k.table, k.column, k.references) for k in draft.keys} == {(child, ck, f"{parent}.{pk}")}
    rows = draft.spec.tables[child].rows
    assert not isinstance(rows, int) and rows.per == parent
    assert rows.count is not None and rows.count.distribution == "fixed" and rows.count.value == 1
    assert abs((rows.zero_rate or 0.0) - (1 - share)) < 1e-9
    frames = generate(draft.spec, seed=seed).frames
    assert frames is not None
    _check_sample(frames, NAMES[names], share)
