"""The public verbs, wiring spec -> engine -> sinks, and dataset -> checks."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from simulacra._dataset_checks import Finding, check_dataset
from simulacra._manifest import now, run_manifest
from simulacra.errors import DataValidationError, GenerationError, Location, Problem
from simulacra.generation.columns import CURRENCY_DECIMALS
from simulacra.generation.engine import Engine, GenerationStats, refuse_unkept
from simulacra.spec import model as m
from simulacra.spec.load import load_plan, spec_hash
from simulacra.spec.plan import Plan

if TYPE_CHECKING:
    from simulacra.io import BaseSink
    from simulacra.llm import ChatClient

__all__ = ["GenerationResult", "check", "check_documents", "check_streaming", "generate", "validate"]

SpecLike = str | Path | Mapping[str, Any] | m.DatasetSpec | Plan
Progress = Callable[[str, int, int], None]


@dataclass
class GenerationResult:
    """What a run made: row counts, where, and its manifest; ``frames`` (and ``documents``) when kept in memory."""

    output: str | None
    manifest: dict[str, Any]
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    documents: list[Any] = field(default_factory=list)  # simulacra.documents.Document, when rendered in memory
    documents_path: str | None = None  # where the documents folder (or zip) was written
    # in memory: each text column's span labels ("table.column" -> [{"row", "spans"}] in row order)
    spans: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    spans_path: str | None = None  # where the span files were written (a folder beside the output)
    #: rules of the spec that only ``fit`` reads, passed over here (a date's ``rounds``), one line each
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> dict[str, int]:
        return dict(self.manifest["rows"])


def _plan(spec: SpecLike) -> Plan:
    if isinstance(spec, Plan):
        return spec
    if isinstance(spec, Mapping):
        return load_plan(dict(spec))
    return load_plan(spec)


def _manifest(
    plan: Plan,
    engine: Engine,
    stats: GenerationStats,
    started: dt.datetime,
    seconds: float,
    output: str | None,
    chunk_size: int,
) -> dict[str, Any]:
    spec = plan.spec
    extra: dict[str, Any] = {"text": engine.text.provenance()} if engine.text.columns else {}
    return run_manifest(
        method="rules",
        seed=engine.seed,
        started=started,
        seconds=seconds,
        rows=stats.rows,
        output=output,
        spec_name=spec.name,
        spec_hash=spec_hash(spec),
        scale=engine.scale,
        chunk_size=chunk_size,
        locale=spec.locale,
        intended_use=spec.intended_use,
        scenario_rows=dict(stats.scenario_rows),
        regenerated_rows={t: v.get("rows", 0) for t, v in stats.regenerated.items()},
        spec=spec.model_dump(mode="json", by_alias=True, exclude_none=True),
        **extra,
    )


def _documents_target(
    plan: Plan, output: str | Path | BaseSink | None, documents: str | Path | bool | None
) -> Path | None:
    """Where documents go: an explicit path, else ``<output>.documents`` beside the output (None: not written)."""
    if not plan.documents or documents is False:
        return None
    if isinstance(documents, (str, Path)):
        return Path(documents)
    if output is None:
        return None
    if not isinstance(output, (str, Path)):  # a sink object: documents go where it is told (documents=PATH)
        output = getattr(output, "display", "sink")
    from simulacra.documents import default_documents_path

    target = default_documents_path(str(output))
    if target is None and documents is True:
        from simulacra.errors import SinkError

        raise SinkError(
            f"{_safe(str(output))}: documents of a database URL need a folder or .zip: pass documents=PATH (--documents PATH)"
        )
    return target


def _spans_target(
    plan: Plan, output: str | Path | BaseSink | None, spans: str | Path | bool | None, if_exists: str
) -> Path | None:
    """Where text columns' span labels go: ``<output>.spans/`` beside a file or folder output, or ``spans``
    (None: no text column has must_include fields, ``spans=False``, or an output that is not a path)."""
    from simulacra.generation.text import span_columns

    if spans is False or not span_columns(plan):
        return None
    if isinstance(spans, (str, Path)):
        target = Path(spans)
    elif isinstance(output, (str, Path)) and "://" not in str(output):
        out = Path(output).expanduser()
        target = out.parent / f"{out.name}.spans"
    else:
        return None
    from simulacra.errors import SinkError

    if isinstance(spans, (str, Path)) and not target.parent.is_dir():  # (beside the output: the sink checks it)
        raise SinkError(f"{target}: the folder {target.parent} does not exist; expected span files inside it")
    if target.exists() and (not target.is_dir() or target.is_symlink()):
        raise SinkError(f"{target}: exists and is not a folder; expected a folder for span files (nothing was written)")
    if target.is_dir() and any(target.iterdir()) and if_exists == "fail":
        raise SinkError(
            f"{target}: span files of an earlier run are there; pass --if-exists replace (nothing was written)"
        )
    return target


# the optional 'documents' table: column -> its value for a Document (all text; the first is the key)
_DOCUMENT_COLUMNS: dict[str, Callable[[Any], str]] = {
    "document_id": lambda d: d.id,
    "template": lambda d: d.template,
    "format": lambda d: d.format,
    "path": lambda d: d.path,
    "source_table": lambda d: d.table,
    "source_key": lambda d: json.dumps(d.key, default=str),
    "text": lambda d: d.text,
}


def _documents_frame(docs: list[Any]) -> pl.DataFrame:
    return pl.DataFrame(
        {c: [f(d) for d in docs] for c, f in _DOCUMENT_COLUMNS.items()},
        schema=dict.fromkeys(_DOCUMENT_COLUMNS, pl.String),
    )


def generate(
    spec: SpecLike,
    output: str | Path | BaseSink | None = None,
    *,
    seed: int | None = None,
    scale: float = 1.0,
    chunk_size: int = 100_000,
    format: str | None = None,
    if_exists: str = "fail",  # noqa: A002
    progress: Progress | None = None,
    documents: str | Path | bool | None = None,
    documents_table: bool = False,
    check_space: bool = True,
    memory_budget: int | None = None,
    distribute: Callable[[Engine], object] | None = None,
    text_backend: ChatClient | None = None,
    spans: str | Path | bool | None = None,
) -> GenerationResult:
    """Generate the dataset a spec describes, into ``output`` (any sink) or, without one, into memory.

    Before any work the output's size is estimated; a table beyond ``MAX_ROWS`` rows is a SpecError
    and an output larger than the free space a SinkError (``check_space=False`` skips the latter).

    Documents the spec declares are written to ``documents`` (a folder or a ``.zip``), by default to
    ``<output>.documents`` beside a file or folder output; ``documents=False`` skips them. In memory
    (no output), ``documents=True`` renders them into ``result.documents``. ``documents_table=True`` also
    writes a ``documents`` table (id, template, format, path, source, text) into the output.

    ``memory_budget``: bytes of uniqueness ledgers and parent columns kept in memory before they spill
    to a temp folder (default 64 MiB; removed at the end, also on error). The output does not depend on it.

    ``distribute``: called with the engine before any row is made, to have its chunks made elsewhere
    (a :class:`simulacra.distributed.DaskExecutor`); the output is the same.

    ``text_backend``: a :class:`simulacra.llm.ChatClient` the spec's ``text`` columns ask for their
    text (None: their offline template); the manifest's ``text`` entry says which method made what.

    ``spans``: where the span labels of text columns with ``must_include`` fields go, one
    ``<table>.<column>.spans.jsonl`` each; by default the folder ``<output>.spans`` beside a file or
    folder output (``False``: not written; in memory they are ``result.spans``); the same on Dask.
    """
    from simulacra.generation._budget import check_output_budget, check_scale, estimate_output
    from simulacra.io._target import output_path

    plan = _plan(spec)
    refuse_unkept(plan)  # before the target is touched: nothing half-written, no exit 0 on rows validate fails
    if text_backend is not None and distribute is not None:
        raise GenerationError("a text backend works with the local engine only (the client stays in this process)")
    engine = Engine(
        plan,
        seed=seed,
        scale=check_scale(scale),
        chunk_size=chunk_size,
        progress=progress,
        memory_budget=memory_budget,
        text_backend=text_backend,
    )
    if distribute is not None:
        distribute(engine)
    estimate = estimate_output(plan, {t: engine.schema(t) for t in plan.tables}, scale)
    check_output_budget(
        plan,
        estimate,
        path=output_path(output, format) if output is not None and check_space else None,
        in_memory=output is None,
    )
    started = now()
    t0 = time.perf_counter()
    target = _documents_target(plan, output, documents)
    if output is None:
        frames = engine.frames()
        spans_made = engine.text.spans()
        engine.text.note_spans(None)
        manifest = _manifest(plan, engine, engine.stats, started, time.perf_counter() - t0, None, chunk_size)
        result = GenerationResult(None, manifest, frames, spans=spans_made, notes=_fit_only_notes(plan.spec))
        if plan.documents and (documents is True or target is not None):
            from simulacra.documents import DocumentRun, render_documents, write_documents

            run = DocumentRun(engine.text.client, engine.seed)
            docs = render_documents(plan, frames, seed=engine.seed, progress=progress, backend=run)
            if target is not None:
                folder_manifest = _documents_manifest(manifest)

                def noted(docs: Any = docs) -> Any:
                    yield from docs
                    if run.templates:  # known once every document is made, before the index is finished
                        folder_manifest["model"] = run.provenance()

                counts = write_documents(noted(), target, manifest=folder_manifest)
                result.documents_path = str(target)
                manifest["documents"] = {"path": str(target), "count": counts}
            else:
                result.documents = list(docs)
                manifest["documents"] = {"path": None, "count": _count(result.documents)}
            if run.templates:
                manifest["documents"]["model"] = run.provenance()
        return result
    from simulacra.io import BaseSink, open_sink, plan_schemas

    spans_target = _spans_target(plan, output, spans, if_exists)
    sink = open_sink(output if isinstance(output, BaseSink) else str(output), format=format, if_exists=if_exists)
    shown = sink.display if isinstance(output, BaseSink) else _safe(str(output))
    writer: Any = None
    try:
        if spans_target is not None:
            from simulacra._fs import make_temp_dir

            engine.text.open_spans(make_temp_dir(spans_target))
        from simulacra.sources import apply_forms
        from simulacra.sources._written import TEXT_SINKS, text_forms

        # a column's written form ($1,234.50, 01-Jan-1995) spells it on a text sink; typed sinks keep its type
        fmt = getattr(sink, "format", None)
        forms = text_forms(plan.spec, CURRENCY_DECIMALS) if fmt in TEXT_SINKS else {}
        table_schemas = {t: engine.schema(t) for t in plan.tables}
        for t, written in forms.items():
            table_schemas[t] = {c: pl.String() if c in written else d for c, d in table_schemas[t].items()}
        schemas = plan_schemas(plan, table_schemas)
        if documents_table and plan.documents:
            schemas.append(_documents_schema())
        sink.open(schemas)
        if target is not None:  # (only set when the spec has documents)
            from simulacra.documents import DocumentWriter

            writer = DocumentWriter(target)  # checks the target before any work
        keep: dict[str, list[pl.DataFrame]] | None = (
            {} if (target is not None or documents_table) and plan.documents else None
        )
        if keep is None and getattr(sink, "parts", False) and hasattr(distribute, "write_parts"):
            distribute.write_parts(sink.part_writer)  # type: ignore[union-attr, attr-defined]  # workers write parts
        for table, chunks in engine.tables():
            for chunk in chunks:
                if isinstance(chunk, pl.DataFrame):
                    sink.write(table, apply_forms(chunk, forms[table], text=True) if table in forms else chunk)
                else:  # a part a worker wrote into the sink's staging folder: (index, rows)
                    sink.adopt(table, *chunk)
                if keep is not None:
                    keep.setdefault(table, []).append(chunk)
                if spans_target is not None:
                    engine.text.flush_spans(table)
        engine.text.note_spans(spans_target)
        manifest = _manifest(plan, engine, engine.stats, started, time.perf_counter() - t0, shown, chunk_size)
        if keep is not None:
            from simulacra.documents import DocumentRun, render_documents

            run = DocumentRun(engine.text.client, engine.seed)
            frames = {
                t: pl.concat(parts, rechunk=False) if parts else pl.DataFrame(schema=engine.schema(t))
                for t, parts in keep.items()
            }
            for t in plan.tables:
                frames.setdefault(t, pl.DataFrame(schema=engine.schema(t)))
            keep = None
            table_docs: list[Any] = []
            for doc in render_documents(plan, frames, seed=engine.seed, progress=progress, backend=run):
                if writer is not None:
                    writer.add(doc)
                if documents_table:
                    table_docs.append(doc)
            counts = writer.counts if writer is not None else _count(table_docs)
            manifest["documents"] = {
                "path": str(target) if target is not None else None,
                "count": dict(counts),
                "table": "documents" if documents_table else None,
            }
            if run.templates:
                manifest["documents"]["model"] = run.provenance()
            if writer is not None:
                folder_manifest = _documents_manifest(manifest)
                if run.templates:
                    folder_manifest["model"] = run.provenance()
                writer.finish(folder_manifest)
            if documents_table:
                sink.write("documents", _documents_frame(table_docs))
            manifest["seconds"] = round(time.perf_counter() - t0, 3)
        sink.write_manifest(manifest)
        sink.close()
        if writer is not None:
            writer.commit()
        if spans_target is not None:
            engine.text.commit_spans(spans_target)
    except BaseException:
        engine.close()  # its spill folder
        sink.abort()
        if writer is not None:
            writer.abort()
        engine.text.abort_spans()
        raise
    return GenerationResult(
        shown if isinstance(output, BaseSink) else str(output),
        manifest,
        documents_path=str(target) if writer is not None else None,
        spans_path=str(spans_target) if spans_target is not None else None,
        notes=_fit_only_notes(plan.spec),
    )


def _fit_only_notes(spec: m.DatasetSpec) -> list[str]:
    """Rules of the spec that only ``fit`` reads, which generate (no model, no source) passes over: a date's
    ``rounds`` (rounds are learned from the data; generate makes the date by its own start/end or after)."""
    return [
        f"{t}.{c}: 'rounds' is a rule of fit (rounds learned from a source); generate made the date by its own rule"
        for t, table in spec.tables.items()
        for c, col in table.columns.items()
        if isinstance(col, m.DateColumn) and col.rounds is not None
    ]


def _count(docs: list[Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for d in docs:
        out[d.template] = out.get(d.template, 0) + 1
    return out


def _documents_manifest(manifest: dict[str, Any]) -> dict[str, Any]:
    keys = ("simulacra_version", "spec_name", "spec_hash", "seed", "scale", "locale", "output")
    return {k: manifest.get(k) for k in keys}


def _documents_schema() -> Any:
    from simulacra.io import ColumnSchema, TableSchema

    cols = tuple(ColumnSchema(c, pl.String(), nullable=c != "document_id") for c in _DOCUMENT_COLUMNS)
    return TableSchema("documents", cols, primary_key=("document_id",))


def _safe(url: str) -> str:
    """An output name without a password in it."""
    if "://" in url and "@" in url:
        from sqlalchemy.engine import make_url

        try:
            return make_url(url).render_as_string(hide_password=True)
        except Exception:
            return url.split("://")[0] + "://***"
    return url


def check(
    spec: SpecLike,
    source: str | Path | Mapping[str, pl.DataFrame],
    *,
    format: str | None = None,  # noqa: A002
    declared: bool | None = None,
) -> list[Finding]:
    """Every check of ``spec`` against a dataset (a path/URL any reader accepts, or frames).

    ``declared``: also re-check what the spec's generators declare (derived values, ranges, counts, scenario
    rates); by default yes, unless the dataset's manifest says it was sampled from a learned model."""
    return check_dataset(
        _plan(spec), _frames(source, format), declared=made_by_rules(source) if declared is None else declared
    )


