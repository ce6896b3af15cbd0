"""Column typing and the numeric encodings the metrics share.

Kinds: ``numeric`` and ``datetime`` (continuous), ``categorical`` and ``boolean``
(discrete), ``text`` (free text: text metrics only) and ``skip`` (keys, IDs, PII
and high-cardinality strings: left out of every per-column and pair metric, with
the reason kept so the report can say so).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

__all__ = [
    "CONTINUOUS",
    "DISCRETE",
    "ID_NAME",
    "ColumnInfo",
    "MixedEncoder",
    "align",
    "as_key",
    "continuous",
    "discrete_codes",
    "infer_columns",
    "kind_of",
    "model_matrix",
    "top_of",
    "top_values",
]

CONTINUOUS = frozenset({"numeric", "datetime"})
DISCRETE = frozenset({"categorical", "boolean"})

#: a column name that says it holds keys (``id``, ``*_id``, ``uuid``, ``key``, ``pk``, ``id_*``): no measure
ID_NAME = re.compile(r"(^|_)(id|uuid|guid|key|pk)$|^id_", re.IGNORECASE)
_MAX_CATEGORIES = 1000  # more distinct strings than this (and mostly unique) -> not a category


@dataclass(frozen=True)
class ColumnInfo:
    """How one column is treated, and why."""

    name: str
    kind: str
    reason: str = ""

    @property
    def continuous(self) -> bool:
        return self.kind in CONTINUOUS

    @property
    def discrete(self) -> bool:
        return self.kind in DISCRETE


def _is_temporal(dtype: pl.DataType) -> bool:
    return dtype in (pl.Date, pl.Datetime, pl.Time, pl.Duration) or isinstance(dtype, pl.Datetime | pl.Duration)


def _infer_one(name: str, s: pl.Series) -> ColumnInfo:
    nonnull = s.drop_nulls()
    strs = nonnull.cast(pl.String) if s.dtype in (pl.String, pl.Categorical) or isinstance(s.dtype, pl.Enum) else None
    return kind_of(
        name,
        s.dtype,
        rows=len(s),
        nonnull=len(nonnull),
        distinct=lambda: (strs if strs is not None else nonnull).n_unique(),
        words=lambda: float(strs.head(2000).str.count_matches(r"\s+").cast(pl.Float64).mean() or 0.0),  # type: ignore[arg-type, union-attr]
    )


def kind_of(
    name: str,
    dtype: pl.DataType,
    *,
    rows: int,
    nonnull: int,
    distinct: Callable[[], int],
    words: Callable[[], float],
) -> ColumnInfo:
    """A column's kind from what is known of it: its dtype, rows and non-null values, and (asked only when the
    rules need them) the number of distinct non-null values and the mean number of blanks in its first 2,000
    non-null strings. ``infer_columns`` computes them from a whole column; ``evaluation.partitioned`` adds them up
    over partitions."""
    if dtype == pl.Boolean:
        return ColumnInfo(name, "boolean")
    if _is_temporal(dtype):
        return ColumnInfo(name, "datetime")
    if dtype.is_numeric():
        if dtype.is_integer() and ID_NAME.search(name) and nonnull > 1 and distinct() == nonnull:
            return ColumnInfo(name, "skip", "identifier (unique integers named like a key)")
        return ColumnInfo(name, "numeric")
    if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
        if rows == 0:
            return ColumnInfo(name, "categorical")
        n_distinct = distinct()
        if n_distinct <= 1:
            return ColumnInfo(name, "categorical")
        unique_share = n_distinct / max(nonnull, 1)
        if words() >= 3:
            return ColumnInfo(name, "text", "free text (several words per value)")
        if ID_NAME.search(name) and unique_share > 0.9:
            return ColumnInfo(name, "skip", "identifier (unique values named like a key)")
        if n_distinct > _MAX_CATEGORIES or (n_distinct > 50 and unique_share > 0.5):
            return ColumnInfo(name, "skip", f"high-cardinality strings ({n_distinct} distinct values)")
        return ColumnInfo(name, "categorical")
    return ColumnInfo(name, "skip", f"unsupported dtype {dtype}")


def infer_columns(real: pl.DataFrame, overrides: Mapping[str, str] | None = None) -> list[ColumnInfo]:
    """Type each column of the real frame; ``overrides`` maps column -> kind (key, pii and id mean skip)."""
    overrides = dict(overrides or {})
    out = []
    for name in real.columns:
        kind = overrides.get(name)
        if kind is not None:
            kind = {
                "key": "skip",
                "pii": "skip",
                "id": "skip",
                "ignore": "skip",
                "number": "numeric",
                "category": "categorical",
                "date": "datetime",
                "bool": "boolean",
            }.get(kind, kind)
            reason = {"skip": f"marked '{overrides[name]}' in the spec"}.get(kind, "set in the spec")
            out.append(ColumnInfo(name, kind, reason))
        else:
            out.append(_infer_one(name, real[name]))
    return out


def align(real: pl.DataFrame, other: pl.DataFrame, infos: Sequence[ColumnInfo]) -> pl.DataFrame:
    """``other`` with the real frame's columns (missing ones as nulls) cast to the real dtypes where possible."""
    cols: list[pl.Expr | pl.Series] = []
    for info in infos:
        dtype = real.schema[info.name]
        if info.name not in other.columns:
            cols.append(pl.lit(None, dtype=dtype).alias(info.name))
            continue
        s = other[info.name]
        if s.dtype != dtype:
            try:
                s = s.cast(dtype, strict=False)
            except Exception:  # noqa: BLE001 - incompatible types: compare as strings
                s = s.cast(pl.String, strict=False)
        cols.append(s.alias(info.name))
    return other.select(cols) if len(other) or not cols else pl.DataFrame(cols)


