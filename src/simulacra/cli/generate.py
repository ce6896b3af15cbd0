"""Generate the dataset a spec describes into a database or files.

Example:

    simulacra generate example:shop -o out/shop.db --seed 7
    simulacra generate example:bank -o out/bank --format parquet --engine dask --workers 2
"""

from __future__ import annotations

import contextlib

import typer

from simulacra.cli._args import check_engine, refuse_existing, resolve_spec, scheduler_option, workers_option
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
    scale: float = typer.Option(
        1.0,
        "--scale",
        min=0.0,
        help="Multiply every absolute row count (rounded; a positive count keeps at least 1 row, static tables keep theirs).",
    ),
    chunk_size: int = typer.Option(
        100_000, "--chunk-size", min=1, help="Rows per chunk (memory bound; never changes the data)."
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        help="Folder output format: parquet, csv, jsonl, or parquet-parts (a folder per table, a part per chunk; on Dask the workers write them).",
    ),
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
    spans: str | None = typer.Option(
        None,
        "--spans",
        help="Folder for the span labels of text columns with must_include fields "
        "(default: <output>.spans beside a file or folder output; needed for a database URL).",
    ),
    no_spans: bool = typer.Option(False, "--no-spans", help="Do not write span labels of text columns."),
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
        help="MiB of uniqueness ledgers and parent columns held in memory before they spill to a temp folder (default 64; never changes the data).",
    ),
    engine: str = typer.Option(
        "local",
        "--engine",
        help="Where chunks are made: local (this process) or dask (tasks on a Dask cluster; same output; needs simulacra[dask]).",
    ),
    workers: int | None = workers_option(),
    scheduler: str | None = scheduler_option(),
    partition_rows: int | None = typer.Option(
        None,
        "--partition-rows",
        min=1,
        help="With --engine dask: rows per task (the chunk size; default --chunk-size; never changes the data).",
    ),
    backend: str | None = typer.Option(
        None,
        "--backend",
        help="OpenAI-compatible endpoint URL that the spec's text columns ask "
        "(e.g. http://127.0.0.1:11434/v1); without it they use their offline template.",
    ),
    model: str | None = typer.Option(None, "--model", help="Model name at the backend."),
    api_key_env: str | None = typer.Option(
        None,
        "--api-key-env",
        help="Environment variable holding the API key (the key itself is never printed or written).",
    ),
    cache: str | None = typer.Option(
        None,
        "--cache",
        help="Cache folder for model replies (default ~/.cache/simulacra/llm); a rerun with the same seed makes no request.",
    ),
    concurrency: int = typer.Option(4, "--concurrency", min=1, help="Model requests in flight at once."),
) -> None:
    """Generate the dataset a spec describes into a database or files (and its documents, with their index)."""
    from simulacra.pipeline import generate

    check_engine(
        engine,
        workers=workers,
        scheduler=scheduler,
        dask_only={"--workers": workers, "--scheduler": scheduler, "--partition-rows": partition_rows},
    )
    if partition_rows is not None:
        chunk_size = partition_rows
    if backend is not None and engine != "local":
        raise typer.BadParameter("--backend works with --engine local only", param_hint="--backend")
    refuse_existing(output, replace)
    if spans is not None and no_spans:
        raise typer.BadParameter("--spans and --no-spans exclude each other", param_hint="--spans")
    docs: str | bool | None = False if no_documents else documents
    from simulacra.cli.draft import backend_client

    with contextlib.ExitStack() as stack:
        text_client = backend_client(backend, model, api_key_env, cache, 60.0, 4, concurrency)
        if text_client is not None:
            stack.callback(text_client.close)
        distribute = None
        if engine == "dask":
            from simulacra.distributed import DaskExecutor, connect

            dask_client = stack.enter_context(
                connect(workers=None if scheduler else (workers or 2), scheduler=scheduler)
            )
            distribute = DaskExecutor(dask_client)
        progress = stack.enter_context(progress_bar(enabled=not quiet))
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
            distribute=distribute,
            text_backend=text_client,
            spans=False if no_spans else spans,
        )
    if not quiet:
        m = result.manifest
        console.print(f"wrote {escape(str(m['output']))} (seed {m['seed']}, {m['seconds']:.2f} s)")
        for table, n in m["rows"].items():
            console.print(f"  {table:<24} {n:>12,} rows")
        for note in result.notes:
            console.print(f"note: {escape(note)}")
        d = m.get("documents")
        if d:
            where = d.get("path") or "the 'documents' table"
            console.print(f"wrote documents to {escape(str(where))} (with index.jsonl)")
            for name, n in d["count"].items():
                console.print(f"  {name:<24} {n:>12,} documents")
            for name, t in d.get("model", {}).items():
                how = f"{t['method']} ({t['model']})" if t["model"] else t["method"]
                console.print(
                    f"documents {name}: {how}, {t['documents_model']:,} by the model, {t['documents_offline']:,} offline"
                    + (f", {t['rejected']:,} answers rejected" if t["rejected"] else "")
                )
        for col, t in m.get("text", {}).items():
            how = f"{t['method']} ({t['model']})" if t["model"] else t["method"]
            console.print(
                f"text {col}: {how}, {t['rows_model']:,} rows by the model, {t['rows_offline']:,} offline"
                + (f", {t['rejected']:,} answers rejected" if t["rejected"] else "")
            )
            if t.get("spans_file"):
                console.print(f"  {t['spans']:,} span labels in {escape(t['spans_file'])}")
            elif "spans_file" in t and not no_spans:
                console.print("  span labels not written (the output is not a path): pass --spans FOLDER")
