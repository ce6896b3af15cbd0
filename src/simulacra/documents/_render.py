"""Render a template with entity spans known by construction.

Every tagged value a template prints (``{{ row.customer.email }}``, ``{{ money(row.total) }}``)
is wrapped in private-use markers by the environment's ``finalize`` hook; after
rendering the markers are stripped and their offsets become the document's
spans. Typos (a scenario's noise) touch only the template's own words, between
markers, so inserted values stay exact and the spans stay right.

The environment is sandboxed with ``StrictUndefined``: a template cannot reach
Python internals, and a misspelt name is an error naming the template's file:line.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import pass_context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from simulacra._random import Sequential, sequential, stable_hash

from ._context import Record, TemplateNameError
from ._format import CURRENCY_OF_LOCALE, format_date, format_money, format_number, plain
from ._values import TAGGED_TYPES, is_tagged, tag

__all__ = ["DocState", "Rendered", "Span", "escaper", "make_environment", "render", "render_raw", "strip_marks"]

_OPEN, _MID, _CLOSE = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile("\ue000(\\d+)\ue001(.*?)\ue002", re.DOTALL)
_WORD = re.compile(r"[A-Za-zÀ-ÿ]{4,}")


@dataclass(frozen=True)
class Span:
    """An entity value a template inserted: its offsets in the text, label, text and source."""

    start: int
    end: int
    label: str
    text: str
    source: dict[str, Any] | None
    fmt: str

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "label": self.label, "text": self.text}
        if self.source is not None:
            out["source"] = self.source
        if self.fmt != "str":
            out["format"] = self.fmt
        return out


@dataclass(frozen=True)
class Rendered:
    text: str
    spans: tuple[Span, ...]


class DocState:
    """What one document's render needs: its random choices, its locale, and the marks made so far."""

    __slots__ = ("currencies", "escape", "locale", "marks", "rng")

    def __init__(
        self, seed: int, locale: str, escape: Callable[[str], str], currencies: Mapping[tuple[str, str], str | None]
    ) -> None:
        self.rng = sequential(seed)
        self.locale = locale
        self.escape = escape
        self.marks: list[tuple[str, dict[str, Any] | None, str]] = []
        self.currencies = currencies

    def mark(self, value: Any, text: str) -> str:
        self.marks.append((value.label, value.source, value.fmt))
        return f"{_OPEN}{len(self.marks) - 1}{_MID}{text}{_CLOSE}"


def _display(value: Any) -> str:
    return value if type(value) is str else plain(value)


def _state(ctx: Any) -> DocState:
    return ctx.get("_doc")


@pass_context
def _finalize(ctx: Any, value: Any) -> Any:
    if value is None:
        return ""
    st = _state(ctx)
    if type(value) in TAGGED_TYPES:
        if value.label is None:
            return Markup(st.escape(plain(value)))
        return Markup(st.mark(value, st.escape(plain(value))))
    if st.escape is _json_escape:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str) and not isinstance(value, Markup):
            return _json_escape(value)
    return value


_JSON_SPECIAL = re.compile(r'["\\\x00-\x1f\u2028\u2029]')


def _json_escape(text: str) -> str:
    if _JSON_SPECIAL.search(text) is None:
        return text
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _html_escape(text: str) -> str:
    return html.escape(text, quote=True)


# ---------------------------------------------------------------- helpers templates call


def _weighted(options: Any, rng: Sequential) -> Any:
    if isinstance(options, Mapping):
        items = list(options.items())
        total = sum(float(w) for _, w in items)
        u = rng.random() * total
        for opt, w in items:
            u -= float(w)
            if u < 0:
                return opt
        return items[-1][0]
    seq = list(options)
    if not seq:
        raise ValueError("choose/phrase: no options to choose from")
    return seq[int(rng.random() * len(seq)) % len(seq)]


def _rng(ctx: Any, by: Any) -> Sequential:
    """The document's random choices; ``by`` (e.g. a ticket ID) makes a choice the same in every document sharing it."""
    if by is None:
        return _state(ctx).rng
    return sequential(stable_hash(str(by)))


