"""Dates across tables: a child's date within its parent's period, and within the observed range.

Learned at fit from the real rows, per learned date column of a table:

* the **observed range** ``[min, max]``: no sampled date falls outside it;
* a **window** relative to the context parent, when one explains the column tightly: the
  offsets ``child - parent`` to a parent date (a transaction on or after its account
  opened: ``0 .. 2,100`` days), or the years between the child's date and a parent's year
  column (a race in its season: ``0 .. 0`` years). Every real row lies inside its window by
  construction, so keeping it costs nothing; of several parent columns the tightest (the
  narrowest window relative to the column's span) is kept.

At sample, dates outside ``[parent + lo, parent + hi] ∩ [min, max]`` are redrawn uniformly
inside it (seeded per row), so the few that escape do not pile up on the bounds; an event
sequence's date (ordered within its parent) is spread between its parent's last date inside and the
bound instead, which keeps its order without ties. A row
whose parent's window lies wholly outside the observed range is left out (it cannot be placed).

**Dates across branches** (:class:`Span`): a table with a second parent (a race result's
driver, besides its race) learns the days between a date it reaches through its context (its
own date, or its context parent's: the race day) and a date of the second parent (the driver's
birth): an age at the event. The bounds are the observed ``[min, max]``; a span is kept only
when it is evidence (with the second parent's dates shuffled among the rows, at least 5% and 20
of them fall outside). At sample, a row whose second parent breaks the span is given another
parent inside it (drawn evenly among the parent rows whose date fits, seeded; no parent twice
among one context parent's children when the key is ``distinct``); a row with no parent inside
keeps its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.synth._encoding import (
    datetime_step,
    day_unit,
    from_float,
    held_weekdays,
    on_step,
    times_of_day,
    to_float,
    unwarp,
    warp,
)
from simulacra.synth._following import run_max

__all__ = [
    "Span",
    "Window",
    "apply_windows",
    "learn_spans",
    "repair_spans",
    "span_from_json",
    "window_bounds",
    "window_from_json",
]

_TIGHT = float("inf")
_DAY_US = 86_400_000_000


@dataclass(frozen=True)
class Window:
    column: str
    kind: str  # date | datetime
    lo: float  # offsets from the parent (days / microseconds, or years when unit == "year")
    hi: float
    min: float  # observed range of the column (days / microseconds)
    max: float
    parent_column: str | None = None
    unit: Literal["same", "year"] = "same"
    #: a datetime column's step (microseconds, ``encoding.datetime_step``): dates placed here land on it,
    #: rounded inside the window; None: microseconds, a date, or a model from before
    step: int | None = None
    #: a datetime column's clock (``encoding.times_of_day``): dates redrawn inside the window land in the hours
    #: of the day the source holds; None: times all over the day, a date, or a model from before
    tod: list[list[float]] | None = None
    #: the weekdays the source holds (``encoding.held_weekdays``): dates redrawn inside the window land on them
    weekdays: list[int] | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _year_start(year: NDArray[np.float64], kind: str) -> NDArray[np.float64]:
    days = np.array(
        [
            (dt.date(int(y), 1, 1) - dt.date(1970, 1, 1)).days if np.isfinite(y) and 1 <= y <= 9998 else np.nan
            for y in year
        ],
        dtype=np.float64,
    )
    return days * (_DAY_US if kind == "datetime" else 1)


def _is_year(s: pl.Series) -> bool:
    if not s.dtype.is_integer() or s.drop_nulls().len() == 0:
        return False
    lo, hi = int(s.min()), int(s.max())  # type: ignore[arg-type]
    return 1000 <= lo and hi <= 3000


def _parent_values(parent: pl.Series, kind: str) -> NDArray[np.float64]:
    if parent.dtype.is_temporal():
        return to_float(parent.cast(pl.Datetime("us")) if kind == "datetime" else parent.cast(pl.Date), kind)
    return to_float(parent.cast(pl.Float64), "numeric")


def learn_windows(
    frame: pl.DataFrame, kinds: dict[str, str], pidx: NDArray[np.int64] | None, parent: pl.DataFrame | None
) -> list[Window]:
    out: list[Window] = []
    for c, kind in kinds.items():
        if kind not in ("date", "datetime") or c not in frame.columns:
            continue
        x = to_float(frame.get_column(c), kind)
        ok = ~np.isnan(x)
        if not ok.any():
            continue
        xmin, xmax = float(x[ok].min()), float(x[ok].max())
        step = datetime_step(x) if kind == "datetime" else None
        tod = times_of_day(x, step) if kind == "datetime" else None
        weekdays = held_weekdays(x, day_unit(kind))
        span = max(xmax - xmin, 1.0)
        best: Window | None = None
        best_width = _TIGHT
        # the parent column bounding the child closest from below, and from above (a procedure between its
        # admission and its discharge): (slack, window)
        sides: list[tuple[float, Window | None]] = [(_TIGHT, None), (_TIGHT, None)]
        if pidx is not None and parent is not None and len(pidx) == frame.height:
            for p in parent.columns:
                try:
                    found = _offsets(frame, c, kind, x, ok, span, parent.get_column(p), pidx)
                except (pl.exceptions.PolarsError, ValueError, OverflowError):
                    continue  # a parent column that cannot be read as a date or a year (time zones...)
                if found is None:
                    continue
                lo, hi, width, unit, valid, off = found
                if valid.mean() < 0.99:
                    continue
                w = Window(c, kind, lo, hi, xmin, xmax, p, unit, step, tod, weekdays)
                if width <= best_width:
                    best, best_width = w, width
                if unit == "same":
                    for i, slack in enumerate((np.median(off[valid] - lo) / span, np.median(hi - off[valid]) / span)):
                        if slack < sides[i][0]:
                            sides[i] = (float(slack), w)
        out.append(best or Window(c, kind, 0.0, 0.0, xmin, xmax, step=step, tod=tod, weekdays=weekdays))
        # a period: the other side's bound, when another parent column holds it closer than the tightest
        # window does (both hold for every source row, so their intersection does too)
        for _, side in sides:
            if (
                best is not None
                and side is not None
                and side.parent_column not in {v.parent_column for v in out if v.column == c}
            ):
                out.append(side)
    return out


def _offsets(
    frame: pl.DataFrame,
    c: str,
    kind: str,
    x: NDArray[np.float64],
    ok: NDArray[np.bool_],
    span: float,
    s: pl.Series,
    pidx: NDArray[np.int64],
) -> tuple[float, float, float, Literal["same", "year"], NDArray[np.bool_], NDArray[np.float64]] | None:
    """(lo, hi, width relative to the column's span, unit, rows with an offset, the offsets) against one parent
    column."""
    unit: Literal["same", "year"]
    if s.dtype == pl.Date or isinstance(s.dtype, pl.Datetime):
        off = x - _parent_values(s, kind)[pidx]
        unit = "same"
    elif _is_year(s) and "year" in str(s.name).lower():
        years = frame.get_column(c).cast(pl.Datetime("us") if kind == "datetime" else pl.Date).dt.year()
        off = years.cast(pl.Float64).fill_null(np.nan).to_numpy() - _parent_values(s, kind)[pidx]
        unit = "year"
    else:
        return None
    valid = ok & ~np.isnan(off)
    if not valid.any():
        return None
    lo, hi = float(off[valid].min()), float(off[valid].max())
    if unit == "same":
        width = (hi - lo) / span
    else:
        width = (hi - lo + 1) * 365.25 * (_DAY_US if kind == "datetime" else 1) / span
    return lo, hi, width, unit, valid, off


def apply_windows(
    frame: pl.DataFrame,
    windows: list[Window],
    pidx: NDArray[np.int64] | None,
    parent: pl.DataFrame | None,
    stream: Stream,
    clip: frozenset[str] = frozenset(),
    first_row: int = 0,
) -> tuple[pl.DataFrame, NDArray[np.bool_] | None]:
    """Redraw dates outside their window (and the observed range) uniformly inside it; columns in
    ``clip`` (an event sequence, ordered within each parent) are clamped instead, which keeps the order.
    ``first_row``: the row id of the frame's first row (a run of a table drawn in runs of its parents).

    Also returns which rows to keep (None: all): a row whose parent's window lies wholly outside
    the observed range cannot be placed (a transaction of an account opened after the last one seen)."""
    keep = np.ones(frame.height, dtype=bool)
    if frame.height == 0:
        return frame, None
    rows = np.arange(first_row, first_row + frame.height, dtype=np.int64)
    cols = []
    by_column: dict[str, list[Window]] = {}
    for w in windows:  # a column's windows (one per parent column bounding it) are intersected
        by_column.setdefault(w.column, []).append(w)
    for ws in by_column.values():
        w = ws[0]
        if w.column not in frame.columns:
            continue
        x = to_float(frame.get_column(w.column), w.kind)
        lo, hi, clashed = _intersected(ws, frame.height, pidx, parent)
        keep &= ~(clashed & ~np.isnan(x))
        bad = ~np.isnan(x) & ((x < lo) | (x > hi))
        # every date on the column's step (an event date cumulated from gaps, a distance from another date):
        # rounded inside its window, the same for a parent's rows, so their order holds (ties are possible)
        off_step = w.step is not None and bool(np.any(np.round(x[~np.isnan(x)]) % w.step))
        if not bad.any() and not off_step:
            continue
        if bad.any():
            u = stream.child(w.column).uniform(rows)
            # on the source's clock where it has one (hours of the day it leaves empty take no room): a
            # redrawn or spread date lands in the hours the source holds; the clock is monotone, so order holds
            tod = w.tod if w.kind == "datetime" else None
            unit = day_unit(w.kind)
            clock = tod is not None or w.weekdays is not None
            cx, clo, chi = (warp(v, tod, w.weekdays, unit) for v in (x, lo, hi)) if clock else (x, lo, hi)
            if w.column not in clip:
                new = clo + u * (chi - clo)
            elif pidx is not None:  # an event sequence within its parents: spread, no ties
                new = _squeeze(cx, clo, chi, pidx)
            else:  # dates after another of their row (offsets): clamped, which keeps them after it
                new = np.clip(cx, clo, chi)
            if clock:
                new = unwarp(new, tod, w.weekdays, unit)
                new = np.clip(np.floor(new) if w.kind == "date" else new, lo, hi)
            if w.kind == "date":
                new = np.floor(new + 0.5)
            x = np.where(bad, new, x)
        if w.column in clip and pidx is not None and w.kind == "date":  # whole days: a day is the step
            x = _steps_in_order(np.floor(x + 0.5), 1, lo, hi, pidx, bad, days=True)
        elif w.column in clip and pidx is not None:
            x = _steps_in_order(x, w.step, lo, hi, pidx, bad)
        else:
            x = on_step(x, w.step, lo, hi)
        dtype = "Date" if w.kind == "date" else str(frame.schema[w.column])
        cols.append(
            from_float(
                x, w.kind, dtype if w.kind == "date" else "Datetime(time_unit='us', time_zone=None)", w.kind == "date"
            )
            .cast(frame.schema[w.column])
            .alias(w.column)
        )
    return (frame.with_columns(cols) if cols else frame), (None if keep.all() else keep)


def window_bounds(
    windows: list[Window], column: str, n: int, pidx: NDArray[np.int64] | None, parent: pl.DataFrame | None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Each row's bounds for ``column`` (days or microseconds): its windows intersected, as ``apply_windows``
    places dates (a parent's window wholly outside the observed range: the observed range)."""
    ws = [w for w in windows if w.column == column]
    if not ws:
        return np.full(n, -np.inf), np.full(n, np.inf)
    lo, hi, _ = _intersected(ws, n, pidx, parent)
    return lo, hi


def _intersected(
    ws: list[Window], n: int, pidx: NDArray[np.int64] | None, parent: pl.DataFrame | None
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """One column's windows intersected per row: its observed range, narrowed by each parent's window; and the
    rows where a parent's window lies wholly outside that range (no date fits: that window is not applied)."""
    lo, hi = np.full(n, ws[0].min), np.full(n, ws[0].max)
    clashed = np.zeros(n, dtype=bool)
    for v in ws:
        if v.parent_column is None or pidx is None or parent is None or v.parent_column not in parent.columns:
            continue
        px = _parent_values(parent.get_column(v.parent_column), v.kind)[pidx]
        if v.unit == "year":
            plo, phi = _year_start(px + v.lo, v.kind), _year_start(px + v.hi + 1, v.kind) - 1  # Jan 1 .. Dec 31
        else:
            plo, phi = px + v.lo, px + v.hi
        has = ~np.isnan(plo) & ~np.isnan(phi)
        nlo, nhi = np.where(has, np.maximum(lo, plo), lo), np.where(has, np.minimum(hi, phi), hi)
        clash = nlo > nhi  # the parent's window outside the observed range: no date fits
        clashed |= clash
        lo, hi = np.where(clash, lo, nlo), np.where(clash, hi, nhi)
    return lo, hi, clashed


def _squeeze(
    x: NDArray[np.float64], lo: NDArray[np.float64], hi: NDArray[np.float64], group: NDArray[np.int64]
) -> NDArray[np.float64]:
    """An event sequence's dates moved inside ``[lo, hi]`` keeping their order without ties: a parent's
    dates (``group``: each row's parent) past ``hi`` are spread evenly, in their order, between its last date inside and ``hi`` (those
    before ``lo`` between ``lo`` and its first date inside). Clamped onto the bound they would all be equal
    (a route's last stops all arriving at its return, where the source's times strictly increase)."""
    out = np.clip(x, lo, hi)
    for side in (1, -1):
        over = ~np.isnan(x) & ((x > hi) if side > 0 else (x < lo))
        if not over.any():
            continue
        inside = ~np.isnan(x) & (x >= lo) & (x <= hi)
        idx = np.flatnonzero(over)
        # by parent, nearest the bound last; equal dates in their row order (reversed below the window, whose
        # rows are spread down from the parent's first date inside)
        order = idx[np.lexsort((side * idx, side * x[idx], group[idx]))]
        g = group[order]
        starts = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
        counts = np.diff(np.r_[starts, len(order)])
        j = np.arange(len(order)) - np.repeat(starts, counts) + 1  # 1..k within the parent
        k = np.repeat(counts, counts)
        bound = (hi if side > 0 else lo)[order]
        # the parent's nearest date inside on that side (its other bound when none is inside)
        nearest = np.full(int(group.max()) + 1 if len(group) else 1, -np.inf if side > 0 else np.inf)
        (np.maximum if side > 0 else np.minimum).at(nearest, group[inside], x[inside])
        edge = nearest[g]
        # none inside: the other bound, or the middle when dates pass the other bound too
        both = np.zeros(len(nearest), dtype=bool)
        both[group[~np.isnan(x) & ((x < lo) if side > 0 else (x > hi))]] = True
        far = np.where(both[g], (lo[order] + hi[order]) / 2, (lo if side > 0 else hi)[order])
        edge = np.where(np.isfinite(edge), edge, far)
        out[order] = edge + (bound - edge) * j / (k + 1) if side > 0 else edge - (edge - bound) * j / (k + 1)
    return out


def _steps_in_order(
    x: NDArray[np.float64],
    step: int | None,
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
    group: NDArray[np.int64],
    apart: NDArray[np.bool_],
    *,
    days: bool = False,
) -> NDArray[np.float64]:
    """An event sequence's dates (each parent's rows in their order; ``group``: the row's parent) on ``step``
    inside ``[lo, hi]`` (the same for a parent's rows): rounded (``on_step``), then a date that rounding tied
    with, or put before, the one before it is moved on by whole steps, where the dates increased or the row is
    in ``apart`` (dates the window spread, ``_squeeze``: apart however close the bound left them), as far as
    ``hi`` leaves room, the dates before moved back where it does not (a parent's stops 40 s apart at a
    minute's step: a minute apart, not at one time); with no room, ties. Never decreasing within a parent.
    ``days``: whole days (``x`` already on them, ``step`` 1): an enrolment's attendance days spread to the end
    of its window no longer land two on its last day (2.4% of a school's sampled (enrolment, day) pairs
    repeated, none in the source)."""
    y = on_step(x, step, lo, hi)
    ok = np.flatnonzero(~np.isnan(x))
    if not step or (step <= 1 and not days) or len(ok) < 2:
        return y
    order = ok[np.lexsort((ok, group[ok]))]
    g, xs, ys = group[order], x[order], y[order]
    first = np.r_[True, g[1:] != g[:-1]]
    gid = np.cumsum(first) - 1
    # a spread date is apart from the dates on both sides of it (one spread up to a bound that the next date sits
    # on: a meter's first reading moved up to the range's first day, where its second was read)
    spread = apart[order]
    up = np.r_[0.0, (((xs[1:] > xs[:-1]) | spread[1:] | spread[:-1]) & ~first[1:]).astype(np.float64)]
    total = np.cumsum(up)
    k = total - total[np.flatnonzero(first)][gid]  # increases so far within the parent
    moved = run_max(ys - k * step, gid) + k * step  # at least a step after the date before, where it rose
    last_k = np.maximum.reduceat(k, np.flatnonzero(first))[gid]
    # back from hi where the steps ran past it (both sides rise a step at each increase: so does their least),
    # never below lo (there, without room, ties)
    moved = np.minimum(moved, np.floor(hi[order] / step) * step - (last_k - k) * step)
    moved = np.maximum(moved, np.ceil(lo[order] / step) * step)
    y[order] = np.where(ys % step == 0, moved, ys)  # (a parent with no step inside its window: as it was)
    return y


def window_from_json(data: dict[str, Any]) -> Window:
    return Window(**data)


# ----------------------------------------------------------------------------- dates across branches

_SPAN_MISSES = 0.05  # with the far dates shuffled, at least this share of rows ...
_SPAN_MIN_MISSES = 20  # ... and this many fall outside the span: otherwise it is no evidence


@dataclass(frozen=True)
class Span:
    """Days from a second parent's date to a date the row reaches through its context, in ``[lo, hi]``."""

    fk: str  # foreign key column to the second parent
    far: str  # that parent's date column (a driver's birth date)
    near: str  # the row's own date column, or the context parent's (``in_parent``)
    in_parent: bool
    lo: float  # days
    hi: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def span_from_json(data: dict[str, Any]) -> Span:
    return Span(**data)


def _days(s: pl.Series) -> NDArray[np.float64]:
    if s.dtype == pl.Date:
        return s.cast(pl.Int64).cast(pl.Float64).fill_null(np.nan).to_numpy()
    return (s.cast(pl.Datetime("us")).cast(pl.Int64).cast(pl.Float64) / 86_400_000_000).fill_null(np.nan).to_numpy()


def _temporal(frame: pl.DataFrame) -> list[str]:
    return [c for c, t in frame.schema.items() if t == pl.Date or isinstance(t, pl.Datetime)]


def learn_spans(
    frame: pl.DataFrame,
    pidx: NDArray[np.int64] | None,
    parent: pl.DataFrame | None,
    others: dict[str, tuple[pl.DataFrame, NDArray[np.int64]]],
    seed: int = 0,
) -> list[Span]:
    """One span per second foreign key (``others``: column -> (its parent's rows, parent row per row)):
    the near/far pair whose shuffled pairing breaks it most often."""
    nears: list[tuple[str, bool, NDArray[np.float64]]] = [
        (c, False, _days(frame.get_column(c))) for c in _temporal(frame)
    ]
    if parent is not None and pidx is not None and len(pidx) == frame.height:
        ok = pidx >= 0
        for c in _temporal(parent):
            px = _days(parent.get_column(c))
            nears.append((c, True, np.where(ok, px[np.maximum(pidx, 0)], np.nan)))
    out: list[Span] = []
    rng = np.random.default_rng(seed)
    for fk, (other, sidx) in others.items():
        best: tuple[float, Span] | None = None
        for far_col in _temporal(other):
            fx = _days(other.get_column(far_col))
            far = np.where(sidx >= 0, fx[np.maximum(sidx, 0)], np.nan)
            for near_col, in_parent, near in nears:
                off = near - far
                valid = ~np.isnan(off)
                n = int(valid.sum())
                if n < _SPAN_MIN_MISSES:
                    continue
                lo, hi = float(off[valid].min()), float(off[valid].max())
                shuffled = near[valid] - rng.permutation(far[valid])
                misses = int(((shuffled < lo) | (shuffled > hi)).sum())
                if misses < _SPAN_MIN_MISSES or misses < _SPAN_MISSES * n:
                    continue
                if best is None or misses / n > best[0]:
                    best = (misses / n, Span(fk, far_col, near_col, in_parent, lo, hi))
        if best is not None:
            out.append(best[1])
    return out


def repair_spans(
    spans: list[Span],
    fk: str,
    assigned: NDArray[np.int64],
    frame: pl.DataFrame,
    pidx: NDArray[np.int64] | None,
    parent: pl.DataFrame | None,
    other: pl.DataFrame,
    stream: Stream,
    distinct: bool = False,
) -> NDArray[np.int64]:
    """Second-parent rows for ``fk`` with every learned span kept where a parent row allows it."""
    for sp in spans:
        if sp.fk != fk or sp.far not in other.columns or not len(assigned):
            continue
        if sp.in_parent:
            if parent is None or pidx is None or sp.near not in parent.columns:
                continue
            near = np.where(pidx >= 0, _days(parent.get_column(sp.near))[np.maximum(pidx, 0)], np.nan)
        elif sp.near in frame.columns:
            near = _days(frame.get_column(sp.near))
        else:
            continue
        fx = _days(other.get_column(sp.far))
        far = np.where(assigned >= 0, fx[np.maximum(assigned, 0)], np.nan)
        off = near - far
        bad = np.flatnonzero(~np.isnan(off) & ((off < sp.lo) | (off > sp.hi)))
        if not len(bad):
            continue
        have = np.flatnonzero(~np.isnan(fx))
        order = have[np.argsort(fx[have], kind="stable")]
        sorted_far = fx[order]
        # the far date must lie in [near - hi, near - lo]
        a = np.searchsorted(sorted_far, near[bad] - sp.hi, side="left")
        b = np.searchsorted(sorted_far, near[bad] - sp.lo, side="right")
        size = b - a
        taken: set[tuple[int, int]] = set()
        if distinct and pidx is not None:
            taken = set(zip(pidx.tolist(), assigned.tolist(), strict=True))
        fixed = assigned.copy()
        for attempt in range(8):
            u = stream.child(fk, sp.far, attempt).uniform(bad)
            pick = order[np.minimum(a + (u * size).astype(np.int64), len(order) - 1)] if len(order) else a
            for i, row in enumerate(bad.tolist()):
                if size[i] <= 0 or fixed[row] != assigned[row]:
                    continue
                cand = int(pick[i])
                if distinct and pidx is not None:
                    key = (int(pidx[row]), cand)
                    if key in taken:
                        continue
                    taken.discard((int(pidx[row]), int(assigned[row])))
                    taken.add(key)
                fixed[row] = cand
        assigned = fixed
    return assigned
