"""De-identify text files by synthesis: sensitive entities become realistic, consistent fakes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from simulacra.cli._args import scheduler_option
from simulacra.cli._console import console, err_console, escape


def command(
    input: str = typer.Argument(..., help="A .txt/.jsonl/.csv/.parquet/.eml/.pdf/.docx file, or a folder of them."),
    output: str = typer.Option(..., "-o", "--output", help="Output file (for a file) or folder (for a folder)."),
    policy: str | None = typer.Option(None, "--policy", help="Policy YAML: operators per entity type, what to detect."),
    seed: int = typer.Option(0, "--seed", help="Seed: same input + seed -> same output."),
    workers: int | None = typer.Option(
        None,
        "--workers",
        min=1,
        help="Worker processes (default 1; with --engine dask: a local cluster of N, default 2).",
    ),
    mapping: str | None = typer.Option(
        None,
        "--mapping",
        help="Write the original -> surrogate mapping here, encrypted "
        "with the passphrase in $SIMULACRA_MAPPING_KEY (or --mapping-key-env).",
    ),
    mapping_key_env: str = typer.Option(
        "SIMULACRA_MAPPING_KEY", "--mapping-key-env", help="Environment variable holding the mapping passphrase."
    ),
    corpus_consistent: bool = typer.Option(
        False, "--corpus-consistent", help="One fake per real entity across all documents (default: per document)."
    ),
    labels: str | None = typer.Option(
        None, "--labels", help="Also write a spans JSONL here: each document's text and its replacements' labels."
    ),
    field: str = typer.Option("text", "--field", help="JSONL: the field holding the text."),
    columns: str | None = typer.Option(
        None, "--columns", help="CSV/Parquet: comma-separated text columns (default: every text column)."
    ),
    encoding: str = typer.Option("utf-8", "--encoding", help="Text encoding of the input files."),
    replace: bool = typer.Option(False, "--replace", help="Overwrite an existing output."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    ner: str = typer.Option(
        "fast",
        "--ner",
        help="Name tagger: fast (hashed-feature tagger, the default, "
        "6-7x faster) or spacy (the CNN model; lets fewer names through on some e-mail; see docs/deid.md).",
    ),
    engine: str = typer.Option(
        "local",
        "--engine",
        help="Where documents are analysed: local (this machine's processes) or dask (partitions on a Dask "
        "cluster; same output; needs simulacra[dask]).",
    ),
    scheduler: str | None = scheduler_option(),
    partitions: int | None = typer.Option(
        None,
        "--partitions",
        min=1,
        help="With --engine dask: bag partitions (default twice the workers; never changes the output).",
    ),
) -> None:
    """De-identify text files by synthesis: sensitive entities become realistic, consistent fakes.

    Example:

        simulacra deid notes.txt -o out/notes-deid.txt --seed 1
    """
    import contextlib

    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TransferSpeedColumn,
    )

    from simulacra.cli._args import check_engine
    from simulacra.text.runner import deidentify_path

    # --workers also means local worker processes here, so it is not a Dask-only option
    check_engine(
        engine,
        workers=workers if engine == "dask" else None,
        scheduler=scheduler,
        dask_only={"--scheduler": scheduler, "--partitions": partitions},
    )

    show = not quiet and sys.stderr.isatty()
    bar = Progress(
        TextColumn("{task.description:<12}"),
        BarColumn(),
        DownloadColumn(binary_units=False),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=not show,
        transient=False,
        # redrawn on each progress call (every batch), from this thread: no refresh thread, so the
        # run's workers can be forked from this process (runner._can_fork)
        auto_refresh=False,
    )
    task: list[TaskID] = []

    def progress(done: int, total: int) -> None:  # bytes of text de-identified, of all
        if not task:
            task.append(bar.add_task("de-identify", total=max(total, 1)))
        bar.update(task[0], completed=done, total=max(total, 1), refresh=True)

    with contextlib.ExitStack() as stack:
        distribute = None
        if engine == "dask":
            from simulacra.distributed import DaskDeid, connect

            client = stack.enter_context(connect(workers=None if scheduler else (workers or 2), scheduler=scheduler))
            distribute = DaskDeid(client, partitions=partitions)
        stack.enter_context(bar)
        summary = deidentify_path(
            input,
            output,
            policy=policy,
            seed=seed,
            workers=1 if engine == "dask" else (workers or 1),
            mapping=mapping,
            mapping_key_env=mapping_key_env,
            field_name=field,
            columns=[c.strip() for c in columns.split(",")] if columns else None,
            encoding=encoding,
            corpus_consistent=corpus_consistent,
            replace=replace,
            progress=progress,
            ner=ner,
            labels=labels,
            distribute=distribute,
        )
    for path, why in summary.skipped:
        err_console.print(f"[yellow]skipped[/] {escape(path)}: {escape(why)}", markup=True, soft_wrap=True)
    if not quiet:
        found = ", ".join(f"{k} {v}" for k, v in summary.entities.items()) or "none"
        console.print(
            f"wrote {escape(str(output))}: {summary.files} file(s), {summary.documents} document(s), "
            f"{summary.characters / 1e6:.2f} MB in {summary.seconds:.2f} s ({summary.mb_per_second:.2f} MB/s)"
        )
        console.print(f"  entities: {escape(found)}")
        if summary.mapping_pairs is not None:
            console.print(
                f"  mapping: {summary.mapping_pairs} pairs, encrypted, in {escape(str(mapping))} "
                "(private: mode 0600, readable by you only, whatever the umask)"
            )


def eval_command(
    corpus: str = typer.Argument(
        ...,
        help="Gold corpus: CoNLL token file, spans JSONL, or a file/folder of "
        "<true_name>-tagged e-mails (tagged), CEREC .conll threads (cerec) or Presidio's evaluation JSON (presidio).",
    ),
    fmt: str = typer.Option(
        ..., "--format", help="conll, spans, tagged (inline <true_name>, Minkov), cerec or presidio."
    ),
    map_: list[str] | None = typer.Option(None, "--map", help="GOLD=OURS label mapping, repeatable (PER=PERSON)."),
    json_out: str | None = typer.Option(None, "--json", help="Also write the scores as JSON here."),
    policy: str | None = typer.Option(None, "--policy", help="Policy YAML (what to detect, min_score, ner)."),
    model: str | None = typer.Option(
        None, "--model", help="A NER model folder for the --ner tagger (default: the shipped one)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only write the JSON."),
    ner: str = typer.Option(
        "fast", "--ner", help="Name tagger: fast (hashed-feature tagger, the default) or spacy (the CNN model)."
    ),
    address_blocks: bool = typer.Option(
        False,
        "--address-blocks",
        help="Presidio only: score under our address convention too (an address's pieces as one span).",
    ),
) -> None:
    """Score entity detection against a gold corpus: precision, recall, F1, F2 per type, overall and untyped.

    Example:

        simulacra deid-eval gold.conll --format conll --map PER=PERSON --json out/scores.json
    """
    from simulacra.errors import SpecError
    from simulacra.text.engine import Deidentifier
    from simulacra.text.evaluate import evaluate_spans, read_gold

    label_map: dict[str, str] = {}
    for item in map_ or []:
        gold, sep, ours = item.partition("=")
        if not sep or not gold or not ours:
            raise SpecError(f"--map expects GOLD=OURS (e.g. PER=PERSON), found '{item}'")
        label_map[gold] = ours
    docs = read_gold(corpus, fmt)
    if address_blocks:
        if fmt != "presidio":
            raise SpecError(f"--address-blocks is for --format presidio (its split address labels), not '{fmt}'")
        from simulacra.text.evaluate import presidio_address_blocks

        docs = presidio_address_blocks(docs)
    if fmt == "presidio" and not label_map:
        from simulacra.text.evaluate import PRESIDIO_LABEL_MAP

        label_map = dict(PRESIDIO_LABEL_MAP)  # every type scored; one we do not report counts as missed
    engine = Deidentifier(policy, model=model, ner=ner)
    report = evaluate_spans(docs, lambda texts: engine.deidentify_many(texts), label_map=label_map or None)
    report["corpus"] = str(corpus)
    if address_blocks:
        report["gold_convention"] = "address blocks: an address's pieces merged into one STREET_ADDRESS span"
    if json_out:
        from simulacra._fs import atomic_write

        atomic_write(Path(json_out), json.dumps(report, indent=2) + "\n")
    if quiet:
        return
    console.print(
        f"{escape(str(corpus))}: {report['documents']} documents"
        + (" (gold: an address's pieces merged into one span)" if address_blocks else "")
    )
    console.print(f"{'type':<16}{'precision':>10}{'recall':>10}{'f1':>10}{'f2':>10}{'support':>10}")
    rows = [*report["per_type"].items(), ("overall", report["overall"]), ("untyped", report["untyped"])]  # type: ignore[attr-defined]
    for name, r in rows:
        console.print(
            f"{escape(name):<16}{r['precision']:>10.3f}{r['recall']:>10.3f}{r['f1']:>10.3f}{r['f2']:>10.3f}"
            f"{r['support']:>10}"
        )
    leak = report["leak"]
    if isinstance(leak, dict) and leak.get("rate") is not None:
        outside = leak.get("rate_outside_fakes")
        console.print(
            f"leak: {leak['leaked']} of {leak['tokens']} gold entity tokens verbatim in the output "
            f"({100 * leak['rate']:.1f}%)"
            + (
                f"; outside the fakes: {leak['leaked_outside_fakes']} ({100 * outside:.1f}%)"
                if outside is not None
                else ""
            )
        )
    else:
        console.print("leak: not computed (no gold entity tokens)")
    console.print("typed: exact span and label; untyped: any overlap, any label")
