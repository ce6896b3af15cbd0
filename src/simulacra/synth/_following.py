"""A parent's periods one after another (a declared ``periods: [start, end]`` with ``per: [parent key]``): a
customer's subscriptions, a property's tenancies, a patient's admissions.

Rows are drawn one by one, so a parent's sampled periods overlapped (0.35 of a mobile operator's customers held
none that did: ``benchmarks/heldout_telecom.py``). Learned at fit from the source's rows, per rule: the
quantiles of a closed period's length (``end - start``) and of the gap between a period's end and the next
one's start, and the latest start and end seen. At sample, each parent's rows are laid in the order of their
drawn starts, an open one (end null) last: each next starts a learned gap after the one before ends; a row
keeps its own drawn length (drawn with its other columns) where it has one, else (a parent's second open
period, a negative one) a learned length is drawn. The run is placed where its open last period keeps its
drawn start (its children were drawn for the time from there on), else where its first keeps its own (on or
after the parent's date, by the windows where the draft says so). A run that would pass the latest start or
end seen is moved back, not before its first row's window; what still passes has its lengths and gaps
shrunk alike (no gap below the source's least), so the dates stay in the observed range where they can.
Seeded per row: the same model and seed give the same dates.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.synth._encoding import from_float, to_float

__all__ = ["Following", "lay_following", "learn_following", "place_runs", "run_max", "run_sums", "runs"]

_QUANTILES = np.linspace(0.0, 1.0, 41)


@dataclass(frozen=True)
class Following:
    """A learned ``periods`` rule: the columns, their kind (``date`` / ``datetime``), the quantiles of a closed
    period's length and of the gap to the next start (in :func:`to_float` units), and the latest start and end
    seen."""

    start: str
    end: str
    kind: str
    lengths: list[float]
    gaps: list[float]
    last_start: float
    last_end: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)  # the fields, in their order: what from_json reads

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Following:
        return cls(
            start=str(d["start"]),
            end=str(d["end"]),
            kind=str(d["kind"]),
            lengths=[float(v) for v in d["lengths"]],
            gaps=[float(v) for v in d["gaps"]],
            last_start=float(d["last_start"]),
            last_end=float(d["last_end"]),
        )


def _sorted(pidx: NDArray[np.int64], s: NDArray[np.float64]) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """The rows in (parent, start, row) order, and which of them begin their parent's run."""
    order = np.lexsort((np.arange(len(s)), s, pidx))
    p = pidx[order]
    first = np.ones(len(p), dtype=bool)
    first[1:] = p[1:] != p[:-1]
    return order, first


def learn_following(frame: pl.DataFrame, pidx: NDArray[np.int64], start: str, end: str, kind: str) -> Following | None:
    """The rule's lengths and gaps from the source's rows (``pidx``: each row's parent); None when the source
    holds no closed period."""
    s, e = to_float(frame.get_column(start), kind), to_float(frame.get_column(end), kind)
    held = ~np.isnan(s)
    closed = held & ~np.isnan(e) & (e >= s)
    if not closed.any():
        return None
    lengths = np.quantile(e[closed] - s[closed], _QUANTILES)
    order, first = _sorted(pidx[held], s[held])
    ss, ee = s[held][order], e[held][order]
    gap = ss[1:][~first[1:]] - ee[:-1][~first[1:]]
    gap = gap[~np.isnan(gap)]
    gaps = np.quantile(gap, _QUANTILES) if len(gap) else np.zeros(len(_QUANTILES))
    return Following(
        start=start,
        end=end,
        kind=kind,
        lengths=[float(v) for v in lengths],
        gaps=[float(v) for v in np.maximum(gaps, 0.0)],
        last_start=float(np.nanmax(s)),
        last_end=float(np.nanmax(e)) if (~np.isnan(e)).any() else float(np.nanmax(s)),
    )


def _draw(q: list[float], u: NDArray[np.float64], whole: bool) -> NDArray[np.float64]:
    """Values at the uniform draws ``u`` along the learned quantiles; whole units (days of a date) kept whole."""
    x = np.interp(u, _QUANTILES, np.asarray(q, dtype=np.float64))
    return np.round(x) if whole else x


