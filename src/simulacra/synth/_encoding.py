"""Columns as small integer codes, and back.

Every learned column becomes codes ``0..n_codes-1`` so one model family handles
numbers, dates, categories and nulls alike (the "binned" encoding of MOSTLY's
TabularARGN and synthpop's discretised CART):

- categories: one code per category seen at least ``min_count`` times (the most
  frequent ``max_codes``); rarer ones share a code that decodes to *frequent*
  categories, so a rare real value is never written out verbatim. When rare values
  make up half the rows or more (surnames, free codes), pooling them into the few
  frequent ones would collapse the column, so the shared code decodes to *fresh*
  values of the column's kind instead: drawn from the value engine's pool the rare
  values belong to (surnames, first names, cities, companies...), or else strings
  of the rare values' shapes (``Aaaaa``, ``AA-9999``) with fresh characters;
- numbers, dates, datetimes: values that recur often (a spike such as Adult's
  capital-gain = 0 in 92% of rows) get a code of their own and decode exactly;
  the rest fall into quantile bins that decode through the bin's interpolated
  empirical quantiles — the marginal is kept while no synthetic value has to be
  a training value. Fewer than ``min_count`` values off the spikes (a mostly-zero
  column's few non-zeros) get one widened bin: they are drawn nearby, never merged
  into a spike;
- null is a code of its own wherever a column has nulls, so missingness is a
  signal the model learns like any other.

State is plain JSON and float arrays: it saves without pickle.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._clock import DATETIME_STEPS, US_PER_DAY, datetime_step
from simulacra._learned_kinds import Kind
from simulacra._rare import is_listed

__all__ = [
    "DATETIME_STEPS",
    "ColumnEncoder",
    "Kind",
    "datetime_step",
    "day_unit",
    "fit_encoder",
    "from_float",
    "held_weekdays",
    "month_starts",
    "on_month_starts",
    "on_step",
    "polars_dtype",
    "times_of_day",
    "to_float",
    "unwarp",
    "warp",
]


_US_PER_DAY = US_PER_DAY
#: categorical values decoded for at most this many rows are gathered by numpy and not by a polars query (learned
#: sampling of a sequence draws many small batches, and under load a query's threads cost more than the rows)
_FEW = 4096
#: a value drawn within a quantile bin is smoothed by a kernel this many training values' spacing wide
#: (``ColumnEncoder._smoothed``): narrower, and a sampled date or amount lands back on a training value more
#: often than a held-out one does
SMOOTH_ROWS = 8.0
#: a value the points of a bin hold for this many training rows or more stays exact when drawn (a price point
#: shared by many rows: 9.99); rarer ones are smoothed (the default ``min_count``)
EXACT_ROWS = 5


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
    #: categorical: what the pooled code decodes to when rare values dominate (None: frequent categories)
    #: {"kind": "pool", "source": "last_name", "locale": "en_US"} or {"kind": "shape", "shapes": [...], "weights": [...]}
    fresh: dict[str, Any] | None = None
    #: numeric decimals: the decimals every source value is written with (2 for money), so samples are
    #: written the same way (2673.94, not 2673.94096399842); None: more than 6, or a model from before
    decimals: int | None = None
    #: datetime step: the coarsest of :data:`DATETIME_STEPS` (microseconds) every source value is a multiple of
    #: (whole seconds, quarter hours, midnights), so samples keep it (12:03:17, not 12:03:17.482913); None:
    #: microseconds, or a model from before
    step: int | None = None
    #: datetime time of day: quantiles (microseconds after midnight) of the source's times of day, kept when
    #: they leave hours of the day empty (office hours, a night shift): values drawn within a bin are placed
    #: between its points on a clock that skips those hours (:func:`warp`), so none falls in them; None:
    #: no such hours, or a model from before
    tod: list[list[float]] | None = None
    #: weekdays the source holds (Monday = 0; ``held_weekdays``) when it leaves some empty: values drawn between
    #: two points land on them (a shop shut on Sundays); None: every weekday, or a model from before
    weekdays: list[int] | None = None
    #: training values per quantile bin: a value drawn within a bin is moved by a kernel as wide as
    #: ``SMOOTH_ROWS`` of the bin's values lie apart where it was drawn (:meth:`_smoothed`), so that it lands on
    #: a training value no more often than a fresh value would; None: drawn between the points as they are
    #: (a model from before, a widened bin of few values)
    bin_rows: list[int] | None = None
    #: numbers: the step every binned source value is a multiple of when coarser than the values' decimals (house
    #: values in hundreds: 100; prices in nickels: 0.05), so values drawn within bins keep it; None: none coarser,
    #: or a model from before
    grain: float | None = None
    #: date: every source value is the 1st of a month (a month written as text, ``2023-04``; a monthly period),
    #: so values drawn within bins are too (floored to their month): else two of a parent's months, written
    #: back as text, could be one month the unique checks saw as two days; False: any day, or a model from before
    months: bool = False

    _values: pl.Series | None = field(default=None, init=False, repr=False, compare=False)
    _text_values: NDArray[np.object_] | None = field(default=None, init=False, repr=False, compare=False)

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
            cats = (
                pl.Series(self.categories, dtype=series.dtype) if self.categories else pl.Series([], dtype=series.dtype)
            )
            idx = series.replace_strict(
                cats, pl.Series(range(len(self.categories)), dtype=pl.Int32), default=-1, return_dtype=pl.Int32
            ).to_numpy()
            idx = np.where(np.isnan(idx.astype(float)), -1, idx).astype(np.int32) if idx.dtype.kind == "f" else idx
            out[:] = np.where(idx >= 0, idx, self.rare_code if self.rare_code is not None else 0)
        else:
            x = to_float(series, self.kind)
            out[:] = self._numeric_codes(x)
        null_code = self.null_code
        if null_code is not None:  # has_null
            out[null] = null_code
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
            fresh_rows = None
            if self.rare_code is not None and self.fresh is not None:
                fresh_rows = np.flatnonzero(codes == self.rare_code)
                idx[fresh_rows] = 0
            elif self.rare_code is not None:
                pooled = codes == self.rare_code
                if pooled.any():
                    cum = np.cumsum(self.pool_weights)
                    pick = np.minimum(np.searchsorted(cum / cum[-1], u[pooled], side="right"), len(cum) - 1)
                    idx[pooled] = len(self.categories) + pick
            idx[null] = 0
            lookup = self._lookup()
            if len(idx) <= _FEW and lookup.dtype == pl.String:  # a few rows: no polars query (see _FEW)
                out = pl.Series(self._texts()[idx], dtype=pl.String)
            else:
                out = lookup.gather(idx)
            if fresh_rows is not None and self.fresh is not None and len(fresh_rows):
                out = out.scatter(fresh_rows, fresh_values(self.fresh, u[fresh_rows]).cast(out.dtype))
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
                a, z = q[rows, lo], q[rows, hi]
                smooth = self.bin_rows is not None and len(self.bin_rows) == len(self.quantiles)
                if self._clock:  # between the points, on the source's clock
                    tod, days, unit = self._clock
                    wa, wz = warp(a, tod, days, unit), warp(z, tod, days, unit)
                    w = wa * (1 - frac) + wz * frac
                    if smooth:  # the kernel on the clock too, within the bin's ends on it
                        wq = warp(q.ravel(), tod, days, unit).reshape(q.shape)
                        w, moved = self._smoothed(w, wa, wz, codes[b] - n_spikes, wq, u[b], self._clock)
                        # a moved value within its bin's reach on the clock (a midpoint on a Sunday: the Monday
                        # after), whole days of it for a date (a Friday noon: that Friday as the upper end)
                        ra, rz = (warp(e[codes[b] - n_spikes], tod, days, unit) for e in self._reach())
                        if self.kind == "date":
                            ra, rz = np.ceil(ra), np.floor(rz)
                        a = np.where(moved, unwarp(ra, tod, days, unit), a)
                        z = np.where(moved, unwarp(rz, tod, days, unit), z)
                    y = unwarp(w, tod, days, unit)
                    if self.kind == "date":  # a day of the clock, not the next one by rounding
                        y = np.floor(y)
                    x[b] = np.clip(y, a, z)  # (the points themselves to the float's precision)
                else:
                    y = a * (1 - frac) + z * frac
                    if smooth:
                        y = self._smoothed(y, a, z, codes[b] - n_spikes, q, u[b])[0]
                    x[b] = y
        if self.decimals is not None and self.kind == "numeric" and not self.integer:
            x = np.round(x, self.decimals)
        if self.grain is not None and len(self.quantiles):  # values within bins on the source's grain
            inb = (codes >= n_spikes) & ~null
            on = np.round(np.round(x[inb] / self.grain) * self.grain, 12)
            x[inb] = np.clip(on, self.quantiles[0, 0], self.quantiles[-1, -1])  # (an end off the grain: kept)
        if self.step is not None and self.kind == "datetime":  # a bin's ends are source values: on the step
            x = on_step(x, self.step)
        if self.months:
            x = month_starts(x)
        return from_float(x, self.kind, self.dtype, self.integer)

    def _smoothed(
        self,
        y: NDArray[np.float64],
        a: NDArray[np.float64],
        z: NDArray[np.float64],
        bins: NDArray[np.integer],
        q: NDArray[np.float64],
        u: NDArray[np.float64],
        clock: tuple[list[list[float]] | None, list[int] | None, float] | None = None,
    ) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        """``y`` (drawn between the points ``a`` and ``z`` of its bin, whose points per row are ``q``) moved by a
        Gaussian kernel ``SMOOTH_ROWS`` less the rows between two points times the training values' spacing there
        wide — (z - a) over the rows between two points; where the two points are one value, ``SMOOTH_ROWS`` of
        the bin's mean spacing — reflected at the ends of the bin's reach (:meth:`_reach`; a uniform stays
        uniform); ``q`` and ``y`` are on the source's clock when ``clock`` is given. A bin of ``SMOOTH_ROWS`` rows
        or more between two points moves nothing. A value the points hold for ``EXACT_ROWS`` training rows or
        more (a price point) stays exact: only rare values are smoothed. The kernel's normal comes from ``u`` through a hash (deterministic in ``u``,
        independent of the place it chose). Returns the values and which of them moved."""
        from scipy.special import ndtri

        gaps = max(q.shape[1] - 1, 1)
        n = np.asarray(self.bin_rows, dtype=np.float64)[bins]
        lo, hi = (warp(e[bins], *clock) for e in self._reach()) if clock else (e[bins] for e in self._reach())
        flat = z == a
        # rows on a flat stretch of points: m points on one value span between m - 1 and m + 1 gaps of the bin's
        # order statistics
        held = 1 + (q == a[:, None]).sum(axis=1) * np.maximum(n - 1, 0) / gaps
        # the spacing where the value was drawn, at most the bin's typical one (its median gap between points): a
        # gap between two points that spans a stretch the source leaves empty (a bin across two clusters: the top
        # of one lab test's values and the bottom of another's) widens no kernel into it
        mean = (q[:, -1] - q[:, 0]) / np.maximum(n - 1, 1)
        med = np.median(np.diff(q, axis=1), axis=1) * gaps / np.maximum(n, 1)
        cap = np.where(med > 0, med, mean)
        spacing = np.minimum(np.where(flat, mean, (z - a) * gaps / np.maximum(n, 1)), cap)
        # the kernel makes up what placing a value between two points leaves: a stretch of ``SMOOTH_ROWS``
        # spacings, less the rows between two points (a bin of many rows per gap is left as it was)
        h = np.where(flat, SMOOTH_ROWS, np.maximum(SMOOTH_ROWS - n / gaps, 0.0)) * spacing
        move = (h > 0) & (hi > lo) & ~(flat & (held >= EXACT_ROWS))
        if not move.any():
            return y, move
        v = (_bits(u[move], 7) >> np.uint64(11)).astype(np.float64) * 2.0**-53 + 2.0**-54
        a0, width = lo[move], hi[move] - lo[move]
        t = np.mod(y[move] + h[move] * ndtri(v) - a0, 2 * width)  # reflected at the bin's ends, as often as needed
        out = y.copy()
        out[move] = np.clip(a0 + np.where(t > width, 2 * width - t, t), lo[move], hi[move])
        return out, move

    def _reach(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Per quantile bin, the ends a smoothed value may take: half way to the next bin's first value and to the
        previous bin's last (the stretch between two bins holds no training value, and a fresh one may lie in
        it), the bin's own end where a spike lies in between or at the column's least and greatest values."""
        q = self.quantiles
        lo, hi = q[:, 0].copy(), q[:, -1].copy()
        if len(q) > 1:
            mid = (q[:-1, -1] + q[1:, 0]) / 2
            spikes = np.asarray(self.spikes, dtype=np.float64)
            free = ~((spikes[None, :] > q[:-1, -1, None]) & (spikes[None, :] < q[1:, 0, None])).any(axis=1)
            hi[:-1] = np.where(free, np.maximum(mid, hi[:-1]), hi[:-1])
            lo[1:] = np.where(free, np.minimum(mid, lo[1:]), lo[1:])
        return lo, hi

    def _lookup(self) -> pl.Series:
        """The values categorical codes decode to (categories, then the pool), built once."""
        if self._values is None:
            values = self.categories + self.pool
            dtype = pl.Boolean if self.kind == "boolean" else polars_dtype(self.dtype)
            self._values = pl.Series(values, dtype=dtype) if values else pl.Series([None], dtype=dtype)
        return self._values

    def _texts(self) -> NDArray[np.object_]:
        """:meth:`_lookup`'s text values as a numpy array (gathered by numpy for a few rows)."""
        if self._text_values is None:
            self._text_values = np.asarray(self._lookup().to_list(), dtype=object)
        return self._text_values

    # ---- persistence
    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "dtype": self.dtype,
            "categories": [_jsonable(v) for v in self.categories],
            "rare_code": self.rare_code,
            "pool": [_jsonable(v) for v in self.pool],
            "pool_weights": self.pool_weights,
            "rare_count": self.rare_count,
            "spikes": self.spikes,
            "integer": self.integer,
            "has_null": self.has_null,
            **({"fresh": self.fresh} if self.fresh is not None else {}),
            **({"decimals": self.decimals} if self.decimals is not None else {}),
            **({"step": self.step} if self.step is not None else {}),
            **({"tod": self.tod} if self.tod is not None else {}),
            **({"weekdays": self.weekdays} if self.weekdays is not None else {}),
            **({"bin_rows": self.bin_rows} if self.bin_rows is not None else {}),
            **({"grain": self.grain} if self.grain is not None else {}),
            **({"months": True} if self.months else {}),
        }

    @property
    def _clock(self) -> tuple[list[list[float]] | None, list[int] | None, float] | None:
        """(hours of the day, weekdays, units per day) of a date or date-time column that keeps a clock."""
        if self.kind not in ("date", "datetime") or (self.tod is None and self.weekdays is None):
            return None
        return self.tod if self.kind == "datetime" else None, self.weekdays, day_unit(self.kind)

    @classmethod
    def from_json(cls, data: dict[str, Any], quantiles: NDArray[np.float64]) -> ColumnEncoder:
        enc = cls(**data)
        enc.quantiles = quantiles
        return enc


