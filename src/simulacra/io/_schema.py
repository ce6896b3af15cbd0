"""Table schemas handed to sinks, dtype names for the manifest, batch conformance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from simulacra.errors import Location, SinkError, SourceError

__all__ = [
    "ColumnSchema",
    "ForeignKeySchema",
    "TableSchema",
    "conform_batch",
    "dtype_from_name",
    "dtype_name",
    "plan_schemas",
    "restore_dtypes",
    "schema_to_dict",
    "validate_tables",
]


@dataclass(frozen=True)
class ColumnSchema:
    """One column: its name, polars dtype and whether it may hold nulls."""

    name: str
    dtype: pl.DataType
    nullable: bool = True


@dataclass(frozen=True)
class ForeignKeySchema:
    """``columns`` of this table reference ``ref_columns`` of ``ref_table``."""

    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class TableSchema:
    """What a sink needs to create one table."""

    name: str
    columns: tuple[ColumnSchema, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKeySchema, ...] = ()
    unique: tuple[tuple[str, ...], ...] = ()
    #: text sinks (CSV): the field separator, e.g. the ';' a learned table's source used (None: ',')
    separator: str | None = None

    def column(self, name: str) -> ColumnSchema:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def is_nullable(self, name: str) -> bool:
        return self.column(name).nullable and name not in self.primary_key


# --------------------------------------------------------------------------- dtypes

_SIMPLE: dict[str, Any] = {
    "int8": pl.Int8,
    "int16": pl.Int16,
    "int32": pl.Int32,
    "int64": pl.Int64,
    "uint8": pl.UInt8,
    "uint16": pl.UInt16,
    "uint32": pl.UInt32,
    "uint64": pl.UInt64,
    "float32": pl.Float32,
    "float64": pl.Float64,
    "bool": pl.Boolean,
    "string": pl.String,
    "categorical": pl.Categorical,
    "date": pl.Date,
    "time": pl.Time,
    "binary": pl.Binary,
    "null": pl.Null,
}


def dtype_name(dtype: pl.DataType) -> str:
    """A short, stable, parseable name for a polars dtype (stored in manifests)."""
    if isinstance(dtype, pl.Datetime):
        return f"datetime[{dtype.time_unit},{dtype.time_zone or ''}]"
    if isinstance(dtype, pl.Duration):
        return f"duration[{dtype.time_unit}]"
    if isinstance(dtype, pl.Decimal):
        return f"decimal[{dtype.precision},{dtype.scale}]"
    if isinstance(dtype, pl.Enum):
        return "categorical"
    for name, cls in _SIMPLE.items():
        if dtype == cls:
            return name
    return str(dtype)


def dtype_from_name(name: str) -> pl.DataType | None:
    """The dtype for a :func:`dtype_name`; None for names it does not know."""
    if name in _SIMPLE:
        cls = _SIMPLE[name]
        return cls() if isinstance(cls, type) else cls
    if name.endswith("]") and "[" in name:
        head, _, args = name[:-1].partition("[")
        parts = args.split(",")
        try:
            if head == "datetime" and len(parts) == 2:
                return pl.Datetime(parts[0], parts[1] or None)  # type: ignore[arg-type]
            if head == "duration" and len(parts) == 1:
                return pl.Duration(parts[0])  # type: ignore[arg-type]
            if head == "decimal" and len(parts) == 2:
                return pl.Decimal(int(parts[0]), int(parts[1]))
        except (ValueError, TypeError):
            return None
    return None


def schema_to_dict(table: TableSchema) -> dict[str, Any]:
    """The JSON form of a table schema, as stored in the manifest's ``sink`` section."""
    return {
        "columns": {c.name: dtype_name(c.dtype) for c in table.columns},
        "nullable": [c.name for c in table.columns if table.is_nullable(c.name)],
        "primary_key": list(table.primary_key),
        "unique": [list(u) for u in table.unique],
        "foreign_keys": [
            {"columns": list(fk.columns), "ref_table": fk.ref_table, "ref_columns": list(fk.ref_columns)}
            for fk in table.foreign_keys
        ],
        **({"separator": table.separator} if table.separator not in (None, ",") else {}),
    }


