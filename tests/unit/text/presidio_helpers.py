"""What the Presidio-set tests share: the pattern recognizers alone, and what they find in a text."""

from __future__ import annotations

import random

from simulacra.text.engine import Deidentifier


def found(d: Deidentifier, text: str) -> list[tuple[str, str]]:
    """(text, label) of every span ``d`` finds in ``text``."""
    return [(text[s.start : s.end], s.label) for s in d.analyze(text)]


def random_digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))
