"""The evaluation spec: what the command-line flags say, kept in a YAML file.

::

    target: Y                      # utility: predict this column (TSTR vs TRTR)
    slices: [sex, race, age]       # scores per value / quartile of these columns
    columns:                       # override the inferred kind; key/pii/skip leave a column out
      ssn: pii
      customer_id: key
    secrets: [Y, marital-status]   # inference-attack targets (default: the target)
    thresholds: {quality: 0.8, dcr_share: 0.9}   # gate: exit 9 when a score falls short
    relations:                     # multi-table: inferred from names when left out
      - {parent: customers.id, child: orders.customer_id}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from simulacra.errors import Location, SpecError

__all__ = ["EvaluationSpec", "Relation", "load_evaluation_spec"]


class Relation(BaseModel):
    """A foreign key: ``child`` (table.column) references ``parent`` (table.column)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    parent: str
    child: str

    @field_validator("parent", "child")
    @classmethod
    def _dotted(cls, v: str) -> str:
        if v.count(".") != 1 or not all(v.split(".")):
            raise ValueError(f"expected TABLE.COLUMN, got '{v}'")
        return v


class EvaluationSpec(BaseModel):
    """Options of one evaluation (every field optional)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    target: str | None = None
    slices: list[str] = Field(default_factory=list)
    columns: dict[str, str] = Field(default_factory=dict)
    secrets: list[str] = Field(default_factory=list)
    thresholds: dict[str, float] = Field(default_factory=dict)
    relations: list[Relation] = Field(default_factory=list)
    min_support: int = Field(50, ge=1)
    n_attacks: int = Field(2000, ge=10)
    privacy: bool = True
    detection_folds: int = Field(5, ge=2, le=20)

    @field_validator("columns")
    @classmethod
    def _kinds(cls, v: dict[str, str]) -> dict[str, str]:
        allowed = {
            "numeric",
            "number",
            "categorical",
            "category",
            "datetime",
            "date",
            "boolean",
            "bool",
            "text",
            "skip",
            "key",
            "pii",
            "id",
            "ignore",
        }
        bad = {k: kind for k, kind in v.items() if kind not in allowed}
        if bad:
            raise ValueError(
                "unknown kind(s) "
                + ", ".join(f"{k}: {kind}" for k, kind in bad.items())
                + f"; expected one of {', '.join(sorted(allowed))}"
            )
        return v


def load_evaluation_spec(source: str | Path | dict[str, Any] | EvaluationSpec | None) -> EvaluationSpec:
    """An ``EvaluationSpec`` from a YAML file, a dict or itself; problems name the file and field."""
    from simulacra.spec.yaml_lines import load_yaml

    if source is None:
        return EvaluationSpec()
    if isinstance(source, EvaluationSpec):
        return source
    where = None
    data: Any = source
    if isinstance(source, str | Path):
        where = str(source)
        try:
            # the bounded loader every YAML goes through (alias, depth and size budgets)
            data = load_yaml(Path(source).read_text(encoding="utf-8"), file=where)[0] or {}
        except FileNotFoundError:
            raise SpecError("file not found", location=Location(file=where)) from None
        except (OSError, UnicodeDecodeError) as e:
            raise SpecError(f"cannot read it: {e}", location=Location(file=where)) from None
    if not isinstance(data, dict):
        raise SpecError(
            "an evaluation spec is a mapping (target:, slices:, thresholds: ...)", location=Location(file=where)
        )
    try:
        return EvaluationSpec.model_validate(data)
    except ValidationError as e:
        msgs = "; ".join(f"{'.'.join(str(p) for p in err['loc']) or 'spec'}: {err['msg']}" for err in e.errors())
        raise SpecError(msgs, location=Location(file=where)) from None
