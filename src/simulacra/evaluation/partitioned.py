"""The chunked metrics with every input read partition by partition where the tasks run (``evaluate --chunked-only``).

``evaluation.chunked`` spreads the chunked metrics' arithmetic but reads every input whole on the client (the other
metrics need whole tables). Here only the chunked metrics run — column shapes, pair trends, exact matches, distances
to the closest record — and no whole table is ever in one process: the client lists each input's Parquet files and
their row counts (file metadata), cuts them into partitions of ``partition_rows`` rows (never across files), and the
tasks (``chunked.ChunkRunner``: on a Dask cluster, or one after the other here) read their partition themselves,
type it as the real data is typed and return small partial results, which the client adds up:

1. the real side's column kinds (``_frames.kind_of``): rows, non-null values, the distinct non-null values of the
   columns whose kind depends on it (strings; integers named like a key) as 64-bit hashes, the first 2,000 strings;
2. per side the first pass of ``chunked`` (distinct rounded values and their counts, categories and counts, minimum
   and maximum, sums for Pearson's r); for the real side also the distinct hashes of its rows (the exact-match set)
   and which columns hold nulls and finite values (the DCR encoder);
3. per side the second pass (joint codes, centred co-moments) and the count of rows whose hash is a training row's;
4. the rows the distance metrics sample (the one-process sample, chosen by position from the row counts).

The numbers are those of one process on the same files: bit for bit for counts (shapes, contingency pairs, exact
matches, distances) and to about 1e-15 for Pearson's r, now on both sides (``chunked.APPROXIMATE``). The client holds
per column the distinct values the metrics count (as one process's chunked path does), 8 bytes per distinct real row
(the training rows' hashes, also sent to every task) and per key-like column 8 bytes per distinct value (its kind);
never rows beyond the distance sample (10,000 per side).

What the whole-table path decides over whole columns is checked instead and refused with an error that says so: text
columns of a raw real source that would be typed as numbers or dates, sides whose columns or types differ, categories
the real data never has. Inputs: a ``.parquet`` file, or a simulacra output folder (``parquet`` or
``parquet-parts``); a delimited text file, cut into pieces of whole records by tasks (``sources._pieces``) and typed as
``read_source`` types the whole file; a SQLite or DuckDB table, cut into rowid ranges (``io._db_ranges``) and typed as
``read_database`` types the whole table. Inputs of several tables (a folder of such files, a simulacra output of
several tables, a database) are evaluated table by table, and the relation metrics between them from sums over the
child's partitions (``partitioned_relations``).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.errors import Location, SourceError, SpecError, did_you_mean
from simulacra.evaluation import chunked, multitable, privacy
from simulacra.evaluation import partitioned_relations as relations
from simulacra.evaluation._align import UNSEEN_SHARE, compatible_families, dtype_family, typed_like
from simulacra.evaluation._api import placement, summarize
from simulacra.evaluation._frames import (
    ID_NAME,
    ColumnInfo,
    MixedEncoder,
    align,
    continuous,
    infer_columns,
    kind_of,
    top_of,
)
from simulacra.evaluation._types import MetricResult, failed, rng_for
from simulacra.evaluation.chunked import ChunkRunner
from simulacra.evaluation.report import DEFAULT_THRESHOLDS, Report
from simulacra.evaluation.spec import EvaluationSpec
from simulacra.io._db_ranges import DbTable
from simulacra.sources._pieces import CsvPieces

__all__ = ["Part", "PartitionReader", "PartitionedInput", "evaluate_partitioned", "map_partitions", "scan_tables"]

# the headline figures the chunked metrics give (the others are not computed here)
HEADLINES = (
    "quality",
    "column_shapes",
    "column_pair_trends",
    "exact_match_rate",
    "dcr_share",
    "nndr",
    "referential_integrity",
    "cardinality",
)


@dataclass(frozen=True)
class Part:
    """Rows ``offset`` to ``offset + rows`` of one Parquet file: rows ``start`` to ``start + rows`` of its table. For a
    delimited text file, the ``rows`` records in bytes ``offset`` to ``end``; for a database table, the ``rows`` rows
    with ``offset <= rowid < end`` (``end`` -1: to the table's end)."""

    file: str
    offset: int
    rows: int
    start: int
    end: int = -1


@dataclass(frozen=True)
class PartitionedInput:
    """One side of the evaluation as partitions: where it is, its parts, its columns' types as read."""

    role: str
    where: str
    table: str
    parts: tuple[Part, ...]
    schema: dict[str, pl.DataType]
    restore: dict[str, str] | None  # the dtypes a simulacra output's manifest records (read_dataset restores them)
    manifest: bool
    text: CsvPieces | None = None  # how a delimited text file's pieces are read and typed (None: Parquet)
    db: DbTable | None = None  # how a database table's rowid ranges are read and typed
    several: bool = False  # one of an input's several tables (errors then name the table)

    def at(self, column: str | None = None) -> Location:
        """Where a problem with ``column`` of this side is: its file, its table when it is one of several."""
        return Location(file=self.where, table=self.table if self.several else None, column=column)

    @property
    def rows(self) -> int:
        return sum(p.rows for p in self.parts)


def _manifest(path: Path) -> dict[str, Any] | None:
    from simulacra.errors import SimulacraError
    from simulacra.io import read_manifest

    try:
        return read_manifest(path)
    except SimulacraError:
        return None


def scan_tables(source: str | Path, role: str, partition_rows: int, runner: ChunkRunner) -> dict[str, PartitionedInput]:
    """``source``'s tables as partitions, by name, in the order ``evaluate`` reads them: Parquet files and their row
    counts (from their metadata: nothing else is read), delimited text files cut into pieces of whole records by
    ``runner``'s tasks (``sources._pieces``), database tables cut into rowid ranges (``io._db_ranges``)."""
    from simulacra.io import MANIFEST_TABLE
    from simulacra.io._target import DB_SUFFIXES
    from simulacra.sources._read import DELIMITED_SUFFIXES

    path = Path(source)
    if path.is_file() and path.suffix.lower() in DELIMITED_SUFFIXES:
        return {path.stem: _scan_delimited(path, role, partition_rows, runner)}
    if path.is_file() and path.suffix.lower() in DB_SUFFIXES:
        return _scan_databases(path, DB_SUFFIXES[path.suffix.lower()], role, partition_rows, runner)
    manifest = _manifest(path)
    recorded = {
        k: v for k, v in (((manifest or {}).get("sink") or {}).get("tables") or {}).items() if k != MANIFEST_TABLE
    }
    if path.is_file() and path.suffix.lower() == ".parquet":
        cols = next(iter(recorded.values())).get("columns") if len(recorded) == 1 else None
        return {path.stem: _scan_parquet(path, [path], path.stem, cols, role, partition_rows, manifest is not None)}
    if path.is_dir() and manifest is not None and recorded:
        out = {}
        for table, rec in recorded.items():
            if (path / table).is_dir():
                files = sorted(p for p in (path / table).glob("part-*.parquet") if not p.name.startswith("."))
            elif (path / f"{table}.parquet").is_file():
                files = [path / f"{table}.parquet"]
            else:
                files = []
            if not files:
                raise SpecError(
                    f"{role}: {path} holds no Parquet file of table '{table}'; --chunked-only reads a simulacra "
                    "output written as parquet or parquet-parts",
                    location=Location(file=str(path), table=table),
                )
            out[table] = _scan_parquet(
                path, files, table, rec.get("columns"), role, partition_rows, True, several=len(recorded) > 1
            )
        return out
    if path.is_dir() and manifest is None:
        return _scan_folder(path, role, partition_rows, runner)
    raise SpecError(
        f"{role}: {path}: --chunked-only reads Parquet partition by partition: give a .parquet file or a "
        "simulacra output folder (--format parquet or parquet-parts), a delimited text file (.csv, .tsv), a folder "
        "of such files, or a SQLite/DuckDB file",
        location=Location(file=str(path)),
    )


def _scan_folder(path: Path, role: str, partition_rows: int, runner: ChunkRunner) -> dict[str, PartitionedInput]:
    """A folder of table files, each file a table named by its stem, chosen as ``read_source`` chooses them."""
    from simulacra.sources._delimited import looks_tabular
    from simulacra.sources._read import DELIMITED_SUFFIXES, FILE_SUFFIXES

    files: dict[str, Path] = {}
    for f in sorted(path.iterdir()):
        suffix = f.suffix.lower()
        if not f.is_file() or f.name.startswith(".") or suffix not in FILE_SUFFIXES or f.stem.lower() == "readme":
            continue
        if suffix in (".txt", ".dat", ".data", ".test") and not looks_tabular(f, None):
            continue  # read_source skips it too (prose or one column)
        files.setdefault(f.stem, f)  # a second file of the same table is ignored, as read_source ignores it
    if not files:
        raise SpecError(
            f"{role}: {path}: the folder holds no .csv/.tsv/.parquet files", location=Location(file=str(path))
        )
    several = len(files) > 1
    out = {}
    for name, f in files.items():
        suffix = f.suffix.lower()
        if suffix in DELIMITED_SUFFIXES:
            out[name] = _scan_delimited(f, role, partition_rows, runner, several=several)
        elif suffix == ".parquet":
            out[name] = _scan_parquet(f, [f], name, None, role, partition_rows, False, several=several)
        else:
            raise SpecError(
                f"{role}: {f}: --chunked-only reads delimited text (.csv, .tsv) and Parquet files, not {suffix} "
                "(evaluate without it reads every table file)",
                location=Location(file=str(f), table=name),
            )
    return out


def _scan_parquet(
    path: Path,
    files: Sequence[Path],
    table: str,
    cols: Any,
    role: str,
    partition_rows: int,
    manifest: bool,
    *,
    several: bool = False,
) -> PartitionedInput:
    """One table's Parquet files as partitions of ``partition_rows`` rows (never across files)."""
    parts: list[Part] = []
    schema: dict[str, pl.DataType] | None = None
    start = 0
    for f in files:
        lazy = pl.scan_parquet(f)
        got = dict(lazy.collect_schema())
        if schema is None:
            schema = got
        elif got != schema:
            raise SpecError(f"{role}: {f} has other columns or types than {files[0]}", location=Location(file=str(f)))
        n = int(lazy.select(pl.len()).collect().item())
        parts += [Part(str(f), a, min(partition_rows, n - a), start + a) for a in range(0, n, partition_rows)]
        start += n
    assert schema is not None
    at = table if several else None
    nested = [c for c, dt in schema.items() if isinstance(dt, pl.Struct | pl.List | pl.Array | pl.Object)]
    if nested:
        raise SpecError(
            f"{role}: column '{nested[0]}' holds nested values; --chunked-only reads flat Parquet only",
            location=Location(file=str(path), table=at, column=nested[0]),
        )
    blank = [c for c in schema if c != c.strip()]
    if blank:
        raise SpecError(
            f"{role}: column name {blank[0]!r} has blanks around it; evaluate without --chunked-only trims them",
            location=Location(file=str(path), table=at, column=blank[0]),
        )
    restore = cols if isinstance(cols, dict) else None
    return PartitionedInput(role, str(path), table, tuple(parts), schema, restore, manifest, several=several)


def _scan_delimited(
    path: Path, role: str, partition_rows: int, runner: ChunkRunner, *, several: bool = False
) -> PartitionedInput:
    """A delimited text file as pieces of whole records of about ``partition_rows`` lines, typed as ``read_source``
    types the whole file (``sources._pieces``): three passes of tasks over the file, none of them on the client."""
    from simulacra.sources import CsvOptions
    from simulacra.sources._pieces import plan_pieces

    try:
        read, pieces, rows = plan_pieces(path, CsvOptions(), partition_rows, runner.map)
    except SourceError as e:
        raise SpecError(f"{role}: {e.message}", location=e.location) from None
    schema = {n: t.dtype for n, t in zip(read.head.names, read.typings, strict=True)}
    parts, start = [], 0
    for p, n in zip(pieces, rows, strict=True):
        parts.append(Part(p.file, p.begin, n, start, p.end))
        start += n
    if len(parts) > 1:
        parts = [p for p in parts if p.rows] or parts[:1]
    return PartitionedInput(
        role,
        str(path),
        path.stem,
        tuple(parts),
        schema,
        None,
        False,
        read,
        several=several,
    )


def _db_task(rng: Any, *, table: DbTable) -> dict[str, Any]:
    from simulacra.io._db_ranges import range_kinds

    return range_kinds(rng, table=table)


def _scan_databases(
    path: Path, kind: str, role: str, partition_rows: int, runner: ChunkRunner
) -> dict[str, PartitionedInput]:
    """Every table of a SQLite/DuckDB file (``read_database``'s order), each cut into rowid ranges."""
    from simulacra.io._db_ranges import table_names

    try:
        names = table_names(path, kind)
    except SourceError as e:
        raise SpecError(f"{role}: {e.message}", location=e.location) from None
    if not names:
        raise SpecError(f"{role}: {path} holds no tables", location=Location(file=str(path)))
    several = len(names) > 1
    return {t: _scan_database(path, kind, role, partition_rows, runner, t, several) for t in names}


def _scan_database(
    path: Path, kind: str, role: str, partition_rows: int, runner: ChunkRunner, name: str, several: bool
) -> PartitionedInput:
    """A SQLite/DuckDB table as rowid ranges of ``partition_rows`` rows, typed as ``read_database`` types the whole
    table (``io._db_ranges``): one pass of tasks for the rows and the values' kinds."""
    from simulacra.io._db_ranges import decide, table_ranges

    try:
        table, ranges, _ = table_ranges(path, kind, partition_rows, name)
        got = runner.map(_db_task, ranges, {"table": table})
        table = decide(table, got)
    except SourceError as e:
        raise SpecError(f"{role}: {e.message}", location=e.location) from None
    parts, start = [], 0
    for r, g in zip(ranges, got, strict=True):
        parts.append(Part(str(path), r.lo, g["rows"], start, -1 if r.hi is None else r.hi))
        start += g["rows"]
    if table.dtypes is not None:
        schema = dict(zip(table.columns, table.dtypes, strict=True))
    else:
        from simulacra.io._db_ranges import DbRange, read_range

        schema = dict(read_range(table, DbRange(0, 0)).schema)  # DuckDB: the table's own types
    return PartitionedInput(
        role,
        str(path),
        table.table,
        tuple(parts),
        schema,
        None,
        _manifest(path) is not None,
        db=table,
        several=several,
    )


# --------------------------------------------------------------------------- on the workers


@dataclass(frozen=True)
class PartitionReader:
    """Reads one partition as the whole-table path reads the table, then types it like the real data."""

    restore: dict[str, str] | None
    table: str
    like: dict[str, pl.DataType] | None = None  # the real data's types (None: the real side itself)
    infos: tuple[ColumnInfo, ...] = ()
    text: CsvPieces | None = None
    db: DbTable | None = None

    def __call__(self, part: Part) -> pl.DataFrame:
        if self.db is not None:
            from simulacra.io._db_ranges import DbRange, read_range

            frame = read_range(self.db, DbRange(part.offset, None if part.end < 0 else part.end))
        elif self.text is not None:
            from simulacra.sources._pieces import Piece

            frame = self.text.read(Piece(part.file, part.offset, part.end))
        else:
            frame = pl.scan_parquet(part.file).slice(part.offset, part.rows).collect()
        if self.restore is not None:
            from simulacra.io._schema import restore_dtypes

            frame = restore_dtypes(frame, self.restore, table=self.table)
        if self.like is not None:
            frame = align(pl.DataFrame(schema=self.like), frame, self.infos)
        return frame


def _on_part(part: Part, *, task: Callable[..., Any], read: PartitionReader, **shared: Any) -> Any:
    """On a worker: read the partition, then run ``task`` on it."""
    return task(read(part), part=part, **shared)


def _kinds_task(
    frame: pl.DataFrame, *, part: Part, distinct: Sequence[str], texts: Sequence[str], typing: bool
) -> dict[str, Any]:
    out: dict[str, Any] = {"rows": frame.height, "nonnull": {}, "hashes": {}, "head": {}, "typed": {}}
    for c in frame.columns:
        out["nonnull"][c] = frame.height - frame[c].null_count()
    for c in distinct:
        s = frame[c].drop_nulls()
        if c in texts:
            s = s.cast(pl.String)
            out["head"][c] = s.head(2000)
        out["hashes"][c] = s.unique().hash(seed=0).to_numpy()
    if typing:  # would the whole-table path type this text column as a number or a date? (every value parses)
        for c in texts:
            if frame.schema[c] == pl.String and frame[c].drop_nulls().len():
                out["typed"][c] = [typed_like(frame[c], like) is not None for like in _LIKES]
    return out


_LIKES = (pl.Int64(), pl.Float64(), pl.Datetime("us"))


def _pass_one(frame: pl.DataFrame, *, part: Part, plan: Any, names: Sequence[str], real: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"first": chunked.first_pass(frame, plan=plan)}
    if real:
        out["hashes"] = np.unique(frame.select(list(names)).hash_rows(seed=0).to_numpy()) if names else None
        flags = {}
        for c in plan.cont:
            x = continuous(frame[c])
            flags[c] = (bool(np.isnan(x).any()), bool(np.isfinite(x).any()))
        out["flags"] = flags
    return out


def _pass_two(
    frame: pl.DataFrame,
    *,
    part: Part,
    plan: Any,
    vocab: Mapping[str, Sequence[Any]],
    edges: Mapping[str, Any],
    means: Mapping[tuple[str, str], tuple[float, float]],
    names: Sequence[str],
    train_hashes: NDArray[np.uint64] | None,
) -> dict[str, Any]:
    out: dict[str, Any] = {"second": chunked.second_pass(frame, plan=plan, vocab=vocab, edges=edges, means=means)}
    if train_hashes is not None and names:
        out["matches"] = int(np.isin(frame.select(list(names)).hash_rows(seed=0).to_numpy(), train_hashes).sum())
    return out


def _halves_task(
    frame: pl.DataFrame,
    *,
    part: Part,
    names: Sequence[str],
    half: NDArray[np.bool_],
    half_hashes: NDArray[np.uint64] | None,
) -> Any:
    """Without a holdout: the hashes of this partition's rows in the first half (``half_hashes`` None), or the count
    of its rows in the other half whose hash is among the first half's."""
    mine = half[part.start : part.start + part.rows]
    h = frame.select(list(names)).hash_rows(seed=0).to_numpy()
    if half_hashes is None:
        return np.unique(h[mine])
    return int(np.isin(h[~mine], half_hashes).sum())


def _take_task(frame: pl.DataFrame, *, part: Part, at: NDArray[np.int64], columns: Sequence[str]) -> pl.DataFrame:
    """The rows at the sorted table positions ``at`` that fall in this partition, in order."""
    lo, hi = np.searchsorted(at, [part.start, part.start + part.rows])
    return frame.select(list(columns))[at[lo:hi] - part.start]


# --------------------------------------------------------------------------- the client's side


def map_partitions(
    runner: ChunkRunner, side: PartitionedInput, read: PartitionReader, task: Callable[..., Any], **shared: Any
) -> list[Any]:
    """``task`` run on every partition of ``side`` (read by ``read``) through ``runner``, with ``shared`` passed to
    each call: the results in partition order."""
    return runner.map(_on_part, side.parts, {"task": task, "read": read, **shared})


def _kinds(runner: ChunkRunner, real: PartitionedInput, overrides: Mapping[str, str], typing: bool) -> list[ColumnInfo]:
    """``infer_columns`` of the real table, from partial counts."""
    schema = real.schema
    texts = [c for c, dt in schema.items() if dt in (pl.String, pl.Categorical) or isinstance(dt, pl.Enum)]
    ids = [c for c, dt in schema.items() if dt.is_integer() and ID_NAME.search(c)]
    asked = [c for c in (*texts, *ids) if c not in overrides]
    got = map_partitions(
        runner,
        real,
        PartitionReader(real.restore, real.table, text=real.text, db=real.db),
        _kinds_task,
        distinct=asked,
        texts=texts,
        typing=typing,
    )
    for c in texts:
        flags = [g["typed"][c] for g in got if c in g["typed"]]
        if flags and any(all(f[j] for f in flags) for j in range(len(_LIKES))):
            raise SpecError(
                f"real: column '{c}' is text whose every value reads as a number or a date; evaluate without "
                "--chunked-only types it over the whole column",
                location=real.at(c),
            )
    rows = sum(g["rows"] for g in got)
    infos = {
        i.name: i
        for i in infer_columns(pl.DataFrame(schema=schema), {c: overrides[c] for c in overrides if c in schema})
    }
    out = []
    for c, dt in schema.items():
        if c in overrides:
            out.append(infos[c])
            continue

        def distinct(c: str = c) -> int:
            return int(np.unique(np.concatenate([g["hashes"][c] for g in got] or [np.zeros(0, np.uint64)])).size)

        def words(c: str = c) -> float:
            head = pl.concat([g["head"][c] for g in got]).head(2000) if got else pl.Series([], dtype=pl.String)
            return float(head.str.count_matches(r"\s+").cast(pl.Float64).mean() or 0.0)  # type: ignore[arg-type]

        nonnull = sum(g["nonnull"][c] for g in got)
        out.append(kind_of(c, dt, rows=rows, nonnull=nonnull, distinct=distinct, words=words))
    return out


def _check_sides(real: PartitionedInput, other: PartitionedInput) -> None:
    missing = [c for c in real.schema if c not in other.schema]
    extra = [c for c in other.schema if c not in real.schema]
    if missing or extra:
        c = (missing or extra)[0]
        where = "real" if missing else other.role
        raise SpecError(
            f"{other.role}: column '{c}' is only in the {where} data; --chunked-only needs the same columns on every "
            "side (evaluate without it to see every mismatch)",
            location=other.at(c),
        )
    for c, dt in real.schema.items():
        fr, fo = dtype_family(dt), dtype_family(other.schema[c])
        if fr != fo and not (compatible_families(fr, fo) and None not in (fr, fo)):
            raise SpecError(
                f"{other.role}: column '{c}' is {fo} ({other.schema[c]}) but {fr} ({dt}) in the real data; "
                "--chunked-only needs the same kinds of types on every side",
                location=other.at(c),
            )


def _check_categories(
    real_disc: Mapping[str, tuple[list[Any], NDArray[np.int64]]],
    other_disc: Mapping[str, tuple[list[Any], NDArray[np.int64]]],
    other: PartitionedInput,
    real_schema: Mapping[str, pl.DataType],
) -> None:
    """``align_inputs``'s check of categories, on counts: refused where one process would not simply go on."""
    for c, (rv, _) in real_disc.items():
        if dtype_family(real_schema[c]) not in ("text", "boolean"):
            continue
        known = {v for v in rv if v is not None and str(v).strip() != ""}
        ov, oc = other_disc[c]
        kept = [(v, n) for v, n in zip(ov, oc.tolist(), strict=True) if v is not None and str(v).strip() != ""]
        total = sum(n for _, n in kept)
        if not total:
            continue
        unseen = sum(n for v, n in kept if v not in known)
        if unseen / total > UNSEEN_SHARE:
            raise SpecError(
                f"{other.role}: {unseen / total:.1%} of the rows of column '{c}' hold values the real data never has; "
                "evaluate without --chunked-only reports (or drops) them",
                location=other.at(c),
            )


def evaluate_partitioned(
    real: str | Path,
    synthetic: str | Path,
    *,
    runner: ChunkRunner,
    holdout: str | Path | None = None,
    spec: EvaluationSpec,
    gates: Mapping[str, float],
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """The chunked metrics of ``evaluate`` with every input read partition by partition by ``runner``'s tasks."""
    from simulacra._version import __version__

    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    def stage(name: str) -> None:
        if progress:
            progress(name)

    stage("reading the inputs' file metadata")
    rows = runner.partition_rows
    r_all = scan_tables(real, "real", rows, runner)
    s_all = scan_tables(synthetic, "synthetic", rows, runner)
    h_all = scan_tables(holdout, "holdout", rows, runner) if holdout is not None else None
    empty = next((r for r in r_all.values() if r.rows == 0), None)
    if empty is not None:
        raise SpecError("the real table has no rows, so nothing can be evaluated against it", location=empty.at())
    pairs = _pair(r_all, s_all, h_all)
    single = len(pairs) == 1
    manifest = next(iter(r_all.values())).manifest
    # one process reads every side as the real data's reader does: a simulacra output restores its dtypes only when
    # the real data is one too (otherwise every side is read raw, by fit's reader)
    if not manifest:
        pairs = {t: (_raw(r), _raw(s), None if h is None else _raw(h)) for t, (r, s, h) in pairs.items()}
    else:
        db = next((x for p in pairs.values() for x in p if x is not None and x.db is not None), None)
        if db is not None:  # one process reads every side by read_dataset then: another reader of databases
            raise SpecError(
                f"{db.role}: the real data is a simulacra output, so every side is read by its reader; --chunked-only "
                "reads a database only as fit's reader reads it (give a raw real source, or evaluate without it)",
                location=Location(file=db.where),
            )
    for r_in, s_in, h_in in pairs.values():
        for x in (s_in, h_in):
            if x is not None:
                _check_sides(r_in, x)
    links: list[multitable.Link] = []
    real_keys: dict[tuple[str, str], pl.Series | None] = {}
    if not single:
        stage("relations: the real tables' keys, partition by partition")
        links = relations.links_of({t: p[0] for t, p in pairs.items()}, spec, runner, real_keys)
    per_table: dict[str | None, dict[str, Any]] = {}
    for name, (r_in, s_in, h_in) in pairs.items():
        per_table[None if single else name] = _evaluate_table(
            runner, r_in, s_in, h_in, _overrides(spec, links, name, r_in, single), spec, seed, timings, stage
        )
    extra: list[MetricResult] = []
    if links:
        t = time.perf_counter()
        stage("relations: referential integrity and children per parent, partition by partition")
        extra = relations.relation_results(
            links,
            {t: p[0] for t, p in pairs.items()},
            {t: p[1] for t, p in pairs.items()},
            {t: per_table[t]["readers"] for t in pairs},
            runner,
            real_keys,
        )
        timings["multi-table"] = round(time.perf_counter() - t, 4)
    raw, scores = summarize(per_table, extra)
    raw = {k: v for k, v in raw.items() if k in HEADLINES}
    scores = {k: v for k, v in scores.items() if k in HEADLINES}
    timings["total"] = round(time.perf_counter() - t0, 4)
    report = Report(
        summary=raw,
        scores=scores,
        results=[r for t in per_table.values() for r in t["results"]] + extra,
        thresholds=dict(DEFAULT_THRESHOLDS),
        gates=dict(gates),
        inputs={
            "target": None,
            "slices": [],
            "tables": {
                (n or "data"): {
                    "real_rows": p[0].rows,
                    "synthetic_rows": p[1].rows,
                    "holdout_rows": p[2].rows if p[2] is not None else None,
                    "columns": len(per_table[n]["infos"]),
                }
                for n, p in zip(per_table, pairs.values(), strict=True)
            },
            "multi_table": not single,
            "generations": 0,
        },
        columns={
            (n or "data"): [{"name": i.name, "kind": i.kind, "reason": i.reason} for i in t["infos"]]
            for n, t in per_table.items()
        },
        sections={} if single else {"relations": [link.name for link in links]},
        timings=timings,
        seed=seed,
        version=__version__,
    )
    placed = placement(report, runner)
    read: dict[str, int] = {}
    for j, role in enumerate(("real", "synthetic", "holdout")):
        got: list[PartitionedInput] = [x for p in pairs.values() if (x := p[j]) is not None]
        if got:
            read[role] = sum(len(x.parts) for x in got)
    placed["read_on_workers"] = read
    placed["on_client"] = []
    placed["not_computed"] = "every metric that needs whole tables (--chunked-only)" + (
        "" if single else ", and the trends across each join (intertable_trends)"
    )
    report.sections["distributed"] = placed
    return report


_Sides = tuple[PartitionedInput, PartitionedInput, PartitionedInput | None]


def _pair(
    r_all: dict[str, PartitionedInput], s_all: dict[str, PartitionedInput], h_all: dict[str, PartitionedInput] | None
) -> dict[str, _Sides]:
    """Each real table with its synthetic and holdout tables, as ``evaluate`` pairs them (``_api._pair_tables``)."""
    if len(r_all) == 1:
        name, r = next(iter(r_all.items()))
        s = next(iter(s_all.values())) if len(s_all) == 1 else s_all.get(name)
        if s is None:
            raise SpecError(f"synthetic: holds tables {', '.join(s_all)}; none is named '{name}' like the real one")
        h = None
        if h_all is not None:
            h = next(iter(h_all.values())) if len(h_all) == 1 else h_all.get(name)
            if h is None:
                raise SpecError(f"holdout: no table named '{name}'")
        return {name: (r, s, h)}
    missing = [t for t in r_all if t not in s_all]
    if missing:
        raise SpecError(
            f"synthetic: table '{missing[0]}' is missing{did_you_mean(missing[0], s_all)}",
            location=Location(file=next(iter(s_all.values())).where, table=missing[0]),
        )
    return {t: (r, s_all[t], (h_all or {}).get(t)) for t, r in r_all.items()}


def _overrides(
    spec: EvaluationSpec, links: Sequence[multitable.Link], name: str, real: PartitionedInput, single: bool
) -> dict[str, str]:
    """The column kinds given for one table, as ``_api._evaluate`` gives them: a relation's keys are keys (structure,
    scored by the relation metrics), then the spec's ``columns`` (``TABLE.COLUMN`` for several tables)."""
    out = {c: "key" for lk in links for t, c in ((lk.parent, lk.parent_key), (lk.child, lk.child_key)) if t == name}
    out.update(
        {
            k.split(".", 1)[1] if "." in k and not single else k: v
            for k, v in spec.columns.items()
            if single or k.startswith(f"{name}.") or k in real.schema
        }
    )
    return out


def _evaluate_table(
    runner: ChunkRunner,
    r_in: PartitionedInput,
    s_in: PartitionedInput,
    h_in: PartitionedInput | None,
    overrides: Mapping[str, str],
    spec: EvaluationSpec,
    seed: int,
    timings: dict[str, float],
    stage: Callable[[str], None],
) -> dict[str, Any]:
    """One table's chunked metrics (``_api._table_eval``'s chunked part), every side read by partitions."""
    name = r_in.table if r_in.several else None
    of = f" ({name})" if name else ""
    stage(f"column kinds{of}, from partial counts of the real partitions")
    infos = _kinds(runner, r_in, overrides, typing=not r_in.manifest)
    usable, _, plan = chunked.make_plan(infos)
    names = [i.name for i in infos if i.kind != "skip"]
    like = dict(r_in.schema)
    read_real = PartitionReader(r_in.restore, r_in.table, text=r_in.text, db=r_in.db)
    read_syn = PartitionReader(s_in.restore, s_in.table, like, tuple(infos), s_in.text, s_in.db)
    read_hold = (
        PartitionReader(h_in.restore, h_in.table, like, tuple(infos), h_in.text, h_in.db) if h_in is not None else None
    )

    t = time.perf_counter()
    stage(f"fidelity{of}: column shapes and pair trends, partition by partition")
    real_one = map_partitions(runner, r_in, read_real, _pass_one, plan=plan, names=names, real=True)
    r_first = [g["first"] for g in real_one]
    r_tot = chunked.add_first(r_first, plan)
    r_vocab = {c: r_tot.disc[c][0] for c in plan.disc}
    r_edges = {c: chunked.bin_edges(r_tot.cont[c][2], r_tot.cont[c][3]) for c in plan.cont}
    r_n, r_means = chunked.pair_means(r_first, plan)
    train_h = np.unique(np.concatenate([g["hashes"] for g in real_one])) if names else np.zeros(0, np.uint64)
    real_two = map_partitions(
        runner,
        r_in,
        read_real,
        _pass_two,
        plan=plan,
        vocab=r_vocab,
        edges=r_edges,
        means=r_means,
        names=names,
        train_hashes=None,
    )
    r_second = [g["second"] for g in real_two]
    real_stats = chunked.RealStats(r_tot, chunked.pearsons(r_n, r_means, r_second), chunked.joints(r_second, plan))

    syn_matches: list[int] = []

    def syn_map(task: Callable[..., Any], shared: Mapping[str, Any]) -> list[Any]:
        if task is chunked.first_pass:
            got = map_partitions(runner, s_in, read_syn, _pass_one, plan=shared["plan"], names=names, real=False)
            first = [g["first"] for g in got]
            if h_in is not None:
                assert read_hold is not None
                hold_first = map_partitions(
                    runner, h_in, read_hold, _pass_one, plan=shared["plan"], names=names, real=False
                )
                _check_categories(
                    r_tot.disc, chunked.add_first([g["first"] for g in hold_first], plan).disc, h_in, like
                )
            _check_categories(r_tot.disc, chunked.add_first(first, plan).disc, s_in, like)
            return first
        got = map_partitions(
            runner, s_in, read_syn, _pass_two, **shared, names=names, train_hashes=train_h if spec.privacy else None
        )
        syn_matches.extend(g.get("matches", 0) for g in got)
        return [g["second"] for g in got]

    q = chunked.quality_of(real_stats, syn_map, infos, table=name)
    timings["fidelity"] = round(timings.get("fidelity", 0.0) + time.perf_counter() - t, 4)
    results: list[MetricResult] = [*q.shapes, *q.pairs]
    if spec.privacy:
        t = time.perf_counter()
        stage(f"privacy{of}: exact matches and distances to closest records, partition by partition")
        results.append(
            _exact_match(runner, r_in, s_in, h_in, read_real, read_hold, names, train_h, sum(syn_matches), name)
        )
        if h_in is not None and h_in.rows:
            assert read_hold is not None
            results += _dcr(
                runner, (r_in, s_in, h_in), (read_real, read_syn, read_hold), usable, real_one, r_tot, seed, name
            )
        timings["privacy"] = round(timings.get("privacy", 0.0) + time.perf_counter() - t, 4)
    return {"quality": q, "results": results, "infos": infos, "readers": (read_real, read_syn)}


def _raw(side: PartitionedInput) -> PartitionedInput:
    """``side`` read as fit's reader reads it: the file's own types, no manifest dtypes restored."""
    return dataclasses.replace(side, restore=None)


def _exact_match(
    runner: ChunkRunner,
    r_in: PartitionedInput,
    s_in: PartitionedInput,
    h_in: PartitionedInput | None,
    read_real: PartitionReader,
    read_hold: PartitionReader | None,
    names: Sequence[str],
    train_h: NDArray[np.uint64],
    syn_matches: int,
    table: str | None = None,
) -> MetricResult:
    """``privacy.exact_match`` from counts over partitions."""
    if not names:
        return failed("exact_match_rate", "no columns to compare", table=table)
    rate = syn_matches / s_in.rows if s_in.rows else 0.0
    details: dict[str, object] = {"columns": len(names)}
    base: float | None = None
    if h_in is not None and h_in.rows:
        assert read_hold is not None
        got = map_partitions(
            runner,
            h_in,
            read_hold,
            _pass_two,
            plan=chunked.ChunkPlan((), (), (), ()),
            vocab={},
            edges={},
            means={},
            names=names,
            train_hashes=train_h,
        )
        base = sum(g["matches"] for g in got) / h_in.rows
        details["holdout_rate"] = base
    elif r_in.rows >= 2 * privacy.MIN_HALF:
        half = rng_for(0, "exact_match_halves").permutation(r_in.rows) < r_in.rows // 2
        firsts = map_partitions(runner, r_in, read_real, _halves_task, names=names, half=half, half_hashes=None)
        half_h = np.unique(np.concatenate(firsts))
        hits = sum(map_partitions(runner, r_in, read_real, _halves_task, names=names, half=half, half_hashes=half_h))
        base = hits / int((~half).sum())
        details["self_match_rate"] = base
        details["baseline"] = "half of the training rows against the other half (no holdout given)"
    return privacy.exact_match_result(rate, base, details, table=table)


def _dcr(
    runner: ChunkRunner,
    inputs: tuple[PartitionedInput, PartitionedInput, PartitionedInput],
    readers: tuple[PartitionReader, PartitionReader, PartitionReader],
    usable: Sequence[ColumnInfo],
    real_one: Sequence[dict[str, Any]],
    r_tot: Any,
    seed: int,
    table: str | None = None,
) -> list[MetricResult]:
    """``privacy.dcr`` on the rows it samples, taken from the partitions, with the encoder fitted from counts."""
    try:
        if not usable:
            raise ValueError("no columns to measure distances on")
        r_in, s_in, h_in = inputs
        at = privacy.dcr_samples(r_in.rows, h_in.rows, s_in.rows, seed=seed)
        cols = [i.name for i in usable]
        tr, sy, ho = (
            pl.concat(map_partitions(runner, side, read, _take_task, at=idx, columns=cols), how="vertical")
            for side, read, idx in zip(inputs, readers, (at[0], at[2], at[1]), strict=True)
        )
        numbers: dict[str, tuple[float, float, bool]] = {}
        for i in usable:
            if i.continuous:
                flags = [g["flags"][i.name] for g in real_one]
                finite = any(f[1] for f in flags)
                _, _, lo, hi = r_tot.cont[i.name]
                lo_, hi_ = (float(lo), float(hi)) if finite else (0.0, 1.0)
                numbers[i.name] = (lo_, (hi_ - lo_) or 1.0, any(f[0] for f in flags))
        cats = {
            i.name: top_of(
                pl.DataFrame({"v": pl.Series(r_tot.disc[i.name][0], dtype=pl.String), "n": r_tot.disc[i.name][1]}), 64
            )
            for i in usable
            if i.discrete
        }
        enc = MixedEncoder.from_stats(usable, numbers, cats)
        run = privacy.dcr_of_samples(tr, ho, sy, enc, search=chunked.nearest_in_blocks(runner))
    except Exception as e:  # noqa: BLE001 - metric protocol, as privacy.dcr
        return privacy.dcr_results(e, table=table)
    return privacy.dcr_results(run, table=table)