def numbers_with_rare_values(series: pl.Series, min_count: int) -> bool:
    """A numeric column (drafted as categories) holding values seen fewer than ``min_count`` times:
    modelled as a number, so rare values are drawn nearby instead of merged into frequent ones."""
    if not series.dtype.is_numeric():
        return False
    counts = series.drop_nulls().value_counts().get_column("count")
    smallest = counts.min()  # None when there are no values
    return isinstance(smallest, int) and smallest < min_count


def fit_encoder(
    series: pl.Series,
    kind: Kind,
    *,
    min_count: int = 5,
    max_codes: int = 200,
    n_bins: int = 40,
    n_points: int = 17,
    spike_share: float = 0.005,
    fresh_share: float = 0.5,
    keep: Collection[Any] = (),
) -> ColumnEncoder:
    """Learn the code layout of one column.

    ``fresh_share``: when categories seen fewer than ``min_count`` times fill at least
    this share of a text column's rows, their code decodes to fresh values of the
    column's kind rather than to the frequent categories. ``keep``: values that get a
    category of their own however rare (a closed vocabulary's, the spec's ``keep_rare``).
    """
    name = series.name
    dtype = str(series.dtype)
    has_null = bool(series.null_count())
    values = series.drop_nulls()
    if kind == "categorical" and not keep and numbers_with_rare_values(series, min_count):
        kind = "numeric"
    if kind in ("categorical", "boolean"):
        counts = values.value_counts(sort=True)
        vals, cnt = counts.get_column(name).to_list(), counts.get_column("count").to_numpy()
        kept_here = is_listed(counts.get_column(name), keep).to_numpy() if keep else np.zeros(len(vals), dtype=bool)
        common = [cnt[i] >= min_count or bool(kept_here[i]) for i in range(len(vals))]
        frequent = [i for i in range(len(vals)) if common[i]]
        kept = frequent[:max_codes]
        overflow = frequent[max_codes:]
        rare = [i for i in range(len(vals)) if not common[i]]
        enc = ColumnEncoder(name=name, kind=kind, dtype=dtype, categories=[vals[i] for i in kept], has_null=has_null)
        enc.rare_count = len(rare)
        if rare or overflow:
            enc.rare_code = len(kept)
            # overflow categories decode to themselves; rare ones to frequent categories
            pool = overflow if overflow else kept
            enc.pool = [vals[i] for i in pool]
            enc.pool_weights = [float(cnt[i]) for i in pool]
            rare_rows = float(sum(cnt[i] for i in rare))
            if (
                kind == "categorical"
                and series.dtype == pl.String
                and len(values)
                and rare_rows >= fresh_share * len(values)
            ):
                enc.fresh = fresh_source(
                    pl.Series([vals[i] for i in rare], dtype=pl.String),
                    np.asarray([cnt[i] for i in rare], dtype=np.float64),
                )
                enc.rare_code = len(kept)
                enc.pool, enc.pool_weights = [], []
            elif not enc.pool:  # every value is rare: nothing may be written verbatim
                enc.rare_code = None
        if enc.n_value_codes == 0 and enc.rare_code is None:
            enc.has_null = True  # nothing can be written without copying: the column samples as null
        return enc
    x = to_float(values, kind)
    integer = kind in ("date",) or series.dtype.is_integer()
    enc = ColumnEncoder(name=name, kind=kind, dtype=dtype, integer=integer, has_null=has_null)
    if len(x) == 0:
        return enc
    if kind == "numeric" and not integer:
        enc.decimals = _decimals(x)
    if kind == "datetime":
        enc.step = datetime_step(x)
        enc.tod = times_of_day(x, enc.step)
    if kind in ("date", "datetime"):
        enc.weekdays = held_weekdays(x, day_unit(kind))
    if kind == "date":
        enc.months = on_month_starts(x)
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
        rows, in_bin = [], []
        for lo, hi in zip(cuts[:-1], cuts[1:]):
            last = hi == cuts[-1]
            inside = rest[(rest >= lo) & ((rest <= hi) if last else (rest < hi))]
            if len(inside) == 0:
                continue
            in_bin.append(len(inside))
            if enc._clock:  # points between the source's times on its clock (none in its empty hours or days)
                tod, days, unit = enc._clock
                pts = unwarp(np.quantile(warp(inside, tod, days, unit), np.linspace(0, 1, n_points)), tod, days, unit)
                if kind == "date":
                    pts = np.floor(pts)
                pts[0], pts[-1] = inside[0], inside[-1]  # the bin's ends: source values (sorted)
                rows.append(np.clip(pts, inside[0], inside[-1]))
            else:
                rows.append(np.quantile(inside, np.linspace(0, 1, n_points)))
        enc.quantiles = np.asarray(rows, dtype=np.float64)
        enc.bin_rows = in_bin
        if kind == "numeric":
            enc.grain = _grain(rest, 0 if integer else enc.decimals)
    elif len(rest):
        # too few values off the spikes to describe without copying them: one bin, widened around
        # them, so they are drawn nearby (never merged into a spike, never copied)
        lo, hi = float(rest.min()), float(rest.max())
        spread = max(hi - lo, 0.25 * abs(float(np.median(rest))), 1.0 if integer else 1e-9)
        a, b = max(lo - spread / 2, float(x.min())), hi + spread / 2
        enc.quantiles = np.linspace(a, b, n_points)[None, :]
    if enc.n_value_codes == 0:
        enc.has_null = True  # nothing can be written without copying: the column samples as null
    return enc


