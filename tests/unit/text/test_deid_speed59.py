"""deid-speed59 (issue 14, speed): a scan that opens with a lookbehind and then a capturing group gets its fast form.

``_scan.fast_form`` rewrites a regex to start with one character class, so the engine skips in C to the characters
that can start a match; it refused a capturing group at the start, so ``(?<!X)(?P<g>[A-Z]...)`` stayed as written and
the lookbehind was tried at every position of every text. ``_scan._group_first`` moves the zero-width checks into the
group, behind its first character. A speed change only: the rewritten regex must find exactly what the one as written
finds (spans and every group), over whole texts, in windows and anchored at a position. Checked on random texts made
of the characters these patterns look at (capitals, small letters, the lookbehinds' punctuation, spaces, line ends,
non-ASCII letters), three seeds, and on generated e-mails.
"""

from __future__ import annotations

import random
import re

import pytest

from simulacra.text import _scan
from simulacra.text._scan import fast_compile, fast_form
from simulacra.text.corpus import synthetic_documents

SEEDS = (1, 2, 3)

# shapes: a negative and a positive lookbehind, several checks and a \b before the group, a numbered group,
# a lookahead before it, case ignored, MULTILINE, and the six structure scans this branch rewrote (as written)
SHAPES = [
    (r"(?<![\w.@/&'’-])(?P<g>[A-Z][a-z]{2,}) (?P<f>[A-Z][a-z]{2,}|Mc[A-Z][a-z]+)(?![\w@/'’-])(?! ?[A-Z])", 0),
    (r"(?<![\w'’])([A-Z][a-z]{2,})(?:['’]s(?![\w'’])|(?=[ \t]*(?:$|[\"<])))", re.MULTILINE),
    (
        r"(?<![\w'’\-.,@/&])(?P<last>[A-Z][A-Z'’]+(?:-[A-Z][A-Z'’]+)?), ?(?P<first>[A-Z][A-Z'’]{2,})"
        r"(?: [A-Z](?![\w'’.\-]))?(?![\w'’\-])",
        0,
    ),
    (r"(?<=[a-z,][ ])(?P<g>[A-Z][a-z]+)[ ](?P<f>[A-Z][a-z]+)(?=[ ]+[a-z]|[.,;:!?)])", 0),
    (r"(?<![\d.])(?<!-)\b(?P<n>\d+)(?P<u>[a-z]{1,3})\b", 0),
    (r"(?=[A-Z])(?<!\w)(?P<w>[A-Za-z]+)-(?P<x>\d)", 0),
    (r"(?<![\w.])(?P<t>[dm]r)\.? (?P<w>[a-z]{3,})", re.IGNORECASE),
]
# leading checks, then a group whose body can start with two different characters: written as it was (the group
# would have to be copied into two branches); a group with its own flags; a lookbehind that holds a group
KEPT = [
    r"(?<!x)(?P<g>ab|cd)e",
    r"(?<!x)(?P<g>[ab]?c)d",
    r"(?<!x)(?i:(?P<g>a))b",
    r"(?<!(?P<h>x))(?P<g>a)b",
    r"(?P<g>[A-Z][a-z]+) (?P<f>[A-Z])",  # no check before the group: the engine skips ahead already
]

PIECES = [
    "Ann", "Lee", "McNeil", "Mc", "ANN", "LEE", "TATE-BURCH", "O'NEIL", "Dr", "mr", "dr.", "smith", "Jones's",
    "Smith’s", "2nd", "10km", "-", ".", "@", "/", "&", "'", "’", ",", ", ", " ", "  ", "\t", "\n", '"', "<", "x",
    "é", "Élise", "ß", "ǅ", "1", "9", "e-", "a", "Z", "Ann Lee", "met Ann Lee.", "LEE, ANN", "LEE,ANN B", "Kim-3",
    "Bob's", "and", "see", "Dr kim", "mr. jones", "5km", "Zoe Day", "Zoe Day Ann",
]  # fmt: skip


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) + rng.choice(["", " ", " ", ", ", "\n"]) for _ in range(rng.randint(0, 40)))


def _all(rx: re.Pattern[str], text: str, *args: int) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in rx.finditer(text, *args)]


def _one(m: re.Match[str] | None) -> object:
    return None if m is None else (m.span(), m.groups(), m.groupdict())


@pytest.mark.parametrize(("src", "flags"), SHAPES)
def test_a_lookbehind_before_a_capturing_group_moves_behind_the_first_character(src: str, flags: int) -> None:
    out = fast_form(src, flags)
    assert out != src
    fast = re.compile(out, flags)
    plain = re.compile(src, flags)
    assert (fast.groups, fast.groupindex) == (plain.groups, plain.groupindex)
    # the pattern now opens with its group, and the group with a character (class): what the engine skips to
    assert out.startswith("(")
    parsed = re.compile(out, flags)
    assert fast_compile(src, flags).pattern == parsed.pattern


