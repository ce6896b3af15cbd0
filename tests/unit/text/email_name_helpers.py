"""Names from the surrogate pools that the e-mail rules can know, and spans planted as the tagger's, for the
round-by-round e-mail rule tests (the model does not decide their outcome)."""

from __future__ import annotations

import re

import numpy as np

from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span
from simulacra.text.structure import _common, _dictionary, _first_name, _place
from simulacra.text.surrogates import pools as _pools


def planted(text: str, value: str, label: str, nth: int = 0, source: str = "ner") -> Span:
    """A span over the nth occurrence of ``value``, as the tagger would give it."""
    a = [m.start() for m in re.finditer(re.escape(value), text)][nth]
    return Span(a, a + len(value), label, 0.6, source)


def run_rules(engine: Deidentifier, text: str, spans: list[Span]) -> tuple[list[tuple[str, str]], str]:
    """The spans the engine keeps after the tagger's (``spans``), and the rewritten text."""
    kept = engine._finish(text, spans)
    return [(text[s.start : s.end], s.label) for s in kept], engine.anonymize(text, kept).text


def verbatim(word: str, out: str) -> bool:
    """Whether ``word`` stands in ``out`` as a whole word."""
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", out) is not None


def insert_note(text: str, note: str) -> str:
    """``note`` as the body's first paragraph of an e-mail (after the headers' blank line)."""
    body = text.index("\n\n") + 2
    return text[:body] + note + "\n\n" + text[body:]


def _plain(v: str) -> bool:
    return v.isascii() and v.isalpha() and v[:1].isupper() and v[1:].islower() and len(v) > 2


def given_names(n: int, seed: int) -> list[str]:
    """Pool given names the rules know: a known given name, no frequent word, no place."""
    p = _pools("en_US")
    pool = sorted({*p.first_male, *p.first_female})
    rng = np.random.default_rng(seed)
    out = []
    for i in rng.permutation(len(pool)):
        v = pool[int(i)]
        if _plain(v) and _first_name(v) and not _common(v) and not _place(v) and not _dictionary(v):
            out.append(v)
        if len(out) == n:
            break
    return out


def family_names(n: int, seed: int) -> list[str]:
    """Pool surnames that are no given name, frequent word, dictionary word or place."""
    pool = sorted(_pools("en_US").last)
    rng = np.random.default_rng(seed + 100)
    out = []
    for i in rng.permutation(len(pool)):
        v = pool[int(i)]
        if _plain(v) and not _common(v) and not _dictionary(v) and not _place(v) and not _first_name(v):
            out.append(v)
        if len(out) == n:
            break
    return out