_FRESH_POOLS = ("last_name", "first_name", "city", "company", "job", "street_name", "word")
_MAX_SHAPES = 64


def _locale_pool(source: str, locale: str) -> pl.Series:
    from simulacra.values import locale_pools

    p = locale_pools(locale)
    return {
        "last_name": p.last.values,
        "first_name": p.first_values,
        "city": p.places.city.values,
        "company": p.companies.values,
        "job": p.jobs.values,
        "street_name": p.streets.values,
        "word": p.words_capitalized,
    }[source]


def _shape(text: str) -> str:
    return "".join("A" if ch.isupper() else "a" if ch.islower() else "9" if ch.isdigit() else ch for ch in text)


def fresh_source(rare: pl.Series, counts: NDArray[np.float64]) -> dict[str, Any]:
    """What fresh values replace rare text values: the value engine's pool most of them belong
    to (at least a third of their rows), else their shapes (letters and digits drawn anew)."""
    from simulacra.values import SUPPORTED_LOCALES

    total = float(counts.sum()) or 1.0
    for locale in SUPPORTED_LOCALES:
        for source in _FRESH_POOLS:
            pool = _locale_pool(source, locale)
            share = float(counts[rare.is_in(pool.implode()).to_numpy()].sum()) / total
            if share >= 1 / 3:
                return {"kind": "pool", "source": source, "locale": locale}
    shapes: dict[str, float] = {}
    members: dict[str, list[str]] = {}
    for v, c in zip(rare.to_list(), counts.tolist(), strict=True):
        sh = _shape(v)
        shapes[sh] = shapes.get(sh, 0.0) + c
        members.setdefault(sh, []).append(v)
    top = sorted(shapes.items(), key=lambda kv: (-kv[1], kv[0]))[:_MAX_SHAPES]
    return {
        "kind": "shape",
        "shapes": [k for k, _ in top],
        "weights": [w for _, w in top],
        "fixed": [_fixed(members[k]) for k, _ in top],
    }


