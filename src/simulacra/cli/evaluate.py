"""Evaluate synthetic data against real data: fidelity, utility, privacy, slices -> report.html + report.json."""

from __future__ import annotations

import json
from typing import Any

import typer

from simulacra.cli._args import scheduler_option, workers_option
from simulacra.cli._console import console, err_console, escape


def _split(values: list[str] | None) -> list[str]:
    return [v for item in values or [] for v in item.split(",") if v]


def command(
    real: str = typer.Option(
        ...,
        "--real",
        help="Real (training) data, read like `simulacra fit` reads it: a database file or URL, a folder, or a .csv/.tsv/.data/.parquet/.jsonl file.",
    ),
    synthetic: str | None = typer.Option(
        None, "--synthetic", help="Synthetic data (same forms). Optional with --generations."
    ),
    output: str = typer.Option(..., "-o", "--output", help="Folder for report.html and report.json."),
    holdout: str | None = typer.Option(
        None,
        "--holdout",
        help="Real rows the synthesizer never saw: needed for privacy controls and TSTR on unseen data.",
    ),
    target: str | None = typer.Option(
        None, "--target", help="Column to predict for utility (TABLE.COLUMN for several tables)."
    ),
    slices: list[str] | None = typer.Option(
        None, "--slice", help="Score each value (or quartile) of this column; repeat or comma-separate."
    ),
    spec: str | None = typer.Option(
        None, "--spec", help="Evaluation spec YAML (target, slices, column kinds, thresholds, relations)."
    ),
    fail_under: list[str] | None = typer.Option(
        None, "--fail-under", help="METRIC=VALUE: exit 9 when that score (0-1, 1 best) is lower; repeatable."
    ),
    generations: list[str] | None = typer.Option(
        None,
        "--generations",
        help="Generations of recursively synthesized data, in order (repeat or comma-separate): adds the collapse view.",
    ),
    seed: int = typer.Option(0, "--seed", help="Seed for subsamples, folds and models."),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        min=1,
        help="Threads for models and neighbour searches (default: the physical cores this process may use; BLAS/OpenMP pools are held to it).",
    ),
    allow_mismatch: bool = typer.Option(
        False,
        "--allow-mismatch",
        help="Evaluate even when real, synthetic and holdout do not line up (missing columns, other types, unseen categories, different target classes): each mismatch becomes a warning, what cannot be computed honestly is marked not computed.",
    ),
    engine: str = typer.Option(
        "local",
        "--engine",
        help="local, or dask: the metrics that are sums over chunks (column shapes, pair trends, exact matches, distances to closest records) as tasks on a Dask cluster; the rest on this machine (needs simulacra[dask]).",
    ),
    workers: int | None = workers_option(),
    scheduler: str | None = scheduler_option(),
    partition_rows: int | None = typer.Option(
        None,
        "--partition-rows",
        min=1,
        help="With --engine dask: synthetic rows per task (default 100,000); the exact numbers do not depend on it.",
    ),
    chunked_only: bool = typer.Option(
        False,
        "--chunked-only",
        help="Compute only the metrics that are sums over chunks, each task reading its own partition of every input "
        "(Parquet: a file, or a simulacra output folder; a .csv/.tsv file; a folder of .csv/.tsv/.parquet tables; a "
        "SQLite or DuckDB file of one or several tables); no whole table is read on this machine. "
        "With --engine dask on the workers, else one partition after another here.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON instead of a table."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary table."),
) -> None:
    """Evaluate synthetic data against real data: fidelity, utility, privacy, slices -> report.html + report.json.

    The inputs must line up first (column names after trimming blanks, types, categories, target classes);
    every mismatch is reported by file, table and column (exit code 4) unless --allow-mismatch.

    Example:

        simulacra evaluate --real adult.data --synthetic out/synthetic.parquet --holdout adult_test.csv --target Y -o out/report
    """
    import contextlib

    from simulacra.cli._args import check_engine
    from simulacra.evaluation import EvaluationFailedError, evaluate
    from simulacra.evaluation.report import LABELS

    check_engine(
        engine,
        workers=workers,
        scheduler=scheduler,
        dask_only={"--workers": workers, "--scheduler": scheduler, "--partition-rows": partition_rows},
    )
    with contextlib.ExitStack() as stack:
        runner: Any = None
        if engine == "dask":
            from simulacra.distributed import DaskChunks, connect

            client = stack.enter_context(connect(workers=None if scheduler else (workers or 2), scheduler=scheduler))
            runner = DaskChunks(client, partition_rows=partition_rows or 100_000)
        elif chunked_only:
            from simulacra.evaluation.chunked import LocalChunks

            runner = LocalChunks()
        report = evaluate(
            real,
            synthetic,
            holdout=holdout,
            target=target,
            slices=_split(slices),
            spec=spec,
            thresholds=_split(fail_under),
            seed=seed,
            progress=not quiet,
            generations=_split(generations),
            n_jobs=jobs,
            allow_mismatch=allow_mismatch,
            distribute=runner,
            chunked_only=chunked_only,
        )
    for w in report.warnings:
        err_console.print(f"[bold yellow]warning:[/] {escape(w)}", soft_wrap=True)
    folder = report.write(output)
    if as_json:
        console.print_json(
            json.dumps(
                {
                    "summary": report.to_dict()["summary"],
                    "ok": report.ok,
                    "failures": report.failures(),
                    "verdict": report.verdict()["text"],
                    "warnings": report.warnings,
                }
            )
        )
    elif not quiet:
        from rich.table import Table

        table = Table(box=None, pad_edge=False, header_style="bold")
        for col, just in (
            ("metric", "left"),
            ("value", "right"),
            ("score", "right"),
            ("threshold", "right"),
            ("", "left"),
        ):
            table.add_column(col, justify=just)  # type: ignore[arg-type]
        passed = report.passed()
        for name, raw in report.summary.items():
            score = report.scores.get(name)
            thr = report.gates.get(name, report.thresholds.get(name))
            mark = {
                True: "[green]pass[/]",
                False: "[red]FAIL[/]" if name in report.gates else "[yellow]low[/]",
                None: "[dim]not computed[/]" if raw is None and score is None else "",
            }[passed.get(name)]
            table.add_row(
                escape(LABELS.get(name, name)),
                "—" if raw is None else f"{raw:.3f}",
                "—" if score is None else f"{score:.3f}",
                "" if thr is None else f"{thr:g}",
                mark,
            )
        console.print(table)
        # a blank cell says nothing: each reason once, with the headlines it holds for
        by_reason: dict[str, list[str]] = {}
        for name, why in report.not_computed().items():
            if name in report.summary:
                by_reason.setdefault(why, []).append(LABELS.get(name, name))
        for why, names in by_reason.items():
            console.print(f"[dim]not computed:[/] {escape(', '.join(names))}: {escape(why)}")
        for r in report.results:  # what a score alone would hide (a detector below chance: copies)
            note = (r.details or {}).get("note") if r.metric == "detection_auc" else None
            if note:
                where = f" ({r.table})" if r.table else ""
                console.print(f"[yellow]note:[/] {escape(LABELS.get(r.metric, r.metric))}{where}: {escape(note)}")
        console.print(report.verdict()["text"])
        placed = report.sections.get("distributed")
        if placed:
            console.print(
                f"on {placed['engine']} in partitions of {placed['partition_rows']:,} rows: "
                f"{', '.join(placed['on_workers'])}; on this machine: {', '.join(placed['on_client']) or 'nothing else'}"
            )
            if placed.get("read_on_workers"):
                read = ", ".join(f"{k} {v:,}" for k, v in placed["read_on_workers"].items())
                console.print(f"partitions read where the tasks ran: {read}; {placed['not_computed']}")
        console.print(
            f"wrote {escape(str(folder / 'report.html'))} and report.json ({report.timings.get('total', 0):.1f} s)"
        )
    failures = report.failures()
    if failures:
        raise EvaluationFailedError("scores below the thresholds: " + "; ".join(failures))
