"""Check an existing dataset (database or files) against a spec.

Example:

    simulacra validate example:shop out/shop.db
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from simulacra.cli._args import resolve_spec
from simulacra.cli._console import console, escape
from simulacra.errors import Location, Problem


def command(
    spec: str = typer.Argument(..., help="Spec YAML file (or example:NAME)."),
    dataset: str = typer.Argument(..., help="A database file or URL, or a folder of parquet/csv/jsonl files."),
    fmt: str | None = typer.Option(None, "--format", help="Folder format when it cannot be guessed."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
    documents: str | None = typer.Option(
        None, "--documents", help="Documents folder or .zip to check too (default: <dataset>.documents when it exists)."
    ),
    chunk_size: int | None = typer.Option(
        None,
        "--chunk-size",
        min=1,
        help="Check the dataset this many rows at a time, in bounded memory (a temp DuckDB database that spills to"
        " disk; same checks and findings; documents are not checked this way).",
    ),
    memory_limit: int = typer.Option(
        256, "--memory-limit", min=16, help="With --chunk-size: MiB DuckDB may hold before it spills to disk."
    ),
) -> None:
    """Check an existing dataset (database or files) against a spec: keys, foreign keys, uniqueness, constraints, aggregates,
    what the spec declares (derived columns recomputed, running sums, fixed counts, ranges, scenario labels and rates; not
    for data sampled from a learned model), and the documents written with it (every ID, amount, date and name they mention)."""
    from simulacra.errors import DataValidationError, Location, Problem
    from simulacra.io import check_sidecar, read_dataset
    from simulacra.pipeline import check, check_documents, check_streaming, made_by_rules
    from simulacra.spec import load_plan

    plan = load_plan(resolve_spec(spec))
    if chunk_size is not None:
        if documents is not None:
            raise typer.BadParameter(
                "documents are checked against rows in memory: drop --chunk-size", param_hint="--documents"
            )
        findings = check_streaming(
            plan,
            dataset,
            format=fmt,
            declared=made_by_rules(dataset),
            chunk_size=chunk_size,
            memory_limit=memory_limit << 20,
        )
        report = None
        if plan.documents:
            from simulacra.documents import default_documents_path

            beside = default_documents_path(dataset)
            if beside is not None and beside.exists():
                console.print(f"note: documents in {escape(str(beside))} are not checked with --chunk-size")
    else:
        frames = _read_frames(dataset, fmt, read_dataset)  # read once, for the data checks and the documents
        findings = check(plan, frames, declared=made_by_rules(dataset))
        report = check_documents(plan, dataset, documents, frames=frames)
    bad = [f for f in findings if not f.ok]
    if as_json:
        out = [
            {
                "table": f.table,
                "check": f.check,
                "failed": f.failed,
                "rows": f.total,
                "first_row": f.first_row,
                "ok": f.ok,
            }
            for f in findings
        ]
        if report is not None:
            out += [
                {
                    "documents": report.source,
                    "template": t,
                    "check": "values checked",
                    "documents_checked": n,
                    "values": report.values.get(t, 0),
                    "failed": sum(1 for i in report.issues if i.template == t),
                    "ok": not any(i.template == t for i in report.issues),
                }
                for t, n in report.documents.items()
            ]
            out += [
                {
                    "documents": report.source,
                    "document": i.document,
                    "path": i.path,
                    "field": i.field,
                    "label": i.label,
                    "key": i.key,
                    "expected": i.expected,
                    "found": i.found,
                    "ok": False,
                }
                for i in report.issues
            ]
        console.print_json(json.dumps(out, default=str))
    else:
        for f in findings:
            mark = "[green]ok  [/]" if f.ok else "[red]FAIL[/]"
            console.print(
                f"{mark} {escape(f.table)}: {escape(f.check)}" + ("" if f.ok else f" — {f.failed} of {f.total} rows")
            )
        n_checks = len(findings)
        n_bad = len(bad)
        if report is not None:
            for t, n in report.documents.items():
                issues = [i for i in report.issues if i.template == t]
                mark = "[green]ok  [/]" if not issues else "[red]FAIL[/]"
                console.print(
                    f"{mark} documents '{escape(t)}': {n:,} files, {report.values.get(t, 0):,} values checked"
                    + ("" if not issues else f" — {len(issues)} do not match their rows")
                )
                for i in issues[:EXAMPLES]:
                    console.print(f"       {escape(i.message)}")
                if len(issues) > EXAMPLES:
                    console.print(f"       … and {len(issues) - EXAMPLES:,} more (all of them: --json)")
                n_checks += 1
                n_bad += bool(issues)
        console.print(f"{n_checks - n_bad} of {n_checks} checks passed")
    problems = [f.problem(plan.index.file) for f in bad] + (summarise_documents(report) if report is not None else [])
    stale = check_sidecar(dataset)  # a database file's *.manifest.json must describe that database
    if stale is not None:
        console.print(f"[red]FAIL[/] {escape(stale)}")
        problems.append(Problem(Location(), stale))
    if problems:
        raise DataValidationError(problems)


#: examples shown per failed documents check (the counts say how many more; --json lists every one)
EXAMPLES = 3


def summarise_documents(report: Any) -> list[Problem]:
    """One located problem per template with failures: how many, by field, and the first examples (not one line
    per value: a broken join can mismatch every value of every document)."""
    from collections import Counter

    out = []
    by_template: dict[str, list[Any]] = {}
    for i in report.issues:
        by_template.setdefault(i.template, []).append(i)
    for t, issues in by_template.items():
        fields = Counter(i.field for i in issues).most_common()
        counts = ", ".join(f"{f} {n:,}" for f, n in fields[:5]) + (
            f", {len(fields) - 5} more fields" if len(fields) > 5 else ""
        )
        first = "; ".join(f"{i.path}: {i.message}" for i in issues[:EXAMPLES])
        more = f" (and {len(issues) - EXAMPLES:,} more)" if len(issues) > EXAMPLES else ""
        out.append(
            Problem(
                Location(file=str(report.source)),
                f"documents '{t}': {len(issues):,} values do not match their rows ({counts}); first: {first}{more}",
            )
        )
    return out


def _read_frames(dataset: str, fmt: str | None, read_dataset: Any) -> dict[str, Any]:
    """The dataset's tables: a simulacra output as written; delimited text of any other origin as ``fit`` reads it.

    A folder of ``;``-separated exports with ``dd.mm.yyyy`` dates and ``1.234,50`` amounts is read
    by the sources reader (separator, markers and number marks sniffed), typed by an inspection
    as ``fit`` types it, and its tables named as the spec names them (``customer-list.csv`` is
    ``customer_list``), so a reviewed draft can be checked against the data it was drafted from.
    """
    from simulacra.io import is_url, read_manifest
    from simulacra.sources import DELIMITED_SUFFIXES

    path = Path(dataset)
    delimited = path.is_file() and path.suffix.lower() in DELIMITED_SUFFIXES
    delimited |= path.is_dir() and any(f.suffix.lower() in DELIMITED_SUFFIXES for f in path.iterdir())
    if fmt is not None or is_url(dataset) or not delimited or read_manifest(dataset) is not None:
        return dict(read_dataset(dataset, format=fmt))
    from simulacra.inspection import inspect
    from simulacra.sources import coerce, read_source

    src = read_source(dataset)
    inspection = inspect(src)
    typed = coerce(src.frames, inspection)
    return {inspection.table_names.get(t, t): f for t, f in typed.items()}
