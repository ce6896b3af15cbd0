"""From a plan and its generated tables to documents: selection, context, rendering, per-format output."""

from __future__ import annotations

import datetime as dt
import json
import quopri
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.header import Header
from email.utils import format_datetime, formataddr, getaddresses
from typing import Any

import jinja2
import numpy as np
import polars as pl

from simulacra._random import root_stream, sequential, stable_hash
from simulacra.errors import Location, Problem, SpecError, SpecValidationError
from simulacra.spec.model import DOCUMENT_FORMATS, DatasetSpec
from simulacra.spec.plan import DocumentPlan, Plan
from simulacra.spec.refs import expression

from . import _pdf
from ._backend import DocumentRun
from ._context import (
    Record,
    TableData,
    TemplateNameError,
    World,
    column_currency,
    infer_labels,
)
from ._format import json_value, language_of
from ._render import (
    DocState,
    Rendered,
    Span,
    escaper,
    make_environment,
    render,
    render_raw,
    strip_marks,
    typo_function,
)

__all__ = ["Document", "render_documents", "scenario_names"]

Progress = Callable[[str, int, int], None]
_SAFE_PATH = re.compile(r"[^\w.\-/]+")


@dataclass(frozen=True)
class Document:
    """One rendered document: its file bytes, its text and spans, and the rows it came from."""

    id: str
    path: str
    format: str
    template: str
    table: str
    key: dict[str, Any]
    data: bytes
    text: str
    spans: tuple[Span, ...]
    parents: dict[str, dict[str, Any]] = field(default_factory=dict)
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    scenarios: tuple[str, ...] = ()
    labels: dict[str, Any] = field(default_factory=dict)
    tone: str = "neutral"
    locale: str = "en_US"
    noise: float = 0.0
    period: str | None = None
    headers: dict[str, str] | None = None
    header_entities: tuple[tuple[str, Span], ...] = ()
    written_by: str | None = None  # the language model that wrote the body (None: the template)

    def index_entry(self) -> dict[str, Any]:
        """The document's line in ``index.jsonl`` (JSON-ready)."""
        out: dict[str, Any] = {
            "id": self.id,
            "path": self.path,
            "format": self.format,
            "template": self.template,
            "table": self.table,
            "key": self.key,
            "parents": self.parents,
            "children": self.children,
            "scenarios": list(self.scenarios),
            "labels": self.labels,
            "tone": self.tone,
            "locale": self.locale,
            "language": language_of(self.locale),
            "noise": self.noise,
        }
        if self.period is not None:
            out["period"] = self.period
        if self.written_by is not None:
            out["written_by"] = self.written_by
        if self.headers is not None:
            out["headers"] = self.headers
            out["header_entities"] = [{"header": h, **s.to_json()} for h, s in self.header_entities]
        out["text"] = self.text
        out["spans"] = [s.to_json() for s in self.spans]
        return out


def _key_json(key: Mapping[str, Any]) -> dict[str, Any]:
    return {k: json_value(v) for k, v in key.items()}


def scenario_names(spec: DatasetSpec, table: str, row: Mapping[str, Any]) -> list[str]:
    """Scenarios a row is in, read back from its label columns."""
    out = []
    for s in spec.scenarios:
        if (
            s.table == table
            and s.labels
            and all(
                row.get(k) == v or (row.get(k) is not None and str(row.get(k)) == str(v)) for k, v in s.labels.items()
            )
        ):
            out.append(s.name)
    return out


def _period_of(value: Any, every: str) -> str:
    if value is None:
        return ""
    if every == "year":
        return f"{value.year}"
    if every == "quarter":
        return f"{value.year}-Q{(value.month - 1) // 3 + 1}"
    return f"{value.year}-{value.month:02d}"


