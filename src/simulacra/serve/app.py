"""The ASGI application: Starlette routes over the store, behind one gate (auth, faults, stats, log).

Routes, per table ``t`` with key ``id``::

    GET    /t                   list (filters, sort, paging, expand)     POST /t        create
    GET    /t/{id}              one row (expand)                         PUT  /t/{id}   replace
    PATCH  /t/{id}              change some columns                      DELETE /t/{id}
    GET    /parent/{id}/t       the rows of t whose foreign key points at that parent
    POST   /_reset   GET /_stats   GET /openapi.json   GET /docs   GET /
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import importlib
import importlib.util
import json
import os
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import quote, quote_plus, unquote, urlencode

from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simulacra.serve.bodies import CSV, MAX_BODY, media_for_accept, read_body, read_raw, render_rows
from simulacra.serve.commits import GroupCommit
from simulacra.serve.faults import Faults
from simulacra.serve.model import ApiModel, ApiTable
from simulacra.serve.openapi import openapi_document
from simulacra.serve.problems import ApiProblem, problem_response
from simulacra.serve.query import ListQuery, encode_cursor, parse_fields, parse_list_query
from simulacra.serve.stats import RequestLog, Stats
from simulacra.serve.store import Store, q
from simulacra.serve.values import from_query
from simulacra.serve.wire import header_block, send_whole
from simulacra.serve.writes import Writer

__all__ = ["MAX_BODY", "ServeState", "create_app", "json_response"]

# faster JSON where installed (the serve extra has it); the standard library otherwise
_orjson: Any = importlib.import_module("orjson") if importlib.util.find_spec("orjson") is not None else None


def _dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON: orjson where installed (the serve extra), else the standard library (same text
    for the values a store holds: strings, 64-bit integers, finite floats, booleans, nulls)."""
    if _orjson is not None:
        return _orjson.dumps(data)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A JSON response of ``data`` with ``status`` and ``headers``."""
    return Response(_dumps(data), status_code=status, media_type="application/json", headers=headers)


# a read's answer: status, body and the raw header list (the gate sends it as it is; Starlette's routes wrap it)
Answer = tuple[int, bytes, list[tuple[bytes, bytes]]]
FastRead = Callable[[Scope, list[str]], Answer]  # a read handler: the scope and the path's segments after the table
Handler = Callable[[Request], Awaitable[Response]]
PLANS = 1024  # parsed list queries kept per server process (the least recently used go first)
# answers of reads kept until the data changes (see Api.read): at most this many, this many bytes in all,
# and none larger than the last
ANSWERS, ANSWER_BYTES, ANSWER_MAX = 4096, 32 << 20, 256 << 10
# key kinds whose value from_query gives exactly as the store's triggers see it (int, str): a read by such a
# key is kept until its own row changes (Api._row_read)
_ROW_KEYS = ("integer", "string")
_JSON_TYPE = (b"content-type", b"application/json")


def _answer(data: Any, headers: list[tuple[bytes, bytes]] | None = None) -> Answer:
    body = _dumps(data)
    return 200, body, [*(headers or ()), (b"content-length", str(len(body)).encode()), _JSON_TYPE]


def _as_response(answer: Answer) -> Response:
    status, body, headers = answer
    response = Response(body, status)
    response.raw_headers = headers
    return response


def _project(rows: list[dict[str, Any]], names: list[str]) -> list[dict[str, Any]]:
    """Each row with only ``names``, in that order (``?fields=``)."""
    return [{n: r[n] for n in names} for r in rows]


def _accept(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"accept":
            return str(value.decode("latin-1"))
    return None


@dataclass(frozen=True)
class Kept:
    """A read's answer kept until a table it read changes (see :meth:`Api.kept`)."""

    answer: Answer
    block: bytes | None  # its header lines as written on the wire (:func:`header_block`); None: send as usual
    tables: tuple[str, ...]  # the tables it read whole (a list)
    stamp: tuple[int, ...]  # their Store.stamp when it was read
    route: str  # its route in /_stats
    # the rows it read alone (one row by key; a nested route's parent): (table, key, the table's count of
    # changes when it was read), current while Store.row_stamp of each is no larger
    rows: tuple[tuple[str, Any, int], ...] = ()


@dataclass(frozen=True)
class _ListPlan:
    """One list query string of one route, parsed, with its SQL text (see :meth:`Api._plan`)."""

    lq: ListQuery
    count_sql: str
    page_sql: str  # ends with LIMIT ? OFFSET ?
    keyset: bool  # the page starts after lq.after_key
    default_order: bool
    kept: str  # the query string less offset, limit and cursor (and "&" after it), for the Link header


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


