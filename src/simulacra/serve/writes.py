"""Writes that obey the spec: types, required columns, enums, bounds, patterns, uniqueness,
foreign keys, row checks; keys made by the column's generator; delete restrict or cascade.

Everything a write does happens in one transaction; a refusal raises :class:`ApiProblem`
before anything is committed, so a refused write leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

import polars as pl

from simulacra.serve.model import ApiColumn, ApiModel, ApiTable
from simulacra.serve.problems import ApiProblem, Issue
from simulacra.serve.store import Store, q
from simulacra.serve.values import from_json, to_wire
from simulacra.spec import model as m

__all__ = ["Writer", "key_of", "key_where"]

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_MAX_CASCADE = 100_000


def _typed(value: Any, kind: str) -> Any:
    """A stored value as the frame's Python type (for row checks)."""
    if value is None:
        return None
    if kind == "datetime":
        return dt.datetime.fromisoformat(value.rstrip("Z"))
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "boolean":
        return bool(value)
    return value


def key_of(table: ApiTable, row: dict[str, Any]) -> Any:
    """A row's key: its key column's value, or the tuple of a composite key's values."""
    cols = table.key_columns
    return tuple(row[c] for c in cols) if len(cols) > 1 else row[cols[0]]


def key_where(table: ApiTable, key: Any) -> tuple[str, list[Any]]:
    """SQL (and parameters) that selects the row of ``key`` (see :func:`key_of`)."""
    cols = table.key_columns
    values = list(key) if len(cols) > 1 else [key]
    return " AND ".join(f"{q(c)} = ?" for c in cols), values


def _not_key(table: ApiTable, key: Any) -> tuple[str, list[Any]]:
    """SQL (and parameters) that leaves out the row of ``key``."""
    cols = table.key_columns
    values = list(key) if len(cols) > 1 else [key]
    return " AND NOT (" + " AND ".join(f"{q(c)} IS ?" for c in cols) + ")", values


def _wire_key(table: ApiTable, key: Any) -> Any:
    cols = table.key_columns
    if len(cols) > 1:
        return {c: to_wire(v, table.columns[c].kind) for c, v in zip(cols, key, strict=True)}
    return to_wire(key, table.columns[cols[0]].kind)


@dataclass(frozen=True)
class _Aggregate:
    """An aggregate column of ``parent`` over the rows of a child that point at it through ``fk``."""

    parent: str
    column: str
    fk: str  # the child's foreign key column
    key: str  # the parent's column it references
    function: str  # sum | count | mean | min | max
    of: str | None  # the child's column (None for count)
    round: int | None
    default: Any


