"""Patterns whose matches end a line with a digit scan only the lines that can end one (issue 14, speed).

``_scan.digit_line_end`` says how many line ends such a match can hold; ``Doc.digit_line_runs`` gives
the lines ending with a digit and that many lines before each. The bound must never drop or add a
match: checked against the whole text's scan for the shipped patterns that qualify, for a family of
patterns holding 0-3 line ends (a run one line too short would miss their matches), on texts planted
with codes at line ends, trailing spaces and tabs, the text's end without a line end, Windows line
ends and digits of other scripts; and the analysis refuses every shape where a window could differ.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

import pytest

from simulacra.text._scan import Doc, digit_line_end
from simulacra.text.corpus import synthetic_documents
from simulacra.text.recognizers import PatternRecognizer, default_recognizers


@lru_cache(maxsize=1)
def _tailed() -> tuple[tuple[PatternRecognizer, object], ...]:
    return tuple(
        (r, p)
        for r in default_recognizers()
        if isinstance(r, PatternRecognizer)
        for p in r.patterns
        if p.tail is not None
    )


_LINES = [
    "Jane Doe",
    "Acme Corp",
    "12 Baker Street",
    "Springfield IL 62704",
    "Springfield IL 62704 \t ",
    "ON",
    "K1A 0B6",
    "10115",
    "United Kingdom 10115",
    "Germany 12345-6789",
    "Arsenal 2 Chelsea 1",
    "Leeds 3 1 1 1 4 2",
    "Leeds 3 1 1 1 4 2\t",
    "call me at 5",
    "room ٣٤",  # Arabic-Indic digits: ``\\d`` and ``str.isdecimal`` both take them
    "Paris FR 75001\r",  # a Windows line end: the digit is not last on its line
    "",
    "   ",
    "> Berlin",
    "see you, 2001   ",
    "Norway",
]


def _text(rng: random.Random) -> str:
    text = "\n".join(rng.choice(_LINES) for _ in range(rng.randint(1, 14)))
    return text + rng.choice(["", "\n", "\n\n", " ", "7"])


def _spans(ms: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in ms]  # type: ignore[attr-defined]


def test_the_address_and_results_patterns_end_a_line_with_a_digit() -> None:
    tails = {f"{r.name}.{p.name}": p.tail for r, p in _tailed()}  # type: ignore[attr-defined]
    assert tails["postcode_address_end.after_region"] == 0
    assert tails["postcode_address_end.own_line"] == 1
    assert tails["sports_result.table"] == 0
    assert tails["address_end_code.after_country"] == 4


@pytest.mark.parametrize(
    ("src", "flags", "lines"),
    [
        (r"(?<=\n)[A-Z]\w* \d{3,5}[ \t]*(?=\n|$)", 0, 0),
        (r"^\w+(?: \d{1,3}){2}$", re.M, 0),
        (r"(?<=\n)\w+\n(?:[ \t]*\n)?\w+ (?P<code>\d{4}(?:-\d{4})?|[A-Z]\d)[ \t]*(?=$|\n)", 0, 2),
    ],
)
def test_digit_line_end_counts_the_line_ends_a_match_holds(src: str, flags: int, lines: int) -> None:
    assert digit_line_end(src, flags) == lines


@pytest.mark.parametrize(
    "src",
    [
        r"(?<=\n)\w+ \d+(?= |\n)",  # no line end after the digit
        r"(?<=\n)\w+ \d+",  # nothing says the line ends there
        r"(?<=\n)\w+ \d+\s*(?=\n|$)",  # \s* may take line ends
        r"(?<=\n)\w+ \d+[ \t]*[a-z]?(?=\n|$)",  # may end with a letter
        r"(?<=\n)\w+(?! Union) \d+(?=\n|$)",  # a lookahead may read past a window's end
        r"(?<=\n)\w+$ \d+(?=\n|$)",  # ``$`` inside: a window's end reads as one
        r"(?<=\n)[\s\S]*\d(?=\n|$)",  # line ends without bound
        r"(?<=\n)\w+ \d+(?:\n\w+)*(?=\n|$)",  # the same, in a repeat
        r"(?<=\n)\w+ (\d)\1(?=\n|$)",  # a back reference: not analysed
    ],
)
def test_digit_line_end_refuses_what_a_window_could_change(src: str) -> None:
    assert digit_line_end(src) is None


def test_digit_lines_are_the_lines_ending_with_a_digit() -> None:
    rng = random.Random(5)
    for _ in range(400):
        text = _text(rng)
        starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        want = []
        for a in starts:
            e = text.find("\n", a)
            e = len(text) if e < 0 else e
            line = text[a:e].rstrip(" \t")
            if line and line[-1].isdecimal():
                want.append((a, e + 1 if e < len(text) else e))
        assert Doc(text).digit_lines() == want, text


@pytest.mark.parametrize("lines", [0, 1, 2, 3])
def test_a_run_holds_every_match_of_a_pattern_with_that_many_line_ends(lines: int) -> None:
    """A run one line shorter than the pattern's reach would lose the matches that start on its first line."""
    src = r"(?<=\n)[A-Z][\w> ]*" + r"\n[\w> ]*" * lines + r" (?P<code>\d{2,5})[ \t]*(?=\n|$)"
    assert digit_line_end(src) == lines
    rx = re.compile(src)
    rng = random.Random(lines)
    found = 0
    for _ in range(300):
        text = _text(rng)
        doc = Doc(text)
        windowed = [m for a, b in doc.digit_line_runs(lines) for m in rx.finditer(text, a, b)]
        whole = list(rx.finditer(text))
        assert _spans(windowed) == _spans(whole), text
        found += len(whole)
    assert found > 20  # the texts hold matches to lose


