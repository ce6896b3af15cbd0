"""Check-digit schemes of a ``pattern`` column's ``check_digit`` (issue 13: codes a domain expert validates first).

A scheme names the value's check place(s) and how they are computed from the value's other characters:

* ``luhn``: the last character is the Luhn (mod 10) digit of the digits before it (card numbers, IMEI, accounts);
* ``ean``: the last character is the GTIN digit, weights 3,1,3,... from the right (EAN-8/13, UPC-A, ISBN-13, GTIN-14);
* ``isbn10``: weights 2,3,4,... from the right, mod 11, the last character the digit (``X`` for 10: ISBN-10, ISSN);
* ``verhoeff`` / ``damm``: the last character is the Verhoeff / Damm digit of the digits before it;
* ``iban``: the third and fourth letters-or-digits are the ISO 7064 mod 97-10 digits (the letters 36-based, as IBAN);
* ``vin``: a 17-character vehicle identification number's 9th character, its weighted mod 11 (``X`` for 10);
* ``mod11:w1,w2,...`` / ``mod10:w1,w2,...``: the last character is ``sum(w * d) mod 11`` (``mod 10``) of the
  digits before it, the weights written left to right, the last on the digit just before the check digit (a national id's weighted check: the Dutch BSN's
  "11-proef" is ``mod11:9,8,7,6,5,4,3,2``); a mod-11 digit of 10 is ``X`` when the place may hold
  one, else the code has no valid check digit and is never drawn (its payload is moved to the next digit).

Every scheme reads the digits of the value in order (literal ones included: an ISBN's ``978``); separators count
for nothing. The algorithms are a few lines each and written here (``python-stdnum`` is LGPL); Luhn and IBAN
validity reuse ``simulacra.values``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.values import iban_is_valid, luhn_check_digit

__all__ = [
    "NAMED",
    "Layout",
    "Scheme",
    "check_digit_series",
    "check_layout",
    "parse_scheme",
    "scheme_problem",
    "with_check_digits",
]

NAMED = ("luhn", "ean", "isbn10", "verhoeff", "damm", "iban", "vin")
DIGITS = "0123456789"

_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_VERHOEFF_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
# a VIN's letters as numbers (ISO 3779; I, O and Q are not used) and its weights, 0 on the check place (the 9th)
_VIN_VALUES = {
    **{d: int(d) for d in DIGITS},
    **dict(
        zip(
            "ABCDEFGHJKLMNPRSTUVWXYZ",
            [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
            strict=True,
        )
    ),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_WEIGHTED = re.compile(r"^mod(10|11):(\d+(?:,\d+)*)$")


def _verhoeff(payload: list[int]) -> int:
    c = 0
    for i, d in enumerate(reversed(payload)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[(i + 1) % 8][d]]
    return _VERHOEFF_INV[c]


def _damm(payload: list[int]) -> int:
    c = 0
    for d in payload:
        c = _DAMM[c][d]
    return c


def _ean(payload: list[int]) -> int:
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(payload)))
    return (10 - total % 10) % 10


def _isbn10(payload: list[int]) -> int:
    total = sum(d * (i + 2) for i, d in enumerate(reversed(payload)))
    return (11 - total % 11) % 11


def _iban_digits(country: str, bban: str) -> str | None:
    """The two ISO 7064 mod 97-10 digits of ``country`` + ``bban`` (letters or digits), None when not alphanumeric."""
    text = bban + country + "00"
    if not text.isascii() or not text.isalnum():
        return None
    return f"{98 - int(''.join(str(int(ch, 36)) for ch in text.upper())) % 97:02d}"


@dataclass(frozen=True)
class Scheme:
    """A parsed ``check_digit``: ``name`` as written (weights without blanks), ``kind`` one of ``NAMED`` or
    ``mod`` (a weighted scheme: ``weights`` from the left, the last on the digit just before the check digit)."""

    name: str
    kind: str
    weights: tuple[int, ...] = ()

    def positions(self, value: str) -> list[int] | None:
        """The value's check positions (None when it cannot hold them)."""
        if self.kind == "iban":
            alnum = [i for i, ch in enumerate(value) if ch.isalnum()]
            return alnum[2:4] if len(alnum) >= 5 else None
        if self.kind == "vin":
            return [8] if len(value) == 17 else None
        return [len(value) - 1] if value else None

    def compute(self, value: str) -> str | None:
        """The check character(s) the value's other characters call for; None when there are none (a mod-11
        digit of 10 a place without ``X`` cannot hold is decided by the caller)."""
        if self.kind == "iban":
            alnum = [ch for ch in value if ch.isalnum()]
            if len(alnum) < 5:
                return None
            return _iban_digits("".join(alnum[:2]), "".join(alnum[4:]))
        if self.kind == "vin":
            if len(value) != 17 or any(ch not in _VIN_VALUES for ch in value[:8] + value[9:]):
                return None
            c = sum(_VIN_VALUES[ch] * w for ch, w in zip(value, _VIN_WEIGHTS, strict=True) if w) % 11
            return "X" if c == 10 else str(c)
        payload = [int(ch) for ch in value[:-1] if ch in DIGITS]
        if self.kind == "luhn":
            return str(luhn_check_digit("".join(map(str, payload))))
        if self.kind == "ean":
            return str(_ean(payload))
        if self.kind == "verhoeff":
            return str(_verhoeff(payload))
        if self.kind == "damm":
            return str(_damm(payload))
        if self.kind == "isbn10":
            c = _isbn10(payload)
        else:
            mod = 11 if self.name.startswith("mod11") else 10
            w = self.weights[-len(payload) :] if payload else ()
            c = sum(a * b for a, b in zip(reversed(w), reversed(payload), strict=False)) % mod
        return "X" if c == 10 else str(c)

    def passes(self, value: str) -> bool:
        """Whether the value's check place(s) hold what its other characters call for."""
        if self.kind == "iban":
            return iban_is_valid(value)
        pos = self.positions(value)
        want = self.compute(value)
        return pos is not None and want is not None and "".join(value[i] for i in pos) == want.upper()


