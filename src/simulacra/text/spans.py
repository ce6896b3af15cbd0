"""Spans (what a recognizer found) and overlap resolution.

A ``Span`` is the one record that flows from finding to rewriting: character
offsets into the original text, an entity label, a score in [0, 1] and the name of
the recognizer that found it. Operators never see recognizers, only spans.

Overlap resolution (``resolve``) makes the spans of a text non-overlapping, which
the rewriter needs. Rule, applied greedily in this order of preference:

1. a higher score wins;
2. at equal score, the longer span wins (it explains more of the text);
3. at equal score and length, the earlier span, then the label name (stable).

A span that overlaps one already kept is dropped, never cut: cutting would leave a
fragment of an entity (``"Smi"``) in the output.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from operator import attrgetter

__all__ = ["Occupied", "Span", "mark_person", "resolve", "span_order"]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """``text[start:end]`` is an entity of type ``label``."""

    start: int
    end: int
    label: str
    score: float = 1.0
    source: str = ""

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise ValueError(f"a span needs 0 <= start < end, found {self.start}..{self.end}")
        if not (0.0 <= self.score <= 1.0):
            raise ValueError(f"a span's score is in [0, 1], found {self.score}")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def text(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "score": round(self.score, 4),
            "source": self.source,
        }


#: the order of ``sorted(spans)`` (a dataclass orders by its fields in turn) as a key: one C call per span,
#: not a generated ``__lt__`` per comparison
span_order = attrgetter("start", "end", "label", "score", "source")


def resolve(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans, sorted by start (the rule is in the module docstring)."""
    ranked = sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start, s.label))
    kept: list[Span] = []
    # kept intervals stay sorted by start so each check is a bisect, not a scan
    starts: list[int] = []
    for s in ranked:
        i = bisect.bisect_right(starts, s.start)
        if i > 0 and kept[i - 1].end > s.start:
            continue
        if i < len(kept) and kept[i].start < s.end:
            continue
        starts.insert(i, s.start)
        kept.insert(i, s)
    return kept


class Occupied:
    """The ranges of some spans, sorted by start: whether ``a..b`` overlaps none of them, and claiming a range
    (each a bisect), for the rules that add a span only where no span is yet."""

    __slots__ = ("ranges", "starts")

    def __init__(self, spans: Iterable[Span]) -> None:
        self.ranges = sorted((s.start, s.end) for s in spans)
        self.starts = [a for a, _ in self.ranges]

    def free(self, a: int, b: int) -> bool:
        i = bisect.bisect_right(self.starts, a) - 1
        if i >= 0 and self.ranges[i][1] > a:
            return False
        return not (i + 1 < len(self.ranges) and self.ranges[i + 1][0] < b)

    def claim(self, a: int, b: int) -> None:
        i = bisect.bisect_right(self.starts, a)
        self.starts.insert(i, a)
        self.ranges.insert(i, (a, b))


def mark_person(out: list[Span], a: int, b: int, score: float, source: str, retype: Callable[[Span], bool]) -> bool:
    """``text[a:b]`` a PERSON in ``out`` (changed in place): a new span where no span overlaps it, or the one span
    over it retyped PERSON where ``retype`` says it is the same word read as a thing; anything else there is left.
    Whether ``out`` changed. The rules that find a person by the text's form (an honorific's surname, a sign-off's
    initials) mark it so."""
    over = [i for i, s in enumerate(out) if s.start < b and a < s.end]
    if not over:
        out.append(Span(a, b, "PERSON", score, source))
        return True
    if len(over) == 1 and retype(out[over[0]]):
        out[over[0]] = replace(out[over[0]], label="PERSON", source=source)
        return True
    return False