def check_streaming(
    spec: SpecLike,
    source: str | Path,
    *,
    format: str | None = None,  # noqa: A002
    declared: bool | None = None,
    chunk_size: int = 100_000,
    memory_limit: int | None = None,
) -> list[Finding]:
    """:func:`check` for a dataset too large to hold: read ``chunk_size`` rows at a time into a temp DuckDB
    database that spills past ``memory_limit`` bytes (default 256 MiB); the same findings as :func:`check`."""
    from simulacra._streaming import DEFAULT_DUCKDB_MEMORY
    from simulacra._streaming import check_streaming as _check_streaming

    return _check_streaming(
        _plan(spec),
        source,
        format=format,
        declared=made_by_rules(source) if declared is None else declared,
        chunk_rows=chunk_size,
        memory=DEFAULT_DUCKDB_MEMORY if memory_limit is None else memory_limit,
    )


def made_by_rules(source: str | Path | Mapping[str, pl.DataFrame]) -> bool:
    """Whether to re-check what the spec's generators declare: yes unless the dataset's manifest says it was
    sampled from a learned model (whose spec is a draft it does not follow value by value)."""
    if isinstance(source, Mapping):
        return True
    try:
        from simulacra.io import read_manifest

        manifest = read_manifest(str(source))
    except Exception:
        return True
    return manifest is None or manifest.get("method", "rules") == "rules"


