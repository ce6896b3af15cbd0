"""A link table's members paired to its groups so the rows drawn through it per member keep the source's shape
(issue 13, learn100, found on ``benchmarks/learn96_fresh_db.py``).

A result's rider is drawn from the entries of its stage's tour (``rider_id: {references: entries.rider_id,
match: {tour_id: stage_id.tour_id}}``, learn98): a rider's results are then the stages of the tours they
entered. The entries already keep the source's entries per rider and per tour (``ref_hist``, the ``per``
count); but which rider rides which tour was left to chance, so a rider's number of results did not: 1 - TVD
of results per rider fell from 0.99 to 0.68 on that benchmark (a random pairing of the source's own entries
scores about 0.8 there).

Fit learns, on the link table's member key, the source's rows drawn through it per member (results per
rider, ``[count, members]`` pairs) and the rows per (link row, event of its group) (a result per entry and
stage: 1.0 where every entrant finishes every stage). The link table is made after the events (the plan
orders it so); its member key is drawn as before (the source's entries per rider, dealt apart per tour), then
pairs of its rows in different groups swap members where that moves both members' expected totals (their
groups' events times that rate) toward the source's totals at their quantiles (as ``to_source_shape``). A
swap keeps every member's number of link rows, every group's, and no member twice in a group. The swaps are
tried in an order drawn from the seed: the same input and seed give the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.spec.model import RowsPerParent
from simulacra.synth._ref_shape import ref_histogram, to_source_shape

_ROUNDS = 4  # the members' targets read again from their totals this often
_TRIES = 200  # swaps tried per link row in a round
_MOST_TRIES = 400_000  # ... and at most this many in a round (a large link table keeps its first pairing longer)


@dataclass(frozen=True)
class LinkTotals:
    """On a link table's member key (``entries.rider_id``): the ``events`` table (``stages``) whose rows per
    group (``by``: its key to the link table's ``per`` parent) each link row is drawn through ``rate`` times,
    and the source's rows drawn through per member (``hist``: ``[count, members]``)."""

    events: str
    by: str
    rate: float
    hist: list[list[int]]

    def to_json(self) -> dict[str, Any]:
        return {"events": self.events, "by": self.by, "rate": self.rate, "hist": self.hist}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> LinkTotals:
        return cls(str(d["events"]), str(d["by"]), float(d["rate"]), [[int(v), int(k)] for v, k in d["hist"]])


def learn_link_totals(
    events: str,
    by: str,
    drawn: NDArray[np.int64],
    member: NDArray[np.int64],
    group: NDArray[np.int64],
    event_group: NDArray[np.int64],
    n_members: int,
) -> LinkTotals | None:
    """From the source: ``drawn`` the link row each grandchild row names (-1 none), ``member`` and ``group``
    each link row's member and group rows, ``event_group`` each event's group row. None where nothing is
    drawn through the link."""
    ok = drawn[drawn >= 0]
    rows = member[ok]
    rows = rows[rows >= 0]
    per_group = np.bincount(event_group[event_group >= 0], minlength=int(group.max(initial=-1)) + 1)
    reach = float(per_group[group[group >= 0]].sum())
    if not len(rows) or reach <= 0:
        return None
    totals = np.bincount(rows, minlength=n_members).astype(np.int64)
    return LinkTotals(events, by, len(ok) / reach, ref_histogram(totals))


def toward_totals(
    member: NDArray[np.int64],
    group: NDArray[np.int64],
    events_per_group: NDArray[np.int64],
    n_members: int,
    lt: LinkTotals,
    s: Stream,
) -> NDArray[np.int64]:
    """``member`` (a member row per link row, -1 null) with members swapped between link rows of different
    ``group`` rows so each member's expected drawn rows (``events_per_group`` of its groups times the rate)
    come near the source's at their quantiles; each member's and group's number of rows kept."""
    out = np.asarray(member, np.int64).copy()
    ok = np.flatnonzero((out >= 0) & (group >= 0))
    if len(ok) < 2 or n_members < 2:
        return out
    weight = np.zeros(len(out))
    weight[ok] = events_per_group[group[ok]] * lt.rate
    total = np.bincount(out[ok], weights=weight[ok], minlength=n_members)
    held = set(zip(group[ok].tolist(), out[ok].tolist(), strict=True))
    members = np.arange(n_members, dtype=np.int64)
    for r in range(_ROUNDS):
        ties = s.child("ties", r).bits(members)
        err = total - to_source_shape(np.round(total).astype(np.int64), lt.hist, ties)
        tries = min(len(ok) * _TRIES, _MOST_TRIES)
        picks = ok[s.child("pick", r).integers(np.arange(2 * tries, dtype=np.int64), 0, len(ok))].reshape(-1, 2)
        moved = 0
        for i, j in picks.tolist():
            a, b, ga, gb = out[i], out[j], group[i], group[j]
            d = weight[j] - weight[i]  # a takes j's place (gains d), b takes i's (loses d)
            if ga == gb or a == b or d == 0 or (ga, b) in held or (gb, a) in held:
                continue
            if abs(err[a] + d) + abs(err[b] - d) >= abs(err[a]) + abs(err[b]) - 1e-9:
                continue
            held -= {(ga, a), (gb, b)}
            held |= {(ga, b), (gb, a)}
            out[i], out[j] = b, a
            err[a] += d
            err[b] -= d
            total[a] += d
            total[b] -= d
            moved += 1
        if not moved:
            break
    return out


def link_totals_of(
    plan: Any,
    tp: Any,
    col: str,
    drawn: NDArray[np.int64],
    frames: Any,
    index: Callable[[pl.DataFrame, str, pl.Series], NDArray[np.int64]],
) -> tuple[str, str, LinkTotals] | None:
    """For ``tp``'s key ``col`` into a link table through one hop (``match: {tour_id: stage_id.tour_id}``,
    ``drawn``: the link row of each source row): the link table, its member key and what :func:`toward_totals`
    reads (``index``: the row of a table each key value names, -1 none); None where the key is not of that
    form (a link table made per the matched side, its member ``distinct``, the events made before it)."""
    link = tp.links[col]
    lp = plan.tables[link.table]
    match = dict(getattr(tp.spec.columns.get(col), "match", None) or {})
    rows = lp.spec.rows
    if len(match) != 1 or not isinstance(rows, RowsPerParent) or link.key not in lp.links:
        return None
    by_link, parts = next(iter(match)), next(iter(match.values())).split(".")
    via = tp.aliases.get(parts[0], parts[0])
    if len(parts) != 2 or via not in tp.links or by_link not in lp.links or link.key == by_link:
        return None
    events, to_group = tp.links[via].table, lp.links[by_link]
    if (
        to_group.table != rows.per
        or not getattr(lp.spec.columns.get(link.key), "distinct", False)
        or plan.tables[events].links.get(parts[1]) is None
        or plan.tables[events].links[parts[1]].table != rows.per
        or plan.order.index(events) > plan.order.index(link.table)
    ):
        return None
    to_member = lp.links[link.key]
    ltable, gtable, mtable = frames[link.table], frames[rows.per], frames[to_member.table]
    lt = learn_link_totals(
        events,
        parts[1],
        drawn,
        index(mtable, to_member.key, ltable.get_column(link.key)),
        index(gtable, to_group.key, ltable.get_column(by_link)),
        index(gtable, to_group.key, frames[events].get_column(parts[1])),
        mtable.height,
    )
    return None if lt is None else (link.table, link.key, lt)
