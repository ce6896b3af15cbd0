"""Forms of phone numbers and postal addresses found whole (issue 14, Presidio's evaluation set).

Every text is built here from generated digits and the shipped value pools, never taken from a corpus:
each class is planted in many random shapes, and the span must cover the whole number or address.
"""

from __future__ import annotations

import random
import re

import pytest

from simulacra.text.engine import Deidentifier
from simulacra.text.recognizers import default_recognizers


@pytest.fixture(scope="module")
def patterns_only() -> Deidentifier:
    return Deidentifier(ner=None)


def _found(d: Deidentifier, text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in d.analyze(text)]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _grouped(rng: random.Random) -> str:
    """A national number as digit groups: 2-4 groups of 2-4 digits, 7-13 digits, one separator."""
    while True:
        groups = [_digits(rng, rng.randint(2, 4)) for _ in range(rng.randint(2, 4))]
        total = sum(map(len, groups))
        digits = "".join(groups)
        number = rng.choice([" ", "-", "."]).join(groups)
        # shapes that are something else first: a US social security number (3-2-4 with
        # hyphens) and an IPv4 address (four dotted groups up to 255)
        ssn = re.fullmatch(r"\d{3}-\d{2}-\d{4}", number)
        ip = re.fullmatch(r"(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)", number)
        if 7 <= total <= 13 and len(set(digits)) > 2 and not ssn and not ip:
            return number


LABELS_BEFORE = [
    "Phone:",
    "Phone:\n",
    "Mobile: ",
    "Desk: ",
    "Fax: ",
    "Tel. ",
    "call me on",
    "text me at",
    "reach me at",
]


def test_digit_groups_after_a_phone_word_are_one_phone(patterns_only: Deidentifier) -> None:
    rng = random.Random(14)
    for _ in range(300):
        number = _grouped(rng)
        label = rng.choice(LABELS_BEFORE)
        text = f"{label}{'' if label.endswith(chr(10)) else ' '}{number}\nE-mail: x@example.com"
        assert (number, "PHONE") in _found(patterns_only, text), text


def test_a_phone_word_after_the_number_and_a_hyphenated_suffix(patterns_only: Deidentifier) -> None:
    rng = random.Random(15)
    for _ in range(200):
        number = _grouped(rng)
        text = rng.choice([f"{number} office\n", f"{number} fax\n", f"{number} mobile\n"])
        assert (number, "PHONE") in _found(patterns_only, text), text
        # "-Office" after a number does not cut its last group off
        intl = f"+{rng.randint(1, 99)} {_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 4)}"
        text = f"Reach us: {intl}-Office"
        assert (intl, "PHONE") in _found(patterns_only, text), text


def test_plain_digits_and_international_forms(patterns_only: Deidentifier) -> None:
    rng = random.Random(16)
    for _ in range(200):
        plain = str(rng.randint(2, 9)) + _digits(rng, rng.randint(6, 9))
        text = f"Fax: {plain}\nDesk: none"
        assert (plain, "PHONE") in _found(patterns_only, text), text
        cc = str(rng.randint(1, 99))
        intl = f"+{cc}{_digits(rng, rng.randint(9, 11))}"
        text = f"{intl} for urgent matters"
        assert (intl, "PHONE") in _found(patterns_only, text), text
        ext = f"+{cc}-{_digits(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 4)}x{_digits(rng, rng.randint(2, 5))}"
        text = f"Call {ext} today"
        assert (ext, "PHONE") in _found(patterns_only, text), text
        zero = f"+{cc} (0){_digits(rng, rng.randint(1, 3))} {_digits(rng, 3)} {_digits(rng, 2)} {_digits(rng, 2)}"
        text = f"Desk: {zero}\n"
        assert (zero, "PHONE") in _found(patterns_only, text), text


def test_digit_groups_without_a_phone_word_are_not_phones(patterns_only: Deidentifier) -> None:
    labelled = next(r for r in default_recognizers() if r.name == "phone_labelled")
    rng = random.Random(17)
    for _ in range(200):
        number = _grouped(rng)
        text = f"The shipment holds {number} units and left on time."
        assert labelled.find(text) == [], text
        # a number that starts inside another group is never a phone of its own
        text = f"Phone: {number} {_digits(rng, 3)}-{_digits(rng, 2)}"
        assert all(text[s.start - 1] in " \n" for s in labelled.find(text)), text
    # numbers near a phone word that are not phone numbers: too few digits, a year, a price
    for text in ("Call me at 10:30 tomorrow.", "Phone bill: 45.20 EUR", "Call in 2019 12 or so"):
        assert all(lab != "PHONE" for _, lab in _found(patterns_only, text)), text