def _frames(source: str | Path | Mapping[str, pl.DataFrame], format: str | None) -> dict[str, pl.DataFrame]:  # noqa: A002
    """The dataset's tables: the frames given, or read from a path or URL."""
    if isinstance(source, Mapping):
        from simulacra._frames import to_polars

        return {t: to_polars(f) for t, f in source.items()}  # polars, pandas or Arrow tables
    from simulacra.io import read_dataset

    return read_dataset(str(source), format=format)


def _documents_source(
    plan: Plan, source: str | Path | Mapping[str, pl.DataFrame], documents: str | Path | None
) -> str | Path | None:
    """The documents to check: those given, else ``<source>.documents`` when it exists (None: nothing to check)."""
    if documents is not None:
        return documents
    if isinstance(source, Mapping) or not plan.documents:
        return None
    from simulacra.documents import default_documents_path

    target = default_documents_path(str(source))
    return target if target is not None and target.exists() else None


def check_documents(
    spec: SpecLike,
    source: str | Path | Mapping[str, pl.DataFrame],
    documents: str | Path | None = None,
    *,
    format: str | None = None,  # noqa: A002
    frames: Mapping[str, pl.DataFrame] | None = None,
) -> Any:
    """Check a documents folder (or zip) against the dataset's rows; None when there are no documents to check.

    ``documents`` defaults to ``<source>.documents`` beside a file or folder dataset. ``frames``:
    the dataset's tables when already read (``source`` then only locates the documents). Returns a
    :class:`simulacra.documents.DocumentsReport` (``.ok``, ``.issues``).
    """
    plan = _plan(spec)
    target = _documents_source(plan, source, documents)
    if target is None:
        return None
    from simulacra.documents import check_documents as _check_documents

    rows = _frames(frames, None) if frames is not None else _frames(source, format)
    return _check_documents(target, rows, locale=plan.spec.locale)


