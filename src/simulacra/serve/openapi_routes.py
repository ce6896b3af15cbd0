"""Serve the paths an OpenAPI document describes, from one generated dataset (``serve --openapi``).

Each operation is matched to a table by its schemas: a response (or body) that is a table's
component schema, or an array of them. ``GET`` with the key as the last path parameter reads
one object, ``GET`` of an array lists (query parameters naming a property filter it; a path
parameter naming a parent filters by that foreign key), ``POST``/``PUT``/``PATCH`` with a body
create or change, ``DELETE`` deletes. Other operations answer an instance of their declared
response schema. Objects are assembled from rows (parents embedded, linked rows as arrays), so
the order ``/store/order/{id}`` returns names the pet that ``/pet/{id}`` returns. Request bodies
and parameters are validated against the document (400/422 problem+json).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulacra.serve.app import ServeState, json_response, read_json
from simulacra.serve.openapi_spec import Shape, load_document, merged, openapi_to_spec, ref_name, resolve, snake
from simulacra.serve.problems import ApiProblem, Issue
from simulacra.serve.store import q
from simulacra.serve.values import from_query

__all__ = ["build_openapi_state", "openapi_routes"]

_METHODS = ("get", "post", "put", "patch", "delete")
_MAX_DEPTH = 3


def _json_schema(node: Any, version31: bool) -> Any:
    """OpenAPI 3.0 schema keywords as JSON Schema (nullable → a null type; exclusive bounds as numbers)."""
    if isinstance(node, list):
        return [_json_schema(n, version31) for n in node]
    if not isinstance(node, dict):
        return node
    out = {
        k: _json_schema(v, version31)
        for k, v in node.items()
        if k not in ("xml", "example", "discriminator", "externalDocs")
    }
    if not version31:
        if out.pop("nullable", False) and "type" in out:
            out["type"] = [out["type"], "null"] if isinstance(out["type"], str) else out["type"] + ["null"]
        for bound, key in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            if out.get(bound) is True and key in out:
                out[bound] = out.pop(key)
            elif out.get(bound) is False:
                out.pop(bound)
    return out


class Validator:
    """Validates values against schemas of the document (its components resolve)."""

    def __init__(self, doc: dict[str, Any]) -> None:
        import jsonschema  # type: ignore[import-untyped]

        self.v31 = str(doc.get("openapi", "")).startswith("3.1")
        self.components = _json_schema(doc.get("components") or {}, self.v31)
        self.cls = jsonschema.Draft202012Validator

    def errors(self, schema: Any, value: Any) -> list[Issue]:
        root = {**_json_schema(schema, self.v31), "components": self.components}
        out = []
        for err in self.cls(root).iter_errors(value):
            where = "/".join(str(p) for p in err.absolute_path) or None
            missing = (
                re.match(r"'([^']+)' is a required property", err.message) if err.validator == "required" else None
            )
            if missing:
                where = "/".join([*(str(p) for p in err.absolute_path), missing.group(1)])
            out.append(
                Issue(
                    where,
                    f"{err.validator}: {err.message[:200]}",
                    err.instance if not isinstance(err.instance, (dict, list)) else None,
                )
            )
            if len(out) >= 20:
                break
        return out


def _json_content(node: Any, doc: dict[str, Any]) -> Any:
    node = resolve(doc, node)
    content = (node or {}).get("content") or {}
    for ctype, media in content.items():
        if ctype.split(";")[0].strip() in ("application/json", "*/*") or ctype.endswith("+json"):
            return (media or {}).get("schema", {})
    return None


def _success(op: dict[str, Any], doc: dict[str, Any]) -> tuple[int, Any]:
    responses = op.get("responses") or {}
    for code in sorted(responses, key=str):
        if str(code).startswith("2"):
            return int(code), _json_content(responses[code], doc)
    if "default" in responses:
        return 200, _json_content(responses["default"], doc)
    return 200, None


def example_of(doc: dict[str, Any], schema: Any, depth: int = 0) -> Any:
    """A small instance of a schema (its example, default, first enum value, or built from its type)."""
    schema = merged(doc, schema)
    if not isinstance(schema, dict) or depth > 6:
        return None
    for key in ("example", "default"):
        if key in schema:
            return copy.deepcopy(schema[key])
    if schema.get("enum"):
        return schema["enum"][0]
    for combo in ("oneOf", "anyOf"):
        if schema.get(combo):
            return example_of(doc, schema[combo][0], depth + 1)
    typ = schema.get("type")
    if isinstance(typ, list):
        typ = next((t for t in typ if t != "null"), None)
    if typ == "object" or "properties" in schema:
        return {
            k: example_of(doc, v, depth + 1)
            for k, v in (schema.get("properties") or {}).items()
            if k in (schema.get("required") or []) or depth < 2
        }
    if typ == "array":
        return []
    if typ == "integer":
        return int(schema.get("minimum", 0))
    if typ == "number":
        return float(schema.get("minimum", 0))
    if typ == "boolean":
        return True
    if typ == "string":
        return {
            "date": "2024-01-01",
            "date-time": "2024-01-01T00:00:00Z",
            "email": "user@example.com",
            "uuid": "00000000-0000-4000-8000-000000000000",
        }.get(str(schema.get("format")), "string")
    return None


class OpenApiServer:
    """Handlers that answer in the document's shapes, over the store of its generated dataset."""

    def __init__(self, state: ServeState, doc: dict[str, Any], shapes: dict[str, Shape]) -> None:
        self.s = state
        self.doc = doc
        self.shapes = shapes
        self.by_schema = {sh.schema: sh for sh in shapes.values()}
        self.validator = Validator(doc)

    # ------------------------------------------------------------------ rows → objects

    def render(self, table: str, row: dict[str, Any], depth: int = 0) -> dict[str, Any]:
        shape = self.shapes[table]
        store = self.s.store
        out: dict[str, Any] = {}
        for f in shape.fields:
            if f.kind == "column":
                if f.column is not None and row.get(f.column) is not None:
                    out[f.prop] = row[f.column]
            elif f.kind == "parent" and depth < _MAX_DEPTH:
                assert f.table is not None and f.column is not None
                if row.get(f.column) is not None:
                    parent = store.get(f.table, self.shapes[f.table].key, row[f.column])
                    if parent is not None:
                        out[f.prop] = self.render(f.table, parent, depth + 1)
            elif f.kind == "values":
                assert f.table is not None
                vals = store.rows(f.table, f"{store.select(f.table)} WHERE {q('owner_key')} = ?", [row[shape.key]])
                out[f.prop] = [v["value"] for v in vals if v["value"] is not None]
            elif f.kind == "links" and depth < _MAX_DEPTH:
                assert f.table is not None and f.target is not None
                links = store.rows(f.table, f"{store.select(f.table)} WHERE {q('owner_key')} = ?", [row[shape.key]])
                items = []
                for link in links:
                    target = store.get(f.target, self.shapes[f.target].key, link["item_key"])
                    if target is not None:
                        items.append(self.render(f.target, target, depth + 1))
                out[f.prop] = items
        return out

    # ------------------------------------------------------------------ objects → rows

    def ingest(self, table: str, obj: dict[str, Any], key: Any = None) -> Any:
        """Write a document object (create, or replace the row ``key``); its key."""
        shape = self.shapes[table]
        model_table = self.s.model.tables[table]
        values: dict[str, Any] = {}
        after: list[tuple[Any, Any]] = []
        for f in shape.fields:
            if f.prop not in obj:
                continue
            value = obj[f.prop]
            if f.kind == "column":
                values[f.column] = value  # type: ignore[index]
            elif f.kind == "parent" and isinstance(value, dict):
                pkey = self.shapes[f.table].key  # type: ignore[index]
                given = value.get("id") if pkey == "id" else None
                if given is not None and self.s.store.get(f.table, pkey, given) is not None:  # type: ignore[arg-type]
                    values[f.column] = given  # type: ignore[index]
                else:
                    values[f.column] = self.ingest(f.table, value)  # type: ignore[arg-type,index]
            elif f.kind in ("values", "links") and isinstance(value, list):
                after.append((f, value))
        writer = self.s.writer
        if key is None:
            row = writer.create(model_table, values)
            key = row[shape.key]
        else:
            writer.update(model_table, key, values, partial=True)
        for f, items in after:
            with self.s.store.transaction() as conn:
                conn.execute(f"DELETE FROM {q(f.table)} WHERE {q('owner_key')} = ?", [key])
            for item in items:
                if f.kind == "values":
                    writer.create(self.s.model.tables[f.table], {"owner_key": key, "value": item})
                elif isinstance(item, dict):
                    tkey = self.shapes[f.target].key
                    given = item.get("id") if tkey == "id" else None
                    if given is None or self.s.store.get(f.target, tkey, given) is None:
                        given = self.ingest(f.target, item)
                    writer.create(self.s.model.tables[f.table], {"owner_key": key, "item_key": given})
        return key

    # ------------------------------------------------------------------ routes

    def _table_of(self, schema: Any) -> tuple[str | None, bool]:
        """The table a schema is (or is an array of), and whether it is an array."""
        name = ref_name(schema)
        if name in self.by_schema:
            return self.by_schema[name].table, False
        sub = resolve(self.doc, schema) if schema is not None else None
        if isinstance(sub, dict) and sub.get("type") == "array":
            name = ref_name(sub.get("items"))
            if name in self.by_schema:
                return self.by_schema[name].table, True
        return None, False

    def _table_from_path(self, path: str) -> str | None:
        for segment in reversed([s for s in path.split("/") if s and not s.startswith("{")]):
            if snake(segment) in self.shapes:
                return snake(segment)
        return None

    def _key_column(self, table: str, param: str) -> str | None:
        shape = self.shapes[table]
        cols = {f.prop: f.column for f in shape.fields if f.kind == "column"}
        if param in cols:
            return cols[param]
        if param.lower() == "id" or param.lower().endswith("id"):
            return None if shape.hidden_key else shape.key
        return None

    def _params(self, request: Request, params: list[dict[str, Any]]) -> dict[str, Any]:
        """Path and query parameters, checked against their schemas."""
        issues: list[Issue] = []
        out: dict[str, Any] = {}
        for p in params:
            where, name = p.get("in"), str(p.get("name"))
            schema = resolve(self.doc, p.get("schema") or {})
            if where == "path":
                raw: Any = request.path_params.get(str(name))
            elif where == "query":
                values = request.query_params.getlist(name)
                raw = values if (schema.get("type") == "array") else (values[-1] if values else None)
            else:
                continue
            if raw is None or raw == []:
                if p.get("required"):
                    issues.append(Issue(name, "required", None))
                continue
            typ = schema.get("type")
            try:
                if typ == "array":
                    item_t = resolve(self.doc, schema.get("items") or {}).get("type", "string")
                    value: Any = [self._coerce(v, item_t) for text in raw for v in text.split(",")]
                else:
                    value = self._coerce(raw, typ)
            except ValueError as exc:
                issues.append(Issue(name, str(exc), raw))
                continue
            issues += [Issue(name, i.rule, raw) for i in self.validator.errors(schema, value)]
            out[str(name)] = value
        if issues:
            raise ApiProblem(400, issues)
        return out

    @staticmethod
    def _coerce(text: str, typ: Any) -> Any:
        if typ == "integer":
            return from_query(text, "integer")
        if typ == "number":
            return from_query(text, "number")
        if typ == "boolean":
            return bool(from_query(text, "boolean"))
        return text

    def operation(self, path: str, method: str, op: dict[str, Any], shared: list[Any]) -> Any:
        params = [resolve(self.doc, p) for p in shared + (op.get("parameters") or [])]
        status, response_schema = _success(op, self.doc)
        body_schema = _json_content(op.get("requestBody"), self.doc) if op.get("requestBody") else None
        body_required = bool(resolve(self.doc, op.get("requestBody") or {}).get("required"))
        table, many = self._table_of(response_schema)
        body_table, _ = self._table_of(body_schema)
        path_params = [p for p in params if p.get("in") == "path"]
        last = re.findall(r"\{([^}]+)\}", path)
        last_param: str = last[-1] if last and path.rstrip("/").endswith("}") else ""
        target = table or body_table or self._table_from_path(path)
        key_col = self._key_column(target, last_param) if target and last_param else None

        async def handler(request: Request) -> Response:
            values = self._params(request, params)
            body: Any = None
            if body_schema is not None and (body_required or request.headers.get("content-length", "0") != "0"):
                body = await read_json(request)
                issues = self.validator.errors(body_schema, body)
                if issues:
                    raise ApiProblem(422, issues)
            store = self.s.store
            if target is not None and method == "get" and not many and key_col is not None:
                row = store.get(target, key_col, values[last_param])
                if row is None:
                    raise ApiProblem.one(
                        404, last_param, f"no {self.shapes[target].schema} has this value", values[last_param]
                    )
                return json_response(self.render(target, row), status)
            if target is not None and method == "get" and many:
                return json_response(self._list(target, values, path_params), status)
            if body_table is not None and isinstance(body, dict) and method in ("post", "put", "patch"):
                key = None
                if method != "post" or key_col is not None:
                    key = values.get(last_param) if key_col is not None else body.get("id")
                    if key_col is not None and key_col != self.shapes[body_table].key:
                        found = store.get(body_table, key_col, key)
                        key = found[self.shapes[body_table].key] if found else None
                    if key is None or store.get(body_table, self.shapes[body_table].key, key) is None:
                        raise ApiProblem.one(
                            404, last_param or "id", f"no {self.shapes[body_table].schema} has this key", key
                        )
                key = self.ingest(body_table, body, key)
                row = store.get(body_table, self.shapes[body_table].key, key)
                assert row is not None
                if response_schema is None:
                    return Response(status_code=status)
                made = self.render(body_table, row)
                if table is not None and table != body_table and not many:
                    made = self._answer_as(table, made, response_schema)
                return json_response(made, status)
            if target is not None and key_col is not None and method == "delete":
                row = store.get(target, key_col, values[last_param])
                if row is None:
                    raise ApiProblem.one(
                        404, last_param, f"no {self.shapes[target].schema} has this value", values[last_param]
                    )
                self._delete(target, row[self.shapes[target].key])
                return Response(status_code=status)
            if target is not None and key_col is not None and method == "post" and body is None:
                row = store.get(target, key_col, values[last_param])
                if row is None:
                    raise ApiProblem.one(
                        404, last_param, f"no {self.shapes[target].schema} has this value", values[last_param]
                    )
                changes = {k: v for k, v in values.items() if k != last_param}
                self.ingest(target, changes, row[self.shapes[target].key])
                fresh = store.get(target, self.shapes[target].key, row[self.shapes[target].key])
                assert fresh is not None
                return (
                    json_response(self.render(target, fresh), status)
                    if response_schema is not None
                    else Response(status_code=status)
                )
            if response_schema is None:
                return Response(status_code=status)
            return json_response(example_of(self.doc, response_schema), status)

        return handler

    def _answer_as(self, table: str, made: dict[str, Any], schema: Any) -> dict[str, Any]:
        """A create answered with another schema (a confirmation): a row of that table, with the
        properties it shares with what was made taken from what was made (when that still validates)."""
        shape = self.shapes[table]
        store = self.s.store
        rows = store.rows(table, f"{store.select(table)} ORDER BY {q(shape.key)} LIMIT 1", [])
        base = self.render(table, rows[0]) if rows else example_of(self.doc, schema)
        merged_answer = {**base, **{k: v for k, v in made.items() if k in base}}
        return merged_answer if not self.validator.errors(schema, merged_answer) else base

    def _delete(self, table: str, key: Any) -> None:
        """Delete a row with its own link and value rows (other children: refused by the writer)."""
        store = self.s.store
        for f in self.shapes[table].fields:
            if f.kind in ("links", "values"):
                with store.transaction() as conn:
                    conn.execute(f"DELETE FROM {q(str(f.table))} WHERE {q('owner_key')} = ?", [key])
        self.s.writer.delete(self.s.model.tables[table], key)

    def _list(self, table: str, values: dict[str, Any], path_params: list[dict[str, Any]]) -> list[dict[str, Any]]:
        shape = self.shapes[table]
        store = self.s.store
        cols = {f.prop: f for f in shape.fields}
        where, params = [], []
        for name, value in values.items():
            f = cols.get(name)
            if f is not None and f.kind == "column":
                vals = value if isinstance(value, list) else [value]
                where.append(f"{q(f.column)} IN ({', '.join('?' * len(vals))})")  # type: ignore[arg-type]
                params += vals
                continue
            for p in path_params:  # a path parameter naming a parent: its children
                if p.get("name") != name:
                    continue
                stem = snake(re.sub(r"_?id$", "", name, flags=re.IGNORECASE))
                for g in shape.fields:
                    if g.kind == "parent" and g.table == stem or (g.kind == "column" and g.column == f"{stem}_id"):
                        where.append(f"{q(g.column)} = ?")  # type: ignore[arg-type]
                        params.append(value)
        sql = (
            f"{store.select(table)}{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {q(shape.key)} LIMIT 100"
        )
        return [self.render(table, r) for r in store.rows(table, sql, params)]


