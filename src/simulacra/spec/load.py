"""Load a spec from YAML (file or text), validate it, and build its plan."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from simulacra.errors import Location, Problem, SpecError, SpecValidationError, did_you_mean
from simulacra.spec import model as m
from simulacra.spec.plan import Plan, make_plan
from simulacra.spec.yaml_lines import MAX_YAML_CHARS, LineIndex, load_yaml

__all__ = ["json_schema", "load_plan", "load_spec", "spec_hash"]


def _read(source: str | Path) -> tuple[str, str | None]:
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > 4 * MAX_YAML_CHARS:  # refused before reading; load_yaml checks the exact length
            raise SpecValidationError(
                [
                    Problem(
                        Location(file=str(source)),
                        f"{size:,} bytes is larger than the "
                        f"{MAX_YAML_CHARS:,} characters a spec may have; split it or trim it",
                    )
                ]
            )
        return path.read_text(encoding="utf-8"), str(source)
    except FileNotFoundError:
        raise SpecError(f"spec file not found: {source}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"cannot read spec file {source}: {exc}") from None


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class an error location points into (for 'did you mean' on unknown fields)."""
    cls: Any = m.DatasetSpec
    i = 0
    while i < len(loc) and cls is not None:
        key = loc[i]
        if cls is m.DatasetSpec and key == "tables":
            cls, i = m.TableSpec, i + 2
        elif cls is m.DatasetSpec and key in ("constraints", "scenarios", "documents", "actions"):
            cls, i = (
                {
                    "constraints": m.ConstraintSpec,
                    "scenarios": m.ScenarioSpec,
                    "documents": m.DocumentSpec,
                    "actions": m.ActionSpec,
                }[key],
                i + 2,
            )
        elif cls is m.DocumentSpec and key == "children":
            cls, i = m.ChildSpec, i + 2
        elif cls in (m.TableSpec, m.ScenarioSpec) and key == "columns":
            if i + 2 < len(loc):
                tag = loc[i + 2]
                cls = _TAG_MODELS.get(tag) if isinstance(tag, str) else None
                i += 3
            else:
                return None
        elif cls is m.TableSpec and key == "rows":
            cls, i = m.RowsPerParent, i + 1
            if i < len(loc) and loc[i] == "RowsPerParent":
                i += 1
        else:
            field = getattr(cls, "model_fields", {}).get(key)
            if field is None:
                return cls if i == len(loc) - 1 else None
            ann = field.annotation
            sub = _first_model(ann)
            if sub is None:
                return cls if i == len(loc) - 1 else None
            cls, i = sub, i + 1
    return cls


def _first_model(ann: Any) -> type[BaseModel] | None:
    import typing

    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    for a in typing.get_args(ann):
        r = _first_model(a)
        if r is not None:
            return r
    return None


_TAG_MODELS: dict[str, type[BaseModel]] = {
    "sequence": m.SequenceColumn,
    "uuid": m.UuidColumn,
    "pattern": m.PatternColumn,
    "constant": m.ConstantColumn,
    "categorical": m.CategoricalColumn,
    "boolean": m.BooleanColumn,
    "number": m.NumberColumn,
    "date": m.DateColumn,
    "expression": m.ExpressionColumn,
    "case": m.CaseColumn,
    "lookup": m.LookupColumn,
    "foreign_key": m.ForeignKeyColumn,
    "aggregate": m.AggregateColumn,
    "realistic": m.RealisticColumn,
}
_TAG_NAMES = set(_TAG_MODELS) | {"RowsPerParent", "int", "str", "ChildSpec"}


