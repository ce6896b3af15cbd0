"""Sinks and sources: where datasets are written to and read from.

``open_sink(output)`` → a :class:`Sink` for a SQLite/DuckDB file, a folder of
Parquet/CSV/JSONL files or a PostgreSQL database; ``read_dataset(source)`` reads
any of those (and single .csv/.parquet/.jsonl files) back into polars frames
(``ChunkedDataset(source)``: table by table, a chunk of rows at a time);
``read_manifest(source)`` returns the manifest every output carries.

Each kind of output is registered by name with its URL schemes and file suffixes
(``register_sink``; ``sink_kinds()`` lists them); ``MemorySink`` keeps a dataset in
memory with a real sink's lifecycle (``memory://name``, or pass the object as output).

Every output appears only on ``close()`` (temp file/folder + rename, or one
database transaction); ``abort()`` leaves nothing behind.
"""

from ._api import check_sidecar, open_sink, read_dataset, read_manifest
from ._base import MANIFEST_FILE, MANIFEST_TABLE, BaseSink, Sink
from ._chunks import ChunkedDataset
from ._files import FolderSink
from ._memory import MemorySink
from ._registry import SinkFactory, SinkKind, register_sink, sink_kinds
from ._schema import ColumnSchema, ForeignKeySchema, TableSchema, dtype_from_name, dtype_name, plan_schemas
from ._sql import DuckDBSink, PostgresSink, SQLiteSink

__all__ = [
    "MANIFEST_FILE",
    "MANIFEST_TABLE",
    "BaseSink",
    "ChunkedDataset",
    "ColumnSchema",
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
    "open_sink",
    "plan_schemas",
    "read_dataset",
    "read_manifest",
    "register_sink",
    "sink_kinds",
]
