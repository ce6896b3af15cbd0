"""A drafted code whose values pass a check-digit scheme (a card number's Luhn digit, an EAN's, an ISBN-10's, an
IBAN's mod 97, a national id's weighted mod 11) gets the pattern's ``check_digit`` (issue 13: drawn freely, about
1 in 10 sampled codes passed, and a domain expert validates them first).

The known schemes (``simulacra.spec.check_digits.NAMED``) are tried in turn; failing them, a weighted scheme is
solved on the data: the last digit as ``sum(w * d) mod 11`` (over GF(11)), or ``mod 10`` (over GF(2) and GF(5),
joined), the weights found by elimination on a few slices of the rows and kept when they hold on the whole column.
A scheme is kept when at least ``SHARE`` of the distinct values pass it and there are ``MIN_VALUES`` of them: a
check digit drawn on its own passes about 1 in 10 (1 in 97 for IBAN), so 99% of 30+ values is never chance; a
solved scheme must also hold on ``SPARE`` rows more than the weights it solves for (each a 1-in-10 chance).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.spec.check_digits import DIGITS, NAMED, parse_scheme, scheme_problem

__all__ = ["MIN_VALUES", "SHARE", "draft_check_digits", "find_check_digit"]

MIN_VALUES = 30
SHARE = 0.99
SPARE = 25
_MAX_VALUES = 5000
_SLICES = 3
_SCREEN = 100
_MAX_WEIGHTS = 30
_LAST_DIGIT_CLASS = re.compile(r"\[[0-9-]+\]$")


def _passing(values: list[str], name: str) -> float:
    """Share of the values passing the scheme (0 when the first ``_SCREEN`` already miss ``SHARE`` by far)."""
    scheme = parse_scheme(name)
    head = values[:_SCREEN]
    if sum(scheme.passes(v) for v in head) < 0.9 * len(head):
        return 0.0
    return sum(scheme.passes(v) for v in values) / len(values)


def _solve(a: NDArray[np.int64], b: NDArray[np.int64], p: int) -> NDArray[np.int64] | None:
    """One solution x of ``a @ x = b`` over GF(p) (free unknowns 0), None when there is none or the rows left
    over the rank are fewer than ``SPARE`` (the weights would fit by chance)."""
    m = np.concatenate([a % p, (b % p)[:, None]], axis=1)
    rows, cols = m.shape[0], a.shape[1]
    pivots: list[int] = []
    r = 0
    for c in range(cols):
        nz = np.nonzero(m[r:, c])[0]
        if nz.size == 0:
            continue
        k = r + int(nz[0])
        m[[r, k]] = m[[k, r]]
        m[r] = m[r] * pow(int(m[r, c]), -1, p) % p
        others = np.nonzero(m[:, c])[0]
        others = others[others != r]
        m[others] = (m[others] - m[others, c][:, None] * m[r]) % p
        pivots.append(c)
        r += 1
        if r == rows:
            break
    if np.any(m[r:, cols] != 0) or rows - r < SPARE:
        return None
    x = np.zeros(cols, dtype=np.int64)
    for i, c in enumerate(pivots):
        x[c] = m[i, cols]
    return x


def _weights(values: list[str], mod: int) -> list[int] | None:
    """Weights under which the last digit is ``sum(w * d) mod`` the digits before it, solved on slices of the
    values; None when no slice gives any."""
    payloads = [[int(ch) for ch in v[:-1] if ch in DIGITS] for v in values]
    width = len(payloads[0])
    if not 0 < width <= _MAX_WEIGHTS or any(len(p) != width for p in payloads):
        return None
    last = [10 if v[-1] == "X" else int(v[-1]) if v[-1] in DIGITS else -1 for v in values]
    if min(last) < 0 or (mod == 10 and max(last) > 9):
        return None
    a, b = np.array(payloads, dtype=np.int64), np.array(last, dtype=np.int64)
    size = width + SPARE + 5
    if len(values) < size:
        return None
    for start in np.linspace(0, len(values) - size, _SLICES).astype(int):
        rows = slice(int(start), int(start) + size)
        if mod == 11:
            w = _solve(a[rows], b[rows], 11)
        else:
            w2, w5 = _solve(a[rows], b[rows], 2), _solve(a[rows], b[rows], 5)
            w = None if w2 is None or w5 is None else (5 * w2 + 6 * w5) % 10
        if w is not None and np.any(w != 0):
            return [int(x) for x in w]
    return None


def find_check_digit(values: pl.Series, pattern: str) -> tuple[str, str] | None:
    """``(scheme, evidence)`` when the distinct values pass a check-digit scheme that can stand on ``pattern``
    (see the module docstring); None otherwise."""
    vals = values.drop_nulls().cast(pl.String).unique(maintain_order=True).head(_MAX_VALUES).to_list()
    if len(vals) < MIN_VALUES:
        return None
    for name in NAMED:
        if scheme_problem(pattern, name) is None:
            share = _passing(vals, name)
            if share >= SHARE:
                chance = "1 in 97" if name == "iban" else "1 in 10"
                return name, (
                    f"{share:.1%} of {len(vals):,} distinct values pass the {name} check (by chance {chance}): "
                    "check digits, not drawn"
                )
    for mod in (10, 11):
        w = _weights(vals, mod)
        if w is None:
            continue
        name = f"mod{mod}:{','.join(map(str, w))}"
        if scheme_problem(pattern, name) is not None:
            continue
        share = _passing(vals, name)
        if share >= SHARE:
            return name, (
                f"the last digit is the weighted sum of the digits before it mod {mod} (weights {','.join(map(str, w))},"
                f" solved on the data) in {share:.1%} of {len(vals):,} distinct values: a check digit, not drawn"
            )
    return None


def draft_check_digits(
    tn: str, frame: pl.DataFrame, cols: dict[str, Any], comments: dict[tuple[str, ...], str]
) -> None:
    """Each drafted text pattern whose values pass a check-digit scheme gets the pattern's ``check_digit``; a
    last place the draft narrowed to the digits it saw (``[0-8]`` on few rows) takes every digit again, and
    ``X`` where values end in one (the draft's shape is that of 95% of the values)."""
    for c, spec in cols.items():
        if spec.get("generator") != "pattern" or spec.get("check") is not None or frame.schema[c] != pl.String:
            continue
        if spec.get("check_digit") is not None:
            continue
        pattern = _LAST_DIGIT_CLASS.sub("#", str(spec["pattern"]))
        if pattern.endswith("#") and not pattern.endswith("\\#") and bool(frame.get_column(c).str.ends_with("X").any()):
            pattern = pattern[:-1] + "[0-9X]"  # an ISBN-10's 10, which the draft's shape left out
        found = find_check_digit(frame.get_column(c), pattern)
        if found is None:
            continue
        name, why = found
        spec["pattern"], spec["check_digit"] = pattern, name
        key = ("tables", tn, "columns", c)
        comments[key] = f"{comments[key]}; {why}" if comments.get(key) else why
