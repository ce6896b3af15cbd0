"""What an environment knows about its database: tables, keys, columns' JSON types, hidden label columns.

Read once from ``env.json`` (written by ``build``); every other module takes an ``EnvSchema``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["EnvSchema", "TableInfo", "json_type"]


def json_type(sql_type: str) -> str:
    """The JSON Schema type of an SQLite declared column type."""
    t = (sql_type or "").upper()
    if "INT" in t:
        return "integer"
    if any(x in t for x in ("REAL", "FLOA", "DOUB", "NUMERIC", "DECIMAL")):
        return "number"
    if "BOOL" in t:
        return "boolean"
    return "string"


@dataclass(frozen=True)
class TableInfo:
    name: str
    key: str | None  # single-column primary key (tables without one get no get_ tool)
    columns: dict[str, str]  # column -> JSON type, in table order
    hidden: tuple[str, ...] = ()  # scenario label columns: never shown to the agent
    parents: dict[str, str] = field(default_factory=dict)  # foreign key column -> parent table

    @property
    def visible(self) -> list[str]:
        return [c for c in self.columns if c not in self.hidden]


@dataclass(frozen=True)
class EnvSchema:
    tables: dict[str, TableInfo]
    now: str  # the environment's clock (:now in actions), fixed at build

    def to_json(self) -> dict[str, Any]:
        return {
            "now": self.now,
            "tables": {
                n: {"key": t.key, "columns": t.columns, "hidden": list(t.hidden), "parents": t.parents}
                for n, t in self.tables.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EnvSchema:
        return cls(
            {
                n: TableInfo(n, t["key"], dict(t["columns"]), tuple(t["hidden"]), dict(t["parents"]))
                for n, t in data["tables"].items()
            },
            data["now"],
        )
