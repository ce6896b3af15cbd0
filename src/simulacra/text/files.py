"""Reading inputs and writing outputs for ``simulacra deid``.

Inputs: a text file (.txt, .md, .log, .text or any UTF-8 file without NUL bytes),
JSONL (one JSON object per line; the ``field`` is rewritten, other fields kept),
CSV and Parquet (text ``columns``; default every string column), .eml e-mails,
PDF and DOCX (text extracted), or a folder of those (walked recursively,
mirrored into the output folder).

Handling of bad input (all documented in docs/deid.md):

* a missing file, a binary file (NUL bytes), or text that is not valid in the
  given encoding -> ``SourceError`` naming the file (and the byte offset), nothing
  written; inside a folder such a file is *skipped* and listed in the summary,
  never silently dropped;
* an empty file -> an empty output file;
* one enormous line -> processed in chunks by the NER model; nothing is cut.

Outputs are written to a temporary file beside the target and renamed into
place; the input is never modified, and an output path equal to the input is
refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulacra._limits import check_memory
from simulacra.errors import SinkError, SourceError

__all__ = ["TEXT_SUFFIXES", "InputFile", "atomic_write", "detect_kind", "list_inputs", "read_text"]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".log", ".rst"})
KINDS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".eml": "eml",
    ".pdf": "pdf",
    ".docx": "docx",
}


def detect_kind(path: Path) -> str:
    """txt, jsonl, csv, parquet, eml, pdf or docx, by suffix (text for anything else)."""
    return KINDS.get(path.suffix.lower(), "txt")


@dataclass
class InputFile:
    """One input file, its kind and where its output goes."""

    path: Path
    kind: str
    output: Path
    documents: list[tuple[str, str]] = field(default_factory=list)  # (key, text)
    extra: Any = None  # what the writer needs (JSON rows, a frame, an e-mail's raw form)
    #: the file's name within the input (a single file: its name): documents are keyed by it, so the
    #: same input gives the same fakes wherever it lies on disk
    name: str = ""

    @property
    def key(self) -> str:
        return self.name or self.path.name


def read_bytes(path: Path) -> bytes:
    try:
        if path.is_file():
            check_memory([path])  # refuse before reading what cannot fit, with the size and a way out
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror}") from None


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """The file's text; SourceError for binary data or bytes invalid in ``encoding``."""
    try:
        with path.open("rb") as f:  # a binary file is refused from its first bytes, before reading it all
            head = f.read(65536)
    except OSError:
        head = b""
    if b"\x00" in head:
        raise SourceError(
            f"{path}: looks like a binary file (NUL bytes); expected text "
            "(.txt, .jsonl, .csv, .parquet, .eml, .pdf or .docx)"
        )
    data = read_bytes(path)
    if b"\x00" in data[:65536] or b"\x00" in data[-65536:]:
        raise SourceError(
            f"{path}: looks like a binary file (NUL bytes); expected text "
            "(.txt, .jsonl, .csv, .parquet, .eml, .pdf or .docx)"
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path}: byte {exc.start} is not valid {encoding} ({exc.reason}); "
            "pass --encoding (e.g. latin-1 or cp1252) if the file uses another encoding"
        ) from None
    except LookupError:
        raise SourceError(f"unknown encoding '{encoding}'") from None
    return (
        text.removeprefix("\ufeff")
        if encoding.lower().replace("-", "") == "utf8" and text.startswith("\ufeff")
        else text
    )


def _output_for(path: Path, kind: str, out: Path) -> Path:
    if kind in ("pdf", "docx"):
        return out.with_name(out.name + ".txt") if out.suffix.lower() == path.suffix.lower() else out
    return out


def list_inputs(input_path: Path, output_path: Path) -> tuple[list[InputFile], list[tuple[Path, str]]]:
    """The input files and their outputs; for a folder also the files skipped (path, why)."""
    if not input_path.exists():
        raise SourceError(f"{input_path}: no such file or folder")
    if input_path.resolve() == output_path.resolve():
        raise SinkError(f"{output_path}: the output would overwrite the input; choose another path")
    if input_path.is_file():
        kind = detect_kind(input_path)
        return [InputFile(input_path, kind, output_path, name=input_path.name)], []
    if output_path.resolve().is_relative_to(input_path.resolve()):
        raise SinkError(f"{output_path}: the output folder is inside the input folder; choose another path")
    files: list[InputFile] = []
    skipped: list[tuple[Path, str]] = []
    for p in sorted(input_path.rglob("*")):
        if p.is_symlink():
            skipped.append((p, "symbolic link"))
            continue
        if not p.is_file():
            continue
        rel = p.relative_to(input_path)
        if any(part.startswith(".") for part in rel.parts):
            skipped.append((p, "hidden file"))
            continue
        kind = detect_kind(p)
        files.append(InputFile(p, kind, _output_for(p, kind, output_path / rel), name=rel.as_posix()))
    return files, skipped


# --- reading documents out of one file ------------------------------------------------


def load(f: InputFile, *, field_name: str = "text", columns: list[str] | None = None, encoding: str = "utf-8") -> None:
    """Fill ``f.documents`` (and ``f.extra`` for the writer)."""
    loaders: dict[str, Callable[..., None]] = {
        "txt": _load_txt,
        "jsonl": _load_jsonl,
        "csv": _load_frame,
        "parquet": _load_frame,
        "eml": _load_eml,
        "pdf": _load_pdf,
        "docx": _load_docx,
    }
    loaders[f.kind](f, field_name=field_name, columns=columns, encoding=encoding)


