"""What ``validate`` re-checks for the newer spec features, on the data as written.

Static row counts, exact scenario counts (through the scenario's labels), foreign keys to
filtered and matched parents, self-references within a group and by seniority,
scenario-shared values of unique columns, process events (start, allowed transitions,
step order, times in order, end states) and columns reading ``previous.x`` /
``sibling.position`` (recomputed). A check that cannot run on the data is reported as
failed with the reason, never as passed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.spec.model import ExpressionColumn, ForeignKeyColumn, ProcessColumn, RowsPerParent, ScenarioSpec
from simulacra.spec.plan import Plan, TablePlan
from simulacra.spec.refs import expression, root_names

__all__ = ["feature_findings", "scenario_mask", "shared_columns"]

WithRefs = Callable[[Plan, str, Mapping[str, pl.DataFrame], list[str]], pl.DataFrame]


def _finding(*args: Any, **kw: Any) -> Any:
    # inside the function: the dataset checks import this module at their top (they run its checks)
    from simulacra._dataset_checks import Finding

    return Finding(*args, **kw)


def _first(bad: NDArray[np.bool_]) -> int | None:
    idx = np.flatnonzero(bad)
    return int(idx[0]) if len(idx) else None


def shared_columns(plan: Plan, table: str) -> set[str]:
    """Unique columns some scenario of ``table`` shares (their uniqueness is checked here, with the exception)."""
    return {c for s in plan.spec.scenarios if s.table == table for c in s.shared}


def scenario_mask(df: pl.DataFrame, sc: ScenarioSpec) -> NDArray[np.bool_] | None:
    """Rows of ``df`` carrying every label of scenario ``sc`` (True where each label column equals its value); None
    where the scenario has no labels or ``df`` lacks a label column."""
    if not sc.labels or any(k not in df.columns for k in sc.labels):
        return None
    mask = np.ones(df.height, dtype=bool)
    for k, v in sc.labels.items():
        mask &= df.select((pl.col(k) == pl.lit(v)).fill_null(False)).to_series().to_numpy()
    return mask


def feature_findings(plan: Plan, frames: Mapping[str, pl.DataFrame], with_refs: WithRefs) -> list[Any]:
    out: list[Any] = []
    for tname, tp in plan.tables.items():
        df = frames.get(tname)
        if df is None or any(c not in df.columns for c in tp.spec.columns):
            continue  # reported by the core checks
        n = df.height
        if tp.spec.static and isinstance(tp.spec.rows, int):
            want = tp.spec.rows
            out.append(_finding(tname, f"static table has {want} rows (found {n})", abs(n - want), max(want, n, 1)))
        for cname, c in tp.spec.columns.items():
            if isinstance(c, ForeignKeyColumn) and cname in tp.links:
                out += _fk_findings(plan, frames, tp, cname, c, with_refs)
        out += _sequence_findings(plan, frames, tp, with_refs)
        rows = tp.spec.rows
        if isinstance(rows, RowsPerParent) and rows.process is not None:
            out += _process_findings(plan, frames, tp)
        if isinstance(rows, RowsPerParent) and rows.equals is not None and tp.primary_link is not None:
            if tp.primary_link.table in frames:  # a match's goals: as many as its score says
                out.append(_equal_count_finding(frames[tp.primary_link.table], df, tp.primary_link, rows.equals, tname))
        if isinstance(rows, RowsPerParent) and rows.months is not None and tp.primary_link is not None:
            if tp.primary_link.table in frames:  # a subscription's bills: one per month of its period
                out.append(_months_finding(frames[tp.primary_link.table], df, tp.primary_link, rows.months, tname))
    for sc in plan.spec.scenarios:
        df = frames.get(sc.table)
        if df is None:
            continue
        mask = scenario_mask(df, sc)
        if sc.exact and mask is not None:
            want = sc.count if sc.count is not None else int(round((sc.share or 0.0) * df.height))
            got = int(mask.sum())
            what = f"exactly {sc.count}" if sc.count is not None else f"exactly {sc.share:.2%} ({want})"
            out.append(
                _finding(sc.table, f"scenario '{sc.name}' has {what} rows (found {got})", abs(got - want), max(want, 1))
            )
        for col in sc.shared:
            if col not in df.columns:
                continue
            s = df.get_column(col)
            if mask is None:
                out.append(
                    _finding(
                        sc.table,
                        f"'{col}' unique except scenario '{sc.name}': its rows cannot be found (labels missing)",
                        df.height,
                        df.height,
                        column=col,
                    )
                )
                continue
            others = s.filter(pl.Series(~mask))
            bad = np.zeros(df.height, dtype=bool)
            bad[np.flatnonzero(~mask)] = (others.is_duplicated() & others.is_not_null()).to_numpy()
            out.append(
                _finding(
                    sc.table,
                    f"'{col}' unique (except the rows of scenario '{sc.name}')",
                    int(bad.sum()),
                    df.height,
                    _first(bad),
                    column=col,
                )
            )
            shared = s.filter(pl.Series(mask))
            distinct = shared.drop_nulls().n_unique()
            out.append(
                _finding(
                    sc.table,
                    f"scenario '{sc.name}' rows share one '{col}' (found {distinct} values)",
                    max(distinct - 1, 0),
                    max(len(shared), 1),
                    column=col,
                )
            )
    return out


def _parent_rows(parent: pl.DataFrame, key: str, values: pl.Series) -> NDArray[np.int64]:
    """Row of ``parent`` whose ``key`` equals each value (-1: none or null)."""
    right = parent.select(pl.col(key).alias("__k")).with_row_index("__r").unique("__k", keep="first")
    joined = pl.DataFrame({"__k": values.cast(right.get_column("__k").dtype, strict=False)}).join(
        right, on="__k", how="left", maintain_order="left"
    )
    return joined.get_column("__r").fill_null(-1).cast(pl.Int64).to_numpy()


def _fk_findings(
    plan: Plan, frames: Mapping[str, pl.DataFrame], tp: TablePlan, cname: str, c: ForeignKeyColumn, with_refs: WithRefs
) -> list[Any]:
    lk = tp.links[cname]
    df = frames[tp.name]
    parent = frames.get(lk.table)
    out: list[Any] = []
    if parent is None or lk.key not in parent.columns:
        return out
    s = df.get_column(cname)
    prow = _parent_rows(parent, lk.key, s)
    present = s.is_not_null().to_numpy() & (prow >= 0)
    n = df.height
    if c.where is not None:
        try:
            ok_parent = parent.select(expression(c.where).fill_null(False)).to_series().to_numpy().astype(bool)
            # (no parent row: a chunk of a streamed check whose keys are all null reads none)
            held = ok_parent[np.maximum(prow, 0)] if len(ok_parent) else np.zeros(len(prow), dtype=bool)
            bad = present & ~held
            out.append(
                _finding(
                    tp.name,
                    f"foreign key {cname} -> {lk.table} where {c.where}",
                    int(bad.sum()),
                    n,
                    _first(bad),
                    column=cname,
                )
            )
        except Exception as exc:
            out.append(
                _finding(
                    tp.name, f"foreign key {cname} where {c.where} could not be checked: {exc}", n, n, column=cname
                )
            )
    if c.match:
        try:
            view = with_refs(plan, tp.name, frames, [v for v in c.match.values() if "." in v])
            # some parent row holds the key and every matched value (the key alone may repeat: a composite key)
            names = [f"__m{i}" for i in range(len(c.match) + 1)]
            mine_cols = [s, *(view.get_column(v) for v in c.match.values())]
            theirs_cols = [parent.get_column(k) for k in (lk.key, *c.match)]
            left = pl.DataFrame([x.cast(pl.String).alias(nm) for x, nm in zip(mine_cols, names, strict=True)])
            right = pl.DataFrame([x.cast(pl.String).alias(nm) for x, nm in zip(theirs_cols, names, strict=True)])
            found = left.join(
                right.unique().with_columns(pl.lit(True).alias("__ok")), on=names, how="left", maintain_order="left"
            )
            same = found.get_column("__ok").fill_null(False).to_numpy()
            bad = present & ~same
            pairs = ", ".join(f"{lk.table}.{k} = {v}" for k, v in c.match.items())
            if c.match_share is not None:
                # rows that can agree: a parent the key references holds their matched values
                used = right.filter(pl.col(names[0]).is_in(left.get_column(names[0]).drop_nulls().implode()))
                can = left.join(
                    used.select(names[1:]).unique().with_columns(pl.lit(True).alias("__can")),
                    on=names[1:],
                    how="left",
                    maintain_order="left",
                )
                able = present & can.get_column("__can").fill_null(False).to_numpy()
                out.append(_share_finding(tp.name, cname, pairs, c.match_share, able, same))
            if c.match_else:  # every row agrees on one of the two (a goal's scorer of one of the match's teams)
                alt = with_refs(plan, tp.name, frames, [v for v in c.match_else.values() if "." in v])
                left2 = pl.DataFrame(
                    [s.cast(pl.String).alias(names[0])]
                    + [
                        alt.get_column(c.match_else[k]).cast(pl.String).alias(nm)
                        for k, nm in zip(c.match, names[1:], strict=True)
                    ]
                )
                found2 = left2.join(
                    right.unique().with_columns(pl.lit(True).alias("__ok")),
                    on=names,
                    how="left",
                    maintain_order="left",
                )
                either = same | found2.get_column("__ok").fill_null(False).to_numpy()
                bad = present & ~either
                pairs2 = ", ".join(f"{lk.table}.{k} = {v}" for k, v in c.match_else.items())
                out.append(
                    _finding(
                        tp.name,
                        f"foreign key {cname} matches ({pairs}) or ({pairs2})",
                        int(bad.sum()),
                        n,
                        _first(bad),
                        column=cname,
                    )
                )
                if c.match_count is not None:
                    out.append(_count_finding(plan, frames, tp, cname, c.match_count, pairs, present & same))
            if c.match_share is None and not c.match_else:
                out.append(
                    _finding(
                        tp.name, f"foreign key {cname} matches ({pairs})", int(bad.sum()), n, _first(bad), column=cname
                    )
                )
        except Exception as exc:
            out.append(_finding(tp.name, f"foreign key {cname} match could not be checked: {exc}", n, n, column=cname))
    if lk.self_ref:
        for attr, what in (("within", "same"), ("senior", "greater")):
            col = getattr(c, attr)
            if col is None or col not in df.columns:
                continue
            own = df.get_column(col)
            theirs = own.gather(pl.Series(np.maximum(prow, 0)))
            if what == "same":
                ok = (theirs.cast(pl.String) == own.cast(pl.String)).fill_null(False).to_numpy()
                label = f"self-reference {cname}: same {col}"
            else:
                ok = (theirs.to_physical() > own.to_physical()).fill_null(False).to_numpy()
                label = f"self-reference {cname}: {col} strictly greater than the row's"
            bad = present & ~ok
            out.append(_finding(tp.name, label, int(bad.sum()), n, _first(bad), column=cname))
    return out


def _equal_count_finding(parent: pl.DataFrame, child: pl.DataFrame, lk: Any, expr: str, tname: str) -> Any:
    """Parent rows whose number of children is not ``rows.equals`` of their columns (a match with 3 goals
    whose score says 2); a parent where the expression is null or negative may have any number."""
    from simulacra.generation.counts import counts_equal

    counts = child.group_by(lk.column).agg(pl.len().alias("__n"))
    got = (
        parent.select(pl.col(lk.key))
        .join(counts, left_on=lk.key, right_on=lk.column, how="left", maintain_order="left")
        .get_column("__n")
        .fill_null(0)
        .to_numpy()
        .astype(np.int64)
    )
    what = f"'{tname}' children per {lk.table} row equal {expr}"
    try:
        bad = counts_equal(expr, parent, got) != got
    except Exception as exc:
        return _finding(tname, f"{what} could not be checked: {exc}", parent.height, max(parent.height, 1))
    return _finding(tname, what, int(bad.sum()), parent.height, _first(bad))


def _months_finding(parent: pl.DataFrame, child: pl.DataFrame, lk: Any, rule: Any, tname: str) -> Any:
    """Parent rows whose children are not one per month of the parent's period (``rows.months``): as many as
    its months, each month inside it and once."""
    from simulacra._parent_months import months_not_held

    what = f"'{tname}' children per {lk.table} row one per month of {rule.start}..{rule.end or rule.until}"
    try:
        prow = _parent_rows(parent, lk.key, child.get_column(lk.column))
        bad = months_not_held(rule, parent, prow, child.get_column(rule.column))
    except (ValueError, TypeError, pl.exceptions.PolarsError) as exc:
        return _finding(tname, f"{what} could not be checked: {exc}", parent.height, max(parent.height, 1))
    return _finding(tname, what, int(bad.sum()), parent.height, _first(bad))


def _count_finding(
    plan: Plan, frames: Mapping[str, pl.DataFrame], tp: TablePlan, cname: str, expr: str, pairs: str, agree: Any
) -> Any:
    """A ``match_count``: each parent (the one the rows are made per) has as many rows agreeing on ``match``
    (``agree``) as its ``expr`` says (a match's home goals scored by its home team's players)."""
    lk = tp.primary_link
    label = f"foreign key {cname} matches ({pairs}) on {expr} rows of each parent"
    if lk is None or lk.table not in frames:
        return _finding(tp.name, f"{label} could not be checked: no parent", 1, 1, column=cname)
    parent = frames[lk.table]
    prow = _parent_rows(parent, lk.key, frames[tp.name].get_column(lk.column))
    ok = prow >= 0
    got = np.bincount(prow[ok], weights=np.asarray(agree, dtype=np.float64)[ok], minlength=parent.height)
    try:
        want = parent.select(expression(expr).cast(pl.Float64)).to_series().to_numpy()
    except Exception as exc:
        return _finding(tp.name, f"{label} could not be checked: {exc}", parent.height, parent.height, column=cname)
    bad = np.isfinite(want) & (np.round(got) != np.floor(want))
    return _finding(tp.name, label, int(bad.sum()), max(parent.height, 1), _first(bad), column=cname)


def _share_finding(
    table: str, cname: str, pairs: str, share: float, present: NDArray[np.bool_], same: NDArray[np.bool_]
) -> Any:
    """A ``match_share``: the share of the rows that can agree (``present``: a parent the key references
    holds their values) that do, within four binomial standard errors and two points of the spec's (each row
    agrees by its own draw); the rows past that bound fail."""
    held = int(present.sum())
    got = int((present & same).sum())
    tol = 4 * np.sqrt(share * (1 - share) / max(held, 1)) + 0.02
    off = abs(got / held - share) - tol if held else 0.0
    failed = int(np.ceil(off * held)) if off > 0 else 0
    label = f"foreign key {cname} matches ({pairs}) on {share:.1%} of rows ±{tol:.1%} (found {got / max(held, 1):.1%})"
    return _finding(table, label, failed, max(held, 1), column=cname)


def _sequence_findings(plan: Plan, frames: Mapping[str, pl.DataFrame], tp: TablePlan, with_refs: WithRefs) -> list[Any]:
    """Expression columns reading previous./sibling. recomputed over each parent's rows, in order."""
    from simulacra.generation.sequence import is_sequence_ref, virtual_columns

    out: list[Any] = []
    if not tp.sequence_columns or tp.primary_link is None:
        return out
    df = frames[tp.name]
    n = df.height
    fk = tp.primary_link.column
    group = df.get_column(fk).rank("dense").fill_null(0).to_numpy().astype(np.int64)
    changes = int(np.sum(np.r_[True, group[1:] != group[:-1]])) if n else 0
    contiguous = changes == len(np.unique(group))
    for c in tp.sequence_columns:
        spec = tp.spec.columns[c]
        if not isinstance(spec, ExpressionColumn):
            continue
        if not contiguous:
            out.append(
                _finding(
                    tp.name,
                    f"'{c}' = {spec.expr} could not be checked: rows of a parent are not together",
                    n,
                    n,
                    column=c,
                )
            )
            continue
        try:
            names = root_names(spec.expr)
            view = with_refs(plan, tp.name, frames, [x for x in names if "." in x and not is_sequence_ref(x)])
            view = view.with_columns(
                list(virtual_columns(df, group, [x for x in names if is_sequence_ref(x)]).values())
            )
            want = view.select(expression(spec.expr)).to_series()
            got = df.get_column(c)
            if got.dtype.is_numeric() and want.dtype.is_numeric():
                diff = (got.cast(pl.Float64) - want.cast(pl.Float64)).abs()
                bad = (
                    (diff > 1e-6 * (1 + want.cast(pl.Float64).abs())).fill_null(False)
                    | (got.is_null() != want.is_null())
                ).to_numpy()
            else:
                bad = ~(got.cast(pl.String).eq_missing(want.cast(pl.String))).to_numpy()
            out.append(
                _finding(
                    tp.name,
                    f"'{c}' = {spec.expr} (recomputed over each parent's rows in order)",
                    int(bad.sum()),
                    n,
                    _first(bad),
                    column=c,
                )
            )
        except Exception as exc:
            out.append(_finding(tp.name, f"'{c}' = {spec.expr} could not be checked: {exc}", n, n, column=c))
    return out


