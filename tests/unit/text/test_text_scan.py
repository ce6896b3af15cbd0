"""The regex tools behind fast pattern recognition: rewriting, requirements, shared scans."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest

from simulacra.text import Deidentifier
from simulacra.text._scan import (
    Doc,
    factored,
    fast_form,
    first_chars,
    has_lowercase,
    requirements,
    union_filter,
)
from simulacra.text.recognizers import ScanPlan, default_recognizers


def _strings(src: str, flags: int = 0) -> list[tuple[tuple[str, ...], bool]]:
    return [(n.strings, n.digit) for n in requirements(src, flags)]


def test_a_leading_lookbehind_moves_behind_the_first_character() -> None:
    assert fast_form(r"(?<![\w-])\d{5}(?![\w-])") == r"[\d](?<![\w\-][\s\S])[\d]{4}(?![\w\-])"
    assert fast_form(r"\bwww\.x") == r"w(?<![\w][\s\S])ww\.x"


def test_a_leading_alternation_is_split_by_first_character() -> None:
    out = fast_form(r"(?<![\d:])(?:[01]?\d|2[0-3]):\d\d")
    # the lookbehind every branch starts with is checked once, ahead of the branches
    assert out.startswith("[01\\d2](?<![\\d\\:][\\s\\S])(?:(?<=[01])")
    text = "at 9:30, 23:59, 24:00, 123:45 and 07:05"
    assert [m.span() for m in re.finditer(out, text)] == [
        m.span() for m in re.finditer(r"(?<![\d:])(?:[01]?\d|2[0-3]):\d\d", text)
    ]


@pytest.mark.parametrize("src", [
    r"(\w)\1",  # a back reference
    r"a*b?",  # may match nothing
    r"(?<!x)(?P<g>ab|cd)e",  # a reported group whose body starts with two characters (it would be copied)
    r"(?<!x)\b\S",  # \b before something that may or may not be a word character
])  # fmt: skip
def test_what_cannot_be_rewritten_exactly_is_left_as_written(src: str) -> None:
    assert fast_form(src) == src


def test_a_leading_lookahead_moves_behind_the_first_character() -> None:
    # (?!X) at p is (?<=(?!X)[\s\S]) one character later: the pattern then starts with its class
    for src in (r"\b(?!(?:During|Spring)\b)[A-Z][a-z]+", r"(?<![\w-])(?=[A-Z0-9]*\d)[A-Z0-9]{6,9}(?![\w-])"):
        out = fast_form(src)
        assert out.startswith("[A-Z")
        text = "During Spring Springs Fo AB12345 ABCDEFG 1234567 X-ABC1234 ABC1234-Z Dur Duringx"
        assert [m.span() for m in re.finditer(out, text)] == [m.span() for m in re.finditer(src, text)]


@pytest.mark.parametrize(
    ("src", "head"),
    [
        (r"(?<![\w.])(?:[^\W\d_a-z][^\s\d]*|\d{1,4})[ \t]\d", "[^\\W_a-z]"),  # a capital-ish word or a number
        (r"(?<![\w.])(?:U\. |A\. |[^\W\d_a-z]\w+ )\d+", "[^\\W\\d_a-z]"),  # an abbreviation or a word
    ],
)
def test_a_negated_first_class_is_covered_by_a_wider_one(src: str, head: str) -> None:
    # the scan's leading class only has to hold every first character: each branch checks its own
    out = fast_form(src)
    assert out.startswith(head)
    rng = random.Random(7)
    pieces = [
        "Main",
        "ul. ",
        "U. ",
        "A.",
        "ul",
        "Ülm",
        "é",
        "x",
        "12",
        "3",
        " ",
        "\t",
        ".",
        "_",
        "a1",
        "Z",
        "ß",
        "\n",
        ",",
    ]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(12))
        assert [m.span() for m in re.finditer(out, text)] == [m.span() for m in re.finditer(src, text)], text


def test_what_follows_a_list_of_words_is_written_once_with_its_groups() -> None:
    # (?:x S|y S) tries what (?:x|y)S tries, in the same order: the group after the list stays one group
    rng = random.Random(3)
    for _ in range(20):
        heads = rng.sample(["He is", "She is", "turned", "I am", "I'm", "is now", "aged", "Age"], rng.randint(2, 6))
        src = r"\b(?:" + "|".join(re.escape(h) for h in heads) + r")[: ]?(?P<n>\d{1,3})(?P<unit> years?)?\b"
        out = fast_form(src)
        assert out.startswith("[") and out.count("(?P<n>") == 1
        pieces = [*heads, " ", ": ", "4", "42", "123", "1234", " year", " years", "x", "S", "\n", "."]
        for _ in range(40):
            text = "".join(rng.choice(pieces) for _ in range(14))
            want = [(m.span(), m.groupdict()) for m in re.finditer(src, text)]
            assert [(m.span(), m.groupdict()) for m in re.finditer(out, text)] == want, (src, text)


def _words(rng: random.Random, n: int) -> list[str]:
    """``n`` distinct words sharing first letters and prefixes, longest first (as the shipped lists are)."""
    out: set[str] = set()
    while len(out) < n:
        w = rng.choice("ABCDEFGHKLMNPRST") + "".join(rng.choice("aeiourlnst") for _ in range(rng.randint(1, 7)))
        out.add(w)
        if rng.random() < 0.3:
            out.add(w + rng.choice(["s", "an", " Party"]))
    return sorted(out, key=lambda w: (-len(w), w))[:n]


@pytest.mark.parametrize("n", [49, 120, 400])
@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_a_long_list_of_words_is_split_by_first_character(n: int, flags: int) -> None:
    # more alternatives than the shared scans take: one branch per first letter (same order within it),
    # the word boundary checked once ahead of them
    rng = random.Random(n + flags)
    words = _words(rng, n)
    src = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
    out = fast_form(src, flags)
    assert out != src and out.startswith("[")
    assert out.count("|") < src.count("|") + 60
    pieces = [*words, *(w[:-1] for w in words[:30]), *(w + "x" for w in words[:30]), "x", "_", "1", " ", ", ", "\n"]
    for _ in range(50):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", "-", "_", ".\n"]) for _ in range(40))
        assert [m.span() for m in re.finditer(out, text, flags)] == [m.span() for m in re.finditer(src, text, flags)]


def test_groups_survive_a_rewrite() -> None:
    src = r"\b(?:aged|age)[: ]\s?(?P<age>\d{1,3})\b"
    out, _flags = factored(src)  # type: ignore[misc]
    assert re.compile(out).groupindex == {"age": 1}
    assert re.search(out, "patient aged 42.").group("age") == "42"  # type: ignore[union-attr]


def test_requirements_are_literal_text_every_match_contains() -> None:
    assert _strings(r"[\w.]+@[\w.]+") == [(("@",), False)]
    assert _strings(r"\b(?:https?|ftp)://\S+")[0] == (("://",), False)  # what the schemes share
    assert _strings(r"\d{3}-\d{4}") == [((), True)]
    assert _strings(r"\b(?P<n>\d+) ?(?:y/o|yo)\b")[0] == (("yo", "y/o"), False)
    # a negative lookaround's text need not be there; an optional piece adds nothing
    assert _strings(r"(?<!abc)x?\d") == [((), True)]
    # case-insensitive patterns are tested case-insensitively
    need = requirements(r"\bcode\d", re.IGNORECASE)[0]
    assert Doc("CODE7").meets(need) and not Doc("cod e7").meets(need)


def test_long_lists_of_strings_are_kept_for_slow_patterns_only() -> None:
    months = r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"
    assert [n.strings for n in requirements(months, max_strings=3)] == [()]
    assert len(requirements(months, max_strings=32)[0].strings) == 12


def test_first_characters_and_lowercase() -> None:
    first = first_chars(r"(?<![\w-])(?:[A-Z]{2}\d|GIR)")
    assert first is not None and not has_lowercase(first)
    domain = first_chars(r"(?<![@\w.-])(?:[a-z0-9-]{2,63}\.)+com\b")
    assert domain is not None and has_lowercase(domain)
    upper = first_chars(r"\bK\d")
    assert upper is not None and has_lowercase(upper, re.IGNORECASE) and not has_lowercase(upper)


def test_union_filter_matches_where_some_pattern_does() -> None:
    sources = [r"(?<![\w-])\d{5}(?![\w-])", r"\d(?<![\d-]\d)\d{2}-\d{2}-\d{4}(?![\d-])", r"\+\d{2} \d{3}"]
    f = union_filter(sources)
    assert f is not None and f.pattern.startswith("[")
    text = "zip 12345, ssn 123-45-6789, tel +44 207, 123456 x12345"
    want = [i for i in range(len(text)) if any(re.compile(s).match(text, i) for s in sources)]
    assert [i for i in range(len(text)) if f.match(text, i)] == want
    assert union_filter([r"a*"]) is None  # may match nothing
    assert union_filter([r"\d+", r"(?i)x\d"]) is None  # different flags


def test_doc_words_between_cuts_words_like_a_slice() -> None:
    doc = Doc("discard the card #4411 now's")
    assert doc.words_between(3, 16) == ["card", "the", "card"]
    assert doc.words_between(17, 40) == ["#4411", "now's"]
    assert doc.words_between(5, 5) == []


def test_plan_groups_the_numeric_patterns_and_months() -> None:
    plan = ScanPlan(default_recognizers())
    names = [{p.name for p in g.members} for g in plan.groups]
    assert any({"clock", "numeric", "zip", "dashed"} <= n for n in names)
    assert any({"month_day_year", "month_year"} <= n for n in names)


def test_deidentifier_output_is_unchanged_by_the_plan() -> None:
    texts = [
        "Call Dr. Alice Smith at (555) 123-4567 or alice.smith@example.com on 03/04/2021 at 10:30 am.",
        "Patient, 45 y/o, MRN 1234567, seen 5 April 2023; SSN 123-45-6788; card 4111 1111 1111 1111.",
        "Überweisung an DE89370400440532013000, Hauptstraße 12, 10115 Berlin. IP 192.168.1.20.",
        "routing number 021000021, account 12345678; visit www.example.org/x or https://a.b/c?d=1",
    ]
    d = Deidentifier({"ner": False}, seed=3)
    for t in texts:
        want = [s for r in d.recognizers for s in r.find(t)]
        assert d._plan.find(t) == want


# --- the boundary with re._parser: a fallback that finds the same spans --------------------

_TEXTS = [
    "Call Dr. Alice Smith at (555) 123-4567 or alice.smith@example.com on 03/04/2021 at 10:30 am.",
    "Patient, 45 y/o, MRN 1234567, seen 5 April 2023; SSN 123-45-6788; card 4111 1111 1111 1111.",
    "Überweisung an DE89370400440532013000, Hauptstraße 12, 10115 Berlin. IP 192.168.1.20.",
    "routing number 021000021, account 12345678; visit www.example.org/x or https://a.b/c?d=1",
]


def _clear_caches() -> None:
    from simulacra.text import _scan

    for f in (_scan._parser, _scan.first_chars, _scan._union_filter, _scan._which_filter):
        f.cache_clear()


@pytest.fixture
def no_parser(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As on an interpreter without a usable ``re._parser``."""
    from simulacra.text import _scan

    _clear_caches()
    monkeypatch.setattr(_scan, "_p", None)
    yield
    monkeypatch.undo()
    _clear_caches()


