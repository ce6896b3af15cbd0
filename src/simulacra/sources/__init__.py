"""Sources: read a real database or files, as they are, for inspection and learning.

::

    from simulacra.sources import read_source

    src = read_source("tests/data/berka_sample")      # a folder of ;-separated .asc files
    src.frames["account"]                               # raw polars frames, never modified
    src.primary_keys, src.foreign_keys                  # what the source declares
    src.fingerprint                                     # sha256 of names, schemas and content

``read_source`` accepts a SQLAlchemy URL (sqlite, duckdb, postgresql, any installed
dialect), a SQLite/DuckDB file, a folder of .csv/.tsv/.asc/.txt/.parquet/.jsonl files
or one such file. ``coerce(frames, profiles)`` types raw frames as an inspection
classified them (dates parsed with the format it found, booleans, numbers).
``detect_forms(raw, typed)`` records how each column was written (null markers,
boolean spellings, integer vs float, decimals, date formats, leading zeros) and
``apply_forms`` writes sampled frames back in that form.
"""

from ._coerce import coerce, coerce_report, parse_datetime
from ._delimited import DEFAULT_NULL_VALUES, CsvOptions
from ._forms import TEXT_DATE_FORMATS, ColumnForm, apply_forms, detect_forms
from ._model import CompositeForeignKey, ForeignKey, Source
from ._read import DELIMITED_SUFFIXES, fingerprint, read_source

__all__ = [
    "DEFAULT_NULL_VALUES",
    "DELIMITED_SUFFIXES",
    "TEXT_DATE_FORMATS",
    "ColumnForm",
    "CompositeForeignKey",
    "CsvOptions",
    "ForeignKey",
    "Source",
    "apply_forms",
    "coerce",
    "coerce_report",
    "detect_forms",
    "fingerprint",
    "parse_datetime",
    "read_source",
]
