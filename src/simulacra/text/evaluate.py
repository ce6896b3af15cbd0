"""Span-level evaluation of entity detection against a gold corpus.

Corpora: CoNLL (``token POS chunk tag`` or ``token<TAB>tag`` lines, IOB1 or IOB2
tags, sentences separated by blank lines, documents by ``-DOCSTART-``) and
``spans`` JSONL (one document per line: ``{"text": ..., "spans": [{"start", "end",
"label"}]}``). Token files are detokenised by joining tokens with one space and
sentences with a newline; gold spans get the offsets of their tokens in that text.

Matching rules (also written into the JSON report):

* typed (``per_type``, ``overall``): a predicted span is a true positive when a gold
  span has exactly the same start, end and (mapped) label; ``overall`` is the
  micro-average over all types.
* untyped: a predicted span is correct when it overlaps any gold span, whatever
  the labels; a gold span is found when any predicted span overlaps it. This is
  the entity-agnostic score de-identification is judged by (a name caught as an
  organisation is still removed).

Labels: ``label_map`` maps gold labels onto ours (``PER`` -> ``PERSON``). When a map
is given, gold spans whose label it does not map are ignored; predicted spans
are kept only when their label is one the evaluated gold labels map to (so a
date found in CoNLL, which does not annotate dates, is not counted against us).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from simulacra.errors import SourceError
from simulacra.text.spans import Span

__all__ = [
    "GoldDocument",
    "MATCHING_RULE",
    "evaluate_spans",
    "read_conll",
    "read_gold",
    "read_spans_jsonl",
]

MATCHING_RULE = {
    "typed": "exact: predicted (start, end, label) equals a gold (start, end, mapped label); micro-averaged over types",
    "untyped": "overlap: a prediction is correct if it overlaps any gold span; a gold span is found if any prediction overlaps it",
    "labels": "gold labels outside --map are ignored; predictions are restricted to the mapped label set",
}


@dataclass(frozen=True)
class GoldDocument:
    text: str
    spans: tuple[Span, ...]


def read_conll(path: str | Path) -> list[GoldDocument]:
    """Documents from a CoNLL-style token file (CoNLL-2003, WNUT-17)."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SourceError(f"{p}: file not found") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    docs: list[GoldDocument] = []
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    has_docstart = any(line.startswith("-DOCSTART-") for line in lines[:50])

    def flush_sentence() -> None:
        nonlocal current
        if current:
            sentences.append(current)
            current = []

    def flush_doc() -> None:
        flush_sentence()
        if sentences:
            docs.append(_assemble(sentences))
            sentences.clear()

    for lineno, line in enumerate(lines, 1):
        if line.startswith("-DOCSTART-"):
            flush_doc()
            continue
        if not line.strip():
            flush_sentence()
            if not has_docstart:  # WNUT: every message is its own document
                flush_doc()
            continue
        parts = line.split("\t") if "\t" in line else line.split(" ")
        if len(parts) < 2:
            raise SourceError(f"{p}:{lineno}: expected 'token ... tag', found {line[:60]!r}")
        current.append((parts[0], parts[-1].strip()))
    flush_doc()
    return docs


def _assemble(sentences: list[list[tuple[str, str]]]) -> GoldDocument:
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for si, sent in enumerate(sentences):
        if si:
            parts.append("\n")
            pos += 1
        open_label: str | None = None
        open_start = 0
        last_end = pos
        for ti, (tok, tag) in enumerate(sent):
            if ti:
                parts.append(" ")
                pos += 1
            start, end = pos, pos + len(tok)
            parts.append(tok)
            pos = end
            kind, _, label = tag.partition("-")
            begins = kind == "B" or (kind == "I" and label != open_label)
            if open_label is not None and (kind == "O" or begins):
                spans.append(Span(open_start, last_end, open_label, 1.0, "gold"))
                open_label = None
            if kind in ("B", "I") and open_label is None:
                open_label, open_start = label, start
            last_end = end
        if open_label is not None:
            spans.append(Span(open_start, last_end, open_label, 1.0, "gold"))
    return GoldDocument("".join(parts), tuple(spans))


