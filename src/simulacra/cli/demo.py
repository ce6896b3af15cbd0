"""Generate the shop example into a SQLite file and check its integrity.

Example:

    simulacra demo
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import typer

from simulacra.cli._console import console, escape, progress_bar


def command(
    output: Path = typer.Option(
        Path("demo-output/shop.db"), "-o", "--output", help="SQLite file to write (replaced if it exists)."
    ),
    seed: int = typer.Option(42, "--seed", help="Seed."),
    scale: float = typer.Option(
        1.0,
        "--scale",
        min=0.0,
        help="Multiply every absolute row count (rounded; a positive count keeps at least 1 row, static tables keep theirs).",
    ),
) -> None:
    """Generate the shop example into a SQLite file and check its integrity."""
    from simulacra.examples import example_path
    from simulacra.io import read_dataset
    from simulacra.pipeline import check, check_documents, generate
    from simulacra.spec import load_plan

    plan = load_plan(example_path("shop"))
    output.parent.mkdir(parents=True, exist_ok=True)
    with progress_bar() as progress:
        result = generate(plan, output, seed=seed, scale=scale, if_exists="replace", progress=progress)
    console.print(
        f"[bold]shop example[/] written to {escape(str(output.resolve()))} in {result.manifest['seconds']:.2f} s"
    )
    for table, n in result.rows.items():
        console.print(f"  {table:<16} {n:>10,} rows")
    frames = read_dataset(str(output))  # read once, for the data checks and the documents
    findings = check(plan, frames)
    bad = [f for f in findings if not f.ok]
    with sqlite3.connect(f"file:{output}?mode=ro", uri=True) as con:
        fk_violations = len(con.execute("PRAGMA foreign_key_check").fetchall())
    ok = not bad and fk_violations == 0
    status = "[green]OK[/]" if ok else "[red]FAILED[/]"
    console.print(
        f"integrity: {status} — {len(findings) - len(bad)}/{len(findings)} checks passed "
        f"(keys, foreign keys, uniqueness, constraints, aggregates); SQLite foreign_key_check: {fk_violations} violations"
    )
    for f in bad:
        console.print(f"  [red]FAIL[/] {escape(f.table)}: {escape(f.check)} ({f.failed} rows)")
    docs = result.manifest.get("documents")
    if docs and result.documents_path:
        report = check_documents(plan, output, result.documents_path, frames=frames)
        counts = ", ".join(f"{n:,} {name}" for name, n in docs["count"].items())
        status = "[green]OK[/]" if report.ok else "[red]FAILED[/]"
        console.print(
            f"documents: {counts} in {escape(result.documents_path)} (ground truth in index.jsonl); "
            f"consistency with the rows: {status} — {sum(report.values.values()):,} values checked"
        )
        for i in report.issues[:10]:
            console.print(f"  [red]FAIL[/] {escape(i.message)}")
        ok = ok and report.ok
    if not ok:
        raise typer.Exit(4)
