"""The API model: what each served table accepts and returns, derived once from a spec and its data.

One :class:`ApiTable` per table, one :class:`ApiColumn` per column. Validation of writes
(:mod:`simulacra.serve.validate`) and the OpenAPI document (:mod:`simulacra.serve.openapi`)
both read these, so what the document promises is exactly what the server enforces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from simulacra.spec import model as m
from simulacra.spec.plan import Plan

__all__ = ["ApiColumn", "ApiModel", "ApiTable", "ChildLink", "KeyGenerator", "build_model", "kind_of"]

# the value kinds a column can hold on the wire
KINDS = ("integer", "number", "string", "boolean", "date", "datetime")

# generators whose values are computed from other columns: optional on writes (null when left out)
_DERIVED = (
    m.ExpressionColumn,
    m.AggregateColumn,
    m.CaseColumn,
    m.LookupColumn,
    m.RunningSumColumn,
    m.RankColumn,
    m.ProcessColumn,
    m.ConstantColumn,
)


def kind_of(dtype: pl.DataType) -> str:
    """The wire kind of a polars dtype."""
    if dtype == pl.Boolean:
        return "boolean"
    if dtype.is_integer():
        return "integer"
    if dtype.is_float() or isinstance(dtype, pl.Decimal):
        return "number"
    if dtype == pl.Date:
        return "date"
    if isinstance(dtype, pl.Datetime):
        return "datetime"
    return "string"


@dataclass(frozen=True)
class KeyGenerator:
    """How a new row's key is made when a POST leaves it out."""

    kind: str  # "sequence" (start, step), "pattern" (parts), "uuid", "next_integer"
    start: int = 1
    step: int = 1
    parts: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class ApiColumn:
    name: str
    kind: str
    nullable: bool
    required: bool  # a POST/PUT must give it
    unique: bool = False
    enum: tuple[Any, ...] | None = None
    minimum: float | str | None = None
    maximum: float | str | None = None
    pattern: str | None = None  # a regex every value matches (whole value)
    format: str | None = None  # OpenAPI format: email, uuid (dates: implied by kind)
    foreign_key: tuple[str, str] | None = None  # (parent table, parent column)
    on_delete: str = "restrict"
    description: str | None = None
    example: Any = None
    default: Any = None  # stored when a create leaves the column out (scenario labels: their default)


@dataclass(frozen=True)
class ChildLink:
    """A table whose foreign key points at this one."""

    table: str
    column: str  # the child's foreign key column
    key: str  # this table's column it references
    on_delete: str  # restrict | cascade
    route: bool  # served as /parent/{id}/child (only when the child has one key to this parent)


@dataclass
class ApiTable:
    name: str
    columns: dict[str, ApiColumn]
    primary_key: str | None  # one key column (None: composite or no key)
    key_generator: KeyGenerator | None
    key_columns: tuple[str, ...] = ()  # the key's columns (one, or a composite key's); () : no by-key routes
    children: list[ChildLink] = field(default_factory=list)
    expands: dict[str, str] = field(default_factory=dict)  # name for ?expand= -> foreign key column
    unique_sets: list[tuple[str, ...]] = field(default_factory=list)  # unique constraints over several columns
    description: str | None = None

    def column(self, name: str) -> ApiColumn | None:
        return self.columns.get(name)


@dataclass
class ApiModel:
    name: str
    description: str | None
    tables: dict[str, ApiTable]  # parents first
    dtypes: dict[str, dict[str, pl.DataType]]  # the generated frames' dtypes (for constraint checks)
    plan: Plan | None = None


def _enum(spec: Any, series: pl.Series) -> tuple[Any, ...] | None:
    if not isinstance(spec, m.CategoricalColumn):
        return None
    values = list(spec.values.keys()) if isinstance(spec.values, dict) else list(spec.values)
    if any(v is None or isinstance(v, (dict, list)) for v in values):
        return None
    present = set(series.drop_nulls().unique().to_list())
    return tuple(values) if present <= set(values) else None