def read_spans_jsonl(path: str | Path) -> list[GoldDocument]:
    """Documents from JSONL: ``{"text": ..., "spans": [{"start", "end", "label"}]}`` per line."""
    p = Path(path)
    docs: list[GoldDocument] = []
    try:
        fh = p.open(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(f"{p}: file not found") from None
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = row["text"]
                spans = tuple(Span(int(s["start"]), int(s["end"]), str(s["label"]), 1.0, "gold") for s in row["spans"])
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise SourceError(f"{p}:{lineno}: expected {{\"text\": str, \"spans\": [{{start, end, label}}]}}: {exc}") from None
            bad = [s for s in spans if s.end > len(text)]
            if bad:
                raise SourceError(f"{p}:{lineno}: span {bad[0].start}..{bad[0].end} is past the end of the text ({len(text)} chars)")
            docs.append(GoldDocument(text, spans))
    return docs


def read_gold(path: str | Path, fmt: str) -> list[GoldDocument]:
    if fmt == "conll":
        return read_conll(path)
    if fmt == "spans":
        return read_spans_jsonl(path)
    raise SourceError(f"unknown corpus format '{fmt}'; expected conll or spans")


def _prf(tp: int, n_pred: int, n_gold: int, tp_gold: int | None = None) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = (tp if tp_gold is None else tp_gold) / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    f2 = 5 * p * r / (4 * p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "f2": round(f2, 4)}


def _trim(text: str, s: Span) -> tuple[int, int]:
    a, b = s.start, s.end
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def evaluate_spans(
    docs: Sequence[GoldDocument],
    predict: Callable[[list[str]], Iterable[Sequence[Span]]],
    *,
    label_map: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """Precision, recall, F1 and F2 per type, overall (typed, exact) and untyped (overlap)."""
    mapping = dict(label_map or {})
    gold_docs: list[list[tuple[int, int, str]]] = []
    for d in docs:
        g = []
        for s in d.spans:
            lab = mapping.get(s.label, None if mapping else s.label)
            if lab is not None:
                g.append((*_trim(d.text, s), lab))
        gold_docs.append(g)
    allowed = set(mapping.values()) if mapping else {lab for g in gold_docs for *_, lab in g}
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    u_pred = u_pred_ok = u_gold = u_gold_ok = 0
    preds_iter: Iterator[Sequence[Span]] = iter(predict([d.text for d in docs]))
    for d, gold in zip(docs, gold_docs, strict=True):
        pred = [(*_trim(d.text, s), s.label) for s in next(preds_iter) if s.label in allowed]
        gold_set = set(gold)
        for g in gold:
            n_gold[g[2]] += 1
        for p in pred:
            n_pred[p[2]] += 1
            if p in gold_set:
                tp[p[2]] += 1
        u_pred += len(pred)
        u_gold += len(gold)
        u_pred_ok += sum(1 for p in pred if any(p[0] < g[1] and g[0] < p[1] for g in gold))
        u_gold_ok += sum(1 for g in gold if any(p[0] < g[1] and g[0] < p[1] for p in pred))
    labels = sorted(set(n_gold) | set(n_pred))
    per_type = {lab: {**_prf(tp[lab], n_pred[lab], n_gold[lab]), "support": n_gold[lab], "predicted": n_pred[lab]}
                for lab in labels}
    overall = {**_prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())),
               "support": sum(n_gold.values()), "predicted": sum(n_pred.values())}
    untyped = {**_prf(u_pred_ok, u_pred, u_gold, u_gold_ok), "support": u_gold, "predicted": u_pred}
    return {"documents": len(docs), "per_type": per_type, "overall": overall, "untyped": untyped,
            "label_map": mapping, "matching": MATCHING_RULE}
