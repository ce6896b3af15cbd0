"""Training and evaluation sets from generated data: train/validation/test split by entity, in chat, JSONL, Parquet, CoNLL or spaCy DocBin."""

from __future__ import annotations

import typer

from simulacra.cli._console import console


def command(
    dataset: str = typer.Argument(
        ...,
        help="A generated dataset (with <dataset>.documents beside it), a documents folder or .zip, or (qa) any dataset.",
    ),
    task: str = typer.Option(..., "--task", help="extraction | classification | entities | qa"),
    output: str = typer.Option(..., "-o", "--output", help="Output folder."),
    format: str = typer.Option("jsonl", "--format", help="chat | jsonl | parquet | conll or docbin (entities)."),  # noqa: A002
    split: str = typer.Option("0.8,0.1,0.1", "--split", help="Shares of train, validation, test."),
    group_by: str | None = typer.Option(
        None,
        "--group-by",
        help="Entity table (documents) or column (table rows) whose examples stay in one split, e.g. customers.",
    ),
    label: str | None = typer.Option(
        None, "--label", help="classification: a label (documents) or a column (with --text) instead of the scenarios."
    ),
    text: str | None = typer.Option(None, "--text", help="classification over a table: its text column."),
    table: str | None = typer.Option(None, "--table", help="classification over a table: which table."),
    holdout: str | None = typer.Option(
        None,
        "--holdout",
        help="Real examples (JSONL or Parquet, the task's shape): written apart, never in a training split.",
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the split."),
    replace: bool = typer.Option(False, "--replace", help="Replace the output folder if it exists."),
) -> None:
    """Export a task's examples with train/validation/test split by entity (no entity straddles splits).

    Example:

        simulacra export support.db --task extraction --format chat --group-by customers -o out/extraction
    """
    from simulacra.curate.export import export
    from simulacra.errors import SpecError

    try:
        shares = [float(x) for x in split.split(",")]
    except ValueError:
        raise SpecError(f"--split takes three numbers, e.g. 0.8,0.1,0.1 (got '{split}')") from None
    result = export(
        dataset,
        output,
        task=task,
        format=format,
        split=shares,
        group_by=group_by,
        label=label,
        text=text,
        table=table,
        holdout=holdout,
        seed=seed,
        overwrite=replace,
    )
    m = result.manifest
    counts = ", ".join(f"{s} {m['examples'][s]:,} ({m['groups'][s]:,} groups)" for s in ("train", "validation", "test"))
    console.print(
        f"{task}: {counts}"
        + (f"; holdout {m['holdout']['examples']:,}" if m.get("holdout") else "")
        + f" -> {result.output}"
    )
