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

Span labels: for a column with ``must_include`` fields, every whole-token occurrence of each such
value in the row's final text (model or template) is a span ``(start, end, field, label)``, the label
being the field's entity label (:func:`simulacra.spec.labels.infer_labels`, the documents engine's
map). :class:`TextRun` keeps a chunk's spans by global row index until the chunk is written, then
appends them in row order to ``<table>.<column>.spans.jsonl`` in a staging folder that is renamed into
place with the output, so the file is the same whatever the chunk size.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import polars as pl

from simulacra.errors import GenerationError
from simulacra.spec import model as m
from simulacra.spec.labels import field_label, infer_labels, value_occurrences

if TYPE_CHECKING:
    from simulacra.generation.columns import ColumnCtx
    from simulacra.llm import ChatClient
    from simulacra.spec.plan import Plan

__all__ = [
    "PROMPT_VERSION",
    "SPANS_SUFFIX",
    "TextRun",
    "generate_text",
    "offline_text",
    "prompt_hash",
    "span_columns",
    "text_spans",
]

SPANS_SUFFIX = ".spans.jsonl"

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


def span_columns(plan: Plan) -> list[tuple[str, str]]:
    """The (table, column) of every text column with ``must_include`` fields: the ones with span labels."""
    return [
        (t, c)
        for t, tp in plan.tables.items()
        for c, spec in tp.spec.columns.items()
        if isinstance(spec, m.TextColumn) and spec.must_include
    ]


def text_spans(text: str | None, values: list[tuple[str, str | None, str | None]]) -> list[dict[str, Any]]:
    """Span labels of ``text``: ``values`` are ``(field, value, label)`` in ``must_include`` order. Every
    whole-token occurrence of a value is a span (``Ann`` is not in ``Annual``); longer values are placed
    first and an occurrence overlapping one already placed is skipped (``Anna Berg`` is one span, not a
    name inside a name; of two fields with the same value, the first listed takes it)."""
    if not text:
        return []
    order = sorted(range(len(values)), key=lambda i: -len(values[i][1] or ""))
    taken: list[tuple[int, int]] = []
    out: list[dict[str, Any]] = []
    for i in order:
        field, value, label = values[i]
        for start in value_occurrences(text, value or ""):
            end = start + len(value or "")
            if any(start < e and b < end for b, e in taken):
                continue
            taken.append((start, end))
            out.append({"start": start, "end": end, "field": field, "label": label})
    out.sort(key=lambda d: (d["start"], d["end"]))
    return out


_COUNTED = ("rows_model", "rows_offline", "rejected", "asked_again")  # provenance counts that add up over chunks