def test_the_private_parser_is_used_when_it_reads_the_probe_back() -> None:
    from simulacra.text import _scan

    _clear_caches()
    assert _scan.parser_available()  # CPython 3.11+, which the project requires


def test_a_parser_that_reads_patterns_differently_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from simulacra.text import _scan

    real = _scan._p

    class Skewed:  # a future parser whose items no longer mean what emit assumes
        @staticmethod
        def parse(source: str, flags: int = 0) -> object:
            return real.parse(source + "x", flags)

    _clear_caches()
    monkeypatch.setattr(_scan, "_p", Skewed)
    try:
        assert not _scan.parser_available()
        assert fast_form(r"(?<![\w-])\d{5}") == r"(?<![\w-])\d{5}"
    finally:
        monkeypatch.undo()
        _clear_caches()


def test_without_the_parser_every_tool_answers_nothing_to_gain(no_parser: None) -> None:
    from simulacra.text import _scan

    assert not _scan.parser_available()
    src = r"(?<![\w-])\d{5}(?![\w-])"
    assert fast_form(src) == src
    assert factored(src) is None
    assert first_chars(src) is None
    assert requirements(r"[\w.]+@[\w.]+") == ()
    assert union_filter([r"\d{3}", r"\d-\d"]) is None
    assert _scan.which_filter([r"\d{3}", r"\d-\d"]) is None