@dataclass
class ServeState:
    """Everything a running server holds."""

    model: ApiModel
    store: Store
    writer: Writer
    faults: Faults = field(default_factory=lambda: Faults([]))
    stats: Stats = field(default_factory=Stats)
    log: RequestLog | None = None
    token: str | None = None
    extra_routes: list[Route] = field(default_factory=list)
    openapi: dict[str, Any] | None = None  # the document /openapi.json serves (default: the dataset's own)
    _openapi_bytes: bytes | None = None
    commits: GroupCommit = field(init=False)  # the table routes' writes, grouped to share COMMITs

    def __post_init__(self) -> None:
        self.commits = GroupCommit(self.store)

    def configure_commits(self, *, grouped: bool | None = None, window_s: float = 0.0) -> None:
        """Group the writes or not (None: on for a database file, off in memory) and the grouping window."""
        self.commits = GroupCommit(self.store, grouped=grouped, window_s=window_s)

    def openapi_bytes(self) -> bytes:
        if self._openapi_bytes is None:
            doc = self.openapi or openapi_document(self.model, token=self.token is not None)
            self._openapi_bytes = json.dumps(doc, ensure_ascii=False, indent=1).encode()
        return self._openapi_bytes


async def read_json(request: Request) -> Any:
    """The request's JSON body: 415 unless JSON, 413 when over :data:`MAX_BODY`, 400 when malformed."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json" and not (ctype.startswith("application/") and ctype.endswith("+json")):
        raise ApiProblem.one(415, "content-type", "must be application/json", ctype or None)
    body = await read_raw(request)
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise ApiProblem.one(400, "body", "must be UTF-8 text", None) from None
    except RecursionError:
        raise ApiProblem.one(400, "body", "is nested too deeply", None) from None
    except ValueError as exc:
        raise ApiProblem.one(
            400, "body", f"must be well-formed JSON: {exc}", bytes(body[:200]).decode("utf-8", "replace")
        ) from None


def _key(table: ApiTable, text: str, column: str | None = None, param: str = "id") -> Any:
    name = column or table.primary_key
    assert name is not None
    col = table.columns[name]
    try:
        return from_query(text, col.kind)
    except ValueError as exc:
        raise ApiProblem.one(400, param, f"{exc} (the key {name} of {table.name})", text) from None


def path_segments(scope: Scope) -> list[str]:
    """The request path's segments, each percent-decoded on its own: a key part may hold ``/`` (``%2F``)
    or any other reserved character, and stays one segment (``scope["path"]`` has them decoded already)."""
    raw = scope.get("raw_path")
    if not raw or b"%" not in raw:
        return str(scope["path"]).split("/")
    return [unquote(part) for part in raw.decode("latin-1").split("/")]


def encoded_path(segments: list[str]) -> str:
    """A path of ``segments`` again, each part percent-encoded (a ``/`` inside one as ``%2F``)."""
    return "/".join(quote(part, safe="") for part in segments)


def _link_path(scope: Scope) -> str:
    """The request's path as it goes into ``Link`` headers: percent-encoded part by part."""
    raw = scope.get("raw_path")
    if not raw or b"%" not in raw:
        return str(scope["path"])
    return encoded_path(path_segments(scope))


def _key_texts(table: ApiTable, scope: Scope) -> list[str]:
    """The key parts in the path of an item route (``/t/{id}``, ``/t/{k1}/{k2}``), each decoded on its own."""
    parts = path_segments(scope)[2:]
    if len(parts) != len(table.key_columns):
        raise _ambiguous(table, len(parts))
    return parts


def _ambiguous(table: ApiTable, n: int) -> ApiProblem:
    cols = table.key_columns
    return ApiProblem.one(
        400,
        "path",
        f"the key of '{table.name}' has {len(cols)} part{'s' if len(cols) != 1 else ''} ({', '.join(cols)}) "
        f"but the path has {n} segments after the table; write a '/' inside a key part as %2F",
        n,
    )


def _request_key(table: ApiTable, request: Request) -> Any:
    """The key in the path: one value (``/t/{id}``), or a tuple for a composite key (``/t/{k1}/{k2}``)."""
    texts = _key_texts(table, request.scope)
    if len(table.key_columns) == 1:
        return _key(table, texts[0])
    return tuple(_key(table, t, c, c) for t, c in zip(texts, table.key_columns, strict=True))


def _key_path(table: ApiTable) -> str:
    if len(table.key_columns) == 1:
        return f"/{table.name}/{{id}}"
    return f"/{table.name}/" + "/".join(f"{{{c}}}" for c in table.key_columns)