def continuous(s: pl.Series) -> NDArray[np.float64]:
    """Float values (dates and datetimes as epoch microseconds), nulls as NaN."""
    if _is_temporal(s.dtype):
        if s.dtype == pl.Date:
            s = s.cast(pl.Datetime("us"))
        s = s.cast(pl.Int64)
    elif s.dtype == pl.Boolean:
        s = s.cast(pl.Int8)
    elif not s.dtype.is_numeric():
        s = s.cast(pl.Float64, strict=False)
    return s.cast(pl.Float64).fill_nan(None).to_numpy().astype(np.float64)


def top_values(s: pl.Series, k: int | None = None) -> list[str | None]:
    """Distinct values (as strings) by falling count, ties by value: the same order on every run."""
    return top_of(as_key(s).value_counts(), k)


def top_of(counts: pl.DataFrame, k: int | None = None) -> list[str | None]:
    """``top_values`` from value counts (a frame: the values as text, then their counts)."""
    vc = counts.sort([counts.columns[1], counts.columns[0]], descending=[True, False], nulls_last=True)
    vals = vc[vc.columns[0]].to_list()
    return vals if k is None else vals[:k]


def as_key(s: pl.Series) -> pl.Series:
    """A column's values as text, so keys of any type compare and join alike."""
    return s.cast(pl.String, strict=False) if s.dtype != pl.String else s


def discrete_codes(*series: pl.Series) -> tuple[list[NDArray[np.int64]], list[str | None]]:
    """Shared integer codes for several columns; null is a category of its own (code of None)."""
    keys = [as_key(s) for s in series]
    vocab_series = pl.concat([k for k in keys]).unique(maintain_order=True)
    vocab = vocab_series.to_list()
    lookup = pl.DataFrame({"v": vocab_series, "code": np.arange(len(vocab), dtype=np.int64)})
    codes = []
    for k in keys:
        f = pl.DataFrame({"v": k}).join(lookup, on="v", how="left", nulls_equal=True, maintain_order="left")
        codes.append(f["code"].to_numpy().astype(np.int64))
    return codes, vocab


class MixedEncoder:
    """Rows as points in a Gower-like Euclidean space, fitted on the real data.

    Numeric and datetime columns become (x - min) / range of the real data, so a full
    range apart is distance 1; a category becomes a one-hot block weighted 1/sqrt(2),
    so two different categories are also distance 1 apart. A null is a category of
    its own for categoricals and an extra 0/1 indicator for numbers. The Euclidean
    distance over all columns is divided by sqrt(number of columns), so it lies in
    [0, 1] for values inside the real ranges.
    """

    def __init__(self, real: pl.DataFrame, infos: Sequence[ColumnInfo], *, max_categories: int = 64) -> None:
        self.infos = [i for i in infos if i.continuous or i.discrete]
        self._num: dict[str, tuple[float, float, bool]] = {}
        self._cat: dict[str, list[str | None]] = {}
        for info in self.infos:
            s = real[info.name]
            if info.continuous:
                x = continuous(s)
                lo = float(np.nanmin(x)) if np.isfinite(x).any() else 0.0
                hi = float(np.nanmax(x)) if np.isfinite(x).any() else 1.0
                self._num[info.name] = (lo, (hi - lo) or 1.0, bool(np.isnan(x).any()))
            else:
                self._cat[info.name] = top_values(s, max_categories)
        self.n_columns = max(len(self.infos), 1)

    @classmethod
    def from_stats(
        cls,
        infos: Sequence[ColumnInfo],
        numbers: Mapping[str, tuple[float, float, bool]],
        categories: Mapping[str, list[str | None]],
    ) -> MixedEncoder:
        """The encoder fitted from what it keeps of the real data, computed elsewhere (over partitions):
        per continuous column ``(low, range, has nulls)``, per discrete column its ``top_values``."""
        enc = cls.__new__(cls)
        enc.infos = [i for i in infos if i.continuous or i.discrete]
        enc._num = {i.name: numbers[i.name] for i in enc.infos if i.continuous}
        enc._cat = {i.name: list(categories[i.name]) for i in enc.infos if i.discrete}
        enc.n_columns = max(len(enc.infos), 1)
        return enc

    def transform(self, frame: pl.DataFrame) -> NDArray[np.float32]:
        blocks: list[NDArray[np.float32]] = []
        w = np.float32(1 / np.sqrt(2))
        for info in self.infos:
            s = frame[info.name]
            if info.continuous:
                lo, span, _ = self._num[info.name]
                x = (continuous(s) - lo) / span
                nan = np.isnan(x)
                blocks.append(np.where(nan, 0.0, x).astype(np.float32)[:, None])
                # the null indicator is always there, so every frame has the real data's width (a synthetic
                # null where the real column has none used to add a column only to the synthetic matrix)
                blocks.append(nan.astype(np.float32)[:, None])
            else:
                cats = self._cat[info.name]
                key = as_key(s)
                onehot = np.zeros((len(s), len(cats)), dtype=np.float32)
                idx = (
                    pl.DataFrame({"v": key})
                    .join(
                        pl.DataFrame({"v": pl.Series(cats, dtype=pl.String), "i": np.arange(len(cats))}),
                        on="v",
                        how="left",
                        nulls_equal=True,
                        maintain_order="left",
                    )["i"]
                    .to_numpy()
                )
                hit = ~np.isnan(idx.astype(np.float64))
                rows = np.nonzero(hit)[0]
                onehot[rows, idx[hit].astype(np.int64)] = w
                blocks.append(onehot)
        if not blocks:
            return np.zeros((len(frame), 1), dtype=np.float32)
        out = np.hstack(blocks)
        out /= np.float32(np.sqrt(self.n_columns))
        return out


