"""Carrying out a domain action: its row, its preconditions, the policy rules that bind it, then its effects.

Every value reaches SQL as a bound parameter; the SQL text comes from the spec (its author's expressions),
never from the agent. A refused or failing call leaves the database as it was (one savepoint).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from simulacra.envs._db import Changes, row_by_key
from simulacra.envs._schema import EnvSchema
from simulacra.envs.tools import ToolError, action_key
from simulacra.spec import model as m

__all__ = ["Refusal", "apply_action", "judge_action", "owner_key"]


@dataclass(frozen=True)
class Refusal:
    """Why an action would not run: a failed precondition or a policy rule (kind: precondition, needs_approval, forbid)."""

    kind: str
    rule: str | None
    message: str


def _binds(action: m.ActionSpec, schema: EnvSchema, args: dict[str, Any]) -> dict[str, Any]:
    return {**args, "now": schema.now, "__key": args[action_key(action, schema)]}


def _holds(conn: sqlite3.Connection, table: str, key: str, predicate: str, binds: dict[str, Any]) -> bool:
    row = conn.execute(f'SELECT ({predicate}) FROM "{table}" WHERE "{key}" = :__key', binds).fetchone()
    return bool(row and row[0])


def judge_action(
    conn: sqlite3.Connection, schema: EnvSchema, action: m.ActionSpec, policy: m.PolicySpec | None, args: dict[str, Any]
) -> Refusal | None:
    """None when the action may run with these (type-checked) arguments, else why not."""
    table = schema.tables[action.table]
    assert table.key is not None
    binds = _binds(action, schema, args)
    if row_by_key(conn, action.table, table.key, binds["__key"]) is None:
        return Refusal("precondition", None, f"no {action.table} row with {table.key} = {binds['__key']!r}")
    for pre in action.preconditions:
        if not _holds(conn, action.table, table.key, pre.check, binds):
            return Refusal("precondition", None, pre.message)
    for rule in policy.rules if policy else []:
        if rule.action == action.name and rule.when and _holds(conn, action.table, table.key, rule.when, binds):
            if rule.outcome == "needs_approval":
                return Refusal(
                    "needs_approval",
                    rule.id,
                    f"policy '{rule.id}': {rule.text} This needs a supervisor's "
                    f"approval: hand the case to a human (transfer_to_human).",
                )
            return Refusal("forbid", rule.id, f"policy '{rule.id}': {rule.text} Refused.")
    return None


def owner_key(conn: sqlite3.Connection, schema: EnvSchema, table: str, key: Any, owner: str) -> Any:
    """The key of the ``owner`` row a row belongs to, following foreign keys up (the row's own key when it is one)."""
    seen = set()
    while table != owner:
        if table in seen:
            return None
        seen.add(table)
        info = schema.tables[table]
        row = row_by_key(conn, table, info.key or "", key) if info.key else None
        if row is None:
            return None
        step = _path_to(schema, table, owner)
        if step is None or row.get(step) is None:
            return None
        table, key = info.parents[step], row[step]
    return key


def _path_to(schema: EnvSchema, table: str, owner: str, depth: int = 6) -> str | None:
    """The foreign key of ``table`` that leads (through parents) to ``owner``."""
    for fk, parent in schema.tables[table].parents.items():
        if parent == owner or (
            depth > 0 and parent != table and _path_to(schema, parent, owner, depth - 1) is not None
        ):
            return fk
    return None


def apply_action(
    conn: sqlite3.Connection,
    schema: EnvSchema,
    action: m.ActionSpec,
    policy: m.PolicySpec | None,
    args: dict[str, Any],
    changes: Changes,
    identified: set[Any] | None = None,
) -> dict[str, Any]:
    """Run the action; returns the changed rows. Raises ToolError (database unchanged) when it may not run or fails.

    With ``policy.identify_by``, the row's owner must be in ``identified`` (found by that column this episode)."""
    refusal = judge_action(conn, schema, action, policy, args)
    if refusal is not None:
        raise ToolError(f"{action.name}: {refusal.message}")
    if policy is not None and policy.identify_by and identified is not None:
        owner, column = policy.identify_by.split(".")
        mine = owner_key(conn, schema, action.table, args[action_key(action, schema)], owner)
        if mine is not None and mine not in identified:
            raise ToolError(
                f"{action.name}: policy 'identify_by': first find the {owner} row this belongs to by its "
                f"{column} (search_{owner}); nothing was changed"
            )
    table = schema.tables[action.table]
    assert table.key is not None
    binds = _binds(action, schema, args)
    conn.execute("SAVEPOINT action")
    touched: list[tuple[str, str, Any]] = []
    try:
        for effect in action.effects:
            if effect.set is not None:
                changes.touch(conn, action.table, table.key, binds["__key"])
                sets = ", ".join(f'"{c}" = ({e})' for c, e in effect.set.items())
                conn.execute(f'UPDATE "{action.table}" SET {sets} WHERE "{table.key}" = :__key', binds)
                touched.append((action.table, table.key, binds["__key"]))
            else:
                target = schema.tables[effect.insert or ""]
                nxt = conn.execute(f'SELECT COALESCE(MAX(rowid), 0) + 1 FROM "{target.name}"').fetchone()[0]
                cols = ", ".join(f'"{c}"' for c in effect.values)
                exprs = ", ".join(f"({e})" for e in effect.values.values())
                cur = conn.execute(
                    f'INSERT INTO "{target.name}" ({cols}) SELECT {exprs} FROM "{action.table}" '
                    f'WHERE "{table.key}" = :__key',
                    {**binds, "next_id": nxt},
                )
                if target.key:
                    new_key = conn.execute(
                        f'SELECT "{target.key}" FROM "{target.name}" WHERE rowid = ?', (cur.lastrowid,)
                    ).fetchone()[0]
                    changes.touch(conn, target.name, target.key, new_key, new=True)
                    touched.append((target.name, target.key, new_key))
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK TO action")
        conn.execute("RELEASE action")
        raise ToolError(f"{action.name}: the change could not be made ({exc}); nothing was changed") from None
    conn.execute("RELEASE action")
    return {
        "ok": True,
        "changed": [{"table": t, "row": _visible(schema, t, row_by_key(conn, t, k, v))} for t, k, v in touched],
    }


def _visible(schema: EnvSchema, table: str, row: dict[str, Any] | None) -> dict[str, Any] | None:
    hidden = schema.tables[table].hidden
    return None if row is None else {k: v for k, v in row.items() if k not in hidden}