def test_the_fallback_finds_the_same_spans() -> None:
    from simulacra.text import _scan
    from simulacra.text.recognizers import load_recognizers

    fast = load_recognizers()
    want = [[s for r in fast for s in r.find(t)] for t in _TEXTS]
    want_plan = [ScanPlan(fast).find(t) for t in _TEXTS]
    assert any(p.scan is not p.regex for r in fast for p in r.patterns)  # the fast path was taken
    _clear_caches()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_scan, "_p", None)
        slow = load_recognizers()
        assert all(p.scan is p.regex and p.needs == () for r in slow for p in r.patterns)
        plan = ScanPlan(slow)
        assert plan.groups == ()
        assert [[s for r in slow for s in r.find(t)] for t in _TEXTS] == want
        assert [plan.find(t) for t in _TEXTS] == want_plan == want
    _clear_caches()


@pytest.mark.parametrize(
    "src",
    [
        r"Co$",  # "$" before a final line end: a window ending at the line end would meet it
        r"[A-Z]\w* Co\s",  # \s takes a line end
        r"Co(?!\nX)",  # a lookahead reads across the line end
        r"[^a]Co",  # a negated class takes a line end
        r"(?s:.)Co",  # so does a dot under DOTALL
        r"\w*",  # can be empty
        r"[A-Z]\w+",  # no string every match holds
        r"(?i:c)o",  # inline flags: not analysed
    ],
)
def test_a_pattern_that_may_read_across_a_line_gets_no_line_scan(src: str) -> None:
    from simulacra.text._scan import line_scan

    assert line_scan((src,)) is None


