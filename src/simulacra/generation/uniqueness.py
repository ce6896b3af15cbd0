"""The uniqueness ledger: values that must not repeat, kept unique across a table's chunks.

Values unique by construction (keys that are a function of their row: sequence, uuid, a pattern with
``{seq}``) need nothing. Every other unique column set has a ledger (``simulacra._spill.UniqueLedger``:
a hash and an ordinal per value, spilled past the memory budget, every hash hit verified); a row whose
value an earlier row holds is drawn again, in row order, so the result does not depend on the chunk
size. The redraws are made in batches, a pass per redraw level, and accepted in row order.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.errors import GenerationError, Location
from simulacra.generation.columns import apply_ranks, is_constructive_unique
from simulacra.generation.rows import KEY_GENERATORS, MadeRows, scatter_rows
from simulacra.spec import model as m

if TYPE_CHECKING:
    from simulacra.generation.engine import Engine

__all__ = ["UniquenessLedger", "by_construction", "candidates", "needs_redraws", "no_unique_left", "running_sum_repeat"]


def by_construction(spec: Any, scenario_columns: frozenset[str] = frozenset(), column: str = "") -> bool:
    """Values that depend on the row alone: keys (sequence, uuid, pattern with {seq}) that no regeneration
    attempt and no scenario changes. Anything else (an email, a pattern without {seq}) must be checked."""
    return (
        isinstance(spec, KEY_GENERATORS)
        and is_constructive_unique(spec)
        and spec.null_rate == 0
        and column not in scenario_columns
    )


def needs_redraws(tp: Any, column: str, scenario_columns: frozenset[str] = frozenset()) -> bool:
    """A column (not a foreign key or aggregate) that must be unique on its own but is not by construction:
    generation keeps it in a ledger, learned sampling redraws its repeats; both in row order."""
    spec = tp.spec.columns[column]
    if isinstance(spec, (m.ForeignKeyColumn, m.AggregateColumn)):
        return False
    single = getattr(spec, "unique", False) or tp.spec.key_columns == (column,)
    return bool(single) and not by_construction(spec, scenario_columns, column)


class UniquenessLedger:
    """Which column sets of a table need a ledger (``columns``) and the redraws that keep them unique
    (``enforce``); the ledgers themselves are made by ``Engine.ledger_factory``, one per column set."""

    def __init__(self, engine: Engine) -> None:
        self.e = engine

    def columns(self, t: str) -> list[tuple[str, ...]]:
        """Column sets whose uniqueness is not guaranteed by construction."""
        tp = self.e.plan.tables[t]
        sets: list[tuple[str, ...]] = []
        for c, spec in tp.spec.columns.items():
            single = spec.unique or tp.spec.key_columns == (c,)
            if needs_redraws(tp, c, self._scenario_columns(t)):
                sets.append((c,))
            elif single and isinstance(spec, m.ForeignKeyColumn) and not tp.links[c].primary:
                sets.append((c,))
        comps = [tuple(c.unique) for c in self.e.spec.constraints if c.table == t and c.unique is not None]
        if len(tp.spec.key_columns) > 1:
            comps.append(tp.spec.key_columns)
        for cols in comps:
            if any(self.by_construction(t, x) for x in cols):
                continue
            prim = [x for x in cols if x in tp.links and tp.links[x].primary]
            dist = [
                x
                for x in cols
                if isinstance(fk_spec := tp.spec.columns.get(x), m.ForeignKeyColumn) and fk_spec.distinct
            ]
            if prim and dist:
                continue  # one parent per 'per' row, distinct others: unique by construction
            if len(prim) == 1 and len(cols) == 2 and self.position_in_parent(t, next(x for x in cols if x != prim[0])):
                continue  # (parent, position within the parent): unique by construction
            sets.append(tuple(cols))
        return sets

    def position_in_parent(self, t: str, c: str) -> bool:
        """A column that is the row's 1-based position within its parent (a process's ``step``, an expression
        that is ``sibling.position``), which no regeneration, scenario or null rate changes: beside the parent's
        key it is unique by construction (no ledger: at 10^8 rows one per event would hold 16 bytes a row)."""
        spec = self.e.plan.tables[t].spec.columns.get(c)
        if spec is None or spec.null_rate > 0 or c in self._scenario_columns(t):
            return False
        if isinstance(spec, m.ProcessColumn):
            return spec.field == "step"
        return isinstance(spec, m.ExpressionColumn) and spec.expr.strip() == "sibling.position"

    def by_construction(self, t: str, c: str) -> bool:
        """Values that depend on the row alone: keys (sequence, uuid, pattern with {seq}) that no regeneration
        attempt and no scenario changes. Anything else (an email, a pattern without {seq}) is checked in a ledger."""
        return by_construction(self.e.plan.tables[t].spec.columns.get(c), self._scenario_columns(t), c)

    def _check_sums(
        self,
        t: str,
        rows: NDArray[np.int64],
        frame: pl.DataFrame,
        fk_idx: dict[str, NDArray[np.int64]],
        uniques: list[tuple[str, ...]],
        ledgers: list[Any],
        sums: set[str],
        values: Any,
    ) -> None:
        """After the running sums were made again over redrawn rows: the unique sets and row checks that read them
        must still hold (else the repeat is refused, as before the sums could be made again)."""
        keys, present = values(frame)
        for cols, ks, pm, led in zip(uniques, keys, present, ledgers):
            if not set(cols) & sums:
                continue
            ok = np.ones(len(ks), dtype=bool)
            if pm.any():
                ok[pm] = ~led.find(frame.select(list(cols)).filter(pl.Series(pm)), [k for k, p in zip(ks, pm) if p])
            seen: set[Any] = set()
            for i, (k, p) in enumerate(zip(ks, pm)):
                if p:
                    ok[i] &= k not in seen
                    seen.add(k)
            if not ok.all():
                raise running_sum_repeat(t, cols[0], int(rows[_first_bad(ok)]))
        checks = [rc for rc in self.e._rowchecks[t] if set(rc.names()) & sums]
        if checks:
            ok = self.e.maker.check_frame(t, frame, fk_idx, checks)
            if not ok.all():
                raise running_sum_repeat(t, next(iter(sorted(sums))), int(rows[_first_bad(ok)]))

    def _all_new(
        self, t: str, frame: pl.DataFrame, uniques: list[tuple[str, ...]], ledgers: list[Any], scen: NDArray[np.int64]
    ) -> bool:
        """The usual case, found without a Python step per row: no value repeats within the chunk or an earlier
        chunk's, and the ledgers now hold the chunk's values. Only for column types whose equality in polars is
        Python's (no floats: 0.0 and -0.0, NaN); False (nothing added) when a value may repeat or a type is other."""
        parts = []
        for cols in uniques:
            if not all(isinstance(frame.schema[c], _EXACT) for c in cols):
                return False
            keep = ~frame.select(pl.any_horizontal(pl.col(list(cols)).is_null())).to_series().to_numpy()
            exempt = self.e.features.exempt_rows(t, cols, scen)
            if exempt is not None:
                keep &= ~exempt
            part = frame.select(list(cols)).filter(pl.Series(keep))
            if part.is_duplicated().any():
                return False
            parts.append(part)
        for part, led in zip(parts, ledgers):
            if led.find(part, _RowKeys(part)).any():
                return False
        for part, led in zip(parts, ledgers):
            led.add(part)
        return True

    def _scenario_columns(self, t: str) -> frozenset[str]:
        return frozenset(c for sc in self.e._scenarios[t] for c in sc.columns)

    def enforce(
        self, t: str, rows: NDArray[np.int64], made: MadeRows, uniques: list[tuple[str, ...]], ledgers: list[Any]
    ) -> pl.DataFrame:
        """Redraw rows whose values repeat an earlier row's, in row order (chunk-size independent).

        ``ledgers`` hold the values of earlier chunks (exact; see ``simulacra._spill``); within the chunk a
        Python set holds the rows accepted so far, so memory beyond the ledgers is bounded by the chunk."""
        frame, fk_idx, scen, primary = made
        tp = self.e.plan.tables[t]
        redraw = tp.derived_from({c for cols in uniques for c in cols}) - tp.after_aggregates
        sums = self.e.maker.running_closure(t)
        feeds_sums = bool(redraw & sums)
        redraw -= {c for c, s in tp.spec.columns.items() if isinstance(s, (m.AggregateColumn, m.RunningSumColumn))}
        # A redraw of a column a running sum reads (its amount, its order) is kept when the rows hold whole parent
        # groups: the sums are made again afterwards, and the unique sets and row checks that read them are checked
        # again on the new sums (a failure is refused); without a parent the repeat is refused.
        resum = feeds_sums and primary is not None

        def values(f: pl.DataFrame) -> tuple[list[list[Any]], list[NDArray[np.bool_]]]:
            """Each column set's tuples per row ((None,) when exempt) and which rows take part (no null)."""
            ks = [list(zip(*(f.get_column(c).to_list() for c in cols))) for cols in uniques]
            ks = [self.e.features.exempt_shared(t, cols, k, scen) for cols, k in zip(uniques, ks)]
            return ks, [np.fromiter((None not in k for k in kk), dtype=bool, count=len(kk)) for kk in ks]

        def part(f: pl.DataFrame, cols: tuple[str, ...], mask: NDArray[np.bool_]) -> pl.DataFrame:
            return f.select(list(cols)).filter(pl.Series(mask))

        if self._all_new(t, frame, uniques, ledgers, scen):
            return frame
        keys, present = values(frame)
        before = []  # per column set: the rows whose value an earlier chunk has
        for cols, ks, pm, led in zip(uniques, keys, present, ledgers):
            hit = np.zeros(len(ks), dtype=bool)
            hit[pm] = led.find(part(frame, cols, pm), [k for k, p in zip(ks, pm) if p])
            before.append(hit)
        if all(
            not b.any() and len(set(k for k, p in zip(ks, pm) if p)) == int(pm.sum())
            for b, ks, pm in zip(before, keys, present)
        ):
            for cols, pm, led in zip(uniques, present, ledgers):  # the usual case: nothing repeats, no row-by-row pass
                led.add(part(frame, cols, pm))
            return frame
        checks = [
            rc
            for rc in self.e._rowchecks[t]
            if not (
                set(rc.names())
                & (tp.after_aggregates | {c for c, s in tp.spec.columns.items() if isinstance(s, m.AggregateColumn)})
            )
        ]
        # Redraws in batches: a row's candidate at redraw level L is a function of the row and its attempt
        # alone, so the candidates of many rows are made in one pass, checked against the row checks and
        # the earlier chunks' ledgers at once; the scan below then accepts, in row order, each row's first
        # candidate no earlier row of the chunk holds: the values of a row-by-row redraw, in a few passes.
        levels = range(self.e.max_attempts + 1, 2 * self.e.max_attempts + 50)
        cands: list[dict[int, tuple[int, int]]] = [{} for _ in levels]  # level -> row position -> (batch, index)
        batches: list[tuple[NDArray[np.int64], pl.DataFrame, dict[str, NDArray[np.int64]], list[list[Any]], Any]] = []
        batch_attempt: list[int] = []  # per batch: the attempt its candidates were made at
        stats = self.e.stats.redraws.setdefault(t, {"passes": 0, "rows": 0, "candidates": 0, "levels": 0})

        def make_batch(lvl: int, pos: NDArray[np.int64]) -> int:
            """Candidates at ``lvl`` for the rows at ``pos`` (one pass), refused (``ok`` false) where a row check
            fails or an earlier chunk holds the value; returns the batch's index."""
            sub, sub_fk, ok = candidates(
                self.e.maker, t, pos, rows, levels[lvl], scen, primary, frame, fk_idx, redraw, checks
            )
            sub_keys = [list(zip(*(sub.get_column(c).to_list() for c in cols))) for cols in uniques]
            for cols, nks, led in zip(uniques, sub_keys, ledgers):
                pm = np.fromiter((None not in nk for nk in nks), dtype=bool, count=len(nks))
                if pm.any():
                    view = sub.select([sub.get_column(c).cast(frame.schema[c], strict=False) for c in cols])
                    hit = np.zeros(len(nks), dtype=bool)
                    hit[pm] = led.find(view.filter(pl.Series(pm)), [nk for nk, p in zip(nks, pm) if p])
                    ok &= ~hit
            bi = len(batches)
            batches.append((pos, sub, sub_fk, sub_keys, ok))
            batch_attempt.append(levels[lvl])
            for j, p in enumerate(pos):
                cands[lvl][int(p)] = (bi, j)
            stats["passes"] += 1
            stats["candidates"] += len(pos)
            return bi

        scan = _scan_one if len(uniques) == 1 else _scan_all  # one column set: only the rows that repeat are visited
        refuse = feeds_sums and not resum  # a redrawn value would change its group's running sums
        chosen = scan(t, rows, uniques, keys, before, cands, batches, make_batch, refuse, self.e.max_attempts, stats)
        attempts = np.zeros(len(rows), dtype=np.int64)
        for (pos, sub, sub_fk, _, _), idx, at in zip(batches, chosen, batch_attempt):
            if not idx:
                continue
            take = np.array(idx, dtype=np.int64)
            frame = scatter_rows(frame, pos[take], sub[take].select(frame.columns))
            for k, v in sub_fk.items():
                fk_idx[k][pos[take]] = v[take]
            attempts[pos[take]] = at
        if resum and any(chosen):  # the groups' running sums over the values kept
            frame = self.e.maker.recompute(t, rows, frame, fk_idx, scen, primary, attempts, sums)
            self._check_sums(t, rows, frame, fk_idx, uniques, ledgers, sums, values)
        _, present = values(frame)  # the rows as they are now: what the ledgers remember
        for cols, pm, led in zip(uniques, present, ledgers):
            led.add(part(frame, cols, pm))
        cols_spec = self.e.plan.tables[t].spec.columns
        if primary is not None and any(isinstance(s, m.RankColumn) for s in cols_spec.values()):
            frame = apply_ranks(frame, cols_spec, primary, self.e.maker.filler(t, fk_idx).parent)  # ranks made again
        return frame