def validate_tables(tables: Sequence[TableSchema], *, unsupported: Any = None) -> None:
    """Raise SinkError for a schema no sink can create (duplicate names, unknown columns).

    ``unsupported(dtype) -> str | None`` lets a sink reject dtypes it cannot store.
    """
    seen: dict[str, TableSchema] = {}
    for t in tables:
        loc = Location(table=t.name)
        if not isinstance(t, TableSchema):
            raise SinkError(f"expected a TableSchema, got {type(t).__name__}")
        if not t.name:
            raise SinkError("a table needs a non-empty name")
        if t.name in seen:
            raise SinkError("the table is given twice", location=loc)
        if t.name.startswith("_simulacra"):
            raise SinkError("table names starting with '_simulacra' are reserved", location=loc)
        if not t.columns:
            raise SinkError("a table needs at least one column", location=loc)
        names = [c.name for c in t.columns]
        for c in t.columns:
            if not c.name:
                raise SinkError("a column needs a non-empty name", location=loc)
            if names.count(c.name) > 1:
                raise SinkError("the column is given twice", location=loc.with_(column=c.name))
            if unsupported is not None:
                why = unsupported(c.dtype)
                if why:
                    raise SinkError(why, location=loc.with_(column=c.name))
        groups = [("primary key", t.primary_key), *(("unique", u) for u in t.unique)]
        groups += [("foreign key", fk.columns) for fk in t.foreign_keys]
        for what, cols in groups:
            for col in cols:
                if col not in names:
                    raise SinkError(f"{what} names unknown column '{col}'", location=loc)
        seen[t.name] = t
    for t in tables:
        for fk in t.foreign_keys:
            loc = Location(table=t.name, column=",".join(fk.columns))
            ref = seen.get(fk.ref_table)
            if ref is None:
                raise SinkError(f"foreign key references unknown table '{fk.ref_table}'", location=loc)
            if len(fk.columns) != len(fk.ref_columns) or not fk.columns:
                raise SinkError("foreign key columns and referenced columns differ in number", location=loc)
            for col in fk.ref_columns:
                if col not in ref.column_names:
                    raise SinkError(
                        f"foreign key references unknown column '{col}' of table '{fk.ref_table}'", location=loc
                    )


def conform_batch(table: TableSchema, batch: pl.DataFrame) -> pl.DataFrame:
    """The batch with exactly the table's columns, in order, cast to the declared dtypes.

    Raises SinkError for a missing or unexpected column, a value that does not cast,
    or a null in a column that may not hold nulls.
    """
    if not isinstance(batch, pl.DataFrame):
        raise SinkError(f"expected a polars DataFrame, got {type(batch).__name__}", location=Location(table=table.name))
    expected = table.column_names
    have = batch.columns
    if tuple(have) != expected:
        missing = [c for c in expected if c not in have]
        extra = [c for c in have if c not in expected]
        if missing:
            raise SinkError("missing from the batch", location=Location(table=table.name, column=missing[0]))
        if extra:
            raise SinkError("not a column of the table", location=Location(table=table.name, column=extra[0]))
        batch = batch.select(expected)
    casts = [pl.col(c.name).cast(c.dtype, strict=True) for c in table.columns if batch.schema[c.name] != c.dtype]
    if casts:
        try:
            batch = batch.with_columns(casts)
        except (pl.exceptions.PolarsError, ValueError, TypeError) as e:
            for c in table.columns:
                if batch.schema[c.name] == c.dtype:
                    continue
                try:
                    batch.get_column(c.name).cast(c.dtype, strict=True)
                except (pl.exceptions.PolarsError, ValueError, TypeError):
                    raise SinkError(
                        f"expected {dtype_name(c.dtype)}, found {dtype_name(batch.schema[c.name])}"
                        " values that do not convert",
                        location=Location(table=table.name, column=c.name),
                    ) from e
            raise SinkError(
                f"batch does not convert to the table's dtypes ({e})", location=Location(table=table.name)
            ) from e
    if batch.height:
        for c in table.columns:
            if table.is_nullable(c.name):
                continue
            s = batch.get_column(c.name)
            n = s.null_count()
            if n:
                first = int(s.is_null().arg_max() or 0)
                raise SinkError(
                    f"may not hold nulls, found {n} in this batch (first at row {first})",
                    location=Location(table=table.name, column=c.name),
                )
    return batch


# --------------------------------------------------------------------------- reading back

_DATETIME_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f")