@pytest.mark.parametrize("src", KEPT)
def test_what_cannot_be_rewritten_with_its_group_once_is_left_as_written(src: str) -> None:
    assert fast_form(src) == src
    assert fast_compile(src).pattern == src


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("src", "flags"), SHAPES)
def test_the_rewritten_scan_finds_what_the_regex_as_written_finds(src: str, flags: int, seed: int) -> None:
    plain, fast = re.compile(src, flags), fast_compile(src, flags)
    assert fast.pattern != src
    rng = random.Random(seed)
    texts = [_text(rng) for _ in range(400)]
    found = 0
    for t in texts:
        whole = _all(plain, t)
        found += len(whole)
        assert _all(fast, t) == whole, (src, t)
        a = rng.randrange(len(t) + 1)
        b = rng.randrange(a, len(t) + 1)
        # a window: a lookbehind still reads the text before ``a`` in both forms
        assert _all(fast, t, a, b) == _all(plain, t, a, b), (src, t, a, b)
        assert _one(fast.search(t, a, b)) == _one(plain.search(t, a, b))
        assert _one(fast.match(t, a)) == _one(plain.match(t, a))
        assert _one(fast.fullmatch(t, a, b)) == _one(plain.fullmatch(t, a, b))
    assert found > 100  # the random texts hold matches of every shape, not only misses


def test_the_rewritten_scans_find_the_same_in_generated_mail() -> None:
    texts = [d.text for d in synthetic_documents(120, seed=59)]
    for src, flags in SHAPES:
        plain, fast = re.compile(src, flags), fast_compile(src, flags)
        for t in texts:
            assert _all(fast, t) == _all(plain, t), src


def test_the_structure_scans_are_compiled_in_their_fast_form() -> None:
    from simulacra.text import caps_names, person_edges, structure

    for rx in (
        structure._GIVEN_FAMILY,
        structure._NAME_ONLY_PLACE,
        structure._PARTICLE_HINT,
        caps_names._CAPS_ITEM,
        person_edges._FREE_PAIR,
        person_edges._ACRONYM_PATH,
    ):
        assert not rx.pattern.startswith("(?<"), rx.pattern  # no lookbehind tried at every position


def test_without_the_parser_the_group_is_left_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_scan, "_parser", lambda: None)
    src, flags = SHAPES[0]
    assert fast_form(src, flags) == src


# --- known_mentions._name_word remembered per word; quantity_units' scan gated on a unit's "/" -------------------

NAME_WORDS = ["May", "may", "MAY", "Mar", "mar", "Sunday", "sunday", "Sun", "June", "Ann", "ann", "Jones", "Monday",
              "Dec", "dec.", "Will", "Hou", "ECT", "Enron", "team", "Team", "Mark", "Apr", "Sept", "Tues"]  # fmt: skip


@pytest.mark.parametrize("seed", SEEDS)
def test_a_remembered_name_word_answer_is_the_words_own_in_any_order(seed: int) -> None:
    from simulacra.text import known_mentions as K

    rng = random.Random(seed)
    K._name_word.cache_clear()
    words = [rng.choice(NAME_WORDS) for _ in range(300)]
    # the key is the word as written: "May" (a month) and "may" (a word) and "MAY" answer apart
    assert [K._name_word(w) for w in words] == [K._name_word.__wrapped__(w) for w in words]
    assert K._name_word("May") is False and K._name_word("Ann") is True


def _units_as_before(text: str, spans: list[object]) -> list[object]:
    """quantity_units without the gate (main's code): every text with a "/" scanned."""
    from dataclasses import replace

    from simulacra.text.quantity_units import _UNIT

    if "/" not in text:
        return list(spans)
    units = {m.group("a") or m.group("b") for m in _UNIT.finditer(text)}
    return [
        replace(s, label="ORGANIZATION")  # type: ignore[type-var]
        if s.label == "PERSON" and not s.source.startswith("structure") and text[s.start : s.end] in units  # type: ignore[attr-defined]
        else s
        for s in spans
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_unit_scan_gate_changes_no_span(seed: int) -> None:
    from simulacra.text.quantity_units import quantity_units
    from simulacra.text.spans import Span

    rng = random.Random(seed)
    unit_words = ["MMBtu", "Dth", "Bob", "Gal", "Ann", "Mw"]
    pieces = ["sold 14,000 ", "$2.50/", "$.138/", "/d", "/day", "/hr", "/", " per ", " and ", "12 ", ".", "\n",
              "-", "a/", "/x"]  # fmt: skip
    changed = 0
    for _ in range(400):
        parts: list[str] = []
        spans: list[Span] = []
        pos = 0
        for _ in range(rng.randint(1, 14)):
            if rng.random() < 0.45:
                w = rng.choice(unit_words)
                source = rng.choice(["ner", "ner", "structure", "propagate.person"])
                spans.append(Span(pos, pos + len(w), rng.choice(["PERSON", "PERSON", "ORGANIZATION"]), 0.8, source))
            else:
                w = rng.choice(pieces)
            parts.append(w)
            pos += len(w)
        text = "".join(parts)
        got, want = quantity_units(text, spans), _units_as_before(text, spans)
        assert got == want, text
        changed += got != spans
    assert changed > 20  # the planted units do retype persons: the gate is tested where it matters