def test_a_line_scan_runs_the_pattern_only_on_lines_with_its_words() -> None:
    from simulacra.text._scan import line_scan

    src = r"(?:(?<=\n)|^)[A-Z]\w+(?: [A-Z]\w+)* (?:Ltd|Inc|Co)\b(?!\.? of\b)"
    lines = line_scan((src,))
    assert lines is not None
    assert sorted(lines.strings) == [" Co", " Inc", " Ltd"]  # the space before is needed too
    rng = random.Random(5)
    words = ["Acme", "Shepherd", "Pixia", "Co", "Ltd", "Inc", "of", "Could", "the", "Corp"]
    rx = re.compile(src)
    for _ in range(300):
        text = "".join(
            rng.choice([*(w + rng.choice(" \n.") for w in words), "\n", " "]) for _ in range(rng.randrange(30))
        )
        assert [m.span() for m in lines.finditer(rx, text)] == [m.span() for m in rx.finditer(text)], text
    # a lookbehind may look across the line end: it reads the text before the window as it is
    assert line_scan((r"(?<=\n\n)[A-Z]\w+ Ltd",)) is not None
    assert [m.span() for m in lines.finditer(rx, "x\nAcme Ltd\nof")] == [(2, 10)]


def test_fast_compile_finds_what_the_regex_as_written_finds_in_every_window() -> None:
    from simulacra.text._scan import fast_compile
    from simulacra.text.corpus import synthetic_documents

    sources = [
        (r"(?<![\w])[A-Z]{0,4}\d[\d \t.\-/]*\d(?![\w])|(?<![\w])\d(?![\w])", 0),  # a lookbehind first, two branches
        (r"(?:/[A-Z]{2,6}){2,}\b|@[A-Z_]{2,}\b|(?:/[A-Z][A-Za-z&]{1,14}){1,3}@[A-Z][A-Za-z]{1,14}\b", 0),
        (r"\bw/[ ]?(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?)", 0),  # a named group
        (r"[ \t]+(?:x|ext\.?[ ]?)\d[\d.\-]{3,6}\b", 0),
        (r"(?<=[.!?])[ \t]+(?P<name>[A-Z][a-z]+),[ \t]+(?=[a-z])", 0),
        (r"\b(?:ext|x)\.?\s?(\d{3,5})\b", re.IGNORECASE),  # a numbered group, case ignored
        # "$" under MULTILINE after a repeat (structure's _GLUED_SIGNOFF)
        (r"\.{2,}(?P<name>[A-Za-z][a-z]{1,11})[ \t]*$", re.MULTILINE),
    ]
    texts = [d.text for d in synthetic_documents(60, seed=3)]
    rng = random.Random(4)
    for src, flags in sources:
        plain, fast = re.compile(src, flags), fast_compile(src, flags)
        assert fast.pattern != src  # rewritten
        assert (fast.groups, fast.groupindex) == (plain.groups, plain.groupindex)
        for t in texts:
            assert [(m.span(), m.groups()) for m in fast.finditer(t)] == [
                (m.span(), m.groups()) for m in plain.finditer(t)
            ]
            a = rng.randrange(len(t) + 1)
            b = rng.randrange(a, len(t) + 1)
            f, p = fast.search(t, a, b), plain.search(t, a, b)
            assert (f and (f.span(), f.groups())) == (p and (p.span(), p.groups())), (src, a, b)


