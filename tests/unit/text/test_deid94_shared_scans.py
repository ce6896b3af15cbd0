"""deid94 (issue 14): the per-text work ``_finish`` did twice or in full is done once or skipped, with the same answers.

* ``address_name_pairs``: one scan of a text's person addresses, shared by ``address_surnames`` and
  ``known_mentions`` (which ran the same regex each), equal to the rescan it replaced.
* ``heading_lists._item_runs``: skipped where the lowercased text holds none of a heading's plural nouns; equal to
  the full line loop on planted texts (headings of every noun, in any case, with Unicode case oddities).
"""

from __future__ import annotations

import random
import re

import pytest

from simulacra.text import heading_lists as hl
from simulacra.text import known_mentions as km
from simulacra.text.person_edges import _ADDRESS_NAME, address_name_pairs, address_surnames
from simulacra.text.spans import Span

_GIVEN = ["Bobette", "terr", "Mike", "sara", "Anne", "Raj", "Kate", "JOE", "li"]
_FAMILY = ["Riner", "henderson", "Grigsby", "rumberg", "O", "Lee", "Kinder", "SMITH", "x"]
_HOSTS = ["enron.com", "ipgdirect.com", "mail.acme.example", "x.co.uk", "northwind-traders.com"]


def _mail(rng: random.Random, n: int) -> str:
    lines = []
    for _ in range(n):
        g, f = rng.choice(_GIVEN), rng.choice(_FAMILY)
        sep = rng.choice("._")
        before = rng.choice(["", " ", "<", "x", ".", "+", "To: "])
        lines.append(f"{before}{g}{sep}{f}@{rng.choice(_HOSTS)} {rng.choice(['hi', f'{g.title()} {f.title()}', ''])}")
    return "\n".join(lines)


def _rescan(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((m.group("g").lower(), m.group("f").lower()) for m in km._ADDRESS.finditer(text))


def test_the_two_address_regexes_are_one_pattern() -> None:
    # sharing one scan is only right while both rules ask the same regex
    assert km._ADDRESS.pattern == _ADDRESS_NAME.pattern and km._ADDRESS.flags == _ADDRESS_NAME.flags


@pytest.mark.parametrize("seed", [1, 7, 42, 99, 2026])
@pytest.mark.parametrize("size", [0, 1, 5, 40])
def test_address_name_pairs_equal_the_rescan(seed: int, size: int) -> None:
    text = _mail(random.Random(seed * 100 + size), size)
    assert address_name_pairs(text) == _rescan(text)
    assert address_name_pairs(text) == _rescan(text)  # the cached answer is the same


def test_address_surnames_still_takes_the_surname() -> None:
    text = "Bobette Riner Director\nbobette.riner@ipgdirect.com\nand Mike Grigsby beside mike_grigsby@enron.com"
    spans = [Span(0, 7, "PERSON"), Span(text.index("Mike"), text.index("Mike") + 4, "PERSON")]
    out = address_surnames(text, spans)
    assert [text[s.start : s.end] for s in out] == ["Bobette Riner", "Mike Grigsby"]


_NOUNS = sorted(hl._KIND)
_ITEMS = ["Pfizer", "Cooper Industries", "Johnson Controls", "Sara Lee", "Houston", "Tulsa", "New York"]


def _headed(rng: random.Random, noun: str) -> str:
    head = rng.choice(["The list of {} include:", "{} attending:", "Our {} are:", "FINAL {}:  "])
    noun = rng.choice([noun, noun.upper(), noun.title()])
    items = [rng.choice(["", "- ", "1. ", "* "]) + rng.choice(_ITEMS) for _ in range(rng.randint(1, 4))]
    return "Hi all,\n" + head.format(noun) + "\n" + rng.choice(["", "\n"]) + "\n".join(items) + "\n\nThanks\n"


def _full_loop(text: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[tuple[int, int]]]]:
    with monkeypatch.context() as m:
        m.setattr(hl, "_KIND_HINT", re.compile(""))  # the hint always met: every line read, as before deid94
        return hl._item_runs(text)


@pytest.mark.parametrize("seed", range(6))
def test_item_runs_equal_the_full_loop(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    texts = [_headed(rng, noun) for noun in _NOUNS]
    texts += [
        "Agenda:\nPfizer\nSara Lee\n",  # a heading with no kind's noun
        "Companies:\nPfizer\nSara Lee\n",
        "C\u0130TIES:\nHouston\nTulsa\n",  # a dotted capital I: lower() gives two characters
        "BAN\u212aS:\nChase\nCiti\n",  # the Kelvin sign lowers to "k"
        "no heading here at all, just prose: about cities\nand firms\n",
        "",
    ]
    for text in texts:
        want = _full_loop(text, monkeypatch)
        assert hl._item_runs(text) == want, text
    assert any(_full_loop(t, monkeypatch) for t in texts)  # the planted headings do make runs


def test_item_runs_skip_texts_without_a_noun(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = hl._kind
    monkeypatch.setattr(hl, "_kind", lambda h: calls.append(h) or real(h))
    assert hl._item_runs("Agenda:\nQ3 review\nBudget:\nnone\n") == []
    assert calls == []  # no line was read
