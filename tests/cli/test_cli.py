"""The command line, run in-process through its entry point (exit codes, messages, outputs)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from simulacra.cli.main import main
from simulacra.io import read_dataset, read_manifest

SPEC = """\
name: mini
seed: 5
tables:
  customers:
    rows: 40
    primary_key: id
    columns:
      id: sequence
      name: full_name
      email: {generator: email, unique: true}
  orders:
    rows: {per: customers, count: {distribution: poisson, lam: 2}}
    primary_key: id
    columns:
      id: {generator: pattern, pattern: "ORD-{seq:06d}"}
      customer_id: {generator: foreign_key, references: customers.id}
      amount: {generator: uniform, low: 1, high: 100, round: 2}
constraints:
  - {table: orders, column: amount, min: 1}
"""


@pytest.fixture()
def spec_file(tmp_path: Path) -> Path:
    p = tmp_path / "mini.yaml"
    p.write_text(SPEC)
    return p


def run(*args: str) -> int:
    return main(list(args))


def test_help_on_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ["--help"],
        ["generate", "--help"],
        ["validate", "--help"],
        ["demo", "--help"],
        ["spec", "--help"],
        ["spec", "validate", "--help"],
        ["spec", "schema", "--help"],
        ["spec", "show", "--help"],
    ):
        assert run(*args) == 0, args
        assert "Usage" in capsys.readouterr().out


def test_generate_sqlite_then_validate(spec_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "mini.db"
    assert run("generate", str(spec_file), "-o", str(out), "--seed", "9") == 0
    assert "customers" in capsys.readouterr().out
    frames = read_dataset(str(out))
    assert frames["customers"].height == 40
    manifest = read_manifest(str(out))
    assert manifest is not None and manifest["seed"] == 9 and manifest["rows"]["customers"] == 40
    assert manifest["method"] == "rules" and len(manifest["spec_hash"]) == 64
    assert run("validate", str(spec_file), str(out)) == 0
    assert "checks passed" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_generate_folder_formats_same_data(spec_file: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / fmt
    assert run("generate", str(spec_file), "-o", str(out), "--format", fmt, "--chunk-size", "7", "-q") == 0
    ref = tmp_path / "ref.duckdb"
    assert run("generate", str(spec_file), "-o", str(ref), "-q") == 0
    a, b = read_dataset(str(out), format=fmt), read_dataset(str(ref))
    for t in ("customers", "orders"):
        assert a[t].equals(b[t]), t
    assert (out / "manifest.json").exists()


def test_validate_fails_on_broken_data(spec_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "d"
    assert run("generate", str(spec_file), "-o", str(out), "--format", "csv", "-q") == 0
    orders = pl.read_csv(out / "orders.csv")
    orders = orders.with_columns(
        pl.when(pl.col("id") == "ORD-000003").then(99999).otherwise(pl.col("customer_id")).alias("customer_id"),
        pl.when(pl.col("id") == "ORD-000001").then(-5.0).otherwise(pl.col("amount")).alias("amount"),
    )
    orders.write_csv(out / "orders.csv")
    capsys.readouterr()
    assert run("validate", str(spec_file), str(out), "--format", "csv") == 4
    err = capsys.readouterr().err
    assert "foreign key customer_id -> customers.id: 1 of" in err
    assert "amount >= 1" in err


def test_spec_validate_reports_with_file_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SPEC.replace("generator: uniform", "generator: unifrom"))
    assert run("spec", "validate", str(bad)) == 2
    err = capsys.readouterr().err
    assert f"{bad}:17:" in err and "did you mean 'uniform'" in err
    assert "Traceback" not in err


def test_debug_shows_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("tables: [")
    assert run("--debug", "spec", "validate", str(bad)) == 2
    assert "Traceback" in capsys.readouterr().err


def test_spec_show_and_schema(spec_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("spec", "show", str(spec_file)) == 0
    out = capsys.readouterr().out
    assert out.index("customers") < out.index("orders")
    target = tmp_path / "schema.json"
    assert run("spec", "schema", "-o", str(target)) == 0
    assert json.loads(target.read_text())["title"] == "simulacra dataset spec"


def test_unwritable_output_writes_nothing(spec_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing-dir" / "out.db"
    assert run("generate", str(spec_file), "-o", str(target)) == 5
    assert "error:" in capsys.readouterr().err
    assert not target.parent.exists()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert run("generate", str(spec_file), "-o", str(blocker / "out"), "--format", "csv") == 5
    assert blocker.read_text() == "x"


def test_impossible_constraint_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "imp.yaml"
    spec.write_text(SPEC.replace("min: 1}", "min: 1000}"))
    out = tmp_path / "imp.db"
    assert run("generate", str(spec), "-o", str(out)) == 3
    err = capsys.readouterr().err
    assert "constraints cannot be satisfied" in err and "table 'orders'" in err
    assert not out.exists()
    assert os.listdir(tmp_path) == ["imp.yaml"]


def test_existing_output_needs_replace(spec_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.db"
    out.write_bytes(b"not a database")
    assert run("generate", str(spec_file), "-o", str(out), "-q") == 5
    assert out.read_bytes() == b"not a database"
    assert run("generate", str(spec_file), "-o", str(out), "-q", "--replace") == 0
    assert read_dataset(str(out))["customers"].height == 40


def test_demo_and_console_script(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("simulacra")
    out = tmp_path / "shop.db"
    r = subprocess.run(
        [str(exe), "demo", "-o", str(out), "--scale", "0.1"], capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stderr
    assert "integrity: OK" in r.stdout and str(out) in r.stdout
    assert "order_items" in r.stdout


def test_help_shows_no_bool_and_an_example() -> None:
    """Flags have no type in --help, and each command shows an example (issue 12)."""
    import subprocess
    import sys

    env = {**__import__("os").environ, "COLUMNS": "200"}
    for cmd in (["evaluate"], ["sample"], ["fit"], ["generate"], ["serve"]):
        out = subprocess.run(
            [sys.executable, "-m", "simulacra.cli.main", *cmd, "--help"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        assert "<bool>" not in out and "--help" in out, cmd
        assert "Example" in out and f"simulacra {cmd[0]} " in out, cmd


def test_errors_name_cli_flags_not_python_parameters() -> None:
    from simulacra.cli.main import cli_words

    assert (
        cli_words("x.db: exists and is not a previous simulacra output; pass if_exists='replace' to overwrite it")
        == "x.db: exists and is not a previous simulacra output; pass --replace to overwrite it"
    )
    assert (
        cli_words("model already exists (pass overwrite=True / --replace to replace it)")
        == "model already exists (pass --replace to replace it)"
    )


@pytest.mark.parametrize("name,fmt", [("again.db", None), ("again.duckdb", None), ("again", "csv")])
def test_one_overwrite_rule_for_every_target(
    spec_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, fmt: str | None
) -> None:
    """Even simulacra's own previous output is replaced only with --replace, and the message names the flag."""
    out = tmp_path / name
    extra = ["--format", fmt] if fmt else []
    assert run("generate", str(spec_file), "-o", str(out), "-q", "--seed", "1", *extra) == 0
    before = sorted(p.name for p in tmp_path.iterdir())
    capsys.readouterr()
    assert run("generate", str(spec_file), "-o", str(out), "-q", "--seed", "2", *extra) == 5
    err = capsys.readouterr().err
    assert "--replace" in err and "if_exists" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert run("generate", str(spec_file), "-o", str(out), "-q", "--seed", "2", "--replace", *extra) == 0