def lay_following(
    frame: pl.DataFrame,
    pidx: NDArray[np.int64],
    rule: Following,
    stream: Stream,
    first_row: int = 0,
    floor: NDArray[np.float64] | None = None,
) -> pl.DataFrame:
    """The rows' ``start`` and ``end`` laid one after another within each parent (see the module). ``floor``: per
    row, the earliest its start may be (its window's: on/after the parent's date), which a run that would pass
    the latest dates seen is moved back to before it is shrunk."""
    if rule.start not in frame.columns or rule.end not in frame.columns or frame.height < 2:
        return frame
    s = to_float(frame.get_column(rule.start), rule.kind)
    e = to_float(frame.get_column(rule.end), rule.kind)
    got = runs(pidx, s, e)
    if got is None:
        return frame
    rows, first, last, group = got
    rng = np.random.default_rng(stream.key)
    # one draw per row, by its row id: a piece of the table draws what the whole would
    u = rng.random((first_row + frame.height, 2))[first_row + rows]
    whole = rule.kind == "date"
    length = e[rows] - s[rows]
    drawn = _draw(rule.lengths, u[:, 0], whole)
    bad = np.isnan(length) | (length < 0)
    length = np.where(bad & ~last, drawn, length)  # a second open period of a parent is closed
    length = np.where(bad & last & ~np.isnan(length), drawn, length)  # (a negative one too)
    gap = np.where(first, 0.0, _draw(rule.gaps, u[:, 1], whole))
    least = min(rule.gaps) if rule.gaps else 0.0
    to_last, _ = _spans(length, gap, first, last, group)
    # where a parent's last period is open it keeps its drawn start (its children were drawn for the time from
    # there on) and the closed ones are laid before it; else the first keeps its start
    begin = np.where(np.isnan(length[last]), s[rows][last] - to_last, s[rows][first])
    lowest = floor[rows][first] if floor is not None else np.full(len(begin), -np.inf)
    new_s, new_e = s.copy(), e.copy()
    new_s[rows], new_e[rows] = place_runs(
        first, last, group, begin, lowest, length, gap, least, rule.last_start, rule.last_end, whole
    )
    return frame.with_columns(
        from_float(new_s, rule.kind, str(frame.schema[rule.start]), False)
        .cast(frame.schema[rule.start])
        .alias(rule.start),
        from_float(new_e, rule.kind, str(frame.schema[rule.end]), False).cast(frame.schema[rule.end]).alias(rule.end),
    )


def runs(
    pidx: NDArray[np.int64], s: NDArray[np.float64], e: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_], NDArray[np.int64]] | None:
    """The rows with a start in laying order — per parent (``pidx``), the closed periods in start order, an open
    one (end nan: the current subscription) last — and which of them begin and end their parent's run, and each
    one's run (0, 1, ...); None where fewer than two rows hold a start. One home for ``sample`` and ``generate``."""
    held = np.flatnonzero(~np.isnan(s))
    if len(held) < 2:
        return None
    order = np.lexsort((held, s[held], np.isnan(e[held]), pidx[held]))
    rows = held[order]
    p = pidx[rows]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = p[1:] != p[:-1]
    last = np.ones(len(rows), dtype=bool)
    last[:-1] = first[1:]
    return rows, first, last, np.cumsum(first) - 1


