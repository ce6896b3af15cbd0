"""The fast paths of the pattern recognizers find exactly what the plain regexes find.

``_scan`` rewrites regexes (first character in front), merges them into shared
filters and skips texts that lack a required string. Each property compares one of
those against the straightforward computation on generated texts built to hit the
patterns' edges (digits next to separators, capitals, month names, context words).
"""

from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulacra.text._scan import (
    Doc,
    fast_form,
    requirements,
    union_filter,
    which_filter,
)
from simulacra.text.recognizers import (
    PatternRecognizer,
    ScanPlan,
    default_recognizers,
    load_recognizers,
)
from simulacra.text.spans import Span

_FRAGMENTS = [
    "0", "1", "2", "3", "5", "9", "12", "19", "20", "23", "31", "45", "123", "555", "1234", "12345", "2023",
    "123456789", "4111 1111 1111 1111", "378282246310005", "-", ".", "/", ":", ",", ", ", " ", "  ", "\n", "(", ")",
    "+", "+44 ", "@", "#", "$", "€", "'", "_", "a", "x", "am", "pm", "AM", "y/o", "yo", "year-old", "years old",
    "aged ", "Age: ", "Jan", "January", "May", "Sept", "Dec.", "th", "st", " of ", "on", "at", "born", "since",
    "SSN", "ssn", "routing", "account", "acct", "a/c", "passport", "license", "DL#", "MRN", "mrn", "chart",
    "phone", "tel", "call", "card", "visa", "iban", "IBAN", "GB82", "WEST", "DE89", "GIR", "SW1A", "1AA", "EC1",
    "NY", "CA ", "Main", "Street", "St", "Ave", "Hauptstraße", "Bahnhof", "Weg", "Straße", "rue", "avenue",
    "www.", "http://", "https://", "ftp://", "example", ".com", ".de", ".co.uk", "mail", "user", "username: ",
    "login", "é", "Ä", "ß", "İ", "K", "ς", "Σ", "x1", "A1", "AB", "ext", "x ", "USD", "EUR", "dollars", "0x",
    "::", "fe80", "192.168.1.1", "10.0.0", "-5", "5-", "1st", "2nd",
]  # fmt: skip

texts = st.lists(st.sampled_from(_FRAGMENTS), min_size=0, max_size=30).map("".join)
_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the original algorithm, written out plainly -----------------------------------------

_WORD = re.compile(r"[\w'#/]+", re.UNICODE)


def _naive_context(r: PatternRecognizer, text: str, start: int, end: int) -> bool:
    if not r.context:
        return False
    before = [w.lower() for w in _WORD.findall(text[max(0, start - 24 * r.window) : start])][-r.window :]
    chunk = text[end : end + 24 * r.window_after]
    after = [w.lower() for w in _WORD.findall(chunk)][: r.window_after] if r.window_after else []
    for phrase in r.context:
        k = len(phrase)
        for words in (before, after):
            for i in range(len(words) - k + 1):
                if tuple(words[i : i + k]) == phrase:
                    return True
    return False


def _naive_find(r: PatternRecognizer, text: str) -> list[Span]:
    out: list[Span] = []
    for p in r.patterns:
        if r.anchor:
            matches = []
            for a, b in r._windows(text):
                for m in p.regex.finditer(text, a, b):
                    if (m.start() == a and a > 0 and text[a - 1].isalnum()) or (
                        m.end() == b and b < len(text) and text[b].isalnum()
                    ):
                        continue
                    matches.append(m)
        else:
            matches = list(p.regex.finditer(text))
        for m in matches:
            start, end = m.span(r.group) if r.group is not None and m.group(r.group) is not None else m.span()
            if start >= end or (r.validate is not None and not r.validate(text[start:end])):
                continue
            score = p.score
            if r.context and (r.requires_context or score < 1.0):
                if _naive_context(r, text, start, end):
                    score = min(1.0, score + r.boost)
                elif r.requires_context:
                    continue
            out.append(Span(start, end, r.label, score, f"{r.name}.{p.name}"))
    return out


_ALL = default_recognizers()
_PLAN = ScanPlan(_ALL)


@_SETTINGS
@given(texts)
def test_plan_finds_what_each_recognizer_finds_plainly(text: str) -> None:
    assert _PLAN.find(text) == [s for r in _ALL for s in _naive_find(r, text)]


@_SETTINGS
@given(texts)
def test_every_shipped_pattern_and_its_fast_form_match_alike(text: str) -> None:
    for r in _ALL:
        for p in r.patterns:
            fast = [(m.span(), m.groupdict()) for m in p.scan.finditer(text)]
            assert fast == [(m.span(), m.groupdict()) for m in p.regex.finditer(text)], f"{r.name}.{p.name}"


