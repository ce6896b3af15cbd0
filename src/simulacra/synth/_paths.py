"""Learned event tables whose states follow a machine (a ticket: new → triage → … → closed).

Drawn one row at a time from the trees, a learned event table made moves its source never makes
and stopped mid-process (the count of events per parent is drawn apart from the states). Here
the machine is read at fit (:func:`learn_machine`, with the reader inspection drafts processes
with); at sample each parent's path is drawn from it *given its number of events*: it starts in
the source's first state, takes only moves the source takes (in their shares), and stops exactly
at its last event where the source's paths stop: in a state never left or, as often as in the
source (at most a quarter of paths), in a state where some cases were still open. The trees then draw the row's other columns with the
state (and the column holding the state left, if any) fixed.

A path is a pure function of (seed, table, parent row, step), so drawn whole or in runs of
parents it is the same.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._machine import read_machine
from simulacra._random import Stream
from simulacra.synth._table import LearnedTable

__all__ = ["feasible_lengths", "learn_machine", "machine_codes"]

_OPEN_SHARE = 0.25  # paths that may stop in a state left elsewhere (cases still open), as in the source


def learn_machine(
    learned: LearnedTable, kinds: dict[str, str], frame: pl.DataFrame, pidx: NDArray[np.int64]
) -> dict[str, Any] | None:
    """The machine of one learned categorical column of ``frame`` (sorted by parent, then in time), or None.

    Every state must be a learned category of its own (a state rarer than ``min_count`` is pooled and
    could not be fixed as itself). ``previous`` names a learned column that holds the state left in
    every row (null on a parent's first event), fixed with the state."""
    cands = [c for c in learned.columns if kinds.get(c) == "categorical" and frame.schema[c] == pl.String]
    if not cands or frame.height == 0:
        return None
    seq = frame.select(cands).with_columns(pl.Series("__g", pidx))
    n_parents = int(np.unique(pidx).size)
    for c in cands:
        found = read_machine(seq, "__g", c, n_parents, open_share=_OPEN_SHARE)
        if found is None:
            continue
        start, moves, longest, _ = found
        if any(s not in learned.encoders[c].categories for s in moves):
            continue
        # where paths stop, and how often each state is left: a state where some paths stop and others
        # go on (a ticket still open) stops a path as often as in the source
        lasts = seq.group_by("__g", maintain_order=True).agg(pl.col(c).last()).get_column(c).value_counts()
        left = seq.select(pl.col(c), pl.col(c).shift(-1).over("__g").alias("__n")).drop_nulls().get_column(c)
        stops = {str(v): int(n) for v, n in lasts.iter_rows()}
        leaves = {str(v): int(n) for v, n in left.value_counts().iter_rows()}
        previous = next(
            (
                p
                for p in cands
                if p != c
                and bool(seq.select(pl.col(p).eq_missing(pl.col(c).shift(1).over("__g")).all()).item())
                and all(s in learned.encoders[p].categories for s, nxt in moves.items() if nxt)
            ),
            None,
        )
        stop = {s: round(stops.get(s, 0) / (stops.get(s, 0) + leaves.get(s, 0)), 6) for s in moves if stops.get(s)}
        lengths = sorted({int(n) for n in np.bincount(pidx)[np.unique(pidx)]})
        return {
            "column": c,
            "start": start,
            "moves": moves,
            "stop": stop,
            "longest": longest,
            "lengths": lengths,
            "previous": previous,
        }
    return None


def _chain(machine: dict[str, Any]) -> tuple[list[str], NDArray[np.float64], NDArray[np.float64], int]:
    """(states, moves: the chance to go from one state to another, stop: the chance a path ends in a state,
    the start). A state never left always stops; others stop as often as source paths stopped there."""
    states = sorted(machine["moves"])
    k = len(states)
    moves = np.zeros((k, k))
    for i, s in enumerate(states):
        for t, share in machine["moves"][s].items():
            moves[i, states.index(t)] = float(share)
    absorbing = moves.sum(axis=1) == 0
    moves[~absorbing] /= moves[~absorbing].sum(axis=1, keepdims=True)
    given = machine.get("stop") or {}
    stop = np.array([1.0 if absorbing[i] else float(given.get(s, 0.0)) for i, s in enumerate(states)])
    return states, moves * (1.0 - stop)[:, None], stop, states.index(machine["start"])


def _exact(moves: NDArray[np.float64], stop: NDArray[np.float64], longest: int) -> NDArray[np.float64]:
    """``f[m, s]``: how likely (up to a factor per ``m``) a path from ``s`` has exactly ``m`` events left."""
    f = np.zeros((max(longest, 1) + 1, len(stop)))
    f[1] = stop
    for m in range(2, len(f)):
        f[m] = moves @ f[m - 1]
        top = f[m].max()
        if top > 0:
            f[m] /= top  # the scale per length does not change the draws: no underflow on long paths
    return f


def feasible_lengths(machine: dict[str, Any], counts: NDArray[np.int64]) -> NDArray[np.int64]:
    """Events per parent moved to the nearest number a path can have and a source path had (ties: the
    longer), zero kept: a count the source never shows (3 events of a process that takes 5 to close)
    would leave only paths stopped early."""
    _, moves, stop, start = _chain(machine)
    top = int(counts.max()) if len(counts) else 0
    f = _exact(moves, stop, max(top, int(machine["longest"])))
    ok = np.flatnonzero(f[:, start] > 0)
    ok = ok[ok > 0]
    seen = ok[np.isin(ok, np.asarray(machine.get("lengths") or [], dtype=np.int64))]
    ok = seen if len(seen) else ok
    if not len(ok):
        return counts
    out = counts.copy()
    bad = (counts > 0) & ~np.isin(counts, ok)
    if bad.any():
        c = counts[bad]
        hi = ok[np.minimum(np.searchsorted(ok, c), len(ok) - 1)]
        lo = ok[np.maximum(np.searchsorted(ok, c, side="right") - 1, 0)]
        out[bad] = np.where((hi >= c) & ((hi - c <= c - lo) | (lo > c)), hi, lo)
    return out


def machine_codes(
    learned: LearnedTable,
    machine: dict[str, Any],
    pidx: NDArray[np.int64],
    position: NDArray[np.int64],
    counts: NDArray[np.int64],
    stream: Stream,
) -> dict[str, NDArray[np.int32]]:
    """Codes of the state (and the state left) per child row: each parent's path of ``counts[parent]`` events."""
    states, moves, stop, start = _chain(machine)
    parents, inv = np.unique(pidx, return_inverse=True)
    n = counts[parents].astype(np.int64)
    longest = int(n.max()) if len(n) else 0
    f = _exact(moves, stop, longest)
    path = np.full((len(parents), max(longest, 1)), -1, np.int64)
    for k in range(longest):
        alive = np.flatnonzero(n > k)
        if k == 0:
            path[alive, 0] = start
            continue
        w = moves[path[alive, k - 1]] * f[n[alive] - k]
        cum = np.cumsum(w, axis=1)
        total = cum[:, -1:]
        cum = cum / np.where(total > 0, total, 1.0)
        u = stream.child(learned.name, "machine", k).uniform(parents[alive])
        path[alive, k] = np.minimum((cum <= u[:, None]).sum(axis=1), len(states) - 1)
    names = np.array(states, dtype=object)
    mine = path[inv, position]
    out = {
        machine["column"]: learned.encoders[machine["column"]].encode(pl.Series(names[mine].tolist(), dtype=pl.String))
    }
    if machine.get("previous"):
        before = np.where(position > 0, path[inv, np.maximum(position - 1, 0)], -1)
        left = [None if b < 0 else states[b] for b in before.tolist()]
        out[machine["previous"]] = learned.encoders[machine["previous"]].encode(pl.Series(left, dtype=pl.String))
    return {c: v.astype(np.int32) for c, v in out.items()}