def _within(series: pl.Series, lo: Any, hi: Any) -> bool:
    s = series.drop_nulls()
    if s.len() == 0:
        return True
    return (lo is None or bool((s >= lo).all())) and (hi is None or bool((s <= hi).all()))


def _bounds(spec: Any, series: pl.Series, kind: str) -> tuple[Any, Any]:
    """Numeric bounds the generator promises and the data honours (else none)."""
    if kind not in ("integer", "number") or not isinstance(spec, m.NumberColumn):
        return None, None
    lo = spec.min if spec.min is not None else (spec.low if spec.generator == "uniform" else None)
    hi = spec.max if spec.max is not None else (spec.high if spec.generator in ("uniform",) else None)
    if spec.generator in ("poisson", "negative_binomial", "zipf", "exponential", "lognormal") and lo is None:
        lo = 0
    if spec.generator == "zipf" and lo is None:
        lo = 1
    return (lo, hi) if _within(series, lo, hi) else (None, None)


def _tighten(cur: Any, new: Any, lower: bool) -> Any:
    if new is None:
        return cur
    if cur is None:
        return new
    try:
        return max(cur, new) if lower else min(cur, new)
    except TypeError:
        return new


def _key_generator(spec: Any, kind: str) -> KeyGenerator | None:
    from simulacra.generation.columns import parse_pattern

    if isinstance(spec, m.SequenceColumn):
        return KeyGenerator("sequence", start=spec.start, step=spec.step)
    if isinstance(spec, m.UuidColumn):
        return KeyGenerator("uuid")
    if isinstance(spec, m.PatternColumn):
        parts = tuple(parse_pattern(spec.pattern))
        if any(k == "seq" for k, _ in parts):
            return KeyGenerator("pattern", parts=parts)
        return None
    if kind == "integer":
        return KeyGenerator("next_integer")
    return None


def _label_default(tp: Any, cname: str, kind: str, has_nulls: bool) -> Any:
    """A scenario label's value on rows outside the scenario (0 for numeric labels the data never leaves null)."""
    if tp is None or cname not in tp.label_columns:
        return None
    if tp.label_columns[cname] is not None:
        return tp.label_columns[cname]
    return 0 if kind in ("integer", "number", "boolean") and not has_nulls else None


def _example(series: pl.Series, kind: str) -> Any:
    s = series.drop_nulls()
    if s.len() == 0:
        return None
    from simulacra.serve.values import to_wire

    return to_wire(s[0], kind)