@_SETTINGS
@given(texts)
def test_a_text_with_a_match_meets_every_requirement(text: str) -> None:
    doc = Doc(text)
    for r in _ALL:
        for p in r.patterns:
            if p.regex.search(text):
                assert all(doc.meets(n) for n in p.needs), f"{r.name}.{p.name}"


@_SETTINGS
@given(texts)
def test_a_group_filter_matches_where_a_member_does(text: str) -> None:
    for g in _PLAN.groups:
        want = [i for i in range(len(text) + 1) if any(p.regex.match(text, i) for p in g.members)]
        assert [i for i in range(len(text) + 1) if g.filter.match(text, i)] == want
        if g.which is not None:
            for i in want:
                regs = g.which.match(text, i).regs
                assert [regs[k + 1][0] >= 0 for k in range(len(g.members))] == [
                    p.regex.match(text, i) is not None for p in g.members
                ]


# --- user patterns: shapes the shipped file does not use ------------------------------------

_USER_PATTERNS = [
    (r"(?<!x)(?:ab|a)c", 0), (r"\b\d+", 0), (r"\B-\d", 0), (r"(?<=\$)\d+(?:\.\d\d)?", 0),
    (r"(?<!\w)a{2,5}?b", 0), (r"(?<![a-c])[a-c]+x", re.IGNORECASE), (r"\b(?i:ab)c", 0), (r"(?<=a)(?P<n>b+)c", 0),
    (r"(?=\d)\w+", 0), (r"(\w)\1", 0), (r"\b(?:x|y)?z\b", 0), (r"(?<!\d)(?:[01]?\d|2[0-3]):\d\d", 0),
    (r"\bK\b", re.IGNORECASE), (r"(?<![^a])b", 0), (r"\b[^\W\d]\w*", 0), (r"(?<!\.)\b(?:a\.)+b", 0),
    (r"(?<![\w-])\d{2,}?(?![\w-])", 0), (r"(?<!a)(?:(?:ab){1,2}|b)c", 0), (r"\b\w", re.MULTILINE),
    (r"(?<![\w.])(?:[^\W\d_a-z]\w*|\d+)[ :]x", 0), (r"(?:ab|[^\W\d_a-b]\w|K)c", 0), (r"(?:[^\W\d]|[^\s\w])a", 0),
    (r"\b(?:ab|xa|K)[: ](?P<n>\d+)\b", 0), (r"(?:1|2|x)(?P<m>a+)?c", 0), (r"(?:a|b)(?:a|9)?(\d)", re.IGNORECASE),
    (r"\b(?!(?:abc|K)\b)[a-zK]\w*", 0), (r"(?<!\.)(?=[a-c]*\d)[a-c0-9]{2,4}", 0), (r"(?!a\b)(?=\w\w)[a-z]", 0),
    (r"\b(?:" + "|".join(f"{a}{b}" for a in "abcxyzK" for b in ("", "a", "bc", "zz", "1", "9:", "b", "ab")) + r")\b", 0),
    (r"(?:" + "|".join(f"{a}{b}" for a in "abcxK" for b in ("", "a", "bc", "zz", "1", "2", "-", ".", "0", "za")) + r")\b", 2),
]  # fmt: skip
small = st.text(alphabet="abcxyzK0129:.-$ \nA_é", max_size=40)


@settings(max_examples=200, deadline=None)
@given(small)
def test_user_patterns_fast_forms_and_filters_match_alike(text: str) -> None:
    for src, flags in _USER_PATTERNS:
        plain = re.compile(src, flags)
        fast = re.compile(fast_form(src, flags), flags)
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
            (m.span(), m.groups()) for m in plain.finditer(text)
        ], src
        doc = Doc(text)
        if plain.search(text):
            assert all(doc.meets(n) for n in requirements(src, flags)), src
    by_flags: dict[int, list[str]] = {}
    for src, flags in _USER_PATTERNS:
        by_flags.setdefault(flags, []).append(src)
    for flags, sources in by_flags.items():
        usable = [s for s in sources if union_filter([s], flags) is not None]
        f, w = union_filter(usable, flags), which_filter(usable, flags)
        if f is None:
            continue
        rx = [re.compile(s, flags) for s in usable]
        for i in range(len(text) + 1):
            assert (f.match(text, i) is not None) == any(r.match(text, i) for r in rx), (usable, i)
            if w is not None:
                regs = w.match(text, i).regs
                assert [regs[k + 1][0] >= 0 for k in range(len(rx))] == [r.match(text, i) is not None for r in rx]


