"""Check an existing dataset (database or files) against a spec."""

from __future__ import annotations

import json
from typing import Optional

import typer

from simulacra.cli._args import resolve_spec
from simulacra.cli._console import console, escape


def command(
    spec: str = typer.Argument(..., help="Spec YAML file (or example:NAME)."),
    dataset: str = typer.Argument(..., help="A database file or URL, or a folder of parquet/csv/jsonl files."),
    fmt: Optional[str] = typer.Option(None, "--format", help="Folder format when it cannot be guessed."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
) -> None:
    """Check an existing dataset (database or files) against a spec: keys, foreign keys, uniqueness, constraints, aggregates."""
    from simulacra.errors import DataValidationError
    from simulacra.pipeline import check
    from simulacra.spec import load_plan

    plan = load_plan(resolve_spec(spec))
    findings = check(plan, dataset, format=fmt)
    bad = [f for f in findings if not f.ok]
    if as_json:
        console.print_json(json.dumps([{"table": f.table, "check": f.check, "failed": f.failed, "rows": f.total,
                                        "first_row": f.first_row, "ok": f.ok} for f in findings]))
    else:
        for f in findings:
            mark = "[green]ok  [/]" if f.ok else "[red]FAIL[/]"
            console.print(f"{mark} {escape(f.table)}: {escape(f.check)}" + ("" if f.ok else f" — {f.failed} of {f.total} rows"))
        console.print(f"{len(findings) - len(bad)} of {len(findings)} checks passed")
    if bad:
        raise DataValidationError([f.problem(plan.index.file) for f in bad])