class Writer:
    """Inserts, replaces, patches and deletes rows of a :class:`Store`, refusing what the spec forbids."""

    def __init__(self, model: ApiModel, store: Store, seed: int) -> None:
        self.model = model
        self.store = store
        self.seed = seed
        self.made = 0  # keys made since the last reset (their order makes them reproducible)
        self.checks: dict[str, list[Any]] = {t: self._usable_checks(t) for t in model.tables}
        self.derived: dict[str, list[tuple[str, str, list[str]]]] = {
            t: self._usable_expressions(t) for t in model.tables
        }
        self.aggregates: dict[str, list[_Aggregate]] = self._aggregates()

    def reset(self) -> None:
        self.made = 0

    # ------------------------------------------------------------------ aggregates over children

    def _aggregates(self) -> dict[str, list[_Aggregate]]:
        """The spec's aggregate columns, by the child table whose writes change them."""
        plan = self.model.plan
        out: dict[str, list[_Aggregate]] = {}
        if plan is None:
            return out
        for pname, tp in plan.tables.items():
            parent = self.model.tables.get(pname)
            if parent is None:
                continue
            for cname, spec in tp.spec.columns.items():
                if not isinstance(spec, m.AggregateColumn) or cname not in parent.columns:
                    continue
                child, _, ccol = spec.of.partition(".")
                ct = plan.tables.get(child)
                link = (ct.links.get(spec.via) if spec.via is not None else ct.primary_link) if ct is not None else None
                if link is None or link.table != pname or child not in self.model.tables:
                    continue
                if ccol and ccol not in self.model.tables[child].columns:
                    continue
                default = (
                    spec.default if spec.default is not None else (0 if spec.function in ("sum", "count") else None)
                )
                out.setdefault(child, []).append(
                    _Aggregate(pname, cname, link.column, link.key, spec.function, ccol or None, spec.round, default)
                )
        return out

    def _aggregate_value(self, agg: _Aggregate, child: str, key: Any) -> Any:
        fn = (
            "COUNT(*)"
            if agg.function == "count"
            else f"{agg.function.replace('mean', 'avg').upper()}({q(agg.of or '')})"
        )
        value = self.store.scalar(f"SELECT {fn} FROM {q(child)} WHERE {q(agg.fk)} = ?", [key])
        if agg.function == "count" and not value:
            value = None  # no children: the spec's default (count's default is 0)
        if value is None:
            value = agg.default
        col = self.model.tables[agg.parent].columns[agg.column]
        if value is not None and col.kind == "integer":
            value = int(round(value))
        elif value is not None and agg.round is not None and isinstance(value, float):
            value = round(value, agg.round)
        return value

    def refresh_aggregates(self, child: str, keys: set[Any], depth: int = 0) -> None:
        """Recompute the parent aggregates that rows of ``child`` feed, for the parents whose keys are
        ``keys`` (the foreign-key values the write touched, before and after), and then what derives from them."""
        aggs = self.aggregates.get(child)
        keys = {k for k in keys if k is not None}
        if not aggs or not keys or depth > 20:
            return
        by_parent: dict[str, list[_Aggregate]] = {}
        for agg in aggs:
            by_parent.setdefault(agg.parent, []).append(agg)
        for pname, group in by_parent.items():
            parent = self.model.tables[pname]
            touched: set[Any] = set()
            for key in sorted(keys, key=repr):
                found = self.store.rows(pname, f"{self.store.select(pname)} WHERE {q(group[0].key)} = ? LIMIT 1", [key])
                if not found:
                    continue  # the parent is gone (a cascade)
                row = {c: self._stored(parent.columns[c], v) for c, v in found[0].items()}
                before = dict(row)
                for agg in group:
                    row[agg.column] = self._aggregate_value(agg, child, key)
                derived_names = {n for n, _, _ in self.derived.get(pname, [])}
                plan_tp = self.model.plan.tables.get(pname) if self.model.plan is not None else None
                after = plan_tp.after_aggregates if plan_tp is not None else set()
                self._derive(parent, row, set(parent.columns) - (derived_names & after))
                changed = [c for c in parent.columns if row[c] != before[c]]
                if not changed:
                    continue
                self.store.conn.execute(
                    f"UPDATE {q(pname)} SET {', '.join(f'{q(c)} = ?' for c in changed)} WHERE {q(group[0].key)} = ?",
                    [row[c] for c in changed] + [key],
                )
                for link in self.aggregates_fed_by(pname):
                    touched.add(row.get(link))
            self.refresh_aggregates(pname, touched, depth + 1)

    def aggregates_fed_by(self, table: str) -> list[str]:
        """The foreign-key columns of ``table`` whose parents aggregate its rows."""
        return sorted({a.fk for a in self.aggregates.get(table, [])})

    def _touched(self, table: ApiTable, *rows: dict[str, Any] | None) -> set[Any]:
        return {r.get(fk) for fk in self.aggregates_fed_by(table.name) for r in rows if r is not None}

    def _own_aggregates(self, table: ApiTable, row: dict[str, Any]) -> None:
        """A row's own aggregate columns are the server's to compute (from its children), not the client's."""
        for child, aggs in self.aggregates.items():
            for agg in aggs:
                if agg.parent == table.name and row.get(agg.key) is not None:
                    row[agg.column] = self._aggregate_value(agg, child, row[agg.key])

    # ------------------------------------------------------------------ checks of the spec

    def _usable_checks(self, table: str) -> list[Any]:
        """The spec's row checks on ``table`` that evaluate on its generated first row."""
        if self.model.plan is None:
            return []
        from simulacra._row_constraints import row_constraints

        out = []
        t = self.model.tables[table]
        first = self.store.rows(table, f"{self.store.select(table)} LIMIT 1", [])
        for rc in row_constraints(self.model.plan.spec, table):
            if rc.spec.check is None:
                continue
            if not first:
                out.append(rc)
                continue
            try:
                row = {c: self._stored(t.columns[c], v) for c, v in first[0].items()}
                rc.check(self._frame(table, row, rc.names()))
                out.append(rc)
            except Exception:  # a check this server cannot evaluate row by row (it is still checked by 'validate')  # noqa: BLE001
                continue
        return out

    def _usable_expressions(self, table: str) -> list[tuple[str, str, list[str]]]:
        """Expression columns of ``table`` (in the plan's order) that evaluate on its generated first row:
        a write that leaves them out gets them computed, as generation would."""
        plan = self.model.plan
        if plan is None or table not in plan.tables:
            return []
        from simulacra.spec.refs import root_names

        tp = plan.tables[table]
        t = self.model.tables[table]
        first = self.store.rows(table, f"{self.store.select(table)} LIMIT 1", [])
        out = []
        for cname in tp.column_order:
            spec = tp.spec.columns.get(cname)
            if not isinstance(spec, m.ExpressionColumn) or cname not in t.columns or cname == t.primary_key:
                continue
            try:
                names = root_names(spec.expr)
                if first:
                    row = {c: self._stored(t.columns[c], v) for c, v in first[0].items()}
                    self._evaluate(table, row, spec.expr, names)
                out.append((cname, spec.expr, names))
            except Exception:  # noqa: BLE001 (an expression this server cannot evaluate row by row stays as written)
                continue
        return out

    def _evaluate(self, table: str, row: dict[str, Any], expr: str, names: list[str]) -> Any:
        from simulacra.spec.refs import expression_for

        frame = self._frame(table, row, names)
        return frame.select(expression_for(expr, frame.schema)).to_series()[0]

    def _derive(self, table: ApiTable, row: dict[str, Any], given: set[str]) -> None:
        """Compute the expression columns a write did not give (from the row and its parents)."""
        from simulacra.serve.values import to_store

        for cname, expr, names in self.derived.get(table.name, []):
            if cname in given:
                continue
            col = table.columns[cname]
            try:
                value = to_store(self._evaluate(table.name, row, expr, names), col.kind)
            except Exception:  # noqa: BLE001 (values the expression cannot take: left null, as the column allows)
                value = None
            if col.kind == "integer" and isinstance(value, float):
                value = int(round(value))
            row[cname] = value

    @staticmethod
    def _stored(col: ApiColumn, wire: Any) -> Any:
        return from_json(wire, col.kind) if wire is not None else None

    def _frame(self, table: str, row: dict[str, Any], names: list[str]) -> pl.DataFrame:
        """The row (stored values) as a one-row frame, with the dotted parent references the check reads."""
        t = self.model.tables[table]
        dtypes = self.model.dtypes[table]
        data = {c: pl.Series(c, [_typed(row.get(c), col.kind)], dtype=dtypes[c]) for c, col in t.columns.items()}
        plan = self.model.plan
        assert plan is not None
        for ref in sorted({n for n in names if "." in n}):
            parts = ref.split(".")
            cur_t = table
            cur_row: dict[str, Any] | None = row
            for alias in parts[:-1]:
                tp = plan.tables[cur_t]
                fk = tp.aliases[alias]
                link = tp.links[fk]
                value = cur_row.get(fk) if cur_row is not None else None
                found = self.store.get(link.table, link.key, value) if value is not None else None
                cur_t = link.table
                cur_row = (
                    {c: self._stored(self.model.tables[cur_t].columns[c], v) for c, v in found.items()}
                    if found
                    else None
                )
            ptable = self.model.tables[cur_t]
            kind = ptable.columns[parts[-1]].kind
            data[ref] = pl.Series(
                ref,
                [_typed(cur_row.get(parts[-1]) if cur_row else None, kind)],
                dtype=self.model.dtypes[cur_t][parts[-1]],
            )
        return pl.DataFrame(data)

    # ------------------------------------------------------------------ validation

    def _validate(self, table: ApiTable, body: Any, *, full: bool) -> tuple[dict[str, Any], list[Issue]]:
        """Stored values of ``body``'s columns, and every problem with them."""
        if not isinstance(body, dict):
            raise ApiProblem.one(422, None, "the body must be a JSON object of column values", body)
        issues: list[Issue] = []
        out: dict[str, Any] = {}
        for name, value in body.items():
            col = table.columns.get(name)
            if col is None:
                close = get_close_matches(str(name), list(table.columns), n=1)
                issues.append(
                    Issue(
                        str(name),
                        f"unknown column of '{table.name}'",
                        value,
                        f"{name}: unknown column of '{table.name}'"
                        + (f"; did you mean '{close[0]}'?" if close else ""),
                    )
                )
                continue
            if value is None:
                if not col.nullable:
                    issues.append(Issue(name, "must not be null", None))
                out[name] = None
                continue
            try:
                stored = from_json(value, col.kind)
            except ValueError as exc:
                issues.append(Issue(name, f"{exc} ({col.kind})" if col.kind not in str(exc) else str(exc), value))
                continue
            issues.extend(self._rules(col, stored, value))
            out[name] = stored
        if full:
            for col in table.columns.values():
                if col.required and col.name not in body:
                    issues.append(
                        Issue(col.name, "required", None, f"{col.name}: required (a value of kind {col.kind})")
                    )
        return out, issues

    @staticmethod
    def _rules(col: ApiColumn, stored: Any, value: Any) -> list[Issue]:
        issues = []
        if col.enum is not None and stored not in col.enum and value not in col.enum:
            issues.append(Issue(col.name, "must be one of " + ", ".join(map(str, col.enum)), value))
        if col.minimum is not None:
            try:
                if stored < (col.minimum if not isinstance(col.minimum, str) else from_json(col.minimum, col.kind)):
                    issues.append(Issue(col.name, f"must be at least {col.minimum}", value))
            except (TypeError, ValueError):
                pass
        if col.maximum is not None:
            try:
                if stored > (col.maximum if not isinstance(col.maximum, str) else from_json(col.maximum, col.kind)):
                    issues.append(Issue(col.name, f"must be at most {col.maximum}", value))
            except (TypeError, ValueError):
                pass
        if col.pattern is not None and isinstance(stored, str) and not re.fullmatch(col.pattern, stored):
            issues.append(Issue(col.name, f"must match the pattern {col.pattern}", value))
        if col.format == "email" and isinstance(stored, str) and not _EMAIL.fullmatch(stored):
            issues.append(Issue(col.name, "must be an email address", value))
        if col.format == "uuid" and isinstance(stored, str) and not _UUID.fullmatch(stored):
            issues.append(Issue(col.name, "must be a UUID", value))
        return issues

    def _relations(self, table: ApiTable, row: dict[str, Any], *, key: Any = None) -> list[Issue]:
        """Uniqueness, foreign keys and row checks of a complete row (inside the write's transaction)."""
        issues: list[Issue] = []
        conflicts: list[Issue] = []
        for col in table.columns.values():
            value = row.get(col.name)
            if value is None:
                continue
            if col.unique:
                sql = f"SELECT 1 FROM {q(table.name)} WHERE {q(col.name)} = ?"
                params: list[Any] = [value]
                if key is not None:
                    other, more = _not_key(table, key)
                    sql += other
                    params += more
                if self.store.scalar(sql + " LIMIT 1", params) is not None:
                    conflicts.append(Issue(col.name, "unique: another row has this value", to_wire(value, col.kind)))
            if col.foreign_key is not None and col.foreign_key[0] in self.model.tables:
                parent, pcol = col.foreign_key
                if not self.store.exists(parent, pcol, value):
                    issues.append(
                        Issue(
                            col.name,
                            f"foreign key: no row of '{parent}' has {pcol} equal to this value",
                            to_wire(value, col.kind),
                        )
                    )
        for cols in table.unique_sets:
            if any(row.get(c) is None for c in cols) or not all(c in table.columns for c in cols):
                continue
            sql = f"SELECT 1 FROM {q(table.name)} WHERE " + " AND ".join(f"{q(c)} = ?" for c in cols)
            params = [row[c] for c in cols]
            if key is not None:
                other, more = _not_key(table, key)
                sql += other
                params += more
            if self.store.scalar(sql + " LIMIT 1", params) is not None:
                conflicts.append(
                    Issue(",".join(cols), "unique: another row has these values", {c: row[c] for c in cols})
                )
        if conflicts:
            raise ApiProblem(409, conflicts)
        if not issues:
            for rc in self.checks[table.name]:
                frame = self._frame(table.name, row, rc.names())
                if not bool(rc.check(frame)[0]):
                    shown = {
                        n: to_wire(frame.get_column(n)[0], "datetime")
                        if isinstance(frame.get_column(n)[0], dt.datetime)
                        else frame.get_column(n)[0]
                        for n in rc.names()
                        if n in frame.columns
                    }
                    issues.append(
                        Issue(
                            rc.names()[0] if rc.names() else None,
                            f"check {rc.spec.name or rc.spec.check}: {rc.spec.check}",
                            shown,
                        )
                    )
        return issues

    # ------------------------------------------------------------------ keys

    def _digest(self, table: str, purpose: str) -> bytes:
        return hashlib.sha256(f"{self.seed}:{table}:{purpose}:{self.made}".encode()).digest()

    def new_key(self, table: ApiTable) -> Any:
        """The next key of ``table``, made as its column's generator makes keys (reproducible per seed)."""
        gen = table.key_generator
        pk = table.primary_key
        assert gen is not None and pk is not None
        self.made += 1
        if gen.kind in ("sequence", "next_integer"):
            step = gen.step if gen.kind == "sequence" else 1
            agg = "MAX" if step > 0 else "MIN"
            last = self.store.scalar(f"SELECT {agg}({q(pk)}) FROM {q(table.name)}", [])
            return (gen.start if gen.kind == "sequence" else 1) if last is None else int(last) + step
        if gen.kind == "uuid":  # the row count joins the digest: worker processes do not repeat each other's keys
            n = self.store.count(table.name)
            for attempt in range(100):
                key = str(uuid.UUID(bytes=self._digest(table.name, f"uuid{n}.{attempt}")[:16], version=4))
                if not self.store.exists(table.name, pk, key):
                    return key
            raise ApiProblem.one(409, pk, "no free key", None)
        seq = self.store.count(table.name)
        for _ in range(10_000):
            seq += 1
            text = self._pattern(table.name, gen.parts, seq)
            if not self.store.exists(table.name, pk, text):
                return text
        raise ApiProblem.one(409, pk, "no free key: the pattern's keys are used up", None)

    def _pattern(self, table: str, parts: tuple[tuple[str, Any], ...], seq: int) -> str:
        digest = self._digest(table, f"pattern{seq}")
        out = []
        for i, (kind, arg) in enumerate(parts):
            if kind == "lit":
                out.append(arg)
            elif kind == "seq":
                width, zero = arg
                out.append(str(seq).zfill(width) if zero else str(seq).rjust(width))
            else:
                alphabet = {
                    "#": "0123456789",
                    "?": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                    "*": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                }[kind]
                out.append(alphabet[digest[i % len(digest)] % len(alphabet)])
        return "".join(out)

    # ------------------------------------------------------------------ the writes

    def _insert(self, table: ApiTable, row: dict[str, Any]) -> None:
        cols = list(row)
        self.store.conn.execute(
            f"INSERT INTO {q(table.name)} ({', '.join(q(c) for c in cols)}) VALUES ({', '.join('?' * len(cols))})",
            [row[c] for c in cols],
        )

    def create(self, table: ApiTable, body: Any) -> dict[str, Any]:
        values, issues = self._validate(table, body, full=True)
        if issues:
            raise ApiProblem(422, issues)
        with self.store.transaction():
            return self._create_row(table, values)

    def create_many(self, table: ApiTable, bodies: list[Any], lines: list[int] | None = None) -> list[dict[str, Any]]:
        """Several rows in one transaction: all of them, or (any refused) none; a refusal names the row
        (``row N``, or ``line N`` of a CSV/NDJSON body)."""

        def where(i: int) -> str:
            return f"line {lines[i]}" if lines is not None else f"row {i + 1}"

        def located(status: int, i: int, issues: list[Issue]) -> ApiProblem:
            return ApiProblem(
                status,
                [Issue(f"{where(i)}: {x.field}" if x.field else where(i), x.rule, x.value, None) for x in issues],
            )

        checked = []
        for i, body in enumerate(bodies):
            try:
                values, issues = self._validate(table, body, full=True)
            except ApiProblem as exc:
                raise located(exc.status, i, exc.issues) from None
            if issues:
                raise located(422, i, issues)
            checked.append(values)
        out = []
        with self.store.transaction():
            for i, values in enumerate(checked):
                try:
                    out.append(self._create_row(table, values))
                except ApiProblem as exc:
                    raise located(exc.status, i, exc.issues) from None
        return out

    def _create_row(self, table: ApiTable, values: dict[str, Any]) -> dict[str, Any]:
        """Insert one validated row (inside the caller's transaction)."""
        pk = table.primary_key
        if pk is not None and values.get(pk) is None:
            if table.key_generator is None:
                raise ApiProblem.one(422, pk, "required", None)
            values[pk] = self.new_key(table)
        row = {c: values[c] if c in values else table.columns[c].default for c in table.columns}
        self._own_aggregates(table, row)
        self._derive(table, row, set(values) - self._aggregate_columns(table))
        issues = self._relations(table, row)
        if issues:
            raise ApiProblem(422, issues)
        self._insert(table, row)
        self.refresh_aggregates(table.name, self._touched(table, row))
        return {c: to_wire(row[c], table.columns[c].kind) for c in table.columns}

    def _aggregate_columns(self, table: ApiTable) -> set[str]:
        return {a.column for aggs in self.aggregates.values() for a in aggs if a.parent == table.name}

    def _current(self, table: ApiTable, key: Any) -> dict[str, Any]:
        where, params = key_where(table, key)
        found = self.store.rows(table.name, f"{self.store.select(table.name)} WHERE {where} LIMIT 1", params)
        if not found:
            raise ApiProblem.one(
                404,
                ",".join(table.key_columns),
                f"no row of '{table.name}' has this key",
                _wire_key(table, key),
            )
        return {c: self._stored(table.columns[c], v) for c, v in found[0].items()}

    def update(self, table: ApiTable, key: Any, body: Any, *, partial: bool) -> dict[str, Any]:
        keys = dict(zip(table.key_columns, key if len(table.key_columns) > 1 else (key,), strict=True))
        values, issues = self._validate(table, body, full=not partial)
        for kc, kv in keys.items():
            if kc in values and values[kc] is not None and values[kc] != kv:
                issues.append(Issue(kc, "the key cannot change (it must equal the key in the path)", body.get(kc)))
        missing = [i for i in issues if i.rule == "required" and i.field in keys]
        issues = [i for i in issues if i not in missing]
        if issues:
            raise ApiProblem(422, issues)
        with self.store.transaction():
            current = self._current(table, key)
            row = (
                {**current, **values}
                if partial
                else {c: values[c] if c in values else table.columns[c].default for c in table.columns}
            )
            row.update(keys)
            self._own_aggregates(table, row)
            self._derive(table, row, set(values) - self._aggregate_columns(table))
            issues = self._relations(table, row, key=key)
            if issues:
                raise ApiProblem(422, issues)
            self._refuse_orphans(table, current, row)
            sets = [c for c in table.columns if c not in keys]
            if sets:
                where, params = key_where(table, key)
                self.store.conn.execute(
                    f"UPDATE {q(table.name)} SET {', '.join(f'{q(c)} = ?' for c in sets)} WHERE {where}",
                    [row[c] for c in sets] + params,
                )
            self.refresh_aggregates(table.name, self._touched(table, current, row))
        return {c: to_wire(row[c], table.columns[c].kind) for c in table.columns}

    def _refuse_orphans(self, table: ApiTable, before: dict[str, Any], after: dict[str, Any]) -> None:
        for link in table.children:
            if before.get(link.key) != after.get(link.key) and before.get(link.key) is not None:
                n = self.store.scalar(
                    f"SELECT COUNT(*) FROM {q(link.table)} WHERE {q(link.column)} = ?", [before[link.key]]
                )
                if n:
                    raise ApiProblem.one(
                        409,
                        link.key,
                        f"foreign key: {n} rows of '{link.table}' refer to this value",
                        to_wire(before[link.key], table.columns[link.key].kind),
                    )

    def delete(self, table: ApiTable, key: Any) -> int:
        """Delete a row (and, where the spec says cascade, its children); the number of rows deleted."""
        with self.store.transaction():
            current = self._current(table, key)
            deleted = self._delete_rows(table, [current], 0)
        return deleted

    def _delete_rows(self, table: ApiTable, rows: list[dict[str, Any]], depth: int) -> int:
        n = 0
        for link in table.children:
            keys = [r[link.key] for r in rows if r.get(link.key) is not None]
            if not keys:
                continue
            child = self.model.tables[link.table]
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                where = f"{q(link.column)} IN ({', '.join('?' * len(chunk))})"
                count = int(self.store.scalar(f"SELECT COUNT(*) FROM {q(link.table)} WHERE {where}", chunk))
                if not count:
                    continue
                if link.on_delete != "cascade" or link.table == table.name and depth > 50:
                    raise ApiProblem.one(
                        409,
                        link.column,
                        f"foreign key: {count} rows of '{link.table}' refer to this row "
                        f"(delete them first, or declare on_delete: cascade)",
                        to_wire(chunk[0], table.columns[link.key].kind),
                    )
                if count > _MAX_CASCADE:
                    raise ApiProblem.one(409, link.column, f"cascade would delete more than {_MAX_CASCADE} rows", count)
                children = self.store.rows(link.table, f"{self.store.select(link.table)} WHERE {where}", chunk)
                stored = [{c: self._stored(child.columns[c], v) for c, v in r.items()} for r in children]
                n += self._delete_rows(child, stored, depth + 1)
                if not child.key_columns:  # rows without a key go by the foreign key that holds them
                    self.store.conn.execute(f"DELETE FROM {q(link.table)} WHERE {where}", chunk)
        for r in rows:
            if table.key_columns:
                kwhere, kparams = key_where(table, key_of(table, r))
                self.store.conn.execute(f"DELETE FROM {q(table.name)} WHERE {kwhere}", kparams)
            n += 1
        self.refresh_aggregates(table.name, self._touched(table, *rows))
        return n
