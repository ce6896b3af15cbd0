"""Replacement never loses the only good copy, and dead runs' leftovers are cleaned (issue 22, items 6-8).

Each kill is injected by the test into its own child process, at an exact point (between the
two renames of a folder swap, right after an atomic exchange, mid-write, between a database
file's rename and its sidecar's), with ``os._exit`` so nothing is cleaned up on the way out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra import _fs
from simulacra.cli.main import main
from simulacra.io import read_manifest
from simulacra.pipeline import generate
from simulacra.synth.tabular import TabularSynthesizer

ROOT = Path(__file__).resolve().parents[2]

SPEC = """
name: t
seed: 1
tables:
  a:
    rows: 50
    primary_key: id
    columns:
      id: sequence
      x: {generator: categorical, values: [p, q, r]}
"""

CHILD = r"""
import os, sys
from pathlib import Path
from simulacra import _fs
import simulacra.io._sql as sql
mode, spec, out, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
real_rename = os.rename
if mode == "journal-between":          # the portable path: die after the old folder is set aside
    _fs.exchange = lambda a, b: False
    def rename(a, b):
        real_rename(a, b)
        if os.fspath(a) == out:
            os._exit(9)
    os.rename = rename
elif mode == "after-exchange":         # die after the atomic swap, before the old copy is deleted
    real = _fs.exchange
    def exchange(a, b):
        done = real(a, b)
        os._exit(9 if done else 3)
    _fs.exchange = exchange
elif mode == "mid-write":              # die with a half-written temp folder
    from simulacra.io import _files
    def write(self, table, batch):
        os._exit(9)
    _files.FolderSink._write = write
    sql.SQLiteSink._write = write
elif mode == "db-between":             # die after the database rename, before the sidecar's
    def atomic_write_text(path, text):
        os._exit(9)
    sql.atomic_write_text = atomic_write_text
if mode.startswith("fit"):
    import numpy as np, polars as pl
    from simulacra.synth.tabular import TabularSynthesizer
    rng = np.random.default_rng(seed)
    frame = pl.DataFrame({"x": rng.normal(seed, 1, 200), "c": rng.choice(["u", "v"], 200)})
    if mode == "fit-journal-between":
        _fs.exchange = lambda a, b: False
        def rename(a, b):
            real_rename(a, b)
            if os.fspath(a) == out:
                os._exit(9)
        os.rename = rename
    TabularSynthesizer(seed=seed).fit(frame).save(out, overwrite=True)
else:
    from simulacra.pipeline import generate
    generate(spec, out, seed=seed, format="parquet" if not out.endswith(".db") else None, if_exists="replace")