@pass_context
def _choose(ctx: Any, options: Any, by: Any = None) -> Any:
    """One of a list (equal weights) or of a mapping option -> weight."""
    return _weighted(options, _rng(ctx, by))


@pass_context
def _maybe(ctx: Any, p: float = 0.5) -> bool:
    """True with probability ``p``: optional sentences and paragraphs."""
    return _state(ctx).rng.random() < float(p)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pass_context
def _phrase(ctx: Any, options: Any, by: Any = None, **values: Any) -> Markup:
    """A phrasing chosen by weight, with ``{name}`` placeholders filled (inserted values keep their spans)."""
    st = _state(ctx)
    chosen = str(_weighted(options, _rng(ctx, by)))
    out: list[str] = []
    pos = 0
    for mt in _PLACEHOLDER.finditer(chosen):
        out.append(st.escape(chosen[pos : mt.start()]))
        name = mt.group(1)
        if name not in values:
            raise TemplateNameError(
                f"phrase {chosen!r} uses '{{{name}}}' but no value '{name}' was given"
                + (f"; given: {', '.join(values)}" if values else "")
            )
        v = values[name]
        text = st.escape(_display(v) if not isinstance(v, Markup) else str(v))
        out.append(
            st.mark(v, text) if is_tagged(v) and v.label is not None else (str(v) if isinstance(v, Markup) else text)
        )
        pos = mt.end()
    out.append(st.escape(chosen[pos:]))
    return Markup("".join(out))


@pass_context
def _money(ctx: Any, value: Any, currency: str | None = None, locale: str | None = None) -> Any:
    """An amount as the document's locale writes it; the currency defaults to the column's, then the locale's."""
    if value is None:
        return None
    st = _state(ctx)
    loc = locale or st.locale
    src = getattr(value, "source", None) if is_tagged(value) else None
    if currency is None and src is not None and "columns" in src:
        currency = st.currencies.get((src["table"], src["columns"][0]))
    cur = (currency or CURRENCY_OF_LOCALE.get(loc, "USD")).upper()
    text = format_money(value, cur, loc)
    return tag(text, "AMOUNT", src, f"money:{cur}")


@pass_context
def _date(ctx: Any, value: Any, style: str = "long", locale: str | None = None) -> Any:
    """A date as the locale writes it: short, long, datetime, time, month, iso or a strftime pattern."""
    if value is None:
        return None
    st = _state(ctx)
    text = format_date(value, style, locale or st.locale)
    return tag(text, "DATE", getattr(value, "source", None) if is_tagged(value) else None, f"date:{style}")


@pass_context
def _number(ctx: Any, value: Any, decimals: int = 0, locale: str | None = None) -> Any:
    if value is None:
        return None
    st = _state(ctx)
    text = format_number(float(value), int(decimals), locale or st.locale)
    if is_tagged(value):
        return tag(text, value.label, value.source, f"number:{int(decimals)}")
    return text


def _name(*parts: Any) -> Any:
    """A person's full name from its parts (a record with first_name/last_name, or the parts): one PERSON span."""
    if len(parts) == 1 and isinstance(parts[0], Record):
        r = parts[0]
        parts = (r.get("first_name"), r.get("last_name"))
    values = [p for p in parts if p is not None and str(p) != ""]
    text = " ".join(str(p) for p in values)
    srcs = [p.source for p in values if is_tagged(p) and p.source is not None]
    source = None
    if (
        srcs
        and all(s["table"] == srcs[0]["table"] and s.get("key") == srcs[0].get("key") for s in srcs)
        and len(srcs) == len(values)
    ):
        source = {"table": srcs[0]["table"], "key": srcs[0]["key"], "columns": [s["columns"][0] for s in srcs]}
    return tag(text, "PERSON", source, "name")


