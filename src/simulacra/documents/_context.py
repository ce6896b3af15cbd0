"""Rows as template values: a record reads its columns (tagged), its parents and its children.

``row.customer.first_name`` follows the foreign key ``orders.customer_id`` to the
customer row; every value read is tagged with its entity label and source, so
the renderer knows what each inserted text is and where it came from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import polars as pl

from simulacra.errors import did_you_mean
from simulacra.spec import model as m
from simulacra.spec.labels import column_generators as _generators
from simulacra.spec.labels import infer_labels
from simulacra.spec.plan import Plan, TablePlan

from ._values import tag

__all__ = ["Record", "TableData", "TemplateNameError", "column_currency", "infer_labels"]


class TemplateNameError(LookupError):
    """A template read a column or relation that does not exist (message says which, with a suggestion)."""


def column_currency(spec: Any) -> str | None:
    for g in _generators(spec):
        if isinstance(g, m.NumberColumn) and g.currency:
            return g.currency
    return None


class TableData:
    """A table's rows as dicts, with an index by key and by any column asked for."""

    def __init__(self, name: str, frame: pl.DataFrame, tp: TablePlan) -> None:
        self.name = name
        self.tp = tp
        self.rows: list[dict[str, Any]] = frame.to_dicts()
        self.key_columns = tp.spec.key_columns or tuple(frame.columns[:1])
        self._by: dict[str, dict[Any, int]] = {}
        self._groups: dict[str, dict[Any, list[int]]] = {}

    def key_of(self, row: Mapping[str, Any]) -> dict[str, Any]:
        return {k: row[k] for k in self.key_columns}

    def by(self, column: str) -> dict[Any, int]:
        """Row position by value of a unique column (the first row for repeated values)."""
        idx = self._by.get(column)
        if idx is None:
            idx = {}
            for i, r in enumerate(self.rows):
                idx.setdefault(r[column], i)
            self._by[column] = idx
        return idx

    def groups(self, column: str, order_by: str | None) -> dict[Any, list[int]]:
        """Row positions per value of ``column``, in ``order_by`` order (else row order)."""
        key = f"{column}|{order_by}"
        g = self._groups.get(key)
        if g is None:
            g = {}
            for i, r in enumerate(self.rows):
                g.setdefault(r[column], []).append(i)
            if order_by is not None:
                rows = self.rows
                for v in g.values():
                    v.sort(key=lambda i: (rows[i][order_by] is None, rows[i][order_by]))
            self._groups[key] = g
        return g


class Record:
    """One row, as templates see it: ``row.column``, ``row.parent_alias.column``, ``row['column']``."""

    __slots__ = ("_data", "_row", "_source", "_world")

    def __init__(self, data: TableData, row: dict[str, Any], world: World) -> None:
        self._data = data
        self._row = row
        self._world = world
        self._source: dict[str, Any] | None = None

    @property
    def table(self) -> str:
        return self._data.name

    def key(self) -> dict[str, Any]:
        if self._source is None:
            self._source = self._data.key_of(self._row)
        return self._source

    def raw(self, column: str) -> Any:
        return self._row[column]

    def get(self, name: str) -> Any:
        row = self._row
        if name in row:
            v = row[name]
            if v is None:
                return None
            label = self._world.labels.get((self._data.name, name))
            if label is None:
                return v
            key = self._source
            if key is None:
                key = self._source = self._data.key_of(row)
            return tag(v, label, {"table": self._data.name, "key": key, "columns": [name]})
        tp = self._data.tp
        fk = tp.aliases.get(name) or tp.aliases.get(name + "s") or tp.aliases.get(name + "_id")
        if fk is not None:
            lk = tp.links[fk]
            value = row.get(fk)
            if value is None:
                return None
            return self._world.record(lk.table, lk.key, value)
        kids = self._world.child_link(self._data.name, name)
        if kids is not None:
            child, on, pkey = kids
            return self._world.wrap(child, self._world.table(child).groups(on, None).get(row[pkey], []))
        choices = list(row) + list(tp.aliases) + self._world.child_names(self._data.name)
        raise TemplateNameError(
            f"table '{self._data.name}' has no column or parent '{name}'" + did_you_mean(name, choices)
        )

    def __getitem__(self, name: str) -> Any:
        return self.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self._row or name in self._data.tp.aliases

    def __iter__(self) -> Iterator[str]:
        return iter(self._row)

    def __repr__(self) -> str:
        return f"<{self._data.name} {self._data.key_of(self._row)}>"


class World:
    """Every table a run's documents read, and the entity label of each column."""

    def __init__(
        self, plan: Plan, frames: Mapping[str, pl.DataFrame], labels: dict[tuple[str, str], str | None]
    ) -> None:
        self.plan = plan
        self.frames = frames
        self.labels = labels
        self._tables: dict[str, TableData] = {}

    def table(self, name: str) -> TableData:
        t = self._tables.get(name)
        if t is None:
            t = self._tables[name] = TableData(name, self.frames[name], self.plan.tables[name])
        return t

    def record(self, table: str, column: str, value: Any) -> Record | None:
        data = self.table(table)
        i = data.by(column).get(value)
        return None if i is None else Record(data, data.rows[i], self)

    def child_link(self, table: str, name: str) -> tuple[str, str, str] | None:
        """``(child table, its FK column, this table's key)`` for a child table with one FK to ``table``."""
        ctp = self.plan.tables.get(name)
        if ctp is None:
            return None
        fks = [lk for lk in ctp.links.values() if lk.table == table and not lk.self_ref]
        return (name, fks[0].column, fks[0].key) if len(fks) == 1 else None

    def child_names(self, table: str) -> list[str]:
        return [t for t in self.plan.tables if self.child_link(table, t) is not None]

    def wrap(self, table: str, positions: list[int]) -> list[Record]:
        data = self.table(table)
        return [Record(data, data.rows[i], self) for i in positions]
