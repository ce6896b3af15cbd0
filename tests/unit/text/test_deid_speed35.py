"""deid-speed35 (issue 14): a MULTILINE ``$`` keeps a pattern line-local, and a hand-written hint gates
``_DASH_NAME`` to the lines that can hold a match.

Each gate must give the ungated result: on planted matches in several shapes, near misses and random mixes
of the pieces (three seeds), the gated scan finds exactly the scan's matches (spans and groups), and the
recognizers and ``structural_spans`` give the same spans with every gate off.
"""

from __future__ import annotations

import copy
import random
import re

import pytest

from simulacra.text import _scan as X
from simulacra.text import structure as S
from simulacra.text.recognizers import PatternRecognizer, load_recognizers

SEEDS = (1, 2, 3)

DASH_PLANTED = [
    "-Tom",
    "-- Sally Beck",
    "—Vince",
    "~ Ann Lee  ",
    "Thanks. -Bob",
    "Great job! --Kim",
    "> -Mark Taylor",
    "\t–J.R.",
    "(see above) - Jeff",
    "-O'Neil",
]
DASH_NEAR = [
    "e-mail",
    "re-sent it",
    "-----Original Message-----",
    "- Tom said so",
    "x-Tom",
    "-123",
    "-Tom Smith Jones",
    "a -Tom",
    "--tom smith",
    "- ",
]
LINE_PIECES = [
    "Hi all,",
    "Thanks,",
    "Regards",
    "From: Sally Beck",
    "Subject: Re: the deal",
    "Laura",
    "Tom Smith 713-853-1657",
    "Cheers - Tom",
    "\t",
    "  ",
    "> ",
    "Ann\tLee\tBob\tKing",
    "Dear Bob,",
    "Kim x37094",
    "7",
    ".",
]


def _lines(seed: int, planted: list[str], near: list[str], n: int = 200) -> list[str]:
    """Random texts: lines of planted matches, near misses and other pieces, glued in random ways."""
    rng = random.Random(seed)
    pool = planted + near + LINE_PIECES
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 12)):
            piece = rng.choice(pool)
            if rng.random() < 0.3:
                piece = rng.choice(pool) + rng.choice(["", " ", "\t", ". ", "! "]) + piece
            parts.append(piece)
        sep = rng.choice(["\n", "\n\n", "\r\n", "\n> ", " "])
        text = sep.join(parts)
        if rng.random() < 0.5:
            text += "\n"
        out.append(text)
    out += planted + [p + "\n" for p in planted] + ["\n".join(planted)] + near
    return out


