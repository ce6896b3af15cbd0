"""The OpenAPI 3.1 document of a served dataset: a schema per table and every route.

Built from the same :class:`ApiModel` the server validates writes with, so the document
promises what the server enforces: kinds and formats, enums, bounds, patterns, required
columns; examples are taken from the generated rows.
"""

from __future__ import annotations

from typing import Any

from simulacra.serve.model import ApiColumn, ApiModel, ApiTable
from simulacra.serve.query import DEFAULT_LIMIT, MAX_LIMIT, MAX_Q, RESERVED, text_columns

__all__ = ["openapi_document"]

_TYPES = {
    "integer": ("integer", None),
    "number": ("number", None),
    "boolean": ("boolean", None),
    "date": ("string", "date"),
    "datetime": ("string", "date-time"),
    "string": ("string", None),
}
_PROBLEM = {"$ref": "#/components/responses/Problem"}


def _value_schema(col: ApiColumn, *, nullable: bool) -> dict[str, Any]:
    typ, fmt = _TYPES[col.kind]
    out: dict[str, Any] = {"type": [typ, "null"] if nullable else typ}
    fmt = fmt or col.format
    if fmt:
        out["format"] = fmt
    if col.enum is not None:
        out["enum"] = list(col.enum) + ([None] if nullable else [])
    if col.kind in ("integer", "number"):
        if isinstance(col.minimum, (int, float)):
            out["minimum"] = col.minimum
        if isinstance(col.maximum, (int, float)):
            out["maximum"] = col.maximum
        if col.kind == "integer":
            out.setdefault("minimum", -(2**63))
            out.setdefault("maximum", 2**63 - 1)
    if col.pattern is not None:
        out["pattern"] = "^(?:" + col.pattern + ")$"
    return out


def _column_schema(col: ApiColumn, *, nullable: bool) -> dict[str, Any]:
    out = _value_schema(col, nullable=nullable)
    if col.description:
        out["description"] = col.description
    elif col.foreign_key:
        out["description"] = f"foreign key to {col.foreign_key[0]}.{col.foreign_key[1]}"
    if col.example is not None:
        out["examples"] = [col.example]
    return out


def _row_schema(table: ApiTable) -> dict[str, Any]:
    return {
        "type": "object",
        "description": table.description or f"a row of {table.name}",
        "properties": {c.name: _column_schema(c, nullable=c.nullable) for c in table.columns.values()},
        "required": list(table.columns),
    }


def _input_schema(table: ApiTable, *, patch: bool) -> dict[str, Any]:
    props = {}
    for c in table.columns.values():
        s = _column_schema(c, nullable=c.nullable)
        if c.name == table.primary_key or c.name in table.key_columns:
            s = _column_schema(c, nullable=False)
            s["description"] = (
                "the key; left out on create, it is made as the column's generator makes keys"
                if table.key_generator is not None
                else "the key"
            )
        props[c.name] = s
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if not patch:
        out["required"] = [c.name for c in table.columns.values() if c.required]
    return out


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _filters(table: ApiTable) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = []
    for c in table.columns.values():
        base = _value_schema(c, nullable=False)
        base.pop("enum", None) if c.kind == "boolean" else None
        params.append(
            {
                # a column named as a reserved parameter (sort, q, fields…) is filtered as name.eq
                "name": c.name if c.name not in RESERVED else f"{c.name}.eq",
                "in": "query",
                "required": False,
                "schema": base,
                "description": f"rows whose {c.name} equals this (repeat for any of several)",
            }
        )
        params.append(
            {
                "name": f"{c.name}.ne",
                "in": "query",
                "required": False,
                "schema": base,
                "description": f"rows whose {c.name} differs from this (nulls included)",
            }
        )
        params.append(
            {
                "name": f"{c.name}.in",
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": f"rows whose {c.name} is one of these comma-separated values",
            }
        )
        if c.kind != "boolean":
            plain = {k: v for k, v in base.items() if k not in ("enum", "pattern")}
            for op, word in (("gt", "greater than"), ("gte", "at least"), ("lt", "less than"), ("lte", "at most")):
                params.append(
                    {
                        "name": f"{c.name}.{op}",
                        "in": "query",
                        "required": False,
                        "schema": plain,
                        "description": f"rows whose {c.name} is {word} this",
                    }
                )
        params.append(
            {
                "name": f"{c.name}.null",
                "in": "query",
                "required": False,
                "schema": {"type": "boolean"},
                "description": f"rows whose {c.name} is null (true) or not (false)",
            }
        )
    return params


