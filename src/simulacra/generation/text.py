"""The ``text`` column: free text per row from a language-model backend, or offline from a template.

With a backend (a :class:`simulacra.llm.ChatClient`), each row's prompt is the column's instructions
with that row's field values filled in; the requests of a chunk go out together, at most the client's
``concurrency`` at a time. Each row has its own seed, derived from the run's seed, the column and the
row's global index (never from the chunk), and the client caches replies under (model, prompt,
parameters, seed): the same seed and cache give the same bytes whatever the chunk size, and a rerun
makes no request.

An answer must contain every ``must_include`` value verbatim (so a span label found by searching for
it is exact); one that does not is asked again with a varied seed, up to ``retries`` times, then
rejected: the row gets the offline text, or with ``strict: true`` the run stops naming the row.

Without a backend the offline template is rendered. :class:`TextRun` counts, per column, which method
made how many rows; the manifest's ``text`` entry reports it with the model name and the prompt hash.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import polars as pl

from simulacra.errors import GenerationError
from simulacra.spec import model as m

if TYPE_CHECKING:
    from simulacra.generation.columns import ColumnCtx
    from simulacra.llm import ChatClient

__all__ = ["PROMPT_VERSION", "TextRun", "generate_text", "offline_text", "prompt_hash"]

PROMPT_VERSION = "text-column-v1"
SYSTEM = (
    "You write one short passage of plain text for a row of a synthetic dataset. Follow the "
    "instructions. Copy every value given below exactly as written (same spelling, case and "
    "punctuation). Answer with the passage only: no preamble, no quotes, no markdown."
)


def prompt_hash(spec: m.TextColumn) -> str:
    """A short hash of everything that shapes the prompt (the version, system text, instructions, fields)."""
    payload = json.dumps(
        [PROMPT_VERSION, SYSTEM, spec.instructions, spec.fields, spec.must_include, spec.max_tokens],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


class TextRun:
    """The backend text columns use during one run (None: offline), and what each column did."""

    def __init__(self, client: ChatClient | None = None) -> None:
        self.client = client
        self.columns: dict[str, dict[str, Any]] = {}

    def _entry(self, table: str, column: str, spec: m.TextColumn) -> dict[str, Any]:
        key = f"{table}.{column}"
        if key not in self.columns:
            self.columns[key] = {
                "method": "offline-template" if self.client is None else "language-model",
                "model": None if self.client is None else self.client.config.model,
                "prompt_version": PROMPT_VERSION,
                "prompt_hash": prompt_hash(spec),
                "rows_model": 0,
                "rows_offline": 0,
                "rejected": 0,
                "asked_again": 0,
            }
        return self.columns[key]

    def provenance(self) -> dict[str, dict[str, Any]]:
        return {k: dict(v) for k, v in sorted(self.columns.items())}


def _field_values(spec: m.TextColumn, ctx: ColumnCtx) -> dict[str, list[str | None]]:
    out: dict[str, list[str | None]] = {}
    for f in spec.fields:
        s = ctx.value(f)
        out[f] = [None if v is None else str(v) for v in s.cast(pl.String).to_list()]
    return out


def _fill(text: str, row: dict[str, str | None]) -> str:
    for name in m.text_placeholders(text):
        text = text.replace("{" + name + "}", row.get(name) or "")
    return text


def offline_text(spec: m.TextColumn, row: dict[str, str | None]) -> str:
    """The template rendered with the row's values (default: the non-null values joined by ', ', then '.')."""
    if spec.template is not None:
        return _fill(spec.template, row)
    joined = ", ".join(v for v in (row[f] for f in spec.fields) if v)
    return joined + "." if joined else ""


def _messages(spec: m.TextColumn, row: dict[str, str | None]) -> list[dict[str, str]]:
    user = _fill(spec.instructions, row)
    given = [f"{f}: {row[f]}" for f in spec.fields if row[f] is not None]
    if given:
        user += "\n\nValues:\n" + "\n".join(given)
    needed = [row[f] for f in spec.must_include if row[f] is not None]
    if needed:
        user += "\n\nThe passage must contain, verbatim: " + "; ".join(str(v) for v in needed)
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def _missing(spec: m.TextColumn, row: dict[str, str | None], answer: str) -> list[str]:
    return [f for f in spec.must_include if row[f] is not None and str(row[f]) not in answer]


def generate_text(spec: m.TextColumn, ctx: ColumnCtx) -> pl.Series:
    values = _field_values(spec, ctx)
    n = len(ctx.rows)
    rows = [{f: values[f][i] for f in spec.fields} for i in range(n)]
    run = ctx.text
    entry = run._entry(ctx.table, ctx.column, spec) if run is not None else None
    client = run.client if run is not None else None
    if client is None:
        if entry is not None:
            entry["rows_offline"] += n
        return pl.Series(ctx.column, [offline_text(spec, r) for r in rows], dtype=pl.String)
    assert entry is not None
    seeds = ctx.stream.child("__text__").integers(ctx.rows, 0, 2**31 - 1)
    out: list[str | None] = [None] * n
    pending = list(range(n))
    misses: dict[int, list[str]] = {}
    with ThreadPoolExecutor(max_workers=client.config.concurrency) as pool:
        for attempt in range(spec.retries + 1):
            if not pending:
                break
            if attempt:
                entry["asked_again"] += len(pending)

            def ask(i: int, attempt: int = attempt) -> str:
                seed = int((int(seeds[i]) + attempt * 1_000_003) % (2**31 - 1))
                return client.complete(
                    _messages(spec, rows[i]),
                    seed=seed,
                    purpose=f"text-column:{PROMPT_VERSION}",
                    max_tokens=spec.max_tokens,
                ).text.strip()

            answers = list(pool.map(ask, pending))
            still: list[int] = []
            for i, answer in zip(pending, answers, strict=True):
                miss = _missing(spec, rows[i], answer)
                if miss:
                    misses[i] = miss
                    still.append(i)
                else:
                    out[i] = answer
            pending = still
    if pending:
        entry["rejected"] += len(pending)
        if spec.strict:
            i = pending[0]
            raise GenerationError(
                f"table '{ctx.table}', column '{ctx.column}', row {int(ctx.rows[i])}: the model's answer left out "
                f"the value of {', '.join(misses[i])} (must_include) in {spec.retries + 1} attempts; "
                f"{len(pending)} row(s) of this chunk were rejected (strict: true; set strict: false to fall back "
                "to the offline template)"
            )
        for i in pending:
            out[i] = offline_text(spec, rows[i])
    entry["rows_offline"] += len(pending)
    entry["rows_model"] += n - len(pending)
    return pl.Series(ctx.column, out, dtype=pl.String)
