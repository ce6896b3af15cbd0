"""Recognizers that require a context word scan only the lines within reach of one (issue 14, speed).

The bound must never drop a span: every such recognizer finds, with it, exactly what the full scan
finds, on generated documents and on planted values with context words at every distance around the
reach's edge (24 characters a word), before and after, on the same line and on the lines around.
"""

from __future__ import annotations

import random
from functools import lru_cache

import pytest

from simulacra.text._scan import Doc, line_local
from simulacra.text.corpus import synthetic_documents
from simulacra.text.recognizers import PatternRecognizer, default_recognizers

# values of the shapes the context-gated patterns look for (cards, routing and account numbers,
# passports, licences, records, postcodes, house numbers, years, phones, user names)
_VALUES = [
    "4111111111111111",
    "021000021",
    "12345678",
    "12-345678-9",
    "X1234567",
    "D1234-5678",
    "AB-123456",
    "75534-030",
    "7412 SL",
    "B0J 2H0",
    "Allika 46",
    "Rua Cidade de Maracaja 468",
    "1996",
    "555 123 4567",
    "5551234567",
    ": jsmith_99",
    ": ana.lee",
]
_FILLER = "the a we of note sent here Mr Smith on 3 files and more".split()


@lru_cache(maxsize=1)
def _gated() -> tuple[PatternRecognizer, ...]:
    return tuple(r for r in default_recognizers() if isinstance(r, PatternRecognizer) and r.requires_context)


def _full(r: PatternRecognizer, text: str) -> list[object]:
    """``find_in`` as it was: every pattern scanned over the whole text."""
    kept = {id(p): p.local for p in r.patterns}
    try:
        for p in r.patterns:
            object.__setattr__(p, "local", False)
        return r.find_in(Doc(text))  # type: ignore[return-value]
    finally:
        for p in r.patterns:
            object.__setattr__(p, "local", kept[id(p)])


def _planted(rng: random.Random, words: list[str]) -> str:
    """Values and context words with a random amount of filler between them, glued by spaces and line ends."""
    parts: list[str] = []
    for _ in range(rng.randrange(2, 9)):
        kind = rng.random()
        if kind < 0.35:
            parts.append(rng.choice(_VALUES))
        elif kind < 0.6:
            w = rng.choice(words)
            parts.append(rng.choice([w, w.upper(), w.title()]))
        else:  # filler up to past the reach of the widest window (24 characters a word, five words)
            n = rng.randrange(0, 150)
            fill = ""
            while len(fill) < n:
                fill += rng.choice(_FILLER) + rng.choice([" ", " ", "\n", ", "])
            parts.append(fill[:n])
    return "".join(p + rng.choice([" ", "\n", ": ", " #", "\n\n", ". ", ""]) for p in parts)


def test_the_context_gated_patterns_are_line_local_and_bounded() -> None:
    gated = _gated()
    assert len(gated) >= 10
    # the patterns the bound applies to: each within a line, by the same analysis as the line scans
    local = [p for r in gated for p in r.patterns if p.local]
    assert len(local) >= 10
    assert all(line_local((p.regex.pattern, p.scan.pattern), p.regex.flags) for p in local)
    assert not line_local((r"\d{3}\s\d{4}",))  # \s takes a line end
    assert not line_local((r"x?",))  # may match the empty string


@pytest.mark.parametrize("seed", [1, 2])
def test_a_bounded_scan_finds_what_the_full_scan_finds(seed: int) -> None:
    rng = random.Random(seed)
    gated = _gated()
    texts = [d.text for d in synthetic_documents(20, seed=seed)]
    found = bounded = 0
    for r in gated:
        words = [" ".join(phrase) for phrase in r.context]
        for _ in range(80):
            texts.append(_planted(rng, words))
    for t in texts:
        for r in gated:
            want = _full(r, t)
            doc = Doc(t)
            got = r.find_in(doc)
            assert got == want, (r.name, t)
            found += len(want)
            runs = doc.near.get(id(r))
            bounded += runs is not None and runs != [(0, len(t))]
    assert found > 60  # the planted values were found with their context
    assert bounded > 1000  # and most texts were scanned on some of their lines only


def test_a_value_just_inside_the_reach_is_kept_and_one_outside_is_not() -> None:
    (cards,) = [r for r in _gated() if r.name == "credit_card_labelled"]
    reach = 24 * cards.window
    # the value starts exactly ``reach`` characters after the context word's start: the word is read;
    # a character further and it is not
    inside = "card" + " " * (reach - 6) + "\n\n4111111111111111"
    far = "card" + " " * (reach - 5) + "\n\n4111111111111111"
    for text in (inside, far, "x\n" * 300 + inside, far + "\ncard 4111111111111111"):
        assert cards.find_in(Doc(text)) == _full(cards, text)
    assert len(cards.find_in(Doc(inside))) == 1
    assert cards.find_in(Doc(far)) == []
    assert len(cards.find_in(Doc("card" + "\n" * (reach - 4) + "4111111111111111"))) == 1


def test_a_context_word_after_the_value_counts_up_to_the_edge_of_its_reach() -> None:
    (phones,) = [r for r in _gated() if r.name == "phone_labelled"]
    assert phones.window_after == 1
    # "phone" ends exactly 24 characters after the value's end, on the next line: read; one further: not
    inside = "5551234567\n" + " " * 18 + "phone"
    far = "5551234567\n" + " " * 19 + "phone"
    for text in (inside, far, "a\n" * 50 + inside + "\n" * 30):
        assert phones.find_in(Doc(text)) == _full(phones, text)
    assert len(phones.find_in(Doc(inside))) == 1
    assert phones.find_in(Doc(far)) == []
