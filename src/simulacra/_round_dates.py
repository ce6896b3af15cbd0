"""Dates that fall into rounds: a league's matchday played over a weekend, a tournament's round on one day, a
monthly round spread over a week. A round is a group of rows of one context parent with one value of an ordinal
column (the round), whose dates sit together: the round's span is short beside the step from one round to the
next, and the rounds' order is the dates' order. (Here, below both ``synth``, which learns and places the rounds,
and ``inspection``, whose draft says what fit will learn: neither layer may import the other.)

Learned at fit (:func:`learn_round_dates`), per date column of a table, from the real rows: the round column
(an integer column that is no key) whose rounds are clustered in time — every parent's rounds start in the order
of their values (95% of steps), and a round's median span is at most half the median step between rounds and at
most half the median span of the same rows with the round's values shuffled within their parent (dates that are
independent of the round get no model). The source alone decides (the shuffle is drawn from a fixed seed, not
the user's), so the draft that says the rounds and fit with any seed agree. Kept:

* the **advance**: the median step in days from a parent's k-th round start to its (k+1)-th, per k (the last
  learned step, or the median of all, beyond the learned ones);
* the **patterns**: each source round's offsets in days from its first day (a weekend's 0, 1, 2), so a sampled
  round takes a real round's spread and weekday pattern;
* the **weekdays** round starts fall on, each holding 1/14 of the starts or more, where one holds half of them (a
  weekly round; None: any weekday, a round every other day or every month), each
  pattern's own first weekday (a round of a Saturday league that began on the Sunday), and whether rounds are
  **apart** (a round starts after the one before it has ended, in 99% of steps), with the least gap in days
  between them.

The spec's rule on a date (``rounds:``, written by the draft where it finds rounds) decides what fit asks:
absent, the finding above; ``false``, no rounds; ``{by: col}``, the rounds of ``col`` learned past the tests
above, each test the data fails said in fit's notes (nothing learned only where nothing can be: too few rows,
rounds of one row, or round starts that do not advance in time).

At sample (:func:`place_round_dates`), per parent: the first round starts at the parent's first sampled date, the
others at the learned advance from it (on its pattern's first weekday where the source's rounds start on some
weekdays only, apart from the round before where the source's are),
moved back or squeezed into the dates' window where the last would end past it; each row's date is its round's
start plus an offset of a source round's pattern (one of the round's size where there is one). The same input and
seed give the same dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

__all__ = ["RoundDates", "as_days", "learn_round_dates", "place_round_dates", "round_dates_from_json"]

MIN_ROWS = 20  # rows of the table holding both columns
MIN_ROUNDS = 3  # rounds per parent (median)
MAX_PATTERNS = 2_000  # source rounds' offset patterns kept (an even choice beyond)
_ORDERED = 0.95  # share of a parent's steps whose next round starts on or after this one
_CLUSTERED = 0.5  # median span at most this share of the median step and of the shuffled rounds' span
_APART = 0.99  # share of steps whose next round starts after this one ends
_ONE_WEEKDAY = 0.5  # rounds start on a weekday where one weekday holds this share of their starts (a weekly round)
#: the seed of the shuffled-rounds test and of the patterns kept beyond MAX_PATTERNS, fixed and fresh for each
#: (date, round) pair: what is learned is a function of the source alone, never of the user's seed (which drives
#: sampling only) nor of the other columns tried before. So the draft (``inspection._rounds``), which knows no
#: seed, says rounds exactly where fit with any seed learns them, with the same spans (issue 13: the draft ran
#: the test with seed 0 and fit with its own, so a date near the bar could be said in rounds and not learned)
_LEARN_SEED = 0


@dataclass(frozen=True)
class RoundDates:
    column: str  # the date column
    round: str  # the round column (ordinal within the context parent)
    steps: list[float]  # median days from the k-th round's start to the (k+1)-th's
    step: float  # median over every step (beyond the learned ones)
    patterns: list[list[int]] = field(default_factory=list)  # source rounds' day offsets from their first day
    weekdays: list[int] | None = None  # weekdays (Monday 0) round starts fall on; None: any
    starts: list[int] = field(default_factory=list)  # each pattern's first day's weekday (Monday 0)
    apart: bool = False  # a round starts after the one before it ends
    gap: int = 1  # the least days between a round's last day and the next round's first (when apart)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def round_dates_from_json(data: dict[str, Any]) -> RoundDates:
    return RoundDates(
        column=str(data["column"]),
        round=str(data["round"]),
        steps=[float(v) for v in data["steps"]],
        step=float(data["step"]),
        patterns=[[int(v) for v in p] for p in data.get("patterns", [])],
        weekdays=None if data.get("weekdays") is None else [int(v) for v in data["weekdays"]],
        starts=[int(v) for v in data.get("starts", [])],
        apart=bool(data.get("apart", False)),
        gap=int(data.get("gap", 1)),
    )


def as_days(s: pl.Series) -> NDArray[np.float64]:
    """A date column as days since 1970-01-01, NaN where null."""
    return s.cast(pl.Int32).cast(pl.Float64).fill_null(np.nan).to_numpy()


def _rounds(
    parent: NDArray[np.int64], rnd: NDArray[np.int64], days: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Per round (rows with one (parent, round)), in (parent, round) order: parent, round, first day, last day,
    and each row's round number. The rows come sorted by (parent, round)."""
    new = np.r_[True, (parent[1:] != parent[:-1]) | (rnd[1:] != rnd[:-1])]
    heads = np.flatnonzero(new)
    inv = np.cumsum(new) - 1
    return parent[heads], rnd[heads], np.minimum.reduceat(days, heads), np.maximum.reduceat(days, heads), inv