def parse_scheme(name: str) -> Scheme:
    """The scheme ``name`` names; ValueError naming the schemes when none."""
    if name in NAMED:
        return Scheme(name, name)
    mt = _WEIGHTED.match(name.replace(" ", ""))
    if mt is None:
        raise ValueError(
            f"check_digit: {name!r} is not a scheme; use one of {', '.join(NAMED)}, or mod11:<weights> / "
            "mod10:<weights> (comma-separated integers, the last on the digit just before the check digit)"
        )
    return Scheme(f"mod{mt.group(1)}:{mt.group(2)}", "mod", tuple(int(w) for w in mt.group(2).split(",")))


@dataclass(frozen=True)
class Layout:
    """Where a scheme's check places lie in a pattern: ``parts`` their part numbers, ``x_ok`` whether the
    (last) check place may hold ``X``, ``fix`` the place moved when a mod-11 digit of 10 cannot be written
    (its distance from the value's end and its characters; None when no drawn digit place after any ``{seq}``
    comes before the check place)."""

    parts: tuple[int, ...]
    x_ok: bool
    fix: tuple[int, str] | None
    moves: bool = False  # a mod-11 scheme whose 10 cannot be written: about 1 in 11 drawn codes is moved


def check_layout(pattern: str, name: str) -> Layout | str:
    """The scheme's check places in ``pattern``, or why it cannot stand there: they must be drawn characters
    that may hold every digit."""
    from simulacra.spec.pattern import ALPHABETS, parse_pattern

    try:
        scheme = parse_scheme(name)
    except ValueError as exc:
        return str(exc)
    parts = parse_pattern(pattern)
    if any(kind == "seq" for kind, _ in parts) and scheme.kind == "iban":
        return f"check_digit: iban needs a pattern without {{seq}} (its check digits are the 3rd and 4th characters); got {pattern!r}"
    # per value character: its part number, its characters when drawn (None when literal)
    chars: list[tuple[str, int, str | None]] = []
    for n, (kind, arg) in enumerate(parts):
        if kind == "lit":
            chars.extend((ch, n, None) for ch in str(arg))
        elif kind == "seq":
            chars.append(("0", n, None))
        else:
            chars.append(("0", n, str(arg) if kind == "set" else ALPHABETS[kind]))
    pos = scheme.positions("".join(ch for ch, _, _ in chars))
    if pos is None and scheme.kind == "vin":
        return f"check_digit: vin needs a pattern of 17 characters; {pattern!r} makes {len(chars)}"
    if pos is None:
        return f"check_digit: the pattern {pattern!r} is too short to hold {scheme.name}'s check digits"
    for i in pos:
        alpha = chars[i][2]
        if alpha is None or not set(DIGITS) <= set(alpha):
            return (
                f"check_digit: {scheme.name}'s check place (character {i + 1} of {pattern!r}) must be drawn and "
                "take every digit (#, \\d, * or a class with 0-9)"
            )
    if scheme.kind == "mod" and not any(kind == "seq" for kind, _ in parts):
        before = [ch if alpha is None else alpha for ch, _, alpha in chars[: pos[-1]]]
        if all(set(x) <= set(DIGITS) or not set(x) & set(DIGITS) for x in before):  # each place a digit or never
            width = sum(set(x) <= set(DIGITS) for x in before)
            if width != len(scheme.weights):
                return (
                    f"check_digit: {scheme.name} has {len(scheme.weights)} weights but {pattern!r} has {width} "
                    "digits before its check digit; give one weight per digit"
                )
    fix = None
    for i in range(pos[-1] - 1, -1, -1):
        _, n, alpha = chars[i]
        if parts[n][0] == "seq":
            break
        if alpha is not None and sum(ch in DIGITS for ch in alpha) > 1:
            fix = (len(chars) - i, "".join(ch for ch in alpha if ch in DIGITS))
            break
    last = chars[pos[-1]][2] or ""
    mod11 = scheme.kind in ("isbn10", "vin") or scheme.name.startswith("mod11")
    return Layout(tuple(chars[i][1] for i in pos), "X" in last, fix, mod11 and "X" not in last)


