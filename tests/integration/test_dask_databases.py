"""generate --engine dask into database targets (a real PostgreSQL server, DuckDB files): the tables hold the
rows one process loads, whatever the partitions; a task that fails or a worker killed mid-run never leaves a
half-written target (PostgreSQL: one transaction, replaced tables swapped in at its end; DuckDB: a file built
beside the target and moved into place)."""

from __future__ import annotations

import hashlib
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from simulacra.errors import ConstraintError
from simulacra.io import read_dataset
from simulacra.pipeline import generate

pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from simulacra.distributed import DaskExecutor  # noqa: E402

SPEC = """\
name: dbs
seed: 13
tables:
  customers:
    rows: 240
    primary_key: id
    columns:
      id: sequence
      name: full_name
      email: {generator: email, unique: true}
      tier: {generator: categorical, values: {gold: 0.1, silver: 0.3, bronze: 0.6}}
      n_orders: {generator: aggregate, function: count, of: orders}
  orders:
    rows: {per: customers, count: {distribution: poisson, lam: 3}}
    primary_key: id
    columns:
      id: {generator: pattern, pattern: "ORD-{seq:06d}"}
      customer_id: {generator: foreign_key, references: customers.id}
      tier: {generator: expression, expr: "customers.tier"}
      amount: {generator: uniform, low: 1, high: 100, round: 2}
      placed: {generator: date, start: 2024-01-01, end: 2024-12-31}
      at: {generator: datetime, after: placed, offset: {distribution: uniform, low: 0, high: 3, unit: days}}
      paid: {generator: boolean, p: 0.8}
  visits:
    rows: 500
    primary_key: id
    columns:
      id: sequence
      customer_id: {generator: foreign_key, references: customers.id}
      minutes: {generator: normal, mean: 20, std: 8, min: 1, round: 1}
      # rows of very different widths: a server that fills earlier pages' gaps would change the order of ids
      note: {generator: categorical, values: {"-": 0.7, "LONG": 0.3}}
constraints:
  - {table: orders, column: amount, min: 5}
"""
SPEC = SPEC.replace("LONG", "long " * 150)
BAD = SPEC.replace("{table: orders, column: amount, min: 5}", "{table: orders, column: amount, min: 500}")
# fails in the last table, once the workers' parts of orders are already in the client's transaction
BAD_LAST = SPEC.replace("{table: orders, column: amount, min: 5}", "{table: visits, column: minutes, min: 500}")
KEYS = {"customers": "id", "orders": "id", "visits": "id"}


@pytest.fixture()
def spec_file(tmp_path: Path) -> Path:
    p = tmp_path / "dbs.yaml"
    p.write_text(SPEC)
    return p


@pytest.fixture()
def bad_file(tmp_path: Path) -> Path:
    p = tmp_path / "bad.yaml"
    p.write_text(BAD)
    return p


def pg_checksums(url: str) -> dict[str, str]:
    """MD5 of each table's rows as the server prints them, in key order, plus the row count: what was loaded,
    independent of how the rows were read back."""
    import psycopg

    out: dict[str, str] = {}
    with psycopg.connect(url) as con:
        for t, k in KEYS.items():
            row = con.execute(
                f'SELECT count(*), md5(string_agg(x::text, chr(10) ORDER BY x."{k}")) FROM "{t}" x'
            ).fetchone()
            assert row is not None
            out[t] = f"{row[0]}:{row[1]}"
    return out