def _period_bounds(label: str, every: str) -> tuple[dt.date, dt.date]:
    if every == "year":
        y = int(label)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if every == "quarter":
        y, q = int(label[:4]), int(label[-1])
        start = dt.date(y, 3 * (q - 1) + 1, 1)
        end_month = 3 * q
    else:
        y, mth = int(label[:4]), int(label[5:7])
        start = dt.date(y, mth, 1)
        end_month = mth
    nxt = dt.date(y + (end_month == 12), end_month % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


class _Templates:
    """Compiled templates of one plan, with file names for tracebacks (file:line in errors)."""

    def __init__(self) -> None:
        self.sources: dict[str, tuple[str, str, Callable[[], bool]]] = {}
        self.envs: dict[str, jinja2.Environment] = {}
        loader = jinja2.FunctionLoader(lambda name: self.sources.get(name))
        for fmt in ("text", "html", "json"):
            self.envs[fmt] = make_environment(fmt, loader)

    def env(self, fmt: str) -> jinja2.Environment:
        return self.envs["html" if fmt == "html" else "json" if fmt == "json" else "text"]

    def get(self, key: str, source: str, filename: str, fmt: str) -> jinja2.Template:
        self.sources[key] = (source, filename, lambda: True)
        return self.env(fmt).get_template(key)


def _template_line(exc: BaseException, filename: str) -> int | None:
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class _Renderer:
    def __init__(
        self, plan: Plan, frames: Mapping[str, pl.DataFrame], seed: int, templates: _Templates, world: World
    ) -> None:
        self.plan = plan
        self.spec = plan.spec
        self.frames = frames
        self.seed = seed
        self.templates = templates
        self.world = world
        self.currencies = {
            (t, c): column_currency(s) for t, tp in plan.tables.items() for c, s in tp.spec.columns.items()
        }

    # ------------------------------------------------------------ errors

    def _error(
        self,
        dp: DocumentPlan,
        key: Mapping[str, Any],
        exc: BaseException,
        where: str,
        filename: str | None,
        offset: int,
    ) -> SpecError:
        msg = str(exc)
        if isinstance(exc, jinja2.UndefinedError):
            msg = f"undefined: {msg}"
        elif not isinstance(exc, (TemplateNameError, _pdf.LayoutError, ValueError, TypeError)):
            msg = f"{type(exc).__name__}: {msg}"
        line = _template_line(exc, filename) if filename else None
        if line is not None:
            loc = Location(file=filename, line=line + offset)
        else:
            loc = self.plan.index.location(dp.path)
        return SpecError(
            f"document '{dp.spec.name}' ({where}, {dp.spec.table} row {where_key(key)}): {msg}", location=loc
        )

    # ------------------------------------------------------------ selection

    def _selected(self, dp: DocumentPlan, data: TableData) -> list[int]:
        d = dp.spec
        n = len(data.rows)
        keep = np.ones(n, dtype=bool)
        if d.where is not None and n:
            mask = self.frames[d.table].select(expression(d.where).fill_null(False)).to_series().to_numpy()
            keep &= mask.astype(bool)
        if d.rate < 1.0 and n:
            u = root_stream(self.seed).child("__documents__", d.name, "rate").uniform(np.arange(n, dtype=np.int64))
            keep &= u < d.rate
        return [int(i) for i in np.flatnonzero(keep)]

    # ------------------------------------------------------------ one template

    def documents(self, dp: DocumentPlan, progress: Progress | None = None) -> Iterator[Document]:
        d = dp.spec
        fmt = d.format
        data = self.world.table(d.table)
        locale = d.locale or self.spec.locale
        filename = dp.template_file or (self.plan.index.file or "<spec>")
        offset = 0 if dp.template_file else dp.template_line - 1
        body = self.templates.get(f"{d.name}:body", dp.source, filename, fmt)
        small = {}
        for field_, src in (("path", d.path),) + (
            (("from", d.email.sender), ("to", d.email.to), ("subject", d.email.subject)) if d.email else ()
        ):
            if src is not None:
                small[field_] = self.templates.get(f"{d.name}:{field_}", src, f"<{d.name}.{field_}>", "text")
        esc = escaper(fmt)
        plain_esc = escaper("text")
        positions = self._selected(dp, data)
        stream = root_stream(self.seed).child("__documents__", d.name)
        seeds = stream.bits(np.asarray(positions, dtype=np.int64)) if positions else np.zeros(0, dtype=np.uint64)
        joins = {j.name: j for j in dp.children}
        groups = {j.name: self.world.table(j.table).groups(j.on, j.order_by) for j in dp.children}
        thread_groups = data.groups(d.email.thread, d.email.date) if d.email is not None and d.email.thread else None
        ext = DOCUMENT_FORMATS[fmt]
        count = 0
        total = len(positions) if d.limit is None else min(len(positions), d.limit)
        seen_paths: set[str] = set()
        for pos, seed in zip(positions, seeds.tolist()):
            row = data.rows[pos]
            rec = Record(data, row, self.world)
            key = data.key_of(row)
            children = {name: self.world.wrap(j.table, groups[name].get(row[j.key], [])) for name, j in joins.items()}
            periods: list[str | None] = [None]
            by_period: dict[str, list[Record]] = {}
            if d.per is not None:
                for r in children[d.per.child]:
                    by_period.setdefault(_period_of(r.raw(d.per.column), d.per.every), []).append(r)
                by_period.pop("", None)  # rows without a date belong to no period
                periods = list(sorted(by_period))
            for period in periods:
                if d.limit is not None and count >= d.limit:
                    return
                kids = children
                period_ctx = None
                doc_seed = int(seed)
                if period is not None and d.per is not None:
                    kids = dict(children)
                    kids[d.per.child] = by_period[period]
                    start, end = _period_bounds(period, d.per.every)
                    period_ctx = {"label": period, "start": start, "end": end}
                    doc_seed ^= stable_hash(period)
                yield self._one(
                    dp,
                    rec,
                    key,
                    kids,
                    period_ctx,
                    period,
                    doc_seed,
                    locale,
                    body,
                    small,
                    esc,
                    plain_esc,
                    thread_groups,
                    ext,
                    filename,
                    offset,
                    seen_paths,
                )
                count += 1
                if progress is not None and (count % 200 == 0 or count == total):
                    progress(f"documents:{d.name}", count, total)

    def _scenarios(self, rec: Record, children: Mapping[str, list[Record]]) -> tuple[list[str], dict[str, Any]]:
        names: list[str] = []
        labels: dict[str, Any] = {}
        seen: set[tuple[str, int]] = set()

        def visit(r: Record, depth: int) -> None:
            ident = (r.table, id(r._row))
            if ident in seen:
                return
            seen.add(ident)
            found = scenario_names(self.spec, r.table, r._row)
            for n in found:
                if n not in names:
                    names.append(n)
                    for s in self.spec.scenarios:
                        if s.name == n:
                            labels.update({k: v for k, v in s.labels.items() if k not in labels})
            if depth < 2:
                tp = r._data.tp
                for fk, lk in tp.links.items():
                    if lk.self_ref or r._row.get(fk) is None:
                        continue
                    p = self.world.record(lk.table, lk.key, r._row[fk])
                    if p is not None:
                        visit(p, depth + 1)

        visit(rec, 0)
        for rows in children.values():
            for r in rows:
                visit(r, 1)
        return names, labels

    def _parents(self, rec: Record) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        tp = rec._data.tp
        for fk, lk in tp.links.items():
            v = rec._row.get(fk)
            if v is not None and not lk.self_ref:
                out[lk.table] = {lk.key: json_value(v)}
        return out

    def _one(
        self,
        dp: DocumentPlan,
        rec: Record,
        key: dict[str, Any],
        children: dict[str, list[Record]],
        period_ctx: dict[str, Any] | None,
        period: str | None,
        seed: int,
        locale: str,
        body: jinja2.Template,
        small: dict[str, jinja2.Template],
        esc: Callable[[str], str],
        plain_esc: Callable[[str], str],
        thread_groups: dict[Any, list[int]] | None,
        ext: str,
        filename: str,
        offset: int,
        seen_paths: set[str],
    ) -> Document:
        d = dp.spec
        scen, labels = self._scenarios(rec, children)
        tone = next((d.tone[s] for s in scen if s in d.tone), "neutral")
        state = DocState(seed, locale, esc, self.currencies)
        noise_rng = sequential(seed ^ 0x5EED)
        rate = 0.0
        for nz in d.noise:
            if (nz.scenario is None or nz.scenario in scen) and noise_rng.random() < nz.documents:
                rate = max(rate, nz.typo_rate)
        typo = typo_function(noise_rng, rate) if rate > 0 else None
        context: dict[str, Any] = {
            "row": rec,
            d.table: rec,
            **children,
            "scenarios": scen,
            "labels": labels,
            "tone": tone,
            "locale": locale,
            "lang": language_of(locale),
            "period": period_ctx,
            "thread": None,
            "document": {"name": d.name, "format": d.format},
        }
        headers = None
        header_entities: tuple[tuple[str, Span], ...] = ()
        thread = None
        if d.email is not None and d.email.thread and thread_groups is not None:
            members = thread_groups.get(rec._row[d.email.thread], [])
            me = next((i for i, p in enumerate(members) if rec._data.rows[p] is rec._row), 0)
            rows = rec._data.rows
            thread = {
                "position": me,
                "size": len(members),
                "previous": Record(rec._data, rows[members[me - 1]], self.world) if me > 0 else None,
                "first": Record(rec._data, rows[members[0]], self.world) if members else rec,
                "ids": [self._message_id(d, rec._data.key_of(rows[p])) for p in members[:me]],
            }
            context["thread"] = thread
        # the file name
        keystr = "_".join(str(json_value(v)) for v in key.values())
        try:
            if "path" in small:
                state_p = DocState(seed, locale, plain_esc, self.currencies)
                path = render(small["path"], context, state_p).text.strip()
            else:
                path = f"{d.name}/{keystr}" + (f"_{period}" if period else "") + ext
        except Exception as exc:
            raise self._error(dp, key, exc, "path", None, 0) from None
        path = _SAFE_PATH.sub("_", path).strip("/").replace("..", "_")
        if not path.endswith(ext):
            path += ext
        if path in seen_paths:
            raise SpecError(
                f"document '{d.name}': two documents would both be written to '{path}'; make 'path' unique per row",
                location=self.plan.index.location(dp.path + ("path",)),
            )
        seen_paths.add(path)
        # the body
        try:
            if d.format == "pdf":
                raw = render_raw(body, context, state)
                rendered = strip_marks(_pdf.plain_layout_text(raw), state.marks, typo)
                layout = _pdf.parse_layout(_pdf.strip_markers(raw))
            else:
                rendered = render(body, context, state, typo)
        except SpecError:
            raise
        except Exception as exc:
            raise self._error(dp, key, exc, "template", filename, offset) from None
        text = rendered.text
        data: bytes
        if d.format == "json":
            try:
                json.loads(text)
            except json.JSONDecodeError as exc:
                raise SpecError(
                    f"document '{d.name}' ({d.table} row {where_key(key)}): the template did not render valid JSON: "
                    f"{exc.msg} at line {exc.lineno}, column {exc.colno} of the output",
                    location=Location(
                        file=dp.template_file or self.plan.index.file,
                        line=None if dp.template_file else dp.template_line,
                    ),
                ) from None
            data = text.encode("utf-8")
        elif d.format == "pdf":
            data = _pdf.render_pdf(layout, title=layout.title or d.name, page="letter" if locale == "en_US" else "A4")
        elif d.format == "email":
            assert d.email is not None
            if not text.endswith("\n"):
                text += "\n"
                rendered = Rendered(text, rendered.spans)
            headers, header_entities, data = self._email(dp, rec, key, context, seed, locale, small, thread, text)
        else:
            data = text.encode("utf-8")
        doc_id = path.rsplit(".", 1)[0]
        return Document(
            id=doc_id,
            path=path,
            format=d.format,
            template=d.name,
            table=d.table,
            key=_key_json(key),
            data=data,
            text=text,
            spans=rendered.spans,
            parents=self._parents(rec),
            children={j.name: [_key_json(r.key()) for r in children[j.name]] for j in dp.children},
            scenarios=tuple(scen),
            labels={k: json_value(v) for k, v in labels.items()},
            tone=tone,
            locale=locale,
            noise=rate,
            period=period,
            headers=headers,
            header_entities=header_entities,
        )

    @staticmethod
    def _message_id(d: Any, key: Mapping[str, Any]) -> str:
        keystr = ".".join(_SAFE_PATH.sub("_", str(json_value(v))) for v in key.values())
        return f"<{d.name}.{keystr}@{d.email.domain}>"

    def _email(
        self,
        dp: DocumentPlan,
        rec: Record,
        key: dict[str, Any],
        context: dict[str, Any],
        seed: int,
        locale: str,
        small: dict[str, jinja2.Template],
        thread: dict[str, Any] | None,
        body: str,
    ) -> tuple[dict[str, str], tuple[tuple[str, Span], ...], bytes]:
        d = dp.spec
        assert d.email is not None
        values: dict[str, str] = {}
        entities: list[tuple[str, Span]] = []
        for name, header in (("from", "From"), ("to", "To"), ("subject", "Subject")):
            st = DocState(seed, locale, str, self.currencies)
            try:
                r = render(small[name], context, st)
            except Exception as exc:
                raise self._error(dp, key, exc, f"email.{name}", None, 0) from None
            text = " ".join(r.text.split())
            if (
                name == "subject"
                and thread is not None
                and thread["position"] > 0
                and not text.lower().startswith("re:")
            ):
                text = "Re: " + text
            values[header] = text
            entities += [(header, sp) for sp in r.spans]
        when = rec.raw(d.email.date)
        if isinstance(when, dt.date) and not isinstance(when, dt.datetime):
            when = dt.datetime(when.year, when.month, when.day)
        if not isinstance(when, dt.datetime):
            raise SpecError(
                f"document '{d.name}': email date column '{d.email.date}' holds {type(when).__name__}, expected a date or datetime",
                location=self.plan.index.location(dp.path + ("email", "date")),
            )
        values["Date"] = format_datetime(when.replace(tzinfo=dt.UTC))
        values["Message-ID"] = self._message_id(d, key)
        if thread is not None and thread["ids"]:
            values["In-Reply-To"] = thread["ids"][-1]
            values["References"] = " ".join(thread["ids"][-20:])
        return values, tuple(entities), eml_bytes(values, body, d.name)


def _encode_header(name: str, value: str) -> str:
    """RFC 2047 words for non-ASCII text; in address headers only the display name is encoded."""
    if value.isascii():
        return value
    if name in ("From", "To", "Cc"):
        parts = []
        for display, addr in getaddresses([value]):
            parts.append(formataddr((display, addr), charset="utf-8") if addr else Header(display, "utf-8").encode())
        return ", ".join(parts)
    return Header(value, "utf-8", maxlinelen=76, header_name=name).encode()


def eml_bytes(headers: Mapping[str, str], body: str, template: str) -> bytes:
    """An RFC 5322 message: the headers, then the body as UTF-8 text (quoted-printable when a line is long).

    Written directly (the ``email`` package's object model costs milliseconds per message); the
    checker reads it back with the standard parser.
    """
    lines = [f"{k}: {_encode_header(k, v)}" for k, v in headers.items()]
    lines += [f"X-Simulacra-Template: {template}", "MIME-Version: 1.0", 'Content-Type: text/plain; charset="utf-8"']
    raw = body.encode("utf-8")
    if any(len(line) > 900 for line in raw.split(b"\n")) or b"\r" in raw:
        lines.append("Content-Transfer-Encoding: quoted-printable")
        payload = quopri.encodestring(raw)
    else:
        lines.append("Content-Transfer-Encoding: 8bit" if not body.isascii() else "Content-Transfer-Encoding: 7bit")
        payload = raw
    return ("\n".join(lines) + "\n\n").encode("ascii") + payload


def where_key(key: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={json_value(v)!r}" for k, v in key.items())


def render_documents(
    plan: Plan,
    frames: Mapping[str, pl.DataFrame],
    *,
    seed: int | None = None,
    progress: Progress | None = None,
    only: list[str] | None = None,
    backend: DocumentRun | None = None,
) -> Iterator[Document]:
    """Every document the plan declares, in spec order, rendered from ``frames`` (deterministic for a seed).

    Templates with a ``model:`` block have their bodies written by ``backend``'s language model
    (see ``_backend``); without one, or with an offline ``DocumentRun``, they keep the rendering."""
    seed = plan.spec.seed if seed is None else int(seed)
    models = {n: dp.spec.model for n, dp in plan.documents.items() if dp.spec.model is not None}
    if models:
        run = backend if backend is not None else DocumentRun(None, seed)
        yield from run.rewrite(_render_all(plan, frames, seed, progress, only), models)
    else:
        yield from _render_all(plan, frames, seed, progress, only)


def _render_all(
    plan: Plan, frames: Mapping[str, pl.DataFrame], seed: int, progress: Progress | None, only: list[str] | None
) -> Iterator[Document]:
    overrides: dict[str, str] = {}
    for d in plan.spec.documents:
        overrides.update(d.entities)
    missing = sorted(
        {t for dp in plan.documents.values() for t in [dp.spec.table, *(j.table for j in dp.children)]} - set(frames)
    )
    if missing:
        raise SpecValidationError(
            [
                Problem(
                    Location(file=plan.index.file),
                    f"documents need table(s) {', '.join(missing)}, which the dataset lacks",
                )
            ]
        )
    world = World(plan, frames, infer_labels(plan, overrides))
    renderer = _Renderer(plan, frames, seed, _Templates(), world)
    for name, dp in plan.documents.items():
        if only is not None and name not in only:
            continue
        yield from renderer.documents(dp, progress)