sys.exit(0)
"""


def child(mode: str, spec: Path, out: Path, seed: int) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(spec), str(out), str(seed)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode in (0, 9), proc.stderr[-2000:]
    return proc.returncode


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    p = tmp_path / "s.yaml"
    p.write_text(SPEC, encoding="utf-8")
    return p


def _seed(out: Path) -> int:
    m = read_manifest(str(out))
    assert m is not None
    return int(m["seed"])


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_folder_kill_between_renames_is_completed_by_the_next_run(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(spec, out, seed=1, format="parquet")
    assert child("journal-between", spec, out, 7) == 9
    # the kill left the target missing, the old copy set aside and a journal naming both
    assert not out.exists()
    assert any(n.endswith(".replace-journal") for n in _hidden(tmp_path))
    # the next run completes the swap (the new folder was whole), then does its own replacement
    generate(spec, out, seed=3, format="parquet", if_exists="replace")
    assert _seed(out) == 3
    assert _hidden(tmp_path) == []


def test_recover_rolls_forward_a_complete_new_folder(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(spec, out, seed=1, format="parquet")
    new = tmp_path / f".out.tmp-{2**22 + 1}-x"  # a finished folder of a dead run, swap half done
    generate(spec, tmp_path / "staged", seed=7, format="parquet")
    os.rename(tmp_path / "staged", new)
    old = tmp_path / f".out.old-{2**22 + 1}-y"
    (tmp_path / ".out.replace-journal").write_text(json.dumps({"pid": 2**22 + 1, "new": new.name, "old": old.name}))
    os.rename(out, old)
    assert _fs.recover(out) == "completed"
    assert _seed(out) == 7
    assert _hidden(tmp_path) == []


def test_folder_kill_between_renames_rolls_back_when_the_new_copy_is_gone(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(spec, out, seed=1, format="parquet")
    assert child("journal-between", spec, out, 7) == 9
    journal = json.loads((tmp_path / ".out.replace-journal").read_text())
    import shutil

    shutil.rmtree(tmp_path / journal["new"])
    assert _fs.recover(out) == "rolled back"
    assert _seed(out) == 1
    assert _hidden(tmp_path) == []


def test_kill_after_atomic_exchange_leaves_the_new_output_and_a_stale_folder_removed_later(
    spec: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    generate(spec, out, seed=1, format="parquet")
    if child("after-exchange", spec, out, 7) != 9:
        pytest.skip("this file system cannot exchange two names atomically")
    assert _seed(out) == 7  # never missing: the swap is one step
    assert len(_hidden(tmp_path)) == 1  # the old copy under the dead run's temp name
    generate(spec, out, seed=2, format="parquet", if_exists="replace")
    assert _hidden(tmp_path) == []


@pytest.mark.parametrize("target", ["out", "out.db"])
def test_stale_temp_folders_of_dead_runs_are_removed_and_live_ones_kept(
    spec: Path, tmp_path: Path, target: str
) -> None:
    out = tmp_path / target
    generate(spec, out, seed=1)
    assert child("mid-write", spec, out, 7) == 9
    assert _seed(out) == 1  # the old output untouched
    stale = _hidden(tmp_path)
    assert len(stale) == 1 and ".tmp-" in stale[0]
    live = tmp_path / f".{target}.tmp-{os.getpid()}-live"  # this (live) process's folder: must be left alone
    live.mkdir()
    generate(spec, out, seed=2, if_exists="replace")
    assert _seed(out) == 2
    assert _hidden(tmp_path) == [live.name]


def test_database_and_sidecar_mismatch_is_caught_by_validate(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    generate(spec, out, seed=1)
    assert main(["validate", str(spec), str(out)]) == 0
    assert child("db-between", spec, out, 7) == 9
    side = json.loads((tmp_path / "out.db.manifest.json").read_text())
    assert side["seed"] == 1 and _seed(out) == 7  # new database, old sidecar
    assert main(["validate", str(spec), str(out)]) == 4  # was 0 before: the stale sidecar is reported
    generate(spec, out, seed=7, if_exists="replace")
    assert main(["validate", str(spec), str(out)]) == 0


def _model_seed(path: Path) -> int:
    return int(json.loads((path / "manifest.json").read_text())["seed"])


def test_fit_replace_killed_between_renames_never_loses_the_model(tmp_path: Path) -> None:
    out = tmp_path / "model"
    rng = np.random.default_rng(0)
    frame = pl.DataFrame({"x": rng.normal(0, 1, 200), "c": rng.choice(["u", "v"], 200)})
    TabularSynthesizer(seed=1).fit(frame).save(out)
    assert child("fit-journal-between", tmp_path / "unused", out, 7) == 9
    assert not out.exists()  # (before: the old model only in .model.old, deleted by the next fit --replace)
    # reading the model finishes the swap (the new model was complete before the journal was written)
    assert TabularSynthesizer.load(out).sample(n_rows=3, seed=1).height == 3
    assert _model_seed(out) == 7
    assert _hidden(tmp_path) == []
    assert child("fit-journal-between", tmp_path / "unused", out, 9) == 9
    TabularSynthesizer(seed=3).fit(frame).save(out, overwrite=True)  # the next fit --replace completes, then replaces
    assert _model_seed(out) == 3
    assert _hidden(tmp_path) == []


def _pg_schema() -> list:
    import polars as pl

    from simulacra.io import ColumnSchema, ForeignKeySchema, TableSchema

    parent = TableSchema("parent", (ColumnSchema("id", pl.Int64(), nullable=False),), primary_key=("id",))
    child = TableSchema(
        "child",
        (ColumnSchema("id", pl.Int64(), nullable=False), ColumnSchema("parent_id", pl.Int64())),
        primary_key=("id",),
        foreign_keys=(ForeignKeySchema(("parent_id",), "parent", ("id",)),),
    )
    return [parent, child]


def _pg_write(url: str, n: int, *, replace: bool, close: bool = True) -> object:
    from simulacra.io import open_sink

    sink = open_sink(url, if_exists="replace" if replace else "fail")
    sink.open(_pg_schema())
    sink.write("parent", pl.DataFrame({"id": list(range(n))}))
    sink.write("child", pl.DataFrame({"id": list(range(n)), "parent_id": list(range(n))}))
    sink.write_manifest({"seed": n})
    if close:
        sink.close()
    return sink


def _pg_count(url: str, table: str) -> int:
    import psycopg

    with psycopg.connect(url) as con:
        con.execute("SET statement_timeout = 3000")  # blocked by a lock: fails instead of waiting
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _pg_schemas(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as con:
        return {r[0] for r in con.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE '_simulacra_stage%'")}


@pytest.mark.postgres
def test_postgres_replace_does_not_block_readers_during_the_load(postgres_db: str) -> None:
    _pg_write(postgres_db, 5, replace=False)
    sink = _pg_write(postgres_db, 9, replace=True, close=False)  # loaded, not committed
    assert _pg_count(postgres_db, "parent") == 5  # readers see the old tables, without waiting
    assert _pg_count(postgres_db, "child") == 5
    sink.close()  # type: ignore[attr-defined]
    assert _pg_count(postgres_db, "parent") == 9 and _pg_count(postgres_db, "child") == 9
    assert read_manifest(postgres_db)["seed"] == 9  # type: ignore[index]
    assert _pg_schemas(postgres_db) == set()
    import psycopg

    with psycopg.connect(postgres_db) as con:  # the foreign key moved with its table and still holds
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            con.execute("INSERT INTO child VALUES (100, 12345)")
            con.commit()


@pytest.mark.postgres
def test_postgres_replace_aborted_or_killed_leaves_the_old_tables(postgres_db: str) -> None:
    _pg_write(postgres_db, 5, replace=False)
    sink = _pg_write(postgres_db, 9, replace=True, close=False)
    sink.abort()  # type: ignore[attr-defined]
    assert _pg_count(postgres_db, "parent") == 5 and _pg_schemas(postgres_db) == set()
    code = (
        "import os, polars as pl\n"
        "from tests.integration.test_hostile_replace import _pg_write\n"
        f"_pg_write({postgres_db!r}, 9, replace=True, close=False)\n"
        "os._exit(9)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'src'}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 9, proc.stderr[-2000:]
    assert _pg_count(postgres_db, "parent") == 5 and _pg_schemas(postgres_db) == set()
    assert read_manifest(postgres_db)["seed"] == 5  # type: ignore[index]