def _process_findings(plan: Plan, frames: Mapping[str, pl.DataFrame], tp: TablePlan) -> list[Any]:
    rows = tp.spec.rows
    assert isinstance(rows, RowsPerParent) and rows.process is not None and tp.primary_link is not None
    proc = rows.process
    df = frames[tp.name]
    n = df.height
    fields = {spec.field: c for c, spec in tp.spec.columns.items() if isinstance(spec, ProcessColumn)}
    out: list[Any] = []
    fk = tp.primary_link.column
    if "state" not in fields:
        return out
    allowed: set[tuple[str, str]] = set()
    for states in [proc.states] + [{**proc.states, **v.states} for v in proc.variants.values()]:
        allowed |= {(s, t) for s, st in states.items() for t, p in st.next.items() if p > 0}
    order_col = fields.get("step")
    d = df.with_row_index("__r").with_columns(
        [pl.col(fields[f]).cast(pl.String) for f in ("state", "previous") if f in fields]
    )
    if order_col is not None:
        d = d.sort([fk, order_col], maintain_order=True)
    st = pl.col(fields["state"])
    first = pl.col(fk).ne_missing(pl.col(fk).shift(1)).fill_null(True)
    last = pl.col(fk).ne_missing(pl.col(fk).shift(-1)).fill_null(True)
    k = pl.int_range(pl.len()).over(fk)
    ends = [s for s in proc.states if not proc.states[s].next]
    moves = pl.DataFrame(
        {"__a": [a for a, _ in allowed], "__b": [b for _, b in allowed]}, schema={"__a": pl.String, "__b": pl.String}
    )
    d = d.with_columns(first.alias("__first"), last.alias("__last"), k.alias("__k"), st.shift(1).alias("__prev_state"))
    d = d.join(
        moves.with_columns(pl.lit(True).alias("__ok")),
        left_on=["__prev_state", fields["state"]],
        right_on=["__a", "__b"],
        how="left",
        maintain_order="left",
    )
    first_a = d.get_column("__first").to_numpy()
    firsts = d.filter(pl.col("__first")).get_column("__r").to_list()
    bad_start = int((first_a & (d.get_column(fields["state"]) != proc.start).fill_null(True).to_numpy()).sum())
    bad_move = int((~first_a & d.get_column("__ok").is_null().to_numpy()).sum())
    last_rows = d.filter(pl.col("__last"))
    bad_end = int(
        (
            ~last_rows.get_column(fields["state"]).is_in(ends).fill_null(False).to_numpy()
            & (last_rows.get_column("__k").to_numpy() + 1 < proc.max_steps)
        ).sum()
    )
    times = "at" in fields
    if times:
        tdiff = d.select((pl.col(fields["at"]) < pl.col(fields["at"]).shift(1)).fill_null(False)).to_series().to_numpy()
        bad_time = int((~first_a & tdiff).sum())
    if order_col is not None:
        bad_step = int(
            (d.get_column(order_col).cast(pl.Int64, strict=False) != d.get_column("__k") + 1).fill_null(True).sum()
        )
    if "previous" in fields:
        want_prev = d.select(pl.when(pl.col("__first")).then(None).otherwise(pl.col("__prev_state"))).to_series()
        bad_prev = int((~d.get_column(fields["previous"]).eq_missing(want_prev)).sum())
    parents = max(len(firsts), 1)
    out.append(_finding(tp.name, f"process starts in '{proc.start}'", bad_start, parents, column=fields["state"]))
    out.append(
        _finding(tp.name, "process moves only along declared transitions", bad_move, max(n, 1), column=fields["state"])
    )
    out.append(
        _finding(
            tp.name,
            f"process ends in a state without 'next' (or after {proc.max_steps} steps)",
            bad_end,
            parents,
            column=fields["state"],
        )
    )
    if times:
        out.append(_finding(tp.name, "process event times never go back", bad_time, max(n, 1), column=fields["at"]))
    if order_col is not None:
        out.append(_finding(tp.name, "process steps are 1, 2, ... per parent", bad_step, max(n, 1), column=order_col))
    if "previous" in fields:
        out.append(
            _finding(tp.name, "process 'previous' is the state before", bad_prev, max(n, 1), column=fields["previous"])
        )
    parent = frames.get(tp.primary_link.table)
    if "at" in fields and parent is not None and proc.at in parent.columns and n:
        first_rows = df.gather(firsts)
        prow = _parent_rows(parent, tp.primary_link.key, first_rows.get_column(fk))
        start = parent.get_column(proc.at).gather(pl.Series(np.maximum(prow, 0))).cast(pl.Datetime("us"), strict=False)
        got = first_rows.get_column(fields["at"]).cast(pl.Datetime("us"), strict=False)
        bad = ~(got.eq_missing(start)).to_numpy()
        out.append(
            _finding(
                tp.name, f"process first event at the parent's {proc.at}", int(bad.sum()), parents, column=fields["at"]
            )
        )
    return out
