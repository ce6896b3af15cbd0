"""Run a curation pipeline: sources -> dedupe, privacy, validity, scorers, filters, balance -> a folder with a card."""

from __future__ import annotations

import typer

from simulacra.cli._console import console, err_console, escape

app = typer.Typer(help="Curation pipelines: generate broadly, filter hard (docs/pipelines.md).", no_args_is_help=True)


@app.command("run")
def run(
    pipeline: str = typer.Argument(..., help="The pipeline YAML."),
    output: str | None = typer.Option(None, "-o", "--output", help="Output folder (default: the pipeline's output:)."),
    replace: bool = typer.Option(False, "--replace", help="Replace the output folder if it exists."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No funnel table."),
) -> None:
    """Run a pipeline YAML into a folder: data.parquet, manifest.json, report.json, card.md, card.json.

    Example:

        simulacra pipeline run tickets.pipeline.yaml -o out/tickets
    """
    from simulacra.curate import Pipeline
    from simulacra.errors import SinkError

    p = Pipeline(pipeline)
    if output is None and p.config.output is None:
        raise SinkError("no output folder: pass -o OUT or set output: in the pipeline")
    result = p.run(output, overwrite=replace)
    for w in result.warnings:
        err_console.print(f"[bold yellow]warning:[/] {escape(w)}", soft_wrap=True)
    if not quiet:
        from rich.table import Table

        table = Table(box=None, pad_edge=False, header_style="bold")
        for col, just in (("step", "left"), ("in", "right"), ("out", "right"), ("removed", "left")):
            table.add_column(col, justify=just)  # type: ignore[arg-type]
        for f in result.report["funnel"]:
            removed = "; ".join(f"{k}: {v:,}" for k, v in f["removed"].items()) or "-"
            table.add_row(escape(f["label"]), f"{f['in']:,}", f"{f['out']:,}", escape(removed))
        console.print(table)
    console.print(f"{result.rows:,} rows -> {escape(str(result.output))} (card.md, manifest.json, report.json)")


@app.command("lineage")
def lineage(
    output: str = typer.Argument(..., help="A pipeline output folder (made from earlier outputs)."),
    real: str | None = typer.Option(
        None, "--real", help="Real data (Parquet or CSV) to measure every generation against."
    ),
    detection: bool = typer.Option(True, "--detection/--no-detection", help="Train the detection classifier (slow)."),
    as_json: bool = typer.Option(False, "--json", help="Print the rows as JSON."),
) -> None:
    """The collapse view from lineage: every generation that led to OUTPUT, oldest first, with what dominates it
    (repeated rows, the top template and scenario) and, with --real, quality and coverage against the real data.

    Example:

        simulacra pipeline lineage out/gen3 --real data/real.parquet
    """
    import json

    import polars as pl

    from simulacra.curate.lineage import collapse_from_lineage
    from simulacra.errors import SourceError

    frame = None
    if real is not None:
        try:
            frame = pl.read_csv(real) if real.lower().endswith(".csv") else pl.read_parquet(real)
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise SourceError(f"{real}: cannot be read ({type(exc).__name__}: {exc})") from None
    rows = collapse_from_lineage(output, real=frame, detection=detection)
    if as_json:
        console.print_json(json.dumps(rows, default=str))
        return
    from rich.table import Table

    cols = [c for c in dict.fromkeys(k for r in rows for k in r)]
    table = Table(box=None, pad_edge=False, header_style="bold")
    for c in cols:
        table.add_column(c)
    for r in rows:
        v = [r.get(c) for c in cols]
        table.add_row(*(escape("-" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)) for x in v))
    console.print(table)