def _spans(
    length: NDArray[np.float64],
    gap: NDArray[np.float64],
    first: NDArray[np.bool_],
    last: NDArray[np.bool_],
    group: NDArray[np.int64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per run, from its first start to its last start, and to its last end (an open one's start)."""
    step = np.where(first, 0.0, np.concatenate([[0.0], np.nan_to_num(length[:-1])]) + gap)
    to_last = np.zeros(int(group[-1]) + 1)
    np.add.at(to_last, group, step)
    return to_last, to_last + np.where(last & ~np.isnan(length), length, 0.0)[last]


def run_sums(x: NDArray[np.float64], group: NDArray[np.int64]) -> NDArray[np.float64]:
    """The running sum of ``x`` restarted at each run (``group``, rows in run order), summed within the run: a
    sum over the whole frame (microseconds of many runs pass 2**53) would lose the units, and differently as the
    frame is cut into chunks."""
    if not len(x):
        return x
    frame = pl.DataFrame({"x": x, "g": group})
    return frame.select(pl.col("x").cum_sum().over("g")).to_series().to_numpy().astype(np.float64)


def run_max(x: NDArray[np.float64], group: NDArray[np.int64]) -> NDArray[np.float64]:
    """The running maximum of ``x`` restarted at each run (``group``, rows in row order within their run): the
    value of polars' ``cum_max().over(group)``, bit for bit — a NaN is passed over (a run's leading NaNs stay NaN)
    and of equal values (``0.0``, ``-0.0``) the later row's is kept. One home beside :func:`run_sums`, in numpy:
    each row ranked by (value, row), a NaN lowest; a run's ranks lifted above every earlier run's, so one running
    maximum over the whole frame restarts at each run; the rank read back as the row holding it."""
    x = np.asarray(x, dtype=np.float64)
    n = len(x)
    if not n:
        return x.copy()
    at = np.arange(n, dtype=np.int64)
    by_value = np.lexsort((at, x, ~np.isnan(x)))  # NaN first, then the values, equal ones in row order
    rank = np.empty(n, dtype=np.int64)
    rank[by_value] = at
    order = np.argsort(group, kind="stable")  # each run's rows together, in row order
    g = np.asarray(group)[order]
    run = np.cumsum(np.concatenate([[False], g[1:] != g[:-1]]), dtype=np.int64)
    top = np.maximum.accumulate(run * n + rank[order]) - run * n
    out = np.empty(n, dtype=np.float64)
    out[order] = x[by_value[top]]
    return out


def place_runs(
    first: NDArray[np.bool_],
    last: NDArray[np.bool_],
    group: NDArray[np.int64],
    begin: NDArray[np.float64],
    lowest: NDArray[np.float64],
    length: NDArray[np.float64],
    gap: NDArray[np.float64],
    least: float,
    last_start: float | NDArray[np.float64],
    last_end: float | NDArray[np.float64],
    whole: bool,
    down: bool = False,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The starts and ends of rows in laying order (:func:`runs`): each run from ``begin``, each next period
    ``gap`` after the one before ends, each keeping its ``length`` (nan: open, the last only). A run passing
    ``last_start`` / ``last_end`` (one for all, or one per run: an ancestor's end) is moved back, not before ``lowest``; what still passes has its gaps shrunk
    first (to ``least``), its lengths last. ``whole``: days of a date kept whole; ``down``: shrunk lengths and
    gaps rounded down to whole units, so never a unit past the bounds (``generate`` keeps them exactly). One home for ``sample``
    (learned gaps) and ``generate`` (the drawn starts' gaps)."""
    to_last, to_end = _spans(length, gap, first, last, group)
    begin = np.maximum(np.minimum(begin, np.minimum(last_start - to_last, last_end - to_end)), lowest)
    if whole:
        begin = np.round(begin)
    # what still passes: the gaps shrunk first (to the least), a row's length (its children's time) last
    need = np.maximum(to_last - (last_start - begin), to_end - (last_end - begin))
    spare = np.zeros(len(begin))
    np.add.at(spare, group, np.where(first, 0.0, gap - least))
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.clip(np.nan_to_num(1.0 - need / spare, nan=1.0, posinf=1.0, neginf=0.0), 0.0, 1.0)
    gap = np.where(first, 0.0, least + (gap - least) * g[group])
    spaced = np.zeros(len(begin))  # the gaps of each run, now fixed
    np.add.at(spaced, group, gap)
    lens = np.zeros(len(begin))  # the lengths before the last start, and with the last's (closed) length
    np.add.at(lens, group, np.where(first, 0.0, np.concatenate([[0.0], np.nan_to_num(length[:-1])])))
    lens_end = lens + np.where(last & ~np.isnan(length), length, 0.0)[last]
    with np.errstate(divide="ignore", invalid="ignore"):
        room = np.minimum(
            np.where(lens > 0, (last_start - begin - spaced) / lens, np.inf),
            np.where(lens_end > 0, (last_end - begin - spaced) / lens_end, np.inf),
        )
    f = np.clip(np.nan_to_num(room, nan=1.0, posinf=1.0), 0.0, 1.0)[group]
    length = length * f  # (nan stays open)
    if down:
        length, gap = np.floor(length), np.floor(gap)
    elif whole:
        length, gap = np.round(length), np.round(gap)
    step = np.where(first, 0.0, np.concatenate([[0.0], np.nan_to_num(length[:-1])]) + gap)
    start = begin[group] + run_sums(step, group)
    return start, start + length  # nan stays open (the last only)
