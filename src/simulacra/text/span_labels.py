"""Span labels of de-identified text: where each replacement sits in the rewritten text, and its entity type.

``simulacra deid ... --labels spans.jsonl`` writes one JSON object per document, in input order::

    {"id": "notes.txt", "text": "<the de-identified text>", "spans": [{"start": 6, "end": 17, "label": "PERSON"}]}

Offsets are Python string (code point) offsets into ``text``, end exclusive, sorted and not overlapping: the
spans JSONL that ``simulacra augment`` and the NER trainers read. Each span covers the *replacement* (a
surrogate, or the mask or tag a policy asks for), so the exact surrogate strings are labelled and nothing
of the original value is in the file. The file is written atomically (all of it or nothing).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simulacra.errors import SinkError
from simulacra.text.files import atomic_write

__all__ = ["output_labels", "write_span_labels"]


def output_labels(result: Any) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of each replacement in a ``DeidResult``'s text, sorted."""
    pairs = zip(result.spans, result.output_spans, strict=True)
    return sorted((int(a), int(b), str(s.label)) for s, (a, b) in pairs if b > a)


def write_span_labels(
    path: str | Path, documents: Sequence[tuple[str, str, Sequence[tuple[int, int, str]]]], *, replace: bool = False
) -> int:
    """Write ``(id, text, spans)`` per document as spans JSONL at ``path``; returns the number of spans."""
    out = Path(path)
    if out.exists() and not replace:
        raise SinkError(f"{out}: exists; pass --replace to overwrite it")
    lines = []
    n = 0
    for key, text, spans in documents:
        for s, e, _ in spans:
            if not 0 <= s < e <= len(text):
                raise ValueError(f"document {key!r}: span ({s}, {e}) is outside its text of {len(text)} characters")
        lines.append(
            json.dumps(
                {"id": key, "text": text, "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans]},
                ensure_ascii=False,
            )
        )
        n += len(spans)
    try:
        atomic_write(out, ("\n".join(lines) + "\n" if lines else "").encode("utf-8"))
    except OSError as exc:
        raise SinkError(f"{out}: cannot write: {exc.strerror or exc}") from None
    return n
