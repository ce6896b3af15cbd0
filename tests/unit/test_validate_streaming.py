"""`validate --chunk-size`: the dataset checked a chunk at a time (staged in a temp DuckDB database) gives the
same findings — every count and first failing row — as the in-memory checks, in every sink, and catches
defects planted in chunks far apart (issue 11: validate read the whole target into memory)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from simulacra.cli.main import app
from simulacra.constraints import Finding, check_dataset
from simulacra.errors import DataValidationError
from simulacra.io import ChunkedDataset, read_dataset
from simulacra.pipeline import check_streaming, generate, validate
from simulacra.spec import load_plan

sys.path.insert(0, str(Path(__file__).parent))
from test_validate_declared import HR, TAMPERS  # noqa: E402


def _key(findings: list[Finding]) -> set[tuple[Any, ...]]:
    return {(f.table, f.check, f.failed, f.total, f.first_row) for f in findings}


def _write(frames: dict[str, pl.DataFrame], folder: Path) -> Path:
    folder.mkdir()
    for name, df in frames.items():
        df.write_parquet(folder / f"{name}.parquet", row_group_size=50)
    return folder


@pytest.mark.parametrize("output", ["hr", "hr.db", "hr.duckdb", "csv:hr_csv", "jsonl:hr_jsonl"])
def test_same_findings_as_in_memory_in_every_sink(tmp_path: Path, output: str) -> None:
    fmt, _, name = output.rpartition(":")
    target = tmp_path / name
    generate(HR, target, format=fmt or None)
    plan = load_plan(HR)
    whole = check_dataset(plan, read_dataset(target), declared=True)
    # chunks cutting through parents' children (tiny ones in one sink: each chunk costs a few queries), one per table
    for chunk in (7 if output == "hr" else 97, 10_000):
        streamed = check_streaming(plan, target, chunk_size=chunk)
        assert _key(streamed) == _key(whole)
    assert all(f.ok for f in whole) and len(whole) > 20


@pytest.mark.parametrize("tamper", sorted(TAMPERS))
def test_every_tampering_caught_with_the_same_counts(tmp_path: Path, tamper: str) -> None:
    plan = load_plan(HR)
    from simulacra.generation.engine import Engine

    change, check = TAMPERS[tamper]
    frames = change(Engine(plan).frames())
    folder = _write(frames, tmp_path / "t")
    streamed = check_streaming(plan, folder, chunk_size=13)
    assert _key(streamed) == _key(check_dataset(plan, read_dataset(folder), declared=True))
    failed = [f for f in streamed if not f.ok]
    assert failed and any(check in f.check for f in failed)
    with pytest.raises(DataValidationError, match="rows fail"):
        validate(plan, folder, chunk_size=13)


PLANTED: dict[str, Any] = {
    "seed": 3,
    "tables": {
        "customers": {
            "rows": 400,
            "primary_key": "id",
            "columns": {
                "id": {"generator": "sequence"},
                "email": {"generator": "pattern", "pattern": "????????##", "unique": True},
                "tier": {"generator": "categorical", "values": ["a", "b"]},
                "n_orders": {"generator": "aggregate", "function": "count", "of": "orders.id"},
                "spent": {"generator": "aggregate", "function": "sum", "of": "orders.amount"},
                "last_order": {"generator": "aggregate", "function": "max", "of": "orders.at"},
            },
        },
        "orders": {
            "rows": {"per": "customers", "count": {"distribution": "fixed", "value": 5}},
            "primary_key": "id",
            "columns": {
                "id": {"generator": "sequence"},
                "customer_id": {"generator": "foreign_key", "references": "customers.id"},
                "amount": {"generator": "integer", "low": 1, "high": 500},
                "at": {"generator": "datetime", "start": "2024-01-01", "end": "2024-12-31"},
                "tier": {"generator": "expression", "expr": "customers.tier"},
                "total": {"generator": "running_sum", "of": "amount"},
            },
        },
    },
    "constraints": [{"table": "orders", "check": "amount <= 500"}],
}


def _at(df: pl.DataFrame, row: int, column: str, value: Any) -> pl.DataFrame:
    return df.with_columns(
        pl.when(pl.int_range(pl.len()) == row)
        .then(pl.lit(value, dtype=df.schema[column]))
        .otherwise(pl.col(column))
        .alias(column)
    )


def test_defects_planted_in_chunks_far_apart(tmp_path: Path) -> None:
    plan = load_plan(PLANTED)
    from simulacra.generation.engine import Engine

    frames = Engine(plan).frames()
    good = _write(frames, tmp_path / "good")
    assert all(f.ok for f in check_streaming(plan, good, chunk_size=37))
    c, o = frames["customers"], frames["orders"]
    c = _at(c, 398, "id", 2)  # a repeated key: rows 1 and 398, ten chunks apart
    c = _at(c, 350, "email", c["email"][3])  # a repeated unique value: rows 3 and 350
    c = _at(c, 399, "spent", 1)  # the last parent's aggregate
    o = _at(o, 1999, "customer_id", 10_000)  # an orphan in the last row of the last chunk
    o = _at(o, 1000, "amount", 9_999)  # a constraint (and the running sums after it) in a middle chunk
    o = _at(o, 5, "tier", "z")  # a derived column in the first chunk
    bad = _write({"customers": c, "orders": o}, tmp_path / "bad")
    whole = check_dataset(plan, read_dataset(bad), declared=True)
    streamed = check_streaming(plan, bad, chunk_size=37)
    assert _key(streamed) == _key(whole)
    failed = {f.check: (f.failed, f.first_row) for f in streamed if not f.ok}
    assert failed["primary key (id) unique and not null"] == (2, 1)
    assert failed["'email' unique"] == (2, 3)
    # the orphan, and the five orders of customer 399 (its id overwritten by the repeated key)
    assert failed["foreign key customer_id -> customers.id"] == (6, 1990)
    assert failed["check(amount <= 500)"] == (1, 1000)
    assert failed["'tier' = its expression, recomputed"] == (7, 5)  # row 5, and the six orphans (no parent tier)
    # order 1000 is customer 201's (row 200); 398 sums customer 2's orders; 399 was set to 1
    assert failed["aggregate spent = sum(orders.amount)"] == (3, 200)
    assert failed["aggregate last_order = max(orders.at)"] == (1, 398)  # a datetime aggregate, far from the first
    assert failed["aggregate n_orders = count(orders.id)"] == (1, 399)  # its orders lost their parent
    assert failed["'orders' children per customers row as declared (fixed)"] == (1, 399)
    assert failed["running sum 'total' recomputed per customers row"][1] == 1000  # the sums after the change too


def test_chunked_reader_reads_every_row_in_order(tmp_path: Path) -> None:
    target = tmp_path / "hr.db"
    generate(HR, target)
    whole = read_dataset(target)
    ds = ChunkedDataset(target)
    assert set(ds.tables) == set(whole)
    for name, df in whole.items():
        parts = list(ds.chunks(name, 11))
        assert all(p.height <= 11 for p in parts)
        assert pl.concat(parts).equals(df)
    with pytest.raises(ValueError, match="at least 1 row"):
        list(ds.chunks("days", 0))


def test_cli_chunk_size(tmp_path: Path) -> None:
    spec = tmp_path / "hr.yaml"
    import yaml

    spec.write_text(yaml.safe_dump(HR))
    out = tmp_path / "hr"
    generate(HR, out)
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", str(spec), str(out), "--chunk-size", "9"])
    assert ok.exit_code == 0, ok.output
    assert "checks passed" in ok.output and "FAIL" not in ok.output
    df = pl.read_parquet(out / "badges.parquet")
    df.slice(1).write_parquet(out / "badges.parquet")  # a deleted badge
    bad = runner.invoke(app, ["validate", str(spec), str(out), "--chunk-size", "9"])
    assert bad.exit_code != 0
    assert "FAIL" in bad.output and "children per employees row" in bad.output


def test_spec_features_checked_in_chunks_with_the_same_findings(tmp_path: Path) -> None:
    # example:hr has every spec feature (static tables, filtered and matched FKs, a self-reference within a
    # group, positions and lags, a process, exact and shared scenarios); defects planted in a chunked table
    from simulacra.examples import example_path

    plan = load_plan(example_path("hr"))
    from simulacra.generation.engine import Engine

    frames = Engine(plan).frames()
    ev = frames["ticket_events"]
    state = next(c for c in ev.columns if c == "state")
    ev = _at(ev, ev.height - 3, state, "new")  # a move that is not declared, near the end
    sal = frames["salaries"]
    sal = _at(sal, 2, "change", 12345.0)  # a lag column, in the first chunk
    folder = _write({**frames, "ticket_events": ev, "salaries": sal}, tmp_path / "hr")
    whole = check_dataset(plan, read_dataset(folder), declared=True)
    streamed = check_streaming(plan, folder, chunk_size=700)
    assert _key(streamed) == _key(whole)
    failed = {f.check for f in streamed if not f.ok}
    assert "process moves only along declared transitions" in failed
    assert any(c.startswith("'change' = ") for c in failed)


def test_chunk_size_with_documents_is_said_not_silent(tmp_path: Path) -> None:
    from simulacra.examples import example_path

    out = tmp_path / "shop.db"
    generate(example_path("shop"), out, scale=0.02)  # documents written beside it
    runner = CliRunner()
    res = runner.invoke(app, ["validate", "example:shop", str(out), "--chunk-size", "500"])
    assert res.exit_code == 0, res.output
    assert "are not checked with --chunk-size" in res.output
    with pytest.raises(ValueError, match="documents"):
        validate(str(example_path("shop")), out, chunk_size=500)


def test_python_heap_bounded_by_the_chunk_not_the_rows(tmp_path: Path) -> None:
    """What this process holds in Python objects while checking (tracemalloc's peak) is the same at 10x the rows:
    no per-key or per-row state is kept in Python (counts, first rows, ledgers); DuckDB holds the rest under its
    limit (native memory against row count: benchmarks/validate_memory.py)."""
    import tracemalloc

    from simulacra.examples import example_path

    spec = str(example_path("shop"))
    sizes = {}
    for scale in (0.2, 2.0):
        sizes[scale] = sum(
            generate(spec, tmp_path / f"s{scale}", scale=scale, format="parquet", documents=False).rows.values()
        )
    assert sizes[2.0] > 9 * sizes[0.2]
    check_streaming(spec, tmp_path / "s0.2", chunk_size=2_000)  # warm-up: imports, plan, caches
    peaks, findings = {}, {}
    tracemalloc.start()
    try:
        for scale in (0.2, 2.0):
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            findings[scale] = check_streaming(spec, tmp_path / f"s{scale}", chunk_size=2_000)
            peaks[scale] = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert all(f.ok for f in findings[2.0]) and len(findings[2.0]) == len(findings[0.2]) > 20
    assert peaks[2.0] < 1.5 * peaks[0.2], peaks


def test_out_of_duckdb_memory_is_a_clear_error_naming_the_table(tmp_path: Path) -> None:
    from simulacra._streaming import _threads
    from simulacra.errors import SourceError

    generate(HR, tmp_path / "hr", format="parquet")
    with pytest.raises(
        SourceError, match=r"(staging|checking) table '\w+' needs more memory than the limit of 1 MiB.*--memory-limit"
    ):
        check_streaming(load_plan(HR), tmp_path / "hr", chunk_size=1_000, memory_limit=1 << 20)
    # a DuckDB thread per 256 MiB of the limit (each thread's working memory sits beside the buffer pool)
    assert _threads(64 << 20) == 1 and _threads(256 << 20) == 1
    assert _threads(1 << 40) >= 1 and _threads(512 << 20) == min(2, __import__("os").cpu_count() or 1)
