"""The read tools: get a row by key, search with equality filters, list a parent's children (label columns hidden)."""

from __future__ import annotations

import sqlite3
from typing import Any

from simulacra.envs._schema import EnvSchema, TableInfo
from simulacra.envs.tools import SEARCH_LIMIT, ToolError

__all__ = ["read"]


def _rows(conn: sqlite3.Connection, t: TableInfo, where: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    cols = ", ".join(f'"{c}"' for c in t.visible)
    cond = " AND ".join(f'"{c}" = ?' for c in where) or "1"
    order = f' ORDER BY "{t.key}"' if t.key else " ORDER BY rowid"
    cur = conn.execute(f'SELECT {cols} FROM "{t.name}" WHERE {cond}{order} LIMIT ?', (*where.values(), limit))
    return [dict(zip(t.visible, tuple(r))) for r in cur.fetchall()]


def read(conn: sqlite3.Connection, schema: EnvSchema, tool: str, args: dict[str, Any]) -> Any:
    """Run a read tool (its arguments already checked against its schema)."""
    kind, _, rest = tool.partition("_")
    if kind == "get":
        t = schema.tables[rest]
        assert t.key is not None
        rows = _rows(conn, t, {t.key: args[t.key]}, 1)
        if not rows:
            raise ToolError(f"{tool}: no {rest} row with {t.key} = {args[t.key]!r}")
        return rows[0]
    if kind == "search":
        t = schema.tables[rest]
        filters = {k: v for k, v in args.items() if k != "limit"}
        if not filters:
            raise ToolError(f"{tool}: give at least one filter (a column of {rest})")
        return _rows(conn, t, filters, int(args.get("limit", SEARCH_LIMIT)))
    # list_<table>_by_<fk>: the tool table resolved by the caller
    table, fk = _list_target(schema, tool)
    return _rows(conn, schema.tables[table], {fk: args[fk]}, 1000)


def _list_target(schema: EnvSchema, tool: str) -> tuple[str, str]:
    for name, t in schema.tables.items():
        for fk in t.parents:
            if tool == f"list_{name}_by_{fk}":
                return name, fk
    raise ToolError(f"unknown tool {tool!r}")