def _paging(table: ApiTable, expandable: bool) -> list[dict[str, Any]]:
    sortable = [c for c in table.columns] + [f"-{c}" for c in table.columns]
    out = [
        {
            "name": "sort",
            "in": "query",
            "required": False,
            "description": "columns to sort by, comma-separated; '-' descending",
            "schema": {"type": "string", "examples": [sortable[-1]]},
        },
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "description": f"rows per page (default {DEFAULT_LIMIT})",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        },
        {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}},
        {
            "name": "cursor",
            "in": "query",
            "required": False,
            "description": "the X-Next-Cursor of the previous page",
            "schema": {"type": "string"},
        },
    ]
    out.append(_fields_param(table))
    texts = text_columns(table)
    if texts:
        out.append(
            {
                "name": "q",
                "in": "query",
                "required": False,
                "description": "rows where any text column ("
                + ", ".join(texts)
                + ") holds this text; letters compared without case",
                "schema": {"type": "string", "minLength": 1, "maxLength": MAX_Q},
            }
        )
    if expandable and table.expands:
        out.append(
            {
                "name": "expand",
                "in": "query",
                "required": False,
                "description": "embed parent rows",
                "schema": {"type": "string", "enum": list(table.expands)},
            }
        )
    return out


def _fields_param(table: ApiTable) -> dict[str, Any]:
    return {
        "name": "fields",
        "in": "query",
        "required": False,
        "description": "only these columns in each row, comma-separated (expanded parents are kept)",
        "style": "form",
        "explode": False,
        "schema": {"type": "array", "items": {"type": "string", "enum": list(table.columns)}, "minItems": 1},
    }


def _rows_or_fields(table: ApiTable) -> dict[str, Any]:
    """A row, or the part of one that ``?fields=`` names."""
    return {"anyOf": [_ref(table.name), _ref(f"{table.name}_fields")]}


_LIST_HEADERS = {
    "X-Total-Count": {"description": "rows matching the filters", "schema": {"type": "integer"}},
    "Link": {"description": "RFC 8288 links: first, prev, next, last", "schema": {"type": "string"}},
    "X-Next-Cursor": {
        "description": "pass as ?cursor= for the next page (absent on the last)",
        "schema": {"type": "string"},
    },
}


def _list_op(
    table: ApiTable, summary: str, op_id: str, extra_params: list[dict[str, Any]], expandable: bool
) -> dict[str, Any]:
    return {
        "summary": summary,
        "operationId": op_id,
        "tags": [table.name],
        "parameters": extra_params + _filters(table) + _paging(table, expandable),
        "responses": {
            "200": {
                "description": "the matching rows",
                "headers": _LIST_HEADERS,
                "content": {
                    "application/json": {"schema": {"type": "array", "items": _rows_or_fields(table)}},
                    "text/csv": {"schema": {"type": "string"}},  # on Accept: text/csv (a header row first)
                    "application/x-ndjson": {"schema": {"type": "string"}},  # on Accept: one row per line
                },
            },
            "default": _PROBLEM,
        },
    }