def _data_path(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union tags from an error location."""
    return tuple(p for p in loc if not (isinstance(p, str) and (p in _TAG_NAMES or p.startswith("function-"))))


def _context(path: tuple[Any, ...]) -> tuple[str | None, str | None]:
    table = column = None
    if len(path) >= 2 and path[0] == "tables":
        table = str(path[1])
        if len(path) >= 4 and path[2] == "columns":
            column = str(path[3])
    return table, column


def _normalise(data: Any) -> Any:
    """Shorthands: a column given as a bare string is a generator name."""
    if isinstance(data, dict):
        for t in (data.get("tables") or {}).values() if isinstance(data.get("tables"), dict) else []:
            if isinstance(t, dict) and isinstance(t.get("columns"), dict):
                for k, v in list(t["columns"].items()):
                    if isinstance(v, str):
                        t["columns"][k] = {"generator": v}
        for sc in data.get("scenarios") or [] if isinstance(data.get("scenarios"), list) else []:
            if isinstance(sc, dict) and isinstance(sc.get("columns"), dict):
                for k, v in list(sc["columns"].items()):
                    if isinstance(v, str):
                        sc["columns"][k] = {"generator": v}
    return data


def _problems(exc: ValidationError, index: LineIndex, data: Any) -> list[Problem]:
    out: list[Problem] = []
    seen: set[tuple[Any, str]] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = _data_path(loc)
        table, column = _context(path)
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if err["type"] == "extra_forbidden":
            model = _model_at(path[:-1]) if path else m.DatasetSpec
            name = str(path[-1] if path else loc[-1] if loc else "?")  # a top-level key named like a tag
            fields = list(getattr(model, "model_fields", {})) if model is not None else []
            fields = [f for f in fields if f != "generator"]
            msg = f"unknown field '{name}'" + did_you_mean(name, fields)
        elif err["type"] == "missing":
            msg = f"missing required field '{path[-1]}'" if path else "missing required field"
        elif err["type"] == "literal_error" and path and path[-1] == "generator":
            msg = f"unknown generator: {msg}"
        elif err["type"] in ("model_type", "dict_type", "model_attributes_type") and path[-1:] == ("rows",):
            continue  # the union's other half: the int error below says what rows may be
        elif err["type"] in ("int_type", "int_parsing", "int_from_float") and path[-1:] == ("rows",):
            msg = "rows must be an integer or a mapping {per: <table>, count: <distribution>}"
        else:
            got = err.get("input")
            if not isinstance(got, (dict, list)) and got is not None and "input" not in msg:
                msg = f"{msg} (found {got!r})"
        key = (path, msg)
        if key in seen:
            continue
        seen.add(key)
        # rows: int | RowsPerParent unions report twice; keep the mapping explanation only
        out.append(Problem(index.location(path, table=table, column=column), msg))
    return out


def _build(data: Any, index: LineIndex) -> m.DatasetSpec:
    if not isinstance(data, dict):
        raise SpecValidationError(
            [Problem(Location(file=index.file, line=1), "a spec is a mapping with at least 'tables'")]
        )
    try:
        return m.DatasetSpec.model_validate(_normalise(data))
    except ValidationError as exc:
        raise SpecValidationError(_problems(exc, index, data)) from None


def load_spec(source: str | Path | dict[str, Any], *, text: str | None = None) -> m.DatasetSpec:
    """A DatasetSpec from a YAML file path (or a dict, or YAML ``text``)."""
    return load_plan(source, text=text).spec


def load_plan(source: str | Path | dict[str, Any] | m.DatasetSpec, *, text: str | None = None) -> Plan:
    """Load, validate and plan a spec, reporting every problem at once."""
    if isinstance(source, m.DatasetSpec):
        return make_plan(source)
    if isinstance(source, dict):
        index = LineIndex(file=None)
        return make_plan(_build(source, index), index)
    if text is None:
        text, file = _read(source)
    else:
        file = str(source)
    data, index = load_yaml(text, file=file)
    spec = _build(data, index)
    return make_plan(spec, index)


def spec_hash(spec: m.DatasetSpec) -> str:
    payload = json.dumps(spec.model_dump(mode="json", by_alias=True), sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def json_schema() -> dict[str, Any]:
    """JSON Schema of the spec, for editors."""
    schema = m.DatasetSpec.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "simulacra dataset spec"
    return schema
