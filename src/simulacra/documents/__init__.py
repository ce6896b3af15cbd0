"""Documents consistent with the relational data: text, Markdown, JSON, HTML, PDF and email.

A spec's ``documents:`` section attaches Jinja2 templates to tables; each row (or
row and period) becomes a file whose IDs, amounts, dates and names come from
that row, its parents and its children. Every document carries its ground
truth in ``index.jsonl``: the rows' keys, their scenario labels, and the
character span of every entity value the template inserted.

::

    from simulacra.documents import render_documents, write_documents, check_documents
    docs = list(render_documents(plan, frames))          # Document values, in memory
    write_documents(docs, "shop.documents")              # folder (or .zip) + index.jsonl
    report = check_documents("shop.documents", frames)   # parse files back, compare with rows
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._backend import DocumentRun
from ._build import Document, render_documents, scenario_names
from ._check import DocumentIssue, DocumentsReport, check_documents, read_index
from ._format import format_date, format_money, format_number
from ._render import Span
from ._write import INDEX_FILE, DocumentWriter, default_documents_path

__all__ = [
    "INDEX_FILE",
    "Document",
    "DocumentIssue",
    "DocumentRun",
    "DocumentWriter",
    "DocumentsReport",
    "Span",
    "check_documents",
    "default_documents_path",
    "format_date",
    "format_money",
    "format_number",
    "read_index",
    "render_documents",
    "scenario_names",
    "write_documents",
]


def write_documents(
    documents: Iterable[Document], target: str | Path, *, manifest: dict[str, Any] | None = None
) -> dict[str, int]:
    """Write documents into a folder (or a ``.zip``) with ``index.jsonl``; atomically. Returns counts per template."""
    writer = DocumentWriter(target)
    try:
        for doc in documents:
            writer.add(doc)
        writer.finish(manifest or {})
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return dict(writer.counts)
