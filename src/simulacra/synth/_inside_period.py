"""A child's date inside its parent's laid period (a call inside its subscription, a rent payment inside its
tenancy, a procedure inside its admission).

``sample`` lays a parent's ``periods`` one after another (``synth._following``): a period may start elsewhere
than drawn, or be shorter. Its children are drawn after it, their dates from its start (their gaps, their
window ``start + lo .. start + hi``), but their number and spread from the row as drawn, so some fell past its
laid end (a call inside its subscription 0.95 → 0.94 with the laying: ``benchmarks/learn_heldout_telecom.py``).

Learned at fit, per child date column and the parent's ``periods`` rule: kept where every source child with a
dated parent lies inside ``[start, end]`` (a date-time child of a date period: up to the end day's last
moment; an open end bounds nothing). At sample, each parent's children are moved inside its laid period: a
date before the start goes to the start; where the latest child passes a closed end, the children's distances
from the start are scaled by ``length / latest``, so they keep their order and spacing and the latest lands on
the end. No draw: the same rows give the same dates.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.synth._encoding import from_float, to_float

__all__ = ["Inside", "keep_inside", "learn_inside"]

_DAY_US = 86_400_000_000
#: dated children (with a dated parent) below which a source that keeps them inside is no evidence of a rule
_LEAST_ROWS = 20


@dataclass(frozen=True)
class Inside:
    """A child date ``column`` (``kind``: date / datetime) kept inside its parent's ``start`` .. ``end``;
    ``whole_day``: the parent's dates are days and the child's moments, so the end day counts whole."""

    column: str
    kind: str
    start: str
    end: str
    whole_day: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)  # the fields, in their order: what from_json reads

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Inside:
        return cls(str(d["column"]), str(d["kind"]), str(d["start"]), str(d["end"]), bool(d["whole_day"]))


def _bounds(parent: pl.DataFrame, rule: Inside, pidx: NDArray[np.int64]) -> tuple[NDArray[np.float64], ...]:
    """Each row's parent start and last moment (NaN: none, or open), in the child's units."""

    def read(col: str) -> NDArray[np.float64]:
        s = parent.get_column(col)
        s = s.cast(pl.Datetime("us")) if rule.kind == "datetime" else s.cast(pl.Date)
        return to_float(s, rule.kind)[pidx]

    lo, hi = read(rule.start), read(rule.end)
    if rule.whole_day:
        hi = hi + (_DAY_US - 1)
    return lo, hi


def learn_inside(
    frame: pl.DataFrame,
    kinds: dict[str, str],
    pidx: NDArray[np.int64],
    parent: pl.DataFrame,
    periods: list[tuple[str, str]],
) -> list[Inside]:
    """The child date columns the source keeps inside the parent's period, for each ``(start, end)`` the parent
    lays (``pidx``: each row's parent, -1 none)."""
    out: list[Inside] = []
    has = pidx >= 0
    for start, end in periods:
        if start not in parent.columns or end not in parent.columns:
            continue
        if not (parent.schema[start].is_temporal() and parent.schema[end].is_temporal()):
            continue
        for col, kind in kinds.items():
            if kind not in ("date", "datetime") or col not in frame.columns or not frame.schema[col].is_temporal():
                continue
            whole_day = kind == "datetime" and parent.schema[start] == pl.Date
            rule = Inside(col, kind, start, end, whole_day)
            x = to_float(frame.get_column(col), kind)[has]
            lo, hi = _bounds(parent, rule, pidx[has])
            seen = ~np.isnan(x) & ~np.isnan(lo)
            if seen.sum() < _LEAST_ROWS:
                continue
            x, lo, hi = x[seen], lo[seen], hi[seen]
            if (x >= lo).all() and (np.isnan(hi) | (x <= hi)).all():
                out.append(rule)
    return out


def keep_inside(
    frame: pl.DataFrame, rule: Inside, pidx: NDArray[np.int64], parent: pl.DataFrame, step: int | None
) -> pl.DataFrame:
    """The rows' ``rule.column`` moved inside their parent's laid period (see the module); ``step``: a
    date-time's step in microseconds (its moved values are floored to it), None: none."""
    if rule.column not in frame.columns or not frame.height:
        return frame
    x = to_float(frame.get_column(rule.column), rule.kind)
    has = pidx >= 0
    lo, hi = np.full(len(x), np.nan), np.full(len(x), np.nan)
    lo[has], hi[has] = _bounds(parent, rule, pidx[has])
    seen = ~np.isnan(x) & ~np.isnan(lo)
    if not seen.any():
        return frame
    off = np.where(seen, np.maximum(x - lo, 0.0), np.nan)
    # per parent: the latest child's distance from the start, against the laid length
    group = np.where(seen, pidx, -1)
    latest = np.zeros(int(pidx.max()) + 1 if has.any() else 1)
    np.maximum.at(latest, group[seen], off[seen])
    length = hi - lo
    far = latest[np.maximum(group, 0)]
    over = seen & ~np.isnan(length) & (far > length)
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.where(over, off * np.where(far > 0, length / far, 0.0), off)
    moved = seen & ((x < lo) | over)
    if not moved.any():
        return frame
    if rule.kind == "date":
        scaled = np.floor(scaled + 1e-9)
    elif step:
        scaled = np.floor(scaled / step) * step  # the start is a day or on the step: the sum stays on it
    new = np.where(moved, lo + scaled, x)
    values = from_float(new, rule.kind, str(frame.schema[rule.column]), False).cast(frame.schema[rule.column])
    return frame.with_columns(values.alias(rule.column))
