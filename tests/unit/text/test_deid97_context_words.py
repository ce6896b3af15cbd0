"""deid97 (issue 14): a context check does per text what it did per call, with the same answers.

* ``Doc.words_between``: on an ASCII text the words are found in the text's lowercase (built once per text), not
  lowercased one by one; equal to the per-word lowering on planted texts (mixed case, digits, ``'#/_``, windows
  that cut words, ``first``/``last`` of every size), and non-ASCII texts keep the per-word path.
* ``PatternRecognizer._near_ok``: whether ``_near_context`` can bound a recognizer's matches, decided once when
  the recognizer is built (it was recomputed, ``min(map(len, ...))``, on every call); equal to the old test for
  every shipped recognizer and for planted ones (a group, short first words, non-ASCII words, none).
"""

from __future__ import annotations

import random
import re

import pytest

from simulacra.text._scan import TOKEN, Doc
from simulacra.text.recognizers import PatternRecognizer, _Pattern, default_recognizers

_WORDS = ["Phone", "SSN", "account", "Acct#", "no", "Tel/Fax", "ROUTING", "iban", "x_ray", "O'Neil", "ref#12", "DOB"]
_GLUE = [" ", "  ", ", ", ": ", "\n", "\t", " - ", ". ", " (", ") "]
_ODD = ["İstanbul", "Straße", "\u212aelvin", "ǅemal", "ﬁle"]  # lowercasing these changes lengths or letters


def _text(rng: random.Random, n: int, *, odd: bool) -> str:
    parts = []
    for _ in range(n):
        w = rng.choice(_WORDS)
        w = rng.choice([w, w.upper(), w.lower(), w.title()])
        if rng.random() < 0.3:
            w += str(rng.randrange(10**6))
        if odd and rng.random() < 0.1:
            w = rng.choice(_ODD)
        parts.append(w + rng.choice(_GLUE))
    return "".join(parts)


def _old_words(text: str, a: int, b: int, first: int | None, last: int | None) -> list[str]:
    """``words_between`` as it was: the tokens of the original text, then each lowercased."""
    words = TOKEN.findall(text, a, b)
    if first is not None:
        words = words[:first]
    if last is not None:
        words = words[-last:] if last else []
    return [w.lower() for w in words]


@pytest.mark.parametrize("seed", [1, 7, 23, 97])
@pytest.mark.parametrize("odd", [False, True])
def test_words_between_equals_per_word_lowering(seed: int, odd: bool) -> None:
    rng = random.Random(seed)
    ascii_docs = 0
    for _ in range(60):
        text = _text(rng, rng.randrange(1, 80), odd=odd)
        doc = Doc(text)
        ascii_docs += doc.is_ascii
        for _ in range(25):
            a = rng.randrange(0, len(text) + 1)
            b = rng.randrange(a, min(len(text), a + 200) + 1)
            first = rng.choice([None, 0, 1, 2, 5, 40])
            last = rng.choice([None, 0, 1, 3, 5, 40])
            assert doc.words_between(a, b, first=first, last=last) == _old_words(text, a, b, first, last), (
                text[a:b],
                first,
                last,
            )
    # both paths were asked: the lowered-text path on ASCII texts, the per-word path on the others
    assert (0 < ascii_docs < 60) if odd else ascii_docs == 60


def test_an_uppercase_word_in_reach_is_found_lowered() -> None:
    text = "Call me on my MOBILE PHONE: 555 0100"
    doc = Doc(text)
    assert doc.is_ascii
    assert doc.words_between(0, text.index("555"), last=3) == ["my", "mobile", "phone"]


def _old_near_ok(r: PatternRecognizer) -> bool:
    return not (r._firsts is None or r.group is not None or min(map(len, r._firsts), default=0) < 3)


def _planted(seed: int) -> list[PatternRecognizer]:
    rng = random.Random(seed)
    pool = ["phone", "to", "in", "acct", "número", "straße", "mobile", "dob", "routing", "no"]
    out = []
    for _ in range(40):
        context = tuple(tuple(rng.sample(pool, rng.randrange(1, 3))) for _ in range(rng.randrange(0, 4)))
        out.append(
            PatternRecognizer(
                name=f"p{seed}",
                label="ID",
                patterns=(_Pattern("n", re.compile(r"(?P<g>\d{4})-\d{2}"), 0.4),),
                context=context,
                requires_context=rng.random() < 0.5,
                group=rng.choice([None, "g"]),
            )
        )
    return out


@pytest.mark.parametrize("seed", [3, 11, 42])
def test_near_ok_is_the_old_per_call_test(seed: int) -> None:
    recognizers = [*default_recognizers(), *_planted(seed)]
    answers = {_old_near_ok(r) for r in recognizers}
    assert answers == {True, False}  # both kinds planted
    for r in recognizers:
        assert r._near_ok == _old_near_ok(r), r.name
        doc = Doc(_text(random.Random(seed), 30, odd=False) + " 1234-56 phone 9876-54")
        # no bound where the old test said none; a bound (a list of runs) where it said one
        assert (r._near_context(doc) is None) == (not r._near_ok), r.name


def test_has_context_answers_as_before_on_planted_texts() -> None:
    with_context = [r for r in default_recognizers() if r.context]
    assert with_context
    for seed in (5, 6, 7):
        rng = random.Random(seed)
        for _ in range(30):
            text = _text(rng, 40, odd=rng.random() < 0.3)
            doc = Doc(text)
            for r in with_context:
                start = rng.randrange(0, len(text))
                end = min(len(text), start + rng.randrange(1, 12))
                n, k = r.window, r.window_after
                before = _old_words(text, max(0, start - 24 * n), start, None, n)
                after = _old_words(text, end, end + 24 * k, k, None) if k else []
                want = any(
                    tuple(ws[i : i + len(p)]) == p for p in r.context for ws in (before, after) for i in range(len(ws))
                )
                if want:  # the old answer also needed a first word in the lowered text (``_context_possible``)
                    want = r._context_possible(doc)
                assert r.has_context(doc, start, end) == want, (r.name, text[max(0, start - 60) : end + 60])
