"""Document bodies written by the language-model backend, with their entity spans found again exactly.

A template with a ``model:`` block is first rendered offline as always; that rendering is the draft
the model is given, together with every entity value the template inserted. The answer must contain
each of those values verbatim (as a whole token run, not inside a longer word): the spans are then
recomputed by searching the answer, so the labels in ``index.jsonl`` stay exact and ``validate``
checks them against the rows as it checks any document. An answer that leaves a value out is asked
again with a varied seed, up to ``retries`` times, then rejected: the document keeps its offline
rendering, or with ``strict: true`` the run stops naming the document.

Determinism: a document's seed comes from the run's seed and the document's id, and the client
caches replies under (model, prompt, parameters, seed), so a rerun with the same cache is identical
and makes no request. Documents are asked in batches (at most the client's concurrency at a time)
and yielded in the order the offline renderer made them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from simulacra._random import stable_hash
from simulacra.errors import GenerationError
from simulacra.spec.labels import value_occurrences as _occurrences
from simulacra.spec.model import DocumentModelSpec

from ._render import Span

if TYPE_CHECKING:
    from simulacra.llm import ChatClient

    from ._build import Document

__all__ = ["PROMPT_VERSION", "DocumentRun", "find_spans"]

PROMPT_VERSION = "document-body-v1"
SYSTEM = (
    "You write the body of one document of a synthetic dataset. You are given instructions and a "
    "draft with the facts. Follow the instructions; you may reword everything else, but copy every "
    "value listed as required exactly as written (same spelling, case, digits and punctuation). "
    "Answer with the document body only: no preamble, no quotes, no markdown fences."
)
_BATCH = 8  # documents asked together per concurrency slot (bounded memory, steady overlap)


def prompt_hash(spec: DocumentModelSpec) -> str:
    """A short hash of everything that shapes the prompt (version, system text, instructions, max_tokens)."""
    payload = json.dumps([PROMPT_VERSION, SYSTEM, spec.instructions, spec.max_tokens], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def find_spans(text: str, spans: Iterable[Span]) -> tuple[tuple[Span, ...], list[str]]:
    """The draft's entity values located again in ``text``: (spans, values not found).

    Every occurrence of each value is labelled (the model may repeat a name); longer values are
    placed first and an occurrence overlapping one already placed is skipped, so ``Anna Berg`` is one
    span, not a name inside a name. Each new span keeps the label, source and format of the draft's.
    """
    first: dict[tuple[str, str], Span] = {}
    for s in spans:
        first.setdefault((s.text, s.label), s)
    placed: list[Span] = []
    taken: list[tuple[int, int]] = []
    missing: list[str] = []
    for (value, _label), s in sorted(first.items(), key=lambda kv: (-len(kv[0][0]), kv[0])):
        starts = _occurrences(text, value)
        if not starts:
            missing.append(value)
            continue
        for start in starts:
            end = start + len(value)
            if any(start < e and b < end for b, e in taken):
                continue
            taken.append((start, end))
            placed.append(replace(s, start=start, end=end))
    placed.sort(key=lambda s: (s.start, s.end))
    return tuple(placed), sorted(missing)


def _messages(spec: DocumentModelSpec, doc: Document) -> list[dict[str, str]]:
    values = sorted({s.text for s in doc.spans})
    user = spec.instructions.strip() + "\n\nDraft:\n" + doc.text.rstrip("\n")
    if values:
        user += "\n\nThe document must contain, verbatim: " + "; ".join(values)
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


class DocumentRun:
    """The backend document bodies are asked of during one run (None: offline), and what each template did."""

    def __init__(self, client: ChatClient | None = None, seed: int = 0) -> None:
        self.client = client
        self.seed = int(seed)
        self.templates: dict[str, dict[str, Any]] = {}

    def _entry(self, name: str, spec: DocumentModelSpec) -> dict[str, Any]:
        if name not in self.templates:
            self.templates[name] = {
                "method": "offline-template" if self.client is None else "language-model",
                "model": None if self.client is None else self.client.config.model,
                "prompt_version": PROMPT_VERSION,
                "prompt_hash": prompt_hash(spec),
                "documents_model": 0,
                "documents_offline": 0,
                "rejected": 0,
                "asked_again": 0,
            }
        return self.templates[name]

    def provenance(self) -> dict[str, dict[str, Any]]:
        return {k: dict(v) for k, v in sorted(self.templates.items())}

    def rewrite(self, docs: Iterable[Document], models: dict[str, DocumentModelSpec]) -> Iterator[Document]:
        """``docs`` in the same order, those of templates with a ``model:`` block written by the backend."""
        batch: list[Document] = []
        size = _BATCH * (self.client.config.concurrency if self.client is not None else 1)
        for doc in docs:
            spec = models.get(doc.template)
            if spec is None and not batch:
                yield doc
                continue
            batch.append(doc)
            if len(batch) >= size:
                yield from self._batch(batch, models)
                batch = []
        if batch:
            yield from self._batch(batch, models)

    def _batch(self, docs: list[Document], models: dict[str, DocumentModelSpec]) -> list[Document]:
        asked = [i for i, d in enumerate(docs) if d.template in models]
        for i in asked:
            self._entry(docs[i].template, models[docs[i].template])
        client = self.client
        if client is None:
            for i in asked:
                self.templates[docs[i].template]["documents_offline"] += 1
            return docs
        out = list(docs)
        pending = asked
        misses: dict[int, list[str]] = {}
        with ThreadPoolExecutor(max_workers=client.config.concurrency) as pool:
            for attempt in range(1 + max(models[docs[i].template].retries for i in asked)):
                pending = [i for i in pending if attempt <= models[docs[i].template].retries]
                if not pending:
                    break
                if attempt:
                    for i in pending:
                        self.templates[docs[i].template]["asked_again"] += 1

                def ask(i: int, attempt: int = attempt) -> str:
                    d = docs[i]
                    spec = models[d.template]
                    seed = (self.seed ^ stable_hash(f"{d.template}\x00{d.id}") ^ attempt * 1_000_003) % (2**31 - 1)
                    return client.complete(
                        _messages(spec, d), seed=seed, purpose=f"document:{PROMPT_VERSION}", max_tokens=spec.max_tokens
                    ).text.strip()

                still: list[int] = []
                for i, answer in zip(pending, pool.map(ask, pending), strict=True):
                    written = self._written(docs[i], answer)
                    if isinstance(written, list):
                        misses[i] = written
                        still.append(i)
                    else:
                        out[i] = written
                        self.templates[docs[i].template]["documents_model"] += 1
                pending = still
        for i in pending:
            d = docs[i]
            entry = self.templates[d.template]
            entry["rejected"] += 1
            entry["documents_offline"] += 1
            spec = models[d.template]
            if spec.strict:
                raise GenerationError(
                    f"document '{d.template}' ({d.path}): the model's answer left out {', '.join(misses[i])} "
                    f"in {spec.retries + 1} attempts (strict: true; set strict: false to keep the offline rendering)"
                )
        return out

    def _written(self, doc: Document, answer: str) -> Document | list[str]:
        """The document with the answer as its body, or the values the answer left out."""
        if not answer:
            return ["(an empty answer)"]
        if doc.format == "email" and not answer.endswith("\n"):
            answer += "\n"
        spans, missing = find_spans(answer, doc.spans)
        if missing:
            return missing
        if doc.format == "email":
            from ._build import eml_bytes

            assert doc.headers is not None
            data = eml_bytes(doc.headers, answer, doc.template)
        else:
            data = answer.encode("utf-8")
        assert self.client is not None
        return replace(doc, data=data, text=answer, spans=spans, noise=0.0, written_by=self.client.config.model)
