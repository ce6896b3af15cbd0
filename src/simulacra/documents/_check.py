"""Check written documents against the rows they came from.

Each document is read back the way a user would read it — text files as text,
``.eml`` through the ``email`` parser, PDFs through pypdf's text extraction — and
every entity value its index lists (IDs, amounts, dates, names, addresses...)
is recomputed from the dataset's rows and looked for where the index says it
is. A value edited in a file, a row changed in the database, or a PDF
regenerated with a wrong total is reported with the document, the field, and
what was expected and found.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import polars as pl

from simulacra.errors import Location, Problem, SourceError

from ._format import format_value, json_value
from ._render import escaper

__all__ = ["DocumentIssue", "DocumentsReport", "check_documents", "read_index"]

_PDF_DROP = re.compile(r"[\s:|]+")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})


@dataclass(frozen=True)
class DocumentIssue:
    """A value a document mentions that does not match its row."""

    document: str
    path: str
    template: str
    field: str  # table.column (or the entity label for a computed value)
    label: str
    key: dict[str, Any] | None
    expected: str
    found: str | None
    message: str

    def problem(self, root: str | None = None) -> Problem:
        file = f"{root}/{self.path}" if root else self.path
        return Problem(Location(file=file), self.message)


@dataclass
class DocumentsReport:
    """What ``check_documents`` found: per template, documents and values checked, and every issue."""

    source: str
    documents: dict[str, int] = field(default_factory=dict)
    values: dict[str, int] = field(default_factory=dict)
    issues: list[DocumentIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues

    def problems(self) -> list[Problem]:
        return [i.problem(self.source) for i in self.issues]


class _Store:
    """Read files from a documents folder or zip."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.zip: zipfile.ZipFile | None = None
        if source.is_file():
            try:
                self.zip = zipfile.ZipFile(source)
            except zipfile.BadZipFile:
                raise SourceError(f"{source}: not a documents folder or zip") from None
        elif not source.is_dir():
            raise SourceError(f"{source}: does not exist; expected a documents folder or zip")

    def read(self, name: str) -> bytes:
        try:
            if self.zip is not None:
                return self.zip.read(name)
            return (self.source / name).read_bytes()
        except (KeyError, OSError) as e:
            raise FileNotFoundError(name) from e

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def read_index(source: str | Path) -> list[dict[str, Any]]:
    """The ``index.jsonl`` lines of a documents folder or zip."""
    root = Path(source)
    store = _Store(root)
    try:
        return list(_entries(store, root))
    finally:
        store.close()


class _Rows:
    def __init__(self, frames: Mapping[str, pl.DataFrame]) -> None:
        self.frames = frames
        self._index: dict[tuple[str, tuple[str, ...]], dict[tuple[Any, ...], dict[str, Any]]] = {}

    def get(self, table: str, key: Mapping[str, Any]) -> dict[str, Any] | None:
        cols = tuple(key)
        idx = self._index.get((table, cols))
        if idx is None:
            frame = self.frames.get(table)
            if frame is None or any(c not in frame.columns for c in cols):
                return None
            idx = {tuple(json_value(r[c]) for c in cols): r for r in frame.to_dicts()}
            self._index[(table, cols)] = idx
        return idx.get(tuple(key[c] for c in cols))


def _expected(span: Mapping[str, Any], rows: _Rows, locale: str) -> tuple[str | None, str | None]:
    """(expected text from the rows, a reason when it cannot be computed)."""
    src = span.get("source")
    if src is None:
        return None, None
    fmt = span.get("format", "str")
    if "keys" in src:  # an aggregate over child rows
        total = 0.0
        for k in src["keys"]:
            r = rows.get(src["table"], k)
            if r is None:
                return None, f"{src['table']} row {k} is missing"
            v = r.get(src["columns"][0])
            total += float(v) if v is not None else 0.0
        return format_value(fmt, [round(total, 2)], locale), None
    r = rows.get(src["table"], src["key"])
    if r is None:
        return None, f"{src['table']} row {src['key']} is missing from the dataset"
    vals = [r.get(c) for c in src["columns"]]
    if fmt == "name":
        return format_value(fmt, vals, locale), None
    if vals[0] is None:
        return None, f"{src['table']}.{src['columns'][0]} is empty in the dataset"
    return format_value(fmt, vals, locale), None