def base_path(doc: dict[str, Any]) -> str:
    """The path the document's first server puts before every path (``/api/v3``), served the same here."""
    servers = doc.get("servers") or []
    if servers and isinstance(servers[0], dict):
        url = str(servers[0].get("url", ""))
        path = urlparse(url).path if "://" in url else url
        if "{" not in path and path.startswith("/"):
            return path.rstrip("/")
    return ""


def openapi_routes(state: ServeState, doc: dict[str, Any], shapes: dict[str, Shape]) -> list[Route]:
    server = OpenApiServer(state, doc, shapes)
    base = base_path(doc)
    routes = []
    items = sorted((doc.get("paths") or {}).items(), key=lambda kv: (kv[0].count("{"), kv[0]))
    for path, item in items:
        item = resolve(doc, item)
        shared = item.get("parameters") or []
        for method in _METHODS:
            if method in item:
                routes.append(
                    Route(base + path, server.operation(path, method, item[method], shared), methods=[method.upper()])
                )
    return routes


def _follow_document(state: ServeState, doc: dict[str, Any], shapes: dict[str, Shape]) -> None:
    """Writes require what the document requires (not every column the data fills)."""
    from dataclasses import replace

    for shape in shapes.values():
        table = state.model.tables[shape.table]
        required = set(
            merged(doc, (doc.get("components") or {}).get("schemas", {}).get(shape.schema)).get("required") or []
        )
        for f in shape.fields:
            if f.column is None or f.column not in table.columns or f.column == shape.key:
                continue
            need = f.prop in required
            table.columns[f.column] = replace(table.columns[f.column], required=need, nullable=not need)