def _entity(value: Any, label: str) -> Any:
    """Mark a computed value as an entity (it is checked for presence only: it has no source row)."""
    if value is None:
        return None
    src = value.source if is_tagged(value) else None
    fmt = value.fmt if is_tagged(value) else "str"
    return tag(value if isinstance(value, (str, int, float)) else str(value), label, src, fmt)


def _sum_of(rows: Sequence[Any], column: str) -> Any:
    """The sum of a column over child records, tagged so the checker recomputes it from the rows."""
    recs = [r for r in rows if isinstance(r, Record)]
    total = 0.0
    for r in recs:
        v = r.raw(column)
        total += float(v) if v is not None else 0.0
    total = round(total, 2)
    if not recs:
        return tag(total, "AMOUNT", None)
    src = {"table": recs[0].table, "keys": [r.key() for r in recs], "columns": [column], "agg": "sum"}
    return tag(total, "AMOUNT", src)


# ---------------------------------------------------------------- environment


class _Env(SandboxedEnvironment):
    """Records resolve attributes themselves, so a misspelt column names the table and a suggestion."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is Record:
            return obj.get(attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if type(obj) is Record and isinstance(argument, str):
            return obj.get(argument)
        return super().getitem(obj, argument)


def make_environment(fmt: str, loader: jinja2.BaseLoader) -> jinja2.Environment:
    env = _Env(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.globals.update(
        choose=_choose,
        maybe=_maybe,
        phrase=_phrase,
        money=_money,
        date=_date,
        number=_number,
        name=_name,
        entity=_entity,
        sum_of=_sum_of,
    )
    env.filters.update(money=_money, date=_date, number=_number, entity=_entity)
    return env


def escaper(fmt: str) -> Callable[[str], str]:
    if fmt == "json":
        return _json_escape
    if fmt == "html":
        return _html_escape
    return str


def render_raw(template: jinja2.Template, context: dict[str, Any], state: DocState) -> str:
    """The template's text with its value markers still in (``state.marks`` says what each one is)."""
    context["_doc"] = state
    state.marks.clear()
    return template.render(context)


def render(
    template: jinja2.Template, context: dict[str, Any], state: DocState, typo: Callable[[str], str] | None = None
) -> Rendered:
    """The template's text with markers stripped, and its spans."""
    return strip_marks(render_raw(template, context, state), state.marks, typo)


def strip_marks(
    raw: str, marks: Sequence[tuple[str, dict[str, Any] | None, str]], typo: Callable[[str], str] | None = None
) -> Rendered:
    out: list[str] = []
    spans: list[Span] = []
    length = 0
    pos = 0
    for mt in _MARKED.finditer(raw):
        lit = raw[pos : mt.start()]
        if typo is not None and lit:
            lit = typo(lit)
        out.append(lit)
        length += len(lit)
        text = mt.group(2)
        label, source, fmt = marks[int(mt.group(1))]
        spans.append(Span(length, length + len(text), label, text, source, fmt))
        out.append(text)
        length += len(text)
        pos = mt.end()
    lit = raw[pos:]
    if typo is not None and lit:
        lit = typo(lit)
    out.append(lit)
    return Rendered("".join(out), tuple(spans))


def typo_function(rng: Sequential, rate: float) -> Callable[[str], str]:
    """Typos in words of 4+ letters at ``rate``: a swap, a dropped, doubled or replaced letter."""

    def one(mt: re.Match[str]) -> str:
        w = mt.group(0)
        if rng.random() >= rate:
            return w
        i = 1 + int(rng.random() * (len(w) - 2))
        k = int(rng.random() * 4)
        if k == 0:
            return w[:i] + w[i + 1] + w[i] + w[i + 2 :]
        if k == 1:
            return w[:i] + w[i + 1 :]
        if k == 2:
            return w[:i] + w[i] + w[i:]
        return w[:i] + "qwertyuiopasdfghjklzxcvbnm"[int(rng.random() * 26)] + w[i + 1 :]

    return lambda text: _WORD.sub(one, text)