def _load_txt(f: InputFile, **kw: Any) -> None:
    f.documents = [(f.key, read_text(f.path, kw["encoding"]))]


def _load_jsonl(f: InputFile, *, field_name: str, encoding: str, **kw: Any) -> None:
    text = read_text(f.path, encoding)
    rows: list[Any] = []
    docs: list[tuple[str, str]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            rows.append(None)
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(f"{f.path}:{lineno}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(row, dict):
            raise SourceError(f"{f.path}:{lineno}: expected a JSON object per line")
        value = row.get(field_name)
        if value is not None and not isinstance(value, str):
            raise SourceError(f"{f.path}:{lineno}: field '{field_name}' is {type(value).__name__}, expected a string")
        rows.append(row)
        if value is not None:
            docs.append((f"{f.key}:{lineno}", value))
    if docs == [] and any(r is not None for r in rows):
        raise SourceError(f"{f.path}: no line has a '{field_name}' field; pass --field NAME")
    f.documents, f.extra = docs, rows


def _load_frame(f: InputFile, *, columns: list[str] | None, encoding: str, **kw: Any) -> None:
    import polars as pl

    try:
        if f.kind == "csv":
            read_text(f.path, encoding)  # binary / encoding checks with a clear message
            df = pl.read_csv(
                f.path, infer_schema=False, encoding="utf8" if encoding.lower() in ("utf-8", "utf8") else encoding
            )
        else:
            df = pl.read_parquet(f.path)
    except SourceError:
        raise
    except Exception as exc:  # polars raises several types for malformed files
        raise SourceError(f"{f.path}: cannot read as {f.kind}: {exc}") from None
    cols = columns if columns is not None else [c for c, t in df.schema.items() if t == pl.String]
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise SourceError(f"{f.path}: no column '{missing[0]}'; columns are {', '.join(df.columns)}")
    for c in cols:
        if df.schema[c] != pl.String:
            raise SourceError(f"{f.path}: column '{c}' is {df.schema[c]}, expected text")
    docs = []
    for c in cols:
        for i, v in enumerate(df[c].to_list()):
            if v is not None:
                docs.append((f"{f.key}:{c}:{i}", v))
    f.documents, f.extra = docs, (df, cols)


def _load_eml(f: InputFile, *, encoding: str, **kw: Any) -> None:
    from simulacra.text.mail import flatten

    raw = read_bytes(f.path)
    if b"\x00" in raw[:65536]:
        raise SourceError(f"{f.path}: looks like a binary file (NUL bytes); expected an e-mail message")
    text, plan = flatten(raw)
    f.documents, f.extra = [(f.key, text)], plan


def _load_pdf(f: InputFile, **kw: Any) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(f.path))
        text = "\n\n".join((page.extract_text() or "") for page in reader.pages)
    except (PdfReadError, ValueError, OSError) as exc:
        raise SourceError(f"{f.path}: cannot read as PDF: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - a damaged or hostile file can fail anywhere in the parser
        raise SourceError(f"{f.path}: cannot read as PDF ({type(exc).__name__}: {exc})") from None
    f.documents = [(f.key, text)]


def _load_docx(f: InputFile, **kw: Any) -> None:
    import zipfile

    import docx

    try:
        d = docx.Document(str(f.path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SourceError(f"{f.path}: cannot read as DOCX: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - not a zip, no document part, broken XML: a damaged file
        raise SourceError(f"{f.path}: cannot read as DOCX ({type(exc).__name__}: {exc})") from None
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    f.documents = [(f.key, "\n".join(parts))]


# --- writing --------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in one step (``simulacra._fs.atomic_write``), making its folder first."""
    from simulacra import _fs

    path.parent.mkdir(parents=True, exist_ok=True)
    _fs.atomic_write(path, data)  # de-identified text is an ordinary output: the umask decides its mode


def render(f: InputFile, texts: list[str], *, field_name: str = "text") -> bytes:
    """The output bytes of one input file given its de-identified documents (same order)."""
    if f.kind == "jsonl":
        it = iter(texts)
        lines = []
        for row in f.extra:
            if row is None:
                lines.append("")
                continue
            if row.get(field_name) is not None:
                row = {**row, field_name: next(it)}
            lines.append(json.dumps(row, ensure_ascii=False))
        return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
    if f.kind in ("csv", "parquet"):
        import io

        import polars as pl

        df, cols = f.extra
        it = iter(texts)
        new = {}
        for c in cols:
            values = df[c].to_list()
            new[c] = pl.Series(c, [None if v is None else next(it) for v in values], dtype=pl.String)
        out = df.with_columns(**new) if new else df
        buf = io.BytesIO()
        if f.kind == "csv":
            out.write_csv(buf)
        else:
            out.write_parquet(buf)
        return buf.getvalue()
    text = texts[0] if texts else ""
    if f.kind == "eml":
        from simulacra.text.mail import rebuild

        return rebuild(f.extra, text)
    if f.kind in ("pdf", "docx") and f.output.suffix.lower() == ".jsonl":
        return (json.dumps({"document": f.path.name, "text": text}, ensure_ascii=False) + "\n").encode("utf-8")
    return text.encode("utf-8")
