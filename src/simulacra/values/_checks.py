"""Check digits: Luhn (payment cards) and ISO 13616 mod-97 (IBAN), scalar and vectorized."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "iban_check_digits",
    "iban_is_valid",
    "luhn_check_digit",
    "luhn_check_digits",
    "luhn_is_valid",
]


def luhn_check_digit(payload: str) -> int:
    """The digit that makes ``payload + digit`` pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def luhn_is_valid(number: str) -> bool:
    """Whether a digit string (spaces allowed) passes the Luhn check."""
    digits = number.replace(" ", "")
    if len(digits) < 2 or not digits.isdigit():
        return False
    return luhn_check_digit(digits[:-1]) == int(digits[-1])


def iban_is_valid(iban: str) -> bool:
    """Whether an IBAN (spaces allowed) has valid ISO 13616 mod-97 check digits."""
    s = iban.replace(" ", "").upper()
    if len(s) < 5 or not s.isalnum() or not s[:2].isalpha() or not s[2:4].isdigit():
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def luhn_check_digits(payload: NDArray[np.uint8], lengths: NDArray[np.int64]) -> NDArray[np.uint8]:
    """Luhn check digit (as an ASCII byte) per row of a matrix of ASCII digits.

    Row i's payload is ``payload[i, :lengths[i]]``; the rightmost payload digit is
    doubled, as the check digit will follow it.
    """
    n, width = payload.shape
    d = payload.astype(np.int64) - 48
    pos = np.arange(width, dtype=np.int64)[None, :]
    from_right = lengths[:, None] - 1 - pos  # 0 for the rightmost payload digit
    inside = from_right >= 0
    doubled = inside & (from_right % 2 == 0)
    d = np.where(doubled, d * 2, d)
    d = np.where(d > 9, d - 9, d)
    total = np.where(inside, d, 0).sum(axis=1)
    return ((10 - total % 10) % 10 + 48).astype(np.uint8)


def iban_check_digits(country: str, bban: NDArray[np.uint8]) -> NDArray[np.int64]:
    """The two IBAN check digits (0..98, as integers) per row of BBAN bytes (A-Z, 0-9)."""
    n, width = bban.shape
    r = np.zeros(n, dtype=np.int64)
    for j in range(width):
        c = bban[:, j].astype(np.int64)
        letter = c >= 65
        v = np.where(letter, c - 55, c - 48)
        r = np.where(letter, r * 100 + v, r * 10 + v) % 97
    for ch in country.upper() + "00":
        d = int(ch, 36)
        r = (r * (100 if d >= 10 else 10) + d) % 97
    return 98 - r
