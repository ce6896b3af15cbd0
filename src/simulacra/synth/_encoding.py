"""Columns as small integer codes, and back.

Every learned column becomes codes ``0..n_codes-1`` so one model family handles
numbers, dates, categories and nulls alike (the "binned" encoding of MOSTLY's
TabularARGN and synthpop's discretised CART):

- categories: one code per category seen at least ``min_count`` times (the most
  frequent ``max_codes``); rarer ones share a code that decodes to *frequent*
  categories, so a rare real value is never written out verbatim;
- numbers, dates, datetimes: values that recur often (a spike such as Adult's
  capital-gain = 0 in 92% of rows) get a code of their own and decode exactly;
  the rest fall into quantile bins that decode through the bin's interpolated
  empirical quantiles — the marginal is kept while no synthetic value has to be
  a training value;
- null is a code of its own wherever a column has nulls, so missingness is a
  signal the model learns like any other.

State is plain JSON and float arrays: it saves without pickle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import polars as pl
from numpy.typing import NDArray

__all__ = ["ColumnEncoder", "Kind", "fit_encoder", "from_float", "polars_dtype", "to_float"]

Kind = Literal["categorical", "boolean", "numeric", "date", "datetime"]

_US_PER_DAY = 86_400_000_000


@dataclass
class ColumnEncoder:
    """How one column maps to codes (and back). Built by :func:`fit_encoder`."""

    name: str
    kind: Kind
    dtype: str  # polars dtype name of the source column, restored on decode
    categories: list[Any] = field(default_factory=list)  # categorical: kept values, code = position
    rare_code: int | None = None  # code shared by pooled rare / overflow categories
    pool: list[Any] = field(default_factory=list)  # values the pooled code decodes to
    pool_weights: list[float] = field(default_factory=list)
    rare_count: int = 0  # how many distinct rare values were pooled (for the manifest)
    spikes: list[float] = field(default_factory=list)  # numeric: exact values with their own code
    quantiles: NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 0)))  # bins x points
    integer: bool = False
    has_null: bool = False

    # ---- layout of codes: [categories | spikes, bins] [rare] [null]
    @property
    def n_value_codes(self) -> int:
        if self.kind in ("categorical", "boolean"):
            return len(self.categories)
        return len(self.spikes) + len(self.quantiles)

    @property
    def null_code(self) -> int | None:
        if not self.has_null:
            return None
        return self.n_value_codes + (1 if self.rare_code is not None else 0)

    @property
    def n_codes(self) -> int:
        return self.n_value_codes + (self.rare_code is not None) + self.has_null

    # ---- encode
    def encode(self, series: pl.Series) -> NDArray[np.int32]:
        n = len(series)
        out = np.empty(n, dtype=np.int32)
        null = series.is_null().to_numpy()
        if self.kind in ("categorical", "boolean"):
            cats = pl.Series(self.categories, dtype=series.dtype) if self.categories else pl.Series([], dtype=series.dtype)
            idx = series.replace_strict(cats, pl.Series(range(len(self.categories)), dtype=pl.Int32),
                                        default=-1, return_dtype=pl.Int32).to_numpy()
            idx = np.where(np.isnan(idx.astype(float)), -1, idx).astype(np.int32) if idx.dtype.kind == "f" else idx
            out[:] = np.where(idx >= 0, idx, self.rare_code if self.rare_code is not None else 0)
        else:
            x = to_float(series, self.kind)
            out[:] = self._numeric_codes(x)
        if self.has_null:
            out[null] = self.null_code
        return out

    def _numeric_codes(self, x: NDArray[np.float64]) -> NDArray[np.int32]:
        n_spikes = len(self.spikes)
        codes = np.zeros(len(x), dtype=np.int32)
        if len(self.quantiles):
            edges = self.quantiles[:, 0]
            codes[:] = n_spikes + np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 1)
        if n_spikes:
            spikes = np.asarray(self.spikes)
            pos = np.clip(np.searchsorted(spikes, x), 0, n_spikes - 1)
            hit = spikes[pos] == x
            codes[hit] = pos[hit]
        return codes

    # ---- decode
    def decode(self, codes: NDArray[np.integer], u: NDArray[np.float64]) -> pl.Series:
        """Values for ``codes``; ``u`` (uniform per row) places a value within its bin or pool."""
        codes = np.asarray(codes)
        null = codes == self.null_code if self.has_null else np.zeros(len(codes), dtype=bool)
        if self.kind in ("categorical", "boolean"):
            idx = codes.astype(np.int64).copy()
            if self.rare_code is not None:
                pooled = codes == self.rare_code
                if pooled.any():
                    cum = np.cumsum(self.pool_weights)
                    pick = np.minimum(np.searchsorted(cum / cum[-1], u[pooled], side="right"), len(cum) - 1)
                    idx[pooled] = len(self.categories) + pick
            values = self.categories + self.pool
            idx[null] = 0
            dtype = pl.Boolean if self.kind == "boolean" else polars_dtype(self.dtype)
            lookup = pl.Series(values, dtype=dtype) if values else pl.Series([None], dtype=dtype)
            out = lookup.gather(idx)
            return out.scatter(np.flatnonzero(null), None) if null.any() else out
        x = np.full(len(codes), np.nan)
        n_spikes = len(self.spikes)
        if n_spikes:
            s = codes < n_spikes
            x[s] = np.asarray(self.spikes)[codes[s]]
        if len(self.quantiles):
            b = (codes >= n_spikes) & ~null
            if b.any():
                q = self.quantiles[codes[b] - n_spikes]  # rows x points
                pos = u[b] * (q.shape[1] - 1)
                lo = np.floor(pos).astype(np.int64)
                hi = np.minimum(lo + 1, q.shape[1] - 1)
                frac = pos - lo
                rows = np.arange(len(lo))
                x[b] = q[rows, lo] * (1 - frac) + q[rows, hi] * frac
        return from_float(x, self.kind, self.dtype, self.integer)

    # ---- persistence
    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "kind": self.kind, "dtype": self.dtype,
            "categories": [_jsonable(v) for v in self.categories], "rare_code": self.rare_code,
            "pool": [_jsonable(v) for v in self.pool], "pool_weights": self.pool_weights,
            "rare_count": self.rare_count, "spikes": self.spikes, "integer": self.integer,
            "has_null": self.has_null,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], quantiles: NDArray[np.float64]) -> ColumnEncoder:
        enc = cls(**data)
        enc.quantiles = quantiles
        return enc


def fit_encoder(series: pl.Series, kind: Kind, *, min_count: int = 5, max_codes: int = 200,
                n_bins: int = 40, n_points: int = 17, spike_share: float = 0.005) -> ColumnEncoder:
    """Learn the code layout of one column."""
    name = series.name
    dtype = str(series.dtype)
    has_null = bool(series.null_count())
    values = series.drop_nulls()
    if kind in ("categorical", "boolean"):
        counts = values.value_counts(sort=True)
        vals, cnt = counts.get_column(name).to_list(), counts.get_column("count").to_numpy()
        frequent = [i for i in range(len(vals)) if cnt[i] >= min_count]
        kept = frequent[: max_codes]
        overflow = frequent[max_codes:]
        rare = [i for i in range(len(vals)) if cnt[i] < min_count]
        enc = ColumnEncoder(name=name, kind=kind, dtype=dtype, categories=[vals[i] for i in kept], has_null=has_null)
        enc.rare_count = len(rare)
        if rare or overflow:
            enc.rare_code = len(kept)
            # overflow categories decode to themselves; rare ones to frequent categories
            pool = overflow if overflow else kept
            enc.pool = [vals[i] for i in pool]
            enc.pool_weights = [float(cnt[i]) for i in pool]
            if not enc.pool:  # every value is rare: nothing may be written verbatim
                enc.rare_code = None
        if enc.n_value_codes == 0 and enc.rare_code is None:
            enc.has_null = True  # nothing can be written without copying: the column samples as null
        return enc
    x = to_float(values, kind)
    integer = kind in ("date",) or series.dtype.is_integer()
    enc = ColumnEncoder(name=name, kind=kind, dtype=dtype, integer=integer, has_null=has_null)
    if len(x) == 0:
        return enc
    uniq, cnt = np.unique(x, return_counts=True)
    threshold = max(min_count, math.ceil(spike_share * len(x)))
    spike_idx = np.flatnonzero(cnt >= threshold)
    if len(spike_idx) > 64:
        spike_idx = np.sort(spike_idx[np.argsort(-cnt[spike_idx], kind="stable")[:64]])
    enc.spikes = uniq[spike_idx].tolist()
    rest = x[~np.isin(x, uniq[spike_idx])]
    if len(rest) >= min_count:
        rest = np.sort(rest)
        bins = max(1, min(n_bins, len(rest) // max(min_count, 1)))
        cuts = np.unique(np.quantile(rest, np.linspace(0, 1, bins + 1)))
        if len(cuts) == 1:
            cuts = np.array([cuts[0], cuts[0]])
        rows = []
        for lo, hi in zip(cuts[:-1], cuts[1:]):
            last = hi == cuts[-1]
            inside = rest[(rest >= lo) & ((rest <= hi) if last else (rest < hi))]
            if len(inside) == 0:
                continue
            rows.append(np.quantile(inside, np.linspace(0, 1, n_points)))
        enc.quantiles = np.asarray(rows, dtype=np.float64)
    # else: too few values off the spikes to describe without copying them; they take a spike's code
    if enc.n_value_codes == 0:
        enc.has_null = True  # nothing can be written without copying: the column samples as null
    return enc


def to_float(series: pl.Series, kind: str) -> NDArray[np.float64]:
    """Numbers, dates (days) and datetimes (microseconds) as float64, null -> nan."""
    if kind == "date":
        s = series.cast(pl.Date).cast(pl.Int64)
    elif kind == "datetime":
        s = series.cast(pl.Datetime("us")).cast(pl.Int64)
    else:
        s = series.cast(pl.Float64)
    return s.cast(pl.Float64).fill_null(np.nan).to_numpy()


def from_float(x: NDArray[np.float64], kind: str, dtype: str, integer: bool) -> pl.Series:
    null = np.isnan(x)
    if kind == "date":
        days = np.where(null, 0, np.round(x)).astype(np.int64)
        s = pl.Series(days).cast(pl.Int32).cast(pl.Date)
    elif kind == "datetime":
        us = np.where(null, 0, np.round(x)).astype(np.int64)
        s = pl.Series(us).cast(pl.Datetime("us"))
        target = polars_dtype(dtype)
        if target != pl.Datetime("us"):
            s = s.cast(target)
    elif integer:
        s = pl.Series(np.where(null, 0, np.round(x)).astype(np.int64)).cast(polars_dtype(dtype))
    else:
        s = pl.Series(np.where(null, 0.0, x)).cast(polars_dtype(dtype))
    return s.scatter(np.flatnonzero(null), None) if null.any() else s


_DTYPES: dict[str, pl.DataType] = {
    "Int8": pl.Int8(), "Int16": pl.Int16(), "Int32": pl.Int32(), "Int64": pl.Int64(),
    "UInt8": pl.UInt8(), "UInt16": pl.UInt16(), "UInt32": pl.UInt32(), "UInt64": pl.UInt64(),
    "Float32": pl.Float32(), "Float64": pl.Float64(), "String": pl.String(), "Boolean": pl.Boolean(),
    "Date": pl.Date(),
}


def polars_dtype(name: str) -> pl.DataType:
    if name in _DTYPES:
        return _DTYPES[name]
    if name.startswith("Datetime"):
        unit = "ns" if "'ns'" in name else "ms" if "'ms'" in name else "us"
        return pl.Datetime(unit)  # type: ignore[arg-type]
    return pl.String()  # String, Categorical, Enum and anything else decode as text


def _jsonable(v: Any) -> Any:
    if isinstance(v, (np.generic,)):
        return v.item()
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v