def validate(
    spec: SpecLike,
    source: str | Path | Mapping[str, pl.DataFrame],
    *,
    format: str | None = None,  # noqa: A002
    documents: str | Path | None = None,
    declared: bool | None = None,
    chunk_size: int | None = None,
) -> list[Finding]:
    """Like :func:`check`, but raises DataValidationError listing every failed check.

    Documents are checked too when ``documents`` is given or ``<source>.documents`` exists. ``declared``: as in
    :func:`check`. ``chunk_size``: check a path or URL ``chunk_size`` rows at a time in bounded memory
    (:func:`check_streaming`; same findings; documents then cannot be checked).
    """
    plan = _plan(spec)
    if chunk_size is not None:
        if isinstance(source, Mapping):
            raise ValueError("chunk_size: frames already in memory are checked whole; pass a path or URL")
        if _documents_source(plan, source, documents) is not None:
            raise ValueError("chunk_size: documents are checked against rows in memory; validate them without it")
        findings = check_streaming(
            plan,
            source,
            format=format,
            declared=made_by_rules(source) if declared is None else declared,
            chunk_size=chunk_size,
        )
        bad = [f.problem(plan.index.file) for f in findings if not f.ok]
        from simulacra.io import check_sidecar

        stale = check_sidecar(source)
        if stale is not None:
            bad.append(Problem(Location(), stale))
        if bad:
            raise DataValidationError(bad)
        return findings
    frames = _frames(source, format)  # read once, for the data checks and the documents
    findings = check_dataset(plan, frames, declared=made_by_rules(source) if declared is None else declared)
    bad = [f.problem(plan.index.file) for f in findings if not f.ok]
    if not isinstance(source, Mapping):
        from simulacra.io import check_sidecar

        stale = check_sidecar(source)  # a database file's *.manifest.json must describe that database
        if stale is not None:
            bad.append(Problem(Location(), stale))
    report = check_documents(plan, source, documents, frames=frames)
    if report is not None:
        bad += report.problems()
    if bad:
        raise DataValidationError(bad)
    return findings
