"""Request bodies other than JSON, and list answers other than JSON.

Bodies of a write (``Content-Type``):

* ``application/json`` (and ``application/*+json``): one row (an object); on ``POST /t`` also an array of rows;
* ``application/x-www-form-urlencoded`` and ``multipart/form-data``: one row, one field per column
  (text fields only; an empty field is null, except in a text column that may not be null);
* ``text/csv`` (a header row naming the columns) and ``application/x-ndjson`` (one object per line):
  on ``POST /t`` only, several rows created in one transaction: all of them or none.

Text values of forms and CSV are read as the column's kind reads a query string (``42``, ``true``,
``2024-05-01``); a value that does not read stays text, so that the refusal names it.

List answers follow ``Accept``: ``text/csv`` (a header row, then one line per row; nested rows of
``expand`` as JSON text) or ``application/x-ndjson``; JSON otherwise.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncGenerator
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response

from simulacra.serve.model import ApiTable
from simulacra.serve.problems import ApiProblem
from simulacra.serve.values import from_query, to_wire

__all__ = [
    "CSV",
    "MAX_BODY",
    "MAX_ROWS",
    "NDJSON",
    "Body",
    "list_media_type",
    "media_for_accept",
    "read_body",
    "render_rows",
]

MAX_BODY = 1_048_576  # bytes of a request body
MAX_ROWS = 10_000  # rows of one CSV/NDJSON/array body
CSV = "text/csv"
NDJSON = "application/x-ndjson"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
_ACCEPTED = "application/json, application/x-www-form-urlencoded, multipart/form-data, text/csv, application/x-ndjson"


class Body:
    """A parsed request body: ``rows`` (one or several), each a mapping of column to a JSON-like value,
    and ``many`` (the body was a list of rows: CSV, NDJSON or a JSON array)."""

    def __init__(self, rows: list[Any], many: bool, lines: list[int] | None = None) -> None:
        self.rows = rows
        self.many = many
        self.lines = lines  # where each row starts in the body (1-based lines), for refusals


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_raw(request: Request) -> bytes:
    """The body's bytes: 413 when it is (or claims to be) over :data:`MAX_BODY`, read no further than that."""
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        raise ApiProblem.one(413, "body", f"must be at most {MAX_BODY} bytes", length)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise ApiProblem.one(413, "body", f"must be at most {MAX_BODY} bytes", f"more than {MAX_BODY} bytes")
    return bytes(body)


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiProblem.one(400, "body", "must be UTF-8 text", None) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _json_value(text: str, where: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise ApiProblem.one(400, where, "is nested too deeply", None) from None
    except ValueError as exc:
        raise ApiProblem.one(400, where, f"must be well-formed JSON: {exc}", text[:200]) from None


def typed(table: ApiTable, fields: list[tuple[str, str]], where: str = "body") -> dict[str, Any]:
    """Text fields (a form, a CSV line) as the JSON values of their columns' kinds."""
    out: dict[str, Any] = {}
    for name, text in fields:
        if name in out:
            raise ApiProblem.one(400, name, f"{where}: a column may be given once", text)
        col = table.columns.get(name)
        if col is None:
            out[name] = text  # (an unknown column is refused by the writer, with a suggestion)
        elif text == "" and (col.nullable or col.kind != "string"):
            out[name] = None
        elif col.kind == "string":
            out[name] = text
        else:
            try:
                out[name] = to_wire(from_query(text, col.kind), col.kind)
            except ValueError:
                out[name] = text  # refused by the writer, which names the rule
    return out


async def _multipart(request: Request, raw: bytes) -> list[tuple[str, str]]:
    from starlette import formparsers
    from starlette.datastructures import UploadFile
    from starlette.formparsers import MultiPartException, MultiPartParser

    if formparsers.multipart is None:  # python-multipart (in the serve extra) is not installed
        raise ApiProblem.one(
            415, "content-type", "multipart bodies need python-multipart: pip install 'simulacra[serve]'", MULTIPART
        )

    async def stream() -> AsyncGenerator[bytes, None]:
        yield raw

    try:
        form = await MultiPartParser(Headers(raw=request.scope["headers"]), stream(), max_files=0).parse()
    except MultiPartException as exc:
        raise ApiProblem.one(400, "body", f"must be well-formed multipart/form-data: {exc.message}", None) from None
    fields: list[tuple[str, str]] = []
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):  # pragma: no cover - max_files=0 refuses files before this
            raise ApiProblem.one(415, name, "file parts are not column values", value.filename)
        fields.append((name, value))
    return fields