def openapi_document(model: ApiModel, *, token: bool = False, title: str | None = None) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    for t in model.tables.values():
        schemas[t.name] = _row_schema(t)
        schemas[f"{t.name}_fields"] = {
            "type": "object",
            "description": f"the columns of a row of {t.name} that ?fields= names",
            "properties": schemas[t.name]["properties"],
        }
        schemas[f"{t.name}_input"] = _input_schema(t, patch=False)
        schemas[f"{t.name}_patch"] = _input_schema(t, patch=True)
        body = {
            "required": True,
            "content": {
                "application/json": {"schema": _ref(f"{t.name}_input")},
                "application/x-www-form-urlencoded": {"schema": _ref(f"{t.name}_input")},
            },
        }
        create_body = {
            "required": True,
            "description": "one row (JSON, a form), or several in one transaction: a JSON array, "
            "CSV with a header row, or NDJSON",
            "content": {
                "application/json": {
                    "schema": {"oneOf": [_ref(f"{t.name}_input"), {"type": "array", "items": _ref(f"{t.name}_input")}]}
                },
                "application/x-www-form-urlencoded": {"schema": _ref(f"{t.name}_input")},
                "text/csv": {"schema": {"type": "string"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
            },
        }
        one = {"content": {"application/json": {"schema": _ref(t.name)}}}
        one_or_fields = {"content": {"application/json": {"schema": _rows_or_fields(t)}}}
        created = {
            "content": {
                "application/json": {"schema": {"oneOf": [_ref(t.name), {"type": "array", "items": _ref(t.name)}]}}
            }
        }
        paths[f"/{t.name}"] = {
            "get": _list_op(t, f"List {t.name}", f"list_{t.name}", [], True),
            "post": {
                "summary": f"Create a row of {t.name}",
                "operationId": f"create_{t.name}",
                "tags": [t.name],
                "requestBody": create_body,
                "responses": {
                    "201": {
                        "description": "created (the row, or the rows of a body of several)",
                        **created,
                        "headers": {"Location": {"schema": {"type": "string"}}},
                    },
                    "default": _PROBLEM,
                },
            },
        }
        if t.key_columns:
            key_params = [
                {
                    "name": "id" if len(t.key_columns) == 1 else c,
                    "in": "path",
                    "required": True,
                    "description": f"the {c}" + (" (a part of the composite key)" if len(t.key_columns) > 1 else ""),
                    "schema": _value_schema(t.columns[c], nullable=False),
                }
                for c in t.key_columns
            ]
            id_param = key_params[0]
            key_path = (
                f"/{t.name}/{{id}}"
                if len(t.key_columns) == 1
                else f"/{t.name}/" + "/".join(f"{{{c}}}" for c in t.key_columns)
            )
            paths[key_path] = {
                "parameters": key_params,
                "get": {
                    "summary": f"Get a row of {t.name}",
                    "operationId": f"get_{t.name}",
                    "tags": [t.name],
                    "parameters": (
                        [
                            {
                                "name": "expand",
                                "in": "query",
                                "required": False,
                                "schema": {"type": "string", "enum": list(t.expands)},
                            }
                        ]
                        if t.expands
                        else []
                    )
                    + [_fields_param(t)],
                    "responses": {"200": {"description": "the row", **one_or_fields}, "default": _PROBLEM},
                },
                "put": {
                    "summary": f"Replace a row of {t.name}",
                    "operationId": f"replace_{t.name}",
                    "tags": [t.name],
                    "requestBody": body,
                    "responses": {"200": {"description": "replaced", **one}, "default": _PROBLEM},
                },
                "patch": {
                    "summary": f"Change columns of a row of {t.name}",
                    "operationId": f"patch_{t.name}",
                    "tags": [t.name],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": _ref(f"{t.name}_patch")},
                            "application/x-www-form-urlencoded": {"schema": _ref(f"{t.name}_patch")},
                        },
                    },
                    "responses": {"200": {"description": "changed", **one}, "default": _PROBLEM},
                },
                "delete": {
                    "summary": f"Delete a row of {t.name}" + (" (and its children where the spec says cascade)"),
                    "operationId": f"delete_{t.name}",
                    "tags": [t.name],
                    "responses": {"204": {"description": "deleted"}, "default": _PROBLEM},
                },
            }
            for link in t.children:
                if not link.route or t.primary_key is None:
                    continue
                child = model.tables[link.table]
                paths[f"/{t.name}/{{id}}/{link.table}"] = {
                    "get": _list_op(
                        child,
                        f"List the {link.table} of a row of {t.name}",
                        f"list_{t.name}_{link.table}",
                        [id_param],
                        False,
                    )
                }
    paths["/_reset"] = {
        "post": {
            "summary": "Restore the generated state",
            "operationId": "reset",
            "tags": ["admin"],
            "responses": {
                "200": {
                    "description": "rows per table after the reset",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "default": _PROBLEM,
            },
        }
    }
    paths["/_stats"] = {
        "get": {
            "summary": "Requests served, by route and status, with latencies",
            "operationId": "stats",
            "tags": ["admin"],
            "responses": {
                "200": {"description": "counters", "content": {"application/json": {"schema": {"type": "object"}}}},
                "default": _PROBLEM,
            },
        }
    }
    schemas["Problem"] = {
        "type": "object",
        "description": "RFC 9457 problem details",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "field": {"type": ["string", "null"]},
            "rule": {"type": "string"},
            "value": {},
            "errors": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["title", "status"],
    }
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": title or f"{model.name} (simulacra mock API)",
            "version": "1.0.0",
            "description": (model.description or "") + "\n\nServed by `simulacra serve` over generated data.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {
                "Problem": {
                    "description": "a refusal or an error (RFC 9457)",
                    "content": {"application/problem+json": {"schema": _ref("Problem")}},
                }
            },
        },
    }
    if token:
        doc["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        doc["security"] = [{"bearer": []}]
    return doc
