"""deid-speed60 (issue 14, speed): fast forms of per-document scans that must find exactly what the plain code finds.

A speed change only. Each fast form is compared with the plain form it replaces (kept here as written on main) on
planted inputs of several shapes, sizes and seeds, and on generated e-mails.
"""

from __future__ import annotations

import random
import re

import pytest

from simulacra.text import structure

SEEDS = (1, 2, 3)

# --- structure._SEMI_ITEM: the ";" before a list item is matched, not looked behind at ---------------------------

# main's form: a lookbehind first, so the engine tries it at every position of every text
_SEMI_AS_WRITTEN = re.compile(
    r"(?:(?<=;)|(?<=:))[ \t]*\n?[ \t>]*(?P<name>[a-z][a-z'’\-]+(?:(?:[ ]|[ ]?\n[ \t>]*)[A-Za-z][A-Za-z'’\-]+){1,3})"
    r"(?=[ \t]*(?:;|\n|$))"
)
_LIST_PIECES = [
    "rita pearson-schwandt", "bond", "Robert Finney", "keir prince", "toshiro takino", "ann o'neil", "mary lee’s",
    "Finney, Robert", "Ann Lee", "jo de la rosa", "zoë day", "x", "Subject:", "To:", "Cc:", "re:", "12", "-", "'",
]  # fmt: skip
_LIST_SEPS = [";", "; ", ";\n", ";\n> ", ": ", ":", ":\t", " ;", ";;", "\n", " ", ", ", ";\t\n\t", ": \n"]


def _list_text(rng: random.Random) -> str:
    """A run of list items and separators: semicolon lists, header fields, quoting, line ends, stray words."""
    return "".join(rng.choice(_LIST_PIECES) + rng.choice(_LIST_SEPS) for _ in range(rng.randint(0, 30)))


def _semi_items(rx: re.Pattern[str], text: str, shift: int) -> list[tuple[int, tuple[int, int], str]]:
    return [(m.start() + shift, m.span("name"), m.group("name")) for m in rx.finditer(text)]


@pytest.mark.parametrize("sep", [";", ":", "; ", ";\n> ", ":\t"])
def test_the_semicolon_item_scan_opens_with_the_separator(sep: str) -> None:
    # a match starts at the ";" or ":" (a class the engine skips to in C); main's form looked behind at it from the
    # item, trying the lookbehind at every position, so it matched nothing from the separator
    m = structure._SEMI_ITEM.match(sep + "rita lee;")
    assert m is not None and m.group("name") == "rita lee"
    assert structure._SEMI_ITEM.match(" rita lee;") is None
    assert _SEMI_AS_WRITTEN.match(sep + "rita lee;") is None
    assert {
        text[m.start()]
        for text in (_list_text(random.Random(i)) for i in range(200))
        for m in structure._SEMI_ITEM.finditer(text)
    } <= {";", ":"}


@pytest.mark.parametrize("seed", SEEDS)
def test_the_semicolon_item_scan_finds_the_items_main_finds(seed: int) -> None:
    rng = random.Random(seed)
    found = 0
    for _ in range(400):
        text = _list_text(rng)
        plain = _semi_items(_SEMI_AS_WRITTEN, text, 0)
        assert _semi_items(structure._SEMI_ITEM, text, 1) == plain, text  # the match starts at the ";"
        found += len(plain)
    assert found > 200  # the planted lists hold items


@pytest.mark.parametrize("seed", SEEDS)
def test_lowercase_list_names_reads_the_list_around_the_item(seed: int) -> None:
    # lowercase names in a list of capitalised ones: found at the same places as main's form says the items are
    rng = random.Random(seed)
    given = ["rita", "robert", "mary", "james", "linda", "karen", "steve"]
    family = ["pearson", "finney", "walker", "morgan", "hughes", "bennett"]
    for _ in range(60):
        items = [f"{rng.choice(given).title()} {rng.choice(family).title()}" for _ in range(rng.randint(3, 8))]
        low = f"{rng.choice(given)} {rng.choice(family)}"
        items.insert(rng.randint(1, len(items)), low)  # after a ";"
        sep = rng.choice(["; ", ";", ";\n", ";  "])
        text = rng.choice(["To: ", "Cc:\t", "", "Hi all,\n"]) + sep.join(items) + ";" + rng.choice(["", "\nThanks"])
        spans = [(s.start, s.end) for s in structure._lowercase_list_names(text)]
        names = {span for _, span, _ in _semi_items(_SEMI_AS_WRITTEN, text, 0)}
        assert set(spans) <= names
        at = text.index(low)
        assert (at, at + len(low)) in spans, text
