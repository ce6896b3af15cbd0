"""The ``pattern`` generator's little language, parsed once for the spec's checks and for generation.

``#`` a digit, ``?`` an upper-case letter, ``*`` a letter or digit, ``[A-Z0-9]`` one character of a class
(ranges and single characters; ``\\d`` is ``[0-9]``), ``{n}`` after any of them repeats it n times,
``{seq}`` / ``{seq:06d}`` the row's sequence number, a backslash makes the next character literal.
Regular-expression forms with no fixed length (``{2,4}``, a class followed by ``+``) are refused rather
than written out literally: a code that reads ``[A-Z]{3}-5332`` is wrong data, not a pattern.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["check_characters", "parse_pattern", "pattern_capacity"]

DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALNUM = UPPER + DIGITS
ALPHABETS = {"#": DIGITS, "?": UPPER, "*": ALNUM}

_TOKEN = re.compile(
    r"\\d"  # a digit, as in regular expressions
    r"|\\(.)"  # an escaped character: literal
    r"|\{seq(?::(0?)(\d*)d)?\}"  # the row's sequence number
    r"|\[((?:\\.|[^\]\\])*)\]"  # a character class
    r"|\{(\d*)(,\d*)?\}"  # a repetition of what comes before
    r"|[#?*]"
    r"|[^{#?*\\\[]+"
    r"|[{\[]",
    re.DOTALL,
)


def _class_chars(body: str, pattern: str) -> str:
    """The characters of a class body such as ``A-Z0-9_`` (in the order first met, each once)."""
    if body.startswith("^"):
        raise ValueError(f"pattern {pattern!r}: a negated class [{body}] is not supported; list the characters")
    chars: list[str] = []
    items: list[str] = []  # single characters, or "\\d" for the digit class
    i = 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            items.append("\\d" if body[i + 1] == "d" else body[i + 1])
            i += 2
        else:
            items.append(body[i])
            i += 1
    j = 0
    while j < len(items):
        it = items[j]
        if it == "\\d":
            chars.extend(DIGITS)
            j += 1
        elif j + 2 < len(items) and items[j + 1] == "-" and items[j + 2] != "\\d":
            lo, hi = it, items[j + 2]
            if ord(lo) > ord(hi):
                raise ValueError(f"pattern {pattern!r}: the range {lo}-{hi} in [{body}] runs backwards")
            chars.extend(chr(c) for c in range(ord(lo), ord(hi) + 1))
            j += 3
        else:
            chars.append(it)
            j += 1
    out = "".join(dict.fromkeys(chars))
    if not out:
        raise ValueError(f"pattern {pattern!r}: an empty class []")
    return out


# the language before classes and counts: a pattern written in it is cut into the same parts as then, so
# its drawn characters keep their part numbers (each part's stream is numbered) and its values their bytes
_LEGACY = re.compile(r"\\(.)|\{seq(?::(0?)(\d*)d)?\}|[#?*]|[^{#?*\\]+|\{")
_NEW_FORMS = re.compile(r"\[|\\d|[#?*\]]\{\d*,?\d*\}")


def _legacy_parts(pattern: str) -> list[tuple[str, Any]]:
    parts: list[tuple[str, Any]] = []
    for mt in _LEGACY.finditer(pattern):
        tok = mt.group(0)
        if mt.group(1) is not None:
            parts.append(("lit", mt.group(1)))
        elif tok.startswith("{seq"):
            parts.append(("seq", (int(mt.group(3)) if mt.group(3) else 0, mt.group(2) == "0")))
        elif tok in "#?*" and len(tok) == 1:
            parts.append((tok, None))
        else:
            parts.append(("lit", tok))
    return parts


def parse_pattern(pattern: str) -> list[tuple[str, Any]]:
    """The pattern as parts: ("lit", text), ("seq", (width, zero padded)), ("#"|"?"|"*", None), or
    ("set", characters) — one drawn part per character the value will have."""
    if not _NEW_FORMS.search(pattern.replace("\\\\", "").replace("\\[", "")):
        return _legacy_parts(pattern)
    parts: list[tuple[str, Any]] = []
    for mt in _TOKEN.finditer(pattern):
        tok = mt.group(0)
        if tok == "\\d":
            parts.append(("set", DIGITS))
        elif mt.group(1) is not None:
            parts.append(("lit", mt.group(1)))
        elif tok.startswith("{seq"):
            width = int(mt.group(3)) if mt.group(3) else 0
            parts.append(("seq", (width, mt.group(2) == "0")))
        elif mt.group(4) is not None:
            parts.append(("set", _class_chars(mt.group(4), pattern)))
        elif mt.group(5) is not None and parts and parts[-1][0] not in ("lit", "seq"):
            if mt.group(6) is not None or not mt.group(5):
                raise ValueError(
                    f"pattern {pattern!r}: {tok} repeats a variable number of times; give one count, as {{3}}"
                )
            if int(mt.group(5)) == 0:
                raise ValueError(f"pattern {pattern!r}: {tok} repeats nothing; give a count of at least 1")
            parts.extend([parts[-1]] * (int(mt.group(5)) - 1))
        elif tok in "#?*" and len(tok) == 1:
            parts.append((tok, None))
        elif tok == "[":
            raise ValueError(f"pattern {pattern!r}: '[' opens a class that never closes; write \\[ for a bracket")
        else:
            if tok.startswith("+") and parts and parts[-1][0] == "set":
                raise ValueError(
                    f"pattern {pattern!r}: '+' after a class repeats a variable number of times; give one count, as {{3}}"
                )
            parts.append(("lit", tok))
    return parts


def pattern_capacity(pattern: str) -> float:
    """How many distinct values the pattern can make (inf with {seq})."""
    cap = 1.0
    for kind, arg in parse_pattern(pattern):
        if kind == "seq":
            return float("inf")
        if kind == "set":
            cap *= len(arg)
        else:
            cap *= len(ALPHABETS.get(kind, "x"))
    return cap


def check_characters(values: list[str | None], check: str) -> list[str | None]:
    """Each value with its last character made the check character of its digits: ``check[D mod len(check)]``,
    ``D`` the value's digits before the last character read as one number (0 when it has none); nulls stay."""
    k = len(check)
    out: list[str | None] = []
    for v in values:
        if v is None or not v:
            out.append(v)
            continue
        digits = "".join(ch for ch in v[:-1] if ch.isdigit())
        out.append(v[:-1] + check[int(digits or "0") % k])
    return out


def check_problem(pattern: str, check: str) -> str | None:
    """Why ``check`` cannot be the pattern's check characters (None when it can): the pattern must end in one
    drawn character, and the check characters be distinct characters that one may take."""
    parts = parse_pattern(pattern)
    if not parts or parts[-1][0] in ("lit", "seq"):
        return f"check: the pattern {pattern!r} must end in a drawn character (#, ?, * or a [class]) to hold it"
    if len(check) < 2 or len(set(check)) != len(check):
        return f"check: {check!r} must be two or more distinct characters"
    kind, arg = parts[-1]
    allowed = arg if kind == "set" else ALPHABETS[kind]
    outside = sorted(set(check) - set(allowed))
    if outside:
        return f"check: {''.join(outside)!r} cannot stand at the pattern's last character"
    return None