_USER_FILE = """
recognizers:
  - name: ticket
    label: TICKET
    patterns:
      - {name: id, score: 0.6, regex: '(?<![\\w-])(?:TK|tk)-?\\d{4,6}(?![\\w-])'}
      - {name: hash, score: 0.8, regex: '\\b#\\d{3,}'}
    context: [ticket, issue]
  - name: code
    label: CODE
    flags: [IGNORECASE]
    patterns:
      - {name: code, score: 0.9, regex: '\\bcode[: ]+(?P<c>[a-z]{2}\\d{2})\\b'}
    group: c
  - name: sku
    label: SKU
    patterns:
      - {name: sku, score: 0.4, regex: '\\d(?<![\\w]\\d)\\d{2}-\\d{3}'}
    context: [sku, item]
    requires_context: true
"""
_USER = load_recognizers(text=_USER_FILE)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "TK",
                "tk",
                "-",
                "1234",
                "12",
                "#",
                "999",
                " ",
                "CODE: ",
                "code ",
                "ab12",
                "AB34",
                "sku",
                "item",
                "123-456",
                "x",
                "ticket",
                "\n",
            ]
        ),
        max_size=20,
    ).map("".join)
)
def test_a_user_pattern_file_finds_the_same_through_the_plan(text: str) -> None:
    assert ScanPlan(_USER + _ALL[:3]).find(text) == [s for r in _USER + _ALL[:3] for s in _naive_find(r, text)]


# --- line windows: a pattern that stays within a line, run only on lines with its words -----

_LINE_WORDS = sorted({w for r in _ALL for p in r.patterns if p.lines is not None for w in p.lines.strings[:12]})
_LINE_FRAGMENTS = [*_FRAGMENTS, *_LINE_WORDS, "\n", "\n\n", " \n", "\t", "Shepherd ", "Federal ", "the ", "of ", ", "]
line_texts = st.lists(st.sampled_from(_LINE_FRAGMENTS), min_size=0, max_size=40).map("".join)


@_SETTINGS
@given(line_texts)
def test_a_line_windowed_pattern_matches_as_on_the_whole_text(text: str) -> None:
    windowed = [(r, p) for r in _ALL for p in r.patterns if p.lines is not None]
    assert len(windowed) >= 5  # company, institution, url, NRP, ... are windowed
    for r, p in windowed:
        got = [(m.span(), m.groupdict()) for m in p.lines.finditer(p.scan, text)]  # type: ignore[union-attr]
        assert got == [(m.span(), m.groupdict()) for m in p.regex.finditer(text)], f"{r.name}.{p.name}"


# pieces of regexes: some stay within a line, some read across one or meet "$" at a window's end
_PIECES = [
    "Co", "Ltd", "Inc", r"\bCo\b", r"[A-Z]\w*", r"\w+", " ", " +", r"\s", r"\s*", "$", "^", r"\b", r"\B",
    "[^a]", ".", "(?s:.)", r"(?=\nX)", r"(?!\nX)", r"(?<=\n)", r"(?<!\n)", r"(?<=\n\n)", r"(?=[A-Z])", r"(?:Co|Ltd)",
    r"(?:X\n)?", r"\n", r"[\t ]*", r"(?P<g>[A-Z]+)", r"(?P=g)", "X?", "(?m:$)", r"\Z", r"\A", r"(?![\w-])",
]  # fmt: skip
#: every text of up to three of these tokens, beside the generated ones (a line end between a word and "X")
_BATTERY = ["".join(t) for n in range(1, 4) for t in itertools.product(["Co", "Ltd", "X", "\n", " ", "a\n"], repeat=n)]
_LINE_TEXT = st.lists(st.sampled_from(["Co", "Ltd", "Inc", "X", "Y", "a", " ", "  ", "\n", "\n\n", "\t", "-", "CoX", "ab"]), max_size=30).map("".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5), st.lists(_LINE_TEXT, min_size=1, max_size=4))
def test_any_pattern_given_a_line_scan_matches_as_on_the_whole_text(pieces: list[str], samples: list[str]) -> None:
    from simulacra.text._scan import line_scan

    source = "".join(pieces)
    try:
        rx = re.compile(source)
    except re.error:
        return
    lines = line_scan((source,))
    if lines is None:
        return
    for text in [*samples, *_BATTERY]:
        got = [(m.span(), m.groups()) for m in lines.finditer(rx, text)]
        assert got == [(m.span(), m.groups()) for m in rx.finditer(text)], (source, text)


def test_every_pair_of_pieces_around_a_word_given_a_line_scan_matches_alike() -> None:
    from simulacra.text._scan import line_scan

    scanned = 0
    for a, b in itertools.product(_PIECES, repeat=2):
        for source in (a + "Co" + b, "Co" + a + b, a + b + "Ltd"):
            try:
                rx = re.compile(source)
            except re.error:
                continue
            lines = line_scan((source,))
            if lines is None:
                continue
            scanned += 1
            for text in _BATTERY:
                got = [(m.span(), m.groups()) for m in lines.finditer(rx, text)]
                assert got == [(m.span(), m.groups()) for m in rx.finditer(text)], (source, text)
    assert scanned > 500  # most shapes stay within a line
