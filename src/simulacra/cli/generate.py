"""Generate the dataset a spec describes into a database or files.

Example:

    simulacra generate example:shop -o out/shop.db --seed 7
"""

from __future__ import annotations

import typer

from simulacra.cli._args import refuse_existing, resolve_spec
from simulacra.cli._console import console, escape, progress_bar


def command(
    spec: str = typer.Argument(..., help="Spec YAML file (or example:shop, example:support, example:bank)."),
    output: str = typer.Option(
        ...,
        "-o",
        "--output",
        help="A .db/.sqlite or .duckdb file, a folder (with --format), or a URL: sqlite:///…, duckdb:///…, postgresql://…",
    ),
    seed: int | None = typer.Option(None, "--seed", help="Seed (default: the spec's)."),
    scale: float = typer.Option(1.0, "--scale", min=0.0, help="Multiply every absolute row count."),
    chunk_size: int = typer.Option(
        100_000, "--chunk-size", min=1, help="Rows per chunk (memory bound; never changes the data)."
    ),
    fmt: str | None = typer.Option(None, "--format", help="Folder output format: parquet, csv or jsonl."),
    replace: bool = typer.Option(
        False, "--replace", help="Replace an existing output (files, or tables in a database)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    documents: str | None = typer.Option(
        None,
        "--documents",
        help="Folder or .zip for the spec's documents (default: <output>.documents beside the output).",
    ),
    no_documents: bool = typer.Option(False, "--no-documents", help="Do not render the spec's documents."),
    documents_table: bool = typer.Option(
        False, "--documents-table", help="Also write a 'documents' table (id, template, path, text) into the output."
    ),
    yes: bool = typer.Option(
        False, "--yes", help="Write even when the estimated output is larger than the free disk space."
    ),
    memory_budget: int | None = typer.Option(
        None,
        "--memory-budget",
        min=0,
        help="MiB of uniqueness ledgers and parent columns held in memory before they spill to a temp folder (default 256; never changes the data).",
    ),
) -> None:
    """Generate the dataset a spec describes into a database or files (and its documents, with their index)."""
    from simulacra.pipeline import generate

    refuse_existing(output, replace)
    docs: str | bool | None = False if no_documents else documents
    with progress_bar(enabled=not quiet) as progress:
        result = generate(
            resolve_spec(spec),
            output,
            seed=seed,
            scale=scale,
            chunk_size=chunk_size,
            format=fmt,
            if_exists="replace" if replace else "fail",
            progress=progress,
            documents=docs,
            documents_table=documents_table and not no_documents,
            check_space=not yes,
            memory_budget=None if memory_budget is None else memory_budget << 20,
        )
    if not quiet:
        m = result.manifest
        console.print(f"wrote {escape(str(m['output']))} (seed {m['seed']}, {m['seconds']:.2f} s)")
        for table, n in m["rows"].items():
            console.print(f"  {table:<24} {n:>12,} rows")
        d = m.get("documents")
        if d:
            where = d.get("path") or "the 'documents' table"
            console.print(f"wrote documents to {escape(str(where))} (with index.jsonl)")
            for name, n in d["count"].items():
                console.print(f"  {name:<24} {n:>12,} documents")
