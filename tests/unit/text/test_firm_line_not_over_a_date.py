"""A business address's firm line sits over a street's line that starts with a house number and a word
(``patterns.yaml``: ``company_in_address.firm_line``). A date's day and month look the same ("5 April 2023"):
two short lines over a date are not a name, its firm and a street. Found by a random property run
(``tests/property/test_text_properties.py``'s example); here the class: every month written long, short,
dotted, upper or lower case, under lines of every shape, while a street named like a month ("5 Mayfair Road",
"12 Marchmont Street") still closes an address."""

from __future__ import annotations

import random

import pytest

from simulacra.text import Deidentifier
from simulacra.text.recognizers import default_recognizers

PATTERNS_ONLY = Deidentifier(seed=0, recognizers=default_recognizers(), ner=None)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
HEADS = ["a\nb", "Lina Artemova\nIrecycle", "> Tom\n> notes", "x y\nz", "Marta Palermo\nCityscan"]


def _month(rng: random.Random) -> str:
    m = rng.choice(MONTHS)
    form = rng.choice([m, m[:3], m[:3] + ".", m.upper(), m.lower(), m[:3].upper()])
    return form + rng.choice(["", ","])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_firm_over_a_dates_line(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        head = rng.choice(HEADS)
        text = f"{head}\n{rng.randint(1, 28)} {_month(rng)} {rng.randint(1990, 2030)}\n"
        firms = [text[s.start : s.end] for s in PATTERNS_ONLY.analyze(text) if s.label == "ORGANIZATION"]
        assert firms == [], text


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("Marta Palermo\nCityscan\n1072 Pohlstrasse 9", "Cityscan"),
        ("Lina Artemova\nIrecycle\n5 Mayfair Road", "Irecycle"),
        ("> Lina Artemova\n> Irecycle\n> 12 Marchmont Street", "Irecycle"),
        ("Allan Bjork\nScale Unlimited\n44 June Avenue", "Scale Unlimited"),
    ],
)
def test_a_street_named_like_a_month_still_closes_the_address(text: str, firm: str) -> None:
    firms = [text[s.start : s.end] for s in PATTERNS_ONLY.analyze(text) if s.label == "ORGANIZATION"]
    assert firms == [firm]