def _csv_rows(table: ApiTable, text: str) -> tuple[list[Any], list[int]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise ApiProblem.one(400, "body", "a CSV body starts with a header row naming the columns", None)
        rows, lines = [], []
        for record in reader:
            if not record:
                continue
            where = f"line {reader.line_num}"
            if len(record) != len(header):
                raise ApiProblem.one(
                    400, where, f"has {len(record)} fields where the header has {len(header)}", ",".join(record)[:200]
                )
            rows.append(typed(table, list(zip(header, record, strict=True)), where))
            lines.append(reader.line_num)
            if len(rows) > MAX_ROWS:
                raise ApiProblem.one(413, "body", f"at most {MAX_ROWS} rows", f"more than {MAX_ROWS}")
    except csv.Error as exc:
        raise ApiProblem.one(400, f"line {reader.line_num}", f"must be well-formed CSV: {exc}", None) from None
    return rows, lines


def _ndjson_rows(text: str) -> tuple[list[Any], list[int]]:
    rows, lines = [], []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        rows.append(_json_value(line, f"line {n}"))
        lines.append(n)
        if len(rows) > MAX_ROWS:
            raise ApiProblem.one(413, "body", f"at most {MAX_ROWS} rows", f"more than {MAX_ROWS}")
    return rows, lines


async def read_body(request: Request, table: ApiTable, *, many: bool) -> Body:
    """The rows of a write's body, whatever its type; ``many``: CSV, NDJSON and JSON arrays are allowed."""
    ctype = _media_type(request)
    is_json = ctype == "application/json" or (ctype.startswith("application/") and ctype.endswith("+json"))
    if not (is_json or ctype in (FORM, MULTIPART) or (many and ctype in (CSV, NDJSON))):
        accepted = _ACCEPTED if many else "application/json, application/x-www-form-urlencoded, multipart/form-data"
        raise ApiProblem.one(415, "content-type", f"must be one of {accepted}", ctype or None)
    raw = await read_raw(request)
    if ctype == MULTIPART:
        return Body([typed(table, await _multipart(request, raw))], False)
    text = _text(raw)
    if is_json:
        value = _json_value(text, "body")
        if isinstance(value, list) and many:
            if len(value) > MAX_ROWS:
                raise ApiProblem.one(413, "body", f"at most {MAX_ROWS} rows", len(value))
            return Body(value, True)
        return Body([value], False)
    if ctype == FORM:
        try:
            fields = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=1000)
        except ValueError as exc:
            raise ApiProblem.one(400, "body", f"must be a well-formed form: {exc}", text[:200]) from None
        return Body([typed(table, fields)], False)
    rows, lines = _csv_rows(table, text) if ctype == CSV else _ndjson_rows(text)
    if not rows:
        raise ApiProblem.one(400, "body", "holds no rows", None)
    return Body(rows, True, lines)


def list_media_type(request: Request) -> str:
    """The answer's type for a list: the first of CSV, NDJSON or JSON that ``Accept`` names (JSON by default)."""
    return media_for_accept(request.headers.get("accept"))


def media_for_accept(accept: str | None) -> str:
    """:func:`list_media_type` of an ``Accept`` header's value (None: no such header)."""
    if not accept:
        return "application/json"
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in (CSV, NDJSON):
            return media
        if media in ("application/json", "*/*", "application/*"):
            return "application/json"
    return "application/json"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def render_rows(rows: list[dict[str, Any]], columns: list[str], media: str) -> bytes:
    """Rows as CSV (header first) or NDJSON."""
    if media == NDJSON:
        return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows).encode()
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    names = columns + [k for k in (rows[0] if rows else {}) if k not in columns]
    writer.writerow(names)
    for r in rows:
        writer.writerow([_cell(r.get(n)) for n in names])
    return out.getvalue().encode()


def media_response(body: bytes, media: str, headers: dict[str, str]) -> Response:
    return Response(body, media_type=media + ("; charset=utf-8" if media == CSV else ""), headers=headers)