def _restore_series(s: pl.Series, target: pl.DataType) -> pl.Series:
    if s.dtype == target:
        return s
    if s.dtype == pl.String:
        if target == pl.Boolean:
            lowered = s.str.to_lowercase()
            bad = s.is_not_null() & ~lowered.is_in(["true", "false", "1", "0"])
            if bad.any():
                raise ValueError("not a boolean")
            return lowered.is_in(["true", "1"]).zip_with(s.is_not_null(), pl.Series([None], dtype=pl.Boolean))
        if target == pl.Date:
            return s.str.to_date("%Y-%m-%d")
        if target == pl.Time:
            return s.str.to_time("%H:%M:%S%.f")
        if isinstance(target, pl.Datetime):
            if target.time_zone:
                out = s.str.to_datetime(time_unit=target.time_unit, time_zone="UTC")
                return out.dt.convert_time_zone(target.time_zone)
            return s.str.to_datetime(time_unit=target.time_unit)
        if target == pl.Binary:
            return s.str.strip_prefix("\\x").str.decode("hex")
    source = s.dtype
    if isinstance(target, pl.Datetime) and isinstance(source, pl.Datetime):
        if target.time_zone and source.time_zone is None:
            s = s.dt.replace_time_zone("UTC")
        elif target.time_zone is None and source.time_zone:
            s = s.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
        elif target.time_zone and source.time_zone != target.time_zone:
            s = s.dt.convert_time_zone(target.time_zone)
    return s.cast(target, strict=True)


def restore_dtypes(frame: pl.DataFrame, columns: Mapping[str, str], *, table: str) -> pl.DataFrame:
    """Cast columns read back to the dtypes recorded in the manifest (see dtype_name)."""
    out = []
    for s in frame.iter_columns():
        name = columns.get(s.name)
        target = dtype_from_name(name) if name else None
        if target is None or target == pl.Null:
            out.append(s)
            continue
        try:
            out.append(_restore_series(s, target))
        except (pl.exceptions.PolarsError, ValueError, TypeError) as e:
            raise SourceError(
                f"expected {name} (as recorded in the manifest), found values that do not convert",
                location=Location(table=table, column=s.name),
            ) from e
    return pl.DataFrame(out)


def plan_schemas(plan: Any, dtypes: Mapping[str, Mapping[str, pl.DataType]]) -> list[TableSchema]:
    """Sink schemas for a plan's tables (parents first): keys, foreign keys and unique constraints.

    ``plan`` is a ``simulacra.spec.Plan`` (duck-typed: io does not import spec); ``dtypes``
    gives each table's column dtypes, from the generator or from the frames to write.
    """
    out = []
    for t, tp in plan.tables.items():
        keys = tp.spec.key_columns
        cols = tuple(ColumnSchema(c, d, nullable=c not in keys) for c, d in dtypes[t].items())
        fks = tuple(ForeignKeySchema((lk.column,), *_declared_target(plan, lk)) for lk in tp.links.values())
        shared = {
            c for sc in plan.spec.scenarios if sc.table == t for c in getattr(sc, "shared", ())
        }  # a scenario's exception
        uniques = [(c,) for c, s in tp.spec.columns.items() if s.unique and (c,) != keys and c not in shared]
        uniques += [tuple(c.unique) for c in plan.spec.constraints if c.table == t and c.unique is not None]
        out.append(TableSchema(t, cols, primary_key=keys, foreign_keys=fks, unique=tuple(dict.fromkeys(uniques))))
    return out


def _declared_target(plan: Any, link: Any) -> tuple[str, tuple[str, ...]]:
    """The table and column a key's database constraint names: its parent's, unless the column it references
    there is a key of that table's own into a third (a result's rider drawn among its tour's entries references
    ``entries.rider_id``, which is no key of ``entries``; the database's ``REFERENCES`` is ``riders``, the
    table every such value is a key of, as a ``REFERENCES entries`` would be refused)."""
    table, key = link.table, link.key
    for _ in range(len(plan.tables)):
        tp = plan.tables.get(table)
        if tp is None or key in tp.spec.key_columns or getattr(tp.spec.columns.get(key), "unique", False):
            break
        up = tp.links.get(key)
        if up is None or up.self_ref:
            break
        table, key = up.table, up.key
    return table, (key,)