_FREE = "\0"  # a place of a shape drawn anew
_FIXED_MIN = 5  # values of one shape that must agree on a character before it is kept as it is


def _fixed(values: list[str]) -> str:
    """The characters every one of ``values`` (one shape) holds at a place, a NUL where they differ: an
    aircraft's ``D-A`` before three free letters (drawn anew, ``D-AVLT`` became ``U-ONZL``, no German
    registration). Fewer than ``_FIXED_MIN`` values agree by chance too often: nothing is kept."""
    if len(values) < _FIXED_MIN:
        return _FREE * len(values[0])
    return "".join(chars[0] if len(set(chars)) == 1 else _FREE for chars in zip(*values, strict=True))


def _bits(u: NDArray[np.float64], salt: int) -> NDArray[np.uint64]:
    z = (u * float(1 << 53)).astype(np.uint64) + np.uint64(salt * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF)
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def fresh_values(fresh: dict[str, Any], u: NDArray[np.float64]) -> pl.Series:
    """Fresh values for rows with uniforms ``u`` (deterministic in ``u``)."""
    if fresh["kind"] == "pool":
        pool = _locale_pool(fresh["source"], fresh["locale"])
        idx = (_bits(u, 1) % np.uint64(len(pool))).astype(np.int64)
        return pool.gather(idx)
    shapes, w = fresh["shapes"], np.cumsum(fresh["weights"])
    pick = np.minimum(np.searchsorted(w / w[-1], u, side="right"), len(shapes) - 1)
    out = []
    upper, lower, digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789"
    width = max(len(s) for s in shapes)
    draws = np.stack([_bits(u, 2 + k) for k in range(width)], axis=1) if len(u) else np.zeros((0, width), np.uint64)
    fixed = fresh.get("fixed") or [_FREE * len(sh) for sh in shapes]  # models saved before: nothing kept
    for r, j in enumerate(pick.tolist()):
        chars = []
        for k, ch in enumerate(shapes[j]):
            pool_chars = upper if ch == "A" else lower if ch == "a" else digits if ch == "9" else None
            if fixed[j][k] != _FREE:
                chars.append(fixed[j][k])
                continue
            chars.append(pool_chars[int(draws[r, k] % np.uint64(len(pool_chars)))] if pool_chars else ch)
        out.append("".join(chars))
    return pl.Series(out, dtype=pl.String)


