"""A period's children at a rate over its laid length (issue 13): a subscription's calls, a tenancy's rent
payments, a loan's repayments, an admission's procedures — as many as the period runs long.

``sample`` draws a parent's number of children from its codes as first drawn, then lays the parent's
``periods`` one after another (``synth._following``), which moves or shrinks them: the count followed neither
the laid period nor, through the count model's binned codes, much of its length (corr(months, calls) 0.58
against the source's 0.71: ``benchmarks/learn_heldout_telecom.py``).

Learned at fit, for a child table whose context parent lays a ``periods`` rule: each parent's length in days
(inclusive: a one-day period is 1; an open one runs to the latest date the source's periods hold) and its
children. Kept as a rule where the count grows with the length — their correlation at least ``MIN_CORR`` — and
the per-day rate is steadier than the count (a smaller spread, IQR over median): a count a parent draws whatever
its length (one contract document per tenancy) gets none. What is kept are the rate's quantiles per band of
length (the source's length quartiles, fewer with few parents), so a rate that differs between short and long
periods (a short stay's one procedure a day) is kept too. At sample each parent draws a rate from its laid
length's band, and the counts the model drew are handed out in the order of ``rate × laid length`` (ties by a
second draw): the longest periods at the highest rates get the most, while the counts themselves — their
spread, their zeros, their total — stay those drawn (a count drawn as ``rate × length`` afresh matched the
source's corr(months, calls) but not its spread of calls per subscription). Both draws are addressed by the
parent's row, so the same parents and seed give the same counts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.synth._encoding import to_float

__all__ = ["PeriodRate", "counts_at_rate", "learn_period_rate"]

#: parents with a dated period below which a count growing with length is no evidence of a rate
MIN_PARENTS = 30
#: correlation of length and count at which the count is read as growing with the length
MIN_CORR = 0.3
#: parents per band of length (at most 4 bands: the source's length quartiles)
BAND_PARENTS = 40
_QUANTILES = np.linspace(0.0, 1.0, 41)
_DAY_US = 86_400_000_000


@dataclass(frozen=True)
class PeriodRate:
    """Children per day of the parent's ``start`` .. ``end`` (``kind``: date / datetime): ``observed_to`` (in
    :func:`to_float` units) where an open period ends, ``edges`` the inner edges of the length bands (days),
    ``rates`` per band the quantiles of the per-day rate."""

    start: str
    end: str
    kind: str
    observed_to: float
    edges: list[float]
    rates: list[list[float]]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)  # the fields, in their order: what from_json reads

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PeriodRate:
        return cls(
            start=str(d["start"]),
            end=str(d["end"]),
            kind=str(d["kind"]),
            observed_to=float(d["observed_to"]),
            edges=[float(v) for v in d["edges"]],
            rates=[[float(v) for v in q] for q in d["rates"]],
        )


def _days(parent: pl.DataFrame, start: str, end: str, kind: str, observed_to: float) -> NDArray[np.float64]:
    """Each parent's length in days, inclusive (at least 1); an open one to ``observed_to``; NaN: no start."""
    s, e = to_float(parent.get_column(start), kind), to_float(parent.get_column(end), kind)
    e = np.where(np.isnan(e), observed_to, e)
    span = (e - s) / (1.0 if kind == "date" else _DAY_US)
    return np.where(np.isnan(s), np.nan, np.maximum(span, 0.0) + 1.0)


def _spread(x: NDArray[np.float64]) -> float:
    """IQR over median (inf where the median is 0): how unsteady a positive quantity is, robust to a tail."""
    q1, med, q3 = np.quantile(x, [0.25, 0.5, 0.75])
    return float((q3 - q1) / med) if med > 0 else float("inf")


def learn_period_rate(
    parent: pl.DataFrame, pidx: NDArray[np.int64], start: str, end: str, kind: str
) -> PeriodRate | None:
    """The rate rule of a child table over its parent's ``start`` .. ``end`` (``pidx``: each child row's parent
    row, -1 none), or None where the count does not grow with the length as a rate (see the module)."""
    if start not in parent.columns or end not in parent.columns or kind not in ("date", "datetime"):
        return None
    s, e = to_float(parent.get_column(start), kind), to_float(parent.get_column(end), kind)
    if np.isnan(s).all():
        return None
    observed_to = float(np.nanmax(np.concatenate([s, e[~np.isnan(e)]])))
    days = _days(parent, start, end, kind, observed_to)
    counts = np.bincount(pidx[pidx >= 0], minlength=parent.height)[: parent.height].astype(np.float64)
    ok = ~np.isnan(days)
    days, counts = days[ok], counts[ok]
    if len(days) < MIN_PARENTS or np.std(days) == 0 or np.std(counts) == 0:
        return None
    if float(np.corrcoef(days, counts)[0, 1]) < MIN_CORR:
        return None
    rate = counts / days
    if _spread(rate) >= _spread(counts):
        return None
    bands = int(np.clip(len(days) // BAND_PARENTS, 1, 4))
    edges = np.unique(np.quantile(days, np.linspace(0.0, 1.0, bands + 1)[1:-1]))
    band = np.searchsorted(edges, days, side="right")
    rates = [np.quantile(rate[band == b], _QUANTILES) if (band == b).any() else None for b in range(len(edges) + 1)]
    if any(q is None for q in rates):  # (quantile edges unique: every band holds parents; a guard all the same)
        return None
    return PeriodRate(
        start=start,
        end=end,
        kind=kind,
        observed_to=observed_to,
        edges=[float(v) for v in edges],
        rates=[[float(v) for v in q] for q in rates if q is not None],
    )


def counts_at_rate(
    rule: PeriodRate, parent: pl.DataFrame, counts: NDArray[np.int64], stream: Stream
) -> NDArray[np.int64]:
    """``counts`` (each ``parent`` row's children as the count model drew them) handed out among the parents
    with a dated period in the order of a rate drawn from each one's laid length's band times that length; a
    parent without a start keeps its own (see the module)."""
    if rule.start not in parent.columns or rule.end not in parent.columns or not parent.height:
        return counts
    days = _days(parent, rule.start, rule.end, rule.kind, rule.observed_to)
    rows = np.arange(parent.height, dtype=np.int64)  # draws addressed by the parent's row
    u = np.stack([stream.child("rate").uniform(rows), stream.child("round").uniform(rows)], axis=1)
    band = np.searchsorted(np.asarray(rule.edges, dtype=np.float64), np.nan_to_num(days), side="right")
    rate = np.zeros(parent.height)
    for b, q in enumerate(rule.rates):
        at = band == b
        rate[at] = np.interp(u[at, 0], _QUANTILES, np.asarray(q, dtype=np.float64))
    # the drawn counts handed out in the order of rate x laid length (ties by a second draw): the longest periods at
    # the highest rates get the most, and the counts stay those the model drew (their spread and total)
    dated = np.flatnonzero(~np.isnan(days))
    order = np.lexsort((u[dated, 1], rate[dated] * days[dated]))
    out = counts.copy()
    out[dated[order]] = np.sort(counts[dated])
    return out