class TextRun:
    """The backend text columns use during one run (None: offline), what each column did, and its span labels."""

    def __init__(self, client: ChatClient | None = None, plan: Plan | None = None) -> None:
        self.client = client
        self.plan = plan
        self.columns: dict[str, dict[str, Any]] = {}
        self._labels: dict[tuple[str, str], str | None] | None = None
        self._pending: dict[str, dict[int, list[dict[str, Any]]]] = {}  # "table.column" -> row -> its spans
        self._written: dict[str, list[str]] = {}  # in memory (no staging folder): the JSON lines, in row order
        self._staging: Path | None = None
        self._files: dict[str, IO[str]] = {}
        self._counts: dict[str, list[int]] = {}  # "table.column" -> [rows, spans]

    def field_labels(self, table: str, spec: m.TextColumn) -> list[str | None]:
        """The entity label of each ``must_include`` field (None without a plan, or a kind with no label)."""
        if self.plan is None:
            return [None] * len(spec.must_include)
        if self._labels is None:
            self._labels = infer_labels(self.plan, {})
        return [field_label(self.plan, self._labels, table, f) for f in spec.must_include]

    def record_spans(self, table: str, column: str, rows: Any, spans: list[list[dict[str, Any]]]) -> None:
        """The spans of these rows (global indices); a row made again (a retried chunk) replaces its spans."""
        pending = self._pending.setdefault(f"{table}.{column}", {})
        for r, sp in zip(rows, spans, strict=True):
            pending[int(r)] = sp

    def take_spans(self, table: str) -> dict[str, dict[int, list[dict[str, Any]]]]:
        """The spans recorded for ``table``'s rows and not yet written, handed over (a worker's chunk on Dask
        returns them with its rows; the client adds them with :meth:`add_spans`)."""
        return {k: self._pending.pop(k) for k in [k for k in self._pending if k.partition(".")[0] == table]}

    def add_spans(self, taken: dict[str, dict[int, list[dict[str, Any]]]]) -> None:
        """Spans :meth:`take_spans` handed over elsewhere; a row made again replaces its spans."""
        for key, rows in taken.items():
            self._pending.setdefault(key, {}).update(rows)

    def take_provenance(self, table: str) -> dict[str, dict[str, Any]]:
        """What ``table``'s text columns did in this run (a worker's chunk), handed over for :meth:`add_provenance`."""
        return {k: self.columns.pop(k) for k in [k for k in self.columns if k.partition(".")[0] == table]}

    def add_provenance(self, entries: dict[str, dict[str, Any]]) -> None:
        """Counts of text made elsewhere (a chunk on a worker), added to this run's."""
        for key, entry in entries.items():
            mine = self.columns.setdefault(key, {**entry, **dict.fromkeys(_COUNTED, 0)})
            for k in _COUNTED:
                mine[k] += entry.get(k, 0)

    def open_spans(self, staging: Path) -> None:
        """Write span files into ``staging`` as chunks are written (else they are kept in memory)."""
        self._staging = staging

    def flush_spans(self, table: str) -> None:
        """Append the spans of ``table``'s rows made so far (a chunk just written), in row order."""
        for key in sorted(k for k in self._pending if k.partition(".")[0] == table):
            pending = self._pending.pop(key)
            lines = [json.dumps({"row": r, "spans": pending[r]}, ensure_ascii=False) for r in sorted(pending)]
            counts = self._counts.setdefault(key, [0, 0])
            counts[0] += len(pending)
            counts[1] += sum(len(v) for v in pending.values())
            if self._staging is None:
                self._written.setdefault(key, []).extend(lines)
                continue
            f = self._files.get(key)
            if f is None:
                f = self._files[key] = open(self._staging / f"{key}{SPANS_SUFFIX}", "w", encoding="utf-8")  # noqa: SIM115
            f.write("".join(line + "\n" for line in lines))

    def spans(self) -> dict[str, list[dict[str, Any]]]:
        """In memory: every text column's span records (``{"row", "spans"}``) in row order."""
        for t in {k.partition(".")[0] for k in self._pending}:
            self.flush_spans(t)
        return {k: [json.loads(line) for line in v] for k, v in sorted(self._written.items())}

    def commit_spans(self, target: Path) -> None:
        """Close the span files and put the staging folder at ``target`` in one step."""
        from simulacra._fs import fsync_path, replace_dir
        from simulacra._perms import ordinary

        assert self._staging is not None
        ordinary(self._staging, directory=True)  # it becomes the output folder: the umask decides, not mkdtemp's
        for key, f in self._files.items():
            f.close()
            fsync_path(self._staging / f"{key}{SPANS_SUFFIX}")
        self._files.clear()
        replace_dir(self._staging, target)
        self._staging = None

    def abort_spans(self) -> None:
        for f in self._files.values():
            f.close()
        self._files.clear()
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    def note_spans(self, target: Path | None) -> None:
        """Say in the provenance where each column's spans went (None: not written) and how many there are."""
        for key, entry in self.columns.items():
            if key in self._counts or (self.plan is not None and tuple(key.split(".", 1)) in span_columns(self.plan)):
                rows, n = self._counts.get(key, [0, 0])
                entry["spans_file"] = None if target is None else str(target / f"{key}{SPANS_SUFFIX}")
                entry["spans"] = n

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
    """must_include fields whose value is not in ``answer`` as a whole token run (``Ann`` in ``Annual`` is not)."""
    return [f for f in spec.must_include if row[f] is not None and not value_occurrences(answer, str(row[f]))]


def _record(spec: m.TextColumn, ctx: ColumnCtx, rows: list[dict[str, str | None]], texts: list[str | None]) -> None:
    run = ctx.text
    if run is None or not spec.must_include:
        return
    labels = run.field_labels(ctx.table, spec)
    spans = [
        text_spans(t, [(f, r[f], lab) for f, lab in zip(spec.must_include, labels, strict=True)])
        for t, r in zip(texts, rows, strict=True)
    ]
    run.record_spans(ctx.table, ctx.column, ctx.rows, spans)


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
        texts: list[str | None] = [offline_text(spec, r) for r in rows]
        _record(spec, ctx, rows, texts)
        return pl.Series(ctx.column, texts, dtype=pl.String)
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
    _record(spec, ctx, rows, out)
    return pl.Series(ctx.column, out, dtype=pl.String)
