"""``read_source``: any supported source into a :class:`Source`."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import polars as pl

from simulacra._limits import check_memory
from simulacra.errors import SourceError
from simulacra.io import DATABASE_SUFFIXES, READ_SUFFIXES, DatabaseTables, is_url, read_database, select_tables

from ._delimited import CsvOptions, Delimited, looks_tabular, read_delimited_table
from ._model import ForeignKey, Source

__all__ = ["DELIMITED_SUFFIXES", "FILE_SUFFIXES", "SNIFFED_SUFFIXES", "fingerprint", "read_source"]

#: what only a real source reads: text whose delimiter, header and encoding are sniffed (.data/.test: UCI)
SNIFFED_SUFFIXES = frozenset({".asc", ".txt", ".dat", ".data", ".test"})
DELIMITED_SUFFIXES = frozenset({".csv", ".tsv"}) | SNIFFED_SUFFIXES
#: every table file: the ones ``io.read_dataset`` reads, and the sniffed text
FILE_SUFFIXES = frozenset(s for s in READ_SUFFIXES if s not in DATABASE_SUFFIXES) | SNIFFED_SUFFIXES
DB_SUFFIXES = DATABASE_SUFFIXES
EXPECTED = (
    f"a folder of {'/'.join(sorted(FILE_SUFFIXES))} files, one such file, a {'/'.join(DATABASE_SUFFIXES)} "
    "(SQLite or DuckDB) file, or a database URL (sqlite:///…, duckdb:///…, postgresql://user@host/db, any SQLAlchemy URL)"
)

Progress = bool | Callable[[str, int, int], None]


@contextmanager
def _ticker(progress: Progress, total: int) -> Iterator[Callable[[str], None]]:
    """A callback called with each table's name as it is read."""
    done = [0]
    if callable(progress):

        def tick(table: str) -> None:
            progress(table, done[0], total)
            done[0] += 1

        yield tick
        return
    if not progress or not sys.stderr.isatty():
        yield lambda table: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bars = Progress(
        TextColumn("reading {task.description:<20}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bars:
        task = bars.add_task("", total=max(total, 1))

        def tick_bar(table: str) -> None:
            bars.update(task, description=table, completed=done[0])
            done[0] += 1

        yield tick_bar
        bars.update(task, completed=total)


def fingerprint(frames: dict[str, pl.DataFrame]) -> str:
    """sha256 over table names, column names and dtypes, and content (as CSV text, in row order)."""
    h = hashlib.sha256()
    for name in sorted(frames):
        frame = frames[name]
        h.update(f"table\x00{name}\x00{frame.height}\x00".encode())
        for col, dtype in frame.schema.items():
            h.update(f"{col}\x00{dtype}\x00".encode())
        for chunk in frame.iter_slices(100_000):
            h.update(chunk.write_csv(include_header=False).encode())
    return h.hexdigest()


def read_source(
    source: str | Path,
    *,
    tables: Sequence[str] | None = None,
    progress: Progress = False,
    csv: CsvOptions | None = None,
) -> Source:
    """Read a database or files into a :class:`Source` without modifying them.

    SOURCE is a SQLAlchemy URL (``sqlite:///…``, ``duckdb:///…``, ``postgresql://…``,
    any installed dialect), a SQLite or DuckDB file, a folder of delimited text /
    Parquet / JSONL files (one table per file, named by the file's stem), or one such
    file. Database files are opened read-only; PostgreSQL is read in read-only
    transactions. ``tables`` keeps only those tables (in that order). ``csv`` sets how
    delimited text is read (separator, header, null markers, ``on_bad_rows``).
    """
    text = str(source)
    notes: list[str] = []
    if is_url(text):
        return _from_database(text, None, tables, progress)
    path = Path(text).expanduser()
    if not path.exists():
        raise SourceError(f"{path}: does not exist; expected {EXPECTED}")
    if path.is_dir():
        return _from_folder(path, tables, progress, csv, notes)
    suffix = path.suffix.lower()
    if suffix in DB_SUFFIXES:
        return _from_database(path, None, tables, progress)
    if suffix in FILE_SUFFIXES:
        check_memory([path])  # refuse before reading what cannot fit, with the size and a way out
        names = select_tables([path.stem], tables, str(path))
        forms: dict[str, Delimited] = {}
        frames = {names[0]: _read_file(path, csv, notes, forms, names[0])} if names else {}
        return _make(str(path), "file", frames, {}, [], notes, files={path.stem: str(path)}, forms=forms)
    head = _head(path, 16)
    if head.startswith(b"SQLite format 3"):
        return _from_database(path, "sqlite", tables, progress)
    raise SourceError(f"{path}: unknown file extension '{suffix}'; expected {EXPECTED}")


def _head(path: Path, n: int) -> bytes:
    """The first ``n`` bytes of a file (never the whole file), b"" when it cannot be read."""
    try:
        with path.open("rb") as f:
            return f.read(n)
    except OSError:
        return b""


def _from_database(source: str | Path, kind: str | None, tables: Sequence[str] | None, progress: Progress) -> Source:
    """A database through the one reader (``io.read_database``), its declared keys as ForeignKey."""
    with _ticker(progress, len(tables) if tables else 0) as tick:
        db: DatabaseTables = read_database(source, kind=kind, tables=tables, on_table=tick)
    fks = [
        ForeignKey(
            fk.table,
            fk.column,
            fk.ref_table,
            fk.ref_column,
            declared=True,
            evidence="declared in the database",
            confidence=1.0,
        )
        for fk in db.foreign_keys
    ]
    made = _make(db.location, db.kind, db.frames, db.primary_keys, fks, db.notes)
    return replace(made, unique=db.unique, checks=db.checks, not_null=db.not_null, partial_unique=db.partial_unique)


def _read_file(
    path: Path,
    csv: CsvOptions | None,
    notes: list[str],
    forms: dict[str, Delimited] | None = None,
    table: str | None = None,
) -> pl.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix in DELIMITED_SUFFIXES:
            read = read_delimited_table(path, csv)
            notes += read.notes
            if forms is not None and table is not None:
                forms[table] = read
            return read.frame
        if suffix == ".parquet":
            return _flat(pl.read_parquet(path), path, notes)
        return _flat(pl.read_ndjson(path), path, notes) if path.stat().st_size else pl.DataFrame()
    except SourceError:
        raise
    except (OSError, pl.exceptions.PolarsError) as e:
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise SourceError(f"{path}: cannot be read as {suffix[1:]} ({type(e).__name__}: {first})") from None


def _flat(frame: pl.DataFrame, path: Path, notes: list[str]) -> pl.DataFrame:
    """Nested values (JSON objects, Parquet structs) as one column per field, ``user`` -> ``user_id``,
    ``user_country``; lists and other nested values as JSON text. Each change is a note: written back,
    the sample has the flat columns, not the nesting."""
    if not any(isinstance(dt, (pl.Struct, pl.List, pl.Array)) for dt in frame.schema.values()):
        return frame
    for _ in range(8):  # structs inside structs, a few levels deep
        structs = [c for c, dt in frame.schema.items() if isinstance(dt, pl.Struct)]
        if not structs:
            break
        for c in structs:
            fields = [f.name for f in frame.schema[c].fields]  # type: ignore[attr-defined]
            taken = set(frame.columns) - {c}
            names = []
            for f in fields:
                name = f"{c}_{f}"
                while name in taken:
                    name += "_"
                names.append(name)
                taken.add(name)
            at = frame.columns.index(c)
            parts = frame.get_column(c).struct.unnest().rename(dict(zip(fields, names, strict=True)))
            frame = pl.concat(
                [frame.select(frame.columns[:at]), parts, frame.select(frame.columns[at + 1 :])], how="horizontal"
            )
            notes.append(f"{path.name}: column '{c}' holds objects: read as one column per field ({', '.join(names)})")
    for c, dt in frame.schema.items():
        if isinstance(dt, (pl.List, pl.Array, pl.Struct, pl.Object)):
            text = [
                None if v is None else json.dumps(v, default=str, ensure_ascii=False)
                for v in frame.get_column(c).to_list()
            ]
            frame = frame.with_columns(pl.Series(c, text, dtype=pl.String))
            notes.append(f"{path.name}: column '{c}' holds lists: read as JSON text")
    return frame


def _from_folder(
    path: Path, tables: Sequence[str] | None, progress: Progress, csv: CsvOptions | None, notes: list[str]
) -> Source:
    files: dict[str, Path] = {}
    for f in sorted(path.iterdir()):
        if (
            f.is_file()
            and not f.name.startswith(".")
            and f.suffix.lower() in FILE_SUFFIXES
            and f.stem.lower() != "readme"
        ):
            if f.suffix.lower() in (".txt", ".dat", ".data", ".test") and not looks_tabular(f, csv):
                notes.append(f"{f.name}: skipped, not a delimited table (prose or one column)")
                continue
            if f.stem in files:
                notes.append(f"{f.name}: ignored, a table '{f.stem}' was already read from {files[f.stem].name}")
                continue
            files[f.stem] = f
    if not files:
        raise SourceError(f"{path}: the folder holds no .csv/.tsv/.asc/.txt/.parquet/.jsonl files")
    names = select_tables(list(files), tables, str(path))
    check_memory([files[n] for n in names])
    frames = {}
    forms: dict[str, Delimited] = {}
    with _ticker(progress, len(names)) as tick:
        for name in names:
            tick(name)
            frames[name] = _read_file(files[name], csv, notes, forms, name)
    return _make(str(path), "folder", frames, {}, [], notes, files={n: str(files[n]) for n in names}, forms=forms)


def _make(
    location: str,
    kind: str,
    frames: dict[str, pl.DataFrame],
    pks: dict[str, list[str]],
    fks: list[ForeignKey],
    notes: list[str],
    files: dict[str, str] | None = None,
    forms: dict[str, Delimited] | None = None,
) -> Source:
    forms = forms or {}
    return Source(
        location=location,
        kind=kind,
        frames=frames,
        primary_keys=pks,
        foreign_keys=fks,
        fingerprint=fingerprint(frames),
        notes=tuple(notes),
        files=files or {},
        null_markers={t: dict(d.null_markers) for t, d in forms.items() if d.null_markers},
        number_forms={t: dict(d.number_forms) for t, d in forms.items() if d.number_forms},
        number_marks={t: dict(d.number_marks) for t, d in forms.items() if d.number_marks},
        money={t: dict(d.money) for t, d in forms.items() if d.money},
        separators={t: d.separator for t, d in forms.items() if d.separator != ","},
    )
