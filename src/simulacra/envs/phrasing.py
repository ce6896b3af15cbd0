"""How users ask: personas with their own tone, and several phrasings of each request (chosen by the task's seed)."""

from __future__ import annotations

import random
from typing import Any

__all__ = ["PERSONAS", "fill", "humanize", "phrase", "request", "singular"]

# name -> (opening, closing) around the request
PERSONAS: dict[str, tuple[str, str]] = {
    "polite": ("Hello! ", " Thank you so much for your help."),
    "terse": ("", ""),
    "frustrated": ("This is the third time I'm writing about this. ", " Please just sort it out."),
    "formal": ("Good afternoon. I would like to make the following request. ", " Kind regards."),
    "hurried": ("Quick one: ", " Thanks."),
    "elderly": ("Hello dear, I'm not very good with computers, so bear with me. ", " Thank you, you are very kind."),
}

_WRAPS = ("Could you {ask}?", "I'd like you to {ask}.", "Please {ask}.", "I need you to {ask}.", "Can you {ask} for me?")


def humanize(name: str) -> str:
    return name.replace("_", " ")


def singular(table: str) -> str:
    """A table's name for one of its rows, in words: orders -> order, addresses -> address, categories -> category."""
    words = humanize(table)
    if words.endswith("sses") or words.endswith("xes") or words.endswith("ches"):
        return words[:-2]
    if words.endswith("ies"):
        return words[:-3] + "y"
    if words.endswith("s") and not words.endswith("ss"):
        return words[:-1]
    return words


def request(rng: random.Random, ask: str) -> str:
    return rng.choice(_WRAPS).format(ask=ask)


def phrase(rng: random.Random, body: str, persona: str | None = None) -> tuple[str, str]:
    """(persona, instruction): the body wrapped in a persona's opening and closing."""
    persona = persona or rng.choice(sorted(PERSONAS))
    opening, closing = PERSONAS[persona]
    return persona, f"{opening}{body}{closing}".strip()


def fill(template: str, values: dict[str, Any]) -> str:
    """A template's {field}s filled from values (unknown fields are left as written)."""
    class _Keep(dict):  # type: ignore[type-arg]
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return template.format_map(_Keep({k: ("" if v is None else v) for k, v in values.items()}))
