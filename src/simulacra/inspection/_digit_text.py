"""Digits written as text: codes of one width, or numbers that were merely stored as text (issue 13, learn82).

A TEXT/VARCHAR/CHAR(n) column of digits without a leading zero (NAICS-like ``4512``, six-digit ``451210``) was
learned as numbers: drafted ``normal`` or ``integer`` across its range, so samples held codes the source never had,
drawn between its codes. And digits of several widths (``1``..``1999``, a quantity kept as text) with many distinct
values were drafted as an identifier of one width (``1###``): every short value was lost. What tells one from the
other is decided from the values and the column's name:

- codes (``fixed_width_codes``): every value has the same number of digits (two or more), the values repeat (fewer
  distinct than half the rows: a measure spread over a range that wide seldom repeats), and no word of the name
  speaks of a measure (``qty``, ``amount``), a date or a year. A code's width is its written form; learned as categories,
  each written back as the source wrote it. Zero-padded digits (``007``) were codes already.
- codes a delimited file wrote as digits (``read_as_numbers``): its reader types them as integers, so their text is
  no evidence; the values must be (learn84). Codes are sparse over their range: 30 NAICS codes fill 0.3% of the
  integers 1100..9900. A measure of one width fills its range, on its step (a pulse 60..99, an age 18..90, a year
  1990..2024, fares in fives 100..995), so digits filling half their range's steps or more stay numbers, unless a
  word of the name speaks of a code (``dept_code``, ``unit_cd``, ``naics``, ``sic``: all of 10..99 in use).
- numbers (``text_numbers``): digits of several widths, none zero-padded, where a word of the name speaks of a
  measure, or no word speaks of an identifier and the values are not (nearly) all distinct: learned as numbers and
  written back as text. Decimals (``12.50``) were numbers already.
"""

from __future__ import annotations

import polars as pl

from ._code_lists import FILL_SHARE, MEASURE_WORDS, fill_share

__all__ = ["CODE_NAMES", "fixed_width_codes", "text_numbers"]

_REPEAT = 0.5  # distinct values under this share of the rows repeat: codes, not a measure's spread
_UNIQUE = 0.95  # distinct values at least this share of the rows: an identifier (a key kept as text)
_YEAR_WORDS = {"year", "yr", "yyyy"}  # a year kept as text (1995..2020) is a quantity of time, drawn as a number
#: name words that say integers of one width are codes however much of their range they fill
CODE_NAMES = {"code", "codes", "cd", "naics", "sic"}


def _widths(sample: pl.Series) -> list[int]:
    return sorted(set(sample.str.len_chars().drop_nulls().to_list()))


def fixed_width_codes(
    sample: pl.Series, words: set[str], date_words: set[str], ratio: float, *, read_as_numbers: bool = False
) -> str | None:
    """The evidence that digit text (``sample``: its distinct values) is codes of one width, or None.
    ``read_as_numbers``: a reader typed the digits as integers, so they must be sparse over their range (or named a
    code) to be codes."""
    if sample.len() == 0 or not bool(sample.str.contains(r"^[0-9]+$").all()):
        return None
    widths = _widths(sample)
    if len(widths) != 1 or widths[0] < 2 or ratio >= _REPEAT or words & (MEASURE_WORDS | _YEAR_WORDS | date_words):
        return None
    read = ""
    if read_as_numbers:
        # the spread integer code lists are told from measures by (_code_lists): the share of their range's steps
        values = [int(v) for v in sample.to_list()]
        fill = fill_share(values)
        spread = f"they fill {fill:.1%} of the steps of their range {min(values)}..{max(values)}"
        if named := sorted(words & CODE_NAMES):
            read = f"; named like a code ({'/'.join(named)}), {spread}"
        elif fill < FILL_SHARE:
            read = f"; sparse: {spread}, where a measure fills its range"
        else:
            return None
        read += "; the file's digits were read as integers"
    return (
        f"digit codes of one width ({widths[0]} digits, {sample.len()} distinct, {ratio:.1%} of the rows{read}): a "
        "code is written in its width, so learned as categories and written back as text"
    )


def text_numbers(sample: pl.Series, words: set[str], id_words: set[str], ratio: float) -> bool:
    """Whether digit text of several widths, none zero-padded, reads as numbers rather than an identifier."""
    if len(_widths(sample)) < 2 or bool(sample.str.contains(r"^0[0-9]").any()):
        return False
    return bool(words & MEASURE_WORDS) or (not words & id_words and ratio < _UNIQUE)
