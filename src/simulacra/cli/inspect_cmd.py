"""Inspect a database or files: keys, column kinds, and a spec draft to review."""

from __future__ import annotations

from pathlib import Path

import typer

from simulacra.cli._args import not_null_option
from simulacra.cli._console import console, escape


def command(
    source: str = typer.Argument(
        ...,
        help="A folder of .csv/.tsv/.asc/.parquet/.jsonl files, one such file, a .db/.sqlite or "
        ".duckdb file, or a database URL (sqlite:///…, duckdb:///…, postgresql://…).",
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the spec draft (YAML, with evidence as comments) here."
    ),
    tables: str | None = typer.Option(None, "--tables", help="Only these tables, comma-separated."),
    sample_rows: int | None = typer.Option(
        None, "--sample-rows", min=1, help="Profile at most N rows per table (keys use all rows)."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the row sample."),
    on_bad_rows: str = typer.Option(
        "error", "--on-bad-rows", help="Delimited files: 'error' (default) or 'skip' rows with a wrong field count."
    ),
    null_marker: list[str] = typer.Option(
        [],
        "--null-marker",
        "--na",
        help="Delimited text: also read this cell as missing (besides ?, NA, \\N, NULL, empty...), in every column; repeat.",
    ),
    not_null: list[str] = not_null_option(),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary."),
    replace: bool = typer.Option(
        False, "--replace", help="Replace an existing spec draft (a reviewed draft is never overwritten without it)."
    ),
) -> None:
    """Inspect a database or files: tables, primary and foreign keys (declared, or inferred with evidence), column kinds; write a spec draft to review.

    Example:

        simulacra inspect adult.data -o out/adult.yaml
    """
    from rich.table import Table

    from simulacra.cli._args import refuse_existing
    from simulacra.inspection import inspect
    from simulacra.sources import DEFAULT_NULL_VALUES, CsvOptions, read_source

    if output is not None:
        refuse_existing(str(output), replace)  # before reading: a draft a person reviewed is not lost to a rerun
    wanted = [t.strip() for t in tables.split(",") if t.strip()] if tables else None
    csv = CsvOptions(
        on_bad_rows=on_bad_rows,
        null_values=(*DEFAULT_NULL_VALUES, *null_marker),
        missing=tuple(null_marker),
        values=tuple(not_null),
    )
    src = read_source(source, tables=wanted, progress=not quiet, csv=csv)
    result = inspect(src, sample_rows=sample_rows, seed=seed)
    if output is not None:
        result.write(output)
    if quiet:
        return
    summary = Table(title=f"{escape(result.source)}", title_justify="left", show_lines=False)
    for col in ("table", "rows", "primary key", "columns by kind"):
        summary.add_column(col, overflow="fold")
    for t in result.tables:
        kinds: dict[str, int] = {}
        for p in result.profiles(t):
            label = f"pii:{p.pii_kind}" if p.kind == "pii" else p.kind
            kinds[label] = kinds.get(label, 0) + 1
        summary.add_row(
            escape(t),
            f"{result.rows[t]:,}",
            escape(", ".join(result.primary_keys.get(t, [])) or "-"),
            escape(", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))),
        )
    console.print(summary)
    if result.keys:
        keys = Table(title="foreign keys", title_justify="left")
        for col in ("column", "references", "how", "evidence"):
            keys.add_column(col, overflow="fold")
        for fk in result.keys:
            how = "declared" if fk.declared else f"inferred {fk.confidence:.2f}"
            keys.add_row(escape(f"{fk.table}.{fk.column}"), escape(fk.references), how, escape(_short(fk.evidence)))
        console.print(keys)
    pii = [p for p in result.columns.values() if p.kind == "pii"]
    if pii:
        console.print("personal data: " + ", ".join(escape(f"{p.table}.{p.column} ({p.pii_kind})") for p in pii))
    for note in result.notes:
        if not _is_sniff_note(note):
            console.print(f"[yellow]note:[/] {escape(note)}")
    if output is not None:
        console.print(
            f"wrote {escape(str(output))}: review it, then `simulacra generate {escape(str(output))} -o OUTPUT`"
        )


def _short(evidence: str | None) -> str:
    """The parts of a key's evidence worth a table cell: inclusion, orphans, the name match, chance."""
    if not evidence:
        return ""
    keep = [
        p
        for p in evidence.split("; ")
        if p.startswith(("inclusion", "name match", "no name match")) or "orphan" in p or "by chance" in p
    ]
    return "; ".join(p.replace("could match by chance", "by chance") for p in keep) or evidence


def _is_sniff_note(note: str) -> bool:
    """'trans.asc: separator ';', header row, 2790 rows' — how a file was read, not a finding."""
    return ": separator " in note and note.endswith(" rows")