def test_fast_compile_keeps_the_regex_as_written_when_groups_would_change(monkeypatch: pytest.MonkeyPatch) -> None:
    from simulacra.text import _scan

    # a rewriting that would renumber the groups (here: one more) is not used
    monkeypatch.setattr(_scan, "fast_form", lambda source, flags=0: "(x)" + source)
    assert _scan.fast_compile(r"(a)b").pattern == r"(a)b"
    monkeypatch.setattr(_scan, "fast_form", lambda source, flags=0: "(?P<other>a)b")
    assert _scan.fast_compile(r"(?P<one>a)b").pattern == r"(?P<one>a)b"


def test_scan_matches_finds_what_finditer_finds_for_every_structure_regex() -> None:
    from simulacra.text import structure
    from simulacra.text._scan import scan_matches
    from simulacra.text.corpus import synthetic_documents
    from simulacra.text.surrogates import pools as _pools

    pools = _pools("en_US")
    rng = random.Random(11)
    firsts = [*pools.first_female[:40], *pools.first_male[:40]]
    lasts = list(pools.last[:60])
    # the forms the line-scanned rules look for, and near misses, with names from the pools, glued by
    # random line ends and spaces (a match must never take the next line's start, nor miss one)
    forms = [
        "{f}'s choice",
        "{f}’s report",
        "{f}'s",
        "give {f} or me a call",
        "you and {f} met",
        "{f} & myself",
        "{f} has reserved",
        "{f} {l} said",
        "{f} will",
        "Thanks! {f} ----- Original Message",
        "{f} -----Forwarded",
        "{f} {l}@ex.com on 11/29/2000",
        "ok.  {f}, please",
        "{f},\tthanks",
        "{f} and me",
        "me and {f}'s",
        "To: {f} {l} <{l}@ex.com>",
        "'{f}' <{f}.{l}@ex.org>,",
        "{f} <{l}@x",
        ">{f} {l}<a@b.c>",
    ]
    texts = [d.text for d in synthetic_documents(40, seed=5)]
    for _ in range(400):
        parts = [
            rng.choice(forms).format(f=rng.choice(firsts), l=rng.choice(lasts)) for _ in range(rng.randrange(1, 8))
        ]
        texts.append("".join(p + rng.choice([" ", "\n", ". ", ".\n", "  ", "\n\n", ""]) for p in parts))
    # every structure regex that scan_matches runs by its lines (any other is its own finditer)
    patterns = {k: p for k, p in vars(structure).items() if isinstance(p, re.Pattern) and _by_lines(p)}
    scanned = ("_POSSESSIVE_NAME", "_SIGNOFF_BEFORE_HEADER", "_BESIDE_PRONOUN", "_SUBJECT_VERB")
    assert set(scanned) <= set(patterns)  # the four the rules run through scan_matches
    # and the lines with a "<" (strings of one character) for a display name before its address
    one = structure._DISPLAY_BEFORE_ADDRESS
    assert _by_lines(one, 1) and not _by_lines(one)
    found = 0
    for k, p, shortest in [*((k, p, 2) for k, p in patterns.items()), ("_DISPLAY_BEFORE_ADDRESS", one, 1)]:
        for t in texts:
            want = [(m.span(), m.groups()) for m in p.finditer(t)]
            assert [(m.span(), m.groups()) for m in scan_matches(p, t, shortest=shortest)] == want, (k, t)
            found += len(want) if k in (*scanned, "_DISPLAY_BEFORE_ADDRESS") else 0
    assert found > 400  # the planted forms were found


def _by_lines(p: re.Pattern[str], shortest: int = 2) -> bool:
    from simulacra.text import _scan

    return _scan._scanner(p, shortest) != p.finditer


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_a_literal_trie_finds_the_strings_where_the_flat_list_does(flags: int) -> None:
    """The line scans' word lists as tries: the same places, and the longer of two strings where one starts
    the other (as the longest-first list); metacharacters stay literal."""
    from simulacra.text._scan import literal_trie

    words = ["German", "Germans", "Germany", "Greek", "Gr", "Sp. z o.o.", "a|b", "(x)", "ab", "abc", "Ge"]
    ordered = sorted(words, key=lambda w: (-len(w), w))
    flat = re.compile("|".join(re.escape(w) for w in ordered), flags)
    trie = re.compile(literal_trie(ordered), flags)
    assert trie.pattern.count("|") < flat.pattern.count("|")  # shared starts are written once
    rng = random.Random(9)
    pieces = [*words, "G", "e", "r", "s", "y", " ", "\n", "o.", "|", "(", "x", "GERMANY", "abd"]
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(25)))
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)], text
