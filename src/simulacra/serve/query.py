"""List queries: filters, sort, paging and expansion, from a query string to parameterised SQL.

Grammar (every name is a column of the table; anything else is refused with 400)::

    ?status=shipped                  equality (repeat the parameter for any of several)
    ?status.in=shipped,delivered     any of a comma-separated list
    ?status.ne=cancelled             not equal (nulls included)
    ?total.gte=10&total.lt=50        ranges: gt, gte, lt, lte (numbers, dates, date-times, text)
    ?phone.null=true                 null (true) or not null (false)
    ?sort=-total,order_id            sort; '-' for descending; the key breaks ties
    ?limit=20&offset=40              paging (limit 1..1000, default 100)
    ?cursor=…                        the next page after a previous answer's X-Next-Cursor
    ?expand=customer                 embed the parent row a foreign key points at
    ?fields=order_id,total           only these columns in each row (sparse fieldsets)
    ?q=smith                         rows where any text column holds this, letters compared without case
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any

from starlette.datastructures import QueryParams

from simulacra.serve.model import ApiTable
from simulacra.serve.problems import ApiProblem, Issue
from simulacra.serve.store import FOLD, fold, q, text_columns
from simulacra.serve.values import from_query

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "MAX_Q",
    "OPS",
    "RESERVED",
    "ListQuery",
    "decode_cursor",
    "encode_cursor",
    "parse_fields",
    "parse_list_query",
    "search_clause",
    "text_columns",
]

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_IN = 100
OPS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "null")
_SQL_OP = {"eq": "=", "ne": "IS NOT", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
RESERVED = ("sort", "limit", "offset", "cursor", "expand", "fields", "q")
MAX_Q = 200  # characters of a ?q= search


@dataclass
class ListQuery:
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    order: list[tuple[str, bool]] = field(default_factory=list)  # (column, descending)
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    after_key: Any = None  # keyset paging on the primary key (default order only)
    cursor_mode: bool = False
    expand: list[str] = field(default_factory=list)
    fields: list[str] | None = None  # ?fields=: only these columns in each row (None: every column)
    search: bool = False  # ?q= is given (the table's search index must be current before the query runs)

    def where_sql(self, extra: list[str] | None = None) -> str:
        parts = self.where + (extra or [])
        return (" WHERE " + " AND ".join(parts)) if parts else ""

    def order_sql(self) -> str:
        return (
            (" ORDER BY " + ", ".join(f"{q(c)} {'DESC' if d else 'ASC'}" for c, d in self.order)) if self.order else ""
        )

    def default_order(self, table: ApiTable) -> bool:
        return table.primary_key is not None and self.order == [(table.primary_key, False)]


def encode_cursor(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(text: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ApiProblem.one(400, "cursor", "must be a cursor this server gave (X-Next-Cursor)", text) from None
    if not isinstance(data, dict) or not (
        ("o" in data and isinstance(data["o"], int) and data["o"] >= 0) or "k" in data
    ):
        raise ApiProblem.one(400, "cursor", "must be a cursor this server gave (X-Next-Cursor)", text)
    return data


def _unknown(table: ApiTable, name: str) -> Issue:
    close = get_close_matches(name, list(table.columns) + list(RESERVED), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return Issue(
        name,
        "unknown parameter",
        name,
        f"{name}: unknown parameter: not a column of '{table.name}' nor one of {', '.join(RESERVED)}{hint}",
    )


def _int_param(name: str, text: str, low: int, high: int) -> int:
    if not text.isdigit() or not low <= int(text) <= high:
        raise ApiProblem.one(400, name, f"must be an integer from {low} to {high}", text)
    return int(text)


def search_clause(table: ApiTable, text: str, index: tuple[str, str, list[str]] | None = None) -> tuple[str, list[Any]]:
    """The WHERE part of ``?q=text``: rows where any text column holds ``text``, letters compared without
    case. ASCII text is a ``LIKE`` (its ``%``, ``_`` and ``\\`` escaped, so they match themselves); text
    with other characters is compared folded by :func:`fold` (``instr``, nothing to escape). Raises
    ValueError when the text is empty, too long or holds a NUL, or the table has no text column.

    ``index`` (the table's search index, :attr:`Store.search`: its name, the rowid's name, its columns):
    the rows are first looked up in it, an FTS5 trigram index of the text columns case-folded, and only
    those are compared as above. Every row the comparison keeps is in the index's answer (case folding
    maps each character on its own, so a match of the text is a match of the folded text), so the answer
    is the same as without it; text that folds to fewer than 3 characters (no trigram) is compared alone."""
    columns = text_columns(table)
    if not columns:
        raise ValueError(f"'{table.name}' has no text columns to search")
    if not text:
        raise ValueError("must not be empty")
    if len(text) > MAX_Q:
        raise ValueError(f"at most {MAX_Q} characters")
    if "\x00" in text:  # SQLite's LIKE would read the pattern only up to it
        raise ValueError("must not hold a NUL character")
    folded = fold(text)
    if text.isascii():
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql = "(" + " OR ".join(f"{q(c)} LIKE ? ESCAPE '\\'" for c in columns) + ")"
        params: list[Any] = [pattern] * len(columns)
    else:
        sql = "(" + " OR ".join(f"instr({FOLD}({q(c)}), ?) > 0" for c in columns) + ")"
        params = [folded] * len(columns)
    if index is None or len(folded) < 3:
        return sql, params
    name, rowid, _ = index
    phrase = '"' + folded.replace('"', '""') + '"'  # one FTS5 string: the text as it is, no query syntax
    return f"({rowid} IN (SELECT rowid FROM {q(name)} WHERE {q(name)} MATCH ?) AND {sql})", [phrase, *params]


def parse_fields(table: ApiTable, text: str) -> list[str]:
    """The columns of ``?fields=a,b`` in the order given (each once); ApiProblem (400) naming any other name."""
    names = list(dict.fromkeys(text.split(",")))
    issues = []
    for name in names:
        if name not in table.columns:
            close = get_close_matches(name, list(table.columns), n=1)
            issues.append(
                Issue(
                    "fields",
                    f"must name columns of '{table.name}'",
                    name,
                    f"fields: unknown column '{name}' of '{table.name}'"
                    + (f"; did you mean '{close[0]}'?" if close else ""),
                )
            )
    if issues:
        raise ApiProblem(400, issues)
    return names


def parse_list_query(
    table: ApiTable,
    params: QueryParams,
    *,
    expandable: bool = True,
    search_index: tuple[str, str, list[str]] | None = None,
) -> ListQuery:
    """The list query of ``params``; every problem is collected and raised as one 400. ``search_index``:
    the table's search index for ``?q=`` (see :func:`search_clause`)."""
    out = ListQuery()
    issues: list[Issue] = []
    for name in dict.fromkeys(params.keys()):
        values = params.getlist(name)
        if name in RESERVED:
            if len(values) > 1 and name != "expand":
                issues.append(Issue(name, "may be given once", values))
            continue
        column, _, op = name.partition(".")
        col = table.columns.get(column)
        if col is None:
            issues.append(_unknown(table, name))
            continue
        op = op or "eq"
        if op not in OPS:
            issues.append(Issue(name, f"unknown operator '{op}': one of {', '.join(OPS)}", op))
            continue
        try:
            if op == "null":
                if len(values) != 1 or values[0] not in ("true", "false"):
                    raise ValueError("must be true or false")
                out.where.append(f"{q(column)} IS {'' if values[0] == 'true' else 'NOT '}NULL")
            elif op == "in" or (op == "eq" and len(values) > 1):
                items = [v for text in values for v in (text.split(",") if op == "in" else [text])]
                if len(items) > MAX_IN:
                    raise ValueError(f"at most {MAX_IN} values")
                parsed = [from_query(v, col.kind) for v in items]
                out.where.append(f"{q(column)} IN ({', '.join('?' * len(parsed))})")
                out.params.extend(parsed)
            else:
                if len(values) > 1:
                    raise ValueError("may be given once")
                if op in ("gt", "gte", "lt", "lte") and col.kind == "boolean":
                    raise ValueError("ranges apply to numbers, dates and text, not booleans")
                out.where.append(f"{q(column)} {_SQL_OP[op]} ?")
                out.params.append(from_query(values[0], col.kind))
        except ValueError as exc:
            issues.append(Issue(name, str(exc), values[0] if len(values) == 1 else values))
    sort = params.get("sort")
    if sort is not None:
        for part in sort.split(","):
            desc = part.startswith("-")
            cname = part[1:] if desc else part
            if cname not in table.columns:
                close = get_close_matches(cname, list(table.columns), n=1)
                issues.append(
                    Issue(
                        "sort",
                        "must name columns of " + table.name,
                        part,
                        f"sort: unknown column '{cname}'" + (f"; did you mean '{close[0]}'?" if close else ""),
                    )
                )
            elif all(c != cname for c, _ in out.order):
                out.order.append((cname, desc))
    for key in table.key_columns:  # the key breaks ties (each column of a composite key)
        if all(c != key for c, _ in out.order):
            out.order.append((key, False))
    try:
        if params.get("limit") is not None:
            out.limit = _int_param("limit", params["limit"], 1, MAX_LIMIT)
        if params.get("offset") is not None:
            out.offset = _int_param("offset", params["offset"], 0, 10**12)
    except ApiProblem as exc:
        issues.extend(exc.issues)
    cursor = params.get("cursor")
    if cursor is not None:
        if params.get("offset") is not None:
            issues.append(Issue("cursor", "cannot be combined with offset", cursor))
        else:
            try:
                data = decode_cursor(cursor)
                out.cursor_mode = True
                if "k" in data and out.default_order(table) and table.primary_key is not None:
                    out.after_key = (
                        from_query(str(data["k"]), table.columns[table.primary_key].kind)
                        if not isinstance(data["k"], (int, float))
                        else data["k"]
                    )
                elif "o" in data:
                    out.offset = data["o"]
                else:
                    raise ApiProblem.one(400, "cursor", "belongs to another sort order", cursor)
            except ApiProblem as exc:
                issues.extend(exc.issues)
            except ValueError:
                issues.append(Issue("cursor", "must be a cursor this server gave (X-Next-Cursor)", cursor))
    search = params.get("q")
    if search is not None:
        try:
            sql, values = search_clause(table, search, search_index)
            out.where.append(sql)
            out.params.extend(values)
            out.search = True
        except ValueError as exc:
            issues.append(Issue("q", str(exc), search))
    fields = params.get("fields")
    if fields is not None:
        try:
            out.fields = parse_fields(table, fields)
        except ApiProblem as exc:
            issues.extend(exc.issues)
    for text in params.getlist("expand"):
        for name in text.split(","):
            if not expandable or name not in table.expands:
                choices = ", ".join(table.expands) or "none"
                issues.append(Issue("expand", f"must name a parent of '{table.name}' ({choices})", name))
            elif name not in out.expand:
                out.expand.append(name)
    if issues:
        raise ApiProblem(400, issues)
    return out
