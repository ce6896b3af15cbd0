"""A state machine read from ordered events: one home for inspection (which drafts ``rows: {per, process}``)
and learned sampling (which keeps a learned event table's paths on the moves its source makes).

:func:`read_machine` reads one state column of an event table whose rows are sorted by parent, then
by their order within it: every path starts in the same state, ends in a state never left (absorbing),
and follows at most half of the possible moves; else it is not a machine (None).
"""

from __future__ import annotations

import polars as pl

from simulacra._frames import stat

__all__ = ["MAX_FILL", "MAX_STATES", "read_machine"]

MAX_STATES = 30  # a state column with more values is not read as the states of a process
MAX_FILL = 0.5  # transitions seen / possible: above it the states do not follow a machine


def read_machine(
    seq: pl.DataFrame, fk: str, s: str, n_parents: int, *, open_share: float = 0.0
) -> tuple[str, dict[str, dict[str, float]], int, str] | None:
    """``(start, moves, longest path, evidence)`` of state column ``s``, or None (see the module).

    ``seq`` holds the events sorted by parent (``fk``), then in order; ``moves`` maps each state to its
    next states and their shares of its moves (an absorbing state: empty). ``open_share``: the share
    of paths that may stop in a state left elsewhere (cases still open when the data was taken);
    a draft's process has none, a learned model keeps them as the source has them."""
    col = seq.get_column(s)
    if col.dtype != pl.String or col.null_count() or not 2 <= col.n_unique() <= MAX_STATES:
        return None
    paths = seq.group_by(fk, maintain_order=True).agg(pl.col(s))
    firsts = paths.get_column(s).list.first()
    if firsts.n_unique() != 1:
        return None
    pairs = seq.select(pl.col(s).alias("a"), pl.col(s).shift(-1).over(fk).alias("b")).drop_nulls()
    counts = pairs.group_by("a", "b").len()
    leave = {str(a) for a in counts.get_column("a").unique().to_list()}
    lasts = paths.get_column(s).list.last()
    if stat(lasts.is_in(list(leave)).mean()) > open_share:
        return None  # paths stop in a state that is left elsewhere: cut short, not a finished process
    k = col.n_unique()
    if counts.height > MAX_FILL * k * k:
        return None
    moves: dict[str, dict[str, float]] = {str(v): {} for v in col.unique().sort().to_list()}
    totals = counts.group_by("a").agg(pl.col("len").sum().alias("n"))
    for a, b, n, total in (
        counts.join(totals, on="a").sort("a", "len", "b", descending=[False, True, False]).iter_rows()
    ):
        moves[str(a)][str(b)] = round(n / total, 6)
    lengths = paths.get_column(s).list.len()
    ends = sorted(v for v, m in moves.items() if not m)
    why = (
        f"a process: {n_parents:,} paths all start at {firsts[0]} and end in a state never left "
        f"({', '.join(ends)}); {counts.height} of {k * k} possible moves seen; up to {int(lengths.max() or 0)} events"  # type: ignore[arg-type]
    )
    return str(firsts[0]), moves, int(lengths.max() or 0), why  # type: ignore[arg-type]