def scheme_problem(pattern: str, name: str) -> str | None:
    """Why ``check_digit: name`` cannot stand on ``pattern`` (None when it can; see ``check_layout``)."""
    found = check_layout(pattern, name)
    return found if isinstance(found, str) else None


def with_check_digits(
    values: list[str | None], name: str, x_ok: bool = True, fix: tuple[int, str] | None = None
) -> list[str | None]:
    """Each value with its check place(s) computed from its other characters; nulls and values too short stay.
    A value whose mod-11 check digit would be 10 where the place cannot hold ``X`` (``x_ok`` False: a ``#``) has
    the digit place ``fix`` (its distance from the end, the digits it may hold; see ``Layout``) moved on until
    its check digit is one, so every value passes."""
    scheme = parse_scheme(name)
    out: list[str | None] = []
    for v in values:
        pos = scheme.positions(v) if v else None
        want = scheme.compute(v) if v is not None and pos is not None else None
        if v is not None and want == "X" and not x_ok:
            moved = _moved(v, scheme, fix) if fix is not None else None
            v, want = moved if moved is not None else (v, None)
        if v is None or pos is None or want is None:
            out.append(v)
            continue
        chars = list(v)
        for i, ch in zip(pos, want, strict=True):
            chars[i] = ch
        out.append("".join(chars))
    return out


def _moved(value: str, scheme: Scheme, fix: tuple[int, str]) -> tuple[str, str] | None:
    """``value`` with its digit place ``fix`` moved on through its digits until the check digit is not 10, and
    that digit; None when no digit there does."""
    at, digits = len(value) - fix[0], fix[1]
    if not 0 <= at < len(value) or value[at] not in digits:
        return None
    start = digits.index(value[at])
    for step in range(1, len(digits)):
        cand = value[:at] + digits[(start + step) % len(digits)] + value[at + 1 :]
        want = scheme.compute(cand)
        if want is not None and want != "X":
            return cand, want
    return None