def _decimals(x: NDArray[np.float64]) -> int | None:
    """The fewest decimals (0-6) that write every value exactly, None when more are needed."""
    v = x[np.isfinite(x)]
    for d in range(7):
        if np.allclose(v, np.round(v, d), rtol=0, atol=1e-9 * np.maximum(1.0, np.abs(v)).max(initial=1.0)):
            return d
    return None


_GRAINS = (2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10_000)
_GRAIN_VALUES = 50  # distinct values before a shared step is the source's, not chance
_GRAIN_SHARE = 0.99  # of the binned values on the step (a rare value off it, a census's 14999 floor, is drawn onto it)


def _grain(x: NDArray[np.float64], decimals: int | None) -> float | None:
    """The coarsest of ``_GRAINS`` times the last decimal place that ``_GRAIN_SHARE`` of the values of ``x`` are
    multiples of (house values in hundreds), when they hold ``_GRAIN_VALUES`` distinct values or more; None
    otherwise."""
    if decimals is None or len(np.unique(x)) < _GRAIN_VALUES:
        return None
    units = np.round(x * 10.0**decimals)
    if not np.allclose(units, x * 10.0**decimals, rtol=0, atol=1e-6):
        return None
    held = [g for g in _GRAINS if float((np.mod(units, g) == 0).mean()) >= _GRAIN_SHARE]
    return float(held[-1]) / 10.0**decimals if held else None