def _expected_text(
    span: Mapping[str, Any], rows: _Rows, locale: str, issue: Any, escape: Callable[[str], str] = str
) -> str | None:
    """The text a span must show: recomputed from its rows (escaped for the format), else as written;
    None, with an issue reported, when its rows are missing."""
    exp, why = _expected(span, rows, locale)
    if why is not None:
        issue(span, span["text"], None, why + "; ")
        return None
    return span["text"] if exp is None else escape(exp)


def _field(span: Mapping[str, Any]) -> str:
    src = span.get("source")
    if src is None:
        return span["label"]
    cols = "+".join(src["columns"])
    return f"{src['table']}.{cols}" + (" (sum)" if src.get("agg") else "")


def _token_at(text: str, start: int, length: int) -> str:
    """What stands at ``start`` in an edited text: the expected length, stretched to a word boundary."""
    end = min(len(text), start + length)
    while end < len(text) and not text[end].isspace() and text[end] not in "<\"'&)]}":
        end += 1
    found = text[start:end]
    # a sentence's punctuation is not part of the value (a thousands separator inside it is)
    while len(found) > 1 and found[-1] in ".,;:!?" and not found[-2].isspace():
        found = found[:-1]
    return found


def _shape(text: str) -> re.Pattern[str]:
    parts = re.split(r"(\d+)", text)
    rx = "".join(r"\d+" if p.isdigit() else re.escape(p) for p in parts if p)
    rx = re.sub(r"(\\d\+)(\\[.,]\\d\+)*", r"\\d[\\d.,]*", rx)
    return re.compile(rx)


