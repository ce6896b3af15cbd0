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
from simulacra.text.spans import Span

__all__ = ["MODEL_PATH", "NerRecognizer", "load_model", "split_chunks"]

MODEL_PATH = Path(__file__).resolve().parent / "model"
NER_LABELS = frozenset({"PERSON", "ORGANIZATION", "LOCATION"})
_NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december today tomorrow yesterday hi hello dear thanks regards best cheers "
    "mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec "
    # field labels of e-mail headers and forms
    "date from to cc bcc subject re fwd fw reply-to sender received return-path message-id mime-version "
    "content-type content-transfer-encoding content-disposition x-mailer patient signed agent dob mrn "
    "name address phone email tel fax".split()
)
_TRIM = " \t\r\n.,;:!?\"'()[]{}<>-–—*"


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
                m = None
                for m in re.finditer(r"[.!?]\s", window):
                    pass
                cut = m.end() - 1 if m else window.rfind(" ")
            if cut >= 0:
                end = start + limit // 2 + cut + 1
        out.append((start, end))
        start = end
    return out


_FUNCTION_WORDS = frozenset(
    "a an the and but or so then later after before when while since until if as at in on of for to from by with "
    "this that these those his her their our my your its he she they we you i it there here yes no not also only "
    "meanwhile however thus still yet even just now today tomorrow yesterday dear hi hello hey thanks".split()
)


@lru_cache(maxsize=1)
def _leading_words() -> frozenset[str]:
    """Common words that are not names (from Faker's word lists minus every name we know)."""
    from simulacra.text._lexicon import lexicon

    lx = lexicon()
    names = {x.lower() for x in (*lx.first, *lx.last)}
    return frozenset(w for w in (*lx.words, *_FUNCTION_WORDS) if w not in names) | _FUNCTION_WORDS


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """(countries, capitals and regions; given and family names), lowercased."""
    from simulacra.text._lexicon import lexicon

    lx = lexicon()
    places = frozenset(x.lower() for x in (*lx.countries, *lx.major_cities, *lx.regions))
    names = frozenset(x.lower() for x in (*lx.first, *lx.last))
    return places, names


class NerRecognizer:
    """PERSON, ORGANIZATION and LOCATION spans from the spaCy model."""

    name = "ner"
    labels = NER_LABELS

    def __init__(self, path: str | Path | None = None, *, score: float = 0.6, chunk_chars: int = 4000,
                 batch_size: int = 32) -> None:
        self.nlp = load_model(path)
        self.score = score
        self.chunk_chars = chunk_chars
        self.batch_size = batch_size

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
                span = self._clean(texts[i], offset + e.start_char, offset + e.end_char, e.label_)
                if span is not None:
                    out[i].append(span)
        return out

    def _clean(self, text: str, start: int, end: int, label: str) -> Span | None:
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM and not (text[end - 1] == "." and end - start <= 3):
            end -= 1
        # a sentence-initial common word glued to a name ("Later Karen", "After Smith") is not part of it
        if label == "PERSON":
            first_end = start
            while first_end < end and not text[first_end].isspace():
                first_end += 1
            if first_end < end and text[start:first_end].lower() in _leading_words():
                start = first_end + 1
        value = text[start:end]
        low = value.lower()
        # a piece of a hyphenated word ("Transfer-Encoding" inside "Content-Transfer-Encoding")
        if (start > 1 and text[start - 1] == "-" and text[start - 2].isalnum()) or (
                end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum()):
            return None
        if end - start < 2 or not any(c.isalpha() for c in value) or low in _NOT_NAMES:
            return None
        if value.islower() and all(w in _leading_words() or w.rstrip("s") in _leading_words() for w in low.split()):
            return None  # plain lowercase words ("telephone", "games"): not a name
        if label == "PERSON":
            places, names = _gazetteer()
            if low in places and (" " in low or low not in names):
                label = "LOCATION"  # a country or well-known place the model typed as a person
        return Span(start, end, label, self.score, "ner")
