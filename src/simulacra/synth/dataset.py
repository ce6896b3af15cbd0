"""Learn a whole source — every table, its keys and cross-table structure — and sample new datasets.

Tables are learned parents first (the spec's foreign-key order). Each child table has
one *context* parent (``rows: {per: parent}`` in the spec, else its most specific
parent): how many children a parent has is learned from the parent's own values and
its parent's, and every child row is drawn given that context plus its position among
its siblings. Children ordered in time (an event table) are drawn position by
position, each given the sibling before it, with dates learned as gaps, so order and
spacing survive. Other foreign keys are filled from each parent's learned share of
references. Keys, PII and free text are never learned: the spec's rule-based
generators make them fresh (names, emails... from the realistic value engine).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._clock import datetime_step
from simulacra._frames import stat
from simulacra._learned_kinds import learned_kind, null_case
from simulacra._manifest import run_manifest
from simulacra._parent_months import months_counts, parent_months, place_months, places
from simulacra._random import Stream, root_stream
from simulacra._reference_data import PLACES, REFERENCE_ROWS
from simulacra._round_dates import (
    RoundDates,
    as_days,
    learn_round_dates,
    place_round_dates,
    round_dates_from_json,
)
from simulacra._scaled_rows import rows_at, scaled_rows
from simulacra._version import __version__
from simulacra.errors import (
    ConstraintError,
    DataValidationError,
    Location,
    ModelError,
    NotFittedError,
    Problem,
    SpecError,
    did_you_mean,
)
from simulacra.spec import model as m
from simulacra.spec.bounds import Order, column_orders, only_orders
from simulacra.spec.plan import Plan, TablePlan
from simulacra.synth._base import BaseSynthesizer
from simulacra.synth._boolean_forms import as_booleans, written_back
from simulacra.synth._capacity import capacity_candidates, capacity_of, capped_counts, learn_capacity
from simulacra.synth._covers import Cover, lacking_rows, learn_covers, recode
from simulacra.synth._dates_in_order import keep_date_orders
from simulacra.synth._deal_apart import deal_apart
from simulacra.synth._encoding import (
    Kind,
    day_unit,
    from_float,
    held_weekdays,
    month_starts,
    on_month_starts,
    on_step,
    times_of_day,
    to_float,
    unwarp,
    warp,
)
from simulacra.synth._following import Following, lay_following, learn_following
from simulacra.synth._group_shapes import candidates_per_owner, deal_shapes, group_shapes
from simulacra.synth._inside_period import Inside, keep_inside, learn_inside
from simulacra.synth._keys_apart import differing_keys, keep_apart
from simulacra.synth._link_totals import LinkTotals, link_totals_of, toward_totals
from simulacra.synth._month_apart import months_apart, spread_months
from simulacra.synth._pairs_once import pairs_once
from simulacra.synth._parent_bounds import bounded_by_parent, keep_bound, keep_bounds
from simulacra.synth._paths import feasible_lengths, learn_machine, machine_codes
from simulacra.synth._period_rates import PeriodRate, counts_at_rate, learn_period_rate
from simulacra.synth._periods import (
    Span,
    Window,
    apply_windows,
    learn_spans,
    learn_windows,
    repair_spans,
    span_from_json,
    window_bounds,
    window_from_json,
)
from simulacra.synth._ref_shape import ref_histogram, to_source_shape
from simulacra.synth._side_parents import choose_side_columns, side_codes
from simulacra.synth._spread import spread_unique, spread_unique_in
from simulacra.synth._store import guarded_load, read_model, write_model
from simulacra.synth._table import ORDERS, LearnedTable, TableParams, unsatisfiable
from simulacra.synth._total_reach import parent_reach, within_reach
from simulacra.synth._toward_total import toward_total
from simulacra.synth._unique_in_parent import context_as_drawn, free_in_parent, free_parent_on_day
from simulacra.synth._unique_place import place_repeats
from simulacra.synth.conditions import Condition, filtered_sample, parse_where, rebalance_codes, split_where

if TYPE_CHECKING:
    from simulacra.generation.filler import ColumnFiller

__all__ = ["DatasetSynthesizer", "Draw", "draw_chunk", "sample_chunk_ipc"]

# (table, row ids, context rows or None) -> the learned rows and their codes (see DatasetSynthesizer.sample)
Draw = Callable[[str, NDArray[np.int64], NDArray[np.int32] | None], tuple[pl.DataFrame, NDArray[np.int32]]]
# a table's drawn rows, their codes, a child's parent rows and context (None for a root), and the rows of its other
# parents drawn before its rows (foreign key -> parent rows; ``_TableModel.side``): whole or a run of parents
_Piece = tuple[
    pl.DataFrame,
    NDArray[np.int32],
    NDArray[np.int64] | None,
    NDArray[np.int32] | None,
    dict[str, NDArray[np.int64]] | None,
]

_MAX_POSITION = 63  # positions beyond this share one feature value
_PARTS = 16  # a sequence child drawn in runs: a run's parts are put together in one frame this often
#: a sequence child drawn in runs: the rows drawn ahead of the run being finished, on average, as a share of a run
#: of ``max(chunk_rows, _AHEAD_RUN)`` rows (see ``_stagger``; Berka at scale 16: ~440 MB peak at 100,000 rows a run)
_AHEAD = 0.25
_AHEAD_RUN = 100_000
_SEQUENCE_MIN_SIBLINGS = 2.0
MATCH_REF_DRAWS = 3  # draws of a matched key's learned references per parent, summed into its weight
_CHILD_BASE = 1 << 36  # row ids of secondary draws
_UNIQUE_BASE = 1 << 48  # row ids of redraws for uniqueness
_WEIGHTED = 20  # redraws of a second key by its learned references before they are drawn evenly
_CHECK_REDRAWS = 50  # redraws of a row's learned side for a check reading a rule-made column
# attempts a unique set's rule-made column is made again at (past the single-column redraws' 1 to 50)
_REMAKE_ATTEMPTS = range(51, 101)
_DATE_BINS = 32  # quantile bins of a sequence date given to children as context
_TOTAL_DRAWS = 32  # at most this many draws of children per parent averaged for a child table's size


def _pooled_slots(spec: Any, tname: str, frame: pl.DataFrame, notes: list[str]) -> pl.DataFrame:
    """Pooled columns (``pool: K``) learned as which of their entities a row is (``slot 1`` the most
    frequent), never as their values: a customer's name is not copied, the 10 customers are kept."""
    from simulacra._slots import slot_labels

    out = frame
    for c, s in spec.columns.items():
        if isinstance(s, m.RealisticColumn) and s.pool is not None and c in frame.columns:
            labels, k = slot_labels(frame.get_column(c))
            out = out.with_columns(labels.alias(c))
            notes.append(
                f"{tname}.{c}: {k} distinct values learned as {k} slots by their shares (pool {s.pool}), "
                "sampled as fresh values"
            )
    return out


@dataclass
class _TableModel:
    name: str
    learned: LearnedTable
    kinds: dict[str, Kind]
    context_fk: str | None = None  # FK column to the context parent
    parent: str | None = None
    count: LearnedTable | None = None  # children per context-parent row
    secondary: dict[str, LearnedTable] = field(default_factory=dict)  # FK column -> references per parent row
    secondary_null: dict[str, float] = field(default_factory=dict)
    #: matched key -> (a learned category of the row, its values' shares of nulls): a message by a customer
    #: names no agent, one by an agent names the ticket's (drawn at the overall share: 51% agreed)
    null_by: dict[str, tuple[str, dict[str, float]]] = field(default_factory=dict)
    sequence_column: str | None = None  # date column drawn as gaps, position by position
    anchor: str | None = None  # parent date column the first gap counts from
    anchor_value: float = 0.0  # ... or this constant
    #: the sequence date-time's clock (``encoding.times_of_day``) when the source leaves hours of the day empty:
    #: its gaps are learned in days of that clock (empty hours take no room), so the cumulated dates land in the
    #: hours the source holds (meetings 08:00-18:00 came out at any hour: 55% in office hours); None: real time
    seq_clock: list[list[float]] | None = None
    #: the weekdays the sequence date's source holds (``encoding.held_weekdays``): its gaps count those days only
    seq_weekdays: list[int] | None = None
    #: the least gap between siblings in the source when every one is positive (no two events of a parent at one
    #: time, one attendance per day): a drawn gap below it is raised to it; None: the source has ties
    min_gap: float | None = None
    #: the sequence date never shares a calendar month with its sibling before it (a meter read once a month):
    #: sampled dates are moved apart by months (``synth._month_apart``)
    months_apart: bool = False
    #: the sequence's source dates are all the 1st of their month (a month written as text, ``2023-04``): its
    #: sampled dates are floored to their month once apart, so a row's month and the dates learned from it agree
    month_starts: bool = False
    #: date column -> (the sequence column, +1 after it / -1 before it): learned as its distance from the
    #: sequence date, so a declared order between them (order_date <= ship_date) holds by construction
    offsets: dict[str, tuple[str, int]] = field(default_factory=dict)
    n_rows: int = 0
    orphans: int = 0
    n_lag: int = 0
    count_scale: float = 1.0  # real children / the count model's mean on the real parents
    date_edges: list[float] = field(default_factory=list)  # sequence date bins: context for children
    windows: list[Window] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)  # days to a second parent's date (an age at the race)
    #: date columns whose rows fall into rounds of a round column (a matchday over a weekend; simulacra._round_dates)
    rounds: list[RoundDates] = field(default_factory=list)
    reference: dict[str, Any] | None = None  # a lookup table's real rows (columns, dtypes), copied
    ref_counts: list[int] | None = (
        None  # children per row of a copied lookup parent  # date columns: observed range, period of the parent
    )
    #: a sequence whose states follow a machine (synth._paths): column, start, moves, longest, previous
    machine: dict[str, Any] | None = None
    #: the context parent's number column no parent's child count passes (a flight's seats; synth._capacity)
    cap: str | None = None
    #: other foreign keys whose parent row is drawn before the row, and the parent's own code columns the
    #: row's model sees (after its context parent's and its place; synth/_side_parents.py)
    side: dict[str, list[int]] = field(default_factory=dict)
    #: keys into this table with ``where: column = 'value'`` whose every group (their ``match`` columns) holds a
    #: row of the value in the source: a sample's lacking group has one row recoded (synth/_covers.py)
    covers: list[Cover] = field(default_factory=list)
    #: the context parent's other foreign keys and their parent's own category columns the count model sees
    #: beside the context parent's codes (stops per route follow the route's vehicle's kind, the route drawn per
    #: driver; synth/_side_parents.py chooses them, the same rule as ``side``)
    count_side: dict[str, list[int]] = field(default_factory=dict)
    #: per non-context foreign key: the source's references per parent row, ``[count, parents]`` pairs; the
    #: learned draws are given this shape (synth/_ref_shape.py)
    ref_hist: dict[str, list[list[int]]] = field(default_factory=dict)
    #: per member key of a link table a grandchild draws through (entries.rider_id): the source's rows drawn
    #: through it per member, and the events each row is drawn through (synth/_link_totals.py)
    link_totals: dict[str, LinkTotals] = field(default_factory=dict)
    #: per matched key: the source's groups of at most a few candidates as shapes, ``[groups, count, ...]``
    #: (a passenger's bookings' entries: synth/_group_shapes.py)
    ref_groups: dict[str, list[list[int]]] = field(default_factory=dict)
    #: matched keys whose match is the context key (a ledger entry's booking among its passenger's): the count
    #: model reads each context parent's number of candidates for them (synth/_group_shapes.py)
    count_candidates: list[str] = field(default_factory=list)
    #: a declared ``periods`` rule under the context parent: its learned lengths and gaps (synth/_following.py)
    following: list[Following] = field(default_factory=list)
    #: date columns the source keeps inside the context parent's laid ``periods`` (a call inside its
    #: subscription): moved inside the laid period at sample (synth/_inside_period.py)
    inside: list[Inside] = field(default_factory=list)
    #: children per day of the context parent's laid ``periods`` (a subscription's calls), where the source's
    #: count grows with the length: drawn from the laid length at sample (synth/_period_rates.py)
    rate: PeriodRate | None = None


