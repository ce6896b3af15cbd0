"""Sample new records from a fitted model into a database or files."""

from __future__ import annotations

import typer

from simulacra.cli._args import scheduler_option, workers_option
from simulacra.cli._console import console, err_console, escape


def command(
    model: str = typer.Argument(..., help="A model folder written by `simulacra fit`."),
    output: str = typer.Option(
        ...,
        "-o",
        "--output",
        help="A .db/.sqlite or .duckdb file, a single .parquet/.csv/.jsonl file (one-table models), a folder (with --format), or a URL: sqlite:///…, duckdb:///…, postgresql://…",
    ),
    n_rows: int | None = typer.Option(
        None, "--n-rows", min=0, help="Rows of the first root table (the other tables scale with it)."
    ),
    scale: float = typer.Option(
        1.0, "--scale", min=0.0, help="Multiply every table's learned size (rounded; a table keeps at least 1 row)."
    ),
    seed: int | None = typer.Option(None, "--seed", help="Seed (default: the model's)."),
    where: list[str] = typer.Option(
        [],
        "--where",
        help="SQL condition every sampled row of a table meets: \"Y = '>50K'\" (the --table table) or "
        '"TABLE: SQL" for any table, e.g. "loans: amount > 1000" (a child table\'s failing rows are redrawn '
        "given the same parent); repeat to add conditions (all must hold).",
    ),
    rebalance: list[str] = typer.Option(
        [], "--rebalance", help="COL=SHARE (the rarest class of COL gets SHARE) or COL:VALUE=SHARE; repeat."
    ),
    table: str | None = typer.Option(
        None,
        "--table",
        help="Table a --where without TABLE: applies to, and the root table --rebalance applies to "
        "(default: the first root table).",
    ),
    exact_sizes: bool = typer.Option(
        False,
        "--exact-sizes",
        help="Every table exactly its real size times --scale (default: child sizes follow the parents drawn).",
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        help="Folder output format: parquet, csv or jsonl (default: the format the model's files were read from, else parquet).",
    ),
    null_markers: bool = typer.Option(
        True,
        "--null-markers/--write-nulls",
        help="CSV output: write missing values as the source's marker (?, NA, \\N...; default) or as empty cells.",
    ),
    replace: bool = typer.Option(False, "--replace", help="Replace an existing output."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    chunk_rows: int = typer.Option(
        100_000,
        "--chunk-rows",
        min=1,
        help="Rows sampled and written at a time: a one-table model in row chunks, a child table of several in "
        "runs of whole parents (memory follows it; the output does not; smaller runs cost CPU).",
    ),
    engine: str = typer.Option(
        "local",
        "--engine",
        help="local, or dask: the model's learned rows drawn as tasks on a Dask cluster, in --chunk-rows chunks (several tables: table by table in dependency order; same output; needs simulacra[dask]).",
    ),
    workers: int | None = workers_option(),
    scheduler: str | None = scheduler_option(),
) -> None:
    """Sample new records (not copies) from a fitted model; integrity is checked before writing.

    A one-table model can be written to a single .parquet, .csv or .jsonl file.

    Example:

        simulacra sample out/adult-model -o out/synthetic.parquet --n-rows 10000
    """
    import contextlib

    from simulacra.cli._args import check_engine, refuse_existing
    from simulacra.learning import sample

    check_engine(
        engine, workers=workers, scheduler=scheduler, dask_only={"--workers": workers, "--scheduler": scheduler}
    )
    refuse_existing(output, replace)
    with contextlib.ExitStack() as stack:
        client = None
        if engine == "dask":
            from simulacra.distributed import connect

            client = stack.enter_context(connect(workers=None if scheduler else (workers or 2), scheduler=scheduler))
        result = sample(
            model,
            output,
            n_rows=n_rows,
            scale=scale,
            seed=seed,
            where=(where[0] if len(where) == 1 else where) or None,
            rebalance=rebalance or None,
            table=table,
            format=fmt,
            if_exists="replace" if replace else "fail",
            progress=not quiet,
            null_markers=null_markers,
            exact_sizes=exact_sizes,
            chunk_rows=chunk_rows,
            client=client,
        )
    m = result.manifest
    for note in m.get("notes") or []:
        if note.startswith("copy guard absent"):  # said even with --quiet: the samples lack a protection
            err_console.print(f"warning: {escape(note)}", style="yellow")
    if quiet:
        return
    spent = (m.get("privacy") or {}).get("differential_privacy")
    checked = (
        ("under differential privacy" + ("; foreign keys checked" if len(m["rows"]) > 1 else ""))
        if spent
        else "keys, foreign keys and constraints checked"
    )
    chunks = m.get("chunks") or {}
    if "count" in chunks:
        checked += f"; {chunks['count']} chunk(s) of {chunks['rows']:,} rows on {chunks['engine']}"
    console.print(f"wrote {escape(str(m.get('output')))} (seed {m['seed']}, {m['seconds']:.2f} s); {checked}")
    for t, n in m["rows"].items():
        console.print(f"  {t:<24} {n:>12,} rows")
    if spent:
        from simulacra.dp.learned import spend_lines

        for line in spend_lines(spent):
            console.print(escape(line))
