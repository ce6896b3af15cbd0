"""Measured values: a number followed by its unit (``7.2 mmol/L``, ``98.6 °F``, ``12.5 kg``).

Such a column is learned as a number (``parse_unit_values`` gives the number; the model
learns it as it learns any number, beside the row's other columns) and written back
with its unit by ``format_unit_values``. The unit is rarely free: a lab value's unit is
its test's. ``unit_form`` looks for another column of the same table that decides the
unit (each of its values goes with one unit only) and keeps that map, so a sampled row
gets the unit of its own test code; the decimals are kept per value of that column
(``GLU`` written ``6.1``, ``NA`` written ``139``). With no deciding column the unit whose
numbers lie closest to the sampled number is written (a single unit: that unit).
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl

__all__ = ["UNIT_VALUE", "format_unit_values", "parse_unit_values", "unit_form", "unit_value_share"]

#: a number, then a unit (no blanks inside) that starts with a letter, ``%`` or ``°`` after an optional
#: blank, or a power of ten after a blank (``5.8 10^9/L``, cell counts)
UNIT_VALUE = r"^([+-]?[0-9]+(?:\.[0-9]+)?)( ?[A-Za-zµμ°%][A-Za-z0-9µμ°%/^*·.²³_-]{0,14}| 10[\^*][0-9]+[A-Za-z0-9µμ/^*·._-]{0,12})$"
_MAX_UNITS = 12  # more distinct units than this: a label with a number in it, not a measure
_MAX_KEYS = 500  # a deciding column has at most this many values
_ORDINAL = ["st", "nd", "rd", "th"]
_NULL_KEY = "\x00"  # a null in the deciding column is a value of its own (a test coded NA read as missing)


def unit_value_share(text: pl.Series) -> tuple[float, int]:
    """(share of values written ``<number> <unit>``, distinct units) among non-null text values."""
    vals = text.drop_nulls().str.strip_chars()
    if vals.len() == 0:
        return 0.0, 0
    parts = _parts(vals)
    sep, units = parts.get_column("sep"), parts.get_column("unit")
    # not a measure: ordinals (21st, 3rd) and a letter stuck to a number (house 12A, row 3B)
    label = units.str.to_lowercase().is_in(_ORDINAL) | ((sep == "") & units.str.contains(r"^[A-Z]$"))
    units = pl.select(pl.when(label).then(None).otherwise(units)).to_series()
    share = units.is_not_null().mean()
    return float(share) if isinstance(share, (int, float)) else 0.0, int(units.drop_nulls().n_unique())


def _parts(text: pl.Series) -> pl.DataFrame:
    """``num``, ``sep`` (" " or "") and ``unit`` of each text value (nulls where it is not a measure)."""
    both = text.str.extract_groups(UNIT_VALUE).struct.unnest()
    num, tail = both.get_column(both.columns[0]), both.get_column(both.columns[1])
    sep = pl.select(pl.when(tail.str.starts_with(" ")).then(pl.lit(" ")).otherwise(pl.lit("")))
    return pl.DataFrame(
        {"num": num, "sep": sep.to_series().set(tail.is_null(), None), "unit": tail.str.strip_chars_start(" ")}
    )


def is_unit_column(text: pl.Series) -> bool:
    """Whether distinct text values ``text`` read as measured values: ≥ 99% ``<number> <unit>``, few units,
    and many more numbers than units (``3 Main`` written once each is not a measure)."""
    share, n_units = unit_value_share(text)
    n = text.drop_nulls().n_unique()
    return share >= 0.99 and 1 <= n_units <= _MAX_UNITS and n >= 3 * n_units and n >= 5


def parse_unit_values(s: pl.Series) -> pl.Series:
    """The numbers of ``<number> <unit>`` values (Float64; null where the text does not match)."""
    text = (s if s.dtype == pl.String else s.cast(pl.String)).str.strip_chars()
    return text.str.extract(UNIT_VALUE, 1).cast(pl.Float64, strict=False).alias(s.name)


def _decimals(numbers: pl.Series) -> tuple[int, bool]:
    frac = numbers.str.extract(r"\.([0-9]*)$", 1).str.len_chars().fill_null(0)
    if frac.len() == 0:
        return 0, True
    return int(frac.max()), int(frac.min()) == int(frac.max())  # type: ignore[arg-type]


def unit_form(name: str, frame: pl.DataFrame, typed: pl.DataFrame) -> dict[str, Any]:
    """The form of measured column ``name`` of raw ``frame``: separator, units (decimals, fixed, centre) and,
    where one exists, the column of ``typed`` that decides the unit (``unit_by``) with its map
    (``unit_map``: its value as text -> [unit, decimals, fixed])."""
    text = frame.get_column(name).cast(pl.String).str.strip_chars()
    parts = _parts(text).with_columns(value=pl.col("num").cast(pl.Float64, strict=False))
    ok = parts.get_column("unit").is_not_null()
    seen = parts.filter(ok)
    sep = " " if seen.height == 0 else str(seen.get_column("sep").mode().sort()[0])
    units: dict[str, list[Any]] = {}
    for (unit,), g in sorted(seen.group_by("unit"), key=lambda kv: str(kv[0][0])):
        dec, fixed = _decimals(g.get_column("num"))
        units[str(unit)] = [dec, fixed, float(g.get_column("value").median())]  # type: ignore[arg-type]
    form: dict[str, Any] = {"units": units, "unit_sep": sep}
    by = _deciding_column(name, seen.get_column("unit"), typed.filter(ok))
    if by is not None:
        keys = typed.filter(ok).get_column(by).cast(pl.String).fill_null(_NULL_KEY)
        pairs = pl.DataFrame({"k": keys, "unit": seen.get_column("unit"), "num": seen.get_column("num")})
        unit_map: dict[str, list[Any]] = {}
        for (k,), g in sorted(pairs.group_by("k"), key=lambda kv: str(kv[0][0])):
            dec, fixed = _decimals(g.get_column("num"))
            unit_map[str(k)] = [str(g.get_column("unit")[0]), dec, fixed]
        form["unit_by"], form["unit_map"] = by, unit_map
    return form


def _deciding_column(name: str, units: pl.Series, typed: pl.DataFrame) -> str | None:
    """The column whose every value goes with one unit (fewest distinct values first; ties by name)."""
    if units.n_unique() < 2:
        return None  # one unit: nothing to decide
    found: list[tuple[int, str]] = []
    for c in typed.columns:
        col = typed.get_column(c)
        if c == name or col.dtype.is_float() or col.dtype == pl.Null:
            continue
        keys = col.cast(pl.String).fill_null(_NULL_KEY)
        n = keys.n_unique()
        if n < 2 or n > _MAX_KEYS or n * 2 > keys.len():
            continue  # a key of its own row, or too many values to be a code
        pairs = pl.DataFrame({"k": keys, "u": units})
        if pairs.group_by("k").agg(pl.col("u").n_unique().alias("n")).get_column("n").max() == 1:
            found.append((n, c))
    return min(found)[1] if found else None


def _nearest(value: float, units: dict[str, list[Any]]) -> str:
    """The unit whose median number is closest to ``value`` on a log scale (the first unit on ties)."""

    def gap(u: str) -> float:
        centre = float(units[u][2])
        return abs(math.log1p(abs(value)) - math.log1p(abs(centre)))

    return min(sorted(units), key=gap)


def format_unit_values(s: pl.Series, form: dict[str, Any], frame: pl.DataFrame) -> pl.Series:
    """Sampled numbers ``s`` written ``<number><sep><unit>``, the unit (and decimals) from the row's deciding
    column in ``frame`` when the form has one, else from the numbers' nearest unit."""
    units: dict[str, list[Any]] = form.get("units") or {}
    sep = form.get("unit_sep", " ")
    by, unit_map = form.get("unit_by"), form.get("unit_map") or {}
    keys = (
        frame.get_column(by).cast(pl.String).fill_null(_NULL_KEY).to_list()
        if by and by in frame.columns
        else [None] * s.len()
    )
    out: list[str | None] = []
    for v, k in zip(s.cast(pl.Float64).to_list(), keys):
        if v is None or v != v or not units:
            out.append(None)
            continue
        hit = unit_map.get(k) if k is not None else None
        if hit is not None:
            unit, dec, fixed = hit
        else:
            unit = _nearest(v, units)
            dec, fixed = units[unit][0], units[unit][1]
        num = f"{v:.{dec}f}"
        if not fixed and "." in num:
            num = num.rstrip("0").rstrip(".")
        out.append(f"{num}{sep}{unit}")
    return pl.Series(s.name, out, dtype=pl.String)