_TOD_POINTS = 65
_TOD_GAP = 2 * 3_600_000_000  # hours of the day no source value holds: this long at least (circular)
_TOD_LAST = 1.0 - 1e-6  # the clock's share at the day's last time: short of 1, so that time stays on its day


def times_of_day(x: NDArray[np.float64], step: int | None) -> list[list[float]] | None:
    """The source's clock: ``[time of day, share]`` points (microseconds after midnight; shares rising from 0
    to short of 1, flat between two points no source time lies between) when the source leaves ``_TOD_GAP``
    of the day or more empty (longer than its step) over at least two days; None otherwise (times all over
    the day, a date at midnight, a single day). The points are quantiles of the times of day, source times."""
    v = x[np.isfinite(x)]
    if len(v) < 20 or (step is not None and step >= _US_PER_DAY) or np.ptp(v) < 2 * _US_PER_DAY:
        return None
    t = np.sort(np.mod(v, _US_PER_DAY))
    u = np.unique(t)
    gaps = np.diff(np.r_[u, u[0] + _US_PER_DAY])
    if gaps.max() < max(_TOD_GAP, 2 * (step or 0)):
        return None
    # source times, not points between two (one between 03:59 and 20:00 would put a night shift's clock at noon),
    # and both ends of every empty stretch
    wide = np.flatnonzero(gaps[:-1] >= _TOD_GAP)
    knots = np.unique(
        np.r_[np.quantile(t, np.linspace(0, 1, _TOD_POINTS), method="inverted_cdf"), u[wide], u[wide + 1]]
    )
    # the clock: the share of source times before each point, none across a stretch that holds no source time
    below = (np.searchsorted(t, knots, side="left") + np.searchsorted(t, knots, side="right")) / 2.0
    held = np.searchsorted(t, knots[1:], side="left") - np.searchsorted(t, knots[:-1], side="right") > 0
    rise = np.r_[0.0, np.where(held, np.diff(below), 0.0) + 1e-9]
    shares = np.cumsum(rise) / float(rise.sum()) * _TOD_LAST
    return [[float(a), float(b)] for a, b in zip(knots, shares, strict=True)]


