"""Labelled corpora: read (spans JSONL, CoNLL), tokenize around spans, de-identify with exact labels, write."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from simulacra.errors import SourceError

__all__ = [
    "CONLL_LABELS",
    "LabelledDoc",
    "Token",
    "deidentify_labelled",
    "read_corpus",
    "sentences",
    "to_conll",
    "tokenize",
]

#: CoNLL's short labels -> the text engine's entity types (for de-identification and value filling)
CONLL_LABELS = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}


@dataclass(frozen=True)
class LabelledDoc:
    """A text and its entity spans ``(start, end, label)``, sorted, not overlapping."""

    text: str
    spans: tuple[tuple[int, int, str], ...] = ()

    def entities(self) -> list[str]:
        return [self.text[s:e] for s, e, _ in self.spans]


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark (``label`` None), or an entity slot (``label`` and its width in words)."""

    text: str
    space: bool  # preceded by whitespace
    label: str | None = None
    width: int = 0
    newline: bool = False  # preceded by a line break (a sentence boundary in CoNLL-style text)
    start: int = -1  # offset in the document's text


_WORD = re.compile(r"\w+(?:[-'’.&]\w+)*|[^\w\s]")
_CHUNK = re.compile(r"\S+")


def _words(text: str, start: int, end: int, split: bool = True) -> Iterable[tuple[str, int]]:
    for m in (_WORD if split else _CHUNK).finditer(text, start, end):
        yield m.group(0), m.start()


def tokenize(doc: LabelledDoc, *, slots: bool = True, split: bool = True) -> list[Token]:
    """Tokens of ``doc``; with ``slots`` each span is one slot token, else its words. ``split``: punctuation
    is cut off words (free text); else tokens are what whitespace separates (CoNLL-style text)."""
    out: list[Token] = []
    pos = 0
    text = doc.text

    def gap_flags(a: int, b: int) -> tuple[bool, bool]:
        gap = text[a:b]
        return (a == 0 and b == 0) or gap != "" and gap.isspace() or (bool(gap) and gap[-1].isspace()), "\n" in gap

    def plain(a: int, b: int) -> None:
        nonlocal pos
        for w, at in _words(text, a, b, split):
            space, nl = gap_flags(pos, at)
            out.append(Token(w, space or not out, newline=nl, start=at))
            pos = at + len(w)

    for s, e, label in doc.spans:
        plain(pos, s)
        space, nl = gap_flags(pos, s)
        if slots:
            width = min(3, max(1, len(list(_words(text, s, e, split)))))
            out.append(Token(text[s:e], space or not out, label, width, nl, s))
            pos = e
        else:
            plain(s, e)
            pos = e
    plain(pos, len(text))
    return out


_END = {".", "!", "?"}


def sentences(tokens: Sequence[Token]) -> list[list[Token]]:
    """Tokens cut into sentences: at line breaks, and after . ! ? when the next token starts with a capital."""
    out: list[list[Token]] = []
    cur: list[Token] = []
    for t in tokens:
        if cur and (t.newline or (cur[-1].label is None and cur[-1].text in _END and t.text[:1].isupper())):
            out.append(cur)
            cur = []
        cur.append(t)
    if cur:
        out.append(cur)
    return out


def _read_conll(path: Path) -> list[LabelledDoc]:
    from simulacra.text.evaluate import read_conll

    return [LabelledDoc(d.text, tuple((s.start, s.end, s.label) for s in d.spans)) for d in read_conll(path)]


