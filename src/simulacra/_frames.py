"""Data frames people bring: polars, pandas and Arrow in, the same kind back out.

Every public entry point that takes a table calls :func:`to_polars` and, when it
returns one, :func:`like` to hand back the type it was given. Conversions go
through Arrow (``pl.from_arrow`` / ``pl.from_pandas``, zero-copy where the buffers
allow). pandas is never imported here unless the caller passed a pandas object, so
it stays an optional dependency.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl

__all__ = ["as_kind", "frame_kind", "is_frame", "like", "stat", "to_polars"]


def frame_kind(x: Any) -> str | None:
    """'polars', 'polars-lazy', 'pandas', 'arrow', 'arrow-batch' or 'arrow-stream' (any object with the Arrow
    PyCapsule stream interface); None for anything else."""
    if isinstance(x, pl.DataFrame):
        return "polars"
    if isinstance(x, pl.LazyFrame):
        return "polars-lazy"
    module = type(x).__module__.split(".", 1)[0]
    name = type(x).__name__
    if module == "pandas" and name == "DataFrame":
        return "pandas"
    if module == "pyarrow" and name == "Table":
        return "arrow"
    if module == "pyarrow" and name == "RecordBatch":
        return "arrow-batch"
    if hasattr(x, "__arrow_c_stream__"):
        return "arrow-stream"
    return None


def is_frame(x: Any) -> bool:
    return frame_kind(x) is not None


def to_polars(x: Any) -> pl.DataFrame:
    """A polars DataFrame for a polars (eager or lazy), pandas or Arrow table; TypeError for anything else."""
    kind = frame_kind(x)
    if kind == "polars":
        return x
    if kind == "polars-lazy":
        return x.collect()
    if kind == "pandas":
        return pl.from_pandas(x, include_index=_named_index(x))
    if kind in ("arrow", "arrow-batch"):
        out = pl.from_arrow(x)
        assert isinstance(out, pl.DataFrame)
        return out
    if kind == "arrow-stream":
        import pyarrow as pa

        out = pl.from_arrow(pa.table(x))
        assert isinstance(out, pl.DataFrame)
        return out
    raise TypeError(f"expected a data frame (polars, pandas or Arrow), got {type(x).__name__}")


def _named_index(x: Any) -> bool:
    """Keep a pandas index only when it carries information (named), not the default 0..n-1 range."""
    return any(n is not None for n in getattr(x.index, "names", [None]))


def like(frame: pl.DataFrame, template: Any) -> Any:
    """``frame`` as the same kind of object as ``template`` (pandas through Arrow, Arrow as a Table)."""
    return as_kind(frame, frame_kind(template))


def as_kind(frame: pl.DataFrame, kind: str | None) -> Any:
    """``frame`` as a :func:`frame_kind` names it (polars for None)."""
    if kind == "pandas":
        return frame.to_pandas()
    if kind in ("arrow", "arrow-batch", "arrow-stream"):
        return frame.to_arrow()
    if kind == "polars-lazy":
        return frame.lazy()
    return frame


def stat(value: object) -> float:
    """A statistic of a numeric or boolean series (``mean()``, ``median()`` ...) as a float: None (empty or all
    null) and zero give 0.0. polars types these results as any Python literal, hence the narrowing."""
    if value is None:
        return 0.0
    if isinstance(value, (int, float, Decimal)):
        return float(value or 0.0)
    raise TypeError(f"float() argument must be a string or a real number, not '{type(value).__name__}'")