_WEEK_VALUES = 70  # an empty weekday among this many values is not chance: (6/7) ** 70 < 2e-5
_WEEK_DAYS = 28


def held_weekdays(x: NDArray[np.float64], unit: float) -> list[int] | None:
    """The weekdays (Monday = 0) a date or date-time column's source holds, when it leaves one or more empty
    over four weeks or more and ``_WEEK_VALUES`` values (business days, a weekly market); None otherwise."""
    v = x[np.isfinite(x)]
    if len(v) < _WEEK_VALUES:
        return None
    day = np.floor(v / unit).astype(np.int64)
    if int(day.max() - day.min()) < _WEEK_DAYS:
        return None
    held = np.flatnonzero(np.bincount((day + 3) % 7, minlength=7))  # 1970-01-01 was a Thursday
    return [int(d) for d in held] if len(held) < 7 else None


_MONTH_VALUES = 3  # distinct 1sts of a month before a date column is read as months


def on_month_starts(x: NDArray[np.float64]) -> bool:
    """Whether every date (days since 1970) is the 1st of its month, over ``_MONTH_VALUES`` distinct months or
    more (a few 1sts are a few dates, drawn as they are)."""
    v = x[np.isfinite(x)]
    if len(np.unique(v)) < _MONTH_VALUES:
        return False
    return bool((month_starts(v) == v).all())