def pg_schemas(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as con:
        return {r[0] for r in con.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE '_simulacra%'")}


def pg_tables(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as con:
        return {r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


def frames_sha(frames: dict[str, Any]) -> dict[str, str]:
    return {t: hashlib.sha256(f.sort(KEYS[t]).write_ipc(None).getvalue()).hexdigest() for t, f in frames.items()}


@pytest.mark.postgres
def test_postgres_through_dask_loads_the_rows_one_process_loads(
    dask_client: Any, postgres_db: str, spec_file: Path
) -> None:
    generate(spec_file, postgres_db, chunk_size=10_000, documents=False)  # one process
    want, want_frames = pg_checksums(postgres_db), frames_sha(read_dataset(postgres_db))
    assert int(want["orders"].split(":")[0]) > 500
    for rows in (37, 128):  # replace the tables: loaded in a staging schema, swapped in at commit
        ex = DaskExecutor(dask_client)
        result = generate(spec_file, postgres_db, chunk_size=rows, documents=False, distribute=ex, if_exists="replace")
        assert ex.placement == {"customers": "dask", "orders": "dask", "visits": "dask"}  # (n_orders: ahead)
        assert ex.tasks >= 500 // rows
        assert pg_checksums(postgres_db) == want, rows
        assert frames_sha(read_dataset(postgres_db)) == want_frames, rows
        assert result.manifest["rows"]["visits"] == 500
        assert pg_schemas(postgres_db) == set()  # the staging schema went with the commit


def pg_order(url: str) -> dict[str, list[Any]]:
    """Each table's keys in the order a plain scan returns them (the order the rows were loaded in)."""
    import psycopg

    with psycopg.connect(url) as con:
        con.execute("SET synchronize_seqscans TO off")
        return {t: [r[0] for r in con.execute(f'SELECT "{k}" FROM "{t}"')] for t, k in KEYS.items()}


@pytest.mark.postgres
@pytest.mark.parametrize("rows", [23, 64, 250])
def test_postgres_through_dask_loads_from_the_workers_parts(
    dask_client: Any, postgres_db: str, spec_file: Path, rows: int
) -> None:
    """The workers COPY their chunks into parts on the server; the client moves them into the target tables in chunk
    order inside its one transaction: one process's rows, in one process's load order, and no parts left."""
    generate(spec_file, postgres_db, chunk_size=10_000, documents=False)  # one process
    want, want_order = pg_checksums(postgres_db), pg_order(postgres_db)
    for replace in (True, False):
        if not replace:  # into an empty database too (no staging schema for replaced tables)
            import psycopg

            with psycopg.connect(postgres_db, autocommit=True) as con:
                con.execute("DROP TABLE visits, orders, customers, _simulacra_manifest")
        ex = DaskExecutor(dask_client)
        generate(
            spec_file,
            postgres_db,
            chunk_size=rows,
            documents=False,
            distribute=ex,
            if_exists="replace" if replace else "fail",
        )
        assert ex.written_by == {"customers": "workers", "orders": "workers", "visits": "workers"}
        assert pg_checksums(postgres_db) == want, rows
        assert pg_order(postgres_db) == want_order, rows  # the order of ids of one process, not only the set
        assert pg_schemas(postgres_db) == set()  # the parts schema went after the commit
        assert pg_tables(postgres_db) == {"customers", "orders", "visits", "_simulacra_manifest"}


@pytest.mark.postgres
def test_postgres_sink_parts_are_whole_in_order_and_never_left_behind(postgres_db: str) -> None:
    """adopt() moves what part_writer() wrote, in order; a missing or misordered part, or an abort after parts were
    written and adopted, leaves no table and no parts schema."""
    import polars as pl

    from simulacra.errors import SinkError
    from simulacra.io import ColumnSchema, TableSchema, open_sink

    schema = TableSchema(
        "t",
        (ColumnSchema("id", pl.Int64(), nullable=False), ColumnSchema("s", pl.String(), nullable=True)),
        primary_key=("id",),
    )
    frames = [pl.DataFrame({"id": [3 * i + 2, 3 * i + 1, 3 * i], "s": ["a,b", None, 'q"']}) for i in range(4)]
    sink: Any = open_sink(postgres_db)
    sink.open([schema])
    write = sink.part_writer("t")
    assert pg_schemas(postgres_db) != set()  # committed: the workers must see it
    for i in (2, 0, 1, 3):  # written in any order (and part 1 twice: a rerun of the chunk)
        assert write(i, frames[i]) == 3
    assert write(1, frames[1]) == 3
    assert write(4, frames[0].head(0)) == 0  # an empty chunk writes no part
    for i in range(5):
        sink.adopt("t", i, 0 if i == 4 else 3)
    sink.close()
    import psycopg

    with psycopg.connect(postgres_db) as con:
        got = [tuple(r) for r in con.execute("SELECT id, s FROM t")]
    assert got == [r for f in frames for r in f.rows()]
    assert pg_schemas(postgres_db) == set()
    for bad, match in (((2, 3), "part 2 came out of order"), ((0, 5), "part 0 holds 3 rows, not the 5")):
        sink = open_sink(postgres_db, if_exists="replace")
        sink.open([schema])
        write = sink.part_writer("t")
        write(0, frames[0])
        with pytest.raises(SinkError, match=match) as err:
            sink.adopt("t", *bad)
        assert err.value.location is not None and err.value.location.table == "t"
        assert pg_schemas(postgres_db) == set()
        with psycopg.connect(postgres_db) as con:
            assert [tuple(r) for r in con.execute("SELECT id, s FROM t")] == got  # the old table, untouched
    sink = open_sink(postgres_db, if_exists="replace")
    sink.open([schema])
    sink.part_writer("t")
    with pytest.raises(SinkError, match="part 0 was not written"):
        sink.adopt("t", 0, 3)
    sink = open_sink(postgres_db, if_exists="replace")
    sink.open([schema])
    write = sink.part_writer("t")
    write(0, frames[3])
    sink.adopt("t", 0, 3)
    write(1, frames[2])
    sink.abort()  # parts written and adopted, then the run fails
    assert pg_schemas(postgres_db) == set()
    with psycopg.connect(postgres_db) as con:
        assert [tuple(r) for r in con.execute("SELECT id, s FROM t")] == got
    import sqlalchemy as sa

    from simulacra.io._sql import write_pg_part

    unreachable = sa.make_url("postgresql+psycopg://postgres:sekret@127.0.0.1:1/nowhere")
    with pytest.raises(SinkError, match="a Dask worker cannot reach the database") as err:
        write_pg_part(unreachable, "_simulacra_parts_x", "p0_", schema, 0, frames[0])
    assert "sekret" not in str(err.value) and err.value.location is not None and err.value.location.table == "t"


@pytest.mark.postgres
def test_postgres_through_dask_is_never_half_written(
    dask_client: Any, postgres_db: str, spec_file: Path, bad_file: Path
) -> None:
    with pytest.raises(ConstraintError) as err:  # raised on a worker while orders are loading
        generate(bad_file, postgres_db, chunk_size=50, documents=False, distribute=DaskExecutor(dask_client))
    assert "amount" in str(err.value)
    assert pg_tables(postgres_db) == set()  # customers were already COPYed: rolled back with the rest
    assert pg_schemas(postgres_db) == set()  # and the workers' parts dropped
    generate(spec_file, postgres_db, chunk_size=10_000, documents=False)
    before = pg_checksums(postgres_db)
    with pytest.raises(ConstraintError):
        generate(
            bad_file,
            postgres_db,
            chunk_size=50,
            documents=False,
            distribute=DaskExecutor(dask_client),
            if_exists="replace",
        )
    assert pg_checksums(postgres_db) == before  # the old tables, untouched
    assert pg_schemas(postgres_db) == set()
    last = bad_file.with_name("bad_last.yaml")
    last.write_text(BAD_LAST)
    for rows in (37, 128):  # orders' parts already moved into the transaction when visits fail
        with pytest.raises(ConstraintError, match="minutes"):
            generate(
                last,
                postgres_db,
                chunk_size=rows,
                documents=False,
                distribute=DaskExecutor(dask_client),
                if_exists="replace",
            )
        assert pg_checksums(postgres_db) == before
        assert pg_schemas(postgres_db) == set()
        assert pg_tables(postgres_db) == {"customers", "orders", "visits", "_simulacra_manifest"}


@pytest.mark.postgres
def test_postgres_through_dask_survives_a_killed_worker(dask_client: Any, postgres_db: str, spec_file: Path) -> None:
    """A worker SIGKILLed while orders are made: Dask reruns its tasks elsewhere; the loaded rows do not change."""
    generate(spec_file, postgres_db, chunk_size=10_000, documents=False)  # one process
    want = pg_checksums(postgres_db)
    pids = set(dask_client.run(os.getpid).values())
    assert len(pids) == 2
    killed: list[int] = []

    def progress(table: str, done: int, total: int) -> None:
        if table == "orders" and not killed:
            victim = min(pids)
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    generate(
        spec_file,
        postgres_db,
        chunk_size=40,
        documents=False,
        distribute=DaskExecutor(dask_client),
        progress=progress,
        if_exists="replace",
    )
    assert killed
    assert pg_checksums(postgres_db) == want


@pytest.mark.parametrize("rows", [29, 200])
def test_duckdb_through_dask_same_rows_and_never_half_written(
    dask_client: Any, spec_file: Path, bad_file: Path, tmp_path: Path, rows: int
) -> None:
    generate(spec_file, tmp_path / "one.duckdb", chunk_size=10_000, documents=False)
    want = read_dataset(tmp_path / "one.duckdb")
    out = tmp_path / "dask.duckdb"
    ex = DaskExecutor(dask_client)
    result = generate(spec_file, out, chunk_size=rows, documents=False, distribute=ex)
    # the workers wrote Parquet parts of the tables made on them, loaded by the client into its transaction
    assert ex.written_by == {"customers": "workers", "orders": "workers", "visits": "workers"}
    assert result.manifest["rows"]["visits"] == 500
    got = read_dataset(out)
    assert sorted(got) == sorted(want) == sorted(KEYS)
    for t in want:  # in the order loaded, not only as sets
        assert got[t].equals(want[t]), t
    before = out.read_bytes()
    with pytest.raises(ConstraintError):
        generate(
            bad_file, out, chunk_size=rows, documents=False, distribute=DaskExecutor(dask_client), if_exists="replace"
        )
    assert out.read_bytes() == before  # the old file, untouched
    fresh = tmp_path / "fresh.duckdb"
    with pytest.raises(ConstraintError):
        generate(bad_file, fresh, chunk_size=rows, documents=False, distribute=DaskExecutor(dask_client))
    assert not fresh.exists()
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == sorted(
        ["bad.yaml", "dbs.yaml", "dask.duckdb", "dask.duckdb.manifest.json", "one.duckdb", "one.duckdb.manifest.json"]
    )  # no temp folder left behind


def test_duckdb_through_dask_survives_a_killed_worker(dask_client: Any, spec_file: Path, tmp_path: Path) -> None:
    """A worker SIGKILLed while it may be writing a part: its tasks run again elsewhere (the same part bytes), the
    loaded rows are one process's, and no part or temp file outlives the run."""
    generate(spec_file, tmp_path / "one.duckdb", chunk_size=10_000, documents=False)
    want = read_dataset(tmp_path / "one.duckdb")
    pids = set(dask_client.run(os.getpid).values())
    killed: list[int] = []

    def progress(table: str, done: int, total: int) -> None:
        if table == "orders" and not killed:
            victim = max(pids)
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    out = tmp_path / "dask.duckdb"
    generate(spec_file, out, chunk_size=40, documents=False, distribute=DaskExecutor(dask_client), progress=progress)
    assert killed
    got = read_dataset(out)
    for t in want:
        assert got[t].equals(want[t]), t
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == []  # the temp folder with the parts is gone


def test_duckdb_sink_refuses_a_missing_or_misordered_part(tmp_path: Path) -> None:
    """adopt() loads what part_writer() wrote, in order; anything else aborts the file (nothing written)."""
    import polars as pl

    from simulacra.errors import SinkError
    from simulacra.io import ColumnSchema, TableSchema, open_sink

    schema = TableSchema("t", (ColumnSchema("id", pl.Int64(), nullable=False),), primary_key=("id",))
    out = tmp_path / "x.duckdb"
    sink: Any = open_sink(str(out))
    sink.open([schema])
    write = sink.part_writer("t")
    assert write(0, pl.DataFrame({"id": [1, 2, 3]})) == 3
    sink.adopt("t", 0, 3)
    with pytest.raises(SinkError, match="part 2 came out of order") as err:
        sink.adopt("t", 2, 5)
    assert err.value.location is not None and err.value.location.table == "t"
    assert not out.exists() and list(tmp_path.iterdir()) == []
    sink = open_sink(str(out))
    sink.open([schema])
    with pytest.raises(SinkError, match="part 0 was not written"):
        sink.adopt("t", 0, 4)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.postgres
def test_cli_loads_postgres_and_duckdb_on_a_scheduler_address(
    dask_client: Any, postgres_db: str, spec_file: Path, tmp_path: Path
) -> None:
    from simulacra.cli.main import main

    generate(spec_file, tmp_path / "one.duckdb", chunk_size=10_000, documents=False)
    want = read_dataset(tmp_path / "one.duckdb")
    dask = ["--engine", "dask", "--scheduler", dask_client.scheduler.address, "--partition-rows", "70", "-q"]
    assert main(["generate", str(spec_file), "-o", str(tmp_path / "cli.duckdb"), *dask]) == 0
    got = read_dataset(tmp_path / "cli.duckdb")
    for t in want:
        assert got[t].equals(want[t]), t
    generate(spec_file, postgres_db, chunk_size=10_000, documents=False)  # one process
    before = pg_checksums(postgres_db)
    assert main(["generate", str(spec_file), "-o", postgres_db, "--replace", *dask]) == 0
    assert pg_checksums(postgres_db) == before
    import psycopg

    with psycopg.connect(postgres_db) as con:  # the tables are the CLI run's (its manifest), not the earlier ones
        row = con.execute("SELECT value FROM _simulacra_manifest WHERE key = 'manifest'").fetchone()
    assert row is not None and '"chunk_size": 70' in row[0]
