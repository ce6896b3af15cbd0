"""Periods one after another in ``generate`` (a ``periods: [start, end]`` constraint): a customer's
subscriptions, a tenant's tenancies, an employee's jobs, a subscription's bills laid per customer.

Rows are drawn one by one, so a group's drawn periods overlap. Once a chunk's rows are made, each group of the
rule's ``per`` is laid in the order of its drawn starts, an open one (end null) last: a period keeps its drawn start
where the one before has ended by then, else starts the moment it ends (a handover), and keeps its drawn length; a
period drawn open that is not its group's last ends where the next drawn start is. The laying itself — a run that
would pass the latest start or end the columns declare moved back, not before the start column's declared first
day (with ``after``: not before the run's first drawn start), then its gaps, then its lengths shrunk alike — is
``sample``'s (``synth._following``): one home. An ancestor's end a ``check`` holds the end below
(``period_end <= subscription_id.ended``, ``<`` or either side, shifted: ``- INTERVAL '1 week'``, a term of an
``AND``, a ``BETWEEN``: every form ``spec.bounds`` reads, computed on the ancestor's values) is one more latest end, per group the earliest of
its rows' (null: an open ancestor, none), and caps the starts too; a row then left starting before the parent's
column its start is drawn ``after`` (a later subscription's bill pulled back) cannot fit. A bound a check puts on
the end from below (``period_end >= subscription_id.started + INTERVAL '30 days'``, ``>``, either side, a
``BETWEEN``'s low end) is each row's own earliest end: a closed period that would end before it starts that much
later, keeping its length (as a handover), a run is moved back no further than keeps it, and a run shrunk under an
ancestor's end has each end raised to its run's floors so far (the later periods shorter); a floor after the group's
latest end cannot fit. A bound a check puts on the start from below (``period_start >= subscription_id.started +
INTERVAL '20 days'``, any form) is laid likewise: a period drawn before it starts on it (a row the draw's redraws
leave short of a check the laying holds is laid, not refused), and a run is moved back no further than keeps it. A
run that shrinking and raising left breaking a floor, or with a period pressed to nothing, is laid again through one
rising map of its time line (each lifted point to its floor, the points after it in proportion up to the room left);
one the earliest of its rows' bounds cannot hold (a customer's bills each bounded by their own subscription) is laid
against each row's own, never a period pressed to nothing. A run that cannot fit stops ``generate`` with an error
located on the table and column (the
end's, for an end floor past the ancestor's end), naming the checks and a group's key, before anything is written.
Every value is a function of its group's rows alone, so the same bytes whatever the chunk size or the sink.

A group must be whole in a chunk, so ``generate`` lays a rule whose ``per`` holds a column whose groups lie under
one row of an ancestor (:func:`ancestor_depth`): the key the rows are made per (its parent), an ``expression``
copying an ancestor's key through the parent key (``subscription_id.customer_id``: the grandparent), or a
foreign key whose ``match`` ties the row it picks to the same ancestor row (a bill's subscription among its
customer's subscriptions). Its chunks end at that ancestor's boundaries (``counts.chunk_bounds``); a row with a
null in ``per`` is no period (as ``validate`` reads it) and keeps its drawn dates.

Refused by ``generate`` before any row is written (``engine.refuse_unkept``; a located ``SpecValidationError``;
``spec validate`` still accepts it, for ``sample``): a rule whose ``per`` names no such column (its groups would
span chunks), bounds of two kinds (a date and a datetime), and declared ranges no two periods fit (every end after
the latest start a next period may take).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.errors import Problem, SpecValidationError
from simulacra.generation.columns import parse_time
from simulacra.spec import model as m
from simulacra.spec.bounds import column_bounds
from simulacra.spec.plan import Plan
from simulacra.spec.refs import dotted_ref
from simulacra.synth._encoding import from_float, to_float
from simulacra.synth._following import place_runs, run_max, run_sums, runs

__all__ = ["LaidPeriods", "ancestor_bound", "ancestor_depth", "groups_of", "laid_periods", "lay_periods"]

_DAY_US = 86_400_000_000


def _ancestor_bounds(plan: Plan, table: str, column: str, below: bool) -> tuple[tuple[str, bool, str], ...]:
    """The bounds the ``check``s of ``table`` put on ``column`` from its ancestors' columns, below (``below``) or
    above, each an expression of dotted refs, whether it is strict and the check it is read from: every form
    ``spec.bounds`` reads (``period_end <= subscription_id.ended``, ``subscription_id.ended > period_end``,
    ``period_end <= subscription_id.ended - INTERVAL '1 week'``, a conjunction's term, a ``BETWEEN``); any other
    check is still checked after the laying."""
    out: list[tuple[str, bool, str]] = []
    for con in plan.spec.constraints:
        if con.table != table or con.check is None:
            continue
        for b in column_bounds(con.check, column, lambda names: all(dotted_ref(n) is not None for n in names)):
            if b.below == below:
                out.append((b.expr, b.strict, con.check))
    return tuple(out)


def _refs(bounds: tuple[tuple[str, bool, str], ...]) -> tuple[tuple[str, bool], ...]:
    return tuple((expr, strict) for expr, strict, _ in bounds)


@dataclass(frozen=True)
class LaidPeriods:
    """A ``periods`` rule ``generate`` lays: its place among the constraints, its columns and their kind, and the
    declared bounds in :func:`to_float` units (days of a date, microseconds of a datetime; ±inf: none): the
    earliest a run may begin (``floor``; None: its first drawn start, the start column following ``after``), the
    latest start and end, and the earliest end; the group's columns (``per``) and how many parent links up one
    row holds each group whole (``depth``: 1 the parent, 2 the grandparent; the table's chunks end there); an
    ancestor's bounds a ``check`` of the table ties the end below (``ceilings``: ``period_end <= subscription_id.ended``)
    or above (``end_floors``: ``period_end >= subscription_id.started + INTERVAL '30 days'``), the start above
    (``floors``: such a check, and the parent's column the start is drawn ``after`` where an end is bounded) or the
    start below (``start_ceilings``: ``period_start <= subscription_id.ended - 30``), each a dotted ref and whether
    strict (``<``): a group is laid to end by the earliest of its rows' ends and to start by the earliest of their
    latest starts, each row to end at/after its own end floor, its rows checked against their own bounds (a null:
    an open ancestor, no bound); ``checks``: the checks those bounds are read from, which an error names."""

    index: int
    start: str
    end: str
    kind: str
    floor: float | None
    last_start: float
    last_end: float
    first_end: float
    per: tuple[str, ...] = ()
    depth: int = 1
    ceilings: tuple[tuple[str, bool], ...] = ()
    floors: tuple[tuple[str, bool], ...] = ()
    start_ceilings: tuple[tuple[str, bool], ...] = ()
    end_floors: tuple[tuple[str, bool], ...] = ()
    checks: tuple[str, ...] = ()


def _at(text: str | None, kind: str, *, end: bool, missing: float) -> float:
    """A declared bound in :func:`to_float` units: a start's first instant, an end's last (``end``)."""
    if text is None:
        return missing
    us = int(parse_time(text, end=end).astype(np.int64)) - (1 if end else 0)
    return float(us // _DAY_US) if kind == "date" else float(us)


def _up(plan: Plan, table: str, depth: int) -> str | None:
    """The table ``depth`` parent links up from ``table`` along the keys rows are made per (None: no such)."""
    for _ in range(depth):
        lk = plan.tables[table].primary_link
        if lk is None or lk.self_ref or lk.table not in plan.tables:
            return None
        table = lk.table
    return table


def ancestor_depth(plan: Plan, table: str, ref: str, _seen: frozenset[tuple[str, str]] = frozenset()) -> int | None:
    """How many parent links up one row holds every row of ``table`` sharing a value of ``ref`` (a column, or a
    dotted ref through the parent key): 0 the table's own key, 1 the key its rows are made per, 2 an ``expression``
    copying the parent's parent key (``subscription_id.customer_id``), and so on; a foreign key whose ``match`` ties
    the row it picks to the row's own ancestor (``match: {customer_id: customer_id}``) lies under that ancestor.
    None where no link says so (another key, a value copied from a parent that is not its key): such groups may
    span the whole table."""
    if (table, ref) in _seen or table not in plan.tables:
        return None
    seen = _seen | {(table, ref)}
    tp = plan.tables[table]
    lk = tp.primary_link
    alias, dot, rest = ref.partition(".")
    if dot:  # through the parent key only: a parent's rows lie under the same ancestor as their children
        if lk is None or lk.self_ref or tp.aliases.get(alias) != lk.column:
            return None
        up = ancestor_depth(plan, lk.table, rest, seen)
        return None if up is None else up + 1
    if list(tp.spec.key_columns) == [ref]:
        return 0
    if lk is not None and not lk.self_ref and ref == lk.column:
        return 1
    col = tp.spec.columns.get(ref)
    if isinstance(col, m.ExpressionColumn) and dotted_ref(col.expr.strip()) is not None:
        return ancestor_depth(plan, table, col.expr.strip(), seen)
    if isinstance(col, m.ForeignKeyColumn) and col.match and col.match_share is None:
        picked = col.references.split(".")[0]
        if picked == table or picked not in plan.tables:
            return None
        for theirs, mine in col.match.items():
            depth = ancestor_depth(plan, table, mine, seen)
            if not depth:
                continue
            their_depth = ancestor_depth(plan, picked, theirs, seen)
            ancestor = _up(plan, table, depth)
            if ancestor is not None and their_depth is not None and _up(plan, picked, their_depth) == ancestor:
                return depth  # the picked row holds the same ancestor's key: its rows lie under that ancestor
    return None


def ancestor_bound(
    values: list[tuple[pl.Series, bool]], dtype: pl.DataType, kind: str, *, below: bool
) -> NDArray[np.float64] | None:
    """Per row, the tightest of an ancestor's values (``LaidPeriods.ceilings`` / ``floors`` resolved for a frame,
    each with whether strict) in :func:`to_float` units, cast to the bounded column's ``dtype`` first (a datetime
    end below a date); a null bounds nothing (an open ancestor), so ±inf. None: no such bound."""
    if not values:
        return None
    unit = 1.0  # a strict bound is one unit (a day of a date, a microsecond of a datetime) inside
    out = np.full(len(values[0][0]), np.inf if below else -np.inf)
    for series, strict in values:
        v = to_float(series.cast(dtype), kind) + (-unit if below else unit) * strict
        v = np.where(np.isnan(v), out, v)
        out = np.minimum(out, v) if below else np.maximum(out, v)
    return out


def groups_of(frame: pl.DataFrame, per: tuple[str, ...]) -> NDArray[np.int64]:
    """Each row's group of ``per`` in ``frame`` (-1: a null among them, no period, as ``validate`` reads it). The
    numbering is the frame's own: each group is laid alone, so it never reaches a value."""
    rank = frame.select(pl.struct(list(per)).rank("dense")).to_series().to_numpy().astype(np.int64)
    null = frame.select(pl.any_horizontal([pl.col(c).is_null() for c in per])).to_series().to_numpy()
    return np.where(null, -1, rank)


def laid_periods(plan: Plan, *, refuse: bool = True) -> dict[str, list[LaidPeriods]]:
    """Per table, the ``periods`` rules ``generate`` lays; a rule it cannot keep is refused, located (``refuse``
    False: left out — the engine's view, which ``spec validate`` builds too: a draft holding such a rule stays valid
    for ``fit --spec`` and ``sample``, and ``generate`` refuses it first, through ``engine.refuse_unkept``)."""
    out: dict[str, list[LaidPeriods]] = {}
    problems: list[Problem] = []
    for ci, con in enumerate(plan.spec.constraints):
        if con.periods is None or con.table not in plan.tables:
            continue
        tp = plan.tables[con.table]
        where = plan.index.location(("constraints", ci), table=con.table, column=con.periods[0])
        rule = f"'periods: [{', '.join(con.periods)}]' per [{', '.join(con.per or [])}]"
        per = tuple(con.per or [])
        depths = [ancestor_depth(plan, con.table, c) for c in per]
        known = [d for d in depths if d is not None]
        if not known:
            lk = tp.primary_link
            made = f"'{lk.column}'" if lk is not None else "none: its rows are not made 'per' a parent"
            problems.append(
                Problem(
                    plan.index.location(("constraints", ci, "per"), table=con.table, column=per[0] if per else None),
                    f"{rule}: `generate` lays periods in groups that lie under one row of an ancestor: expected in "
                    f"'per' the key {con.table}'s rows are made per ({made}), an expression copying an ancestor's key "
                    "through it ('<that key>.<its parent's key>'), or a foreign key whose 'match' ties it to one; "
                    "`validate` still checks the rule on any data",
                )
            )
            continue
        depth = min(known)  # the nearest ancestor holding each group whole: the smallest chunks
        if depth == 0:
            continue  # a group per row (the table's own key): one period each, nothing to lay
        s_spec, e_spec = (tp.spec.columns.get(c) for c in con.periods)
        if not isinstance(s_spec, m.DateColumn) or not isinstance(e_spec, m.DateColumn):
            continue  # (spec validation names a bound that is not a date column)
        kind = s_spec.generator
        if e_spec.generator != kind:
            problems.append(
                Problem(
                    where,
                    f"{rule}: '{con.periods[0]}' is a {kind} and '{con.periods[1]}' a {e_spec.generator}: "
                    "`generate` lays periods whose bounds are of one kind",
                )
            )
            continue
        bounds = {
            (col, below): _ancestor_bounds(plan, con.table, col, below)
            for col in con.periods[:2]
            for below in (True, False)
        }
        ceilings, end_floors = _refs(bounds[con.periods[1], True]), _refs(bounds[con.periods[1], False])
        start_ceilings = _refs(bounds[con.periods[0], True])
        laid = LaidPeriods(
            index=ci,
            start=con.periods[0],
            end=con.periods[1],
            kind=kind,
            floor=None if s_spec.after is not None else _at(s_spec.start, kind, end=False, missing=-np.inf),
            last_start=_at(s_spec.end, kind, end=True, missing=np.inf),
            last_end=_at(e_spec.end, kind, end=True, missing=np.inf),
            first_end=-np.inf if e_spec.after is not None else _at(e_spec.start, kind, end=False, missing=-np.inf),
            per=per,
            depth=depth,
            ceilings=ceilings,
            # where an ancestor's end holds a group in, its runs may be moved back and shrunk: no start then
            # before the ancestor's start it was drawn after (a bill before its subscription began)
            floors=_refs(bounds[con.periods[0], False])
            + tuple(
                (ref, False)
                for ref in s_spec.after_refs()
                if (ceilings or start_ceilings) and dotted_ref(ref) is not None
            ),
            start_ceilings=start_ceilings,
            end_floors=end_floors,
            checks=tuple(dict.fromkeys(check for got in bounds.values() for _, _, check in got)),
        )
        if laid.first_end > laid.last_start:  # a next period starts on/after the one before ends: never here
            problems.append(
                Problem(
                    where,
                    f"{rule}: every '{laid.end}' is on/after {e_spec.start} but no '{laid.start}' is after "
                    f"{s_spec.end}, so a parent's second period cannot start once its first has ended: widen the "
                    "ranges, or make the table one row per parent",
                )
            )
            continue
        out.setdefault(con.table, []).append(laid)
    if problems and refuse:
        raise SpecValidationError(problems)
    return out


def lay_periods(
    frame: pl.DataFrame,
    parent: NDArray[np.int64],
    rule: LaidPeriods,
    ceiling: NDArray[np.float64] | None = None,
    floor: NDArray[np.float64] | None = None,
    start_ceiling: NDArray[np.float64] | None = None,
    end_floor: NDArray[np.float64] | None = None,
) -> tuple[pl.DataFrame, NDArray[np.bool_], NDArray[np.bool_]]:
    """``frame``'s periods laid one after another per group (``parent``: each group's rows whole in the frame; -1:
    no group, the row keeps its dates), and which rows still fall outside the declared bounds or their ancestor's
    (a run that cannot fit them). ``ceiling`` / ``floor`` / ``start_ceiling`` / ``end_floor``: per row, in
    :func:`to_float` units, the latest end, earliest start, latest start and earliest end its ancestor allows
    (±inf: none); a group is laid to end by the earliest of its rows' ends and start by the earliest of their
    latest starts (a run is moved back, then shrunk, never before its first drawn start); a closed period that
    would end before its own end floor starts that much later, keeping its length, as a handover does, a run is
    moved back no further than keeps every such end, and one shrunk has each end raised to its run's floors so far.
    A row left starting before its own floor is outside; so is one whose end floor (or an earlier row's of its run)
    is after its group's latest end, which the last array names (``generate`` locates that error on the end
    column)."""
    s = to_float(frame.get_column(rule.start), rule.kind)
    e = to_float(frame.get_column(rule.end), rule.kind)
    outside = np.zeros(frame.height, dtype=bool)
    floor_past = np.zeros(frame.height, dtype=bool)
    got = runs(parent, np.where(parent >= 0, s, np.nan), e)
    if got is None:
        return frame, outside, floor_past
    rows, first, last, group = got
    start = s[rows]
    length = e[rows] - start
    nxt = np.concatenate([start[1:], [np.nan]])
    bad = np.isnan(length) | (length < 0)
    # a period drawn open that is not its parent's last (or one drawn ending before it starts) ends where the next
    # drawn start is; a last one ending before it starts ends the day it starts
    length = np.where(bad & ~last, np.maximum(nxt - start, 0.0), length)
    length = np.where(bad & last & ~np.isnan(length), 0.0, length)
    # an end floor (``period_end >= subscription_id.started + INTERVAL '30 days'``): a closed period starts late
    # enough to end on/after it, keeping its length; an open one (end null) ends nowhere, so keeps its start
    # (the end column's declared first day is checked, not laid: a range too tight is refused, not filled with
    # periods shrunk to nothing)
    low_end = np.full(len(rows), -np.inf) if end_floor is None else end_floor[rows]
    start = np.where(np.isnan(length), start, np.maximum(start, low_end - length))
    # a start floor (``period_start >= subscription_id.started + INTERVAL '20 days'``, an ``after`` held where an
    # ancestor's end holds the run in) is laid too: a period drawn before it starts on it, keeping its length (a
    # row the draw already keeps it on moves nothing)
    low_start = np.full(len(rows), -np.inf) if floor is None else floor[rows]
    start = np.maximum(start, low_start)
    # each period keeps its drawn start unless the one before has not ended by then: start_i = the latest of
    # (start_j + the lengths from j to i) over the run's j <= i, a running maximum restarted per run
    before = run_sums(np.where(first, 0.0, np.concatenate([[0.0], np.nan_to_num(length)[:-1]])), group)
    latest = run_max(start - before, group)
    laid_start = before + latest
    gap = np.where(first, 0.0, laid_start - np.concatenate([[0.0], (laid_start + np.nan_to_num(length))[:-1]]))
    begin = laid_start[first]
    lowest = begin if rule.floor is None else np.minimum(np.full(len(begin), rule.floor), begin)
    n_runs = len(begin)
    # moved back no further than keeps each closed end at/after its floor: end_i - begin is fixed until shrinking
    spare = np.full(n_runs, -np.inf)
    np.maximum.at(spare, group, np.where(np.isnan(length), -np.inf, low_end - (laid_start + length)))
    np.maximum.at(spare, group, low_start - laid_start)  # and each start at/after its own floor
    lowest = np.maximum(lowest, begin + spare)
    # the ancestor's span, per run: the earliest of its rows' ends, the latest of their starts (the start is
    # capped too: a period, open or not, never begins after its ancestor has ended)
    last_end = np.full(n_runs, rule.last_end)
    if ceiling is not None:
        np.minimum.at(last_end, group, ceiling[rows])
    last_start = np.minimum(np.full(n_runs, rule.last_start), last_end)
    if start_ceiling is not None:  # a start bound of its own (``period_start <= subscription_id.ended - 30``)
        np.minimum.at(last_start, group, start_ceiling[rows])
    new_start, new_end = place_runs(
        first, last, group, begin, lowest, length, gap, 0.0, last_start, last_end, rule.kind == "date", True
    )
    placed = new_start.copy(), new_end.copy()
    if np.isfinite(low_end).any():
        # a run shrunk to fit its ancestor's end shrinks every period alike, which may leave an early one ending
        # before its floor: each end is raised to the latest floor of its run so far (no laying ends a period
        # earlier: they follow one another) and each next start to the end before it, the later periods shorter.
        # Where the floors already hold this moves nothing; what it cannot fit (a floor past the ancestor's end)
        # is left outside
        reach_v = run_max(np.where(np.isnan(new_end), -np.inf, low_end), group)
        new_end = np.where(np.isnan(new_end), new_end, np.maximum(new_end, reach_v))
        handover = np.where(first, -np.inf, np.concatenate([[-np.inf], new_end[:-1]]))
        new_start = np.maximum(new_start, handover)
        floor_past[rows] = (reach_v > last_end[group]) & ~np.isnan(new_end)  # (an open one ends nowhere)
    if np.isfinite(low_start).any() or np.isfinite(low_end).any():
        new_start, new_end = _relaid(placed, (new_start, new_end), group, low_start, low_end, last_start, last_end)
    out = (new_start > last_start[group]) | (new_end > last_end[group]) | (new_end < rule.first_end)
    if rule.floor is not None:
        out |= new_start < rule.floor
    out |= new_start < low_start  # (a group's rows may lie under ancestors that begin apart: see below)
    if out.any():
        # a run held by the earliest of its rows' bounds that cannot fit them: laid against each row's own
        cap_s = np.full(len(rows), min(rule.last_start, rule.last_end))
        cap_e = np.full(len(rows), rule.last_end)
        if ceiling is not None:
            cap_s, cap_e = np.minimum(cap_s, ceiling[rows]), np.minimum(cap_e, ceiling[rows])
        if start_ceiling is not None:
            cap_s = np.minimum(cap_s, start_ceiling[rows])
        low_s = low_start if rule.floor is None else np.maximum(low_start, rule.floor)
        low_e = np.maximum(low_end, rule.first_end)
        redo = np.zeros(len(begin), dtype=bool)
        np.logical_or.at(redo, group, out)
        heads = np.flatnonzero(first)
        tails = np.append(heads[1:], len(rows))
        for r in np.flatnonzero(redo):
            at = slice(int(heads[r]), int(tails[r]))  # (a run's rows lie together, in laying order)
            own = _own_bounds(new_start[at], length[at], low_s[at], low_e[at], cap_s[at], cap_e[at])
            if own is not None:
                new_start[at], new_end[at] = own
                out[at] = False
                floor_past[rows[at]] = False
    ns, ne = s.copy(), e.copy()
    ns[rows], ne[rows] = new_start, new_end
    outside[rows] = out
    return (
        frame.with_columns(
            from_float(ns, rule.kind, str(frame.schema[rule.start]), False)
            .cast(frame.schema[rule.start])
            .alias(rule.start),
            from_float(ne, rule.kind, str(frame.schema[rule.end]), False).cast(frame.schema[rule.end]).alias(rule.end),
        ),
        outside,
        floor_past,
    )


def _relaid(
    placed: tuple[NDArray[np.float64], NDArray[np.float64]],
    raised: tuple[NDArray[np.float64], NDArray[np.float64]],
    group: NDArray[np.int64],
    low_start: NDArray[np.float64],
    low_end: NDArray[np.float64],
    last_start: NDArray[np.float64],
    last_end: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The starts and ends of rows in laying order where a run placed (moved back, shrunk: ``placed``) and then
    raised to its end floors (``raised``) still breaks a floor or was squashed: a start before its own floor (a
    start floor is held by the move back, not by the shrink), or a closed period placed with a length raised to
    none (its end and the next start both raised to one floor). Such a run is laid again from its placing through
    one rising map of its time line: each point a floor lifts (a start before its start floor, a closed end before
    its end floor) goes to its floor, and every point after it onto the line from there to the run's last point,
    moved as far as the largest lift but not past the run's latest end (``last_end``; its latest start where its
    last period is open), nor before its highest floor: a run with room is moved on whole, one without is pressed
    between its floor and its end, each later period keeping a share of its placed length and the run its order;
    points before the first lifted one stay. A run laid again that then passes its latest start or end keeps
    ``raised`` (what ``generate`` accepted before: a floor past the ancestor's end is still found outside by the
    caller), as does every other run."""
    p_s, p_e = placed
    r_s, r_e = raised
    n_runs = int(group[-1]) + 1 if len(group) else 0
    closed = ~np.isnan(p_e)
    broken = (r_s < low_start) | (closed & (r_e <= r_s) & (p_e > p_s))
    need = np.zeros(n_runs, dtype=bool)
    np.logical_or.at(need, group, broken)
    if not need.any():
        return r_s, r_e
    # the run's points in order: each row's start, then its end (nan: open, the last only)
    pts = np.stack([p_s, p_e], axis=1).reshape(-1)
    lift = np.stack([low_start, np.where(closed, low_end, -np.inf)], axis=1).reshape(-1)
    pg = np.repeat(group, 2)
    held = ~np.isnan(pts)
    anchor = held & (lift > pts)
    reach = np.full(n_runs, -np.inf)
    np.maximum.at(reach, pg[held], pts[held])
    lifted = np.zeros(n_runs)
    np.maximum.at(lifted, pg[anchor], lift[anchor] - pts[anchor])
    open_last = np.zeros(n_runs, dtype=bool)
    np.logical_or.at(open_last, group, ~closed)
    top = np.minimum(reach + lifted, np.where(open_last, np.minimum(last_start, last_end), last_end))
    np.maximum.at(top, pg[anchor], lift[anchor])
    top = np.maximum(top, reach)
    r, y = reach[pg], top[pg]
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.where(anchor, np.where(r > pts, (y - lift) / (r - pts), 0.0), np.inf)
    # the lines through (the run's last point, its new place): past an anchor, the flattest so far lies highest
    flat = -run_max(-slope, pg)
    on = np.isfinite(flat)
    mapped = np.where(on, y - (r - np.where(on, pts, r)) * np.where(on, flat, 0.0), pts)
    mapped = np.maximum(mapped, run_max(np.where(anchor, lift, -np.inf), pg))  # each lifted point on its floor
    mapped = np.round(mapped)  # whole days of a date, whole microseconds of a datetime
    mapped = np.where(held, run_max(np.where(held, mapped, -np.inf), pg), np.nan)  # (rounding keeps the order)
    m_s, m_e = mapped[0::2], mapped[1::2]
    past = (m_s > last_start[group]) | (m_e > last_end[group])
    np.logical_and.at(need, group, ~past)
    redo = need[group]
    return np.where(redo, m_s, r_s), np.where(redo, m_e, r_e)


def _own_bounds(
    placed: NDArray[np.float64],
    length: NDArray[np.float64],
    low_s: NDArray[np.float64],
    low_e: NDArray[np.float64],
    cap_s: NDArray[np.float64],
    cap_e: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    """One run laid against each row's own bounds (its rows in laying order: ``placed`` starts, laid ``length``s,
    nan: open, the last only; per row its earliest start and end and its latest start and end), where the earliest
    of its rows' bounds held it outside (a customer's bills each bounded by their own subscription, the
    subscriptions apart in time): each period starts at its placed start, pulled back no further than the latest
    start of it and every later row allows, and on/after its floor and the end before it; it keeps its length where
    it and the rows after it sharing its latest end (by every later row's latest start and end) fit before that,
    else they are shrunk alike to fit (never before its end floor). None: a row
    still outside its own bounds, or a period laid long pressed to none, so the run cannot fit in this order."""
    m = len(placed)
    later_s = np.minimum.accumulate(cap_s[::-1])[::-1]  # a point lies before every later start: no overlap
    later_e = np.minimum.accumulate(np.where(np.isnan(length), np.inf, cap_e)[::-1])[::-1]
    # each closed end's latest: by every later row's latest end and every later start's; the rows sharing one
    # (a subscription's bills) share its room, their lengths shrunk alike (whole units) where they pass it
    room = np.minimum(later_e, np.concatenate([later_s[1:], [np.inf]]))
    lens = np.nan_to_num(length)
    start, end = np.empty(m), np.full(m, np.nan)
    before = -np.inf
    for k in range(m):
        start[k] = max(low_s[k], before, min(placed[k], later_s[k]))
        if np.isnan(length[k]):
            continue
        ahead = lens[k:][room[k:] == room[k]].sum()
        fit = 1.0 if ahead <= room[k] - start[k] or ahead <= 0 else max(room[k] - start[k], 0.0) / ahead
        end[k] = before = max(start[k], low_e[k], min(start[k] + np.floor(length[k] * fit), room[k]))
    closed = ~np.isnan(end)
    if (start > cap_s).any() or (end[closed] > cap_e[closed]).any():
        return None
    if (closed & (end <= start) & (length > 0)).any():
        return None  # a period pressed to nothing: refused, as a range too tight is, not filled so
    return start, end
