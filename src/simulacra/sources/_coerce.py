"""``coerce``: raw frames typed as an inspection classified their columns.

* ``date`` / ``datetime`` columns are parsed with the profile's ``parse_format``
  (``%y%m%d`` integers, ``%y%m%d %H:%M:%S`` text...) or as ISO text; ``date`` ends as
  ``pl.Date``. Two-digit years after 2030 are read as 19xx (a fixed pivot, so the
  result never depends on today's date).
* ``boolean`` columns become ``pl.Boolean`` (true/false, yes/no, y/n, 1/0...).
* ``numeric`` text becomes ``Float64`` (or ``Int64`` when every value is whole);
  with ``parse_format == "duration"`` durations and lap times (``1:27.452``,
  ``+8:22.19``, ``1:02:03``, ``22.534``) become seconds (``Float64``); with a ``money:`` format amounts
  written with their currency (``$1,234.50``, ``(45.00)``, ``1.234,50 EUR``) become the amounts.
* any other text is stripped of surrounding blanks; integers profiled as text (digit codes a CSV reader typed as
  integers, ``written_codes``) become that text.

A value that does not parse raises ``DataValidationError`` naming the table, the
column, the first row (0-based, as in the frame) and the value, with the count of
such rows; with ``errors="null"`` those values become null instead and the counts
are returned by :func:`coerce_report`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import polars as pl

from simulacra._bool_words import FALSE_WORDS, TRUE_WORDS
from simulacra._text_dates import parse_datetime
from simulacra.errors import DataValidationError, Location, Problem

from ._money import MONEY, parse_money
from ._units import parse_unit_values

__all__ = ["DURATION", "coerce", "coerce_report", "parse_duration"]


class _Profile(Protocol):
    table: str
    column: str
    kind: str
    parse_format: str | None


def _profiles(source: Any) -> dict[tuple[str, str], _Profile]:
    cols = getattr(source, "columns", source)
    if isinstance(cols, Mapping):
        return {tuple(k): v for k, v in cols.items()}
    if isinstance(cols, Iterable):
        return {(p.table, p.column): p for p in cols}
    raise TypeError("coerce needs an Inspection, a mapping (table, column) -> ColumnProfile, or profiles")


DURATION = r"^[+-]?(?:(\d+):)?(?:(\d{1,2}):)?(\d+(?:\.\d+)?)$"


def parse_duration(s: pl.Series) -> pl.Series:
    """Durations as seconds: ``[+-][h:]m:ss[.fff]`` or ``[+-]s[.fff]`` (a gap behind, ``-3:05``, is negative);
    null where the text does not match."""
    text = (s if s.dtype == pl.String else s.cast(pl.String)).str.strip_chars()
    parts = text.str.extract_groups(DURATION)
    a, b, sec = (parts.struct.field(f).cast(pl.Float64) for f in ("1", "2", "3"))
    # one colon: a = minutes; two colons: a = hours, b = minutes
    out = pl.select(
        pl.when(b.is_not_null()).then(a * 3600 + b * 60 + sec).when(a.is_not_null()).then(a * 60 + sec).otherwise(sec)
    ).to_series()
    out = pl.select(pl.when(text.str.starts_with("-")).then(-out).otherwise(out)).to_series()
    return out.alias(s.name)


def _convert(s: pl.Series, p: _Profile) -> pl.Series:
    kind = p.kind
    if kind == "numeric" and p.parse_format == "duration" and not s.dtype.is_numeric():
        return parse_duration(s)
    if kind == "numeric" and (p.parse_format or "").startswith(MONEY) and not s.dtype.is_numeric():
        return parse_money(s, p.parse_format or "")  # $1,234.50, (45.00), 1.234,50 EUR: the amount
    if kind == "numeric" and p.parse_format == "unit" and not s.dtype.is_numeric():
        return parse_unit_values(s)  # 7.2 mmol/L: the number; the unit is the column's form
    if kind in ("date", "datetime"):
        if s.dtype == pl.Date or isinstance(s.dtype, pl.Datetime):
            out = s
        else:
            out = parse_datetime(s, p.parse_format)
        if kind == "date" and isinstance(out.dtype, pl.Datetime):
            out = out.dt.date()
        return out
    if kind == "boolean":
        if s.dtype == pl.Boolean:
            return s
        low = s.cast(pl.String).str.strip_chars().str.to_lowercase()
        return pl.select(
            pl.when(low.is_in(list(TRUE_WORDS)))
            .then(True)
            .when(low.is_in(list(FALSE_WORDS)))
            .then(False)
            .otherwise(None)
            .alias(s.name)
        ).to_series()
    if kind == "numeric" and s.dtype == pl.String:
        text = s.str.strip_chars().str.replace_all(",", "")
        f = text.cast(pl.Float64, strict=False)
        whole = f.drop_nulls()
        if whole.len() and bool((whole == whole.round(0)).all()) and not bool(text.str.contains(r"\.").any()):
            return f.cast(pl.Int64)
        return f
    if s.dtype == pl.String:
        return s.str.strip_chars()
    if kind == "categorical" and getattr(p, "dtype", None) == "String" and s.dtype.is_integer():
        # digit codes a delimited file's reader typed as integers, profiled as the text they were written as
        return s.cast(pl.String)
    return s


def coerce_report(
    frames: Mapping[str, pl.DataFrame], profiles: Any, *, errors: str = "raise"
) -> tuple[dict[str, pl.DataFrame], dict[tuple[str, str], int]]:
    """(typed frames, {(table, column): values that did not parse and were nulled})."""
    if errors not in ("raise", "null"):
        raise ValueError(f"errors must be 'raise' or 'null', not {errors!r}")
    profs = _profiles(profiles)
    out: dict[str, pl.DataFrame] = {}
    failed: dict[tuple[str, str], int] = {}
    problems: list[Problem] = []
    for table, frame in frames.items():
        cols = []
        for name in frame.columns:
            s = frame.get_column(name)
            p = profs.get((table, name))
            if p is None:
                cols.append(s)
                continue
            new = _convert(s, p)
            lost = s.is_not_null() & new.is_null()
            if s.dtype == pl.String:
                lost = lost & (s.str.strip_chars() != "")
            n_lost = int(lost.sum())
            if n_lost:
                row = int(lost.arg_true()[0])
                failed[(table, name)] = n_lost
                fmt = f" with format {p.parse_format}" if p.parse_format else ""
                problems.append(
                    Problem(
                        Location(table=table, column=name),
                        f"expected a {p.kind} value{fmt}, found {s[row]!r} in {n_lost} row(s) (first at row {row})",
                    )
                )
            cols.append(new)
        out[table] = pl.DataFrame(cols) if cols else frame
    if problems and errors == "raise":
        raise DataValidationError(problems)
    return out, failed


def coerce(frames: Mapping[str, pl.DataFrame], profiles: Any, *, errors: str = "raise") -> dict[str, pl.DataFrame]:
    """Typed frames per the profiles (an ``Inspection``, or its ``columns`` mapping).

    ``errors="raise"`` (default): ``DataValidationError`` naming table, column, first
    row and value of anything that does not parse; ``"null"``: such values become null.
    """
    return coerce_report(frames, profiles, errors=errors)[0]
