"""The learned verbs: ``fit`` a model on a real source, ``sample`` new datasets from it.

::

    model = simulacra.fit("sqlite:///bank.db", output="model/")     # read, inspect, coerce, learn, save
    result = simulacra.sample("model/", "synthetic.db", scale=2.0)  # sample, check integrity, write

Samples are checked before anything is written (keys, foreign keys, the spec's
constraints); a sample that fails raises and leaves no output.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import polars as pl

from simulacra._manifest import now, run_manifest
from simulacra._scaled_rows import scaled_rows
from simulacra._streaming import feature_names
from simulacra.dp.multi import MultiTableDPSynthesizer
from simulacra.dp.synthesizer import DPSynthesizer
from simulacra.errors import DataValidationError, Problem, SimulacraError
from simulacra.generation.pools import pooled_columns
from simulacra.spec import model as m
from simulacra.synth.dataset import DatasetSynthesizer

__all__ = ["FitResult", "SampleResult", "fit", "sample"]


@dataclass
class FitResult:
    model: DatasetSynthesizer | DPSynthesizer | MultiTableDPSynthesizer  # a DP one when fitted with dp_epsilon
    path: str | None
    spec: m.DatasetSpec
    seconds: float
    notes: list[str] = field(default_factory=list)


@dataclass
class SampleResult:
    output: str | None
    manifest: dict[str, Any]
    frames: dict[str, pl.DataFrame] | None = None

    @property
    def rows(self) -> dict[str, int]:
        return dict(self.manifest["rows"])


def fit(
    source: str | Path | Mapping[str, pl.DataFrame],
    *,
    spec: str | Path | m.DatasetSpec | None = None,
    output: str | Path | None = None,
    seed: int = 0,
    method: str = "trees",
    first: Mapping[str, Sequence[str]] | None = None,
    min_samples_leaf: int | None = None,
    min_count: int = 5,
    reject_copies: bool = True,
    overwrite: bool = False,
    progress: bool = False,
    null_markers: Sequence[str] = (),
    not_null: Sequence[str] = (),
    dp_epsilon: float | None = None,
    dp_delta: float | None = None,
    dp_domain: str | Path | Mapping[str, Any] | None = None,
) -> FitResult:
    """Learn ``source`` (database URL, file, folder, or frames): read, inspect, type, fit; save to ``output``.

    ``spec`` is a reviewed spec (from ``simulacra inspect``); without one the inspection's
    draft is used as is. Columns the spec generates by rules (keys, PII, free text,
    expressions) are not learned. ``null_markers`` are read as null in delimited text
    besides the defaults (``?``, ``NA``, ``\\N``, empty...), in every column; ``not_null``: default markers read
    as values in every column (a marker shaped like a code column's codes and as common is one there already). How each column was written
    (its null marker, dtype, boolean spelling, decimals, date format, leading zeros) is
    saved with the model; ``sample`` writes in that form.

    ``dp_epsilon`` fits under (ε, δ)-differential privacy instead (one table, or a tree of
    tables under one root whose rows are the individuals; ``dp_delta`` defaults to
    min(1e-6, 0.1/n)); ``dp_domain`` declares numeric bounds and bins, optionally
    categories, and for several tables each child's ``max_children`` (a mapping or a YAML
    file; see docs/privacy.md).
    """
    from simulacra._date_keys import dated_keys
    from simulacra.inspection import inspect
    from simulacra.sources import DEFAULT_NULL_VALUES, CsvOptions, coerce, detect_forms, read_source

    t0 = time.perf_counter()
    if isinstance(source, Mapping):
        from simulacra._frames import to_polars

        src = _frames_source({t: to_polars(f) for t, f in source.items()})  # polars, pandas or Arrow tables
    else:
        csv = (
            CsvOptions(
                null_values=(*DEFAULT_NULL_VALUES, *null_markers), missing=tuple(null_markers), values=tuple(not_null)
            )
            if null_markers or not_null
            else None
        )
        src = read_source(source, progress=progress, csv=csv)
    # rules that tie a row to its state or parent stay learned with the rest of the row
    # a parent's count or total of its children is computed from the children sampled (a DP fit samples
    # learned columns only: it learns them as numbers)
    inspection = inspect(src, state_rules=False, aggregates=dp_epsilon is None)
    if spec is None:
        the_spec = inspection.spec
    elif isinstance(spec, m.DatasetSpec):
        the_spec = spec
    else:
        from simulacra.spec import load_spec

        the_spec = load_spec(spec)
    _refuse_processes(the_spec, spec)
    _refuse_aggregates(the_spec, spec, dp=dp_epsilon is not None)
    frames = coerce(src.frames, inspection)
    # the spec names a table as letters, digits and underscores ('my-data.csv' is table 'my_data'):
    # the frames and their written forms go by the spec's names
    renamed = {t: inspection.table_names.get(t, t) for t in src.frames}
    frames, key_formats = dated_keys({renamed[t]: f for t, f in frames.items()}, the_spec)
    raw_frames = {renamed[t]: f for t, f in src.frames.items()}
    separators = {renamed.get(t, t): s for t, s in src.separators.items()}
    if dp_epsilon is not None:
        from simulacra.dp.learned import fit_dp

        dp = fit_dp(frames, the_spec, epsilon=dp_epsilon, delta=dp_delta, domain=dp_domain, seed=seed)
        dp_path = str(dp.save(output, overwrite=overwrite)) if output is not None else None
        return FitResult(model=dp, path=dp_path, spec=the_spec, seconds=time.perf_counter() - t0)
    lineage = source_lineage(source)
    model = DatasetSynthesizer(
        method=method,
        min_samples_leaf=min_samples_leaf,
        min_count=min_count,
        reject_copies=reject_copies,
        first=first,
        seed=seed,
    )
    model.fit(
        frames,
        the_spec,
        source={
            "location": src.location,
            "kind": src.kind,
            "fingerprint": src.fingerprint,
            "rows": {t: f.height for t, f in src.frames.items()},
            "lineage": lineage,
            **({"formats": formats} if (formats := _file_formats(src.files, renamed)) else {}),
        },
        progress=progress,
    )
    forms = detect_forms(
        raw_frames,
        frames,
        markers={renamed.get(t, t): v for t, v in src.null_markers.items()},
        numbers={renamed.get(t, t): v for t, v in src.number_forms.items()},
        marks={renamed.get(t, t): v for t, v in src.number_marks.items()},
        money={renamed.get(t, t): v for t, v in src.money.items()},
        profiles=SimpleNamespace(
            columns={(renamed.get(t, t), c): p for (t, c), p in inspection.columns.items()}
            | {k: SimpleNamespace(parse_format=f) for k, f in key_formats.items()}
        ),
    )
    for t, tm in model.tables_.items():
        tm.learned.forms = {c: f.to_json() for c, f in forms.get(t, {}).items()}
        tm.learned.separator = separators.get(t)
    path = str(model.save(output, overwrite=overwrite)) if output is not None else None
    notes = list(inspection.notes) + list(model.notes_)
    if lineage["synthetic"]:
        notes.append(
            f"the data fitted is synthetic (generation {lineage['generation'] - 1}): the model is marked as fitted on "
            "synthetic data; with no real data to anchor it, quality drifts from one generation to the next"
        )
    return FitResult(model=model, path=path, spec=the_spec, seconds=time.perf_counter() - t0, notes=notes)


def source_lineage(source: str | Path | Mapping[str, pl.DataFrame]) -> dict[str, Any]:
    """Whether data to fit is itself synthetic, read from the manifest a simulacra output carries (generate, sample,
    pipeline); the model's generation is one more than its data's (real data: 0, so a model of real data is 1)."""
    if isinstance(source, Mapping):
        return {"synthetic": False, "generation": 1}
    from simulacra.io import read_manifest

    try:
        manifest = read_manifest(str(source))
    except Exception:  # noqa: BLE001 - a source without a readable manifest is taken as real
        manifest = None
    if manifest is None and Path(str(source)).is_file():  # a pipeline output's data.parquet: the manifest beside it
        import json

        beside = Path(str(source)).parent / "manifest.json"
        try:
            manifest = json.loads(beside.read_text(encoding="utf-8")) if beside.is_file() else None
        except (OSError, ValueError):
            manifest = None
    if not isinstance(manifest, dict) or not ("method" in manifest or "lineage" in manifest):
        return {"synthetic": False, "generation": 1}
    data_gen = int((manifest.get("lineage") or {}).get("generation", 1))
    return {"synthetic": True, "generation": data_gen + 1}


def _frames_source(frames: dict[str, pl.DataFrame]) -> Any:
    from simulacra.sources import Source, fingerprint

    return Source(
        location="<frames>",
        kind="frames",
        frames=frames,
        primary_keys={},
        foreign_keys=[],
        fingerprint=fingerprint(frames),
    )


def _refuse_processes(the_spec: m.DatasetSpec, given: Any) -> None:
    """A reviewed spec whose event table is a process (``rows: {per, process}``, drafted by ``inspect``)
    is refused before anything is learned: sampling it would need the process engine, which learned
    sampling does not run (it used to fit, then stop ``sample`` with an internal error)."""
    from simulacra.errors import SpecError

    where = str(given) if isinstance(given, (str, Path)) else "spec"
    for name, table in the_spec.tables.items():
        if isinstance(table.rows, m.RowsPerParent) and table.rows.process is not None:
            raise SpecError(
                f"{where}: table '{name}': its rows are a process (rows: {{per, process}}), which `simulacra "
                "generate` runs but `fit` does not learn; generate from this spec, or drop `process` from the "
                f"table's rows and its `generator: process` columns to learn '{name}' from its rows"
            )


def _refuse_aggregates(the_spec: m.DatasetSpec, given: Any, *, dp: bool = False) -> None:
    """Aggregate columns (a parent's count or total of its children, drafted by ``inspect``) are computed from
    the sampled children, as generation makes them; a column *derived* from one (``balance = total - paid``)
    is refused before anything is learned: learned sampling makes a row's other columns before its children.
    A DP fit (``dp``) samples learned columns only: any aggregate is refused, as before."""
    from simulacra.errors import SpecError
    from simulacra.spec.plan import make_plan

    where = str(given) if isinstance(given, (str, Path)) else "spec"
    for name, table in the_spec.tables.items() if dp else ():
        for col, c in table.columns.items():
            if isinstance(c, m.AggregateColumn):
                raise SpecError(
                    f"{where}: table '{name}', column '{col}': an aggregate of '{c.of}', which a DP fit does not "
                    "make (it samples learned columns); fit without dp_epsilon, or give the column a learned generator"
                )
    plan = make_plan(the_spec)
    order = list(plan.tables)
    for name, tp in plan.tables.items():
        for ref in sorted(tp.parent_refs):  # a later table reading an aggregate: made after its children
            parts, cur = ref.split("."), tp
            for alias in parts[:-1]:
                cur = plan.tables[cur.links[cur.aliases[alias]].table]
            agg = cur.spec.columns.get(parts[-1])
            if isinstance(agg, m.AggregateColumn) and order.index(agg.of.partition(".")[0]) > order.index(name):
                raise SpecError(
                    f"{where}: table '{name}' reads '{ref}', an aggregate of '{agg.of}', which learned sampling "
                    f"makes only after '{name}'; generate from this spec, or give the column a learned generator"
                )
        if tp.after_aggregates:
            col = sorted(tp.after_aggregates)[0]
            raise SpecError(
                f"{where}: table '{name}', column '{col}': derived from an aggregate column, which `simulacra "
                "generate` makes after the children but `fit` does not (learned rows are made before their "
                "children); generate from this spec, or give the column a learned generator to learn it"
            )


def _file_formats(files: Mapping[str, str], renamed: Mapping[str, str]) -> dict[str, str]:
    """Table -> the folder format its file was read as (delimited text is csv), for files and folders."""
    from simulacra.io._files import FOLDER_FORMATS
    from simulacra.sources._read import DELIMITED_SUFFIXES

    by_suffix = {suffix: fmt for fmt, suffix in FOLDER_FORMATS.items()} | {".ndjson": "jsonl"}
    out: dict[str, str] = {}
    for table, path in files.items():
        suffix = Path(path).suffix.lower()
        fmt = "csv" if suffix in DELIMITED_SUFFIXES else by_suffix.get(suffix)
        if fmt is not None:
            out[renamed.get(table, table)] = fmt
    return out


def _source_folder_format(synth: DatasetSynthesizer, output: Any) -> str | None:
    """The format a folder OUTPUT without ``--format`` is written in: the one every table was read from
    (a folder of CSV files is sampled into CSV files), else the sinks' default (Parquet)."""
    formats = (synth.source_ or {}).get("formats") or {}
    if not isinstance(output, (str, Path)) or "://" in str(output) or Path(output).suffix:
        return None  # a database, a URL or a one-table file: its own suffix or scheme decides
    kinds = {formats.get(t) for t in synth.tables_}
    return kinds.pop() if len(kinds) == 1 and None not in kinds else None


def sample(
    model: str | Path | DatasetSynthesizer,
    output: str | Path | None = None,
    *,
    n_rows: int | None = None,
    scale: float = 1.0,
    seed: int | None = None,
    where: str | Sequence[str] | Mapping[str, str] | None = None,
    rebalance: Mapping[str, Mapping[Any, float]] | Sequence[str] | None = None,
    table: str | None = None,
    format: str | None = None,
    if_exists: str = "fail",
    progress: bool = False,  # noqa: A002
    null_markers: bool = True,
    exact_sizes: bool = False,
    chunk_rows: int = 100_000,
    client: Any = None,
) -> SampleResult:
    """Sample a saved (or in-memory) model into ``output`` (any sink) or, without one, into memory.

    Written samples take the form of their source, column by column (dtype, boolean
    spelling, decimals, date format, leading zeros); a CSV output writes missing values
    as the source's marker (``?``, ``NA``, ``\\N``...) unless ``null_markers=False``.
    Frames returned in memory stay typed (booleans, dates, numbers). ``exact_sizes`` makes
    every table exactly its real size times ``scale``.

    A one-table model written to a sink is sampled and written ``chunk_rows`` rows at a time (memory bounded
    by the chunk, not the table); its bytes are the same whatever ``chunk_rows``. ``client`` (a
    ``distributed.Client``) samples those chunks as Dask tasks, each loading the model from its folder,
    and writes them in chunk order: the same bytes as one process. ``SampleResult.manifest['chunks']``
    says whether the sample was chunked and, if not, why (several tables, conditions...).
    """
    from simulacra._dataset_checks import check_dataset
    from simulacra.generation._budget import check_sample_budget
    from simulacra.synth.conditions import parse_rebalance

    if isinstance(model, (DPSynthesizer, MultiTableDPSynthesizer)) or (
        not isinstance(model, DatasetSynthesizer) and _is_dp(model)
    ):
        if where is not None or rebalance or exact_sizes:
            raise ValueError("a DP model samples plain rows: where, rebalance and exact_sizes are not supported")
        if client is not None:
            raise SimulacraError("--engine dask samples learned models; a DP model samples in one process")
        return _sample_dp(model, output, n_rows, scale, seed, format, if_exists)
    if chunk_rows < 1:
        raise ValueError(f"chunk_rows must be >= 1, not {chunk_rows}")
    synth = model if isinstance(model, DatasetSynthesizer) else DatasetSynthesizer.load(model)
    if format is None and output is not None:
        format = _source_folder_format(synth, output)  # noqa: A001  (the public keyword's name)
    scale = check_sample_budget(synth, scale=scale, n_rows=n_rows)
    blocker = synth.chunk_blocker(where=where, rebalance=rebalance) if not exact_sizes else "exact sizes"
    if client is not None and (isinstance(model, DatasetSynthesizer) or output is None):
        raise SimulacraError("--engine dask needs a model folder (each worker loads it) and an output")
    draw = None
    if client is not None and blocker is not None:
        # not in independent chunks (several tables, uniqueness, windows...): the learned draws as tasks, table
        # by table, and what needs whole tables here
        from functools import partial

        from simulacra.distributed import DaskDraw
        from simulacra.synth.dataset import draw_chunk

        used = synth.seed if seed is None else seed
        draw = DaskDraw(client, partial(draw_chunk, str(model), used), chunk_rows=chunk_rows)
    elif output is not None and blocker is None:
        return _sample_chunked(
            synth, model, output, n_rows, scale, seed, format, if_exists, null_markers, chunk_rows, client
        )
    started = now()
    t0 = time.perf_counter()
    if rebalance is not None and not isinstance(rebalance, Mapping):
        roots = [t for t, tm in synth.tables_.items() if tm.parent is None]
        target = synth.tables_.get(table or roots[0])  # an unknown table: synth.sample names it
        rebalance = parse_rebalance(list(rebalance), target.learned) if target is not None else {}
    how: dict[str, Any] = {
        "scale": scale,
        "n_rows": n_rows,
        "seed": seed,
        "where": where,
        "rebalance": rebalance,
        "table": table,
        "progress": progress,
        "exact_sizes": exact_sizes,
        "draw": draw,
    }
    if output is not None:  # table by table, parents first, each checked and written in chunks
        return _sample_tables(synth, output, how, format, if_exists, null_markers, chunk_rows, blocker, t0, started)
    frames = synth.sample(**how)
    failed = [f for f in check_dataset(synth.plan_, frames) if not f.ok]
    if failed:
        raise DataValidationError([f.problem() for f in failed])
    manifest = _dataset_manifest(
        synth, how, blocker, started, rows={t: f.height for t, f in frames.items()}, written=None, chunk_rows=chunk_rows
    )
    manifest["seconds"] = round(time.perf_counter() - t0, 3)
    return SampleResult(None, manifest, frames)


def _dataset_manifest(
    synth: DatasetSynthesizer,
    how: Mapping[str, Any],
    blocker: str | None,
    started: Any,
    *,
    rows: dict[str, int],
    written: dict[str, Any] | None,
    chunk_rows: int,
) -> dict[str, Any]:
    """The run manifest of a multi-table (or unchunkable) learned sample; ``written``: how it reached the sink."""
    seed, table, where, rebalance, draw = how["seed"], how["table"], how["where"], how["rebalance"], how["draw"]
    scale, n_rows, exact_sizes = how["scale"], how["n_rows"], how["exact_sizes"]
    used_seed = synth.seed if seed is None else seed
    model_manifest = synth.manifest()
    return run_manifest(
        method="learned",
        seed=used_seed,
        started=started,
        rows=rows,
        legacy=True,  # 'started' (now 'started_at') is still written for one more release
        synthesizer=synth.method,
        spec_name=synth.spec_.name,
        scale=scale,
        n_rows=n_rows,
        where=where,
        rebalance={k: dict(v) for k, v in (rebalance or {}).items()},
        exact_sizes=exact_sizes,
        source_fingerprint=synth.source_.get("fingerprint"),
        privacy=model_manifest["privacy"],
        not_learned=model_manifest["not_learned"],
        pooled=pooled_columns(synth.spec_),
        notes=synth.notes_,
        integrity="all keys, foreign keys and constraints checked",
        chunks=({"whole": blocker or "sampled into memory"} | (written or {}))
        if draw is None
        else (written or {})
        | {
            "engine": "dask",
            "rows": chunk_rows,
            "count": sum(draw.tasks.values()),
            "tables": {
                t: f"{draw.tasks[t]} task(s)"
                if t in draw.tasks
                else f"here: {_whole_why(synth, t, table, where, rebalance)}"
                for t in synth.tables_
            },
        },
    )


def _sample_tables(
    synth: DatasetSynthesizer,
    output: str | Path,
    how: dict[str, Any],
    fmt: str | None,
    if_exists: str,
    null_markers: bool,
    chunk_rows: int,
    blocker: str | None,
    t0: float,
    started: Any,
) -> SampleResult:
    """A multi-table sample into a sink, table by table (issue 15): each table, once made, is checked against
    what its parents left (keys, the columns it reads), put in its source's form and staged in ``chunk_rows``-row
    Arrow files; only what later tables read of it is kept (``DatasetSynthesizer.sample_tables(trim=True)``).
    A child table is made in runs of whole parents of about ``chunk_rows`` rows (``sample_tables(chunk_rows=)``),
    each checked, put in form and staged as it comes, so memory follows the run, not the largest table.
    A sink takes every table's schema when it opens, and a learned table's dtypes are known once it is made,
    so the staged chunks are written after the last table, one chunk in memory at a time: the same rows and
    bytes as whole frames, for any ``chunk_rows``. Nothing is left behind on failure."""
    import io

    from simulacra._dataset_checks import check_dataset
    from simulacra._spill import SpillDir
    from simulacra.io import open_sink
    from simulacra.sources import apply_forms
    from simulacra.sources._written import with_written

    sink = open_sink(str(output), format=fmt, if_exists=if_exists)
    text = getattr(sink, "format", None) == "csv"
    staged = SpillDir()

    def fill() -> dict[str, Any]:
        keep = synth.kept_columns()
        parents: dict[str, pl.DataFrame] = {}  # what later tables' checks read of each table made
        pieces: list[pl.DataFrame] = []  # ... of the table being made, piece by piece
        parts: dict[str, list[Path]] = {}
        schemas: dict[str, Mapping[str, pl.DataType]] = {}
        rows: dict[str, int] = {}
        runs: dict[str, int] = {}  # pieces each table came in
        carry: list[pl.DataFrame] = []  # the rows of the table being made past its last whole chunk

        def stage(t: str, frame: pl.DataFrame, *, last: bool) -> None:
            """Stage ``chunk_rows``-row parts of the table's rows in order, whatever the runs they came in
            (the parts a parquet-parts folder gets are the table's, as when it was made whole)."""
            if carry:
                frame = pl.concat([*carry, frame], how="vertical_relaxed")
                carry.clear()
            for a in range(0, frame.height, chunk_rows):
                if not last and frame.height - a < chunk_rows:
                    carry.append(frame.slice(a))
                    return
                parts[t].append(staged.file(t, ".arrow"))
                frame.slice(a, chunk_rows).write_ipc(parts[t][-1])

        deferred: list[tuple[str, pl.DataFrame]] = []  # runs whose checks read a table not given out yet

        def check(t: str, frame: pl.DataFrame) -> None:
            failed = [f for f in check_dataset(synth.plan_, {**parents, t: frame}) if not f.ok and f.table == t]
            if failed:
                raise DataValidationError([f.problem() for f in failed])

        def due(*, last: bool = False) -> None:
            """The waiting runs whose tables are all given out now (``last``: every one left)."""
            for item in list(deferred):
                if last or _checks_read(synth.plan_, item[0]) - {item[0]} <= parents.keys():
                    deferred.remove(item)
                    check(*item)

        pending = ""
        draws = how if how["draw"] is not None else {**how, "chunk_rows": chunk_rows}  # Dask: tasks per table
        for t, frame in synth.sample_tables(**draws, trim=True):
            if t != pending and pieces:  # the table before is done: what later tables read of it, whole
                parents[pending] = pl.concat(pieces) if len(pieces) > 1 else pieces[0]
                pieces = []
                due()
            if t != pending and carry:
                stage(pending, carry.pop(), last=True)
            pending = t
            runs[t] = runs.get(t, 0) + 1
            # a child drawn in runs of parents is checked run by run: its keys, made from the row id, and its
            # foreign keys and row constraints; uniqueness that needs redraws keeps a table whole. A check reading
            # through a table not given out yet (held for its aggregates) waits for it, with this run's rows
            if _checks_read(synth.plan_, t) - {t} <= parents.keys():
                check(t, frame)
            else:
                deferred.append((t, frame))
            _late_parent(synth, parents, t, frame)
            pieces.append(frame.select([c for c in frame.columns if c in keep[t]]))
            if t in synth.tables_:
                forms = with_written(synth.tables_[t].learned.forms, synth.plan_.spec.tables.get(t), text=text)
                frame = apply_forms(frame, forms, text=text, null_markers=null_markers)
            if t not in parts:
                rows[t], parts[t] = 0, []
            if t not in schemas or not rows[t]:  # a table's dtypes: its first rows' (an empty run may hold nulls)
                schemas[t] = frame.schema
            rows[t] += frame.height
            stage(t, frame, last=False)
            del frame
        if carry:
            stage(pending, carry.pop(), last=True)
        if pieces:
            parents[pending] = pl.concat(pieces) if len(pieces) > 1 else pieces[0]
        due(last=True)
        parents.clear()
        pieces.clear()
        sink.open(_schemas(synth, schemas))
        # in the plan's order, parents first: a parent held until its children are counted (a learned order's
        # number of items) is staged after them, and a child written before its parent is refused by DuckDB
        # (keys checked row by row) and costs SQLite a scan of the children per parent row (27 s for 7,000
        # orders); staged chunks are written in any order, so nothing else moves
        order = {t: i for i, t in enumerate(synth.plan_.tables)}
        for t, files in sorted(parts.items(), key=lambda kv: order.get(kv[0], len(order))):
            for f in files:
                sink.write(t, pl.read_ipc(io.BytesIO(f.read_bytes())))  # (not mapped: its pages leave with it)
                f.unlink()
        count = sum(len(files) for files in parts.values())
        written = {
            "rows": chunk_rows,
            "count": count,
            "engine": "local",
            "written": "table by table, in chunks",
            "tables": {t: _drawn_how(synth, t, runs[t], how) for t in runs},
        }
        return _dataset_manifest(synth, how, blocker, started, rows=rows, written=written, chunk_rows=chunk_rows)

    try:
        return _finish_sink(sink, fill, t0)
    finally:
        staged.close()


def _checks_read(plan: Any, table: str) -> set[str]:
    """The tables a table's spec-feature checks read through its keys (``match: {x: visit_id.x}`` reads the
    visit): a check run before such a table is given out could not resolve the value."""
    out: set[str] = set()
    for ref in feature_names(plan, table):
        cur = plan.tables[table]
        for alias in ref.split(".")[:-1]:
            link = cur.links.get(cur.aliases.get(alias, alias))
            if link is None:
                break
            out.add(link.table)
            cur = plan.tables[link.table]
    # a summary's tally reads its detail table whole (standings' won, the matches)
    out |= {str(c.of) for c in plan.spec.constraints if c.table == table and c.tally is not None}
    return out


def _late_parent(synth: DatasetSynthesizer, made: Mapping[str, pl.DataFrame], table: str, frame: pl.DataFrame) -> None:
    """A table with aggregates comes after the children they count (``sample_tables`` holds it): the keys of
    those children, checked before it came, are checked against it now."""
    from simulacra.errors import Location

    problems = []
    for child, rows in made.items():
        for col, link in synth.plan_.tables[child].links.items():
            if link.table != table or child == table or col not in rows.columns or link.key not in frame.columns:
                continue
            values = rows.get_column(col)
            bad = int((~(values.is_in(frame.get_column(link.key).implode()) | values.is_null())).sum())
            if bad:
                problems.append(
                    Problem(
                        Location(table=child, column=col),
                        f"{bad} of {rows.height} rows reference no sampled {table}.{link.key}",
                    )
                )
    if problems:
        raise DataValidationError(problems)


def _drawn_how(synth: DatasetSynthesizer, name: str, runs: int, how: Mapping[str, Any]) -> str:
    """How a table of a multi-table sample was made: in runs of whole parents, or whole and why."""
    tm = synth.tables_.get(name)
    if tm is None or tm.parent is None:
        return "whole: a root table"
    why = "drawn with --engine dask" if how["draw"] is not None else synth.piece_blocker(name)
    if why is not None:
        return f"whole: {why}"
    return f"{runs} run(s) of whole {tm.parent} rows"


def _whole_why(synth: DatasetSynthesizer, name: str, table: str | None, where: Any, rebalance: Any) -> str:
    """Why a table of a multi-table model was drawn on the client under ``--engine dask``."""
    from simulacra.synth.conditions import split_where

    tm = synth.tables_[name]
    roots = [t for t, m in synth.tables_.items() if m.parent is None]
    if tm.reference is not None:
        return "a lookup table, copied whole"
    if tm.sequence_column is not None:
        return "a sequence (each row drawn after its previous sibling)"
    if rebalance and name == (table or roots[0]):
        return "conditioned (where, rebalance) over the whole table"
    if name in split_where(where, list(synth.tables_), table or roots[0]):
        return (
            "conditioned (where): its rows redrawn until they meet it"
            if tm.parent
            else ("conditioned (where, rebalance) over the whole table")
        )
    return "no rows"


def _learned_manifest(synth: DatasetSynthesizer, **fields: Any) -> dict[str, Any]:
    model_manifest = synth.manifest()
    return run_manifest(
        method="learned",
        legacy=True,  # 'started' (now 'started_at') is still written for one more release
        synthesizer=synth.method,
        spec_name=synth.spec_.name,
        source_fingerprint=synth.source_.get("fingerprint"),
        privacy=model_manifest["privacy"],
        not_learned=model_manifest["not_learned"],
        pooled=pooled_columns(synth.spec_),
        notes=synth.notes_,
        **fields,
    )


def _sample_chunked(
    synth: DatasetSynthesizer,
    model: str | Path | DatasetSynthesizer,
    output: str | Path,
    n_rows: int | None,
    scale: float,
    seed: int | None,
    fmt: str | None,
    if_exists: str,
    null_markers: bool,
    chunk_rows: int,
    client: Any,
) -> SampleResult:
    """A one-table model sampled ``chunk_rows`` rows at a time (here or as Dask tasks), each chunk checked
    and written in row order: one chunk in memory (plus a window of finished Dask chunks)."""
    from simulacra._dataset_checks import check_dataset
    from simulacra.io import open_sink
    from simulacra.sources import apply_forms
    from simulacra.sources._written import with_written

    started = now()
    t0 = time.perf_counter()
    used_seed = synth.seed if seed is None else seed
    tname = next(iter(synth.tables_))
    n = synth.chunk_rows_total(scale=scale, n_rows=n_rows)
    bounds = [(a, min(n, a + chunk_rows)) for a in range(0, n, chunk_rows)] or [(0, 0)]
    if client is not None:
        from functools import partial

        from simulacra.distributed import sample_chunks
        from simulacra.synth.dataset import sample_chunk_ipc

        chunks = sample_chunks(client, partial(sample_chunk_ipc, str(model), used_seed), bounds)
    else:
        chunks = (synth.sample_chunk(a, b, seed=used_seed) for a, b in bounds)
    sink = open_sink(str(output), format=fmt, if_exists=if_exists)
    text = getattr(sink, "format", None) == "csv"
    forms = with_written(synth.tables_[tname].learned.forms, synth.plan_.spec.tables.get(tname), text=text)

    def fill() -> dict[str, Any]:
        schema: dict[str, pl.DataType] | None = None
        written = 0
        for (a, b), chunk in zip(bounds, chunks, strict=True):
            failed = [f for f in check_dataset(synth.plan_, {tname: chunk}) if not f.ok]
            if failed:
                raise DataValidationError([_in_rows(f.problem(), a, b) for f in failed])
            out = apply_forms(chunk, forms, text=text, null_markers=null_markers)
            if schema is None:  # the first chunk sets the table's schema (an all-null column is text)
                sink.open(_schemas(synth, {tname: out.schema}))
                schema = {c: d if d != pl.Null else pl.String() for c, d in out.schema.items()}
            out = out.cast(schema)  # type: ignore[arg-type]  # strict: a value that does not fit raises
            sink.write(tname, out)
            written += out.height
        return _learned_manifest(
            synth,
            seed=used_seed,
            started=started,
            rows={tname: written},
            scale=scale,
            n_rows=n_rows,
            where=None,
            rebalance={},
            exact_sizes=False,
            integrity="keys, foreign keys and constraints checked chunk by chunk",
            chunks={"rows": chunk_rows, "count": len(bounds), "engine": "dask" if client is not None else "local"},
        )

    return _finish_sink(sink, fill, t0)


def _finish_sink(sink: Any, fill: Callable[[], dict[str, Any]], t0: float) -> SampleResult:
    """Run ``fill`` (it writes the tables and returns the manifest), then the manifest and close: the
    output appears whole or, on any failure, the sink is aborted and nothing is left."""
    try:
        manifest = fill()
        manifest["seconds"] = round(time.perf_counter() - t0, 3)
        manifest["output"] = sink.display  # every sink has one (no password)
        sink.write_manifest(manifest)
        sink.close()
    except BaseException:
        sink.abort()
        raise
    return SampleResult(manifest.get("output"), manifest, None)


def _write_frames(
    sink: Any, schemas: Sequence[Any], frames: Mapping[str, pl.DataFrame], manifest: dict[str, Any], t0: float
) -> SampleResult:
    """Whole frames into ``sink`` (atomic, as :func:`_finish_sink`)."""

    def fill() -> dict[str, Any]:
        sink.open(list(schemas))
        for t, f in frames.items():
            sink.write(t, f)
        return manifest

    return _finish_sink(sink, fill, t0)


def _in_rows(p: Problem, a: int, b: int) -> Problem:
    return Problem(p.location, f"rows {a}..{b - 1}: {p.message}")


def _is_dp(model: str | Path) -> bool:
    from simulacra.dp.learned import is_dp_model

    return is_dp_model(model)


def _sample_dp(
    model: str | Path | DPSynthesizer | MultiTableDPSynthesizer,
    output: str | Path | None,
    n_rows: int | None,
    scale: float,
    seed: int | None,
    fmt: str | None,
    if_exists: str,
) -> SampleResult:
    """Sample a DP model: its rows only (no keys or constraints to check), written to any sink."""
    if isinstance(model, MultiTableDPSynthesizer) or (
        not isinstance(model, DPSynthesizer) and _dp_kind(model) == "dp-multi"
    ):
        multi = model if isinstance(model, MultiTableDPSynthesizer) else MultiTableDPSynthesizer.load(model)
        return _sample_dp_multi(multi, output, n_rows, scale, seed, fmt, if_exists)
    synth = model if isinstance(model, DPSynthesizer) else DPSynthesizer.load(model)
    started = now()
    t0 = time.perf_counter()
    n = int(n_rows) if n_rows is not None else scaled_rows(synth.n_rows_, scale)
    frame = synth.sample(n, seed=seed)
    manifest = run_manifest(
        method="learned",
        seed=synth.seed if seed is None else seed,
        started=started,
        rows={synth.name: frame.height},
        synthesizer="dp",
        n_rows=n_rows,
        scale=scale,
        privacy=synth.manifest()["privacy"],
        skipped=synth.skipped_,
    )
    if output is None:
        manifest["seconds"] = round(time.perf_counter() - t0, 3)
        return SampleResult(None, manifest, {synth.name: frame})
    from simulacra.io import ColumnSchema, TableSchema, open_sink

    sink = open_sink(str(output), format=fmt, if_exists=if_exists)
    schemas = [TableSchema(synth.name, tuple(ColumnSchema(c, d) for c, d in frame.schema.items()))]
    return _write_frames(sink, schemas, {synth.name: frame}, manifest, t0)


def _dp_kind(model: str | Path) -> str | None:
    import json

    try:
        with (Path(model) / "manifest.json").open(encoding="utf-8") as f:
            kind = json.loads(f.read()).get("synthesizer")
    except (OSError, ValueError, AttributeError):
        return None
    return kind if isinstance(kind, str) else None


def _sample_dp_multi(
    synth: MultiTableDPSynthesizer,
    output: str | Path | None,
    n_rows: int | None,
    scale: float,
    seed: int | None,
    fmt: str | None,
    if_exists: str,
) -> SampleResult:
    """Sample a multi-table DP model; every foreign key is checked against its parent's keys before writing."""
    from simulacra.errors import Location, Problem

    started = now()
    t0 = time.perf_counter()
    frames = synth.sample(n_rows, scale=scale, seed=seed)
    problems = []
    for lk in synth.links_:
        parent_keys = frames[lk.parent].get_column(lk.key)
        fk = frames[lk.child].get_column(lk.fk)
        if fk.null_count() or not fk.is_in(parent_keys.implode()).all():
            problems.append(Problem(Location(table=lk.child, column=lk.fk), f"a value matches no {lk.parent} row"))
        if parent_keys.n_unique() != parent_keys.len():
            problems.append(Problem(Location(table=lk.parent, column=lk.key), "a key value is repeated"))
    if problems:
        raise DataValidationError(problems)
    manifest = run_manifest(
        method="learned",
        seed=synth.seed if seed is None else seed,
        started=started,
        rows={t: f.height for t, f in frames.items()},
        synthesizer="dp-multi",
        n_rows=n_rows,
        scale=scale,
        privacy=synth.manifest()["privacy"],
        integrity="keys regenerated; every foreign key checked against its parent",
    )
    if output is None:
        manifest["seconds"] = round(time.perf_counter() - t0, 3)
        return SampleResult(None, manifest, frames)
    from simulacra.io import ColumnSchema, TableSchema, open_sink

    sink = open_sink(str(output), format=fmt, if_exists=if_exists)
    schemas = [TableSchema(t, tuple(ColumnSchema(c, d) for c, d in f.schema.items())) for t, f in frames.items()]
    return _write_frames(sink, schemas, frames, manifest, t0)


def _schemas(synth: DatasetSynthesizer, schemas: Mapping[str, Mapping[str, pl.DataType]]) -> list[Any]:
    """Sink schemas from the schemas of the frames to write (an all-null column is written as text)."""
    import dataclasses

    from simulacra.io import plan_schemas

    out = plan_schemas(
        synth.plan_,
        {t: {c: d if d != pl.Null else pl.String() for c, d in schemas[t].items()} for t in synth.plan_.tables},
    )
    # a table read from ';'-separated text is written with ';' (CSV sinks; others ignore it)
    seps = {t: tm.learned.separator for t, tm in synth.tables_.items() if tm.learned.separator}
    return [dataclasses.replace(s, separator=seps[s.name]) if s.name in seps else s for s in out]
