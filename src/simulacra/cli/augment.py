"""``simulacra augment``: more labelled documents in the style of a de-identified corpus, no original entity."""

from __future__ import annotations

import typer

from simulacra.cli._console import console, escape


def command(
    corpus: str = typer.Argument(
        ...,
        help='Labelled corpus: JSONL with {"text", "spans": [{start, end, label}]} '
        "per line (e.g. de-identified text with its labels), or a CoNLL file.",
    ),
    n: int = typer.Option(..., "-n", min=0, help="Number of documents to write."),
    output: str = typer.Option(
        ..., "-o", "--output", help="Output folder: documents.jsonl, labels.conll, report.json."
    ),
    labels: bool = typer.Option(
        False, "--labels", help="Write each document's entity spans (documents.jsonl) and labels.conll (IOB2)."
    ),
    fmt: str | None = typer.Option(None, "--format", help="Corpus format: spans or conll (default: by suffix)."),
    mapping: str | None = typer.Option(
        None,
        "--mapping",
        help="The deid audit mapping (simulacra deid --mapping): its originals are also checked never to appear.",
    ),
    mapping_key_env: str = typer.Option(
        "SIMULACRA_MAPPING_KEY", "--mapping-key-env", help="Environment variable holding the mapping's passphrase."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed (same corpus, options and seed: same bytes)."),
    max_shared_ngram: int = typer.Option(
        6, "--max-shared-ngram", min=1, help="No run of more than this many words of the source appears in the output."
    ),
    near_duplicate: float = typer.Option(
        0.7,
        "--near-duplicate",
        min=0.01,
        max=1.0,
        help="Reject a sentence whose word-3-gram Jaccard similarity to a source sentence is at least this.",
    ),
    tokens: str = typer.Option(
        "auto",
        "--tokens",
        help="'words' (cut punctuation off words), 'whitespace' (tokens as "
        "in CoNLL) or 'auto' (whitespace for CoNLL input).",
    ),
    locale: list[str] | None = typer.Option(
        None,
        "--locale",
        help="Locale(s) fresh values come from (repeat; default en_US and en_GB): en_US, en_GB, de_DE, fr_FR.",
    ),
    refill_share: float = typer.Option(
        0.0,
        "--refill-share",
        min=0.0,
        max=1.0,
        help="Share of documents that are a corpus document's own sentences with fresh entities (offline method; "
        "exempt from --max-shared-ngram and --near-duplicate, still checked for every entity string).",
    ),
    keep_public_places: bool = typer.Option(
        False,
        "--keep-public-places",
        help="Allow the corpus's LOCATION strings that name a well-known public place (a country, a capital or big "
        "city, a region: public knowledge, no person) in the output, half the place slots in the corpus's "
        "proportions; persons, organisations, other places and the mapping's originals stay forbidden.",
    ),
    kinds_apart: bool = typer.Option(
        False,
        "--kinds-apart",
        help="Fill slots with values whose kinds do not cross: an organisation with no person's name or place word, "
        "a place that is not a surname, a person's name that is not a place.",
    ),
    keep_misc: bool = typer.Option(
        False,
        "--keep-misc",
        help="Allow the corpus's MISC strings (nationalities, languages, events: not personal data) in the output, "
        "half the MISC slots in the corpus's proportions; one containing a forbidden string never is.",
    ),
    vary_numbers: bool = typer.Option(
        False,
        "--vary-numbers",
        help="Draw each new sentence's numbers anew in their shape (a date another date, a score another score) "
        "before the near-duplicate test, so datelines and results lines are not all rejected as copies.",
    ),
    unlisted_orgs: bool = typer.Option(
        False,
        "--unlisted-orgs",
        help="Fill as many one-word organisation slots with names no word list knows as the corpus has.",
    ),
    firm_names: bool = typer.Option(
        False,
        "--firm-names",
        help="Half the company fills of longer organisation slots are one firm's name as news writes it "
        "('Marketon Energy'), not only the locales' companies (surnames, partnerships joined by 'and').",
    ),
    replace: bool = typer.Option(False, "--replace", help="Replace an existing output folder."),
    backend: str | None = typer.Option(
        None, "--backend", help="OpenAI-compatible endpoint URL; without it the offline skeleton method is used."
    ),
    model: str | None = typer.Option(None, "--model", help="Model name at the backend."),
    api_key_env: str | None = typer.Option(None, "--api-key-env", help="Environment variable holding the API key."),
    cache: str | None = typer.Option(None, "--cache", help="Cache folder for model replies."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
) -> None:
    """Write new labelled documents learnt from a (de-identified) corpus; no entity string of the corpus (or of the
    deid mapping) appears in them, and no run of more than --max-shared-ngram of its words.

    Example:

        simulacra augment deid.jsonl -n 10000 -o more/ --labels --mapping audit.bin
    """
    from pathlib import Path

    from simulacra.augment import augment, read_corpus, write_augmented
    from simulacra.cli.draft import backend_client
    from simulacra.errors import SinkError, SourceError

    target = Path(output)
    if target.exists() and (not target.is_dir() or any(target.iterdir())) and not replace:
        raise SinkError(f"{output}: exists; pass --replace to replace it (nothing was written)")
    docs = read_corpus(corpus, fmt)
    kind = fmt or ("spans" if Path(corpus).suffix.lower() in (".jsonl", ".json", ".ndjson") else "conll")
    if tokens not in ("auto", "words", "whitespace"):
        raise SourceError(f"--tokens must be auto, words or whitespace, found {tokens!r}")
    split = tokens == "words" or (tokens == "auto" and kind != "conll")
    forbidden: list[str] = []
    if mapping is not None:
        from simulacra.text.mapping import read_mapping

        forbidden = [r.original for r in read_mapping(mapping, key_env=mapping_key_env)]
    client = backend_client(backend, model, api_key_env, cache, 60.0, 4, 4)
    try:
        new, report = augment(
            docs,
            n,
            seed=seed,
            max_shared_ngram=max_shared_ngram,
            near_duplicate=near_duplicate,
            forbidden=forbidden,
            split=split,
            client=client,
            locales=tuple(locale) if locale else ("en_US", "en_GB"),
            refill_share=refill_share,
            keep_public_places=keep_public_places,
            kinds_apart=kinds_apart,
            keep_misc=keep_misc,
            vary_numbers=vary_numbers,
            unlisted_orgs=unlisted_orgs,
            firm_names=firm_names,
        )
    finally:
        if client is not None:
            client.close()
    write_augmented(output, new, report, labels=labels, split=split, replace=replace)
    if not quiet:
        console.print(f"wrote {report.documents:,} documents to {escape(output)} (method: {escape(report.method)})")
        console.print(
            f"  checked against {report.source_entity_strings:,} entity strings of the corpus"
            + (f" and {len(forbidden):,} mapping originals" if mapping else "")
            + ": none appears"
        )
        console.print(
            f"  longest run of source words: {report.longest_shared_ngram} (at most {report.max_shared_ngram_declared})"
        )
        console.print(
            f"  near-duplicates rejected: {report.near_duplicate_rejected_rate:.1%} of candidates "
            f"(Jaccard >= {report.near_duplicate_threshold:g}); in the output: {report.near_duplicate_rate:.1%}"
        )