def _read_jsonl(path: Path) -> list[LabelledDoc]:
    docs: list[LabelledDoc] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SourceError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text = row["text"]
            if not isinstance(text, str):
                raise TypeError("'text' is not a string")
            raw = row.get("spans", row.get("entities", []))
            spans = sorted(
                (int(s["start"]), int(s["end"]), str(s["label"]))
                if isinstance(s, dict)
                else (int(s[0]), int(s[1]), str(s[2]))
                for s in raw
            )
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise SourceError(
                f'{path}:{lineno}: expected {{"text": str, "spans": [{{"start", "end", "label"}}]}}'
                f" ({type(exc).__name__}: {exc})"
            ) from None
        last = 0
        for s, e, label in spans:
            if not (0 <= s < e <= len(text)):
                raise SourceError(
                    f"{path}:{lineno}: span {s}..{e} ({label}) is outside the text ({len(text)} characters)"
                )
            if s < last:
                raise SourceError(f"{path}:{lineno}: span {s}..{e} ({label}) overlaps the one before it")
            last = e
        docs.append(LabelledDoc(text, tuple(spans)))
    return docs


def read_corpus(path: str | Path, fmt: str | None = None) -> list[LabelledDoc]:
    """A labelled corpus: ``spans`` JSONL (``{"text", "spans": [{start, end, label}]}`` per line, as
    ``simulacra augment --labels`` writes) or ``conll`` (token ... tag, IOB1/IOB2). ``fmt`` None: by suffix."""
    p = Path(path)
    if not p.exists():
        raise SourceError(f"{p}: file not found")
    if p.is_dir():
        raise SourceError(f"{p}: a folder; give the corpus file (.jsonl with spans, or a CoNLL file)")
    kind = fmt or ("spans" if p.suffix.lower() in (".jsonl", ".json", ".ndjson") else "conll")
    if kind == "spans":
        docs = _read_jsonl(p)
    elif kind == "conll":
        docs = _read_conll(p)
    else:
        raise SourceError(f"corpus format must be 'spans' or 'conll', found {kind!r}")
    if not docs:
        raise SourceError(f"{p}: no document in the corpus")
    return docs


def deidentify_labelled(
    docs: Sequence[LabelledDoc],
    *,
    seed: int = 0,
    keep: Iterable[str] = ("MISC",),
    label_map: dict[str, str] | None = None,
) -> tuple[list[LabelledDoc], set[str]]:
    """De-identify a labelled corpus with the text engine, using its gold spans as what is found: the
    rewritten documents with exact spans (labels unchanged) and the set of original strings replaced
    (the deid mapping's originals). Labels in ``keep`` are left as they are."""
    from simulacra.text import Deidentifier, Span

    mapping = CONLL_LABELS if label_map is None else label_map
    keep = set(keep)
    engine = Deidentifier(seed=seed, record=True)
    out: list[LabelledDoc] = []
    originals: set[str] = set()
    for i, d in enumerate(docs):
        rewrite = [(s, e, lab) for s, e, lab in d.spans if lab not in keep]
        res = engine.anonymize(d.text, [Span(s, e, mapping.get(lab, lab), 1.0, "gold") for s, e, lab in rewrite], key=i)
        originals |= {r.original for r in res.records}
        # where every span is now: rewritten ones from the engine, kept ones shifted by the changes before them
        moved = dict(zip([(s, e) for s, e, _ in rewrite], res.output_spans, strict=True))
        spans: list[tuple[int, int, str]] = []
        shift = 0
        for s, e, lab in d.spans:
            if (s, e) in moved:
                ns, ne = moved[(s, e)]
                shift = ne - e
                spans.append((ns, ne, lab))
            else:
                spans.append((s + shift, e + shift, lab))
        out.append(LabelledDoc(res.text, tuple(spans)))
    return out, originals


def to_conll(docs: Iterable[LabelledDoc], *, split: bool = True) -> str:
    """Documents as CoNLL lines (token and IOB2 tag), one blank line after each sentence."""
    lines: list[str] = []
    for d in docs:
        for sent in sentences(tokenize(d, slots=False, split=split)):
            for t in sent:
                tag = "O"
                for s, e, label in d.spans:
                    if s <= t.start < e:
                        tag = ("B-" if t.start == s else "I-") + label
                        break
                lines.append(f"{t.text} {tag}")
            lines.append("")
    return "\n".join(lines) + "\n"
