"""Learn a real database or files; save the model as a folder (JSON + npz, never pickle)."""

from __future__ import annotations

import typer

from simulacra.cli._args import not_null_option
from simulacra.cli._console import console, escape


def command(
    source: str = typer.Argument(
        ...,
        help="A database URL (sqlite:///…, postgresql://…, duckdb:///…), a .db/.duckdb file, a folder of CSV/Parquet files or one file.",
    ),
    output: str = typer.Option(..., "-o", "--output", help="Folder for the model (manifest.json + arrays.npz)."),
    spec: str | None = typer.Option(
        None, "--spec", help="A reviewed spec (from `simulacra inspect`); default: the inspection's draft."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed: the same data and seed give the same model and samples."),
    method: str = typer.Option("trees", "--method", help="trees (default, high fidelity) or copula (fast baseline)."),
    first: list[str] = typer.Option(
        [],
        "--first",
        help="TABLE.COLUMN (or COLUMN for a one-table source) drawn first, so conditions and rebalancing on it are exact; repeat.",
    ),
    min_count: int = typer.Option(
        5, "--min-count", min=1, help="Categories seen fewer times are never reproduced verbatim."
    ),
    null_marker: list[str] = typer.Option(
        [],
        "--null-marker",
        "--na",
        help="Delimited text: also read this cell as missing (besides ?, NA, \\N, NULL, empty...), in every column; repeat. Samples write it back.",
    ),
    not_null: list[str] = not_null_option(),
    allow_copies: bool = typer.Option(
        False, "--allow-copies", help="Do not redraw sampled rows equal to a training row."
    ),
    dp_epsilon: float | None = typer.Option(
        None,
        "--dp-epsilon",
        help="Fit under (epsilon, delta)-differential privacy with this epsilon (one table, or a tree of tables under one root with max_children declared; see docs/privacy.md).",
    ),
    dp_delta: float | None = typer.Option(
        None,
        "--dp-delta",
        help="The DP delta (default min(1e-6, 0.1/n)); must be below 1/n (n: rows, or the root table's rows).",
    ),
    dp_domain: str | None = typer.Option(
        None,
        "--dp-domain",
        help="YAML declaring each numeric column's bounds and bins (and optionally categories); for several tables "
        "tables: {name: {columns: ..., max_children: K or {quantile: q, upper: U}}}; needed with --dp-epsilon.",
    ),
    replace: bool = typer.Option(False, "--replace", help="Replace an existing model folder."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
) -> None:
    """Learn a real database or files: schema, distributions and cross-table structure.

    Example:

        simulacra fit adult.data -o out/adult-model --seed 1
    """
    from simulacra.learning import fit
    from simulacra.synth import DatasetSynthesizer

    firsts: dict[str, list[str]] = {}
    for item in first:
        table, _, column = item.rpartition(".")
        firsts.setdefault(table or "*", []).append(column)  # a bare column: any table that has it
    result = fit(
        source,
        spec=spec,
        output=output,
        seed=seed,
        method=method,
        first=firsts,
        min_count=min_count,
        reject_copies=not allow_copies,
        overwrite=replace,
        progress=not quiet,
        null_markers=null_marker,
        not_null=not_null,
        dp_epsilon=dp_epsilon,
        dp_delta=dp_delta,
        dp_domain=dp_domain,
    )
    if quiet:
        return
    model = result.model
    if not isinstance(model, DatasetSynthesizer):  # the DP path: the tables and the budget
        from simulacra.dp.learned import spend_lines
        from simulacra.dp.synthesizer import DPSynthesizer

        if isinstance(model, DPSynthesizer):
            what = f"{escape(model.name)} ({len(model.columns_)} columns)"
        else:
            what = f"{len(model.order_)} tables under {escape(model.root_)}"
        console.print(
            f"learned {what} under differential privacy in "
            f"{result.seconds:.1f} s; model saved to {escape(str(result.path))}"
        )
        for line in spend_lines(model.spent()):
            console.print(escape(line))
        return
    console.print(
        f"learned {len(model.tables_)} table(s) in {result.seconds:.1f} s; model saved to {escape(str(result.path))}"
    )
    for t, tm in model.tables_.items():
        how = f"per {tm.parent} ({tm.context_fk})" if tm.parent else "root"
        if tm.sequence_column:
            how += f", events ordered by {tm.sequence_column}"
        rules = [c for c in model.spec_.tables[t].columns if c not in tm.kinds]
        console.print(
            f"  {t:<20} {tm.n_rows:>10,} rows  {len(tm.kinds):>3} learned  {len(rules):>3} by rules  {escape(how)}"
        )
    for note in model.notes_:
        console.print(f"  note: {escape(note)}")
