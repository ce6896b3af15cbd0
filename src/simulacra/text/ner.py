"""The statistical recognizer: a small spaCy NER model for PERSON, ORGANIZATION, LOCATION.

The model ships in ``simulacra/text/model`` (written by ``training/train_ner.py``
with ``nlp.to_disk``: JSON config and meta, msgpack weights — no pickle) and was
trained on synthetic text only. It loads once per process and path.

Long texts are cut into chunks at line or sentence ends (never inside a word), so
one enormous line costs memory in proportion to the chunk, not the line, and the
offsets are mapped back to the whole text.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from simulacra.errors import SourceError
from simulacra.text.ner_cleanup import clean_span, harmonise
from simulacra.text.spans import Span

__all__ = ["MODEL_PATH", "NerRecognizer", "load_model", "split_chunks"]

MODEL_PATH = Path(__file__).resolve().parent / "model"
NER_LABELS = frozenset({"PERSON", "ORGANIZATION", "LOCATION"})


@lru_cache(maxsize=4)
def load_model(path: str | Path | None = None) -> Any:
    """The spaCy pipeline at ``path`` (default: the shipped model), loaded once."""
    import spacy

    p = Path(path) if path is not None else MODEL_PATH
    if not (p / "config.cfg").is_file():
        raise SourceError(f"{p}: no spaCy model here (expected config.cfg, meta.json and a 'ner' folder)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # spaCy version-compatibility notes are not errors here
        nlp = spacy.load(p, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler", "tok2vec_unused"])
    return nlp


def split_chunks(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) pieces of at most ``limit`` characters, cut after a newline, sentence end or space."""
    n = len(text)
    if n <= limit:
        return [(0, n)] if n else []
    out: list[tuple[int, int]] = []
    start = 0
    while start < n:
        end = min(start + limit, n)
        if end < n:
            window = text[start + limit // 2 : end]
            cut = window.rfind("\n")
            if cut < 0:
                ends = list(re.finditer(r"[.!?]\s", window))
                m = ends[-1] if ends else None
                cut = m.end() - 1 if m else window.rfind(" ")
            if cut >= 0:
                end = start + limit // 2 + cut + 1
        out.append((start, end))
        start = end
    return out


class NerRecognizer:
    """PERSON, ORGANIZATION and LOCATION spans from the spaCy model."""

    name = "ner"
    labels = NER_LABELS

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        score: float = 0.6,
        chunk_chars: int = 4000,
        batch_size: int = 64,
        harmony: bool = True,
        block_chars: int = 100_000,
    ) -> None:
        self.nlp = load_model(path)
        self.score = score
        self.chunk_chars = chunk_chars
        self.batch_size = batch_size
        #: one label per name within a document, and its repeats found too (``ner_cleanup.harmonise``)
        self.harmony = harmony
        self.block_chars = block_chars

    def find(self, text: str) -> list[Span]:
        return self.find_many([text])[0]

    def find_many(self, texts: Sequence[str]) -> list[list[Span]]:
        pieces: list[str] = []
        owners: list[tuple[int, int]] = []
        for i, t in enumerate(texts):
            for a, b in split_chunks(t, self.chunk_chars):
                if t[a:b].strip():
                    pieces.append(t[a:b])
                    owners.append((i, a))
        out: list[list[Span]] = [[] for _ in texts]
        for (i, offset), doc in zip(owners, self.nlp.pipe(pieces, batch_size=self.batch_size), strict=True):
            for e in doc.ents:
                out[i].extend(
                    clean_span(texts[i], offset + e.start_char, offset + e.end_char, e.label_, self.score, "ner")
                )
        if not self.harmony:
            return out
        return [self._harmonise(t, spans) for t, spans in zip(texts, out, strict=True)]

    def _harmonise(self, text: str, spans: list[Span]) -> list[Span]:
        """``harmonise`` within blocks of ``block_chars`` (cut at line ends): cost linear in the text.

        Spreading a name to its repeats searches the text once per name, so over a whole
        long document it grows with the square of its size; within blocks it stays linear.
        (The engine spreads people's names over the whole document afterwards, linearly.)
        """
        if len(text) <= self.block_chars:
            return harmonise(text, spans)
        out: list[Span] = []
        ordered = sorted(spans)
        i = 0
        for a, b in split_chunks(text, self.block_chars):
            mine: list[Span] = []
            while i < len(ordered) and ordered[i].start < b:
                sp = ordered[i]
                if sp.end <= b:
                    mine.append(Span(sp.start - a, sp.end - a, sp.label, sp.score, sp.source))
                else:
                    out.append(sp)  # across the cut: kept as found
                i += 1
            out.extend(
                Span(sp.start + a, sp.end + a, sp.label, sp.score, sp.source) for sp in harmonise(text[a:b], mine)
            )
        return sorted(out)