class DatasetSynthesizer(BaseSynthesizer):
    """Fit on a dataset (frames + spec), sample new datasets with full referential integrity."""

    def __init__(
        self,
        *,
        method: str = "trees",
        min_samples_leaf: int | None = None,
        min_count: int = 5,
        n_bins: int = 40,
        reject_copies: bool = True,
        first: Mapping[str, Sequence[str]] | None = None,
        reference: Sequence[str] | None = None,
        seed: int = 0,
        order: str = "data",
    ) -> None:
        if method not in ("trees", "copula"):
            raise ValueError(f"method must be 'trees' or 'copula', got {method!r}")
        if order not in ORDERS:
            raise ValueError(f"order must be one of {ORDERS}, got {order!r}")
        self.method = method
        self.order = order  # each table's model order after its 'first' columns, as TabularSynthesizer's
        self.min_samples_leaf = min_samples_leaf
        self.min_count = min_count
        self.n_bins = n_bins
        self.reject_copies = reject_copies
        self.first = {k: list(v) for k, v in (first or {}).items()}
        self.reference = None if reference is None else list(reference)
        self.seed = int(seed)

    def _params(self, n: int, *, copies: bool | None = None, method: str | None = None) -> TableParams:
        from simulacra.synth.tabular import numeric_leaf_for

        leaf = self.min_samples_leaf or max(5, min(50, n // 100))
        return TableParams(
            method=method or self.method,
            min_samples_leaf=leaf,
            numeric_leaf=numeric_leaf_for(leaf),  # numbers' trees: finer leaves, as the one-table synthesizer
            min_count=self.min_count,
            n_bins=self.n_bins,
            reject_copies=self.reject_copies if copies is None else copies,
            order=self.order,
        )

    # ================================================================== fit
    def fit(
        self,
        frames: Mapping[str, pl.DataFrame],
        spec: m.DatasetSpec | Plan,
        *,
        source: Mapping[str, Any] | None = None,
        progress: bool = False,
    ) -> DatasetSynthesizer:
        from simulacra._frames import to_polars

        frames = {t: to_polars(f) for t, f in frames.items()}  # polars, pandas or Arrow tables
        plan = spec if isinstance(spec, Plan) else _make_plan(spec)
        self.spec_ = plan.spec
        self.source_ = dict(source or {})
        missing = [t for t in plan.tables if t not in frames]
        if missing:
            raise SpecError(
                f"the source has no table(s) {missing} the spec describes" + did_you_mean(missing[0], frames)
            )
        self.tables_: dict[str, _TableModel] = {}
        self.notes_: list[str] = []
        self.boolean_forms_: dict[str, dict[str, dict[str, Any]]] = {}
        ctx: dict[str, NDArray[np.int32]] = {}  # per table: own codes + parent's codes, per real row
        kept_frames: dict[str, pl.DataFrame] = {}
        # the bar moves per learned column (each is one tree), not per table: one big table no longer sits at 0%
        sizes = {
            t: max(1, sum(learned_kind(s) is not None for s in tp.spec.columns.values()))
            for t, tp in plan.tables.items()
        }
        done = 0
        with _Progress(progress, sum(sizes.values()), "fitting") as bar:
            for tname, tp in plan.tables.items():
                bar.describe(f"fitting {tname}")
                frame = frames[tname]
                if frame.height == 0:
                    raise DataValidationError(
                        [Problem(Location(table=tname), "the table is empty: nothing to learn from")]
                    )
                # a column the spec declares boolean, read as 0/1 or 'y'/'n': learned as booleans, sampled back so
                frame, forms = as_booleans(tname, frame, tp.spec.columns)
                if forms:
                    self.boolean_forms_[tname] = forms
                kinds = {c: k for c, s in tp.spec.columns.items() if (k := learned_kind(s)) is not None}
                for c in kinds:
                    if c not in frame.columns:
                        raise SpecError(
                            f"the source table has no column '{c}'" + did_you_mean(c, frame.columns),
                            location=Location(table=tname, column=c),
                        )
                for c, why in _null_cases_apart(tp.spec, kinds):
                    del kinds[c]
                    self.notes_.append(f"{tname}.{c}: {why}")
                for c, why in _numbers_drafted_as_categories(tp.spec, frame, kinds):
                    kinds[c] = "numeric"
                    self.notes_.append(f"{tname}.{c}: {why}")
                frame = _pooled_slots(tp.spec, tname, frame, self.notes_)
                tm = self._fit_table(plan, tname, frame, kinds, ctx, kept_frames, tick=bar.advance)
                tm.covers = learn_covers(plan.spec, tname, frame, set(kinds))
                if self._is_reference(plan, tname, frame, tm):
                    tm.reference = _frame_json(kept_frames[tname])
                    # each copied row is its own context: children learn counts per status, per country; the
                    # row's number sits after its own codes, before its parent's (what sampling rebuilds)
                    own = len(tm.learned.columns)
                    rows_ = np.arange(kept_frames[tname].height, dtype=np.int32)[:, None]
                    ctx[tname] = np.ascontiguousarray(
                        np.concatenate([ctx[tname][:, :own], rows_, ctx[tname][:, own:]], axis=1)
                    )
                    self.notes_.append(
                        f"{tname}: a lookup table ({frame.height} rows, referenced by other tables, "
                        "no personal data): copied as reference data, keys and values kept"
                    )
                text = [
                    c
                    for c, s in tp.spec.columns.items()
                    if isinstance(s, m.RealisticColumn) and s.generator in ("word", "sentence", "paragraph")
                ]
                if text:
                    self.notes_.append(
                        f"{tname}: free-text column(s) {text} are not learned; samples hold generated placeholder text"
                    )
                self.tables_[tname] = tm
                done += sizes[tname]
                bar.to(done)
        self.plan_ = plan
        return self

    def _is_reference(self, plan: Plan, tname: str, frame: pl.DataFrame, tm: _TableModel) -> bool:
        """A lookup table to copy: named in ``reference``, or (by default) a table of at most
        ``REFERENCE_ROWS`` rows that other tables reference, with no personal data or free text,
        whose own parents (if any) are copied too: a chain of lookups (regions → offices →
        departments) is copied whole, so its keys keep their meaning and its labels their text (a
        department's name drawn from 8 rows was a placeholder, 'name 3')."""
        if tm.sequence_column is not None:
            return False  # its learned codes are gaps between siblings, not the copied rows' values
        if self.reference is not None:
            return tname in self.reference
        tp = plan.tables[tname]
        parents = {lk.table for lk in tp.links.values() if not lk.self_ref}
        copied = all(t in self.tables_ and self.tables_[t].reference is not None for t in parents)
        if not copied or frame.height > REFERENCE_ROWS:
            return False
        referenced = any(
            lk.table == tname and t != tname for t, other in plan.tables.items() for lk in other.links.values()
        )
        personal = any(isinstance(s, m.RealisticColumn) and s.generator not in PLACES for s in tp.spec.columns.values())
        return referenced and not personal

    def _fit_table(
        self,
        plan: Plan,
        tname: str,
        frame: pl.DataFrame,
        kinds: dict[str, Kind],
        ctx: dict[str, NDArray[np.int32]],
        kept_frames: dict[str, pl.DataFrame],
        tick: Callable[[], None] | None = None,
    ) -> _TableModel:
        tp = plan.tables[tname]
        links = {c: lk for c, lk in tp.links.items() if not lk.self_ref}
        context_fk = _context_fk(plan, tname, links, frame, kept_frames)
        params = self._params(frame.height)
        keep = {  # a closed vocabulary's values, rare ones too (the draft decided none identifies anyone)
            c: list(s.values)
            for c, s in tp.spec.columns.items()
            if isinstance(s, m.CategoricalColumn) and s.keep_rare and kinds.get(c) == "categorical"
        }
        tm = _TableModel(name=tname, learned=LearnedTable(name=tname, params=params, keep=keep), kinds=kinds)
        context = None
        if context_fk is not None:
            link = links[context_fk]
            parent = link.table
            pidx = _link_index(kept_frames[parent], link.key, frame, context_fk, _matched(tp, context_fk))
            orphan = pidx < 0
            if orphan.any():
                tm.orphans = int(orphan.sum())
                nulls = int(frame.get_column(context_fk).is_null().sum())
                if tm.orphans > nulls:
                    self.notes_.append(
                        f"{tname}: {tm.orphans - nulls} row(s) whose {context_fk} matches no {parent}.{link.key} "
                        "were left out of learning (orphans in the source)"
                    )
                if nulls:  # every key of the table is nullable here: a row drawn per it needs one
                    self.notes_.append(
                        f"{tname}: {nulls} row(s) whose {context_fk} is null were left out of learning "
                        f"(the table is drawn per {parent}, so a row needs one)"
                    )
                frame = frame.filter(pl.Series(~orphan))
                pidx = pidx[~orphan]
            if frame.height == 0:
                raise DataValidationError(
                    [
                        Problem(
                            Location(table=tname, column=context_fk),
                            f"no row of the table references an existing {parent} row",
                        )
                    ]
                )
            tm.context_fk, tm.parent = context_fk, parent
            # children per parent row, learned from the parent's context
            n_parent = kept_frames[parent].height
            counts = np.bincount(pidx, minlength=n_parent)
            cframe = pl.DataFrame({"__count": counts.astype(np.int64)})
            tm.count = LearnedTable(
                name=f"{tname}.__count", params=self._params(n_parent, copies=False, method="trees")
            )
            count_ctx = ctx[parent]
            grand = self._count_parents(plan, parent, kept_frames, ctx)
            if grand:
                tm.count_side = _count_side(grand, counts)
                if tm.count_side:
                    count_ctx = np.concatenate(
                        [
                            count_ctx,
                            side_codes(
                                tm.count_side,
                                {c: g[0] for c, g in grand.items()},
                                {c: grand[c][1] for c in tm.count_side},
                            ),
                        ],
                        axis=1,
                    )
            owned = {c: self._owner_candidates(tp, c, context_fk, parent, kept_frames) for c in tp.links}
            owned_codes = {c: codes for c, codes in owned.items() if codes is not None}
            tm.count_candidates = list(owned_codes)
            if owned_codes:  # an owner's rows follow its candidates (a customer's payments its invoices)
                count_ctx = np.concatenate([count_ctx, *owned_codes.values()], axis=1)
            tm.count.fit(cframe, {"__count": "numeric"}, seed=self.seed, context=count_ctx)
            ups = {
                fk: (kept_frames[lk.table], lk.key, _capacity_skip(plan, lk.table))
                for fk, lk in plan.tables[parent].links.items()
                if not lk.self_ref and lk.table in kept_frames
            }
            tm.cap = learn_capacity(counts, capacity_candidates(kept_frames[parent], _capacity_skip(plan, parent), ups))
            if self.tables_.get(parent) is not None and self.tables_[parent].reference is not None:
                tm.ref_counts = counts.astype(int).tolist()  # per copied lookup row: its real share of children
            # the model's mean total on the real parents against the real total: sizes are corrected by it
            drawn = _mean_total(tm.count, count_ctx, root_stream(self.seed).child(tname, "calibrate"))
            tm.count_scale = float(counts.sum()) / drawn if drawn > 0 else 1.0
            # sequence mode: an event table ordered in time within its parent
            order = np.lexsort((np.arange(len(pidx)), pidx))
            seq = _sequence_column(tp.spec, kinds, counts)
            if seq is not None:
                tm.sequence_column = seq
                order = _event_order(to_float(frame.get_column(seq), kinds[seq]), pidx)
            frame = frame[order]
            pidx = pidx[order]
            position = _positions(pidx)
            sibling_count = counts[pidx]
            context = np.concatenate([ctx[parent][pidx], _position_features(position, sibling_count)], axis=1)
        learn_kinds: dict[str, Kind] = dict(kinds)
        learn_frame = frame
        if tm.sequence_column is not None:  # dates learned as gaps between siblings
            seq = tm.sequence_column
            assert tm.parent is not None  # sequence mode is chosen only under a context parent
            learn_frame, tm.anchor, tm.anchor_value, (tm.seq_clock, tm.seq_weekdays) = _gaps(
                frame, seq, kinds[seq], pidx, position, kept_frames[tm.parent], plan.tables[tm.parent].spec
            )
            after = _after_dated(frame.get_column(seq).is_null().to_numpy(), pidx)
            sibling = learn_frame.get_column(seq).cast(pl.Float64).filter(pl.Series(after)).drop_nulls()
            if sibling.len() and float(sibling.min()) > 0:  # type: ignore[arg-type]
                tm.min_gap = float(sibling.min())  # type: ignore[arg-type]
            if kinds[seq] == "date":
                tm.months_apart = months_apart(to_float(frame.get_column(seq), "date"), pidx)
                tm.month_starts = tm.months_apart and on_month_starts(to_float(frame.get_column(seq), "date"))
            learn_kinds[seq] = "numeric"
        learn_frame = _offsets(tm, frame, learn_frame, learn_kinds, _date_orders(plan.spec, tname))
        first = self.first.get(tname, []) + self.first.get("*", [])  # "*": any table with that column
        tm.learned.prepare(learn_frame, learn_kinds, first=first)
        if tm.parent is not None and tm.sequence_column is None:  # the columns of its other parents that matter
            parents = self._side_parents(tm, plan, links, frame, kept_frames, ctx)
            tm.side = choose_side_columns(tm.learned.encode(learn_frame), parents) if parents else {}
            if tm.side:
                # rows in a seeded order within each parent: the other parents are drawn whatever the row's place,
                # so a place the file's order gave meaning (results listed by finishing position) would speak
                # over them (motorsport: corr(driver skill, time) 0.23 sampled, 0.82 real, learned in file order)
                shuffle = (
                    root_stream(self.seed).child(tname, "side-order").bits(np.arange(frame.height, dtype=np.int64))
                )
                frame = learn_frame = frame[np.lexsort((shuffle, pidx))]
                parents = self._side_parents(tm, plan, links, frame, kept_frames, ctx)
                rows = {c: parents[c][1] for c in tm.side}
                context = np.concatenate([context, side_codes(tm.side, {c: p[0] for c, p in parents.items()}, rows)], 1)
        if tm.sequence_column is not None:  # states that follow a machine: paths drawn from it (synth._paths)
            tm.machine = learn_machine(tm.learned, dict(kinds), frame, pidx)
        if tm.sequence_column is not None:  # each event also sees the one before it
            lag = _lagged(tm.learned.encode(learn_frame), position)
            tm.n_lag = lag.shape[1]
            context = np.concatenate([context, lag], axis=1)
        tm.learned.fit_model(learn_frame, seed=self.seed, context=context, tick=tick)
        own = tm.learned.encode(learn_frame)
        if tm.sequence_column is not None:  # children see the date itself, not only its gap (an account's opening)
            x = to_float(frame.get_column(tm.sequence_column), kinds[tm.sequence_column])
            finite = x[np.isfinite(x)]
            tm.date_edges = (
                np.unique(np.quantile(finite, np.linspace(0, 1, _DATE_BINS + 1)[1:-1])).tolist() if len(finite) else []
            )
            own = np.concatenate([own, _date_bin(x, tm.date_edges)], axis=1)
        pctx = (
            ctx[tm.parent][pidx][:, : _own_width(self, tm.parent)]
            if tm.parent
            else np.zeros((frame.height, 0), np.int32)
        )
        ctx[tname] = np.ascontiguousarray(np.concatenate([own, pctx], axis=1).astype(np.int32))
        # other foreign keys: how many rows reference each parent row
        others: dict[str, tuple[pl.DataFrame, NDArray[np.int64]]] = {}
        for col, link in links.items():
            if col == context_fk:
                continue
            ref = frame.get_column(col)
            # a matched key is null where its match has no candidate (a passenger with no booking earns a bonus
            # with none): sample makes those nulls itself, so the share learned is among the rows with one
            has = _with_candidate(frame, kept_frames[link.table], _matched(tp, col))
            seen = frame if has is None else frame.filter(pl.Series(has))
            null_share = stat(seen.get_column(col).is_null().mean()) if seen.height else 0.0
            tm.secondary_null[col] = null_share
            if 0 < null_share < 1 and (_matched(tp, col) or _through(tp, col)):
                if (by := _nulls_by_category(seen, col, kinds)) is not None:
                    tm.null_by[col] = by
            if _through(tp, col) and kept_frames[link.table].get_column(link.key).is_duplicated().any():
                # a key into a link table (a result's rider among its tour's entries): the row the path names
                sidx = _link_index_through(plan, tp, col, frame, kept_frames)
                if (found := link_totals_of(plan, tp, col, sidx, kept_frames, _parent_index)) is not None:
                    self.tables_[found[0]].link_totals[found[1]] = found[2]  # results per rider (_link_totals)
            else:
                sidx = _link_index(kept_frames[link.table], link.key, frame, col, _matched(tp, col))
            bad = (sidx < 0) & ref.is_not_null().to_numpy()
            if bad.any():
                self.notes_.append(
                    f"{tname}.{col}: {int(bad.sum())} value(s) match no {link.table}.{link.key}; "
                    "their references were not learned"
                )
            refs = np.bincount(sidx[sidx >= 0], minlength=kept_frames[link.table].height)
            lt = LearnedTable(
                name=f"{tname}.{col}.__refs", params=self._params(len(refs), copies=False, method="trees")
            )
            lt.fit(
                pl.DataFrame({"__refs": refs.astype(np.int64)}),
                {"__refs": "numeric"},
                seed=self.seed,
                context=ctx[link.table],
            )
            tm.secondary[col] = lt
            tm.ref_hist[col] = ref_histogram(refs)
            if (shapes := self._source_group_shapes(tp, col, kept_frames[link.table], refs)) is not None:
                tm.ref_groups[col] = shapes
            if not _matched(tp, col):
                others[col] = (kept_frames[link.table], sidx)
        tm.spans = learn_spans(
            frame, pidx if tm.parent else None, kept_frames[tm.parent] if tm.parent else None, others, self.seed
        )
        tm.windows = learn_windows(
            frame, dict(kinds), pidx if tm.parent else None, kept_frames[tm.parent] if tm.parent else None
        )
        if tm.parent is not None:  # a parent's periods one after another, where the spec declares it
            tm.following = self._following(tname, tm, frame, pidx, kinds)
            laid = self.tables_[tm.parent].following if tm.parent in self.tables_ else []
            if laid:  # children of a laid period kept inside it where the source keeps them
                tm.inside = learn_inside(
                    frame, dict(kinds), pidx, kept_frames[tm.parent], [(r.start, r.end) for r in laid]
                )
            spec_rows = tp.spec.rows  # (a count the spec fixes — one per month, the parent's own numbers — wins)
            fixed = isinstance(spec_rows, m.RowsPerParent) and (spec_rows.months is not None or bool(spec_rows.equals))
            for r in [] if fixed else laid:  # children at a rate over the period's length, where the source's grow
                if (rate := learn_period_rate(kept_frames[tm.parent], pidx, r.start, r.end, r.kind)) is not None:
                    tm.rate = rate
                    break
        # dates that fall into rounds (a matchday's matches over one weekend): not a date placed otherwise (a
        # distance from another, one another date is measured from, an event sequence's kept a month or a least
        # gap apart); an event sequence's date keeps its order (a round's dates go to its rows in their order)
        placed: set[str | None] = {*tm.offsets, *(seq for seq, _ in tm.offsets.values())}
        if tm.months_apart or tm.min_gap is not None:
            placed.add(tm.sequence_column)
        rules = self._rounds_rules(tname, tp.spec, frame, kinds, placed)
        notes: list[str] = []
        tm.rounds = learn_round_dates(
            frame,
            {c: k for c, k in kinds.items() if c not in placed},
            pidx if tm.parent else None,
            # no seed: the rounds are learned from the source alone (``_round_dates._LEARN_SEED``), as the draft
            # that says them learns them; the user's seed drives where the sampled rounds fall
            exclude=set(links) | set(tp.spec.key_columns or ()) | {c for c in placed if c},
            rules=rules,
            notes=notes,
        )
        self.notes_ += [f"{tname}.{note}" for note in notes]
        tm.n_rows = frame.height
        kept_frames[tname] = frame
        return tm

    def _following(
        self, tname: str, tm: _TableModel, frame: pl.DataFrame, pidx: NDArray[np.int64], kinds: Mapping[str, Kind]
    ) -> list[Following]:
        """The spec's ``periods`` rules on this table per its context key, learned (``synth._following``)."""
        out = []
        for c in self.spec_.constraints:
            if c.table != tname or c.periods is None or list(c.per or []) != [tm.context_fk]:
                continue
            start, end = c.periods
            kind = kinds.get(start)
            if kind not in ("date", "datetime") or kinds.get(end) != kind or end not in frame.columns:
                continue
            rule = learn_following(frame, pidx, start, end, str(kind))
            if rule is not None:
                out.append(rule)
        return out

    def _rounds_rules(
        self, tname: str, spec: m.TableSpec, frame: pl.DataFrame, kinds: Mapping[str, str], placed: set[str | None]
    ) -> dict[str, str | None]:
        """The spec's ``rounds`` rules of this table's learned dates (``synth`` reads them; the plan has checked
        the columns): date -> round column, or None for ``rounds: false``. A rule fit cannot follow is said in
        its notes (a date learned as a distance from another), or refused (a round column that holds no
        integers in the source)."""
        rules: dict[str, str | None] = {}
        for c, s in spec.columns.items():
            if not isinstance(s, m.DateColumn) or s.rounds is None:
                continue
            if s.rounds is False:
                rules[c] = None
                continue
            by = s.rounds.by
            if kinds.get(c) != "date" or frame.schema.get(c) != pl.Date:
                self.notes_.append(f"{tname}.{c}: rounds are learned on dates (not datetimes); rule not applied")
            elif c in placed:
                self.notes_.append(
                    f"{tname}.{c}: learned as a distance from another date of its row, not in rounds of {by}; "
                    "rule not applied"
                )
            elif by not in frame.columns or not frame.schema[by].is_integer():
                raise SpecError(
                    f"rounds: {tname}.{c} rounds by '{by}', which holds "
                    + (f"{frame.schema[by]} values" if by in frame.columns else "no values")
                    + " in the source; the round column holds integers (a matchday)",
                    location=Location(table=tname, column=c),
                )
            else:
                rules[c] = by
        return rules

    def _side_parents(
        self,
        tm: _TableModel,
        plan: Plan,
        links: Mapping[str, Any],
        frame: pl.DataFrame,
        kept_frames: Mapping[str, pl.DataFrame],
        ctx: Mapping[str, NDArray[np.int32]],
    ) -> dict[str, tuple[NDArray[np.int32], NDArray[np.int64]]]:
        """The child's other parents (a result's driver, beside its race) that may join its context: per foreign
        key, the parent's own codes per parent row and each real row's parent row (-1: none). Keys filled by a
        rule of their own (``match``, through another key) are not drawn this way."""
        tp = plan.tables[tm.name]
        parents: dict[str, tuple[NDArray[np.int32], NDArray[np.int64]]] = {}
        for col, link in links.items():
            if col == tm.context_fk or _matched(tp, col) or _through(tp, col) or link.table not in ctx:
                continue
            sidx = _link_index(kept_frames[link.table], link.key, frame, col, _matched(tp, col))
            parents[col] = (ctx[link.table][:, : _own_width(self, link.table)], sidx)
        return parents

    def _count_parents(
        self,
        plan: Plan,
        parent: str,
        kept_frames: Mapping[str, pl.DataFrame],
        ctx: Mapping[str, NDArray[np.int32]],
    ) -> dict[str, tuple[NDArray[np.int32], NDArray[np.int64]]]:
        """The context parent's other parents (a route's vehicle, the route drawn per driver) whose categories may
        tell how many children a parent row has: per foreign key of ``parent``, the other parent's own codes per
        row (its category columns only; the rest -1, never chosen) and each ``parent`` row's row in it (-1:
        none)."""
        ptm = self.tables_.get(parent)
        if ptm is None:
            return {}
        ptp = plan.tables[parent]
        out: dict[str, tuple[NDArray[np.int32], NDArray[np.int64]]] = {}
        for col, link in ptp.links.items():
            if link.self_ref or col == ptm.context_fk or link.table not in ctx or link.table not in self.tables_:
                continue
            gtm = self.tables_[link.table]
            own = ctx[link.table][:, : _own_width(self, link.table)]
            cats = [
                j
                for j, c in enumerate(gtm.learned.columns)
                if gtm.learned.encoders[c].kind in ("categorical", "boolean")
            ]
            if not cats:
                continue
            codes = np.full_like(own, -1)
            codes[:, cats] = own[:, cats]
            rows = _link_index(kept_frames[link.table], link.key, kept_frames[parent], col, _matched(ptp, col))
            out[col] = (codes, rows)
        return out

    def _count_context(
        self, tm: _TableModel, out: Mapping[str, pl.DataFrame], ctx: Mapping[str, NDArray[np.int32]]
    ) -> NDArray[np.int32]:
        """The count model's context for the sampled parent rows: the parent's codes, then the codes of the
        other parents' category columns it was fitted with (``tm.count_side``), through the sampled keys."""
        assert tm.parent is not None
        pctx = ctx[tm.parent]
        owned = [
            self._owner_candidates(self.plan_.tables[tm.name], c, tm.context_fk or "", tm.parent, out, len(pctx))
            for c in tm.count_candidates
        ]
        if owned:  # each parent's candidates for a key matched to it, counted in the sampled tables
            pctx = np.concatenate([pctx, *(np.zeros((len(pctx), 1), np.int32) if o is None else o for o in owned)], 1)
        if not tm.count_side:
            return pctx
        n = len(pctx)
        links = self.plan_.tables[tm.parent].links
        rows: dict[str, NDArray[np.int64]] = {}
        own: dict[str, NDArray[np.int32]] = {}
        for fk in tm.count_side:
            table = links[fk].table
            own[fk] = ctx[table][:, : _own_width(self, table)]
            if out[tm.parent].height == n and fk in out[tm.parent].columns:
                rows[fk] = self._parent_rows(tm.parent, fk, out).to_numpy().astype(np.int64)
            else:  # the sampled parent rows and their codes apart: no side known (drawn as for a null key)
                rows[fk] = np.full(n, -1, np.int64)
        return np.ascontiguousarray(np.concatenate([pctx, side_codes(tm.count_side, own, rows)], axis=1))

    def _redrawn(
        self, tm: _TableModel, counts: NDArray[np.int64], target: int, cctx: NDArray[np.int32], stream: Stream
    ) -> NDArray[np.int64]:
        """``counts`` where their sum is within ``_nudges_allowed`` of ``target``; else ``_REDRAWS`` more draws of
        the count model for the same parents, and parents given one of them, the largest moves first, toward the
        target (``_swapped_toward``), so the one-child nudges after move few parents."""
        assert tm.count is not None
        if abs(target - int(counts.sum())) <= _nudges_allowed(target):
            return counts
        prow = np.arange(len(counts), dtype=np.int64)
        alts = np.stack(
            [
                np.maximum(
                    tm.count.sample(prow + k * _CHILD_BASE, stream.child(k), context=cctx)[0]
                    .get_column("__count")
                    .to_numpy()
                    .astype(np.int64),
                    0,
                )
                for k in range(1, _REDRAWS + 1)
            ]
        )
        return _swapped_toward(counts, alts, target, stream.child("order"))

    def _owner_candidates(
        self, tp: Any, col: str, fk: str, parent: str, frames: Mapping[str, pl.DataFrame], n: int | None = None
    ) -> NDArray[np.int32] | None:
        """For a key ``col`` of the table planned as ``tp`` matched to its context key ``fk`` (``match: {passenger_id:
        passenger_id}``: the context parent ``parent`` owns the candidates), each ``parent`` row's number of
        candidate rows as one context column; None for any other key. At sample time (``n``: the parent rows
        the counts are drawn for) parent rows apart from their frame count none."""
        match, link, ctx_link = _matched(tp, col), tp.links.get(col), tp.links.get(fk)
        if link is None or ctx_link is None or col == fk or list(match.values()) != [fk]:
            return None
        if link.table not in frames or parent not in frames:
            return None if n is None else np.zeros((n, 1), np.int32)
        codes = candidates_per_owner(frames[parent], ctx_link.key, frames[link.table], next(iter(match)))
        if n is not None and (codes is None or len(codes) != n):
            return np.zeros((n, 1), np.int32)
        return None if codes is None else codes.reshape(-1, 1)

    # ================================================================== sample
    def _fitted(self) -> dict[str, _TableModel]:
        tables = getattr(self, "tables_", None)
        if tables is None:
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet: call fit(frames, spec) first")
        return tables

    def sample(
        self,
        *,
        scale: float = 1.0,
        n_rows: int | None = None,
        seed: int | None = None,
        where: str | Sequence[str] | Mapping[str, str] | None = None,
        rebalance: Mapping[str, Mapping[Any, float]] | None = None,
        table: str | None = None,
        progress: bool = False,
        exact_sizes: bool = False,
        draw: Draw | None = None,
    ) -> dict[str, pl.DataFrame]:
        """A new dataset: every table of :meth:`sample_tables`, whole."""
        return dict(
            self.sample_tables(
                scale=scale,
                n_rows=n_rows,
                seed=seed,
                where=where,
                rebalance=rebalance,
                table=table,
                progress=progress,
                exact_sizes=exact_sizes,
                draw=draw,
            )
        )

    def sample_tables(
        self,
        *,
        scale: float = 1.0,
        n_rows: int | None = None,
        seed: int | None = None,
        where: str | Sequence[str] | Mapping[str, str] | None = None,
        rebalance: Mapping[str, Mapping[Any, float]] | None = None,
        table: str | None = None,
        progress: bool = False,
        exact_sizes: bool = False,
        draw: Draw | None = None,
        trim: bool = False,
        chunk_rows: int | None = None,
    ) -> Iterator[tuple[str, pl.DataFrame]]:
        """A new dataset, table by table, parents first: ``(name, frame)`` as each table is finished.
        ``trim``: once a table is yielded, keep of it only what later tables read (:meth:`kept_columns`:
        keys, parent references, the dates their windows and spans count from), not the whole frame, so a
        caller that writes each table out and drops it holds one whole table at a time.

        ``chunk_rows``: a child table is drawn in runs of whole parents, about this many rows each, every run
        yielded once finished (a table's pieces come one after another, in row order), so with ``trim`` the
        memory follows the run, not the table. Every draw is addressed by the row's parent and position, so
        the pieces put together are the rows drawn whole, whatever ``chunk_rows``. A child whose rows are tied
        across parents (:meth:`piece_blocker`), a root table, and every table drawn with ``draw`` come whole.

        ``n_rows`` sizes the first root table (scale follows); ``rebalance`` conditions a root
        table (``table``, default the first root); ``where`` holds for ``table`` or, written ``"TABLE: SQL"`` (or
        as a mapping table -> SQL), for any table (see :meth:`_conditions`).

        A child table's size is its learned children per sampled parent row, with the total set to
        the mean of several draws (so it does not drift with the seed, but follows the parents drawn),
        kept within 1.5% of the real size times ``scale`` unless a condition changes the parents;
        ``exact_sizes`` makes it exactly the real size times ``scale`` (not with ``where``/``rebalance``:
        the condition changes the parents). Rows a parent cannot hold are left out after that.

        ``draw(table, rows, context)``, when given, makes the learned rows of a table (root or child, not
        conditioned, not a sequence) instead of ``tm.learned.sample``: each row a pure function of the seed,
        its id and its context row, so a draw in chunks elsewhere (``simulacra.distributed``) gives these rows."""
        forms = getattr(self, "boolean_forms_", {})
        for tname, frame in self._sample_tables(
            scale=scale, n_rows=n_rows, seed=seed, where=where, rebalance=rebalance, table=table,
            progress=progress, exact_sizes=exact_sizes, draw=draw, trim=trim, chunk_rows=chunk_rows,
        ):  # fmt: skip
            yield tname, (written_back(frame, forms[tname]) if tname in forms else frame)

    def _sample_tables(
        self,
        *,
        scale: float,
        n_rows: int | None,
        seed: int | None,
        where: str | Sequence[str] | Mapping[str, str] | None,
        rebalance: Mapping[str, Mapping[Any, float]] | None,
        table: str | None,
        progress: bool,
        exact_sizes: bool,
        draw: Draw | None,
        trim: bool,
        chunk_rows: int | None,
    ) -> Iterator[tuple[str, pl.DataFrame]]:
        """:meth:`sample_tables`, booleans as ``pl.Boolean`` whatever form the source wrote them in."""
        tables = self._fitted()
        roots = [t for t, tm in tables.items() if tm.parent is None]
        target = table or roots[0]
        if target not in tables:
            raise SpecError(f"unknown table '{target}'" + did_you_mean(target, tables))
        if rebalance and tables[target].parent is not None:
            raise SpecError(f"rebalancing applies to a root table; '{target}' is a child of '{tables[target].parent}'")
        conds = self._conditions(where, target)
        if n_rows is not None:
            scale = n_rows / max(tables[target].n_rows, 1)
        if scale < 0:
            raise ValueError("scale must be >= 0")
        stream = root_stream(self.seed if seed is None else seed)
        free = bool(rebalance) or any(tables[t].parent is None for t in conds)  # the parents drawn change
        kept = self.kept_columns() if trim else {}
        out: dict[str, pl.DataFrame] = {}
        ctx: dict[str, NDArray[np.int32]] = {}
        # tables another table reads the codes of (its children's context, its references' shares)
        referenced = {lk.table for t, tp in self.plan_.tables.items() for lk in tp.links.values() if lk.table != t}
        # a table with aggregates over its children (an invoice's total of its lines) is held until they are made
        aggregates = self._aggregates()
        # ... and a summary table with a column tallied from a detail table (standings' won, from the matches)
        tallies = self._tallies()
        from simulacra._tally_rules import tally_tables

        waits = {
            t: {a[2] for a in aggregates.get(t, [])}
            | {o for c in tallies.get(t, []) for o in tally_tables(c) if o in self.plan_.tables and o != t}
            for t in aggregates.keys() | tallies.keys()
        }
        held: dict[str, list[pl.DataFrame]] = {}
        made_tables: set[str] = set()

        def ready() -> Iterator[tuple[str, pl.DataFrame]]:
            """Held tables whose children are made and given out (a customer's count of orders waits for the
            orders, themselves held for the total of their lines), parents after their children."""
            while due := [p for p in held if (kids := waits[p]) <= made_tables and not kids & held.keys()]:
                for p in due:
                    done = self._with_aggregates(p, held.pop(p), aggregates.get(p, []), out)
                    done, tallied = self._with_tallies(p, done, tallies.get(p, []), out)
                    # later tables may read them (a payment's amount, its order's total)
                    wanted = [c for c in [a[0] for a in aggregates.get(p, [])] + tallied if not trim or c in kept[p]]
                    out[p] = out[p].with_columns(done.select(wanted)) if wanted else out[p]
                    yield p, done

        with _Progress(progress, len(tables), "sampling") as bar:
            for tname, tm in tables.items():
                pieces: Iterator[_Piece]
                if tm.reference is not None:  # a lookup table: the real rows, whatever the scale
                    ref = _frame_from_json(tm.reference)
                    ctx[tname] = self._reference_context(tm, ref, out, ctx)
                    done = ref.select([c for c in self.spec_.tables[tname].columns if c in ref.columns])
                    out[tname] = done
                    if tname in waits:
                        held[tname] = [done]
                    else:
                        yield tname, done
                    if trim:
                        out[tname] = done.select([c for c in done.columns if c in kept[tname]])
                    del done
                    made_tables.add(tname)
                    yield from ready()
                    bar.advance()
                    continue
                if tm.parent is None:
                    n = int(n_rows) if (n_rows is not None and tname == target) else scaled_rows(tm.n_rows, scale)
                    rows = np.arange(n, dtype=np.int64)
                    if tname in conds or (tname == target and rebalance):
                        cond = conds.get(tname)
                        frame, tcodes = self._conditioned(
                            tm, n, stream, cond.predicate if cond else None, rebalance if tname == target else None
                        )
                    elif draw is not None:
                        frame, tcodes = draw(tname, rows, None)
                    else:
                        frame, tcodes, _ = tm.learned.sample(rows, stream, accept=self._accept(tname))
                    pieces = iter([(frame, tcodes, None, None, None)])
                    del frame, tcodes
                else:
                    by = chunk_rows if draw is None and self.piece_blocker(tname) is None else None
                    pieces = self._child_pieces(
                        tm, out, ctx, stream, exact=exact_sizes, scale=scale, free=free, draw=draw,
                        cond=conds.get(tname), chunk_rows=by,
                    )  # fmt: skip
                made = [0, 0]  # rows made so far: kept by uniqueness; then kept by the windows and the condition
                own_parts: list[NDArray[np.int32]] = []
                kept_parts: list[pl.DataFrame] = []
                for piece in pieces:
                    done, own_ctx = self._piece(tname, tm, *piece, out, ctx, stream, conds.get(tname), made)
                    if tname in waits:
                        held.setdefault(tname, []).append(done)
                    else:
                        yield tname, done
                    if tname in referenced:
                        own_parts.append(own_ctx)
                    kept_parts.append(done.select([c for c in done.columns if c in kept[tname]]) if trim else done)
                    del done, own_ctx, piece
                if own_parts:
                    ctx[tname] = own_parts[0] if len(own_parts) == 1 else np.concatenate(own_parts)
                out[tname] = kept_parts[0] if len(kept_parts) == 1 else pl.concat(kept_parts)
                del own_parts, kept_parts
                made_tables.add(tname)
                yield from ready()
                bar.advance()

    def _aggregates(self) -> dict[str, list[tuple[str, m.AggregateColumn, str, Any]]]:
        """Per table, its aggregate columns over children: (column, spec, child table, the child's link to it:
        ``via``, else the child's ``rows: {per}`` link, else its one key to the table)."""
        out: dict[str, list[tuple[str, m.AggregateColumn, str, Any]]] = {}
        for tname, tp in self.plan_.tables.items():
            for col, spec in tp.spec.columns.items():
                if not isinstance(spec, m.AggregateColumn):
                    continue
                child = spec.of.partition(".")[0]
                ctp = self.plan_.tables[child]
                link = ctp.links.get(spec.via) if spec.via is not None else ctp.primary_link
                if link is None or link.table != tname:
                    link = next(lk for lk in ctp.links.values() if lk.table == tname)
                out.setdefault(tname, []).append((col, spec, child, link))
        return out

    def _tallies(self) -> dict[str, list[m.ConstraintSpec]]:
        """Per summary table, its ``tally`` rules over another table (made from the sampled detail rows)."""
        out: dict[str, list[m.ConstraintSpec]] = {}
        for con in self.spec_.constraints:
            if con.tally is not None and con.of != con.table and con.of in self.plan_.tables:
                out.setdefault(con.table, []).append(con)
        return out

    def _with_tallies(
        self, tname: str, frame: pl.DataFrame, tallies: list[m.ConstraintSpec], out: Mapping[str, pl.DataFrame]
    ) -> tuple[pl.DataFrame, list[str]]:
        """A held summary table with each ``tally`` column counted from its sampled detail table
        (``constraints.tally_values``, what ``validate`` compares with), then the rule-made columns reading them made
        again (``points = 3 * won + drawn``, a position by points); the columns written."""
        from simulacra._tally_rules import tally_values
        from simulacra.generation.columns import apply_ranks, made_again  # generation.periods imports synth: a cycle

        if not tallies:
            return frame, []
        made: list[str] = []
        for con in tallies:
            col = str(con.tally)
            values = tally_values(con, frame, out[str(con.of)], out)
            places = getattr(self.plan_.tables[tname].spec.columns.get(col), "round", None)
            if isinstance(places, int) and values.dtype.is_float():  # a sum of cents as cents, not 6.3100000000000005
                values = values.round(places)
            if col in frame.columns and frame.schema[col] != pl.Null:
                values = values.cast(frame.schema[col], strict=False)
            frame = frame.with_columns(values.alias(col))
            made.append(col)
        tp = self.plan_.tables[tname]
        again = tp.derived_from(made) - set(made)
        if not again:
            return frame, made
        columns = tp.spec.columns
        frame = made_again(frame, columns, set(made), None)
        ranks = {c for c in again if isinstance(columns[c], m.RankColumn)}
        lk = tp.primary_link
        if ranks and lk is not None and lk.column in frame.columns:
            group = _parent_index(out[lk.table], lk.key, frame.get_column(lk.column))
            frame = apply_ranks(frame, {c: s for c, s in columns.items() if c in ranks}, group, None)
            frame = made_again(frame, columns, set(made) | ranks, None)
        return frame, made + sorted(c for c in again if c in frame.columns)

    def _with_aggregates(
        self,
        tname: str,
        pieces: list[pl.DataFrame],
        aggregates: list[tuple[str, m.AggregateColumn, str, Any]],
        out: Mapping[str, pl.DataFrame],
    ) -> pl.DataFrame:
        """A held table with its aggregate columns computed from its sampled children, as generation makes them
        (``generation.rows``): a parent's count, sum, mean, min or max over the children that reference it (the
        default, 0 for a count or sum, where it has none), rounded as declared."""
        from simulacra.generation.rows import aggregate_column  # generation.periods imports synth: a cycle

        frame = pieces[0] if len(pieces) == 1 else pl.concat(pieces)
        for col, spec, child, link in aggregates:
            kids = out[child]
            rel = _parent_index(frame, link.key, kids.get_column(link.column))
            keep = rel >= 0
            values = aggregate_column(spec, kids.filter(pl.Series(keep)), rel[keep], frame.height)
            if spec.function == "count":
                values = values.cast(pl.Int64)
            elif col in frame.columns and frame.schema[col] != pl.Null:  # a copied lookup's own type
                values = values.cast(frame.schema[col], strict=False)
            frame = frame.with_columns(values.alias(col))
        return frame.select([c for c in self.spec_.tables[tname].columns if c in frame.columns])

    def _reference_context(
        self,
        tm: _TableModel,
        ref: pl.DataFrame,
        out: Mapping[str, pl.DataFrame],
        ctx: Mapping[str, NDArray[np.int32]],
    ) -> NDArray[np.int32]:
        """A copied lookup table's context for its children, as at fit: its codes, the row's number, then (a
        copied child of a copied parent) its parent row's own context, so every child model sees the width it
        was fitted on."""
        parts: list[NDArray[np.int32]] = [tm.learned.encode(ref), np.arange(ref.height, dtype=np.int32)[:, None]]
        if tm.parent is not None and tm.context_fk is not None:
            link = self.plan_.tables[tm.name].links[tm.context_fk]
            pidx = _link_index(
                out[tm.parent], link.key, ref, tm.context_fk, _matched(self.plan_.tables[tm.name], tm.context_fk)
            )
            parts.append(ctx[tm.parent][np.maximum(pidx, 0)][:, : _own_width(self, tm.parent)])
        return np.ascontiguousarray(np.concatenate(parts, axis=1).astype(np.int32))

    def _piece(
        self,
        tname: str,
        tm: _TableModel,
        frame: pl.DataFrame,
        tcodes: NDArray[np.int32],
        pidx: NDArray[np.int64] | None,
        base: NDArray[np.int32] | None,
        side: dict[str, NDArray[np.int64]] | None,
        out: Mapping[str, pl.DataFrame],
        ctx: Mapping[str, NDArray[np.int32]],
        stream: Stream,
        cond: Condition | None,
        made: list[int],
    ) -> tuple[pl.DataFrame, NDArray[np.int32]]:
        """A table's drawn rows (whole, or the children of a run of parents; ``base``: a child's context, which
        its redraws for uniqueness see too) finished: uniqueness, windows, dates, the condition, keys and
        rule-made columns. ``made``: the rows of the table finished before this piece (kept by uniqueness;
        kept by the windows and the condition), so every row id is its position in the whole table; advanced
        here. ``side``: the rows' other parents drawn before them, kept row for row. Returns the rows and their
        codes (the context of the table's children)."""
        frame, tcodes, keep = self._unique(tm, frame, tcodes, base, stream, pidx, cond=cond)
        checks = self._rule_made_checks(tm)
        if not checks:
            base = None  # (only the redraws below read it again)
        if keep is not None:  # rows a parent cannot hold (a third disposition of an account with two types)
            frame, tcodes = frame.filter(pl.Series(keep)), tcodes[keep]
            pidx = pidx[keep] if pidx is not None else None
            base = base[keep] if base is not None else None
            side = {c: r[keep] for c, r in side.items()} if side else side
        start = made[0]
        made[0] += frame.height
        if tm.windows:  # dates within the parent's period and the observed range
            frame, keep = apply_windows(
                frame,
                [w for w in tm.windows if w.column not in tm.offsets],  # distances, until below
                pidx,
                out[tm.parent] if tm.parent else None,
                stream.child(tname, "window"),
                clip=frozenset({tm.sequence_column} if tm.sequence_column else ()),
                first_row=start,
            )
            if keep is not None:
                frame, tcodes = frame.filter(pl.Series(keep)), tcodes[keep]
                pidx = pidx[keep] if pidx is not None else None
                base = base[keep] if base is not None else None
                side = {c: r[keep] for c, r in side.items()} if side else side
        if tm.months_apart and tm.sequence_column is not None and pidx is not None:  # one per parent and month
            frame = _months_apart(frame, tm, pidx)
        months = _months_rule(self.spec_.tables[tname].rows, tm)
        if months is not None and tm.parent is not None and pidx is not None:
            first = parent_months(months, out[tm.parent])[0][pidx]  # exactly the parent's months, in order
            frame = place_months(months, frame, first, places(pidx))
        if tm.inside and pidx is not None:  # inside the parent's laid period (offsets: once undone, below)
            frame = _kept_inside(frame, tm, [r for r in tm.inside if r.column not in tm.offsets], pidx, out)
        orders = _all_date_orders(self.spec_, tname)
        if tm.offsets:  # dates learned as distances from the (now placed) sequence date
            strict = {(a, b) for a, b, is_strict in orders if is_strict}
            frame = _siblings_in_order(frame, tm, [(a, b) for a, b, _ in orders], strict, stream, start)
            frame = _undo_offsets(frame, tm, strict)
            # ... kept inside the observed range, clamped: a later date past the last one seen moves to it, which
            # keeps it after the date it is measured from (that one is inside the range already)
            seen = [replace(w, parent_column=None) for w in tm.windows if w.column in tm.offsets]
            if seen:
                frame, _ = apply_windows(
                    frame, seen, None, None, stream.child(tname, "window"), clip=frozenset(tm.offsets), first_row=start
                )
            if tm.inside and pidx is not None:
                frame = _kept_inside(frame, tm, [r for r in tm.inside if r.column in tm.offsets], pidx, out)
        for rule in tm.following:  # a parent's periods one after another (a customer's subscriptions)
            assert pidx is not None
            floor, _ = window_bounds(tm.windows, rule.start, frame.height, pidx, out[tm.parent] if tm.parent else None)
            frame = lay_following(
                frame, pidx, rule, stream.child(tname, "following", rule.start), first_row=start, floor=floor
            )
        # every order of the table's dates met, however each was placed (trust63: orders that are no chain)
        frame = keep_date_orders(frame, tname, orders)
        if cond is not None:  # a date the window moved out of the condition: the row is left out
            keep = cond.mask(frame)
            if not keep.all():
                frame, tcodes = frame.filter(pl.Series(keep)), tcodes[keep]
                pidx = pidx[keep] if pidx is not None else None
                base = base[keep] if base is not None else None
                side = {c: r[keep] for c, r in side.items()} if side else side
        start = made[1]
        made[1] += frame.height
        done = self._finish(tname, frame, pidx, out, ctx, stream, start=start, side=side)
        if checks:  # a check reading a rule-made column: the learned side redrawn given its value
            frame, tcodes, redrawn = self._redraw_for_checks(tm, checks, frame, tcodes, base, done, stream, start, pidx)
            if redrawn:  # rule-made columns that read the redrawn ones made again
                done = self._finish(tname, frame, pidx, out, ctx, stream, start=start, side=side)
        if tm.covers:  # a group lacking the kind a key asks for (a ward without a surgeon): one row recoded
            fixes = lacking_rows(done, tm.covers, stream.child(tname, "cover"), start)
            if fixes:  # (its groups are keys, made above; its rule-made columns made again from the new value)
                frame = recode(frame, fixes)
                done = self._finish(tname, frame, pidx, out, ctx, stream, start=start, side=side)
        own_ctx = tcodes
        if tm.sequence_column is not None:
            x = to_float(frame.get_column(tm.sequence_column), tm.kinds[tm.sequence_column])
            own_ctx = np.concatenate([tcodes, _date_bin(x, tm.date_edges)], axis=1)
        if tm.parent is not None:
            assert pidx is not None
            own_ctx = np.concatenate([own_ctx, ctx[tm.parent][pidx][:, : _own_width(self, tm.parent)]], axis=1)
        return done, np.ascontiguousarray(own_ctx.astype(np.int32))

    def _rule_made_checks(self, tm: _TableModel) -> list[Any]:
        """The spec's row checks of the table that read a rule-made column beside learned ones (an item's
        ``unit_price``, its product's price, at most its learned ``line_total``): the learned draw cannot
        see them (``_accept`` keeps the checks between learned columns), so they are met after ``_finish``
        by redrawing the check's learned columns. Left out: checks on dates placed after the draw (windows,
        offsets, the sequence date), whose redraw would undo that placement, and checks whose rule-made
        column is made from the learned ones (the redraw would not hold it still)."""
        from simulacra._row_constraints import row_constraints

        placed = {w.column for w in tm.windows} | set(tm.offsets) | {tm.sequence_column}
        learned = set(tm.learned.columns)
        tp = self.plan_.tables[tm.name]
        out = []
        for rc in row_constraints(self.spec_, tm.name):
            names = set(rc.names())
            mine = names & learned
            if rc.spec.check is None or not mine or names <= learned or mine & placed:
                continue
            if tp.derived_from(mine) & (names - learned):  # made from what would be redrawn: not held still
                continue
            if all(n in self.spec_.tables[tm.name].columns for n in names):  # not a parent's column
                out.append(rc)
        return out

    def _redraw_for_checks(
        self,
        tm: _TableModel,
        checks: list[Any],
        frame: pl.DataFrame,
        tcodes: NDArray[np.int32],
        base: NDArray[np.int32] | None,
        done: pl.DataFrame,
        stream: Stream,
        start: int,
        pidx: NDArray[np.int64] | None = None,
    ) -> tuple[pl.DataFrame, NDArray[np.int32], bool]:
        """Rows of ``done`` failing a check that reads a rule-made column get the check's learned columns
        drawn again given the row's other learned codes (and its context ``base``) until the check holds
        with the row's rule-made values, up to ``_CHECK_REDRAWS`` times; each redraw is addressed by the
        row's id and attempt, so the same rows whatever the runs. Rows still failing are left for the
        sample's validation to report; a plain ``a <= b`` one (a unit price at most the line's total)
        takes the learned side to the rule-made bound instead: the few rows whose rule-made value lies in
        the learned column's far tail (29 of the shop's 3,967 items at scale 0.3). Returns the learned
        frame, its codes and whether any row changed."""

        def failing(view: pl.DataFrame) -> NDArray[np.bool_]:
            ok = np.ones(view.height, dtype=bool)
            for rc in checks:
                ok &= rc.check(view)
            return ~ok

        bad = failing(done)
        if not bad.any():
            return frame, tcodes, False
        learned = tm.learned
        if base is not None and base.shape[1] != learned.n_context:
            # a table drawn in sequence (loans in date order): its context also holds the previous row's codes
            pos = _positions(pidx) if pidx is not None else None
            base = None if pos is None else context_as_drawn(base, tcodes, pos, learned.n_context)
        redraw = sorted({n for rc in checks for n in rc.names() if n in learned.columns})
        rows = np.arange(start, start + frame.height, dtype=np.int64)
        s = stream.child(tm.name, "rule-check")
        tcodes = tcodes.copy()
        for attempt in range(1, _CHECK_REDRAWS + 1):
            idx = np.flatnonzero(bad)
            new_rows = rows[idx] + attempt * _UNIQUE_BASE
            fixed = {c: tcodes[idx, j] for j, c in enumerate(learned.columns) if c not in redraw}
            if attempt <= _CHECK_REDRAWS // 2 and (base is not None or not learned.n_context):
                codes = learned.draw_codes(new_rows, s, base[idx] if base is not None else None, fixed)
            else:  # a context that keeps leading to the same values: the columns drawn on their own
                codes = learned.draw_marginal(new_rows, s, fixed)
            sub = learned.decode(codes, new_rows, s).select(
                [pl.col(c).cast(frame.schema[c], strict=False) for c in redraw]
            )
            ok = ~failing(done[idx].with_columns(sub.get_columns()))
            take = idx[ok]
            if len(take):
                tcodes[take] = codes[ok]
                frame = frame.with_columns(
                    [frame.get_column(c).scatter(take, sub.get_column(c).filter(ok)) for c in redraw]
                )
                done = done.with_columns(
                    [done.get_column(c).scatter(take, sub.get_column(c).filter(ok)) for c in redraw]
                )
                bad[take] = False
            if not bad.any():
                break
        if bad.any():  # the last rows: the learned side of an order `a <= b` taken to its rule-made bound
            for rc, order in [(c, o) for c in checks for o in _orders(c.spec.check, done.columns)]:
                still = bad & ~rc.check(done)
                if order.strict or not still.any():
                    continue  # a strict order is not kept by its bound: its rows are left for validation
                lo, hi = order.low, order.high
                mine, bound = (hi, lo) if hi in redraw and lo not in redraw else (lo, hi)
                if mine not in redraw or bound in redraw:
                    continue
                at = np.flatnonzero(still)
                values = done.get_column(bound).gather(at).cast(frame.schema[mine], strict=False)
                frame = frame.with_columns(frame.get_column(mine).scatter(at, values))
                done = done.with_columns(done.get_column(mine).scatter(at, values))
                j = learned.columns.index(mine)
                tcodes[at, j] = learned.encoders[mine].encode(values)
        return frame, tcodes, True

    def kept_columns(self) -> dict[str, set[str]]:
        """Per table, the columns later tables read once it is made: what generation keeps of a parent
        (``generation.engine.parent_needs``: keys, parent references, features' columns) and what learned
        children read besides (the dates their gaps, windows and spans count from)."""
        from simulacra.generation.engine import parent_needs

        kept = parent_needs(self.plan_)
        for tname, tm in self._fitted().items():
            links = self.plan_.tables[tname].links
            if tm.parent is not None:
                kept[tm.parent].update({tm.anchor} if tm.anchor else set())
                kept[tm.parent].update(w.parent_column for w in tm.windows if w.parent_column)
                for c in tm.count_candidates if tm.context_fk else []:  # its candidates for a key matched to it
                    kept[links[c].table].update(_matched(self.plan_.tables[tname], c))
                    kept[tm.parent].add(links[str(tm.context_fk)].key)
                for fk in tm.count_side:  # the count model reads the parent's other parents' codes by their key
                    kept[tm.parent].add(fk)
                    kept[self.plan_.tables[tm.parent].links[fk].table].add(self.plan_.tables[tm.parent].links[fk].key)
                if tm.cap:  # the parent's number, or its parent's through its key (the key and the number)
                    fk, _, far = tm.cap.partition(".")
                    kept[tm.parent].add(fk)
                    if far:
                        up = self.plan_.tables[tm.parent].links[fk]
                        kept[up.table].update({up.key, far})
            tp = self.plan_.tables[tname]
            rows = tp.spec.rows
            if isinstance(rows, m.RowsPerParent) and rows.by is not None and (rows.total is not None or rows.counts):
                kept[rows.per].add(rows.by)  # a count's reach by the parent's value (``_total_reach``)
            if isinstance(rows, m.RowsPerParent) and rows.months is not None:  # a count of the parent's months
                kept[rows.per].update(c for c in (rows.months.start, rows.months.end) if c)
            for spec in tp.spec.columns.values():  # an aggregate over children: their key and column
                if isinstance(spec, m.AggregateColumn):
                    child, _, ccol = spec.of.partition(".")
                    kept[child].update(c for c in (ccol, spec.via) if c)
                    kept[child].update(lk.column for lk in self.plan_.tables[child].links.values() if lk.table == tname)
            for col in links:  # a key matched through another: each hop's key value (learned tables hold no __idx__)
                for ref in _through(tp, col).values():
                    cur = self.plan_.tables[links[tp.aliases[ref.split(".")[0]]].table]
                    for alias in ref.split(".")[1:-1]:
                        kept[cur.name].add(cur.aliases[alias])
                        cur = self.plan_.tables[cur.links[cur.aliases[alias]].table]
                    kept[cur.name].add(ref.split(".")[-1])
            for sp in tm.spans:
                kept[links[sp.fk].table].add(sp.far)
                if sp.in_parent and tm.parent is not None:
                    kept[tm.parent].add(sp.near)
        from simulacra._tally_rules import tally_reads, tally_tables

        # a summary's tally: the columns it counts by, of each table it reads (the detail, a side's own)
        for con in self.spec_.constraints:
            if con.tally is not None:
                for t in tally_tables(con):
                    if t in kept:
                        kept[t].update(tally_reads(con, t))
        for cs in kept.values():  # a chain's later hop (members.tiers.loan_days): the key, not a row index
            cs.update({c[len("__idx__") :] for c in cs if c.startswith("__idx__")})
        return kept

    def _conditions(self, where: str | Sequence[str] | Mapping[str, str] | None, default: str) -> dict[str, Condition]:
        """``where`` per table, each checked against its table's columns: a root table's condition is met by
        drawing more rows and keeping the matching ones (or by fixing the codes of the columns drawn first);
        a child table's holds for every row, each failing row redrawn from its model given the same parent
        and position (so the children per parent stay as drawn), at most 100 times, else an error."""
        conds: dict[str, Condition] = {}
        for tname, predicate in split_where(where, list(self.tables_), default).items():
            tm = self.tables_[tname]
            if tm.reference is not None:
                raise SpecError(
                    f"condition {predicate!r}: '{tname}' is a lookup table, copied whole from the source; "
                    "condition the tables that reference it instead",
                    location=Location(table=tname),
                )
            learned = [*tm.learned.columns, *(d.column for d in tm.learned.dependencies)]
            if tm.sequence_column is not None:  # drawn as gaps between siblings: not the dates until the end
                learned = [c for c in learned if c != tm.sequence_column]
            conds[tname] = Condition(predicate, tname, learned, list(self.spec_.tables[tname].columns))
        return conds

    def chunk_blocker(self, *, where: Any = None, rebalance: Any = None) -> str | None:
        """Why this model cannot sample in row chunks (``sample_chunk``), or None when it can: a one-table
        model whose rows are each a pure function of (seed, row id), so any chunking gives the same rows."""
        tables = self._fitted()
        if len(tables) != 1:
            return "a model of several tables samples whole (a child table is drawn from its parents' rows)"
        tm = next(iter(tables.values()))
        if where or rebalance:
            return "conditioned sampling (where, rebalance) draws the whole table"
        if tm.reference is not None:
            return "a lookup table is written whole"
        if tm.windows or tm.sequence_column is not None:
            return "dates within learned windows are drawn over the whole table"
        return self._rows_tied(tm)

    def piece_blocker(self, table: str) -> str | None:
        """Why a child table cannot be drawn in runs of its parents (``sample_tables(chunk_rows=...)``), or
        None when it can: each child is a function of (seed, its parent row, its position), and what ties
        its rows together — counts, sequences, windows, running sums, ranks — stays within one parent."""
        tm = self._fitted()[table]
        if tm.parent is None:
            return "a root table is drawn whole"
        if tm.secondary:
            return f"its references to other parents ({', '.join(tm.secondary)}) are shuffled over the whole table"
        tp = self.plan_.tables[table]
        if tp.primary_link is not None and tp.primary_link.column != tm.context_fk:
            return f"its running sums and ranks are per '{tp.primary_link.column}', not per the parent it is drawn by"
        from simulacra.generation.uniqueness import by_construction

        for cover in tm.covers:  # a group spanning runs: a run cannot tell whether the group holds the value
            if tm.context_fk not in cover.groups:
                at = f"every group of {list(cover.groups)}" if cover.groups else "the table"
                return f"a key into it needs a row of {cover.column} = '{cover.value}' in {at}: checked over the whole table"
        for con in self.spec_.constraints:  # checked over the whole table: a run sees only its own rows
            cols = con.unique or ()
            if con.table == table and cols and tm.context_fk not in cols:
                if not any(by_construction(tp.spec.columns.get(c), column=c) for c in cols):
                    return f"the unique column set {list(cols)} is checked over the whole table"
        return self._rows_tied(tm)

    def _rows_tied(self, tm: _TableModel) -> str | None:
        """What ties a table's rows to rows in other chunks: uniqueness redrawn in row order, self-references
        that read the table's learned keys or groups; None when nothing does."""
        sets = self._unique_sets(tm, with_fk=tm.parent is not None)
        if sets and (tm.sequence_column is None or any(len(s) == 1 for s in sets)):
            return "a learned unique column is made unique over the whole table, in row order"
        from simulacra.generation.uniqueness import needs_redraws

        tp = self.plan_.tables[tm.name]
        for col in tp.spec.columns:
            if col not in tm.learned.columns and needs_redraws(tp, col):
                return f"the rule-made unique column '{col}' is made unique over the whole table, in row order"
        for col, link in tp.links.items():
            spec = tp.spec.columns[col]
            if link.self_ref and isinstance(spec, m.ForeignKeyColumn):
                if spec.within is not None or spec.senior is not None:
                    return f"the self-reference '{col}' picks within groups of the whole table"
                if link.key in tm.learned.columns:
                    return f"the self-reference '{col}' reads a learned key of earlier rows"
        return None

    def chunk_rows_total(self, *, scale: float = 1.0, n_rows: int | None = None) -> int:
        """Rows a one-table model samples for ``scale`` or ``n_rows`` (as ``sample`` sizes it)."""
        tm = next(iter(self._fitted().values()))
        n = int(n_rows) if n_rows is not None else scaled_rows(tm.n_rows, scale)
        if n < 0:
            raise ValueError("n_rows and scale must be >= 0")
        return n

    def sample_chunk(self, start: int, stop: int, *, seed: int | None = None) -> pl.DataFrame:
        """Rows ``start``..``stop - 1`` of a one-table model's sample (see ``chunk_blocker``): the same rows
        ``sample`` makes at those positions, whatever the chunking; copy and near-copy redraws are per row id."""
        blocker = self.chunk_blocker()
        if blocker is not None:
            raise SpecError(f"this model cannot sample in chunks: {blocker}")
        tname, tm = next(iter(self._fitted().items()))
        stream = root_stream(self.seed if seed is None else seed)
        rows = np.arange(start, stop, dtype=np.int64)
        frame, _, _ = tm.learned.sample(rows, stream, accept=self._accept(tname))
        done = self._finish(tname, frame, None, {}, {}, stream, start=start)
        forms = getattr(self, "boolean_forms_", {})
        return written_back(done, forms[tname]) if tname in forms else done

    def _unique_sets(self, tm: _TableModel, *, with_fk: bool) -> list[tuple[str, ...]]:
        spec = self.spec_.tables[tm.name]
        learned = set(tm.learned.columns) | {d.column for d in tm.learned.dependencies}
        fk = {tm.context_fk} if tm.context_fk is not None and with_fk else set()
        sets: list[tuple[str, ...]] = [(c,) for c, s in spec.columns.items() if s.unique and c in learned]
        sets += [
            tuple(c.unique)
            for c in self.spec_.constraints
            if c.table == tm.name and c.unique is not None and set(c.unique) - fk <= learned and set(c.unique) - fk
        ]
        return sets

    def _unique(
        self,
        tm: _TableModel,
        frame: pl.DataFrame,
        codes: NDArray[np.int32],
        context: NDArray[np.int32] | None,
        stream: Stream,
        pidx: NDArray[np.int64] | None = None,
        cond: Condition | None = None,
    ) -> tuple[pl.DataFrame, NDArray[np.int32], NDArray[np.bool_] | None]:
        """Redraw later rows that repeat an earlier row on a learned unique column (set), in row order;
        a set may hold the context foreign key (unique within a parent: one car number per race).
        Rows that still repeat within their parent after the redraws are left out (a parent drawn
        with more children than the column has values); the keep mask says which. A dense set's repeats left
        otherwise take values their group has not taken (:func:`place_repeats`), refused only where none is left."""
        fk = {tm.context_fk} if tm.context_fk is not None and pidx is not None else set()
        sets = self._unique_sets(tm, with_fk=pidx is not None)
        if not sets or frame.height == 0:
            return frame, codes, None
        if tm.sequence_column is not None:  # drawn position by position: repeats moved to free values instead
            for (col,) in [s for s in sets if len(s) == 1 and tm.kinds.get(s[0]) == "numeric"]:
                frame = frame.with_columns(spread_unique(frame.get_column(col)))
            if pidx is not None:  # a number unique within its parent (a shirt number per team) moves the same way
                for cols in sets:
                    rest = [c for c in cols if c not in fk]
                    if fk and len(cols) == 2 and len(rest) == 1 and tm.kinds.get(rest[0]) == "numeric":
                        frame = frame.with_columns(spread_unique_in(frame.get_column(rest[0]), pidx))
            keep = None
            # each row's context as drawn (its predecessor's codes before any redraw): a redrawn row is drawn
            # from it again; the state machine's states and the placed date stay
            drawn = None if pidx is None else context_as_drawn(context, codes, _positions(pidx), tm.learned.n_context)
            states = [tm.machine["column"], tm.machine.get("previous")] if tm.machine is not None else []
            for cols in sets:  # one lab result per (admission, test): a repeat takes a test its parent lacks
                rest = [c for c in cols if c not in fk]
                enc = tm.learned.encoders.get(rest[0]) if fk and len(rest) == 1 and len(cols) == 2 else None
                if enc is None or enc.kind != "categorical" or not enc.categories or pidx is None:
                    continue
                frame, codes, left = free_in_parent(
                    tm.learned,
                    frame,
                    codes,
                    rest[0],
                    pidx,
                    stream.child(tm.name, "unique", rest[0]),
                    context=drawn,
                    kept=(tm.sequence_column,),
                    fixed=[c for c in states if c],
                    accept=self._accept(tm.name, cond),
                )
                keep = left if keep is None else keep & left
            return frame, codes, keep if keep is not None and not keep.all() else None
        rows = np.arange(frame.height, dtype=np.int64)
        work = frame if not fk else frame.with_columns(pl.Series(tm.context_fk, pidx))
        for attempt in range(1, 51):
            dup = np.zeros(frame.height, dtype=bool)
            for cols in sets:
                view = work.select(cols)
                first = view.select(pl.struct(cols).is_first_distinct()).to_series().to_numpy()
                has_null = view.select(pl.any_horizontal(pl.all().is_null())).to_series().to_numpy()
                dup |= ~first & ~has_null
            if not dup.any():
                return frame, codes, None
            idx = np.flatnonzero(dup)
            with _naming(cond, len(idx)):
                sub, sub_codes, _ = tm.learned.sample(
                    rows[idx] + attempt * _UNIQUE_BASE,
                    stream,
                    context=context[idx] if context is not None else None,
                    accept=self._accept(tm.name, cond),
                    attempts=_attempts(cond),
                )
            frame = frame.with_columns([frame.get_column(c).scatter(idx, sub.get_column(c)) for c in sub.columns])
            work = frame if not fk else frame.with_columns(pl.Series(tm.context_fk, pidx))
            codes[idx] = sub_codes
        if fk and all(tm.context_fk in cols for cols in sets) and dup.sum() <= max(5, frame.height // 20):
            return frame, codes, ~dup
        if all(len(cols) == 1 and tm.kinds.get(cols[0]) == "numeric" for cols in sets):
            # numbers that fill their range (serials): the repeats left take the nearest free values
            for (col,) in sets:
                frame = frame.with_columns(spread_unique(frame.get_column(col)))
            return frame, codes, None
        # a dense set (most of its pairs taken): the repeats left take values their group has not taken yet
        frame, codes, keep = place_repeats(
            tm.learned,
            tm.name,
            frame,
            codes,
            sets,
            tm.context_fk if fk else None,
            pidx,
            stream.child(tm.name, "unique"),
        )
        return frame, codes, keep

    def _accept(self, tname: str, cond: Condition | None = None) -> Callable[[pl.DataFrame], NDArray[np.bool_]] | None:
        """Rows the draw keeps: the spec's row constraints on learned columns and, when sampling under a
        condition on this table, the condition (failing rows are redrawn)."""
        from simulacra._row_constraints import row_constraints
        from simulacra.spec.refs import expression_for

        tm = self.tables_[tname]
        # dates learned as distances (the sequence date's gaps, offsets from it) are not dates in the draw: a
        # check reading one would compare distances (a return's trip against its dispatch's hour of the day),
        # and the offsets keep their declared order by construction
        placed = {tm.sequence_column, *tm.offsets}
        checks = [
            rc
            for rc in row_constraints(self.spec_, tname)
            if all(n in tm.kinds and n not in placed for n in rc.names())
        ]
        # a column learned from a null-where case keeps its rule: null exactly where a condition holds
        cases = {c: case[1] for c in tm.kinds if (case := null_case(self.spec_.tables[tname].columns[c])) is not None}
        if not checks and not cases and cond is None:
            return None

        def accept(frame: pl.DataFrame) -> NDArray[np.bool_]:
            ok = np.ones(frame.height, dtype=bool) if cond is None else cond.mask(frame)
            for rc in checks:
                ok &= rc.check(frame)
            for c, whens in cases.items():
                held = np.zeros(frame.height, dtype=bool)
                for when in whens:
                    held |= frame.select(expression_for(when, frame.schema).fill_null(False)).to_series().to_numpy()
                ok &= frame.get_column(c).is_null().to_numpy() == held
            return ok

        return accept

    def _conditioned(
        self,
        tm: _TableModel,
        n: int,
        stream: Stream,
        where: str | None,
        rebalance: Mapping[str, Mapping[Any, float]] | None,
    ) -> tuple[pl.DataFrame, NDArray[np.int32]]:
        table = tm.learned
        fixed_rb = rebalance_codes(table, rebalance or {}, n, stream)
        fixed, predicate = parse_where(where, table)
        if predicate is not None:
            return filtered_sample(table, n, stream, predicate)
        rows = np.arange(n, dtype=np.int64)
        fx = {c: np.full(n, code, np.int32) for c, code in fixed.items()}
        fx.update(fixed_rb)
        frame, codes, _ = table.sample(rows, stream, fixed=fx, accept=self._accept(tm.name))
        return frame, codes

    def _child_pieces(
        self,
        tm: _TableModel,
        out: Mapping[str, pl.DataFrame],
        ctx: Mapping[str, NDArray[np.int32]],
        stream: Stream,
        exact: bool = False,
        scale: float = 1.0,
        free: bool = False,
        draw: Draw | None = None,
        cond: Condition | None = None,
        chunk_rows: int | None = None,
    ) -> Iterator[_Piece]:
        """A child table's rows drawn per parent: the children per parent row and the table's size are set
        for every parent first; then runs of whole parents are drawn, about ``chunk_rows`` children at a time
        (None: every parent at once). A child's row id is its position in the whole table (the children of
        earlier parents come first), so each draw is addressed by its parent row and position, not by the
        run: the same rows whatever the runs. Yields ``(rows, codes, parent rows, context)`` per run."""
        assert tm.parent is not None and tm.count is not None
        pctx = ctx[tm.parent]
        cctx = self._count_context(tm, out, ctx)  # the parent's codes, and its other parents' the counts follow
        n_parent = len(pctx)
        prow = np.arange(n_parent, dtype=np.int64)
        cframe, _, _ = tm.count.sample(prow, stream, context=cctx)
        counts = np.maximum(cframe.get_column("__count").to_numpy().astype(np.int64), 0)
        del cframe
        stretch = 1.0  # how many times the parents' families are the real ones' size (see _position_features)
        if tm.ref_counts is not None and len(tm.ref_counts) == n_parent:  # a copied lookup parent
            counts = np.round(np.asarray(tm.ref_counts, dtype=np.float64) * scale).astype(np.int64)
            stretch = scale  # its rows are the real ones whatever the scale: each family is ``scale`` times its own
        elif tm.rate is not None and out[tm.parent].height == n_parent:  # as many as the laid period runs long
            counts = counts_at_rate(tm.rate, out[tm.parent], counts, stream.child(tm.name, "rate"))
        # sizes (issue 13, defect 6): the expected total for these parents (the mean of several draws,
        # corrected by the fit's bias), so it does not drift with the seed but still follows the parents
        # drawn (more gold customers, more orders); exactly the real size times the scale when asked
        rows_spec = self.spec_.tables[tm.name].rows
        total = (
            rows_spec.scaled_total(scale)
            if isinstance(rows_spec, m.RowsPerParent) and rows_spec.per == tm.parent
            else None
        )
        if total is not None and not free:  # the spec's rows in all (``rows.total``), as an exact size would be
            target = total  # (over a copied lookup parent too: its real counts are where the spread starts)
        elif tm.ref_counts is not None and len(tm.ref_counts) == n_parent:
            target = scaled_rows(tm.n_rows, scale) if exact else int(counts.sum())
        elif exact and not free:
            target = scaled_rows(tm.n_rows, scale)
        else:
            target = int(round(_mean_total(tm.count, cctx, stream.child(tm.name, "total")) * tm.count_scale))
            if not free:  # unconditioned: the parents drawn move the size within a band around the real one
                real = tm.n_rows * scale
                target = rows_at(min(max(target, real * (1 - _SIZE_BAND)), real * (1 + _SIZE_BAND)))
        if tm.ref_counts is None or len(tm.ref_counts) != n_parent:
            # a draw whose sum is far from the target (a few parents with very many children drawn fewer times
            # than their share) moves by other draws of the model, not by nudges into counts the source never has
            drawn = counts
            counts = self._redrawn(tm, counts, target, cctx, stream.child(tm.name, "redraw"))
            swapped = counts is not drawn
            if swapped and tm.rate is not None and out[tm.parent].height == n_parent:
                counts = counts_at_rate(tm.rate, out[tm.parent], counts, stream.child(tm.name, "rate"))
        else:
            swapped = False
        if not free:
            counts = _one_where_none(counts, target, stream.child(tm.name, "one"))
        counts = _match_total(counts, target, stream.child(tm.name, "total"), 2 if swapped else 1)
        if tm.machine is not None:  # as many events as a path of the machine can have
            counts = feasible_lengths(tm.machine, counts)
        if tm.cap is not None and out[tm.parent].height == n_parent:
            up = self.plan_.tables[tm.parent].links.get(tm.cap.split(".")[0]) if "." in tm.cap else None
            cap = capacity_of(tm.cap, out[tm.parent], out.get(up.table) if up else None, up.key if up else None)
            if cap is not None:
                counts = capped_counts(counts, cap, stream.child(tm.name, "cap"))
        apart = self._distinct_room(tm, out, n_parent)
        if apart is not None:  # no more children than candidates for a 'distinct' key (lessons of the course)
            counts = capped_counts(counts, apart, stream.child(tm.name, "distinct-cap"))
        if out[tm.parent].height == n_parent and (total is not None or _counts_by_value(rows_spec, tm.parent)):
            # each parent within the reach the spec gives it (its 'by' value's count: none for a cancelled act); with
            # no total, a reviewed count per 'by' value keeps the size the sizing above set (the rows held off go to
            # parents with room, in proportion to their learned counts); a condition's parents: each held, the size
            # theirs
            assert isinstance(rows_spec, m.RowsPerParent)
            counts = within_reach(
                counts,
                parent_reach(rows_spec, out[tm.parent]),
                None if free else (total if total is not None else int(counts.sum())),
                stream.child(tm.name, "reach"),
                plan=self.plan_,
                table=tm.name,
                rows=rows_spec,
                scale=scale,
                room=None if apart is None else apart.to_numpy().astype(np.int64),
                nearest=total is None,
            )
        if (
            isinstance(rows_spec, m.RowsPerParent)
            and rows_spec.equals
            and rows_spec.per == tm.parent
            and out[tm.parent].height == n_parent
        ):
            from simulacra.generation.counts import counts_equal

            # the parent's own numbers say how many (a match's goals: home_goals + away_goals), exactly
            counts = counts_equal(rows_spec.equals, out[tm.parent], counts)
        if (months := _months_rule(rows_spec, tm)) is not None and out[tm.parent].height == n_parent:
            counts = months_counts(months, out[tm.parent], counts)  # one child per month of its parent's period
        ends = np.concatenate([np.zeros(1, np.int64), np.cumsum(counts)])  # first row id of each parent's children
        bounds: list[tuple[int, int]] = []
        a = 0
        while True:
            b = n_parent
            if chunk_rows is not None:  # whole parents, at least one, about chunk_rows children
                b = min(n_parent, max(a + 1, int(np.searchsorted(ends, ends[a] + chunk_rows, side="right")) - 1))
            bounds.append((a, b))
            a = b
            if a >= n_parent:
                break
        if tm.sequence_column is not None:
            yield from self._sequence_runs(tm, out, pctx, counts, ends, bounds, stream, cond, chunk_rows, stretch)
            return
        for a, b in bounds:
            yield self._child_run(tm, out, ctx, counts, a, b, int(ends[a]), stream, draw, cond, stretch)

    def _child_run(
        self,
        tm: _TableModel,
        out: Mapping[str, pl.DataFrame],
        ctx: Mapping[str, NDArray[np.int32]],
        counts: NDArray[np.int64],
        a: int,
        b: int,
        first: int,
        stream: Stream,
        draw: Draw | None,
        cond: Condition | None,
        stretch: float = 1.0,
    ) -> _Piece:
        """The children of parent rows ``a..b-1``, whose first row id is ``first`` (not a sequence: see
        :meth:`_sequence_runs`). The rows of the other parents the model reads (``tm.side``: a result's driver)
        are drawn first, as they would be after the rows (each parent's learned references, shuffled; such a
        table is drawn whole, :meth:`piece_blocker`), and each row is drawn given its parent rows' codes."""
        assert tm.parent is not None and tm.sequence_column is None
        pctx = ctx[tm.parent]
        pidx = np.repeat(np.arange(a, b, dtype=np.int64), counts[a:b])
        position = _positions(pidx)
        rows = np.arange(first, first + len(pidx), dtype=np.int64)
        base = np.concatenate([pctx[pidx], _position_features(position, counts[pidx], stretch)], axis=1)
        side: dict[str, NDArray[np.int64]] | None = None
        if tm.side:
            tp = self.plan_.tables[tm.name]
            side = {
                c: self._secondary_refs(tm, c, tp.links[c].table, len(pidx), ctx, stream, pidx, out) for c in tm.side
            }
            own = {c: ctx[tp.links[c].table][:, : _own_width(self, tp.links[c].table)] for c in tm.side}
            base = np.concatenate([base, side_codes(tm.side, own, side)], axis=1)
        with _naming(cond, len(rows)):
            if draw is not None and cond is None:
                frame, codes = draw(tm.name, rows, base)
            else:
                frame, codes, _ = tm.learned.sample(
                    rows, stream, context=base, accept=self._accept(tm.name, cond), attempts=_attempts(cond)
                )
        return frame, codes, pidx, base, side

    def _sequence_runs(
        self,
        tm: _TableModel,
        out: Mapping[str, pl.DataFrame],
        pctx: NDArray[np.int32],
        counts: NDArray[np.int64],
        ends: NDArray[np.int64],
        bounds: Sequence[tuple[int, int]],
        stream: Stream,
        cond: Condition | None,
        chunk_rows: int | None,
        stretch: float = 1.0,
    ) -> Iterator[_Piece]:
        """A sequence child's runs of parents (``bounds``), each yielded whole and in order: every row is drawn
        given the codes of the sibling before it, so a run alone takes one draw per position of its longest
        family, most of them a few rows long, each paying the model's fixed cost. The runs are drawn together
        instead, staggered: the rows ``d`` places from their family's end in run ``j`` are drawn at step
        ``(j + 1) * stagger - d``, one draw a step for every run then under way (a row's predecessor is drawn the
        step before; run ``j`` is complete, and yielded, after step ``(j + 1) * stagger - 1``). Aligned on their
        ends, the runs drawn ahead of the one being finished hold only their longest families' first rows:
        ``stagger`` (:func:`_stagger`) keeps them at a share of a run's rows while the draws fall from the sum
        of the runs' longest families towards ``runs * stagger`` plus the longest family. A row's draw depends
        only on its id, its context and its predecessor's codes, never on the rows drawn beside it, so the rows
        are those of each run drawn on its own (and of the table drawn whole); no draw asks for more than
        ``chunk_rows`` rows. A model that redraws nothing (:meth:`LearnedTable.redraws`) draws codes only at
        each step, and a run's values are decoded once it is whole."""
        assert tm.parent is not None
        table = tm.learned
        width = len(table.columns)
        accept = self._accept(tm.name, cond)
        attempts = _attempts(cond)
        n_runs = len(bounds)
        longest = np.array([int(counts[a:b].max()) if b > a else 0 for a, b in bounds], dtype=np.int64)
        stagger = _stagger(counts, n_runs, chunk_rows)
        due = np.arange(1, n_runs + 1, dtype=np.int64) * stagger  # run j is complete after step due[j] - 1
        starts = due - longest  # its first draw (its longest family's first row)
        pending = [j for j in np.argsort(starts, kind="stable").tolist() if longest[j] > 0]  # by first draw
        p = 0  # next of them to start
        runs: dict[int, _SequenceRun] = {}
        most = chunk_rows if chunk_rows is not None else max(int(ends[-1]), 1)
        later = not table.redraws(accept)  # each step draws codes only; a run's values are decoded at once
        total = int(ends[-1])
        t = int(starts[pending[0]]) if pending else 0  # the step
        k = 0  # next run to yield
        while k < n_runs:
            while p < len(pending) and starts[pending[p]] <= t:
                j = pending[p]
                p += 1
                runs[j] = self._run_start(tm, bounds[j], counts, ends, width, stream)
            under_way = sorted(runs)
            if under_way:
                sels = [runs[j].at(int(due[j] - t)) for j in under_way]
                rows = np.concatenate([runs[j].first + sel for j, sel in zip(under_way, sels, strict=True)])
                context = np.concatenate(
                    [
                        runs[j].context(sel, pctx, counts, stretch=stretch)
                        for j, sel in zip(under_way, sels, strict=True)
                    ]
                )
                # a learned state machine's states, fixed per row from its parent's path (see synth._paths)
                fixed = (
                    {
                        c: np.concatenate([runs[j].fixed[c][sel] for j, sel in zip(under_way, sels, strict=True)])
                        for c in runs[under_way[0]].fixed
                    }
                    if tm.machine is not None
                    else {}
                )
                frames, codes = [], []
                for lo in range(0, len(rows), most):  # batches of at most chunk_rows rows: the same rows
                    fx = {c: v[lo : lo + most] for c, v in fixed.items()} or None
                    if later:  # nothing is redrawn: the codes now, the values once the run is whole
                        codes.append(table.draw_codes(rows[lo : lo + most], stream, context[lo : lo + most], fx))
                        continue
                    with _naming(cond, total):
                        f, c, _ = table.sample(
                            rows[lo : lo + most],
                            stream,
                            context=context[lo : lo + most],
                            fixed=fx,
                            accept=accept,
                            attempts=attempts,
                        )
                    frames.append(f)
                    codes.append(c)
                frame = None if later else frames[0] if len(frames) == 1 else pl.concat(frames)
                code = codes[0] if len(codes) == 1 else np.concatenate(codes)
                off = 0
                for j, sel in zip(under_way, sels, strict=True):
                    runs[j].put(sel, None if frame is None else frame.slice(off, len(sel)), code[off : off + len(sel)])
                    off += len(sel)
            while k < n_runs and due[k] - 1 <= t:
                run = runs.pop(k, None) or self._run_start(tm, bounds[k], counts, ends, width, stream)
                frame = run.frame(table, stream)
                frame = _undo_gaps(frame, tm, run.pidx, out[tm.parent], self.spec_.tables[tm.parent])
                base = run.context(np.arange(len(run.pidx)), pctx, counts, lagged=False, stretch=stretch)
                yield frame, run.codes, run.pidx, base, None
                del run, frame, base
                k += 1
            if runs or k >= n_runs:
                t += 1
            else:  # nothing under way: on to the next run's first draw, or the next run due
                t = max(t + 1, min(int(due[k] - 1), int(starts[pending[p]]) if p < len(pending) else int(due[k] - 1)))

    @staticmethod
    def _run_start(
        tm: _TableModel,
        bound: tuple[int, int],
        counts: NDArray[np.int64],
        ends: NDArray[np.int64],
        width: int,
        stream: Stream,
    ) -> _SequenceRun:
        """A run of a sequence child set up; with a learned state machine, its rows' states drawn first (a
        function of each parent and its event count, so the same whatever the runs)."""
        run = _SequenceRun.start(bound, counts, int(ends[bound[0]]), width)
        if tm.machine is not None:
            run.fixed = machine_codes(tm.learned, tm.machine, run.pidx, run.position, counts, stream)
        return run

    def _pooled_values(self, tname: str, frame: pl.DataFrame, stream: Stream) -> pl.DataFrame:
        """Learned slots of pooled columns (``pool: K``) rendered as K fresh values, a pure function of
        (seed, table, column, slot): the same slot is the same value in every chunk."""
        from simulacra.generation.pools import render_slots

        pooled = {
            c: s
            for c, s in self.plan_.tables[tname].spec.columns.items()
            if isinstance(s, m.RealisticColumn) and s.pool is not None and c in frame.columns
        }
        if not pooled:
            return frame
        return frame.with_columns(
            render_slots(
                frame.get_column(c),
                s,
                stream.child(tname, c, "pool"),
                self.spec_.locale,
                stream.child(tname, "__pool_group__", s.group) if s.group else None,
            ).alias(c)
            for c, s in pooled.items()
        )

    def _finish(
        self,
        tname: str,
        frame: pl.DataFrame,
        pidx: NDArray[np.int64] | None,
        out: Mapping[str, pl.DataFrame],
        ctx: Mapping[str, NDArray[np.int32]],
        stream: Stream,
        *,
        start: int = 0,
        side: Mapping[str, NDArray[np.int64]] | None = None,
    ) -> pl.DataFrame:
        """Add keys, foreign keys and every rule-made column; spec column order. ``start``: the row id of
        the frame's first row (a chunk of a one-table model); ``side``: parent rows of other foreign keys
        drawn before the rows (their model read those parents' codes), kept.

        The foreign keys to other tables are learned (which parent, how many references); everything the
        rules make — values, parent references, null rates, self-references, running sums — goes through
        the one column filler generation uses (``generation.filler``), drawing from this model's streams."""
        from simulacra.generation.columns import apply_running_sums
        from simulacra.generation.filler import ColumnFiller, Streams, gather_nullable

        tm = self.tables_[tname]
        tp = self.plan_.tables[tname]
        n = frame.height
        rows = np.arange(start, start + n, dtype=np.int64)
        fk_rows: dict[str, NDArray[np.int64]] = {}
        cols: dict[str, pl.Series] = {}
        learned = set(frame.columns)

        def gathered(table: str, column: str, idx: NDArray[np.int64]) -> pl.Series:
            if column.startswith("__idx__") and column not in out[table].columns:
                # a chain's later hop (members.tiers.loan_days): learned tables hold keys, not row indexes
                return gather_nullable(self._parent_rows(table, column[len("__idx__") :], out), idx)
            return gather_nullable(out[table].get_column(column), idx)

        matched = {c: _matched(tp, c) for c in tp.links}
        through = {c: _through(tp, c) for c in tp.links}
        # composite keys and keys matched through another key last: what they match must be there first
        for col in _keys_in_order(tp, matched, through, tm.context_fk):
            link = tp.links[col]
            if link.self_ref:
                continue
            if col == tm.context_fk:
                assert pidx is not None
                fk_rows[col] = pidx
            elif matched[col]:
                theirs = [cols[c] if c in cols else frame.get_column(c) for c in matched[col].values()]
                other = self._else_values(tp, col, fk_rows, cols, frame, out)
                fk_rows[col] = self._matched_refs(
                    tm, col, link.table, theirs, out, ctx, stream, rows, other=other, parent_rows=pidx, whole=True
                )
                fk_rows[col] = self._one_per_day(
                    tm, col, link.table, theirs, frame, fk_rows[col], out, ctx, stream, rows, pidx
                )
                if self.spec_.tables[link.table].key_columns == (link.key,):  # not a composite key: its nulls
                    fk_rows[col] = self._learned_nulls(tm, col, fk_rows[col], stream, rows, frame)
            elif through[col] and all(tp.aliases.get(r.split(".")[0]) in fk_rows for r in through[col].values()):
                # a key that is its parent's key into the same table (an employee's office, their department's)
                theirs = [self._through_value(tp, r, fk_rows, out) for r in through[col].values()]
                other = self._else_values(tp, col, fk_rows, cols, frame, out)
                fk_rows[col] = self._matched_refs(
                    tm, col, link.table, theirs, out, ctx, stream, rows, other=other, parent_rows=pidx, whole=True
                )
                if pidx is not None and getattr(tp.spec.columns.get(col), "distinct", False):
                    # a lesson of the enrolment's course, once per enrolment: the drawn lessons dealt apart
                    fk_rows[col] = self._matched_apart(
                        tm, col, link.table, theirs, fk_rows[col], out, stream, rows, pidx
                    )
                fk_rows[col] = self._one_per_day(
                    tm, col, link.table, theirs, frame, fk_rows[col], out, ctx, stream, rows, pidx
                )
                fk_rows[col] = self._learned_nulls(
                    tm, col, fk_rows[col], stream, rows, frame
                )  # a ticket without an asset
            else:
                if side and col in side:
                    fk_rows[col] = side[col]
                else:
                    fk_rows[col] = self._secondary_refs(tm, col, link.table, n, ctx, stream, pidx, out)
                if (lt := tm.link_totals.get(col)) and pidx is not None and lt.events in out:
                    # members paired to groups so a grandchild's rows per member keep the source's (_link_totals)
                    assert tm.parent is not None and tm.context_fk is not None
                    per = _parent_index(out[tm.parent], tp.links[tm.context_fk].key, out[lt.events][lt.by])
                    fk_rows[col] = toward_totals(
                        fk_rows[col],
                        pidx,
                        np.bincount(per[per >= 0], minlength=out[tm.parent].height),
                        out[link.table].height,
                        lt,
                        stream.child(tname, col, "totals"),
                    )
                if tm.spans:  # a second parent's date within the learned span (an age at the race)
                    fk_rows[col] = repair_spans(
                        tm.spans,
                        col,
                        fk_rows[col],
                        frame,
                        pidx,
                        out[tm.parent] if tm.parent else None,
                        out[link.table],
                        stream.child(tname, "span"),
                        distinct=bool(getattr(tp.spec.columns.get(col), "distinct", False)),
                    )
                fk_rows[col] = self._one_per_day(tm, col, link.table, None, frame, fk_rows[col], out, ctx, stream, rows)
            cols[col] = gathered(link.table, link.key, fk_rows[col])
        for ka, kb in self._keys_apart(tname):  # two keys into one table that never name the same row
            if ka in fk_rows and kb in fk_rows and tp.links[ka].table == tp.links[kb].table:
                fk_rows[kb] = keep_apart(fk_rows[ka], fk_rows[kb], self._apart_groups(tname, kb, cols, frame))
                cols[kb] = gathered(tp.links[kb].table, tp.links[kb].key, fk_rows[kb])
        scheduled = set()
        for ka, kb in self._schedule_keys(tname, fk_rows, frame):  # a team once per matchday: a schedule per parent
            assert pidx is not None
            frame = self._schedule(tname, ka, kb, fk_rows, frame, pidx, out, stream)
            scheduled |= {(ka, kb), (kb, ka)}
            for k in (ka, kb):
                cols[k] = gathered(tp.links[k].table, tp.links[k].key, fk_rows[k])
        for ka, kb in self._pairs_once(tname, fk_rows):  # a pair of keys once per parent (a match per pairing)
            if (ka, kb) in scheduled:
                continue  # the schedule holds each pairing once
            assert pidx is not None
            apart = {(ka, kb), (kb, ka)} & set(self._keys_apart(tname))
            fk_rows[ka], fk_rows[kb] = pairs_once(
                pidx,
                fk_rows[ka],
                fk_rows[kb],
                np.random.default_rng(stream.child(tname, "pairs", ka, kb).key),
                apart=bool(apart) and tp.links[ka].table == tp.links[kb].table,
                n_a=out[tp.links[ka].table].height,
                n_b=out[tp.links[kb].table].height,
                held_a=self._held_groups(tname, ka, kb, cols, frame, pidx),
                held_b=self._held_groups(tname, kb, ka, cols, frame, pidx),
            )
            for k in (ka, kb):
                cols[k] = gathered(tp.links[k].table, tp.links[k].key, fk_rows[k])
        if tm.context_fk is not None and matched.get(tm.context_fk):  # the whole composite key is the parent's
            assert tm.parent is not None and pidx is not None
            for pcol, mine in matched[tm.context_fk].items():
                cols[mine] = gathered(tm.parent, pcol, pidx)
        frame = frame.with_columns(
            [
                s.cast(frame.schema[c], strict=False).alias(c) if c in frame.columns else s.alias(c)
                for c, s in cols.items()
            ]
        )
        if tm.rounds:  # dates that fall into rounds: each round's dates together, the rounds in order
            frame = self._round_dates(tname, tm, frame, pidx, out, stream)
        frame = self._pooled_values(tname, frame, stream)
        # a learned number bounded by its parent's (attendance within the home stadium's capacity)
        frame = self._parent_bounds(tname, frame, fk_rows, gathered, out, stream, rows)

        from simulacra.generation.uniqueness import needs_redraws

        fill = ColumnFiller(self.plan_, tname, Streams.learned(stream, tname), gathered, self.spec_.locale, fk_rows)
        for col in tp.column_order:
            spec = tp.spec.columns[col]
            if isinstance(spec, m.ForeignKeyColumn) and tp.links[col].self_ref:
                frame = self._self_reference(fill, col, spec, rows, frame, learned, start)
                continue
            if col in frame.columns or isinstance(spec, m.ForeignKeyColumn):
                continue
            if isinstance(spec, m.AggregateColumn):
                continue  # filled once the children exist (below)
            values = fill.column(col, spec, rows, frame, locale=getattr(spec, "locale", None))
            frame = frame.with_columns(values.alias(col))
            if needs_redraws(tp, col):
                frame = self._unique_rule_made(fill, tname, col, spec, rows, frame)
        frame = self._unique_with_rule_made(tm, frame, stream, fill, rows)
        if tp.primary_link is not None and tp.primary_link.column in fk_rows:
            frame = apply_running_sums(frame, tp.spec.columns, fk_rows[tp.primary_link.column], fill.parent)
        order = [c for c in tp.spec.columns if c in frame.columns]
        return frame.select(order)

    def _unique_with_rule_made(
        self, tm: _TableModel, frame: pl.DataFrame, stream: Stream, fill: ColumnFiller, rows: NDArray[np.int64]
    ) -> pl.DataFrame:
        """A unique column set holding a rule-made column (a code made by its pattern, an email, a uuid), which
        :meth:`_unique` does not see, once every column is made, in row order: a repeat's rule-made columns are
        made again by their own generators (fresh values, a function of the seed, the row and the attempt), then
        a repeat still left takes a value, or a combination of values, of the set's learned and rule-made columns
        the sample holds that its group has not taken (:func:`place_repeats`). Where no source of values is left
        the repeats stay, and the whole-table check refuses the sample, naming the set."""
        tp = self.plan_.tables[tm.name]
        learned = set(tm.learned.columns)
        handled = self._unique_sets(tm, with_fk=True)
        sets = [
            tuple(c.unique)
            for c in self.spec_.constraints
            if c.table == tm.name
            and c.unique is not None
            and set(c.unique) <= set(frame.columns)
            and set(c.unique) - learned
            and tuple(c.unique) not in handled
        ]
        if not sets or frame.height == 0:
            return frame
        fresh = {c for cols in sets for c in cols if _fresh(tp, c, learned)}
        for cols in sets:
            frame = self._remake_repeats(fill, tp, cols, [c for c in cols if c in fresh], rows, frame)
        codes = np.zeros((frame.height, 0), dtype=np.int32)
        movable = {c for cols in sets for c in cols} & (learned | fresh)
        frame, _, _ = place_repeats(
            tm.learned, tm.name, frame, codes, sets, None, None, stream.child(tm.name, "unique", "rule-made"),
            movable=movable, refuse=False,
        )  # fmt: skip
        return frame

    @staticmethod
    def _remake_repeats(
        fill: ColumnFiller,
        tp: TablePlan,
        cols: tuple[str, ...],
        made: list[str],
        rows: NDArray[np.int64],
        frame: pl.DataFrame,
    ) -> pl.DataFrame:
        """Rows repeating an earlier row on ``cols`` (none null) with their rule-made columns ``made`` made again,
        in row order, at attempts past the single-column redraws' (``_REMAKE_ATTEMPTS`` of them)."""
        if not made:
            return frame
        for attempt in _REMAKE_ATTEMPTS:
            view = frame.select(list(cols))
            live = ~view.select(pl.any_horizontal(pl.all().is_null())).to_series().to_numpy()
            dup = ~view.select(pl.struct(list(cols)).is_first_distinct()).to_series().to_numpy() & live
            if not dup.any():
                break
            at = np.flatnonzero(dup).astype(np.int64)
            for c in made:
                spec = tp.spec.columns[c]
                again = fill.again(c, spec, rows, frame, at, attempt, locale=getattr(spec, "locale", None))
                series = frame.get_column(c)
                frame = frame.with_columns(series.scatter(at, again.cast(series.dtype, strict=False)))
        return frame

    def _parent_bounds(
        self,
        tname: str,
        frame: pl.DataFrame,
        fk_rows: Mapping[str, NDArray[np.int64]],
        gathered: Callable[[str, str, NDArray[np.int64]], pl.Series],
        out: Mapping[str, pl.DataFrame],
        stream: Stream,
        rows: NDArray[np.int64],
    ) -> pl.DataFrame:
        """The learned numbers a check bounds by the rows their keys point to kept inside the bound
        (``synth._parent_bounds``): each bound in turn, then a number bounded by several inside all of them."""
        from simulacra.spec.refs import expression_for, root_names

        links = self.plan_.tables[tname].links
        checks = [c.check for c in self.spec_.constraints if c.table == tname and c.check]
        held: dict[str, list[tuple[pl.Series, bool, bool]]] = {}
        for col, b in bounded_by_parent(checks, frame.columns, fk_rows):
            refs = [n.split(".", 1) for n in root_names(b.expr)]
            if not all(pcol in out[links[fk].table].columns for fk, pcol in refs):
                continue  # a parent's column not made yet (or not kept): the check is still checked on the rows
            parents = {f"{fk}.{pcol}": gathered(links[fk].table, pcol, fk_rows[fk]) for fk, pcol in refs}
            if len(parents) == 1 and b.expr.strip() in parents:  # the parent's own column, as it is
                bound = next(iter(parents.values()))
            else:  # an expression of them (home_id.capacity - 500)
                at = pl.DataFrame([v.alias(n) for n, v in parents.items()])
                bound = at.select(expression_for(b.expr, at.schema)).to_series()
            s = stream.child(tname, "bound", col)
            frame = frame.with_columns(keep_bound(frame.get_column(col), bound, b.below, s, rows, b.strict))
            held.setdefault(col, []).append((bound, b.below, b.strict))
        for col, bounds in held.items():  # one bound's redraw may have moved a row past another
            if len(bounds) > 1:
                s = stream.child(tname, "bounds", col)
                frame = frame.with_columns(keep_bounds(frame.get_column(col), bounds, s, rows))
        return frame

    def _round_dates(
        self,
        tname: str,
        tm: _TableModel,
        frame: pl.DataFrame,
        pidx: NDArray[np.int64] | None,
        out: Mapping[str, pl.DataFrame],
        stream: Stream,
    ) -> pl.DataFrame:
        """Each learned round's dates placed together (``simulacra._round_dates``), within the dates' windows; a
        parent whose placed dates would repeat a value a uniqueness or ``once`` of the date holds once (a team
        twice on a day where rounds overlap) keeps the dates it had."""
        n = frame.height
        parent = np.zeros(n, dtype=np.int64) if pidx is None else np.asarray(pidx, dtype=np.int64).copy()
        pframe = out.get(tm.parent) if tm.parent else None
        for rd in tm.rounds:
            if rd.column not in frame.columns or rd.round not in frame.columns or frame.schema[rd.column] != pl.Date:
                continue
            old = frame.get_column(rd.column)
            days = as_days(old)
            rnd = frame.get_column(rd.round)
            par = np.where(rnd.is_null().to_numpy(), -1, parent)
            lo, hi = window_bounds(tm.windows, rd.column, n, pidx if tm.parent else None, pframe)
            new = place_round_dates(
                rd,
                par,
                rnd.cast(pl.Int64).fill_null(0).to_numpy(),
                days,
                lo,
                hi,
                np.random.default_rng(stream.child(tname, "round-dates", rd.column).key),
            )
            placed = pl.Series(rd.column, np.where(np.isnan(new), 0, new).astype(np.int32)).cast(pl.Date)
            placed = pl.select(pl.when(old.is_null()).then(old).otherwise(placed)).to_series().alias(rd.column)
            before = self._date_repeats(tname, rd.column, frame, parent)
            after = self._date_repeats(tname, rd.column, frame.with_columns(placed), parent)
            worse = np.isin(parent, np.unique(parent[after & ~before]))
            if worse.any():
                placed = pl.select(pl.when(pl.Series(worse)).then(old).otherwise(placed)).to_series().alias(rd.column)
            frame = frame.with_columns(placed)
        return frame

    def _date_repeats(self, tname: str, col: str, frame: pl.DataFrame, parent: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Rows repeating what a ``unique`` or ``once`` naming the date column ``col`` holds once."""
        from simulacra._dataset_checks import once_bad, unique_bad

        bad = np.zeros(frame.height, dtype=bool)
        for c in self.spec_.constraints:
            if c.table != tname:
                continue
            if c.unique and col in c.unique and all(x in frame.columns for x in c.unique):
                bad |= unique_bad(frame, c.unique)
            elif c.once and col in (c.per or []) and all(x in frame.columns for x in [*c.once, *(c.per or [])]):
                bad |= np.asarray(once_bad(frame, list(c.once), list(c.per or [])), dtype=bool)
        return bad

    def _one_per_day(
        self,
        tm: _TableModel,
        col: str,
        parent: str,
        theirs: list[pl.Series] | None,
        frame: pl.DataFrame,
        drawn: NDArray[np.int64],
        out: Mapping[str, pl.DataFrame],
        ctx: Mapping[str, NDArray[np.int32]],
        stream: Stream,
        rows: NDArray[np.int64],
        parent_rows: NDArray[np.int64] | None = None,
    ) -> NDArray[np.int64]:
        """The parent rows ``drawn`` for the second key ``col`` with each learned date of ``unique: [col, date]``
        held once per parent (one route per driver and day), and, with ``unique: [context key, col]``, each
        parent once per context parent (``parent_rows``, the rows' context parents: one grade per pupil and
        exam when the pupil must be of the exam's school): a repeat draws its key again as the key is drawn —
        among the parents holding ``theirs`` (a driver of the van's depot), by their learned references; with
        no ``match`` (``theirs`` None), a random row's parent, i.e. by the table's drawn shares. ``rows``: the
        rows' ids, which address the draws."""
        days = [
            day
            for con in self.spec_.constraints
            if con.table == tm.name and con.unique is not None and len(con.unique) == 2 and col in con.unique
            for day in con.unique
            if day != col and day in frame.columns and frame.schema[day].is_temporal()
        ]

        def redraw(i: NDArray[np.int64], attempt: int) -> NDArray[np.int64]:
            if theirs is not None:
                mine = [t.gather(i) for t in theirs]
                # the later redraws even among the candidates: the weighted draw keeps its favourites, which may
                # all hold the day (a day where many rows fell, such as the range's last)
                at = rows[i] + attempt * _UNIQUE_BASE
                return self._matched_refs(tm, col, parent, mine, out, ctx, stream, at, weighted=attempt <= _WEIGHTED)
            u = stream.child(tm.name, col, "free-day", attempt).uniform(rows[i])
            return base[np.minimum((u * len(base)).astype(np.int64), len(base) - 1)]

        groups = [frame.get_column(day) for day in days]
        if (
            parent_rows is not None
            and tm.context_fk is not None
            and any(
                con.table == tm.name and con.unique is not None and sorted(con.unique) == sorted([tm.context_fk, col])
                for con in self.spec_.constraints
            )
        ):  # once per context parent by a written constraint ('inspect' drafts 'distinct' with the 'match' now)
            groups.append(pl.Series("parent", parent_rows))
        for group in groups:
            base = drawn.copy()
            drawn = free_parent_on_day(drawn, group, redraw)
        return drawn

    @staticmethod
    def _unique_rule_made(
        fill: ColumnFiller, tname: str, col: str, spec: Any, rows: NDArray[np.int64], frame: pl.DataFrame
    ) -> pl.DataFrame:
        """A rule-made unique column (an email made from the row's name): a row whose value an earlier row
        holds is made again at the next attempt, in row order, as generation's uniqueness ledger does (the
        value kinds add a number only on a retry, so the first draw alone may repeat)."""
        locale = getattr(spec, "locale", None)
        for attempt in range(1, 51):
            series = frame.get_column(col)
            dup = (~series.is_first_distinct() & series.is_not_null()).to_numpy()
            if not dup.any():
                return frame
            idx = np.flatnonzero(dup)
            again = fill.again(col, spec, rows, frame, idx, attempt, locale=locale)
            frame = frame.with_columns(series.scatter(idx, again.cast(series.dtype, strict=False)))
        raise unsatisfiable(
            f"column '{col}': {int(dup.sum())} sampled rows still repeat a unique value after 50 redraws "
            "(the generator has too few distinct values for the table)",
            table=tname,
        )

    @staticmethod
    def _self_reference(
        fill: ColumnFiller,
        col: str,
        spec: m.ForeignKeyColumn,
        rows: NDArray[np.int64],
        frame: pl.DataFrame,
        learned: set[str],
        start: int,
    ) -> pl.DataFrame:
        """A self-reference: an earlier row of the sample (of its group and more senior, if declared), its
        null rate applied — as generation fills it (``generation.filler``). Before, learned samples left
        every self-reference null."""
        from simulacra.generation.filler import gather_nullable, self_ref_index

        key = fill.tp.links[col].key
        fstream = fill.streams.column(col)
        idx = fill.fk_nulls(spec, self_ref_index(spec, rows, fstream, frame), rows, fstream)
        fill.fk_idx[col] = idx
        if key in learned:  # a learned key: the sampled rows' own (sample_chunk refuses such a table)
            values = gather_nullable(frame.get_column(key), np.where(idx < 0, -1, idx - start))
        else:  # a rule-made key is a function of its row: made again at the referenced rows
            values = fill.self_ref_values(col, idx, frame)
        dtype = frame.schema[key] if key in frame.columns else values.dtype
        return frame.with_columns(values.cast(dtype, strict=False).alias(col))

    def _matched_refs(
        self,
        tm: _TableModel,
        col: str,
        parent: str,
        mine: list[pl.Series],
        out: Mapping[str, pl.DataFrame],
        ctx: Mapping[str, NDArray[np.int32]],
        stream: Stream,
        rows: NDArray[np.int64],
        *,
        weighted: bool = True,
        other: list[pl.Series] | None = None,
        parent_rows: NDArray[np.int64] | None = None,
        whole: bool = False,
    ) -> NDArray[np.int64]:
        """Parent rows for a foreign key with ``match``: one holding this row's values ``mine`` (the other
        columns of a composite key, or a parent's own reference); -1 (null) where the sampled parent has none.
        With ``match_share`` and ``other`` (the values ``match_else`` reads), a row not agreeing on ``mine``
        takes a parent holding ``other`` (the away team's scorer), else any other parent; with ``match_count``
        and ``parent_rows`` (the rows' context parents, whole), the parent's count of them agree instead.
        ``rows``: the rows' ids in the whole table, which address the draws (a piece's own positions would
        give every run of parents the same draws, and differ by run size).

        Among the parents holding the value, each is drawn as often as its learned number of references
        (a procedure's surgeon is one of the ward's surgeons, not its nurses: drawn evenly, 60% of sampled
        surgeons had the role); a row none of whose parents has a learned reference draws evenly, as every row
        does when not ``weighted``. With ``whole`` (``rows`` are the whole table) and every row to agree, the
        rows are dealt to per-group slots instead (:meth:`_slot_pick`), which keep the source's shape of
        children per parent."""
        from simulacra.generation.relations import match_key

        spec = self.spec_.tables[tm.name].columns[col]
        assert isinstance(spec, m.ForeignKeyColumn)
        agree = None
        if spec.match_share is not None:  # a share of rows agrees (the surgeon on the admission's ward)
            agree = stream.child(tm.name, col, "match-share").uniform(rows) < spec.match_share
        if spec.match_count is not None and parent_rows is not None and tm.parent is not None:
            # the parent says how many of its rows agree (a match's home goals); runs hold whole parents
            from simulacra.generation.relations import agree_by_count
            from simulacra.spec.refs import expression_for, root_names

            view = out[tm.parent].select(root_names(spec.match_count))
            k = view.select(expression_for(spec.match_count, view.schema).cast(pl.Float64)).to_series().to_numpy()
            u = stream.child(tm.name, col, "match-count").uniform(rows)
            agree = agree_by_count(parent_rows, u, k[parent_rows])
        u = stream.child(tm.name, col, "match").uniform(rows)
        if whole and weighted and agree is None and col in tm.ref_hist:
            slotted = self._slot_pick(tm, col, parent, match_key(mine), out, ctx, stream, rows)
            if slotted is not None:
                if (slotted < 0).any():  # rows whose group has no parent to deal to: the row-by-row draw
                    old = self._weighted_pick(
                        tm, col, parent, match_key(mine), None, u, out, ctx, stream, weighted=True
                    )
                    slotted = np.where(slotted < 0, old, slotted)
                return slotted
        got = self._weighted_pick(tm, col, parent, match_key(mine), agree, u, out, ctx, stream, weighted=weighted)
        if agree is not None and other is not None:  # the others agree on 'match_else' (the away team's scorer)
            alt = self._weighted_pick(tm, col, parent, match_key(other), None, u, out, ctx, stream, weighted=weighted)
            got = np.where(~agree & (alt >= 0), alt, got)
        return got

    def _weighted_pick(
        self,
        tm: _TableModel,
        col: str,
        parent: str,
        keys: pl.Series,
        agree: NDArray[np.bool_] | None,
        u: NDArray[np.float64],
        out: Mapping[str, pl.DataFrame],
        ctx: Mapping[str, NDArray[np.int32]],
        stream: Stream,
        *,
        weighted: bool,
    ) -> NDArray[np.int64]:
        """``_matched_refs``' draw for the match ``keys``: among the parents holding a row's key, by their
        learned references when ``weighted``."""
        from simulacra.generation.relations import candidates

        spec = self.spec_.tables[tm.name].columns[col]
        assert isinstance(spec, m.ForeignKeyColumn)
        ptable = out[parent]
        even = candidates(spec, ptable.get_column, ptable.height)
        lt = tm.secondary.get(col)
        if not weighted or lt is None or parent not in ctx or len(ctx[parent]) != ptable.height:
            return even.pick(spec, u, keys, agree)
        prow = np.arange(ptable.height, dtype=np.int64) + _CHILD_BASE
        weight = self._match_weights(tm, col, parent, ptable.height, ctx, stream)
        slots = np.repeat(prow - _CHILD_BASE, weight)
        if not len(slots):
            return even.pick(spec, u, keys, agree)
        # a parent repeated once per learned reference: an even draw among the slots is weighted by them
        by_refs = candidates(spec, lambda c: ptable.get_column(c).gather(slots), len(slots))
        got = by_refs.pick(spec, u, keys, agree)
        got = np.where(got >= 0, slots[np.maximum(got, 0)], -1)
        missing = got < 0  # (a row that should agree whose value no weighted parent holds took another one)
        if missing.any():
            got = np.where(missing, even.pick(spec, u, keys, agree), got)
        return got

    def _match_weights(
        self,
        tm: _TableModel,
        col: str,
        parent: str,
        n_parent: int,
        ctx: Mapping[str, NDArray[np.int32]],
        stream: Stream,
    ) -> NDArray[np.int64]:
        """Each parent's learned references for the matched key ``col``: several draws, summed — a parent the
        model gives references (a surgeon, not a nurse) is seldom left without any by one draw's noise."""
        prow = np.arange(n_parent, dtype=np.int64) + _CHILD_BASE
        weight = np.zeros(n_parent, dtype=np.int64)
        for d in range(MATCH_REF_DRAWS):
            refs = tm.secondary[col].sample(prow, stream.child(tm.name, col, "match-refs", d), context=ctx[parent])[0]
            weight += np.maximum(np.round(refs.get_column("__refs").to_numpy()), 0).astype(np.int64)
        return weight

    def _slot_pick(
        self,
        tm: _TableModel,
        col: str,
        parent: str,
        keys: pl.Series,
        out: Mapping[str, pl.DataFrame],
        ctx: Mapping[str, NDArray[np.int32]],
        stream: Stream,
        rows: NDArray[np.int64],
    ) -> NDArray[np.int64] | None:
        """Parent rows for a matched key, the whole table at once (issue 13): within each ``match`` group (the
        drivers of a depot), its parents are ranked by their learned references and given the source's
        references per parent at its quantiles (as :func:`to_source_shape`; parents outside the key's ``where``
        ranked lowest and given none), the quantiles tilted so the counts add up to the group's rows (fixed by
        the context parent: a depot with many routes per driver takes the source's upper counts), what the
        whole-count steps leave given to the parents by their counts squared; the group's rows, in an order
        shuffled by their ids, fill those slots. A row-by-row draw, however weighted, spreads children
        binomially around the weights and cannot keep the source's parents of 0, 1, 2, ... children.
        -1 for a row whose group has no parent to deal to; None when the model cannot rank the parents."""
        from simulacra.generation.relations import match_key

        spec = self.spec_.tables[tm.name].columns[col]
        assert isinstance(spec, m.ForeignKeyColumn)
        ptable = out[parent]
        p = ptable.height
        if col not in tm.secondary or parent not in ctx or len(ctx[parent]) != p or not spec.match or not p:
            return None
        weight = self._match_weights(tm, col, parent, p, ctx, stream)
        pkeys = match_key([ptable.get_column(c) for c in spec.match])
        ids = pl.concat([pkeys, keys.cast(pl.String)]).rank("dense").fill_null(0).to_numpy().astype(np.int64)
        pg, cg = ids[:p], ids[p:]  # group ids (0: a null key, in no group)
        n_groups = int(ids.max()) + 1 if len(ids) else 1
        meets = self._meets_where(spec, ptable)
        ok = (np.ones(p, dtype=bool) if meets is None else meets) & (pg > 0)
        prow = np.arange(p, dtype=np.int64) + _CHILD_BASE
        ties = stream.child(tm.name, col, "slot-shape").bits(prow)
        # the source's counts at each group's quantiles, lowest drawn first (outside 'where' lowest of all)
        source = np.repeat(
            np.array([v for v, _ in tm.ref_hist[col]], np.int64), np.array([c for _, c in tm.ref_hist[col]], np.int64)
        )
        if not len(source):
            return None
        order = np.lexsort((ties, weight, ok, pg))
        sg = pg[order]
        rank = np.arange(p) - np.searchsorted(sg, sg, side="left")
        want = np.bincount(cg, minlength=n_groups)
        want[0] = 0
        # each group's quantile positions tilted (p ** a) until its counts add up to its rows: a group with
        # more rows per parent than the source's mean takes the source's upper counts, one with fewer its lower
        oks = ok[order]
        mok = np.bincount(sg, weights=oks.astype(np.float64), minlength=n_groups)
        rank_ok = rank - (np.bincount(sg, weights=(~oks).astype(np.float64), minlength=n_groups)[sg]).astype(np.int64)
        pos = (np.maximum(rank_ok, 0) + 0.5) / np.maximum(mok[sg], 1)

        def at(b: NDArray[np.float64]) -> NDArray[np.int64]:
            q = pos ** np.exp(b[sg])
            t = np.empty(p, np.int64)
            t[order] = np.where(oks, source[np.minimum((q * len(source)).astype(np.int64), len(source) - 1)], 0)
            return t

        lo_b, hi_b = np.full(n_groups, -6.0), np.full(n_groups, 6.0)
        for _ in range(30):
            mid = (lo_b + hi_b) / 2
            more = np.bincount(pg, weights=at(mid), minlength=n_groups) > want
            lo_b, hi_b = np.where(more, mid, lo_b), np.where(more, hi_b, mid)
        target = np.where(ok, at(hi_b), 0)
        total = np.bincount(pg, weights=target, minlength=n_groups)
        target = np.where(total[pg] > 0, target, ok.astype(np.int64))  # a group the source gives none: evenly
        total = np.bincount(pg, weights=target, minlength=n_groups)
        square = np.bincount(pg, weights=target.astype(np.float64) ** 2, minlength=n_groups)
        share = target + np.where(square[pg] > 0, (want - total)[pg] * target**2 / np.maximum(square[pg], 1), 0.0)
        below = np.bincount(pg, weights=(share < 0).astype(np.float64), minlength=n_groups) > 0
        scaled = np.where(total[pg] > 0, target * want[pg] / np.maximum(total[pg], 1), 0.0)
        share = np.where(below[pg] | (want[pg] == 0), scaled, share)
        # floors, then one more to the largest remainders (ties by the bits)
        count = np.floor(share).astype(np.int64)
        left = want - np.bincount(pg, weights=count, minlength=n_groups).astype(np.int64)
        by_rest = np.lexsort((ties, -(share - count), pg))
        sg = pg[by_rest]
        rest_rank = np.arange(p) - np.searchsorted(sg, sg, side="left")
        count[by_rest] += (rest_rank < left[sg]).astype(np.int64)
        count[pg == 0] = 0
        # a group of a few candidates whose size the source had takes one of the source's own groups' shapes
        u_group = np.zeros(n_groups)
        first = np.unique(pg, return_index=True)  # each group addressed by its first parent row
        u_group[first[0]] = stream.child(tm.name, col, "slot-group").uniform(prow[first[1]])
        count = deal_shapes(count, tm.ref_groups.get(col, []), pg, ok, order, want, u_group)
        # the slots, group by group; each group's rows in a seeded order take them in turn
        by_group = np.argsort(pg, kind="stable")
        slots = np.repeat(by_group, count[by_group])
        start = np.r_[0, np.cumsum(np.bincount(pg, weights=count, minlength=n_groups).astype(np.int64))]
        have = np.diff(start)
        corder = np.lexsort((stream.child(tm.name, col, "slot-order").bits(rows), cg))
        scg = cg[corder]
        crank = np.arange(len(cg)) - np.searchsorted(scg, scg, side="left")
        dealt = (scg > 0) & (crank < have[scg])
        got = np.full(len(cg), -1, dtype=np.int64)
        got[corder[dealt]] = slots[start[scg[dealt]] + crank[dealt]]
        return got

    def _distinct_room(self, tm: _TableModel, out: Mapping[str, pl.DataFrame], n_parent: int) -> pl.Series | None:
        """Per context parent, how many children its ``distinct`` keys leave room for: the candidates of each (the
        key's parents meeting its ``where`` and, with ``match`` through the context parent, holding that
        parent's values: the lessons of the enrolment's course), the least over the keys; None when the table has
        no such key or a table it reads is not made yet. The source holds every such rule, so its groups never
        outnumber their candidates; a sampled group that did left its rows past them null (an enrolment of 10
        completions in a course of 6 lessons: 3-4% of a sample's keys null, none in the source)."""
        from simulacra.generation.relations import match_key

        tp = self.plan_.tables[tm.name]
        if tm.parent is None or tm.context_fk is None:
            return None
        parent = out.get(tm.parent)
        if parent is None or parent.height != n_parent:
            return None
        room: NDArray[np.int64] | None = None
        for col, link in tp.links.items():
            spec = tp.spec.columns.get(col)
            if col == tm.context_fk or link.self_ref or not getattr(spec, "distinct", False) or link.table not in out:
                continue
            ptable = out[link.table]
            meets = self._meets_where(spec, ptable)
            ok = np.ones(ptable.height, dtype=bool) if meets is None else meets
            match = getattr(spec, "match", None) or {}
            if not match:
                mine = np.full(n_parent, int(ok.sum()), dtype=np.int64)
            else:
                # each 'per' parent's values, read as the rows' are (``_through_value``: a hop by its key column or
                # its table's name, ``exam_id.classes.school_id``); 'distinct' with 'match' reads through the 'per'
                # key (``spec.features``), whose tables are made and keep what the reads need (``kept_columns``)
                per_rows = {str(tm.context_fk): np.arange(n_parent, dtype=np.int64)}
                reads = [self._through_value(tp, r, per_rows, out) for r in match.values()]
                held = match_key([ptable.get_column(c) for c in match]).filter(pl.Series(ok)).value_counts()
                theirs = match_key(reads)
                held = held.rename({held.columns[0]: "k", held.columns[1]: "n"})
                mine = (
                    pl.DataFrame({"k": theirs})
                    .join(held, on="k", how="left", maintain_order="left")
                    .get_column("n")
                    .fill_null(0)
                    .to_numpy()
                    .astype(np.int64)
                )
            room = mine if room is None else np.minimum(room, mine)
        return None if room is None else pl.Series("room", room)

    def _matched_apart(
        self,
        tm: _TableModel,
        col: str,
        parent: str,
        theirs: list[pl.Series],
        drawn: NDArray[np.int64],
        out: Mapping[str, pl.DataFrame],
        stream: Stream,
        rows: NDArray[np.int64],
        pidx: NDArray[np.int64],
    ) -> NDArray[np.int64]:
        """A ``distinct`` key with ``match`` through the ``per`` parent (a lesson of the enrolment's course, once
        per enrolment): the parents ``drawn`` for it (the source's shape of children per candidate) dealt so no
        ``per`` parent's rows share one (:func:`deal_apart`), each within the candidates its ``match`` values name;
        a row no swap frees takes a candidate its group lacks (those the draw used most first), else is null."""
        from simulacra.generation.relations import match_key

        spec = self.spec_.tables[tm.name].columns[col]
        assert isinstance(spec, m.ForeignKeyColumn) and spec.match
        ptable = out[parent]
        p = ptable.height
        pkeys = match_key([ptable.get_column(c) for c in spec.match])
        ids = pl.concat([pkeys, match_key(theirs).cast(pl.String)]).rank("dense").fill_null(0).to_numpy()
        pg, cg = ids[:p].astype(np.int64), ids[p:].astype(np.int64)  # block ids (0: a null value, no candidate)
        meets = self._meets_where(spec, ptable)
        ok = (np.ones(p, dtype=bool) if meets is None else meets) & (pg > 0)
        s = stream.child(tm.name, col, "apart")
        used = np.bincount(drawn[drawn >= 0], minlength=p)
        prow = np.arange(p, dtype=np.int64)
        order = prow[ok][np.lexsort((s.child("spare").bits(prow[ok]), -used[ok], pg[ok]))]
        bounds = np.flatnonzero(np.diff(pg[order])) + 1
        spare = {int(pg[c[0]]): c.tolist() for c in np.split(order, bounds) if len(c)}
        return deal_apart(drawn, pidx, cg, s, rows, spare)

    def _learned_nulls(
        self,
        tm: _TableModel,
        col: str,
        idx: NDArray[np.int64],
        stream: Stream,
        rows: NDArray[np.int64],
        frame: pl.DataFrame,
    ) -> NDArray[np.int64]:
        """A matched key's learned share of nulls (a ticket without an asset), drawn per row (by its id); by
        the row's category when one decided them (``null_by``: no agent on a customer's message)."""
        share: float | NDArray[np.float64] = tm.secondary_null.get(col, 0.0)
        if not len(idx) or (not share and col not in tm.null_by):
            return idx
        if col in tm.null_by and tm.null_by[col][0] in frame.columns:
            by, shares = tm.null_by[col]
            values = frame.get_column(by).cast(pl.String).to_list()
            share = np.array([shares.get(str(v), float(share)) for v in values], dtype=np.float64)
        null = stream.child(tm.name, col, "match-null").uniform(rows) < share
        return np.where(null, -1, idx)

    def _parent_rows(self, table: str, fk: str, out: Mapping[str, pl.DataFrame]) -> pl.Series:
        """The row index, in the sampled parent, of each sampled ``table`` row's ``fk`` (-1 where none)."""
        link = self.plan_.tables[table].links[fk]
        keys = out[link.table].get_column(link.key)
        mine = out[table].get_column(fk)
        rows = pl.Series(np.arange(keys.len(), dtype=np.int64))
        return mine.cast(keys.dtype, strict=False).replace_strict(keys, rows, default=-1, return_dtype=pl.Int64)

    def _else_values(
        self,
        tp: Any,
        col: str,
        fk_rows: Mapping[str, NDArray[np.int64]],
        cols: Mapping[str, pl.Series],
        frame: pl.DataFrame,
        out: Mapping[str, pl.DataFrame],
    ) -> list[pl.Series] | None:
        """The values a key's ``match_else`` reads, in its ``match``'s column order (a plain column of the row,
        or a parent's through a key already drawn); None without one, or when one cannot be read yet."""
        spec = tp.spec.columns.get(col)
        alt = getattr(spec, "match_else", None) or {}
        if not alt or set(alt) != set(spec.match):
            return None
        got: list[pl.Series] = []
        for k in spec.match:
            r = alt[k]
            if "." in r and tp.aliases.get(r.split(".")[0]) in fk_rows:
                got.append(self._through_value(tp, r, fk_rows, out))
            elif r in cols or r in frame.columns:
                got.append(cols[r] if r in cols else frame.get_column(r))
            else:
                return None
        return got

    def _through_value(
        self, tp: Any, ref: str, fk_rows: Mapping[str, NDArray[np.int64]], out: Mapping[str, pl.DataFrame]
    ) -> pl.Series:
        """A dotted reference of a ``match`` (``department_id.office_id``) for the sampled rows: the first hop
        by the row's parent rows, each further hop by the parent's key value (learned tables hold no
        ``__idx__`` columns)."""
        from simulacra.generation.filler import gather_nullable

        parts = ref.split(".")
        fk = tp.aliases.get(parts[0], parts[0])
        idx = fk_rows[fk]
        cur = self.plan_.tables[tp.links[fk].table]
        for alias in parts[1:-1]:
            fk2 = cur.aliases[alias]
            link = cur.links[fk2]
            values = gather_nullable(out[cur.name].get_column(fk2), idx)
            idx = _parent_index(out[link.table], link.key, values)
            cur = self.plan_.tables[link.table]
        return gather_nullable(out[cur.name].get_column(parts[-1]), idx)

    def _keys_apart(self, tname: str) -> list[tuple[str, str]]:
        """Pairs of this table's keys a check keeps apart (``home_team_id <> away_team_id``); the second of each
        is moved, unless it is the context key (whose rows are the parent's children), then the first."""
        out = []
        for a, b in differing_keys([c.check for c in self.spec_.constraints if c.table == tname and c.check]):
            ctx = self.tables_[tname].context_fk
            out.append((b, a) if b == ctx else (a, b))
        return [(a, b) for a, b in out if b != self.tables_[tname].context_fk]

    def _schedule_keys(
        self, tname: str, fk_rows: Mapping[str, NDArray[np.int64]], frame: pl.DataFrame
    ) -> list[tuple[str, str]]:
        """The two keys of each ``once: [a, b]`` of this table made per its context parent with a round among the
        learned columns (``per: [context key, round]``), both drawn as keys into one table."""
        ctx = self.tables_[tname].context_fk
        tp = self.plan_.tables[tname]
        out: list[tuple[str, str]] = []
        for c in self.spec_.constraints:
            if c.table != tname or c.once is None or len(c.once) != 2 or ctx is None:
                continue
            a, b = c.once
            per = c.per or []
            if (
                a in fk_rows
                and b in fk_rows
                and a != ctx
                and b != ctx
                and tp.links[a].table == tp.links[b].table
                and ctx in per
                and all(r == ctx or r in frame.columns for r in per)
                and len(per) <= 2
                and (a, b) not in out
            ):
                out.append((a, b))
        return out

    def _schedule(
        self,
        tname: str,
        ka: str,
        kb: str,
        fk_rows: dict[str, NDArray[np.int64]],
        frame: pl.DataFrame,
        pidx: NDArray[np.int64],
        out: Mapping[str, pl.DataFrame],
        stream: Stream,
    ) -> pl.DataFrame:
        """``fk_rows[ka]``, ``fk_rows[kb]`` and the learned round columns made a schedule per context parent (see
        ``synth._schedule``): the ``once`` with the coarsest round decides the rounds; the others of the pair,
        and ``unique: [key, column]`` of either key, are groups it keeps too. Returns the frame with its rounds."""
        from simulacra.synth._schedule import Group, build_schedule

        ctx = self.tables_[tname].context_fk
        tp = self.plan_.tables[tname]
        n = frame.height
        parent = np.asarray(pidx, dtype=np.int64).copy()
        onces = [
            c for c in self.spec_.constraints if c.table == tname and c.once is not None and set(c.once) == {ka, kb}
        ]
        own = [c for c in onces if ctx in (c.per or []) and all(r == ctx or r in frame.columns for r in c.per or [])]
        # the coarsest round: the fewest distinct values per parent (a matchday before a date)
        rounds = [r for c in own for r in c.per or [] if r != ctx]
        primary = min(rounds, key=lambda r: (frame.get_column(r).n_unique(), r)) if rounds else None
        encoded: dict[str, tuple[NDArray[np.int64], bool, Any]] = {}

        def enc(col: str) -> tuple[NDArray[np.int64], bool]:
            if col not in encoded:
                encoded[col] = _encode_round(frame.get_column(col))
            values, shiftable, _ = encoded[col]
            return values, shiftable

        groups: list[Group] = []
        names: list[str] = []
        for c in onces:
            for r in c.per or []:
                if r == ctx or r == primary or r not in frame.columns or any(x not in (ctx, r) for x in c.per or []):
                    continue
                values, shiftable = enc(r)
                groups.append(Group(values, (0, 1), ctx in (c.per or []), shiftable))
                names.append(r)
        for c in self.spec_.constraints:  # a key once per date on its own (unique: [home_team_id, match_date])
            if c.table != tname or c.unique is None or len(c.unique) not in (2, 3):
                continue
            keys = [k for k in (ka, kb) if k in c.unique]
            rest = [x for x in c.unique if x not in (ka, kb, ctx)]
            if len(keys) != 1 or len(rest) != 1 or rest[0] not in frame.columns or rest[0] == primary:
                continue
            values, shiftable = enc(rest[0])
            groups.append(Group(values, (0,) if keys[0] == ka else (1,), ctx in c.unique, shiftable))
            names.append(rest[0])
        nulls = np.zeros(n, dtype=bool)
        for col in [*([primary] if primary else []), *names]:
            nulls |= frame.get_column(col).is_null().to_numpy()
        parent[nulls] = -1
        pvals, pint = enc(primary) if primary else (None, True)
        order_by = next((g.values for g, nm in zip(groups, names, strict=True) if frame.schema[nm] == pl.Date), None)
        pairs_once = ctx is not None and any(
            c.table == tname and c.unique is not None and sorted(c.unique) == sorted([ctx, ka, kb])
            for c in self.spec_.constraints
        )
        a, b, new_rounds, new_groups = build_schedule(
            parent,
            fk_rows[ka],
            fk_rows[kb],
            Group(pvals, (0, 1), True) if pvals is not None else None,
            groups,
            np.random.default_rng(stream.child(tname, "schedule", ka, kb).key),
            n_entities=out[tp.links[ka].table].height,
            pairs_once=pairs_once,
            round_integer=pint,
            order_by=order_by,
        )
        fk_rows[ka], fk_rows[kb] = a, b
        changed: dict[str, NDArray[np.int64]] = {}
        if primary and new_rounds is not None:
            changed[primary] = new_rounds
        for nm, values in zip(names, new_groups, strict=True):
            changed[nm] = values  # a date moved on one group moves on every group reading it: the last wins
        updates = []
        for col, values in changed.items():
            old = frame.get_column(col)
            new = encoded[col][2](values)
            updates.append(pl.when(old.is_null()).then(old).otherwise(new).alias(col))
        return frame.with_columns(updates) if updates else frame

    def _pairs_once(self, tname: str, fk_rows: Mapping[str, NDArray[np.int64]]) -> list[tuple[str, str]]:
        """The two keys of each ``unique: [context key, a, b]`` of this table, both drawn as keys (``fk_rows``)."""
        ctx = self.tables_[tname].context_fk
        out = []
        for c in self.spec_.constraints:
            if c.table != tname or not c.unique or len(c.unique) != 3 or ctx not in c.unique:
                continue
            a, b = (k for k in c.unique if k != ctx)
            if a in fk_rows and b in fk_rows and ctx in fk_rows:
                out.append((a, b))
        return out

    def _held_groups(
        self,
        tname: str,
        key: str,
        other: str,
        cols: Mapping[str, pl.Series],
        frame: pl.DataFrame,
        pidx: NDArray[np.int64],
    ) -> list[NDArray[np.int64]]:
        """Row groups of each other uniqueness holding ``key`` but not ``other`` (a team once per day): the
        dense ids of its other columns, the context parent's rows for the context key."""
        ctx = self.tables_[tname].context_fk
        out = []
        for c in self.spec_.constraints:
            if c.table != tname or not c.unique or key not in c.unique or other in c.unique:
                continue
            others = [o for o in c.unique if o != key]
            if others == [ctx]:
                out.append(np.asarray(pidx, dtype=np.int64))
                continue
            values = [cols[o] if o in cols else frame.get_column(o) for o in others if o in cols or o in frame]
            if len(values) == len(others) and values:
                ids = pl.DataFrame(values).select(pl.struct(pl.all()).rank("dense")).to_series().to_numpy()
                out.append(ids.astype(np.int64))
        return out

    def _apart_groups(
        self, tname: str, key: str, cols: Mapping[str, pl.Series], frame: pl.DataFrame
    ) -> NDArray[np.int64] | None:
        """Row groups a moved key stays within: the other columns of the first uniqueness that holds it."""
        for c in self.spec_.constraints:
            if c.table == tname and c.unique and key in c.unique:
                others = [o for o in c.unique if o != key]
                values = [cols[o] if o in cols else frame.get_column(o) for o in others if o in cols or o in frame]
                if len(values) == len(others) and values:
                    return pl.DataFrame(values).select(pl.struct(pl.all()).rank("dense")).to_series().to_numpy()
        return None

    def _secondary_refs(
        self,
        tm: _TableModel,
        col: str,
        parent: str,
        n: int,
        ctx: Mapping[str, NDArray[np.int32]],
        stream: Stream,
        group: NDArray[np.int64] | None = None,
        out: Mapping[str, pl.DataFrame] | None = None,
    ) -> NDArray[np.int64]:
        """Parent rows for a non-context foreign key: each parent's learned number of references, shuffled; with
        ``out`` (the tables made), only parents meeting the key's ``where``."""
        lt = tm.secondary[col]
        pctx = ctx[parent]
        prow = np.arange(len(pctx), dtype=np.int64) + _CHILD_BASE
        refs = lt.sample(prow, stream.child(tm.name, col), context=pctx)[0].get_column("__refs").to_numpy()
        refs = np.maximum(np.round(refs).astype(np.int64), 0)
        spec = self.spec_.tables[tm.name].columns.get(col)
        meets = self._meets_where(spec, out[parent]) if out is not None and parent in out else None
        if col in tm.ref_hist:  # the source's references per parent, in the order the model drew them
            ties = stream.child(tm.name, col, "shape").bits(prow)
            refs = to_source_shape(refs, tm.ref_hist[col], ties, meets)
        if meets is not None:  # only the parents the key's 'where' names (a surgeon, not a physician)
            refs = np.where(meets, refs, 0)
            if not refs.sum():  # none of them given a reference by the model: evenly among them
                refs = meets.astype(np.int64)
        slots = np.repeat(np.arange(len(pctx), dtype=np.int64), refs)
        s = stream.child(tm.name, col, "assign")
        # more rows than learned references: draw the rest by the same shares (evenly where the model gave none;
        # none at all where no parent meets the key's 'where')
        if len(slots) < n and (len(slots) or meets is None):
            extra_rows = np.arange(n - len(slots), dtype=np.int64)
            weights = refs.astype(np.float64) + (1e-9 if meets is None else 1e-9 * meets)
            cum = np.cumsum(weights / weights.sum())
            slots = np.concatenate([slots, s.child("extra").choice(extra_rows, cum)])
        order = np.argsort(s.bits(np.arange(len(slots), dtype=np.int64)), kind="stable")
        assigned = slots[order][:n]
        if len(assigned) < n:  # no parent meets the key's 'where': null
            assigned = np.concatenate([assigned, np.full(n - len(assigned), -1, dtype=np.int64)])
        null_share = tm.secondary_null.get(col, 0.0)
        if null_share > 0:
            null = s.child("null").uniform(np.arange(n, dtype=np.int64)) < null_share
            assigned = np.where(null, -1, assigned)
        if group is not None and getattr(spec, "distinct", False) and len(assigned):
            # no parent twice within a group (one driver once per race): the drawn parents dealt apart, the
            # most referenced parents a group lacks given to a row no swap frees
            ok = np.ones(len(refs), dtype=bool) if meets is None else meets
            spare = np.lexsort((np.arange(len(refs)), -refs))
            assigned = deal_apart(
                assigned,
                group,
                np.zeros(n, dtype=np.int64),
                s.child("apart"),
                np.arange(n, dtype=np.int64),
                {0: spare[ok[spare]].tolist()},
            )
        return assigned

    def _source_group_shapes(
        self, tp: Any, col: str, parent: pl.DataFrame, refs: NDArray[np.int64]
    ) -> list[list[int]] | None:
        """The source's shapes of a matched key's references per group of candidates (``refs``: each ``parent``
        row's), for :meth:`_slot_pick`; None for a key without ``match`` or whose match columns the parent lacks."""
        from simulacra.generation.relations import match_key

        spec = tp.spec.columns.get(col)
        match = getattr(spec, "match", None)
        if not match or any(c not in parent.columns for c in match) or not parent.height:
            return None
        keys = match_key([parent.get_column(c) for c in match])
        groups = keys.rank("dense").fill_null(0).to_numpy().astype(np.int64)
        meets = self._meets_where(spec, parent)
        ok = np.ones(parent.height, dtype=bool) if meets is None else meets
        return group_shapes(refs, groups, ok)

    @staticmethod
    def _meets_where(spec: Any, parent: pl.DataFrame) -> NDArray[np.bool_] | None:
        """Which rows of ``parent`` meet the foreign key ``spec``'s ``where``; None without one."""
        where = getattr(spec, "where", None)
        if not where:
            return None
        from simulacra.spec.refs import expression_for, root_names

        view = parent.select([c for c in root_names(where) if c in parent.columns])
        return view.select(expression_for(where, view.schema).fill_null(False)).to_series().to_numpy().astype(bool)

    # ================================================================== persistence
    def manifest(self) -> dict[str, Any]:
        from simulacra.synth.tabular import privacy_note

        tables = self._fitted()
        # how booleans read as 0/1 or 'y'/'n' are written back (only when the source had any: bytes unchanged)
        forms = getattr(self, "boolean_forms_", None)
        extra: dict[str, Any] = {"boolean_forms": forms} if forms else {}
        return run_manifest(  # the run key set (a model has no start time: its bytes depend on data, params, seed)
            method=self.method,
            seed=self.seed,
            started=None,
            rows={t: tm.n_rows for t, tm in tables.items()},
            synthesizer="dataset",
            params={
                "method": self.method,
                "min_samples_leaf": self.min_samples_leaf,
                "min_count": self.min_count,
                "n_bins": self.n_bins,
                "reject_copies": self.reject_copies,
                "first": self.first,
                "reference": self.reference,
                **({"order": self.order} if self.order != "data" else {}),
            },
            source=self.source_,
            spec=self.spec_.model_dump(mode="json", by_alias=True, exclude_defaults=True),
            tables={t: _table_json(tm) for t, tm in tables.items()},
            privacy={
                t: privacy_note(tm.learned)
                | ({"copied_as_reference": "a lookup table copied whole, keys and values"} if tm.reference else {})
                for t, tm in tables.items()
            },
            not_learned={t: [c for c in self.spec_.tables[t].columns if c not in tm.kinds] for t, tm in tables.items()},
            notes=self.notes_,
            versions=_versions(),
            **extra,
        )

    def save(self, path: str | Path, *, overwrite: bool = False) -> Path:
        tables = self._fitted()
        arrays: dict[str, NDArray[np.generic]] = {}
        for t, tm in tables.items():
            arrays.update(tm.learned.arrays(f"{t}/rows"))
            if tm.count is not None:
                arrays.update(tm.count.arrays(f"{t}/count"))
            for col, lt in tm.secondary.items():
                arrays.update(lt.arrays(f"{t}/refs/{col}"))
        return write_model(path, self.manifest(), arrays, overwrite=overwrite)

    @classmethod
    @guarded_load
    def load(cls, path: str | Path) -> DatasetSynthesizer:
        manifest, arrays = read_model(path)
        if manifest.get("synthesizer") != "dataset":
            raise ModelError(f"{path} holds a {manifest.get('synthesizer')!r} model, not a dataset one")
        p = manifest["params"]
        obj = cls(
            method=p["method"],
            min_samples_leaf=p["min_samples_leaf"],
            min_count=p["min_count"],
            n_bins=p["n_bins"],
            reject_copies=p["reject_copies"],
            first=p["first"],
            reference=p.get("reference"),
            seed=manifest["seed"],
            order=p.get("order", "data"),
        )
        try:
            spec = m.DatasetSpec.model_validate(manifest["spec"])
        except Exception as exc:
            raise ModelError(f"the model's spec does not validate: {exc}") from exc
        obj.plan_ = _make_plan(spec)
        obj.spec_ = spec
        obj.source_ = dict(manifest.get("source") or {})
        obj.notes_ = list(manifest.get("notes") or [])
        obj.boolean_forms_ = {t: dict(f) for t, f in (manifest.get("boolean_forms") or {}).items()}
        obj.tables_ = {}
        for t, data in manifest["tables"].items():
            obj.tables_[t] = _table_from_json(obj, t, data, arrays)
        absent = [t for t, tm in obj.tables_.items() if tm.learned.guard_absent]
        if absent:
            obj.notes_.append(
                f"copy guard absent ({', '.join(absent)}): the model was saved with copy_guard.npz, which is not "
                "beside it, so sampled rows may equal rare training rows"
            )
        return obj


# ====================================================================== helpers
def _fresh(tp: TablePlan, column: str, learned: set[str]) -> bool:
    """A rule-made column its own generator can make again for a row (a pattern, uuid, sequence, email...): not
    learned, not a key into another table, an aggregate or a running sum, and read by no other column (a value
    made again would leave its readers stale)."""
    spec = tp.spec.columns.get(column)
    if column in learned or isinstance(spec, (m.ForeignKeyColumn, m.AggregateColumn, m.RunningSumColumn)):
        return False
    return spec is not None and tp.derived_from({column}) == {column}


def _attempts(cond: Condition | None) -> int:
    return cond.attempts if cond is not None else 100


@contextlib.contextmanager
def _naming(cond: Condition | None, n: int) -> Iterator[None]:
    """Redraws that ran out while rows still failed ``cond``: the error names the table and the condition."""
    try:
        yield
    except ConstraintError as exc:
        if cond is None or not cond.failing:
            raise
        raise unsatisfiable(
            f"condition {cond.predicate!r}: {cond.failing} of {n} sampled rows still fail it after {cond.attempts} redraws "
            "each from the model, given their parent rows (impossible, or too rare for these parents)",
            table=cond.table,
        ) from exc


def draw_chunk(
    model: str, seed: int, table: str, rows: NDArray[np.int64], context: NDArray[np.int32] | None
) -> tuple[bytes, NDArray[np.int32]]:
    """A Dask task of ``DatasetSynthesizer.sample(draw=...)``: the learned rows ``rows`` of ``table`` (with their
    parents' ``context`` rows for a child) from the model folder ``model``, as Arrow IPC bytes and codes."""
    import io

    synth = DatasetSynthesizer.load(model)
    tm = synth._fitted()[table]
    frame, codes, _ = tm.learned.sample(rows, root_stream(seed), context=context, accept=synth._accept(table))
    buf = io.BytesIO()
    frame.write_ipc(buf)
    return buf.getvalue(), codes


def sample_chunk_ipc(model: str, seed: int, start: int, stop: int) -> bytes:
    """Rows ``start..stop-1`` of a one-table model's sample, loaded from its folder, as Arrow IPC bytes
    (a Dask task of ``simulacra sample --engine dask``: plain bytes travel back, no pickled objects)."""
    import io

    frame = DatasetSynthesizer.load(model).sample_chunk(start, stop, seed=seed)
    buf = io.BytesIO()
    frame.write_ipc(buf)
    return buf.getvalue()


def _make_plan(spec: m.DatasetSpec) -> Plan:
    from simulacra.spec.plan import make_plan

    return make_plan(spec)


def _frame_json(frame: pl.DataFrame) -> dict[str, Any]:
    cols = {
        c: (frame.get_column(c).cast(pl.String) if frame.schema[c].is_temporal() else frame.get_column(c)).to_list()
        for c in frame.columns
    }
    return {"columns": cols, "dtypes": {c: str(d) for c, d in frame.schema.items()}}


def _frame_from_json(data: Mapping[str, Any]) -> pl.DataFrame:
    from simulacra.synth._encoding import polars_dtype

    out = []
    for c, values in data["columns"].items():
        dtype = polars_dtype(data["dtypes"][c])
        s = pl.Series(c, values)
        out.append(
            s.str.to_date()
            if dtype == pl.Date and s.dtype == pl.String
            else s.str.to_datetime(time_unit="us").cast(dtype)
            if isinstance(dtype, pl.Datetime) and s.dtype == pl.String
            else s.cast(dtype, strict=False)
        )
    return pl.DataFrame(out)


def _null_cases_apart(spec: m.TableSpec, kinds: Mapping[str, Kind]) -> list[tuple[str, str]]:
    """Null-where ``case`` columns (``_learned_kinds.null_case``) whose conditions read a column fit does not
    learn (a key, a rule's column): the draw could not keep the rule, so its rule makes the column."""
    from simulacra.spec.refs import root_names

    out = []
    for c in kinds:
        case = null_case(spec.columns[c])
        if case is None:
            continue
        apart = sorted({n for when in case[1] for n in root_names(when)} - set(kinds))
        if apart:
            out.append((c, f"null where {', '.join(apart)} says so, which is not learned: made by its case rule"))
    return out


def _numbers_drafted_as_categories(
    spec: m.TableSpec, frame: pl.DataFrame, kinds: Mapping[str, Kind]
) -> list[tuple[str, str]]:
    """Categorical spec columns over numbers whose real values are far more varied than the drafted
    categories (inspect's "dominant value + bin means" of a mostly-zero amount, ``pdays`` = -1 in 82%
    of rows): learned as numbers from the real values, with the dominant value kept as a spike."""
    out = []
    for c, kind in kinds.items():
        case = null_case(spec.columns[c])
        col = spec.columns[c] if case is None else case[0]
        if kind != "categorical" or not isinstance(col, m.CategoricalColumn) or not frame.schema[c].is_numeric():
            continue
        values = list(col.values)
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            continue
        distinct = frame.get_column(c).drop_nulls().n_unique()
        if distinct > max(20, 2 * len(values)):
            out.append((c, f"{distinct:,} distinct numbers drafted as {len(values)} categories: learned as a number"))
    return out


def _context_fk(
    plan: Plan, tname: str, links: Mapping[str, Any], frame: pl.DataFrame, kept: Mapping[str, pl.DataFrame]
) -> str | None:
    """The FK a table's rows are drawn per: the spec's ``per`` parent when it names one (a reviewed
    spec is obeyed); else, among the keys that give the most rows a parent (a nullable key — a ticket's
    optional asset — would leave its null rows out of learning), the parent whose number of children
    varies most (a bank's disposition rows follow their account — one owner, maybe a disponent — not
    their client, who always has exactly one), then the most specific parent."""
    if not links:
        return None
    if len(links) == 1:
        return next(iter(links))
    per = [c for c, lk in links.items() if lk.primary]
    if per:
        return per[0]
    depth = {t: i for i, t in enumerate(plan.tables)}

    def measure(col: str) -> tuple[float, float]:
        link = links[col]
        idx = _link_index(kept[link.table], link.key, frame, col, _matched(plan.tables[tname], col))
        counts = np.bincount(idx[idx >= 0], minlength=kept[link.table].height)
        p = np.bincount(counts) / max(len(counts), 1)
        p = p[p > 0]
        covered = float((idx >= 0).mean()) if len(idx) else 1.0
        return round(covered, 6), round(float(-(p * np.log(p)).sum()), 6)

    measured = {c: measure(c) for c in links}
    return max(links, key=lambda c: (*measured[c], links[c].primary, depth[links[c].table], -list(links).index(c)))


def _keys_in_order(
    tp: Any, matched: Mapping[str, Mapping[str, str]], through: Mapping[str, Mapping[str, str]], context: str | None
) -> list[str]:
    """The foreign keys of a table in the order they are drawn: the context key and the keys drawn on their own
    first (in column order), then each key with ``match`` once the keys it reads are drawn: a grade's school,
    the school of its pupil (``match: {school_id: pupil_id.school_id}``), after the pupil, itself one of the
    exam's school (before, a key reading a later one was drawn on its own: 82% of sampled grades had another
    school than their pupil's). A cycle keeps column order."""
    rules = {c for c in tp.links if (matched[c] or through[c]) and c != context}
    order = [c for c in tp.links if c not in rules]
    rest = [c for c in tp.links if c in rules]

    def reads(c: str) -> set[str]:
        alt = getattr(tp.spec.columns.get(c), "match_else", None) or {}  # (the away team's, read too)
        refs = [*through[c].values(), *(r for r in alt.values() if "." in r)]
        hops = {tp.aliases.get(r.split(".")[0], r.split(".")[0]) for r in refs}
        return (hops | set(matched[c].values()) | {r for r in alt.values() if "." not in r}) & set(rest)

    while rest:
        ready = [c for c in rest if not reads(c) - {c}]
        if not ready:  # a cycle: column order
            return order + rest
        order += ready
        rest = [c for c in rest if c not in ready]
    return order


def _matched(tp: Any, col: str) -> dict[str, str]:
    """A foreign key's ``match`` (parent column -> column of this row) when every value is a plain column
    of the row: with the referenced column they name one parent row (a composite key: the chosen
    enrolment row holds this grade's student and course)."""
    spec = tp.spec.columns.get(col)
    match = getattr(spec, "match", None) or {}
    if not match or any("." in v or v not in tp.spec.columns for v in match.values()):
        return {}
    return dict(match)


def _with_candidate(frame: pl.DataFrame, parent: pl.DataFrame, match: Mapping[str, str]) -> NDArray[np.bool_] | None:
    """Which rows' ``match`` values (parent column -> column of this row) some parent row holds together: the
    rows a matched key can point at. None without a plain match (every row may have one). Before, the key's
    null share was learned over every row and drawn again among the rows with a candidate: the airline's
    ledger, null exactly for the 10% of passengers with no booking, had 21% nulls sampled (issue 13)."""
    if not match or any(c not in parent.columns or v not in frame.columns for c, v in match.items()):
        return None
    cols = list(match)
    held = parent.select(cols).unique().with_columns(pl.lit(True).alias("__held"))
    mine = frame.select([pl.col(match[c]).cast(parent.schema[c], strict=False).alias(c) for c in cols]).with_row_index(
        "__row"
    )
    found = mine.join(held, on=cols, how="left").sort("__row").get_column("__held").fill_null(False)
    return found.to_numpy().astype(bool)


def _through(tp: Any, col: str) -> dict[str, str]:
    """A foreign key's ``match`` when it reads through another key (``{office_id: department_id.office_id}``:
    the employee's office is their department's), every value dotted; ``{}`` otherwise."""
    spec = tp.spec.columns.get(col)
    match = getattr(spec, "match", None) or {}
    if not match or not all("." in v and v.split(".")[0] in tp.aliases for v in match.values()):
        return {}
    return dict(match)


def _link_index(
    parent: pl.DataFrame, key: str, child: pl.DataFrame, col: str, match: Mapping[str, str]
) -> NDArray[np.int64]:
    """Row of ``parent`` each child row refers to through ``col`` (and the ``match`` columns); -1 for none."""
    if not match:
        return _parent_index(parent, key, child.get_column(col))
    pcols = [key, *match]
    ccols = [col, *match.values()]
    lookup = (
        parent.select([pl.col(c).alias(f"__k{i}") for i, c in enumerate(pcols)])
        .with_columns(pl.Series("__i", np.arange(parent.height, dtype=np.int64)))
        .unique(subset=[f"__k{i}" for i in range(len(pcols))], keep="first", maintain_order=True)
    )
    probe = child.select(
        [
            pl.col(c).cast(parent.schema[p], strict=False).alias(f"__k{i}")
            for i, (c, p) in enumerate(zip(ccols, pcols, strict=True))
        ]
    )
    joined = probe.join(lookup, on=[f"__k{i}" for i in range(len(pcols))], how="left", maintain_order="left")
    return joined.get_column("__i").fill_null(-1).to_numpy().astype(np.int64)


def _link_index_through(
    plan: Plan, tp: TablePlan, col: str, child: pl.DataFrame, frames: Mapping[str, pl.DataFrame]
) -> NDArray[np.int64]:
    """Row of the parent each source ``child`` row refers to through ``col`` where the referenced column is not
    unique (a result's rider among the entries): the parent row also holding the values ``match`` reads through
    the row's other keys (``stage_id.tour_id``); -1 for none."""
    from simulacra.generation.filler import gather_nullable

    link = tp.links[col]
    match = _through(tp, col)
    probe = child.select(col)
    for i, ref in enumerate(match.values()):
        parts = ref.split(".")
        fk = tp.aliases.get(parts[0], parts[0])
        at = _parent_index(frames[tp.links[fk].table], tp.links[fk].key, child.get_column(fk))
        cur = plan.tables[tp.links[fk].table]
        for alias in parts[1:-1]:  # each further hop by the parent's key value (as ``_through_value``)
            up = cur.links[cur.aliases[alias]]
            at = _parent_index(frames[up.table], up.key, gather_nullable(frames[cur.name].get_column(up.column), at))
            cur = plan.tables[up.table]
        values = gather_nullable(frames[cur.name].get_column(parts[-1]), at)
        probe = probe.with_columns(values.alias(f"__through{i}"))
    return _link_index(frames[link.table], link.key, probe, col, {p: f"__through{i}" for i, p in enumerate(match)})


def _parent_index(parent: pl.DataFrame, key: str, values: pl.Series) -> NDArray[np.int64]:
    """Row of ``parent`` each value refers to; -1 for nulls and values with no parent row."""
    keys = parent.get_column(key)
    lookup = pl.DataFrame({"__k": keys, "__i": pl.Series(np.arange(parent.height, dtype=np.int64))})
    probe = pl.DataFrame({"__k": values.cast(keys.dtype, strict=False)})
    joined = probe.join(lookup, on="__k", how="left", maintain_order="left")
    return joined.get_column("__i").fill_null(-1).to_numpy().astype(np.int64)


#: a drawn sum further from its target than this share of the target (the one-child nudges would move every
#: family by about as much of itself) takes ``_REDRAWS`` more draws of the count model, parents swapped to one
#: of them (``_swapped_toward``; issue 13, learn89): nudging 600 rows onto 400 parents of one to three children
#: (a draw with three of the source's six parents of 200) made counts of 4..9 the source never had. A table of
#: many parents and no very large families is seldom that far: its draws stay as they were
_NUDGED_SHARE = 0.05
_REDRAWS = 8

#: unconditioned child tables stay within this share of their real size times the scale (issue 13: sizes
#: within 2% at scale 1 whatever the seed); the parents drawn decide where inside the band
_SIZE_BAND = 0.015


def _capacity_skip(plan: Plan, parent: str) -> set[str]:
    """The parent's columns that are never a capacity: its keys (a key's size is not a capacity) and its
    aggregates (a count of the children is the count itself)."""
    tp = plan.tables[parent]
    pk = tp.spec.primary_key
    skip = set([pk] if isinstance(pk, str) else list(pk or []))
    skip.update(tp.links)
    skip.update(c for c, spec in tp.spec.columns.items() if isinstance(spec, m.AggregateColumn))
    return skip


def _count_side(
    grand: Mapping[str, tuple[NDArray[np.int32], NDArray[np.int64]]], counts: NDArray[np.int64]
) -> dict[str, list[int]]:
    """The other parents' category columns that explain the children per parent row (``choose_side_columns``
    with the count as the one child column); a column left -1 (not a category) never scores."""
    return choose_side_columns(counts.astype(np.int32)[:, None], grand)


def _nudges_allowed(target: int) -> int:
    """How far a drawn sum may be from ``target`` and still be matched by one-child nudges (``_match_total``):
    ``_NUDGED_SHARE`` of it (at least one row)."""
    return max(1, int(_NUDGED_SHARE * target))


def _swapped_toward(counts: NDArray[np.int64], alts: NDArray[np.int64], target: int, s: Stream) -> NDArray[np.int64]:
    """``counts`` brought toward summing to ``target`` by giving parents one of their other draws (``alts``: a row
    per draw, a column per parent), the largest moves first: each parent may take its draw furthest the way the
    sum must move, where that moves it by more than the mean family (a smaller move is the nudges' work); those
    moving most are taken first (ties in an order drawn from ``s``), each while it brings the sum nearer the
    target, until the sum is within ``_nudges_allowed`` of it (the one-child nudges after match the rest). The
    total of a few parents with very many children moves with how many of them were drawn, so conditioning on it
    moves those first, as a tilt of every parent's law toward the total would: the small families keep the
    model's shares and every count is one the model drew for that parent (issue 13, learn89)."""
    gap = target - int(counts.sum())
    allowed = _nudges_allowed(target)
    if abs(gap) <= allowed or not len(alts):
        return counts
    sign = 1 if gap > 0 else -1
    d = (alts - counts[None, :]) * sign  # each draw's move, positive: toward the target
    pick = d.argmax(axis=0)
    move = d[pick, np.arange(len(counts))]
    order = np.lexsort((s.uniform(np.arange(len(counts), dtype=np.int64)), -move))
    out = counts.copy()
    left = abs(gap)
    # a move no larger than a family on average is what the nudges spread anyway (mostly onto the large families);
    # a larger one is a family of another size altogether: one more, or one fewer, very large family
    least = float(counts[counts > 0].mean()) if counts.any() else 0.0
    for v in np.unique(move[move > least])[::-1]:
        if left <= allowed:
            break
        at = order[move[order] == v]
        take = min(len(at), int(left // v) + (1 if left % v * 2 > v else 0))  # the last may pass, if nearer
        if take:
            chosen = at[:take]
            out[chosen] = alts[pick[chosen], chosen]
            left -= take * int(v)
    return out if left != abs(gap) else counts  # (``counts`` itself where no parent took another draw)


def _mean_total(count: LearnedTable, pctx: NDArray[np.int32], s: Stream) -> float:
    """Mean over several draws of the children per parent row summed over all parent rows."""
    n_parent = len(pctx)
    prow = np.arange(n_parent, dtype=np.int64)
    totals = []
    for k in range(max(4, min(_TOTAL_DRAWS, 4_000_000 // max(n_parent, 1)))):
        frame, _, _ = count.sample(prow + k * _CHILD_BASE, s.child(k), context=pctx)
        totals.append(float(np.maximum(np.round(frame.get_column("__count").to_numpy()), 0).sum()))
    return float(np.mean(totals)) if totals else 0.0


def _counts_by_value(rows: object, parent: str | None) -> bool:
    """Whether ``rows`` (of a child drawn per ``parent``) sets a count per value of the parent's ``by`` column: a
    reviewed contract ``sample`` keeps with or without a total (issue 13, learn60)."""
    return isinstance(rows, m.RowsPerParent) and rows.per == parent and rows.by is not None and bool(rows.counts)


def _one_where_none(counts: NDArray[np.int64], target: int, s: Stream) -> NDArray[np.int64]:
    """``counts`` where any parent has a child; where every parent drew none but the table's size at the scale is
    at least one row (``_scaled_rows``: a table the spec fills is never scaled to none), one parent picked by
    ``s`` gets one child. A small sample had a parent or two, each drawn childless, and the child table (with every
    table below it) came out empty."""
    if target < 1 or counts.any() or not len(counts):
        return counts
    out = counts.copy()
    out[int(s.integers(np.zeros(1, dtype=np.int64), 0, len(counts))[0])] = 1
    return out


def _match_total(counts: NDArray[np.int64], target: int, s: Stream, power: int = 1) -> NDArray[np.int64]:
    """Children per parent nudged by one here and there until they sum to ``target``: parents are
    picked in proportion to their drawn counts, so parents without children keep none. Counts stay within
    the drawn ones (the least count of a parent with children .. the largest): one meter or two per
    customer never becomes none or three, and a count every parent with children shares (12 readings a
    meter, one bill a reading) is kept as drawn — one more or less would be a count the source never has.
    ``power`` 2 (after very large families were swapped toward the total, ``_swapped_toward``) weights a parent
    by its count squared, so the rest lands on those families rather than on the small ones around them."""
    if not counts.any():
        return counts.copy()
    some = counts > 0  # a parent without children is bound to none: no room either way
    lo = np.where(some, counts[some].min(), 0)
    hi = np.where(some, counts.max(), 0)
    return toward_total(counts, target, lo, hi, s, 40, power)


def _positions(pidx: NDArray[np.int64]) -> NDArray[np.int64]:
    """Index of each child among its siblings (children grouped by parent)."""
    if len(pidx) == 0:
        return np.zeros(0, np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(pidx)) + 1]
    first = np.zeros(len(pidx), np.int64)
    first[starts] = starts
    first = np.maximum.accumulate(first)
    return np.arange(len(pidx)) - first


def _stagger(counts: NDArray[np.int64], n_runs: int, chunk_rows: int | None) -> int:
    """Steps between the ends of consecutive runs of a sequence child drawn together (see
    ``DatasetSynthesizer._sequence_runs``): the fewest that keep the rows drawn ahead of the run being
    finished at ``_AHEAD`` of a run on average, of a run of at least ``_AHEAD_RUN`` rows (smaller runs
    would draw ahead so little that they take nearly as many draws as drawn one by one, while what a run
    holds is small beside the rest of a sample's memory). Run ``j + i`` has then drawn the rows more than
    ``i * stagger`` places from their family's end: ``ahead(x) = sum(max(0, family - x))`` over its families,
    about ``ahead`` over the whole table divided by the number of runs. Drawn whole (one run), 1."""
    if chunk_rows is None or n_runs <= 1 or not len(counts):
        return 1
    longest = int(counts.max())
    if longest <= 1:
        return 1
    per = np.bincount(counts, minlength=longest + 1).astype(np.float64)  # families of each length
    more = per[::-1].cumsum()[::-1]  # families of length >= x
    rows = (per * np.arange(longest + 1))[::-1].cumsum()[::-1]  # their rows
    x = np.arange(longest + 1)
    tail = np.zeros(longest + 2)
    tail[:-2] = rows[1:] - x[:-1] * more[1:]  # rows more than x places from their family's end
    budget = _AHEAD * max(chunk_rows, _AHEAD_RUN) * n_runs

    def ahead(step: int) -> float:
        return float(tail[step : longest + 1 : step].sum())

    lo, hi = 1, longest  # ahead(longest) == 0
    while lo < hi:
        mid = (lo + hi) // 2
        if ahead(mid) <= budget:
            hi = mid
        else:
            lo = mid + 1
    return lo


@dataclass
class _SequenceRun:
    """A run of parents of a sequence child while its rows are drawn (see ``DatasetSynthesizer._sequence_runs``)."""

    first: int  # the row id of its first row
    pidx: NDArray[np.int64]  # each row's parent
    position: NDArray[np.int64]  # each row's place in its family
    by_end: NDArray[np.int64]  # rows sorted by their distance from their family's end (ties: row order)
    ends: NDArray[np.int64]  # sorted distances from the family's end, beside by_end
    codes: NDArray[np.int32]
    parts: list[tuple[NDArray[np.int64], pl.DataFrame]] = field(default_factory=list)
    fixed: dict[str, NDArray[np.int32]] = field(default_factory=dict)  # a state machine's codes per row

    @classmethod
    def start(cls, bound: tuple[int, int], counts: NDArray[np.int64], first: int, width: int) -> _SequenceRun:
        a, b = bound
        pidx = np.repeat(np.arange(a, b, dtype=np.int64), counts[a:b])
        position = _positions(pidx)
        to_end = counts[pidx] - position  # 1 for a family's last row
        by_end = np.argsort(to_end, kind="stable")
        return cls(first, pidx, position, by_end, to_end[by_end], np.zeros((len(pidx), width), np.int32))

    def at(self, to_end: int) -> NDArray[np.int64]:
        """The rows ``to_end`` places from their family's end, in row order."""
        lo, hi = np.searchsorted(self.ends, [to_end, to_end + 1])
        return self.by_end[lo:hi]

    def context(
        self,
        sel: NDArray[np.int64],
        pctx: NDArray[np.int32],
        counts: NDArray[np.int64],
        *,
        lagged: bool = True,
        stretch: float = 1.0,
    ) -> NDArray[np.int32]:
        """The rows' parent context and place among their siblings, then (``lagged``) the codes of the
        sibling before each (-1 for the first)."""
        pidx = self.pidx[sel]
        parts = [pctx[pidx], _position_features(self.position[sel], counts[pidx], stretch)]
        if lagged:
            prev = np.full((len(sel), self.codes.shape[1]), -1, np.int32)
            later = self.position[sel] > 0
            prev[later] = self.codes[sel[later] - 1]
            parts.append(prev)
        return np.concatenate(parts, axis=1)

    def put(self, sel: NDArray[np.int64], frame: pl.DataFrame | None, codes: NDArray[np.int32]) -> None:
        """The rows ``sel`` drawn: their codes, and their values (None: decoded from the codes when whole)."""
        self.codes[sel] = codes
        if frame is not None:
            self.parts.append((sel, frame))
            if len(self.parts) >= _PARTS:  # copied into one frame: a slice keeps the step's whole frame alive
                sels, frames = zip(*self.parts, strict=True)
                self.parts = [(np.concatenate(sels), pl.concat(frames, rechunk=True))]

    def frame(self, table: LearnedTable, stream: Stream) -> pl.DataFrame:
        """The run's rows in row order."""
        if not self.parts:  # codes only (or no rows): each row's values are a function of its codes and id
            return table.decode(self.codes, self.first + np.arange(len(self.codes), dtype=np.int64), stream)
        order = np.argsort(np.concatenate([s for s, _ in self.parts]), kind="stable")
        return pl.concat([f for _, f in self.parts])[order]


def _position_features(
    position: NDArray[np.int64], siblings: NDArray[np.int64], stretch: float = 1.0
) -> NDArray[np.int32]:
    """A child's place among its siblings and their number, as the model learned them. Families ``stretch``
    times the real ones' size (the children of a copied lookup table sampled at ``scale``: its rows stay, their
    children multiply) are read as the real family they stretch: ``n`` siblings as ``n / stretch`` and place
    ``p`` as ``p / stretch`` (the first stays first). Read as they are, places and counts past the source's
    fall in the trees' edge leaves, a few real rows' (issue 13: a planted child's share at 0 drew 0.13 at
    scale 3 against the source's 0.33), and the rows drawn follow those rows, not the table."""
    if stretch > 0 and stretch != 1.0:
        siblings = np.maximum(np.round(siblings / stretch), 1).astype(np.int64)
        placed = np.minimum(np.maximum(np.floor(position / stretch).astype(np.int64), 1), siblings - 1)
        position = np.where(position > 0, placed, 0)  # the first stays first: a sequence's gap to its parent
    return np.stack([np.minimum(position, _MAX_POSITION), np.minimum(siblings, 4 * _MAX_POSITION)], axis=1).astype(
        np.int32
    )


def _lagged(codes: NDArray[np.int32], position: NDArray[np.int64]) -> NDArray[np.int32]:
    lag = np.full_like(codes, -1)
    if len(codes) > 1:
        lag[1:] = codes[:-1]
    lag[position == 0] = -1
    return lag


def _own_width(self: DatasetSynthesizer, table: str) -> int:
    tm = self.tables_[table]
    return (
        len(tm.learned.columns) + (1 if tm.sequence_column is not None else 0) + (1 if tm.reference is not None else 0)
    )


def _date_bin(x: NDArray[np.float64], edges: Sequence[float]) -> NDArray[np.int32]:
    """A sequence date's quantile bin (-1 when null), one column."""
    b = np.searchsorted(np.asarray(edges, dtype=np.float64), x, side="right").astype(np.int32)
    return np.where(np.isnan(x), -1, b).astype(np.int32)[:, None]


def _sequence_column(spec: m.TableSpec, kinds: Mapping[str, Kind], counts: NDArray[np.int64]) -> str | None:
    dates = [c for c, k in kinds.items() if k in ("date", "datetime")]
    used = counts[counts > 0]
    if not dates or not len(used) or used.mean() < _SEQUENCE_MIN_SIBLINGS:
        return None
    return dates[0]


def _anchor_column(parent_spec: m.TableSpec) -> str | None:
    for c, s in parent_spec.columns.items():
        if isinstance(s, m.DateColumn):
            return c
    return None


def _gaps(
    frame: pl.DataFrame,
    seq: str,
    kind: Kind,
    pidx: NDArray[np.int64],
    position: NDArray[np.int64],
    parent: pl.DataFrame,
    parent_spec: m.TableSpec,
) -> tuple[pl.DataFrame, str | None, float, tuple[list[list[float]] | None, list[int] | None]]:
    """Replace the order column by the gap to the previous sibling (the first: to the parent's date); a
    date or date-time whose source leaves hours of the day or weekdays empty is measured on its clock (the
    fourth value: hours, weekdays)."""
    x = to_float(frame.get_column(seq), kind)
    clock = (
        times_of_day(x, datetime_step(x)) if kind == "datetime" else None,
        held_weekdays(x, day_unit(kind)),
    )
    anchor = _anchor_column(parent_spec)
    if anchor is not None and anchor in parent.columns and not parent.schema[anchor].is_temporal():
        anchor = None  # a date the parent holds as text no format reads whole (see _date_keys): no anchor
    if anchor is not None and anchor in parent.columns:
        base = _parent_date(parent.get_column(anchor), kind)[pidx]
        anchor_value = 0.0
    else:
        anchor_value = float(np.nanmin(x)) if len(x) else 0.0
        base = np.full(len(x), anchor_value)
    x, base = _on_clock(x, kind, *clock), _on_clock(base, kind, *clock)
    # from the sibling dated last before it (a row with no date between them is skipped; without nulls, the
    # row before), else from the parent's date
    prev = (
        pl.DataFrame({"g": pidx, "x": x})
        .select(pl.col("x").fill_nan(None).shift(1).forward_fill().over("g"))
        .to_series()
    )
    prev_x = prev.fill_null(np.nan).to_numpy()
    gap = pl.Series(seq, np.where(np.isnan(prev_x), x - base, x - prev_x)).fill_nan(None)
    if kind == "date":
        gap = gap.round(0).cast(pl.Int64)
    return frame.with_columns(gap), anchor, anchor_value, clock


def _event_order(x: NDArray[np.float64], pidx: NDArray[np.int64]) -> NDArray[np.int64]:
    """An event table's rows in the order it is learned in: by parent, each parent's dated rows in date order
    (ties in row order); a row with no date (NaN) keeps its place among its parent's rows, so the nulls are
    learned where they fall, not as the parent's last events (a sample then drew one null and nulls after it:
    0.44 null against the source's 0.40). Without nulls: ``np.lexsort((x, pidx))``."""
    dated = np.lexsort((x, pidx))  # NaN last within each parent
    null = np.isnan(x)
    if not null.any():
        return dated
    order = np.lexsort((np.arange(len(x)), pidx))
    slots = ~null[order]
    order[slots] = dated[~null[dated]]
    return order


def _after_dated(null: NDArray[np.bool_], pidx: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Rows (grouped by parent, in order) with a dated sibling before them: their gap is from it, not from the
    parent's date. Without nulls: every row but each parent's first."""
    dated = (~null).astype(np.int64)
    seen = pl.DataFrame({"g": pidx, "d": dated}).select(pl.col("d").cum_sum().over("g")).to_series().to_numpy()
    return (seen - dated) > 0


def _on_clock(
    x: NDArray[np.float64], kind: str, tod: list[list[float]] | None, weekdays: list[int] | None
) -> NDArray[np.float64]:
    """Dates or date-times as the same units of the source's clock (``warp``'s days, scaled back), where a gap
    between two counts only the hours and weekdays the source holds; as they are without a clock."""
    if tod is None and weekdays is None:
        return x
    unit = day_unit(kind)
    return warp(x, tod, weekdays, unit) * unit


def _off_clock(
    x: NDArray[np.float64], kind: str, tod: list[list[float]] | None, weekdays: list[int] | None
) -> NDArray[np.float64]:
    if tod is None and weekdays is None:
        return x
    unit = day_unit(kind)
    y = unwarp(x / unit, tod, weekdays, unit)
    return np.floor(y + 1e-9) if kind == "date" else y  # a day of the clock (a gap of whole days stays whole)


def _all_date_orders(spec: m.DatasetSpec, table: str) -> list[tuple[str, str, bool]]:
    """``(earlier, later, strict)`` for each pair of ``table``'s columns a ``check`` of nothing but orders holds in
    order, in any form ``spec.bounds`` reads (``a <= b``, ``b >= a``, ``a < b``, a chain ``a <= b AND b <= c``,
    ``BETWEEN``; :func:`_orders`); strict where the check says ``a < b`` (never on one day). One parse of the checks
    for the three readers below."""
    columns = list(spec.tables[table].columns) if table in spec.tables else []
    return [
        (o.low, o.high, o.strict) for con in spec.constraints if con.table == table for o in _orders(con.check, columns)
    ]


def _date_orders(spec: m.DatasetSpec, table: str) -> list[tuple[str, str]]:
    """``(earlier, later)`` of :func:`_all_date_orders`."""
    return [(a, b) for a, b, _ in _all_date_orders(spec, table)]


def _strict_orders(spec: m.DatasetSpec, table: str) -> set[tuple[str, str]]:
    """The pairs of :func:`_all_date_orders` a check holds strictly (``a < b``: never on one day)."""
    return {(a, b) for a, b, strict in _all_date_orders(spec, table) if strict}


def _orders(check: str | None, columns: Sequence[str]) -> list[Order]:
    """The orders between ``columns`` a check holds, where it holds nothing else: a date learned as a distance
    is left out of the draw's checks (``_accept``), so a term beside the order (``a <= b AND n > 0``) would go
    unkept; such a check keeps being met by redrawing the row."""
    return column_orders(check, columns) if check and only_orders(check, columns) else []


def _offsets(
    tm: _TableModel,
    frame: pl.DataFrame,
    learn_frame: pl.DataFrame,
    learn_kinds: dict[str, Kind],
    orders: list[tuple[str, str]],
) -> pl.DataFrame:
    """Dates declared in order with the sequence date (or, in a table without one, the first date of the
    order) learned as their distance from it.

    The sequence date is drawn as gaps between siblings, after the row's other columns, so a
    row constraint that reads it cannot redraw the row (a ship date drawn apart from its order
    date came out before it in 37% of sampled orders). Learned as a non-negative distance
    (days or microseconds), the order holds by construction and the delay keeps its shape. Learned
    as two dates instead, a delay of 0-7 days came out 0-41: the trees see a date's bin, not its day.
    """
    seq = tm.sequence_column
    later = {b for _, b in orders}
    # without a sequence date, an order's first date learned as a date anchors it (ship date after order date),
    # unless the later date is there where the first is not (a distance from nothing would empty it)
    roots = (
        {seq}
        if seq is not None
        else {a for a, _ in orders if a not in later and learn_kinds.get(a) in ("date", "datetime")}
    )
    placed = True
    while placed:  # a chain (created <= first response <= resolved) anchors each date on the one before
        placed = False
        for a, b in orders:
            anchored = {*roots, *tm.offsets}
            other, ref, sign = (b, a, 1) if a in anchored else (a, b, -1) if b in anchored else ("", "", 0)
            kind = tm.kinds.get(other)
            if not other or other in anchored or kind not in ("date", "datetime") or learn_kinds.get(other) != kind:
                continue
            if seq is None and bool((frame.get_column(other).is_not_null() & frame.get_column(ref).is_null()).any()):
                continue
            # a date and a datetime mix (a route's day, then its dispatch time): the distance in the later's unit
            dist = sign * (to_float(frame.get_column(other), kind) - _ref_in(frame, ref, tm.kinds[ref], kind, sign))
            col = pl.Series(other, dist).fill_nan(None)
            learn_frame = learn_frame.with_columns(col.round(0).cast(pl.Int64) if kind == "date" else col)
            learn_kinds[other] = "numeric"
            tm.offsets[other] = (ref, sign)
            placed = True
    return learn_frame


def _siblings_in_order(
    frame: pl.DataFrame,
    tm: _TableModel,
    orders: list[tuple[str, str]],
    strict: Collection[tuple[str, str]],
    stream: Stream,
    start: int,
) -> pl.DataFrame:
    """Two dates of an order both learned as distances from one date (:func:`_offsets`) kept in order: a
    membership's end between its start and its renewal, the end nullable, so the renewal cannot be measured from
    it and both are measured from the start; nothing then holds the end before the renewal, and a check on dates
    placed after the draw is not redrawn (``_accept``). Both distances on one side of one date, the order is one
    between them: a row past it draws its lower date's distance again among the sampled ones that keep it
    (``synth._parent_bounds.keep_bound``); nulls are left."""
    rows = np.arange(start, start + frame.height, dtype=np.int64)
    for a, b in orders:
        if a not in tm.offsets or b not in tm.offsets or tm.offsets[a] != tm.offsets[b]:
            continue  # measured one from the other (in order by construction), or from different dates
        if tm.kinds.get(a) != tm.kinds.get(b):
            continue  # a day and a date-time: distances in different units
        below = tm.offsets[a][1] > 0  # a = ref + d_a <= b = ref + d_b: d_a <= d_b (before ref: d_a >= d_b)
        s = stream.child(tm.name, "sibling order", a, b)
        frame = frame.with_columns(
            keep_bound(frame.get_column(a), frame.get_column(b), below, s, rows, (a, b) in strict)
        )
    return frame


def _ref_in(frame: pl.DataFrame, ref: str, ref_kind: Kind, kind: Kind, sign: int) -> NDArray[np.float64]:
    """The reference date ``ref`` in the unit of a date of ``kind`` ordered after it (``sign`` 1) or before
    it (-1): a day as its midnight in microseconds; a datetime as its day, rounded up for a date after it
    and down for one before, so that the date placed at a non-negative distance keeps the order."""
    x, day = to_float(frame.get_column(ref), ref_kind), 86_400_000_000.0
    if ref_kind == kind:
        return x
    if kind == "datetime":
        return x * day
    return np.ceil(x / day) if sign > 0 else np.floor(x / day)


def _months_rule(rows: int | m.RowsPerParent, tm: _TableModel) -> m.MonthsOfParent | None:
    """The table's ``rows.months`` where its rows are drawn per the parent it names (else None)."""
    if isinstance(rows, m.RowsPerParent) and rows.months is not None and rows.per == tm.parent:
        return rows.months
    return None


def _months_apart(frame: pl.DataFrame, tm: _TableModel, pidx: NDArray[np.int64]) -> pl.DataFrame:
    """The sequence's dates moved apart by calendar months within each parent (``synth._month_apart``), inside
    the range the source's dates span."""
    seq = tm.sequence_column
    assert seq is not None
    x = to_float(frame.get_column(seq), "date")
    if not len(x) or np.isnan(x).all():
        return frame
    seen = [w for w in tm.windows if w.column == seq]
    lo = max(w.min for w in seen) if seen else float(np.nanmin(x))
    hi = min(w.max for w in seen) if seen else float(np.nanmax(x))
    spread = spread_months(x, pidx, lo, hi)
    if tm.month_starts:  # months stay apart when floored: spread_months moved no two into one month
        spread = month_starts(spread)
    moved = from_float(spread, "date", "Date", True)
    return frame.with_columns(moved.cast(frame.schema[seq]).alias(seq))


def _undo_offsets(
    frame: pl.DataFrame, tm: _TableModel, strict: Collection[tuple[str, str]] = frozenset()
) -> pl.DataFrame:
    """Dates learned as distances from the sequence date (:func:`_offsets`) back as dates; a date-time on its
    step (its window's), rounded away from the date it is measured from where the nearest would cross it.
    A pair held in ``strict`` order (``a < b``) is at least a day apart (a date) or a microsecond (a date-time,
    then on its step past it): a distance of 0 would break it."""
    steps = {w.column: w.step for w in tm.windows}
    for other, (ref, sign) in tm.offsets.items():  # in the order placed: a chain's earlier date is back first
        kind = tm.kinds[other]
        base = _ref_in(frame, ref, tm.kinds[ref], kind, sign)
        dist = frame.get_column(other).cast(pl.Float64).fill_null(np.nan).to_numpy()
        apart = float(((ref, other) if sign > 0 else (other, ref)) in strict)
        if apart:
            dist = np.where(dist < 1.0, 1.0, dist)  # nan stays
        value = base + sign * dist
        if kind == "datetime":
            lo, hi = base + apart, base - apart
            value = on_step(value, steps.get(other), lo if sign > 0 else None, hi if sign < 0 else None)
        dtype = "Date" if kind == "date" else "Datetime(time_unit='us', time_zone=None)"
        frame = frame.with_columns(from_float(value, kind, dtype, kind == "date").alias(other))
    return frame


def _kept_inside(
    frame: pl.DataFrame,
    tm: _TableModel,
    rules: list[Inside],
    pidx: NDArray[np.int64],
    out: Mapping[str, pl.DataFrame],
) -> pl.DataFrame:
    """The rows' dates moved inside their parent's laid period (``synth._inside_period``), on the step the
    windows place the column on."""
    assert tm.parent is not None
    for rule in rules:
        step = next((w.step for w in tm.windows if w.column == rule.column and w.step), None)
        frame = keep_inside(frame, rule, pidx, out[tm.parent], step)
    return frame


def _parent_date(s: pl.Series, kind: Kind) -> NDArray[np.float64]:
    if kind == "datetime":
        return to_float(s.cast(pl.Datetime("us")), "datetime")
    return to_float(s.cast(pl.Date), "date")


def _undo_gaps(
    frame: pl.DataFrame,
    tm: _TableModel,
    pidx: NDArray[np.int64],
    parent: pl.DataFrame,
    parent_spec: m.TableSpec,
) -> pl.DataFrame:
    seq = tm.sequence_column
    assert seq is not None
    kind = tm.kinds[seq]
    # a null gap is a null date (a visit whose day was not recorded: fit sorts them last within the parent, so
    # their gaps are null), which moves the dates after it by nothing. Before, it was a gap of 0 and the
    # date's nulls were lost (a visit date null in 40% of rows: none sampled)
    null = frame.get_column(seq).is_null().to_numpy()
    gap = frame.get_column(seq).cast(pl.Float64).fill_null(0.0).to_numpy()
    if tm.min_gap is not None and len(gap):  # a sibling gap the source never has (0 days: two on one day)
        gap = np.where(_after_dated(null, pidx) & (gap < tm.min_gap) & ~null, tm.min_gap, gap)
    if tm.anchor is not None and tm.anchor in parent.columns:
        base = _parent_date(parent.get_column(tm.anchor), kind)[pidx]
    else:
        base = np.full(len(gap), tm.anchor_value)
    base = _on_clock(np.nan_to_num(base, nan=tm.anchor_value), kind, tm.seq_clock, tm.seq_weekdays)
    # running sum of gaps within each parent's group, from the group's first child: the same sums whether the
    # table is drawn whole or in runs of parents (a running sum over the whole table, less its value before
    # the group, rounded differently with the rows before it, and lost microseconds past 2**53)
    offset = pl.DataFrame({"g": pidx, "x": gap}).select(pl.col("x").cum_sum().over("g")).to_series().to_numpy()
    value = _off_clock(
        base + offset, kind, tm.seq_clock, tm.seq_weekdays
    )  # on its step where the windows place it (``apply_windows``)
    dtype = "Date" if kind == "date" else "Datetime(time_unit='us', time_zone=None)"
    dates = from_float(value, kind, dtype, kind == "date").alias(seq)
    if null.any():
        dates = pl.select(pl.when(pl.Series(null)).then(None).otherwise(dates)).to_series().alias(seq)
    return frame.with_columns(dates)


NULL_BY_SHARE = 0.99  # rows whose key is null (or not) as its category's usual side, for the category to decide


def _nulls_by_category(frame: pl.DataFrame, col: str, kinds: Mapping[str, str]) -> tuple[str, dict[str, float]] | None:
    """The learned category of the row (2..20 values) that decides where the key ``col`` is empty, on
    ``NULL_BY_SHARE`` of rows (``author_kind``: a customer's message names no agent), with each value's share
    of nulls; None when none does."""
    null = frame.get_column(col).is_null()
    for c, kind in kinds.items():
        if kind not in ("categorical", "boolean") or c not in frame.columns:
            continue
        v = frame.get_column(c).cast(pl.String)
        if not 2 <= v.n_unique() <= 20:
            continue
        by = pl.DataFrame({"v": v, "n": null}).group_by("v").agg(pl.col("n").mean().alias("s"), pl.len().alias("k"))
        shares = {str(a): float(b) for a, b in zip(by.get_column("v").to_list(), by.get_column("s").to_list())}
        k = by.get_column("k").to_numpy()
        s_ = by.get_column("s").to_numpy()
        usual = float((k * np.maximum(s_, 1 - s_)).sum() / k.sum())
        if usual >= NULL_BY_SHARE and (s_ >= 0.5).any() and (s_ < 0.5).any():
            return c, dict(sorted(shares.items()))
    return None


def _table_json(tm: _TableModel) -> dict[str, Any]:
    return {
        "learned": tm.learned.to_json(),
        "params": tm.learned.params.__dict__,
        "kinds": tm.kinds,
        "context_fk": tm.context_fk,
        "parent": tm.parent,
        "count": tm.count.to_json() if tm.count is not None else None,
        "count_params": tm.count.params.__dict__ if tm.count is not None else None,
        "secondary": {c: {"model": lt.to_json(), "params": lt.params.__dict__} for c, lt in tm.secondary.items()},
        "secondary_null": tm.secondary_null,
        **({"null_by": {c: [by, shares] for c, (by, shares) in tm.null_by.items()}} if tm.null_by else {}),
        "sequence_column": tm.sequence_column,
        "anchor": tm.anchor,
        **({"offsets": {c: [seq, sign] for c, (seq, sign) in tm.offsets.items()}} if tm.offsets else {}),
        "anchor_value": tm.anchor_value,
        **({"seq_clock": tm.seq_clock} if tm.seq_clock is not None else {}),
        **({"seq_weekdays": tm.seq_weekdays} if tm.seq_weekdays is not None else {}),
        **({"min_gap": tm.min_gap} if tm.min_gap is not None else {}),
        **({"months_apart": True} if tm.months_apart else {}),
        **({"month_starts": True} if tm.month_starts else {}),
        "n_rows": tm.n_rows,
        "orphans": tm.orphans,
        "n_lag": tm.n_lag,
        "count_scale": tm.count_scale,
        "reference": tm.reference,
        "ref_counts": tm.ref_counts,
        **({"machine": tm.machine} if tm.machine is not None else {}),
        **({"cap": tm.cap} if tm.cap is not None else {}),
        "date_edges": tm.date_edges,
        "windows": [w.to_json() for w in tm.windows],
        "spans": [sp.to_json() for sp in tm.spans],
        **({"rounds": [rd.to_json() for rd in tm.rounds]} if tm.rounds else {}),
        **({"side": tm.side} if tm.side else {}),
        **({"covers": [c.to_json() for c in tm.covers]} if tm.covers else {}),
        **({"count_side": tm.count_side} if tm.count_side else {}),
        **({"ref_hist": tm.ref_hist} if tm.ref_hist else {}),
        **({"link_totals": {c: v.to_json() for c, v in tm.link_totals.items()}} if tm.link_totals else {}),
        **({"ref_groups": tm.ref_groups} if tm.ref_groups else {}),
        **({"count_candidates": tm.count_candidates} if tm.count_candidates else {}),
        **({"following": [f.to_json() for f in tm.following]} if tm.following else {}),
        **({"inside": [r.to_json() for r in tm.inside]} if tm.inside else {}),
        **({"rate": tm.rate.to_json()} if tm.rate is not None else {}),
    }


def _table_from_json(
    obj: DatasetSynthesizer, t: str, data: Mapping[str, Any], arrays: Mapping[str, NDArray[np.generic]]
) -> _TableModel:
    learned = LearnedTable.from_saved(data["learned"], arrays, f"{t}/rows", TableParams(**data["params"]))
    tm = _TableModel(
        name=t,
        learned=learned,
        kinds=dict(data["kinds"]),
        context_fk=data["context_fk"],
        parent=data["parent"],
        sequence_column=data["sequence_column"],
        anchor=data["anchor"],
        anchor_value=float(data["anchor_value"]),
        seq_clock=data.get("seq_clock"),
        seq_weekdays=data.get("seq_weekdays"),
        min_gap=None if data.get("min_gap") is None else float(data["min_gap"]),
        months_apart=bool(data.get("months_apart", False)),
        month_starts=bool(data.get("month_starts", False)),
        offsets={str(c): (str(v[0]), int(v[1])) for c, v in dict(data.get("offsets") or {}).items()},
        n_rows=int(data["n_rows"]),
        orphans=int(data["orphans"]),
        n_lag=int(data["n_lag"]),
        secondary_null=dict(data["secondary_null"]),
        null_by={str(c): (str(v[0]), dict(v[1])) for c, v in dict(data.get("null_by") or {}).items()},
        count_scale=float(data.get("count_scale", 1.0)),
        reference=data.get("reference"),
        ref_counts=data.get("ref_counts"),
        machine=data.get("machine"),
        cap=data.get("cap"),
        date_edges=[float(v) for v in data.get("date_edges", [])],
        windows=[window_from_json(w) for w in data.get("windows", [])],
        spans=[span_from_json(sp) for sp in data.get("spans", [])],
        rounds=[round_dates_from_json(rd) for rd in data.get("rounds", [])],
        side={str(c): [int(j) for j in cols] for c, cols in dict(data.get("side") or {}).items()},
        covers=[Cover.from_json(c) for c in data.get("covers") or []],
        count_side={str(c): [int(j) for j in cols] for c, cols in dict(data.get("count_side") or {}).items()},
        ref_hist={str(c): [[int(v), int(k)] for v, k in h] for c, h in dict(data.get("ref_hist") or {}).items()},
        link_totals={str(c): LinkTotals.from_json(v) for c, v in dict(data.get("link_totals") or {}).items()},
        count_candidates=[str(c) for c in data.get("count_candidates") or []],
        following=[Following.from_json(f) for f in data.get("following") or []],
        inside=[Inside.from_json(r) for r in data.get("inside") or []],
        rate=PeriodRate.from_json(data["rate"]) if data.get("rate") else None,
        ref_groups={
            str(c): [[int(v) for v in shape] for shape in h] for c, h in dict(data.get("ref_groups") or {}).items()
        },
    )
    if data["count"] is not None:
        tm.count = LearnedTable.from_saved(data["count"], arrays, f"{t}/count", TableParams(**data["count_params"]))
    for c, d in data["secondary"].items():
        tm.secondary[c] = LearnedTable.from_saved(d["model"], arrays, f"{t}/refs/{c}", TableParams(**d["params"]))
    return tm


def _versions() -> dict[str, str]:
    import sklearn

    return {
        "simulacra": __version__,
        "numpy": np.__version__,
        "polars": pl.__version__,
        "scikit-learn": sklearn.__version__,
    }


class _Progress:
    """A rich progress bar over tables on stderr, shown only when asked for and stderr is a terminal."""

    def __init__(self, enabled: bool, total: int, label: str) -> None:
        self.enabled, self.total, self.label = enabled, total, label
        self._p: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self._p = Progress(transient=True, console=Console(stderr=True))
            self._p.start()
            self._task = self._p.add_task(self.label, total=self.total)
        return self

    def advance(self) -> None:
        if self._p is not None:
            self._p.advance(self._task)

    def to(self, completed: int) -> None:
        if self._p is not None:
            self._p.update(self._task, completed=completed)

    def describe(self, text: str) -> None:
        if self._p is not None:
            self._p.update(self._task, description=text)

    def __exit__(self, *exc: object) -> None:
        if self._p is not None:
            self._p.stop()


def _encode_round(s: pl.Series) -> tuple[NDArray[np.int64], bool, Any]:
    """A round column as integers (``(values, shiftable, decode)``): integers as they are, dates as days (both
    may move to a near value), other values as their rank among the column's values."""
    if s.dtype.is_integer():
        dtype = s.dtype
        return s.cast(pl.Int64).fill_null(-1).to_numpy(), True, lambda v: pl.Series(s.name, v).cast(dtype)
    if s.dtype == pl.Date:
        days = s.cast(pl.Int32).cast(pl.Int64).fill_null(0).to_numpy()
        return days, True, lambda v: pl.Series(s.name, v).cast(pl.Int32).cast(pl.Date)
    levels = s.drop_nulls().unique().sort()
    codes = s.rank("dense").cast(pl.Int64).fill_null(0).to_numpy() - 1
    return codes, False, lambda v: levels.gather(pl.Series(np.clip(v, 0, max(len(levels) - 1, 0)))).alias(s.name)
