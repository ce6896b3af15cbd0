"""Sinks and sources: where datasets are written to and read from.

``open_sink(output)`` → a :class:`Sink` for a SQLite/DuckDB file, a folder of
Parquet/CSV/JSONL files or a PostgreSQL database; ``read_dataset(source)`` reads
any of those (and single .csv/.tsv/.parquet/.jsonl files: ``READ_SUFFIXES``) back into
polars frames; ``read_manifest(source)`` returns the manifest every output carries.
``read_database`` is the one database reader (SQLite/DuckDB files read-only, any
SQLAlchemy URL) with the keys the database declares; ``sources.read_source`` uses it.
(``ChunkedDataset(source)`` reads table by table, a chunk of rows at a time.)

Each kind of output is registered by name with its URL schemes and file suffixes
(``register_sink``; ``sink_kinds()`` lists them); ``MemorySink`` keeps a dataset in
memory with a real sink's lifecycle (``memory://name``, or pass the object as output).

Every output appears only on ``close()`` (temp file/folder + rename, or one
database transaction); ``abort()`` leaves nothing behind.
"""

from ._api import open_sink
from ._base import MANIFEST_FILE, MANIFEST_TABLE, BaseSink, Sink
from ._chunks import ChunkedDataset
from ._databases import DatabaseTables, DeclaredForeignKey, read_database, select_tables
from ._files import FolderSink
from ._memory import MemorySink
from ._reader import READ_SUFFIXES, check_sidecar, read_dataset, read_manifest
from ._registry import SinkFactory, SinkKind, register_sink, sink_kinds
from ._schema import ColumnSchema, ForeignKeySchema, TableSchema, dtype_from_name, dtype_name, plan_schemas
from ._sql import DuckDBSink, PostgresSink, SQLiteSink
from ._target import DB_SUFFIXES as DATABASE_SUFFIXES
from ._target import is_url
from ._target import mask as mask_url

__all__ = [
    "DATABASE_SUFFIXES",
    "MANIFEST_FILE",
    "MANIFEST_TABLE",
    "READ_SUFFIXES",
    "BaseSink",
    "ChunkedDataset",
    "ColumnSchema",
    "DatabaseTables",
    "DeclaredForeignKey",
    "DuckDBSink",
    "FolderSink",
    "ForeignKeySchema",
    "MemorySink",
    "PostgresSink",
    "SQLiteSink",
    "Sink",
    "SinkFactory",
    "SinkKind",
    "TableSchema",
    "check_sidecar",
    "dtype_from_name",
    "dtype_name",
    "is_url",
    "mask_url",
    "open_sink",
    "plan_schemas",
    "read_database",
    "read_dataset",
    "read_manifest",
    "register_sink",
    "select_tables",
    "sink_kinds",
]
