"""deid93 (issue 14, speed): a text's "needs" tested on its lowercase first; a line scan's adjacent lines in one run.

Both are speed changes that must find exactly what they found before: the answers and matches are compared with
the plain forms (kept here) over random texts of several seeds, with the strings planted in several cases.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest

from simulacra.text._scan import Doc, Need, line_scan

SEEDS = (0, 1, 93)

#: case-sensitive string sets as ``requirements`` builds them (a recognizer's words in the cases it writes them)
STRING_SETS = (
    ("Joined ", "joined ", "Work at ", "work at ", " year at ", "Work for ", "work for "),
    ("FRIDAY", "Friday", "MONDAY", "Monday", "friday", "monday"),
    ("I'm ", "i'm ", "I am ", "i am ", "Proud ", "proud "),
    ("APT. ", "Apt. ", "apt. ", "SUITE ", "Suite ", "suite "),
    ("AGE", "Age", "age"),
)
FILLER = ("the", "deal", "Enron", "gas", "on", "at", "Houston", "Apt", "Ages", "suit", "mon", "Fri", "join", "work")


def _plain(strings: tuple[str, ...], text: str) -> bool:
    return any(s in text for s in strings)


def _text(rng: random.Random, strings: tuple[str, ...]) -> str:
    words = [rng.choice(FILLER) for _ in range(rng.randint(0, 40))]
    r = rng.random()
    if r < 0.3:  # one of the strings, as written
        words.insert(rng.randint(0, len(words)), rng.choice(strings))
    elif r < 0.5:  # one in a case none of them is written in ("JOINED ", "mOnday"): no hit, the pre-test passes
        s = rng.choice(strings)
        words.insert(rng.randint(0, len(words)), "".join(c.upper() if rng.random() < 0.5 else c for c in s))
    text = " ".join(words)
    if rng.random() < 0.2:
        text += rng.choice(("é", "İ", "ß", "Σ"))  # not ASCII: the plain test alone
    return text


def test_a_need_of_strings_in_several_cases_gets_their_lowercase_forms() -> None:
    n = Need(("Joined ", "joined ", "JOINED ", "Work at ", "work at "))
    assert n.lowered == ("joined ", "work at ")
    n = Need(("APT.", "Apt.", "apt.", "APT. ", "Apt. "))
    assert n.lowered == ("apt.",)  # "apt. " holds "apt.": one test says as much


@pytest.mark.parametrize(
    "need",
    [
        Need(("Monday", "Friday")),  # one case each: nothing to gain
        Need(("Mon", "mon"), rx=re.compile("Mon|mon")),  # a regex answers
        Need(("Straße", "STRASSE", "strasse")),  # not ASCII
        Need((), digit=True),
    ],
)
def test_other_needs_get_no_lowercase_forms(need: Need) -> None:
    assert need.lowered is None


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("strings", STRING_SETS)
def test_a_need_answers_as_the_plain_test(seed: int, strings: tuple[str, ...]) -> None:
    rng = random.Random(f"{seed}:{strings}")
    need = Need(strings)
    assert need.lowered is not None
    answers = {True: 0, False: 0}
    for _ in range(400):
        text = _text(rng, strings)
        got = need.met_by(Doc(text))
        assert got == _plain(strings, text), (strings, text)
        answers[got] += 1
    assert answers[True] > 50 and answers[False] > 50


class _Counting:
    """A compiled pattern whose ``finditer`` calls are counted."""

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self.calls = 0

    def finditer(self, text: str, pos: int = 0, endpos: int = 2**62) -> Iterator[re.Match[str]]:
        self.calls += 1
        return self.rx.finditer(text, pos, endpos)


#: line-local patterns with a literal a match holds (a legal form, a day, a context phrase)
SOURCES = (
    r"\b[A-Z][a-z]+ (?:Inc|Corp|Ltd)\b\.?",
    r"\b(?:[Oo]n|[Nn]ext) (?:Monday|Friday)\b",
    r"(?<![\w-])[Ww]ork(?:s|ed)? (?:for|at) (?P<org>[A-Z]\w+)",
)
LINE_WORDS = ("Acme Inc.", "Globex Corp", "on Monday", "next Friday", "works for Initech", "worked at Hooli", "Inc")
PLAIN = ("hello", "the", "gas", "deal", "Monday", "for", "Acme", "Corp.")


def _lines_text(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 25)):
        words = [rng.choice(PLAIN) for _ in range(rng.randint(0, 8))]
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 3)):
                words.insert(rng.randint(0, len(words)), rng.choice(LINE_WORDS))
        lines.append(" ".join(words))
    text = rng.choice(("\n", "\n\n", "\r\n")).join(lines)
    return text + ("\n" if rng.random() < 0.5 else "")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("source", SOURCES)
def test_a_line_scan_finds_the_whole_texts_matches(seed: int, source: str) -> None:
    rng = random.Random(f"{seed}:{source}")
    lines = line_scan((source,))
    assert lines is not None
    rx = re.compile(source)
    found = 0
    for _ in range(300):
        text = _lines_text(rng)
        want = [(m.span(), m.groups()) for m in rx.finditer(text)]
        assert [(m.span(), m.groups()) for m in lines.finditer(rx, text)] == want, text
        found += len(want)
    assert found > 100


def _hit_runs(lines_of_text: list[str], hit: re.Pattern[str]) -> int:
    """How many runs of adjacent lines hold a hit (what one scan each now covers)."""
    runs, before = 0, False
    for line in lines_of_text:
        now = hit.search(line) is not None
        runs += now and not before
        before = now
    return runs


@pytest.mark.parametrize("seed", SEEDS)
def test_adjacent_lines_with_a_hit_are_scanned_once(seed: int) -> None:
    rng = random.Random(seed)
    lines = line_scan((SOURCES[0],))
    assert lines is not None
    rx = re.compile(SOURCES[0])
    several = 0
    for _ in range(200):
        text = _lines_text(rng).replace("\r\n", "\n")
        counting = _Counting(rx)
        got = [m.span() for m in lines.finditer(counting, text)]  # type: ignore[arg-type]
        assert got == [m.span() for m in rx.finditer(text)]
        parts = text.split("\n")
        hit_lines = sum(lines.hit.search(p) is not None for p in parts)
        assert counting.calls == _hit_runs(parts, lines.hit)
        several += counting.calls < hit_lines
    assert several > 20  # texts where a run of two or more lines took one scan


def test_a_run_stops_at_a_line_without_a_hit() -> None:
    lines = line_scan((SOURCES[0],))
    assert lines is not None
    rx = re.compile(SOURCES[0])
    text = "Acme Inc. and Globex Corp\nWayne Ltd\nnothing here\nStark Inc"
    counting = _Counting(rx)
    got = [m.group() for m in lines.finditer(counting, text)]  # type: ignore[arg-type]
    assert got == ["Acme Inc.", "Globex Corp", "Wayne Ltd", "Stark Inc"]
    assert counting.calls == 2


# --- a shared scan's members tried by the character found --------------------------------------------------------

_DIGITS_AND_CAPS = (
    "12/14/2001",
    "10:30 AM",
    "+44 20 7946 0958",
    "(713) 853-1657",
    "713.853.1657 x123",
    "192.168.0.1",
    "2001-12-14",
    "May 3, 2002",
    "December 14th",
    "GB82 WEST 1234 5698 7654 32",
    "SW1A 1AA",
    "4111 1111 1111 1111",
    "$1,200.50",
    "ext. 5",
    "Tuesday",
    "42",
    "3.5%",
    "No. 7",
)
_WORDS = ("the", "gas", "price", "on", "Enron", "call", "at", "-", ",", "\n", "Houston", "Jan", "Mr.")


def _mixed_text(rng: random.Random) -> str:
    parts = [rng.choice(_DIGITS_AND_CAPS if rng.random() < 0.35 else _WORDS) for _ in range(rng.randint(1, 40))]
    return " ".join(parts)


def _plan() -> object:
    from simulacra.text.recognizers import ScanPlan, default_recognizers

    return ScanPlan(default_recognizers())


def test_the_shipped_plan_matches_members_by_their_first_character() -> None:
    plan = _plan()
    assert len(plan.groups) >= 2  # type: ignore[attr-defined]
    for g in plan.groups:  # type: ignore[attr-defined]
        assert g.which is None
        assert len(g._firsts) == len(g.members) and all(f is not None for f in g._firsts)
        digit_members = g.starting("7")
        plus_members = g.starting("+")
        # a digit opens most of the digit family's members, a "+" only a few (phone numbers'); a capital none of them
        if any(f.match("7") for f in g._firsts):
            assert 0 < len(plus_members) < len(digit_members) < len(g.members)
            assert g.starting("Z") == () or len(g.starting("Z")) < len(g.members)
        assert g.starting("7") is digit_members  # cached per character


@pytest.mark.parametrize("seed", SEEDS)
def test_a_member_matches_only_where_its_first_class_allows(seed: int) -> None:
    rng = random.Random(seed)
    plan = _plan()
    starts = 0
    for _ in range(150):
        text = _mixed_text(rng)
        for g in plan.groups:  # type: ignore[attr-defined]
            for p, first in zip(g.members, g._firsts, strict=True):
                for m in p.regex.finditer(text):
                    assert first.match(text[m.start()]) is not None, (p.name, text, m.start())
                    starts += 1
    assert starts > 300


@pytest.mark.parametrize("seed", SEEDS)
def test_a_group_finds_each_members_own_matches(seed: int) -> None:
    from simulacra.text._scan import which_filter
    from simulacra.text.recognizers import _Group

    rng = random.Random(seed)
    plan = _plan()
    groups = plan.groups  # type: ignore[attr-defined]
    with_which = [
        _Group(
            g.members, g.filter, which_filter([p.regex.pattern for p in g.members], g.members[0].regex.flags & ~re.U)
        )
        for g in groups
    ]
    assert all(w.which is not None for w in with_which)
    found = 0
    for _ in range(200):
        text = _mixed_text(rng)
        doc, old = Doc(text), Doc(text)
        for g, w in zip(groups, with_which, strict=True):
            g.run(doc)
            w.run(old)
            for p in g.members:
                want = [m.span() for m in p.regex.finditer(text)]
                assert [m.span() for m in doc.found.get(id(p), [])] == want, (p.name, text)
                found += len(want)
        assert {k: [m.span() for m in v] for k, v in doc.found.items()} == {
            k: [m.span() for m in v] for k, v in old.found.items()
        }
    assert found > 300