def build_openapi_state(
    path: str | Path,
    *,
    seed: int | None = None,
    scale: float = 1.0,
    token: str | None = None,
    faults: Any = None,
    log: str | Path | None = None,
    database: str | Path | None = None,
    fresh: bool = True,
) -> ServeState:
    """The state of a server for an OpenAPI document: its spec generated, its paths routed."""
    from simulacra.serve.faults import Faults
    from simulacra.serve.runner import build_state, require_extra

    require_extra("jsonschema")
    doc = load_document(path)
    spec, shapes = openapi_to_spec(doc)
    if seed is not None:
        spec["seed"] = seed
    state: ServeState = build_state(
        spec,
        scale=scale,
        token=token,
        faults=faults if faults is not None else Faults([]),
        log=log,
        database=database,
        fresh=fresh,
    )
    _follow_document(state, doc, shapes)
    state.openapi = copy.deepcopy(doc)
    state.openapi["servers"] = [{"url": base_path(doc) or "/", "description": "this mock server (simulacra serve)"}]
    if token is not None:  # the document says what this server asks for
        state.openapi.setdefault("components", {}).setdefault("securitySchemes", {})["simulacra_bearer"] = {
            "type": "http",
            "scheme": "bearer",
        }
        state.openapi["security"] = [{"simulacra_bearer": []}]
    state.extra_routes = openapi_routes(state, doc, shapes)
    return state
