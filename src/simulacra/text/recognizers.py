"""Recognizers: things with ``find(text) -> list[Span]``.

``PatternRecognizer``s are data (``patterns.yaml``, or a user's file in the same
shape): regexes with base scores, an optional checksum/plausibility hook from
``VALIDATORS`` and context words. Context words are matched as whole words
(never substrings: "card" does not fire inside "discard"), case-insensitively,
within a window of words before the match and two words after it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from simulacra.errors import Location, Problem, SpecValidationError
from simulacra.spec.yaml_lines import load_yaml
from simulacra.text.spans import Span
from simulacra.values import iban_is_valid, luhn_is_valid

__all__ = [
    "PatternRecognizer",
    "Recognizer",
    "VALIDATORS",
    "default_recognizers",
    "load_recognizers",
]


class Recognizer(Protocol):
    """Finds entity spans in a text."""

    name: str
    labels: frozenset[str]

    def find(self, text: str) -> list[Span]: ...


# --- validators: checksum and plausibility hooks ---------------------------------------


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def _luhn(s: str) -> bool:
    d = _digits(s)
    return 12 <= len(d) <= 19 and luhn_is_valid(d)


def _iban(s: str) -> bool:
    return iban_is_valid(s)


def _us_ssn(s: str) -> bool:
    d = _digits(s)
    if len(d) != 9:
        return False
    area, group, serial = d[:3], d[3:5], d[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return d not in ("123456789", "078051120", "219099999") and len(set(d)) > 1


def aba_is_valid(s: str) -> bool:
    """ABA routing number: weights 3, 7, 1 repeated; the sum is a multiple of 10."""
    d = _digits(s)
    if len(d) != 9 or len(set(d)) == 1:
        return False
    total = sum(int(c) * w for c, w in zip(d, (3, 7, 1) * 3, strict=True))
    return total % 10 == 0


def _phone_digits(s: str) -> bool:
    d = _digits(s)
    return 7 <= len(d) <= 15 and len(set(d)) > 2


_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}


def _date(s: str) -> bool:
    """Reject impossible calendar dates (31 February) among purely numeric ones."""
    parts = re.split(r"[/.-]", s)
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        a, b, c = (int(p) for p in parts)
        if len(parts[0]) == 4:
            return _ok(a, b, c)
        year = c if len(parts[2]) == 4 else 2000 + c
        return _ok(year, a, b) or _ok(year, b, a)
    return True


def _ok(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _age(s: str) -> bool:
    d = _digits(s)
    return bool(d) and 0 < int(d) < 125


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "luhn": _luhn,
    "iban": _iban,
    "us_ssn": _us_ssn,
    "aba_routing": aba_is_valid,
    "phone_digits": _phone_digits,
    "date": _date,
    "age": _age,
}

# --- context -----------------------------------------------------------------------

_WORD = re.compile(r"[\w'#/]+", re.UNICODE)


def _words_before(text: str, start: int, n: int) -> list[str]:
    chunk = text[max(0, start - 24 * n) : start]
    return [w.lower() for w in _WORD.findall(chunk)][-n:]


def _words_after(text: str, end: int, n: int) -> list[str]:
    chunk = text[end : end + 24 * n]
    return [w.lower() for w in _WORD.findall(chunk)][:n]


_ANCHOR_BEFORE = 80  # an email's local part is at most 64 characters
_ANCHOR_AFTER = 320


@dataclass(frozen=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]
    score: float


@dataclass(frozen=True)
class PatternRecognizer:
    """Regexes + optional validator + whole-word context words (see ``patterns.yaml``)."""

    name: str
    label: str
    patterns: tuple[_Pattern, ...]
    validate: Callable[[str], bool] | None = None
    context: tuple[tuple[str, ...], ...] = ()
    requires_context: bool = False
    boost: float = 0.35
    window: int = 5
    group: str | None = None
    default: bool = True
    window_after: int = 0
    anchor: tuple[str, ...] = ()
    labels: frozenset[str] = field(default=frozenset())

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", frozenset({self.label}))

    def has_context(self, text: str, start: int, end: int) -> bool:
        if not self.context:
            return False
        before = _words_before(text, start, self.window)
        after = _words_after(text, end, self.window_after) if self.window_after else []
        for phrase in self.context:
            k = len(phrase)
            for words in (before, after):
                for i in range(len(words) - k + 1):
                    if tuple(words[i : i + k]) == phrase:
                        return True
        return False

    def _windows(self, text: str) -> list[tuple[int, int]]:
        """Where a match can be: the whole text, or windows around the anchors (merged)."""
        if not self.anchor:
            return [(0, len(text))]
        hits: list[int] = []
        for a in self.anchor:
            i = text.find(a)
            while i >= 0:
                hits.append(i)
                i = text.find(a, i + 1)
        if not hits:
            return []
        hits.sort()
        out: list[tuple[int, int]] = []
        for h in hits:
            a, b = max(0, h - _ANCHOR_BEFORE), min(len(text), h + _ANCHOR_AFTER)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out

    def _matches(self, p: _Pattern, text: str) -> Iterable[re.Match[str]]:
        for a, b in self._windows(text):
            # lookbehinds still see the text before ``a``; a window edge inside a word is
            # rejected below so a match never starts or ends mid-token because of the cut
            for m in p.regex.finditer(text, a, b):
                if (m.start() == a and a > 0 and text[a - 1].isalnum()) or (m.end() == b and b < len(text) and text[b].isalnum()):
                    continue
                yield m

    def find(self, text: str) -> list[Span]:
        out: list[Span] = []
        for p in self.patterns:
            for m in self._matches(p, text):
                if self.group is not None and m.group(self.group) is not None:
                    start, end = m.span(self.group)
                else:
                    start, end = m.span()
                if start >= end:
                    continue
                value = text[start:end]
                if self.validate is not None and not self.validate(value):
                    continue
                score = p.score
                if self.context and (self.requires_context or score < 1.0):
                    if self.has_context(text, start, end):
                        score = min(1.0, score + self.boost)
                    elif self.requires_context:
                        continue
                out.append(Span(start, end, self.label, score, f"{self.name}.{p.name}"))
        return out


def _phrase(s: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(s))


_FLAGS = {"IGNORECASE": re.IGNORECASE, "MULTILINE": re.MULTILINE}


def load_recognizers(source: str | Path | None = None, *, text: str | None = None) -> list[PatternRecognizer]:
    """Pattern recognizers from a YAML file in the shape of the shipped ``patterns.yaml``.

    Every problem (bad regex, unknown validator, missing field) is reported at once
    with file:line.
    """
    if text is None:
        if source is None:
            text = resources.files("simulacra.text").joinpath("patterns.yaml").read_text(encoding="utf-8")
            file = "patterns.yaml"
        else:
            text = Path(source).read_text(encoding="utf-8")
            file = str(source)
    else:
        file = str(source) if source is not None else None
    data, index = load_yaml(text, file=file)
    problems: list[Problem] = []
    out: list[PatternRecognizer] = []
    entries = data.get("recognizers") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SpecValidationError([Problem(Location(file=file, line=1), "expected a mapping with a 'recognizers' list")])
    for i, e in enumerate(entries):
        path: tuple[Any, ...] = ("recognizers", i)
        if not isinstance(e, dict):
            problems.append(Problem(index.location(path), "a recognizer is a mapping"))
            continue
        unknown = set(e) - {"name", "label", "patterns", "validate", "context", "requires_context", "boost", "window",
                            "group", "flags", "default", "window_after", "anchor"}
        for k in sorted(unknown):
            problems.append(Problem(index.location((*path, k)), f"unknown field '{k}'"))
        name, label = e.get("name"), e.get("label")
        if not isinstance(name, str) or not isinstance(label, str):
            problems.append(Problem(index.location(path), "a recognizer needs a 'name' and a 'label' (strings)"))
            continue
        flags = 0
        for f in e.get("flags") or []:
            if f not in _FLAGS:
                problems.append(Problem(index.location((*path, "flags")), f"unknown flag '{f}'; expected {', '.join(_FLAGS)}"))
            else:
                flags |= _FLAGS[f]
        pats: list[_Pattern] = []
        for j, p in enumerate(e.get("patterns") or []):
            ppath = (*path, "patterns", j)
            try:
                pats.append(_Pattern(str(p.get("name", j)), re.compile(p["regex"], flags), float(p.get("score", 0.5))))
            except re.error as exc:
                problems.append(Problem(index.location(ppath), f"recognizer '{name}': bad regex: {exc}"))
            except (KeyError, TypeError, AttributeError, ValueError):
                problems.append(Problem(index.location(ppath), f"recognizer '{name}': a pattern needs 'regex' and a numeric 'score'"))
        if not pats:
            problems.append(Problem(index.location(path), f"recognizer '{name}' has no patterns"))
        ctx = e.get("context") or []
        if not isinstance(ctx, list) or not all(isinstance(c, str) for c in ctx):
            problems.append(Problem(index.location((*path, "context")),
                                    f"recognizer '{name}': context is a list of strings (quote yes/no/on/off)"))
            ctx = []
        validate = e.get("validate")
        if validate is not None and validate not in VALIDATORS:
            from simulacra.errors import did_you_mean

            problems.append(Problem(index.location((*path, "validate")),
                                    f"unknown validator '{validate}'; known: {', '.join(VALIDATORS)}" + did_you_mean(str(validate), VALIDATORS)))
            continue
        out.append(PatternRecognizer(
            name=name,
            label=label,
            patterns=tuple(pats),
            validate=VALIDATORS[validate] if validate else None,
            context=tuple(_phrase(c) for c in ctx if _phrase(c)),
            requires_context=bool(e.get("requires_context", False)),
            boost=float(e.get("boost", 0.35)),
            window=int(e.get("window", 5)),
            group=e.get("group"),
            default=bool(e.get("default", True)),
            window_after=int(e.get("window_after", 0)),
            anchor=tuple(str(a) for a in e.get("anchor") or ()),
        ))
    if problems:
        raise SpecValidationError(problems)
    return out


@lru_cache(maxsize=1)
def _shipped() -> tuple[PatternRecognizer, ...]:
    return tuple(load_recognizers())


def default_recognizers() -> list[PatternRecognizer]:
    """The shipped pattern recognizers (parsed once per process)."""
    return list(_shipped())


def labels_of(recognizers: Iterable[Recognizer]) -> set[str]:
    out: set[str] = set()
    for r in recognizers:
        out |= set(r.labels)
    return out


def run_all(recognizers: Sequence[Recognizer], text: str, labels: Mapping[str, object] | set[str] | None = None) -> list[Span]:
    out: list[Span] = []
    for r in recognizers:
        if labels is not None and not (r.labels & set(labels)):
            continue
        out.extend(r.find(text))
    return out