def _shape(
    parent: NDArray[np.int64], rnd: NDArray[np.int64], days: NDArray[np.float64]
) -> tuple[float, float, float, NDArray[np.int64], NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """(median span, median step, share of steps in order, rounds' parents, first days, last days, row's round);
    rows sorted by (parent, round)."""
    p, _, first, last, inv = _rounds(parent, rnd, days)
    span = float(np.median(last - first))
    same = p[1:] == p[:-1]
    steps = (first[1:] - first[:-1])[same]
    if len(steps) == 0:
        return span, 0.0, 0.0, p, first, last, inv
    return span, float(np.median(steps)), float(np.mean(steps >= 0)), p, first, last, inv


def learn_round_dates(
    frame: pl.DataFrame,
    kinds: dict[str, str],
    pidx: NDArray[np.int64] | None,
    exclude: set[str],
    rules: Mapping[str, str | None] | None = None,
    notes: list[str] | None = None,
) -> list[RoundDates]:
    """A :class:`RoundDates` per date column whose rows fall into rounds of a round column (see the module).
    Takes no seed: its random draws come from ``_LEARN_SEED`` (see there).

    ``rules``: the spec's ``rounds`` per date column. None (``rounds: false``): no rounds for that date; a column
    name (``rounds: {by: matchday}``): that date's rounds learned against that column alone, past the tests that
    detection asks (rounds in order, clustered, several a parent), each one the data fails said in ``notes``
    (the rounds are placed in order and together all the same). A date it does not name: detected as above."""
    out: list[RoundDates] = []
    rules = rules or {}
    n = frame.height
    dates = [c for c, k in kinds.items() if k == "date" and c in frame.columns and frame.schema[c] == pl.Date]
    if n < MIN_ROWS:
        for d in dates:
            if rules.get(d) is not None and notes is not None:
                notes.append(f"{d} in rounds of {rules[d]}: {n} row(s), fewer than {MIN_ROWS}: no rounds learned")
        return out
    parent_all = np.zeros(n, dtype=np.int64) if pidx is None else np.asarray(pidx, dtype=np.int64)
    rounds = [
        c
        for c in kinds
        if c in frame.columns and c not in exclude and frame.schema[c].is_integer() and frame[c].n_unique() >= 3
    ]
    for d in dates:
        if d in rules:
            by = rules[d]
            if by is None:
                continue  # rounds: false
            found, why = _learn(frame, d, by, parent_all, forced=True)
            if notes is not None:
                notes.extend(f"{d} in rounds of {by}: {w}" for w in why)
            if found is not None:
                out.append(found[1])
            continue
        best: tuple[float, RoundDates] | None = None
        for r in rounds:
            found, _ = _learn(frame, d, r, parent_all, forced=False)
            if found is not None and (best is None or found[0] < best[0]):
                best = found
        if best is not None:
            out.append(best[1])
    return out


def _learn(
    frame: pl.DataFrame, d: str, r: str, parent_all: NDArray[np.int64], *, forced: bool
) -> tuple[tuple[float, RoundDates] | None, list[str]]:
    """The rounds of date ``d`` by round column ``r`` with their score (a round's span per step; lower: more
    clustered), or None where the data shows none. ``forced`` (the spec's rule names ``r``): learned unless
    there is nothing to learn from, each detection test the data fails returned as a sentence instead."""
    why: list[str] = []
    ok = frame[d].is_not_null().to_numpy() & frame[r].is_not_null().to_numpy() & (parent_all >= 0)
    if ok.sum() < MIN_ROWS:
        return None, [f"{int(ok.sum())} row(s) with both, fewer than {MIN_ROWS}: no rounds learned"]
    parent = parent_all[ok]
    rnd = frame[r].cast(pl.Int64).to_numpy()[ok]
    days = as_days(frame[d])[ok]
    order = np.lexsort((days, rnd, parent))
    parent, rnd, days = parent[order], rnd[order], days[order]
    span, step, ordered, p, first, last, inv = _shape(parent, rnd, days)
    per_parent = np.unique(p, return_counts=True)[1]
    if len(p) * 2 > len(parent) or float(np.median(per_parent)) < MIN_ROUNDS:
        if not forced:
            return None, why  # rounds of one row on average, or too few rounds a parent
        if len(p) == len(parent) or len(p) == len(per_parent):
            return None, ["every round holds one row, or every parent one round: no rounds learned"]
        why.append(
            f"a median {float(np.median(per_parent)):g} round(s) a parent of {len(parent) / len(p):.2g} row(s) "
            f"each (detection asks {MIN_ROUNDS} or more rounds of 2 or more rows)"
        )
    if ordered < _ORDERED or step <= 0 or span > _CLUSTERED * step:
        if not forced:
            return None, why
        if step <= 0:
            return None, ["the rounds do not advance in time (a median step of 0 days or less): no rounds learned"]
        if ordered < _ORDERED:
            why.append(
                f"the rounds are not in the dates' order ({ordered:.0%} of steps forward; detection asks "
                f"{_ORDERED:.0%}): sampled rounds are placed in order"
            )
        if span > _CLUSTERED * step:
            why.append(
                f"a round's dates span a median {span:g} days, more than half the {step:g} days between rounds: "
                "sampled rounds are placed that spread"
            )
    # the same rows with the rounds' values shuffled within their parents: dates independent of the round
    rng = np.random.default_rng(_LEARN_SEED)
    shuffled = rnd[np.lexsort((rng.random(len(rnd)), parent))]
    again = np.lexsort((shuffled, parent))
    shuffled_span = _shape(parent[again], shuffled[again], days[again])[0]
    if span > _CLUSTERED * shuffled_span:
        if not forced:
            return None, why
        why.append(
            f"a round's dates span a median {span:g} days, about as long as rows in random rounds "
            f"({shuffled_span:g} days): the dates hardly follow the round"
        )
    same = p[1:] == p[:-1]
    at = np.arange(len(p))
    k = at - np.maximum.accumulate(np.where(np.r_[True, ~same], at, 0))  # a round's rank within its parent
    st = (first[1:] - first[:-1])[same]
    rank = k[1:][same] - 1
    steps = [float(np.median(st[rank == j])) for j in range(int(rank.max()) + 1)] if len(st) else []
    gaps = (first[1:] - last[:-1])[same]
    apart = bool(len(gaps) and np.mean(gaps > 0) >= _APART)
    offsets = (days - first[inv]).astype(np.int64)
    wd = ((first.astype(np.int64) + 3) % 7).astype(np.int64)  # 1970-01-01 was a Thursday (3)
    chosen = np.arange(len(p))
    if len(p) > MAX_PATTERNS:
        chosen = np.sort(rng.choice(len(p), MAX_PATTERNS, replace=False))
    heads = np.flatnonzero(np.r_[True, inv[1:] != inv[:-1]])  # rows sorted by day within their round
    ends = np.r_[heads[1:], len(inv)]
    patterns = [offsets[heads[j] : ends[j]].tolist() for j in chosen.tolist()]
    starts = wd[chosen].tolist()
    share = np.bincount(wd, minlength=7) / len(wd)
    held = [int(j) for j in np.flatnonzero(share >= 1 / 14)]
    model = RoundDates(
        column=d,
        round=r,
        steps=steps,
        step=step,
        patterns=patterns,
        weekdays=held if share.max() >= _ONE_WEEKDAY else None,
        starts=[int(v) for v in starts],
        apart=apart,
        gap=max(1, int(gaps[gaps > 0].min())) if apart else 1,
    )
    return (span / step, model), why


def _on_weekday(day: int, held: list[int] | None, direction: int) -> int:
    """The nearest day on or after (``direction`` 1) or before (-1) ``day`` whose weekday is held; 0: either."""
    if not held:
        return day
    for step in range(7):
        for d in (day + step, day - step) if direction == 0 else (day + direction * step,):
            if (d + 3) % 7 in held:
                return d
    return day


def place_round_dates(
    rd: RoundDates,
    parent: NDArray[np.int64],
    rnd: NDArray[np.int64],
    days: NDArray[np.float64],
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
    rng: np.random.Generator,
) -> NDArray[np.float64]:
    """New days for rows in rounds (``parent`` < 0, a null round or day (NaN): left as they are); ``lo``, ``hi``:
    each row's bounds (its window). See the module."""
    out = days.copy()
    ok = (parent >= 0) & ~np.isnan(days) & (rnd != np.iinfo(np.int64).min)
    idx = np.flatnonzero(ok)
    if len(idx) == 0 or not rd.patterns:
        return out
    by_size: dict[int, list[int]] = {}
    for j, pattern in enumerate(rd.patterns):
        by_size.setdefault(len(pattern), []).append(j)
    order = idx[np.lexsort((idx, rnd[idx], parent[idx]))]
    starts = np.flatnonzero(np.r_[True, parent[order][1:] != parent[order][:-1]])
    for s, e in zip(starts.tolist(), [*starts[1:].tolist(), len(order)], strict=True):
        rows = order[s:e]
        plo, phi = float(np.max(lo[rows])), float(np.min(hi[rows]))
        if not np.isfinite(plo) or not np.isfinite(phi) or phi < plo:
            plo, phi = float(np.nanmin(days[rows])), float(np.nanmax(days[rows]))
        values, first_of = np.unique(rnd[rows], return_index=True)
        bounds = [*first_of.tolist(), len(rows)]
        groups = [rows[bounds[k] : bounds[k + 1]] for k in range(len(values))]
        offs: list[NDArray[np.int64]] = []
        held: list[list[int] | None] = []  # the weekday each round starts on (None: any)
        for g in groups:
            same = by_size.get(len(g))
            j = same[int(rng.integers(len(same)))] if same else int(rng.integers(len(rd.patterns)))
            held.append([rd.starts[j]] if rd.weekdays is not None and j < len(rd.starts) else None)
            pat: NDArray[np.int64] = np.asarray(rd.patterns[j], dtype=np.int64)
            if same:
                offs.append(pat)
            else:
                drawn: NDArray[np.int64] = pat[rng.integers(0, len(pat), len(g))]
                drawn[0] = pat[0]  # the pattern's first day held (its weekday), and its last: its span kept
                if len(g) >= 2:
                    drawn[1] = pat[-1]
                offs.append(drawn)
        spans = [int(x.max()) if len(x) else 0 for x in offs]
        adv = [0.0]
        for k in range(1, len(groups)):
            adv.append(adv[-1] + (rd.steps[k - 1] if k - 1 < len(rd.steps) else rd.step))
        first = float(np.nanmin(days[rows]))
        need = adv[-1] + spans[-1]
        if first + need > phi:  # the last round would end past the window: moved back, or squeezed
            first = max(plo, phi - need)
            if first + need > phi and adv[-1] > 0:
                scale = max(0.0, (phi - first - spans[-1]) / adv[-1])
                adv = [a * scale for a in adv]
        anchors: list[int] = []
        for k in range(len(groups)):
            a = _on_weekday(int(round(first + adv[k])), held[k], 0)
            if a < plo:
                a = _on_weekday(int(np.ceil(plo)), held[k], 1)
            if anchors:
                least = anchors[-1] + (spans[k - 1] + rd.gap if rd.apart else 0)
                if a < least:
                    a = _on_weekday(least, held[k], 1)
            anchors.append(a)
        for k in range(len(groups) - 1, -1, -1):  # back inside the window from the end, keeping order
            top = phi - spans[k]
            if k + 1 < len(groups):
                top = min(top, anchors[k + 1] - (spans[k] + rd.gap if rd.apart else 0))
            if anchors[k] > top:
                anchors[k] = _on_weekday(int(np.floor(top)), held[k], -1)
        for grp, off, at in zip(groups, offs, anchors, strict=True):
            ordered = grp[np.lexsort((grp, days[grp]))]  # the round's rows in their dates' order, its days in order
            out[ordered] = np.clip(at + np.sort(off), lo[ordered], hi[ordered])
    return out
