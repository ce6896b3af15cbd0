"""The tools of an environment as JSON-Schema function definitions, and argument checking.

Read tools come from the tables (get by key, search with filters, list children); write tools from the
spec's ``actions:``; two built-ins end or hand off an episode: ``transfer_to_human`` and ``finish``.
"""

from __future__ import annotations

import math
from typing import Any

from simulacra.envs._schema import EnvSchema
from simulacra.spec import model as m

__all__ = ["FINISH", "TRANSFER", "ToolError", "check_arguments", "tool_definitions"]

FINISH = "finish"
TRANSFER = "transfer_to_human"
SEARCH_LIMIT = 20


class ToolError(Exception):
    """A tool call that cannot be carried out; its message goes back to the agent as the observation."""


def _fn(name: str, description: str, props: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "name": name,
        "description": description,
        "parameters": {"type": "object", "properties": props, "required": required, "additionalProperties": False},
    }


def _param_schema(p: m.ActionParam) -> dict[str, Any]:
    s: dict[str, Any] = {"type": p.type}
    if p.description:
        s["description"] = p.description
    if p.enum is not None:
        s["enum"] = list(p.enum)
    if p.min is not None:
        s["minimum"] = p.min
    if p.max is not None:
        s["maximum"] = p.max
    return s


def action_key(action: m.ActionSpec, schema: EnvSchema) -> str:
    return action.key or schema.tables[action.table].key or ""


def action_params(action: m.ActionSpec, schema: EnvSchema) -> dict[str, dict[str, Any]]:
    """Every parameter of an action as JSON Schema, its row's key first."""
    table = schema.tables[action.table]
    key = action_key(action, schema)
    props: dict[str, dict[str, Any]] = {}
    if key not in action.params:
        props[key] = {"type": table.columns[table.key or key], "description": f"the {action.table} row's {table.key}"}
    props.update({n: _param_schema(p) for n, p in action.params.items()})
    return props


def tool_definitions(schema: EnvSchema, actions: list[m.ActionSpec]) -> list[dict[str, Any]]:
    """All tools, in a stable order: read tools per table, then actions, then the built-ins."""
    tools = []
    for name, t in schema.tables.items():
        if name.startswith("_"):
            continue
        if t.key:
            tools.append(
                _fn(f"get_{name}", f"Get one {name} row by its {t.key}.", {t.key: {"type": t.columns[t.key]}}, [t.key])
            )
        filters: dict[str, dict[str, Any]] = {
            c: {"type": t.columns[c], "description": f"only rows whose {c} equals this"} for c in t.visible
        }
        filters["limit"] = {
            "type": "integer",
            "minimum": 1,
            "maximum": 100,
            "description": f"at most this many rows (default {SEARCH_LIMIT})",
        }
        tools.append(
            _fn(
                f"search_{name}",
                f"Find {name} rows whose columns equal the given values (at least one filter).",
                filters,
                [],
            )
        )
        for fk, parent in t.parents.items():
            pk = schema.tables[parent].key
            if pk:
                tools.append(
                    _fn(
                        f"list_{name}_by_{fk}",
                        f"List the {name} rows of one {parent} row (by {fk}).",
                        {fk: {"type": t.columns[fk]}},
                        [fk],
                    )
                )
    for a in actions:
        props = action_params(a, schema)
        tools.append(_fn(a.name, a.description, props, list(props)))
    tools.append(
        _fn(
            TRANSFER,
            "Hand the case to a human agent (supervisor); use when the policy says a human must decide "
            "or the user needs something no tool can do.",
            {"summary": {"type": "string"}},
            ["summary"],
        )
    )
    tools.append(
        _fn(
            FINISH,
            "End the conversation with your final answer (or your question) to the user.",
            {"answer": {"type": "string"}},
            ["answer"],
        )
    )
    return tools


_PY = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,)}


def check_arguments(tool: dict[str, Any], arguments: Any) -> dict[str, Any]:
    """The arguments, checked against the tool's JSON Schema (types, enum, bounds, required, unknown)."""
    if not isinstance(arguments, dict):
        raise ToolError(f"{tool['name']}: arguments must be an object, got {type(arguments).__name__}")
    params = tool["parameters"]
    unknown = sorted(set(arguments) - set(params["properties"]))
    if unknown:
        raise ToolError(
            f"{tool['name']}: unknown argument(s) {', '.join(unknown)}; expected {', '.join(params['properties'])}"
        )
    missing = [r for r in params["required"] if r not in arguments]
    if missing:
        raise ToolError(f"{tool['name']}: missing argument(s) {', '.join(missing)}")
    for name, value in arguments.items():
        s = params["properties"][name]
        ok = isinstance(value, _PY[s["type"]]) and not (s["type"] != "boolean" and isinstance(value, bool))
        if value is not None and not ok:
            raise ToolError(
                f"{tool['name']}: argument {name} must be {s['type']}, got {type(value).__name__} {value!r}"
            )
        if value is None:
            raise ToolError(f"{tool['name']}: argument {name} must not be null")
        if isinstance(value, float) and not math.isfinite(value):
            raise ToolError(f"{tool['name']}: argument {name} must be a finite number, got {value!r}")
        if "enum" in s and value not in s["enum"]:
            raise ToolError(f"{tool['name']}: argument {name} must be one of {s['enum']}, got {value!r}")
        if "minimum" in s and value < s["minimum"]:
            raise ToolError(f"{tool['name']}: argument {name} must be >= {s['minimum']}, got {value!r}")
        if "maximum" in s and value > s["maximum"]:
            raise ToolError(f"{tool['name']}: argument {name} must be <= {s['maximum']}, got {value!r}")
    return arguments
