"""evaluate --chunked-only on SQLite and DuckDB files: each table cut into rowid ranges read on the workers (the
session's LocalCluster of two processes) and in process, typed as ``read_database`` types the whole table, and the
chunked metrics equal the one-process report's (bit for bit for counts, 1e-12 for Pearson's r).

The SQLite tables hold what is typed over the whole column: a REAL column holding integers beside floats (numbers
only because some value is a float), an untyped column holding text beside integers (text over the whole column,
though a range may hold only integers), a column with nulls; the DuckDB tables a DECIMAL column (read as floats). The
ranges' rowids have gaps (deleted rows), so a cut by position would differ from a cut by rowid."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from simulacra.errors import SimulacraError
from simulacra.evaluation import Report, evaluate
from simulacra.evaluation.chunked import LocalChunks

pytest.importorskip("distributed")  # the dask extra is in dev: CI has it
duckdb = pytest.importorskip("duckdb")

from tests.chunked_compare import SPEC, _assert_same  # noqa: E402

from simulacra.distributed import DaskChunks  # noqa: E402

COLUMNS = "row_id INTEGER, city TEXT, score REAL, code, visits INTEGER, age REAL"


def _rows(n: int, seed: int) -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        # integers beside floats in one column; a float only now and then, so some ranges hold only integers
        score = float(round(rng.random() * 100, 2)) if rng.random() < 0.1 else int(rng.integers(0, 100))
        code = "X" if rng.random() < 0.1 else int(rng.integers(0, 5))  # text beside integers
        out.append(
            (
                seed * 10_000 + i,
                str(rng.choice(["Paris", "Lyon", "Nice"])),
                score,
                None if i % 97 == 5 else code,
                int(rng.poisson(3)),
                None if i % 11 == 0 else float(rng.normal(40, 10)),
            )
        )
    return out


def _sqlite(path: Path, rows: list[tuple[Any, ...]]) -> None:
    con = sqlite3.connect(path)
    con.execute(f"CREATE TABLE people ({COLUMNS})")
    con.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.execute("DELETE FROM people WHERE rowid % 13 = 0")  # gaps in the rowids
    con.commit()
    con.close()


def _duckdb(path: Path, rows: list[tuple[Any, ...]]) -> None:
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE people (row_id BIGINT, city VARCHAR, score DOUBLE, code VARCHAR, visits INTEGER, "
        "age DECIMAL(10, 3))"
    )
    con.executemany(
        "INSERT INTO people VALUES (?, ?, ?, ?, ?, ?)",
        [(*r[:3], None if r[3] is None else str(r[3]), *r[4:]) for r in rows],
    )
    con.execute("DELETE FROM people WHERE row_id % 13 = 0")
    con.close()


@pytest.fixture(scope="module", params=["sqlite", "duckdb"])
def dbs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Report]:
    d = tmp_path_factory.mktemp(request.param)
    make, suffix = (_sqlite, ".sqlite") if request.param == "sqlite" else (_duckdb, ".duckdb")
    real = _rows(300, 1)
    paths = {"real": d / f"real{suffix}", "synthetic": d / f"syn{suffix}", "holdout": d / f"hold{suffix}"}
    make(paths["real"], real)
    make(paths["synthetic"], _rows(350, 2) + real[::17])  # copies of training rows
    make(paths["holdout"], _rows(250, 3))
    args = {k: str(v) for k, v in paths.items()}
    one = evaluate(**args, seed=5, n_jobs=1, spec=SPEC)
    assert one.summary["exact_match_rate"] and one.summary["exact_match_rate"] > 0
    return args, one


def test_database_read_on_the_workers(dask_client: Any, dbs: tuple[dict[str, str], Report]) -> None:
    args, one = dbs
    kinds = {c["name"]: c["kind"] for c in one.columns["data"]}
    assert kinds["score"] == "numeric" and kinds["code"] == "categorical"
    for rows in (70, 100_000):
        got = evaluate(
            **args,
            seed=5,
            n_jobs=1,
            spec=SPEC,
            distribute=DaskChunks(dask_client, partition_rows=rows),
            chunked_only=True,
        )
        _assert_same(one, got)
        assert got.sections["distributed"]["read_on_workers"]["real"] == (1 if rows > 300 else 4)


def test_database_in_process(dbs: tuple[dict[str, str], Report]) -> None:
    args, one = dbs
    got = evaluate(**args, seed=5, n_jobs=1, spec=SPEC, distribute=LocalChunks(60), chunked_only=True)
    _assert_same(one, got)


def test_what_cannot_be_cut_is_refused(tmp_path: Path) -> None:
    ok = tmp_path / "ok.sqlite"
    _sqlite(ok, _rows(50, 1))
    two = tmp_path / "two.sqlite"
    _sqlite(two, _rows(50, 1))
    con = sqlite3.connect(two)
    con.execute("CREATE TABLE other (a INTEGER)")
    con.execute("INSERT INTO other VALUES (1)")
    con.commit()
    con.close()
    # several tables are read (test_dask_evaluate_multitable); one the synthetic side lacks is named
    with pytest.raises(SimulacraError, match="synthetic: table 'other' is missing") as e:
        evaluate(str(two), str(ok), chunked_only=True, distribute=LocalChunks(10))
    assert str(ok) in str(e.value)
    norowid = tmp_path / "norowid.sqlite"
    con = sqlite3.connect(norowid)
    con.execute("CREATE TABLE people (row_id INTEGER PRIMARY KEY, city TEXT) WITHOUT ROWID")
    con.executemany("INSERT INTO people VALUES (?, ?)", [(i, "a") for i in range(20)])
    con.commit()
    con.close()
    with pytest.raises(SimulacraError, match="WITHOUT ROWID"):
        evaluate(str(norowid), str(norowid), chunked_only=True, distribute=LocalChunks(10))