def check_digit_series(
    values: pl.Series, name: str, x_ok: bool = True, fix: tuple[int, str] | None = None
) -> pl.Series:
    """``with_check_digits`` on a column, computed on a matrix of its bytes where every value is ASCII of one
    length (a pattern without ``{seq}``: generation's case), value by value otherwise; the same values."""
    scheme = parse_scheme(name)
    n = values.len()
    if scheme.kind in ("iban", "vin") or n == 0 or values.null_count() or values.dtype != pl.String:
        return pl.Series(values.name, with_check_digits(values.to_list(), name, x_ok, fix), dtype=pl.String)
    lengths = values.str.len_bytes()
    width = int(lengths.max() or 0)  # type: ignore[arg-type]
    if width < 2 or int(lengths.min() or 0) != width or int(values.str.len_chars().max() or 0) != width:  # type: ignore[arg-type]
        return pl.Series(values.name, with_check_digits(values.to_list(), name, x_ok, fix), dtype=pl.String)
    m = np.frombuffer("".join(values.to_list()).encode("ascii"), dtype=np.uint8).reshape(n, width).copy()
    pay = m[:, :-1]
    is_digit = (pay >= 48) & (pay <= 57)
    d = np.where(is_digit, pay.astype(np.int64) - 48, 0)
    # each payload digit's place from the right among the value's digits: 0 for the one just before the check
    rank = np.cumsum(is_digit[:, ::-1], axis=1)[:, ::-1] - 1
    c = _check_matrix(scheme, d, is_digit, rank)
    if scheme.kind == "isbn10" or scheme.name.startswith("mod11"):
        ten = c == 10
        if ten.any():
            if x_ok:
                m[ten, -1] = ord("X")
            else:  # moved value by value, as with_check_digits does (about 1 in 11)
                rows = np.flatnonzero(ten)
                moved = with_check_digits([values[int(i)] for i in rows], name, x_ok, fix)
                for i, v in zip(rows, moved, strict=True):
                    m[i] = np.frombuffer(str(v).encode("ascii"), dtype=np.uint8)
            c = np.where(ten, -1, c)
    keep = c >= 0
    m[keep, -1] = (c[keep] + 48).astype(np.uint8)
    return pl.Series(values.name, m.view(f"S{width}").ravel()).cast(pl.String)


def _check_matrix(
    scheme: Scheme, d: NDArray[np.int64], is_digit: NDArray[np.bool_], rank: NDArray[np.int64]
) -> NDArray[np.int64]:
    """The check digit (10 for a mod-11 ten) per row of payload digits ``d`` (0 where ``is_digit`` is False)."""
    if scheme.kind == "luhn":
        doubled = np.where(d >= 5, 2 * d - 9, 2 * d)
        total = np.where(is_digit, np.where(rank % 2 == 0, doubled, d), 0).sum(axis=1)
        return (10 - total % 10) % 10
    if scheme.kind == "ean":
        total = np.where(is_digit, np.where(rank % 2 == 0, 3 * d, d), 0).sum(axis=1)
        return (10 - total % 10) % 10
    if scheme.kind == "isbn10":
        total = np.where(is_digit, d * (rank + 2), 0).sum(axis=1)
        return (11 - total % 11) % 11
    if scheme.kind == "mod":
        mod = 11 if scheme.name.startswith("mod11") else 10
        w = np.array(scheme.weights[::-1] + (0,), dtype=np.int64)  # by place from the right; 0 past the weights
        total = np.where(is_digit, d * w[np.minimum(rank, len(w) - 1)], 0).sum(axis=1)
        return total % mod
    c = np.zeros(d.shape[0], dtype=np.int64)
    if scheme.kind == "damm":
        table = np.array(_DAMM, dtype=np.int64)
        for j in range(d.shape[1]):
            c = np.where(is_digit[:, j], table[c, d[:, j]], c)
        return c
    dt, pt = np.array(_VERHOEFF_D, dtype=np.int64), np.array(_VERHOEFF_P, dtype=np.int64)
    for j in range(d.shape[1] - 1, -1, -1):
        c = np.where(is_digit[:, j], dt[c, pt[(rank[:, j] + 1) % 8, d[:, j]]], c)
    return np.array(_VERHOEFF_INV, dtype=np.int64)[c]