def month_starts(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Dates (days since 1970) floored to the 1st of their month; NaN (null) stays NaN."""
    out = x.copy()
    ok = np.isfinite(x)
    days = np.floor(x[ok]).astype("datetime64[D]")
    out[ok] = days.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64).astype(np.float64)
    return out


def day_unit(kind: str) -> float:
    """A day in the units of :func:`to_float`: microseconds for a date-time, 1 for a date."""
    return float(_US_PER_DAY) if kind == "datetime" else 1.0


def warp(
    x: NDArray[np.float64],
    tod: list[list[float]] | None,
    weekdays: list[int] | None = None,
    unit: float = _US_PER_DAY,
) -> NDArray[np.float64]:
    """Dates or date-times (``unit`` per day) as days on the source's clock: the day, plus the clock's share
    at the time (``times_of_day``: hours no source value holds take no room); with ``weekdays``, the days
    counted over those weekdays only (a day the source never holds takes no room either). Monotone;
    :func:`unwarp` undoes it."""
    days = np.floor(x / unit)
    within = x - days * unit
    if tod is not None:
        t, share = np.asarray(tod, dtype=np.float64).T
        frac = np.interp(within, t, share)
    else:
        frac = within / unit
    if weekdays is None:
        return days + frac
    held = np.zeros(7, dtype=bool)
    held[weekdays] = True
    rank = np.cumsum(np.r_[0, held[:-1]])  # held weekdays before each weekday
    monday = days + 3  # days from a Monday
    week = np.floor(monday / 7)
    wd = np.nan_to_num(monday - 7 * week).astype(np.int64)
    # a day not held: the start of the next held day
    return week * len(weekdays) + rank[wd] + np.where(held[wd], frac, 0.0)


def unwarp(
    w: NDArray[np.float64],
    tod: list[list[float]] | None,
    weekdays: list[int] | None = None,
    unit: float = _US_PER_DAY,
) -> NDArray[np.float64]:
    days = np.floor(w)
    frac = w - days
    if weekdays is not None:
        k = len(weekdays)
        week = np.floor(days / k)
        r = np.nan_to_num(days - k * week).astype(np.int64)
        days = week * 7 + np.asarray(weekdays, dtype=np.float64)[r] - 3
    if tod is not None:
        t, share = np.asarray(tod, dtype=np.float64).T
        return days * unit + np.interp(frac, share, t)
    return days * unit + frac * unit


def on_step(
    x: NDArray[np.float64],
    step: float | None,
    lo: NDArray[np.float64] | float | None = None,
    hi: NDArray[np.float64] | float | None = None,
) -> NDArray[np.float64]:
    """``x`` (microseconds) rounded to the nearest multiple of ``step``, or inwards where the nearest leaves
    ``[lo, hi]`` (a row's window or observed range; scalars or per row); a row with no multiple inside its
    bounds keeps its value, nan stays nan. Monotone for rows sharing bounds: an order between them holds
    (ties are possible at coarse steps)."""
    if not step or step <= 1:
        return x
    r = np.round(x / step) * step
    if lo is not None:
        r = np.where(r < lo, np.ceil(np.asarray(lo) / step) * step, r)
    if hi is not None:
        r = np.where(r > hi, np.floor(np.asarray(hi) / step) * step, r)
    if lo is not None:
        r = np.where(r < lo, x, r)
    if hi is not None:
        r = np.where(r > hi, x, r)
    return np.asarray(r, dtype=np.float64)


def to_float(series: pl.Series, kind: str) -> NDArray[np.float64]:
    """Numbers, dates (days) and datetimes (microseconds) as float64, null -> nan (a new, writable array).

    Numbers, dates and microsecond datetimes are read through numpy (learned sampling converts many
    small frames, and each polars cast is a query of its own); other types are cast by polars, to the
    same values."""
    dtype = series.dtype
    fast = (
        (kind == "date" and dtype == pl.Date)
        or (kind == "datetime" and dtype == pl.Datetime("us"))
        or (kind not in ("date", "datetime") and (dtype.is_integer() or dtype.is_float()))
    )
    if fast:
        a = series.to_numpy()
        if a.dtype.kind == "M":  # datetime64[D] or [us], NaT for null
            out = a.view(np.int64).astype(np.float64)
            out[np.isnat(a)] = np.nan
            return out
        return np.array(a, dtype=np.float64)  # nulls are already nan; a copy, writable
    if kind in ("date", "datetime") and series.dtype == pl.String:
        series = _text_dates(series)  # in-memory frames keep dates as text (a month as ``2023-04``)
    if kind == "date":
        s = series.cast(pl.Date).cast(pl.Int64)
    elif kind == "datetime":
        s = series.cast(pl.Datetime("us")).cast(pl.Int64)
    else:
        s = series.cast(pl.Float64)
    return s.cast(pl.Float64).fill_null(np.nan).to_numpy()


#: a month written as text (a bill's ``period``, ``2023-04``) reads as its 1st, as the inspection profiles it
_MONTH_TEXT = "%Y-%m"


def _text_dates(series: pl.Series) -> pl.Series:
    """Text dates as date-times: ISO, else the first of the readers' formats (or a month, ``2023-04``) that reads
    every value; a located error where none does (a frame passed in memory, which no reader typed)."""
    from simulacra._text_dates import read_text_dates
    from simulacra.errors import DataValidationError, Location, Problem

    out = read_text_dates(series, (_MONTH_TEXT,))
    if out is not None:
        return out
    # the value to show: the first that no format reads on its own (a mix of formats shows its first value)
    values = series.drop_nulls().unique(maintain_order=True).head(200).to_list()
    bad = next((v for v in values if read_text_dates(pl.Series([v]), (_MONTH_TEXT,)) is None), values[0])
    raise DataValidationError(
        [
            Problem(
                Location(column=series.name),
                f"a date column holds text that no date format reads (e.g. {bad!r}); pass it as dates",
            )
        ]
    )


def from_float(x: NDArray[np.float64], kind: str, dtype: str, integer: bool) -> pl.Series:
    null = np.isnan(x)
    if kind == "date":
        days = np.where(null, 0, np.round(x)).astype(np.int64)
        if len(days) and (days.min() < -(2**31) or days.max() >= 2**31):
            s = pl.Series(days).cast(pl.Int32).cast(pl.Date)  # out of range: polars says so
        else:
            s = pl.Series(days.astype("datetime64[D]"))
    elif kind == "datetime":
        us = np.where(null, 0, np.round(x)).astype(np.int64)
        s = pl.Series(us).cast(pl.Datetime("us"))
        target = polars_dtype(dtype)
        if target != pl.Datetime("us"):
            s = s.cast(target)
    elif integer:  # a cast only where the type is not already the one made (each cast is a polars query)
        s = pl.Series(np.where(null, 0, np.round(x)).astype(np.int64))
        s = s if polars_dtype(dtype) == pl.Int64 else s.cast(polars_dtype(dtype))
    else:
        s = pl.Series(np.where(null, 0.0, x))
        s = s if polars_dtype(dtype) == pl.Float64 else s.cast(polars_dtype(dtype))
    return s.scatter(np.flatnonzero(null), None) if null.any() else s


_DTYPES: dict[str, pl.DataType] = {
    "Int8": pl.Int8(),
    "Int16": pl.Int16(),
    "Int32": pl.Int32(),
    "Int64": pl.Int64(),
    "UInt8": pl.UInt8(),
    "UInt16": pl.UInt16(),
    "UInt32": pl.UInt32(),
    "UInt64": pl.UInt64(),
    "Float32": pl.Float32(),
    "Float64": pl.Float64(),
    "String": pl.String(),
    "Boolean": pl.Boolean(),
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