#: column types whose equality in polars (``is_duplicated``) is Python's equality of the values ``to_list`` gives
_EXACT = (
    pl.Int8,
    pl.Int16,
    pl.Int32,
    pl.Int64,
    pl.UInt8,
    pl.UInt16,
    pl.UInt32,
    pl.UInt64,
    pl.String,
    pl.Boolean,
    pl.Date,
    pl.Datetime,
    pl.Duration,
    pl.Time,
    pl.Categorical,
    pl.Enum,
)


class _RowKeys(Sequence[tuple[Any, ...]]):
    """A frame's rows as Python tuples, made when read (a ledger reads only the rows its hashes hit)."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame

    def __len__(self) -> int:
        return self.frame.height

    @overload
    def __getitem__(self, i: int) -> tuple[Any, ...]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[tuple[Any, ...]]: ...
    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return list(zip(*(self.frame[i].get_column(c).to_list() for c in self.frame.columns)))
        return self.frame.row(int(i))

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(zip(*(self.frame.get_column(c).to_list() for c in self.frame.columns)))


def _first_bad(ok: NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(~ok)[0])


_Batch = tuple[NDArray[np.int64], pl.DataFrame, dict[str, NDArray[np.int64]], list[list[Any]], Any]


def _accept(chosen: list[list[int]], n_batches: int, bi: int, j: int, lvl: int, stats: dict[str, int]) -> None:
    while len(chosen) < n_batches:
        chosen.append([])
    chosen[bi].append(j)
    stats["rows"] += 1
    stats["levels"] = max(stats["levels"], lvl + 1)


def _scan_one(
    t: str,
    rows: NDArray[np.int64],
    uniques: list[tuple[str, ...]],
    keys: list[list[Any]],
    before: list[NDArray[np.bool_]],
    cands: list[dict[int, tuple[int, int]]],
    batches: list[_Batch],
    make_batch: Callable[[int, NDArray[np.int64]], int],
    refuse: bool,
    max_attempts: int,
    stats: dict[str, int],
) -> list[list[int]]:
    """The row-order scan of ``_scan_all`` for one column set, visiting only the rows that are redrawn.

    A row keeps its value when no earlier chunk holds it, it is the value's first row in the chunk, and no
    earlier row's redraw took it; a value ``v`` is therefore taken at row ``p`` when a redraw before ``p`` took it
    or its first row (``owner[v]``) is before ``p``. The rows redrawn are visited in row order (a heap: a redraw
    that takes a later row's value sends that row to a redraw too), each accepting its first candidate that
    passes the checks and is not taken: the values of the row-by-row scan, without a Python step per row."""
    ks, hit = keys[0], before[0]
    owner: dict[
        Any, int
    ] = {}  # value -> the first row of the chunk holding it (its value kept unless a redraw took it)
    pending: list[int] = []  # rows to redraw, a heap in row order
    for i, k in enumerate(ks):
        if None in k:
            continue
        if hit[i] or k in owner:
            pending.append(i)
        else:
            owner[k] = i
    if not pending:
        return []
    if refuse:
        raise running_sum_repeat(t, uniques[0][0], int(rows[pending[0]]))
    heapq.heapify(pending)
    drawn: set[Any] = set()  # values redraws took
    maybe: set[int] = set()  # rows whose value some candidate holds: likely redrawn, their candidates made early
    chosen: list[list[int]] = []
    n_levels = len(cands)

    claims = Counter(k for k in ks if None not in k)  # rows and candidates holding a value

    def made(lvl: int, i: int) -> tuple[int, int]:
        """Row ``i``'s candidate at ``lvl``, made in one pass with those of the later rows likely to need one."""
        if i not in cands[lvl]:
            if lvl == 0:
                later = set(pending) | maybe
            else:  # the later rows whose candidate at the level before will likely be refused
                later = {p for p in cands[lvl - 1] if p > i and refused(lvl - 1, p)}
            pos = np.array(sorted({i} | {p for p in later if p > i and p not in cands[lvl]}), dtype=np.int64)
            for nk in batches[make_batch(lvl, pos)][3][0]:
                if None in nk:
                    continue
                q = owner.get(nk)
                if q is not None and q > i:
                    maybe.add(q)
                claims[nk] += 1
        return cands[lvl][i]

    def refused(lvl: int, p: int) -> bool:
        bi, j = cands[lvl][p]
        nk = batches[bi][3][0][j]
        return not batches[bi][4][j] or (None not in nk and claims[nk] > 1)

    while pending:
        i = heapq.heappop(pending)
        maybe.discard(i)
        for lvl in range(n_levels):
            bi, j = made(lvl, i)
            _, _, _, sub_keys, ok = batches[bi]
            nk = sub_keys[0][j]
            if not ok[j]:
                continue
            if None in nk:
                _accept(chosen, len(batches), bi, j, lvl, stats)
                break
            q = owner.get(nk, i)
            if nk in drawn or q < i:
                continue
            drawn.add(nk)
            if q > i:  # a later row's value: that row is redrawn in its turn
                heapq.heappush(pending, q)
            _accept(chosen, len(batches), bi, j, lvl, stats)
            break
        else:
            raise no_unique_left(t, uniques[0], max_attempts + 50, int(rows[i]))
    return chosen


def _scan_all(
    t: str,
    rows: NDArray[np.int64],
    uniques: list[tuple[str, ...]],
    keys: list[list[Any]],
    before: list[NDArray[np.bool_]],
    cands: list[dict[int, tuple[int, int]]],
    batches: list[_Batch],
    make_batch: Callable[[int, NDArray[np.int64]], int],
    refuse: bool,
    max_attempts: int,
    stats: dict[str, int],
) -> list[list[int]]:
    """Accept, in row order, each row's value or else its first candidate that passes the checks and that no
    earlier row of the chunk holds (any number of column sets): the indexes accepted, per batch."""
    taken: list[set[Any]] = [set() for _ in uniques]  # values of this chunk's rows accepted so far
    flagged = np.zeros(len(rows), dtype=bool)  # rows that may need a redraw: their first value is seen before
    raw_at: list[dict[Any, list[int]]] = [{} for _ in uniques]  # per column set: value -> rows holding it
    for i in range(len(rows)):
        for rk, b, ra in zip((k[i] for k in keys), before, raw_at):
            if any(v is None for v in rk):
                continue
            if b[i] or rk in ra:
                flagged[i] = True
            ra.setdefault(rk, []).append(i)
    claims = [Counter({k: len(v) for k, v in ra.items()}) for ra in raw_at]  # rows and candidates holding a value

    def refused(lvl: int, p: int) -> bool:
        """Row ``p``'s candidate at ``lvl`` fails a check, is in a ledger, or another row or candidate has it."""
        bi, j = cands[lvl][p]
        _, _, _, sub_keys, ok = batches[bi]
        return not ok[j] or any(
            claims[u][nks[j]] > 1 for u, nks in enumerate(sub_keys) if not any(v is None for v in nks[j])
        )

    def make_level(lvl: int, i: int) -> None:
        """Candidates at ``lvl`` for row ``i`` and the later rows that may need them (one pass)."""
        if lvl == 0:
            later = np.flatnonzero(flagged)
        else:  # the later rows whose candidate at the level before will likely be refused
            later = np.array(
                sorted(p for p in cands[lvl - 1] if p > i and p not in cands[lvl] and refused(lvl - 1, p)),
                dtype=np.int64,
            )
        pos = np.unique(np.concatenate([np.array([i], dtype=np.int64), later[later > i]]))
        pos = pos[[int(p) not in cands[lvl] for p in pos]]
        sub_keys = batches[make_batch(lvl, pos)][3]
        # later rows whose first value a candidate takes: their redraws join the next batch
        for j in range(len(pos)):
            for nks, cl, ra in zip(sub_keys, claims, raw_at):
                nk = nks[j]
                if any(v is None for v in nk):
                    continue
                if nk in ra:
                    for q in ra[nk]:
                        if q > i:
                            flagged[q] = True
                cl[nk] += 1

    chosen: list[list[int]] = []  # per batch: indexes accepted
    for i in range(len(rows)):
        row_keys = [k[i] for k in keys]
        if all(any(v is None for v in rk) or (not b[i] and rk not in tk) for rk, b, tk in zip(row_keys, before, taken)):
            for rk, tk in zip(row_keys, taken):
                if not any(v is None for v in rk):
                    tk.add(rk)
            continue
        if refuse:
            raise running_sum_repeat(t, uniques[0][0], int(rows[i]))
        for lvl in range(len(cands)):
            if i not in cands[lvl]:
                make_level(lvl, i)
            bi, j = cands[lvl][i]
            _, _, _, sub_keys, ok = batches[bi]
            if not ok[j]:
                continue
            new_keys = [nks[j] for nks in sub_keys]
            if all(any(v is None for v in nk) or nk not in tk for nk, tk in zip(new_keys, taken)):
                _accept(chosen, len(batches), bi, j, lvl, stats)
                for nk, tk in zip(new_keys, taken):
                    if not any(v is None for v in nk):
                        tk.add(nk)
                break
        else:
            raise no_unique_left(t, uniques[0], max_attempts + 50, int(rows[i]))
    return chosen


def running_sum_repeat(table: str, column: str, row: int) -> GenerationError:
    """The error for a repeated unique value that a running sum reads (no redraw may change the balances)."""
    return GenerationError(
        f"row {row} repeats a unique value and a running sum reads the column; redrawing "
        "it would change the balances of its group: make the column unique by construction "
        "(sequence, uuid, pattern with {seq})",
        location=Location(table=table, column=column),
    )


def no_unique_left(table: str, columns: Sequence[str], attempts: int, row: int) -> GenerationError:
    """The error when every redraw of a repeated unique value was taken."""
    return GenerationError(
        f"cannot make unique values for ({', '.join(columns)}) after {attempts} attempts at row {row}; "
        "the generator has too few distinct values for this many rows",
        location=Location(table=table, column=columns[0]),
    )


def candidates(
    maker: Any,
    table: str,
    pos: NDArray[np.int64],
    rows: NDArray[np.int64],
    level: Any,
    scen: Any,
    primary: Any,
    frame: pl.DataFrame,
    fk_idx: dict[str, Any],
    redraw: Any,
    checks: Any,
) -> tuple[pl.DataFrame, Any, NDArray[np.bool_]]:
    """New values of the ``redraw`` columns for the rows at ``pos`` (one level of redraws), and which of
    them pass the table's row checks."""
    sub, sub_fk = maker.rows_pass(
        table,
        rows[pos],
        level,
        scen[pos],
        None if primary is None else primary[pos],
        base=frame[pos],
        base_fk={k: v[pos] for k, v in fk_idx.items()},
        only=redraw,
    )
    ok = maker.check_frame(table, sub, sub_fk, checks) if checks else np.ones(len(pos), dtype=bool)
    return sub, sub_fk, ok
