"""A lone word signing a message or greeted is a given name: its fake is a given name too.

``Thanks,\\n-mei``: the name lists know Mei (and Raj, Kim, Lee...) as a family name as well, so the sign-off was
written with a family-name fake (``-ward``), which no one signs with. Planted: words the surrogate pools hold both
as given and as family names, in sign-offs (``-x``, ``> -x``, ``~X``) and greetings (``Hi X,``, ``Thanks, X``).
"""

from __future__ import annotations

import random

import pytest

from simulacra.text.engine import Deidentifier, _given_position
from simulacra.text.spans import Span
from simulacra.text.surrogates import last_set as _last_set
from simulacra.text.surrogates import pools as _pools


def _both(n: int, seed: int) -> list[str]:
    """Short words the lists know as family names that are no given name of the locale's pools ("mei", "raj")."""
    common = _pools("en_US").common_first
    words = sorted(w for w in _last_set() if w.isalpha() and 3 <= len(w) <= 5 and w not in common)
    return random.Random(seed).sample(words, n)


_FRAMES = ["Thanks,\n-{w}\n", "ok, see below\n> -{w}\n", "Hi {W},\nthe file is attached.\n", "Thanks, {W}\n"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_lone_name_in_a_sign_off_or_greeting_gets_a_given_name_fake(seed: int) -> None:
    p = _pools("en_US")
    given = {g.lower() for g in (*p.first_female, *p.first_male)}
    checked = 0
    for word in _both(8, seed):
        for frame in _FRAMES:
            text = frame.format(w=word, W=word.capitalize())
            d = Deidentifier(seed=seed)
            spans = [s for s in d.analyze(text) if s.label == "PERSON" and text[s.start : s.end].lower() == word]
            if not spans:
                continue  # not found as a person here: nothing to choose a fake for
            out = d.anonymize(text, spans).text
            fake = out[spans[0].start : spans[0].start + len(out) - len(text) + spans[0].end - spans[0].start]
            assert fake.lower() in given, (text, out, fake)
            checked += 1
    assert checked >= 6  # most of the planted sign-offs and greetings are found as people


def test_a_lone_name_in_prose_is_no_given_position() -> None:
    text = "the Mei report and Kim said so\n"
    for word in ("Mei", "Kim"):
        a = text.index(word)
        assert not _given_position(text, Span(a, a + len(word), "PERSON", 0.9, "ner"))
    text = "Thanks,\n-mei\n"
    assert _given_position(text, Span(9, 12, "PERSON", 0.9, "ner"))