def _found(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


class TestMultilineDollar:
    """Under MULTILINE, ``$`` stands before every line end: a pattern ending its match there is line-local."""

    @pytest.mark.parametrize(
        ("source", "flags", "local"),
        [
            (r"^[ \t]*(?P<n>[A-Z][a-z]+)[ \t]*$", re.MULTILINE, True),
            (r"[A-Z][a-z]+(?=[ \t]*$)", re.MULTILINE, True),
            (r"(?m)[A-Z][a-z]+[ \t]*$", 0, True),
            (r"[A-Z][a-z]+[ \t]*$", 0, False),  # without MULTILINE "$" is before the text's last line end only
            (r"[A-Z][a-z]+\s*$", re.MULTILINE, False),  # ``\s`` takes a line end
            (r"[A-Z][a-z]+\n[A-Z]", re.MULTILINE, False),
        ],
    )
    def test_line_local(self, source: str, flags: int, local: bool) -> None:
        assert X.line_local([source], flags) is local

    @pytest.mark.parametrize("name", ["_DASH_NAME", "_NAME_LINE", "_SIGNOFF", "NAME_HEADER", "_CELL", "_GREETING"])
    @pytest.mark.parametrize("seed", SEEDS)
    def test_whole_lines_give_the_text_matches(self, name: str, seed: int) -> None:
        """A now line-local scan over runs of whole lines finds exactly the text's matches inside them."""
        rx = getattr(S, name)
        assert X.line_local([rx.pattern], rx.flags & ~re.UNICODE)
        rng = random.Random(seed)
        for text in _lines(seed, DASH_PLANTED, DASH_NEAR, n=80):
            starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
            ends = [i + 1 for i, c in enumerate(text) if c == "\n"] + [len(text)]
            every = _found(rx.finditer(text))
            for _ in range(4):
                i = rng.randrange(len(starts))
                j = rng.randrange(i, len(starts))
                a, b = starts[i], ends[j]
                inside = [f for f in every if a <= f[0][0] and f[0][1] <= b]
                assert _found(rx.finditer(text, a, b)) == inside, (name, text, a, b)


def _ungated(r: PatternRecognizer) -> PatternRecognizer:
    """The recognizer with every line gate of its patterns off (the regex run over the whole text)."""
    pats = []
    for p in r.patterns:
        q = copy.copy(p)
        object.__setattr__(q, "lines", None)
        object.__setattr__(q, "local", False)
        object.__setattr__(q, "tail", None)
        pats.append(q)
    out = copy.copy(r)
    object.__setattr__(out, "patterns", tuple(pats))
    return out


JOB_PLANTED = [
    "I used to work for Deloitte as Midwife, but quit",
    "She works as Staff nurse at the clinic.",
    "He was employed as Senior accountant",
    "Worked with Acme as a Project manager;",
    "career as Software engineer",
]
JOB_NEAR = ["works at Acme", "as a rule", "Working hard as ever", "work as", "hired\nas Nurse"]
SPORTS_PLANTED = ["Chelsea 2 Arsenal 1", "Bayern Munich 3-1 Dortmund", "1. Leeds 38 25 7 6 70"]


class TestRecognizersWithTheirGates:
    """The patterns whose classification the MULTILINE ``$`` changed (job_title's ``as``, sports_result):
    the same spans with their line gates on and off."""

    @pytest.mark.parametrize("seed", SEEDS)
    def test_same_spans(self, seed: int) -> None:
        recs = {r.name: r for r in load_recognizers()}
        job, sports = recs["job_title"], recs["sports_result"]
        assert any(p.lines is not None for p in job.patterns if p.name == "as")  # the gate this change adds
        texts = _lines(seed, JOB_PLANTED + SPORTS_PLANTED, JOB_NEAR + DASH_NEAR)
        hits = 0
        for r in (job, sports):
            plain = _ungated(r)
            for text in texts:
                got = r.find(text)
                assert got == plain.find(text), (r.name, text)
                hits += len(got)
        assert hits > 0


class TestDashNameGate:
    """``_dash_names`` (``_DASH_NAME`` on the lines with its hint) finds exactly ``_DASH_NAME.finditer``."""

    def test_hint_on_every_planted_match(self) -> None:
        for piece in DASH_PLANTED:
            for text in (piece, piece + "\n", "Hi\n" + piece + "\nBye", "x " + piece):
                for m in S._DASH_NAME.finditer(text):
                    a = text.rfind("\n", 0, m.start()) + 1
                    b = text.find("\n", m.end())
                    line = text[a : len(text) if b < 0 else b + 1]
                    assert S._DASH_NAME_HINT.search(line) is not None, text

    def test_planted_found(self) -> None:
        found = [piece for piece in DASH_PLANTED if _found(S._dash_names(piece + "\n"))]
        assert len(found) >= 8  # the shapes do match (a test of something)

    @pytest.mark.parametrize("seed", SEEDS)
    def test_random_mixes(self, seed: int) -> None:
        total = 0
        for text in _lines(seed, DASH_PLANTED, DASH_NEAR):
            want = _found(S._DASH_NAME.finditer(text))
            assert _found(S._dash_names(text)) == want, text
            total += len(want)
        assert total > 20

    def test_not_line_local_falls_back_to_a_text_gate(self) -> None:
        rx = re.compile(r"(?P<a>[A-Z][a-z]+)\n(?P<b>[A-Z][a-z]+)")
        gated = X.hinted_lines(rx, re.compile(r"[A-Z][a-z]+\n"))
        for text in ("Ann\nLee and Bob\nKing", "ann\nlee", "Ann Lee", ""):
            assert _found(gated(text)) == _found(rx.finditer(text))


class TestStructuralSpansUnchanged:
    """``structural_spans`` gives the same spans with ``_DASH_NAME`` run over the whole text."""

    @pytest.mark.parametrize("seed", SEEDS)
    def test_same_spans(self, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
        texts = _lines(seed, DASH_PLANTED, DASH_NEAR, n=120)
        gated = [S.structural_spans(t) for t in texts]
        monkeypatch.setattr(S, "_dash_names", S._DASH_NAME.finditer)
        assert [S.structural_spans(t) for t in texts] == gated
        assert any(s.source == "structure" for spans in gated for s in spans)
