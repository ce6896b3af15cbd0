"""Columns the spec declares ``boolean`` that a source gives as a pair of values (0/1 INTEGER, 'y'/'n' TEXT).

``DatasetSynthesizer.fit`` learns them as ``pl.Boolean`` (:func:`as_booleans`) and remembers each one's form
(its dtype and its two spellings, as read); ``sample`` gives them back in that form (:func:`written_back`),
so a sample written to the source's table holds 0/1 where the source held 0/1 and 'Y'/'N' where it held
'Y'/'N'. A value outside the pair is an error naming the table, the column, the row and the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from simulacra._bool_words import FALSE_WORDS, TRUE_WORDS
from simulacra.errors import DataValidationError, Location, Problem
from simulacra.spec import model as m

__all__ = ["PAIRS", "as_booleans", "written_back"]

#: the pairs (true, false) a boolean column may be written as, any case: the words ``simulacra.fit`` reads
#: as booleans (``simulacra._bool_words``), so both ways in accept the same columns
PAIRS = tuple(zip(TRUE_WORDS, FALSE_WORDS, strict=True))


def _cased(token: str, like: str) -> str:
    """``token`` in the case ``like`` is written in ('N' beside 'Y', 'False' beside 'True')."""
    if like.isupper():
        return token.upper()
    if like[:1].isupper():
        return token.capitalize()
    return token


def _form(table: str, column: str, s: pl.Series) -> dict[str, Any]:
    """``{"dtype", "true", "false"}``: how the column writes true and false; raises on a value outside a pair."""
    text = s.cast(pl.String).str.strip_chars() if s.dtype == pl.String else s.cast(pl.String)
    seen = text.drop_nulls()
    low = seen.str.to_lowercase()
    held = set(low.unique().to_list())
    pair = next((p for p in PAIRS if held <= set(p)), None)
    if pair is None:
        allowed = [p for p in PAIRS if held & set(p)] or list(PAIRS)
        bad = seen.filter(~low.is_in(list(allowed[0])))
        row = int((text.is_not_null() & ~text.str.to_lowercase().is_in(list(allowed[0]))).arg_true()[0])
        expected = " or ".join(f"{t}/{f}" for t, f in allowed)
        raise DataValidationError(
            [
                Problem(
                    Location(table=table, column=column),
                    f"the spec declares this column boolean but it holds {bad[0]!r} in {bad.len()} row(s) "
                    f"(first at row {row}); expected {expected} (any case), or null",
                )
            ]
        )
    out: dict[str, Any] = {"dtype": str(s.dtype)}
    for i, side in enumerate(("true", "false")):
        mine = seen.filter(low == pair[i])
        if mine.len():  # the spelling most written (ties: the first in sort order), as read
            counts = mine.value_counts(sort=True, name="n").sort(["n", mine.name], descending=[True, False])
            out[side] = counts.get_column(mine.name)[0]
    if "true" not in out and "false" not in out:
        out["true"], out["false"] = pair
    elif "true" not in out:
        out["true"] = _cased(pair[0], out["false"])
    elif "false" not in out:
        out["false"] = _cased(pair[1], out["true"])
    return out


def as_booleans(
    table: str, frame: pl.DataFrame, columns: Mapping[str, m.ColumnSpec]
) -> tuple[pl.DataFrame, dict[str, dict[str, Any]]]:
    """``frame`` with each column the spec declares boolean and the frame holds as a pair of values read as
    ``pl.Boolean`` (nulls kept), and those columns' forms."""
    forms: dict[str, dict[str, Any]] = {}
    cast: list[pl.Series] = []
    for c, spec in columns.items():
        if not isinstance(spec, m.BooleanColumn) or c not in frame.columns:
            continue
        s = frame.get_column(c)
        if s.dtype == pl.Boolean or not (s.dtype == pl.String or s.dtype.is_integer()):
            continue
        form = _form(table, c, s)
        forms[c] = form
        text = s.cast(pl.String).str.strip_chars().str.to_lowercase()
        cast.append(
            pl.select(
                pl.when(text == form["true"].lower())
                .then(True)
                .when(text == form["false"].lower())
                .then(False)
                .otherwise(None)
                .alias(c)
            ).to_series()
        )
    return (frame.with_columns(cast) if cast else frame), forms


def written_back(frame: pl.DataFrame, forms: Mapping[str, Mapping[str, Any]]) -> pl.DataFrame:
    """Sampled booleans in the form each column was read in (0/1 as integers, 'y'/'n' as that text)."""
    cols = []
    for c, form in forms.items():
        if c not in frame.columns or frame.schema[c] != pl.Boolean:
            continue
        dtype = pl.String if form["dtype"] == "String" else getattr(pl, form["dtype"], pl.Int64)
        true = int(form["true"]) if dtype != pl.String else form["true"]
        false = int(form["false"]) if dtype != pl.String else form["false"]
        cols.append(pl.when(pl.col(c)).then(pl.lit(true)).when(~pl.col(c)).then(pl.lit(false)).cast(dtype).alias(c))
    return frame.with_columns(cols) if cols else frame
