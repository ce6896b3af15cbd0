"""A learned child table's total kept within each parent's reach, as the reviewed spec's ``rows.total`` says
(issue 13, learn59).

``rows: {per, count, total}`` asks for ``total`` rows in all, each parent's count within the reach of ``count``
(its least to its largest); with ``by``/``counts``, each parent within the reach of ITS value's distribution (a
cancelled performance counted ``fixed: 0`` gets none). ``generate`` spreads the total so (engine-total57).
Learned sampling drew each parent's count from the model and matched the total over them (``_match_total``),
the spec's reach unread: a reviewed spec saying "no tickets for a cancelled performance" still sampled tickets
for the cancelled performances the source had sold some for (dev, ``benchmarks/learned_total_by_value.py``).

Here the learned counts are kept where the reach allows them and moved only where it does not: each parent's
count is first brought within its reach (a cancelled performance's to 0, a count past the largest down to it),
then the rows that leaves the total short (or over) are added to (or taken from) parents with room, picked in
proportion to their learned counts (so a parent the model gave more children takes more of the rest, and one it
gave none keeps none while others have room), the last few one by one in an order drawn from the seed. Counts
already within reach and adding up to the total are left as they are (the same bytes as before). A total the
sampled parents cannot hold (below the sum of their least, above the sum of their largest) is refused, naming
each value's parents and reach, located at the table's ``rows.total`` — except at a ``--scale`` other than 1
where the scaled rows' rounding explains the gap (no parents left, or at most one parent's children off): the
nearest total that fits, as ``generate`` does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.errors import Problem, SpecValidationError
from simulacra.generation.totals import count_reach
from simulacra.spec import model as m
from simulacra.spec.count_bins import by_keys
from simulacra.spec.plan import Plan
from simulacra.synth._toward_total import toward_total

__all__ = ["Reach", "parent_reach", "within_reach"]

_ROUNDS = 40  # weighted rounds before the last rows go one by one


@dataclass(frozen=True)
class Reach:
    """Each parent row's least and largest children, and how to say them (per value: parents, least, largest)."""

    lo: NDArray[np.int64]
    hi: NDArray[np.int64]
    groups: list[tuple[str, int, int, int]]


def parent_reach(rows: m.RowsPerParent, parent: pl.DataFrame) -> Reach:
    """Per row of ``parent``, the reach of the count the spec gives it: its ``by`` value's distribution in
    ``counts`` (its value read as text, as ``generate`` reads it), else ``count``."""
    assert rows.count is not None
    n = parent.height
    lo0, hi0 = count_reach(rows.count)
    lo, hi = np.full(n, lo0, dtype=np.int64), np.full(n, hi0, dtype=np.int64)
    rest = np.ones(n, dtype=bool)
    groups: list[tuple[str, int, int, int]] = []
    if rows.by is not None and rows.counts:  # (kept of the parent when trimmed: ``kept_columns``)
        values = by_keys(rows, parent.get_column(rows.by))
        for value, d in rows.counts.items():
            mask = values == str(value)
            a, b = count_reach(d)
            lo[mask], hi[mask] = a, b
            rest &= ~mask
            if mask.any():
                groups.append((repr(str(value)), int(mask.sum()), a, b))
    if rest.any():
        name = "of other values ('count')" if groups or rows.by is not None else "(the count's reach)"
        groups.insert(0, (name, int(rest.sum()), lo0, hi0))
    return Reach(lo, hi, groups)


def within_reach(
    counts: NDArray[np.int64],
    reach: Reach,
    target: int | None,
    stream: Stream,
    *,
    plan: Plan,
    table: str,
    rows: m.RowsPerParent,
    scale: float,
    room: NDArray[np.int64] | None = None,
    nearest: bool = False,
) -> NDArray[np.int64]:
    """``counts`` (the learned children per parent row) within ``reach`` and adding up to ``target`` (see the
    module; None: each count brought within reach, no total kept); ``room``: a bound of the rows' own beside the
    reach (a ``distinct`` key's candidates). A target the reach cannot hold: a located error, or at another scale
    the nearest that fits; ``nearest``: always the nearest that fits (a size the spec does not set: the real
    size of ``exact_sizes``)."""
    hi = reach.hi if room is None else np.minimum(reach.hi, room)
    lo = np.minimum(reach.lo, hi)
    out = np.clip(np.asarray(counts, dtype=np.int64), lo, hi)
    if target is None:
        return out
    if nearest:
        target = min(max(target, int(lo.sum())), int(hi.sum()))
    target = _fitted(
        target,
        int(lo.sum()),
        int(hi.sum()),
        int(hi.max()) if len(hi) else 0,
        plan,
        table,
        rows,
        scale,
        reach,
        room is not None,
    )
    if int(out.sum()) == target:
        return out
    out = toward_total(out, target, lo, hi, stream, _ROUNDS)
    diff = target - int(out.sum())
    if diff:  # the last rows one by one, parents in an order drawn from the seed, each to its end of the reach
        order = np.argsort(stream.child("rest").uniform(np.arange(len(out), dtype=np.int64)), kind="stable")
        gap = (hi - out if diff > 0 else out - lo)[order]
        before = np.cumsum(gap) - gap
        take = np.clip(abs(diff) - before, 0, gap)
        out[order] += take if diff > 0 else -take
    return out


def _fitted(
    target: int,
    low: int,
    high: int,
    most: int,
    plan: Plan,
    table: str,
    rows: m.RowsPerParent,
    scale: float,
    reach: Reach,
    capped: bool,
) -> int:
    """``target`` where the parents' reach holds it; at a scale other than 1, where the rounding of the scaled
    rows explains the gap (no parents left, or at most one parent's children off), the nearest that fits; else
    a located error."""
    if low <= target <= high:
        return target
    if scale != 1 and (high == 0 or max(low - target, target - high) <= most + 1):
        return min(max(target, low), high)
    at = "" if scale == 1 else f" ({rows.total:,} at --scale {scale:g})"
    by = f" by {rows.by}" if rows.by is not None else ""
    mix = ", ".join(f"{n:,} {name} ({a} to {b} each)" for name, n, a, b in reach.groups)
    cap = "; a distinct key's candidates cap some" if capped else ""
    raise SpecValidationError(
        [
            Problem(
                plan.index.location(("tables", table, "rows", "total"), table=table),
                f"rows.total: {target:,} rows{at} cannot be spread over the {len(reach.lo):,} sampled rows of "
                f"'{rows.per}'{by}: {mix}{cap}; between {low:,} and {high:,} fit",
            )
        ]
    )