class Api:
    """The handlers of one served dataset."""

    def __init__(self, state: ServeState) -> None:
        self.s = state
        self.model = state.model
        self.store = state.store
        # GET handlers by (table, segments after the table) and (parent, child): the gate calls them directly
        self.fast: dict[tuple[str, int], FastRead] = {}
        self.fast_children: dict[tuple[str, str], FastRead] = {}
        # writes by (method, table, segments after the table): the gate calls them without Starlette's routing
        self.fast_writes: dict[tuple[str, str, int], Handler] = {}
        self._plans: OrderedDict[tuple[str, str | None, bool, bytes], _ListPlan] = OrderedDict()
        self._by_key: dict[str, str] = {}  # SELECT of one row by its key, per table
        # kept answers, by path, query string and Accept
        self._answers: OrderedDict[tuple[Any, bytes, str | None], Kept]
        self._answers = OrderedDict()
        self._answer_bytes = 0
        self._answers_of: tuple[int, int] = (-1, -1)  # the store's version the kept answers were read at
        # the tables each read handler reads: without ?expand=, and with it
        self._reads: dict[FastRead, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        # read handlers whose answer (without ?expand=) depends on one row of a table, by the key in the
        # path's first part, and on the tables listed whole: the row by key (none), a parent's children
        # (the child table); see :meth:`_row_read`
        self._row_reads: dict[FastRead, tuple[ApiTable, tuple[str, ...]]] = {}

    def _reads_of(self, table: ApiTable, *more: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The tables a read of ``table`` reads: it and ``more``; with ``?expand=`` also every table a
        foreign key of it points at."""
        parents = [c.foreign_key[0] for c in table.columns.values() if c.foreign_key is not None]
        plain = tuple(dict.fromkeys([table.name, *more]))
        return plain, tuple(t for t in dict.fromkeys([*plain, *parents]) if t in self.model.tables)

    def kept(self, scope: Scope) -> Kept | None:
        """The kept answer of this read (same path, query string and ``Accept``) while none of the tables it
        read has changed since (no row of them written, no reset, no other worker's commit:
        :meth:`Store.stamp`, :meth:`Store.version`); None otherwise."""
        store = self.store
        version = store.version()
        answers = self._answers
        if version != self._answers_of:
            answers.clear()
            self._answer_bytes = 0
            self._answers_of = version
            return None
        key = (scope.get("raw_path") or scope["path"], scope["query_string"], _accept(scope))
        kept = answers.get(key)
        if (
            kept is not None
            and store.stamp(kept.tables) == kept.stamp
            and all(store.row_stamp(t, k) <= n for t, k, n in kept.rows)
        ):
            answers.move_to_end(key)
            return kept
        return None

    def _row_read(
        self, handler: FastRead, parts: list[str], query: bytes
    ) -> tuple[tuple[str, ...], tuple[tuple[str, Any, int], ...]] | None:
        """What a read by key depends on, when that is one row and not its whole table: the tables it lists
        whole and the row (:attr:`Kept.rows`). A customer written does not cost the kept answers of the
        others (``GET /customers/7``, ``/customers/7/orders``), as it did when every write to a table forgot
        every answer that read it. None: the whole tables (``?expand=``, a composite key, a key that is not an
        integer or text, or not one)."""
        found = self._row_reads.get(handler)
        if found is None or len(parts) != 1 or b"expand" in query or b"%" in query:
            return None
        table, whole = found
        assert table.primary_key is not None
        try:
            key = from_query(parts[0], table.columns[table.primary_key].kind)
        except ValueError:  # answered 400, never kept
            return None
        return whole, ((table.name, key, self.store.changed[table.name]),)

    def read(
        self, handler: FastRead, scope: Scope, parts: list[str], looked: bool = False
    ) -> tuple[Answer, bytes | None]:
        """The answer of a read of a table's routes, with its header lines as the wire has them
        (:func:`header_block`): the kept one (:meth:`kept`), else the handler's (kept when 200 and small).
        A read is a pure function of the tables it reads and its path, query string and ``Accept``, so a
        kept answer is byte for byte the one the handler would give. ``looked``: :meth:`kept` found none
        for this request just now (the gate's hot path), so it is not asked again."""
        kept = None if looked else self.kept(scope)  # looked: the gate found none just now
        if kept is not None:
            return kept.answer, kept.block
        store = self.store
        answers = self._answers
        key = (scope.get("raw_path") or scope["path"], scope["query_string"], _accept(scope))
        query = scope["query_string"]
        by_row = self._row_read(handler, parts, query)
        rows: tuple[tuple[str, Any, int], ...] = ()
        if by_row is not None:
            tables, rows = by_row
        else:
            plain, expanded = self._reads[handler]
            tables = expanded if b"expand" in query or b"%" in query else plain  # '%': a name may be encoded
        stamp = store.stamp(tables)
        answer = handler(scope, parts)
        block = header_block(answer[2])
        size = len(answer[1])
        if answer[0] == 200 and size <= ANSWER_MAX:
            old = answers.pop(key, None)
            if old is not None:
                self._answer_bytes -= len(old.answer[1])
            answers[key] = Kept(answer, block, tables, stamp, _route_key(self.model, "GET", scope["path"]), rows)
            self._answer_bytes += size
            while len(answers) > ANSWERS or self._answer_bytes > ANSWER_BYTES:
                self._answer_bytes -= len(answers.popitem(last=False)[1].answer[1])
        return answer, block

    # ------------------------------------------------------------------ reads

    def _expand(self, table: ApiTable, rows: list[dict[str, Any]], names: list[str]) -> None:
        for name in names:
            fk = table.expands[name]
            col = table.columns[fk]
            assert col.foreign_key is not None
            parent, pcol = col.foreign_key
            values = list({r[fk] for r in rows if r.get(fk) is not None})
            found: dict[Any, dict[str, Any]] = {}
            pk_kind = self.model.tables[parent].columns[pcol].kind
            for start in range(0, len(values), 500):
                chunk = [
                    from_query(str(v), pk_kind) if pk_kind in ("date", "datetime") else v
                    for v in values[start : start + 500]
                ]
                sql = f"{self.store.select(parent)} WHERE {q(pcol)} IN ({', '.join('?' * len(chunk))})"
                for prow in self.store.rows(parent, sql, chunk):
                    found[prow[pcol]] = prow
            for r in rows:
                r[name] = found.get(r.get(fk))

    def _plan(self, table: ApiTable, query: bytes, extra: str | None, expandable: bool) -> _ListPlan:
        """The parsed list query of one route and query string, with its SQL: made once, then kept
        (up to :data:`PLANS`; parsing is a pure function of the table, the route and the query string)."""
        cache_key = (table.name, extra, expandable, query)
        plan = self._plans.get(cache_key)
        if plan is not None:
            self._plans.move_to_end(cache_key)
            return plan
        params = QueryParams(query)
        lq = parse_list_query(table, params, expandable=expandable, search_index=self.store.search.get(table.name))
        extras = [extra] if extra else []
        where = lq.where_sql(extras)
        pk = table.primary_key
        keyset = lq.after_key is not None and pk is not None
        page_where = lq.where_sql([*extras, f"{q(pk)} > ?"]) if keyset and pk is not None else where
        kept = urlencode([(k, v) for k, v in params.multi_items() if k not in ("offset", "limit", "cursor")])
        plan = _ListPlan(
            lq=lq,
            count_sql=f"SELECT COUNT(*) FROM {q(table.name)}{where}",
            page_sql=f"{self.store.select(table.name)}{page_where}{lq.order_sql()} LIMIT ? OFFSET ?",
            keyset=keyset,
            default_order=lq.default_order(table),
            kept=kept + "&" if kept else "",
        )
        self._plans[cache_key] = plan
        while len(self._plans) > PLANS:
            self._plans.popitem(last=False)
        return plan

    def list_answer(
        self,
        table: ApiTable,
        path: str,
        query: bytes,
        accept: str | None,
        extra: str | None = None,
        extra_params: tuple[Any, ...] = (),
        expandable: bool = True,
    ) -> Answer:
        """A list (``GET /t``, or a parent's children with ``extra``: the child's foreign key ``= ?``)."""
        plan = self._plan(table, query, extra, expandable)
        lq = plan.lq
        if lq.search and table.name in self.store.search:
            self.store.sync_search(table.name)
        params = [*lq.params, *extra_params]  # as the WHERE has them: the filters, then the route's own
        total = int(self.store.scalar(plan.count_sql, params))
        page_params = [*params, lq.after_key] if plan.keyset else params
        rows = self.store.rows(table.name, plan.page_sql, [*page_params, lq.limit + 1, lq.offset])
        more = len(rows) > lq.limit
        if more:
            del rows[lq.limit :]
        if lq.expand:
            self._expand(table, rows, lq.expand)
        headers = [(b"x-total-count", str(total).encode())]
        base = f"<{path}?{plan.kept}"
        limit = lq.limit
        if lq.cursor_mode or lq.after_key is not None:
            links = [f'{base}limit={limit}>; rel="first"']
        else:
            links = [f'{base}offset=0&limit={limit}>; rel="first"']
            if lq.offset > 0:
                links.append(f'{base}offset={max(0, lq.offset - limit)}&limit={limit}>; rel="prev"')
            last = max(0, ((total - 1) // limit) * limit) if total else 0
            links.append(f'{base}offset={last}&limit={limit}>; rel="last"')
        if more:
            if plan.default_order and rows and table.primary_key is not None:
                cursor = encode_cursor({"k": rows[-1][table.primary_key]})
            else:
                cursor = encode_cursor({"o": lq.offset + limit})
            headers.append((b"x-next-cursor", cursor.encode()))
            if lq.cursor_mode:
                links.append(f'{base}limit={limit}&cursor={quote_plus(cursor)}>; rel="next"')
            else:
                links.append(f'{base}offset={lq.offset + limit}&limit={limit}>; rel="next"')
        headers.append((b"link", ", ".join(links).encode("latin-1")))
        columns = list(table.columns)
        if lq.fields is not None:  # ?fields=: those columns (and the parents ?expand= embeds)
            columns = lq.fields
            rows = _project(rows, [*lq.fields, *lq.expand])
        media = media_for_accept(accept)
        if media != "application/json":
            body = render_rows(rows, columns, media)
            headers.append((b"vary", b"Accept"))
            ctype = media + ("; charset=utf-8" if media == CSV else "")
            return (
                200,
                body,
                [*headers, (b"content-length", str(len(body)).encode()), (b"content-type", ctype.encode())],
            )
        return _answer(rows, headers)

    def one_answer(self, table: ApiTable, texts: list[str], query: bytes) -> Answer:
        """One row by its key (``GET /t/{id}``, or ``/t/{k1}/{k2}`` for a composite key: ``texts`` in order)."""
        name = table.name
        if len(texts) == 1:
            key: Any = _key(table, texts[0])
            params = [key]
        else:
            params = [_key(table, t, c, c) for t, c in zip(texts, table.key_columns, strict=True)]
        expand: list[str] = []
        fields: list[str] | None = None
        if query:
            qp = QueryParams(query)
            for text in qp.getlist("expand"):
                for e in text.split(","):
                    if e not in table.expands:
                        raise ApiProblem.one(
                            400, "expand", f"must name a parent of '{name}' ({', '.join(table.expands) or 'none'})", e
                        )
                    expand.append(e)
            unknown = [p for p in qp if p not in ("expand", "fields")]
            if unknown:
                raise ApiProblem.one(
                    400, unknown[0], "unknown parameter (only expand and fields apply to one row)", unknown[0]
                )
            given = qp.getlist("fields")
            if len(given) > 1:
                raise ApiProblem.one(400, "fields", "may be given once", given)
            if given:
                fields = parse_fields(table, given[0])
        found = self.store.rows(name, self._by_key[name], params)
        if not found:
            raise ApiProblem.one(
                404,
                "id" if len(table.key_columns) == 1 else ",".join(table.key_columns),
                f"no row of '{name}' has this {', '.join(table.key_columns)}",
                texts[0] if len(texts) == 1 else dict(zip(table.key_columns, texts, strict=True)),
            )
        row = found[0]
        if expand:
            self._expand(table, [row], expand)
        if fields is not None:
            row = _project([row], [*fields, *expand])[0]
        return _answer(row)

    def children_answer(
        self,
        parent: ApiTable,
        child: ApiTable,
        column: str,
        key: str,
        text: str,
        path: str,
        query: bytes,
        accept: str | None,
    ) -> Answer:
        """The rows of ``child`` whose foreign key ``column`` points at the parent row of key ``text``."""
        assert parent.primary_key is not None
        found = self.store.first(
            f"SELECT {q(key)} FROM {q(parent.name)} WHERE {q(parent.primary_key)} = ? LIMIT 1",
            [_key(parent, text)],
        )
        if found is None:
            raise ApiProblem.one(404, "id", f"no row of '{parent.name}' has this {parent.primary_key}", text)
        return self.list_answer(child, path, query, accept, f"{q(column)} = ?", (found[0],), expandable=False)

    def table_routes(self, table: ApiTable) -> list[Route]:
        name = table.name

        def fast_list(scope: Scope, parts: list[str]) -> Answer:
            return self.list_answer(table, _link_path(scope), scope["query_string"], _accept(scope))

        async def list_(request: Request) -> Response:
            return _as_response(fast_list(request.scope, []))

        async def create(request: Request) -> Response:
            body = await read_body(request, table, many=True)
            writer = self.s.writer
            if body.many:
                return json_response(
                    await self.s.commits.run(lambda: writer.create_many(table, body.rows, body.lines)), 201
                )
            row = await self.s.commits.run(lambda: writer.create(table, body.rows[0]))
            headers = {}
            if table.key_columns:
                headers["Location"] = f"/{name}/" + "/".join(quote(str(row[c]), safe="") for c in table.key_columns)
            return json_response(row, 201, headers)

        routes = [Route(f"/{name}", list_, methods=["GET"]), Route(f"/{name}", create, methods=["POST"])]
        self.fast[(name, 0)] = fast_list
        self._reads[fast_list] = self._reads_of(table)
        self.fast_writes[("POST", name, 0)] = create
        if not table.key_columns:
            return routes
        self._by_key[name] = (
            f"{self.store.select(name)} WHERE {' AND '.join(f'{q(c)} = ?' for c in table.key_columns)} LIMIT 1"
        )

        def fast_get(scope: Scope, parts: list[str]) -> Answer:
            return self.one_answer(table, parts, scope["query_string"])

        async def get(request: Request) -> Response:
            return _as_response(fast_get(request.scope, _key_texts(table, request.scope)))

        async def put(request: Request) -> Response:
            key = _request_key(table, request)
            body = await read_body(request, table, many=False)
            writer = self.s.writer
            return json_response(
                await self.s.commits.run(lambda: writer.update(table, key, body.rows[0], partial=False))
            )

        async def patch(request: Request) -> Response:
            key = _request_key(table, request)
            body = await read_body(request, table, many=False)
            writer = self.s.writer
            return json_response(
                await self.s.commits.run(lambda: writer.update(table, key, body.rows[0], partial=True))
            )

        async def delete(request: Request) -> Response:
            key = _request_key(table, request)
            writer = self.s.writer
            n = await self.s.commits.run(lambda: writer.delete(table, key))
            return Response(status_code=204, headers={"X-Deleted-Rows": str(n)})

        path = _key_path(table)
        self.fast[(name, len(table.key_columns))] = fast_get
        self._reads[fast_get] = self._reads_of(table)
        if len(table.key_columns) == 1 and table.columns[table.key_columns[0]].kind in _ROW_KEYS:
            self._row_reads[fast_get] = (table, ())
        for method, handler in (("PUT", put), ("PATCH", patch), ("DELETE", delete)):
            self.fast_writes[(method, name, len(table.key_columns))] = handler
        routes += [
            Route(path, get, methods=["GET"]),
            Route(path, put, methods=["PUT"]),
            Route(path, patch, methods=["PATCH"]),
            Route(path, delete, methods=["DELETE"]),
        ]
        for link in table.children:
            if link.route and table.primary_key is not None:
                routes.append(self._child_route(table, link.table, link.column, link.key))
        return routes

    def _child_route(self, parent: ApiTable, child_name: str, column: str, key: str) -> Route:
        child = self.model.tables[child_name]

        def fast_children(scope: Scope, parts: list[str]) -> Answer:
            return self.children_answer(
                parent, child, column, key, parts[0], _link_path(scope), scope["query_string"], _accept(scope)
            )

        async def children(request: Request) -> Response:
            return _as_response(fast_children(request.scope, [path_segments(request.scope)[2]]))

        self.fast_children[(parent.name, child_name)] = fast_children
        self._reads[fast_children] = self._reads_of(child, parent.name)
        assert parent.primary_key is not None
        if parent.columns[parent.primary_key].kind in _ROW_KEYS:  # the parent's row, and the child's list
            self._row_reads[fast_children] = (parent, (child.name,))
        return Route(f"/{parent.name}/{{id}}/{child_name}", children, methods=["GET"])

    # ------------------------------------------------------------------ admin

    async def reset(self, request: Request) -> Response:
        self.s.commits.flush()  # the writes that arrived before the reset are made before it
        self.store.reset()
        self.s.writer.reset()
        self.s.faults.reset()
        return json_response({"status": "reset", "rows": {t: self.store.count(t) for t in self.model.tables}})

    async def stats(self, request: Request) -> Response:
        data = self.s.stats.snapshot()  # this worker's; "total" and "workers": every worker's
        data["rows"] = {t: self.store.count(t) for t in self.model.tables}
        data["commits"] = self.s.commits.snapshot()
        data["pid"] = os.getpid()
        data.update(self.s.stats.all_workers())
        return json_response(data)

    async def openapi(self, request: Request) -> Response:
        return Response(self.s.openapi_bytes(), media_type="application/json")

    async def docs(self, request: Request) -> Response:
        page = resources.files("simulacra.serve").joinpath("static/docs.html").read_text(encoding="utf-8")
        return HTMLResponse(
            page,
            headers={
                "Content-Security-Policy": "default-src 'self'; script-src 'unsafe-inline'; img-src data:; "
                "style-src 'unsafe-inline'; connect-src 'self'"
            },
        )

    async def index(self, request: Request) -> Response:
        return json_response(
            {
                "name": self.model.name,
                "tables": {t: f"/{t}" for t in self.model.tables},
                "openapi": "/openapi.json",
                "docs": "/docs",
            }
        )


_ADMIN = frozenset(("/", "/_reset", "/_stats", "/openapi.json", "/docs"))


def _route_key(model: ApiModel, method: str, path: str) -> str:
    parts = path.strip("/").split("/")
    if parts and parts[0] in model.tables:
        keys = model.tables[parts[0]].key_columns
        if len(keys) > 1 and len(parts) == 1 + len(keys):
            return f"{method} /{parts[0]}/" + "/".join(f"{{{c}}}" for c in keys)
        template = "/" + parts[0] + ("/{id}" if len(parts) >= 2 else "") + (f"/{parts[2]}" if len(parts) == 3 else "")
        if len(parts) <= 3:
            return f"{method} {template}"
    if path in ("/", "/_reset", "/_stats", "/openapi.json", "/docs"):
        return f"{method} {path}"
    return f"{method} (other)"


def _client_of(scope: Scope, key: str) -> str:
    """Who sent the request, for per-client rate limits: its address, or a header's value (``header:NAME``)
    when the request has that header (else its address)."""
    if key.startswith("header:"):
        name = key[7:].encode("latin-1")
        for h, value in scope.get("headers", []):
            if h == name:
                return "h:" + value.decode("latin-1")
    client = scope.get("client")
    return "ip:" + (str(client[0]) if client else "-")


class Gate:
    """Outermost handling of every request: bearer token, injected faults and latency, stats and the log."""

    def __init__(self, app: ASGIApp, state: ServeState, api: Api | None = None) -> None:
        self.app = app
        self.s = state
        self.api = api

    def _fast(self, scope: Scope) -> tuple[FastRead, list[str]] | None:
        """The handler of a read of a table's routes (list, one row, a parent's children) and the path's
        segments it reads, found without Starlette's route-by-route matching. None: not one of them."""
        api = self.api
        if api is None or scope["method"] != "GET":
            return None
        path = scope["path"]
        if path in _ADMIN:
            return None
        parts = path_segments(scope)
        if len(parts) < 2 or parts[0] != "" or not all(parts[1:]):
            return None
        handler = api.fast.get((parts[1], len(parts) - 2))
        if handler is not None:
            return handler, parts[2:]
        if len(parts) == 4:
            handler = api.fast_children.get((parts[1], parts[3]))
            if handler is not None:
                return handler, [parts[2]]
        return None

    def _write(self, scope: Scope) -> Handler | None:
        """The handler of a write to a table's routes (create; replace, change or delete a row), found as
        :meth:`_fast` finds reads. None: not one of them (Starlette routes it, or answers 404 or 405)."""
        api = self.api
        if api is None:
            return None
        parts = path_segments(scope)
        if len(parts) < 2 or parts[0] != "" or not all(parts[1:]):
            return None
        return api.fast_writes.get((scope["method"], parts[1], len(parts) - 2))

    @staticmethod
    async def _call_write(handler: Handler, scope: Scope, receive: Receive, send: Send) -> int:
        """Run a write's handler without Starlette's routing and middleware; refusals and crashes are
        answered as the application's exception handlers answer them. The status answered."""
        request = Request(scope, receive)
        try:
            response = await handler(request)
        except ApiProblem as exc:
            response = problem_response(exc, scope["path"])
        except Exception as exc:  # noqa: BLE001 (answered 500 as the application's own handler does)
            response = await _crash(request, exc)
        await _respond(response, scope, receive, send)
        return response.status_code

    def _ambiguous(self, scope: Scope) -> ApiProblem | None:
        """A path with more segments than a composite key has parts is a 400 that says how to write a ``/``
        inside a key part, not a 404 that leaves the client guessing."""
        table = self.s.model.tables.get(str(scope["path"]).split("/", 2)[1])
        if table is None or len(table.key_columns) < 2:  # a single key's extra segments read as a nested route
            return None
        n, given = len(table.key_columns), len(path_segments(scope)) - 2
        if given <= n:
            return None
        return _ambiguous(table, given)

    async def _call_fast(
        self, handler: FastRead, parts: list[str], scope: Scope, receive: Receive, send: Send, looked: bool
    ) -> int:
        """Answer a read straight from its handler's bytes (no Request or Response object); its status.
        ``looked``: the hot path found no kept answer for it just now."""
        try:
            assert self.api is not None
            (status, body, headers), block = self.api.read(handler, scope, parts, looked)
        except ApiProblem as exc:
            await problem_response(exc, scope["path"])(scope, receive, send)
            return exc.status
        except Exception as exc:  # noqa: BLE001 (answered 500 as the application's own handler does)
            await (await _crash(Request(scope, receive), exc))(scope, receive, send)
            return 500
        await _send_answer(send, status, headers, block, body)
        return status

    async def _hot(self, scope: Scope, send: Send) -> bool:
        """A read whose kept answer is current, on a server with no token, fault rule or request log:
        answered from the kept bytes at once, before any other work of the gate (none of it would change
        the answer: no fault or token applies, and a kept answer's path is routed and not ambiguous).
        False: not one (nothing was sent)."""
        t0 = time.perf_counter()
        api = self.api
        assert api is not None
        kept = api.kept(scope)
        if kept is None:
            return False
        status, body, headers = kept.answer
        await _send_answer(send, status, headers, kept.block, body)
        self.s.stats.record(kept.route, status, (time.perf_counter() - t0) * 1000, None)
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        s = self.s
        looked = scope["method"] == "GET" and self.api is not None and s.token is None and s.log is None
        looked = looked and not s.faults.rules
        if looked and await self._hot(scope, send):
            return
        t0 = time.perf_counter()
        raw = scope.get("raw_path")
        if raw and b"%" in raw and self.api is not None:  # an encoded '/' in a key part: routed by the segments
            segments = path_segments(scope)
            if any("/" in part for part in segments):
                scope = {**scope, "path": encoded_path(segments)}
        method, path = scope["method"], scope["path"]
        status = [500]
        fault: str | None = None

        async def send_(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            if self.s.token is not None and path != "/docs" and not self._authorized(scope):
                problem = ApiProblem.one(401, "Authorization", "must be 'Bearer <token>' with the server's token", None)
                problem.headers["WWW-Authenticate"] = 'Bearer realm="simulacra"'
                await problem_response(problem, path)(scope, receive, send_)
                return
            decision = self.s.faults.decide(method, path, lambda key: _client_of(scope, key))
            if decision.delay_s:
                await asyncio.sleep(decision.delay_s)
            if decision.status == 0 and await self._drop(send):
                fault, status[0] = decision.reason, 0
                return
            if decision.status is not None:
                fault = decision.reason
                problem = ApiProblem.one(
                    decision.status or 503,
                    None,
                    f"fault injected ({decision.reason})",
                    None,
                    f"fault injected by the server's fault rules ({decision.reason})",
                )
                if decision.retry_after is not None:
                    problem.headers["Retry-After"] = str(decision.retry_after)
                await problem_response(problem, path)(scope, receive, send_)
                return
            ambiguous = self._ambiguous(scope) if self.api is not None and path.count("/") > 2 else None
            if ambiguous is not None:
                await problem_response(ambiguous, path)(scope, receive, send_)
                return
            fast = self._fast(scope)
            if fast is not None:
                status[0] = await self._call_fast(fast[0], fast[1], scope, receive, send, looked)
            elif method != "GET" and (write := self._write(scope)) is not None:
                status[0] = await self._call_write(write, scope, receive, send)
            else:
                await self.app(scope, receive, send_)
        finally:
            ms = (time.perf_counter() - t0) * 1000
            route = _route_key(self.s.model, method, path)
            self.s.stats.record(route, status[0], ms, fault)
            if self.s.log is not None:
                self.s.log.write(
                    {
                        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                        "method": method,
                        "path": path,
                        "query": scope.get("query_string", b"").decode("latin-1"),
                        "status": status[0],
                        "ms": round(ms, 3),
                        "fault": fault,
                    }
                )

    @staticmethod
    async def _drop(send: Send) -> bool:
        """Close the connection without an answer (a dropped request). Needs uvicorn's connection
        (the gate is the outermost application); elsewhere the request is answered 503 instead."""
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        if transport is None:
            return False
        transport.close()
        for _ in range(5):  # let the server see the connection go, so that it does not answer 500
            await asyncio.sleep(0)
        return True

    def _authorized(self, scope: Scope) -> bool:
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                text = value.decode("latin-1")
                assert self.s.token is not None
                return text.startswith("Bearer ") and hmac.compare_digest(text[7:].encode(), self.s.token.encode())
        return False


async def _send_answer(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], block: bytes | None, body: bytes
) -> None:
    """Send an answer: in one write where :func:`send_whole` can (``block``: its header lines), else as the
    two ASGI messages."""
    if block is None or not send_whole(send, "GET", status, block, body):
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _respond(response: Response, scope: Scope, receive: Receive, send: Send) -> None:
    """Send a handler's response: a plain one (bytes already made, no background task) in one write where
    :func:`send_whole` can, else as Starlette sends it."""
    if type(response) is Response and response.background is None and isinstance(response.body, bytes):
        block = header_block(response.raw_headers)
        if block is not None and send_whole(send, scope["method"], response.status_code, block, response.body):
            return
    await response(scope, receive, send)


async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiProblem)
    return problem_response(exc, request.url.path)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        problem = ApiProblem.one(404, "path", "no such route (see /openapi.json)", request.url.path)
    elif exc.status_code == 405:
        problem = ApiProblem.one(405, "method", "not allowed on this route", request.method)
        problem.headers.update(exc.headers or {})
    else:
        problem = ApiProblem.one(exc.status_code, None, str(exc.detail), None)
    return problem_response(problem, request.url.path)


async def _crash(request: Request, exc: Exception) -> Response:
    return problem_response(
        ApiProblem.one(500, None, "internal error", None, f"internal error: {type(exc).__name__}"), request.url.path
    )


def create_app(state: ServeState) -> ASGIApp:
    """The Starlette application of a served dataset."""
    api = Api(state)
    routes: list[Route] = [
        Route("/", api.index, methods=["GET"]),
        Route("/openapi.json", api.openapi, methods=["GET"]),
        Route("/docs", api.docs, methods=["GET"]),
        Route("/_reset", api.reset, methods=["POST"]),
        Route("/_stats", api.stats, methods=["GET"]),
    ]
    routes += state.extra_routes
    if not state.extra_routes:
        for table in state.model.tables.values():
            routes += api.table_routes(table)
    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        ApiProblem: _problem,
        HTTPException: _http,
        Exception: _crash,
    }

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        publisher = None
        if state.stats.share_dir is not None:  # a worker of several: its counters for the others' /_stats
            publisher = asyncio.create_task(state.stats.publish_every())
        try:
            yield
        finally:
            if publisher is not None:
                publisher.cancel()
            if state.log is not None:
                state.log.close()

    inner = Starlette(routes=routes, exception_handlers=handlers, lifespan=lifespan)
    return Gate(
        inner, state, api if not state.extra_routes else None
    )  # outermost: it sees the server's own connection (to drop requests)
