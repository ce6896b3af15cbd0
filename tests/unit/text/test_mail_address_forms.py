"""E-mail addresses whose local part or domain is not plain ASCII letters are found whole.

``paul.y'barbo@…`` used to match from ``barbo``, and ``jörg.müller@…`` from ``ller``: the
part left out of the match stayed in the output, a real name leaked. Addresses are built here
from given names and surnames with apostrophes and letters of several scripts.
"""

from __future__ import annotations

import itertools

import pytest

from simulacra.text import analyze, deidentify

GIVEN = ["jörg", "ayşe", "léa", "олег", "paul", "siobhán", "zoë"]
FAMILY = ["y'barbo", "o'neil", "müller", "yılmaz", "d'arcy", "иванов", "núñez"]
DOMAINS = ["enron.com", "beispiel.de", "örnek.com.tr", "exemple.fr", "пример.рф"]


@pytest.mark.parametrize(
    ("given", "family", "domain"),
    [(g, f, DOMAINS[i % len(DOMAINS)]) for i, (g, f) in enumerate(itertools.product(GIVEN, FAMILY)) if i % 3 == 0],
)
def test_the_whole_address_is_found_and_replaced(given: str, family: str, domain: str) -> None:
    addr = f"{given}.{family}@{domain}"
    text = f"Please write to {addr} before Friday, or to '{family}@{domain}'."
    emails = [text[s.start : s.end] for s in analyze(text) if s.label == "EMAIL"]
    assert emails == [addr, f"{family}@{domain}"]
    out = deidentify(text, seed=1)
    assert given not in out and family not in out


@pytest.mark.parametrize("text", ["a@b is not an address", "user@localhost is not either", "price 5@3.50 each"])
def test_what_is_not_an_address(text: str) -> None:
    assert not [s for s in analyze(text) if s.label == "EMAIL"]