def test_the_shipped_patterns_find_in_their_runs_what_the_whole_scan_finds() -> None:
    rng = random.Random(11)
    texts = [_text(rng) for _ in range(300)]
    texts += [d.text for d in synthetic_documents(20, seed=3)]
    texts += ["\n" + "\n".join(rng.sample(_LINES, 6)) for _ in range(100)]
    found = 0
    for r, p in _tailed():
        for text in texts:
            doc = Doc(text)
            got = _spans(r._matches(p, doc))  # type: ignore[arg-type]
            assert got == _spans(p.regex.finditer(text)), (r.name, text)  # type: ignore[attr-defined]
            found += len(got)
    assert found > 50


def test_the_deidentified_text_is_the_same_with_and_without_the_runs() -> None:
    """End to end: address blocks and results tables planted in generated mail, de-identified (patterns
    only) with the digit-line runs and with every pattern scanned whole: the same bytes."""
    from simulacra.text import Deidentifier

    rng = random.Random(21)
    blocks = [
        "Jane Doe\n12 Baker Street\nSpringfield IL 62704\n",
        "Acme GmbH\nHauptstr. 5\n\n> Berlin\nGermany 10115\n",
        "Arsenal 2 Chelsea 1\nLeeds 3 1 1 1 4 2\t\n",
        "Ottawa\nON\nK1A 0B6",
    ]
    texts = [
        d.text + "\n" + rng.choice(blocks) + rng.choice(["", "\n", "thanks\n"]) for d in synthetic_documents(8, seed=4)
    ]
    eng = Deidentifier(seed=3, ner=None)
    tailed = [p for r in eng.recognizers for p in getattr(r, "patterns", ()) if p.tail is not None]
    assert tailed
    windowed = [eng.deidentify(t).text for t in texts]
    kept = {id(p): p.tail for p in tailed}
    try:
        for p in tailed:
            object.__setattr__(p, "tail", None)
        whole = [eng.deidentify(t).text for t in texts]
    finally:
        for p in tailed:
            object.__setattr__(p, "tail", kept[id(p)])
    assert windowed == whole
    assert sum(w != t for w, t in zip(windowed, texts, strict=True)) >= len(texts) // 2  # it rewrote something