def model_matrix(
    frames: Sequence[pl.DataFrame], infos: Sequence[ColumnInfo], *, max_categories: int = 250
) -> tuple[list[NDArray[np.float64]], NDArray[np.bool_]]:
    """Matrices for tree models: numbers as floats (NaN kept), categories as shared ordinal codes.

    Categories beyond the ``max_categories`` most frequent in the first frame share
    one code (gradient boosting takes at most 255 categories per feature).
    """
    cols: list[list[NDArray[np.float64]]] = [[] for _ in frames]
    is_cat = []
    for info in infos:
        if info.continuous:
            for j, f in enumerate(frames):
                cols[j].append(continuous(f[info.name]))
            is_cat.append(False)
        elif info.discrete:
            keys = [as_key(f[info.name]) for f in frames]
            top_vals = top_values(keys[0], max_categories)
            lookup = pl.DataFrame(
                {"v": pl.Series(top_vals, dtype=pl.String), "c": np.arange(len(top_vals), dtype=np.float64)}
            )
            for j, k in enumerate(keys):
                c = (
                    pl.DataFrame({"v": k})
                    .join(lookup, on="v", how="left", nulls_equal=True, maintain_order="left")["c"]
                    .to_numpy()
                    .astype(np.float64)
                )
                cols[j].append(np.where(np.isnan(c), float(len(top_vals)), c))
            is_cat.append(True)
    mats = [np.column_stack(c) if c else np.zeros((len(f), 0)) for c, f in zip(cols, frames, strict=True)]
    return mats, np.array(is_cat, dtype=bool)


def linear_matrix(
    frames: Sequence[pl.DataFrame], infos: Sequence[ColumnInfo], *, max_categories: int = 64
) -> list[NDArray[np.float64]]:
    """Matrices for linear models: standardized numbers (NaN -> mean, plus an indicator), one-hot categories."""
    cols: list[list[NDArray[np.float64]]] = [[] for _ in frames]
    for info in infos:
        if info.continuous:
            xs = [continuous(f[info.name]) for f in frames]
            ref = xs[0][np.isfinite(xs[0])]
            mu = float(ref.mean()) if ref.size else 0.0
            sd = float(ref.std()) if ref.size and ref.std() > 0 else 1.0
            any_nan = any(np.isnan(x).any() for x in xs)
            for j, x in enumerate(xs):
                nan = np.isnan(x)
                cols[j].append(np.where(nan, 0.0, (x - mu) / sd))
                if any_nan:
                    cols[j].append(nan.astype(np.float64))
        elif info.discrete:
            keys = [as_key(f[info.name]) for f in frames]
            top_vals = top_values(keys[0], max_categories)
            for j, k in enumerate(keys):
                arr = np.array(k.to_list(), dtype=object)
                for v in top_vals[1:]:  # first category is the reference level
                    cols[j].append(
                        (arr == v).astype(np.float64)
                        if v is not None
                        else np.array([a is None for a in arr], dtype=np.float64)
                    )
    return [np.column_stack(c) if c else np.zeros((len(f), 1)) for c, f in zip(cols, frames, strict=True)]