def _read_text(store: _Store, entry: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    data = store.read(entry["path"])
    fmt = entry["format"]
    if fmt == "pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        return "\n".join(p.extract_text() or "" for p in reader.pages), {}
    if fmt == "email":
        # the compat32 parser is several times faster than the default policy's object model
        msg = message_from_bytes(data)
        part = next((p for p in msg.walk() if p.get_content_type() == "text/plain"), None)
        body = ""
        if part is not None:
            payload = part.get_payload(decode=True)  # bytes for a non-multipart part
            if not isinstance(payload, bytes):
                payload = b""
            body = payload.decode(part.get_content_charset() or "utf-8", errors="replace").replace("\r\n", "\n")
        return body, {k: str(make_header(decode_header(v))) if "=?" in v else v for k, v in msg.items()}
    return data.decode("utf-8"), {}


def check_documents(
    source: str | Path, frames: Mapping[str, pl.DataFrame], *, locale: str = "en_US", limit: int | None = None
) -> DocumentsReport:
    """Check every document of a documents folder or zip against the dataset's rows."""
    root = Path(source)
    report = DocumentsReport(str(root))
    rows = _Rows(frames)
    store = _Store(root)
    try:
        for n, entry in enumerate(_entries(store, root)):
            if limit is not None and n >= limit:
                break
            _check_one(store, entry, rows, report, entry.get("locale", locale))
    finally:
        store.close()
    return report


def _entries(store: _Store, root: Path) -> Iterator[dict[str, Any]]:
    try:
        raw = store.read("index.jsonl").decode("utf-8")
    except FileNotFoundError:
        raise SourceError(f"{root}: no index.jsonl; expected a documents folder or zip written by simulacra") from None
    for line in raw.splitlines():
        if line.strip():
            yield json.loads(line)


def _check_one(store: _Store, entry: Mapping[str, Any], rows: _Rows, report: DocumentsReport, locale: str) -> None:
    template = entry["template"]
    report.documents[template] = report.documents.get(template, 0) + 1
    doc, path, fmt = entry["id"], entry["path"], entry["format"]

    def issue(span: Mapping[str, Any], expected: str, found: str | None, what: str) -> None:
        src = span.get("source") or {}
        key = src.get("key")
        fieldname = _field(span)
        where = f" ({', '.join(f'{k}={v!r}' for k, v in key.items())})" if key else ""
        msg = (
            f"document '{doc}': {fieldname}{where}: {what}expected {expected!r}, found {found!r}"
            if found is not None
            else f"document '{doc}': {fieldname}{where}: {what}expected {expected!r}, not found in the document"
        )
        report.issues.append(DocumentIssue(doc, path, template, fieldname, span["label"], key, expected, found, msg))

    try:
        text, headers = _read_text(store, entry)
    except FileNotFoundError:
        report.issues.append(
            DocumentIssue(
                doc, path, template, "file", "", None, path, None, f"document '{doc}': file {path} is missing"
            )
        )
        return
    except Exception as e:  # a damaged file: say so, keep checking the others
        report.issues.append(
            DocumentIssue(
                doc,
                path,
                template,
                "file",
                "",
                None,
                path,
                None,
                f"document '{doc}': cannot read {path} ({type(e).__name__}: {e})",
            )
        )
        return
    esc = escaper(fmt)
    spans = entry.get("spans", [])
    checked = 0
    if fmt == "pdf":
        checked += _check_pdf(text, entry, spans, rows, locale, issue)
    else:
        shift = 0
        for span in spans:
            exp_text = _expected_text(span, rows, locale, issue, esc)
            if exp_text is None:
                continue
            checked += 1
            start = span["start"] + shift
            if text[start : start + len(exp_text)] == exp_text:
                continue
            # an edit earlier in the file moved the text: look nearby, then carry the shift
            near = text.find(exp_text, max(0, start - 200), start + 200 + len(exp_text))
            if near >= 0 and _same_context(text, near, entry.get("text", ""), span):
                shift += near - start
                continue
            issue(span, exp_text, _token_at(text, start, len(exp_text)), "")
        for header, span in ((s.get("header", ""), s) for s in entry.get("header_entities", [])):
            exp, why = _expected(span, rows, locale)
            exp = span["text"] if exp is None else exp
            checked += 1
            value = headers.get(header, "")
            if exp not in value:
                issue(span, exp, value or None, f"header {header}: ")
    report.values[template] = report.values.get(template, 0) + checked


def _pdf_key(text: str) -> str:
    """PDF text compared without whitespace, colons and cell separators (a PDF wraps values and draws
    'Label: value' lines and table rows as cells)."""
    return _PDF_DROP.sub("", text.translate(_SPACES))


def _check_pdf(
    pdf_text: str, entry: Mapping[str, Any], spans: list[dict[str, Any]], rows: _Rows, locale: str, issue: Any
) -> int:
    """Each value must stand after the literal text that precedes it on its line ('Total due' before the
    total); values at the start of a line must occur as often as in the document's text."""
    text = entry.get("text", "")
    pdf = _pdf_key(pdf_text)
    plain_key = _pdf_key(text)
    expected_all = set()
    todo: list[tuple[dict[str, Any], str, str, str]] = []
    prev_end = 0
    for span in spans:
        exp = _expected_text(span, rows, locale, issue)
        if exp is None:
            continue
        line_start = text.rfind("\n", 0, span["start"]) + 1
        prefix = text[max(line_start, prev_end) : span["start"]]
        prefix = prefix[prefix.rfind("|") + 1 :]
        prev_end = span["end"]
        key = _pdf_key(exp)
        expected_all.add(key)
        todo.append((span, exp, key, _pdf_key(prefix)))
    for span, exp, key, prefix in todo:
        if prefix:
            if prefix + key in pdf:
                continue
            found = None
            shape = _shape(key)
            for m in re.finditer(re.escape(prefix), pdf):
                hit = shape.match(pdf, m.end())
                if hit is not None:
                    found = hit.group(0)
                    break
            issue(span, exp, found, "")
        elif pdf.count(key) < max(1, plain_key.count(_pdf_key(span["text"]))):
            cands = [m.group(0) for m in _shape(key).finditer(pdf) if m.group(0) not in expected_all]
            issue(span, exp, cands[0] if cands and span["label"] in ("AMOUNT", "ID", "DATE") else None, "")
    return len(todo)


def _same_context(text: str, pos: int, original: str, span: Mapping[str, Any]) -> bool:
    """The text just before a value found elsewhere is what preceded it when written (not another mention)."""
    before = original[max(0, span["start"] - 12) : span["start"]]
    return text[max(0, pos - len(before)) : pos] == before