def build_model(
    plan: Plan | None, frames: Mapping[str, pl.DataFrame], *, name: str = "dataset", description: str | None = None
) -> ApiModel:
    """The API model of a dataset: from its spec where there is one, else from the frames alone."""
    tables: dict[str, ApiTable] = {}
    dtypes: dict[str, dict[str, pl.DataType]] = {}
    spec = plan.spec if plan is not None else None
    order = list(plan.tables) if plan is not None else list(frames)
    order += [t for t in frames if t not in order]
    for tname in order:
        if tname not in frames or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", tname):
            continue
        frame = frames[tname]
        dtypes[tname] = dict(frame.schema)
        tp = plan.tables.get(tname) if plan is not None else None
        tspec = tp.spec if tp is not None else None
        pk_decl = tspec.primary_key if tspec is not None else None
        pk = pk_decl if isinstance(pk_decl, str) and pk_decl in frame.columns else None
        if pk is None and tspec is None and frame.columns and frame.get_column(frame.columns[0]).is_unique().all():
            pk = frame.columns[0] if frame.columns[0].endswith("id") else None
        constraints = [c for c in (spec.constraints if spec is not None else []) if c.table == tname]
        cols: dict[str, ApiColumn] = {}
        for cname, dtype in frame.schema.items():
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", cname):
                continue
            series = frame.get_column(cname)
            kind = kind_of(dtype)
            cspec = tspec.columns.get(cname) if tspec is not None else None
            has_nulls = series.null_count() > 0
            derived = isinstance(cspec, _DERIVED) or (tp is not None and cname in tp.label_columns)
            nullable = (
                has_nulls or derived or (cspec is not None and cspec.null_rate > 0) or (cspec is None and tp is None)
            )
            is_key = cname == pk
            lo, hi = _bounds(cspec, series, kind)
            regex = None
            not_null = False
            for c in constraints:
                if c.column != cname:
                    continue
                if c.min is not None and kind in ("integer", "number", "date", "datetime"):
                    lo = _tighten(lo, c.min, True)
                if c.max is not None and kind in ("integer", "number", "date", "datetime"):
                    hi = _tighten(hi, c.max, False)
                if c.regex is not None:
                    regex = c.regex
                not_null = not_null or c.not_null
            if not_null:
                nullable = False
            fk = None
            on_delete = "restrict"
            if tp is not None and cname in tp.links:
                link = tp.links[cname]
                fk = (link.table, link.key)
                on_delete = getattr(tp.spec.columns.get(cname), "on_delete", "restrict") or "restrict"
            fmt = None
            gen = getattr(cspec, "generator", None)
            if gen == "email" and kind == "string" and regex is None:
                fmt = "email"
            elif gen == "uuid" and kind == "string":
                fmt = "uuid"
            unique = bool(getattr(cspec, "unique", False)) or is_key
            if tspec is None and is_key:
                unique = True
            required = not nullable and not is_key and not derived
            cols[cname] = ApiColumn(
                name=cname,
                kind=kind,
                nullable=nullable and not is_key,
                required=required,
                unique=unique,
                enum=_enum(cspec, series),
                minimum=lo if kind != "boolean" else None,
                maximum=hi if kind != "boolean" else None,
                pattern=regex,
                format=fmt,
                foreign_key=fk,
                on_delete=on_delete,
                description=getattr(cspec, "description", None),
                example=_example(series, kind),
                default=_label_default(tp, cname, kind, has_nulls),
            )
        keygen = None
        if pk is not None:
            keygen = _key_generator(tspec.columns.get(pk) if tspec is not None else None, cols[pk].kind)
            if keygen is None:  # the client names the key
                cols[pk] = _replace(cols[pk], required=True)
        unique_sets = [tuple(c.unique) for c in constraints if c.unique]
        key_columns: tuple[str, ...] = (pk,) if pk is not None else ()
        if (
            isinstance(pk_decl, list)
            and len(pk_decl) > 1
            and all(c in cols for c in pk_decl)
            and not frame.select(pk_decl).is_duplicated().any()
        ):  # a composite key the data honours: rows are addressed as /table/{k1}/{k2}...
            key_columns = tuple(pk_decl)
            for kname in key_columns:
                cols[kname] = _replace(cols[kname], required=True, nullable=False)
            if key_columns not in unique_sets:
                unique_sets.append(key_columns)
        tables[tname] = ApiTable(
            tname,
            cols,
            pk,
            keygen,
            key_columns=key_columns,
            unique_sets=unique_sets,
            description=tspec.description if tspec is not None else None,
        )
    # children and expansions
    for tname, table in tables.items():
        per_parent: dict[str, list[ApiColumn]] = {}
        for col in table.columns.values():
            if col.foreign_key and col.foreign_key[0] in tables:
                per_parent.setdefault(col.foreign_key[0], []).append(col)
        for parent, cols_ in per_parent.items():
            for col in cols_:
                assert col.foreign_key is not None
                tables[parent].children.append(
                    ChildLink(
                        tname, col.name, col.foreign_key[1], col.on_delete, route=len(cols_) == 1 and tname != parent
                    )
                )
                alias = col.name[:-3] if col.name.endswith("_id") and len(col.name) > 3 else col.name + "_ref"
                if alias in table.columns:
                    alias = col.name + "_ref"
                table.expands[alias] = col.name
    return ApiModel(name, description, tables, dtypes, plan)


def _replace(col: ApiColumn, **changes: Any) -> ApiColumn:
    from dataclasses import replace

    return replace(col, **changes)
