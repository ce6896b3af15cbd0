"""From an OpenAPI 3.0/3.1 document to a reviewable spec (``simulacra spec from-openapi``).

Component schemas that are objects become tables; ``id`` becomes the key (a synthetic
``_key`` where there is none). A property that is a ``$ref`` to another table becomes a
foreign key (``category`` → ``category_id``), and so does an ID-shaped property whose stem
names a table (``petId`` → ``pet``). Arrays of ``$ref`` objects become link tables, arrays of
values child tables of values. Formats, enums and bounds choose the generators; names
pick realistic kinds (``firstName`` → first_name, ``email``, ``phone``, ``city``...).

The :class:`Shape` of each table says how its rows become the document's objects again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from simulacra.errors import SpecError, SpecValidationError

__all__ = ["Field", "Shape", "load_document", "openapi_to_spec", "resolve", "snake"]

ROWS = 30
#: Largest OpenAPI document read (characters): real ones run to several MiB of YAML.
MAX_DOCUMENT_CHARS = 64 * 1024 * 1024
_NAME_KINDS = {
    "firstname": "first_name",
    "first_name": "first_name",
    "lastname": "last_name",
    "last_name": "last_name",
    "fullname": "full_name",
    "username": "username",
    "email": "email",
    "phone": "phone",
    "phonenumber": "phone",
    "city": "city",
    "street": "street_address",
    "address": "street_address",
    "zip": "postcode",
    "zipcode": "postcode",
    "postcode": "postcode",
    "postalcode": "postcode",
    "state": "state_abbr",
    "country": "country",
    "company": "company",
    "url": "url",
    "website": "url",
    "jobtitle": "job_title",
    "description": "sentence",
    "title": "sentence",
    "comment": "sentence",
    "message": "sentence",
    "summary": "sentence",
    "iban": "iban",
    "currency": "currency_code",
}
_FORMAT_KINDS = {
    "email": "email",
    "uri": "url",
    "url": "url",
    "ipv4": "ipv4",
    "ipv6": "ipv6",
    "hostname": "domain_name",
}


def snake(name: str) -> str:
    s = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    s = re.sub(r"[^A-Za-z0-9_]", "_", s).lower().strip("_") or "x"
    return s if re.match(r"[a-z_]", s) else "t_" + s


def load_document(path: str | Path) -> dict[str, Any]:
    """An OpenAPI 3.x document (JSON or YAML) with its local ``$ref``s checked.

    A malformed document, a ``$ref`` that leaves the file or does not resolve, and a document
    that is not OpenAPI 3.x are each a :class:`SpecError` naming ``file:line``.
    """
    from simulacra.spec.yaml_lines import LineIndex, load_yaml

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"{path}: cannot read the OpenAPI document ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        line = p.read_bytes()[: exc.start].count(b"\n") + 1
        raise SpecError(f"{path}:{line}: not UTF-8 text ({exc.reason})") from None
    index = LineIndex(file=str(path))
    if p.suffix.lower() == ".json":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(f"{path}:{exc.lineno}: malformed JSON: {exc.msg} (column {exc.colno})") from None
        except RecursionError:
            raise SpecError(f"{path}: malformed JSON: nesting too deep to read") from None
        try:  # JSON is YAML: the same text read again gives every value's line
            again, lines = load_yaml(text, file=str(path), max_chars=MAX_DOCUMENT_CHARS)
            if again == doc:
                index = lines
        except SpecValidationError:
            pass
    else:
        try:
            doc, index = load_yaml(text, file=str(path), max_chars=MAX_DOCUMENT_CHARS)
        except SpecValidationError as exc:
            first = exc.problems[0] if exc.problems else None
            where = first.location.render() if first is not None else str(path)
            raise SpecError(f"{where}: {first.message if first is not None else exc}") from None
    if not isinstance(doc, dict) or not str(doc.get("openapi", "")).startswith("3."):
        line = (index.line(("openapi",)) if isinstance(doc, dict) and "openapi" in doc else None) or 1
        raise SpecError(f"{path}:{line}: not an OpenAPI 3.x document (no 'openapi: 3.x' at the top)")
    _check_refs(doc, doc, (), index)
    return doc


def _check_refs(doc: dict[str, Any], node: Any, at: tuple[Any, ...], index: Any) -> None:
    """Every ``$ref`` of the document is local (``#/…``) and resolves; else a SpecError naming file:line."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(node, at)]
    while stack:
        cur, where = stack.pop()
        if isinstance(cur, dict):
            ref = cur.get("$ref")
            if "$ref" in cur and not (isinstance(ref, str) and ref.startswith("#/")):
                raise SpecError(
                    f"{index.file}:{index.line((*where, '$ref'))}: only local $refs (#/...) are supported, found {ref!r}"
                )
            if isinstance(ref, str):
                target: Any = doc
                for part in ref[2:].split("/"):
                    part = unquote(part).replace("~1", "/").replace("~0", "~")
                    if isinstance(target, dict) and part in target:
                        target = target[part]
                    else:
                        raise SpecError(
                            f"{index.file}:{index.line((*where, '$ref'))}: $ref {ref!r} does not resolve "
                            f"(nothing named {part!r} there)"
                        )
            stack.extend((v, (*where, k)) for k, v in cur.items())
        elif isinstance(cur, list):
            stack.extend((v, (*where, i)) for i, v in enumerate(cur))


def resolve(doc: dict[str, Any], node: Any, depth: int = 0) -> Any:
    """Follow local ``$ref`` chains (``#/…``); other references are refused."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise SpecError(f"OpenAPI: only local $refs are supported, found {ref!r}")
        cur: Any = doc
        for part in ref[2:].split("/"):
            part = unquote(part).replace("~1", "/").replace("~0", "~")
            if not isinstance(cur, dict) or part not in cur:
                raise SpecError(f"OpenAPI: $ref {ref!r} does not resolve")
            cur = cur[part]
        node = cur
        depth += 1
        if depth > 50:
            raise SpecError(f"OpenAPI: $ref {ref!r} loops")
    return node


def ref_name(node: Any) -> str | None:
    if (
        isinstance(node, dict)
        and isinstance(node.get("$ref"), str)
        and node["$ref"].startswith("#/components/schemas/")
    ):
        return node["$ref"].rsplit("/", 1)[1]
    return None


def merged(doc: dict[str, Any], schema: Any) -> dict[str, Any]:
    """An object schema with ``allOf`` parts merged (properties and required)."""
    schema = resolve(doc, schema)
    if not isinstance(schema, dict):
        return {}
    if "allOf" not in schema:
        return schema
    out: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
    for part in schema["allOf"]:
        p = merged(doc, part)
        out["properties"].update(p.get("properties") or {})
        out["required"] += list(p.get("required") or [])
    out["properties"].update(schema.get("properties") or {})
    return out


def _is_object(doc: dict[str, Any], schema: Any) -> bool:
    s = merged(doc, schema)
    return isinstance(s.get("properties"), dict) and bool(s["properties"])


@dataclass
class Field:
    """One property of a document object and where its value lives."""

    prop: str
    kind: str  # column | parent | links | values
    column: str | None = None  # column of this table (column, parent: the foreign key)
    table: str | None = None  # parent (parent), link or value table (links, values)
    target: str | None = None  # links: the linked table
    schema: dict[str, Any] = field(default_factory=dict)


@dataclass
class Shape:
    table: str
    schema: str  # the component schema's name
    key: str  # the key column (``_key`` when the document has no id)
    hidden_key: bool
    fields: list[Field] = field(default_factory=list)


def regex_samples(pattern: str, n: int = 12, seed: int = 0) -> list[str]:
    """Up to ``n`` distinct strings that match ``pattern`` (a JSON Schema pattern: found anywhere), or []."""

    try:
        from re import _parser as sre  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover
        import sre_parse as sre
    try:
        parsed = sre.parse(pattern)
        compiled = re.compile(pattern)
    except (re.error, RecursionError):
        return []
    from simulacra._random import sequential

    rng = sequential(seed)
    printable = [chr(c) for c in range(48, 123) if chr(c).isalnum()]

    def emit(items: Any, depth: int = 0) -> str:
        if depth > 20:
            raise ValueError("too deep")
        out = []
        for op, av in items:
            name = str(op)
            if name == "LITERAL":
                out.append(chr(av))
            elif name == "ANY":
                out.append(rng.choice(printable))
            elif name == "IN":
                chars: list[str] = []
                negate = False
                for iop, iav in av:
                    iname = str(iop)
                    if iname == "LITERAL":
                        chars.append(chr(iav))
                    elif iname == "RANGE":
                        chars += [chr(c) for c in range(iav[0], min(iav[1], iav[0] + 200) + 1)]
                    elif iname == "CATEGORY":
                        chars += {
                            "CATEGORY_DIGIT": list("0123456789"),
                            "CATEGORY_WORD": printable + ["_"],
                            "CATEGORY_SPACE": [" "],
                        }.get(str(iav), ["x"])
                    elif iname == "NEGATE":
                        negate = True
                if negate:
                    chars = [c for c in printable if c not in chars]
                out.append(rng.choice(chars or ["x"]))
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                lo, hi, sub = av
                count = rng.randint(lo, min(hi, lo + 3))
                out.extend(emit(sub, depth + 1) for _ in range(count))
            elif name == "SUBPATTERN":
                out.append(emit(av[-1], depth + 1))
            elif name == "BRANCH":
                out.append(emit(rng.choice(av[1]), depth + 1))
            elif name == "CATEGORY":
                out.append(
                    {
                        "CATEGORY_DIGIT": rng.choice("0123456789"),
                        "CATEGORY_WORD": rng.choice(printable),
                        "CATEGORY_SPACE": " ",
                    }.get(str(av), "x")
                )
            elif name in ("AT", "ASSERT", "ASSERT_NOT"):
                continue
            else:
                raise ValueError(name)
        return "".join(out)

    found: list[str] = []
    for _ in range(n * 5):
        try:
            text = emit(parsed)
        except ValueError:
            return found
        if compiled.search(text) and text not in found:
            found.append(text)
        if len(found) >= n:
            break
    return found


def _primitive(doc: dict[str, Any], prop: str, schema: dict[str, Any]) -> dict[str, Any]:
    """The column generator of a primitive property."""
    typ = schema.get("type")
    if isinstance(typ, list):
        typ = next((t for t in typ if t != "null"), "string")
    enum = [v for v in schema.get("enum") or [] if v is not None]
    if enum:
        return {"generator": "categorical", "values": enum}
    fmt = schema.get("format")
    if typ == "boolean":
        return {"generator": "boolean"}
    if typ == "integer":
        lo = schema.get("minimum", 1 if prop.lower().endswith(("quantity", "count")) else 0)
        hi = schema.get("maximum", 10 if prop.lower().endswith("quantity") else 1000)
        if schema.get("exclusiveMinimum") is True or isinstance(schema.get("exclusiveMinimum"), (int, float)):
            lo = (schema["exclusiveMinimum"] if not isinstance(schema["exclusiveMinimum"], bool) else lo) + 1
        if schema.get("exclusiveMaximum") is True or isinstance(schema.get("exclusiveMaximum"), (int, float)):
            hi = (schema["exclusiveMaximum"] if not isinstance(schema["exclusiveMaximum"], bool) else hi) - 1
        return {"generator": "integer", "low": int(lo), "high": int(max(hi, lo))}
    if typ == "number":
        lo = float(schema.get("minimum", 0))
        hi = float(schema.get("maximum", lo + 1000))
        return {"generator": "uniform", "low": lo, "high": max(hi, lo), "round": 2}
    if fmt == "date":
        return {"generator": "date", "start": "2020-01-01", "end": "2025-12-31"}
    if fmt == "date-time":
        return {"generator": "datetime", "start": "2020-01-01", "end": "2025-12-31"}
    if fmt == "uuid":
        return {"generator": "uuid"}
    if fmt in _FORMAT_KINDS:
        return {"generator": _FORMAT_KINDS[fmt]}
    if isinstance(schema.get("pattern"), str):
        samples = [
            t
            for t in regex_samples(schema["pattern"])
            if schema.get("minLength", 0) <= len(t) <= schema.get("maxLength", 10**9)
        ]
        if samples:
            return {"generator": "categorical", "values": samples}
    low = prop.lower().replace("_", "")
    max_len = schema.get("maxLength")
    min_len = schema.get("minLength", 0)
    if low == "password":
        return {"generator": "pattern", "pattern": "*" * max(min_len, min(10, max_len or 10))}
    if low in _NAME_KINDS and not max_len and not min_len:
        return {"generator": _NAME_KINDS[low]}
    if max_len is not None or min_len > 8:
        n = max(min_len, min(8, max_len if max_len is not None else 8))
        return {"generator": "pattern", "pattern": "?" * n}
    return {"generator": "word"}


def openapi_to_spec(
    doc: dict[str, Any], *, rows: int = ROWS, name: str | None = None
) -> tuple[dict[str, Any], dict[str, Shape]]:
    """The spec (a mapping, ready for YAML) of an OpenAPI document, and the shape of each table."""
    schemas = (doc.get("components") or {}).get("schemas") or {}
    objects = {n: merged(doc, s) for n, s in schemas.items() if _is_object(doc, s)}
    tables = {n: snake(n) for n in objects}
    if len(set(tables.values())) != len(tables):
        raise SpecError("OpenAPI: two component schemas map to the same table name")
    shapes: dict[str, Shape] = {}
    spec_tables: dict[str, Any] = {}
    keys: dict[str, tuple[str, dict[str, Any]]] = {}
    for sname, s in objects.items():
        props = s.get("properties") or {}
        idp = resolve(doc, props.get("id")) if "id" in props else None
        if isinstance(idp, dict) and idp.get("type") in ("integer", "string") and not idp.get("enum"):
            keys[sname] = ("id", idp)
        else:
            keys[sname] = ("_key", {"type": "integer"})
    edges: dict[str, set[str]] = {t: set() for t in tables.values()}

    def reaches(a: str, b: str) -> bool:
        seen, todo = set(), [a]
        while todo:
            cur = todo.pop()
            if cur == b:
                return True
            if cur not in seen:
                seen.add(cur)
                todo.extend(edges.get(cur, ()))
        return False

    def add_fk(child: str, parent: str) -> bool:
        if child == parent or reaches(parent, child):  # a cycle: the property is left out of the data
            return False
        edges.setdefault(child, set()).add(parent)
        return True

    stems = {snake(n).replace("_", ""): n for n in objects}
    for sname, s in objects.items():
        t = tables[sname]
        key, key_schema = keys[sname]
        shape = Shape(t, sname, key, key == "_key")
        cols: dict[str, Any] = {}
        if key == "_key":
            cols["_key"] = "sequence"
        elif key_schema.get("type") == "integer":
            cols["id"] = "sequence"
        else:
            cols["id"] = (
                _primitive(doc, "id", key_schema)
                if key_schema.get("format") == "uuid"
                else {"generator": "pattern", "pattern": f"{t[:3].upper()}-{{seq:06d}}"}
            )
        if key == "id":
            shape.fields.append(Field("id", "column", "id", schema=key_schema))
        for prop, raw in (s.get("properties") or {}).items():
            if prop == "id":
                continue
            col = snake(prop)
            if col in cols or col == "_key":
                col = col + "_"
            target = ref_name(raw) if ref_name(raw) in objects else None
            sub = resolve(doc, raw)
            if target is not None:
                if add_fk(t, tables[target]):
                    fk = f"{col}_id"
                    cols[fk] = {"generator": "foreign_key", "references": f"{tables[target]}.{keys[target][0]}"}
                    shape.fields.append(Field(prop, "parent", fk, tables[target]))
                continue
            if not isinstance(sub, dict):
                continue
            if sub.get("type") == "array" or "items" in sub:
                items = sub.get("items") or {}
                item_target = ref_name(items) if ref_name(items) in objects else None
                link = f"{t}_{col}"
                if item_target is not None:
                    if link in tables.values() or not add_fk(link, tables[item_target]):
                        continue
                    edges.setdefault(link, set()).update({t, tables[item_target]})
                    spec_tables[link] = {
                        "rows": {"per": t, "count": {"distribution": "poisson", "lam": 1.5, "max": 4}},
                        "columns": {
                            "owner_key": {"generator": "foreign_key", "references": f"{t}.{key}"},
                            "item_key": {
                                "generator": "foreign_key",
                                "distinct": True,
                                "references": f"{tables[item_target]}.{keys[item_target][0]}",
                            },
                        },
                    }
                    shape.fields.append(Field(prop, "links", table=link, target=tables[item_target]))
                    continue
                iv = resolve(doc, items)
                if isinstance(iv, dict) and iv.get("type") in ("string", "integer", "number", "boolean"):
                    low = int(sub.get("minItems") or 0)
                    spec_tables[link] = {
                        "rows": {
                            "per": t,
                            "count": {"distribution": "poisson", "lam": 1.5, "min": low, "max": max(4, low)},
                        },
                        "columns": {
                            "owner_key": {"generator": "foreign_key", "references": f"{t}.{key}"},
                            "value": _primitive(doc, prop.rstrip("s"), iv),
                        },
                    }
                    edges.setdefault(link, set()).add(t)
                    shape.fields.append(Field(prop, "values", table=link, schema=iv))
                continue
            if sub.get("type") == "object" or "properties" in sub:
                continue  # inline objects without a component schema are left out of the data
            stem = re.sub(r"_?id$", "", prop, flags=re.IGNORECASE).lower().replace("_", "")
            if (
                prop.lower().endswith("id")
                and stem in stems
                and keys[stems[stem]][0] == "id"
                and keys[stems[stem]][1].get("type") == sub.get("type")
                and add_fk(t, tables[stems[stem]])
            ):
                cols[col] = {"generator": "foreign_key", "references": f"{tables[stems[stem]]}.id"}
            else:
                cols[col] = _primitive(doc, prop, sub)
                if prop.lower() in ("username", "email", "login") and cols[col].get("generator") in (
                    "username",
                    "email",
                ):
                    cols[col]["unique"] = True
            shape.fields.append(Field(prop, "column", col, schema=sub))
        spec_tables[t] = {"rows": rows, "primary_key": key, "columns": cols}
        if s.get("description"):
            spec_tables[t]["description"] = str(s["description"])[:200]
        shapes[t] = shape
    info = doc.get("info") or {}
    spec = {
        "name": re.sub(r"_+", "_", snake(name or info.get("title") or "api")),
        "description": f"Generated from the OpenAPI document '{info.get('title', '')}' {info.get('version', '')}".strip(),
        "seed": 0,
        "tables": spec_tables,
    }
    return spec, shapes
