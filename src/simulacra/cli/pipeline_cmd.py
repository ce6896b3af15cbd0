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
