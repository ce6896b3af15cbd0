"""The pattern stage's cheap gates (issue 14, speed): same answers as the scans they stand for.

- a case-insensitive requirement of ASCII strings is tested on an ASCII text's lowercase with ``in``
  (``Need.folded``), and by its regex on any other text (where ``re.IGNORECASE`` also folds "ſ", "K", "ı");
- ``Doc.meets_all`` is ``all(doc.meets(n) for n in needs)``, stopping at the first unmet;
- a group asks its members' distinct requirements once; the plan's spans are every recognizer's own.

Texts are generated here (several seeds), with the strings planted in every case and beside the
non-ASCII letters that fold to ASCII ones.
"""

from __future__ import annotations

import random
import re

import pytest

from simulacra.text._scan import Doc, Need, requirements
from simulacra.text.recognizers import ScanPlan, _Group, _Pattern, default_recognizers

# letters that re.IGNORECASE folds onto ASCII ones: long s, Kelvin sign, dotless i, dotted capital I
_FOLDS = {"s": "ſ", "k": "\u212a", "i": "ı", "I": "İ"}
_WORDS = ["the", "report", "unit", "psc", "us", "suite", "apt", "age", "kilo", "desk", "ok", "ski", "is"]


def _flip(word: str, rng: random.Random) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word)


def _texts(strings: tuple[str, ...], seed: int, n: int = 60) -> list[str]:
    """ASCII texts with and without the strings (in random case), and texts where a letter of one of them is
    written as a non-ASCII letter that folds to it."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(0, 12))]
        if i % 3 == 0 and strings:
            words.insert(rng.randint(0, len(words)), _flip(rng.choice(strings), rng))
        text = " ".join(words)
        if i % 4 == 1 and strings:  # a string with one folding letter: only the regex sees it
            s = rng.choice(strings)
            spots = [j for j, c in enumerate(s) if c in _FOLDS or c.lower() in _FOLDS]
            if spots:
                j = rng.choice(spots)
                c = s[j] if s[j] in _FOLDS else s[j].lower()
                text += " " + s[:j] + _FOLDS[c] + s[j + 1 :]
        if i % 5 == 2:
            text += " café 12"  # non-ASCII without any folding letter
        out.append(text)
    return out


_SOURCES = [
    r"\b(?:PSC|USS|USNS|Unit) \d{3,5}",
    r"(?:age|aged)[: ]\s*\d{1,3}",
    r"(?:apt\.|suite|ski) ?\d+",
    r"\bis\b \w+",
    r"(?:kilo|desk)\w*",
]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("source", _SOURCES)
def test_a_case_insensitive_need_answers_as_its_regex(source: str, seed: int) -> None:
    needs = [n for n in requirements(source, re.IGNORECASE, max_strings=32) if n.rx is not None]
    assert any(n.strings for n in needs), source
    for need in needs:
        # ASCII strings: the lowercase test is taken on ASCII texts; a digit alone keeps its (empty) regex
        assert (need.folded is not None) == bool(need.strings)
        for text in _texts(need.strings, seed):
            assert need.met_by(Doc(text)) == (
                need.digit and bool(re.search(r"\d", text)) or need.rx.search(text) is not None
            ), (
                source,
                text,
            )


def test_a_need_of_non_ascii_strings_or_with_case_keeps_its_regex() -> None:
    cased = Need(("Ab", "Ac"), rx=re.compile("Ab|Ac"))
    assert cased.folded is None
    assert not cased.met_by(Doc("ab ac")) and cased.met_by(Doc("x Ac"))
    accented = Need(("straße",), rx=re.compile("straße", re.IGNORECASE))
    assert accented.folded is None
    assert accented.met_by(Doc("STRASSE STRAßE")) is (re.search("straße", "STRASSE STRAßE", re.I) is not None)


def test_the_shipped_case_insensitive_needs_take_the_lowercase_test() -> None:
    needs = {id(n): n for r in default_recognizers() for p in getattr(r, "patterns", ()) for n in p.needs}
    folded = [n for n in needs.values() if n.folded is not None]
    assert folded, "no shipped pattern has a case-insensitive requirement of ASCII strings"
    for seed, need in enumerate(folded):
        assert need.rx is not None and need.rx.flags & re.IGNORECASE
        for text in _texts(need.strings, seed):
            assert need.met_by(Doc(text)) == (
                need.rx.search(text) is not None or need.digit and any(map(str.isdigit, text))
            )


@pytest.mark.parametrize("seed", range(4))
def test_meets_all_is_all_of_meets_and_stops_at_the_first_unmet(seed: int) -> None:
    rng = random.Random(seed)
    pool = [n for src in _SOURCES for n in requirements(src, re.IGNORECASE, max_strings=32)]
    pool += [Need(("report",)), Need(("zzz",)), Need((), digit=True)]
    for text in _texts(("PSC 123", "report", "suite 4"), seed, n=40):
        needs = tuple(rng.sample(pool, rng.randint(1, len(pool))))
        doc = Doc(text)
        got = doc.meets_all(needs)
        assert got == all(Doc(text).meets(n) for n in needs)
        asked = set(doc._met)
        first_unmet = next((i for i, n in enumerate(needs) if not Doc(text).meets(n)), len(needs))
        assert asked == set(needs[: first_unmet + 1])


def test_a_group_with_a_member_that_needs_nothing_always_scans() -> None:
    pats = (_Pattern("d", re.compile(r"\d{3}"), 0.5), _Pattern("x", re.compile(r"[0-9A-F]{2}h"), 0.5))
    needing = _Group(pats, re.compile(r"(?=\d{3}|[0-9A-F]{2}h)[0-9A-F]"))
    assert needing._needs is not None and all(pats[0].needs)  # a digit, at least
    free = _Group((*pats, _Pattern("any", re.compile(r"[A-F]"), 0.5)), re.compile(r"(?=\d{3}|[0-9A-F]{2}h|[A-F])."))
    assert free._needs is None
    for text in ["abc", "123 FFh", "B", "x 9Ah 777", ""]:
        for g in (needing, free):
            doc = Doc(text)
            g.run(doc)
            want = {id(p): [m.span() for m in p.regex.finditer(text)] for p in g.members if p.regex.search(text)}
            assert {k: [m.span() for m in v] for k, v in doc.found.items()} == want, (text, [p.name for p in g.members])


_MAIL_BITS = [
    "PSC 1234, Box 56, APO AE 09012",
    "Unit 4410 box 2",
    "call me at (713) 853-1657 or 713.555.0199 ext 12",
    "on Friday, March 3, 2001 at 10:30 am",
    "meet on monday",
    "Joined Enron in 1998; I'm 34 years old",
    "Suite 2300, 1400 Smith St, Houston, TX 77002",
    "jeff.dasovich@enron.com, http://www.enron.com/x",
    "IP 10.0.0.12, card 4111 1111 1111 1111",
    "Age: 42",
    "nothing to see here",
    "Überweisung an DE89370400440532013000",
    "ſuite 12 and the KILO desk",
]


@pytest.mark.parametrize("seed", range(4))
def test_the_plan_finds_what_each_recognizer_finds(seed: int) -> None:
    rng = random.Random(seed)
    recs = default_recognizers()
    plan = ScanPlan(recs)
    for _ in range(25):
        bits = rng.sample(_MAIL_BITS, rng.randint(0, 5))
        text = rng.choice(["\n", " ", ". ", "\n\n"]).join(bits)
        assert plan.find(text) == [s for r in recs for s in r.find(text)], text
