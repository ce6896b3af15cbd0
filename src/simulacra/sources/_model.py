"""The values a source reader returns: a ``Source`` (frames + declared keys) and ``ForeignKey``."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

__all__ = ["CompositeForeignKey", "ForeignKey", "Source"]


@dataclass(frozen=True)
class ForeignKey:
    """``table.column`` refers to ``ref_table.ref_column``.

    ``declared`` keys come from the source's schema (confidence 1.0); inferred ones
    carry the ``evidence`` that made us believe them and a ``confidence`` in [0, 1].
    """

    table: str
    column: str
    ref_table: str
    ref_column: str
    declared: bool = True
    evidence: str | None = None
    confidence: float = 1.0

    @property
    def references(self) -> str:
        return f"{self.ref_table}.{self.ref_column}"

    def describe(self) -> str:
        how = "declared" if self.declared else f"inferred ({self.confidence:.2f})"
        tail = f": {self.evidence}" if self.evidence else ""
        return f"{self.table}.{self.column} -> {self.references} [{how}]{tail}"


@dataclass(frozen=True)
class CompositeForeignKey:
    """``table.(columns)`` refers to ``ref_table.(ref_columns)``, the parent's multi-column key,
    column by column (``grades.(student_id, course_id) -> enrolment.(student_id, course_id)``)."""

    table: str
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    declared: bool = True
    evidence: str | None = None
    confidence: float = 1.0

    @property
    def references(self) -> str:
        return f"{self.ref_table}.({', '.join(self.ref_columns)})"

    def describe(self) -> str:
        how = "declared" if self.declared else f"inferred ({self.confidence:.2f})"
        tail = f": {self.evidence}" if self.evidence else ""
        return f"{self.table}.({', '.join(self.columns)}) -> {self.references} [{how}]{tail}"


@dataclass(frozen=True)
class Source:
    """What was read: frames as read (never modified), declared keys, and a content fingerprint.

    ``location`` is the path or the URL with its password hidden. ``notes`` say what
    the reader decided on its own (a sniffed separator, skipped rows, columns of a type
    it cannot use, composite keys it cannot represent).
    """

    location: str
    kind: str  # folder | file | sqlite | duckdb | postgresql | sqlalchemy
    frames: dict[str, pl.DataFrame]
    primary_keys: dict[str, list[str]] = field(default_factory=dict)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    fingerprint: str = ""
    notes: tuple[str, ...] = ()
    files: dict[str, str] = field(default_factory=dict)  # table -> file it came from (files only)
    #: delimited text only: table -> column -> the marker its missing values were written as
    null_markers: dict[str, dict[str, str]] = field(default_factory=dict)
    #: delimited text only: table -> column -> (decimals, fixed, zero-padded width) of numbers read from text
    number_forms: dict[str, dict[str, tuple[int | None, bool, int | None]]] = field(default_factory=dict)
    #: delimited text only: table -> column -> (decimal mark, group mark) of numbers written ``1.234,5``
    #: or ``1,234.5`` (columns written plainly are not listed)
    number_marks: dict[str, dict[str, tuple[str, str | None]]] = field(default_factory=dict)
    #: delimited text only: table -> column -> the currency affix of amounts written ``$1,234.50`` (``<$``)
    money: dict[str, dict[str, str]] = field(default_factory=dict)
    #: delimited text only: table -> the field separator it was written with, where not ','
    separators: dict[str, str] = field(default_factory=dict)
    #: databases only: table -> the column sets its UNIQUE constraints and unique indexes declare
    unique: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    #: databases only: table -> its CHECK constraints, (name or None, the check in plain SQL)
    checks: dict[str, list[tuple[str | None, str]]] = field(default_factory=dict)
    #: databases only: table -> the columns it declares NOT NULL (directly or through a domain; not the primary key)
    not_null: dict[str, list[str]] = field(default_factory=dict)
    #: databases only: table -> its partial unique indexes, (name, columns, the WHERE as the database gives it)
    partial_unique: dict[str, list[tuple[str, tuple[str, ...], str]]] = field(default_factory=dict)

    @property
    def tables(self) -> list[str]:
        return list(self.frames)

    def rows(self) -> dict[str, int]:
        return {t: f.height for t, f in self.frames.items()}
