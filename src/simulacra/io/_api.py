"""open_sink: an OUTPUT string (or a sink object) to a sink; the shipped kinds of output are registered here."""

from __future__ import annotations

from pathlib import Path

from simulacra.errors import SinkError, did_you_mean

from ._base import BaseSink
from ._files import FOLDER_FORMATS, PARTS_FORMAT, FolderSink
from ._memory import MemorySink
from ._registry import register_sink, sink_kind, sink_kind_for_scheme, sink_kind_for_suffix, sink_kinds
from ._sql import DuckDBSink, PostgresSink, SQLiteSink
from ._target import DB_SUFFIXES, EXPECTED, FILE_FORMATS, Target, is_url, mask, url_target

__all__ = ["open_sink", "sink_target"]

_SQL_KINDS = ("sqlite", "duckdb", "postgresql")  # their URLs are SQLAlchemy URLs


def _folder_or_file(target: Target, if_exists: str) -> BaseSink:
    assert target.path is not None
    if target.kind == "file":
        from ._single import FileSink

        return FileSink(target.path, target.format or "parquet", if_exists=if_exists)
    return FolderSink(target.path, target.format or "parquet")


def _path_of(target: Target) -> Path:
    assert target.path is not None
    return target.path


def _postgres(target: Target, if_exists: str) -> BaseSink:
    assert target.url is not None
    return PostgresSink(target.url, if_exists=if_exists)


def _memory(target: Target, if_exists: str) -> BaseSink:
    return MemorySink((target.text or "memory://").partition("://")[2] or "memory")


# the shipped outputs; a new one is one more register_sink call (docs/extending.md)
register_sink(
    "sqlite",
    lambda t, if_exists: SQLiteSink(_path_of(t), if_exists=if_exists),
    schemes=("sqlite",),
    suffixes=(".db", ".sqlite", ".sqlite3"),
)
register_sink(
    "duckdb",
    lambda t, if_exists: DuckDBSink(_path_of(t), if_exists=if_exists),
    schemes=("duckdb",),
    suffixes=(".duckdb", ".ddb"),
)
register_sink("postgresql", _postgres, schemes=("postgresql", "postgres"))
register_sink("parquet", _folder_or_file, suffixes=(".parquet",), folder=True)
register_sink("csv", _folder_or_file, suffixes=(".csv",), folder=True)
register_sink("jsonl", _folder_or_file, suffixes=(".jsonl", ".ndjson"), folder=True)
register_sink(PARTS_FORMAT, _folder_or_file, folder=True)  # a folder per table, a Parquet part per chunk
register_sink("memory", _memory, schemes=("memory",))


def _formats() -> tuple[str, ...]:
    """The ``format=`` values: the shipped ones in their usual order, then those registered later."""
    shipped = (*FOLDER_FORMATS, "sqlite", "duckdb", "postgresql")
    return shipped + tuple(n for n in sink_kinds() if n not in shipped and n != "memory")


def sink_target(output: str | Path, fmt: str | None) -> Target:
    """The write target for ``output`` with format ``fmt`` (None: from the path or URL); a SinkError for an unknown
    format or one the target cannot hold."""
    text = str(output)
    formats = _formats()
    if fmt is not None and fmt not in formats:
        raise SinkError(
            f"{text}: unknown format '{fmt}'{did_you_mean(fmt, formats)}; expected one of {', '.join(formats)}"
        )
    if is_url(text):
        kind = sink_kind_for_scheme(text.partition("://")[0])
        if kind is not None and kind.name not in _SQL_KINDS:
            if fmt is not None and fmt != kind.name:
                raise SinkError(f"{mask(text)}: format '{fmt}' does not match the URL (a {kind.name} output)")
            return Target(kind.name, text=text)
        try:
            target = url_target(text)
        except ValueError as e:
            raise SinkError(str(e)) from None
        if target.kind == "sqlalchemy":
            raise SinkError(f"{target.display}: cannot write to this kind of database; expected {EXPECTED}")
        if fmt is not None and fmt != target.kind:
            raise SinkError(f"{target.display}: format '{fmt}' does not match the URL (a {target.kind} database)")
        return target
    path = Path(text).expanduser()
    suffix = path.suffix.lower()
    if fmt == "postgresql":
        raise SinkError(f"{text}: format 'postgresql' needs a postgresql:// URL")
    if fmt is not None and not sink_kind(fmt).folder:
        return Target(fmt, path=path)  # a database file, or a registered file kind
    by_suffix = sink_kind_for_suffix(suffix) if suffix else None
    if fmt is None and by_suffix is not None and not by_suffix.folder:
        return Target(by_suffix.name, path=path)
    if fmt is not None:
        if suffix in DB_SUFFIXES:
            raise SinkError(f"{text}: a {suffix} path is a database file, not a folder for format '{fmt}'")
        return Target("folder", path=path, format=fmt)
    if suffix in FILE_FORMATS and not path.is_dir():
        return Target("file", path=path, format=FILE_FORMATS[suffix])  # one table, one file
    if suffix and not path.is_dir():
        raise SinkError(
            f"{text}: unknown output extension '{suffix}'; expected {EXPECTED}, or a .parquet/.csv/.jsonl "
            "file for a one-table dataset"
        )
    return Target("folder", path=path, format="parquet")


def open_sink(output: str | Path | BaseSink, *, format: str | None = None, if_exists: str = "fail") -> BaseSink:  # noqa: A002
    """A sink for OUTPUT: a .db/.sqlite/.sqlite3 or .duckdb file, a folder of parquet|csv|jsonl
    files, a sqlite:///, duckdb:/// or postgresql:// URL, ``memory://name`` (a :class:`MemorySink`),
    or any kind added with ``register_sink`` (by its URL scheme, file suffix or ``format=``).
    A sink object is returned as it is.

    ``if_exists='fail'`` refuses to overwrite anything that is not a previous simulacra
    output (previous outputs in files and folders are replaced on close);
    ``'replace'`` also overwrites an existing database file or drops and rewrites the
    PostgreSQL tables of the same names (inside the one transaction). Folders holding
    other files are never replaced.
    """
    if if_exists not in ("fail", "replace"):
        raise SinkError(
            f"{mask(str(output)) if is_url(str(output)) else output}: if_exists must be 'fail' or 'replace', not {if_exists!r}"
        )
    if isinstance(output, BaseSink):
        return output
    target = sink_target(output, format)
    name = target.format or "parquet" if target.kind in ("folder", "file") else target.kind
    return sink_kind(name).factory(target, if_exists)
