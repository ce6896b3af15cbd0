"""``simulacra draft``: a spec from one sentence (offline catalogue, or a language-model backend)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from simulacra.cli._args import refuse_existing
from simulacra.cli._console import console, escape

if TYPE_CHECKING:
    from simulacra.llm import ChatClient


def backend_client(
    backend: str | None,
    model: str | None,
    api_key_env: str | None,
    cache: str | None,
    timeout: float,
    retries: int,
    concurrency: int,
) -> ChatClient | None:
    """A ChatClient from the command's backend flags, or None (offline)."""
    if backend is None:
        if model is not None or api_key_env is not None:
            from simulacra.llm import BackendError

            raise BackendError("--model and --api-key-env need --backend URL (an OpenAI-compatible endpoint)")
        return None
    from simulacra.llm import BackendConfig, BackendError, ChatClient

    if model is None:
        raise BackendError("--backend needs --model NAME (the model the endpoint serves)")
    cache_dir = cache if cache is not None else str(Path.home() / ".cache" / "simulacra" / "llm")
    return ChatClient(
        BackendConfig(
            url=backend,
            model=model,
            api_key_env=api_key_env,
            timeout_s=timeout,
            max_retries=retries,
            concurrency=concurrency,
            cache_dir=cache_dir,
        )
    )


def command(
    request: str = typer.Argument(..., help="The data you want, in a sentence (quote it)."),
    output: str = typer.Option(..., "-o", "--output", help="Where to write the drafted spec (YAML)."),
    generate_to: str | None = typer.Option(
        None,
        "--generate",
        help="Also generate the dataset into this output (a .db/.duckdb file, a folder with --format, or a URL).",
    ),
    fmt: str | None = typer.Option(
        None, "--format", help="Folder output format for --generate: parquet, csv or jsonl."
    ),
    explain: bool = typer.Option(False, "--explain", help="List every assumption the draft makes."),
    review: bool = typer.Option(
        False,
        "--review",
        help="Generate, check plausibility, repair the spec within bounds "
        "and report each change (the repaired spec is what is written).",
    ),
    seed: int = typer.Option(0, "--seed", help="Seed written into the spec (and used by --generate)."),
    scale: float = typer.Option(
        1.0,
        "--scale",
        help="Draft the data this many times the size asked: each population said or assumed scaled, every table "
        "at least one row, fixed sets (a league's teams, the months) and counts per parent row kept; --explain "
        "lists each.",
    ),
    replace: bool = typer.Option(False, "--replace", help="Replace existing outputs."),
    backend: str | None = typer.Option(
        None,
        "--backend",
        help="OpenAI-compatible endpoint URL (e.g. "
        "http://127.0.0.1:11434/v1); without it the offline catalogue method is used.",
    ),
    model: str | None = typer.Option(None, "--model", help="Model name at the backend."),
    api_key_env: str | None = typer.Option(
        None,
        "--api-key-env",
        help="Environment variable holding the API key (the key itself is never printed or written).",
    ),
    repair_rounds: int = typer.Option(
        3, "--repair-rounds", min=0, help="Rounds of feeding the loader's errors back to the model."
    ),
    cache: str | None = typer.Option(
        None,
        "--cache",
        help="Cache folder for model replies (default "
        "~/.cache/simulacra/llm); a rerun with the same inputs makes no request.",
    ),
    timeout: float = typer.Option(60.0, "--timeout", min=0.001, help="Seconds per model request."),
    retries: int = typer.Option(4, "--retries", min=0, help="Retries on 429, 5xx and timeouts (exponential backoff)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
) -> None:
    """Draft a spec from a sentence; it always validates, is shown as its plan, and can be generated at once.

    Example:

        simulacra draft "a dental clinic: 2,000 patients, 12 dentists, appointments with a 5% no-show rate, invoices and insurance claims; German locale" -o clinic.yaml --explain
    """
    from simulacra.draft import draft, write_draft

    refuse_existing(output, replace)
    if generate_to is not None:
        refuse_existing(generate_to, replace)
    client = backend_client(backend, model, api_key_env, cache, timeout, retries, 4)
    try:
        d = draft(request, seed=seed, client=client, repair_rounds=repair_rounds, scale=scale)
    finally:
        if client is not None:
            client.close()
    changes: list[str] = []
    if review:
        from simulacra.draft.review import review_draft

        d, changes, _ = review_draft(d, seed=seed)
    write_draft(d, output)
    if not quiet:
        method = (
            d.method
            if d.method != "model"
            else f"model {d.provenance.get('model')}, prompt {d.provenance.get('prompt_version')}"
        )
        console.print(f"drafted {escape(output)} (method: {escape(method)})")
        console.print(escape(d.plan().explain()))
        if explain:
            console.print("assumptions:")
            for a in d.assumptions:
                console.print(f"  - {escape(a)}")
        if review:
            console.print("review: " + ("no change needed" if not changes else f"{len(changes)} change(s)"))
            for c in changes:
                console.print(f"  - {escape(c)}")
    if generate_to is not None:
        from simulacra.pipeline import generate

        result = generate(Path(output), generate_to, seed=seed, format=fmt, if_exists="replace" if replace else "fail")
        if not quiet:
            console.print(f"generated {escape(str(result.manifest['output']))}")
            for table, n in result.manifest["rows"].items():
                console.print(f"  {table:<24} {n:>12,} rows")
